"""Benchmark: the lifecycle jobs while an agent keeps writing.

Three measurements, each on a fresh clone of a freshly deployed scratch
database, each repeated --runs times:

  purge      --purge expired memories (one tag on every tenth) are purged by
             `CALL memory_store.purge_expired()` (default batch size, 5000).
  archive    --archive-users users x --archive-sessions sessions x 25 memories,
             each with a 1536-d embedding (HNSW index in place) and a tag, in
             sessions that ended 40 days ago, are moved to memory_archive by
             `CALL memory_store.archive_sessions(1000)` (--archive-hot more
             memories with embeddings stay hot in active sessions); then 5 sessions of 25
             are restored one by one through the agent API
             (`memory.restore_archived_session`) and all the memories of one
             more user (--archive-sessions x 25) by the DBA's
             `memory_store.restore_archived(p_user_id => ...)`.
  retention  one user owns --retention memories (priority 1), a budget of a
             fifth of them; `CALL memory_store.enforce_retention(p_user_id =>
             ..., p_batch_size => 1000)` archives the other four fifths.

While each job runs, another connection keeps calling memory.create_memory
(another session, another user). Before the job, the same writer runs alone
for --baseline seconds on the same data: its latency is the baseline the
writes during the job are compared with (ratio of medians and of maxima).
Every write must succeed, and each job must move exactly what it should;
the script stops with an error otherwise.

Results: bench/results/lifecycle-<date>.{json,md,png}. The scratch databases
(mo_bench_lifecycle, mo_bench_lifecycle_tmpl) are dropped at the end.

    .venv/bin/python bench/lifecycle_jobs.py [--runs 3] [--only purge,archive,retention]
    ./dev bench-lifecycle [--runs 3]            # the same, through invoke
"""

import argparse
import statistics
import sys
import threading
import time
from pathlib import Path

import numpy as np
import psycopg
from psycopg.types.json import Jsonb

sys.path.insert(0, str(Path(__file__).resolve().parent))
import common  # noqa: E402
from pgvector.psycopg import register_vector  # noqa: E402

TEMPLATE = "mo_bench_lifecycle_tmpl"
DBNAME = "mo_bench_lifecycle"
PHASES = ("purge", "archive", "retention")
PER_SESSION = 25
RESTORED_SESSIONS = 5


def log(message):
    print(f"[{time.strftime('%H:%M:%S')}] {message}", flush=True)


def latency(values_s: list[float]) -> dict:
    ms = sorted(v * 1000 for v in values_s)
    if not ms:
        return {"n": 0}
    return {"n": len(ms), "median_ms": round(statistics.median(ms), 2),
            "p95_ms": round(float(np.percentile(ms, 95)), 2), "p99_ms": round(float(np.percentile(ms, 99)), 2),
            "max_ms": round(ms[-1], 2)}


class Writer(threading.Thread):
    """Keeps creating memories through memory.create_memory until stopped;
    records each call's latency and any error (never raised in the thread)."""

    def __init__(self, uri, session_id):
        super().__init__(daemon=True)
        self.uri, self.session_id = uri, session_id
        self.stop_event = threading.Event()
        self.waits, self.errors = [], []  # waits: (started, seconds) per call

    def run(self):
        with psycopg.connect(self.uri, autocommit=True) as conn:
            n = 0
            while not self.stop_event.is_set():
                n += 1
                started = time.perf_counter()
                try:
                    conn.execute("SELECT memory_id FROM memory.create_memory(p_memory_type => 'conversation', "
                                 "p_content => %s, p_session_id => %s, p_tags => ARRAY['live'])",
                                 (Jsonb({"text": f"turn {n}"}), self.session_id))
                except psycopg.Error as exc:
                    self.errors.append(f"{type(exc).__name__}: {exc}"[:200])
                self.waits.append((started, time.perf_counter() - started))

    def stop(self):
        self.stop_event.set()
        self.join()


def writes_alone(uri, session_id, seconds) -> dict:
    writer = Writer(uri, session_id)
    writer.start()
    time.sleep(seconds)
    writer.stop()
    if writer.errors:
        sys.exit(f"writes failed with no job running: {writer.errors[:3]}")
    return latency([w for _, w in writer.waits])


def job_while_writing(uri, session_id, statement, params=()) -> tuple[float, dict, list]:
    """Run STATEMENT (a CALL, autocommit) while a writer writes: seconds, the latency of the writes that
    overlapped the job, and the errors of every write."""
    writer = Writer(uri, session_id)
    writer.start()
    time.sleep(0.2)  # the writer is running when the job starts
    with psycopg.connect(uri, autocommit=True) as conn:
        started = time.perf_counter()
        try:
            conn.execute(statement, params)
        finally:
            ended = time.perf_counter()
            writer.stop()
    during = [w for s, w in writer.waits if s < ended and s + w > started]
    return ended - started, latency(during) | {"all_writes": len(writer.waits)}, writer.errors


def last_run(conn, job):
    return conn.execute("SELECT status, rows_affected, detail FROM memory_store.job_runs WHERE job_name = %s "
                        "ORDER BY run_id DESC LIMIT 1", (job,)).fetchone()


def compare(alone: dict, during: dict) -> dict:
    return {"median": round(during["median_ms"] / alone["median_ms"], 2),
            "max": round(during["max_ms"] / alone["max_ms"], 2)}


def check(condition, message):
    if not condition:
        sys.exit(f"check failed: {message}")


# --- the three jobs --------------------------------------------------------------------

def purge(t, args) -> dict:
    uri = t.uri(DBNAME)
    n = args.purge
    with psycopg.connect(uri, autocommit=True) as conn:
        conn.execute("INSERT INTO memory_store.memory_entries (memory_id, memory_type, content, expires_at) "
                     "SELECT 'exp-' || g, 'context', jsonb_build_object('text', 'expired ' || g), "
                     "       now() - interval '1 hour' FROM generate_series(1, %s) AS g", (n,))
        conn.execute("INSERT INTO memory_store.memory_tags (memory_id, tag) SELECT 'exp-' || g, 'old' "
                     "FROM generate_series(1, %s, 10) AS g", (n,))
        conn.execute("INSERT INTO memory_store.sessions (session_id, user_id, session_type) "
                     "VALUES ('writer', 'writer-user', 'conversation')")
        conn.execute("ANALYZE")
        batch = conn.execute("SELECT value FROM memory_store.lifecycle_settings WHERE name = 'purge_batch_size'"
                             ).fetchone()[0]
    alone = writes_alone(uri, "writer", args.baseline)
    seconds, during, errors = job_while_writing(uri, "writer", "CALL memory_store.purge_expired()")
    with psycopg.connect(uri) as conn:
        status, rows, detail = last_run(conn, "purge_expired")
        left = conn.execute("SELECT count(*) FROM memory_store.memory_entries WHERE expires_at < now()").fetchone()[0]
        written = conn.execute("SELECT count(*) FROM memory_store.memory_entries WHERE session_id = 'writer'"
                               ).fetchone()[0]
    check(errors == [], f"writes failed during the purge: {errors[:3]}")
    check(status == "succeeded" and rows == n and left == 0, f"purge_expired: {status}, {rows} rows, {left} left")
    check(written == alone["n"] + during["all_writes"], "every acknowledged write is there")
    return {"memories": n, "batch_size": batch, "seconds": round(seconds, 2), "rows_per_s": round(n / seconds),
            "job_detail": detail, "writes_alone": alone, "writes_during": during,
            "write_ratio": compare(alone, during), "write_errors": len(errors)}


def archive(t, args) -> dict:
    uri = t.uri(DBNAME)
    users, sessions = args.archive_users, args.archive_sessions
    n = users * sessions * PER_SESSION
    rng = np.random.default_rng(7)
    with psycopg.connect(uri, autocommit=True) as conn:
        conn.execute("SET search_path = extensions, public")
        register_vector(conn)
        conn.execute("INSERT INTO memory_store.sessions (session_id, user_id, session_type) "
                     "SELECT format('s-%%s-%%s', u, s), format('u-%%s', u), 'conversation' "
                     "  FROM generate_series(1, %s) u, generate_series(1, %s) s", (users, sessions))
        # Memories to archive (a-…) in the sessions s-<user>-<n>, and memories that stay hot (k-…) in one
        # active session per user (k-<user>): the hot HNSW graph the restores insert into is not empty.
        conn.execute("INSERT INTO memory_store.sessions (session_id, user_id, session_type) "
                     "SELECT format('k-%%s', u), format('u-%%s', u), 'conversation' FROM generate_series(1, %s) u",
                     (users,))
        conn.execute("INSERT INTO memory_store.memory_entries (memory_id, session_id, memory_type, content, priority) "
                     "SELECT format('a-%%s-%%s-%%s', u, s, i), format('s-%%s-%%s', u, s), 'context', "
                     "       jsonb_build_object('text', format('memory %%s of session %%s of user %%s', i, s, u)), "
                     "       1 + (i %% 8) "
                     "  FROM generate_series(1, %s) u, generate_series(1, %s) s, generate_series(1, %s) i",
                     (users, sessions, PER_SESSION))
        conn.execute("INSERT INTO memory_store.memory_entries (memory_id, session_id, memory_type, content) "
                     "SELECT format('k-%%s', g), format('k-%%s', 1 + g %% %s), 'context', "
                     "       jsonb_build_object('text', format('hot memory %%s', g)) FROM generate_series(1, %s) g",
                     (users, args.archive_hot))
        conn.execute("INSERT INTO memory_store.memory_tags (memory_id, tag) "
                     "SELECT memory_id, 'topic-' || (hashtext(memory_id) & 7) FROM memory_store.memory_entries")
        ids = [r[0] for r in conn.execute("SELECT memory_id FROM memory_store.memory_entries ORDER BY memory_id")]
        check(len(ids) == n + args.archive_hot, f"{len(ids)} memories loaded, {n + args.archive_hot} expected")
        # Embeddings: COPY with the HNSW index dropped, then the deployed definition rebuilt (faster than
        # inserting one by one; the graph is the same kind).
        index_ddl = conn.execute("SELECT indexdef FROM pg_indexes WHERE indexname = 'idx_vector_embeddings_embedding'"
                                 ).fetchone()[0]
        conn.execute("DROP INDEX memory_store.idx_vector_embeddings_embedding")
        centres = rng.standard_normal((20, 1536)).astype(np.float32)
        started = time.perf_counter()
        with conn.cursor() as cur, cur.copy("COPY memory_store.vector_embeddings (memory_id, embedding, "
                                            "embedding_model) FROM STDIN (FORMAT BINARY)") as copy:
            copy.set_types(["varchar", "vector", "varchar"])
            for i, memory_id in enumerate(ids):
                v = centres[i % 20] + rng.standard_normal(1536).astype(np.float32) * 0.3
                copy.write_row((memory_id, v / np.linalg.norm(v), "bench"))
        log(f"    {len(ids):,} embeddings copied; building the HNSW index")
        conn.execute(index_ddl)
        load_s = time.perf_counter() - started
        conn.execute("INSERT INTO memory_store.sessions (session_id, user_id, session_type) "
                     "VALUES ('writer', 'writer-user', 'conversation')")
        # Ended 40 days ago with no activity since (archive_after_ended is 30 days).
        conn.execute("UPDATE memory_store.sessions SET ended_at = now() - interval '40 days', "
                     "updated_at = now() - interval '40 days' WHERE session_id LIKE 's-%'")
        conn.execute("ANALYZE")
    alone = writes_alone(uri, "writer", args.baseline)
    seconds, during, errors = job_while_writing(uri, "writer", "CALL memory_store.archive_sessions(1000)")
    check(errors == [], f"writes failed during archiving: {errors[:3]}")
    with psycopg.connect(uri, autocommit=True) as conn:
        status, rows, detail = last_run(conn, "archive_sessions")
        cold = conn.execute("SELECT (SELECT count(*) FROM memory_archive.memory_entries), "
                            "(SELECT count(*) FROM memory_archive.vector_embeddings)").fetchone()
        check(status == "succeeded" and cold == (n, n), f"archive_sessions: {status}, {detail}, archive {cold}")
        conn.execute("ANALYZE")
        session_ms = []
        for u in range(1, RESTORED_SESSIONS + 1):  # one session of each of the first users
            started = time.perf_counter()
            conn.execute("SELECT memory.restore_archived_session(%s)", (f"s-{u}-1",))
            session_ms.append((time.perf_counter() - started) * 1000)
        user = f"u-{users}"  # a user none of whose sessions was restored above
        started = time.perf_counter()
        restored = conn.execute("SELECT memory_store.restore_archived(p_user_id => %s)", (user,)).fetchone()[0]
        user_ms = (time.perf_counter() - started) * 1000
        hot = conn.execute("SELECT count(*) FROM memory_store.vector_embeddings WHERE memory_id LIKE 'a-%'"
                           ).fetchone()[0]
    check(restored == sessions * PER_SESSION, f"restore_archived of {user} returned {restored}")
    check(hot == (RESTORED_SESSIONS + sessions) * PER_SESSION, f"{hot} embeddings back in the hot table")
    hot_graph = args.archive_hot
    return {"memories": n, "users": users, "sessions": users * sessions, "per_session": PER_SESSION,
            "batch_size": 1000, "hot_memories_with_embeddings": hot_graph,
            "embedding_load_and_index_build_seconds": round(load_s, 1),
            "seconds": round(seconds, 2), "memories_per_s": round(n / seconds), "job_detail": detail,
            "writes_alone": alone, "writes_during": during, "write_ratio": compare(alone, during),
            "write_errors": len(errors),
            "restore_session": {"memories": PER_SESSION, "calls": RESTORED_SESSIONS,
                                "ms": [round(v, 1) for v in session_ms],
                                "median_ms": round(statistics.median(session_ms), 1)},
            "restore_user": {"memories": restored, "ms": round(user_ms, 1)}}


def retention(t, args) -> dict:
    uri = t.uri(DBNAME)
    n = args.retention
    keep = n // 5
    with psycopg.connect(uri, autocommit=True) as conn:
        conn.execute("INSERT INTO memory_store.sessions (session_id, user_id, session_type) "
                     "VALUES ('s-heavy', 'heavy', 'conversation'), ('writer', 'writer-user', 'conversation')")
        conn.execute("INSERT INTO memory_store.memory_entries (memory_id, session_id, memory_type, content, priority, "
                     "created_at) SELECT 'h' || g, 's-heavy', 'context', jsonb_build_object('text', 'memory ' || g), "
                     "1, now() - g * interval '1 second' FROM generate_series(1, %s) g", (n,))
        conn.execute("INSERT INTO memory_store.memory_tags (memory_id, tag) SELECT 'h' || g, 'bulk' "
                     "FROM generate_series(1, %s, 5) g", (n,))
        conn.execute("INSERT INTO memory_store.retention_budgets (user_id, max_memories) VALUES ('heavy', %s)", (keep,))
        conn.execute("ANALYZE")
    alone = writes_alone(uri, "writer", args.baseline)
    seconds, during, errors = job_while_writing(
        uri, "writer", "CALL memory_store.enforce_retention(p_user_id => 'heavy', p_batch_size => 1000)")
    check(errors == [], f"writes failed during retention: {errors[:3]}")
    with psycopg.connect(uri) as conn:
        status, rows, detail = last_run(conn, "enforce_retention")
        left = conn.execute("SELECT count(*) FROM memory_store.memory_entries WHERE session_id = 's-heavy'"
                            ).fetchone()[0]
    check(status == "succeeded" and rows == n - keep and left == keep,
          f"enforce_retention: {status}, {rows} rows, {left} left")
    return {"memories": n, "budget": keep, "archived": rows, "batch_size": 1000, "seconds": round(seconds, 2),
            "memories_per_s": round(rows / seconds), "job_detail": detail, "writes_alone": alone,
            "writes_during": during, "write_ratio": compare(alone, during), "write_errors": len(errors)}


MEASURE = {"purge": purge, "archive": archive, "retention": retention}


# --- report ------------------------------------------------------------------------------

def span(values, fmt="{:.2f}"):
    lo, hi = fmt.format(min(values)), fmt.format(max(values))
    return lo if lo == hi else f"{lo}–{hi}"


def summary(runs: list[dict]) -> dict:
    out = {}
    for phase in PHASES:
        got = [r[phase] for r in runs if phase in r]
        if not got:
            continue
        s = {"seconds": span([g["seconds"] for g in got]),
             "writes_during": span([g["writes_during"]["n"] for g in got], "{:,}"),
             "median_write_ms_alone": span([g["writes_alone"]["median_ms"] for g in got], "{:.1f}"),
             "median_write_ms_during": span([g["writes_during"]["median_ms"] for g in got], "{:.1f}"),
             "p99_write_ms_alone": span([g["writes_alone"]["p99_ms"] for g in got], "{:.0f}"),
             "p99_write_ms_during": span([g["writes_during"]["p99_ms"] for g in got], "{:.0f}"),
             "max_write_ms_alone": span([g["writes_alone"]["max_ms"] for g in got], "{:.0f}"),
             "max_write_ms_during": span([g["writes_during"]["max_ms"] for g in got], "{:.0f}"),
             "median_ratio": span([g["write_ratio"]["median"] for g in got]),
             "max_ratio": span([g["write_ratio"]["max"] for g in got]),
             "write_errors": sum(g["write_errors"] for g in got)}
        if phase == "archive":
            s["restore_session_ms"] = span([v for g in got for v in g["restore_session"]["ms"]], "{:.0f}")
            s["restore_user_ms"] = span([g["restore_user"]["ms"] for g in got], "{:.0f}")
        out[phase] = s
    return out


def write_markdown(path: Path, report: dict):
    a, facts = report["args"], report["facts"]
    runs, summ = report["runs"], report["summary"]
    lines = [f"# Lifecycle jobs while an agent writes, {facts['date']}", "",
             f"`{report['command']}` (`bench/lifecycle_jobs.py`): {len(runs)} run{'s' if len(runs) > 1 else ''}; PostgreSQL {facts['postgres']}, "
             f"pgvector {facts['pgvector']}, {facts['machine']['cpus']} CPUs; {common.fmt_load(facts)}. "
             f"{common.NOISE}", "",
             "Each job runs on a fresh clone of a freshly deployed database while a second connection keeps "
             "calling `memory.create_memory` (another session, another user). Before the job the same writer runs "
             f"alone for {a['baseline']} s on the same data: the ratios compare the writes during the job with "
             "those. Every write succeeded and every job moved exactly what it should in every run "
             "(the script stops otherwise).", "",
             "## Summary (range over the runs)", "",
             "| job | what | seconds | writes during the job | median write ms, alone → during | p99 write ms, "
             "alone → during | longest write ms, alone → during | ratio during / alone: median, longest | "
             "write errors |", "|---|---|---|---|---|---|---|---|---|"]
    what = {"purge": f"`purge_expired()`: {a['purge']:,} expired memories (a tag on every tenth), batches of "
                     f"{runs[0]['purge']['batch_size'] if 'purge' in runs[0] else '?'}",
            "archive": f"`archive_sessions(1000)`: {a['archive_users'] * a['archive_sessions'] * PER_SESSION:,} "
                       f"memories in {a['archive_users'] * a['archive_sessions']} ended sessions, each with a "
                       f"1536-d embedding and a tag; {a['archive_hot']:,} more stay hot",
            "retention": f"`enforce_retention(user, 1000)`: {a['retention'] - a['retention'] // 5:,} of one user's "
                         f"{a['retention']:,} memories archived (budget {a['retention'] // 5:,})"}
    for phase, s in summ.items():
        lines.append(f"| {phase} | {what[phase]} | {s['seconds']} | {s['writes_during']} | "
                     f"{s['median_write_ms_alone']} → {s['median_write_ms_during']} | "
                     f"{s['p99_write_ms_alone']} → {s['p99_write_ms_during']} | "
                     f"{s['max_write_ms_alone']} → {s['max_write_ms_during']} | {s['median_ratio']}x, "
                     f"{s['max_ratio']}x | {s['write_errors']} |")
    if "archive" in summ:
        s = summ["archive"]
        lines += ["", f"Restores after the archive job: a session of {PER_SESSION} memories through the agent API "
                      f"(`memory.restore_archived_session`, {RESTORED_SESSIONS} sessions per run) "
                      f"{s['restore_session_ms']} ms; all {a['archive_sessions'] * PER_SESSION} archived memories of "
                      f"one user by the DBA's `memory_store.restore_archived(p_user_id => …)` {s['restore_user_ms']} ms. "
                      f"Each restored embedding goes back into the hot HNSW index, which holds the {a['archive_hot']:,} "
                      "embeddings that stayed hot."]
    lines += ["", "## Every run", ""]
    for i, r in enumerate(runs, 1):
        lines.append(f"Run {i} (load average {' / '.join(map(str, r['load_average_start']))} → "
                     f"{' / '.join(map(str, r['load_average_end']))}):")
        lines.append("")
        lines.append("| job | seconds | rows/s | writes alone: n, median / p99 / max ms | writes during: n, "
                     "median / p99 / max ms | job detail |")
        lines.append("|---|---|---|---|---|---|")
        for phase in PHASES:
            if phase not in r:
                continue
            g = r[phase]
            al, du = g["writes_alone"], g["writes_during"]
            rate = g.get("rows_per_s") or g.get("memories_per_s")
            lines.append(f"| {phase} | {g['seconds']:.2f} | {rate:,} | {al['n']}, {al['median_ms']} / {al['p99_ms']} / "
                         f"{al['max_ms']} | {du['n']}, {du['median_ms']} / {du['p99_ms']} / {du['max_ms']} | "
                         f"{g['job_detail']} |")
        if "archive" in r:
            g = r["archive"]
            lines.append("")
            lines.append(f"Restores: sessions of {PER_SESSION}: {', '.join(f'{v:.0f}' for v in g['restore_session']['ms'])} ms; "
                         f"user of {g['restore_user']['memories']}: {g['restore_user']['ms']:.0f} ms "
                         f"(embeddings loaded and HNSW index built beforehand in "
                         f"{g['embedding_load_and_index_build_seconds']} s).")
        lines.append("")
    lines += ["Raw numbers: the JSON file of the same name; chart: the PNG.", ""]
    path.write_text("\n".join(lines))


def write_chart(path: Path, report: dict):
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    runs = report["runs"]
    phases = [p for p in PHASES if p in runs[0]]
    fig, (jobs, writes) = plt.subplots(1, 2, figsize=(11, 4))
    width = 0.8 / len(runs)
    for i, r in enumerate(runs):
        xs = [k + i * width for k in range(len(phases))]
        jobs.bar(xs, [r[p]["seconds"] for p in phases], width, label=f"run {i + 1}")
        writes.bar(xs, [r[p]["writes_during"]["max_ms"] for p in phases], width, label=f"run {i + 1}, during")
        writes.scatter(xs, [r[p]["writes_alone"]["max_ms"] for p in phases], color="black", zorder=3,
                       label="alone" if i == 0 else None, marker="_", s=200)
    for ax, title in ((jobs, "job duration (s)"), (writes, "longest write (ms): bars during the job, — alone")):
        ax.set_xticks([k + width * (len(runs) - 1) / 2 for k in range(len(phases))], phases)
        ax.set_title(title)
        ax.grid(alpha=0.3, axis="y")
        ax.legend(fontsize=8)
    fig.suptitle(f"Lifecycle jobs while an agent writes ({report['facts']['date']})")
    fig.tight_layout()
    fig.savefig(path, dpi=110)


def render(json_path: Path):
    """Write the .md and .png again from a report's JSON."""
    import json
    report = json.loads(json_path.read_text())
    report["summary"] = summary(report["runs"])
    write_markdown(json_path.with_suffix(".md"), report)
    write_chart(json_path.with_suffix(".png"), report)


def main():
    if len(sys.argv) == 3 and sys.argv[1] == "--render":
        return render(Path(sys.argv[2]))
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--runs", type=int, default=3)
    p.add_argument("--only", default=",".join(PHASES), help="comma-separated: purge, archive, retention")
    p.add_argument("--purge", type=int, default=100_000, help="expired memories to purge (default 100000)")
    p.add_argument("--archive-users", type=int, default=20, help="users of the archive measurement (default 20)")
    p.add_argument("--archive-sessions", type=int, default=10, help="ended sessions per user, 25 memories each "
                                                                    "(default 10)")
    p.add_argument("--archive-hot", type=int, default=20_000,
                   help="memories with embeddings that stay hot, so restores insert into a real graph (default 20000)")
    p.add_argument("--retention", type=int, default=25_000, help="memories of the user over budget (default 25000)")
    p.add_argument("--baseline", type=float, default=5.0, help="seconds of writes alone before each job (default 5)")
    p.add_argument("--out", type=Path, default=common.RESULTS)
    args = p.parse_args()
    phases = [x for x in args.only.split(",") if x]
    if not phases or set(phases) - set(PHASES):
        p.error(f"--only takes {', '.join(PHASES)}")
    t = common.target.current()
    facts = common.run_facts(t.uri("postgres"))
    command = "./dev bench-lifecycle" + (f" --runs {args.runs}" if args.runs != 3 else "") + \
        (f" --only {args.only}" if phases != list(PHASES) else "")
    log(f"deploying the plan into {TEMPLATE}")
    common.deploy(t, TEMPLATE)
    runs = []
    try:
        for i in range(1, args.runs + 1):
            run = {"load_average_start": common.load_average()}
            for phase in phases:
                log(f"run {i}/{args.runs}: {phase}")
                common.recreate_database(t, DBNAME, template=TEMPLATE)
                run[phase] = MEASURE[phase](t, args)
                g = run[phase]
                log(f"  {phase}: {g['seconds']:.2f} s; writes alone median {g['writes_alone']['median_ms']} ms, "
                    f"max {g['writes_alone']['max_ms']} ms; during: {g['writes_during']['n']} writes, median "
                    f"{g['writes_during']['median_ms']} ms, max {g['writes_during']['max_ms']} ms")
            run["load_average_end"] = common.load_average()
            runs.append(run)
    finally:
        common.recreate_database(t, DBNAME, drop_only=True)
        common.recreate_database(t, TEMPLATE, drop_only=True)
    facts["load_average_end"] = common.load_average()
    report = {"command": command, "facts": facts, "args": vars(args) | {"out": str(args.out)},
              "summary": summary(runs), "runs": runs}
    args.out.mkdir(parents=True, exist_ok=True)
    stem = args.out / f"lifecycle-{facts['date']}"
    common.write_json(stem.with_suffix(".json"), report)
    write_markdown(stem.with_suffix(".md"), report)
    write_chart(stem.with_suffix(".png"), report)
    print(stem.with_suffix(".md").read_text())
    log(f"wrote {stem}.json, .md, .png")


if __name__ == "__main__":
    main()
