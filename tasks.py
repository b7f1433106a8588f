"""memory-orchestrator tasks. `invoke --list` is the manual; `./dev TASK` runs one.

Every task targets DATABASE_URL when it is set, else the project-local
cluster in .cluster/ (see mo/cluster.py).
"""

import os
import subprocess
import sys

import psycopg
from invoke import task

from mo import cluster, target

PG_PROVE_TESTS = "tests/pgtap"


def _sqitch(c, args: str, dbname: str | None = None):
    t = target.current()
    c.run(f"sqitch {args} {t.sqitch_uri(dbname)}", env=t.env(), pty=False)


def _create_database(t: target.Target) -> None:
    with psycopg.connect(t.uri("postgres"), autocommit=True) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", (t.dbname,)).fetchone()
        if not exists:
            conn.execute(psycopg.sql.SQL("CREATE DATABASE {}").format(psycopg.sql.Identifier(t.dbname)))
            print(f"created database {t.dbname}")


@task
def start(c):
    """Start the local cluster (initialising it on first use) and create the database."""
    if os.environ.get("DATABASE_URL"):
        print("DATABASE_URL is set: using that server, no local cluster")
        return
    if cluster.init():
        print(f"initialised PostgreSQL {cluster.pg_version()} cluster in {cluster.DATA_DIR}")
    if cluster.start():
        print(f"started local cluster on 127.0.0.1:{cluster.port()} (log: {cluster.LOG_FILE})")
    _create_database(target.current())


@task
def stop(c):
    """Stop the local cluster."""
    print("stopped" if cluster.stop() else "not running")


@task(pre=[stop], post=[start])
def restart(c):
    """Restart the local cluster (applies conf/postgresql.conf)."""


@task
def status(c):
    """Show the local cluster's state, the sqitch deployment status and every lifecycle job."""
    if target.current().local:
        print(cluster.status())
    _sqitch(c, "status")
    with psycopg.connect(target.current().uri()) as conn:
        if conn.execute("SELECT to_regclass('memory_store.job_status')").fetchone()[0] is None:
            return
        rows = conn.execute(
            "SELECT job_name, schedule, CASE WHEN scheduled_in_cron THEN 'pg_cron' ELSE 'not scheduled' END, "
            "       coalesce(to_char(last_started_at, 'YYYY-MM-DD HH24:MI:SS TZ'), 'never'), "
            "       coalesce(last_outcome, '-'), coalesce(last_rows_affected::text, '-') "
            "  FROM memory_store.job_status ORDER BY job_name").fetchall()
    header = ("job", "schedule", "scheduler", "last run", "outcome", "rows")
    widths = [max(len(str(r[i])) for r in [header, *rows]) for i in range(len(header))]
    print("\nLifecycle jobs:")
    for row in [header, *rows]:
        print("  " + "  ".join(str(v).ljust(w) for v, w in zip(row, widths)))


@task
def destroy(c):
    """Stop the local cluster and delete its data directory (.cluster)."""
    cluster.destroy()
    print(f"removed {cluster.CLUSTER_DIR}")


@task(iterable=["set_"])
def deploy(c, set_=None, to=None):
    """Deploy the sqitch plan (--set NAME=VALUE for deploy variables, --to CHANGE)."""
    sets = " ".join(f"--set {v}" for v in (set_ or []))
    _sqitch(c, f"deploy {sets} {'--to ' + to if to else ''}")


@task
def revert(c, to=None):
    """Revert the sqitch plan: everything, or back to --to CHANGE."""
    _sqitch(c, f"revert -y {'--to ' + to if to else ''}")


@task
def verify(c):
    """Run every sqitch verify script against the target database."""
    _sqitch(c, "verify")


@task
def uri(c):
    """Print the connection URI of the target database."""
    print(target.current().uri())


@task
def psql(c):
    """Open psql on the target database."""
    t = target.current()
    os.execvpe("psql", ["psql", t.uri()], t.env())


@task
def demo(c, keep=False):
    """Run the example agent session (examples/agent_session.py); rolled back unless --keep."""
    c.run(f"{sys.executable} examples/agent_session.py {'--keep' if keep else ''}",
          env={"DATABASE_URL": target.current().uri()})


@task
def setup(c):
    """Command 1: start the cluster, deploy, run the demo and print the URI."""
    start(c)
    deploy(c)
    demo(c)
    print("\nReady. Connection URI (also: ./dev uri):")
    uri(c)


@task
def test(c, k=None, x=False):
    """Command 2: run the whole test suite (pytest, which also runs the pgTAP files)."""
    start(c)
    if target.current().local:
        deploy(c)  # the local main database is the pg_cron database; a test checks pg_cron there
    args = ["-ra"] + (["-k", k] if k else []) + (["-x"] if x else [])
    result = subprocess.run([sys.executable, "-m", "pytest", *args], env=target.current().env())
    sys.exit(result.returncode)


@task(help={"check": "only compare: exit 1 when docs/api.md differs from what the catalog gives"})
def docs(c, check=False):
    """Rewrite docs/api.md from the catalog of the deployed target database (mo/apidoc.py)."""
    from mo import apidoc

    rc = apidoc.main(["--check"] if check else [])
    if rc:
        sys.exit(rc)


@task(help={"runs": "repeat the whole measurement, every second run in reverse order (default 1)"})
def bench_partitions(c, partitions="1,2,4,8", vectors=50000, runs=1):
    """Measure HNSW search vs hash partitions of vector_embeddings (bench/results/embedding-partitions-*)."""
    c.run(f"{sys.executable} bench/embedding_partitions.py --partitions {partitions} --vectors {vectors} "
          f"--runs {int(runs)}", env=target.current().env(), pty=False)


@task(name="bench-halfvec", help={"dbname": "a database a benchmark run kept (default mo_bench_year: "
                                            "./dev bench --size year --keep)",
                                  "size": "the size that run had (default year)",
                                  "build_memory": "maintenance_work_mem of the halfvec build (default 8GB)",
                                  "ef": "ef_search values (default 40,100,200,400)",
                                  "drop": "drop the database afterwards"})
def bench_halfvec(c, dbname="mo_bench_year", size="year", build_memory="8GB", ef="40,100,200,400", drop=False):
    """halfvec or vector for the HNSW index, decided by recall and p95 on a kept benchmark database
    (bench/results/halfvec-*)."""
    c.run(f"{sys.executable} bench/halfvec_study.py --dbname {dbname} --size {size} --build-memory {build_memory}"
          f" --ef {ef}{' --drop' if drop else ''}", env=target.current().env(), pty=False)


@task(name="bench-read-floor", help={"memories": "memories of the workload (default 20000)",
                                     "reads": "ids read, the first fifth a warm-up (default 3000)"})
def bench_read_floor(c, memories=20000, reads=3000):
    """What a read by id at 1.3x a bare select would have to cost: the cheapest audit rows beside ours
    (bench/results/read-floor-*)."""
    c.run(f"{sys.executable} bench/read_floor.py --memories {int(memories)} --reads {int(reads)}",
          env=target.current().env(), pty=False)


@task(name="bench-search-floor", help={"memories": "memories of the workload (default 100000, the default size)",
                                       "searches": "searches per case, the first fifth a warm-up (default 2500)"})
def bench_search_floor(c, memories=100000, searches=2500):
    """Where a semantic search's time goes: the bare statement, with rows, with an audit row, and each of
    our layers, over everything and within one session (bench/results/search-floor-*)."""
    c.run(f"{sys.executable} bench/search_floor.py --memories {int(memories)} --searches {int(searches)}",
          env=target.current().env(), pty=False)


@task(name="bench-keyword-windows", help={"memories": "memories of the workload before the copies (default 100000)",
                                          "copies": "copies of its entries added (default 35: 3.6 M memories)",
                                          "queries": "keyword queries per case (default 200)"})
def bench_keyword_windows(c, memories=100000, copies=35, queries=200):
    """Keyword search at the year's volume: the candidates' pools read in one pass and newest window first,
    beside the bare statement and the API (bench/results/keyword-windows-*)."""
    c.run(f"{sys.executable} bench/keyword_windows.py --memories {int(memories)} --copies {int(copies)}"
          f" --queries {int(queries)}", env=target.current().env(), pty=False)


@task(name="bench-embedding-storage", help={"memories": "memories of the workload (default 100000)",
                                            "calls": "calls of each kind per side, the first fifth a warm-up (default 1500)"})
def bench_embedding_storage(c, memories=100000, calls=1500):
    """The embedding inline (STORAGE PLAIN) or out of line: searches, writes, soft deletes and restores on
    two databases side by side (bench/results/embedding-storage-*)."""
    c.run(f"{sys.executable} bench/embedding_storage.py --memories {int(memories)} --calls {int(calls)}",
          env=target.current().env(), pty=False)


@task(name="bench-lifecycle",
      help={"runs": "repeat every measurement this many times (default 3)",
            "only": "comma-separated subset of purge,archive,retention (default all)"})
def bench_lifecycle(c, runs=3, only="purge,archive,retention"):
    """Lifecycle jobs while an agent writes: purge, archive + restores, retention (bench/results/lifecycle-*)."""
    c.run(f"{sys.executable} bench/lifecycle_jobs.py --runs {int(runs)} --only {only}",
          env=target.current().env(), pty=False)


@task(name="bench-import", help={"count": "generated records, each with a 1536-d embedding (default 7099)",
                                 "batch": "records per transaction (default 500)",
                                 "compare_index": "import into two databases side by side, with and without the "
                                                  "HNSW index (bench/results/import-index-*)",
                                 "runs": "repeat, rotating which side goes first (default 3)"})
def bench_import(c, count=7099, batch=500, compare_index=False, runs=3):
    """Legacy import end to end beside the raw COPY baseline (bench/results/import-*)."""
    c.run(f"{sys.executable} bench/import_throughput.py --count {int(count)} --batch {int(batch)} --runs {int(runs)}"
          f"{' --compare-index' if compare_index else ''}", env=target.current().env(), pty=False)


@task(name="bench-import-writes", help={"count": "generated records, each with a 1536-d embedding (default 7099)",
                                        "runs": "repeat, alternating which rebuild goes first (default 2)"})
def bench_import_writes(c, count=7099, runs=2):
    """Agents' writes while an import rebuilds its deferred vector index, plain and CONCURRENTLY
    (bench/results/import-index-writes-*)."""
    c.run(f"{sys.executable} bench/import_index_writes.py --count {int(count)} --runs {int(runs)}",
          env=target.current().env(), pty=False)


@task(name="bench-import-memory", help={"gigabytes": "size of the generated file (default 1.1)"})
def bench_import_memory(c, gigabytes=1.1):
    """Peak memory of the import reader on a generated file over 1 GB (bench/results/import-memory-*)."""
    c.run(f"{sys.executable} bench/import_memory.py --gigabytes {float(gigabytes)}", env=target.current().env(),
          pty=False)


@task(name="bench-sensitive", help={"runs": "runs, each in a fresh database (default 2)"})
def bench_sensitive(c, runs=2):
    """Cost of sensitive memories: plain vs encrypted calls, rotation (bench/results/sensitive-memories-*)."""
    c.run(f"{sys.executable} bench/sensitive_memories.py --runs {int(runs)}", env=target.current().env(), pty=False)


@task(name="bench-audit", help={"runs": "runs, each in a fresh database (default 2)"})
def bench_audit(c, runs=2):
    """Cost of the dblink audit loopback of failed calls (bench/results/audit-autonomous-*)."""
    c.run(f"{sys.executable} bench/audit_autonomous.py --runs {int(runs)}", env=target.current().env(), pty=False)


@task(name="bench-ranking", help={"memories": "memories of the one user searched (default 15000)",
                                   "calls": "calls per measurement (default 30)"})
def bench_ranking(c, memories=15000, calls=30):
    """as_of vs current semantic search, blended vs relevance, the worst legal query (bench/results/search-ranking-*)."""
    c.run(f"{sys.executable} bench/search_ranking.py --memories {int(memories)} --calls {int(calls)}",
          env=target.current().env(), pty=False)


@task(name="bench-walk", help={"nodes": "memories of the complete graph (default 300)",
                                "sparse": "memories of the sparse graph (default 5000)"})
def bench_walk(c, nodes=300, sparse=5000):
    """Relationship walk on a complete and a sparse graph vs bare reachability (bench/results/relationship-walk-*)."""
    c.run(f"{sys.executable} bench/relationship_walk.py --nodes {int(nodes)} --sparse {int(sparse)}",
          env=target.current().env(), pty=False)


@task(name="bench-history", help={"runs": "runs, each with fresh databases (default 2)",
                                  "calls": "calls of each kind per run (default 300)"})
def bench_history(c, runs=2, calls=300):
    """Cost of keeping the history of memories: create, update, read before and with it, bytes per update
    (bench/results/history-*)."""
    c.run(f"{sys.executable} bench/history.py --runs {int(runs)} --calls {int(calls)}",
          env=target.current().env(), pty=False)


@task(name="bench-dedupe", help={"store": "memories the creating user already holds (default 5000)",
                                  "calls": "creates of each kind (default 150)",
                                  "erase_memories": "memories of the erased user (default 10000)"})
def bench_dedupe(c, store=5000, calls=150, erase_memories=10000):
    """Create with dedupe exact / semantic vs a plain create, erasing a user vs a bare cascade delete, and the
    threshold study of semantic dedupe (bench/results/dedupe-*)."""
    c.run(f"{sys.executable} bench/dedupe.py --store {int(store)} --calls {int(calls)} "
          f"--erase-memories {int(erase_memories)}", env=target.current().env(), pty=False)


@task(name="bench-oversized", help={"runs": "runs, each with fresh databases (default 2)",
                                    "mb": "size of the envelope's content in MB (default 50)"})
def bench_oversized(c, runs=2, mb=50):
    """How long memory.dispatch takes to refuse a 50 MB envelope, before and after the size check
    (bench/results/oversized-request-*)."""
    c.run(f"{sys.executable} bench/oversized_request.py --runs {int(runs)} --mb {int(mb)}",
          env=target.current().env(), pty=False)


@task(help={"size": "tiny (seconds), default (100,000 memories, about 10 min) or year (3.65 M memories, hours)",
            "fraction": "load only this share of the size (same users, same year), e.g. 0.05 for a partial year",
            "clients": "concurrent clients of the throughput phase (default 1,2)",
            "tune": "also run the tuning study: HNSW m / ef_construction / ef_search, halfvec, build settings",
            "docs": "rewrite the table between the bench markers of docs/benchmarks.md",
            "soak": "operations of the soak phase (2 clients, mixed API calls; default: the size's, 0 skips it)",
            "keep": "keep the database mo_bench_<size> afterwards",
            "baseline_share": "load this share of the chunks into the baseline too (default 1; a year run here: "
                              "0.25, both schemas at full size do not fit on the disk)",
            "build_memory": "maintenance_work_mem of the index builds, e.g. 12GB (default: the cluster's x fraction)"})
def bench(c, size="default", fraction="1", clients="1,2", tune=False, docs=False, keep=False, soak="",
          baseline_share="1", build_memory=""):
    """Benchmark the API against bare PostgreSQL + pgvector on the same data (bench/results/<date>-<size>.*)."""
    flags = (" --tune" if tune else "") + (" --update-docs" if docs else "") + (" --keep" if keep else "") + \
        (f" --soak-ops {int(soak)}" if soak != "" else "") + f" --baseline-share {float(baseline_share):g}" + \
        (f" --build-memory {build_memory}" if build_memory else "")
    c.run(f"{sys.executable} bench/harness.py --size {size} --fraction {fraction} --clients {clients}{flags}",
          env=target.current().env(), pty=False)


@task(name="import", help={"system": "session (SessionMemoryAgent), contextual (contextual_memory_pc2) or jarvis (jarvis_memory_pc2)",
            "file": "JSON Lines, or one JSON array", "batch": "records per transaction (default 500)",
            "keep_staging": "keep the staged records after the run (memory_store.import_staging)",
            "online_index": "rebuild a deferred vector index with CREATE INDEX CONCURRENTLY: agents' writes of "
                            "embeddings go on meanwhile, the build takes longer (needs the table owner's rights)"})
def import_(c, system, file, batch=500, keep_staging=False, online_index=False):
    """Import a legacy export: stream it into staging, map it in SQL, print counts, rejects, reconciliation."""
    from mo import importer

    try:
        result = importer.import_file(target.current().uri(), system, file, batch=int(batch), keep_staging=keep_staging,
                                      online_index=online_index)
    except (OSError, psycopg.Error, importer.NotUtf8) as e:     # a line, not a traceback
        sys.exit(f"import failed: {type(e).__name__}: {e}")
    print(importer.report(result, system))
    if not result.ok:
        sys.exit(1)


@task(name="run-job", help={"name": "a lifecycle job: purge_expired, purge_soft_deleted, partition_upkeep, "
                                    "prune_job_history, archive_sessions, enforce_retention",
                            "user": "enforce_retention only: the one user whose budget to enforce now"})
def run_job(c, name, user=None):
    """Run one lifecycle job now (CALL memory_store.<job>()) and print its run from memory_store.job_runs."""
    with psycopg.connect(target.current().uri(), autocommit=True) as conn:
        job = conn.execute("SELECT command FROM memory_store.lifecycle_jobs WHERE job_name = %s", (name,)).fetchone()
        if job is None:
            names = [r[0] for r in conn.execute("SELECT job_name FROM memory_store.lifecycle_jobs ORDER BY 1")]
            sys.exit(f"no lifecycle job {name!r}; jobs: {', '.join(names)}")
        if user is None:
            conn.execute(job[0])
        elif name == "enforce_retention":
            conn.execute("CALL memory_store.enforce_retention(p_user_id => %s)", (user,))
        else:
            sys.exit("--user applies to enforce_retention only")
        status, rows, detail = conn.execute(
            "SELECT status, rows_affected, detail FROM memory_store.job_runs WHERE job_name = %s "
            "ORDER BY run_id DESC LIMIT 1", (name,)).fetchone()
        print(f"{name}: {status}, {rows} rows ({detail})")


@task(name="crash-test", help={"rounds": "kill/restart rounds (default 10)", "writers": "concurrent clients (default 4)",
                               "unsafe": "run the server with synchronous_commit = off: the check must then find losses"})
def crash_test(c, rounds=10, writers=4, unsafe=False):
    """Crash safety: writers on a throw-away cluster, SIGKILL, restart, check every acknowledged write
    (bench/results/crash-[unsafe-]<rounds>-rounds-<date>.{json,md}; tests/test_crash.py is --rounds 3)."""
    sys.path.insert(0, "bench")
    import common
    import crash_report
    from mo import crash

    facts = common.run_facts()
    reports = crash.run(rounds=int(rounds), writers=int(writers),
                        settings={"synchronous_commit": "off"} if unsafe else None)
    stem = crash_report.write(reports, int(rounds), int(writers), unsafe, facts)
    total = crash_report.summarise(reports)
    print(f"{len(reports)} rounds: acknowledged {total['acknowledged_total']}, found {total['found']}, "
          f"lost {total['lost']}\nreport: {stem}.md, .json")
    if total["lost"] and not unsafe:
        sys.exit(1)


@task(help={"runs": "pytest runs (default 1)", "requests": "requests per run, MO_FUZZ_EXAMPLES (default 2000)",
            "random": "a new random sequence per run (MO_FUZZ_RANDOM=1, seed recorded); default: derandomized"})
def fuzz(c, runs=1, requests=2000, random=False):
    """Fuzz memory.dispatch (tests/test_fuzz_dispatch.py) and tally the answers (bench/results/fuzz[-random]-*)."""
    c.run(f"{sys.executable} bench/fuzz_tally.py --runs {int(runs)} --requests {int(requests)}"
          f"{' --random' if random else ''}", env=target.current().env(), pty=False)


@task(help={"fresh": "debootstrap the tree again", "setup_only": "run ./dev setup twice, not ./dev test",
            "update_docs": "write the report into docs/debian13.md"})
def debian13(c, fresh=False, setup_only=False, update_docs=False):
    """./dev setup and ./dev test in a Debian 13 debootstrap tree (scripts/debian13-check.sh, docs/debian13.md)."""
    flags = (" --fresh" if fresh else "") + (" --setup-only" if setup_only else "") + \
        (" --update-docs" if update_docs else "")
    sys.exit(c.run(f"scripts/debian13-check.sh{flags}", pty=False, warn=True).exited)


@task(help={"ops": "operations in total (default 20000)", "clients": "concurrent clients (default 2)",
            "keep": "keep the scratch database mo_soak"})
def soak(c, ops=20000, clients=2, keep=False):
    """Soak run: mixed reads / writes / searches, errors and p50/p95/p99 (bench/soak.py, bench/results/soak-*)."""
    c.run(f"{sys.executable} bench/soak.py --ops {ops} --clients {clients} {'--keep' if keep else ''}",
          env=target.current().env(), pty=False)


@task(help={"action": "up (create on first use, start, wait until healthy), status, down (stop), destroy "
                      "(stop and delete .ha)",
            "nodes": "data nodes when the formation is created (default 2; 3 makes number_sync_standbys 1)"})
def ha(c, action, nodes=2):
    """pg_auto_failover formation on loopback ports: a monitor and data nodes, the package on the primary (mo/ha.py)."""
    from mo import ha as formation

    f = formation.Formation(nodes=int(nodes))
    if action == "up":
        f.up()
        print(f.status())
    elif action == "status":
        print(f.status())
    elif action == "down":
        f.down()
        print("stopped")
    elif action == "destroy":
        f.destroy()
        print(f"removed {f.root}")
    else:
        sys.exit(f"unknown action {action!r}: up, status, down or destroy")


@task(name="ha-failover-test",
      help={"rounds": "failover rounds, each killing whichever node is primary (default 3)",
            "writers": "concurrent agents writing through memory.dispatch (default 4)",
            "soak": "operations of the soak load for the replication-lag phase (default 4000, 0 skips it)",
            "cron": "run the pg_cron phase (default on; --no-cron skips it)",
            "docs": "rewrite the figures between the ha-failover markers of docs/ha.md"})
def ha_failover_test(c, rounds=3, writers=4, soak=4000, cron=True, docs=False):
    """Failover loses nothing acknowledged: a throw-away formation, kills, checks, rejoins, pg_cron, lag
    (mo/failover.py; bench/results/ha-failover-<date>.{json,md,png}). Not part of ./dev test."""
    sys.path.insert(0, "bench")
    import common
    import ha_failover_report
    from mo import failover

    facts = {}
    report = failover.run(rounds=int(rounds), writers=int(writers), soak_ops=int(soak), cron=cron,
                          on_up=lambda f: facts.update(common.run_facts(f.uri(f.primary(), "postgres"))))
    report["command"] = "./dev ha-failover-test" + (f" --rounds {rounds}" if int(rounds) != 3 else "") + \
        (f" --writers {writers}" if int(writers) != 4 else "") + (f" --soak {soak}" if int(soak) != 4000 else "") + \
        ("" if cron else " --no-cron")
    stem = ha_failover_report.write(report, facts, docs=docs)
    found = ha_failover_report.problems(report)
    print(f"report: {stem}.md, .json, .png; problems: {len(found)}")
    for p in found[:20]:
        print(f"  {p}")
    if found:
        sys.exit(1)


@task(name="duplicate-scan")
def duplicate_scan(c):
    """Duplicate-code scan of the function bodies: live tree, functions/ with history, whole tree, live pairs by
    group (bench/duplicate_scan.py; bench/results/duplicate-scan-*). Needs the `duplicates` tool on PATH."""
    c.run(f"{sys.executable} bench/duplicate_scan.py", pty=False)
