"""Agents' writes while a legacy import rebuilds the vector index it
deferred: N generated contextual_memory_pc2 items (1536-d embeddings) are
imported into a fresh database while a writer, as an agent would, stores a
memory with its embedding every 50 ms (one transaction each). Two ways to
rebuild, side by side in one run, alternating which goes first:

- plain: CREATE INDEX inside memory_store.import_finish (the default): the
  build holds a SHARE lock on vector_embeddings, so a write waits for it;
- online: `./dev import --online-index` (mo.importer.build_online), CREATE
  INDEX CONCURRENTLY from the client: writes go on, the build takes longer.

Reports the build time, the import's records/s, and the writer's latency
during the build (count, median, max, how many waited over 1 s); writes a
chart of the writer's latency over time. Writes
bench/results/import-index-writes-<date>.{md,json,png}.

    ./dev bench-import-writes --count 7099 --runs 2
"""

import argparse
import os
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

import psycopg

sys.path.insert(0, str(Path(__file__).resolve().parent))
import common  # noqa: E402
import import_throughput  # noqa: E402
from mo import importer, legacy_samples  # noqa: E402

INTERVAL = 0.05
PHASES = ("stage", "prepare", "import", "index", "finish", "purge")


def writer(uri: str, stop: threading.Event, out: list, started: float, errors: list) -> None:
    """Store a memory and its embedding every INTERVAL seconds; record (start, latency) of each."""
    try:
        write(uri, stop, out, started)
    except Exception as e:          # the run fails below, with the reason
        errors.append(f"{type(e).__name__}: {e}")


def write(uri: str, stop: threading.Event, out: list, started: float) -> None:
    vector = "[" + ",".join(["0.01"] * 1536) + "]"
    with psycopg.connect(uri, autocommit=True) as conn:
        n = 0
        while not stop.is_set():
            n += 1
            t0 = time.perf_counter()
            with conn.transaction():
                conn.execute("INSERT INTO memory_store.memory_entries (memory_id, memory_type, content) "
                             "VALUES (%s, 'context', '{\"text\": \"agent\"}')", (f"agent-{n}",))
                conn.execute("INSERT INTO memory_store.vector_embeddings (memory_id, embedding, embedding_model) "
                             "VALUES (%s, %s, 'text-embedding-ada-002')", (f"agent-{n}", vector))
            t1 = time.perf_counter()
            out.append((round(t0 - started, 3), round(1000 * (t1 - t0), 1)))
            time.sleep(max(0.0, INTERVAL - (t1 - t0)))


def once(t, path: str, count: int, online: bool) -> dict:
    dbname = import_throughput.fresh_database(t)
    try:
        uri = t.uri(dbname)
        stop, writes, errors = threading.Event(), [], []
        started = time.perf_counter()
        thread = threading.Thread(target=writer, args=(uri, stop, writes, started, errors), daemon=True)
        thread.start()
        time.sleep(0.5)
        t_import = time.perf_counter() - started
        result = importer.import_file(uri, "contextual", path, progress=False, timings=(timings := {}),
                                      online_index=online)
        total = time.perf_counter() - started - t_import
        time.sleep(0.5)
        stop.set()
        thread.join()
        with psycopg.connect(uri) as conn:
            valid = conn.execute("SELECT indisvalid FROM pg_index WHERE indexrelid = "
                                 "'memory_store.idx_vector_embeddings_embedding'::regclass").fetchone()[0]
            agents = conn.execute("SELECT count(*) FROM memory_store.vector_embeddings "
                                  "WHERE memory_id LIKE 'agent-%'").fetchone()[0]
    finally:
        import_throughput.drop_database(t, dbname)
    if errors or not writes or result.imported != count or not result.index_deferred or not valid \
            or agents != len(writes):
        sys.exit(f"went wrong: imported {result.imported}, deferred {result.index_deferred}, valid {valid}, "
                 f"agent rows {agents} of {len(writes)}; writer {errors}")
    edges, at = {}, t_import
    for phase in PHASES:
        edges[phase] = (round(at, 3), round(at + timings.get(phase, 0), 3))
        at += timings.get(phase, 0)
    lo, hi = edges["index"]
    during = [ms for start, ms in writes if start + ms / 1000 >= lo and start <= hi]
    return {"online": online, "records_per_s": round(count / total, 1), "total_s": round(total, 2),
            "index_build_s": round(timings.get("index", 0), 2), "phases": edges, "writes": writes,
            "during_build": {"n": len(during), "median_ms": round(statistics.median(during), 1) if during else None,
                             "max_ms": max(during) if during else None,
                             "over_1s": sum(1 for ms in during if ms > 1000)},
            "max_ms_outside_build": max((ms for start, ms in writes if not (start + ms / 1000 >= lo and start <= hi)),
                                        default=None)}


def chart(path, runs):
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, axes = plt.subplots(1, 2, figsize=(10, 4), sharey=True)
    for ax, side in zip(axes, ("plain", "online")):
        r = runs[0][side]
        ax.plot([s for s, _ in r["writes"]], [ms for _, ms in r["writes"]], ".", markersize=3)
        ax.axvspan(*r["phases"]["index"], color="orange", alpha=0.3, label="index build")
        ax.set_yscale("log")
        ax.set_title(f"{side}: CREATE INDEX{' CONCURRENTLY' if side == 'online' else ''}")
        ax.set_xlabel("seconds since the import started")
        ax.grid(alpha=0.3)
        ax.legend(fontsize=8)
    axes[0].set_ylabel("an agent's write, ms (log)")
    fig.tight_layout()
    fig.savefig(path, dpi=110)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--count", type=int, default=7099)
    parser.add_argument("--runs", type=int, default=2)
    args = parser.parse_args()
    t = common.target.current()
    facts = common.run_facts(t.uri("postgres"))
    runs = []
    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, "contextual.jsonl")
        legacy_samples.generate(path, "contextual", args.count, all_embeddings=True)
        for i in range(args.runs):
            run = {"load_average_start": common.load_average()}
            for online in ([False, True] if i % 2 == 0 else [True, False]):
                side = "online" if online else "plain"
                print(f"run {i + 1}/{args.runs}: {side} ...", flush=True)
                run[side] = once(t, path, args.count, online)
                print(f"  build {run[side]['index_build_s']} s, writes during it {run[side]['during_build']}", flush=True)
            run["load_average_end"] = common.load_average()
            runs.append(run)
    facts["load_average_end"] = common.load_average()
    command = f"./dev bench-import-writes --count {args.count} --runs {args.runs}"
    stem = common.RESULTS / f"import-index-writes-{facts['date']}"
    common.write_json(stem.with_suffix(".json"), {"command": command, "facts": facts, "count": args.count,
                                                  "interval_s": INTERVAL, "runs": runs})
    med = {side: {k: statistics.median(r[side][k] for r in runs) for k in ("index_build_s", "records_per_s")}
           for side in ("plain", "online")}
    lines = [f"# Agents' writes while an import rebuilds the vector index, {facts['date']}", "",
             f"`{command}` (`bench/import_index_writes.py`): {args.count:,} generated contextual_memory_pc2 items, "
             "each with a 1536-d embedding, imported into a fresh database (the import defers the HNSW index and "
             f"rebuilds it) while a writer stores a memory and its embedding every {int(INTERVAL * 1000)} ms, one "
             "transaction each. **plain**: CREATE INDEX in `import_finish` (the default); **online**: `./dev import "
             "--online-index`, CREATE INDEX CONCURRENTLY from the client. Alternating which goes first. "
             f"PostgreSQL {facts['postgres']}, pgvector {facts['pgvector']}; {common.fmt_load(facts)}. {common.NOISE}",
             "", "| run | side | index build s | import records/s | writes during the build | median ms | max ms | "
                 "waited > 1 s | max ms outside the build |", "|---|---|---|---|---|---|---|---|---|"]
    for i, r in enumerate(runs, 1):
        for side in ("plain", "online"):
            s, d = r[side], r[side]["during_build"]
            lines.append(f"| {i} | {side} | {s['index_build_s']} | {s['records_per_s']:,} | {d['n']} | "
                         f"{d['median_ms']} | {d['max_ms']} | {d['over_1s']} | {s['max_ms_outside_build']} |")
    lines += ["", f"Median over the runs: the plain build took {med['plain']['index_build_s']:.2f} s "
                  f"({med['plain']['records_per_s']:,.1f} records/s end to end), the online build "
                  f"{med['online']['index_build_s']:.2f} s ({med['online']['records_per_s']:,.1f} records/s). "
                  "Every agent write was stored in both (checked), and the index ended valid.", ""]
    stem.with_suffix(".md").write_text("\n".join(lines))
    chart(stem.with_suffix(".png"), runs)
    print("\n".join(lines))
    print(f"wrote {stem}.json, .md, .png")


if __name__ == "__main__":
    main()
