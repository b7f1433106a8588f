"""The embedding stored inline or out of line: what a search gains and what a write, a soft delete and a
restore pay (issue 16, point 2, the lever the search floor names).

    python bench/embedding_storage.py [--memories 100000] [--calls 1500] [--keep] [--out DIR]

pgvector declares `vector` with STORAGE EXTERNAL, so a vector(1536) (6 kB) lives in the TOAST table, and a
semantic search reads it back (a TOAST index probe and its chunks) for every result whose distance it
returns. STORAGE PLAIN keeps it in the row: a row then fills most of a heap page, so an update of the
row (a soft delete, a restore: the memory's filter columns) can no longer be HOT and inserts into every
index, the HNSW graph included.

Two databases with the same workload (`bench/harness.py` set-up and load, one seed): `out` as deployed,
`in` with `ALTER COLUMN embedding SET STORAGE PLAIN`; both then rewritten by VACUUM FULL (which moves the
vectors of `in` into their rows and rebuilds both sets of indexes alike) and analysed. The same calls, as
an agent login, alternate between the two one by one: semantic top-10 over everything, within one session
and for one user; a soft delete of a memory with an embedding and its restore; a create with two tags and
an embedding. p50 / p95 per side, the ratio in / out, and the table's heap and TOAST sizes.

The decision rule, fixed before the first run: inline wins if semantic p50 over everything and within a
session are each at least 5 % lower, and write, soft delete and restore p50 are each at most 10 % higher.
Writes bench/results/embedding-storage-<date>.json, .md, .png.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

import numpy as np

HERE = Path(__file__).resolve().parent
sys.path[:0] = [str(HERE.parent), str(HERE)]
import common  # noqa: E402
import harness as h  # noqa: E402

SIDES = {"out": "mo_storage_out", "in": "mo_storage_in"}
SEARCHES = ("semantic, everything", "semantic, one session", "semantic, one user")
CHANGES = ("soft delete", "restore", "write")
CALLS = SEARCHES + CHANGES
SIZES = """SELECT pg_relation_size(c.oid), pg_relation_size(c.reltoastrelid),
                  pg_relation_size('memory_store.idx_vector_embeddings_embedding'::regclass)
             FROM pg_class c WHERE c.oid = 'memory_store.vector_embeddings'::regclass"""
HOT = """SELECT n_tup_upd, n_tup_hot_upd FROM pg_stat_user_tables
          WHERE relid = 'memory_store.vector_embeddings'::regclass"""


def main(argv=None) -> Path:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--memories", type=int, default=100_000)
    p.add_argument("--calls", type=int, default=1_500, help="calls of each kind per side, the first fifth a warm-up")
    p.add_argument("--keep", action="store_true")
    p.add_argument("--out", type=Path, default=common.RESULTS, help="directory of the reports")
    p.add_argument("--render", metavar="JSON", help="write the .md and .png of a report's JSON again and stop")
    args = p.parse_args(argv)
    if args.render:
        return render(Path(args.render))
    t = h.target.current()
    facts = common.run_facts(t.uri("postgres"))
    hargs = h.parse_args(["--size", "tiny", "--seed", "7"])
    hargs.queries = 24
    w = h.Workload(args.memories, 1000, seed=7)
    q = h.make_queries(w, args.calls, 7)
    exact = h.Exact(h.exact_sets(h.make_queries(w, 24, 7), w))
    rewrite = {}
    for side, db in SIDES.items():
        with h.phase(f"set-up and load, {side}"):
            ddl = h.setup(t, db, hargs)
            h.load(t, db, w, exact, exact, ddl, hargs, {})
        with h.phase(f"rewrite, {side}"), h.connect(t, db, role=False) as conn:
            if side == "in":
                conn.execute("ALTER TABLE memory_store.vector_embeddings ALTER COLUMN embedding SET STORAGE PLAIN")
            conn.execute("VACUUM FULL memory_store.vector_embeddings")
            conn.execute("VACUUM ANALYZE memory_store.vector_embeddings")
        rewrite[side] = h.PHASES[f"rewrite, {side}"]["seconds"]
    with h.connect(t, SIDES["out"], role=False) as conn:
        conn.execute("SELECT setseed(0.7)")
        changed = [r[0] for r in conn.execute(
            "SELECT memory_id FROM memory_store.vector_embeddings WHERE is_active ORDER BY random() LIMIT %s",
            (args.calls,))]
    with h.connect(t, SIDES["in"], role=False) as conn:   # one seed: the same memories on both sides
        assert conn.execute("SELECT count(*) FROM memory_store.vector_embeddings WHERE memory_id = ANY(%s)",
                            (changed,)).fetchone()[0] == len(changed)
    writes = h.Writes(w, 11).batch(args.calls)
    items = {
        "semantic, everything": [{"v": v} for v in q["semantic"]],
        "semantic, one session": [{"v": v, "f": w.session_ids[s]} for v, s in zip(q["session_vectors"], q["session"])],
        "semantic, one user": [{"v": v, "f": f"user-{u:03d}"} for v, u in zip(q["user_vectors"], q["user"])],
        "soft delete": [(m,) for m in changed], "restore": [(m,) for m in changed], "write": writes}
    sql = {"semantic, everything": h.SEMANTIC_API.format(f=""),
           "semantic, one session": h.SEMANTIC_API.format(f=h.FILTERS["session"][0]),
           "semantic, one user": h.SEMANTIC_API.format(f=h.FILTERS["user"][0]),
           "soft delete": "SELECT memory.delete_memory(%s)", "restore": "SELECT memory_id FROM memory.restore_memory(%s)",
           "write": h.CREATE_API}
    conns = {side: h.api_connection(t, db) for side, db in SIDES.items()}
    before_hot = {side: hot_counts(t, db) for side, db in SIDES.items()}
    warm = args.calls // 5
    lat = {(c, s): [] for c in CALLS for s in SIDES}
    results = {(c, s): 0 for c in SEARCHES for s in SIDES}
    for call in CALLS:
        progress = h.Progress(call, len(items[call]))
        with h.phase(call):
            for i, item in enumerate(items[call]):
                for side in (("out", "in") if i % 2 == 0 else ("in", "out")):
                    start = time.perf_counter()
                    rows = conns[side].execute(sql[call], item, prepare=True).fetchall()
                    if i >= warm:
                        lat[(call, side)].append((time.perf_counter() - start) * 1000)
                        if call in SEARCHES:
                            results[(call, side)] += len(rows)
                progress.tick(i + 1)
    for c in conns.values():
        c.close()
    time.sleep(2)   # the closed backends' counters reach the statistics
    sizes, hot = {}, {}
    for side, db in SIDES.items():
        with h.connect(t, db, role=False) as conn:
            heap, toast, hnsw = conn.execute(SIZES).fetchone()
            sizes[side] = {"heap_bytes": heap, "toast_bytes": toast, "hnsw_bytes": hnsw}
        after = hot_counts(t, db)
        hot[side] = {"updates": after[0] - before_hot[side][0], "hot_updates": after[1] - before_hot[side][1]}
        if not args.keep:
            h.recreate_database(t, db, drop_only=True)
    calls = {}
    for call in CALLS:
        calls[call] = {side: h.stats(lat[(call, side)]) for side in SIDES}
        calls[call]["ratio_p50_in_out"] = round(calls[call]["in"]["p50_ms"] / calls[call]["out"]["p50_ms"], 3)
        if call in SEARCHES:
            calls[call]["rows"] = {side: results[(call, side)] for side in SIDES}
    facts["load_average_end"] = common.load_average()
    result = {"facts": facts, "memories": args.memories, "calls_per_kind": args.calls - warm, "warmup": warm,
              "calls": calls, "sizes": sizes, "updates_during_run": hot, "rewrite_seconds": rewrite,
              "decision": decide(calls), "phases": h.PHASES}
    args.out.mkdir(parents=True, exist_ok=True)
    stem = args.out / f"embedding-storage-{facts['date']}"
    stem.with_suffix(".json").write_text(json.dumps(result, indent=2) + "\n")
    return render(stem.with_suffix(".json"))


def hot_counts(t, db) -> tuple[int, int]:
    with h.connect(t, db, role=False) as conn:
        row = conn.execute(HOT).fetchone()
    return int(row[0]), int(row[1])


def decide(calls: dict) -> dict:
    gains = {c: calls[c]["ratio_p50_in_out"] for c in ("semantic, everything", "semantic, one session")}
    costs = {c: calls[c]["ratio_p50_in_out"] for c in CHANGES}
    wins = all(r <= 0.95 for r in gains.values()) and all(r <= 1.10 for r in costs.values())
    return {"rule": "inline wins if semantic p50 over everything and within a session are each >= 5 % lower "
                    "and write, soft delete and restore p50 each <= 10 % higher",
            "inline_wins": wins, "search_ratios": gains, "change_ratios": costs}


def render(path: Path) -> Path:
    r = json.loads(path.read_text())
    stem = path.with_suffix("")
    stem.with_suffix(".md").write_text(markdown(r, stem.name))
    chart(stem.with_suffix(".png"), r)
    print(stem.with_suffix(".md").read_text())
    return path


def markdown(r: dict, name: str) -> str:
    f, c, d = r["facts"], r["calls"], r["decision"]
    mib = lambda b: f"{b / 2**20:,.1f} MiB"  # noqa: E731
    lines = [f"# The embedding inline or out of line ({f['date']})", "",
             f"`python bench/embedding_storage.py` — PostgreSQL {f['postgres']}, pgvector {f['pgvector']}; two "
             f"databases of the same {r['memories']:,} memories (one seed): `out` as deployed (pgvector's STORAGE "
             f"EXTERNAL), `in` with STORAGE PLAIN, both rewritten by VACUUM FULL. {r['calls_per_kind']:,} calls of "
             f"each kind per side after {r['warmup']} warm-up, as an agent login, alternating between the sides "
             f"one by one. Load average {f['load_average_start'][0]} at the start, {f['load_average_end'][0]} at "
             f"the end. {common.NOISE}", "", f"![p50 in and out]({name}.png)", "",
             "| call | out p50 / p95 ms | in p50 / p95 ms | in / out p50 |", "|---|---|---|---|"]
    lines += [f"| {k} | {c[k]['out']['p50_ms']} / {c[k]['out']['p95_ms']} | {c[k]['in']['p50_ms']} / "
              f"{c[k]['in']['p95_ms']} | {c[k]['ratio_p50_in_out']}x |" for k in CALLS]
    s, u = r["sizes"], r["updates_during_run"]
    lines += ["", "| side | heap | TOAST | HNSW index | row updates during the run | of them HOT |",
              "|---|---|---|---|---|---|"]
    lines += [f"| {side} | {mib(s[side]['heap_bytes'])} | {mib(s[side]['toast_bytes'])} | "
              f"{mib(s[side]['hnsw_bytes'])} | {u[side]['updates']:,} | {u[side]['hot_updates']:,} |" for side in s]
    lines += ["", f"Rows returned by the searches, out / in: " + "; ".join(
              f"{k} {c[k]['rows']['out']:,} / {c[k]['rows']['in']:,}" for k in SEARCHES) + ".", "",
              f"**Decision** ({d['rule']}): **{'inline wins' if d['inline_wins'] else 'out of line stays'}**.", ""]
    return "\n".join(lines)


def chart(path: Path, r: dict) -> None:
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    c = r["calls"]
    x = np.arange(len(CALLS))
    fig, ax = plt.subplots(figsize=(10, 4))
    ax.bar(x - 0.2, [c[k]["out"]["p50_ms"] for k in CALLS], 0.4, label="out of line (EXTERNAL)", color="#4c72b0")
    ax.bar(x + 0.2, [c[k]["in"]["p50_ms"] for k in CALLS], 0.4, label="inline (PLAIN)", color="#dd8452")
    ax.set_xticks(x, CALLS, rotation=15)
    ax.set(ylabel="p50 ms", title="the embedding inline or out of line")
    ax.legend()
    fig.tight_layout()
    fig.savefig(path, dpi=110)


if __name__ == "__main__":
    main()
