"""Hostile roles and inputs, issue 15 points 5 and 6, each as a real login
role over TCP with a password (never a superuser):

- a change feed without leaks: a role that LISTENs memory_changes (an agent
  of another user, or a login role with no grant at all) learns no id of any
  tenant; memory.changes_since (and dispatch changes_since) shows an agent
  only its user's changes, in order, and a cursor skips nothing while
  transactions commit out of order;
- oversized input refused unread: a 50 MB envelope gets validation_error
  (54000) naming the limit, as text and as jsonb, and writes nothing but
  one audit row with its size;
- the timeouts docs/security.md recommends for agent login roles are the
  ones its ALTER ROLE lines give a role."""

import json
import re
import threading

import psycopg
import pytest

from conftest import ROOT
from helpers import count
from test_tenancy import agents as roles  # noqa: F401 - the fixture: login roles, dropped afterwards

IDS = re.compile(r"\b(ua|ma\d+|sa)\b")
LIMIT = 1048576


@pytest.fixture
def tenants(db, roles):
    """agent_a acts for ua, agent_b for ub, each with a session."""
    role_a, role_b = roles.role("feed_a"), roles.role("feed_b")
    db.execute("SELECT memory_store.grant_agent_user(%s, 'ua'), memory_store.grant_agent_user(%s, 'ub')",
               (role_a, role_b))
    conns = {}
    for user, role in (("ua", role_a), ("ub", role_b)):
        conn = roles.connect(role)
        conn.execute("SELECT memory.act_as(%s)", (user,))
        conn.execute("SELECT memory.start_session(p_session_id => %s)", ("s" + user[1],))
        conns[user] = conn
    conns["role_a"] = role_a
    return conns


def acting(roles, role, user):
    conn = roles.connect(role)
    conn.execute("SELECT memory.act_as(%s)", (user,))
    return conn


def create(conn, memory_id, session="sa"):
    """A memory of the acting user; concurrent writers pass session None: a
    write touches its session's row, which would queue them one behind the
    other."""
    conn.execute("SELECT memory.create_memory('context', %s::jsonb, p_session_id => %s, p_memory_id => %s)",
                 (json.dumps({"text": f"note {memory_id}"}), session, memory_id))


def feed(conn, cursor=None, limit=1000):
    return conn.execute("SELECT next_cursor, memory_id, operation FROM memory.changes_since(%s, %s)",
                        (cursor, limit)).fetchall()


def dispatch(conn, request):
    return conn.execute("SELECT memory.dispatch(%s::jsonb)", (json.dumps(request),)).fetchone()[0]


def position(cursor):
    txid, seq = cursor.split("-")
    return int(txid), int(seq)


def write_ua_history(a):
    """Every kind of change of ua's memories, in one known order."""
    create(a, "ma1")
    create(a, "ma2")
    a.execute("SELECT memory.update_memory('ma1', p_priority => 9)")
    a.execute("SELECT memory.delete_memory('ma2')")                 # soft delete: an update
    a.execute("SELECT memory.restore_memory('ma2')")
    a.execute("SELECT memory.delete_memory('ma1', p_hard => true)")
    return [("ma1", "insert"), ("ma2", "insert"), ("ma1", "update"), ("ma2", "update"), ("ma2", "update"),
            ("ma1", "delete")]


# --------------------------------------------------------------------------- point 5: notifications

def test_a_listener_learns_no_ids_of_other_tenants(db, roles, tenants):
    a = tenants["ua"]
    bystander = roles.connect(roles.role("feed_listener", agent=False))   # no grant at all
    other_agent = tenants["ub"]
    for listener in (bystander, other_agent):
        listener.execute("LISTEN memory_changes")
    write_ua_history(a)
    for listener in (bystander, other_agent):
        payloads = [n.payload for n in listener.notifies(timeout=2, stop_after=6)]
        assert len(payloads) == 6                         # one per committed transaction
        assert set(payloads) == {""}, payloads            # an opaque signal: no memory, session or user id
        assert not [p for p in payloads if IDS.search(p)]


# --------------------------------------------------------------------------- point 5: the feed

def test_changes_since_shows_only_the_acting_users_changes_in_order(tenants):
    a, b = tenants["ua"], tenants["ub"]
    create(b, "mb1", session="sb")
    expected = write_ua_history(a)
    create(b, "mb2", session="sb")
    rows = feed(a)
    assert [(m, op) for _, m, op in rows] == expected
    cursors = [position(c) for c, _, _ in rows]
    assert cursors == sorted(cursors) and len(set(cursors)) == len(cursors)
    assert [(m, op) for _, m, op in feed(b)] == [("mb1", "insert"), ("mb2", "insert")]
    # Paging by the cursor gives the same changes, one at a time.
    paged, cursor = [], None
    while page := feed(a, cursor, 1):
        paged += page
        cursor = page[-1][0]
    assert paged == rows
    # Through the envelope: the same, and another user's feed needs a grant.
    answer = dispatch(a, {"action": "changes_since", "payload": {"limit": 4}})
    assert [(c["memory_id"], c["operation"]) for c in answer["data"]["changes"]] == expected[:4]
    assert answer["data"]["has_more"] is True and answer["data"]["next_cursor"] == rows[3][0]
    rest = dispatch(a, {"action": "changes_since", "payload": {"cursor": answer["data"]["next_cursor"]}})
    assert [(c["memory_id"], c["operation"]) for c in rest["data"]["changes"]] == expected[4:]
    assert rest["data"]["has_more"] is False
    foreign = dispatch(b, {"action": "changes_since", "user_id": "ua", "payload": {}})
    assert foreign["error"]["code"] == "permission_denied" and not IDS.search(json.dumps(foreign))
    # With ua's cursor, ub still sees only its own changes.
    assert [m for _, m, _ in feed(b, rows[0][0])] == ["mb2"]


def test_a_memory_handed_to_another_user_leaves_the_old_owners_feed(db, tenants):
    a, b = tenants["ua"], tenants["ub"]
    create(a, "ma1")
    db.execute("UPDATE memory_store.sessions SET user_id = 'ub' WHERE session_id = 'sa'")
    assert [(m, op) for _, m, op in feed(a)] == [("ma1", "insert"), ("ma1", "delete")]
    assert [(m, op) for _, m, op in feed(b)] == [("ma1", "update")]


def test_a_cursor_skips_nothing_when_transactions_commit_out_of_order(roles, tenants):
    role = tenants["role_a"]
    reader = tenants["ua"]
    early, late, later = (acting(roles, role, "ua") for _ in range(3))
    for conn in (early, late, later):
        conn.autocommit = False
    create(early, "ma1", None)                # the older transaction: its id is lower
    later.execute("SELECT pg_current_xact_id()")   # takes an id now, writes its change last
    create(late, "ma2", None)
    late.commit()
    # ma2 is committed, but two older transactions still run: nothing is served
    # yet, or a cursor past ma2 would skip ma1 and ma3 when they commit.
    assert feed(reader) == []
    early.commit()
    first = feed(reader)
    assert [m for _, m, _ in first] == ["ma1"]
    create(later, "ma3", None)
    later.commit()
    rest = feed(reader, first[-1][0])
    assert [m for _, m, _ in rest] == ["ma3", "ma2"]      # by transaction id, not by commit
    assert [m for _, m, _ in feed(reader)] == ["ma1", "ma3", "ma2"]


def test_no_gaps_under_concurrent_writers(roles, tenants):
    role, reader = tenants["role_a"], tenants["ua"]
    writers, per_writer = 4, 15
    conns = [acting(roles, role, "ua") for _ in range(writers)]
    for conn in conns:
        conn.autocommit = False
    seen, cursor = [], None

    def write(n, conn):
        for i in range(per_writer):
            create(conn, f"mw{n}x{i}", None)
            if i % 3 == 0:
                create(conn, f"mw{n}y{i}", None)        # two changes in one transaction
            conn.commit()

    threads = [threading.Thread(target=write, args=(n, c)) for n, c in enumerate(conns)]
    for thread in threads:
        thread.start()
    while True:                                   # read while they write, pages of 7
        finished = not any(t.is_alive() for t in threads)
        while page := feed(reader, cursor, 7):
            seen += page
            cursor = page[-1][0]
        if finished:                              # every writer had committed before this last pass
            break
    expected = {f"mw{n}x{i}" for n in range(writers) for i in range(per_writer)} | \
               {f"mw{n}y{i}" for n in range(writers) for i in range(0, per_writer, 3)}
    ids = [m for _, m, _ in seen]
    assert len(ids) == len(set(ids)) and set(ids) == expected
    cursors = [position(c) for c, _, _ in seen]
    assert cursors == sorted(cursors)
    assert feed(reader) == seen


@pytest.mark.parametrize("cursor, limit, message", [
    (None, 0, "limit must be between 1 and 1000"),
    (None, 1001, "limit must be between 1 and 1000"),
    ("abc", 10, "cursor must be a next_cursor"),
    ("1-2-3", 10, "cursor must be a next_cursor"),
    ("99999999999999999999-1", 10, "cursor must be a next_cursor"),
    ("9223372036854775807-1", 10, "is ahead of the feed"),
])
def test_changes_since_refuses_bad_input(tenants, cursor, limit, message):
    a = tenants["ua"]
    with pytest.raises(psycopg.Error) as error:
        feed(a, cursor, limit)
    assert error.value.sqlstate == "22023" and message in error.value.diag.message_primary
    answer = dispatch(a, {"action": "changes_since", "payload": {"cursor": cursor, "limit": limit}})
    assert answer["error"]["code"] == "validation_error" and message in answer["error"]["message"]
    assert answer["error"]["details"]["sqlstate"] == "22023"


@pytest.mark.parametrize("payload", [{"cursor": 5}, {"limit": "ten"}, {"limit": 1.5}])
def test_dispatch_changes_since_refuses_bad_types(tenants, payload):
    answer = dispatch(tenants["ua"], {"action": "changes_since", "payload": payload})
    assert answer["error"]["code"] == "validation_error"


def test_a_pruned_cursor_is_stale_and_the_dba_prunes(db, roles, tenants):
    a = tenants["ua"]
    dba = roles.connect(roles.role("feed_dba", agent=False, dba=True))
    write_ua_history(a)
    rows = feed(a)
    db.execute("UPDATE memory_store.memory_changes SET changed_at = now() - interval '8 days' "
               "WHERE memory_id IN ('ma1', 'ma2') AND operation = 'insert'")
    dba.execute("CALL memory_store.prune_change_feed()")              # the job, as the DBA runs it
    assert db.execute("SELECT status, rows_affected FROM memory_store.job_runs "
                      "WHERE job_name = 'prune_change_feed'").fetchall() == [("succeeded", 2)]
    assert [r[1:] for r in feed(a)] == [r[1:] for r in rows[2:]]       # the rest is kept, in order
    assert feed(a, rows[1][0]) == rows[2:]                              # a cursor at the horizon is fine
    with pytest.raises(psycopg.Error) as error:
        feed(a, rows[0][0])
    assert error.value.sqlstate == "22023" and "older than the oldest change kept" in str(error.value)
    answer = dispatch(a, {"action": "changes_since", "payload": {"cursor": rows[0][0]}})
    assert answer["error"]["code"] == "validation_error" and "change_feed_retention" in answer["error"]["details"]["hint"]
    with pytest.raises(psycopg.Error) as error:
        a.execute("SELECT memory_store.prune_memory_changes_batch(100, interval '0')")
    assert error.value.sqlstate == "42501"                              # an agent cannot prune
    assert count(db, "SELECT count(*) FROM memory_store.memory_changes") == 4


@pytest.mark.parametrize("call, sqlstate", [
    ("SELECT memory_store.prune_memory_changes_batch(NULL, interval '1 day')", "22004"),
    ("SELECT memory_store.prune_memory_changes_batch(10, NULL)", "22004"),
    ("SELECT memory_store.prune_memory_changes_batch(0, interval '1 day')", "22023"),
    ("SELECT memory_store.prune_memory_changes_batch(100001, interval '1 day')", "22023"),
    ("SELECT memory_store.prune_memory_changes_batch(10, interval '-1 day')", "22023"),
    ("CALL memory_store.prune_change_feed(0)", "22023"),
])
def test_the_prune_refuses_bad_input(db, roles, tenants, call, sqlstate):
    write_ua_history(tenants["ua"])
    db.execute("UPDATE memory_store.memory_changes SET changed_at = now() - interval '8 days'")
    dba = roles.connect(roles.role("feed_dba", agent=False, dba=True))
    with pytest.raises(psycopg.Error) as error:
        dba.execute(call)
    assert error.value.sqlstate == sqlstate
    assert count(db, "SELECT count(*) FROM memory_store.memory_changes") == 6
    assert db.execute("SELECT txid::text, seq FROM memory_store.memory_changes_horizon").fetchone() == ("0", 0)


# --------------------------------------------------------------------------- point 6: oversized input

@pytest.mark.parametrize("cast", ["text", "jsonb"])
def test_a_50_mb_envelope_is_refused_unread(db, tenants, cast):
    a = tenants["ua"]
    big = json.dumps({"action": "create", "request_id": "big", "session_id": "sa", "payload": {
        "memory_type": "context", "content": {"text": "x" * 50_000_000}}})
    logs = count(db, "SELECT count(*) FROM memory_store.memory_access_logs")
    answer = a.execute(f"SELECT memory.dispatch(%s::{cast})", (big,)).fetchone()[0]
    assert answer["status"] == "error" and answer["data"] is None
    assert answer["error"]["code"] == "validation_error" and answer["error"]["details"]["sqlstate"] == "54000"
    assert f"the limit is {LIMIT}" in answer["error"]["message"]
    assert count(db, "SELECT count(*) FROM memory_store.memory_entries") == 0
    row = db.execute("SELECT operation, success, request_data, error_message FROM memory_store.memory_access_logs "
                     "ORDER BY log_id DESC LIMIT 1").fetchone()
    assert count(db, "SELECT count(*) FROM memory_store.memory_access_logs") == logs + 1
    assert row[0] == "invalid" and row[1] is False and row[3].startswith("54000: ")
    assert list(row[2]) == ["oversized_request_bytes"] and row[2]["oversized_request_bytes"] > 50_000_000


def padded(conn, size):
    """A health request whose stored jsonb size is SIZE bytes (string padding
    adds byte for byte; the server measures the overhead)."""
    head = '{"action": "health", "pad": "'
    overhead = conn.execute("SELECT pg_column_size(%s::jsonb) - 1", (head + 'x"}',)).fetchone()[0]
    request = head + "x" * (size - overhead) + '"}'
    assert conn.execute("SELECT pg_column_size(%s::jsonb)", (request,)).fetchone()[0] == size
    return request


def test_the_limit_is_the_first_byte_over(tenants):
    """jsonb: its stored size; text: its octets, before it is parsed (and,
    parsed, its stored size like any jsonb request)."""
    a = tenants["ua"]
    assert a.execute("SELECT memory.dispatch(%s::jsonb)", (padded(a, LIMIT),)).fetchone()[0]["status"] == "success"
    over = a.execute("SELECT memory.dispatch(%s::jsonb)", (padded(a, LIMIT + 1),)).fetchone()[0]
    assert over["error"]["details"]["sqlstate"] == "54000"
    assert over["error"]["message"] == f"the request is {LIMIT + 1} bytes, the limit is {LIMIT} " \
                                       "(memory_store.max_request_bytes)"
    text = '{"action": "health", "pad": "' + "x" * LIMIT + '"}'
    over = a.execute("SELECT memory.dispatch(%s::text)", (text,)).fetchone()[0]
    assert over["error"]["message"].startswith(f"the request is {len(text)} bytes, the limit is {LIMIT} ")
    small = '{"action": "health", "pad": "' + "x" * (LIMIT // 2) + '"}'
    assert a.execute("SELECT memory.dispatch(%s::text)", (small,)).fetchone()[0]["status"] == "success"


def test_the_recommended_timeouts_are_what_the_docs_alter_role_gives(db, roles):
    """docs/security.md's ALTER ROLE lines, run for a real agent login role,
    give its sessions the timeouts the same section recommends."""
    section = (ROOT / "docs" / "security.md").read_text().split("## Agent login roles", 1)[1].split("\n## ", 1)[0]
    statements = re.findall(r"^ALTER ROLE (\w+) SET (\w+) = '([^']+)';$", section, re.M)
    settings = {name: value for _, name, value in statements}
    assert set(settings) == {"statement_timeout", "idle_in_transaction_session_timeout"}
    role = roles.role("feed_timeouts")
    for _, name, value in statements:
        db.execute(f'ALTER ROLE "{role}" SET {name} = \'{value}\'')
    agent = roles.connect(role)
    for name, value in settings.items():
        assert agent.execute(f"SELECT setting::int * CASE unit WHEN 'ms' THEN 1 WHEN 's' THEN 1000 END "
                             f"FROM pg_settings WHERE name = '{name}'").fetchone()[0] == \
            db.execute("SELECT extract(epoch FROM %s::interval)::int * 1000", (value,)).fetchone()[0]
