"""Keyword search at the year's volume: the pool read in one pass against the pool read newest window
first (issue 16, point 5; change keyword_pool_windows).

    python bench/keyword_windows.py [--memories 100000] [--copies 35] [--queries 200] [--dbname D] [--out DIR] [--keep]

The benchmark's workload (`bench/harness.py` set-up and load) of MEMORIES memories, then their entries
copied COPIES times more into memory_store (text, type, session and month kept; a new id, created_at a
few seconds later), so that the year's 3.65 M memories are searched by keyword without building the
year's HNSW graph. The memories the load writes at the time of the run (the benchmark's extra tenants)
are not copied: the last day holds them once, as a day of the year holds its 10,000. The same queries (the benchmark's keyword queries), every variant in turn, the order
rotated:

    bare              ts_rank over every matching row, top 10: the statement without a bounded pool
    one pass          search_keyword_candidates v2: each pool read over every partition at once
    windows           search_keyword_candidates v3 (live): each pool read newest window first
    ours              memory.search_keyword, the API (agent login, audit row)

over every memory, and within one user's memories (p_user_id), all as the superuser acting for nobody,
as the benchmark's keyword cases (the API through the benchmark's agent role). Reports p50 / p95,
the ratio of each to bare, windows / one pass, and whether the two candidate functions gave the same
ids. Writes bench/results/keyword-windows-<date>.json, .md, .png.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path[:0] = [str(HERE.parent), str(HERE)]
import common  # noqa: E402
import harness as h  # noqa: E402

DB = "mo_keyword_windows"
V2 = HERE.parent / "functions/history/memory_store/search/search_keyword_candidates.v2.sql"
COPY_ENTRIES = """
INSERT INTO memory_store.memory_entries (memory_id, session_id, memory_type, content, source_agent, created_at,
                                         updated_at, expires_at, priority, is_active)
SELECT 'c' || %(copy)s || '-' || e.memory_id, e.session_id, e.memory_type, e.content, e.source_agent,
       e.created_at + make_interval(secs => %(copy)s), e.updated_at, e.expires_at, e.priority, e.is_active
  FROM memory_store.memory_entries e
 WHERE e.memory_id !~ '^c[0-9]+-' AND e.created_at < now() - interval '1 day'"""
CANDIDATES = ("SELECT memory_id FROM {fn}(websearch_to_tsquery('english', %(q)s), NULL, NULL, {user}, NULL, NULL, "
              "NULL, NULL, false, 10)")
BARE = """SELECT me.memory_id, ts_rank(to_tsvector('english', me.text_content), %(rq)s::tsquery) AS score
  FROM memory_store.memory_entries me
 WHERE to_tsvector('english', me.text_content) @@ %(mq)s::tsquery AND {visible}{user}
 ORDER BY score DESC, me.created_at DESC, me.memory_id LIMIT 10"""
USER_BARE = (" AND EXISTS (SELECT 1 FROM memory_store.sessions s WHERE s.session_id = me.session_id "
             "AND s.user_id = %(u)s)")
VARIANTS = ("bare", "one pass", "windows", "ours")
CASES = {"everything": "over every memory", "user": "within one user's memories"}


def main(argv=None) -> Path:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--memories", type=int, default=100_000)
    p.add_argument("--copies", type=int, default=35, help="copies of the entries added (35: 3.6 M memories)")
    p.add_argument("--queries", type=int, default=200, help="queries per case, the first 30 a warm-up")
    p.add_argument("--dbname", default=DB)
    p.add_argument("--out", type=Path, default=common.RESULTS)
    p.add_argument("--keep", action="store_true")
    args = p.parse_args(argv)
    t = h.target.current()
    facts = common.run_facts(t.uri("postgres"))
    hargs = h.parse_args(["--size", "tiny", "--seed", "7"])
    hargs.queries = args.queries
    w = h.Workload(args.memories, 1000, seed=7)
    with h.phase("set-up and load"):
        ddl = h.setup(t, args.dbname, hargs)
        q = h.make_queries(w, args.queries, 7)
        exact = h.Exact(h.exact_sets(q, w))
        h.load(t, args.dbname, w, exact, exact, ddl, hargs, {})
    with h.phase(f"copies of the entries: {args.copies}"), h.connect(t, args.dbname, role=False) as conn:
        conn.autocommit = True
        progress = h.Progress("copies", args.copies)
        for copy in range(1, args.copies + 1):
            conn.execute(COPY_ENTRIES, {"copy": copy})
            progress.tick(copy)
        conn.execute("VACUUM ANALYZE memory_store.memory_entries")
        memories = conn.execute("SELECT count(*) FROM memory_store.memory_entries").fetchone()[0]
        months = conn.execute("SELECT count(DISTINCT date_trunc('month', created_at)) "
                              "FROM memory_store.memory_entries").fetchone()[0]
        # the one-pass candidates beside the live ones, as the superuser that calls them
        conn.execute("CREATE SCHEMA IF NOT EXISTS bench_kw")
        conn.execute(V2.read_text().split("COMMENT ON FUNCTION")[0].replace(
            "FUNCTION memory_store.search_keyword_candidates(", "FUNCTION bench_kw.keyword_candidates_v2("))
    conns = {"impl": h.connect(t, args.dbname, role=False)}
    users = [f"user-{u:03d}" for u in q["user"][:args.queries]]
    items = [{"q": text, "u": u} | h.any_term(conns["impl"], text) for text, u in zip(q["keyword"], users)]
    warm = min(30, len(items) // 5)
    result = {"facts": facts, "memories": memories, "months": months, "copies": args.copies,
              "queries": len(items) - warm, "warmup": warm, "cases": {}}
    for case in CASES:
        user = "%(u)s" if case == "user" else "NULL"
        api = h.api_connection(t, args.dbname)  # acting for nobody, as the benchmark's keyword cases (p_user_id filters)
        statements = {
            "bare": BARE.format(visible=h.VISIBLE, user=USER_BARE if case == "user" else ""),
            "one pass": CANDIDATES.format(fn="bench_kw.keyword_candidates_v2", user=user),
            "windows": CANDIDATES.format(fn="memory_store.search_keyword_candidates", user=user),
        }
        runners = {v: (lambda s: lambda item: h.ids(conns["impl"], s, item))(s) for v, s in statements.items()}
        ours = h.KEYWORD_API.format(f=", p_user_id => %(u)s" if case == "user" else "")
        runners["ours"] = lambda item: h.ids(api, ours, item)
        with h.phase(f"keyword top-10 {CASES[case]}"):
            lat, out = h.interleaved(f"keyword, {case}", items, runners, warm)
        same = sum(a == b for a, b in zip(out["one pass"], out["windows"])) / len(out["windows"])
        bare = lat["bare"]["p50_ms"]
        for v in VARIANTS:
            lat[v]["ratio_p50"] = round(lat[v]["p50_ms"] / bare, 3)
        result["cases"][case] = {"variants": lat, "same_ids_windows_one_pass": round(same, 4),
                                 "windows_over_one_pass_p50": round(lat["windows"]["p50_ms"] / lat["one pass"]["p50_ms"], 3),
                                 "windows_over_one_pass_p95": round(lat["windows"]["p95_ms"] / lat["one pass"]["p95_ms"], 3)}
        api.close()
    conns["impl"].close()
    if not args.keep:
        h.recreate_database(t, args.dbname, drop_only=True)
    facts["load_average_end"] = common.load_average()
    result["phases"] = h.PHASES
    args.out.mkdir(parents=True, exist_ok=True)
    stem = args.out / f"keyword-windows-{facts['date']}"
    common.write_report(stem, result, markdown(result, stem.name))
    chart(stem.with_suffix(".png"), result)
    return stem.with_suffix(".json")


def markdown(r: dict, name: str) -> str:
    f = r["facts"]
    lines = [f"# Keyword search at the year's volume: one pass or newest window first ({f['date']})", "",
             f"`python bench/keyword_windows.py` — PostgreSQL {f['postgres']}; {r['memories']:,} memories over "
             f"{r['months']} months (the benchmark's workload, its entries copied {r['copies']} times); "
             f"{r['queries']} keyword queries after {r['warmup']} warm-up, every variant in turn on the same "
             f"query, the order rotated. Load average {f['load_average_start'][0]} at the start, "
             f"{f['load_average_end'][0]} at the end. {common.NOISE}", "",
             f"![p50 and p95 by variant]({name}.png)", "",
             "Variants: **bare** ts_rank over every matching row, top 10; **one pass** the keyword candidates "
             "reading each pool over every partition at once (search_keyword_candidates v2); **windows** the "
             "candidates reading each pool newest window first (v3, live); **ours** `memory.search_keyword` "
             "as an agent login, audit row included.", ""]
    for case, title in CASES.items():
        c = r["cases"][case]
        s = c["variants"]
        lines += [f"## Top-10 {title}", "", "| variant | p50 ms | p95 ms | p99 ms | ratio p50 to bare |",
                  "|---|---|---|---|---|"]
        lines += [f"| {v} | {s[v]['p50_ms']} | {s[v]['p95_ms']} | {s[v]['p99_ms']} | {s[v]['ratio_p50']}x |"
                  for v in VARIANTS]
        lines += ["", f"Windows / one pass: p50 {c['windows_over_one_pass_p50']}x, p95 "
                  f"{c['windows_over_one_pass_p95']}x; the same ids from both: {c['same_ids_windows_one_pass']:.2%} "
                  "of the queries.", ""]
    return "\n".join(lines)


def chart(path: Path, r: dict) -> None:
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    import numpy as np
    fig, axes = plt.subplots(1, len(CASES), figsize=(10, 3.8))
    for ax, (case, title) in zip(axes, CASES.items()):
        s = r["cases"][case]["variants"]
        y = np.arange(len(VARIANTS))
        ax.barh(y - 0.2, [s[v]["p50_ms"] for v in VARIANTS], height=0.4, label="p50", color="#4c72b0")
        ax.barh(y + 0.2, [s[v]["p95_ms"] for v in VARIANTS], height=0.4, label="p95", color="#dd8452")
        ax.set_yticks(y, VARIANTS)
        ax.invert_yaxis()
        ax.set(xlabel="ms", title=f"keyword top-10 {title}")
        ax.legend()
    fig.suptitle(f"{r['memories']:,} memories")
    fig.tight_layout()
    fig.savefig(path, dpi=110)


if __name__ == "__main__":
    main()
