"""Where a semantic search's time goes, layer by layer, beside the bare statement (issue 16, point 2).

    python bench/search_floor.py [--memories 100000] [--searches 2500] [--keep] [--dbname D] [--out DIR]

One database with the benchmark's workload on both sides (the package's tables and the bare ones,
`bench/harness.py` set-up and load, the default size unless told). Two searches, each top-10: over
everything, and within one session. The same query vectors run, interleaved one by one, through two
ladders from the bare statement: what the cheapest audited search adds to it, and what each of our
layers adds:

    bare                     the benchmark's baseline: the bare pgvector statement, ids only
    bare at our ef_search    the same at the ef_search our scan runs at (by the graph's size)
    bare + rows and tags     the same statement also returning each memory's row and tags, as the API does
    floor                    that statement also writing one audit row into memory_store.memory_access_logs
                             (the cheapest audited search that returns what ours returns, one statement)
    candidates               memory_store.search_semantic_candidates: our candidate scan alone (against
                             the bare statement at the same ef_search)
    direct                   memory_store.search_semantic_direct: + validation, each memory's row and tags,
                             the score components and the audit row (the path of a search ranked by
                             relevance, now)
    ours                     memory.search_semantic as an agent login (member of memory_agent)

The floor and our inner layers run as the superuser (an agent may not call them); the read-only
variants with synchronous_commit off, as a read-only API call commits. p50 / p95, each one's ratio to
bare and its step over the variant it adds to; what the targets (1.5x over everything, 2x within a
session) leave over the bare statement. Writes bench/results/search-floor-<date>.json, .md, .png.
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

DB = "mo_search_floor"
VARIANTS = ("bare", "bare at our ef_search", "bare + rows and tags", "floor", "candidates", "direct", "ours")
# what each variant adds to: two ladders from the bare statement, the hand-written floor and our layers
STEP_FROM = {"bare at our ef_search": "bare", "bare + rows and tags": "bare", "floor": "bare + rows and tags",
             "candidates": "bare at our ef_search",
             "direct": "candidates", "ours": "direct"}
TARGETS = {"everything": 1.5, "one session": 2.0}
AUDIT_ROW = ("INSERT INTO memory_store.memory_access_logs (operation, request_data, success, agent_id, login_role) "
             "SELECT 'search', jsonb_build_object('result_count', count(*)), true, 'bench-agent', session_user FROM r")


def statements(case: str) -> dict:
    session = case == "one session"
    bare = h.FILTERED_BARE.format(f="me.session_id = %(s)s") if session else h.SEMANTIC_BARE
    rows = h.WITH_ROWS.format(bare)
    s = "%(s)s" if session else "NULL"
    api_filter = ", p_session_id => %(s)s" if session else ""
    return {
        "bare": bare,
        "bare at our ef_search": bare,
        "bare + rows and tags": rows,
        "floor": f"WITH r AS MATERIALIZED ({rows}), a AS ({AUDIT_ROW}) SELECT * FROM r",
        "candidates": ("SELECT memory_id FROM memory_store.search_semantic_candidates("
                       f"%(v)b, NULL, {s}, NULL, NULL, NULL, NULL, NULL, false, NULL, 10)"),
        "direct": f"SELECT memory_id FROM memory_store.search_semantic_direct(p_embedding => %(v)b, p_limit => 10{api_filter})",
        "ours": f"SELECT memory_id FROM memory.search_semantic(p_embedding => %(v)b, p_limit => 10{api_filter})",
    }


def main(argv=None) -> Path:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--memories", type=int, default=100_000)
    p.add_argument("--searches", type=int, default=2_500, help="searches per case, the first 500 a warm-up")
    p.add_argument("--keep", action="store_true")
    p.add_argument("--dbname", default=DB)
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
    q = h.make_queries(w, args.searches, 7)
    with h.phase("set-up and load"):
        ddl = h.setup(t, args.dbname, hargs)
        exact = h.Exact(h.exact_sets(h.make_queries(w, 24, 7), w))
        h.load(t, args.dbname, w, exact, exact, ddl, hargs, {})
    off = {"synchronous_commit": "off"}
    conns = {"bare": h.connect(t, args.dbname, settings=h.ITERATIVE), "bare + rows and tags": h.connect(t, args.dbname, settings=h.ITERATIVE),
             "floor": h.connect(t, args.dbname, role=False, settings=h.ITERATIVE | off),
             "candidates": h.connect(t, args.dbname, role=False),
             "direct": h.connect(t, args.dbname, role=False), "ours": h.api_connection(t, args.dbname)}
    with conns["candidates"].transaction():   # the ef_search our scan runs at, for the report
        conns["candidates"].execute("SELECT memory_store.search_hnsw_settings(10)")
        ours_ef = int(conns["candidates"].execute("SELECT current_setting('hnsw.ef_search')").fetchone()[0])
    conns["bare at our ef_search"] = h.connect(t, args.dbname, settings=h.ITERATIVE | {"hnsw.ef_search": ours_ef})
    cases = {"everything": [{"v": v, "s": None} for v in q["semantic"]],
             "one session": [{"v": v, "s": w.session_ids[s]} for v, s in zip(q["session_vectors"], q["session"])]}
    warm = min(500, args.searches // 5)
    result = {"facts": facts, "memories": args.memories, "searches": args.searches - warm, "warmup": warm,
              "ef_search": {"bare": h.ITERATIVE["hnsw.ef_search"], "ours": ours_ef}, "cases": {}}
    for case, items in cases.items():
        sql = statements(case)
        lat = {v: [] for v in VARIANTS}
        short = {v: 0 for v in VARIANTS}
        progress = h.Progress(f"searches, {case}", len(items))
        with h.phase(f"searches, {case}"):
            for i, item in enumerate(items):
                # rotated: each variant goes first on as many vectors (the first to walk a graph region
                # pays its cold pages; an alternating order would leave that to the two ends)
                for v in VARIANTS[i % len(VARIANTS):] + VARIANTS[:i % len(VARIANTS)]:
                    start = time.perf_counter()
                    rows = conns[v].execute(sql[v], item, prepare=True).fetchall()
                    if i >= warm:
                        lat[v].append((time.perf_counter() - start) * 1000)
                        short[v] += len(rows) < 10
                progress.tick(i + 1)
        stats = {v: h.stats(lat[v]) | {"fewer_than_10": short[v]} for v in VARIANTS}
        bare = stats["bare"]["p50_ms"]
        for v in VARIANTS:
            stats[v]["ratio_p50"] = round(stats[v]["p50_ms"] / bare, 3)
        result["cases"][case] = {"variants": stats, "target_ratio": TARGETS[case],
                                 "allowed_over_bare_ms": round((TARGETS[case] - 1) * bare, 4)}
    for c in conns.values():
        c.close()
    if not args.keep:
        h.recreate_database(t, args.dbname, drop_only=True)
    facts["load_average_end"] = common.load_average()
    result["phases"] = h.PHASES
    args.out.mkdir(parents=True, exist_ok=True)
    stem = args.out / f"search-floor-{facts['date']}"
    stem.with_suffix(".json").write_text(json.dumps(result, indent=2) + "\n")
    return render(stem.with_suffix(".json"))


def render(path: Path) -> Path:
    result = json.loads(path.read_text())
    stem = path.with_suffix("")
    stem.with_suffix(".md").write_text(markdown(result, stem.name))
    chart(stem.with_suffix(".png"), result)
    print(stem.with_suffix(".md").read_text())
    return path


def markdown(r: dict, name: str) -> str:
    f = r["facts"]
    lines = [f"# Where a semantic search's time goes ({f['date']})", "",
             f"`python bench/search_floor.py` — PostgreSQL {f['postgres']}, pgvector {f['pgvector']}; "
             f"{r['memories']:,} memories of the benchmark's workload; {r['searches']:,} top-10 searches per case "
             f"after {r['warmup']} warm-up, every variant in turn on the same query vector, the order rotated so that each goes first equally often; "
             f"psycopg with prepared statements. The bare statements run at ef_search {r['ef_search']['bare']} (the "
             f"benchmark's baseline), ours at {r['ef_search']['ours']} (by the graph's size). Load average "
             f"{f['load_average_start'][0]} at the start, {f['load_average_end'][0]} at the end. {common.NOISE}", "",
             f"![p50 by variant]({name}.png)", ""]
    for case, c in r["cases"].items():
        s = c["variants"]
        lines += [f"## Top-10 over {case}" if case == "everything" else f"## Top-10 within {case}", "",
                  "| variant | p50 ms | p95 ms | ratio p50 to bare | adds to | p50 step, ms | fewer than 10 |",
                  "|---|---|---|---|---|---|---|"]
        lines += [f"| {v} | {s[v]['p50_ms']} | {s[v]['p95_ms']} | {s[v]['ratio_p50']}x | {STEP_FROM.get(v, '–')} | "
                  + (f"{s[v]['p50_ms'] - s[STEP_FROM[v]]['p50_ms']:+.3f}" if v in STEP_FROM else "–")
                  + f" | {s[v]['fewer_than_10']} |" for v in VARIANTS]
        over = {v: s[v]["p50_ms"] - s["bare"]["p50_ms"] for v in VARIANTS}
        lines += ["", f"**What {c['target_ratio']}x leaves**: {c['allowed_over_bare_ms']:.3f} ms over the bare "
                  f"statement's {s['bare']['p50_ms']:.3f} ms. Returning the rows and tags the API returns takes "
                  f"{over['bare + rows and tags']:.3f} ms of it, the floor (those and one audit row, one statement) "
                  f"{over['floor']:.3f} ms ({s['floor']['ratio_p50']}x); ours {over['ours']:.3f} ms "
                  f"({s['ours']['ratio_p50']}x)."
                  + (" A session of fewer than 10 memories returns what it has, on every variant alike."
                     if case != "everything" else ""), ""]
    return "\n".join(lines)


def chart(path: Path, r: dict) -> None:
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    fig, axes = plt.subplots(1, len(r["cases"]), figsize=(11, 4))
    for ax, (case, c) in zip(np.atleast_1d(axes), r["cases"].items()):
        s = c["variants"]
        ax.barh(list(VARIANTS)[::-1], [s[v]["p50_ms"] for v in VARIANTS][::-1], color="#4c72b0")
        ax.axvline(c["target_ratio"] * s["bare"]["p50_ms"], color="#c44e52", linestyle="--",
                   label=f"{c['target_ratio']}x bare")
        ax.set(xlabel="p50 ms", title=f"semantic top-10, {case}")
        ax.legend()
    fig.tight_layout()
    fig.savefig(path, dpi=110)


if __name__ == "__main__":
    main()
