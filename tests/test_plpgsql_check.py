"""Static check of every PL/pgSQL function of the package with plpgsql_check:
every function in schemas memory and memory_store (trigger functions with
the table their trigger is on), plus the SQL fallback of
memory_store.summarize_texts, which is not deployed where plpython3u exists.
Any error or warning fails, in every class plpgsql_check has (other, extra,
performance, security, compatibility), except the findings listed in
ACCEPTED, each with its reason."""

import re

import psycopg
import pytest

from conftest import ROOT, TARGET
from sqlfiles import variant

# (function, level, message, detail) -> why it is accepted. Only findings in
# files this change cannot edit (released or owned by another change) are
# here; each is reported to their owners.
ACCEPTED = {
    ("memory_store.create_monthly_partition(regclass,date)", "performance",
     "target type is different type than source type", 'cast "text" value to "name" type'):
        "format(...) builds the partition name as text and assigns it to a name variable once per call "
        "(a DDL helper run monthly): the implicit cast costs nothing measurable.",
    ("memory.dispatch(jsonb)", "performance",
     "target type is different type than source type", 'cast "character varying" value to "text" type'):
        "dispatch_actions.operation is varchar(16) read once per request into a text variable: "
        "varchar -> text is a binary-coercible no-op, not a per-row cast.",
    ("memory_store.create_monthly_partition(regclass,date)", "security",
     "text type variable is not sanitized", "The EXECUTE expression is SQL injection vulnerable."):
        "false positive: v_columns is string_agg(quote_ident(attname)) of the parent's own columns, every other "
        "identifier goes through %I or a regclass.",
}

# Findings accepted by rule, each with its reason.
def accepted_by_rule(function: str, level: str, message: str, detail) -> str | None:
    if function.startswith("memory_store.dispatch_") and message == 'unused parameter "p_session_id"':
        return ("every dispatch handler has the same signature (payload, envelope session_id) so that "
                "memory.dispatch can call any of them; handlers that have no use for the session ignore it")
    if level == "security" and message == "text type variable is not sanitized" and function.startswith(
            ("memory_store.search_keyword_impl(", "memory_store.search_semantic_impl(",
             "memory_store.search_hybrid_impl(")):
        return ("false positive: the search statement is assembled from constant SQL fragments chosen by which "
                "filters are present (memory_store.search_filter_sql); every value is passed with USING $n, "
                "never interpolated (tests/test_api_search.py feeds hostile strings through every filter)")
    if function.startswith("memory_store.search_keyword_candidates("):
        if level == "security" and message == "text type variable is not sanitized":
            return ("false positive: the keyword candidates statement is assembled from constant SQL fragments "
                    "(memory_store.search_filter_sql, and the tenant condition me.user_id = $15); every value is "
                    "passed with USING $n (tests/test_api_search.py feeds hostile strings through every filter)")
        if message.startswith("OUT variable") and "maybe unmodified" in message:
            return ("RETURN QUERY EXECUTE fills the OUT columns from the dynamic statement, which a static check "
                    "cannot see")
    if function.startswith("memory_store.search_keyword_impl(") and "should be STABLE" in message:
        return "plpgsql_check cannot see through the dynamic statement; the function only reads, but it is "\
               "left VOLATILE like the other two searches, which set hnsw.* settings"
    if "should be STABLE" in message and function.startswith(
            ("memory_store.drop_old_log_partition(", "memory_store.purge_old_default_logs(",
             "memory_store.create_monthly_partition(",
             "memory_store.schedule_jobs(", "memory_store.unschedule_jobs(", "memory_store.archive_sync_columns(",
             "memory_store.archive_copy(")):
        return ("plpgsql_check cannot see through the dynamic statement, which writes: DETACH / DROP of a "
                "partition, DELETE from the default partition, cron.schedule_in_database, cron.unschedule, "
                "LOCK TABLE, CREATE TABLE ... PARTITION OF and INSERT ... SELECT between a hot table and its "
                "archive table")
    if function.startswith("memory_store.run_batches(") and level == "security" \
            and message == "text type variable is not sanitized":
        return ("the step is a statement of the calling job procedure (constant text, values through format %L); "
                "run_batches runs as its caller (SECURITY INVOKER) and only memory_dba may call it, so it grants "
                "no right the caller lacks")
    if function == "memory_store.archive_sync_columns()" and level == "security" \
            and message == "text type variable is not sanitized":
        return ("false positive: the ALTER TABLE is built from catalog values only: the archive table as regclass, "
                "the column name through %I, its type from format_type() and a generated column's expression "
                "from pg_get_expr(); nothing comes from a caller (the function takes no argument)")
    if function.startswith("memory_store.relate_impl(") and message == "control reached end of function without RETURN":
        return "false positive: the function's only way out of its retry LOOP is RETURN (or an exception)"
    if function == "memory_store.import_contextual_batch(bigint,integer)" and (
            message.startswith(('relation "pg_temp.import_window"', 'relation "pg_temp.import_batch"'))
            or message.startswith("unused parameter")):
        return ("import_contextual_batch builds its batch in temp tables at run time, which a static check cannot "
                "see (nor, then, the statements that use its parameters); its statements run in "
                "tests/test_import_messy.py (the batch path writes what the record path writes)")
    if function == "memory_store.import_restore_indexes()" and level == "security" \
            and message == "text type variable is not sanitized":
        return ("false positive: the statement is pg_get_indexdef() of an index of memory_store.vector_embeddings, "
                "stored by import_prepare in memory_store.import_deferred_indexes, which only the owner writes "
                "(memory_dba may only read it)")
    return None


CHECK = """
SELECT p.oid::regprocedure::text AS function, c.level, c.message, c.detail, c.lineno, c.statement, c.sqlstate,
       relid.tgrelid::regclass::text AS relation
  FROM pg_proc p
  JOIN pg_language l ON l.oid = p.prolang
  -- A trigger function is checked against its table, with the transition
  -- tables its statement triggers declare (one function may serve several).
  LEFT JOIN LATERAL (SELECT (array_agg(t.tgrelid ORDER BY t.tgrelid))[1] AS tgrelid,
                            max(t.tgoldtable::text)::name AS tgoldtable,
                            max(t.tgnewtable::text)::name AS tgnewtable
                       FROM pg_trigger t
                      WHERE t.tgfoid = p.oid AND t.tgparentid = 0) AS relid ON true
 CROSS JOIN LATERAL public.plpgsql_check_function_tb(
           p.oid, coalesce(relid.tgrelid, 0),
           fatal_errors => false, other_warnings => true, extra_warnings => true,
           performance_warnings => true, security_warnings => true, compatibility_warnings => true,
           oldtable => relid.tgoldtable, newtable => relid.tgnewtable) AS c
 WHERE l.lanname = 'plpgsql'
   AND p.pronamespace = ANY (%s::regnamespace[])
 ORDER BY 1, c.lineno
"""


@pytest.fixture
def checked(db):
    db.execute("CREATE EXTENSION plpgsql_check")
    # The SQL variant of summarize_texts, from its file, in a scratch schema.
    body = variant(ROOT / "functions" / "memory_store" / "summaries" / "summarize_texts.v2.sql", "plpgsql")
    db.execute("CREATE SCHEMA scratch_check")
    db.execute(body.replace("memory_store.summarize_texts", "scratch_check.summarize_texts"))
    return db


def test_every_plpgsql_function_is_checked(checked):
    functions = checked.execute(
        "SELECT p.oid::regprocedure::text, p.prorettype = 'trigger'::regtype, "
        "       EXISTS (SELECT 1 FROM pg_trigger t WHERE t.tgfoid = p.oid AND t.tgparentid = 0) "
        "  FROM pg_proc p JOIN pg_language l ON l.oid = p.prolang "
        " WHERE l.lanname = 'plpgsql' AND p.pronamespace IN ('memory'::regnamespace, 'memory_store'::regnamespace)"
    ).fetchall()
    assert len(functions) > 30
    # plpgsql_check can check a trigger function only with its relation: every one has a trigger.
    assert [name for name, is_trigger, has_trigger in functions if is_trigger and not has_trigger] == []
    assert sum(1 for _, is_trigger, _ in functions if is_trigger) >= 4


# pg_cron lives in one database (cron.database_name). The functions that read
# or schedule its jobs guard every use with to_regclass / to_regprocedure
# and build the statement at run time, but a checker that folds constant
# format() calls still sees cron.job where there is no schema cron. Only in
# a database without it is such a finding accepted; in the pg_cron database
# the same functions must check clean (test below).
CRON_FUNCTIONS = ("memory_store.job_status_rows()", "memory_store.prune_job_history()",
                  "memory_store.schedule_jobs()", "memory_store.unschedule_jobs()")
CRON_MISSING = re.compile(r'(relation|schema) "cron(\.[a-z_]+)?" does not exist')


def cron_absent_here(conn) -> bool:
    return conn.execute("SELECT to_regnamespace('cron') IS NULL").fetchone()[0]


def unexpected_findings(findings, cron_absent: bool) -> list[str]:
    unexpected = []
    for function, level, message, detail, lineno, statement, sqlstate, relation in findings:
        if (function, level, message, detail) in ACCEPTED or accepted_by_rule(function, level, message, detail):
            continue
        if cron_absent and function in CRON_FUNCTIONS and CRON_MISSING.search(message or ""):
            continue
        unexpected.append(f"{function} [{relation or '-'}] line {lineno} {statement}: {level} {sqlstate} "
                          f"{message} ({detail})")
    return unexpected


def test_plpgsql_check_finds_nothing(checked):
    findings = checked.execute(CHECK, (["memory", "memory_store", "scratch_check"],)).fetchall()
    unexpected = unexpected_findings(findings, cron_absent_here(checked))
    assert unexpected == [], "plpgsql_check findings:\n" + "\n".join(unexpected)


def test_pg_cron_functions_check_clean_in_the_pg_cron_database(db):
    """Where pg_cron lives, its functions are checked against the real cron
    schema, with no allowance (plpgsql_check installed for the check only,
    rolled back)."""
    cron_db = db.execute("SELECT current_setting('cron.database_name', true)").fetchone()[0]
    if cron_db is None:
        pytest.skip("pg_cron is not preloaded on this server")
    with psycopg.connect(TARGET.uri(cron_db)) as conn:
        if conn.execute("SELECT to_regprocedure('memory_store.job_status_rows()') IS NULL "
                        "OR to_regnamespace('cron') IS NULL").fetchone()[0]:
            pytest.skip(f"the package or pg_cron is not in the pg_cron database {cron_db}")
        conn.execute("CREATE EXTENSION IF NOT EXISTS plpgsql_check")
        findings = [f for f in conn.execute(CHECK, (["memory_store"],)).fetchall() if f[0] in CRON_FUNCTIONS]
        conn.rollback()
    assert unexpected_findings(findings, cron_absent=False) == []


def test_plpgsql_check_would_catch_a_broken_function(checked):
    """The check itself works: a function with a wrong column and a trigger
    function checked against its table are reported."""
    checked.execute("CREATE FUNCTION scratch_check.broken() RETURNS int LANGUAGE plpgsql AS "
                    "$$BEGIN RETURN (SELECT no_such_column FROM memory_store.sessions LIMIT 1); END$$")
    checked.execute("CREATE FUNCTION scratch_check.broken_trigger() RETURNS trigger LANGUAGE plpgsql AS "
                    "$$BEGIN NEW.no_such_column := 1; RETURN NEW; END$$")
    checked.execute("CREATE TRIGGER broken BEFORE UPDATE ON memory_store.sessions "
                    "FOR EACH ROW EXECUTE FUNCTION scratch_check.broken_trigger()")
    findings = {row[0] for row in checked.execute(CHECK, (["scratch_check"],)) if row[1] == "error"}
    assert findings == {"scratch_check.broken()", "scratch_check.broken_trigger()"}
