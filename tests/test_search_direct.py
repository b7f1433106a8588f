"""The common semantic search without the layers (change search_semantic_direct,
issue 16 point 2): memory.search_semantic answers a search ranked by relevance,
now, through memory_store.search_semantic_direct, and the layered path answers
the rest. Both give the same rows; each search leaves one audit row with the
request as the layered path records it; pgvector's and the planner's settings
come back as the caller had them; the rows' statement starts only the
partitions the candidates span."""

import numpy as np
import psycopg
import pytest
from helpers import count
from test_search_filter_columns import CASES, corpus, unit, vec  # noqa: F401 (corpus is a fixture)

LOGS = "SELECT count(*) FROM memory_store.memory_access_logs WHERE operation = 'search'"


def rows(db, function, args, query, limit=10):
    return db.execute(f"SELECT * FROM {function}(p_embedding => %s::extensions.vector, p_limit => {limit}{args})",
                      (vec(query),)).fetchall()


@pytest.mark.parametrize("args, _unused, _keep", CASES)
def test_the_direct_statement_answers_as_the_layered_path(db, corpus, args, _unused, _keep):
    """Every column alike - ids, rows, tags, scores, score components - for each
    filter of the filter-column tests, small sets (exact scans) and the whole
    corpus (the HNSW index) alike."""
    db.execute("INSERT INTO memory_store.memory_tags (memory_id, tag) SELECT memory_id, 'tag-' || right(memory_id, 1) "
               "FROM memory_store.memory_entries")
    query = unit(7)
    direct = rows(db, "memory.search_semantic", args, query)
    layered = rows(db, "memory_store.search_semantic_impl", args, query)
    assert direct == layered and len(direct) > 0
    # and the direct statement answered it, not the layered path behind it
    assert rows(db, "memory_store.search_semantic_direct", args, query) == direct

def test_one_audit_row_whichever_path_answers(db, corpus):
    query = vec(unit(7))
    before = count(db, LOGS)
    db.execute("SELECT * FROM memory.search_semantic(%s::extensions.vector)", (query,))
    assert count(db, LOGS) == before + 1
    # three memories with two embeddings each, nearest of all: the three nearest rows hold fewer
    # than three memories; the candidates ask again for more rows, and the search is audited once
    near = unit(7)
    for i, memory in enumerate(("m001", "m002", "m003")):
        for model in ("x", "y"):
            db.execute("INSERT INTO memory_store.vector_embeddings (memory_id, embedding, embedding_model) "
                       "VALUES (%s, %s::extensions.vector, %s)", (memory, vec(near + unit(10 + i) * 0.01), model))
    got = db.execute("SELECT memory_id FROM memory.search_semantic(%s::extensions.vector, p_limit => 3, "
                     "p_include_inactive => true)", (query,)).fetchall()
    assert sorted(r[0] for r in got) == ["m001", "m002", "m003"]
    assert count(db, LOGS) == before + 2
    # nothing matched: one audit row too, result_count 0
    assert db.execute("SELECT count(*) FROM memory.search_semantic(%s::extensions.vector, p_user_id => 'nobody')",
                      (query,)).fetchone()[0] == 0
    assert count(db, LOGS) == before + 3
    last = db.execute("SELECT request_data ->> 'result_count', success FROM memory_store.memory_access_logs "
                      "ORDER BY log_id DESC LIMIT 1").fetchone()
    assert last == ("0", True)


@pytest.mark.parametrize("args, sqlstate", [
    (", p_limit => 0", "22023"),
    (", p_limit => NULL", "22004"),
    (", p_min_similarity => 2", "22023"),
    (", p_user_id => repeat('u', 65)", "22023"),
    (", p_memory_types => ARRAY['no-such-type']", "22023"),
])
def test_a_bad_argument_is_a_typed_error_audited_once(db, corpus, args, sqlstate):
    before = count(db, LOGS)
    with pytest.raises(psycopg.Error) as failure:
        db.execute(f"SELECT * FROM memory.search_semantic(%s::extensions.vector{args})", (vec(unit(7)),))
    assert failure.value.sqlstate == sqlstate
    assert count(db, LOGS) == before + 1
    assert db.execute("SELECT success FROM memory_store.memory_access_logs ORDER BY log_id DESC LIMIT 1"
                      ).fetchone()[0] is False


def test_the_callers_settings_come_back(db, corpus):
    db.execute("SET hnsw.ef_search = 77")
    db.execute("SET hnsw.iterative_scan = off")
    db.execute("SET enable_sort = on")
    db.execute("SET plan_cache_mode = auto")
    db.execute("SELECT * FROM memory.search_semantic(%s::extensions.vector)", (vec(unit(7)),))
    assert db.execute("SELECT current_setting('hnsw.ef_search'), current_setting('hnsw.iterative_scan'), "
                      "current_setting('enable_sort'), current_setting('plan_cache_mode')").fetchone() == (
        "77", "off", "on", "auto")


def test_the_rows_statement_starts_only_the_partitions_the_candidates_span(db, corpus):
    """The candidates of session s1 before March were all created in February:
    of memory_entries' partitions the executor starts the one that holds them."""
    db.execute("LOAD 'auto_explain'")
    db.execute("SET auto_explain.log_min_duration = 0")
    db.execute("SET auto_explain.log_nested_statements = on")
    db.execute("SET auto_explain.log_analyze = on")
    db.execute("SET auto_explain.log_level = notice")
    notices = []
    db.add_notice_handler(lambda n: notices.append(n.message_primary))
    db.execute("SELECT * FROM memory.search_semantic(%s::extensions.vector, p_session_id => 's1', "
               "p_created_before => '2026-03-01')", (vec(unit(7)),))
    rows_plan = next(n for n in notices if "CROSS JOIN LATERAL" in n)
    assert "Subplans Removed" in rows_plan
    partitions = count(db, "SELECT count(*) FROM pg_inherits WHERE inhparent = 'memory_store.memory_entries'::regclass")
    started = rows_plan.count("on memory_entries_")
    assert started == 1 < partitions


@pytest.mark.parametrize("args, branch", [
    ("", "hnsw"),                          # everything: the HNSW index
    (", p_user_id => 'u1'", "user"),       # a user of 80 vectors: scanned exactly
    (", p_session_id => 's1'", "session"),  # a session of 40 vectors: scanned exactly
])
def test_each_candidate_statement_plans_its_branch_alone(db, corpus, args, branch):
    """The candidate scan's branch is a constant at each call site: in the
    statement that runs, the select it does not run is constant-false at plan
    time (one-time filter false: never opened as an index scan), where one
    statement for all three branches chose among them by parameters at run
    time and opened every one."""
    db.execute("LOAD 'auto_explain'")
    for setting in ("log_min_duration = 0", "log_nested_statements = on", "log_analyze = on", "log_level = notice"):
        db.execute(f"SET auto_explain.{setting}")
    notices = []
    db.add_notice_handler(lambda n: notices.append(n.message_primary))
    got = rows(db, "memory.search_semantic", args, unit(7))
    (scan,) = [n for n in notices if "search_semantic_scan(" in n]
    assert f"search_semantic_scan('{branch}'" in scan
    assert scan.count("One-Time Filter: false") == 1 and "Function Scan" not in scan
    assert len(got) == 10


def test_the_scan_is_inlined_with_its_branch_alone(db, corpus):
    plan = "\n".join(r[0] for r in db.execute(
        "EXPLAIN (COSTS OFF) SELECT * FROM memory_store.search_semantic_scan('hnsw', NULL, %s::extensions.vector, "
        "false, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, 10)", (vec(unit(7)),)))
    assert "Function Scan" not in plan and plan.count("One-Time Filter: false") == 1


@pytest.mark.parametrize("branch, scope", [("session", "s1"), ("user", "u1")])
def test_an_exact_scan_computes_each_distance_once(db, corpus, branch, scope):
    """The exact branches sort a fenced subquery's distance (change exact_scan_distance_once): the plan
    computes the distance once per row, and sorts rather than walks the HNSW index."""
    plan = "\n".join(r[0] for r in db.execute(
        "EXPLAIN (VERBOSE, COSTS OFF) SELECT * FROM memory_store.search_semantic_scan(%s, %s, %s::extensions.vector, "
        "false, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, 10)", (branch, scope, vec(unit(7)))))
    scan_output = next(line for line in plan.splitlines() if "Output:" in line and "<=>" in line and "((" not in line)
    assert scan_output.count("<=>") == 1, plan
    assert "+ '0'" not in plan and "Sort Key" in plan and "idx_vector_embeddings_embedding" not in plan
    got = db.execute("SELECT memory_id, distance FROM memory_store.search_semantic_scan(%s, %s, %s::extensions.vector, "
                     "false, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, 10)", (branch, scope, vec(unit(7)))).fetchall()
    assert len(got) == 10 and [d for _, d in got] == sorted(d for _, d in got)


def explained(db, sql, params):
    """The nested statements' plans of one call, as auto_explain NOTICEs."""
    db.execute("LOAD 'auto_explain'")
    for setting in ("log_min_duration = 0", "log_nested_statements = on", "log_analyze = on", "log_level = notice"):
        db.execute(f"SET auto_explain.{setting}")
    notices = []
    db.add_notice_handler(lambda n: notices.append(n.message_primary))
    got = db.execute(sql, params).fetchall()
    db.execute("SET auto_explain.log_min_duration = -1")
    return got, notices


def distance_sort(plan):
    """The plan line of the session branch's sort by distance (the first of the
    scan's two branches; the HNSW branch is constant-false)."""
    lines = plan.splitlines()
    return [lines[i - 1] for i, text in enumerate(lines) if "Sort Key: ((ve" in text and "<=>" in text][0]


def test_a_small_session_takes_its_candidates_in_one_statement(db, corpus):
    """Change session_search_one_statement: a session of 40 vectors is counted and
    scanned exactly in one statement of search_semantic_direct; the candidates
    function, its settings and its statements do not run. A memory with a
    second embedding near the query is returned once, at its nearest."""
    query = unit(7)
    for model, shift in (("x", 0.01), ("y", 0.02)):
        db.execute("INSERT INTO memory_store.vector_embeddings (memory_id, embedding, embedding_model) "
                   "SELECT memory_id, %s::extensions.vector, %s FROM memory_store.memory_entries "
                   "WHERE session_id = 's1' AND is_active ORDER BY memory_id LIMIT 1",
                   (vec(query + unit(11) * shift), model))
    got, notices = explained(db, "SELECT memory_id, similarity_score FROM memory.search_semantic("
                             "%s::extensions.vector, p_session_id => 's1')", (vec(query),))
    assert not [n for n in notices if "search_semantic_candidates(" in n]
    (scan,) = [n for n in notices if "search_semantic_scan('session'" in n]
    assert "count(*)" in scan and "never executed" not in distance_sort(scan)
    ids = [r[0] for r in got]
    assert len(ids) == len(set(ids)) == 10 and got[0][1] > 0.99
    assert got == [r[:1] + r[12:13] for r in rows(db, "memory_store.search_semantic_impl", ", p_session_id => 's1'",
                                                    query)]


def test_a_large_session_is_walked_through_the_hnsw_index(db, corpus):
    """A session with more vectors than the exact-scan bound: the session's
    statement counts past the bound and does not scan (its scan is never
    executed); the direct path's HNSW statement walks the index with the
    session as a filter; the answer is the layered path's."""
    db.execute("CREATE OR REPLACE FUNCTION memory_store.search_budget() RETURNS TABLE (max_query_terms integer, "
               "max_ranked_candidates integer, exact_scan_max_vectors integer) LANGUAGE sql IMMUTABLE "
               "AS $$ SELECT 32, 500, 5 $$")
    query = unit(7)
    got, notices = explained(db, "SELECT * FROM memory.search_semantic(%s::extensions.vector, p_session_id => 's1')",
                             (vec(query),))
    (direct,) = [n for n in notices if "search_semantic_scan('session'" in n and "count(*)" in n]
    assert "never executed" in distance_sort(direct)
    hnsw = [n for n in notices if "search_semantic_scan('hnsw'" in n]
    assert hnsw and all("idx_vector_embeddings_embedding" in n for n in hnsw)
    assert len(got) == 10 and {r[1] for r in got} == {"s1"}
    assert got == rows(db, "memory_store.search_semantic_impl", ", p_session_id => 's1'", query)


PARAMETERS = {  # name: values, valid ones first; one search draws one of each
    "p_embedding": ["%(v)s::extensions.vector", "NULL", "'[1,2,3]'::extensions.vector"],
    "p_embedding_model": ["NULL", "'m1'", "''", "repeat('m', 65)"],
    "p_min_similarity": ["NULL", "0.5", "-1", "2", "'NaN'"],
    "p_limit": ["10", "1000", "0", "NULL", "1001"],
    "p_include_inactive": ["false", "true", "NULL"],
    "p_memory_types": ["NULL", "'{}'", "ARRAY['entity']", "ARRAY['nope']",
                       "ARRAY(SELECT 'entity' FROM generate_series(1, 65))"],
    "p_session_id": ["NULL", "'s1'", "''", "'s' || chr(1)"],
    "p_user_id": ["NULL", "'u1'", "repeat('u', 65)"],
    "p_source_agent": ["NULL", "'alpha'", "'a' || chr(9) || 'b'"],
    "p_tags": ["NULL", "'{}'", "ARRAY['tag-1']", "ARRAY[NULL]::text[]", "ARRAY[repeat('t', 65)]",
               "ARRAY(SELECT 't' || g FROM generate_series(1, 65) g)"],
    "p_created_after": ["NULL", "'2026-03-01'::timestamptz", "'2026-09-01'::timestamptz"],
    "p_created_before": ["NULL", "'2026-06-01'::timestamptz"],
}
ORDER = ["p_embedding", "p_memory_types", "p_session_id", "p_user_id", "p_source_agent", "p_tags", "p_created_after",
         "p_created_before", "p_include_inactive", "p_limit", "p_min_similarity", "p_embedding_model"]


def outcome(db, sql, params):
    try:
        db.execute(sql, params).fetchall()
        return None
    except psycopg.Error as error:
        return error.sqlstate, error.diag.message_primary


def test_the_common_request_shortcut_raises_what_the_validators_raise(db, corpus):
    """Change session_search_one_statement validates a request of the common
    shape by one expression and its ids by check_id. On 300 drawn requests,
    valid and invalid values of every parameter mixed, the direct path raises
    exactly the error (SQLSTATE and message) the two validators raise when
    called in the order the direct path called them before, and none when
    they raise none."""
    rng = np.random.default_rng(16)
    seen = set()
    for _ in range(300):
        pick = {name: values[0] if rng.random() < 0.6 else values[rng.integers(len(values))]
                for name, values in PARAMETERS.items()}
        params = {"v": vec(unit(7))}
        expected = outcome(db, f"SELECT memory_store.search_check_semantic({pick['p_embedding']}, "
                               f"{pick['p_embedding_model']}, {pick['p_min_similarity']}), "
                               f"memory_store.search_check_filters({pick['p_memory_types']}, {pick['p_session_id']}, "
                               f"{pick['p_user_id']}, {pick['p_source_agent']}, {pick['p_tags']}, "
                               f"{pick['p_created_after']}, {pick['p_created_before']}, "
                               f"{pick['p_include_inactive']}, {pick['p_limit']})", params)
        got = outcome(db, "SELECT * FROM memory_store.search_semantic_direct("
                          + ", ".join(pick[name] for name in ORDER) + ")", params)
        assert got == expected, pick
        seen.add(expected and expected[0])
    assert {None, "22004", "22023", "54000"} <= seen


def test_a_walk_whose_rows_hold_fewer_memories_asks_the_candidates(db, corpus):
    """The direct path's HNSW statement asks for p_limit rows; when they hold
    fewer memories (a memory with one embedding per model) and the walk did
    not run out, the candidates function widens the scan, and the answer is
    still p_limit memories, each once, as the layered path gives them."""
    near = unit(7)
    for i, memory in enumerate(("m001", "m002", "m003")):
        for model in ("x", "y", "z"):
            db.execute("INSERT INTO memory_store.vector_embeddings (memory_id, embedding, embedding_model) "
                       "VALUES (%s, %s::extensions.vector, %s)", (memory, vec(near + unit(10 + i) * 0.01), model))
    args = ", p_include_inactive => true"
    got, notices = explained(db, "SELECT * FROM memory.search_semantic(p_embedding => %s::extensions.vector, "
                             f"p_limit => 5{args})", (vec(near),))
    assert [n for n in notices if "search_semantic_candidates(" in n]
    assert len({r[0] for r in got}) == len(got) == 5
    assert got == rows(db, "memory_store.search_semantic_impl", args, near, limit=5)
    # one embedding each: the direct statement answers alone
    db.execute("DELETE FROM memory_store.vector_embeddings WHERE embedding_model IN ('x', 'y', 'z')")
    _, notices = explained(db, "SELECT * FROM memory.search_semantic(p_embedding => %s::extensions.vector, "
                           f"p_limit => 5{args})", (vec(near),))
    assert not [n for n in notices if "search_semantic_candidates(" in n]


def test_a_session_of_an_exact_user_is_scanned_in_the_direct_statement(db, corpus):
    """Acting for user u1 (80 vectors: an exact user), a search within its
    session s1 (40 vectors) takes the session's statement too, not the
    candidates function's exact scan of the whole user: the same rows, found
    through the session's index. Another user's session answers nothing."""
    db.execute("SELECT set_config('memory.user_id', 'u1', false)")
    query = unit(7)
    got, notices = explained(db, "SELECT * FROM memory.search_semantic(%s::extensions.vector, p_session_id => 's1')",
                             (vec(query),))
    assert not [n for n in notices if "search_semantic_candidates(" in n]
    assert [n for n in notices if "search_semantic_scan('session'" in n]
    assert len(got) == 10 and {r[1] for r in got} == {"s1"}
    assert got == rows(db, "memory_store.search_semantic_impl", ", p_session_id => 's1'", query)
    assert db.execute("SELECT current_setting('memory_store.search_complete')").fetchone()[0] == "true"
    assert db.execute("SELECT count(*) FROM memory.search_semantic(%s::extensions.vector, p_session_id => 's2')",
                      (vec(query),)).fetchone()[0] == 0
