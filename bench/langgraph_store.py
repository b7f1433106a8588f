"""Ours against LangGraph's PostgresStore (package langgraph-checkpoint-postgres, HNSW index configured) on
the same cluster, the same memories and the same 1536-d vectors, in one run (a phase of `./dev bench`,
bench/harness.py).

A database of its own: the package deployed, and LangGraph's tables (`store`, `store_vectors`, created by
`PostgresStore.setup()` with `index={"dims": 1536, "distance_type": "cosine", "fields": ["text"],
"ann_index_config": {"kind": "hnsw", "m": 16, "ef_construction": 64}}`, the package's own HNSW settings).
MEMORIES memories of USERS users (each with its embedding) are COPied into both, each side's HNSW index
built afterwards. LangGraph keeps a user's memories under the namespace ("users", <user>, "memories"); its
embedding function returns the same vectors (a lookup by text), so no model runs on either side.

Calls, interleaved item by item (the order alternating), client-side p50 / p95:
  put     store.put(namespace, key, {"text": ...})    vs memory.create_memory(... p_embedding => ...)
  get     store.get(namespace, key)                   vs memory.read_memory(id)
  search  store.search(namespace, query=..., limit=10) vs memory.search_semantic(v, p_limit => 10)
          within one user's memories, recall@10 against the exact answers (numpy)
Ours is the agent API as an agent calls it: role mo_bench_client (member of memory_agent) acting for the
user (memory.user_id), audit row included.
"""

from __future__ import annotations

import json
import time
from urllib.parse import quote

import numpy as np

import harness
from harness import BARE, K, api_connection, connect, interleaved, phase, recall
from embedding_partitions import DIM, normalise

INDEX = {"kind": "hnsw", "m": 16, "ef_construction": 64}


def measure(t, dbname: str, memories: int, users: int, queries: int, warmup: int, seed: int = 23) -> dict:
    try:
        from langgraph.store.postgres import PostgresStore
    except ImportError as e:   # the package is in requirements.txt
        return {"reason": f"langgraph-checkpoint-postgres is not installed ({e})"}
    import importlib.metadata as md

    rng = np.random.default_rng(seed)
    centres = normalise(rng.standard_normal((50, DIM)).astype(np.float32))
    def around(count):   # unit vectors around 50 random centres
        return normalise(centres[rng.integers(50, size=count)] +
                         rng.standard_normal((count, DIM)).astype(np.float32) * np.float32(0.8 / np.sqrt(DIM)))

    vectors = around(memories)
    owner = rng.integers(users, size=memories)
    uid = [f"lg-user-{u:02d}" for u in range(users)]
    texts = [f"memory {i} of {uid[owner[i]]}" for i in range(memories)]
    lookup = {s: v for s, v in zip(texts, vectors)}

    def embed(batch: list[str]) -> list[list[float]]:
        return [lookup[s].tolist() for s in batch]

    harness.recreate_database(t, dbname)
    harness.deploy(t, dbname, [])
    out: dict = {"memories": memories, "users": users, "package_version": md.version("langgraph-checkpoint-postgres"),
                 "index": INDEX, "calls": {}}
    uri = t.uri(dbname) + ("&" if "?" in t.uri(dbname) else "?") + "options=" + quote("-c search_path=public,extensions")
    with connect(t, dbname, role=False) as conn, phase("LangGraph comparison: load both stores"):
        harness.ensure_role(conn)
        with PostgresStore.from_conn_string(uri, index={"dims": DIM, "embed": embed, "fields": ["text"],
                                                        "distance_type": "cosine", "ann_index_config": INDEX}) as s:
            s.setup()
        ddl = {name: conn.execute("SELECT pg_get_indexdef(%s::regclass)", (name,)).fetchone()[0]
               for name in ("public.store_vectors_embedding_idx", "memory_store.idx_vector_embeddings_embedding")}
        for name in ddl:
            conn.execute(f"DROP INDEX {name}")
        with conn.cursor() as cur:
            with cur.copy("COPY memory_store.sessions (session_id, user_id, session_type) FROM STDIN") as c:
                for u in uid:
                    c.write_row((f"s-{u}", u, "conversation"))
            with cur.copy("COPY memory_store.memory_entries (memory_id, session_id, memory_type, content) FROM STDIN") as c:
                for i in range(memories):
                    c.write_row((f"m-{i}", f"s-{uid[owner[i]]}", "context", json.dumps({"text": texts[i]})))
            with cur.copy("COPY memory_store.vector_embeddings (memory_id, embedding, embedding_model) "
                          "FROM STDIN (FORMAT BINARY)") as c:
                c.set_types(["varchar", "vector", "varchar"])
                for i in range(memories):
                    c.write_row((f"m-{i}", vectors[i], "m"))
            with cur.copy("COPY public.store (prefix, key, value) FROM STDIN") as c:
                for i in range(memories):
                    c.write_row((f"users.{uid[owner[i]]}.memories", f"m-{i}", json.dumps({"text": texts[i]})))
            with cur.copy("COPY public.store_vectors (prefix, key, field_name, embedding) FROM STDIN (FORMAT BINARY)") as c:
                c.set_types(["text", "text", "text", "vector"])
                for i in range(memories):
                    c.write_row((f"users.{uid[owner[i]]}.memories", f"m-{i}", "text", vectors[i]))
        for statement in ddl.values():
            conn.execute(statement)
        for table in ("memory_store.memory_entries", "memory_store.vector_embeddings", "memory_store.sessions",
                      "public.store", "public.store_vectors"):
            conn.execute(f"VACUUM ANALYZE {table}")

    agent = api_connection(t, dbname)
    try:
        with PostgresStore.from_conn_string(uri, index={"dims": DIM, "embed": embed, "fields": ["text"],
                                                        "distance_type": "cosine", "ann_index_config": INDEX}) as s:
            def act(u):
                agent.execute("SELECT set_config('memory.user_id', %s, false)", (u,))

            # put: new memories of random users, the same text and vector on both sides
            n = queries
            new_owner = rng.integers(users, size=n)
            new_vectors = around(n)
            puts = []
            for j in range(n):
                s_ = f"new memory {j} of {uid[new_owner[j]]}"
                lookup[s_] = new_vectors[j]
                puts.append({"u": uid[new_owner[j]], "text": s_, "v": new_vectors[j], "key": f"new-{j}"})

            def ours_put(p):
                act(p["u"])
                start = time.perf_counter()
                agent.execute("SELECT memory.create_memory(p_memory_type => 'context', p_content => %s::jsonb, "
                              "p_session_id => %s, p_embedding => %s, p_embedding_model => 'm', p_memory_id => %s)",
                              (json.dumps({"text": p["text"]}), f"s-{p['u']}", p["v"], "ours-" + p["key"]),
                              prepare=True).fetchall()
                return time.perf_counter() - start

            def lg_put(p):
                start = time.perf_counter()
                s.put(("users", p["u"], "memories"), p["key"], {"text": p["text"]})
                return time.perf_counter() - start

            gets = [{"u": uid[owner[i]], "i": int(i)} for i in rng.integers(memories, size=n)]

            def ours_get(p):
                act(p["u"])
                start = time.perf_counter()
                rows = agent.execute("SELECT memory_id FROM memory.read_memory(%s)", (f"m-{p['i']}",),
                                     prepare=True).fetchall()
                return time.perf_counter() - start, rows

            def lg_get(p):
                start = time.perf_counter()
                item = s.get(("users", p["u"], "memories"), f"m-{p['i']}")
                return time.perf_counter() - start, item

            searchers = rng.integers(users, size=n)
            qv = around(n)
            searches = []
            for j in range(n):
                qtext = f"query {j}"
                lookup[qtext] = qv[j]
                mine = np.where(owner == searchers[j])[0]
                best = mine[np.argsort(-(vectors[mine] @ qv[j]))[:K]]
                searches.append({"u": uid[searchers[j]], "q": qtext, "v": qv[j], "truth": {f"m-{i}" for i in best}})

            def ours_search(p):
                act(p["u"])
                start = time.perf_counter()
                rows = agent.execute("SELECT memory_id FROM memory.search_semantic(%s, p_limit => 10)", (p["v"],),
                                     prepare=True).fetchall()
                return time.perf_counter() - start, [r[0] for r in rows]

            def lg_search(p):
                start = time.perf_counter()
                items = s.search(("users", p["u"], "memories"), query=p["q"], limit=10)
                return time.perf_counter() - start, [it.key for it in items]

            # puts last: their new memories are not in the exact answers of the searches
            for call, items, runners in (
                    ("get / read by id", gets, {"ours": lambda p: ours_get(p)[0], "langgraph": lambda p: lg_get(p)[0]}),
                    ("search top-10 within one user", searches, {"ours": ours_search, "langgraph": lg_search}),
                    ("put / create with embedding", puts, {"ours": ours_put, "langgraph": lg_put})):
                timed = {}
                with phase(f"LangGraph comparison: {call}"):
                    lat, res = interleaved(f"langgraph {call}", items, {
                        side: (lambda f: lambda p: f(p))(f) for side, f in runners.items()}, warmup)
                # the runners time themselves (outside the act_as set_config): use their own clocks
                for side in runners:
                    values = res[side]
                    ms = [1000 * (v[0] if isinstance(v, tuple) else v) for v in values]
                    timed[side] = harness.stats(ms)
                entry = {"ours": timed["ours"], "langgraph": timed["langgraph"],
                         "ratio_p50": round(timed["langgraph"]["p50_ms"] / timed["ours"]["p50_ms"], 3),
                         "ratio_p95": round(timed["langgraph"]["p95_ms"] / timed["ours"]["p95_ms"], 3)}
                if call.startswith("search"):
                    truth = [x["truth"] for x in items[warmup:]]
                    entry["recall_at_10"] = {side: recall([v[1] for v in res[side]], truth) for side in runners}
                out["calls"][call] = entry
    finally:
        agent.close()
        harness.recreate_database(t, dbname, drop_only=True)
    return out
