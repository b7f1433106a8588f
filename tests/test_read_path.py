"""The read path after its fixed cost was cut (change read_path_cost, issue 16
point 1): a read still leaves one complete and correct audit row, its typed
errors are unchanged, the read of memory_entries initialises one monthly
partition, the small helpers are inlined by the planner, and every query the
access log's indexes serve still finds its index."""

import json
import re

import psycopg
import pytest

from helpers import add_access_log, add_memory, add_session, count
from test_tenancy import Agents

LOGS = "memory_store.memory_access_logs"
ROW = ("memory_id, session_id, agent_id, operation, request_data, success, error_message, ip_address, "
       "login_role, user_id")


@pytest.fixture
def agent(db):
    """A real agent login (no superuser, no BYPASSRLS) granted user ua, acting for it."""
    made = Agents(db, db.info.dbname)
    role = made.role("reader")
    db.execute("SELECT memory_store.grant_agent_user(%s, 'ua')", (role,))
    conn = made.connect(role)
    conn.execute("SELECT memory.act_as('ua')")
    conn.execute("SELECT memory.start_session(p_session_id => 'sa')")
    conn.execute("SELECT memory.create_memory('context', '{\"text\": \"tea at five\"}', p_session_id => 'sa', "
                 "p_tags => ARRAY['b-tag', 'a-tag'], p_memory_id => 'm1')")
    yield role, conn
    made.close()


def last_row(db):
    return dict(zip([c.strip() for c in ROW.split(",")],
                    db.execute(f"SELECT {ROW} FROM {LOGS} ORDER BY log_id DESC LIMIT 1").fetchone()))


def test_a_read_leaves_one_complete_row(db, agent):
    role, conn = agent
    before = count(db, f"SELECT count(*) FROM {LOGS}")
    conn.execute("SELECT set_config('memory.agent_id', 'planner', false)")
    record = conn.execute("SELECT memory_id, tags FROM memory.read_memory('m1')").fetchone()
    assert record == ("m1", ["a-tag", "b-tag"])
    assert count(db, f"SELECT count(*) FROM {LOGS}") == before + 1
    assert last_row(db) == {
        "memory_id": "m1", "session_id": "sa", "agent_id": "planner", "operation": "read",
        "request_data": {"memory_id": "m1", "include_inactive": False}, "success": True,
        "error_message": None, "ip_address": "127.0.0.1", "login_role": role, "user_id": "ua"}
    # without a label the login role is the agent
    conn.execute("SELECT set_config('memory.agent_id', '', false)")
    conn.execute("SELECT memory.read_memory('m1', p_include_inactive => true)")
    row = last_row(db)
    assert (row["agent_id"], row["request_data"]) == (role, {"memory_id": "m1", "include_inactive": True})


def test_a_failed_read_leaves_one_failed_row(db, agent):
    role, conn = agent
    before = count(db, f"SELECT count(*) FROM {LOGS}")
    with pytest.raises(psycopg.Error) as error:
        conn.execute("SELECT memory.read_memory('nope')")
    assert error.value.sqlstate == "MO001"
    assert count(db, f"SELECT count(*) FROM {LOGS}") == before + 1
    row = last_row(db)
    assert (row["memory_id"], row["operation"], row["success"], row["login_role"], row["user_id"]) == \
        (None, "read", False, role, "ua")
    assert row["error_message"].startswith("MO001: memory 'nope' not found")


def test_audit_records_only_ids_that_exist(db):
    add_session(db, "s1", "u1")
    add_memory(db, "m1", "s1")
    for memory_id, session_id, expected in (("m1", "s1", ("m1", "s1")), ("m1", None, ("m1", None)),
                                            ("gone", "nope", (None, None))):
        db.execute("SELECT memory_store.audit('read', %s, %s, jsonb_build_object('memory_id', %s::text), true)",
                   (memory_id, session_id, memory_id))
        row = last_row(db)
        assert (row["memory_id"], row["session_id"]) == expected
        assert row["request_data"] == {"memory_id": memory_id}


@pytest.mark.parametrize("memory_id, sqlstate", [(None, "22004"), ("", "22023"), ("x" * 65, "22023"),
                                                 ("a\tb", "22023"), ("nope", "MO001")])
def test_read_errors_are_typed(db, memory_id, sqlstate):
    with pytest.raises(psycopg.Error) as error:
        db.execute("SELECT memory_store.read_memory_impl(%s)", (memory_id,))
    assert error.value.sqlstate == sqlstate


def test_inactive_and_expired_memories_only_on_request(db):
    add_session(db, "s1")
    add_memory(db, "gone", "s1")
    add_memory(db, "old", "s1")
    db.execute("UPDATE memory_store.memory_entries SET is_active = false WHERE memory_id = 'gone'")
    db.execute("UPDATE memory_store.memory_entries SET expires_at = now() - interval '1 second' "
               "WHERE memory_id = 'old'")
    for memory_id in ("gone", "old"):
        with pytest.raises(psycopg.Error) as error:
            db.execute("SELECT memory_store.read_memory_impl(%s)", (memory_id,))
        assert error.value.sqlstate == "MO001"
        assert db.execute("SELECT (memory_store.read_memory_impl(%s, true)).memory_id",
                          (memory_id,)).fetchone()[0] == memory_id


def test_another_tenants_memory_is_not_found(db, agent):
    _, conn = agent
    add_session(db, "sb", "ub")
    add_memory(db, "mb", "sb")
    with pytest.raises(psycopg.Error) as error:
        conn.execute("SELECT memory.read_memory('mb')")
    assert error.value.sqlstate == "MO001"


def test_a_read_initialises_one_monthly_partition(db):
    """auto_explain of the statements inside read_memory_impl: once the plan is
    the generic one, the read of memory_entries keeps one partition and
    removes the others at executor start-up."""
    add_session(db, "s1")
    months = db.execute("SELECT count(*) FROM pg_inherits "
                        "WHERE inhparent = 'memory_store.memory_entries'::regclass").fetchone()[0]
    assert months > 3
    for n, at in enumerate(("now() - interval '62 days'", "now() - interval '31 days'", "now()")):
        db.execute(f"INSERT INTO memory_store.memory_entries (memory_id, session_id, memory_type, content, created_at) "
                   f"VALUES ('p{n}', 's1', 'context', '{{\"text\": \"x\"}}', {at})")
    plans = []
    db.add_notice_handler(lambda diag: plans.append(diag.message_primary))
    db.execute("LOAD 'auto_explain'")
    for setting, value in (("log_min_duration", "0"), ("log_nested_statements", "on"), ("log_analyze", "on"),
                           ("log_level", "notice")):
        db.execute(f"SET auto_explain.{setting} = {value}")
    for _ in range(3):
        for n in range(3):
            plans.clear()
            assert db.execute("SELECT (memory_store.read_memory_impl(%s)).memory_id", (f"p{n}",)).fetchone()[0] \
                == f"p{n}"
    db.execute("SET auto_explain.log_min_duration = -1")
    entries = [p for p in plans if "FROM memory_store.memory_entries e" in p]
    assert len(entries) == 1, plans
    scanned = set(re.findall(r" on (memory_entries_\w+)", entries[0]))
    assert len(scanned) == 1, entries[0]
    assert re.search(r"Subplans Removed: (\d+)", entries[0]).group(1) == str(months - 1)


@pytest.mark.parametrize("call, output", [
    ("memory_store.sensitive_stub()", "'{\"encrypted\": true}'::jsonb"),
    ("memory_store.current_agent_id()", "current_setting('memory.agent_id'"),
    ("memory_store.memory_json(m) FROM (SELECT NULL::memory.memory_record AS m OFFSET 0) s", "to_jsonb(s.m)"),
])
def test_the_small_helpers_are_inlined(db, call, output):
    plan = "\n".join(r[0] for r in db.execute(f"EXPLAIN (VERBOSE, COSTS OFF) SELECT {call}"))
    assert output in plan
    assert call.split("(")[0] not in plan


def test_sanitize_keeps_short_scalars_and_the_depth_limit(db):
    request = {"memory_id": "m1", "n": 3, "flag": False, "none": None, "long": "y" * 300}
    out = db.execute("SELECT memory_store.sanitize_request(%s::jsonb)", (json.dumps(request),)).fetchone()[0]
    assert {k: out[k] for k in ("memory_id", "n", "flag", "none")} == {"memory_id": "m1", "n": 3, "flag": False,
                                                                        "none": None}
    assert out["long"].startswith("y" * 200) and out["long"].endswith("[300 chars]")
    # a scalar six objects deep is still cut like a deeper object
    nested = current = {}
    for _ in range(6):
        current["level"] = {}
        current = current["level"]
    current["leaf"] = "x"
    node = db.execute("SELECT memory_store.sanitize_request(%s::jsonb)", (json.dumps(nested),)).fetchone()[0]
    for _ in range(6):
        node = node["level"]
    assert node == {"leaf": "[nested too deep]"}


@pytest.mark.parametrize("where, index", [
    ("memory_id = 'm1'", "idx_memory_access_logs_memory_id"),
    ("session_id = 's1'", "idx_memory_access_logs_session_id"),
    ("agent_id = 'planner'", "idx_memory_access_logs_agent_id"),
    ("\"timestamp\" < now() - interval '400 days'", "idx_memory_access_logs_timestamp"),
    ("operation = 'delete'", "idx_memory_access_logs_operation"),
    ("NOT success", "idx_memory_access_logs_success"),
])
def test_access_log_queries_find_their_index(db, where, index):
    """The seed's indexes, on every partition: the foreign keys' ON DELETE SET
    NULL (memory_id, session_id), the purge of old rows (timestamp) and the
    auditor's questions (agent, operation, failures) each reach theirs."""
    add_session(db, "s1")
    add_memory(db, "m1", "s1")
    for _ in range(3):
        add_access_log(db, "m1", "s1")
    children = {r[0] for r in db.execute(
        "SELECT i.inhrelid::regclass::text FROM pg_inherits i WHERE i.inhparent = %s::regclass",
        (f"memory_store.{index}",))}
    partitions = count(db, "SELECT count(*) FROM pg_inherits WHERE inhparent = %s::regclass", LOGS)
    assert len(children) == partitions
    with db.transaction():
        db.execute("SET LOCAL enable_seqscan = off")
        plan = "\n".join(r[0] for r in db.execute(f"EXPLAIN (COSTS OFF) SELECT * FROM {LOGS} WHERE {where}"))
    used = set(re.findall(r"Index (?:Only )?Scan using (\S+)|Bitmap Index Scan on (\S+)", plan))
    used = {f"memory_store.{a or b}" for a, b in used}
    assert used and used <= children, plan
    assert "Seq Scan" not in plan


def test_deleting_a_memory_nulls_its_log_rows(db):
    add_session(db, "s1")
    add_memory(db, "m1", "s1")
    add_access_log(db, "m1", "s1")
    db.execute("SELECT memory.delete_memory('m1', p_hard => true)")
    assert db.execute(f"SELECT memory_id, session_id FROM {LOGS} WHERE operation = 'read'").fetchall() == \
        [(None, "s1")]
