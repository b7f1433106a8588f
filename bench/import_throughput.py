"""Throughput of the legacy import: N generated contextual_memory_pc2 context
items, every one with a 1536-d embedding, imported into a freshly deployed
scratch database (HNSW index in place, as in production) with the same code
path as `./dev import`. Writes bench/results/import-<date>.{md,json}.

    python bench/import_throughput.py [--count 100000] [--batch 500]

With --compare-index the same file is imported into two fresh databases side
by side, one with the deployed HNSW index and one with the index dropped, --runs
times (alternating which goes first); the report gives both rates and their
ratio, i.e. what the HNSW insertion costs per record. Writes
bench/results/import-index-<date>.{md,json,png}.

    python bench/import_throughput.py --count 2000 --compare-index --runs 3
    ./dev bench-import --count 2000 --compare-index --runs 3      # the same, through invoke
"""

import argparse
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from datetime import date
from pathlib import Path

import psycopg

sys.path.insert(0, str(Path(__file__).resolve().parent))
import common  # noqa: E402
from mo import importer, legacy_samples  # noqa: E402

ROOT = common.ROOT


def import_once(t, path: str, count: int, batch: int, with_index: bool = True) -> dict:
    """Deploy a fresh database (dropping the HNSW index unless WITH_INDEX), import PATH, drop the database."""
    dbname = f"mo_bench_import_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(t.uri("postgres"), autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{dbname}"')
    try:
        subprocess.run(["sqitch", "deploy", t.sqitch_uri(dbname)], cwd=ROOT, env=t.env(), check=True,
                       capture_output=True)
        if not with_index:
            with psycopg.connect(t.uri(dbname), autocommit=True) as conn:
                conn.execute("DROP INDEX memory_store.idx_vector_embeddings_embedding")
        started = time.perf_counter()
        result = importer.import_file(t.uri(dbname), "contextual", path, batch=batch, progress=False,
                                      keep_staging=False, timings=(timings := {}))
        total = time.perf_counter() - started
        with psycopg.connect(t.uri(dbname)) as conn:
            rows = conn.execute("SELECT (SELECT count(*) FROM memory_store.memory_entries), "
                                "(SELECT count(*) FROM memory_store.vector_embeddings), "
                                "(SELECT count(*) FROM memory_store.memory_tags), "
                                "(SELECT count(*) FROM memory_store.sessions)").fetchone()
            hnsw = conn.execute("SELECT count(*) FROM pg_indexes WHERE indexname = "
                                "'idx_vector_embeddings_embedding'").fetchone()[0]
            server = conn.execute("SHOW server_version").fetchone()[0]
            vector = conn.execute("SELECT extversion FROM pg_extension WHERE extname = 'vector'").fetchone()[0]
    finally:
        with psycopg.connect(t.uri("postgres"), autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{dbname}" WITH (FORCE)')
    if result.imported != count or rows[1] != count or bool(hnsw) != with_index:
        sys.exit(f"import went wrong: imported {result.imported}, rows {rows}, hnsw index {hnsw}")
    return {"with_index": with_index, "total_s": round(total, 2),
            "timings_s": {k: round(v, 2) for k, v in timings.items()},
            "records_per_s": round(count / total, 1),
            "import_phase_records_per_s": round(count / max(timings.get("import", total), 1e-9), 1),
            "import_phase_ms_per_record": round(timings.get("import", total) * 1000 / count, 2),
            "imported": result.imported, "skipped": result.skipped, "rejected": result.rejected,
            "rows": {"memories": rows[0], "embeddings": rows[1], "tags": rows[2], "sessions": rows[3]},
            "reconciliation": [list(r) for r in result.reconciliation],
            "server": server, "pgvector": vector}


def compare_index(t, args):
    facts = common.run_facts(t.uri("postgres"))
    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, "contextual.jsonl")
        legacy_samples.generate(path, "contextual", args.count, all_embeddings=True)
        size = os.path.getsize(path)
        runs = []
        for i in range(args.runs):
            order = [True, False] if i % 2 == 0 else [False, True]
            run = {"load_average_start": common.load_average()}
            for with_index in order:
                side = "with" if with_index else "without"
                print(f"run {i + 1}/{args.runs}: {args.count} records, {side} the HNSW index ...", flush=True)
                run[side] = import_once(t, path, args.count, args.batch, with_index)
                print(f"  {run[side]['records_per_s']} records/s end to end, import phase "
                      f"{run[side]['import_phase_records_per_s']} records/s", flush=True)
            run["order"] = ["with" if w else "without" for w in order]
            run["load_average_end"] = common.load_average()
            run["ratio_import_phase"] = round(run["without"]["import_phase_records_per_s"]
                                              / run["with"]["import_phase_records_per_s"], 2)
            run["ratio_end_to_end"] = round(run["without"]["records_per_s"] / run["with"]["records_per_s"], 2)
            run["hnsw_ms_per_record"] = round(run["with"]["import_phase_ms_per_record"]
                                              - run["without"]["import_phase_ms_per_record"], 2)
            runs.append(run)
    facts["load_average_end"] = common.load_average()
    command = f"./dev bench-import --count {args.count} --compare-index --runs {args.runs}" + \
        (f" --batch {args.batch}" if args.batch != 500 else "")

    def med(side, key):
        return round(statistics.median(r[side][key] for r in runs), 1)

    summary = {"with_index_records_per_s": med("with", "records_per_s"),
               "without_index_records_per_s": med("without", "records_per_s"),
               "with_index_import_phase_records_per_s": med("with", "import_phase_records_per_s"),
               "without_index_import_phase_records_per_s": med("without", "import_phase_records_per_s"),
               "with_index_import_phase_ms_per_record": round(statistics.median(
                   r["with"]["import_phase_ms_per_record"] for r in runs), 2),
               "hnsw_ms_per_record": round(statistics.median(r["hnsw_ms_per_record"] for r in runs), 2),
               "ratio_import_phase": [min(r["ratio_import_phase"] for r in runs),
                                      max(r["ratio_import_phase"] for r in runs)],
               "ratio_end_to_end": [min(r["ratio_end_to_end"] for r in runs),
                                    max(r["ratio_end_to_end"] for r in runs)]}
    report = {"command": command, "facts": facts, "count": args.count, "batch": args.batch, "file_bytes": size,
              "summary": summary, "runs": runs}
    stem = common.RESULTS / f"import-index-{facts['date']}"
    common.write_json(stem.with_suffix(".json"), report)
    s = summary
    lines = [f"# Legacy import with and without the HNSW index, {facts['date']}", "",
             f"`{command}` (`bench/import_throughput.py`): the same {args.count:,} generated contextual_memory_pc2 "
             f"context items, every one with a 1536-d embedding ({size / 1e6:,.1f} MB of JSON Lines), imported with "
             "`mo/importer.py` (the code of `./dev import`, batches of "
             f"{args.batch}) into two freshly deployed, empty databases: one with the deployed HNSW index "
             "(m 16, ef_construction 64), one with that index dropped. "
             f"{args.runs} run{'s' if args.runs > 1 else ''}, alternating which side goes first. "
             f"PostgreSQL {facts['postgres']}, pgvector {facts['pgvector']}; {common.fmt_load(facts)}. "
             f"{common.NOISE}", "",
             "| run | order | with index: end to end / import phase, records/s | without: end to end / import phase, "
             "records/s | ratio without / with (import phase) | import phase ms per record with / without |",
             "|---|---|---|---|---|---|"]
    for i, r in enumerate(runs, 1):
        w, wo = r["with"], r["without"]
        lines.append(f"| {i} | {' then '.join(r['order'])} | {w['records_per_s']:,} / "
                     f"{w['import_phase_records_per_s']:,} | {wo['records_per_s']:,} / "
                     f"{wo['import_phase_records_per_s']:,} | {r['ratio_import_phase']}x | "
                     f"{w['import_phase_ms_per_record']} / {wo['import_phase_ms_per_record']} |")
    lines += ["", f"Median over the runs: the import phase ran at **{s['with_index_import_phase_records_per_s']:,} "
                  f"records/s with the index and {s['without_index_import_phase_records_per_s']:,} without** "
                  f"({s['ratio_import_phase'][0]}x–{s['ratio_import_phase'][1]}x); end to end (staging, import, "
                  f"reconciliation, purge of staging) {s['with_index_records_per_s']:,} and "
                  f"{s['without_index_records_per_s']:,} records/s. The HNSW insertion is about "
                  f"{s['hnsw_ms_per_record']} ms of each record's {s['with_index_import_phase_ms_per_record']} ms in "
                  f"the import phase, on a graph of at most {args.count:,} vectors (it grows with the graph).", "",
              "Every run imported every record (no rejects) and its reconciliation matched; the phases of each run "
              "are in the JSON file of the same name.", ""]
    stem.with_suffix(".md").write_text("\n".join(lines))
    chart(stem.with_suffix(".png"), runs, args.count)
    print("\n".join(lines))
    print(f"wrote {stem}.json, .md, .png")


def chart(path, runs, count):
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=(7, 4))
    xs = range(1, len(runs) + 1)
    ax.bar([x - 0.2 for x in xs], [r["with"]["import_phase_records_per_s"] for r in runs], 0.4,
           label="with the HNSW index")
    ax.bar([x + 0.2 for x in xs], [r["without"]["import_phase_records_per_s"] for r in runs], 0.4,
           label="without it")
    ax.set_xticks(list(xs), [f"run {x}" for x in xs])
    ax.set_ylabel("import phase, records/s")
    ax.set_ylim(top=1.25 * max(r["without"]["import_phase_records_per_s"] for r in runs))
    ax.set_title(f"Legacy import of {count:,} records with 1536-d embeddings")
    ax.grid(alpha=0.3, axis="y")
    ax.legend()
    fig.tight_layout()
    fig.savefig(path, dpi=110)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--count", type=int, default=100_000)
    parser.add_argument("--batch", type=int, default=500)
    parser.add_argument("--compare-index", action="store_true",
                        help="import into two databases, with and without the HNSW index, side by side")
    parser.add_argument("--runs", type=int, default=1, help="with --compare-index: repeat, alternating the order")
    args = parser.parse_args()
    t = common.target.current()
    if args.compare_index:
        return compare_index(t, args)
    facts = common.run_facts(t.uri("postgres"))
    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, "contextual.jsonl")
        started = time.perf_counter()
        legacy_samples.generate(path, "contextual", args.count, all_embeddings=True)
        generated = time.perf_counter() - started
        size = os.path.getsize(path)
        r = import_once(t, path, args.count, args.batch)
    facts["load_average_end"] = common.load_average()
    timings, total, rows = r["timings_s"], r["total_s"], r["rows"]
    report = f"""# Legacy import throughput, {date.today().isoformat()}

`python bench/import_throughput.py --count {args.count} --batch {args.batch}`: {args.count:,} generated
contextual_memory_pc2 context items, **every one with a 1536-d embedding** (plus 0-3 tags, a session
from a pool, some unknown fields), JSON Lines, {size / 1e6:,.0f} MB; imported with `mo/importer.py` (the code
of `./dev import`) into a freshly deployed database with the HNSW index (m 16, ef_construction 64) in place.
PostgreSQL {r['server']}, pgvector {r['pgvector']}, {platform.machine()}, 2 cores shared with other work;
{common.fmt_load(facts)}.

| phase | seconds |
|---|---|
| generate the file (not part of the import) | {generated:,.1f} |
| stage: stream + COPY into import_staging | {timings.get('stage', 0):,.1f} |
| import: memory_store.import_run, batches of {args.batch} | {timings.get('import', 0):,.1f} |
| reconcile | {timings.get('reconcile', 0):,.1f} |
| purge staging | {timings.get('purge', 0):,.1f} |
| **total import** | **{total:,.1f}** |

**{r['records_per_s']:,.0f} records/s** end to end ({args.count:,} records in {total:,.1f} s);
the import phase alone {r['import_phase_records_per_s']:,.0f} records/s.
Result: imported {r['imported']:,}, skipped {r['skipped']:,}, rejected {r['rejected']:,};
rows: {rows['memories']:,} memories, {rows['embeddings']:,} embeddings, {rows['tags']:,} tags, {rows['sessions']:,} sessions.
Reconciliation: {'; '.join(f'{x[0]} {x[1]}/{x[2]}' + (' MISMATCH' if x[4] else '') for x in r['reconciliation'])}.

Each record runs in its own subtransaction (a bad record is rejected alone) and inserts its row into the
HNSW graph, which dominates the import phase; a bulk load that builds the index after the data would be
faster, but would leave the index missing while agents already use the database. What the index costs:
`./dev bench-import --count 2000 --compare-index --runs 3` (bench/results/import-index-*).
"""
    stem = common.RESULTS / f"import-{facts['date']}"
    stem.with_suffix(".md").write_text(report)
    common.write_json(stem.with_suffix(".json"), {"command": f"./dev bench-import --count {args.count}"
                                                  + (f" --batch {args.batch}" if args.batch != 500 else ""),
                                                  "facts": facts, "count": args.count, "batch": args.batch,
                                                  "file_bytes": size, "generate_s": round(generated, 1), **r})
    print(report)


if __name__ == "__main__":
    main()
