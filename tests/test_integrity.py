"""Keys and cascades: global memory_id uniqueness across partitions (also
under concurrent writers), every ON DELETE rule of the seed, the generated
text_content, and the one-state-per-agent rule."""

import json
import re
import threading

import psycopg
import pytest

from helpers import (add_access_log, add_embedding, add_memory, add_relationship, add_session, add_tag, count,
                     partition_of, wait_for_lock_wait)


# --- global uniqueness of memory_id ------------------------------------------

def test_memory_id_is_unique_across_partitions(db):
    add_memory(db, "dup", created_at="2001-01-01T00:00:00Z")   # default partition
    with pytest.raises(psycopg.errors.UniqueViolation):
        add_memory(db, "dup")                                   # this month's partition
    assert count(db, "SELECT count(*) FROM memory_store.memory_entries WHERE memory_id = 'dup'") == 1


def test_a_second_writer_of_the_same_id_waits_and_then_fails(connect):
    first, second, observer = connect(), connect(), connect(autocommit=True)
    add_memory(first, "raced", created_at="2001-01-01T00:00:00Z")   # open transaction, not committed
    outcome = {}

    def insert_second():
        try:
            add_memory(second, "raced")      # another partition: only the registry can see the clash
            second.commit()
            outcome["second"] = "committed"
        except psycopg.errors.UniqueViolation:
            second.rollback()
            outcome["second"] = "unique_violation"

    thread = threading.Thread(target=insert_second)
    thread.start()
    # The second insert waits for the first transaction's lock (observed, not timed).
    wait_for_lock_wait(observer, second.info.backend_pid, blocker=first.info.backend_pid)
    assert outcome == {}, "the second insert must not finish while the first is open"
    first.commit()
    thread.join(timeout=60)  # a hang guard only
    assert not thread.is_alive()
    assert outcome == {"second": "unique_violation"}


def test_a_second_writer_takes_the_id_when_the_first_rolls_back(connect):
    first, second, observer = connect(), connect(), connect(autocommit=True)
    add_memory(first, "released", created_at="2001-01-01T00:00:00Z")
    thread = threading.Thread(target=lambda: (add_memory(second, "released"), second.commit()))
    thread.start()
    wait_for_lock_wait(observer, second.info.backend_pid, blocker=first.info.backend_pid)
    first.rollback()
    thread.join(timeout=60)  # a hang guard only
    assert not thread.is_alive()
    assert count(observer, "SELECT count(*) FROM memory_store.memory_entries WHERE memory_id = 'released'") == 1
    assert partition_of(observer, "memory_store.memory_entries", "memory_id = 'released'") != \
        "memory_store.memory_entries_default", "the two writers aimed at two partitions"


def test_concurrent_writers_of_one_id_leave_exactly_one_memory(db, connect):
    writers = 8
    # Every writer a different month, each with its own monthly partition, so
    # that only the registry can see the clash. The partitions exist before
    # the race (created here when the month is not yet there), and each date
    # is shown to route to its own partition, none the DEFAULT one.
    months = [f"2031-{month:02d}-01" for month in range(1, writers + 1)]
    for month in months:
        db.execute("SELECT memory_store.create_monthly_partition('memory_store.memory_entries', %s::date)", (month,))
    dates = [f"{month[:8]}15T00:00:00Z" for month in months]
    with db.transaction(force_rollback=True):
        routed = [count(db, "INSERT INTO memory_store.memory_entries (memory_id, memory_type, content, created_at) "
                            "VALUES (%s, 'context', '{}', %s) RETURNING tableoid::regclass::text", f"probe-{i}", date)
                  for i, date in enumerate(dates)]
    assert len(set(routed)) == writers and "memory_store.memory_entries_default" not in routed, routed

    barrier = threading.Barrier(writers)
    results = []
    connections = [connect() for _ in range(writers)]

    def write(index, conn):
        barrier.wait()
        try:
            add_memory(conn, "contended", created_at=dates[index], text=f"writer {index}")
            conn.commit()
            results.append(index)
        except psycopg.errors.UniqueViolation:
            conn.rollback()
            results.append("unique_violation")

    threads = [threading.Thread(target=write, args=(i, c)) for i, c in enumerate(connections)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)  # a hang guard only
    assert not any(thread.is_alive() for thread in threads)
    (winner,) = [r for r in results if r != "unique_violation"]
    assert results.count("unique_violation") == writers - 1
    assert count(db, "SELECT count(*) FROM memory_store.memory_entries WHERE memory_id = 'contended'") == 1
    assert count(db, "SELECT count(*) FROM memory_store.memory_registry WHERE memory_id = 'contended'") == 1
    # The one row is the winner's, in the partition of the winner's month.
    assert count(db, "SELECT content->>'text' FROM memory_store.memory_entries WHERE memory_id = 'contended'") == \
        f"writer {winner}"
    assert partition_of(db, "memory_store.memory_entries", "memory_id = 'contended'") == routed[winner]


@pytest.mark.parametrize("assignment", ["memory_id = 'moved'", "created_at = '2001-01-01T00:00:00Z'"])
def test_memory_id_and_created_at_are_immutable(db, assignment):
    add_memory(db, "fixed")
    add_tag(db, "fixed", "t")
    with pytest.raises(psycopg.errors.FeatureNotSupported):
        db.execute(f"UPDATE memory_store.memory_entries SET {assignment} WHERE memory_id = 'fixed'")
    db.execute("UPDATE memory_store.memory_entries SET priority = 9 WHERE memory_id = 'fixed'")
    assert count(db, "SELECT count(*) FROM memory_store.memory_tags WHERE memory_id = 'fixed'") == 1


def test_a_child_row_needs_an_existing_memory(db):
    with pytest.raises(psycopg.errors.ForeignKeyViolation):
        add_tag(db, "nobody", "t")
    with pytest.raises(psycopg.errors.ForeignKeyViolation):
        add_embedding(db, "nobody")
    with pytest.raises(psycopg.errors.ForeignKeyViolation):
        add_memory(db, "orphan", session_id="no-such-session")


# --- ON DELETE rules ------------------------------------------------------------

@pytest.fixture
def graph(db):
    """Session s1 with memories a, b (a -> b), tags, embeddings, logs and agent states."""
    add_session(db, "s1")
    add_session(db, "s2")
    add_memory(db, "a", session_id="s1")
    add_memory(db, "b", session_id="s1", created_at="2001-01-01T00:00:00Z")
    add_memory(db, "c", session_id="s2")
    for memory_id in ("a", "b", "c"):
        add_tag(db, memory_id, "tag")
        add_embedding(db, memory_id)
        add_access_log(db, memory_id=memory_id, session_id="s1" if memory_id != "c" else "s2")
    add_relationship(db, "a", "b")
    add_relationship(db, "c", "a")
    db.execute("INSERT INTO memory_store.agent_states (agent_id, session_id, state_data) VALUES "
               "('agent', 's1', '{}'), ('other', 's1', '{}')")
    return db


def test_deleting_a_memory_cascades_to_tags_embeddings_relationships_and_nulls_logs(graph):
    graph.execute("DELETE FROM memory_store.memory_entries WHERE memory_id = 'a'")
    assert count(graph, "SELECT count(*) FROM memory_store.memory_registry WHERE memory_id = 'a'") == 0
    assert count(graph, "SELECT count(*) FROM memory_store.memory_tags WHERE memory_id = 'a'") == 0
    assert count(graph, "SELECT count(*) FROM memory_store.vector_embeddings WHERE memory_id = 'a'") == 0
    # Both directions: a -> b and c -> a are gone.
    assert count(graph, "SELECT count(*) FROM memory_store.memory_relationships") == 0
    assert count(graph, "SELECT count(*) FROM memory_store.memory_access_logs WHERE memory_id IS NULL") == 1
    assert count(graph, "SELECT count(*) FROM memory_store.memory_access_logs") == 3
    # Untouched neighbours.
    assert count(graph, "SELECT count(*) FROM memory_store.memory_tags") == 2
    # The id is free again.
    add_memory(graph, "a")


def test_deleting_a_registry_row_deletes_the_memory_too(graph):
    graph.execute("DELETE FROM memory_store.memory_registry WHERE memory_id = 'b'")
    assert count(graph, "SELECT count(*) FROM memory_store.memory_entries WHERE memory_id = 'b'") == 0
    assert count(graph, "SELECT count(*) FROM memory_store.memory_tags WHERE memory_id = 'b'") == 0


def test_deleting_a_session_cascades_to_its_memories_and_their_children(graph):
    graph.execute("DELETE FROM memory_store.sessions WHERE session_id = 's1'")
    assert count(graph, "SELECT count(*) FROM memory_store.memory_entries") == 1
    assert count(graph, "SELECT count(*) FROM memory_store.memory_registry") == 1
    assert count(graph, "SELECT count(*) FROM memory_store.memory_tags") == 1
    assert count(graph, "SELECT count(*) FROM memory_store.vector_embeddings") == 1
    assert count(graph, "SELECT count(*) FROM memory_store.memory_relationships") == 0
    # Access logs survive with session_id (and the deleted memories) set to NULL.
    assert count(graph, "SELECT count(*) FROM memory_store.memory_access_logs") == 3
    assert count(graph, "SELECT count(*) FROM memory_store.memory_access_logs WHERE session_id IS NULL") == 2
    # Agent states survive as global states (ON DELETE SET NULL).
    assert graph.execute("SELECT array_agg(agent_id ORDER BY agent_id) FROM memory_store.agent_states "
                         "WHERE session_id IS NULL").fetchone()[0] == ["agent", "other"]


@pytest.mark.parametrize("global_is_newer, surviving", [(True, {"from": "global"}), (False, {"from": "session"})])
def test_a_deleted_sessions_state_and_an_existing_global_state_merge_into_one(db, global_is_newer, surviving):
    add_session(db, "s1")  # user u1: the global state is one per agent and user (change tenancy_columns)
    older, newer = "now() - interval '1 hour'", "now()"
    db.execute("INSERT INTO memory_store.agent_states (agent_id, session_id, user_id, state_data, updated_at) VALUES "
               f"('agent', NULL, 'u1', '{{\"from\": \"global\"}}', {newer if global_is_newer else older}), "
               f"('agent', 's1', NULL, '{{\"from\": \"session\"}}', {older if global_is_newer else newer})")
    db.execute("DELETE FROM memory_store.sessions WHERE session_id = 's1'")
    rows = db.execute("SELECT session_id, state_data FROM memory_store.agent_states WHERE agent_id = 'agent'"
                      ).fetchall()
    assert rows == [(None, surviving)]


# --- agent_states and other unique rules -----------------------------------------

def test_one_global_state_per_agent(db):
    db.execute("INSERT INTO memory_store.agent_states (agent_id, state_data) VALUES ('agent', '{}')")
    with pytest.raises(psycopg.errors.UniqueViolation):
        db.execute("INSERT INTO memory_store.agent_states (agent_id, state_data) VALUES ('agent', '{}')")
    add_session(db, "s1")
    db.execute("INSERT INTO memory_store.agent_states (agent_id, session_id, state_data) VALUES ('agent', 's1', '{}')")
    with pytest.raises(psycopg.errors.UniqueViolation):
        db.execute("INSERT INTO memory_store.agent_states (agent_id, session_id, state_data) "
                   "VALUES ('agent', 's1', '{}')")


@pytest.mark.parametrize("statement", [
    "INSERT INTO memory_store.memory_tags (memory_id, tag) VALUES ('m', 'same')",
    "INSERT INTO memory_store.memory_relationships (source_memory_id, target_memory_id, relationship_type) "
    "VALUES ('m', 'n', 'reply_to')",
    "INSERT INTO memory_store.vector_embeddings (memory_id, embedding, embedding_model) "
    "SELECT 'm', array_fill(0.1::real, ARRAY[1536])::extensions.vector, 'model'",
])
def test_seed_unique_constraints_hold(db, statement):
    add_memory(db, "m")
    add_memory(db, "n")
    db.execute(statement)
    with pytest.raises(psycopg.errors.UniqueViolation):
        db.execute(statement)


@pytest.mark.parametrize("priority", [0, 11, -5])
def test_priority_outside_1_to_10_is_rejected(db, priority):
    with pytest.raises(psycopg.errors.CheckViolation):
        db.execute("INSERT INTO memory_store.memory_entries (memory_id, memory_type, content, priority) "
                   "VALUES ('p', 'context', '{}', %s)", (priority,))
    assert count(db, "SELECT count(*) FROM memory_store.memory_registry") == 0


def test_embedding_dimension_is_enforced(db):
    add_memory(db, "m")
    with pytest.raises(psycopg.errors.DataException):
        db.execute("INSERT INTO memory_store.vector_embeddings (memory_id, embedding, embedding_model) "
                   "VALUES ('m', '[1,2,3]', 'model')")


# --- generated text_content ---------------------------------------------------

def test_text_content_is_generated_from_content_text(db):
    add_memory(db, "g", text="remember the milk")
    assert db.execute("SELECT text_content FROM memory_store.memory_entries").fetchone()[0] == "remember the milk"
    db.execute("UPDATE memory_store.memory_entries SET content = %s::jsonb", (json.dumps({"text": "changed"}),))
    assert db.execute("SELECT text_content FROM memory_store.memory_entries").fetchone()[0] == "changed"
    db.execute("UPDATE memory_store.memory_entries SET content = '{\"other\": 1}'")
    assert db.execute("SELECT text_content FROM memory_store.memory_entries").fetchone()[0] is None
    with pytest.raises(psycopg.errors.GeneratedAlways):
        db.execute("UPDATE memory_store.memory_entries SET text_content = 'forged'")


def test_text_content_feeds_the_full_text_index(db):
    add_memory(db, "f", text="The quick brown foxes jumped")
    db.execute("SET enable_seqscan = off")
    hits = db.execute("SELECT memory_id FROM memory_store.memory_entries "
                      "WHERE to_tsvector('english', text_content) @@ websearch_to_tsquery('english', 'fox jump')"
                      ).fetchall()
    assert hits == [("f",)]
    plan = "\n".join(r[0] for r in db.execute(
        "EXPLAIN SELECT memory_id FROM memory_store.memory_entries "
        "WHERE to_tsvector('english', text_content) @@ websearch_to_tsquery('english', 'fox jump')"))
    used = set(re.findall(r"Index Scan on (\S+)", plan))
    # the text index, or the (user_id, text) one that serves the text alone too (change search_ranked)
    children = {r[0] for r in db.execute(
        "SELECT c.relname FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid "
        "WHERE i.inhparent IN ('memory_store.idx_memory_entries_text_content'::regclass, "
        "'memory_store.idx_memory_entries_user_text_content'::regclass)")}
    assert used and used <= children, plan
