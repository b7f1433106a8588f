"""Cost of explainable ranking and of searching the past (issue 17, point 6;
issue 15, point 1).

Deploys the plan into a scratch database on the target server (DATABASE_URL
or the local cluster), writes --memories memories of one user (random unit
embeddings, the texts of the main benchmark's generator, bench/workload.py),
takes an instant, then changes a tenth of
them (new text and a new embedding: a kept version each) and deletes a
hundredth, so that a search as of that instant has past versions to find.
As a real agent login role acting for that user, from the client, the calls
of each pair alternate (which goes first, too) on one connection:

  semantic now / as_of   memory.search_semantic, k = 10, vs the same with
                         p_as_of = the instant (target: as_of <= 3x)
  <type> relevance /     each search type, k = 10, rank_by relevance (the
    blended              order of before) vs blended (a pool of 4k
                         re-ranked by recency and priority)
  worst keyword /        the worst legal query: as many distinct terms as the
    hybrid               budget allows (max_query_terms), the most common
                         words of the corpus; the memories it matches are
                         counted (target: slowest call <= 100 ms over at
                         least 10,000 matching memories)

Writes bench/results/search-ranking-<date>.{md,json,png}. Timing only;
nothing is asserted.

    .venv/bin/python bench/search_ranking.py [--memories 15000] [--calls 30] [--out DIR]
    ./dev bench-ranking
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

import numpy as np
import psycopg
from pgvector.psycopg import register_vector
from psycopg import sql

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from mo import target  # noqa: E402

sys.path.insert(0, str(ROOT / "bench"))
import common  # noqa: E402
from workload import TOPICS, text  # noqa: E402

DIM = 1536
USER = "ranker"
WORST_MS = 100.0
AS_OF_RATIO = 3.0


def corpus(rng, n):
    """Texts as the main benchmark writes them (bench/workload.py): a user's or the assistant's line of a
    topic, its placeholders filled."""
    r = random.Random(int(rng.integers(1 << 30)))
    lines = [line for topic in TOPICS.values() for line in topic[2] + topic[3] + topic[4]]
    return [text(r, r.choice(lines)) for _ in range(n)]


def unit_vectors(rng, n):
    v = rng.standard_normal((n, DIM)).astype(np.float32)
    return v / np.linalg.norm(v, axis=1, keepdims=True)


def build(admin, rng, n):
    admin.execute("INSERT INTO memory_store.sessions (session_id, user_id, session_type) VALUES ('rank-s', %s, 'conversation')",
                  (USER,))
    texts = corpus(rng, n)
    priorities = rng.integers(1, 11, size=n)
    ages = rng.uniform(0, 365, size=n)
    with admin.cursor().copy("COPY memory_store.memory_entries (memory_id, session_id, memory_type, content, priority, "
                             "created_at, updated_at, user_id) FROM STDIN") as copy:
        for i in range(n):
            stamp = f"{time.strftime('%Y-%m-%d', time.gmtime(time.time() - ages[i] * 86400))}T00:00:00Z"
            copy.write_row((f"r{i}", "rank-s", "context", json.dumps({"text": texts[i]}), int(priorities[i]),
                            stamp, stamp, USER))
    admin.execute("SET search_path = public, extensions")
    register_vector(admin)
    vectors = unit_vectors(rng, n)
    with admin.cursor().copy("COPY memory_store.vector_embeddings (memory_id, embedding, embedding_model) "
                             "FROM STDIN WITH (FORMAT BINARY)") as copy:
        copy.set_types(["varchar", "vector", "varchar"])
        for i in range(n):
            copy.write_row((f"r{i}", vectors[i], "bench-model"))
    admin.execute("ANALYZE memory_store.memory_entries")
    admin.execute("ANALYZE memory_store.vector_embeddings")


def change_after(admin, rng, n):
    """The instant, then a tenth of the memories updated (text and embedding), a hundredth deleted."""
    instant = admin.execute("SELECT clock_timestamp()").fetchone()[0]
    changed = rng.choice(n, size=n // 10, replace=False)
    new_texts = corpus(rng, len(changed))
    new_vectors = unit_vectors(rng, len(changed))
    with admin.cursor() as cur:
        cur.executemany("UPDATE memory_store.memory_entries SET content = jsonb_build_object('text', %s::text) "
                        "WHERE memory_id = %s", [(t, f"r{i}") for t, i in zip(new_texts, changed)])
        cur.executemany("UPDATE memory_store.vector_embeddings SET embedding = %s WHERE memory_id = %s",
                        [(v, f"r{i}") for v, i in zip(new_vectors, changed)])
        cur.executemany("UPDATE memory_store.memory_entries SET is_active = false WHERE memory_id = %s",
                        [(f"r{i}",) for i in rng.choice(n, size=n // 100, replace=False)])
    admin.execute("ANALYZE")
    return instant, len(changed)


def pair(agent, a, b, calls):
    """Alternate two (statement, params) calls, `calls` each after 3 warm-ups; times in ms."""
    times = {0: [], 1: []}
    outcomes = {}
    for i in range(calls + 3):
        order = (0, 1) if i % 2 == 0 else (1, 0)
        for side in order:
            statement, params = (a, b)[side]
            started = time.perf_counter()
            rows = agent.execute(statement, params).fetchall()
            if i >= 3:
                times[side].append((time.perf_counter() - started) * 1000)
            outcomes[side] = len(rows)
    return [stats(times[s]) | {"rows": outcomes[s]} for s in (0, 1)]


def stats(ms):
    ms = sorted(ms)
    return {"n": len(ms), "median_ms": statistics.median(ms), "p95_ms": ms[int(0.95 * (len(ms) - 1))],
            "max_ms": ms[-1]}


def measure(t, args) -> dict:
    facts = common.run_facts(t.uri("postgres"))
    dbname = f"mo_bench_rank_{uuid.uuid4().hex[:8]}"
    role, password = f"mo_bench_ranker_{uuid.uuid4().hex[:6]}", secrets.token_hex(12)
    rng = np.random.default_rng(17)
    common.deploy(t, dbname)
    out = {}
    try:
        with psycopg.connect(t.uri(dbname), autocommit=True) as admin:
            admin.execute(sql.SQL("CREATE ROLE {} LOGIN PASSWORD {} IN ROLE memory_agent").format(
                sql.Identifier(role), sql.Literal(password)))
            admin.execute("SELECT memory_store.grant_agent_user(%s, %s)", (role, USER))
            print(f"writing {args.memories:,} memories with embeddings", flush=True)
            build(admin, rng, args.memories)
            instant, changed = change_after(admin, rng, args.memories)
            budget = admin.execute("SELECT max_query_terms FROM memory_store.search_budget()").fetchone()[0]
            words = [r[0] for r in admin.execute(
                "SELECT word FROM ts_stat('SELECT to_tsvector(''english'', text_content) FROM memory_store.memory_entries') "
                "ORDER BY ndoc DESC, word LIMIT %s" % int(budget))]
            worst = " ".join(words)
            mq = admin.execute("SELECT (memory_store.search_any_term(memory_store.search_tsquery(%s))).match_query::text",
                               (worst,)).fetchone()[0]
            matching = admin.execute(
                "SELECT count(*) FROM memory_store.memory_entries WHERE user_id = %s AND is_active "
                "AND to_tsvector('english', text_content) @@ %s::tsquery", (USER, mq)).fetchone()[0]
            terms = admin.execute("SELECT count(DISTINCT m[1]) FROM regexp_matches(memory_store.search_tsquery(%s)::text, "
                                  "$$'((?:[^']|'')*)'$$, 'g') m", (worst,)).fetchone()[0]
        query_vector = unit_vectors(rng, 1)[0]
        with psycopg.connect(t.uri(dbname), user=role, password=password, autocommit=True) as agent:
            agent.execute("SET search_path = public, extensions")
            register_vector(agent)
            agent.execute("SELECT memory.act_as(%s)", (USER,))
            v = {"v": query_vector, "q": "coffee flight", "w": worst, "t": instant}
            sem = "SELECT memory_id FROM memory.search_semantic(%(v)s, p_limit => 10{})"
            key = "SELECT memory_id FROM memory.search_keyword(%(q)s, p_limit => 10{})"
            hyb = "SELECT memory_id FROM memory.search_hybrid(%(q)s, %(v)s, p_limit => 10{})"
            plan = [
                ("semantic", (sem.format(""), v), (sem.format(", p_as_of => %(t)s"), v), ("now", "as_of")),
                ("keyword", (key.format(""), v), (key.format(", p_rank_by => 'blended'"), v), ("relevance", "blended")),
                ("semantic", (sem.format(""), v), (sem.format(", p_rank_by => 'blended'"), v), ("relevance", "blended")),
                ("hybrid", (hyb.format(""), v), (hyb.format(", p_rank_by => 'blended'"), v), ("relevance", "blended")),
                ("worst", (key.replace("%(q)s", "%(w)s").format(""), v), (hyb.replace("%(q)s", "%(w)s").format(""), v),
                 ("keyword", "hybrid")),
                ("worst blended", (key.replace("%(q)s", "%(w)s").format(", p_rank_by => 'blended'"), v),
                 (hyb.replace("%(q)s", "%(w)s").format(", p_rank_by => 'blended'"), v), ("keyword", "hybrid")),
            ]
            for name, a, b, labels in plan:
                print(f"  {name}: {labels[0]} / {labels[1]} x {args.calls}", flush=True)
                ra, rb = pair(agent, a, b, args.calls)
                out[f"{name} {labels[0]}"] = ra
                out[f"{name} {labels[1]}"] = rb
    finally:
        common.recreate_database(t, dbname, drop_only=True)
        with psycopg.connect(t.uri("postgres"), autocommit=True) as admin:
            admin.execute(sql.SQL("DROP ROLE IF EXISTS {}").format(sql.Identifier(role)))
    facts["load_average_end"] = common.load_average()
    return {**facts, "memories": args.memories, "changed": changed, "worst_query": worst, "distinct_terms": terms,
            "term_budget": budget, "matching_memories": matching, "calls": out}


def ratios(run):
    c = run["calls"]
    r = lambda a, b: c[a]["median_ms"] / c[b]["median_ms"]  # noqa: E731
    return {"as_of semantic / current semantic": r("semantic as_of", "semantic now"),
            "keyword blended / relevance": r("keyword blended", "keyword relevance"),
            "semantic blended / relevance": r("semantic blended", "semantic relevance"),
            "hybrid blended / relevance": r("hybrid blended", "hybrid relevance")}


def chart(path, run):
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    names = list(run["calls"])
    fig, ax = plt.subplots(figsize=(8, 4.5))
    ax.barh(names, [run["calls"][n]["median_ms"] for n in names], label="median")
    ax.scatter([run["calls"][n]["max_ms"] for n in names], names, color="black", marker="|", s=120, label="slowest")
    ax.axvline(WORST_MS, color="grey", linestyle="--", label=f"worst query target: {WORST_MS:.0f} ms")
    ax.set_xlabel("ms per call")
    ax.invert_yaxis()
    ax.set_title(f"Search ranking and as_of: {run['memories']:,} memories of one user")
    ax.legend(loc="lower right")
    fig.tight_layout()
    fig.savefig(path, dpi=110)


def markdown(run):
    c = run["calls"]
    rs = ratios(run)
    lines = [f"# Search ranking and as_of search, {run['date']}", "",
             f"PostgreSQL {run['postgres']}, pgvector {run['pgvector']}, {run['machine']['cpus']} CPUs, "
             f"{common.fmt_load(run)}. {common.NOISE}", "",
             f"An agent login role acting for one user of {run['memories']:,} memories (each with an embedding), "
             f"{run['changed']:,} of them changed after the as_of instant (text and embedding: a kept version each); "
             f"k = 10; client-side wall time, the two calls of a pair alternating; `./dev bench-ranking` "
             f"(`bench/search_ranking.py`).", "",
             "| call | n | median ms | p95 ms | slowest ms | rows |", "|---|---|---|---|---|---|"]
    lines += [f"| {k} | {v['n']} | {v['median_ms']:.2f} | {v['p95_ms']:.2f} | {v['max_ms']:.2f} | {v['rows']} |"
              for k, v in c.items()]
    lines += ["", "| ratio (median / median) | value | target | holds |", "|---|---|---|---|"]
    for k, value in rs.items():
        target_ = AS_OF_RATIO if k.startswith("as_of") else None
        lines.append(f"| {k} | {value:.2f}x | {f'<= {target_:.0f}x' if target_ else '-'} | "
                     f"{('yes' if value <= target_ else '**no**') if target_ else '-'} |")
    lines += ["", f"The worst legal query: {run['distinct_terms']} distinct terms (the budget {run['term_budget']}), "
              f"the corpus's most common words, matching {run['matching_memories']:,} memories:", "",
              "| query | slowest ms | target | holds |", "|---|---|---|---|"]
    for k in ("worst keyword", "worst hybrid", "worst blended keyword", "worst blended hybrid"):
        lines.append(f"| {k} | {c[k]['max_ms']:.1f} | <= {WORST_MS:.0f} ms | "
                     f"{'yes' if c[k]['max_ms'] <= WORST_MS else '**no**'} |")
    return "\n".join(lines) + "\n"


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--memories", type=int, default=15000)
    parser.add_argument("--calls", type=int, default=30)
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "results", help="folder of the report")
    args = parser.parse_args()
    run = measure(target.current(), args)
    run["ratios"] = ratios(run)
    stem = args.out / f"search-ranking-{run['date']}"
    common.write_json(stem.with_suffix(".json"), run)
    text = markdown(run)
    stem.with_suffix(".md").write_text(text)
    chart(stem.with_suffix(".png"), run)
    print(text)
    print(f"wrote {stem}.json, .md, .png")


if __name__ == "__main__":
    main()
