"""Benchmark: what does tenant isolation (row-level security) cost per API call?

Two databases get the same data: one deployed up to `lifecycle_partitions`
(before tenancy), one with the whole plan (user_id columns, FORCE ROW LEVEL
SECURITY, tenant_isolation policies, the tenancy API versions). Then the same
calls run on one connection each, and their client-side latency is recorded:

  before   the package without tenancy, as the superuser
  all      with tenancy, a superuser acting for nobody (sees every tenant)
  tenant   with tenancy, an agent role (not a superuser) acting for one user
           through a DBA's grant (memory.act_as): the policies filter

The three take turns call by call on three connections. Calls:
read_memory of a random memory of that user, batch_read_memories of
the user's session (10 newest), search_keyword of a rare word, and
search_semantic (k = 10) near a random cluster centre.

Data: --memories memories over --users users (two sessions each), each with
a text of six common words plus a rare word, and a 1536-d embedding around
one of 12 random centres (seeded, so both databases hold the same rows).

Results go to bench/results/tenancy-overhead-<date>.md; the databases are
dropped at the end unless --keep. Run from the repository root:

    .venv/bin/python bench/tenancy_overhead.py [--memories 10000] [--calls 300]
"""

import argparse
import datetime
import json
import platform
import statistics
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import psycopg
from psycopg import sql

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from mo import target  # noqa: E402

DIM = 1536
WORDS = "alpha bravo charlie delta echo foxtrot golf hotel india juliet kilo lima mike november oscar papa".split()
ROLE = "mo_bench_tenancy_agent"


def vec(values) -> str:
    return "[" + ",".join(f"{x:.6f}" for x in values) + "]"


def deploy(t, dbname, to=None):
    with psycopg.connect(t.uri("postgres"), autocommit=True) as admin:
        admin.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(dbname)))
        admin.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(dbname)))
    args = ["sqitch", "deploy", *(["--to", to] if to else []), t.sqitch_uri(dbname)]
    subprocess.run(args, cwd=ROOT, env=t.env(), check=True, capture_output=True, text=True)


def load(conn, memories, users, seed=42):
    rng = np.random.default_rng(seed)
    centers = rng.normal(size=(12, DIM))
    with conn.cursor() as cur:
        for u in range(users):
            for s in range(2):
                cur.execute("INSERT INTO memory_store.sessions (session_id, user_id, session_type) "
                            "VALUES (%s, %s, 'conversation')", (f"s{u}_{s}", f"u{u}"))
        owner = rng.integers(0, users, memories)
        with cur.copy("COPY memory_store.memory_entries (memory_id, session_id, memory_type, content) FROM STDIN") as cp:
            for i in range(memories):
                text = " ".join(rng.choice(WORDS, 6)) + f" rare{i % 500}"
                cp.write_row((f"m{i}", f"s{owner[i]}_{i % 2}", "context", json.dumps({"text": text})))
        with cur.copy("COPY memory_store.vector_embeddings (memory_id, embedding, embedding_model) FROM STDIN") as cp:
            for i in range(memories):
                v = centers[rng.integers(0, 12)] + rng.normal(scale=0.6, size=DIM)
                cp.write_row((f"m{i}", vec(v / np.linalg.norm(v)), "bench"))
    conn.execute("VACUUM ANALYZE")
    return owner, centers


def calls(owner, centers, user, n, seed=7):
    """The same n calls of each kind for every configuration."""
    rng = np.random.default_rng(seed)
    mine = np.where(owner == user)[0]
    out = {"read_memory": [], "batch_read": [], "search_keyword": [], "search_semantic": []}
    for _ in range(n):
        out["read_memory"].append(("SELECT memory_id FROM memory.read_memory(%s)", (f"m{rng.choice(mine)}",)))
        out["batch_read"].append(("SELECT total_count FROM memory.batch_read_memories(p_session_id => %s, p_limit => 10)",
                                  (f"s{user}_{rng.integers(0, 2)}",)))
        out["search_keyword"].append(("SELECT count(*) FROM memory.search_keyword(%s)",
                                      (f"rare{rng.choice(mine) % 500}",)))
        q = centers[rng.integers(0, 12)] + rng.normal(scale=0.6, size=DIM)
        out["search_semantic"].append(("SELECT count(*) FROM memory.search_semantic(%s::extensions.vector, p_limit => 10)",
                                       (vec(q / np.linalg.norm(q)),)))
    return out


def measure(conns, work, warmup=20):
    """Latencies per configuration and kind of call. The configurations take
    turns call by call (in a rotating order), so that the load of a shared
    machine falls on all of them alike."""
    names = list(conns)
    result = {}
    for kind, statements in work.items():
        for conn in conns.values():
            for q, p in statements[:warmup]:
                conn.execute(q, p).fetchall()
        times = {name: [] for name in names}
        for i, (q, p) in enumerate(statements):
            for name in names[i % len(names):] + names[:i % len(names)]:
                start = time.perf_counter()
                conns[name].execute(q, p).fetchall()
                times[name].append((time.perf_counter() - start) * 1000)
        for name in names:
            ordered = sorted(times[name])
            result.setdefault(name, {})[kind] = (statistics.median(ordered), ordered[int(0.95 * (len(ordered) - 1))])
    return result


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--memories", type=int, default=10000)
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--calls", type=int, default=300)
    parser.add_argument("--keep", action="store_true")
    args = parser.parse_args()
    t = target.current()
    user = 3
    before, after = "mo_bench_tenancy_before", "mo_bench_tenancy_after"
    deploy(t, before, to="lifecycle_partitions")
    deploy(t, after)
    try:
        for dbname in (before, after):
            with psycopg.connect(t.uri(dbname), autocommit=True) as conn:
                started = time.perf_counter()
                owner, centers = load(conn, args.memories, args.users)
                print(f"{dbname}: loaded {args.memories} memories in {time.perf_counter() - started:.0f} s", flush=True)
        work = calls(owner, centers, user, args.calls)
        with psycopg.connect(t.uri(before), autocommit=True) as plain, \
                psycopg.connect(t.uri(after), autocommit=True) as everyone, \
                psycopg.connect(t.uri(after), autocommit=True) as agent:
            everyone.execute(sql.SQL("DROP ROLE IF EXISTS {}").format(sql.Identifier(ROLE)))
            everyone.execute(sql.SQL("CREATE ROLE {} NOLOGIN").format(sql.Identifier(ROLE)))
            everyone.execute(sql.SQL("GRANT memory_agent TO {}").format(sql.Identifier(ROLE)))
            everyone.execute("SELECT memory_store.grant_agent_user(%s, %s)", (ROLE, f"u{user}"))
            agent.execute(sql.SQL("SET SESSION AUTHORIZATION {}").format(sql.Identifier(ROLE)))
            agent.execute("SELECT memory.act_as(%s)", (f"u{user}",))
            results = measure({"before": plain, "all": everyone, "tenant": agent}, work)
            agent.execute("RESET SESSION AUTHORIZATION")
        with psycopg.connect(t.uri("postgres"), autocommit=True) as admin:
            admin.execute(sql.SQL("DROP ROLE IF EXISTS {}").format(sql.Identifier(ROLE)))
    finally:
        if not args.keep:
            with psycopg.connect(t.uri("postgres"), autocommit=True) as admin:
                for dbname in (before, after):
                    admin.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(dbname)))
    with psycopg.connect(t.uri("postgres")) as conn:
        server = conn.execute("SHOW server_version").fetchone()[0]
    today = datetime.date.today().isoformat()
    lines = [f"# Tenancy overhead, {today}", "",
             f"PostgreSQL {server}, {platform.machine()}, {args.memories} memories of {args.users} users "
             f"(1536-d embeddings), {args.calls} calls of each kind after 20 warm-up calls, one connection per "
             "configuration, taking turns call by call; client-side latency in ms (median / p95). "
             "`bench/tenancy_overhead.py`.", "",
             "| call | before tenancy | tenancy, superuser (all tenants) | tenancy, agent acting for one user |",
             "|---|---|---|---|"]
    for kind in results["before"]:
        cells = [f"{results[c][kind][0]:.2f} / {results[c][kind][1]:.2f}" for c in ("before", "all", "tenant")]
        lines.append(f"| {kind} | " + " | ".join(cells) + " |")
    report = "\n".join(lines) + "\n"
    out = ROOT / "bench" / "results" / f"tenancy-overhead-{today}.md"
    out.write_text(report)
    print(report)


if __name__ == "__main__":
    main()
