"""Failover loses nothing acknowledged (issue 18): concurrent agents write
through memory.dispatch on a pg_auto_failover formation (mo/ha.py), the
server that is primary is lost (its pg_autoctl keeper and its postmaster
SIGKILLed), the monitor promotes the standby, the agents reconnect through
the multi-host URI (target_session_attrs=read-write) and carry on, and every
write they saw acknowledged is checked on the new primary with the checks of
the crash test (mo/crash.py: memories whole with their tags, embedding and
audit row, agent states, relationships, deletes; amcheck on every B-tree;
verify_heapam; the HNSW index answering). The HNSW answers to a fixed probe
set are compared before the kill (old primary) and after (new primary).
Then the lost node's keeper is started again and the old primary rejoins as
a standby (pg_rewind), and the next round kills whichever node is primary.

After the rounds: pg_cron on the new primary (a lifecycle job killed
mid-run is finished by its next run, nothing lost or done twice, the job log
shows both runs; no job ever runs on the standby), and the replication lag
while the soak load of bench/soak.py runs.

`./dev ha-failover-test` runs it and writes bench/results/ha-failover-<date>.{json,md}.
"""

import json
import os
import random
import shutil
import threading
import time
from pathlib import Path

import numpy as np
import psycopg

from mo import crash, ha

ROOT = Path(__file__).resolve().parent.parent
PROBE_USER = "hnsw-probe"
PROBE_CLUSTERS = 20
PROBE_MEMBERS = 10
WRITER_USER = "failover-user"


# --- writers: the agent API through the JSON envelope ----------------------------------------

class DispatchWriter(crash.Writer):
    """crash.Writer's mix (creates with tags and an embedding, agent-state
    saves, tag adds, hard deletes, bundles of two memories and a
    relationship in one client transaction), every call through
    memory.dispatch. When the connection dies it reconnects, as an agent
    would, and carries on: the first acknowledged write after the kill
    gives the unavailability."""

    def __init__(self, uri, model, round_no, index, stop, seed):
        super().__init__(uri, model, round_no, index, stop, seed)
        self.killed_at: float | None = None
        self.first_write_after_kill: float | None = None
        self.errors: list[str] = []
        self.reconnects = 0
        self.answers_not_success = 0

    def call(self, conn, action: str, payload: dict, session: str | None = None) -> dict:
        request = {"action": action, "payload": payload, "request_id": f"w{self.index}"}
        if session:
            request["session_id"] = session
        answer = conn.execute("SELECT memory.dispatch(%s::jsonb)", (json.dumps(request),)).fetchone()[0]
        if answer["status"] != "success":
            self.answers_not_success += 1
            raise RuntimeError(f"{action}: {answer['error']}")
        return answer["data"]

    def connect(self):
        conn = psycopg.connect(self.uri, autocommit=True)
        conn.execute("SELECT set_config('memory.agent_id', %s, false)", (f"writer-{self.index}",))
        return conn

    def run(self):
        conn, n, opened_at = None, 0, 0.0
        while not self.stop.is_set():
            if conn is None:
                try:
                    conn = self.connect()
                    opened_at = time.monotonic()
                except psycopg.Error:
                    time.sleep(0.1)
                    continue
            n += 1
            try:
                self.step(conn, n)
            except (psycopg.Error, RuntimeError) as error:
                self.errors.append(type(error).__name__)
                try:
                    conn.close()
                except psycopg.Error:
                    pass
                conn = None
                self.reconnects += 1
                continue
            # After the kill a write can only be acknowledged on a connection
            # opened since (a write acknowledged by the old primary just
            # before it died, seen here just after, does not count).
            if self.killed_at is not None and self.first_write_after_kill is None and opened_at > self.killed_at:
                self.first_write_after_kill = time.monotonic() - self.killed_at
        if conn is not None:
            conn.close()

    def delete(self, conn, memory_id):
        self.call(conn, "delete", {"memory_id": memory_id, "hard": True})

    def add_tag(self, conn, memory_id, tag):
        self.call(conn, "add_tags", {"memory_id": memory_id, "tags": [tag]})

    def save_state(self, conn, agent, seq):
        self.call(conn, "save_state", {"agent_id": agent, "state_data": {"seq": seq}})

    def relate(self, conn, source, target):
        self.call(conn, "relate", {"source_memory_id": source, "target_memory_id": target,
                                   "relationship_type": "bundle"})

    def create(self, conn, memory_id, tags):
        self.call(conn, "create", {
            "memory_type": "context", "content": {"text": f"memory {memory_id}", "id": memory_id},
            "session_id": self.session, "tags": sorted(tags), "memory_id": memory_id,
            "embedding": crash.embedding_of(memory_id).tolist(), "embedding_model": "crash"})


# --- HNSW probes: well separated clusters, so the top 10 is exact and stable ------------------

def _unit(rng, n=1536):
    v = rng.standard_normal(n)
    return v / np.linalg.norm(v)


def probe_corpus(seed: int = 18) -> tuple[dict[str, np.ndarray], list[np.ndarray]]:
    """PROBE_CLUSTERS tight clusters of PROBE_MEMBERS memories each, far from
    everything the writers store (their embeddings are random directions):
    the 10 nearest neighbours of a cluster's centre are its members, at
    distinct distances."""
    rng = np.random.default_rng(seed)
    memories, centres = {}, []
    for c in range(PROBE_CLUSTERS):
        centre = _unit(rng)
        centres.append(centre.astype(np.float32))
        for i in range(PROBE_MEMBERS):
            v = centre + (0.02 + 0.01 * i) * _unit(rng)
            memories[f"probe-{c}-{i}"] = (v / np.linalg.norm(v)).astype(np.float32)
    return memories, centres


HNSW_QUERY = ("SELECT memory_id, round((embedding OPERATOR(extensions.<=>) %s::extensions.vector)::numeric, 6) "
              "FROM memory_store.vector_embeddings ORDER BY embedding OPERATOR(extensions.<=>) %s::extensions.vector "
              "LIMIT 10")


def hnsw_probe_answers(conn, centres) -> dict:
    """Top 10 of every probe centre, with the HNSW index forced (sequential
    scans off); whether the plan used the index."""
    with conn.transaction():
        conn.execute("SET LOCAL enable_seqscan = off")
        text = [str(c.tolist()) for c in centres]
        plan = json.dumps(conn.execute("EXPLAIN (FORMAT JSON) " + HNSW_QUERY, (text[0], text[0])).fetchone()[0])
        answers = [[(r[0], str(r[1])) for r in conn.execute(HNSW_QUERY, (t, t))] for t in text]
    return {"index_scan": "idx_vector_embeddings_embedding" in plan, "answers": answers}


def create_probes(conn, session: str) -> list[np.ndarray]:
    memories, centres = probe_corpus()
    for memory_id, v in memories.items():
        answer = conn.execute("SELECT memory.dispatch(%s::jsonb)", (json.dumps({
            "action": "create", "session_id": session, "payload": {
                "memory_type": "context", "content": {"text": f"probe {memory_id}"}, "tags": ["probe"],
                "memory_id": memory_id, "embedding": v.tolist(), "embedding_model": "probe"}}),)).fetchone()[0]
        if answer["status"] != "success":
            raise RuntimeError(f"probe {memory_id}: {answer['error']}")
    return centres


# --- one round ----------------------------------------------------------------------------------------

def check_round(f: ha.Formation, primary: ha.Node, model: crash.Model, probes: set[str]) -> dict:
    with psycopg.connect(f.uri(primary), autocommit=True) as conn:
        crash._vectors(conn)
        # the probe memories are the test's own, not a writer's: the model
        # does not know them, so they are set aside for the "unknown" count
        result = crash.check(conn, model)
        unknown = conn.execute("SELECT count(*) FROM memory_store.memory_entries WHERE NOT (memory_id = ANY (%s))",
                               (list(model.live) + sorted(probes),)).fetchone()[0]
        result["problems"] = [p for p in result["problems"] if not p.endswith("that no client wrote")]
        if unknown:
            result["problems"].append(f"{unknown} memories in the database that no client wrote")
        audit = conn.execute("SELECT count(*) FROM memory_store.memory_access_logs WHERE operation = 'create' "
                             "AND success AND memory_id = ANY (%s)", (list(model.live),)).fetchone()[0]
        result["audit_rows_of_live_memories"] = audit
    return result


def one_round(f: ha.Formation, model: crash.Model, round_no: int, writers: int, rng: random.Random,
              seconds: tuple[float, float], centres, probes: set[str], log) -> dict:
    old = f.primary()
    with psycopg.connect(f.uri(), autocommit=True) as conn:
        for w in range(writers):
            conn.execute("SELECT memory.start_session(%s, %s)", (f"crash-r{round_no}-w{w}", WRITER_USER))
    stop = threading.Event()
    threads = [DispatchWriter(f.uri(), model, round_no, w, stop, rng.random()) for w in range(writers)]
    for thread in threads:
        thread.start()
    ran = rng.uniform(*seconds)
    time.sleep(ran / 2)
    with psycopg.connect(f.uri(old), autocommit=True) as conn:
        before = hnsw_probe_answers(conn, centres)
    time.sleep(ran / 2)
    killed_at = f.kill(old)
    for thread in threads:
        thread.killed_at = killed_at
    # the monitor promotes the standby; the writers reconnect on their own
    states = f.wait_for(lambda s: s[old.name]["goal"] != "primary" and any(
        v["reported"] in ("wait_primary", "primary") and v["goal"] == v["reported"]
        for k, v in s.items() if k != old.name), "the standby's promotion", timeout=120, poll=0.2)
    promoted = time.monotonic() - killed_at
    deadline = time.monotonic() + 60
    while any(t.first_write_after_kill is None for t in threads) and time.monotonic() < deadline:
        time.sleep(0.1)
    time.sleep(rng.uniform(0.5, 1.5))  # the agents carry on writing on the new primary
    stop.set()
    for thread in threads:
        thread.join(timeout=30)
    new = f.primary()
    result = check_round(f, new, model, probes)
    with psycopg.connect(f.uri(new), autocommit=True) as conn:
        after = hnsw_probe_answers(conn, centres)
        sync = conn.execute("SHOW synchronous_standby_names").fetchone()[0]
    firsts = [t.first_write_after_kill for t in threads]
    # the old primary comes back: pg_autoctl rewinds it and makes it a standby
    started = time.monotonic()
    old_log = f.log_dir / f"{old.name}.log"
    offset = old_log.stat().st_size
    f.rejoin(old)
    f.wait_for(f.healthy, f"{old.name} to rejoin as a standby", timeout=300)
    rejoined = time.monotonic() - started
    with open(old_log, errors="replace") as fh:
        fh.seek(offset)
        rewound = "Rewinding PostgreSQL" in fh.read()
    acked = {k: sum(th.acked[k] for th in threads) for k in threads[0].acked}
    total = sum(acked.values())
    lost = sum(1 for p in result["problems"] if p.startswith("acknowledged"))
    if before["answers"] != after["answers"] or not (before["index_scan"] and after["index_scan"]):
        result["problems"].append("HNSW probe answers differ before and after the failover")
    report = {
        "round": round_no, "killed": old.name, "promoted": new.name if new else None, "writers": writers,
        "ran_s": round(ran, 2), "acknowledged": acked, "acknowledged_total": total, "found": total - lost,
        "lost": lost, "promotion_s": round(promoted, 2),
        "unavailable_s": round(min(x for x in firsts if x is not None), 2) if any(firsts) else None,
        "last_writer_back_s": round(max(x for x in firsts if x is not None), 2) if all(firsts) else None,
        "reconnects": sum(t.reconnects for t in threads), "error_answers": sum(t.answers_not_success for t in threads),
        "monitor_states_at_promotion": {k: f"{v['reported']}/{v['goal']}" for k, v in states.items()},
        "synchronous_standby_names_after": sync, "rejoin_s": round(rejoined, 2), "rewound": rewound,
        "hnsw_probes": {"queries": len(centres), "equal": before["answers"] == after["answers"],
                        "index_scan_before": before["index_scan"], "index_scan_after": after["index_scan"]},
        **result}
    log(f"round {round_no}: killed {old.name} after {ran:.1f}s, {new.name if new else '?'} promoted in "
        f"{promoted:.1f}s, first write after {report['unavailable_s']}s (last writer {report['last_writer_back_s']}s), "
        f"acknowledged {total} ({acked}), lost {lost}, in flight and committed {result['in_flight_committed']}, "
        f"amcheck {result['btree_indexes_checked']} B-trees, "
        f"HNSW probes equal {before['answers'] == after['answers']}, "
        f"rejoined in {rejoined:.1f}s (pg_rewind: {rewound}), problems {len(result['problems'])}")
    for problem in result["problems"][:20]:
        log(f"  PROBLEM: {problem}")
    return report


# --- reads on a hot standby, as the package stands ---------------------------------------

def standby_reads(f: ha.Formation) -> dict:
    """A search on the standby, typed and through the envelope: each read
    writes its audit row, which a hot standby refuses."""
    primary = f.primary()
    standby = next(n for n in f.nodes if n != primary)
    outcome = {}
    with psycopg.connect(f.uri(standby), autocommit=True) as conn:
        outcome["in_recovery"] = conn.execute("SELECT pg_is_in_recovery()").fetchone()[0]
        answer = conn.execute("SELECT memory.dispatch(%s::jsonb)", (json.dumps({
            "action": "search", "user_id": PROBE_USER, "payload": {"query": "probe", "search_type": "keyword"}}),)
        ).fetchone()[0]
        outcome["dispatch_search"] = {"status": answer["status"], "error": answer.get("error")}
        try:
            rows = conn.execute("SELECT count(*) FROM memory.search_keyword('probe', p_user_id => %s)",
                                (PROBE_USER,)).fetchone()[0]
            outcome["typed_search"] = {"rows": rows}
        except psycopg.Error as error:
            outcome["typed_search"] = {"sqlstate": error.sqlstate, "error": str(error).splitlines()[0]}
        outcome["plain_select"] = conn.execute("SELECT count(*) FROM memory_store.memory_entries").fetchone()[0] > 0
    return outcome

# --- pg_cron after a failover ----------------------------------------------------------------

def _cron_activity(f: ha.Formation, node: ha.Node) -> int:
    """pg_cron job workers (not the launcher) running on a node now."""
    try:
        with psycopg.connect(f.uri(node, "postgres"), autocommit=True) as conn:
            return conn.execute("SELECT count(*) FROM pg_stat_activity WHERE backend_type = 'pg_cron' "
                                "OR (query ILIKE '%%memory_store.purge_expired%%' AND pid <> pg_backend_pid())"
                                ).fetchone()[0]
    except psycopg.Error:
        return -1  # down


# memories that must outlive the purge: all but the expiring ones and the example agent's (it writes meanwhile)
KEPT = ("SELECT count(*) FROM memory_store.memory_entries "
        "WHERE memory_id NOT LIKE 'exp-%' AND memory_id NOT LIKE 'agent-%'")


def cron_phase(f: ha.Formation, expiring: int, batch: int, log) -> dict:
    """purge_expired every minute; the primary is lost while a run is
    deleting in batches; the next run on the new primary finishes the work."""
    old = f.primary()
    job = f"mo:{f.dbname}:purge_expired"
    with psycopg.connect(f.uri(old), autocommit=True) as conn:
        conn.execute("SELECT memory.start_session('cron-session', 'cron-user')")
        conn.execute("SELECT memory_store.set_lifecycle_setting('purge_batch_size', %s::jsonb)", (str(batch),))
        conn.execute("SELECT count(*) FROM (SELECT memory.create_memory(p_memory_type => 'context', "
                     "p_content => jsonb_build_object('text', 'expiring ' || g), p_session_id => 'cron-session', "
                     "p_tags => ARRAY['expiring'], p_ttl_seconds => 1, p_memory_id => 'exp-' || g) "
                     "FROM generate_series(1, %s) g) x", (expiring,))
        kept = conn.execute(KEPT).fetchone()[0]
        jobid = conn.execute("SELECT jobid FROM cron.job WHERE jobname = %s", (job,)).fetchone()[0]
        conn.execute("SELECT cron.alter_job(%s, schedule => '* * * * *')", (jobid,))
        last_run = conn.execute("SELECT coalesce(max(run_id), 0) FROM memory_store.job_runs").fetchone()[0]
    log(f"cron: {expiring} memories expire; purge_expired ({job}) every minute, batches of {batch}; "
        "waiting for a run to start")
    # The example agent (examples/agent_reconnect.py) writes through this
    # failover too: until half a minute after the next pg_cron tick.
    import datetime
    import subprocess
    import sys
    seconds = 60 - datetime.datetime.now().second + 35
    agent = subprocess.Popen([sys.executable, str(ROOT / "examples" / "agent_reconnect.py"), "--seconds", str(seconds)],
                             env={**os.environ, "DATABASE_URL": f.uri()}, stdout=subprocess.PIPE,
                             stderr=subprocess.STDOUT, text=True)
    # Lose the primary once the run has committed some batches, not all.
    deadline, remaining = time.monotonic() + 150, expiring
    with psycopg.connect(f.uri(old), autocommit=True) as conn:
        while time.monotonic() < deadline:
            running = conn.execute("SELECT run_id FROM memory_store.job_runs WHERE job_name = 'purge_expired' "
                                   "AND run_id > %s AND status = 'running'", (last_run,)).fetchone()
            remaining = conn.execute("SELECT count(*) FROM memory_store.memory_entries "
                                     "WHERE memory_id LIKE 'exp-%%'").fetchone()[0]
            if running and remaining < expiring:
                break
            time.sleep(0.05)
        else:
            raise RuntimeError("purge_expired did not start on the primary within 150 s")
    interrupted = running[0]
    f.kill(old)
    log(f"cron: killed {old.name} while run {interrupted} was purging ({expiring - remaining} of {expiring} deleted)")
    f.wait_for(lambda s: any(v["reported"] in ("wait_primary", "primary") and v["goal"] == v["reported"]
                             for k, v in s.items() if k != old.name), "the promotion", timeout=120, poll=0.2)
    new = f.primary()
    with psycopg.connect(f.uri(new), autocommit=True) as conn:
        after_failover = conn.execute("SELECT count(*) FROM memory_store.memory_entries "
                                      "WHERE memory_id LIKE 'exp-%%'").fetchone()[0]
    f.rejoin(old)
    # Until the next run has finished on the new primary: sample both nodes
    # for pg_cron job workers (the standby must never have one).
    samples = {"primary": [], "standby": []}
    deadline = time.monotonic() + 200
    next_run = None
    while time.monotonic() < deadline:
        samples["primary"].append(_cron_activity(f, new))
        samples["standby"].append(_cron_activity(f, old))
        with psycopg.connect(f.uri(new), autocommit=True) as conn:
            next_run = conn.execute("SELECT run_id, status, rows_affected, detail FROM memory_store.job_runs "
                                    "WHERE job_name = 'purge_expired' AND run_id > %s AND status <> 'running' "
                                    "ORDER BY run_id LIMIT 1", (interrupted,)).fetchone()
        if next_run:
            break
        time.sleep(0.5)
    f.wait_for(f.healthy, f"{old.name} to rejoin", timeout=300)
    with psycopg.connect(f.uri(new), autocommit=True) as conn:
        final = conn.execute("SELECT count(*) FROM memory_store.memory_entries WHERE memory_id LIKE 'exp-%%'"
                             ).fetchone()[0]
        kept_after = conn.execute(KEPT).fetchone()[0]
        runs = [dict(zip(("run_id", "status", "started_at", "finished_at", "rows_affected", "detail", "pid"), r))
                for r in conn.execute("SELECT run_id, status, started_at, finished_at, rows_affected, detail, pid "
                                      "FROM memory_store.job_runs WHERE job_name = 'purge_expired' AND run_id >= %s "
                                      "ORDER BY run_id", (interrupted,))]
        details = [dict(zip(("runid", "status", "return_message", "start_time", "end_time"), r))
                   for r in conn.execute("SELECT runid, status, return_message, start_time, end_time "
                                         "FROM cron.job_run_details WHERE jobid = %s ORDER BY runid DESC LIMIT 4",
                                         (jobid,))]
        status = conn.execute("SELECT last_outcome, last_rows_affected FROM memory_store.job_status "
                              "WHERE job_name = 'purge_expired'").fetchone()
        conn.execute("SELECT cron.alter_job(%s, schedule => '*/10 * * * *')", (jobid,))
    try:
        agent_output, _ = agent.communicate(timeout=240)
    except subprocess.TimeoutExpired:
        agent.kill()
        agent_output, _ = agent.communicate()
    problems = []
    if agent.returncode != 0 or "reconnected to the primary" not in agent_output:
        problems.append(f"examples/agent_reconnect.py (exit {agent.returncode}): {agent_output[-500:]}")
    if next_run is None:
        problems.append("no purge_expired run finished on the new primary")
    elif next_run[1] != "succeeded" or next_run[2] != after_failover:
        problems.append(f"next run {next_run}: expected to purge the {after_failover} left")
    if final:
        problems.append(f"{final} expired memories left after the next run")
    if kept_after != kept:
        problems.append(f"memories that had not expired: {kept} before, {kept_after} after")
    if any(n > 0 for n in samples["standby"]):
        problems.append("a pg_cron job worker ran on the standby")
    result = {"expiring": expiring, "batch_size": batch, "killed": old.name, "promoted": new.name,
              "interrupted_run": interrupted, "deleted_before_kill_seen": expiring - remaining,
              "left_after_failover": after_failover,
              "deleted_by_interrupted_run": expiring - after_failover,
              "next_run": {"run_id": next_run[0], "status": next_run[1], "rows_affected": next_run[2],
                           "detail": next_run[3]} if next_run else None,
              "left_at_end": final, "unexpired_kept": [kept, kept_after], "job_runs": runs,
              "cron_job_run_details": details, "job_status": list(status) if status else None,
              "example_agent": {"exit": agent.returncode, "output": agent_output.strip().splitlines()},
              "samples": {k: {"n": len(v), "with_job_worker": sum(1 for x in v if x > 0),
                              "down": sum(1 for x in v if x < 0)} for k, v in samples.items()},
              "problems": problems}
    log(f"cron: interrupted run {interrupted} deleted {expiring - after_failover}; next run "
        f"{result['next_run']} on {new.name}; left {final}; standby samples with a job worker "
        f"{result['samples']['standby']['with_job_worker']}/{len(samples['standby'])}; problems {len(problems)}")
    return result


# --- replication lag under the soak load -----------------------------------------------------

LAG_QUERY = ("SELECT pg_wal_lsn_diff(pg_current_wal_lsn(), flush_lsn), pg_wal_lsn_diff(pg_current_wal_lsn(), "
             "replay_lsn), extract(epoch FROM write_lag) * 1000, extract(epoch FROM flush_lag) * 1000, "
             "extract(epoch FROM replay_lag) * 1000, sync_state FROM pg_stat_replication")


def _soak_with_lag(f: ha.Formation, primary: ha.Node, ops: int, clients: int) -> dict:
    """bench/soak.py's mixed load through the multi-host URI while the
    primary's pg_stat_replication is sampled every 0.2 s."""
    import sys
    sys.path.insert(0, str(ROOT / "bench"))
    import soak

    samples, result, done = [], {}, threading.Event()

    def load():
        try:
            result.update(soak.run(f.uri(), ops=ops, clients=clients))
        finally:
            done.set()

    thread = threading.Thread(target=load, daemon=True)
    thread.start()
    with psycopg.connect(f.uri(primary, "postgres"), autocommit=True) as conn:
        sync = conn.execute("SHOW synchronous_standby_names").fetchone()[0]
        while not done.is_set():
            samples += [r for r in conn.execute(LAG_QUERY)]
            time.sleep(0.2)
    thread.join()

    def stats(values):
        values = [float(v) for v in values if v is not None]
        if not values:
            return None
        return {"p50": round(float(np.percentile(values, 50)), 2), "p95": round(float(np.percentile(values, 95)), 2),
                "max": round(max(values), 2)}

    return {"synchronous_standby_names": sync, "samples": len(samples), "sync_states": sorted({r[5] for r in samples}),
            "flush_lag_bytes": stats(r[0] for r in samples), "replay_lag_bytes": stats(r[1] for r in samples),
            "write_lag_ms": stats(r[2] for r in samples), "flush_lag_ms": stats(r[3] for r in samples),
            "replay_lag_ms": stats(r[4] for r in samples),
            "soak": {k: result.get(k) for k in ("operations", "errors", "error_examples", "seconds", "ops_per_second",
                                                "latency_ms")}}


def set_quorum(f: ha.Formation, standby: ha.Node, primary: ha.Node, on: bool) -> None:
    """pg_autoctl set node replication-quorum: whether the standby takes
    part in the write quorum (synchronous) or streams asynchronously."""
    f._autoctl("set", "node", "replication-quorum", "--pgdata", str(standby.data_dir), "true" if on else "false")
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        with psycopg.connect(f.uri(primary, "postgres"), autocommit=True) as conn:
            if bool(conn.execute("SHOW synchronous_standby_names").fetchone()[0]) == on:
                return
        time.sleep(0.3)
    raise RuntimeError(f"synchronous_standby_names did not follow replication-quorum {on}")


def lag_phase(f: ha.Formation, ops: int, clients: int, log) -> dict:
    """The soak load twice in one run: with the standby synchronous (the
    formation as it runs) and, as the baseline, asynchronous (pg_autoctl
    set node replication-quorum false); the lag of each and the ratio."""
    primary = f.primary()
    standby = next(n for n in f.nodes if n != primary)
    sync = _soak_with_lag(f, primary, ops, clients)
    set_quorum(f, standby, primary, False)
    try:
        asynchronous = _soak_with_lag(f, primary, ops, clients)
    finally:
        set_quorum(f, standby, primary, True)
    ratio = {k: round(sync["soak"]["latency_ms"][k] / asynchronous["soak"]["latency_ms"][k], 2)
             for k in ("p50", "p95", "p99")}
    ratio["ops_per_second"] = round(sync["soak"]["ops_per_second"] / asynchronous["soak"]["ops_per_second"], 2)
    report = {"ops": ops, "clients": clients, "synchronous": sync, "asynchronous": asynchronous,
              "sync_over_async": ratio}
    log(f"lag under soak ({ops} ops, {clients} clients): synchronous replay lag ms {sync['replay_lag_ms']}, "
        f"bytes {sync['replay_lag_bytes']}, soak p50 {sync['soak']['latency_ms']['p50']} ms, "
        f"{sync['soak']['ops_per_second']} ops/s; asynchronous replay lag ms {asynchronous['replay_lag_ms']}, "
        f"bytes {asynchronous['replay_lag_bytes']}, p50 {asynchronous['soak']['latency_ms']['p50']} ms, "
        f"{asynchronous['soak']['ops_per_second']} ops/s; sync/async {ratio}")
    return report

def run(rounds: int = 3, writers: int = 4, seconds: tuple[float, float] = (3.0, 5.0), seed: int = 18,
        root: Path | None = None, base_port: int = 55430, cron: bool = True, expiring: int = 10000,
        batch: int = 50, soak_ops: int = 4000, on_up=None, log=print) -> dict:
    """A fresh formation under `root` (a temporary directory by default),
    `rounds` failovers, then the pg_cron and replication-lag phases."""
    import tempfile
    rng = random.Random(seed)
    root = Path(root or tempfile.mkdtemp(prefix="mo-ha-"))
    f = ha.Formation(root=root / "formation", base_port=base_port, nodes=2, dbname="memory")
    f._chown(root)  # the cluster user must reach its directories
    report = {"ports": f.show(), "monitor_timeouts": ha.MONITOR_TIMEOUTS, "keeper_timeouts": ha.KEEPER_TIMEOUTS}
    try:
        started = time.monotonic()
        f.up(log=log)
        report["formation_up_s"] = round(time.monotonic() - started, 1)
        log(f"formation up in {report['formation_up_s']} s: {f.show()}")
        report["pg_autoctl"] = f._autoctl("--version").stdout.splitlines()[0].split()[-1]
        if on_up:
            on_up(f)
        with psycopg.connect(f.uri(), autocommit=True) as conn:
            conn.execute("SELECT memory.start_session('hnsw-probes', %s)", (PROBE_USER,))
            centres = create_probes(conn, "hnsw-probes")
        probes = set(probe_corpus()[0])
        model = crash.Model()
        report["rounds"] = [one_round(f, model, r, writers, rng, seconds, centres, probes, log)
                            for r in range(1, rounds + 1)]
        report["standby_reads"] = standby_reads(f)
        log(f"reads on the standby: {report['standby_reads']}")
        if cron:
            report["cron"] = cron_phase(f, expiring, batch, log)
        if soak_ops:
            report["lag"] = lag_phase(f, soak_ops, 2, log)
    finally:
        f.destroy()
        shutil.rmtree(root, ignore_errors=True)
    return report
