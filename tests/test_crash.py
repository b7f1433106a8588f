"""Crash safety (issue 8.1): writers on a throw-away cluster (never the
shared one), SIGKILL of the postmaster and its processes mid-stream, restart
with crash recovery, then every acknowledged write is checked (mo/crash.py).
Three rounds here; `invoke crash-test --rounds N` runs more for the README."""

import json

import pytest

from helpers import add_memory
from mo import crash


def test_acknowledged_writes_survive_sigkill_of_the_server():
    reports = crash.run(rounds=3, writers=4)
    for report in reports:
        print(json.dumps(report, default=str))
        assert report["acknowledged_total"] > 0, "the writers wrote nothing: the round proves nothing"
        assert report["problems"] == []
        assert report["lost"] == 0 and report["found"] == report["acknowledged_total"]
        assert report["orphans"] == 0
        assert report["btree_indexes_checked"] > 100  # catalogs, tables, every partition
        assert report["hnsw"]["index_scan"] and report["hnsw"]["rows"] == 10


@pytest.fixture
def written(db):
    """Two memories written through the API as a crash writer does, and the model of them."""
    crash._vectors(db)
    db.execute("SELECT memory.start_session('crash-r1-w0', 'u')")
    writer = crash.Writer(None, None, 1, 0, None, 0)
    for memory_id in ("m1", "m2"):
        writer.create(db, memory_id, {"alpha", "beta"})
    db.execute("SELECT memory.save_agent_state('agent-0', '{\"seq\": 5}')")
    model = crash.Model(live={"m1": crash.Memory({"alpha", "beta"}), "m2": crash.Memory({"alpha", "beta"})},
                        states={"agent-0": 5})
    return db, model


def test_the_check_passes_a_consistent_database(written):
    db, model = written
    result = crash.check(db, model)
    assert result["problems"] == []
    assert result["btree_indexes_checked"] > 100 and result["hnsw"]["self_hits"] == "2/2"


def test_the_check_finds_lost_half_written_and_undone_writes(written):
    """The check can fail: a tag row gone, an acknowledged delete undone, an
    older agent state, a memory nobody wrote."""
    db, model = written
    db.execute("DELETE FROM memory_store.memory_tags WHERE memory_id = 'm1' AND tag = 'alpha'")
    add_memory(db, "stray")
    model.gone.add("m2")
    model.live.pop("m2")
    model.states["agent-0"] = 6
    result = crash.check(db, model)
    assert "acknowledged memory m1 missing or incomplete" in result["problems"]
    assert "acknowledged delete of m2 undone" in result["problems"]
    assert any(p.startswith("acknowledged agent state of agent-0") for p in result["problems"])
    assert any(p.endswith("memories in the database that no client wrote") for p in result["problems"])


def test_the_check_finds_a_memory_without_its_embedding(written):
    db, model = written
    db.execute("DELETE FROM memory_store.vector_embeddings WHERE memory_id = 'm2'")
    problems = crash.check(db, model)["problems"]
    assert "acknowledged memory m2 missing or incomplete" in problems
    assert "1 memories without their embedding" in problems
