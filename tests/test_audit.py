"""The audit trail: memory_store.audit_autonomous writes the row of a failed
typed call through a dblink loopback that commits on its own, so the row
survives the caller's rollback; memory_store.sanitize_request decides what
of a request is kept; memory.dispatch leaves exactly one row per request.

Every test database is a clone of the deployed template, so every test here
also shows that the loopback works in a cloned database (it connects to
current_database(), with the cluster-wide password of memory_audit_writer)."""

import json
import re
import threading
import time

import psycopg
import pytest

from conftest import TARGET, sqitch
from helpers import add_memory, add_session, count, wait_for_lock_wait

LOGS = "memory_store.memory_access_logs"
EMBEDDING = [0.25] * 1536


def audit_rows(conn):
    return conn.execute(
        f"SELECT memory_id, session_id, agent_id, operation, request_data, success, error_message, ip_address "
        f"FROM {LOGS} ORDER BY log_id").fetchall()


def audit_autonomous(conn, operation, memory_id, session_id, request, success=False, error=None):
    conn.execute("SELECT memory_store.audit_autonomous(%s, %s, %s, %s::jsonb, %s, %s)",
                 (operation, memory_id, session_id, json.dumps(request), success, error))


def loopback_backends(conn):
    return [r[0] for r in conn.execute(
        "SELECT pid FROM pg_stat_activity WHERE datname = current_database() "
        "AND application_name = 'memory-audit' AND usename = 'memory_audit_writer' ORDER BY pid")]


def wait_until(predicate, timeout=10.0):
    deadline = time.monotonic() + timeout
    while not predicate():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.05)


@pytest.fixture
def typed_failure(db):
    """A typed API function of the standard pattern that writes, then fails
    (MO001), audits with audit_autonomous and re-raises; executable by
    memory_agent like the real ones."""
    db.execute("""
        SET ROLE memory_owner;
        CREATE FUNCTION memory.fail_for_test(p_memory_id text, p_content jsonb DEFAULT NULL)
        RETURNS void LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $fn$
        DECLARE
            v_request jsonb := jsonb_build_object('memory_id', p_memory_id, 'content', p_content,
                                                  'embedding', '[0.1, 0.2, 0.3]'::jsonb, 'api_key', 'k-123');
        BEGIN
            INSERT INTO memory_store.sessions (session_id, user_id, session_type)
            VALUES ('written-then-rolled-back', 'u', 'conversation');
            RAISE EXCEPTION 'memory % not found', p_memory_id USING ERRCODE = 'MO001';
        EXCEPTION WHEN OTHERS THEN
            PERFORM memory_store.audit_autonomous('read', p_memory_id, NULL, v_request, false,
                                                  SQLSTATE || ': ' || SQLERRM);
            RAISE;
        END
        $fn$;
        GRANT EXECUTE ON FUNCTION memory.fail_for_test(text, jsonb) TO memory_agent;
        RESET ROLE;
    """)
    return "memory.fail_for_test"


# --- the row survives the failure ----------------------------------------------

def test_a_failed_typed_call_leaves_its_row_after_the_rollback(db, connect, typed_failure):
    add_session(db, "s1")
    add_memory(db, "m1", session_id="s1")
    caller = connect()
    caller.execute("SET ROLE memory_agent")
    caller.execute("SET memory.agent_id = 'agent-7'")
    with pytest.raises(psycopg.Error) as error:
        caller.execute("SELECT memory.fail_for_test('m1', %s::jsonb)", (json.dumps({"text": "secret diary " * 50}),))
    assert error.value.sqlstate == "MO001"          # the caller's own error, not masked
    caller.rollback()

    rows = audit_rows(db)                             # another connection sees it: committed
    assert len(rows) == 1
    memory_id, session_id, agent_id, operation, request, success, message, ip = rows[0]
    assert (memory_id, session_id, agent_id, operation, success) == ("m1", None, "agent-7", "read", False)
    assert message == "MO001: memory m1 not found"
    assert ip == "127.0.0.1"
    assert request["memory_id"] == "m1"
    assert request["api_key"] == "[REDACTED]"
    assert request["embedding"] == {"dimensions": 3}
    assert request["content"]["keys"] == ["text"] and request["content"]["bytes"] > 600
    assert "secret diary" not in json.dumps(request)
    # What the failing call wrote itself is gone.
    assert count(db, "SELECT count(*) FROM memory_store.sessions WHERE session_id = 'written-then-rolled-back'") == 0


def test_the_row_survives_a_later_error_in_the_same_transaction(db, connect):
    add_session(db, "s1")
    add_memory(db, "m1", session_id="s1")
    caller = connect()
    audit_autonomous(caller, "update", "m1", "s1", {"memory_id": "m1", "password": "hunter2"},
                     error="22023: priority must be 1..10")
    with pytest.raises(psycopg.errors.DivisionByZero):
        caller.execute("SELECT 1 / 0")
    caller.rollback()
    (row,) = audit_rows(db)
    assert row[:4] == ("m1", "s1", TARGET.user, "update")   # no memory.agent_id: session_user
    assert row[4] == {"memory_id": "m1", "password": "[REDACTED]"}
    assert row[5:7] == (False, "22023: priority must be 1..10")


def test_ids_that_are_not_visible_are_null_but_kept_in_request_data(db, connect):
    caller = connect()
    add_memory(caller, "uncommitted")                  # the caller's own, not committed
    audit_autonomous(caller, "read", "uncommitted", "no-such-session", {"memory_id": "uncommitted"})
    audit_autonomous(caller, "read", "never-existed", None, {"memory_id": "never-existed"})
    caller.rollback()
    rows = audit_rows(db)
    assert [(r[0], r[1], r[4]["memory_id"]) for r in rows] == [
        (None, None, "uncommitted"), (None, None, "never-existed")]


def in_thread(work):
    """Run work() in a thread; returns a join() that re-raises its error. The
    join's timeout is only a hang guard."""
    outcome = {}

    def run():
        try:
            outcome["result"] = work()
        except BaseException as error:  # noqa: BLE001 - re-raised by join
            outcome["error"] = error

    thread = threading.Thread(target=run)
    thread.start()

    def join():
        thread.join(timeout=120)
        assert not thread.is_alive(), "the call hung"
        if "error" in outcome:
            raise outcome["error"]
        return outcome.get("result")
    return join


def test_a_delete_held_by_the_caller_does_not_hold_up_the_row(db, connect):
    """The caller deleted the memory and its session (uncommitted). The log's
    ids are not foreign keys (change access_log_no_fk), so the remote insert
    takes no key lock and never waits for the caller: it records the ids it
    sees committed (the caller's delete is not), at once, and they are right
    when the caller rolls back, as a failing call's work does."""
    add_session(db, "s1")
    add_memory(db, "m1", session_id="s1")
    caller = connect()
    caller.execute("DELETE FROM memory_store.memory_entries WHERE memory_id = 'm1'")
    caller.execute("DELETE FROM memory_store.sessions WHERE session_id = 's1'")
    audit_autonomous(caller, "delete", "m1", "s1", {"memory_id": "m1", "session_id": "s1"},
                     error="XX000: the delete failed late")
    # committed while the caller still holds its row locks, with both ids: a
    # remote insert that had waited would have met lock_timeout and dropped them
    (row,) = audit_rows(db)
    assert row[:2] == ("m1", "s1")
    caller.rollback()
    assert row[6] == "XX000: the delete failed late"
    # A committed delete nulls the ids (the seed's ON DELETE SET NULL, by trigger).
    caller.execute("DELETE FROM memory_store.memory_entries WHERE memory_id = 'm1'")
    caller.execute("DELETE FROM memory_store.sessions WHERE session_id = 's1'")
    caller.commit()
    assert audit_rows(db)[-1][:2] == (None, None)


def test_the_connection_is_kept_per_backend_and_reused(db, connect):
    caller = connect(autocommit=True)
    assert caller.execute("SELECT extensions.dblink_get_connections()").fetchone()[0] is None
    audit_autonomous(caller, "read", None, None, {"n": 1})
    assert caller.execute("SELECT extensions.dblink_get_connections()").fetchone()[0] == ["memory_audit"]
    (remote,) = loopback_backends(db)
    for n in range(2, 5):
        audit_autonomous(caller, "read", None, None, {"n": n})
    assert loopback_backends(db) == [remote]
    assert count(db, f"SELECT count(*) FROM {LOGS}") == 4


def test_a_stale_connection_is_replaced(db, connect):
    caller = connect(autocommit=True)
    audit_autonomous(caller, "read", None, None, {"n": 1})
    (remote,) = loopback_backends(db)
    db.execute("SELECT pg_terminate_backend(%s)", (remote,))
    wait_until(lambda: not loopback_backends(db))
    audit_autonomous(caller, "read", None, None, {"n": 2})
    assert [r[4]["n"] for r in audit_rows(db)] == [1, 2]
    assert len(loopback_backends(db)) == 1 and loopback_backends(db) != [remote]


@pytest.mark.parametrize("breakage", [
    "UPDATE memory_store.audit_loopback SET password = repeat('0', 64)",   # authentication refused
    "UPDATE memory_store.audit_loopback SET port = 1",                      # nothing listens
    "UPDATE memory_store.audit_loopback SET host = '192.0.2.1'",             # unreachable: connect_timeout
], ids=["password", "port", "host"])
def test_without_the_loopback_the_row_goes_to_the_server_log(db, connect, typed_failure, breakage):
    db.execute(breakage)
    caller = connect()
    warnings = []
    # A notice is valid only inside the handler: keep its fields.
    caller.add_notice_handler(lambda notice: warnings.append((notice.severity_nonlocalized, notice.message_primary)))
    caller.execute("SET ROLE memory_agent")
    # An unreachable host is given up after the conninfo's connect_timeout
    # (the call returning at all is guarded by in_thread's hang guard).
    assert re.search(r"\bconnect_timeout=\d+\b", count(db, "SELECT memory_store.audit_loopback_conninfo()"))

    def fail():
        with pytest.raises(psycopg.Error) as raised:
            caller.execute("SELECT memory.fail_for_test('m1')")
        return raised.value
    error = in_thread(fail)()
    assert error.sqlstate == "MO001"           # the original error, not the audit's
    caller.rollback()
    (warning,) = [message for severity, message in warnings if severity == "WARNING"]
    assert "could not write the audit row through the loopback" in warning
    assert '"memory_id": "m1"' in warning and "MO001: memory m1 not found" in warning
    assert '"api_key": "[REDACTED]"' in warning
    assert repeat_zero_not_in(warning)
    if "192.0.2.1" in breakage:  # libpq's words: connect_timeout ended the attempt (or a network refused at once)
        assert "timeout expired" in warning or "Connection refused" in warning, warning
    assert count(db, f"SELECT count(*) FROM {LOGS}") == 0


def repeat_zero_not_in(text):
    """The loopback's password never shows in a message."""
    return "0" * 64 not in text and "password=" not in text


def test_agents_cannot_use_dblink_or_the_loopback_directly(db, connect):
    agent = connect(autocommit=True)
    agent.execute("SET ROLE memory_agent")
    for sql in ("SELECT extensions.dblink_get_connections()",
                "SELECT extensions.dblink_connect('x', 'host=127.0.0.1')",
                "SELECT memory_store.audit_loopback_conninfo()",
                "SELECT memory_store.audit_autonomous('read', NULL, NULL, '{}', false)",
                "SELECT * FROM memory_store.audit_loopback"):
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            agent.execute(sql)


def test_the_writer_role_may_only_insert_audit_rows(db):
    role = db.execute("SELECT rolcanlogin, rolsuper, rolinherit, rolcreatedb, rolcreaterole, rolbypassrls "
                      "FROM pg_roles WHERE rolname = 'memory_audit_writer'").fetchone()
    assert role == (True, False, False, False, False, False)
    privileges = db.execute("""
        SELECT c.relname, a.privilege_type
          FROM pg_class c CROSS JOIN LATERAL aclexplode(c.relacl) a
         WHERE c.relnamespace = 'memory_store'::regnamespace AND a.grantee = 'memory_audit_writer'::regrole
        UNION ALL
        SELECT c.relname || '.' || att.attname, a.privilege_type
          FROM pg_attribute att JOIN pg_class c ON c.oid = att.attrelid CROSS JOIN LATERAL aclexplode(att.attacl) a
         WHERE c.relnamespace = 'memory_store'::regnamespace AND a.grantee = 'memory_audit_writer'::regrole
         ORDER BY 1, 2""").fetchall()
    assert privileges == [("memory_access_logs", "INSERT"), ("memory_access_logs_log_id_seq", "USAGE"),
                          ("memory_registry.memory_id", "SELECT"), ("sessions.session_id", "SELECT")]


# --- sanitize_request -------------------------------------------------------------

def sanitize(conn, request):
    return conn.execute("SELECT memory_store.sanitize_request(%s::jsonb)", (json.dumps(request),)).fetchone()[0]


def test_sanitize_replaces_embeddings_by_their_dimensions(db):
    assert sanitize(db, {"embedding": EMBEDDING, "query_vector": [1, 2], "payload": {"embedding": [1, 2, 3]}}) == {
        "embedding": {"dimensions": 1536}, "query_vector": {"dimensions": 2}, "payload": {"embedding": {"dimensions": 3}}}


def test_sanitize_reduces_content_to_keys_and_size(db):
    content = {"text": "x" * 5000, "speaker": "user", "nested": {"deep": "y"}}
    result = sanitize(db, {"payload": {"content": content}})
    assert sorted(result["payload"]["content"]) == ["bytes", "keys"]
    assert sorted(result["payload"]["content"]["keys"]) == ["nested", "speaker", "text"]
    assert result["payload"]["content"]["bytes"] > 5000
    assert "x" * 10 not in json.dumps(result)


def test_sanitize_redacts_secret_keys_at_any_depth(db):
    request = {"payload": {"auth": {"user": "u"}, "filter": {"API-Key": "k", "items": [{"client_secret": "s"}]},
                           "Password": "p", "session_key": "sk", "access_token": "t", "cookie": "c"}}
    result = sanitize(db, request)
    payload = result["payload"]
    assert payload["auth"] == payload["Password"] == payload["session_key"] == "[REDACTED]"
    assert payload["access_token"] == payload["cookie"] == "[REDACTED]"
    assert payload["filter"]["API-Key"] == "[REDACTED]"
    assert payload["filter"]["items"] == [{"client_secret": "[REDACTED]"}]
    for value in ("k", "s", "p", "sk", "t", "c"):
        assert f'"{value}"' not in json.dumps(result)


def test_sanitize_cuts_long_strings_and_arrays(db):
    result = sanitize(db, {"query": "q" * 1000, "tags": [f"t{i}" for i in range(30)]})
    assert result["query"] == "q" * 200 + "… [1000 chars]"
    assert result["tags"] == [f"t{i}" for i in range(20)] + ["[10 more]"]


def test_sanitize_cuts_deep_nesting(db):
    request = current = {}
    for level in range(10):
        current["level"] = {}
        current = current["level"]
    result = sanitize(db, request)
    depth, node = 0, result
    while isinstance(node, dict):
        node, depth = node["level"], depth + 1
    assert node == "[nested too deep]" and depth == 7


def test_sanitize_bounds_the_whole_to_8_kib(db):
    request = {f"field_{i:03d}": "v" * 190 for i in range(100)}
    result = sanitize(db, request)
    assert result["truncated"] is True and result["bytes"] > 8192
    assert len(result["keys"]) == 50
    assert len(json.dumps(result).encode()) <= 8192
    small = {"memory_id": "m1", "limit": 5, "include_inactive": False, "nothing": None}
    assert sanitize(db, small) == small


# --- memory.dispatch: exactly one row per request ---------------------------------

def test_dispatch_success_leaves_exactly_one_successful_row(db):
    db.execute("SET memory.agent_id = 'dispatcher'")
    response = db.execute("SELECT memory.dispatch(%s::jsonb)",
                          (json.dumps({"action": "health", "request_id": "r1"}),)).fetchone()[0]
    assert response["status"] == "success"
    rows = audit_rows(db)
    assert len(rows) == 1
    assert rows[0][2:4] == ("dispatcher", "health") and rows[0][5] is True and rows[0][6] is None


def test_dispatch_failure_leaves_exactly_one_failed_row(db):
    request = {"action": "no_such_action", "request_id": "r2", "payload": {"memory_id": "m9", "token": "t"}}
    response = db.execute("SELECT memory.dispatch(%s::jsonb)", (json.dumps(request),)).fetchone()[0]
    assert response["status"] == "error" and response["error"]["code"] == "invalid_request"
    rows = audit_rows(db)
    assert len(rows) == 1
    memory_id, _, agent_id, operation, request_data, success, message, _ = rows[0]
    assert (memory_id, agent_id, operation, success) == (None, TARGET.user, "invalid", False)
    assert message.startswith("MO003: unknown action")
    assert request_data["payload"] == {"memory_id": "m9", "token": "[REDACTED]"}


# --- the sqitch change ---------------------------------------------------------------

def test_revert_restores_the_placeholder_and_keeps_the_shared_role(db):
    dbname = db.info.dbname
    result = sqitch("revert", dbname, "-y", "--to", "api_dispatch")
    assert "- audit_autonomous" in result.stdout
    assert count(db, "SELECT count(*) FROM pg_extension WHERE extname = 'dblink'") == 0
    assert count(db, "SELECT count(*) FROM pg_class WHERE relname = 'audit_loopback'") == 0
    assert count(db, "SELECT count(*) FROM pg_proc WHERE proname = 'audit_autonomous' AND strpos(prosrc, 'dblink') > 0") == 0
    # The template and the other clones still grant it something: kept.
    assert count(db, "SELECT count(*) FROM pg_roles WHERE rolname = 'memory_audit_writer'") == 1
    assert count(db, "SELECT count(*) FROM pg_shdepend WHERE refobjid = 'memory_audit_writer'::regrole "
                     "AND dbid = (SELECT oid FROM pg_database WHERE datname = current_database())") == 0
    sqitch("deploy", dbname)
    sqitch("verify", dbname)
    caller = psycopg.connect(TARGET.uri(dbname))
    try:
        audit_autonomous(caller, "read", None, None, {"after": "redeploy"})
        caller.rollback()
    finally:
        caller.close()
    assert [r[4] for r in audit_rows(db)] == [{"after": "redeploy"}]


@pytest.mark.parametrize("breakage", [
    "SET ROLE memory_owner; DROP FUNCTION memory_store.audit_autonomous(text, text, text, jsonb, boolean, text); "
    "CREATE FUNCTION memory_store.audit_autonomous(a text, b text, c text, d jsonb, e boolean, f text DEFAULT NULL) "
    "RETURNS void LANGUAGE sql SECURITY DEFINER SET search_path = pg_catalog AS 'SELECT'; RESET ROLE",
    "UPDATE memory_store.audit_loopback SET password = repeat('0', 64)",
    "GRANT EXECUTE ON FUNCTION extensions.dblink_exec(text, text) TO PUBLIC",
    "GRANT SELECT ON memory_store.memory_access_logs TO memory_audit_writer",
], ids=["placeholder function", "wrong password", "dblink for everyone", "writer may read the log"])
def test_verify_fails_when_the_loopback_is_broken(db, breakage):
    sqitch("verify", db.info.dbname)
    db.execute(breakage)
    result = sqitch("verify", db.info.dbname, check=False)
    assert result.returncode != 0, result.stdout
