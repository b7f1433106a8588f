"""Cost of memory_store.audit_autonomous (the dblink audit loopback).

Deploys the plan into a scratch database on the target server (DATABASE_URL
or the local cluster), then times, from the client:
  cold  - the first call on a fresh backend: dblink connect (TCP, SCRAM,
          backend start) plus the remote insert;
  warm  - later calls on the same backend, reusing the named connection;
  local - memory_store.audit, the in-transaction write (autocommit, so it
          commits too), for comparison;
  lock  - a call while the caller holds the lock the remote foreign key
          check needs (lock_timeout, then the retry without ids);
  round trip - SELECT 1, the client/network floor included in every number.
Writes bench/results/audit-autonomous-<date>.{md,json} (--runs runs, each in
a fresh database). Timing only; nothing is asserted.

    .venv/bin/python bench/audit_autonomous.py [--cold 30] [--warm 300] [--runs 2]
    ./dev bench-audit                            # the same, through invoke
"""

import argparse
import json
import statistics
import subprocess
import sys
import time
import uuid
from pathlib import Path

import psycopg

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from mo import target  # noqa: E402

sys.path.insert(0, str(ROOT / "bench"))
import common  # noqa: E402

REQUEST = json.dumps({"memory_id": "m1", "content": {"text": "hello " * 40}, "embedding": [0.1] * 1536,
                      "api_key": "k"})
AUTONOMOUS = "SELECT memory_store.audit_autonomous('read', 'm1', 's1', %s::jsonb, false, 'MO001: not found')"
LOCAL = "SELECT memory_store.audit('read', 'm1', 's1', %s::jsonb, false, 'MO001: not found')"


def timed(conn, sql, params=None):
    started = time.perf_counter()
    conn.execute(sql, params)
    return (time.perf_counter() - started) * 1000


def stats(samples):
    samples = sorted(samples)
    p95 = samples[min(len(samples) - 1, int(round(0.95 * (len(samples) - 1))))]
    return {"n": len(samples), "median_ms": round(statistics.median(samples), 2), "p95_ms": round(p95, 2),
            "mean_ms": round(statistics.fmean(samples), 2)}


LABELS = {"cold": "audit_autonomous, cold (connect + SCRAM + insert)",
          "warm": "audit_autonomous, warm (connection reused)",
          "local": "audit (in-transaction insert)",
          "lock": "audit_autonomous, caller holds the FK lock",
          "floor": "SELECT 1 (round trip)"}


def measure(t, args) -> dict:
    """One run in a fresh scratch database."""
    dbname = f"mo_bench_audit_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(t.uri("postgres"), autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{dbname}"')
    try:
        subprocess.run(["sqitch", "deploy", t.sqitch_uri(dbname)], cwd=ROOT, env=t.env(), check=True,
                       capture_output=True, text=True)
        uri = t.uri(dbname)
        with psycopg.connect(uri, autocommit=True) as setup:
            setup.execute("INSERT INTO memory_store.sessions (session_id, user_id, session_type) "
                          "VALUES ('s1', 'u1', 'conversation')")
            setup.execute("INSERT INTO memory_store.memory_entries (memory_id, session_id, memory_type, content) "
                          "VALUES ('m1', 's1', 'context', '{\"text\": \"x\"}')")
            iterations = setup.execute("SHOW scram_iterations").fetchone()[0] if setup.execute(
                "SELECT count(*) FROM pg_settings WHERE name = 'scram_iterations'").fetchone()[0] else "4096"

        cold, warm, local, floor, lock = [], [], [], [], []
        for _ in range(args.cold):
            with psycopg.connect(uri, autocommit=True) as conn:
                conn.execute("SELECT 1")              # the client's own connect is not measured
                cold.append(timed(conn, AUTONOMOUS, (REQUEST,)))
        with psycopg.connect(uri, autocommit=True) as conn:
            conn.execute(AUTONOMOUS, (REQUEST,))
            for _ in range(args.warm):              # interleaved: the same load for all three
                warm.append(timed(conn, AUTONOMOUS, (REQUEST,)))
                local.append(timed(conn, LOCAL, (REQUEST,)))
                floor.append(timed(conn, "SELECT 1"))
        with psycopg.connect(uri) as conn:
            conn.execute(AUTONOMOUS, (REQUEST,))
            conn.commit()
            for _ in range(5):
                conn.execute("DELETE FROM memory_store.memory_entries WHERE memory_id = 'm1'")
                lock.append(timed(conn, AUTONOMOUS, (REQUEST,)))
                conn.rollback()
    finally:
        with psycopg.connect(t.uri("postgres"), autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{dbname}" WITH (FORCE)')
    return {"scram_iterations": iterations,
            "calls": {k: stats(v) for k, v in (("cold", cold), ("warm", warm), ("local", local), ("lock", lock),
                                                ("floor", floor))}}


def markdown(report) -> str:
    facts, runs, a = report["facts"], report["runs"], report["args"]
    lines = [f"# memory_store.audit_autonomous: cost of the dblink audit loopback, {facts['date']}", "",
             f"`{report['command']}` (`bench/audit_autonomous.py --cold {a['cold']} --warm {a['warm']}`, "
             f"{len(runs)} runs, each in a freshly deployed scratch database): PostgreSQL {facts['postgres']}, "
             f"SCRAM-SHA-256 with {runs[0]['scram_iterations']} iterations, TCP to 127.0.0.1; "
             f"{common.fmt_load(facts)}. {common.NOISE} Client-side wall time of one "
             "`SELECT memory_store.audit_autonomous(...)` with a request of 1536-d embedding + content + a secret key "
             "(sanitized on the server), including the client round trip (floor: `SELECT 1`).", "",
             "## Medians (ms)", "",
             "| call | " + " | ".join(f"run {i}" for i in range(1, len(runs) + 1)) + " |",
             "|---|" + "---|" * len(runs)]
    for key, label in LABELS.items():
        lines.append(f"| {label} | " + " | ".join(f"{r['calls'][key]['median_ms']:.2f}" for r in runs) + " |")
    lines.append("")
    lines += common.per_run_tables(runs, LABELS.__getitem__)
    return "\n".join(lines)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--cold", type=int, default=30, help="fresh backends (first calls)")
    parser.add_argument("--warm", type=int, default=300, help="calls on one warm backend")
    parser.add_argument("--runs", type=int, default=2, help="runs, each in a fresh database (default 2)")
    args = parser.parse_args()
    facts, runs = common.measured_runs(target.current(), args, measure)
    command = "./dev bench-audit" + (f" --runs {args.runs}" if args.runs != 2 else "") + \
        (f" --cold {args.cold}" if args.cold != 30 else "") + (f" --warm {args.warm}" if args.warm != 300 else "")
    report = {"command": command, "facts": facts, "args": vars(args), "runs": runs}
    stem = common.RESULTS / f"audit-autonomous-{facts['date']}"
    common.write_report(stem, report, markdown(report))
    print(f"wrote {stem}.json, .md")


if __name__ == "__main__":
    main()
