"""Crash safety (issue 8.1): concurrent writers drive the agent API of a
throw-away cluster (mo.cluster.ScratchCluster), the server is killed with
SIGKILL mid-stream and restarted (crash recovery), and every write a client
saw acknowledged is checked to be there, complete, with nothing half-written.

A write is acknowledged when its COMMIT returned to the client (each API call
in autocommit mode, or a client transaction of several calls). The clients
write only their own rows, so what must be in the database follows from what
they were told. A write still in flight when the server died may have
committed or not; either way it must be whole: all of it or none of it.

Used by tests/test_crash.py (3 rounds) and `invoke crash-test` (more rounds,
report in bench/results/).
"""

import json
import random
import threading
import time
import zlib
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import psycopg
from pgvector.psycopg import register_vector

from mo import cluster, target

ROOT = Path(__file__).resolve().parent.parent
DBNAME = "mo_crash"
TAG_POOL = ["alpha", "beta", "gamma", "delta", "epsilon"]


def _vectors(conn) -> None:
    """pgvector's adapter; the vector type lives in schema extensions."""
    conn.execute("SET search_path = extensions, pg_catalog")
    register_vector(conn)


def embedding_of(memory_id: str) -> np.ndarray:
    """The 1536-d embedding a client gives memory_id (deterministic)."""
    return np.random.default_rng(zlib.crc32(memory_id.encode())).standard_normal(1536).astype(np.float32)


@dataclass
class Memory:
    tags: set[str]
    maybe_tags: set[str] = field(default_factory=set)  # add_tags in flight at the crash


@dataclass
class Model:
    """What the clients were told, over all rounds."""
    live: dict[str, Memory] = field(default_factory=dict)      # acknowledged, not deleted
    gone: set[str] = field(default_factory=set)                # acknowledged hard deletes
    states: dict[str, int] = field(default_factory=dict)       # agent -> last acknowledged seq
    relations: set[tuple[str, str]] = field(default_factory=set)
    # in flight at the crash: each may have committed or not
    maybe_created: dict[str, Memory] = field(default_factory=dict)
    maybe_deleted: set[str] = field(default_factory=set)
    maybe_state: dict[str, int] = field(default_factory=dict)
    maybe_bundle: list[tuple[str, str]] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)


class Writer(threading.Thread):
    """One client: creates (tags + embedding), agent-state saves, tag adds,
    hard deletes and bundles (two memories and a relationship in one client
    transaction), until the connection dies or `stop` is set."""

    def __init__(self, uri, model, round_no, index, stop, seed):
        super().__init__(daemon=True)
        self.uri, self.model, self.round, self.index, self.stop = uri, model, round_no, index, stop
        self.rng = random.Random(seed)
        self.acked = {"creates": 0, "bundles": 0, "state_saves": 0, "tag_adds": 0, "deletes": 0}
        self.mine: list[str] = []  # my acknowledged live memories
        self.session = f"crash-r{round_no}-w{index}"

    def run(self):
        try:
            conn = psycopg.connect(self.uri, autocommit=True, connect_timeout=10)
        except psycopg.Error:
            return
        _vectors(conn)
        conn.execute("SELECT set_config('memory.agent_id', %s, false)", (f"writer-{self.index}",))
        n = 0
        while not self.stop.is_set():
            n += 1
            try:
                self.step(conn, n)
            except psycopg.Error:
                break  # the server is gone; what was in flight stays "maybe"
        conn.close()

    def step(self, conn, n):
        m, roll, key = self.model, self.rng.random(), f"r{self.round}-w{self.index}-{n}"
        if roll < 0.15 and self.mine:
            victim = self.mine.pop(self.rng.randrange(len(self.mine)))
            with m.lock:
                m.maybe_deleted.add(victim)
            self.delete(conn, victim)
            with m.lock:
                m.maybe_deleted.discard(victim)
                m.live.pop(victim)
                m.gone.add(victim)
            self.acked["deletes"] += 1
        elif roll < 0.30 and self.mine:
            memory_id, tag = self.rng.choice(self.mine), f"extra-{n}"
            with m.lock:
                m.live[memory_id].maybe_tags.add(tag)
            self.add_tag(conn, memory_id, tag)
            with m.lock:
                m.live[memory_id].maybe_tags.discard(tag)
                m.live[memory_id].tags.add(tag)
            self.acked["tag_adds"] += 1
        elif roll < 0.45:
            agent = f"agent-{self.index}"
            with m.lock:
                m.maybe_state[agent] = n
            self.save_state(conn, agent, n)
            with m.lock:
                m.maybe_state.pop(agent)
                m.states[agent] = n
            self.acked["state_saves"] += 1
        elif roll < 0.60:
            pair = (f"b-{key}-x", f"b-{key}-y")
            tags = {x: set(self.rng.sample(TAG_POOL, 2)) for x in pair}
            with m.lock:
                m.maybe_bundle.append(pair)
                for x in pair:
                    m.maybe_created[x] = Memory(set(tags[x]))
            with conn.transaction():  # acknowledged when this COMMIT returns
                for x in pair:
                    self.create(conn, x, tags[x])
                self.relate(conn, *pair)
            with m.lock:
                m.maybe_bundle.remove(pair)
                for x in pair:
                    m.live[x] = m.maybe_created.pop(x)
                m.relations.add(pair)
            self.mine.extend(pair)
            self.acked["bundles"] += 1
        else:
            memory_id, tags = f"c-{key}", set(self.rng.sample(TAG_POOL, self.rng.randint(1, 3)))
            with m.lock:
                m.maybe_created[memory_id] = Memory(set(tags))
            self.create(conn, memory_id, tags)
            with m.lock:
                m.live[memory_id] = m.maybe_created.pop(memory_id)
            self.mine.append(memory_id)
            self.acked["creates"] += 1

    # The API calls, one method each (mo/failover.py sends them through memory.dispatch).

    def delete(self, conn, memory_id):
        conn.execute("SELECT memory.delete_memory(%s, true)", (memory_id,))

    def add_tag(self, conn, memory_id, tag):
        conn.execute("SELECT memory.add_tags(%s, ARRAY[%s])", (memory_id, tag))

    def save_state(self, conn, agent, seq):
        conn.execute("SELECT memory.save_agent_state(%s, %s::jsonb)", (agent, json.dumps({"seq": seq})))

    def relate(self, conn, source, target):
        conn.execute("SELECT memory.relate(%s, %s, 'bundle')", (source, target))

    def create(self, conn, memory_id, tags):
        conn.execute("SELECT memory.create_memory(p_memory_type => 'context', p_content => %s::jsonb, "
                     "p_session_id => %s, p_tags => %s, p_embedding => %s, p_embedding_model => 'crash', "
                     "p_memory_id => %s)",
                     (json.dumps({"text": f"memory {memory_id}", "id": memory_id}), self.session, sorted(tags),
                      embedding_of(memory_id), memory_id))


# --- checks after the restart ----------------------------------------------------

def _whole(conn, memory_id, memory: Memory) -> bool | None:
    """True: the memory is there and complete; None: no trace of it at all;
    False: half there or wrong."""
    entry = conn.execute("SELECT e.content ->> 'id', r.created_at = e.created_at, "
                         "EXISTS (SELECT 1 FROM memory_store.memory_access_logs l WHERE l.memory_id = e.memory_id "
                         "        AND l.operation = 'create' AND l.success) "
                         "FROM memory_store.memory_entries e "
                         "LEFT JOIN memory_store.memory_registry r ON r.memory_id = e.memory_id "
                         "WHERE e.memory_id = %s", (memory_id,)).fetchone()
    tags = {r[0] for r in conn.execute("SELECT tag FROM memory_store.memory_tags WHERE memory_id = %s",
                                       (memory_id,))}
    vectors = [r[0] for r in conn.execute("SELECT embedding FROM memory_store.vector_embeddings "
                                          "WHERE memory_id = %s", (memory_id,))]
    registry = conn.execute("SELECT count(*) FROM memory_store.memory_registry WHERE memory_id = %s",
                            (memory_id,)).fetchone()[0]
    if entry is None:
        return None if not tags and not vectors and registry == 0 else False
    return (entry[0] == memory_id and entry[1] is True and entry[2] is True
            and memory.tags <= tags <= memory.tags | memory.maybe_tags
            and len(vectors) == 1 and np.array_equal(np.asarray(vectors[0].to_numpy(), dtype=np.float32), embedding_of(memory_id)))


def check(conn, model: Model) -> dict:
    """Compare the database with the model; resolve what was in flight."""
    problems = []
    # A loss is reported once: the model then takes what the database has,
    # so a later round counts only its own losses.
    for memory_id, memory in list(model.live.items()):
        if memory_id in model.maybe_deleted:
            continue
        if _whole(conn, memory_id, memory) is not True:
            problems.append(f"acknowledged memory {memory_id} missing or incomplete")
            del model.live[memory_id]
    for memory_id in list(model.gone):
        if _whole(conn, memory_id, Memory(set())) is not None:
            problems.append(f"acknowledged delete of {memory_id} undone")
            model.gone.discard(memory_id)
            model.live[memory_id] = Memory({r[0] for r in conn.execute(
                "SELECT tag FROM memory_store.memory_tags WHERE memory_id = %s", (memory_id,))})
    for memory_id in sorted(model.maybe_deleted):
        state = _whole(conn, memory_id, model.live[memory_id])
        if state is False:
            problems.append(f"in-flight delete of {memory_id} left it half there")
        elif state is None:
            model.live.pop(memory_id)
            model.gone.add(memory_id)
    committed_in_flight = 0
    for memory_id, memory in model.maybe_created.items():
        state = _whole(conn, memory_id, memory)
        if state is False:
            problems.append(f"in-flight create of {memory_id} left it half there")
        elif state:
            committed_in_flight += 1
    for x, y in model.maybe_bundle:  # all of a bundle or none of it
        present = [model.maybe_created.get(x) and _whole(conn, x, model.maybe_created[x]),
                   model.maybe_created.get(y) and _whole(conn, y, model.maybe_created[y]),
                   conn.execute("SELECT count(*) FROM memory_store.memory_relationships WHERE source_memory_id = %s "
                                "AND target_memory_id = %s", (x, y)).fetchone()[0] == 1]
        if any(present) and not all(present):
            problems.append(f"bundle {x}/{y} half committed: {present}")
        elif all(present):
            model.relations.add((x, y))
    for memory_id, memory in model.maybe_created.items():
        if _whole(conn, memory_id, memory):
            model.live[memory_id] = memory
    for x, y in model.relations:
        if x in model.live and y in model.live and not conn.execute(
                "SELECT count(*) FROM memory_store.memory_relationships WHERE source_memory_id = %s "
                "AND target_memory_id = %s", (x, y)).fetchone()[0]:
            problems.append(f"acknowledged relationship {x} -> {y} missing")
    for agent, seq in model.states.items():
        found = conn.execute("SELECT (state_data ->> 'seq')::int FROM memory_store.agent_states "
                             "WHERE agent_id = %s AND session_id IS NULL", (agent,)).fetchone()
        allowed = {seq, model.maybe_state.get(agent, seq)}
        if found is None or found[0] not in allowed:
            problems.append(f"acknowledged agent state of {agent}: seq {seq}, found {found}")
        model.states[agent] = found[0] if found else 0
    for memory_id, memory in model.live.items():  # in-flight tags are now known either way
        if memory.maybe_tags:
            memory.tags = {r[0] for r in conn.execute("SELECT tag FROM memory_store.memory_tags "
                                                      "WHERE memory_id = %s", (memory_id,))}
            memory.maybe_tags.clear()
    model.maybe_created.clear(), model.maybe_deleted.clear(), model.maybe_state.clear(), model.maybe_bundle.clear()

    unknown = conn.execute("SELECT count(*) FROM memory_store.memory_entries WHERE NOT (memory_id = ANY (%s))",
                           (list(model.live),)).fetchone()[0]
    if unknown:
        problems.append(f"{unknown} memories in the database that no client wrote")
    orphans = orphan_counts(conn)
    problems += [f"{n} {what}" for what, n in orphans.items() if n]
    btree, bad = amcheck(conn)
    problems += bad
    heap_checked, heap_bad = heapcheck(conn)
    problems += heap_bad
    hnsw = hnsw_answers(conn, list(model.live)[:10])
    if not hnsw["index_scan"] or not hnsw["rows"]:
        problems.append(f"HNSW index does not answer: {hnsw}")
    return {"problems": problems, "in_flight_committed": committed_in_flight, "orphans": sum(orphans.values()),
            "btree_indexes_checked": btree, "heap_relations_checked": heap_checked, "hnsw": hnsw,
            "memories_verified": len(model.live), "deletes_verified": len(model.gone)}


ORPHANS = {
    "tags without their memory": "SELECT count(*) FROM memory_store.memory_tags t WHERE NOT EXISTS "
                                 "(SELECT 1 FROM memory_store.memory_entries e WHERE e.memory_id = t.memory_id)",
    "embeddings without their memory": "SELECT count(*) FROM memory_store.vector_embeddings v WHERE NOT EXISTS "
                                       "(SELECT 1 FROM memory_store.memory_entries e WHERE e.memory_id = v.memory_id)",
    "relationships without an end": "SELECT count(*) FROM memory_store.memory_relationships r WHERE NOT EXISTS "
                                    "(SELECT 1 FROM memory_store.memory_entries e WHERE e.memory_id = r.source_memory_id) "
                                    "OR NOT EXISTS (SELECT 1 FROM memory_store.memory_entries e "
                                    "WHERE e.memory_id = r.target_memory_id)",
    "registry rows without their memory": "SELECT count(*) FROM memory_store.memory_registry r WHERE NOT EXISTS "
                                          "(SELECT 1 FROM memory_store.memory_entries e "
                                          "WHERE e.memory_id = r.memory_id AND e.created_at = r.created_at)",
    "memories without their registry row": "SELECT count(*) FROM memory_store.memory_entries e WHERE NOT EXISTS "
                                            "(SELECT 1 FROM memory_store.memory_registry r "
                                            "WHERE r.memory_id = e.memory_id AND r.created_at = e.created_at)",
    "memories without their tags": "SELECT count(*) FROM memory_store.memory_entries e WHERE NOT EXISTS "
                                   "(SELECT 1 FROM memory_store.memory_tags t WHERE t.memory_id = e.memory_id)",
    "memories without their embedding": "SELECT count(*) FROM memory_store.memory_entries e WHERE NOT EXISTS "
                                        "(SELECT 1 FROM memory_store.vector_embeddings v WHERE v.memory_id = e.memory_id)",
}


def orphan_counts(conn) -> dict[str, int]:
    """Rows that refer to a memory that is not there, and the reverse (every
    memory of this workload has tags and an embedding)."""
    return {what: conn.execute(sql).fetchone()[0] for what, sql in ORPHANS.items()}


def amcheck(conn) -> tuple[int, list[str]]:
    """bt_index_check(heapallindexed => true) on every B-tree index of the
    database (catalogs, tables and each partition's own index)."""
    conn.execute("CREATE SCHEMA IF NOT EXISTS reliability_check")
    conn.execute("CREATE EXTENSION IF NOT EXISTS amcheck WITH SCHEMA reliability_check")
    indexes = [r[0] for r in conn.execute(
        "SELECT c.oid::regclass::text FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid "
        "JOIN pg_am am ON am.oid = c.relam WHERE am.amname = 'btree' AND c.relkind = 'i' "
        "AND c.relpersistence <> 't' AND i.indisvalid AND i.indisready ORDER BY 1")]
    bad = []
    for index in indexes:
        try:
            conn.execute("SELECT reliability_check.bt_index_check(%s::regclass, true)", (index,))
        except psycopg.Error as error:
            bad.append(f"amcheck {index}: {error}")
    return len(indexes), bad


def heapcheck(conn) -> tuple[int, list[str]]:
    """verify_heapam on every table and partition of the package."""
    tables = [r[0] for r in conn.execute(
        "SELECT c.oid::regclass::text FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
        "WHERE n.nspname = 'memory_store' AND c.relkind IN ('r', 'm', 't') ORDER BY 1")]
    bad = []
    for table in tables:
        for row in conn.execute("SELECT blkno, offnum, msg FROM reliability_check.verify_heapam(%s::regclass)",
                                (table,)):
            bad.append(f"verify_heapam {table}: {row}")
    return len(tables), bad


def hnsw_answers(conn, sample: list[str]) -> dict:
    """With sequential scans off the top-10 query uses the HNSW index, returns
    rows, and finds each sampled memory's own embedding first."""
    query = ("SELECT memory_id FROM memory_store.vector_embeddings "
             "ORDER BY embedding OPERATOR(extensions.<=>) %s LIMIT 10")
    with conn.transaction():
        conn.execute("SET LOCAL enable_seqscan = off")
        probe = embedding_of(sample[0]) if sample else np.ones(1536, dtype=np.float32)
        plan = json.dumps(conn.execute("EXPLAIN (FORMAT JSON) " + query, (probe,)).fetchone()[0])
        rows = conn.execute(query, (probe,)).fetchall()
        hits = sum(conn.execute(query, (embedding_of(m),)).fetchone()[0] == m for m in sample)
    return {"index_scan": "idx_vector_embeddings_embedding" in plan, "rows": len(rows),
            "self_hits": f"{hits}/{len(sample)}"}


# --- the rounds -------------------------------------------------------------------

def deploy(scratch: cluster.ScratchCluster) -> target.Target:
    import subprocess
    t = target.Target(host="127.0.0.1", port=scratch.port, user=cluster.SUPERUSER, password=scratch.password,
                      dbname=DBNAME, local=False)
    with psycopg.connect(scratch.uri(), autocommit=True) as conn:
        conn.execute(f"CREATE DATABASE {DBNAME}")
    result = subprocess.run(["sqitch", "deploy", t.sqitch_uri()], cwd=ROOT, env=t.env(), capture_output=True,
                            text=True)
    if result.returncode != 0:
        raise RuntimeError(f"sqitch deploy into the throw-away cluster failed:\n{result.stdout}\n{result.stderr}")
    return t


def run(rounds: int = 3, writers: int = 4, seconds: tuple[float, float] = (1.5, 3.0), seed: int = 8,
        settings: dict[str, str] | None = None, log=print) -> list[dict]:
    """Deploy into a throw-away cluster, then `rounds` times: writers for a
    random while, SIGKILL, restart, check. Returns one report per round.
    `settings` go to the server (e.g. synchronous_commit = off, to see the
    check catch acknowledged writes that were lost)."""
    rng = random.Random(seed)
    scratch = cluster.ScratchCluster(settings)
    reports = []
    try:
        scratch.start()
        t = deploy(scratch)
        uri, model = t.uri(), Model()
        for round_no in range(1, rounds + 1):
            with psycopg.connect(uri, autocommit=True) as conn:
                for w in range(writers):
                    conn.execute("SELECT memory.start_session(%s, 'crash-user')", (f"crash-r{round_no}-w{w}",))
            stop = threading.Event()
            threads = [Writer(uri, model, round_no, w, stop, rng.random()) for w in range(writers)]
            for thread in threads:
                thread.start()
            ran = rng.uniform(*seconds)
            time.sleep(ran)
            scratch.kill()
            for thread in threads:
                thread.join(timeout=30)
            stop.set()
            started = time.monotonic()
            scratch.start()
            recovery = time.monotonic() - started
            with psycopg.connect(uri, autocommit=True) as conn:
                _vectors(conn)
                result = check(conn, model)
            acked = {k: sum(th.acked[k] for th in threads) for k in threads[0].acked}
            total = sum(acked.values())
            lost = sum(1 for p in result["problems"] if p.startswith("acknowledged"))
            report = {"round": round_no, "writers": writers, "ran_s": round(ran, 2), "acknowledged": acked,
                      "acknowledged_total": total, "found": total - lost, "lost": lost,
                      "restart_with_recovery_s": round(recovery, 2), **result}
            reports.append(report)
            log(f"round {round_no}: ran {ran:.1f}s, acknowledged {total} ({acked}), found {total - lost}, "
                f"lost {lost}, in flight and committed {result['in_flight_committed']}, "
                f"orphans {result['orphans']}, amcheck {result['btree_indexes_checked']} B-tree indexes, "
                f"verify_heapam {result['heap_relations_checked']} relations, HNSW {result['hnsw']}, "
                f"problems {len(result['problems'])}")
            for problem in result["problems"][:20]:
                log(f"  PROBLEM: {problem}")
    finally:
        scratch.destroy()
    return reports
