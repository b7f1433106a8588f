"""Peak memory of the import's client side on a file over 1 GB: generates
contextual_memory_pc2 items, every one with a 1536-d embedding, as one JSON
array and as JSON Lines (--gigabytes each), then, for each, a fresh Python
process reads every record with mo/importer.py (ijson for the array, a line at
a time for JSON Lines) and COPYs it into memory_store.import_staging of a
freshly deployed database, as `./dev import` does before mapping. Reports the
process's peak resident memory (ru_maxrss) beside its resident memory before
reading, the records and the seconds. Writes
bench/results/import-memory-<date>.{md,json}.

    ./dev bench-import-memory --gigabytes 1.1
"""

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import common  # noqa: E402
from mo import legacy_samples  # noqa: E402

ROOT = common.ROOT

CHILD = r"""
import json, resource, sys, time
sys.path.insert(0, sys.argv[1])
import psycopg
from mo import importer
path, uri = sys.argv[2], sys.argv[3]
conn = psycopg.connect(uri, autocommit=True)
run = conn.execute("SELECT memory_store.import_begin('contextual', 'memory bench')").fetchone()[0]
before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
started = time.perf_counter()
records = rejected = 0
with conn.transaction(), conn.cursor().copy(
        "COPY memory_store.import_staging (run_id, line_number, file_line, byte_offset, raw, embedding, record_key, "
        "error_sqlstate, error_reason) FROM STDIN") as copy:
    for r in importer.iter_records(path, "contextual"):
        copy.write_row((run, r.position, r.line, r.offset, r.text if r.text is not None else r.excerpt or "",
                        r.embedding, r.key, r.sqlstate, r.reason))
        records += 1
        rejected += r.sqlstate is not None
seconds = time.perf_counter() - started
staged = conn.execute("SELECT count(*) FROM memory_store.import_staging WHERE run_id = %s", (run,)).fetchone()[0]
print(json.dumps({"records": records, "rejected_by_reader": rejected, "staged": staged, "seconds": round(seconds, 1),
                  "rss_before_kib": before, "peak_rss_kib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss}))
"""


def generate(path: str, fmt: str, gigabytes: float) -> tuple[int, int]:
    """Write records until the file is over GIGABYTES; (records, bytes)."""
    target, n = gigabytes * 1e9, 0
    with open(path, "w") as f:
        f.write("[\n" if fmt == "array" else "")
        for text in legacy_samples.records("contextual", 10 ** 9, all_embeddings=True):
            f.write(("" if n == 0 else ",\n") + text if fmt == "array" else text + "\n")
            n += 1
            if n % 1000 == 0 and f.tell() > target:
                break
        f.write("\n]\n" if fmt == "array" else "")
    return n, os.path.getsize(path)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--gigabytes", type=float, default=1.1)
    args = parser.parse_args()
    t = common.target.current()
    facts = common.run_facts(t.uri("postgres"))
    results = {}
    with tempfile.TemporaryDirectory(dir=os.environ.get("MO_BENCH_TMP")) as tmp:
        for fmt in ("array", "jsonl"):
            path = os.path.join(tmp, f"contextual.{fmt}")
            started = time.perf_counter()
            written, size = generate(path, fmt, args.gigabytes)
            print(f"{fmt}: {written:,} records, {size / 1e9:.2f} GB written in {time.perf_counter() - started:.0f} s",
                  flush=True)
            dbname = "mo_bench_import_memory"
            common.deploy(t, dbname)
            try:
                child = subprocess.run([sys.executable, "-c", CHILD, str(ROOT), path, t.uri(dbname)],
                                       capture_output=True, text=True, check=True)
            finally:
                common.recreate_database(t, dbname, drop_only=True)
            r = json.loads(child.stdout)
            if r["records"] != written or r["staged"] != written or r["rejected_by_reader"]:
                sys.exit(f"{fmt}: wrote {written} records, the reader found {r}")
            results[fmt] = {"file_bytes": size, **r}
            print(f"  peak RSS {r['peak_rss_kib'] / 1024:.0f} MiB (before the first record {r['rss_before_kib'] / 1024:.0f} MiB), "
                  f"{r['seconds']} s", flush=True)
            os.remove(path)
    facts["load_average_end"] = common.load_average()
    command = f"./dev bench-import-memory --gigabytes {args.gigabytes}"
    stem = common.RESULTS / f"import-memory-{facts['date']}"
    common.write_json(stem.with_suffix(".json"), {"command": command, "facts": facts, "results": results})
    lines = [f"# Memory of the import reader on files over 1 GB, {facts['date']}", "",
             f"`{command}` (`bench/import_memory.py`): generated contextual_memory_pc2 items, every one with a 1536-d "
             "embedding, written as one JSON array and as JSON Lines; a fresh Python process reads every record with "
             "`mo/importer.py` and COPYs it into `memory_store.import_staging` of a freshly deployed database (the "
             "client side of `./dev import`). Peak resident memory of that process (ru_maxrss) at the end, and when "
             f"it was about to read the first record. PostgreSQL {facts['postgres']}; {common.fmt_load(facts)}. {common.NOISE}", "",
             "| file | size | records | peak RSS | peak RSS before the first record | seconds |", "|---|---|---|---|---|---|"]
    for fmt, r in results.items():
        lines.append(f"| {'JSON array (ijson)' if fmt == 'array' else 'JSON Lines'} | {r['file_bytes'] / 1e9:.2f} GB | "
                     f"{r['records']:,} | {r['peak_rss_kib'] / 1024:.0f} MiB | {r['rss_before_kib'] / 1024:.0f} MiB | "
                     f"{r['seconds']} |")
    lines += ["", "Every record the generator wrote was read and staged (checked by the script). The reader holds one "
                  "line, or one element, at a time: the peak does not depend on the size of the file.", ""]
    stem.with_suffix(".md").write_text("\n".join(lines))
    print("\n".join(lines))


if __name__ == "__main__":
    main()
