"""Cost of the relationship walk on hostile and ordinary graphs (issue 15).

Deploys the plan into a scratch database on the target server (DATABASE_URL
or the local cluster) and, as a real agent login role acting for one user,
times from the client:

  complete  - a complete graph of --nodes memories (every ordered pair
              linked, n x (n - 1) links), walked both ways: depth 1 (every
              other memory, answered) and depth 10 (refused by the budget,
              54000), typed and through memory.dispatch; and the walk of
              before this change (functions/history/.../v1, loaded under
              another name) at depth --old-depth, for comparison;
  sparse    - a random graph of --sparse memories with 3 links each, depth
              --sparse-depth both ways, typed: ours vs the bare depth-limited
              reachability query (a recursive UNION over
              memory_relationships, no paths, no visibility, no audit) on
              the same rows.

Links are inserted with SQL, not relate calls (the graph is the subject,
not the writes). Writes bench/results/relationship-walk-<date>.{md,json,png}.
Timing only; nothing is asserted.

    .venv/bin/python bench/relationship_walk.py [--nodes 300] [--sparse 5000] [--calls 20]
    ./dev bench-walk
"""

import argparse
import json
import random
import secrets
import statistics
import sys
import time
import uuid
from pathlib import Path

import psycopg
from psycopg import sql

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from mo import target  # noqa: E402

sys.path.insert(0, str(ROOT / "bench"))
import common  # noqa: E402

OLD_WALK = ROOT / "functions/history/memory_store/relationships/walk_relationships_impl.v1.sql"
BARE = """
WITH RECURSIVE reach(id, depth) AS (
    SELECT %(start)s::varchar(64), 0
    UNION
    SELECT e.id, reach.depth + 1
      FROM reach CROSS JOIN LATERAL (
             SELECT r.target_memory_id AS id FROM memory_store.memory_relationships r WHERE r.source_memory_id = reach.id
             UNION ALL
             SELECT r.source_memory_id FROM memory_store.memory_relationships r WHERE r.target_memory_id = reach.id) e
     WHERE reach.depth < %(depth)s)
SELECT count(DISTINCT id) - 1 FROM reach"""


def timed(conn, statement, params=None):
    started = time.perf_counter()
    try:
        rows = conn.execute(statement, params).fetchall()
        outcome = f"{len(rows)} rows" if len(rows) != 1 else str(rows[0][0])[:60]
    except psycopg.Error as error:
        outcome = f"{error.sqlstate}: {str(error).splitlines()[0][:90]}"
    return (time.perf_counter() - started) * 1000, outcome


def series(conn, statement, params, calls):
    times, outcome = [], None
    for _ in range(calls):
        ms, outcome = timed(conn, statement, params)
        times.append(ms)
    return {"n": calls, "median_ms": statistics.median(times), "p95_ms": sorted(times)[int(0.95 * (calls - 1))],
            "max_ms": max(times), "outcome": outcome}


def build(admin, user, nodes, sparse):
    admin.execute("INSERT INTO memory_store.memory_entries (memory_id, memory_type, content, user_id) "
                  "SELECT 'c' || g, 'context', jsonb_build_object('text', 'complete ' || g), %s "
                  "FROM generate_series(1, %s) g", (user, nodes))
    admin.execute("INSERT INTO memory_store.memory_relationships (source_memory_id, target_memory_id, relationship_type) "
                  "SELECT 'c' || a, 'c' || b, 'reference' FROM generate_series(1, %s) a, generate_series(1, %s) b "
                  "WHERE a <> b", (nodes, nodes))
    admin.execute("INSERT INTO memory_store.memory_entries (memory_id, memory_type, content, user_id) "
                  "SELECT 's' || g, 'context', jsonb_build_object('text', 'sparse ' || g), %s "
                  "FROM generate_series(1, %s) g", (user, sparse))
    rng = random.Random(15)
    pairs = {(a, rng.randrange(1, sparse + 1)) for a in range(1, sparse + 1) for _ in range(3)}
    with admin.cursor().copy("COPY memory_store.memory_relationships (source_memory_id, target_memory_id, "
                             "relationship_type) FROM STDIN") as copy:
        for a, b in pairs:
            if a != b:
                copy.write_row((f"s{a}", f"s{b}", "reference"))
    admin.execute("ANALYZE memory_store.memory_relationships")


def measure(t, args) -> dict:
    facts = common.run_facts(t.uri("postgres"))
    dbname = f"mo_bench_walk_{uuid.uuid4().hex[:8]}"
    role, password = f"mo_bench_walker_{uuid.uuid4().hex[:6]}", secrets.token_hex(12)
    common.deploy(t, dbname)
    calls = {}
    try:
        with psycopg.connect(t.uri(dbname), autocommit=True) as admin:
            admin.execute(sql.SQL("CREATE ROLE {} LOGIN PASSWORD {} IN ROLE memory_agent").format(
                sql.Identifier(role), sql.Literal(password)))
            admin.execute("SELECT memory_store.grant_agent_user(%s, 'walker')", (role,))
            print(f"building a complete graph of {args.nodes} and a sparse graph of {args.sparse} memories", flush=True)
            build(admin, "walker", args.nodes, args.sparse)
            # The walk of before, under another name, for the comparison.
            old = OLD_WALK.read_text().replace("memory_store.walk_relationships_impl(", "memory_store.bench_walk_before(")
            admin.execute("SET ROLE memory_owner")
            admin.execute(old)
            admin.execute("GRANT EXECUTE ON FUNCTION memory_store.bench_walk_before(text, integer, text[], text) TO memory_agent")
            admin.execute("RESET ROLE")
            with psycopg.connect(t.uri(dbname), user=role, password=password, autocommit=True) as agent:
                agent.execute("SELECT memory.act_as('walker')")
                agent.execute("SET statement_timeout = '300s'")

                def dispatch(depth):
                    return ("SELECT memory.dispatch(%s::jsonb) ->> 'status'",
                            (json.dumps({"action": "walk_relationships", "payload": {
                                "memory_id": "c1", "max_depth": depth, "direction": "both"}}),))

                plan = [
                    ("complete, depth 1, typed", "SELECT * FROM memory.walk_relationships('c1', 1, NULL, 'both')", None),
                    ("complete, depth 1, dispatch", *dispatch(1)),
                    ("complete, depth 10, typed", "SELECT * FROM memory.walk_relationships('c1', 10, NULL, 'both')", None),
                    ("complete, depth 10, dispatch", *dispatch(10)),
                    (f"complete, depth {args.old_depth}, the walk now (impl, as superuser)",
                     f"SELECT * FROM memory_store.walk_relationships_impl('c1', {args.old_depth}, NULL, 'both')", None),
                    (f"complete, depth {args.old_depth}, the walk before (impl, as superuser)",
                     f"SELECT * FROM memory_store.bench_walk_before('c1', {args.old_depth}, NULL, 'both')", None),
                    (f"sparse, depth {args.sparse_depth}, typed",
                     f"SELECT * FROM memory.walk_relationships('s1', {args.sparse_depth}, NULL, 'both')", None),
                    (f"sparse, depth {args.sparse_depth}, bare reachability", BARE,
                     {"start": "s1", "depth": args.sparse_depth}),
                ]
                for name, statement, params in plan:
                    n = args.old_calls if "before" in name else args.calls
                    print(f"  {name} x {n}", flush=True)
                    on_admin = "bare" in name or "superuser" in name
                    calls[name] = series(admin if on_admin else agent, statement, params, n)
    finally:
        common.recreate_database(t, dbname, drop_only=True)
        with psycopg.connect(t.uri("postgres"), autocommit=True) as admin:
            admin.execute(sql.SQL("DROP ROLE IF EXISTS {}").format(sql.Identifier(role)))
    facts["load_average_end"] = common.load_average()
    return {**facts, "nodes": args.nodes, "links": args.nodes * (args.nodes - 1), "sparse": args.sparse, "calls": calls}


def chart(path, run):
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    names = list(run["calls"])
    fig, ax = plt.subplots(figsize=(8, 4))
    ax.barh(names, [run["calls"][n]["median_ms"] for n in names])
    ax.axvline(100, color="grey", linestyle="--", label="target: 100 ms")
    ax.set_xscale("log")
    ax.set_xlabel("median ms per call (log scale)")
    ax.invert_yaxis()
    ax.set_title(f"Relationship walk: complete graph of {run['nodes']} memories, sparse graph of {run['sparse']:,}")
    ax.legend()
    fig.tight_layout()
    fig.savefig(path, dpi=110)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--nodes", type=int, default=300)
    parser.add_argument("--sparse", type=int, default=5000)
    parser.add_argument("--calls", type=int, default=20)
    parser.add_argument("--old-depth", type=int, default=3)
    parser.add_argument("--old-calls", type=int, default=3)
    parser.add_argument("--sparse-depth", type=int, default=3)
    args = parser.parse_args()
    run = measure(target.current(), args)
    stem = ROOT / "bench" / "results" / f"relationship-walk-{run['date']}"
    common.write_json(stem.with_suffix(".json"), run)
    c = run["calls"]
    d = args.sparse_depth
    ratio = c[f"sparse, depth {d}, typed"]["median_ms"] / c[f"sparse, depth {d}, bare reachability"]["median_ms"]
    old = args.old_depth
    speedup = (c[f"complete, depth {old}, the walk before (impl, as superuser)"]["median_ms"]
               / c[f"complete, depth {old}, the walk now (impl, as superuser)"]["median_ms"])
    lines = [f"# Relationship walk, {run['date']}", "",
             f"PostgreSQL {run['postgres']}, {run['machine']['cpus']} CPUs, {common.fmt_load(run)}. "
             f"An agent login role acting for its user; client-side wall time; `./dev bench-walk` "
             f"(`bench/relationship_walk.py`). Complete graph: {run['nodes']} memories, {run['links']:,} links; "
             f"sparse graph: {run['sparse']:,} memories, 3 random links each.", "",
             "| call | n | median ms | p95 ms | max ms | outcome |", "|---|---|---|---|---|---|"]
    lines += [f"| {k} | {v['n']} | {v['median_ms']:.1f} | {v['p95_ms']:.1f} | {v['max_ms']:.1f} | {v['outcome']} |"
              for k, v in c.items()]
    lines += ["", f"Sparse graph, depth {d}: the walk (paths, visibility, audit row) / bare depth-limited "
              f"reachability (a recursive UNION, no paths) = {ratio:.2f}x at the median.",
              f"Complete graph, depth {old}: the walk before / now = {speedup:.0f}x at the median.", ""]
    stem.with_suffix(".md").write_text("\n".join(lines))
    chart(stem.with_suffix(".png"), run)
    print("\n".join(lines))
    print(f"wrote {stem}.json, .md, .png")


if __name__ == "__main__":
    main()
