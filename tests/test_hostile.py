"""Hostile roles (issue 15), each as a real login role, never a superuser:
an agent of the package and a login role with no grant at all try what the
issue's findings did, and the package holds.

1. Jobs only the DBA can stop: the old advisory lock keys, a lock on the
   job tables, a fake running row; every job still runs.
2. Grants bound to identities: a dropped role's grants die with it.
3. Reads that cannot hide: a sensitive read rolled back still has its audit
   row, which names the login role.
4. Bounded walks: the relationship walk of a complete graph expands each
   memory once and stops at its link budget."""

import json

import psycopg
import pytest
from psycopg import sql

from helpers import add_memory, count
from test_tenancy import Agents

JOBS = ("purge_expired", "purge_soft_deleted", "partition_upkeep", "prune_job_history", "prune_change_feed",
        "archive_sessions", "enforce_retention")


@pytest.fixture
def agents(db):
    made = Agents(db, db.info.dbname)
    yield made
    made.close()


@pytest.fixture
def hostiles(db, agents):
    """(agent, stranger): an agent login serving user 'victim', and a login
    role with no grant of the package."""
    agent_role, stranger_role = agents.role("hostile_agent"), agents.role("stranger", agent=False)
    db.execute("SELECT memory_store.grant_agent_user(%s, 'victim')", (agent_role,))
    agent, stranger = agents.connect(agent_role), agents.connect(stranger_role)
    agent.execute("SELECT memory.act_as('victim')")
    return agent, stranger


def last_status(db, job):
    return db.execute("SELECT status FROM memory_store.job_runs WHERE job_name = %s ORDER BY run_id DESC LIMIT 1",
                      (job,)).fetchone()[0]


# --------------------------------------------------------------------------- 1. jobs

def partition_key(db):
    """The advisory key create_monthly_partition used to take for memory_entries."""
    return db.execute("SELECT 'memory_store.create_monthly_partition'::regproc::oid::int, "
                      "'memory_store.memory_entries'::regclass::oid::int").fetchone()

def test_the_job_catalog_is_what_this_module_attacks(db):
    assert {r[0] for r in db.execute("SELECT job_name FROM memory_store.lifecycle_jobs")} == set(JOBS)


@pytest.mark.parametrize("job", JOBS)
def test_no_agent_and_no_stranger_can_stop_a_job(db, hostiles, job):
    add_memory(db, "expired")
    db.execute("UPDATE memory_store.memory_entries SET expires_at = now() - interval '1 hour' WHERE memory_id = 'expired'")
    for conn in hostiles:
        # The keys the jobs used to lock (finding 2): anyone may still take them; they no longer matter.
        conn.execute("SELECT pg_try_advisory_lock(5270501, hashtext(%s))", (job,))  # one of the two gets it
        conn.execute("SELECT pg_try_advisory_lock(%s, %s)", partition_key(db))
        # What job_begin now relies on is out of their reach.
        for attempt in ("SELECT 1 FROM memory_store.lifecycle_jobs FOR UPDATE",
                        "LOCK TABLE memory_store.lifecycle_jobs IN SHARE MODE",
                        "INSERT INTO memory_store.job_runs (job_name, status) VALUES ('%s', 'running')" % job,
                        "LOCK TABLE memory_store.memory_entries IN SHARE UPDATE EXCLUSIVE MODE"):
            conn.execute("BEGIN")  # LOCK TABLE needs a transaction block
            with pytest.raises(psycopg.Error) as error:
                conn.execute(attempt)
            conn.execute("ROLLBACK")
            assert error.value.sqlstate == "42501", attempt
    # The agent holds a transaction open on the victim's memory (a row lock): the batch skips it, never waits.
    agent = hostiles[0]
    agent.execute("SELECT memory.create_memory('context', '{\"text\": \"held\"}'::jsonb, p_memory_id => 'held')")
    agent.execute("BEGIN")
    agent.execute("SELECT memory.update_memory('held', p_content => '{\"text\": \"being edited\"}'::jsonb)")
    try:
        db.execute("SET statement_timeout = '60s'")  # a hang guard only
        db.execute(sql.SQL("CALL memory_store.{}()").format(sql.Identifier(job)))
        assert last_status(db, job) == "succeeded"
        if job == "purge_expired":
            assert count(db, "SELECT count(*) FROM memory_store.memory_registry WHERE memory_id = 'expired'") == 0
    finally:
        agent.execute("ROLLBACK")


def test_a_stranger_cannot_make_partition_creation_wait(db, hostiles):
    _agent, stranger = hostiles
    stranger.execute("SELECT pg_advisory_lock(%s, %s)", partition_key(db))
    db.execute("SET lock_timeout = '30s'")  # a hang guard only
    created = db.execute("SELECT memory_store.create_monthly_partition('memory_store.memory_entries', date '2031-05-01')").fetchone()[0]
    assert created == "memory_store.memory_entries_p2031_05"


# --------------------------------------------------------------------------- 2. grants

def test_a_dropped_roles_grant_serves_no_namesake(db, agents):
    """Finding 5: drop a granted agent role, create an unrelated role with the
    same name and make it an agent: it acts for nobody, with no new grant."""
    role = agents.role("doomed_agent")
    db.execute("SELECT memory_store.grant_agent_user(%s, 'victim')", (role,))
    first = agents.connect(role)
    first.execute("SELECT memory.act_as('victim')")
    first.execute("SELECT memory.create_memory('context', '{\"text\": \"the victim''s secret\"}'::jsonb, p_memory_id => 'secret')")
    first.close()
    agents.conns.remove(first)
    db.execute(sql.SQL("DROP OWNED BY {} CASCADE").format(sql.Identifier(role)))
    db.execute(sql.SQL("DROP ROLE {}").format(sql.Identifier(role)))
    assert db.execute("SELECT role_exists FROM memory_store.list_agent_user_grants(%s, 'victim')",
                      (role,)).fetchall() == [(False,)]

    namesake = agents.role("doomed_agent")  # the same name, a new role, an agent
    impostor = agents.connect(namesake)
    with pytest.raises(psycopg.Error) as error:
        impostor.execute("SELECT memory.act_as('victim')")
    assert error.value.sqlstate == "42501"
    impostor.execute("SET memory.user_id = 'victim'")  # the setting alone is not trusted either
    assert impostor.execute("SELECT count(*) FROM memory.search_keyword('secret')").fetchone() == (0,)
    with pytest.raises(psycopg.Error) as error:
        impostor.execute("SELECT memory.read_memory('secret')")
    assert error.value.sqlstate in ("42501", "MO001")

    # A new grant is the only way back, and it names the new identity.
    db.execute("SELECT memory_store.grant_agent_user(%s, 'victim')", (namesake,))
    assert impostor.execute("SELECT memory.act_as('victim')").fetchone() == ("victim",)
    assert db.execute("SELECT role_exists FROM memory_store.list_agent_user_grants(%s, 'victim') ORDER BY 1",
                      (namesake,)).fetchall() == [(False,), (True,)]
    assert db.execute("SELECT memory_store.revoke_agent_user(%s, 'victim')", (namesake,)).fetchone() == (True,)
    assert db.execute("SELECT count(*) FROM memory_store.agent_user_grants").fetchone() == (0,)


# --------------------------------------------------------------------------- 3. reads that cannot hide

KEY = "key-hostile-" + "0123456789abcdef"


def reveal_rows(db, memory_id):
    return db.execute("SELECT login_role, user_id, agent_id, success FROM memory_store.memory_access_logs "
                      "WHERE operation = 'reveal' AND request_data ->> 'memory_id' = %s ORDER BY log_id",
                      (memory_id,)).fetchall()


@pytest.mark.parametrize("path", ["typed", "dispatch", "archived"])
def test_a_sensitive_read_rolled_back_still_leaves_its_audit_row(db, hostiles, path):
    """Finding 4: read a sensitive memory inside a transaction, then roll
    back: the plaintext was seen, so the access log keeps the read, with the
    login role and the tenant filled by the server, whatever agent_id says."""
    agent, _stranger = hostiles
    agent.execute("SELECT set_config('memory.encryption_key', %s, false)", (KEY,))
    memory_id = agent.execute("SELECT memory_id FROM memory.create_sensitive_memory("
                              "'context', '{\"text\": \"the PIN is 4711\"}'::jsonb)").fetchone()[0]
    if path == "archived":
        db.execute("SELECT memory_store.archive_move(ARRAY[%s], 'retention')", (memory_id,))
    agent.execute("SET memory.agent_id = 'someone-else'")  # a label of the caller's choosing
    agent.execute("BEGIN")
    if path == "typed":
        text = agent.execute("SELECT text_content FROM memory.read_memory(%s)", (memory_id,)).fetchone()[0]
    elif path == "archived":
        text = agent.execute("SELECT text_content FROM memory.read_archived_memory(%s)", (memory_id,)).fetchone()[0]
    else:
        reply = agent.execute("SELECT memory.dispatch(%s::jsonb)",
                              (json.dumps({"action": "read", "payload": {"memory_id": memory_id}}),)).fetchone()[0]
        text = reply["data"]["text_content"]
    agent.execute("ROLLBACK")
    assert text == "the PIN is 4711"
    assert reveal_rows(db, memory_id) == [(agent.info.user, "victim", "someone-else", True)]


def test_no_plaintext_when_the_read_cannot_be_recorded(db, hostiles):
    agent, _stranger = hostiles
    agent.execute("SELECT set_config('memory.encryption_key', %s, false)", (KEY,))
    memory_id = agent.execute("SELECT memory_id FROM memory.create_sensitive_memory("
                              "'context', '{\"text\": \"the PIN is 4711\"}'::jsonb)").fetchone()[0]
    # The loopback's login is refused (as when its password is wrong or its host unreachable).
    db.execute("ALTER ROLE memory_audit_writer NOLOGIN")
    try:
        with pytest.raises(psycopg.Error) as error:
            agent.execute("SELECT text_content FROM memory.read_memory(%s)", (memory_id,))
        assert error.value.sqlstate == "55000" and "not revealed" in str(error.value)
    finally:
        db.execute("ALTER ROLE memory_audit_writer LOGIN")


def test_every_audit_row_names_the_login_role_and_the_tenant(db, hostiles):
    agent, _stranger = hostiles
    before = count(db, "SELECT count(*) FROM memory_store.memory_access_logs")
    agent.execute("SET memory.agent_id = 'spoofed'")
    agent.execute("SELECT memory.create_memory('context', '{\"text\": \"hello\"}'::jsonb, p_memory_id => 'hello')")
    with pytest.raises(psycopg.Error):
        agent.execute("SELECT memory.read_memory('no-such-memory')")  # a failed call: the loopback writes its row
    rows = db.execute("SELECT operation, success, login_role, user_id, agent_id FROM memory_store.memory_access_logs "
                      "ORDER BY log_id OFFSET %s", (before,)).fetchall()
    assert rows == [("create", True, agent.info.user, "victim", "spoofed"),
                    ("read", False, agent.info.user, "victim", "spoofed")]


# --------------------------------------------------------------------------- 4. bounded walks

def test_the_walk_of_a_complete_graph_stops_at_its_budget(db, hostiles):
    """Finding 3: a complete graph of 300 memories (89,700 links) walked to
    depth 10 both ways: each memory is expanded once, and the walk is
    refused with 54000 naming the link budget instead of running for
    minutes; depth 1 still answers every neighbour once."""
    agent, _stranger = hostiles
    db.execute("INSERT INTO memory_store.memory_entries (memory_id, memory_type, content, user_id) "
               "SELECT 'c' || g, 'context', jsonb_build_object('text', 'node ' || g), 'victim' "
               "FROM generate_series(1, 300) g")
    db.execute("INSERT INTO memory_store.memory_relationships (source_memory_id, target_memory_id, relationship_type) "
               "SELECT 'c' || a, 'c' || b, 'reference' FROM generate_series(1, 300) a, generate_series(1, 300) b "
               "WHERE a <> b")
    rows = agent.execute("SELECT memory_id, depth FROM memory.walk_relationships('c1', 1, NULL, 'both')").fetchall()
    assert len(rows) == 299 and {r[1] for r in rows} == {1} and len({r[0] for r in rows}) == 299
    with pytest.raises(psycopg.Error) as error:
        agent.execute("SELECT * FROM memory.walk_relationships('c1', 10, NULL, 'both')")
    assert error.value.sqlstate == "54000" and "20000 links" in str(error.value)
    reply = agent.execute("SELECT memory.dispatch(%s::jsonb)", (json.dumps(
        {"action": "walk_relationships", "payload": {"memory_id": "c1", "max_depth": 10, "direction": "both"}}),)
    ).fetchone()[0]
    assert reply["status"] == "error" and reply["error"]["code"] == "validation_error"
    assert "20000 links" in reply["error"]["message"]


def test_the_walk_enters_each_memory_once_at_its_smallest_depth(db, hostiles):
    """A diamond with a long way round: d is reached at depth 2 through b
    (the lowest path) and never again at depth 3 through the long way."""
    agent, _stranger = hostiles
    for m in "abcde":
        agent.execute("SELECT memory.create_memory('context', %s::jsonb, p_memory_id => %s)",
                      (json.dumps({"text": m}), m))
    for source, target in (("a", "b"), ("a", "c"), ("b", "d"), ("c", "d"), ("a", "e"), ("e", "c")):
        agent.execute("SELECT memory.relate(%s, %s, 'next')", (source, target))
    rows = agent.execute("SELECT memory_id, depth, path, via_memory_id FROM memory.walk_relationships('a', 5)").fetchall()
    assert rows == [("b", 1, ["a", "b"], "a"), ("c", 1, ["a", "c"], "a"), ("e", 1, ["a", "e"], "a"),
                    ("d", 2, ["a", "b", "d"], "b")]


# --------------------------------------------------------------------------- 5. bounded keyword queries

def test_the_worst_legal_keyword_query_is_refused_before_any_row_is_read(db, hostiles):
    """Finding 1: a 4,096-character query of hundreds of distinct words.
    The term budget refuses it, typed and through dispatch, naming the limit."""
    agent, _stranger = hostiles
    words = " ".join(f"w{n:x}q" for n in range(700))[:4096]
    for call in ("SELECT count(*) FROM memory.search_keyword(%s)", "SELECT count(*) FROM memory.search_hybrid(%s, NULL)"):
        with pytest.raises(psycopg.Error) as error:
            agent.execute(call, (words,))
        assert error.value.sqlstate == "54000" and "max_query_terms" in str(error.value), call
    reply = agent.execute("SELECT memory.dispatch(%s::jsonb)", (json.dumps(
        {"action": "search", "payload": {"query": words, "search_type": "keyword"}}),)).fetchone()[0]
    assert reply["status"] == "error" and reply["error"]["code"] == "validation_error"
    assert "max_query_terms" in reply["error"]["message"]
