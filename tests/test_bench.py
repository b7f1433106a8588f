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
