"""Benchmark: how many hash partitions should memory_store.vector_embeddings have?

The sqitch deploy variable `embedding_partitions` makes the table plain (1) or
hash-partitioned by memory_id into N partitions, each with its own HNSW index.
A top-k search then has to search every partition's graph and merge the
results. This script measures what that costs on our own schema:

  for each N in --partitions:
    1. create a fresh database bench_partitions_N and `sqitch deploy` the
       package into it with --set embedding_partitions=N;
    2. insert --vectors memories, then COPY (binary) their embeddings with the
       HNSW index dropped, and rebuild the index with the deploy's exact
       definition (timed), then VACUUM ANALYZE;
    3. run --queries top-10 cosine searches (the first --warmup are not
       counted) at hnsw.ef_search 40 (pgvector's default) and 100, on one
       connection with prepared statements; record client-side latency and
       recall@10 against an exact numpy brute-force ground truth.

Data: 1536-d unit vectors clustered like real embeddings. Each of --clusters
random unit centres gets its own random low-rank (--rank) subspace of
variation plus a little isotropic noise. (Pure isotropic gaussian noise in
1536 dimensions would make every point of a cluster almost equidistant from
a query, so "the 10 nearest" would be arbitrary; real embeddings have a low
intrinsic dimension.) Queries are fresh draws around the same centres, not
members of the data set. Everything is generated once, with a fixed seed,
and reused for every N.

With --runs R the whole measurement (deploy, load, build, queries) is
repeated R times, every second run in reverse order of N, so that a drift of
the machine's load shows; the main table is run 1, and the report adds each
run's ratios to N=1 and their range.

Results go to bench/results/embedding-partitions-<date>.{json,md,png}.
The bench databases are dropped at the end unless --keep.

Run from the repository root, with the local cluster running:

    .venv/bin/python bench/embedding_partitions.py [--partitions 1,2,4,8]
"""

import argparse
import datetime
import json
import os
import platform
import re
import subprocess
import sys
import threading
import time
from pathlib import Path

import numpy as np
import psycopg
from psycopg import sql
from tqdm import tqdm

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from mo import target  # noqa: E402
from pgvector.psycopg import register_vector  # noqa: E402

DIM = 1536
K = 10
EF_SEARCHES = (40, 100)
INDEX_DDL = """CREATE INDEX idx_vector_embeddings_embedding ON memory_store.vector_embeddings
    USING hnsw (embedding extensions.vector_cosine_ops) WITH (m = 16, ef_construction = 64)"""
SEARCH = "SELECT memory_id FROM memory_store.vector_embeddings ORDER BY embedding <=> %b LIMIT 10"
SETTINGS = ("shared_buffers", "maintenance_work_mem", "work_mem", "effective_cache_size",
            "max_parallel_maintenance_workers", "max_parallel_workers_per_gather", "jit")


def parse_args():
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--partitions", default="1,2,4,8",
                   help="comma-separated partition counts to compare (default: 1,2,4,8)")
    p.add_argument("--vectors", type=int, default=50_000, help="embeddings to load (default: 50000)")
    p.add_argument("--queries", type=int, default=300, help="queries per setting, warm-up included (default: 300)")
    p.add_argument("--warmup", type=int, default=50, help="leading queries not measured (default: 50)")
    p.add_argument("--clusters", type=int, default=200, help="clusters in the data (default: 200)")
    p.add_argument("--rank", type=int, default=24, help="dimension of each cluster's subspace (default: 24)")
    p.add_argument("--seed", type=int, default=42)
    p.add_argument("--runs", type=int, default=1,
                   help="repeat the whole measurement, every second run in reverse order of N (default: 1)")
    p.add_argument("--keep", action="store_true", help="keep the bench_partitions_N databases")
    p.add_argument("--out", type=Path, default=ROOT / "bench" / "results", help="results directory")
    args = p.parse_args()
    args.partitions = [int(n) for n in args.partitions.split(",")]
    if args.queries <= args.warmup:
        p.error("--queries must be larger than --warmup")
    if 1 not in args.partitions:
        p.error("--partitions must include 1, the baseline of the ratios")
    return args


# --- data -------------------------------------------------------------------

def normalise(x):
    return x / np.linalg.norm(x, axis=1, keepdims=True)


def clustered_vectors(n, rng, centres, bases, spread=0.6, noise=0.15, labels=None):
    """n unit vectors: a centre, plus variation in that cluster's subspace, plus noise.
    LABELS (n cluster numbers) chooses each vector's cluster; by default they are drawn uniformly."""
    clusters, rank, dim = bases.shape
    if labels is None:
        labels = rng.integers(clusters, size=n)
    latent = rng.standard_normal((n, rank), dtype=np.float32) * np.float32(spread / np.sqrt(rank))
    x = centres[labels]
    for c in range(clusters):
        rows = labels == c
        x[rows] += latent[rows] @ bases[c]
    x += rng.standard_normal((n, dim), dtype=np.float32) * np.float32(noise / np.sqrt(dim))
    return normalise(x)


def make_data(args):
    rng = np.random.default_rng(args.seed)
    centres = normalise(rng.standard_normal((args.clusters, DIM), dtype=np.float32))
    bases = rng.standard_normal((args.clusters, args.rank, DIM), dtype=np.float32) / np.float32(np.sqrt(DIM))
    data = clustered_vectors(args.vectors, rng, centres, bases)
    queries = clustered_vectors(args.queries, rng, centres, bases)
    # Exact top-10 by cosine similarity (the vectors are unit length), in float64.
    sims = queries.astype(np.float64) @ data.T.astype(np.float64)
    top = np.argpartition(-sims, K, axis=1)[:, :K]
    truth = [set(memory_id(i) for i in row) for row in top]
    return data, queries, truth


def memory_id(i):
    return f"m{i + 1:06d}"


# --- database ---------------------------------------------------------------

def connect(t, dbname):
    conn = psycopg.connect(t.uri(dbname))
    conn.execute("SET search_path = extensions, public")  # vector type and <=> live in extensions
    register_vector(conn)
    conn.commit()
    return conn


def recreate_database(t, dbname, drop_only=False):
    with psycopg.connect(t.uri("postgres"), autocommit=True) as conn:
        conn.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(dbname)))
        if not drop_only:
            conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(dbname)))


def deploy(t, dbname, partitions):
    cmd = ["sqitch", "deploy", "--set", f"embedding_partitions={partitions}", t.sqitch_uri(dbname)]
    run = subprocess.run(cmd, cwd=ROOT, env=t.env(), capture_output=True, text=True)
    if run.returncode:
        sys.exit(f"{' '.join(cmd)} failed:\n{run.stdout}\n{run.stderr}")


def load(conn, data):
    """Memories first (their trigger registers the ids), then embeddings by binary COPY."""
    conn.execute("""
        INSERT INTO memory_store.memory_entries (memory_id, memory_type, content)
        SELECT 'm' || lpad(i::text, 6, '0'), 'context', jsonb_build_object('text', 'bench memory ' || i)
          FROM generate_series(1, %s) AS i""", (len(data),))
    conn.execute("DROP INDEX memory_store.idx_vector_embeddings_embedding")
    with conn.cursor() as cur, cur.copy("COPY memory_store.vector_embeddings (memory_id, embedding, embedding_model) "
                                        "FROM STDIN (FORMAT BINARY)") as copy:
        copy.set_types(["varchar", "vector", "varchar"])
        for i, vec in enumerate(tqdm(data, desc="  COPY embeddings", unit="row", leave=False)):
            copy.write_row((memory_id(i), vec, "bench"))
    conn.commit()


def build_index(t, conn, dbname, n_vectors):
    """Recreate the HNSW index exactly as deploy/embedding_index.sql does; return seconds."""
    done = threading.Event()

    def progress():  # pg_stat_progress_create_index, polled from a second connection
        with psycopg.connect(t.uri(dbname), autocommit=True) as mon, \
                tqdm(total=n_vectors, desc="  build HNSW", unit="row", leave=False) as bar:
            while not done.wait(1.0):
                row = mon.execute("""SELECT tuples_done, partitions_total, partitions_done
                                       FROM pg_stat_progress_create_index
                                      WHERE datid = (SELECT oid FROM pg_database WHERE datname = current_database())
                                        AND command = 'CREATE INDEX'""").fetchone()
                if row:
                    tuples, parts, parts_done = row  # tuples_done restarts at 0 for each partition
                    bar.n = min(n_vectors, int(parts_done * n_vectors / parts + tuples)) if parts else tuples
                    bar.refresh()

    watcher = threading.Thread(target=progress, daemon=True)
    watcher.start()
    start = time.perf_counter()
    conn.execute(INDEX_DDL)
    conn.commit()
    seconds = time.perf_counter() - start
    done.set()
    watcher.join()
    conn.autocommit = True
    conn.execute("VACUUM ANALYZE memory_store.vector_embeddings")
    conn.autocommit = False
    return seconds


HNSW_INDEXES = """
    SELECT ic.relname FROM pg_index i JOIN pg_class ic ON ic.oid = i.indexrelid JOIN pg_am am ON am.oid = ic.relam
     WHERE am.amname = 'hnsw' AND ic.relkind = 'i' AND ic.relnamespace = 'memory_store'::regnamespace
     ORDER BY ic.relname"""


def hnsw_scan_count(conn):
    """idx_scan summed over the leaf HNSW indexes (flushes this backend's statistics first)."""
    conn.execute("SELECT pg_stat_force_next_flush()")
    conn.commit()  # the backend flushes its counters when it goes idle
    conn.execute("SELECT pg_stat_clear_snapshot()")
    count = conn.execute("""SELECT sum(idx_scan) FROM pg_stat_user_indexes
                             WHERE schemaname = 'memory_store' AND indexrelname IN (""" + HNSW_INDEXES + ")"
                         ).fetchone()[0]
    conn.commit()
    return int(count)


def check_plan(conn, query, partitions):
    """EXPLAIN the search: every partition should be read through its own HNSW index."""
    plan = conn.execute("EXPLAIN (FORMAT JSON) " + SEARCH, (query,)).fetchone()[0][0]["Plan"]
    text = "\n".join(r[0] for r in conn.execute("EXPLAIN (COSTS OFF) " + SEARCH, (query,)))
    text = re.sub(r"'\[[^']*\]'::vector", "$1", text)  # the query vector, 1536 numbers
    hnsw = {name for (name,) in conn.execute(HNSW_INDEXES)}
    used = []

    def walk(node):
        if node.get("Index Name") in hnsw:
            used.append(node["Index Name"])
        for child in node.get("Plans", []):
            walk(child)

    walk(plan)
    conn.rollback()
    if len(used) != partitions:
        tqdm.write(f"  WARNING: expected {partitions} HNSW index scan(s), plan is:\n{text}")
    return {"hnsw_indexes_in_plan": len(used), "plan": text}


def measure(t, dbname, partitions, queries, truth, ef_search, warmup):
    """Run every query once on a fresh connection; latency and recall of all but the warm-up ones."""
    latencies, recalls = [], []
    with connect(t, dbname) as conn:
        conn.execute(sql.SQL("SET hnsw.ef_search = {}").format(sql.Literal(ef_search)))
        conn.commit()
        plan = check_plan(conn, queries[0], partitions)
        scans_before = hnsw_scan_count(conn)
        with conn.cursor() as cur:
            label = f"  N={partitions} ef_search={ef_search}"
            for i, q in enumerate(tqdm(queries, desc=label, unit="q", leave=False)):
                start = time.perf_counter()
                cur.execute(SEARCH, (q,), prepare=True)  # server-side prepared statement
                ids = [r[0] for r in cur.fetchall()]
                elapsed = time.perf_counter() - start
                if i >= warmup:
                    latencies.append(elapsed * 1000)
                    recalls.append(len(truth[i] & set(ids)) / K)
        conn.rollback()
        # Confirms the executed (possibly generic) plans, not just the EXPLAINed one.
        scans_per_query = (hnsw_scan_count(conn) - scans_before) / len(queries)
    if scans_per_query < partitions:
        tqdm.write(f"  WARNING: {scans_per_query:.2f} HNSW index scans per query, expected {partitions}")
    p50, p95, p99 = np.percentile(latencies, [50, 95, 99])
    return {"p50_ms": round(p50, 3), "p95_ms": round(p95, 3), "p99_ms": round(p99, 3),
            "mean_ms": round(float(np.mean(latencies)), 3), "recall_at_10": round(float(np.mean(recalls)), 4),
            "measured_queries": len(latencies), "hnsw_index_scans_per_query": round(scans_per_query, 2),
            "explain": plan}


def run_one(t, partitions, data, queries, truth, args):
    dbname = f"bench_partitions_{partitions}"
    tqdm.write(f"N={partitions}: database {dbname}, sqitch deploy --set embedding_partitions={partitions}")
    recreate_database(t, dbname)
    deploy(t, dbname, partitions)
    with connect(t, dbname) as conn:
        start = time.perf_counter()
        load(conn, data)
        load_s = time.perf_counter() - start
        build_s = build_index(t, conn, dbname, len(data))
        tqdm.write(f"  loaded {len(data)} rows in {load_s:.1f} s, HNSW build {build_s:.1f} s")
        table_size, index_size = conn.execute("""
            SELECT pg_size_pretty(sum(pg_table_size(c.oid))), pg_size_pretty(sum(pg_relation_size(ic.oid)))
              FROM pg_class c JOIN pg_index i ON i.indrelid = c.oid JOIN pg_class ic ON ic.oid = i.indexrelid
              JOIN pg_am am ON am.oid = ic.relam
             WHERE c.relnamespace = 'memory_store'::regnamespace AND c.relkind = 'r'
               AND c.relname ~ '^vector_embeddings(_h[0-9]+)?$' AND am.amname = 'hnsw'""").fetchone()
        conn.rollback()
    result = {"partitions": partitions, "load_seconds": round(load_s, 2), "build_seconds": round(build_s, 2),
              "table_size": table_size, "hnsw_index_size": index_size, "ef_search": {}}
    for ef in EF_SEARCHES:
        result["ef_search"][str(ef)] = measure(t, dbname, partitions, queries, truth, ef, args.warmup)
    return result


# --- report -----------------------------------------------------------------

def add_ratios(results):
    base = next(r for r in results if r["partitions"] == 1)
    for r in results:
        for ef, m in r["ef_search"].items():
            m["p50_ratio_to_n1"] = round(m["p50_ms"] / base["ef_search"][ef]["p50_ms"], 2)


def table(results):
    head = ["N", "build s"]
    for ef in EF_SEARCHES:
        head += [f"p50 ms ef{ef}", f"p95 ms ef{ef}", f"p99 ms ef{ef}", f"recall@10 ef{ef}", f"p50/N=1 ef{ef}"]
    rows = []
    for r in results:
        row = [str(r["partitions"]), f"{r['build_seconds']:.1f}"]
        for ef in EF_SEARCHES:
            m = r["ef_search"][str(ef)]
            row += [f"{m['p50_ms']:.2f}", f"{m['p95_ms']:.2f}", f"{m['p99_ms']:.2f}",
                    f"{m['recall_at_10']:.3f}", f"{m['p50_ratio_to_n1']:.2f}x"]
        rows.append(row)
    return head, rows


def conclusion(results):
    by_n = {r["partitions"]: r["ef_search"] for r in results}
    fastest = min(by_n, key=lambda n: by_n[n]["40"]["p50_ms"])
    largest = max(by_n)
    text = (f"Fastest at ef_search 40: N={fastest} (p50 {by_n[fastest]['40']['p50_ms']:.2f} ms). "
            f"N={largest} has {by_n[largest]['40']['p50_ratio_to_n1']:.2f}x the p50 of N=1 at ef_search 40 "
            f"and {by_n[largest]['100']['p50_ratio_to_n1']:.2f}x at ef_search 100.")
    one = by_n[1]["100"]
    beaten = [n for n in by_n if n > 1 and one["recall_at_10"] >= by_n[n]["40"]["recall_at_10"]
              and one["p50_ms"] <= by_n[n]["40"]["p50_ms"]]
    if beaten:
        text += (f" N=1 with ef_search 100 (recall {one['recall_at_10']:.3f}, p50 {one['p50_ms']:.2f} ms) "
                 f"beats N={','.join(map(str, beaten))} at ef_search 40 on both recall and latency.")
    off_index = [f"N={r['partitions']} ef_search={ef}" for r in results for ef, m in r["ef_search"].items()
                 if m["hnsw_index_scans_per_query"] < r["partitions"]]
    if off_index:
        text += f" WARNING: not every query used the HNSW indexes for {', '.join(off_index)}."
    else:  # every measured query was an HNSW search, so the numbers can decide the default
        text += f" Recommended default: embedding_partitions = {fastest}."
    return text


def write_markdown(path, meta, results):
    head, rows = table(results)
    lines = [f"# vector_embeddings hash partitions: HNSW top-10 search ({meta['date']})", "",
             f"{meta['vectors']} clustered {DIM}-d vectors, {meta['queries'] - meta['warmup']} measured queries "
             f"(+{meta['warmup']} warm-up) per setting, one connection, prepared statements, client-side latency. "
             f"PostgreSQL {meta['postgres_version']}, pgvector {meta['pgvector_version']}, "
             f"HNSW m=16 ef_construction=64 (cosine), {meta['machine']['cpus']} CPUs. "
             f"Settings: " + ", ".join(f"{k}={v}" for k, v in meta["settings"].items()) + ".",
             "", "| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    lines += ["| " + " | ".join(r) + " |" for r in rows]
    runs = meta.get("runs") or []
    if len(runs) > 1:
        lines += ["", f"## Repeat runs ({len(runs)} runs, every second one in reverse order of N)", "",
                  "p50 latency relative to N=1 in the same run (p50 ms in brackets); load average at the start and "
                  "end of each run in the JSON.", "",
                  "| N | " + " | ".join(f"run {i} ({'→'.join(map(str, r['order']))}) ef{ef}"
                                      for ef in EF_SEARCHES for i, r in enumerate(runs, 1))
                  + " | " + " | ".join(f"range ef{ef}" for ef in EF_SEARCHES) + " |",
                  "|" + "---|" * (1 + len(runs) * len(EF_SEARCHES) + len(EF_SEARCHES))]
        for n in sorted(meta["ratio_ranges"], key=int):
            cells = []
            for ef in EF_SEARCHES:
                for r in runs:
                    m = next(x for x in r["results"] if x["partitions"] == int(n))["ef_search"][str(ef)]
                    cells.append(f"{m['p50_ratio_to_n1']:.2f}x ({m['p50_ms']:.2f})")
            cells += [f"{lo:.2f}x–{hi:.2f}x" for lo, hi in (meta["ratio_ranges"][n][str(ef)] for ef in EF_SEARCHES)]
            lines.append(f"| {n} | " + " | ".join(cells) + " |")
        lines += ["", "Recall@10 per run (ef 40 / ef 100): " + "; ".join(
            f"N={n}: " + ", ".join(
                f"{x['ef_search']['40']['recall_at_10']:.3f} / {x['ef_search']['100']['recall_at_10']:.3f}"
                for r in runs for x in r["results"] if x["partitions"] == int(n))
            for n in sorted(meta["ratio_ranges"], key=int)) + ".",
                  "Build seconds per run: " + "; ".join(
            f"N={n}: " + ", ".join(f"{x['build_seconds']:.1f}" for r in runs for x in r["results"]
                                   if x["partitions"] == int(n)) for n in sorted(meta["ratio_ranges"], key=int)) + "."]
    lines += ["", f"**Conclusion:** {meta['conclusion']}", "",
              "This 2-core machine is shared with other engineers' test runs, so absolute times are noisy; "
              f"load average {meta['load_average_start']} at the start, {meta['load_average_end']} at the end.", "",
              f"Produced by `{meta['command']}` (`bench/embedding_partitions.py`); raw numbers in the JSON file of "
              "the same name.", ""]
    path.write_text("\n".join(lines))


def write_chart(path, results):
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    ns = [r["partitions"] for r in results]
    fig, (lat, rec) = plt.subplots(1, 2, figsize=(10, 4))
    for ef, marker in zip(EF_SEARCHES, "os"):
        lat.plot(ns, [r["ef_search"][str(ef)]["p50_ms"] for r in results], marker=marker, label=f"ef_search {ef}")
        rec.plot(ns, [r["ef_search"][str(ef)]["recall_at_10"] for r in results], marker=marker, label=f"ef_search {ef}")
    for ax, title in ((lat, "p50 latency (ms)"), (rec, "recall@10")):
        ax.set_xscale("log", base=2)
        ax.set_xticks(ns, [str(n) for n in ns])
        ax.set_xlabel("hash partitions (embedding_partitions)")
        ax.set_title(title)
        ax.grid(alpha=0.3)
        ax.legend()
    lat.set_ylim(bottom=0)
    fig.suptitle(f"HNSW top-10 search, {results[0]['vectors']} x {DIM}-d vectors")
    fig.tight_layout()
    fig.savefig(path, dpi=120)


def main():
    args = parse_args()
    t = target.current()
    with psycopg.connect(t.uri("postgres")) as conn:
        settings = {name: conn.execute(sql.SQL("SHOW {}").format(sql.Identifier(name))).fetchone()[0]
                    for name in SETTINGS}
        pg_version = conn.execute("SHOW server_version").fetchone()[0]
        pgvector = conn.execute("SELECT default_version FROM pg_available_extensions WHERE name = 'vector'").fetchone()[0]

    load_start = [round(x, 2) for x in os.getloadavg()]
    tqdm.write(f"generating {args.vectors} + {args.queries} vectors and the exact top-{K} ...")
    data, queries, truth = make_data(args)

    runs = []
    try:
        for i in range(args.runs):
            order = args.partitions if i % 2 == 0 else list(reversed(args.partitions))
            if args.runs > 1:
                tqdm.write(f"run {i + 1}/{args.runs}, order {order}")
            run = {"order": order, "load_average_start": [round(x, 2) for x in os.getloadavg()], "results": []}
            for n in order:
                r = run_one(t, n, data, queries, truth, args)
                r["vectors"] = args.vectors
                run["results"].append(r)
            run["load_average_end"] = [round(x, 2) for x in os.getloadavg()]
            run["results"].sort(key=lambda r: r["partitions"])
            add_ratios(run["results"])
            runs.append(run)
    finally:
        if not args.keep:
            for n in args.partitions:
                recreate_database(t, f"bench_partitions_{n}", drop_only=True)

    results = runs[0]["results"]
    today = datetime.date.today().isoformat()
    meta = {"date": today, "postgres_version": pg_version, "pgvector_version": pgvector,
            "vectors": args.vectors, "dimensions": DIM, "queries": args.queries, "warmup": args.warmup,
            "clusters": args.clusters, "cluster_rank": args.rank, "seed": args.seed,
            "hnsw": {"m": 16, "ef_construction": 64, "opclass": "vector_cosine_ops"},
            "ef_search": list(EF_SEARCHES), "settings": settings,
            "machine": {"cpus": os.cpu_count(), "platform": platform.platform(), "python": platform.python_version()},
            "query": SEARCH.replace("%b", "$1"),
            "command": f"./dev bench-partitions --partitions {','.join(map(str, args.partitions))} "
                       f"--vectors {args.vectors}" + (f" --runs {args.runs}" if args.runs > 1 else ""),
            "load_average_start": load_start, "load_average_end": [round(x, 2) for x in os.getloadavg()]}
    meta["conclusion"] = conclusion(results)
    if args.runs > 1:
        meta["runs"] = runs
        meta["ratio_ranges"] = {
            str(n): {str(ef): [min(ratios), max(ratios)] for ef in EF_SEARCHES
                     for ratios in [[x["ef_search"][str(ef)]["p50_ratio_to_n1"] for r in runs
                                     for x in r["results"] if x["partitions"] == n]]}
            for n in args.partitions}

    head, rows = table(results)
    widths = [max(len(h), *(len(r[i]) for r in rows)) for i, h in enumerate(head)]
    print()
    for line in [head, ["-" * w for w in widths], *rows]:
        print("  ".join(cell.rjust(w) for cell, w in zip(line, widths)))
    print("\n" + meta["conclusion"])

    args.out.mkdir(parents=True, exist_ok=True)
    stem = args.out / f"embedding-partitions-{today}"
    stem.with_suffix(".json").write_text(json.dumps({**meta, "results": results}, indent=2) + "\n")
    if args.runs > 1:
        print("p50 ratio to N=1 over the runs: " + "; ".join(
            f"N={n}: " + ", ".join(f"ef{ef} {lo:.2f}x–{hi:.2f}x" for ef, (lo, hi) in r.items())
            for n, r in meta["ratio_ranges"].items()))
    write_markdown(stem.with_suffix(".md"), meta, results)
    write_chart(stem.with_suffix(".png"), results)
    print(f"wrote {stem}.json, .md, .png")


if __name__ == "__main__":
    main()
