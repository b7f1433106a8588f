"""Races (issue 8.2): K clients, each on its own connection, meet at a barrier
and send the same request at once, through the typed functions and through
memory.dispatch. Each client holds its transaction open for a moment before
COMMIT, so the others meet its uncommitted row (where an answer depends on
the order, the order is read from server timestamps, never from the hold;
lock waits are observed in pg_stat_activity). The documented answer of each
race is asserted (README "Reliability"), and that no deadlock or unexpected
error reaches a caller; then that memory.dispatch retries a deadlock inside
the package, and that its retry is bounded."""

import json
import threading

import psycopg
import pytest

from helpers import count, overlapped, wait_for_lock_wait

K = 8
LOGS = "SELECT count(*) FROM memory_store.memory_access_logs"


def race(connect, work, k=K, hold=0.1, stamps=None):
    """Run work(i, conn) in k threads on k connections, started together; each
    keeps its transaction open `hold` seconds, then commits (the hold only
    makes the transactions overlap: no assertion rests on it). Returns the
    outcomes in the order the commits returned: (i, result) or (i, error).
    STAMPS, when given, gets per client the server's clock_timestamp() just
    before and just after work(): {i: (before, after)}. Where two clients
    or more got through, the race asserts that they really overlapped
    (helpers.overlapped), so a race that ran one client after the other fails."""
    stamps = {} if stamps is None else stamps
    barrier = threading.Barrier(k)
    connections = [connect() for _ in range(k)]
    outcomes, lock = [], threading.Lock()

    def client(i, conn):
        barrier.wait(timeout=30)
        try:
            before = count(conn, "SELECT clock_timestamp()")
            result = work(i, conn)
            after = count(conn, "SELECT clock_timestamp()")
            conn.execute("SELECT pg_sleep(%s)", (hold,))
            conn.commit()
            stamps[i] = (before, after)
        except psycopg.Error as error:
            conn.rollback()
            result = error
        with lock:
            outcomes.append((i, result))

    threads = [threading.Thread(target=client, args=(i, c)) for i, c in enumerate(connections)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)  # a hang guard only
    assert not any(t.is_alive() for t in threads), "a client hung"
    for conn in connections:
        conn.close()
    assert len(outcomes) == k
    assert len(stamps) < 2 or overlapped(stamps), "the clients never overlapped: no race was run"
    return outcomes


def errors(outcomes):
    return [r for _, r in outcomes if isinstance(r, Exception)]


def envelope(conn, action, payload, session_id=None):
    request = {"action": action, "request_id": f"race-{action}", "payload": payload}
    if session_id:
        request["session_id"] = session_id
    return conn.execute("SELECT memory.dispatch(%s::jsonb)", (json.dumps(request),)).fetchone()[0]


def data(response):
    assert response["status"] == "success", response
    return response["data"]


@pytest.fixture
def world(db):
    """A session s1 (user u1) with two memories a and b."""
    db.execute("SELECT memory.start_session('s1', 'u1')")
    for memory_id in "ab":
        db.execute("SELECT memory.create_memory(p_memory_type => 'context', p_content => %s::jsonb, "
                   "p_session_id => 's1', p_memory_id => %s)", (json.dumps({"text": memory_id}), memory_id))
    return db


PATHS = ["typed", "dispatch"]


# --- the same agent state: one row, the last writer wins, no error ------------

def test_savers_of_one_agent_state_leave_one_row_and_the_last_writer_wins(world, connect):
    for path in PATHS:
        for session_id in (None, "s1"):
            agent = f"planner-{path}"

            def save(i, conn):
                if path == "typed":
                    return conn.execute("SELECT (memory.save_agent_state(%s, jsonb_build_object('writer', %s::int), "
                                        "%s)).updated_at", (agent, i, session_id)).fetchone()[0]
                return data(envelope(conn, "save_state", {"agent_id": agent, "state_data": {"writer": i},
                                                          "session_id": session_id}))

            before = count(world, LOGS)
            stamps = {}
            outcomes = race(connect, save, stamps=stamps)
            assert errors(outcomes) == [], (path, session_id)
            where = "agent_id = %s AND session_id IS NOT DISTINCT FROM %s"
            assert count(world, f"SELECT count(*) FROM memory_store.agent_states WHERE {where}", agent, session_id) == 1
            # Each save holds the row's lock until its transaction commits, so
            # a save returns only after the previous holder committed: the
            # order of the server times taken right after each save (under
            # the lock) is the commit order, whatever the scheduling.
            order = sorted(stamps, key=lambda i: stamps[i][1])
            assert len({stamps[i][1] for i in order}) == K
            # (race() has shown that the writers really met.)
            # The last to commit wins.
            assert count(world, f"SELECT state_data FROM memory_store.agent_states WHERE {where}",
                         agent, session_id) == {"writer": order[-1]}, (path, session_id)
            assert count(world, LOGS) - before == K


# --- the same caller-chosen memory id ------------------------------------------

def _create(path, conn, memory_id, text):
    if path == "typed":
        return conn.execute("SELECT created_at FROM memory.create_memory(p_memory_type => 'context', "
                            "p_content => %s::jsonb, p_session_id => 's1', p_tags => ARRAY['x', 'y'], "
                            "p_memory_id => %s)", (json.dumps({"text": text}), memory_id)).fetchone()[0]
    response = envelope(conn, "create", {"memory_id": memory_id, "memory_type": "context",
                                         "content": {"text": text}, "tags": ["x", "y"]}, session_id="s1")
    return data(response)["created_at"] if response["status"] == "success" else response["error"]


def test_creators_of_one_id_with_the_same_content_all_get_the_one_memory(world, connect):
    """v1 of create_memory_impl answered 23505 to all but one of them."""
    for path in PATHS:
        memory_id = f"chosen-{path}"
        before = count(world, LOGS)
        outcomes = race(connect, lambda i, conn: _create(path, conn, memory_id, "same"))
        assert errors(outcomes) == []
        assert all(not isinstance(r, dict) for _, r in outcomes), outcomes  # no error envelope
        assert len({str(r) for _, r in outcomes}) == 1, "every caller gets the same memory"
        assert count(world, "SELECT count(*) FROM memory_store.memory_entries WHERE memory_id = %s", memory_id) == 1
        assert count(world, "SELECT count(*) FROM memory_store.memory_registry WHERE memory_id = %s", memory_id) == 1
        assert count(world, "SELECT array_agg(tag ORDER BY tag)::text[] FROM memory_store.memory_tags "
                            "WHERE memory_id = %s", memory_id) == ["x", "y"]
        assert count(world, LOGS) - before == K


def test_creators_of_one_sensitive_memory_id_with_the_same_content_all_get_it(world, connect):
    """The same race for memory.create_sensitive_memory (change
    sensitive_memories): v1 of its impl answered 23505 to all but one."""
    def create(i, conn):
        conn.execute("SELECT set_config('memory.encryption_key', 'a-key-of-sixteen-chars', true)")
        return conn.execute("SELECT created_at, content FROM memory.create_sensitive_memory('context', "
                            "'{\"text\": \"PIN 1234\"}', p_session_id => 's1', p_tags => ARRAY['x'], "
                            "p_memory_id => 'secret')").fetchone()

    before = count(world, LOGS)
    outcomes = race(connect, create)
    assert errors(outcomes) == []
    assert len({str(r) for _, r in outcomes}) == 1
    assert outcomes[0][1][1] == {"text": "PIN 1234"}
    assert count(world, "SELECT count(*) FROM memory_store.memory_entries WHERE memory_id = 'secret' "
                        "AND is_sensitive") == 1
    assert count(world, LOGS) - before == K


def test_creators_of_one_id_with_other_content_one_wins_the_others_get_23505(world, connect):
    for path in PATHS:
        memory_id = f"chosen-{path}"
        before = count(world, LOGS)
        outcomes = race(connect, lambda i, conn: _create(path, conn, memory_id, f"writer {i}"))
        if path == "typed":
            failed = errors(outcomes)
            assert {e.sqlstate for e in failed} == {"23505"}
        else:
            failed = [r for _, r in outcomes if isinstance(r, dict)]
            assert {(e["code"], e["details"]["sqlstate"]) for e in failed} == {("storage_error", "23505")}
        assert len(failed) == K - 1
        winner = next(i for i, r in outcomes if not isinstance(r, (Exception, dict)))
        assert count(world, "SELECT content->>'text' FROM memory_store.memory_entries WHERE memory_id = %s",
                     memory_id) == f"writer {winner}"
        assert count(world, "SELECT count(*) FROM memory_store.memory_tags WHERE memory_id = %s", memory_id) == 2
        assert count(world, LOGS) - before == K


# --- the same tag, the same pair, the same session end ----------------------------

def test_taggers_of_one_memory_with_one_tag_leave_one_tag_row(world, connect):
    for path, memory_id in zip(PATHS, "ab"):
        def tag(i, conn):
            if path == "typed":
                return conn.execute("SELECT memory.add_tags(%s, ARRAY['shared'])", (memory_id,)).fetchone()[0]
            return data(envelope(conn, "add_tags", {"memory_id": memory_id, "tags": ["shared"]}))["tags"]

        outcomes = race(connect, tag)
        assert errors(outcomes) == []
        assert all(r == ["shared"] for _, r in outcomes)
        assert count(world, "SELECT count(*) FROM memory_store.memory_tags WHERE memory_id = %s", memory_id) == 1


def test_relaters_of_one_pair_leave_one_relationship(world, connect):
    for path, (source, target) in zip(PATHS, [("a", "b"), ("b", "a")]):
        def relate(i, conn):
            if path == "typed":
                return conn.execute("SELECT (memory.relate(%s, %s, 'follows')).relationship_id",
                                    (source, target)).fetchone()[0]
            return data(envelope(conn, "relate", {"source_memory_id": source, "target_memory_id": target,
                                                  "relationship_type": "follows"}))["relationship"]["relationship_id"]

        outcomes = race(connect, relate)
        assert errors(outcomes) == []
        assert len({r for _, r in outcomes}) == 1, "every caller gets the one relationship"
        assert count(world, "SELECT count(*) FROM memory_store.memory_relationships "
                            "WHERE source_memory_id = %s", source) == 1


def test_enders_of_one_session_all_succeed_with_the_first_ended_at(world, connect):
    world.execute("SELECT memory.start_session('s2', 'u1')")
    for path, session_id in zip(PATHS, ["s1", "s2"]):
        def end(i, conn):
            if path == "typed":
                return conn.execute("SELECT ended_at FROM memory.end_session(%s)", (session_id,)).fetchone()[0]
            return data(envelope(conn, "end_session", {}, session_id=session_id))["ended_at"]

        outcomes = race(connect, end)
        assert errors(outcomes) == []
        assert len({str(r) for _, r in outcomes}) == 1
        assert count(world, "SELECT count(*) FROM memory_store.sessions WHERE session_id = %s "
                            "AND ended_at IS NOT NULL", session_id) == 1


# --- every writer of one memory at once: no deadlock ----------------------------

MIXED = [
    "SELECT memory.add_tags(%(m)s, ARRAY['t' || %(i)s::text])",
    "SELECT memory.remove_tags(%(m)s, ARRAY['t1'])",
    "SELECT memory.update_memory(p_memory_id => %(m)s, p_priority => 3, p_tags => ARRAY['u'])",
    "SELECT memory.delete_memory(%(m)s, true)",
    "SELECT memory.delete_memory(%(m)s)",
    "SELECT memory.relate('b', %(m)s, 'r' || %(i)s::text)",
    "SELECT memory.restore_memory(%(m)s)",
    "SELECT memory.add_tags(%(m)s, ARRAY['t1'])",
]


def test_every_writer_of_one_memory_at_once_meets_no_deadlock(world, connect):
    """Tag changes, update, soft and hard delete, relate and restore of one
    memory at once, 8 rounds per path: the only errors are the documented
    ones for a memory deleted under the caller (MO001; 23503 when the
    relationship's foreign key meets the hard delete). v1 of tags_target
    deadlocked here (27 of 120 calls in 30 rounds)."""
    seen = set()
    for path in PATHS:
        for round_ in range(8):
            memory_id = f"hot-{path}-{round_}"
            world.execute("SELECT memory.create_memory(p_memory_type => 'context', "
                          "p_content => '{\"text\": \"hot\"}', p_session_id => 's1', p_tags => ARRAY['t1'], "
                          "p_memory_id => %s)", (memory_id,))

            def write(i, conn):
                sql = MIXED[i % len(MIXED)]
                if path == "typed":
                    conn.execute(sql, {"m": memory_id, "i": i})
                    return "ok"
                action, payload = _as_envelope(sql, memory_id, i)
                response = envelope(conn, action, payload)
                return "ok" if response["status"] == "success" else response["error"]["details"].get("sqlstate")

            outcomes = race(connect, write, hold=0.02)
            seen |= {r.sqlstate if isinstance(r, Exception) else r for _, r in outcomes}
    assert "ok" in seen
    assert seen <= {"ok", "MO001", "23503"}, seen


def _as_envelope(sql, memory_id, i):
    if "add_tags" in sql:
        return "add_tags", {"memory_id": memory_id, "tags": ["t1" if "'t1'" in sql else f"t{i}"]}
    if "remove_tags" in sql:
        return "remove_tags", {"memory_id": memory_id, "tags": ["t1"]}
    if "update_memory" in sql:
        return "update", {"memory_id": memory_id, "priority": 3, "tags": ["u"]}
    if "delete_memory(%(m)s, true)" in sql:
        return "delete", {"memory_id": memory_id, "hard": True}
    if "delete_memory" in sql:
        return "delete", {"memory_id": memory_id}
    if "relate" in sql:
        return "relate", {"source_memory_id": "b", "target_memory_id": memory_id, "relationship_type": f"r{i}"}
    return "restore", {"memory_id": memory_id}


# --- dispatch retries a deadlock, a bounded number of times ------------------------

def test_dispatch_retries_a_deadlock_and_the_request_succeeds(world, connect):
    """The envelope add_tags on memory a locks a's row, then waits for the
    session row that `other` holds; `other` then asks for a's row: a deadlock.
    The dispatch side detects it first (deadlock_timeout 100 ms against 30 s),
    its attempt is rolled back (so `other` gets a's row: only an aborted
    attempt releases it before the end of its transaction), and its retry
    succeeds once `other` commits. v1 answered storage_error 40P01."""
    other = connect()
    other.execute("SET deadlock_timeout = '30s'")
    other.execute("UPDATE memory_store.sessions SET metadata = '{\"held\": true}' WHERE session_id = 's1'")
    victim = connect(autocommit=True)
    victim.execute("SET deadlock_timeout = '100ms'")
    pid = victim.info.backend_pid
    before = count(world, LOGS)
    response = {}

    thread = threading.Thread(target=lambda: response.update(
        envelope(victim, "add_tags", {"memory_id": "a", "tags": ["retried"]})))
    thread.start()
    wait_for_lock_wait(world, pid)
    other.execute("UPDATE memory_store.memory_entries SET priority = 7 WHERE memory_id = 'a'")  # would deadlock
    other.commit()
    thread.join(timeout=30)
    assert not thread.is_alive()
    assert data(response)["tags"] == ["retried"]
    assert count(world, "SELECT priority FROM memory_store.memory_entries WHERE memory_id = 'a'") == 7
    assert count(world, LOGS) - before == 1, "one audit row for the retried request"


def test_a_serialization_failure_that_cannot_clear_is_answered_after_bounded_retries(world, connect):
    """Under REPEATABLE READ the snapshot is fixed: the retry cannot succeed,
    and dispatch answers storage_error 40001 (the client retries the
    transaction) instead of looping."""
    world.execute("SELECT memory.save_agent_state('planner', '{\"v\": 1}')")
    reader = connect()
    reader.execute("BEGIN ISOLATION LEVEL REPEATABLE READ")
    reader.execute("SELECT count(*) FROM memory_store.agent_states")  # takes the snapshot
    world.execute("SELECT memory.save_agent_state('planner', '{\"v\": 2}')")
    before = count(world, LOGS)
    response = envelope(reader, "save_state", {"agent_id": "planner", "state_data": {"v": 3}})
    reader.commit()
    assert response["status"] == "error"
    assert (response["error"]["code"], response["error"]["details"]["sqlstate"]) == ("storage_error", "40001")
    assert count(world, "SELECT state_data FROM memory_store.agent_states WHERE agent_id = 'planner'") == {"v": 2}
    assert count(world, LOGS) - before == 1
