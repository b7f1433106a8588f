"""Security (issue 4): least privilege of each role, definer functions immune
to search_path hijacking, the append-only access log, hostile input through
memory.dispatch. Privileges per object are also checked by
tests/pgtap/privileges.sql; README, "Security model", describes the model."""

import json

import psycopg
import pytest

from helpers import add_access_log, add_memory, add_session, count

LOGS = "memory_store.memory_access_logs"


def store_tables(db):
    """Every table and partition of memory_store and memory_archive, with one of its columns."""
    return db.execute(
        "SELECT c.oid::regclass::text, (SELECT quote_ident(a.attname) FROM pg_attribute a "
        "  WHERE a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped AND a.attgenerated = '' AND a.attidentity = '' "
        "  ORDER BY a.attnum LIMIT 1) "
        "FROM pg_class c WHERE c.relnamespace IN ('memory_store'::regnamespace, 'memory_archive'::regnamespace) "
        "AND c.relkind IN ('r', 'p') ORDER BY 1").fetchall()


def as_role(db, role, sql, params=None):
    """Run SQL as ROLE in a transaction that is rolled back; the rows, or the error's SQLSTATE."""
    try:
        with db.transaction(force_rollback=True):
            db.execute(f"SET LOCAL ROLE {role}")
            cur = db.execute(sql, params)
            return cur.fetchall() if cur.description else "ok"
    except psycopg.Error as error:
        return error.sqlstate


def dml(table, column):
    return {
        "SELECT": f"SELECT 1 FROM {table} LIMIT 1",
        "INSERT": f"INSERT INTO {table} DEFAULT VALUES",
        "UPDATE": f"UPDATE {table} SET {column} = {column}",
        "DELETE": f"DELETE FROM {table}",
    }


def dispatch(db, request):
    return db.execute("SELECT memory.dispatch(%s::jsonb)", (json.dumps(request),)).fetchone()[0]


# --------------------------------------------------------------------------- 1. least privilege

def test_agent_cannot_touch_any_table(db):
    tables = store_tables(db)
    assert len(tables) >= 15
    refused = {(t, op): as_role(db, "memory_agent", sql) for t, col in tables for op, sql in dml(t, col).items()}
    assert {k: v for k, v in refused.items() if v != "42501"} == {}


def test_agent_cannot_use_any_sequence_or_store_function(db):
    sequences = [r[0] for r in db.execute(
        "SELECT c.oid::regclass::text FROM pg_class c "
        "WHERE c.relnamespace = 'memory_store'::regnamespace AND c.relkind = 'S'")]
    assert sequences
    for sequence in sequences:
        assert as_role(db, "memory_agent", "SELECT nextval(%s)", (sequence,)) == "42501", sequence
    assert as_role(db, "memory_agent", "SELECT memory_store.limits()") == "42501"
    assert as_role(db, "memory_agent", "SELECT memory_store.audit('read', NULL, NULL, '{}', true)") == "42501"


def test_agent_may_execute_every_function_of_schema_memory(db):
    functions = db.execute(
        "SELECT p.oid::regprocedure::text, has_function_privilege('memory_agent', p.oid, 'EXECUTE'), p.prosecdef "
        "FROM pg_proc p WHERE p.pronamespace = 'memory'::regnamespace").fetchall()
    assert len(functions) >= 30
    assert [f for f, may, definer in functions if not (may and definer)] == []
    rows = as_role(db, "memory_agent", "SELECT memory.dispatch('{\"action\": \"health\"}'::jsonb)")
    assert rows[0][0]["status"] == "success"
    rows = as_role(db, "memory_agent", "SELECT (memory.start_session(p_user_id => 'u1')).session_id")
    assert rows[0][0]


def test_no_function_of_the_package_is_executable_by_public_or_outside_its_role(db):
    leaks = db.execute(
        "SELECT p.oid::regprocedure::text, r FROM pg_proc p, "
        "unnest(ARRAY['public', 'memory_agent', 'memory_auditor']) AS r "
        "WHERE p.pronamespace = 'memory_store'::regnamespace AND has_function_privilege(r, p.oid, 'EXECUTE')"
    ).fetchall()
    assert leaks == []
    assert db.execute("SELECT count(*) FROM pg_proc p WHERE p.pronamespace = 'memory'::regnamespace "
                      "AND has_function_privilege('public', p.oid, 'EXECUTE')").fetchone()[0] == 0


def test_auditor_reads_the_log_and_nothing_else(db):
    add_session(db, "s1")
    add_access_log(db, session_id="s1")
    rows = as_role(db, "memory_auditor", f"SELECT session_id FROM {LOGS}")
    assert rows == [("s1",)]
    for op, sql in dml(LOGS, "agent_id").items():
        if op != "SELECT":
            assert as_role(db, "memory_auditor", sql) == "42501", op
    for table, column in store_tables(db):
        if table != LOGS:
            for op, sql in dml(table, column).items():
                assert as_role(db, "memory_auditor", sql) == "42501", (table, op)
    assert as_role(db, "memory_auditor", "SELECT memory.dispatch('{\"action\": \"health\"}'::jsonb)") == "42501"
    assert as_role(db, "memory_auditor", "SELECT memory_store.limits()") == "42501"


def test_dba_runs_maintenance_but_neither_reads_memories_nor_calls_the_api(db):
    rows = as_role(db, "memory_dba", "SELECT memory_store.create_monthly_partition("
                                     "'memory_store.memory_access_logs', date '2031-01-01')::text")
    assert rows == [("memory_store.memory_access_logs_p2031_01",)]
    rows = as_role(db, "memory_dba", "SELECT count(*) FROM memory_store.ensure_monthly_partitions("
                                     "'memory_store.memory_entries', date '2031-01-01', 1)")
    assert rows[0][0] >= 1
    assert as_role(db, "memory_dba", "SELECT memory_store.import_begin('session', 'x.jsonl')") != "42501"
    assert as_role(db, "memory_dba", "SELECT 1 FROM memory_store.memory_entries") == "42501"
    assert as_role(db, "memory_dba", f"SELECT 1 FROM {LOGS}") == "42501"
    assert as_role(db, "memory_dba", "SELECT memory.dispatch('{\"action\": \"health\"}'::jsonb)") == "42501"


# --------------------------------------------------------------------------- 2. search_path hijacking

@pytest.fixture
def hijacker(db):
    """A non-superuser role with a schema of look-alikes that record any use in a marker table."""
    role = f"mo_hijacker_{db.info.dbname}"[:63]
    db.execute(f'DROP ROLE IF EXISTS "{role}"')
    db.execute(f'CREATE ROLE "{role}" NOLOGIN NOSUPERUSER')
    db.execute(f'GRANT memory_agent TO "{role}"')
    db.execute(f'CREATE SCHEMA hijack AUTHORIZATION "{role}"')
    db.execute("GRANT USAGE ON SCHEMA hijack TO PUBLIC")
    with db.transaction():
        db.execute(f'SET LOCAL ROLE "{role}"')
        db.execute("CREATE TABLE hijack.marker (what text)")
        db.execute("GRANT INSERT, SELECT ON hijack.marker TO PUBLIC")
        # Functions: SECURITY DEFINER so their marker write works whoever calls them.
        for name, args, returns, body in [
            ("now", "", "timestamptz", "pg_catalog.now()"),
            ("lower", "text", "text", "pg_catalog.lower($1)"),
            ("upper", "text", "text", "pg_catalog.upper($1)"),
            ("btrim", "text", "text", "pg_catalog.btrim($1)"),
            ("length", "text", "integer", "pg_catalog.length($1)"),
            ("coalesce_text", "text, text", "text", "pg_catalog.concat($1, $2)"),
            ("jsonb_build_object", "VARIADIC text[]", "jsonb", None),
            ("to_jsonb", "anyelement", "jsonb", "pg_catalog.to_jsonb($1)"),
            ("gen_random_uuid", "", "uuid", "pg_catalog.gen_random_uuid()"),
            ("format", "text, VARIADIC text[]", "text", None),
            ("session_user_id", "", "text", "'x'"),
            ("current_setting", "text, boolean", "text", "pg_catalog.current_setting($1, $2)"),
            ("websearch_to_tsquery", "regconfig, text", "tsquery", "pg_catalog.websearch_to_tsquery($1, $2)"),
        ]:
            if body is None:   # VARIADIC "any" takes C; the text[] look-alike wins for text arguments
                db.execute(f"CREATE FUNCTION hijack.{name}({args}) RETURNS {returns} LANGUAGE sql "
                           f"SECURITY DEFINER AS $$ INSERT INTO hijack.marker VALUES ('{name}'); "
                           f"SELECT NULL::{returns} $$")
            else:
                db.execute(f"CREATE FUNCTION hijack.{name}({args}) RETURNS {returns} LANGUAGE sql "
                           f"SECURITY DEFINER AS $$ INSERT INTO hijack.marker VALUES ('{name}'); "
                           f"SELECT {body} $$")
        db.execute("CREATE FUNCTION hijack.text_eq(text, text) RETURNS boolean LANGUAGE sql SECURITY DEFINER "
                   "AS $$ INSERT INTO hijack.marker VALUES ('='); SELECT pg_catalog.texteq($1, $2) $$")
        db.execute("CREATE OPERATOR hijack.= (LEFTARG = text, RIGHTARG = text, FUNCTION = hijack.text_eq)")
        db.execute("CREATE FUNCTION hijack.varchar_eq(varchar, varchar) RETURNS boolean LANGUAGE sql "
                   "SECURITY DEFINER AS $$ INSERT INTO hijack.marker VALUES ('=v'); "
                   "SELECT pg_catalog.texteq($1, $2) $$")
        db.execute("CREATE OPERATOR hijack.= (LEFTARG = varchar, RIGHTARG = varchar, FUNCTION = hijack.varchar_eq)")
        for table in ("memory_entries", "memory_registry", "sessions", "memory_tags", "memory_access_logs",
                      "memory_types", "dispatch_actions"):
            db.execute(f"CREATE TABLE hijack.{table} (x int)")
            db.execute(f"CREATE FUNCTION hijack.{table}_spy() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER "
                       f"AS $$ BEGIN INSERT INTO hijack.marker VALUES ('{table}'); RETURN NULL; END $$")
            db.execute(f"CREATE TRIGGER spy BEFORE INSERT OR UPDATE OR DELETE ON hijack.{table} "
                       f"FOR EACH ROW EXECUTE FUNCTION hijack.{table}_spy()")
            db.execute(f"GRANT ALL ON hijack.{table} TO PUBLIC")
    yield role
    db.execute("DROP SCHEMA hijack CASCADE")
    db.execute(f'REVOKE memory_agent FROM "{role}"')
    db.execute(f'DROP ROLE "{role}"')


def test_definer_functions_ignore_look_alikes_first_in_search_path(db, hijacker):
    add_session(db, "s1", "u1")
    logs_before = count(db, f"SELECT count(*) FROM {LOGS}")
    with db.transaction():
        db.execute(f'SET LOCAL ROLE "{hijacker}"')
        db.execute("SET LOCAL search_path = hijack, pg_catalog, public")
        # the look-alikes are live for plain SQL of this session
        assert db.execute("SELECT lower('X')").fetchone()[0] == "x"
        assert db.execute("SELECT count(*) FROM hijack.marker").fetchone()[0] == 1
        db.execute("DELETE FROM hijack.marker")
        created = db.execute(
            "SELECT (m).memory_id FROM memory.create_memory(p_memory_type => 'context', "
            "p_content => '{\"text\": \"Coffee BLACK\"}', p_session_id => 's1', p_tags => ARRAY['Pref'], "
            "p_ttl_seconds => 60) AS m").fetchone()[0]
        assert db.execute("SELECT (memory.read_memory(%s)).memory_id", (created,)).fetchone()[0] == created
        db.execute("SELECT memory.update_memory(%s, p_priority => 7)", (created,))
        db.execute("SELECT memory.add_tags(%s, ARRAY['x'])", (created,))
        assert len(db.execute("SELECT * FROM memory.search_keyword('coffee')").fetchall()) == 1
        db.execute("SELECT memory.set_preference('u1', 'voice', '\"calm\"')")
        db.execute("SELECT memory.save_agent_state('planner', '{\"s\": 1}', 's1')")
        db.execute("SELECT memory.summarize_session('s1')")
        for request in ({"action": "health"}, {"action": "read", "payload": {"memory_id": created}},
                        {"action": "create", "session_id": "s1", "payload": {"memory_type": "context",
                                                                            "content": {"text": "x"}}},
                        {"action": "read", "payload": {"memory_id": "nope"}}):
            response = db.execute("SELECT memory.dispatch(%s::jsonb)", (json.dumps(request),)).fetchone()[0]
            assert response["action"] == request["action"]
        db.execute("SELECT memory.delete_memory(%s, p_hard => true)", (created,))
        with pytest.raises(psycopg.Error) as error:   # a failed typed call (audited through the loopback)
            with db.transaction():
                db.execute("SELECT memory.read_memory('nope')")
        assert error.value.sqlstate == "MO001"
        assert db.execute("SELECT array_agg(what) FROM hijack.marker").fetchone()[0] is None
    assert count(db, "SELECT count(*) FROM hijack.marker") == 0
    for table in ("memory_entries", "sessions", "memory_access_logs"):
        assert count(db, f"SELECT count(*) FROM hijack.{table}") == 0
    assert count(db, f"SELECT count(*) FROM {LOGS}") == logs_before + 14


def test_every_definer_function_pins_a_trusted_search_path(db):
    bad = db.execute(
        "SELECT p.oid::regprocedure::text, p.proconfig FROM pg_proc p "
        "WHERE p.pronamespace IN ('memory'::regnamespace, 'memory_store'::regnamespace) AND p.prosecdef "
        "AND NOT 'search_path=pg_catalog, pg_temp' = ANY (coalesce(p.proconfig, '{}'))").fetchall()
    assert bad == []


# --------------------------------------------------------------------------- 4. append-only audit

def test_log_rows_cannot_be_deleted_or_rewritten_even_by_a_superuser(db):
    add_session(db, "s1")
    add_access_log(db, session_id="s1")
    partition = db.execute(f"SELECT tableoid::regclass::text FROM {LOGS}").fetchone()[0]
    for sql in (f"DELETE FROM {LOGS}", f"UPDATE {LOGS} SET success = false",
                f"UPDATE {LOGS} SET request_data = '{{}}'", f"UPDATE {LOGS} SET session_id = NULL",
                f"UPDATE {LOGS} SET memory_id = NULL, agent_id = 'x'", f"TRUNCATE {LOGS}",
                f"DELETE FROM {partition}", f"UPDATE {partition} SET operation = 'create'"):
        with pytest.raises(psycopg.Error) as error:
            db.execute(sql)
        assert error.value.sqlstate == "42501", sql
        assert "append-only" in error.value.diag.message_primary
    for role in ("memory_owner", "memory_auditor", "memory_agent"):
        assert as_role(db, role, f"DELETE FROM {LOGS}") == "42501", role
    assert count(db, f"SELECT count(*) FROM {LOGS} WHERE session_id = 's1' AND success") == 1


def test_deleting_a_memory_or_session_still_nulls_its_log_references(db):
    add_session(db, "s1")
    add_session(db, "s2")
    add_memory(db, "m1", "s2")
    add_access_log(db, memory_id="m1", session_id="s1")
    add_access_log(db, memory_id="m1", session_id="s2")
    db.execute("DELETE FROM memory_store.memory_entries WHERE memory_id = 'm1'")
    assert db.execute(f"SELECT memory_id, session_id FROM {LOGS} ORDER BY log_id").fetchall() == [
        (None, "s1"), (None, "s2")]
    db.execute("DELETE FROM memory_store.sessions WHERE session_id = 's1'")
    assert db.execute(f"SELECT session_id FROM {LOGS} ORDER BY log_id").fetchall() == [(None,), ("s2",)]
    # deleting a session cascades to its memories: both references go in one statement
    add_memory(db, "m2", "s2")
    add_access_log(db, memory_id="m2", session_id="s2")
    db.execute("DELETE FROM memory_store.sessions WHERE session_id = 's2'")
    assert count(db, f"SELECT count(*) FROM {LOGS} WHERE memory_id IS NOT NULL OR session_id IS NOT NULL") == 0
    assert count(db, f"SELECT count(*) FROM {LOGS}") == 3


def test_api_hard_delete_keeps_its_audit_rows(db):
    add_session(db, "s1")
    memory_id = db.execute("SELECT (memory.create_memory(p_memory_type => 'context', p_content => '{}', "
                           "p_session_id => 's1')).memory_id").fetchone()[0]
    db.execute("SELECT memory.delete_memory(%s, p_hard => true)", (memory_id,))
    rows = db.execute(f"SELECT operation, memory_id, request_data->>'memory_id' FROM {LOGS} ORDER BY log_id").fetchall()
    assert [r[0] for r in rows] == ["create", "delete"]
    assert all(r[1] is None for r in rows) and rows[1][2] == memory_id


def test_old_log_partitions_can_be_detached_and_dropped(db):
    db.execute(f"SELECT memory_store.create_monthly_partition('{LOGS}', date '2020-01-01')")
    add_access_log(db, at="2020-01-15T00:00:00Z")
    add_access_log(db, at="2019-06-15T00:00:00Z")   # lands in the default partition
    db.execute(f"SELECT memory_store.create_monthly_partition('{LOGS}', date '2019-06-01')")   # moves it
    assert count(db, f"SELECT count(*) FROM {LOGS}_p2019_06") == 1
    db.execute(f"ALTER TABLE {LOGS} DETACH PARTITION {LOGS}_p2020_01")
    db.execute(f"DROP TABLE {LOGS}_p2020_01")
    with db.transaction():
        db.execute("SET LOCAL ROLE memory_owner")
        db.execute(f"ALTER TABLE {LOGS} DETACH PARTITION {LOGS}_p2019_06")
        db.execute(f"DROP TABLE {LOGS}_p2019_06")
    assert count(db, f"SELECT count(*) FROM {LOGS}") == 0
    # new partitions get the trigger too
    db.execute(f"SELECT memory_store.create_monthly_partition('{LOGS}', date '2019-01-01')")
    add_access_log(db, at="2019-01-02T00:00:00Z")
    with pytest.raises(psycopg.Error) as error:
        db.execute(f"DELETE FROM {LOGS}_p2019_01")
    assert error.value.sqlstate == "42501"


def test_the_auditor_reads_the_trail_of_api_calls(db):
    add_session(db, "s1")
    dispatch(db, {"action": "read", "payload": {"memory_id": "nope"}})
    rows = as_role(db, "memory_auditor", f"SELECT operation, success FROM {LOGS}")
    assert rows == [("read", False)]


# --------------------------------------------------------------------------- 6. hostile input

HOSTILE = [
    "'", "''", '"', "'; DROP TABLE memory_store.memory_entries; --", "x'); DELETE FROM canary.marker; --",
    "$$; DROP TABLE canary.marker; $$", "$fn$", "%I", "%s%s%L", "\\", "\\'; SELECT 1; --", "\\x00",
    "' OR '1'='1", "Robert'); DROP TABLE memory_store.sessions;--", "{{}}", "}{", "[]", "${x}", "`id`",
    "\u00e9t\u00e9 \u65e5\u672c \U0001F600", "\u202eevil", "a\tb\nc\r", "-- comment", "/* x */", ";",
    "memory_store.memory_entries", "pg_sleep(10)", "x" * 70, "y" * 5000,
]


@pytest.fixture
def canary(db):
    db.execute("CREATE SCHEMA canary")
    db.execute("CREATE TABLE canary.marker (n int)")
    db.execute("INSERT INTO canary.marker VALUES (1)")
    db.execute("GRANT USAGE ON SCHEMA canary TO PUBLIC")
    db.execute("GRANT ALL ON canary.marker TO PUBLIC")
    yield
    db.execute("DROP SCHEMA canary CASCADE")


def requests_for(value, memory_id):
    """Requests carrying VALUE in each text field of several actions (and as a JSON key)."""
    return [
        {"action": "create", "payload": {"memory_type": "context", "content": {"text": value, value: value},
                                         "tags": [value], "source_agent": value, "memory_id": value}},
        {"action": "create", "payload": {"memory_type": value, "content": {"text": "t"}}},
        {"action": "create", "session_id": value, "payload": {"memory_type": "context", "content": {}}},
        {"action": "read", "payload": {"memory_id": value}},
        {"action": "update", "payload": {"memory_id": memory_id, "content": {value: value}}},
        {"action": "search", "payload": {"query": value, "search_type": "keyword"}},
        {"action": "search", "payload": {"query": value, "filter": {"memory_type": value, "tags": [value],
                                                                    "session_id": value, "user_id": value}}},
        {"action": "batch_read", "payload": {"filter": {"memory_types": [value], "source_agent": value}}},
        {"action": "add_tags", "payload": {"memory_id": memory_id, "tags": [value]}},
        {"action": "remove_tags", "payload": {"memory_id": value, "tags": [value]}},
        {"action": "relate", "payload": {"source_memory_id": memory_id, "target_memory_id": value,
                                         "relationship_type": value}},
        {"action": "create_session", "payload": {"session_id": value, "user_id": value, "session_type": value}},
        {"action": "set_preference", "payload": {"user_id": value, "key": value, "value": value}},
        {"action": "upsert_profile", "payload": {"user_id": "u1", "profile_data": {value: value}}},
        {"action": "save_state", "payload": {"agent_id": value, "state_data": {value: value}}},
        {"action": "load_state", "payload": {"agent_id": value}},
        {"action": "tag_counts", "payload": {"user_id": value}},
        {"action": value, "request_id": value, "payload": {}},
    ]


def test_hostile_strings_are_data_or_envelope_errors_never_sql(db, canary):
    add_session(db, "s1", "u1")
    memory_id = dispatch(db, {"action": "create", "session_id": "s1",
                              "payload": {"memory_type": "context", "content": {"text": "anchor"}}})["data"]["memory_id"]
    tables = count(db, "SELECT count(*) FROM pg_class WHERE relnamespace = 'memory_store'::regnamespace")
    logs = count(db, f"SELECT count(*) FROM {LOGS}")
    codes = {}
    sent = 0
    db.execute("SET memory.agent_id = 'fuzzer'")
    for value in HOSTILE:
        for request in requests_for(value, memory_id):
            with db.transaction():
                db.execute("SET LOCAL ROLE memory_agent")
                response = dispatch(db, request)
            sent += 1
            assert response["status"] in ("success", "error"), (value, request)
            if response["status"] == "error":
                codes[response["error"]["code"]] = codes.get(response["error"]["code"], 0) + 1
                assert response["error"]["code"] != "internal_error", (value, request, response)
    assert count(db, f"SELECT count(*) FROM {LOGS}") == logs + sent
    assert count(db, "SELECT count(*) FROM pg_class WHERE relnamespace = 'memory_store'::regnamespace") == tables
    assert db.execute("SELECT array_agg(n) FROM canary.marker").fetchone()[0] == [1]
    assert set(codes) <= {"invalid_request", "validation_error", "memory_not_found", "session_not_found",
                          "storage_error"}
    # what was accepted was stored verbatim, as data
    stored = {r[0] for r in db.execute("SELECT tag FROM memory_store.memory_tags")}
    assert "'; DROP TABLE memory_store.memory_entries; --" in stored and "%I" in stored and "$fn$" in stored
    texts = {r[0] for r in db.execute("SELECT content->>'text' FROM memory_store.memory_entries")}
    assert "$$; DROP TABLE canary.marker; $$" in texts and "\\'; SELECT 1; --" in texts
    prefs = db.execute("SELECT preferences FROM memory_store.user_profiles "
                       "WHERE user_id = 'Robert''); DROP TABLE memory_store.sessions;--'").fetchone()[0]
    assert prefs == {"Robert'); DROP TABLE memory_store.sessions;--": "Robert'); DROP TABLE memory_store.sessions;--"}
