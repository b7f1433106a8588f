"""What a read by id at 1.3x a bare primary-key select would have to cost (issue 16, point 1).

    python bench/read_floor.py [--memories 20000] [--reads 3000] [--keep]

One database with the benchmark's workload on both sides (the package's tables and the bare ones,
`bench/harness.py` set-up and load). The same ids are read, interleaved one by one, by:

    bare                 SELECT * FROM bench_bare.memory_entries WHERE memory_id = $1
    bare + journal row   the same statement also inserting one row into a table with no index
                         (what the cheapest audit sink would cost: an append-only journal)
    definer + journal    that statement inside a PL/pgSQL SECURITY DEFINER function with a pinned
                         search_path (the shape every API function has)
    bare + access log    the harness's floor: the row with its tags and the audit row into
                         memory_store.memory_access_logs (its eight indexes, monthly partitions)
    ours                 memory.read_memory as an agent login (member of memory_agent)

all with synchronous_commit off, as a read-only API call commits. p50 / p95 and each one's ratio to
bare; what 1.3x leaves over the bare select. Writes bench/results/read-floor-<date>.json, .md, .png.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import time
from pathlib import Path

import numpy as np

HERE = Path(__file__).resolve().parent
sys.path[:0] = [str(HERE.parent), str(HERE)]
import common  # noqa: E402
import harness as h  # noqa: E402

DB = "mo_read_floor"
JOURNAL_DDL = """
CREATE SCHEMA IF NOT EXISTS bench_floor;
CREATE TABLE IF NOT EXISTS bench_floor.read_journal (
    at timestamptz NOT NULL DEFAULT now(), memory_id text, agent_id text, login_role name);
CREATE OR REPLACE FUNCTION bench_floor.read_journaled(p_memory_id text)
RETURNS SETOF bench_bare.memory_entries
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    RETURN QUERY
    WITH e AS (SELECT * FROM bench_bare.memory_entries m WHERE m.memory_id = p_memory_id),
         j AS (INSERT INTO bench_floor.read_journal (memory_id, agent_id, login_role)
               SELECT e.memory_id, 'bench-agent', session_user FROM e)
    SELECT * FROM e;
END
$$;
GRANT USAGE ON SCHEMA bench_floor TO PUBLIC;
GRANT INSERT ON bench_floor.read_journal TO PUBLIC;
"""
JOURNAL = ("WITH e AS (SELECT * FROM bench_bare.memory_entries WHERE memory_id = %s), "
           "j AS (INSERT INTO bench_floor.read_journal (memory_id, agent_id, login_role) "
           "SELECT e.memory_id, 'bench-agent', session_user FROM e) SELECT * FROM e")
DEFINER = "SELECT * FROM bench_floor.read_journaled(%s)"
VARIANTS = ("bare", "bare + journal row", "definer + journal row", "bare + access log", "ours")


def main(argv=None) -> Path:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--memories", type=int, default=20_000)
    p.add_argument("--reads", type=int, default=3_000, help="ids read, the first 500 a warm-up")
    p.add_argument("--keep", action="store_true")
    args = p.parse_args(argv)
    t = h.target.current()
    facts = common.run_facts(t.uri("postgres"))
    hargs = h.parse_args(["--size", "tiny", "--seed", "7"])
    hargs.queries = 24
    w = h.Workload(args.memories, 50, seed=7)
    with h.phase("set-up and load"):
        ddl = h.setup(t, DB, hargs)
        q = h.make_queries(w, 24, 7)
        exact = h.Exact(h.exact_sets(q, w))
        pool = h.load(t, DB, w, exact, exact, ddl, hargs, {})
        with h.connect(t, DB, role=False) as conn:
            conn.execute(JOURNAL_DDL)
            conn.execute("VACUUM ANALYZE bench_floor.read_journal")
    off = {"synchronous_commit": "off"}
    conns = {"bare": h.connect(t, DB, settings=off), "bare + journal row": h.connect(t, DB, settings=off),
             "definer + journal row": h.connect(t, DB, settings=off),
             "bare + access log": h.connect(t, DB, role=False, settings=off), "ours": h.api_connection(t, DB)}
    statements = {"bare": h.READ_BARE, "bare + journal row": JOURNAL, "definer + journal row": DEFINER,
                  "bare + access log": h.READ_FLOOR, "ours": h.READ_API}
    rng = random.Random(11)
    ids = [rng.choice(pool) for _ in range(args.reads)]
    warm = min(500, args.reads // 5)
    lat = {v: [] for v in VARIANTS}
    wrong = 0
    progress = h.Progress("reads", len(ids))
    with h.phase("reads"):
        for i, m in enumerate(ids):
            # rotated: each variant goes first on as many ids (the first to touch a row pays its cold pages)
            order = VARIANTS[i % len(VARIANTS):] + VARIANTS[:i % len(VARIANTS)]
            for v in order:
                start = time.perf_counter()
                rows = conns[v].execute(statements[v], (m,), prepare=True).fetchall()
                if i >= warm:
                    lat[v].append((time.perf_counter() - start) * 1000)
                wrong += len(rows) != 1
            progress.tick(i + 1)
    for c in conns.values():
        c.close()
    if not args.keep:
        h.recreate_database(t, DB, drop_only=True)
    stats = {v: h.stats(lat[v]) for v in VARIANTS}
    bare = stats["bare"]["p50_ms"]
    for v in VARIANTS:
        stats[v]["ratio_p50"] = round(stats[v]["p50_ms"] / bare, 3)
    facts["load_average_end"] = common.load_average()
    result = {"facts": facts, "memories": args.memories, "reads": len(ids) - warm, "warmup": warm,
              "wrong_answers": wrong, "variants": stats, "allowed_at_1_3x_ms": round(0.3 * bare, 4),
              "phases": h.PHASES}
    stem = common.RESULTS / f"read-floor-{facts['date']}"
    stem.with_suffix(".json").write_text(json.dumps(result, indent=2) + "\n")
    stem.with_suffix(".md").write_text(markdown(result, stem.name))
    chart(stem.with_suffix(".png"), result)
    print(stem.with_suffix(".md").read_text())
    return stem.with_suffix(".json")


def markdown(r: dict, name: str) -> str:
    f, s = r["facts"], r["variants"]
    extra = {v: s[v]["p50_ms"] - s["bare"]["p50_ms"] for v in VARIANTS}
    lines = [f"# The floor of an audited read ({f['date']})", "",
             f"`python bench/read_floor.py` — PostgreSQL {f['postgres']}, pgvector {f['pgvector']}; "
             f"{r['memories']:,} memories of the benchmark's workload; {r['reads']:,} reads after {r['warmup']} "
             f"warm-up, every variant in turn on the same id, the order rotated so that each goes first equally often; psycopg with prepared "
             f"statements, synchronous_commit off. Load average {f['load_average_start'][0]} at the start, "
             f"{f['load_average_end'][0]} at the end. {common.NOISE}", "",
             f"![p50 by variant]({name}.png)", "",
             "| variant | p50 ms | p95 ms | p99 ms | ratio p50 to bare | over bare, ms |", "|---|---|---|---|---|---|"]
    lines += [f"| {v} | {s[v]['p50_ms']} | {s[v]['p95_ms']} | {s[v]['p99_ms']} | {s[v]['ratio_p50']}x | "
              f"{extra[v]:.3f} |" for v in VARIANTS]
    lines += ["", f"Wrong answers (a read that did not return its one row): {r['wrong_answers']}.", "",
              f"**What 1.3x leaves**: {r['allowed_at_1_3x_ms']:.3f} ms over the bare select's "
              f"{s['bare']['p50_ms']:.3f} ms, for everything an API read does besides the select: the definer "
              f"call, validation, the tenant check, the audit row and its commit. The cheapest audit row, into a "
              f"table without indexes, costs {extra['bare + journal row']:.3f} ms; inside a SECURITY DEFINER "
              f"function {extra['definer + journal row']:.3f} ms; the row into the access log with its indexes "
              f"and the tags {extra['bare + access log']:.3f} ms; our read {extra['ours']:.3f} ms.", ""]
    return "\n".join(lines)


def chart(path: Path, r: dict) -> None:
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    s = r["variants"]
    fig, ax = plt.subplots(figsize=(8, 3.8))
    ax.barh(list(VARIANTS)[::-1], [s[v]["p50_ms"] for v in VARIANTS][::-1], color="#4c72b0")
    ax.axvline(1.3 * s["bare"]["p50_ms"], color="#c44e52", linestyle="--", label="1.3x bare")
    ax.set(xlabel="p50 ms", title="read by id: the floor of an audited read")
    ax.legend()
    fig.tight_layout()
    fig.savefig(path, dpi=110)


if __name__ == "__main__":
    main()
