"""Soak run (issue 8.5): a fixed number of mixed operations — reads, writes,
searches — from concurrent clients through the agent API, counting every
error and timing every call.

Each client writes and reads only its own memories and agent state, so every
request is valid: any error (an SQL error, or an error envelope from
memory.dispatch) counts. Latencies are per call, client side, in ms.

    python bench/soak.py --ops 20000 --clients 2          # scratch database, report in bench/results/
    invoke soak --ops 20000                                 # the same
The test suite runs a short version (tests/test_soak.py).
"""

import argparse
import datetime
import json
import random
import sys
import threading
import time
from collections import Counter, defaultdict
from pathlib import Path

import numpy as np
import psycopg
from pgvector.psycopg import register_vector

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

# (kind, weight): 40 % reads, 35 % writes, 25 % searches.
MIX = [("read", 20), ("read_dispatch", 8), ("batch_read", 6), ("load_state", 6),
       ("create", 14), ("update", 6), ("add_tags", 5), ("save_state", 6), ("soft_delete", 4),
       ("search_keyword", 9), ("search_semantic", 8), ("search_hybrid", 8)]
WORDS = "tea coffee kitchen music lights weather calendar reminder garden train book movie".split()


def vector(rng: np.random.Generator) -> np.ndarray:
    return rng.standard_normal(1536).astype(np.float32)


class Client(threading.Thread):
    def __init__(self, uri, index, ops, seed, barrier):
        super().__init__(daemon=True)
        self.uri, self.index, self.ops, self.barrier = uri, index, ops, barrier
        self.rng = random.Random(seed)
        self.vrng = np.random.default_rng(seed)
        self.latencies = defaultdict(list)
        self.errors: list[str] = []
        self.mine: list[str] = []
        self.session = f"soak-{index}"

    def run(self):
        conn = psycopg.connect(self.uri, autocommit=True)
        conn.execute("SET search_path = extensions, pg_catalog")  # pgvector's type lives in extensions
        register_vector(conn)
        conn.execute("SELECT set_config('memory.agent_id', %s, false)", (f"soak-client-{self.index}",))
        conn.execute("SELECT memory.start_session(%s, 'soak-user')", (self.session,))
        for _ in range(20):  # something to read and find from the first operation on
            self.mine.append(self.create(conn))
        kinds, weights = zip(*MIX)
        self.barrier.wait(timeout=60)
        for n in range(self.ops):
            kind = self.rng.choices(kinds, weights)[0]
            started = time.perf_counter()
            try:
                getattr(self, kind)(conn, n)
            except (psycopg.Error, AssertionError) as error:
                self.errors.append(f"{kind}: {type(error).__name__}: {str(error)[:200]}")
            self.latencies[kind].append((time.perf_counter() - started) * 1000)
        conn.close()

    # --- operations --------------------------------------------------------------
    def create(self, conn, n=0):
        words = " ".join(self.rng.sample(WORDS, 4))
        embedding = vector(self.vrng) if self.rng.random() < 0.7 else None
        return conn.execute(
            "SELECT memory_id FROM memory.create_memory(p_memory_type => 'conversation', p_content => %s::jsonb, "
            "p_session_id => %s, p_tags => %s, p_priority => %s, p_embedding => %s, p_embedding_model => %s)",
            (json.dumps({"text": f"{words} #{n}"}), self.session, self.rng.sample(WORDS, 2), self.rng.randint(1, 10),
             embedding, "soak" if embedding is not None else None)).fetchone()[0]

    def read(self, conn, n):
        conn.execute("SELECT * FROM memory.read_memory(%s)", (self.rng.choice(self.mine),)).fetchone()

    def read_dispatch(self, conn, n):
        response = conn.execute("SELECT memory.dispatch(%s::jsonb)", (json.dumps(
            {"action": "read", "request_id": f"soak-{n}", "payload": {"memory_id": self.rng.choice(self.mine)}}),)
        ).fetchone()[0]
        assert response["status"] == "success", response["error"]

    def batch_read(self, conn, n):
        conn.execute("SELECT * FROM memory.batch_read_memories(p_session_id => %s, p_limit => 20)",
                     (self.session,)).fetchone()

    def load_state(self, conn, n):
        conn.execute("SELECT * FROM memory.load_agent_state(%s)", (f"agent-{self.index}",)).fetchone()

    def update(self, conn, n):
        conn.execute("SELECT * FROM memory.update_memory(p_memory_id => %s, p_content => %s::jsonb, "
                     "p_merge_content => true)", (self.rng.choice(self.mine), json.dumps({"seen": n}))).fetchone()

    def add_tags(self, conn, n):
        conn.execute("SELECT memory.add_tags(%s, %s)", (self.rng.choice(self.mine), [self.rng.choice(WORDS)]))

    def save_state(self, conn, n):
        conn.execute("SELECT * FROM memory.save_agent_state(%s, %s::jsonb)",
                     (f"agent-{self.index}", json.dumps({"step": n}))).fetchone()

    def soft_delete(self, conn, n):
        if len(self.mine) > 20:
            conn.execute("SELECT * FROM memory.delete_memory(%s)",
                         (self.mine.pop(self.rng.randrange(len(self.mine))),)).fetchone()
        self.mine.append(self.create(conn, n))  # a delete and a create keep the set the same size

    def search_keyword(self, conn, n):
        conn.execute("SELECT * FROM memory.search_keyword(%s, p_limit => 10)",
                     (" ".join(self.rng.sample(WORDS, 2)),)).fetchall()

    def search_semantic(self, conn, n):
        conn.execute("SELECT * FROM memory.search_semantic(%s, p_limit => 10)", (vector(self.vrng),)).fetchall()

    def search_hybrid(self, conn, n):
        conn.execute("SELECT * FROM memory.search_hybrid(%s, %s, p_limit => 10)",
                     (self.rng.choice(WORDS), vector(self.vrng))).fetchall()


def percentile(values, q):
    return round(float(np.percentile(values, q)), 2) if values else None


def run(uri: str, ops: int = 20000, clients: int = 2, seed: int = 8) -> dict:
    """ops operations in total, split over the clients. Returns the report."""
    barrier = threading.Barrier(clients)
    workers = [Client(uri, i, ops // clients + (i < ops % clients), seed * 100 + i, barrier) for i in range(clients)]
    started = time.perf_counter()
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    elapsed = time.perf_counter() - started
    by_kind = defaultdict(list)
    for worker in workers:
        for kind, values in worker.latencies.items():
            by_kind[kind].extend(values)
    everything = [v for values in by_kind.values() for v in values]
    errors = [e for worker in workers for e in worker.errors]
    with psycopg.connect(uri) as conn:
        server = conn.execute("SELECT current_setting('server_version')").fetchone()[0]
    return {
        "date": datetime.date.today().isoformat(), "postgres": server, "clients": clients,
        "operations": len(everything), "errors": len(errors), "error_examples": Counter(errors).most_common(5),
        "seconds": round(elapsed, 1), "ops_per_second": round(len(everything) / elapsed, 1),
        "latency_ms": {"p50": percentile(everything, 50), "p95": percentile(everything, 95),
                       "p99": percentile(everything, 99), "max": percentile(everything, 100)},
        "by_kind": {kind: {"count": len(v), "p50": percentile(v, 50), "p95": percentile(v, 95),
                           "p99": percentile(v, 99)} for kind, v in sorted(by_kind.items())},
    }


def scratch_database(name: str):
    """Create NAME on the target server and deploy the plan into it (sqitch)."""
    import subprocess

    from mo import target

    t = target.current()
    with psycopg.connect(t.uri("postgres"), autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')
    subprocess.run(["sqitch", "deploy", t.sqitch_uri(name)], cwd=ROOT, env=t.env(), check=True,
                   stdout=subprocess.DEVNULL)
    return t


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--ops", type=int, default=20000)
    parser.add_argument("--clients", type=int, default=2)
    parser.add_argument("--seed", type=int, default=8)
    parser.add_argument("--keep", action="store_true", help="keep the scratch database mo_soak")
    args = parser.parse_args()
    t = scratch_database("mo_soak")
    try:
        report = run(t.uri("mo_soak"), args.ops, args.clients, args.seed)
    finally:
        if not args.keep:
            with psycopg.connect(t.uri("postgres"), autocommit=True) as conn:
                conn.execute('DROP DATABASE IF EXISTS "mo_soak" WITH (FORCE)')
    out = ROOT / "bench" / "results" / f"soak-{report['date']}.json"
    out.write_text(json.dumps(report, indent=1) + "\n")
    lat = report["latency_ms"]
    print(f"soak: {report['operations']} operations from {report['clients']} clients in {report['seconds']} s "
          f"({report['ops_per_second']} ops/s), errors {report['errors']}, "
          f"latency p50 {lat['p50']} ms, p95 {lat['p95']} ms, p99 {lat['p99']} ms, max {lat['max']} ms")
    for kind, stats in report["by_kind"].items():
        print(f"  {kind:16} {stats['count']:6}  p50 {stats['p50']:7} ms  p95 {stats['p95']:7} ms  p99 {stats['p99']:7} ms")
    print(f"report: {out.relative_to(ROOT)}")
    sys.exit(1 if report["errors"] else 0)


if __name__ == "__main__":
    main()
