"""The benchmark harnesses run end to end at a tiny size. No timing is asserted."""

import json
import subprocess
import sys

from conftest import ROOT, TARGET


def test_embedding_partitions_benchmark_runs(tmp_path, postgresql_noproc):
    result = subprocess.run(
        [sys.executable, "bench/embedding_partitions.py", "--partitions", "1,2", "--vectors", "600",
         "--queries", "30", "--warmup", "5", "--clusters", "10", "--out", str(tmp_path)],
        cwd=ROOT, env=TARGET.env(), capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    (report,) = tmp_path.glob("embedding-partitions-*.json")
    data = json.loads(report.read_text())
    assert list(tmp_path.glob("embedding-partitions-*.png")) and list(tmp_path.glob("embedding-partitions-*.md"))
    assert [r["partitions"] for r in data["results"]] == [1, 2]
    for result in data["results"]:
        for ef_search in ("40", "100"):
            measured = result["ef_search"][ef_search]
            assert 0.0 <= measured["recall_at_10"] <= 1.0
            assert measured["measured_queries"] == 25
            assert measured["p50_ms"] <= measured["p95_ms"] <= measured["p99_ms"]


def test_history_benchmark_runs_tiny(tmp_path, postgresql_noproc):
    """bench/history.py end to end: both sides measured, one kept version per update."""
    result = subprocess.run(
        [sys.executable, "bench/history.py", "--runs", "1", "--calls", "6", "--memories", "40", "--users", "3",
         "--out", str(tmp_path)], cwd=ROOT, env=TARGET.env(), capture_output=True, text=True, timeout=900)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    (report,) = tmp_path.glob("history-*.json")
    assert list(tmp_path.glob("history-*.png")) and list(tmp_path.glob("history-*.md"))
    (run,) = json.loads(report.read_text())["runs"]
    assert set(run["ratios"]) == {"create", "update", "read", "read_as_of / read"}
    for side in ("before", "history"):
        for call in ("create", "update", "read"):
            assert run["calls"][f"{side}_{call}"]["n"] == 6
    assert run["storage"]["updates"] == run["storage"]["versions"] == 6
    assert run["storage"]["bytes_per_update"] > run["storage"]["row_bytes_per_version"] > 0


def test_benchmark_harness_runs_tiny(tmp_path):
    """`invoke bench --size tiny --tune`: every phase runs and the reports have their structure."""
    from conftest import TEST_DB
    import psycopg

    dbname = f"{TEST_DB}_harness"
    doc = tmp_path / "benchmarks.md"
    doc.write_text("before\n<!-- bench:begin -->\nold table\n<!-- bench:end -->\nafter\n")
    result = subprocess.run(
        [sys.executable, "bench/harness.py", "--size", "tiny", "--tune", "--dbname", dbname, "--out", str(tmp_path)],
        cwd=ROOT, env=TARGET.env(), capture_output=True, text=True, timeout=1200)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    (report,) = tmp_path.glob("*-tiny.json")
    data = json.loads(report.read_text())
    stem = report.with_suffix("")
    for png in (stem.with_suffix(".png"), tmp_path / f"{stem.name}-tuning.png"):
        assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    markdown = stem.with_suffix(".md").read_text()
    for heading in ("## Latency", "## Throughput", "## Bulk operations", "## Soak", "## Targets", "## Tuning"):
        assert heading in markdown

    meta = data["meta"]
    assert meta["postgres_version"] and meta["pgvector_version"] and meta["settings"]["shared_buffers"]
    assert len(meta["load_average_start"]) == 3 and meta["machine"]["cpus"] >= 1
    measured = meta["size_parameters"]["queries"] - meta["size_parameters"]["warmup"]

    # Both sides hold the same rows, as generated.
    rows = data["load"]["rows"]
    assert data["counts"]["memory_store"] == data["counts"]["bench_bare"]
    assert data["counts"]["memory_store"] == {"sessions": rows["sessions"], "memory_entries": rows["memories"],
                                              "memory_tags": rows["tags"], "vector_embeddings": rows["embeddings"]}
    assert 0.4 < rows["embeddings"] / rows["memories"] < 0.6

    operations = {"write", "read_by_id", "semantic", "semantic_user", "semantic_session", "semantic_type", "keyword",
                  "keyword_user", "hybrid", "hybrid_user", "batch_read", "tenant_large", "tenant_small"}
    assert set(data["latency"]) == operations
    for name, entry in data["latency"].items():
        for side in ("ours", "baseline"):
            assert entry[side]["n"] == measured, name
            assert entry[side]["p50_ms"] <= entry[side]["p95_ms"] <= entry[side]["p99_ms"], name
        assert entry["ratio_p50"] > 0
        for value in entry.get("recall_at_10", {}).values():
            assert value is None or 0.0 <= value <= 1.0, name
    assert data["latency"]["read_by_id"]["wrong_answers"] == 0
    assert data["latency"]["write"]["rows_written"] == {"ours": measured, "impl": measured, "baseline": measured}
    assert data["latency"]["semantic"]["exact_check"]["agreement"] == 1.0
    for name in ("keyword", "keyword_user", "hybrid", "hybrid_user"):
        assert 0.0 <= data["latency"][name]["same_answer"] <= 1.0
    for case in ("semantic", "semantic_user", "semantic_session", "semantic_type"):
        assert data["diagnosis"][case]["queries"] > 0

    assert set(data["throughput"]) == {"read_by_id", "semantic", "write"}
    for entry in data["throughput"].values():
        assert set(entry) == {"1", "2"}
        assert all(e["ours_ops_per_s"] > 0 and e["baseline_ops_per_s"] > 0 for e in entry.values())
    purge, imported = data["purge"], data["import"]
    assert purge["ours_rows"] == purge["baseline_rows"] == purge["memories"]
    assert imported["ours_imported"] == imported["baseline_rows"] == imported["records"]
    assert imported["ours_rejected"] == 0
    soak = data["soak"]
    assert soak["operations"] == meta["size_parameters"]["soak"] and soak["errors"] == 0
    assert soak["n"] == soak["operations"]

    # small and large tenants (Zipf sizes): the agent of each, never fewer than k while k exist
    large, small = data["latency"]["tenant_large"], data["latency"]["tenant_small"]
    assert large["memories"] > small["memories"] and large["user"] != small["user"]
    assert all(isinstance(e["fewer_than_k"]["ours"], int) for e in (large, small))
    worst = data["worst_query"]
    assert 0 < worst["distinct_terms"] <= worst["term_budget"] and worst["matching_memories"] > 0
    assert all(worst[m]["n"] > 0 and worst[m]["max_ms"] >= worst[m]["p50_ms"] for m in ("keyword", "hybrid"))
    quality = data["quality"]["modes"]
    assert set(quality) == {"keyword", "semantic", "hybrid", "keyword_all_terms_before"}
    assert all(0.0 <= m["recall_at_10"] <= 1.0 and 0.0 <= m["ndcg_at_10"] <= 1.0 for m in quality.values())
    # a natural question: the any-term keyword search finds something, the every-word one did not
    assert quality["keyword"]["questions_with_no_result"] < quality["keyword_all_terms_before"]["questions_with_no_result"]
    calls = data["langgraph"]["calls"]
    assert set(calls) == {"put / create with embedding", "get / read by id", "search top-10 within one user"}
    assert all(c["ours"]["n"] == c["langgraph"]["n"] == measured for c in calls.values())
    # every target of the docs table is listed, measured or said not to be; a missed one names its next lever
    labels = [t["target"] for t in data["targets"]]
    year = [t for t in data["targets"] if t["target"].startswith("year")]
    assert len(labels) == 3 + 3 + 2 + 2 + 1 + 3 + len(year), labels
    assert all(t["holds"] in (True, False, None) for t in data["targets"])
    assert all("fix" in t for t in data["targets"] if t["holds"] is False)
    sys.path.insert(0, str(ROOT / "bench"))
    import report
    if report.latest_year_run() is None:
        assert [t["measured"] for t in year] == ["not measured yet"] * 4
    else:   # a tiny run lists the year targets as the latest year run measured them (p95 of four calls, recall)
        assert len(year) == 5 and all(t["detail"].startswith("from the year run of ") for t in year)
        assert all(t["holds"] in (True, False) for t in year)
    grid = data["tuning"]["grid"]
    assert {(g["storage"], g["m"], g["ef_construction"]) for g in grid} >= {("vector", 16, 64), ("halfvec", 16, 64)}
    for g in grid:
        assert set(g["ef_search"]) == {"40", "100", "200"}
        assert all(0.0 <= e["recall_at_10"] <= 1.0 for e in g["ef_search"].values())

    # The report renders again from the JSON alone, and the docs table is replaced between its markers.
    assert report.update_docs(data, stem.with_suffix(".md").name, doc)
    text = doc.read_text()
    assert text.startswith("before\n") and text.endswith("\nafter\n") and "old table" not in text
    assert "| semantic top-10 |" in text

    with psycopg.connect(TARGET.uri("postgres")) as conn:   # the benchmark database is dropped afterwards
        assert conn.execute("SELECT count(*) FROM pg_database WHERE datname = %s", (dbname,)).fetchone()[0] == 0


def test_benchmark_baseline_share_tiny(tmp_path):
    """`--baseline-share 0.5` (how a year run fits this disk): the baseline holds every session but only every
    other chunk of memories, its reads and recall are against the rows it holds."""
    from conftest import TEST_DB

    result = subprocess.run(
        [sys.executable, "bench/harness.py", "--size", "tiny", "--baseline-share", "0.5", "--chunk", "500",
         "--soak-ops", "0", "--build-memory", "200MB", "--dbname", f"{TEST_DB}_share", "--out", str(tmp_path)],
        cwd=ROOT, env=TARGET.env(), capture_output=True, text=True, timeout=1200)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    (report,) = tmp_path.glob("*-tiny.json")
    data = json.loads(report.read_text())
    store, bare = data["counts"]["memory_store"], data["counts"]["bench_bare"]
    assert bare["sessions"] == store["sessions"]
    assert 0.3 < bare["memory_entries"] / store["memory_entries"] < 0.7
    assert data["load"]["baseline_share"] == 0.5 and data["load"]["index_builds"]["maintenance_work_mem"] == "200MB"
    assert data["latency"]["read_by_id"]["wrong_answers"] == 0     # every id read is on both sides
    assert data["latency"]["semantic"]["exact_check"]["agreement"] == 1.0   # the baseline's own exact answers
    assert data["latency"]["semantic"]["recall_at_10"]["baseline"] >= 0.9
    assert "of which the baseline holds one chunk of whole sessions in 2" in report.with_suffix(".md").read_text()


def test_search_ranking_benchmark_runs(tmp_path, postgresql_noproc):
    """`./dev bench-ranking` at a tiny size: every pair is measured and the ratios are reported."""
    result = subprocess.run(
        [sys.executable, "bench/search_ranking.py", "--memories", "300", "--calls", "2", "--out", str(tmp_path)],
        cwd=ROOT, env=TARGET.env(), capture_output=True, text=True, timeout=900)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    (report,) = tmp_path.glob("search-ranking-*.json")
    data = json.loads(report.read_text())
    assert list(tmp_path.glob("search-ranking-*.png")) and list(tmp_path.glob("search-ranking-*.md"))
    assert set(data["ratios"]) == {"as_of semantic / current semantic", "keyword blended / relevance",
                                   "semantic blended / relevance", "hybrid blended / relevance"}
    assert all(call["n"] == 2 and 0 <= call["rows"] <= 10 for call in data["calls"].values()), data["calls"]
    assert data["calls"]["semantic now"]["rows"] == data["calls"]["semantic as_of"]["rows"] == 10
    assert data["distinct_terms"] == data["term_budget"] and data["matching_memories"] > 0


def test_search_floor_benchmark_runs_tiny(tmp_path):
    """`./dev bench-search-floor` at a tiny size: both cases, every variant measured on every search, the
    floor and ours answering, and what the targets leave reported."""
    from conftest import TEST_DB

    result = subprocess.run(
        [sys.executable, "bench/search_floor.py", "--memories", "3000", "--searches", "60",
         "--dbname", f"{TEST_DB}_search_floor", "--out", str(tmp_path)],
        cwd=ROOT, env=TARGET.env(), capture_output=True, text=True, timeout=900)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    (report,) = tmp_path.glob("search-floor-*.json")
    assert list(tmp_path.glob("search-floor-*.png")) and list(tmp_path.glob("search-floor-*.md"))
    data = json.loads(report.read_text())
    assert data["searches"] == 48 and data["ef_search"]["ours"] >= 40
    assert set(data["cases"]) == {"everything", "one session"}
    for name, case in data["cases"].items():
        variants = case["variants"]
        assert list(variants) == ["bare", "bare at our ef_search", "bare + rows and tags", "floor", "candidates",
                                  "direct", "ours"]
        assert all(v["n"] == 48 and v["p50_ms"] <= v["p95_ms"] for v in variants.values()), variants
        assert case["allowed_over_bare_ms"] == round((case["target_ratio"] - 1) * variants["bare"]["p50_ms"], 4)
        if name == "everything":
            assert all(v["fewer_than_10"] == 0 for v in variants.values()), variants
        else:   # a small session returns what it has: ours never fewer than the bare statement
            assert variants["ours"]["fewer_than_10"] <= variants["bare"]["fewer_than_10"], variants


def test_embedding_storage_benchmark_runs_tiny(tmp_path):
    """`./dev bench-embedding-storage` at a tiny size: both sides answer every call, the inline side keeps
    its vectors in the heap, and the decision follows the rule from the measured ratios."""
    result = subprocess.run(
        [sys.executable, "bench/embedding_storage.py", "--memories", "2000", "--calls", "30", "--out", str(tmp_path)],
        cwd=ROOT, env=TARGET.env(), capture_output=True, text=True, timeout=900)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    (report,) = tmp_path.glob("embedding-storage-*.json")
    assert list(tmp_path.glob("embedding-storage-*.png")) and list(tmp_path.glob("embedding-storage-*.md"))
    data = json.loads(report.read_text())
    assert data["calls_per_kind"] == 24
    for name, call in data["calls"].items():
        assert call["out"]["n"] == call["in"]["n"] == 24, name
        if "rows" in call:
            assert call["rows"]["out"] > 0 and call["rows"]["in"] > 0, name
    sizes = data["sizes"]
    assert sizes["in"]["heap_bytes"] > sizes["out"]["heap_bytes"]     # the vectors moved into the rows
    assert sizes["in"]["toast_bytes"] < sizes["out"]["toast_bytes"]
    ratios = {**data["decision"]["search_ratios"], **data["decision"]["change_ratios"]}
    assert data["decision"]["inline_wins"] == (
        all(ratios[k] <= 0.95 for k in ("semantic, everything", "semantic, one session"))
        and all(ratios[k] <= 1.10 for k in ("soft delete", "restore", "write")))


def test_keyword_windows_benchmark_runs_tiny(tmp_path):
    """`./dev bench-keyword-windows` at a tiny size: both cases, every variant on every query, and the two
    candidate functions (one pass, windows) giving the same ids."""
    from conftest import TEST_DB

    result = subprocess.run(
        [sys.executable, "bench/keyword_windows.py", "--memories", "3000", "--copies", "2", "--queries", "40",
         "--dbname", f"{TEST_DB}_keyword_windows", "--out", str(tmp_path)],
        cwd=ROOT, env=TARGET.env(), capture_output=True, text=True, timeout=900)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    (report,) = tmp_path.glob("keyword-windows-*.json")
    assert list(tmp_path.glob("keyword-windows-*.png")) and list(tmp_path.glob("keyword-windows-*.md"))
    data = json.loads(report.read_text())
    assert data["copies"] == 2 and data["memories"] > 3000 and data["queries"] == 32
    assert set(data["cases"]) == {"everything", "user"}
    for case in data["cases"].values():
        assert list(case["variants"]) == ["bare", "one pass", "windows", "ours"]
        assert all(v["n"] == 32 for v in case["variants"].values())
        assert case["same_ids_windows_one_pass"] == 1.0
