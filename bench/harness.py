"""`invoke bench`: our path against a bare PostgreSQL + pgvector baseline, same data, same run.

1. A fresh database mo_bench_<size>: `sqitch deploy` of the package, monthly
   partitions for the past year, and schema bench_bare with the baseline: the
   seed's tables as plain tables (sessions, memory_entries, memory_tags, one
   unpartitioned vector_embeddings), the package's secondary indexes copied
   from the catalog (the HNSW index with the same m / ef_construction), no
   triggers, no registry, no audit, no API.
2. One generated workload (bench/workload.py) is loaded into both, chunk by
   chunk (COPY, secondary indexes built afterwards), while the exact top-10
   answers of every query set are computed by brute force (numpy) on the same
   chunks: the ground truth of recall@10, filtered ones within their filter.
3. Each measurement runs our path and the baseline on the same items in one
   loop, taking turns at going first, on separate connections (prepared
   statements, autocommit, client-side clock), so load on this shared machine
   hits both alike; ratios are ours / baseline. "Ours" is the agent API as an
   agent calls it: role mo_bench_client (member of memory_agent), audit row
   included. "impl" is the function the API call runs inside its definer
   wrapper, as the superuser (memory_store.*_impl; for a semantic search
   memory_store.search_semantic_direct, audit row included), to show where
   the cost goes.
4. Results: bench/results/<date>-<label>.json, .md and .png (--out), and with
   --update-docs the table in docs/benchmarks.md between the bench markers.

    python bench/harness.py --size tiny|default|year [--fraction F] [--tune] [--clients 1,2] [--keep]
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import platform
import random
import re
import resource
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from contextlib import contextmanager
from dataclasses import asdict, dataclass
from pathlib import Path

import numpy as np
import psycopg
from pgvector.psycopg import register_vector
from psycopg import sql
from psycopg.types.json import Jsonb

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path[:0] = [str(ROOT), str(HERE)]
from mo import importer, legacy_samples, target  # noqa: E402
import report  # noqa: E402
from workload import EMBEDDING_MODEL, TOPIC_NAMES, TOPICS, TYPE_NAMES, Chunk, Workload, text  # noqa: E402

K = 10
ROLE = "mo_bench_client"      # cluster-wide NOLOGIN role, member of memory_agent and memory_dba
BARE = "bench_bare"
TABLES = ("sessions", "memory_entries", "memory_tags", "vector_embeddings")
SETTINGS = ("shared_buffers", "effective_cache_size", "work_mem", "maintenance_work_mem", "max_parallel_workers",
            "max_parallel_workers_per_gather", "max_parallel_maintenance_workers", "random_page_cost", "jit",
            "synchronous_commit", "wal_compression", "max_wal_size", "checkpoint_timeout", "huge_pages")
# The pgvector settings memory.search_semantic uses for k = 10 (memory_store.search_hnsw_settings with
# 2k = 20 candidates) and memory.search_hybrid (4k = 40): the filtered baseline gets the same ones.
ITERATIVE = {"hnsw.iterative_scan": "relaxed_order", "hnsw.ef_search": 40, "hnsw.max_scan_tuples": 20000,
             "hnsw.scan_mem_multiplier": 2}
HYBRID = ITERATIVE | {"hnsw.ef_search": 80}


@dataclass(frozen=True)
class Size:
    memories: int
    users: int
    queries: int    # items per latency measurement, warm-up included
    warmup: int
    ops: int        # operations per client in each throughput block
    purge: int      # expired memories purged
    imports: int    # legacy records imported
    soak: int       # soak operations, over two clients


SIZES = {
    "tiny": Size(3_000, 10, 24, 4, 16, 200, 20, 60),
    "default": Size(100_000, 1_000, 300, 50, 200, 10_000, 1_000, 2_000),
    "year": Size(3_650_000, 1_000, 300, 50, 200, 10_000, 1_000, 2_000),
}


# --- progress -----------------------------------------------------------------

START = time.perf_counter()


def log(message: str) -> None:
    print(f"[{time.perf_counter() - START:7.1f}s] {message}", flush=True)


class Progress:
    """A line every few seconds: done/total and the rate."""

    def __init__(self, label: str, total: int, every: float = 5.0):
        self.label, self.total, self.every = label, total, every
        self.start = self.last = time.perf_counter()

    def tick(self, done: int) -> None:
        now = time.perf_counter()
        if now - self.last >= self.every or done == self.total:
            self.last = now
            log(f"  {self.label}: {done:,}/{self.total:,} ({done / max(now - self.start, 1e-9):,.0f}/s)")


PHASES: dict[str, dict] = {}


@contextmanager
def phase(name: str):
    """Time a phase and note the load average around it (the machine is shared)."""
    log(f"{name} ...")
    entry = {"load_average_start": [round(x, 2) for x in os.getloadavg()]}
    start = time.perf_counter()
    yield entry
    entry["seconds"] = round(time.perf_counter() - start, 2)
    entry["load_average_end"] = [round(x, 2) for x in os.getloadavg()]
    PHASES[name] = entry
    log(f"{name} done in {entry['seconds']:.1f} s (load {entry['load_average_end'][0]})")


# --- connections ------------------------------------------------------------

def connect(t, dbname: str, role: bool = True, settings: dict | None = None) -> psycopg.Connection:
    """Autocommit connection; as mo_bench_client unless ROLE is false (then the target's superuser)."""
    conn = psycopg.connect(t.uri(dbname), autocommit=True)
    conn.execute("SET search_path = extensions, pg_catalog")   # the vector type and <=> live in extensions
    conn.execute("SET TimeZone = 'UTC'")
    register_vector(conn)
    if role:
        conn.execute(sql.SQL("SET ROLE {}").format(sql.Identifier(ROLE)))
    for name, value in (settings or {}).items():
        conn.execute("SELECT set_config(%s, %s, false)", (name, str(value)))
    return conn


def api_connection(t, dbname: str, user_id: str | None = None, settings: dict | None = None) -> psycopg.Connection:
    """An agent's connection to the API. The one place for per-connection context:
    the agent id for the audit log and, when given, the user it acts for
    (setting memory.user_id, which row-level security can key on)."""
    conn = connect(t, dbname, settings=settings)
    conn.execute("SELECT set_config('memory.agent_id', 'bench-agent', false)")
    if user_id is not None:
        conn.execute("SELECT set_config('memory.user_id', %s, false)", (user_id,))
    return conn


def ids(conn, query, params) -> list:
    """First column of every row of a prepared statement."""
    return [r[0] for r in conn.execute(query, params, prepare=True).fetchall()]


# --- database set-up ----------------------------------------------------------

def recreate_database(t, dbname: str, drop_only: bool = False) -> None:
    with psycopg.connect(t.uri("postgres"), autocommit=True) as conn:
        conn.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(dbname)))
        if not drop_only:
            conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(dbname)))


def deploy(t, dbname: str, sets: list[str]) -> None:
    cmd = ["sqitch", "deploy", *[a for s in sets for a in ("--set", s)], t.sqitch_uri(dbname)]
    run = subprocess.run(cmd, cwd=ROOT, env=t.env(), capture_output=True, text=True)
    if run.returncode:
        sys.exit(f"{' '.join(cmd)} failed:\n{run.stdout}\n{run.stderr}")


def ensure_role(conn) -> None:
    try:
        conn.execute(sql.SQL("CREATE ROLE {} NOLOGIN").format(sql.Identifier(ROLE)))
    except (psycopg.errors.DuplicateObject, psycopg.errors.UniqueViolation):
        pass  # another bench run made it
    conn.execute(sql.SQL("GRANT memory_agent, memory_dba TO {}").format(sql.Identifier(ROLE)))


BARE_DDL = f"""
CREATE SCHEMA {BARE} AUTHORIZATION {ROLE};
CREATE TABLE {BARE}.sessions (LIKE memory_store.sessions INCLUDING DEFAULTS, PRIMARY KEY (session_id));
CREATE TABLE {BARE}.memory_entries (
    LIKE memory_store.memory_entries INCLUDING DEFAULTS INCLUDING GENERATED INCLUDING CONSTRAINTS,
    PRIMARY KEY (memory_id),
    FOREIGN KEY (session_id) REFERENCES {BARE}.sessions ON DELETE CASCADE);
CREATE TABLE {BARE}.memory_tags (
    tag_id    serial PRIMARY KEY,
    memory_id varchar(64) NOT NULL REFERENCES {BARE}.memory_entries ON DELETE CASCADE,
    tag       varchar(64) NOT NULL,
    UNIQUE (memory_id, tag));
CREATE TABLE {BARE}.vector_embeddings (
    embedding_id    serial PRIMARY KEY,
    memory_id       varchar(64) NOT NULL REFERENCES {BARE}.memory_entries ON DELETE CASCADE,
    embedding       extensions.vector(1536) NOT NULL,
    embedding_model varchar(64) NOT NULL,
    created_at      timestamptz NOT NULL DEFAULT CURRENT_TIMESTAMP,
    UNIQUE (memory_id, embedding_model));
""" + "".join(f"ALTER TABLE {BARE}.{name} OWNER TO {ROLE};\n" for name in TABLES)

SECONDARY_INDEXES = """
SELECT c.relname, ic.relname, regexp_replace(pg_get_indexdef(i.indexrelid), ' ON ONLY ', ' ON ')
  FROM pg_index i JOIN pg_class c ON c.oid = i.indrelid JOIN pg_class ic ON ic.oid = i.indexrelid
 WHERE c.relnamespace = 'memory_store'::regnamespace AND c.relname = ANY (%s)
   AND NOT EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conindid = i.indexrelid AND k.contype IN ('p', 'u', 'x'))
 ORDER BY 1, 2"""


def setup(t, dbname: str, args) -> dict:
    """Fresh database, package deployed, baseline schema, partitions for the past year; returns index DDL."""
    recreate_database(t, dbname)
    deploy(t, dbname, [f"hnsw_m={args.hnsw_m}", f"hnsw_ef_construction={args.hnsw_ef_construction}"])
    with connect(t, dbname, role=False) as conn:
        ensure_role(conn)
        conn.execute(BARE_DDL)
        # A year of data needs the year's monthly partitions (the upkeep job makes them month by month).
        conn.execute("""SELECT memory_store.create_monthly_partition('memory_store.memory_entries', m::date)
                          FROM generate_series(date_trunc('month', now() - interval '13 months'),
                                               date_trunc('month', now()), interval '1 month') AS m""")
        store = conn.execute(SECONDARY_INDEXES, (list(TABLES),)).fetchall()
        # Secondary indexes are built after the load, on both sides; the HNSW one last.
        for _table, index, _ddl in store:
            conn.execute(sql.SQL("DROP INDEX memory_store.{}").format(sql.Identifier(index)))
    ddl = {"memory_store": [d for _, _, d in store]}
    # The bare tables are the seed's: no tenancy column (user_id) and no memory columns on
    # vector_embeddings (deviation 13): the package's indexes on them have no counterpart.
    ddl[BARE] = [re.sub(r" ON memory_store\.", f" ON {BARE}.", d) for d in ddl["memory_store"]
                 if not re.search(r"\buser_id\b", d)
                 and not re.search(r" ON memory_store\.vector_embeddings .*\bsession_id\b", d)]
    return ddl


# --- loading --------------------------------------------------------------------

def copy_chunk(conn, schema: str, chunk: Chunk, sessions_only: bool = False) -> None:
    """One chunk into one schema's four tables (or its sessions alone), in one transaction."""
    with conn.transaction(), conn.cursor() as cur:
        with cur.copy(f"COPY {schema}.sessions (session_id, user_id, created_at, updated_at, ended_at, metadata, "
                      "session_type) FROM STDIN") as copy:
            for row in chunk.sessions:
                copy.write_row(row[:5] + (json.dumps(row[5]),) + row[6:])
        if sessions_only:
            return
        with cur.copy(f"COPY {schema}.memory_entries (memory_id, session_id, memory_type, content, source_agent, "
                      "created_at, updated_at, expires_at, priority, is_active) FROM STDIN") as copy:
            for row in chunk.memories:
                copy.write_row(row[:3] + (json.dumps(row[3]),) + row[4:])
        with cur.copy(f"COPY {schema}.memory_tags (memory_id, tag) FROM STDIN") as copy:
            for row in chunk.tags:
                copy.write_row(row)
        with cur.copy(f"COPY {schema}.vector_embeddings (memory_id, embedding, embedding_model) "
                      "FROM STDIN (FORMAT BINARY)") as copy:
            copy.set_types(["varchar", "vector", "varchar"])
            for memory_id, vector in zip(chunk.embedding_ids, chunk.vectors):
                copy.write_row((memory_id, vector, EMBEDDING_MODEL))


class Exact:
    """Exact top-10 of every query set over the embeddings, chunk by chunk (numpy brute force).
    Each set: query vectors and a mask function (which embeddings of a chunk qualify, per query)."""

    def __init__(self, sets: dict):
        self.sets = sets
        self.memory_ids: list[str] = []
        self.best = {n: (np.full((len(q), K), -np.inf), np.full((len(q), K), -1)) for n, (q, _) in sets.items()}
        self.eligible = {n: np.zeros(len(q), dtype=np.int64) for n, (q, _) in sets.items()}

    def add(self, chunk: Chunk) -> None:
        base = len(self.memory_ids)
        self.memory_ids += chunk.embedding_ids
        if not len(chunk.vectors):
            return
        index = np.arange(base, base + len(chunk.vectors))
        for name, (queries, mask) in self.sets.items():
            sims = (queries @ chunk.vectors.T).astype(np.float64)
            if mask is not None:
                m = mask(chunk)
                sims = np.where(m, sims, -np.inf)
                self.eligible[name] += m.sum(axis=1)
            else:
                self.eligible[name] += sims.shape[1]
            best_sims, best_ids = self.best[name]
            all_sims = np.concatenate([best_sims, sims], axis=1)
            all_ids = np.concatenate([best_ids, np.broadcast_to(index, sims.shape)], axis=1)
            top = np.argpartition(-all_sims, K - 1, axis=1)[:, :K]
            self.best[name] = (np.take_along_axis(all_sims, top, 1), np.take_along_axis(all_ids, top, 1))

    def answers(self, name: str) -> list[set]:
        sims, idx = self.best[name]
        return [{self.memory_ids[i] for s, i in zip(row_s, row_i) if np.isfinite(s)} for row_s, row_i in zip(sims, idx)]


def make_queries(w: Workload, n: int, seed: int) -> dict:
    """The query sets, drawn before the data is loaded (their exact answers are computed during the load)."""
    rng, prng = np.random.default_rng(seed + 2), random.Random(seed + 3)
    topics = rng.integers(len(TOPIC_NAMES), size=n)
    sessions = rng.integers(len(w.session_ids), size=n)
    rare = [TYPE_NAMES.index(t) for t in ("user_preference", "entity", "interaction")]
    return {
        "semantic": w.vectors(rng, topics),
        "keyword": [w.keyword_query(prng, x) for x in topics],
        "user": rng.integers(w.users, size=n), "user_vectors": w.vectors(rng, rng.integers(len(TOPIC_NAMES), size=n)),
        "session": sessions, "session_vectors": w.vectors(rng, w.session_topic[sessions]),
        "type": np.array([rare[i % len(rare)] for i in range(n)]),
        "type_vectors": w.vectors(rng, rng.integers(len(TOPIC_NAMES), size=n)),
        "batch_user": rng.integers(w.users, size=n),
        # the largest and the smallest user (Zipf sizes): an agent acting for each
        "tenant_vectors": w.vectors(rng, rng.integers(len(TOPIC_NAMES), size=n)),
        "batch_types": [prng.choice([["conversation"], ["context", "entity"], ["user_preference"]]) for _ in range(n)],
    }


def tenants(w: Workload) -> dict:
    """The largest and the smallest user by planned memories."""
    sizes = w.user_memories()
    return {"large": int(np.argmax(sizes)), "small": int(np.argmin(sizes))}


def exact_sets(q: dict, w: Workload) -> dict:
    large, small = tenants(w).values()
    return {
        "tenant_large": (q["tenant_vectors"], lambda c: np.broadcast_to((c.user == large) & c.active,
                                                                        (len(q["tenant_vectors"]), len(c.user)))),
        "tenant_small": (q["tenant_vectors"], lambda c: np.broadcast_to((c.user == small) & c.active,
                                                                        (len(q["tenant_vectors"]), len(c.user)))),
        "all": (q["semantic"], None),                                   # the bare query's answer: every embedding
        "visible": (q["semantic"], lambda c: np.broadcast_to(c.active, (len(q["semantic"]), len(c.active)))),
        "user": (q["user_vectors"], lambda c: (c.user[None, :] == q["user"][:, None]) & c.active),
        "session": (q["session_vectors"], lambda c: (c.session[None, :] == q["session"][:, None]) & c.active),
        "type": (q["type_vectors"], lambda c: (c.mtype[None, :] == q["type"][:, None]) & c.active),
    }


def load(t, dbname: str, w: Workload, exact: Exact, bare_exact: Exact, ddl: dict, args, result: dict) -> list[str]:
    """Generate, COPY into both schemas, compute exact answers; then build the indexes. Returns a sample of
    visible memory ids for reads (ids both schemas hold).

    With --baseline-share below 1 (a year run: both schemas at full size do not fit on this disk) the
    baseline gets one chunk in round(1 / share), whole sessions in time order, and its own exact answers
    (bare_exact) over the rows it holds."""
    every = max(1, round(1 / args.baseline_share))
    rng = random.Random(args.seed + 4)
    pool: list[str] = []
    counts = dict(sessions=0, memories=0, tags=0, embeddings=0, baseline_memories=0)
    seconds = dict(generate=0.0, store=0.0, baseline=0.0, exact=0.0)
    with connect(t, dbname, role=False) as store, connect(t, dbname) as bare, \
            phase("load: generate, COPY into both schemas, exact answers"):
        progress = Progress("memories loaded", w.memories)
        clock = time.perf_counter()
        for number, chunk in enumerate(w.chunks(args.chunk)):
            shared = number % every == 0
            now = time.perf_counter()
            seconds["generate"] += now - clock
            copy_chunk(store, "memory_store", chunk)
            seconds["store"] += time.perf_counter() - now
            now = time.perf_counter()
            # every session on both sides (writes go to any session); memories of the shared chunks only
            copy_chunk(bare, BARE, chunk, sessions_only=not shared)
            if shared:
                counts["baseline_memories"] += len(chunk.memories)
            seconds["baseline"] += time.perf_counter() - now
            now = time.perf_counter()
            exact.add(chunk)
            if shared and bare_exact is not exact:
                bare_exact.add(chunk)
            seconds["exact"] += time.perf_counter() - now
            if shared:
                visible = [m[0] for m in chunk.memories if m[9]]
                pool += rng.sample(visible, min(len(visible), 2 * args.queries))
            counts["sessions"] += len(chunk.sessions)
            counts["memories"] += len(chunk.memories)
            counts["tags"] += len(chunk.tags)
            counts["embeddings"] += len(chunk.embedding_ids)
            progress.tick(counts["memories"])
            clock = time.perf_counter()
    result["load"] = {"rows": counts, "seconds": {k: round(v, 2) for k, v in seconds.items()},
                      "memories_per_second": {"store": round(counts["memories"] / max(seconds["store"], 1e-9)),
                                              "baseline": round(counts["baseline_memories"]
                                                                / max(seconds["baseline"], 1e-9))},
                      "baseline_share": args.baseline_share}
    build_memory = args.build_memory or build_maintenance_work_mem(t, dbname, args.fraction)
    builds = result["load"]["index_builds"] = {"maintenance_work_mem": build_memory}
    notices = result["load"]["index_build_notices"] = []   # pgvector says when the graph outgrows memory
    with connect(t, dbname, role=False) as conn, phase("load: build secondary and HNSW indexes"):
        conn.add_notice_handler(lambda d: notices.append(d.message_primary or ""))
        conn.execute("SELECT set_config('maintenance_work_mem', %s, false)", (build_memory,))
        for schema in ("memory_store", BARE):   # the HNSW index last: it is the long one
            for statement in sorted(ddl[schema], key=lambda d: " USING hnsw " in d):
                start = time.perf_counter()
                conn.execute(statement)
                name = re.search(r"INDEX (\S+) ON", statement).group(1)
                builds[f"{schema}.{name}"] = round(time.perf_counter() - start, 2)
                log(f"  {schema}.{name}: {builds[f'{schema}.{name}']:.1f} s")
    with connect(t, dbname, role=False) as conn, phase("load: VACUUM ANALYZE"):
        for schema in ("memory_store", BARE):
            for table in TABLES:
                conn.execute(f"VACUUM (ANALYZE) {schema}.{table}")
        conn.execute("VACUUM (ANALYZE) memory_store.memory_registry")
        conn.execute("SELECT pg_stat_reset()")   # buffer hit ratio of the measurements only
    rng.shuffle(pool)
    return pool


def build_maintenance_work_mem(t, dbname: str, fraction: float) -> str:
    """The cluster's maintenance_work_mem, times the fraction in a partial run: a partial run's HNSW graph
    then fits in memory (or not) as the full run's would."""
    with connect(t, dbname, role=False) as conn:
        kb = int(conn.execute("SELECT setting::bigint * (SELECT CASE unit WHEN '8kB' THEN 8 WHEN 'MB' THEN 1024 "
                              "ELSE 1 END) FROM pg_settings WHERE name = 'maintenance_work_mem'").fetchone()[0])
    return f"{max(64 * 1024, int(kb * min(fraction, 1.0)))}kB"


# --- measuring ------------------------------------------------------------------

def stats(ms: list[float]) -> dict:
    if not ms:
        return {"n": 0}
    p50, p95, p99 = np.percentile(ms, [50, 95, 99])
    return {"p50_ms": round(float(p50), 3), "p95_ms": round(float(p95), 3), "p99_ms": round(float(p99), 3),
            "mean_ms": round(float(np.mean(ms)), 3), "n": len(ms)}


def interleaved(label: str, items: list, runners: dict, warmup: int):
    """Every item through every runner, the order rotated so that each runner goes first on as many items
    (the first to search a new vector's part of the graph pays its cold pages; an order that alternated
    would leave those to the runners at the two ends, ours among them, and spare the ones in the middle,
    the baseline among them); returns latency stats of the items after the warm-up and their results
    (aligned with items[warmup:])."""
    names = list(runners)
    latency = {n: [] for n in names}
    results = {n: [] for n in names}
    progress = Progress(label, len(items))
    for i, item in enumerate(items):
        for n in names[i % len(names):] + names[:i % len(names)]:
            start = time.perf_counter()
            out = runners[n](item)
            elapsed = (time.perf_counter() - start) * 1000
            if i >= warmup:
                latency[n].append(elapsed)
                results[n].append(out)
        progress.tick(i + 1)
    return {n: stats(latency[n]) for n in names}, results


def recall(results: list[list], truth: list[set]) -> float | None:
    """Mean recall@10: found exact neighbours / min(10, neighbours that exist); queries with none are skipped."""
    scores = [len(set(r[:K]) & t) / min(K, len(t)) for r, t in zip(results, truth) if t]
    return round(float(np.mean(scores)), 4) if scores else None


def comparison(measured: dict, ours: str = "ours", baseline: str = "baseline") -> dict:
    """Our figure, the baseline's and their ratios (ours / baseline)."""
    out = {side: measured[side] for side in measured}
    for q in ("p50_ms", "p95_ms", "p99_ms"):
        out[f"ratio_{q[:3]}"] = round(measured[ours][q] / measured[baseline][q], 3)
    return out


def hnsw_scans(conn) -> dict:
    """idx_scan of the HNSW indexes, after flushing this backend's statistics."""
    conn.execute("SELECT pg_stat_force_next_flush()")
    conn.execute("SELECT pg_stat_clear_snapshot()")
    return dict(conn.execute("""SELECT schemaname, sum(idx_scan)::bigint FROM pg_stat_user_indexes s
                                  JOIN pg_class c ON c.oid = s.indexrelid JOIN pg_am am ON am.oid = c.relam
                                 WHERE am.amname = 'hnsw' GROUP BY 1""").fetchall())


def flush_stats(*conns) -> None:
    for c in conns:
        c.execute("SELECT pg_stat_force_next_flush()")
        c.execute("SELECT 1")


SEMANTIC_API = "SELECT * FROM memory.search_semantic(p_embedding => %(v)b, p_limit => 10{f})"
# the function memory.search_semantic runs for a search ranked by relevance, now (change search_semantic_direct)
SEMANTIC_IMPL = "SELECT * FROM memory_store.search_semantic_direct(p_embedding => %(v)b, p_limit => 10{f})"
SEMANTIC_BARE = f"SELECT memory_id FROM {BARE}.vector_embeddings ORDER BY embedding <=> %(v)b LIMIT 10"
# What the API returns beside the ids: the bare statement's memories with their rows and tags, in its order
# (a diagnostic: how much of our cost is the answer's payload rather than the fixed cost of a call).
WITH_ROWS = (f"WITH ids AS MATERIALIZED ({{}}) SELECT e.memory_id, e.*, ARRAY(SELECT t.tag FROM {BARE}.memory_tags t "
             f"WHERE t.memory_id = e.memory_id) FROM ids JOIN {BARE}.memory_entries e ON e.memory_id = ids.memory_id")
SEMANTIC_STORE = "SELECT memory_id FROM memory_store.vector_embeddings ORDER BY embedding <=> %(v)b LIMIT 10"
VISIBLE = "me.is_active AND (me.expires_at IS NULL OR me.expires_at > now())"
FILTERED_BARE = f"""WITH c AS MATERIALIZED (
    SELECT ve.memory_id, ve.embedding <=> %(v)b AS distance
      FROM {BARE}.vector_embeddings ve JOIN {BARE}.memory_entries me ON me.memory_id = ve.memory_id
     WHERE {VISIBLE} AND {{f}}
     ORDER BY ve.embedding <=> %(v)b LIMIT 10)
SELECT memory_id FROM c ORDER BY distance"""
FILTERS = {  # filter: (API argument, baseline condition)
    "user": (", p_user_id => %(f)s",
             f"EXISTS (SELECT 1 FROM {BARE}.sessions s WHERE s.session_id = me.session_id AND s.user_id = %(f)s)"),
    "session": (", p_session_id => %(f)s", "me.session_id = %(f)s"),
    "type": (", p_memory_types => ARRAY[%(f)s]", "me.memory_type = %(f)s"),
}
KEYWORD_API = "SELECT * FROM memory.search_keyword(p_query => %(q)s, p_limit => 10{f})"
# The baseline asks what ours asks: any of the query's units, ranked by ts_rank over them (the any-term
# tsqueries of memory_store.search_any_term, computed before the clock), over every matching row.
KEYWORD_BARE = f"""SELECT me.*, ts_rank(to_tsvector('english', me.text_content), %(rq)s::tsquery) AS score
  FROM {BARE}.memory_entries me
 WHERE to_tsvector('english', me.text_content) @@ %(mq)s::tsquery AND {VISIBLE}{{f}}
 ORDER BY score DESC, me.created_at DESC, me.memory_id LIMIT 10"""
HYBRID_API = "SELECT * FROM memory.search_hybrid(p_query => %(q)s, p_embedding => %(v)b, p_limit => 10{f})"
HYBRID_BARE = f"""WITH keyword AS MATERIALIZED (
    SELECT me.memory_id, me.created_at, ts_rank(to_tsvector('english', me.text_content), %(rq)s::tsquery) AS rank_score
      FROM {BARE}.memory_entries me
     WHERE to_tsvector('english', me.text_content) @@ %(mq)s::tsquery AND {VISIBLE}{{f}}
     ORDER BY rank_score DESC, me.created_at DESC, me.memory_id LIMIT 40
), semantic AS MATERIALIZED (
    SELECT ve.memory_id, ve.embedding <=> %(v)b AS distance
      FROM {BARE}.vector_embeddings ve JOIN {BARE}.memory_entries me ON me.memory_id = ve.memory_id
     WHERE {VISIBLE}{{f}}
     ORDER BY ve.embedding <=> %(v)b LIMIT 40
), fused AS (
    SELECT u.memory_id, sum(1.0 / (60 + u.rank)) AS score, min(u.distance) AS distance
      FROM (SELECT memory_id, row_number() OVER (ORDER BY rank_score DESC, created_at DESC, memory_id) AS rank,
                   NULL::float8 AS distance FROM keyword
            UNION ALL
            SELECT memory_id, row_number() OVER (ORDER BY distance, memory_id), distance FROM semantic) u
     GROUP BY u.memory_id ORDER BY score DESC, min(u.distance) NULLS LAST, u.memory_id LIMIT 10)
SELECT me.*, f.score FROM fused f JOIN {BARE}.memory_entries me ON me.memory_id = f.memory_id
 ORDER BY f.score DESC, f.distance NULLS LAST, me.memory_id"""
USER_FILTER_BARE = f" AND EXISTS (SELECT 1 FROM {BARE}.sessions s WHERE s.session_id = me.session_id AND s.user_id = %(u)s)"
BATCH_API = ("SELECT total_count, cardinality(memories) FROM memory.batch_read_memories("
             "p_user_id => %(u)s, p_memory_types => %(t)s, p_limit => 20)")
BATCH_BARE = f"""WITH page AS (
    SELECT me.*, count(*) OVER () AS total FROM {BARE}.memory_entries me
      WHERE me.session_id IN (SELECT s.session_id FROM {BARE}.sessions s WHERE s.user_id = %(u)s)
       AND me.memory_type = ANY (%(t)s) AND {VISIBLE}
     ORDER BY me.created_at DESC, me.memory_id LIMIT 20)
SELECT p.total, p.*, ARRAY(SELECT t.tag FROM {BARE}.memory_tags t WHERE t.memory_id = p.memory_id) AS tags FROM page p"""
READ_API = "SELECT * FROM memory.read_memory(%s)"
READ_IMPL = "SELECT * FROM memory_store.read_memory_impl(%s)"
READ_BARE = f"SELECT * FROM {BARE}.memory_entries WHERE memory_id = %s"
AUDIT_ONLY = "SELECT memory_store.audit('read', %s, NULL, jsonb_build_object('memory_id', %s::text), true)"
READ_BARE_TAGS = (f"SELECT e.*, ARRAY(SELECT t.tag FROM {BARE}.memory_tags t WHERE t.memory_id = e.memory_id) "
                  f"FROM {BARE}.memory_entries e WHERE e.memory_id = %s")
# The floor of an audited read: the cheapest one written by hand, one statement on the bare tables that
# returns the row with its tags and writes the audit row into the package's access log (its indexes,
# foreign keys and partitions), committed without waiting for the WAL flush like a read-only API call.
READ_FLOOR = (f"WITH e AS (SELECT e.*, ARRAY(SELECT t.tag FROM {BARE}.memory_tags t WHERE t.memory_id = e.memory_id) "
              f"AS tags FROM {BARE}.memory_entries e WHERE e.memory_id = %s), "
              f"a AS (INSERT INTO memory_store.memory_access_logs (memory_id, session_id, agent_id, operation, "
              f"request_data, success, login_role) SELECT e.memory_id, e.session_id, 'bench-agent', 'read', "
              f"jsonb_build_object('memory_id', e.memory_id), true, session_user FROM e) SELECT * FROM e")
CREATE_ARGS = ("p_memory_type => %(type)s, p_content => %(content)s, p_session_id => %(session)s, "
               "p_source_agent => 'bench-agent', p_tags => %(tags)s, p_priority => %(priority)s, "
               "p_embedding => %(v)b, p_embedding_model => %(model)s")
CREATE_API = f"SELECT memory_id FROM memory.create_memory({CREATE_ARGS})"
CREATE_IMPL = f"SELECT memory_id FROM memory_store.create_memory_impl({CREATE_ARGS})"
CREATE_BARE = f"""WITH e AS (
    INSERT INTO {BARE}.memory_entries (memory_id, session_id, memory_type, content, source_agent, priority)
    VALUES (%(id)s, %(session)s, %(type)s, %(content)s, 'bench-agent', %(priority)s) RETURNING memory_id
), t AS (
    INSERT INTO {BARE}.memory_tags (memory_id, tag) SELECT e.memory_id, unnest(%(tags)s::text[]) FROM e
), v AS (
    INSERT INTO {BARE}.vector_embeddings (memory_id, embedding, embedding_model) SELECT e.memory_id, %(v)b, %(model)s FROM e
)
SELECT memory_id FROM e"""


class Writes:
    """New memories to write: a context item with two tags and an embedding, in an existing session.
    Made ahead of the clock; `batch(n)` gives n of them, calling the object gives the next one."""

    def __init__(self, w: Workload, seed: int):
        self.w, self.rng, self.nrng = w, random.Random(seed), np.random.default_rng(seed)
        self.lock = threading.Lock()
        self.buffer: list[dict] = []

    def batch(self, n: int) -> list[dict]:
        sessions = [self.rng.randrange(len(self.w.session_ids)) for _ in range(n)]
        topics = self.w.session_topic[sessions] if n else np.zeros(0, dtype=int)
        vectors = self.w.vectors(self.nrng, topics)
        return [{"id": f"m-{uuid.UUID(int=self.rng.getrandbits(128), version=4)}", "type": "context",
                 "content": Jsonb({"text": text(self.rng, self.rng.choice(TOPICS[TOPIC_NAMES[topic]][4])),
                                   "topic": TOPIC_NAMES[topic]}),
                 "session": self.w.session_ids[s], "tags": ["bench", TOPIC_NAMES[topic]],
                 "priority": self.rng.randint(1, 10), "v": v, "model": EMBEDDING_MODEL}
                for s, topic, v in zip(sessions, topics, vectors)]

    def __call__(self, _item=None) -> dict:
        with self.lock:
            if not self.buffer:
                self.buffer = self.batch(256)
            return self.buffer.pop()


def measure_reads(conns, pool, size, result):
    api, impl, bare = conns["api"], conns["impl"], conns["bare"]
    items = pool[:size.queries]
    with phase("read by id"):
        lat, out = interleaved("read by id", items, {
            "ours": lambda m: ids(api, READ_API, (m,)),
            "impl": lambda m: ids(impl, READ_IMPL, (m,)),
            "baseline": lambda m: ids(bare, READ_BARE, (m,)),
            "baseline_with_tags": lambda m: ids(bare, READ_BARE_TAGS, (m,)),
            "audit_row_only": lambda m: ids(impl, AUDIT_ONLY, (m, m)) and [m],
            "ours_async_commit": lambda m: ids(conns["api_async"], READ_API, (m,)),
            "floor_audited_sql": lambda m: ids(conns["floor"], READ_FLOOR, (m,)),
        }, size.warmup)
    wrong = sum(r != [m] for side in out for r, m in zip(out[side], items[size.warmup:]))
    result["latency"]["read_by_id"] = comparison(lat) | {"wrong_answers": wrong}


def measure_semantic(conns, w, q, exact, bare_exact, size, result):
    api, impl, bare = conns["api"], conns["impl"], conns["bare"]
    n, skip = size.queries, size.warmup
    before = hnsw_scans(conns["stats"])
    with phase("semantic top-10"):
        lat, out = interleaved("semantic top-10", list(q["semantic"][:n]), {
            "ours": lambda v: ids(api, SEMANTIC_API.format(f=""), {"v": v}),
            "ours_async_commit": lambda v: ids(conns["api_async"], SEMANTIC_API.format(f=""), {"v": v}),
            "impl": lambda v: ids(impl, SEMANTIC_IMPL.format(f=""), {"v": v}),
            "baseline": lambda v: ids(bare, SEMANTIC_BARE, {"v": v}),
            # Diagnostics: the baseline at ef_search 100, and the package's own index under the bare query
            # (separates the index build's recall from the API path's).
            "baseline_ef_search_100": lambda v: ids(conns["bare_ef100"], SEMANTIC_BARE, {"v": v}),
            "store_index_bare_query": lambda v: ids(impl, SEMANTIC_STORE, {"v": v}),
            "baseline_with_rows": lambda v: ids(bare, WITH_ROWS.format(SEMANTIC_BARE), {"v": v}),
        }, skip)
    flush_stats(api, impl, bare, conns["api_async"], conns["bare_ef100"])
    time.sleep(0.5)
    after = hnsw_scans(conns["stats"])
    entry = comparison(lat)
    visible, everything = exact.answers("visible")[skip:n], bare_exact.answers("all")[skip:n]
    entry["recall_at_10"] = {"ours": recall(out["ours"], visible), "impl": recall(out["impl"], visible),
                             "ours_async_commit": recall(out["ours_async_commit"], visible),
                             "baseline": recall(out["baseline"], everything),
                             "baseline_ef_search_100": recall(out["baseline_ef_search_100"], everything),
                             "store_index_bare_query": recall(out["store_index_bare_query"],
                                                              exact.answers("all")[skip:n])}
    # Each side searched its own HNSW index on every query (the bare index once, ours once per call and impl).
    entry["hnsw_index_scans"] = {"memory_store": after.get("memory_store", 0) - before.get("memory_store", 0),
                                 BARE: after.get(BARE, 0) - before.get(BARE, 0), "queries": n}
    entry["exact_check"] = exact_check(conns["exact"], q["semantic"][:3], bare_exact.answers("all")[:3])
    result["latency"]["semantic"] = entry

    for name, (api_arg, bare_cond) in FILTERS.items():
        vectors, values = q[f"{name}_vectors"][:n], q[name][:n]
        if name == "user":
            values = [f"user-{u:03d}" for u in values]
        elif name == "session":
            values = [w.session_ids[s] for s in values]
        else:
            values = [TYPE_NAMES[x] for x in values]
        items = [{"v": v, "f": f} for v, f in zip(vectors, values)]
        with phase(f"filtered semantic top-10: one {name}"):
            lat, out = interleaved(f"semantic, one {name}", items, {
                "ours": lambda p: ids(api, SEMANTIC_API.format(f=api_arg), p),
                "baseline": lambda p: ids(conns["bare_iterative"], FILTERED_BARE.format(f=bare_cond), p),
                "baseline_plain": lambda p: ids(bare, FILTERED_BARE.format(f=bare_cond), p),
                "baseline_with_rows": lambda p: ids(conns["bare_iterative"],
                                                    WITH_ROWS.format(FILTERED_BARE.format(f=bare_cond)), p),
            }, skip)
        truth, bare_truth = exact.answers(name)[skip:n], bare_exact.answers(name)[skip:n]
        entry = comparison(lat)
        entry["recall_at_10"] = {side: recall(out[side], truth if side == "ours" else bare_truth) for side in out}
        entry["queries_with_no_match"] = int(sum(not t for t in truth))
        entry["mean_matches"] = round(float(np.mean(exact.eligible[name][skip:n])), 1)
        result["latency"][f"semantic_{name}"] = entry


AUTO_EXPLAIN = ["LOAD 'auto_explain'", "SET auto_explain.log_min_duration = 0", "SET auto_explain.log_analyze = on",
                "SET auto_explain.log_timing = off", "SET auto_explain.log_nested_statements = on",
                "SET auto_explain.log_format = 'json'",
                "SET auto_explain.log_level = 'notice'"]


def plan_facts(message: str) -> dict | None:
    """Duration, HNSW rows and partition fan-out of one auto_explain NOTICE."""
    found = re.match(r"duration: ([\d.]+) ms\s+plan:\s*(\{.*)", message, re.S)
    if not found:
        return None
    doc = json.loads(found.group(2))
    facts = {"ms": float(found.group(1)), "query": doc.get("Query Text", ""), "hnsw_rows": 0, "partitions": 0}

    def walk(node):
        if node.get("Node Type") == "Index Scan" and "Order By" in node:   # an HNSW scan orders by distance
            facts["hnsw_rows"] += node.get("Actual Rows", 0) * node.get("Actual Loops", 1)
        if node.get("Node Type") == "Append" and node.get("Actual Loops", 1) > 1:   # probed once per candidate
            # partitions really probed per candidate (run-time pruning skips the others), not the plan's children
            probed = sum(child.get("Actual Loops", 0) for child in node.get("Plans", [])) / node["Actual Loops"]
            facts["partitions"] = max(facts["partitions"], round(probed, 1))
        for child in node.get("Plans", []):
            walk(child)

    walk(doc["Plan"])
    return facts


def diagnose(t, dbname, w, q, result, per_case: int = 5):
    """Where a semantic search's time goes: auto_explain (sent as NOTICEs) of the statements run inside
    memory_store.search_semantic_direct and of the baseline's statement, for a few queries per case.
    Diagnosis only: auto_explain's timing adds overhead, the latency table does not use it."""
    notices: list[str] = []
    cases = {"semantic": ("", SEMANTIC_BARE, q["semantic"], [None] * len(q["semantic"]))}
    for name, (api_arg, cond) in FILTERS.items():
        values = {"user": [f"user-{u:03d}" for u in q["user"]], "session": [w.session_ids[s] for s in q["session"]],
                  "type": [TYPE_NAMES[x] for x in q["type"]]}[name]
        cases[f"semantic_{name}"] = (api_arg, FILTERED_BARE.format(f=cond), q[f"{name}_vectors"], values)
    out = result["diagnosis"] = {}
    with connect(t, dbname, role=False, settings=ITERATIVE) as conn, phase("diagnosis: auto_explain of semantic searches"):
        conn.add_notice_handler(lambda d: notices.append(d.message_primary or ""))
        for statement in AUTO_EXPLAIN:
            conn.execute(statement)
        for case, (api_arg, bare_sql, vectors, values) in cases.items():
            rows = []
            for v, f in list(zip(vectors, values))[:per_case + 1]:
                notices.clear()
                start = time.perf_counter()
                conn.execute(SEMANTIC_IMPL.format(f=api_arg), {"v": v, "f": f}).fetchall()
                impl_ms = (time.perf_counter() - start) * 1000
                facts = [x for x in map(plan_facts, notices) if x]
                candidates = next(x for x in facts if "search_semantic_scan(" in x["query"])
                tags = sum(x["ms"] for x in facts if "FROM memory_store.memory_tags t WHERE t.memory_id" in x["query"])
                notices.clear()
                conn.execute(bare_sql if case != "semantic" else SEMANTIC_BARE, {"v": v, "f": f}).fetchall()
                bare = next(x for x in map(plan_facts, notices) if x)
                rows.append({"impl_call_ms": impl_ms, "statement_ms": candidates["ms"],
                             "hnsw_candidates": candidates["hnsw_rows"], "partitions_per_candidate": candidates["partitions"],
                             "tags_of_ms": tags, "baseline_statement_ms": bare["ms"],
                             "baseline_hnsw_candidates": bare["hnsw_rows"]})
            rows = rows[1:]   # the first call of a case warms the caches
            out[case] = {k: round(float(np.median([r[k] for r in rows])), 3) for k in rows[0]} | {"queries": len(rows)}


def exact_check(conn, vectors, truth) -> dict:
    """The brute-force answers in SQL (no index) against numpy's, for a few queries."""
    agree = []
    conn.execute("SET enable_indexscan = off")
    for v, t in zip(vectors, truth):
        got = set(ids(conn, SEMANTIC_BARE, {"v": v}))
        agree.append(len(got & t) / max(1, len(t)))
    conn.execute("RESET enable_indexscan")
    return {"queries": len(agree), "agreement": round(float(np.mean(agree)), 4) if agree else None}


ANY_TERM = ("SELECT coalesce(match_query, ''::tsquery)::text, coalesce(rank_query, ''::tsquery)::text "
            "FROM memory_store.search_any_term(memory_store.search_tsquery(%s))")


def any_term(conn, text: str) -> dict:
    """The any-term match and rank tsqueries of a keyword query, for the baseline's statements."""
    mq, rq = conn.execute(ANY_TERM, (text,)).fetchone()
    return {"mq": mq, "rq": rq}


def measure_tenants(t, dbname, w, q, exact, bare_exact, size, result):
    """Semantic top-10 of an agent acting for the largest and for the smallest user (Zipf sizes), against
    the bare filtered statement for that user; recall, and how often fewer than k came back while k exist."""
    n, skip = size.queries, size.warmup
    sizes = w.user_memories()
    for name, user in tenants(w).items():
        uid = w.user_id(user)
        agent = api_connection(t, dbname, user_id=uid)
        bare = connect(t, dbname, settings=ITERATIVE)
        try:
            items = [{"v": v, "f": uid} for v in q["tenant_vectors"][:n]]
            with phase(f"semantic top-10 as the agent of the {name.replace('large', 'larg')}est user ({uid}, "
                       f"{sizes[user]:,} memories)"):
                lat, out = interleaved(f"tenant {name}", items, {
                    "ours": lambda p: ids(agent, SEMANTIC_API.format(f=""), p),
                    "baseline": lambda p: ids(bare, FILTERED_BARE.format(f=FILTERS["user"][1]), p),
                }, skip)
        finally:
            agent.close()
            bare.close()
        truth = {"ours": exact.answers(f"tenant_{name}")[skip:n],
                 "baseline": bare_exact.answers(f"tenant_{name}")[skip:n]}
        eligible = {"ours": exact.eligible[f"tenant_{name}"][skip:n],
                    "baseline": bare_exact.eligible[f"tenant_{name}"][skip:n]}
        entry = comparison(lat)
        entry["user"], entry["memories"] = uid, int(sizes[user])
        entry["embeddings_visible"] = int(eligible["ours"][0])
        entry["recall_at_10"] = {side: recall(out[side], truth[side]) for side in out}
        entry["fewer_than_k"] = {side: int(sum(len(r) < min(K, e) for r, e in zip(out[side], eligible[side])))
                                 for side in out}
        result["latency"][f"tenant_{name}"] = entry


def measure_worst_query(t, dbname, w, result, calls: int = 30):
    """The worst legal keyword and hybrid query: as many distinct terms as the budget allows, the most common
    words of the corpus, asked by the agent of the largest user; the memories it matches are counted."""
    uid = w.user_id(tenants(w)["large"])
    with connect(t, dbname, role=False) as conn:
        limit = conn.execute("SELECT max_query_terms FROM memory_store.search_budget()").fetchone()[0]
        words = [r[0] for r in conn.execute(
            f"SELECT word FROM ts_stat('SELECT to_tsvector(''english'', text_content) FROM {BARE}.memory_entries "
            f"TABLESAMPLE SYSTEM (10) REPEATABLE (1)') WHERE length(word) > 2 ORDER BY ndoc DESC, word LIMIT {limit}")]
        query = " ".join(words)
        terms = conn.execute("SELECT count(DISTINCT m[1]) FROM regexp_matches(memory_store.search_tsquery(%s)::text, "
                             "$$'((?:[^']|'')*)'$$, 'g') m", (query,)).fetchone()[0]
        mq = any_term(conn, query)["mq"]
        matching = conn.execute(f"SELECT count(*) FROM memory_store.memory_entries me WHERE me.user_id = %s AND "
                                f"to_tsvector('english', me.text_content) @@ %s::tsquery AND {VISIBLE}",
                                (uid, mq)).fetchone()[0]
    agent = api_connection(t, dbname, user_id=uid)
    vector = w.vectors(np.random.default_rng(11), np.array([0]))[0]
    out = {"query": query, "distinct_terms": terms, "term_budget": limit, "user": uid, "matching_memories": matching}
    try:
        with phase(f"worst legal keyword and hybrid query: {terms} terms, {matching:,} matching memories"):
            for name, sql_, params in (("keyword", KEYWORD_API.format(f=""), {"q": query}),
                                       ("hybrid", HYBRID_API.format(f=""), {"q": query, "v": vector})):
                ms = []
                for _ in range(calls + 3):
                    start = time.perf_counter()
                    agent.execute(sql_, params, prepare=True).fetchall()
                    ms.append((time.perf_counter() - start) * 1000)
                out[name] = stats(ms[3:]) | {"max_ms": round(max(ms[3:]), 3)}
    finally:
        agent.close()
    result["worst_query"] = out


# Sizes of the two phases in databases of their own: (quality corpus, questions), (LangGraph memories, users)
EXTRA = {"tiny": ((600, 30), (1_000, 10)), "default": ((4_000, 150), (20_000, 50)), "year": ((4_000, 150), (20_000, 50))}


def measure_quality(t, dbname, size_name, result):
    """Recall@10 and nDCG@10 of keyword, semantic and hybrid search (bench/retrieval_quality.py)."""
    import retrieval_quality
    memories, questions = EXTRA[size_name][0]
    name = f"{dbname}_quality"
    with phase(f"retrieval quality: {memories:,} memories, {questions} questions with known answers"):
        recreate_database(t, name)
        deploy(t, name, [])
        try:
            result["quality"] = retrieval_quality.measure(t.uri(name), memories, questions)
        finally:
            recreate_database(t, name, drop_only=True)


def measure_langgraph(t, dbname, size_name, size, result):
    """Put, get and per-user search against LangGraph's PostgresStore (bench/langgraph_store.py)."""
    import langgraph_store
    memories, users = EXTRA[size_name][1]
    result["langgraph"] = langgraph_store.measure(t, f"{dbname}_langgraph", memories, users, size.queries,
                                                  size.warmup)


def measure_text(conns, q, size, result):
    api, bare = conns["api"], conns["bare"]
    n, w = size.queries, size.warmup
    users = [f"user-{u:03d}" for u in q["user"][:n]]
    cases = {
        "keyword": (KEYWORD_API.format(f=""), KEYWORD_BARE.format(f=""), bare),
        "keyword_user": (KEYWORD_API.format(f=", p_user_id => %(u)s"), KEYWORD_BARE.format(f=USER_FILTER_BARE), bare),
        "hybrid": (HYBRID_API.format(f=""), HYBRID_BARE.format(f=""), conns["bare_hybrid"]),
        "hybrid_user": (HYBRID_API.format(f=", p_user_id => %(u)s"), HYBRID_BARE.format(f=USER_FILTER_BARE),
                        conns["bare_hybrid"]),
    }
    items = [{"q": text, "v": v, "u": u} | any_term(conns["impl"], text)
             for text, v, u in zip(q["keyword"][:n], q["semantic"][:n], users)]
    for name, (ours, base, base_conn) in cases.items():
        with phase(name.replace("_", " search, one ") if "_" in name else f"{name} search"):
            lat, out = interleaved(name, items, {"ours": lambda p: ids(api, ours, p),
                                                 "baseline": lambda p: ids(base_conn, base, p)}, w)
        entry = comparison(lat)
        entry["same_answer"] = round(float(np.mean([a == b for a, b in zip(out["ours"], out["baseline"])])), 4)
        entry["mean_results"] = round(float(np.mean([len(a) for a in out["ours"]])), 2)
        result["latency"][name] = entry

    items = [{"u": f"user-{u:03d}", "t": t} for u, t in zip(q["batch_user"][:n], q["batch_types"][:n])]
    with phase("batch read with filters"):
        lat, out = interleaved("batch read", items, {"ours": lambda p: ids(api, BATCH_API, p),
                                                     "baseline": lambda p: ids(bare, BATCH_BARE, p)}, w)
    entry = comparison(lat)
    totals = [(a[0] if a else 0) == (b[0] if b else 0) for a, b in zip(out["ours"], out["baseline"])]
    entry["same_total"] = round(float(np.mean(totals)), 4)
    result["latency"]["batch_read"] = entry


def measure_writes(conns, writes: Writes, size, result):
    api, impl, bare = conns["api"], conns["impl"], conns["bare"]
    with phase("write: memory with tags and an embedding"):
        lat, out = interleaved("writes", writes.batch(size.queries), {   # the same rows on every side
            "ours": lambda p: ids(api, CREATE_API, p),
            "impl": lambda p: ids(impl, CREATE_IMPL, p),
            "baseline": lambda p: ids(bare, CREATE_BARE, p),
        }, size.warmup)
    result["latency"]["write"] = comparison(lat) | {"rows_written": {k: len(v) for k, v in out.items()}}


def throughput(make, items: list, clients: int, ops: int) -> float:
    """Operations per second of CLIENTS threads, each with its own connection, OPS operations each
    (client c takes items c*ops, c*ops+1, ... cyclically)."""
    runners = [make() for _ in range(clients)]
    barrier = threading.Barrier(clients + 1)

    def work(c):
        run = runners[c][0]
        barrier.wait()
        for j in range(ops):
            run(items[(c * ops + j) % len(items)])

    threads = [threading.Thread(target=work, args=(c,)) for c in range(clients)]
    for th in threads:
        th.start()
    barrier.wait()
    start = time.perf_counter()
    for th in threads:
        th.join()
    elapsed = time.perf_counter() - start
    for _, conn in runners:
        conn.close()
    return clients * ops / elapsed


def measure_throughput(t, dbname, pool, q, writes, size, clients_list, result):
    def runner(connect_, query, param):
        def make():
            conn = connect_()
            return (lambda item: conn.execute(query, param(item), prepare=True).fetchall()), conn
        return make

    api = lambda: api_connection(t, dbname)  # noqa: E731
    bare = lambda: connect(t, dbname)  # noqa: E731
    same = lambda x: x  # noqa: E731
    cases = {  # items of a block (new rows for every block of writes), our runner, the baseline's
        "read_by_id": (lambda n: pool, runner(api, READ_API, lambda m: (m,)), runner(bare, READ_BARE, lambda m: (m,))),
        "semantic": (lambda n: list(q["semantic"]), runner(api, SEMANTIC_API.format(f=""), lambda v: {"v": v}),
                     runner(bare, SEMANTIC_BARE, lambda v: {"v": v})),
        "write": (writes.batch, runner(api, CREATE_API, same), runner(bare, CREATE_BARE, same)),
    }
    out = result["throughput"] = {}
    for name, (block_items, ours, base) in cases.items():
        out[name] = {}
        for clients in clients_list:
            with phase(f"throughput: {name}, {clients} client(s)"):
                done = {"ours": [], "baseline": []}
                for round_ in range(2):   # ours, baseline, baseline, ours: drift hits both alike
                    for side, make in ((("ours", ours), ("baseline", base)) if round_ == 0
                                       else (("baseline", base), ("ours", ours))):
                        done[side].append(throughput(make, block_items(clients * size.ops), clients, size.ops))
                ours_ops, base_ops = float(np.mean(done["ours"])), float(np.mean(done["baseline"]))
                out[name][str(clients)] = {"ours_ops_per_s": round(ours_ops, 1), "baseline_ops_per_s": round(base_ops, 1),
                                           "cost_ratio": round(base_ops / ours_ops, 3), "ops_per_block": clients * size.ops}
                log(f"  {name}, {clients} client(s): ours {ours_ops:,.0f}/s, baseline {base_ops:,.0f}/s")


def expired_chunk(w: Workload, n: int, seed: int) -> Chunk:
    """N memories that expired an hour ago (two tags each, one in ten with an embedding)."""
    rng, nrng = random.Random(seed), np.random.default_rng(seed)
    now = datetime.datetime.now(datetime.timezone.utc)
    created, expired = now - datetime.timedelta(hours=2), now - datetime.timedelta(hours=1)
    c = Chunk()
    for i in range(n):
        memory_id = f"exp-{uuid.UUID(int=rng.getrandbits(128), version=4)}"
        session = w.session_ids[rng.randrange(len(w.session_ids))]
        c.memories.append((memory_id, session, "conversation", {"text": f"Short-lived note {i}"}, "bench-agent",
                           created, created, expired, 5, True))
        c.tags += [(memory_id, "expiring"), (memory_id, "bench")]
        if i % 10 == 0:
            c.embedding_ids.append(memory_id)
    c.vectors = w.vectors(nrng, nrng.integers(len(TOPIC_NAMES), size=len(c.embedding_ids)))
    return c


def measure_purge(t, dbname, w, size, result):
    chunk = expired_chunk(w, size.purge, seed=11)
    batch = 5000
    with connect(t, dbname, role=False) as admin, phase("TTL purge: insert expired memories"):
        copy_chunk(admin, "memory_store", chunk)
        copy_chunk(admin, BARE, chunk)
        for schema in ("memory_store", BARE):
            admin.execute(f"ANALYZE {schema}.memory_entries")
    with connect(t, dbname) as conn, phase("TTL purge"):
        start = time.perf_counter()
        conn.execute("CALL memory_store.purge_expired(p_batch_size => %s)", (batch,))
        ours_s = time.perf_counter() - start
        ours_rows = conn.execute("SELECT rows_affected FROM memory_store.job_runs WHERE job_name = 'purge_expired' "
                                 "ORDER BY run_id DESC LIMIT 1").fetchone()[0]
        start, base_rows = time.perf_counter(), 0
        while True:
            deleted = conn.execute(f"""DELETE FROM {BARE}.memory_entries WHERE memory_id IN (
                SELECT memory_id FROM {BARE}.memory_entries WHERE expires_at < now() LIMIT %s FOR UPDATE SKIP LOCKED)""",
                                   (batch,)).rowcount
            base_rows += deleted
            if deleted < batch:
                break
        base_s = time.perf_counter() - start
    result["purge"] = {"memories": size.purge, "embeddings": len(chunk.embedding_ids), "tags": len(chunk.tags),
                       "batch_size": batch, "ours_rows": ours_rows, "baseline_rows": base_rows,
                       "ours_seconds": round(ours_s, 3), "baseline_seconds": round(base_s, 3),
                       "ours_rows_per_s": round(ours_rows / ours_s), "baseline_rows_per_s": round(base_rows / base_s),
                       "cost_ratio": round(ours_s / base_s, 3)}


TS = "CASE jsonb_typeof(r->'{0}') WHEN 'number' THEN to_timestamp((r->>'{0}')::float8) ELSE (r->>'{0}')::timestamptz END"
BARE_IMPORT = [  # the same records into the bare tables, set-based, one transaction per batch of staged lines
    f"""INSERT INTO {BARE}.sessions (session_id, session_type, created_at, updated_at)
        SELECT DISTINCT ON (r->>'session_id') r->>'session_id', 'context', {TS.format('created_at')}, {TS.format('created_at')}
          FROM lines WHERE n > %(lo)s AND n <= %(hi)s AND r->>'session_id' IS NOT NULL
        ON CONFLICT DO NOTHING""",
    f"""INSERT INTO {BARE}.memory_entries (memory_id, session_id, memory_type, content, source_agent, created_at,
                                           updated_at, expires_at)
        SELECT r->>'context_id', r->>'session_id', 'context',
               CASE jsonb_typeof(r->'context_data') WHEN 'object' THEN r->'context_data'
                    ELSE jsonb_build_object('text', r->>'context_data') END,
               r->>'source_agent', {TS.format('created_at')}, {TS.format('created_at')}, {TS.format('expires_at')}
          FROM lines WHERE n > %(lo)s AND n <= %(hi)s""",
    f"""INSERT INTO {BARE}.memory_tags (memory_id, tag)
        SELECT DISTINCT r->>'context_id', tag FROM lines, jsonb_array_elements_text(r->'tags') AS tag
         WHERE n > %(lo)s AND n <= %(hi)s""",
    f"""INSERT INTO {BARE}.vector_embeddings (memory_id, embedding, embedding_model)
        SELECT r->>'context_id', (r->>'embedding')::extensions.vector(1536),
               coalesce(r->>'embedding_model', 'text-embedding-ada-002')
          FROM lines WHERE n > %(lo)s AND n <= %(hi)s AND jsonb_typeof(r->'embedding') = 'array'""",
]


def measure_import(t, dbname, size, result):
    batch = 500
    with tempfile.TemporaryDirectory() as tmp, phase("legacy import"):
        path = os.path.join(tmp, "contextual.jsonl")
        legacy_samples.generate(path, "contextual", size.imports, seed=5, all_embeddings=True)
        timings: dict = {}
        start = time.perf_counter()
        run = importer.import_file(t.uri(dbname), "contextual", path, batch=batch, progress=False, timings=timings)
        ours_s = time.perf_counter() - start
        log(f"  ours: {run.imported} imported, {run.rejected} rejected in {ours_s:.1f} s")
        with connect(t, dbname) as conn:
            start = time.perf_counter()
            conn.execute("CREATE TEMP TABLE lines (n integer, r jsonb)")
            with conn.cursor().copy("COPY lines (n, r) FROM STDIN") as copy:
                for n, record in enumerate(importer.iter_records(path), start=1):
                    copy.write_row((n, record.text))
            for lo in range(0, size.imports, batch):
                with conn.transaction():
                    for statement in BARE_IMPORT:
                        conn.execute(statement, {"lo": lo, "hi": lo + batch})
            base_s = time.perf_counter() - start
            base_rows = conn.execute(f"SELECT count(*) FROM {BARE}.memory_entries me JOIN lines "
                                     "ON me.memory_id = lines.r->>'context_id'").fetchone()[0]
    result["import"] = {"records": size.imports, "with_embeddings": size.imports, "batch": batch,
                        "ours_imported": run.imported, "ours_rejected": run.rejected, "baseline_rows": base_rows,
                        "ours_seconds": round(ours_s, 2), "ours_phases": {k: round(v, 2) for k, v in timings.items()},
                        "baseline_seconds": round(base_s, 2),
                        "ours_records_per_s": round(run.imported / ours_s, 1),
                        "baseline_records_per_s": round(base_rows / base_s, 1), "cost_ratio": round(ours_s / base_s, 3)}


def measure_soak(t, dbname, pool, q, writes, operations, result, clients=2):
    """Mixed API traffic from two agents, a fixed number of operations: errors and latency."""
    mix = [("read", 35), ("write", 20), ("semantic", 20), ("semantic_user", 10), ("keyword", 10), ("batch_read", 5)]
    per_client = operations // clients
    latency = {op: [] for op, _ in mix}
    errors: dict[str, int] = {}
    lock = threading.Lock()

    def client(c):
        rng = random.Random(100 + c)
        conn = api_connection(t, dbname)
        mine = {op: [] for op, _ in mix}
        for _ in range(per_client):
            op = rng.choices([o for o, _ in mix], [wt for _, wt in mix])[0]
            i = rng.randrange(len(q["semantic"]))
            query, params = {
                "read": (READ_API, (rng.choice(pool),)),
                "write": (CREATE_API, writes()),
                "semantic": (SEMANTIC_API.format(f=""), {"v": q["semantic"][i]}),
                "semantic_user": (SEMANTIC_API.format(f=FILTERS["user"][0]),
                                  {"v": q["user_vectors"][i], "f": f"user-{q['user'][i]:03d}"}),
                "keyword": (KEYWORD_API.format(f=""), {"q": q["keyword"][i]}),
                "batch_read": (BATCH_API, {"u": f"user-{q['batch_user'][i]:03d}", "t": q["batch_types"][i]}),
            }[op]
            start = time.perf_counter()
            try:
                conn.execute(query, params, prepare=True).fetchall()
            except psycopg.Error as e:
                with lock:
                    errors[e.sqlstate or type(e).__name__] = errors.get(e.sqlstate or type(e).__name__, 0) + 1
                continue
            mine[op].append((time.perf_counter() - start) * 1000)
        conn.close()
        with lock:
            for op in mine:
                latency[op] += mine[op]

    with phase(f"soak: {operations} mixed operations, {clients} clients"):
        threads = [threading.Thread(target=client, args=(c,)) for c in range(clients)]
        start = time.perf_counter()
        for th in threads:
            th.start()
        for th in threads:
            th.join()
        elapsed = time.perf_counter() - start
    everything = [x for v in latency.values() for x in v]
    result["soak"] = {"operations": per_client * clients, "clients": clients, "errors": sum(errors.values()),
                      "errors_by_sqlstate": errors, "seconds": round(elapsed, 2),
                      "ops_per_s": round(per_client * clients / elapsed, 1), **stats(everything),
                      "per_operation": {op: stats(v) for op, v in latency.items()}}


# --- tuning ----------------------------------------------------------------------

GRID = [("vector", 16, 64), ("vector", 16, 128), ("vector", 24, 64), ("vector", 24, 128), ("halfvec", 16, 64)]
EF_SEARCHES = (40, 100, 200)


def tuning(t, dbname, w, q, bare_exact, size, result):
    """HNSW m / ef_construction / ef_search and vector vs halfvec storage: one copy of the baseline's
    embeddings per build (so the package's and the baseline's indexes stay as they are), then every query
    on every copy and ef_search in one interleaved loop, so load on the machine hits all alike; then the
    cost of inserting a new embedding into each graph (what a write pays), likewise interleaved. Then two
    builds with other build settings."""
    n, skip = size.queries, size.warmup
    truth = bare_exact.answers("all")[skip:n]   # the copies are of the baseline's embeddings
    out = result["tuning"] = {"grid": [], "build_settings": []}
    conns = []
    with connect(t, dbname, role=False) as conn:
        conn.execute("DROP SCHEMA IF EXISTS bench_tune CASCADE")
        conn.execute("CREATE SCHEMA bench_tune")
        conn.execute("SELECT set_config('maintenance_work_mem', %s, false)", (build_maintenance_work_mem(t, dbname, 1.0),))

        def build(table, storage, m, efc):
            conn.execute(f"CREATE TABLE bench_tune.{table} AS SELECT memory_id, embedding::extensions.{storage}(1536) "
                         f"AS embedding FROM {BARE}.vector_embeddings")
            conn.execute(f"VACUUM ANALYZE bench_tune.{table}")
            start = time.perf_counter()
            conn.execute(f"CREATE INDEX ON bench_tune.{table} USING hnsw (embedding {storage}_cosine_ops) "
                         f"WITH (m = {m}, ef_construction = {efc})")
            seconds = time.perf_counter() - start
            sizes = conn.execute(f"SELECT pg_table_size('bench_tune.{table}'), pg_indexes_size('bench_tune.{table}')").fetchone()
            return {"build_seconds": round(seconds, 2), "table_bytes": sizes[0], "index_bytes": sizes[1]}

        runners = {}
        for storage, m, efc in GRID:
            table = f"{storage}_m{m}_efc{efc}"
            with phase(f"tuning: build HNSW {storage} m={m} ef_construction={efc}"):
                out["grid"].append({"storage": storage, "m": m, "ef_construction": efc} | build(table, storage, m, efc))
            query = f"SELECT memory_id FROM bench_tune.{table} ORDER BY embedding <=> %(v)b::extensions.{storage}(1536) LIMIT 10"
            for ef in EF_SEARCHES:
                c = connect(t, dbname, role=False, settings={"hnsw.ef_search": ef})
                conns.append(c)
                runners[(table, ef)] = (lambda c_, q_: lambda v: ids(c_, q_, {"v": v}))(c, query)
        try:
            with phase("tuning: searches, every build and ef_search interleaved"):
                lat, res = interleaved("tuning searches", list(q["semantic"][:n]), runners, skip)
        finally:
            for c in conns:
                c.close()
        for entry in out["grid"]:
            table = f"{entry['storage']}_m{entry['m']}_efc{entry['ef_construction']}"
            entry["ef_search"] = {str(ef): lat[(table, ef)] | {"recall_at_10": recall(res[(table, ef)], truth)}
                                  for ef in EF_SEARCHES}
        rng = np.random.default_rng(size.queries)
        new = [(f"tune-{i}", v) for i, v in enumerate(w.vectors(rng, rng.integers(len(TOPIC_NAMES), size=n)))]
        inserts = {g["storage"] + f"_m{g['m']}_efc{g['ef_construction']}": g["storage"] for g in out["grid"]}
        with phase("tuning: inserts into every build interleaved"):
            lat, _ = interleaved("tuning inserts", new, {
                table: (lambda tb, st: lambda item: conn.execute(
                    f"INSERT INTO bench_tune.{tb} (memory_id, embedding) VALUES (%s, %b::extensions.{st}(1536))",
                    item, prepare=True) and [])(table, storage)
                for table, storage in inserts.items()}, skip)
        for entry in out["grid"]:
            entry["insert"] = lat[f"{entry['storage']}_m{entry['m']}_efc{entry['ef_construction']}"]
        for mem, workers in (("256MB", 1), ("2GB", 0)):
            with phase(f"tuning: build with maintenance_work_mem={mem}, {workers} parallel worker(s)"):
                conn.execute("SELECT set_config('maintenance_work_mem', %s, false)", (mem,))
                conn.execute("SELECT set_config('max_parallel_maintenance_workers', %s, false)", (str(workers),))
                entry = {"maintenance_work_mem": mem, "max_parallel_maintenance_workers": workers, "m": 16,
                         "ef_construction": 64} | build(f"settings_{mem.lower()}_{workers}", "vector", 16, 64)
            out["build_settings"].append(entry)
        conn.execute("DROP SCHEMA bench_tune CASCADE")


# --- main --------------------------------------------------------------------------

def parse_args(argv=None):
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--size", choices=SIZES, default="default")
    p.add_argument("--fraction", type=float, default=1.0,
                   help="load this share of the size's memories (same users, same year); for partial year runs")
    p.add_argument("--baseline-share", type=float, default=1.0,
                   help="load this share of the chunks into the baseline schema too (one chunk in round(1/share)); "
                   "for year runs, where both schemas at full size do not fit on the disk")
    p.add_argument("--build-memory", help="maintenance_work_mem of the index builds, e.g. 12GB (default: the "
                   "cluster's, times --fraction); an HNSW graph larger than it spills to disk and builds far slower")
    p.add_argument("--clients", default="1,2", help="concurrent clients in the throughput phase (default 1,2)")
    p.add_argument("--tune", action="store_true", help="also run the tuning study (HNSW grid, halfvec, build settings)")
    p.add_argument("--soak-ops", type=int, help="operations of the soak phase, over 2 clients (default: the "
                   "size's; 0 skips it)")
    p.add_argument("--dbname", help="database to (re)create (default mo_bench_<size>)")
    p.add_argument("--keep", action="store_true", help="keep the database afterwards")
    p.add_argument("--out", type=Path, default=HERE / "results")
    p.add_argument("--update-docs", action="store_true", help="rewrite the table between the bench markers of "
                   "docs/benchmarks.md")
    p.add_argument("--hnsw-m", type=int, default=16)
    p.add_argument("--hnsw-ef-construction", type=int, default=64)
    p.add_argument("--chunk", type=int, default=20_000, help="memories per COPY chunk")
    p.add_argument("--seed", type=int, default=7)
    args = p.parse_args(argv)
    if not 0 < args.fraction <= 1:
        p.error("--fraction must be in (0, 1]")
    if not 0 < args.baseline_share <= 1:
        p.error("--baseline-share must be in (0, 1]")
    args.clients = [int(c) for c in args.clients.split(",")]
    args.queries = SIZES[args.size].queries
    return args


def machine() -> dict:
    mem_kb = next(int(line.split()[1]) for line in open("/proc/meminfo") if line.startswith("MemTotal"))
    return {"cpus": os.cpu_count(), "memory_gb": round(mem_kb / 2**20, 1), "platform": platform.platform(),
            "python": platform.python_version()}


def main(argv=None) -> Path:
    args = parse_args(argv)
    size = SIZES[args.size]
    memories = max(1, round(size.memories * args.fraction))
    label = args.size if args.fraction == 1 else f"{args.size}-{args.fraction * 100:g}pct"
    dbname = args.dbname or f"mo_bench_{args.size}"
    t = target.current()
    today = datetime.date.today().isoformat()
    command = "invoke bench --size " + args.size + (f" --fraction {args.fraction:g}" if args.fraction != 1 else "") + \
              (" --tune" if args.tune else "") + \
              (f" --baseline-share {args.baseline_share:g}" if args.baseline_share != 1 else "") + \
              (f" --build-memory {args.build_memory}" if args.build_memory else "")
    result: dict = {"meta": {"date": today, "size": args.size, "fraction": args.fraction, "label": label,
                             "baseline_share": args.baseline_share,
                             "command": command, "database": dbname, "users": size.users, "seed": args.seed,
                             "size_parameters": asdict(size), "measured_queries": size.queries - size.warmup,
                             "warmup": size.warmup, "clients": args.clients,
                             "hnsw": {"m": args.hnsw_m, "ef_construction": args.hnsw_ef_construction},
                             "machine": machine(), "load_average_start": [round(x, 2) for x in os.getloadavg()]},
                    "latency": {}}
    git = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True)
    result["meta"]["git_commit"] = git.stdout.strip() or "unknown"

    log(f"benchmark {label}: {memories:,} memories, database {dbname}")
    with phase("set-up: create database, sqitch deploy, baseline schema"):
        ddl = setup(t, dbname, args)
    try:
        w = Workload(memories, size.users, seed=args.seed)
        q = make_queries(w, size.queries, args.seed)
        exact = Exact(exact_sets(q, w))
        bare_exact = exact if args.baseline_share == 1 else Exact(exact_sets(q, w))
        pool = load(t, dbname, w, exact, bare_exact, ddl, args, result)
        with connect(t, dbname, role=False) as conn:
            meta = result["meta"]
            meta["postgres_version"] = conn.execute("SHOW server_version").fetchone()[0]
            meta["pgvector_version"] = conn.execute("SELECT extversion FROM pg_extension WHERE extname = 'vector'").fetchone()[0]
            meta["settings"] = {s: conn.execute(sql.SQL("SHOW {}").format(sql.Identifier(s))).fetchone()[0] for s in SETTINGS}
            result["counts"] = {schema: {tb: conn.execute(f"SELECT count(*) FROM {schema}.{tb}").fetchone()[0] for tb in TABLES}
                                for schema in ("memory_store", BARE)}
            result["sizes"] = {schema: conn.execute(
                "SELECT pg_size_pretty(sum(pg_total_relation_size(c.oid))) FROM pg_class c "
                "WHERE c.relnamespace = %s::regnamespace AND c.relkind = 'r'", (schema,)).fetchone()[0]
                for schema in ("memory_store", BARE)}
            result["sizes"]["database"] = conn.execute("SELECT pg_size_pretty(pg_database_size(current_database()))").fetchone()[0]
            result["sizes"]["database_bytes"] = conn.execute("SELECT pg_database_size(current_database())").fetchone()[0]
        # api_async: the same API calls with synchronous_commit off, i.e. without waiting for the WAL flush of
        # the audit row at commit: how much of a read's cost is that flush.
        conns = {"api": api_connection(t, dbname), "impl": connect(t, dbname, role=False), "bare": connect(t, dbname),
                 "api_async": api_connection(t, dbname, settings={"synchronous_commit": "off"}),
                 "bare_ef100": connect(t, dbname, settings={"hnsw.ef_search": 100}),
                 "bare_iterative": connect(t, dbname, settings=ITERATIVE), "bare_hybrid": connect(t, dbname, settings=HYBRID),
                 "exact": connect(t, dbname), "stats": connect(t, dbname, role=False),
                 # the floor of an audited read writes the access log directly: as the superuser
                 "floor": connect(t, dbname, role=False, settings={"synchronous_commit": "off"})}
        try:
            measure_reads(conns, pool, size, result)
            measure_semantic(conns, w, q, exact, bare_exact, size, result)
            measure_text(conns, q, size, result)
            measure_tenants(t, dbname, w, q, exact, bare_exact, size, result)
            measure_worst_query(t, dbname, w, result)
            diagnose(t, dbname, w, q, result)
            if args.tune:
                tuning(t, dbname, w, q, bare_exact, size, result)
            writes = Writes(w, args.seed + 9)
            measure_writes(conns, writes, size, result)
            measure_throughput(t, dbname, pool, q, writes, size, args.clients, result)
        finally:
            for conn in conns.values():
                conn.close()
        measure_purge(t, dbname, w, size, result)
        measure_quality(t, dbname, args.size, result)
        measure_langgraph(t, dbname, args.size, size, result)
        measure_import(t, dbname, size, result)
        soak_ops = size.soak if args.soak_ops is None else args.soak_ops
        if soak_ops:
            measure_soak(t, dbname, pool, q, Writes(w, args.seed + 10), soak_ops, result)
        with connect(t, dbname, role=False) as conn:
            hit, read = conn.execute("SELECT blks_hit, blks_read FROM pg_stat_database "
                                     "WHERE datname = current_database()").fetchone()
            result["cluster"] = {"buffer_hit_ratio": round(hit / max(1, hit + read), 4), "blocks_read": read}
    finally:
        if not args.keep:
            recreate_database(t, dbname, drop_only=True)

    meta = result["meta"]
    meta["load_average_end"] = [round(x, 2) for x in os.getloadavg()]
    meta["elapsed_seconds"] = round(time.perf_counter() - START, 1)
    meta["python_peak_rss_mb"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)
    result["phases"] = PHASES
    result["targets"] = report.targets(result)
    if args.fraction < 1:
        result["estimate_full"] = report.estimate(result, memories / size.memories)
    args.out.mkdir(parents=True, exist_ok=True)
    stem = args.out / f"{today}-{label}"
    stem.with_suffix(".json").write_text(json.dumps(result, indent=2, default=str) + "\n")
    report.render(stem.with_suffix(".json"), update=args.update_docs)
    print("\n".join(report.main_table(result)))
    for tg in result["targets"]:
        print(f"{ {True: 'holds', False: 'MISSED', None: 'not measured'}[tg['holds']]}: {tg['target']} "
              f"{tg['limit']}: {tg['measured']}")
    log(f"wrote {stem}.json, .md, .png")
    return stem.with_suffix(".json")


if __name__ == "__main__":
    main()
