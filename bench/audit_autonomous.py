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
Prints a Markdown table. Timing only; nothing is asserted.

    .venv/bin/python bench/audit_autonomous.py [--cold 30] [--warm 300]
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

REQUEST = json.dumps({"memory_id": "m1", "content": {"text": "hello " * 40}, "embedding": [0.1] * 1536,
                      "api_key": "k"})
AUTONOMOUS = "SELECT memory_store.audit_autonomous('read', 'm1', 's1', %s::jsonb, false, 'MO001: not found')"
LOCAL = "SELECT memory_store.audit('read', 'm1', 's1', %s::jsonb, false, 'MO001: not found')"


def timed(conn, sql, params=None):
    started = time.perf_counter()
    conn.execute(sql, params)
    return (time.perf_counter() - started) * 1000


def summary(name, samples):
    samples = sorted(samples)
    p95 = samples[min(len(samples) - 1, int(round(0.95 * (len(samples) - 1))))]
    return f"| {name} | {len(samples)} | {statistics.median(samples):.2f} | {p95:.2f} | {statistics.fmean(samples):.2f} |"


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--cold", type=int, default=30, help="fresh backends (first calls)")
    parser.add_argument("--warm", type=int, default=300, help="calls on one warm backend")
    args = parser.parse_args()

    t = target.current()
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
            version = setup.execute("SHOW server_version").fetchone()[0]
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

        print(f"PostgreSQL {version}, scram iterations {iterations}, {time.strftime('%Y-%m-%d')}, "
              f"client round trips included (SELECT 1 floor below)\n")
        print("| call | n | median ms | p95 ms | mean ms |\n|---|---|---|---|---|")
        for name, samples in (("audit_autonomous, cold (connect + SCRAM + insert)", cold),
                              ("audit_autonomous, warm (connection reused)", warm),
                              ("audit (in-transaction insert)", local),
                              ("audit_autonomous, caller holds the FK lock", lock),
                              ("SELECT 1 (round trip)", floor)):
            print(summary(name, samples))
    finally:
        with psycopg.connect(t.uri("postgres"), autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{dbname}" WITH (FORCE)')


if __name__ == "__main__":
    main()
