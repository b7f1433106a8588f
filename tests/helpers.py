"""Small SQL helpers shared by the tests: rows are written straight into the
tables here (the agent API has its own tests)."""

import json
import time


def add_session(conn, session_id="s1", user_id="u1", session_type="conversation"):
    conn.execute("INSERT INTO memory_store.sessions (session_id, user_id, session_type) VALUES (%s, %s, %s)",
                 (session_id, user_id, session_type))


def add_memory(conn, memory_id, session_id=None, created_at=None, text="hello", memory_type="context"):
    conn.execute(
        "INSERT INTO memory_store.memory_entries (memory_id, session_id, memory_type, content, created_at) "
        "VALUES (%s, %s, %s, %s::jsonb, coalesce(%s::timestamptz, now()))",
        (memory_id, session_id, memory_type, json.dumps({"text": text}), created_at))


def add_tag(conn, memory_id, tag):
    conn.execute("INSERT INTO memory_store.memory_tags (memory_id, tag) VALUES (%s, %s)", (memory_id, tag))


def add_embedding(conn, memory_id, model="test-model", value=0.5):
    vector = "[" + ",".join([str(value)] * 1536) + "]"
    conn.execute("INSERT INTO memory_store.vector_embeddings (memory_id, embedding, embedding_model) "
                 "VALUES (%s, %s::extensions.vector, %s)", (memory_id, vector, model))


def add_relationship(conn, source, target, kind="reference"):
    conn.execute("INSERT INTO memory_store.memory_relationships (source_memory_id, target_memory_id, "
                 "relationship_type) VALUES (%s, %s, %s)", (source, target, kind))


def add_access_log(conn, memory_id=None, session_id=None, at=None):
    conn.execute("INSERT INTO memory_store.memory_access_logs (memory_id, session_id, operation, success, "
                 "\"timestamp\") VALUES (%s, %s, 'read', true, coalesce(%s::timestamptz, now()))",
                 (memory_id, session_id, at))


def count(conn, sql, *params):
    return conn.execute(sql, params).fetchone()[0]


def partition_of(conn, table, where, *params):
    """Name of the partition that holds the row of TABLE matching WHERE."""
    return conn.execute(f"SELECT tableoid::regclass::text FROM {table} WHERE {where}", params).fetchone()[0]


# --- the catalog: what "every" means --------------------------------------------

def dispatch_actions(conn):
    """Every action memory.dispatch routes (memory_store.dispatch_actions)."""
    return {r[0] for r in conn.execute("SELECT action FROM memory_store.dispatch_actions")}


def memory_functions(conn):
    """The name of every function of schema memory (the typed API; overloads share a name)."""
    return {r[0] for r in conn.execute("SELECT proname FROM pg_proc WHERE pronamespace = 'memory'::regnamespace")}


def cases_cover(kind, cases, catalog):
    """Fails unless CASES (names the test tries) are exactly CATALOG: an
    action or function added without a case fails the test that says "every"."""
    missing, unknown = sorted(set(catalog) - set(cases)), sorted(set(cases) - set(catalog))
    assert (missing, unknown) == ([], []), f"{kind} without a case: {missing}; cases of no {kind}: {unknown}"


# --- concurrency: observed, not timed ---------------------------------------------

def wait_for_lock_wait(observer, pid, blocker=None, timeout=60.0):
    """Return once backend PID waits for a heavyweight lock (pg_stat_activity
    wait_event_type 'Lock'), held by backend BLOCKER when given
    (pg_blocking_pids). The timeout only guards against a hang: a backend
    that never waits fails the test."""
    deadline = time.monotonic() + timeout
    while True:
        waiting = observer.execute(
            "SELECT wait_event_type = 'Lock' AND (%s::int IS NULL OR %s::int = ANY (pg_blocking_pids(pid))) "
            "FROM pg_stat_activity WHERE pid = %s", (blocker, blocker, pid)).fetchone()
        if waiting and waiting[0]:
            return
        assert time.monotonic() < deadline, f"backend {pid} never waited for a lock held by {blocker}"
        time.sleep(0.005)


def job_run_interval(conn, job):
    """(started_at, finished_at) of the last run of lifecycle job JOB (memory_store.job_runs)."""
    started, finished, status = conn.execute(
        "SELECT started_at, finished_at, status FROM memory_store.job_runs WHERE job_name = %s "
        "ORDER BY run_id DESC LIMIT 1", (job,)).fetchone()
    assert status == "succeeded" and finished is not None, (job, status)
    return started, finished


def commits_inside(starts, interval):
    """How many autocommit writes surely committed inside INTERVAL, given the
    server time each write's transaction began (in the order they ran on one
    connection): write i committed before write i+1 began, so write i
    committed inside when it began after the start and write i+1 began
    before the end."""
    begin, end = interval
    return sum(1 for this, after in zip(starts, starts[1:]) if this > begin and after < end)


def overlapped(stamps):
    """True when, of the transactions STAMPS describes ({client: (server time
    its work began, server time its work returned)}, both taken inside the
    transaction, before its commit), one was working when another had just
    written and not yet committed: began_q < returned_p < returned_q."""
    spans = list(stamps.values())
    return any(bq < rp < rq for bp, rp in spans for bq, rq in spans)
