"""Throughput of the legacy import: N generated contextual_memory_pc2 context
items, every one with a 1536-d embedding, imported into a freshly deployed
scratch database (HNSW index in place, as in production) with the same code
path as `./dev import`. Writes bench/results/import-<date>.md.

    python bench/import_throughput.py [--count 100000] [--batch 500]
"""

import argparse
import os
import platform
import subprocess
import sys
import tempfile
import time
import uuid
from datetime import date
from pathlib import Path

import psycopg

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from mo import importer, legacy_samples, target  # noqa: E402


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--count", type=int, default=100_000)
    parser.add_argument("--batch", type=int, default=500)
    args = parser.parse_args()
    t = target.current()
    dbname = f"mo_bench_import_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(t.uri("postgres"), autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{dbname}"')
    try:
        subprocess.run(["sqitch", "deploy", t.sqitch_uri(dbname)], cwd=ROOT, env=t.env(), check=True,
                       capture_output=True)
        with tempfile.TemporaryDirectory() as tmp:
            path = os.path.join(tmp, "contextual.jsonl")
            started = time.perf_counter()
            manifest = legacy_samples.generate(path, "contextual", args.count, all_embeddings=True)
            generated = time.perf_counter() - started
            size = os.path.getsize(path)
            started = time.perf_counter()
            result = importer.import_file(t.uri(dbname), "contextual", path, batch=args.batch, progress=False,
                                          keep_staging=False, timings=(timings := {}))
            total = time.perf_counter() - started
        with psycopg.connect(t.uri(dbname)) as conn:
            rows = conn.execute("SELECT (SELECT count(*) FROM memory_store.memory_entries), "
                                "(SELECT count(*) FROM memory_store.vector_embeddings), "
                                "(SELECT count(*) FROM memory_store.memory_tags), "
                                "(SELECT count(*) FROM memory_store.sessions)").fetchone()
            server = conn.execute("SHOW server_version").fetchone()[0]
            vector = conn.execute("SELECT extversion FROM pg_extension WHERE extname = 'vector'").fetchone()[0]
    finally:
        with psycopg.connect(t.uri("postgres"), autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{dbname}" WITH (FORCE)')

    rate = args.count / total
    report = f"""# Legacy import throughput, {date.today().isoformat()}

`python bench/import_throughput.py --count {args.count} --batch {args.batch}`: {args.count:,} generated
contextual_memory_pc2 context items, **every one with a 1536-d embedding** (plus 0-3 tags, a session
from a pool, some unknown fields), JSON Lines, {size / 1e6:,.0f} MB; imported with `mo/importer.py` (the code
of `./dev import`) into a freshly deployed database with the HNSW index (m 16, ef_construction 64) in place.
PostgreSQL {server}, pgvector {vector}, {platform.machine()}, 2 cores shared with other work.

| phase | seconds |
|---|---|
| generate the file (not part of the import) | {generated:,.1f} |
| stage: stream + COPY into import_staging | {timings.get('stage', 0):,.1f} |
| import: memory_store.import_run, batches of {args.batch} | {timings.get('import', 0):,.1f} |
| reconcile | {timings.get('reconcile', 0):,.1f} |
| purge staging | {timings.get('purge', 0):,.1f} |
| **total import** | **{total:,.1f}** |

**{rate:,.0f} records/s** end to end ({args.count:,} records in {total:,.1f} s);
the import phase alone {args.count / max(timings.get('import', total), 1e-9):,.0f} records/s.
Result: imported {result.imported:,}, skipped {result.skipped:,}, rejected {result.rejected:,};
rows: {rows[0]:,} memories, {rows[1]:,} embeddings, {rows[2]:,} tags, {rows[3]:,} sessions.
Reconciliation: {'; '.join(f'{r[0]} {r[1]}/{r[2]}' + (' MISMATCH' if r[4] else '') for r in result.reconciliation)}.

Each record runs in its own subtransaction (a bad record is rejected alone) and inserts its row into the
HNSW graph, which dominates the import phase; a bulk load that builds the index after the data would be
faster, but would leave the index missing while agents already use the database.
"""
    out = ROOT / "bench" / "results" / f"import-{date.today().isoformat()}.md"
    out.write_text(report)
    print(report)


if __name__ == "__main__":
    main()
