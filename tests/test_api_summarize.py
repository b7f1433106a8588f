"""Session summaries: memory_store.summarize_texts in both variants
(PL/Python, deployed here, and the SQL fallback, which must give the same
result), memory.summarize_session and the dispatch action summarize, and the
deploy variable summarize_language."""

import json
import random
import uuid

import psycopg
import pytest

from conftest import ROOT, TARGET, sqitch
from helpers import add_memory, add_session, count
from sqlfiles import variant

SUMMARIZE_FILE = ROOT / "functions" / "memory_store" / "summaries" / "summarize_texts.v2.sql"
SUMMARIZE = "SELECT memory.summarize_session(%s, %s, %s, %s, %s, %s)"


def raises(conn, sqlstate, sql, *params):
    with pytest.raises(psycopg.Error) as error:
        conn.execute(sql, params)
    assert error.value.sqlstate == sqlstate, error.value
    return error.value


def audit_rows(conn):
    return count(conn, "SELECT count(*) FROM memory_store.memory_access_logs")


def dispatch(conn, request):
    return conn.execute("SELECT memory.dispatch(%s::jsonb)", (json.dumps(request),)).fetchone()[0]


def summary_of(conn, session_id):
    return conn.execute("SELECT summary FROM memory_store.sessions WHERE session_id = %s", (session_id,)).fetchone()[0]


def summarize_texts(conn, texts, n, function="memory_store.summarize_texts"):
    return conn.execute(f"SELECT {function}(%s::text[], %s)", (texts, n)).fetchone()[0]


@pytest.fixture
def sql_variant(db):
    """The SQL fallback, created from its file in a scratch schema next to the deployed variant."""
    body = variant(SUMMARIZE_FILE, "plpgsql").replace("memory_store.summarize_texts", "scratch_summarize.summarize_texts")
    db.execute("CREATE SCHEMA scratch_summarize")
    db.execute(body)
    return "scratch_summarize.summarize_texts"


TRIP = ["I want to fly to Paris next week. My budget is 500 euros.",
        "Flights to Paris on Monday are cheap. The hotel near the Louvre is full.",
        "User likes window seats."]


# --- memory_store.summarize_texts: both variants -------------------------------

def test_the_deployed_summarizer_is_plpython(db):
    language = db.execute("SELECT l.lanname FROM pg_proc p JOIN pg_language l ON l.oid = p.prolang "
                          "WHERE p.oid = 'memory_store.summarize_texts(text[], integer)'::regprocedure").fetchone()[0]
    available = count(db, "SELECT count(*) FROM pg_available_extensions WHERE name = 'plpython3u'")
    assert language == ("plpython3u" if available else "plpgsql")


@pytest.mark.parametrize("variant", ["deployed", "sql"])
def test_summarize_texts_keeps_the_top_sentences_in_order(db, sql_variant, variant):
    function = "memory_store.summarize_texts" if variant == "deployed" else sql_variant
    assert summarize_texts(db, TRIP, 2, function) == \
        "I want to fly to Paris next week. Flights to Paris on Monday are cheap."
    assert summarize_texts(db, TRIP, 50, function) == " ".join(TRIP)
    assert summarize_texts(db, ["One. Two!  Three?\nFour", None, "one."], 10, function) == "One. Two! Three? Four"
    assert summarize_texts(db, [], 3, function) is None
    assert summarize_texts(db, ["", "   ", None], 3, function) is None
    assert summarize_texts(db, TRIP, 0, function) is None
    assert summarize_texts(db, None, 3, function) is None


def _random_texts(rng):
    vocabulary = ["paris", "train", "hotel", "the", "a", "budget", "is", "we'll", "Monday", "book", "seat", "it's",
                  "42", "euros", "and", "window", "coffee", "don't", "late", "early"]
    texts = []
    for _ in range(rng.randint(0, 6)):
        sentences = []
        for _ in range(rng.randint(1, 5)):
            words = [rng.choice(vocabulary) for _ in range(rng.randint(1, 9))]
            sentences.append(" ".join(words).capitalize() + rng.choice([".", "!", "?", "", "..."]))
        texts.append(rng.choice([" ", "\n", "  ", ". "]).join(sentences))
    return texts


def test_both_variants_give_the_same_summary(db, sql_variant):
    rng = random.Random(20261126)
    for _ in range(150):
        texts = _random_texts(rng)
        n = rng.randint(1, 6)
        assert summarize_texts(db, texts, n) == summarize_texts(db, texts, n, sql_variant), (texts, n)


def test_summarize_texts_is_internal_and_safely_owned(db, connect):
    fn = "'memory_store.summarize_texts(text[], integer)'::regprocedure"
    owner, secdef = db.execute(f"SELECT proowner::regrole::text, prosecdef FROM pg_proc WHERE oid = {fn}").fetchone()
    assert (owner, secdef) == ("memory_owner", False)
    for role in ("public", "memory_agent", "memory_dba", "memory_auditor"):
        assert not db.execute(f"SELECT has_function_privilege(%s, {fn}, 'EXECUTE')", (role,)).fetchone()[0], role
    language = db.execute(f"SELECT l.lanname FROM pg_proc p JOIN pg_language l ON l.oid = p.prolang "
                          f"WHERE p.oid = {fn}").fetchone()[0]
    if language != "plpython3u":
        pytest.skip("plpython3u is not available on this server")
    # The owner is not a superuser, so it cannot put other Python code into the function.
    db.execute("SET ROLE memory_owner")
    try:
        raises(db, "42501", "CREATE OR REPLACE FUNCTION memory_store.summarize_texts(p_texts text[], "
                            "p_max_sentences integer) RETURNS text LANGUAGE plpython3u AS $$return 'x'$$")
        raises(db, "42501", "CREATE FUNCTION memory_store.other_python() RETURNS text "
                            "LANGUAGE plpython3u AS $$return 'x'$$")
        # ... but it may run it, as the summarize API (SECURITY DEFINER, owned by memory_owner) does.
        assert summarize_texts(db, ["Hello there."], 1) == "Hello there."
    finally:
        db.execute("RESET ROLE")
    db.execute("SET ROLE memory_agent")
    try:
        raises(db, "42501", "SELECT memory_store.summarize_texts(ARRAY['x'], 1)")
    finally:
        db.execute("RESET ROLE")


# --- memory.summarize_session ---------------------------------------------------

@pytest.fixture
def trip(db):
    add_session(db, "s1")
    add_memory(db, "m1", session_id="s1", text=TRIP[0], memory_type="conversation",
               created_at="2026-01-01T10:00:00Z")
    add_memory(db, "m2", session_id="s1", text=TRIP[1], memory_type="conversation",
               created_at="2026-01-01T11:00:00Z")
    add_memory(db, "m3", session_id="s1", text=TRIP[2], memory_type="context", created_at="2026-01-01T12:00:00Z")
    # invisible: soft-deleted, expired; and another session's memory
    add_memory(db, "m4", session_id="s1", text="Paris Paris Paris deleted.", created_at="2026-01-01T10:30:00Z")
    db.execute("UPDATE memory_store.memory_entries SET is_active = false WHERE memory_id = 'm4'")
    add_memory(db, "m5", session_id="s1", text="Paris Paris expired.", created_at="2026-01-01T10:40:00Z")
    db.execute("UPDATE memory_store.memory_entries SET expires_at = now() - interval '1 second' "
               "WHERE memory_id = 'm5'")
    add_session(db, "s2")
    add_memory(db, "m6", session_id="s2", text="Paris elsewhere.")
    return "s1"


def test_summarize_session_summarizes_visible_memories(db, trip):
    before = audit_rows(db)
    summary = db.execute("SELECT memory.summarize_session('s1', p_max_sentences => 2)").fetchone()[0]
    assert summary == "I want to fly to Paris next week. Flights to Paris on Monday are cheap."
    assert summary_of(db, "s1") is None  # not stored unless asked
    assert audit_rows(db) == before + 1
    log = db.execute("SELECT operation, session_id, success FROM memory_store.memory_access_logs").fetchone()
    assert log == ("read", "s1", True)


def test_summarize_session_defaults_to_five_sentences(db, trip):
    summary = db.execute("SELECT memory.summarize_session('s1')").fetchone()[0]
    assert summary == " ".join(TRIP)


def test_summarize_session_filters_by_type_and_time(db, trip):
    assert db.execute(SUMMARIZE, ("s1", ["context"], None, None, 5, False)).fetchone()[0] == TRIP[2]
    assert db.execute(SUMMARIZE, ("s1", None, "2026-01-01T10:30:00Z", "2026-01-01T12:00:00Z", 5, False)
                      ).fetchone()[0] == TRIP[1]  # [after, before)
    assert db.execute(SUMMARIZE, ("s1", ["user_preference"], None, None, 5, False)).fetchone()[0] is None


def test_summarize_session_stores_the_summary(db, trip):
    updated_before = db.execute("SELECT updated_at FROM memory_store.sessions WHERE session_id = 's1'").fetchone()[0]
    summary = db.execute("SELECT memory.summarize_session('s1', p_max_sentences => 1, p_store => true)").fetchone()[0]
    assert summary and summary_of(db, "s1") == summary
    assert db.execute("SELECT updated_at FROM memory_store.sessions WHERE session_id = 's1'").fetchone()[0] \
        > updated_before
    assert db.execute("SELECT operation FROM memory_store.memory_access_logs").fetchone()[0] == "update"
    # nothing visible to summarize: NULL, and the stored summary stays
    assert db.execute(SUMMARIZE, ("s1", ["entity"], None, None, 5, True)).fetchone()[0] is None
    assert summary_of(db, "s1") == summary


def test_summarize_session_of_an_unknown_session_raises_mo002(db):
    raises(db, "MO002", "SELECT memory.summarize_session('nope', p_store => true)")


def test_summarize_session_requires_session_and_max_sentences(db, trip):
    raises(db, "22004", "SELECT memory.summarize_session(NULL)")
    raises(db, "22004", "SELECT memory.summarize_session('s1', p_max_sentences => NULL)")


@pytest.mark.parametrize("args", [
    ("s1", ["nope"], None, None, 5, True),
    ("s1", None, None, None, 0, True),
    ("s1", None, None, None, 51, True),
    ("s1", None, "2026-02-01", "2026-01-01", 5, True),
    ("x" * 65, None, None, None, 5, True),
], ids=["unknown type", "zero sentences", "too many sentences", "empty time range", "bad id"])
def test_summarize_session_validation_errors_write_nothing(db, trip, args):
    before = audit_rows(db)
    raises(db, "22023", SUMMARIZE, *args)
    assert summary_of(db, "s1") is None
    assert audit_rows(db) == before + 1  # one failed call leaves its row (the loopback)


def test_the_agent_role_may_summarize(db, trip):
    db.execute("SET ROLE memory_agent")
    try:
        assert db.execute("SELECT memory.summarize_session('s1', p_store => true)").fetchone()[0]
    finally:
        db.execute("RESET ROLE")


# --- dispatch summarize -------------------------------------------------------

def test_dispatch_summarize(db, trip):
    before = audit_rows(db)
    response = dispatch(db, {"action": "summarize", "session_id": "s1", "request_id": "r",
                             "payload": {"memory_types": ["conversation"], "max_sentences": 1, "store": True,
                                         "time_range": {"start": "2026-01-01T00:00:00Z",
                                                        "end": "2026-01-02T00:00:00Z"}}})
    assert response["status"] == "success" and response["action"] == "summarize" and response["error"] is None
    assert response["data"] == {"session_id": "s1", "summary": "I want to fly to Paris next week.",
                                "memory_count": 2, "stored": True}
    assert summary_of(db, "s1") == "I want to fly to Paris next week."
    assert audit_rows(db) == before + 1
    assert db.execute("SELECT operation, session_id, success FROM memory_store.memory_access_logs").fetchone() == \
        ("read", "s1", True)
    defaults = dispatch(db, {"action": "summarize", "payload": {"session_id": "s1", "memory_type": "context"}})
    assert defaults["data"] == {"session_id": "s1", "summary": TRIP[2], "memory_count": 1, "stored": False}


@pytest.mark.parametrize("request_, code", [
    ({"session_id": "nope"}, "session_not_found"),
    ({}, "invalid_request"),
    ({"session_id": "s1", "payload": {"max_sentences": "3"}}, "validation_error"),
    ({"session_id": "s1", "payload": {"max_sentences": 0}}, "validation_error"),
    ({"session_id": "s1", "payload": {"memory_types": ["nope"]}}, "validation_error"),
    ({"session_id": "s1", "payload": {"memory_types": "conversation"}}, "validation_error"),
    ({"session_id": "s1", "payload": {"time_range": {"start": "yesterday-ish"}}}, "validation_error"),
    ({"session_id": "s1", "payload": {"time_range": "2026"}}, "validation_error"),
    ({"session_id": "s1", "payload": {"store": "yes"}}, "validation_error"),
], ids=["unknown session", "no session", "max not a number", "max zero", "unknown type", "types not array",
        "bad start", "range not object", "store not boolean"])
def test_dispatch_summarize_errors(db, trip, request_, code):
    before = audit_rows(db)
    response = dispatch(db, {"action": "summarize", **request_})
    assert response["status"] == "error" and response["data"] is None
    assert response["error"]["code"] == code, response
    assert summary_of(db, "s1") is None
    assert audit_rows(db) == before + 1


# --- the deploy variable summarize_language -------------------------------------

@pytest.fixture
def scratch_database():
    name = f"mo_test_scratch_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(TARGET.uri("postgres"), autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    yield name
    with psycopg.connect(TARGET.uri("postgres"), autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def test_summarize_language_plpgsql_deploys_the_sql_variant(scratch_database):
    sqitch("deploy", scratch_database, "--set", "summarize_language=plpgsql")
    sqitch("verify", scratch_database)
    with psycopg.connect(TARGET.uri(scratch_database), autocommit=True) as conn:
        language = conn.execute("SELECT l.lanname FROM pg_proc p JOIN pg_language l ON l.oid = p.prolang WHERE "
                                "p.oid = 'memory_store.summarize_texts(text[], integer)'::regprocedure").fetchone()[0]
        assert language == "plpgsql"
        assert count(conn, "SELECT count(*) FROM pg_extension WHERE extname = 'plpython3u'") == 0
        add_session(conn, "s1")
        for i, text in enumerate(TRIP):
            add_memory(conn, f"m{i}", session_id="s1", text=text, created_at=f"2026-01-01T1{i}:00:00Z")
        assert conn.execute("SELECT memory.summarize_session('s1', p_max_sentences => 2, p_store => true)"
                            ).fetchone()[0] == "I want to fly to Paris next week. Flights to Paris on Monday are cheap."
    sqitch("revert", scratch_database, "-y")


def test_summarize_language_rejects_other_values(scratch_database):
    result = sqitch("deploy", scratch_database, "--set", "summarize_language=perl", check=False)
    assert result.returncode != 0
    assert "summarize_language must be auto or plpgsql" in result.stdout + result.stderr
    with psycopg.connect(TARGET.uri(scratch_database), autocommit=True) as conn:
        assert count(conn, "SELECT count(*) FROM pg_proc WHERE proname = 'summarize_session'") == 0


def test_revert_drops_plpython3u_only_when_the_deploy_created_it(db):
    dbname = db.info.dbname
    if not count(db, "SELECT count(*) FROM pg_available_extensions WHERE name = 'plpython3u'"):
        pytest.skip("plpython3u is not available on this server")
    assert count(db, "SELECT count(*) FROM pg_extension WHERE extname = 'plpython3u'") == 1
    sqitch("revert", dbname, "-y", "--to", "api_sessions")
    assert count(db, "SELECT count(*) FROM pg_extension WHERE extname = 'plpython3u'") == 0
    assert count(db, "SELECT count(*) FROM pg_proc WHERE proname IN ('summarize_texts', 'summarize_session')") == 0
    # installed beforehand by someone else: deploy uses it, revert keeps it
    db.execute("CREATE EXTENSION plpython3u")
    sqitch("deploy", dbname)
    sqitch("revert", dbname, "-y", "--to", "api_sessions")
    assert count(db, "SELECT count(*) FROM pg_extension WHERE extname = 'plpython3u'") == 1
    sqitch("deploy", dbname)
    sqitch("verify", dbname)
