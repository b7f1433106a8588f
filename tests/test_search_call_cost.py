"""The fixed cost of a search call (change search_call_cost, issue 16 point
2): the audit row a typed search writes in place is the row
memory_store.audit would have written (the request sanitized exactly where
sanitizing changes it), the bounds are inlined as constants, the typed
searches are planned once per session, and the semantic results carry their
tags in order."""

import json

import pytest

from helpers import add_embedding, add_memory, add_session, add_tag

LOGS = "memory_store.memory_access_logs"
VECTOR = "[" + ",".join(["0.5"] * 1536) + "]"


@pytest.fixture
def store(db):
    add_session(db, "s1", "u1")
    for i in range(3):
        add_memory(db, f"m{i}", session_id="s1", text=f"coffee in Lisbon {i}")
        add_embedding(db, f"m{i}", value=0.5 + i / 100)
    for tag in ("b-tag", "a-tag", "c-tag"):
        add_tag(db, "m1", tag)
    return db


def last_request(db):
    return db.execute(f"SELECT request_data, session_id, memory_id, success FROM {LOGS} "
                      "ORDER BY log_id DESC LIMIT 1").fetchone()


def audit_would_write(db, raw):
    """What memory_store.audit wrote for a search: the whole request through sanitize_request."""
    return db.execute("SELECT memory_store.sanitize_request(%s::jsonb)", (json.dumps(raw),)).fetchone()[0]


KEYWORD_KEYS = {"search_type": "keyword", "memory_types": None, "session_id": None, "user_id": None,
                "source_agent": None, "tags": None, "created_after": None, "created_before": None,
                "include_inactive": False, "limit": 10, "rank_by": "relevance", "as_of": None}


@pytest.mark.parametrize("query, tags, types", [
    ("coffee Lisbon", None, None),                                   # nothing to sanitize
    ("coffee " * 60, None, None),                                    # a query over 200 characters
    ("coffee", [f"t{i}" for i in range(25)], None),                  # more than 20 tags
    ("coffee", None, ["context"] * 21),                              # more than 20 memory types
    ("x" * 200, [f"t{i}" for i in range(20)], ["context"] * 20),     # exactly at every bound
])
def test_a_keyword_search_audits_what_audit_would_have(store, query, tags, types):
    rows = store.execute("SELECT memory_id FROM memory.search_keyword(%s, p_tags => %s, p_memory_types => %s)",
                         (query, tags, types)).fetchall()
    raw = dict(KEYWORD_KEYS, query=query, tags=tags, memory_types=types, result_count=len(rows), complete=True)
    request, session, memory, success = last_request(store)
    assert request == audit_would_write(store, raw)
    assert (session, memory, success) == (None, None, True)


def test_a_long_query_is_cut_in_the_audit_row(store):
    store.execute("SELECT * FROM memory.search_keyword(%s)", ("lisbon " * 50,))
    request = last_request(store)[0]
    assert request["query"].startswith("lisbon lisbon") and request["query"].endswith("[350 chars]")


def test_a_semantic_search_audits_the_dimension_not_the_vector(store):
    rows = store.execute("SELECT memory_id FROM memory.search_semantic(%s::extensions.vector, p_session_id => 's1', "
                         "p_user_id => 'u1', p_min_similarity => 0.5)", (VECTOR,)).fetchall()
    assert len(rows) == 3
    request, session, memory, success = last_request(store)
    assert request == {"search_type": "semantic", "memory_types": None, "session_id": "s1", "user_id": "u1",
                       "source_agent": None, "tags": None, "created_after": None, "created_before": None,
                       "include_inactive": False, "limit": 10, "min_similarity": 0.5, "embedding_model": None,
                       "rank_by": "relevance", "as_of": None, "embedding_dimensions": 1536,
                       "result_count": 3, "complete": True}
    assert (session, memory, success) == ("s1", None, True)


def test_a_search_names_only_a_session_that_exists(store):
    store.execute("SELECT * FROM memory.search_keyword('coffee', p_session_id => 'no-such-session')")
    request, session, _, _ = last_request(store)
    assert request["session_id"] == "no-such-session" and session is None


def test_a_failed_search_is_still_audited_as_failed(store):
    before = store.execute(f"SELECT count(*) FROM {LOGS}").fetchone()[0]
    with pytest.raises(Exception) as failure:
        store.execute("SELECT * FROM memory.search_semantic('[1,2,3]'::extensions.vector)")
    assert failure.value.sqlstate == "22023"
    store.rollback()
    assert store.execute(f"SELECT count(*) FROM {LOGS}").fetchone()[0] == before + 1
    request, _, _, success = last_request(store)
    assert success is False and request["embedding_dimensions"] == 3 and "embedding" not in request


def test_semantic_results_carry_their_tags_in_order(store):
    tags = dict(store.execute("SELECT memory_id, tags FROM memory.search_semantic(%s::extensions.vector)",
                              (VECTOR,)).fetchall())
    assert tags == {"m0": [], "m1": ["a-tag", "b-tag", "c-tag"], "m2": []}


@pytest.mark.parametrize("call", ["memory_store.limits()", "memory_store.search_budget()"])
def test_the_bounds_are_inlined_as_constants(db, call):
    plan = "\n".join(r[0] for r in db.execute(f"EXPLAIN (VERBOSE, COSTS OFF) SELECT * FROM {call}"))
    assert "Function Scan" not in plan, plan
    assert "Result" in plan


def test_the_typed_searches_are_planned_once_per_session(db):
    languages = dict(db.execute(
        "SELECT p.proname, l.lanname FROM pg_proc p JOIN pg_language l ON l.oid = p.prolang "
        "WHERE p.pronamespace = 'memory'::regnamespace "
        "AND p.proname IN ('search_keyword', 'search_semantic', 'search_hybrid')").fetchall())
    assert languages == {"search_keyword": "plpgsql", "search_semantic": "plpgsql", "search_hybrid": "plpgsql"}
