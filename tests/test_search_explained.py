"""Explainable ranking (issue 17, point 4): every search result says what its
score was made of (score_components), rank_by = 'blended' weighs relevance by
recency and priority, search_metadata.complete says whether a filtered search
may have stopped short of its limit (change search_explained).

Rows are written straight into the tables; the search functions are called
typed and through memory.dispatch.
"""
import json
import math

import numpy as np
import pytest
from psycopg import errors

from helpers import add_session, add_tag
from test_api_search import DIM, dispatch, search, vec

FUNCTIONS = ["search_keyword", "search_semantic", "search_hybrid"]
E1 = np.zeros(DIM)
E1[0] = 1.0


def add(db, memory_id, text, embedding=None, session="s1", priority=5, age_days=0.0, memory_type="context"):
    """A memory last changed age_days ago, with an embedding when given."""
    db.execute(
        "INSERT INTO memory_store.memory_entries (memory_id, session_id, memory_type, content, priority, "
        "created_at, updated_at) VALUES (%s, %s, %s, %s::jsonb, %s, now() - %s * interval '1 day', "
        "now() - %s * interval '1 day')",
        (memory_id, session, memory_type, json.dumps({"text": text}), priority, age_days, age_days))
    if embedding is not None:
        db.execute("INSERT INTO memory_store.vector_embeddings (memory_id, embedding, embedding_model) "
                   "VALUES (%s, %s::extensions.vector, 'test-model')", (memory_id, vec(embedding)))


def unit(*pairs):
    v = np.zeros(DIM)
    for i, x in pairs:
        v[i] = x
    return v / np.linalg.norm(v)


def args_of(function, query="coffee", embedding=E1):
    return {"search_keyword": (query,), "search_semantic": (embedding,),
            "search_hybrid": (query, embedding)}[function]


def payload_of(function, query="coffee", embedding=E1):
    return {"search_keyword": {"query": query}, "search_semantic": {"query_embedding": list(embedding)},
            "search_hybrid": {"query": query, "query_embedding": list(embedding)}}[function]


@pytest.fixture
def world(db):
    add_session(db, "s1", "u1")
    add(db, "m1", "coffee coffee coffee with oat milk", unit((0, 1.0)))
    add(db, "m2", "coffee and a flight", unit((0, 1.0), (1, 0.5)))
    add(db, "m3", "a flight to Lisbon", unit((0, 1.0), (1, 2.0)))
    add(db, "m4", "coffee once", unit((0, 0.2), (2, 1.0)))
    return db


# --------------------------------------------------------------------------- score_components

def test_keyword_components_are_the_score_and_the_rank(world):
    rows = search(world, "search_keyword", "coffee")
    assert [r["memory_id"] for r in rows][:1] == ["m1"] and len(rows) == 3
    for rank, row in enumerate(rows, start=1):
        assert row["score_components"] == {"keyword_score": pytest.approx(row["score"]), "keyword_rank": rank}


def test_semantic_components_are_the_similarity_and_the_rank(world):
    rows = search(world, "search_semantic", E1)
    assert [r["memory_id"] for r in rows] == ["m1", "m2", "m3", "m4"]
    for rank, row in enumerate(rows, start=1):
        assert row["score_components"] == {"semantic_similarity": pytest.approx(row["similarity_score"]),
                                           "semantic_rank": rank}
        assert row["score"] == pytest.approx(row["similarity_score"])


def test_hybrid_components_are_both_lists_ranks_and_the_fused_value(world):
    rows = search(world, "search_hybrid", "flight", E1, rrf_k=10)
    by_id = {r["memory_id"]: r["score_components"] for r in rows}
    assert set(by_id) == {"m1", "m2", "m3", "m4"}
    for row in rows:
        c = row["score_components"]
        assert set(c) == {"keyword_score", "keyword_rank", "semantic_similarity", "semantic_rank", "rrf_k", "fused"}
        assert c["rrf_k"] == 10 and c["fused"] == pytest.approx(row["score"])
        parts = [1.0 / (10 + c[k]) for k in ("keyword_rank", "semantic_rank") if c[k] is not None]
        assert c["fused"] == pytest.approx(sum(parts))
        assert c["semantic_similarity"] == pytest.approx(row["similarity_score"])
    # m1 and m4 do not hold "flight": semantic list only
    assert by_id["m1"]["keyword_rank"] is None and by_id["m1"]["keyword_score"] is None
    assert by_id["m2"]["keyword_rank"] is not None and by_id["m2"]["semantic_rank"] == 2


@pytest.mark.parametrize("function", FUNCTIONS)
def test_dispatch_results_carry_the_components_of_the_typed_call(world, function):
    typed = search(world, function, *args_of(function))
    response = dispatch(world, payload_of(function))
    assert response["status"] == "success", response
    assert [r["memory_id"] for r in response["data"]["results"]] == [r["memory_id"] for r in typed]
    assert [r["score_components"] for r in response["data"]["results"]] == \
        [json.loads(json.dumps(r["score_components"])) for r in typed]


# --------------------------------------------------------------------------- rank_by

@pytest.mark.parametrize("function", FUNCTIONS)
def test_relevance_is_the_default_order(world, function):
    default = search(world, function, *args_of(function))
    relevance = search(world, function, *args_of(function), rank_by="relevance")
    assert [(r["memory_id"], r["score"]) for r in default] == [(r["memory_id"], r["score"]) for r in relevance]


@pytest.fixture
def stale_and_fresh(db):
    """Two memories of equal relevance: a stale trivial one (90 days, priority 1)
    whose id sorts first, and a fresh important one (priority 9)."""
    add_session(db, "s1", "u1")
    add(db, "a-stale", "coffee order", E1, priority=1, age_days=90)
    add(db, "b-fresh", "coffee order", E1, priority=9, age_days=0)
    return db


@pytest.mark.parametrize("function", FUNCTIONS)
def test_blended_puts_a_fresh_important_memory_before_a_stale_trivial_one(stale_and_fresh, function):
    db = stale_and_fresh
    relevance = search(db, function, *args_of(function, "coffee order"))
    assert relevance[0]["score"] == pytest.approx(relevance[1]["score"])  # equal relevance
    if function != "search_keyword":  # keyword breaks ties by recency already
        assert relevance[0]["memory_id"] == "a-stale"
    blended = search(db, function, *args_of(function, "coffee order"), rank_by="blended")
    assert [r["memory_id"] for r in blended] == ["b-fresh", "a-stale"]
    fresh, stale = (r["score_components"] for r in blended)
    # the documented formula: relevance * 0.5 ^ (age / 30 days) * (10 + priority) / 20
    assert stale["half_life_seconds"] == 30 * 86400
    assert stale["recency_factor"] == pytest.approx(0.5 ** 3, rel=1e-3)
    assert fresh["recency_factor"] == pytest.approx(1.0, rel=1e-3)
    assert (fresh["priority_factor"], stale["priority_factor"]) == (pytest.approx(0.95), pytest.approx(0.55))
    for row, c in zip(blended, (fresh, stale)):
        assert c["relevance"] == pytest.approx(relevance[0]["score"])
        assert c["blended"] == pytest.approx(c["relevance"] * c["recency_factor"] * c["priority_factor"])
        assert row["score"] == pytest.approx(c["blended"])
    response = dispatch(db, {**payload_of(function, "coffee order"), "rank_by": "blended"})
    assert [r["memory_id"] for r in response["data"]["results"]] == ["b-fresh", "a-stale"]
    assert response["data"]["search_metadata"]["rank_by"] == "blended"


def test_blended_ranks_from_a_pool_wider_than_the_limit(db):
    """The freshest memory is the least similar of five: relevance with limit 2
    misses it, blended (a pool of 4 x limit) finds it."""
    add_session(db, "s1", "u1")
    for i in range(4):
        add(db, f"old{i}", "coffee", unit((0, 1.0), (1, 0.1 * i)), age_days=365)
    add(db, "new", "coffee", unit((0, 1.0), (1, 0.6)), age_days=0)
    assert "new" not in [r["memory_id"] for r in search(db, "search_semantic", E1, limit=2)]
    assert search(db, "search_semantic", E1, limit=2, rank_by="blended")[0]["memory_id"] == "new"


def test_the_half_life_is_a_setting(stale_and_fresh):
    db = stale_and_fresh
    db.execute("SET memory_store.rank_half_life = '90 days'")
    stale = search(db, "search_semantic", E1, rank_by="blended")[1]["score_components"]
    assert stale["half_life_seconds"] == 90 * 86400 and stale["recency_factor"] == pytest.approx(0.5, rel=1e-3)
    db.execute("SET memory_store.rank_half_life = 'soon'")
    with pytest.raises(errors.InvalidParameterValue) as failure:
        search(db, "search_semantic", E1, rank_by="blended")
    assert "rank_half_life" in str(failure.value)
    response = dispatch(db, {"query_embedding": list(E1), "rank_by": "blended"})
    assert response["error"]["code"] == "validation_error", response
    db.execute("RESET memory_store.rank_half_life")


@pytest.mark.parametrize("function", FUNCTIONS)
def test_a_bad_rank_by_is_a_typed_error(world, function):
    with pytest.raises(errors.InvalidParameterValue) as failure:
        search(world, function, *args_of(function), rank_by="newest")
    assert "rank_by must be relevance or blended" in str(failure.value)
    with pytest.raises(errors.NullValueNotAllowed):
        search(world, function, *args_of(function), rank_by=None)
    response = dispatch(world, {**payload_of(function), "rank_by": "newest"})
    assert response["status"] == "error" and response["error"]["code"] == "validation_error", response
    assert "rank_by" in response["error"]["message"]


def test_an_as_of_in_the_future_is_a_typed_error(world):
    with pytest.raises(errors.InvalidParameterValue) as failure:
        search(world, "search_keyword", "coffee", as_of="2999-01-01T00:00:00Z")
    assert "in the future" in str(failure.value)
    response = dispatch(world, {"query": "coffee", "as_of": "2999-01-01T00:00:00Z"})
    assert response["error"]["code"] == "validation_error", response


def test_as_of_checks_its_arguments_as_the_current_searches_do(world):
    past = instant(world)
    with pytest.raises(errors.InvalidParameterValue, match="rrf_k must be between 1 and 10000"):
        search(world, "search_hybrid", "coffee", E1, rrf_k=0, as_of=past)
    with pytest.raises(errors.InvalidParameterValue, match="min_similarity must be between -1 and 1"):
        search(world, "search_semantic", E1, min_similarity=2.0, as_of=past)
    with pytest.raises(errors.InvalidParameterValue, match="dimensions"):
        search(world, "search_semantic", np.ones(3), as_of=past)
    with pytest.raises(errors.ProgramLimitExceeded):
        search(world, "search_keyword", " ".join(f"w{i}" for i in range(40)), as_of=past)
    with pytest.raises(errors.InvalidParameterValue, match="limit must be between"):
        search(world, "search_keyword", "coffee", limit=0, as_of=past, rank_by="blended")


# --------------------------------------------------------------------------- complete

def complete_of(db):
    return db.execute("SELECT current_setting('memory_store.search_complete')").fetchone()[0]


@pytest.fixture
def tagged(db):
    """Ten memories of u1, one tagged "rare"."""
    add_session(db, "s1", "u1")
    for i in range(10):
        add(db, f"m{i}", f"coffee note {i}", unit((0, 1.0), (1, 0.1 * i)))
    add_tag(db, "m7", "rare")
    return db


def test_a_full_list_is_complete(tagged):
    response = dispatch(tagged, {"query_embedding": list(E1), "filters": {"limit": 5}})
    assert response["data"]["total_count"] == 5 and response["data"]["search_metadata"]["complete"] is True


def test_a_short_list_from_an_exact_scan_is_complete(tagged):
    """The tenant is small: its vectors are scanned exactly, so one hit means one
    matching memory."""
    response = dispatch(tagged, {"query_embedding": list(E1),
                                 "filters": {"limit": 5, "tags": ["rare"], "user_id": "u1"}})
    assert [r["memory_id"] for r in response["data"]["results"]] == ["m7"]
    assert response["data"]["search_metadata"]["complete"] is True
    search(tagged, "search_semantic", E1, tags=["rare"], user_id="u1", limit=5)
    assert complete_of(tagged) == "true"


def test_a_short_keyword_list_is_complete(tagged):
    response = dispatch(tagged, {"query": "coffee", "filters": {"limit": 5, "tags": ["rare"]}})
    assert response["data"]["total_count"] == 1 and response["data"]["search_metadata"]["complete"] is True


@pytest.mark.parametrize("function", ["search_semantic", "search_hybrid"])
def test_a_short_list_from_the_hnsw_scan_may_be_incomplete(tagged, function):
    """Acting for every tenant (no user to scan exactly), the HNSW index is
    walked with the filter and pgvector's iterative scan may give up: fewer than
    limit hits say complete = false."""
    response = dispatch(tagged, {**payload_of(function), "filters": {"limit": 5, "tags": ["rare"]}})
    assert response["data"]["total_count"] == 1
    assert response["data"]["search_metadata"]["complete"] is False
    search(tagged, function, *args_of(function), tags=["rare"], limit=5)
    assert complete_of(tagged) == "false"
    audit = tagged.execute("SELECT request_data FROM memory_store.memory_access_logs "
                           "WHERE operation = 'search' ORDER BY log_id DESC LIMIT 1").fetchone()[0]
    assert audit["complete"] is False and audit["rank_by"] == "relevance"


# --------------------------------------------------------------------------- as_of

def instant(db):
    """A moment strictly between the transactions before and after it."""
    return db.execute("SELECT clock_timestamp()").fetchone()[0]


@pytest.fixture
def timeline(db):
    """Instants t0..t5 around: create m1 and m2 (t1), update m1's text and
    embedding away from "coffee" / E1 (t2), soft-delete m2 (t3), create m3
    (t4), restore m2 (t5)."""
    add_session(db, "s1", "u1")
    near = unit((0, 1.0), (1, 0.05))
    far = unit((5, 1.0))
    t = [instant(db)]
    add(db, "m1", "coffee alpha", E1)
    add(db, "m2", "coffee beta", near)
    t.append(instant(db))
    db.execute("UPDATE memory_store.memory_entries SET content = '{\"text\": \"tea gamma\"}' WHERE memory_id = 'm1'")
    db.execute("UPDATE memory_store.vector_embeddings SET embedding = %s::extensions.vector WHERE memory_id = 'm1'",
               (vec(far),))
    t.append(instant(db))
    db.execute("UPDATE memory_store.memory_entries SET is_active = false WHERE memory_id = 'm2'")
    t.append(instant(db))
    add(db, "m3", "coffee delta", E1)
    t.append(instant(db))
    db.execute("UPDATE memory_store.memory_entries SET is_active = true WHERE memory_id = 'm2'")
    t.append(instant(db))
    return db, t


# what "coffee" near E1 (similarity >= 0.9) finds as the store stood at t0..t5
EXPECTED = [set(), {"m1", "m2"}, {"m2"}, set(), {"m3"}, {"m2", "m3"}]


def as_of_args(function):
    return args_of(function, "coffee", E1)


def as_of_named(function):
    return {} if function == "search_keyword" else {"min_similarity": 0.9}


@pytest.mark.parametrize("function", FUNCTIONS)
def test_as_of_answers_as_the_store_stood_across_create_update_delete_restore(timeline, function):
    db, t = timeline
    for instant_, expected in zip(t, EXPECTED):
        rows = search(db, function, *as_of_args(function), as_of=instant_, **as_of_named(function))
        assert {r["memory_id"] for r in rows} == expected, (instant_, rows)
        assert all(r["score_components"]["as_of"] is not None for r in rows)
    # today's answer is the current search's
    now = search(db, function, *as_of_args(function), as_of=instant(db), **as_of_named(function))
    current = search(db, function, *as_of_args(function), **as_of_named(function))
    assert [(r["memory_id"], pytest.approx(r["score"])) for r in now] == [(r["memory_id"], r["score"]) for r in current]


@pytest.mark.parametrize("function", FUNCTIONS)
def test_as_of_gives_the_version_valid_then(timeline, function):
    db, t = timeline
    m1 = {r["memory_id"]: r for r in search(db, function, *as_of_args(function), as_of=t[1])}["m1"]
    assert m1["content"] == {"text": "coffee alpha"} and m1["text_content"] == "coffee alpha"
    if function != "search_keyword":
        # the embedding current then (E1), not today's
        assert m1["similarity_score"] == pytest.approx(1.0)
        assert m1["score_components"]["semantic_similarity"] == pytest.approx(1.0)


@pytest.mark.parametrize("function", FUNCTIONS)
def test_as_of_includes_a_memory_deleted_then_only_with_include_inactive(timeline, function):
    db, t = timeline
    rows = search(db, function, *as_of_args(function), as_of=t[3], include_inactive=True, **as_of_named(function))
    assert {r["memory_id"]: r["is_active"] for r in rows} == {"m2": False}


@pytest.mark.parametrize("function", FUNCTIONS)
def test_dispatch_as_of(timeline, function):
    db, t = timeline
    payload = {**payload_of(function, "coffee", E1), "as_of": t[1].isoformat(),
               "filters": {**as_of_named(function), "user_id": "u1"}}
    response = dispatch(db, payload)
    assert response["status"] == "success", response
    assert {r["memory_id"] for r in response["data"]["results"]} == {"m1", "m2"}
    assert response["data"]["search_metadata"]["as_of"] is not None
    assert response["data"]["search_metadata"]["complete"] is True
    blended = dispatch(db, {**payload, "rank_by": "blended"})
    assert {r["memory_id"] for r in blended["data"]["results"]} == {"m1", "m2"}
    bad = dispatch(db, {**payload, "as_of": "yesterday-ish"})
    assert bad["status"] == "error" and bad["error"]["code"] == "validation_error", bad
