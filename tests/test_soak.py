"""The soak run of bench/soak.py, short (issue 8.5): 2 clients, 400 mixed
reads / writes / searches through the API, every one answered without error.
No timing is asserted; `invoke soak` runs the long version for the README."""

import importlib.util

from conftest import ROOT, TARGET

spec = importlib.util.spec_from_file_location("soak", ROOT / "bench" / "soak.py")
soak = importlib.util.module_from_spec(spec)
spec.loader.exec_module(soak)


def test_a_short_soak_run_has_no_errors(db):
    report = soak.run(TARGET.uri(db.info.dbname), ops=400, clients=2)
    assert report["errors"] == 0, report["error_examples"]
    assert report["operations"] == 400
    assert set(report["by_kind"]) == {kind for kind, _ in soak.MIX}  # every kind of operation ran
    assert report["latency_ms"]["p99"] is not None
    # the writes happened: both clients' memories are there
    assert db.execute("SELECT count(DISTINCT source_agent) FROM memory_store.memory_entries").fetchone()[0] == 2
