"""The session API: memory.start_session / end_session / touch_session /
get_session and the dispatch actions create_session, end_session,
touch_session, get_session. Success shapes, one test per error class (by
SQLSTATE), no partial writes, one audit row per call, concurrency."""

import json
import re
import threading
import time

import psycopg
import pytest

from helpers import add_session, count

SESSION_COLUMNS = ["session_id", "user_id", "session_type", "created_at", "updated_at", "ended_at", "metadata",
                   "summary", "is_archived"]


# --- helpers -------------------------------------------------------------------

def call(conn, sql, *params):
    """One row of SQL as a dict."""
    cur = conn.execute(sql, params)
    row = cur.fetchone()
    return dict(zip([c.name for c in cur.description], row))


def raises(conn, sqlstate, sql, *params):
    with pytest.raises(psycopg.Error) as error:
        conn.execute(sql, params)
    assert error.value.sqlstate == sqlstate, error.value
    return error.value


def audit_rows(conn):
    return count(conn, "SELECT count(*) FROM memory_store.memory_access_logs")


def dispatch(conn, request):
    return conn.execute("SELECT memory.dispatch(%s::jsonb)", (json.dumps(request),)).fetchone()[0]


def session_row(conn, session_id):
    cur = conn.execute("SELECT * FROM memory_store.sessions WHERE session_id = %s", (session_id,))
    row = cur.fetchone()
    return None if row is None else dict(zip([c.name for c in cur.description], row))


def assert_error(response, code, action):
    assert response["status"] == "error", response
    assert response["action"] == action
    assert response["data"] is None
    assert response["error"]["code"] == code, response


# --- memory.start_session ------------------------------------------------------

def test_start_session_generates_an_id_and_applies_defaults(db):
    before = audit_rows(db)
    row = call(db, "SELECT * FROM memory.start_session()")
    assert list(row) == SESSION_COLUMNS
    assert re.fullmatch(r"s-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}", row["session_id"])
    assert row["user_id"] is None and row["metadata"] is None and row["summary"] is None
    assert row["session_type"] == "conversation"
    assert row["ended_at"] is None and row["is_archived"] is False
    assert row["created_at"] == row["updated_at"]
    assert session_row(db, row["session_id"]) == row
    assert audit_rows(db) == before + 1
    log = call(db, "SELECT operation, session_id, success FROM memory_store.memory_access_logs")
    assert log == {"operation": "create", "session_id": row["session_id"], "success": True}


def test_start_session_with_every_argument(db):
    row = call(db, "SELECT * FROM memory.start_session(p_session_id => 's1', p_user_id => 'u1', "
                   "p_session_type => 'task', p_metadata => '{\"channel\": \"voice\"}')")
    assert (row["session_id"], row["user_id"], row["session_type"], row["metadata"]) == \
        ("s1", "u1", "task", {"channel": "voice"})


def test_start_session_is_idempotent_for_the_same_user(db):
    first = call(db, "SELECT * FROM memory.start_session('s1', 'u1', 'task', '{\"a\": 1}')")
    before = audit_rows(db)
    again = call(db, "SELECT * FROM memory.start_session('s1', 'u1', 'conversation', '{\"a\": 2}')")
    assert again == first  # the existing session, unchanged
    assert count(db, "SELECT count(*) FROM memory_store.sessions") == 1
    assert audit_rows(db) == before + 1


def test_start_session_is_idempotent_without_a_user(db):
    first = call(db, "SELECT * FROM memory.start_session('s1')")
    assert call(db, "SELECT * FROM memory.start_session('s1')") == first


def test_start_session_with_an_id_of_another_user_raises_22023_and_changes_nothing(db):
    first = call(db, "SELECT * FROM memory.start_session('s1', 'u1')")
    before = audit_rows(db)
    error = raises(db, "22023", "SELECT * FROM memory.start_session('s1', 'u2')")
    assert "already exists for another user" in str(error)
    raises(db, "22023", "SELECT * FROM memory.start_session('s1')")  # no user vs u1
    assert session_row(db, "s1") == first
    assert audit_rows(db) == before + 2  # two failed calls, each leaves its row (the loopback)


@pytest.mark.parametrize("metadata", ['[1, 2]', '"text"', '42', 'null'])
def test_start_session_metadata_must_be_an_object(db, metadata):
    raises(db, "22023", "SELECT * FROM memory.start_session('s1', p_metadata => %s::jsonb)", metadata)
    assert count(db, "SELECT count(*) FROM memory_store.sessions") == 0


@pytest.mark.parametrize("session_id", ["", "x" * 65, "bad\nid"])
def test_start_session_rejects_a_bad_id(db, session_id):
    raises(db, "22023", "SELECT * FROM memory.start_session(%s)", session_id)
    assert count(db, "SELECT count(*) FROM memory_store.sessions") == 0


def test_start_session_rejects_a_bad_user_id_and_session_type(db):
    raises(db, "22023", "SELECT * FROM memory.start_session('s1', 'u' || repeat('x', 64))")
    raises(db, "22023", "SELECT * FROM memory.start_session('s1', 'u1', repeat('t', 33))")
    assert count(db, "SELECT count(*) FROM memory_store.sessions") == 0


def test_start_session_requires_a_session_type(db):
    raises(db, "22004", "SELECT * FROM memory.start_session('s1', 'u1', NULL)")
    assert count(db, "SELECT count(*) FROM memory_store.sessions") == 0


def test_start_session_rejects_oversized_metadata(db):
    raises(db, "54000", "SELECT * FROM memory.start_session('s1', p_metadata => jsonb_build_object('x', repeat('a', 70000)))")
    assert count(db, "SELECT count(*) FROM memory_store.sessions") == 0


def test_the_agent_role_may_call_the_session_api(db):
    db.execute("SET ROLE memory_agent")
    try:
        row = call(db, "SELECT * FROM memory.start_session('s1', 'u1')")
        assert row["session_id"] == "s1"
        assert call(db, "SELECT * FROM memory.touch_session('s1')")["session_id"] == "s1"
        assert call(db, "SELECT * FROM memory.get_session('s1')")["user_id"] == "u1"
        assert call(db, "SELECT * FROM memory.end_session('s1')")["ended_at"] is not None
        raises(db, "42501", "SELECT * FROM memory_store.start_session_impl('s2', NULL, 'x', NULL)")
    finally:
        db.execute("RESET ROLE")


# --- memory.end_session --------------------------------------------------------

def test_end_session_sets_ended_at_summary_and_archive(db):
    add_session(db, "s1")
    before = audit_rows(db)
    row = call(db, "SELECT * FROM memory.end_session('s1', 'Booked a table.', true)")
    assert list(row) == SESSION_COLUMNS
    assert row["ended_at"] is not None and row["summary"] == "Booked a table." and row["is_archived"] is True
    assert row["updated_at"] >= row["ended_at"]
    assert session_row(db, "s1") == row
    assert audit_rows(db) == before + 1
    log = call(db, "SELECT operation, session_id, success, request_data FROM memory_store.memory_access_logs")
    assert (log["operation"], log["session_id"], log["success"]) == ("update", "s1", True)
    assert log["request_data"]["summary_chars"] == 15  # the summary's size, not its text


def test_end_session_defaults_keep_summary_and_do_not_archive(db):
    add_session(db, "s1")
    row = call(db, "SELECT * FROM memory.end_session('s1')")
    assert row["ended_at"] is not None and row["summary"] is None and row["is_archived"] is False


def test_ending_an_ended_session_keeps_the_first_ended_at(db):
    add_session(db, "s1")
    first = call(db, "SELECT * FROM memory.end_session('s1', 'first')")
    time.sleep(0.01)
    again = call(db, "SELECT * FROM memory.end_session('s1', NULL, true)")
    assert again["ended_at"] == first["ended_at"]
    assert again["summary"] == "first"           # NULL summary keeps the stored one
    assert again["is_archived"] is True
    third = call(db, "SELECT * FROM memory.end_session('s1', 'second', false)")
    assert third["summary"] == "second" and third["is_archived"] is True  # archiving is not undone
    assert third["ended_at"] == first["ended_at"]


def test_end_session_of_an_unknown_session_raises_mo002(db):
    before = audit_rows(db)
    raises(db, "MO002", "SELECT * FROM memory.end_session('nope')")
    assert count(db, "SELECT count(*) FROM memory_store.sessions") == 0
    assert audit_rows(db) == before + 1  # one failed call leaves its row (the loopback)


def test_end_session_requires_a_session_id(db):
    raises(db, "22004", "SELECT * FROM memory.end_session(NULL)")


def test_end_session_rejects_a_bad_session_id(db):
    raises(db, "22023", "SELECT * FROM memory.end_session(repeat('x', 65))")


def test_end_session_rejects_an_oversized_summary_and_writes_nothing(db):
    add_session(db, "s1")
    before = session_row(db, "s1")
    raises(db, "54000", "SELECT * FROM memory.end_session('s1', repeat('a', 70000))")
    assert session_row(db, "s1") == before


def test_five_concurrent_ends_of_one_session_set_ended_at_once(db, connect):
    add_session(db, "s1")
    holder = connect()
    holder.execute("SELECT 1 FROM memory_store.sessions WHERE session_id = 's1' FOR UPDATE")  # all five queue up
    results, errors = [], []
    barrier = threading.Barrier(5)

    def end():
        conn = connect(autocommit=True)
        barrier.wait()
        try:
            results.append(conn.execute("SELECT ended_at FROM memory.end_session('s1', 'done')").fetchone()[0])
        except psycopg.Error as error:  # pragma: no cover - the assertion reports it
            errors.append(error)

    threads = [threading.Thread(target=end) for _ in range(5)]
    for thread in threads:
        thread.start()
    deadline = time.monotonic() + 10
    waiting = 0
    while waiting < 5 and time.monotonic() < deadline:
        time.sleep(0.02)
        waiting = count(db, "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
                            "AND wait_event_type = 'Lock'")
    assert waiting == 5, "all five ends must be waiting on the session row at once"
    holder.commit()
    for thread in threads:
        thread.join(timeout=30)
    assert errors == []
    assert len(results) == 5 and len(set(results)) == 1
    assert session_row(db, "s1")["ended_at"] == results[0]
    assert count(db, "SELECT count(*) FROM memory_store.memory_access_logs WHERE operation = 'update' AND success") == 5


def test_concurrent_starts_of_one_id_leave_one_session(db, connect):
    barrier = threading.Barrier(5)
    results, errors = [], []

    def start():
        conn = connect(autocommit=True)
        barrier.wait()
        try:
            results.append(conn.execute("SELECT created_at FROM memory.start_session('s1', 'u1')").fetchone()[0])
        except psycopg.Error as error:  # pragma: no cover
            errors.append(error)

    threads = [threading.Thread(target=start) for _ in range(5)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert errors == [] and len(set(results)) == 1
    assert count(db, "SELECT count(*) FROM memory_store.sessions") == 1


# --- memory.touch_session / memory.get_session --------------------------------

def test_touch_session_moves_updated_at(db):
    add_session(db, "s1")
    created = session_row(db, "s1")
    time.sleep(0.01)
    before = audit_rows(db)
    row = call(db, "SELECT * FROM memory.touch_session('s1')")
    assert list(row) == SESSION_COLUMNS
    assert row["updated_at"] > created["updated_at"] and row["created_at"] == created["created_at"]
    assert row["ended_at"] is None
    assert audit_rows(db) == before + 1
    assert call(db, "SELECT operation FROM memory_store.memory_access_logs")["operation"] == "update"


def test_touch_session_of_an_unknown_session_raises_mo002(db):
    raises(db, "MO002", "SELECT * FROM memory.touch_session('nope')")


def test_touch_session_requires_a_session_id(db):
    raises(db, "22004", "SELECT * FROM memory.touch_session(NULL)")


def test_touch_session_rejects_a_bad_session_id(db):
    raises(db, "22023", "SELECT * FROM memory.touch_session('')")


def test_get_session_returns_the_session(db):
    started = call(db, "SELECT * FROM memory.start_session('s1', 'u1', 'task', '{\"k\": \"v\"}')")
    before = audit_rows(db)
    row = call(db, "SELECT * FROM memory.get_session('s1')")
    assert row == started
    assert audit_rows(db) == before + 1
    log = call(db, "SELECT operation, session_id, success FROM memory_store.memory_access_logs "
                   "ORDER BY log_id DESC LIMIT 1")
    assert log == {"operation": "read", "session_id": "s1", "success": True}


def test_get_session_of_an_unknown_session_raises_mo002(db):
    before = audit_rows(db)
    raises(db, "MO002", "SELECT * FROM memory.get_session('nope')")
    assert audit_rows(db) == before + 1  # one failed call leaves its row (the loopback)


def test_get_session_requires_a_session_id(db):
    raises(db, "22004", "SELECT * FROM memory.get_session(NULL)")


def test_get_session_rejects_a_bad_session_id(db):
    raises(db, "22023", "SELECT * FROM memory.get_session(E'a\\tb')")


# --- dispatch ------------------------------------------------------------------

def test_dispatch_create_session(db):
    before = audit_rows(db)
    response = dispatch(db, {"action": "create_session", "session_id": "s1", "request_id": "r1",
                             "payload": {"user_id": "u1",
                                         "session_metadata": {"session_type": "task", "channel": "voice"}}})
    assert response["status"] == "success" and response["action"] == "create_session"
    assert response["request_id"] == "r1" and response["error"] is None
    data = response["data"]
    assert set(data) == set(SESSION_COLUMNS)
    assert (data["session_id"], data["user_id"], data["session_type"]) == ("s1", "u1", "task")
    assert data["metadata"] == {"session_type": "task", "channel": "voice"}
    assert audit_rows(db) == before + 1
    log = call(db, "SELECT operation, session_id, success FROM memory_store.memory_access_logs")
    assert log == {"operation": "create", "session_id": "s1", "success": True}


def test_dispatch_create_session_generates_an_id_and_defaults_the_type(db):
    response = dispatch(db, {"action": "create_session", "payload": {}})
    assert response["status"] == "success"
    assert response["data"]["session_id"].startswith("s-") and response["data"]["session_type"] == "conversation"
    # the generated id is in the audit row, found through the response data
    assert call(db, "SELECT session_id FROM memory_store.memory_access_logs")["session_id"] == \
        response["data"]["session_id"]
    payload_id = dispatch(db, {"action": "create_session", "payload": {"session_id": "p1"}})
    assert payload_id["data"]["session_id"] == "p1"


@pytest.mark.parametrize("payload, envelope_session", [
    ({"session_metadata": [1]}, "s1"),
    ({"session_metadata": {"session_type": 5}}, "s1"),
    ({"user_id": 7}, "s1"),
    ({"session_id": "other"}, "s1"),
])
def test_dispatch_create_session_validation_errors(db, payload, envelope_session):
    before = audit_rows(db)
    response = dispatch(db, {"action": "create_session", "session_id": envelope_session, "payload": payload})
    assert_error(response, "validation_error", "create_session")
    assert response["error"]["details"]["sqlstate"] == "22023"
    assert count(db, "SELECT count(*) FROM memory_store.sessions") == 0
    assert audit_rows(db) == before + 1
    assert call(db, "SELECT success FROM memory_store.memory_access_logs")["success"] is False


def test_dispatch_create_session_for_another_users_id(db):
    add_session(db, "s1", user_id="u1")
    response = dispatch(db, {"action": "create_session", "session_id": "s1", "payload": {"user_id": "u2"}})
    assert_error(response, "validation_error", "create_session")
    assert "already exists for another user" in response["error"]["message"]
    assert session_row(db, "s1")["user_id"] == "u1"


def test_dispatch_create_session_with_oversized_metadata(db):
    response = dispatch(db, {"action": "create_session", "session_id": "s1",
                             "payload": {"session_metadata": {"x": "a" * 70000}}})
    assert_error(response, "validation_error", "create_session")
    assert response["error"]["details"]["sqlstate"] == "54000"


def test_dispatch_end_session(db):
    add_session(db, "s1")
    before = audit_rows(db)
    response = dispatch(db, {"action": "end_session", "session_id": "s1",
                             "payload": {"summary": "All done.", "archive": True}})
    assert response["status"] == "success"
    data = response["data"]
    assert data["session_id"] == "s1" and data["ended_at"] is not None
    assert data["summary"] == "All done." and data["is_archived"] is True
    assert audit_rows(db) == before + 1
    assert call(db, "SELECT operation, success FROM memory_store.memory_access_logs") == \
        {"operation": "update", "success": True}


def test_dispatch_end_session_errors(db):
    add_session(db, "s1")
    assert_error(dispatch(db, {"action": "end_session", "session_id": "nope"}), "session_not_found", "end_session")
    assert_error(dispatch(db, {"action": "end_session", "payload": {}}), "invalid_request", "end_session")
    assert_error(dispatch(db, {"action": "end_session", "session_id": "s1", "payload": {"archive": "yes"}}),
                 "validation_error", "end_session")
    assert_error(dispatch(db, {"action": "end_session", "session_id": "s1", "payload": {"summary": ["x"]}}),
                 "validation_error", "end_session")
    assert session_row(db, "s1")["ended_at"] is None
    assert audit_rows(db) == 4


def test_dispatch_touch_session(db):
    add_session(db, "s1")
    response = dispatch(db, {"action": "touch_session", "payload": {"session_id": "s1"}})
    assert response["status"] == "success" and response["data"]["session_id"] == "s1"
    assert_error(dispatch(db, {"action": "touch_session", "session_id": "nope"}), "session_not_found",
                 "touch_session")
    assert_error(dispatch(db, {"action": "touch_session"}), "invalid_request", "touch_session")
    assert_error(dispatch(db, {"action": "touch_session", "session_id": "x" * 65}), "validation_error",
                 "touch_session")  # the envelope's session_id, checked by dispatch itself
    assert_error(dispatch(db, {"action": "touch_session", "payload": {"session_id": "x" * 65}}),
                 "validation_error", "touch_session")
    assert audit_rows(db) == 5
    assert [r[0] for r in db.execute("SELECT operation FROM memory_store.memory_access_logs ORDER BY log_id")] == \
        ["update"] * 5


def test_dispatch_get_session(db):
    add_session(db, "s1", user_id="u9")
    response = dispatch(db, {"action": "get_session", "session_id": "s1", "request_id": 7})
    assert response["status"] == "success" and response["request_id"] == 7
    assert response["data"]["user_id"] == "u9" and set(response["data"]) == set(SESSION_COLUMNS)
    assert_error(dispatch(db, {"action": "get_session", "session_id": "nope"}), "session_not_found", "get_session")
    assert_error(dispatch(db, {"action": "get_session"}), "invalid_request", "get_session")
    assert_error(dispatch(db, {"action": "get_session", "payload": {"session_id": 5}}), "validation_error",
                 "get_session")
    assert audit_rows(db) == 4
    assert call(db, "SELECT operation FROM memory_store.memory_access_logs ORDER BY log_id LIMIT 1")["operation"] \
        == "read"


def test_the_session_actions_are_listed_by_health(db):
    actions = dispatch(db, {"action": "health"})["data"]["actions"]
    assert {"create_session", "end_session", "touch_session", "get_session"} <= set(actions)
