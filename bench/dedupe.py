"""Deduplication on write and erasure of a user, measured (issue 17, point 6).

Deploys the plan into scratch databases on the target server (DATABASE_URL
or the local cluster) and reports, in one run, side by side:

  create     as a real agent login acting for a user who already holds
             --store memories with embeddings (more than the exact-scan
             limit, so semantic deduplication goes through the HNSW index):
             memory.create_memory (plain, the baseline) vs
             memory.create_memory_deduped with dedupe exact and semantic,
             each call a new text (outcome added: the whole lookup, then the
             insert), the three kinds interleaved call by call; median, p95
             and the ratio of medians to the plain create (target: semantic
             <= 1.5x);
  erase      a user with --erase-memories memories (each with two tags, an
             embedding, one kept version, a relationship and two access-log
             rows) beside a bystander of the same size: memory_store.erase_user
             (the receipt, the redaction) vs the raw baseline, a bare cascade
             of DELETEs of the same rows in a clone of the same database
             (target: <= 10 s);
  threshold  the study that chose the default of memory.dedupe_min_similarity:
             generated near-duplicates (paraphrase-like perturbations of
             template sentences: case and punctuation, a synonym, a filler
             word, a dropped word, two words swapped) and unrelated texts
             (the same template with other slot values - other facts in the
             same words - and other topics), embedded by a deterministic
             synthetic model (word vectors, synonyms close, function words
             light, a little word order); precision and recall of "the
             nearest stored memory is at least t similar" per threshold; then
             the chosen threshold checked end to end through
             memory.create_memory_deduped in the database.

Writes bench/results/dedupe-<date>.{md,json,png}. Timing only; nothing is
asserted.

    .venv/bin/python bench/dedupe.py [--store 5000] [--calls 150] [--erase-memories 10000]
    ./dev bench-dedupe
"""

import argparse
import hashlib
import json
import random
import re
import secrets
import statistics
import sys
import time
import uuid
from pathlib import Path

import numpy as np
import psycopg
from psycopg import sql

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "bench")]
from mo import target  # noqa: E402
import common  # noqa: E402
from workload import SLOTS, TOPIC_NAMES, TOPICS, text  # noqa: E402

DIM = 1536
THRESHOLDS = [round(0.80 + 0.01 * i, 2) for i in range(20)]
LIGHT = set("a an the and or of to in on at for with is it i me my you your we our be was were are this that "
            "what did say about please do does how when where who will can could would should there here "
            "some any up really actually just".split())
SYNONYMS = {"likes": "enjoys", "wants": "would like", "play": "put on", "weather": "forecast", "cold": "chilly",
            "checks": "looks at", "asked": "requested", "never": "not ever", "every": "each", "morning": "early on",
            "rain": "showers", "volume": "loudness", "song": "track", "pays": "settles", "bills": "invoices",
            "budget": "allowance", "remind": "nudge", "book": "reserve", "buy": "purchase", "turn": "switch"}
FILLERS = ("really", "actually", "just", "please")


# --- the synthetic embedding model ---------------------------------------------------------

def _seeded(word: str) -> np.ndarray:
    seed = int.from_bytes(hashlib.sha256(word.encode()).digest()[:8], "little")
    v = np.random.default_rng(seed).standard_normal(DIM)
    return v / np.linalg.norm(v)


def word_vector(word: str) -> np.ndarray:
    """A word's vector; a synonym's is its word's plus its own part (cosine about 0.9)."""
    base = {s: w for w, s in SYNONYMS.items()}.get(word)
    if base:
        v = _seeded(base) + 0.45 * _seeded("syn:" + word)
        return v / np.linalg.norm(v)
    return _seeded(word)


def embed(s: str) -> np.ndarray:
    """Deterministic: the same text gives the same vector. Content words weigh 1, function
    words 0.3, adjacent word pairs 0.15 (a little word order)."""
    for w, syn in SYNONYMS.items():
        if " " in syn:
            s = s.replace(syn, syn.replace(" ", "_"))
    tokens = [t.replace("_", " ") for t in re.findall(r"[a-z0-9_']+", s.lower())]
    v = np.zeros(DIM)
    for t in tokens:
        v += (0.3 if t in LIGHT else 1.0) * word_vector(t)
    for a, b in zip(tokens, tokens[1:]):
        v += 0.15 * _seeded(f"{a}|{b}")
    return v / np.linalg.norm(v)


def perturb(rng: random.Random, s: str) -> tuple[str, str]:
    """A paraphrase-like near-duplicate of S and the kind of change."""
    words = s.split()
    kinds = ["case", "synonym", "filler", "drop", "swap", "synonym+filler"]
    kind = rng.choice(kinds)
    if kind == "case":
        return (s.lower().rstrip(".?!") + rng.choice(["", ".", "!"])), kind
    if kind in ("synonym", "synonym+filler"):
        hits = [i for i, w in enumerate(words) if w.lower().strip(".,?!") in SYNONYMS]
        if hits:
            i = rng.choice(hits)
            words[i] = SYNONYMS[words[i].lower().strip(".,?!")]
        else:
            kind = "filler"
    if kind in ("filler", "synonym+filler"):
        words.insert(rng.randrange(1, len(words)), rng.choice(FILLERS))
    if kind == "drop" and len(words) > 4:
        del words[rng.randrange(1, len(words))]
    if kind == "swap" and len(words) > 3:
        i = rng.randrange(len(words) - 1)
        words[i], words[i + 1] = words[i + 1], words[i]
    return " ".join(words), kind


def study(n_bases: int, seed: int) -> dict:
    """Bases, near-duplicate probes and unrelated probes, with their nearest-base similarity."""
    rng = random.Random(seed)
    bases, seen = [], set()
    while len(bases) < n_bases:
        topic = rng.choice(TOPIC_NAMES)
        _tags, _queries, user_lines, assistant_lines, facts = TOPICS[topic]
        template = rng.choice(user_lines + assistant_lines + facts)
        s = text(rng, template)
        if s.lower() not in seen:
            seen.add(s.lower())
            bases.append((topic, template, s))
    base_vectors = np.stack([embed(b[2]) for b in bases])
    probes = []  # (text, duplicate_of or None, kind)
    for i, (_topic, _template, s) in enumerate(bases):
        p, kind = perturb(rng, s)
        probes.append((p, i, kind))
    for _ in range(len(bases)):
        topic, template, s = rng.choice(bases)
        for _try in range(20):  # the same template, other slot values: another fact in the same words
            other = text(rng, template)
            if other.lower() not in seen:
                probes.append((other, None, "same template, other values"))
                break
    for _ in range(len(bases) // 2):
        topic = rng.choice(TOPIC_NAMES)
        _tags, _queries, user_lines, assistant_lines, facts = TOPICS[topic]
        other = text(rng, rng.choice(user_lines + assistant_lines + facts))
        if other.lower() not in seen:
            probes.append((other, None, "another sentence"))
    probe_vectors = np.stack([embed(p[0]) for p in probes])
    sims = probe_vectors @ base_vectors.T
    nearest, best = sims.argmax(axis=1), sims.max(axis=1)
    rows = []
    for t in THRESHOLDS:
        tp = sum(1 for (p, dup, _k), n, b in zip(probes, nearest, best) if dup is not None and b >= t and n == dup)
        fp = sum(1 for (p, dup, _k), n, b in zip(probes, nearest, best) if b >= t and (dup is None or n != dup))
        positives = sum(1 for p in probes if p[1] is not None)
        precision = tp / (tp + fp) if tp + fp else 1.0
        recall = tp / positives
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        rows.append({"threshold": t, "tp": tp, "fp": fp, "positives": positives, "precision": precision,
                     "recall": recall, "f1": f1})
    per_kind = {}
    for (p, dup, kind), b in zip(probes, best):
        per_kind.setdefault(kind, []).append(float(b))
    # The default: the highest recall whose precision is at least 0.99 (merging two different facts is
    # worse than keeping a duplicate).
    eligible = [r for r in rows if r["precision"] >= 0.99]
    chosen = max(eligible, key=lambda r: (r["recall"], -r["threshold"]))["threshold"] if eligible else max(THRESHOLDS)
    return {"bases": bases, "probes": probes, "base_vectors": base_vectors, "probe_vectors": probe_vectors,
            "rows": rows, "chosen": chosen,
            "similarity_by_kind": {k: {"n": len(v), "min": min(v), "median": statistics.median(v), "max": max(v)}
                                   for k, v in per_kind.items()}}


# --- database helpers ------------------------------------------------------------------------

def vec(v) -> str:
    return "[" + ",".join(f"{x:.6f}" for x in v) + "]"


def agent_login(admin, user):
    role, password = f"mo_bench_dedupe_{uuid.uuid4().hex[:6]}", secrets.token_hex(12)
    admin.execute(sql.SQL("CREATE ROLE {} LOGIN PASSWORD {} IN ROLE memory_agent").format(
        sql.Identifier(role), sql.Literal(password)))
    admin.execute("SELECT memory_store.grant_agent_user(%s, %s)", (role, user))
    return role, password


def drop_role(t, role):
    with psycopg.connect(t.uri("postgres"), autocommit=True) as admin:
        admin.execute(sql.SQL("DROP ROLE IF EXISTS {}").format(sql.Identifier(role)))


def stats(times):
    return {"n": len(times), "median_ms": statistics.median(times), "p95_ms": sorted(times)[int(0.95 * (len(times) - 1))],
            "mean_ms": statistics.mean(times)}


def preload(admin, user, n):
    """N memories of USER with random unit embeddings, in one session, through SQL (the store, not the subject)."""
    admin.execute("SELECT memory.start_session(%s, %s)", (f"{user}-s", user))
    admin.execute("""
        INSERT INTO memory_store.memory_entries (memory_id, session_id, memory_type, content)
        SELECT %(u)s || '-' || g, %(s)s, 'context', jsonb_build_object('text', 'stored memory number ' || g)
          FROM generate_series(1, %(n)s) g""", {"u": user, "s": f"{user}-s", "n": n})
    admin.execute("""
        INSERT INTO memory_store.vector_embeddings (memory_id, embedding, embedding_model)
        SELECT %(u)s || '-' || g, v.e, 'm'
          FROM generate_series(1, %(n)s) g
         CROSS JOIN LATERAL (SELECT array_agg(random() - 0.5)::extensions.vector AS e
                               FROM generate_series(1, 1536) WHERE g > 0) v""", {"u": user, "n": n})
    admin.execute("ANALYZE memory_store.vector_embeddings")
    admin.execute("ANALYZE memory_store.memory_entries")


def measure_create(t, dbname, args) -> dict:
    with psycopg.connect(t.uri(dbname), autocommit=True) as admin:
        print(f"  preloading {args.store:,} memories with embeddings", flush=True)
        preload(admin, "creator", args.store)
        role, password = agent_login(admin, "creator")
    try:
        rng = np.random.default_rng(17)
        kinds = {"plain create (memory.create_memory)": None, "dedupe exact": "exact", "dedupe semantic": "semantic"}
        times = {k: [] for k in kinds}
        outcomes = {k: {} for k in kinds}
        with psycopg.connect(t.uri(dbname), user=role, password=password, autocommit=True) as agent:
            agent.execute("SELECT memory.act_as('creator')")
            for i in range(args.calls + 5):
                for name, dedupe in kinds.items():
                    v = rng.normal(size=DIM)
                    params = {"c": json.dumps({"text": f"new memory {i} for {name} {uuid.uuid4().hex[:8]}"}),
                              "e": vec(v / np.linalg.norm(v)), "d": dedupe}
                    if dedupe is None:
                        statement = ("SELECT 'added' FROM memory.create_memory('context', %(c)s::jsonb, 'creator-s', "
                                     "p_embedding => %(e)s::extensions.vector, p_embedding_model => 'm')")
                    else:
                        statement = ("SELECT outcome FROM memory.create_memory_deduped('context', %(c)s::jsonb, "
                                     "'creator-s', p_embedding => %(e)s::extensions.vector, p_embedding_model => 'm', "
                                     "p_dedupe => %(d)s)")
                    started = time.perf_counter()
                    outcome = agent.execute(statement, params).fetchone()[0]
                    elapsed = (time.perf_counter() - started) * 1000
                    if i >= 5:  # the first calls warm the plan caches
                        times[name].append(elapsed)
                        outcomes[name][outcome] = outcomes[name].get(outcome, 0) + 1
    finally:
        drop_role(t, role)
    calls = {k: {**stats(v), "outcomes": outcomes[k]} for k, v in times.items()}
    plain = calls["plain create (memory.create_memory)"]["median_ms"]
    for c in calls.values():
        c["ratio_to_plain"] = c["median_ms"] / plain
    return calls


def build_erase_world(admin, n):
    """Victim and bystander, N memories each: two tags, an embedding, one kept version (a
    priority change), a relationship to the next memory, two access-log rows; a profile and an agent state."""
    for user in ("victim", "bystander"):
        admin.execute("SELECT memory.start_session(%s, %s)", (f"{user}-s", user))
        admin.execute("SELECT memory.upsert_user_profile(%s, '{\"name\": \"x\"}'::jsonb)", (user,))
        admin.execute("""
            INSERT INTO memory_store.memory_entries (memory_id, session_id, memory_type, content)
            SELECT %(u)s || '-' || g, %(s)s, 'context', jsonb_build_object('text', %(u)s || ' memory ' || g)
              FROM generate_series(1, %(n)s) g""", {"u": user, "s": f"{user}-s", "n": n})
        admin.execute("""
            INSERT INTO memory_store.memory_tags (memory_id, tag)
            SELECT %(u)s || '-' || g, t FROM generate_series(1, %(n)s) g, unnest(ARRAY['alpha', 'beta']) t""",
                      {"u": user, "n": n})
        admin.execute("""
            INSERT INTO memory_store.vector_embeddings (memory_id, embedding, embedding_model)
            SELECT %(u)s || '-' || g, v.e, 'm'
              FROM generate_series(1, %(n)s) g
             CROSS JOIN LATERAL (SELECT array_agg(random() - 0.5)::extensions.vector AS e
                                   FROM generate_series(1, 1536) WHERE g > 0) v""", {"u": user, "n": n})
        admin.execute("UPDATE memory_store.memory_entries SET priority = 6 WHERE session_id = %s", (f"{user}-s",))
        admin.execute("""
            INSERT INTO memory_store.memory_relationships (source_memory_id, target_memory_id, relationship_type)
            SELECT %(u)s || '-' || g, %(u)s || '-' || (g + 1), 'next' FROM generate_series(1, %(n)s - 1) g""",
                      {"u": user, "n": n})
        admin.execute("""
            INSERT INTO memory_store.memory_access_logs (memory_id, session_id, agent_id, operation, request_data,
                                                         success, user_id)
            SELECT %(u)s || '-' || g, %(s)s, 'bench', op, jsonb_build_object('memory_type', 'context'), true, %(u)s
              FROM generate_series(1, %(n)s) g, unnest(ARRAY['create', 'read']) op""",
                      {"u": user, "s": f"{user}-s", "n": n})
    admin.execute("VACUUM ANALYZE")


RAW_ERASE = """
DELETE FROM memory_store.memory_registry WHERE memory_id IN (
    SELECT memory_id FROM memory_store.memory_entries WHERE user_id = 'victim');
DELETE FROM memory_store.sessions WHERE user_id = 'victim';
DELETE FROM memory_store.user_profiles WHERE user_id = 'victim';
"""


def measure_erase(t, dbname, args) -> dict:
    with psycopg.connect(t.uri(dbname), autocommit=True) as admin:
        print(f"  building two users of {args.erase_memories:,} memories each", flush=True)
        build_erase_world(admin, args.erase_memories)
    clone = dbname + "_raw"
    common.recreate_database(t, clone, template=dbname)
    try:
        with psycopg.connect(t.uri(dbname), autocommit=True) as admin:
            admin.execute("SET ROLE memory_dba")
            started = time.perf_counter()
            receipt = admin.execute("SELECT memory_store.erase_user('victim')").fetchone()[0]
            ours = time.perf_counter() - started
            admin.execute("RESET ROLE")
            left = admin.execute("SELECT count(*) FROM memory_store.memory_entries WHERE user_id = 'victim'").fetchone()[0]
            kept = admin.execute("SELECT count(*) FROM memory_store.memory_entries WHERE user_id = 'bystander'").fetchone()[0]
        with psycopg.connect(t.uri(clone), autocommit=True) as admin:
            started = time.perf_counter()
            with admin.transaction():
                for statement in RAW_ERASE.strip().split(";\n"):
                    admin.execute(statement)
            raw = time.perf_counter() - started
    finally:
        common.recreate_database(t, clone, drop_only=True)
    return {"memories": args.erase_memories, "erase_user_s": ours, "raw_delete_s": raw, "ratio": ours / raw,
            "receipt": receipt, "victim_memories_left": left, "bystander_memories_kept": kept}


def check_threshold(t, dbname, found, threshold, sample) -> dict:
    """The chosen threshold through memory.create_memory_deduped: the bases stored for one user, a sample
    of probes created with dedupe semantic; does the database say what the study predicts?"""
    bases, probes = found["bases"], found["probes"]
    with psycopg.connect(t.uri(dbname), autocommit=True) as admin:
        admin.execute("SELECT memory.start_session('study-s', 'study')")
        with admin.cursor() as cur:
            for i, (b, v) in enumerate(zip(bases, found["base_vectors"])):
                cur.execute("SELECT memory.create_memory('context', %s::jsonb, 'study-s', p_embedding => %s::extensions.vector, "
                            "p_embedding_model => 'synthetic', p_memory_id => %s)",
                            (json.dumps({"text": b[2]}), vec(v), f"base-{i}"))
        rng = random.Random(5)
        picked = rng.sample(range(len(probes)), min(sample, len(probes)))
        agree = 0
        tally = {}
        sims = found["probe_vectors"] @ found["base_vectors"].T
        for j in picked:
            p, dup, kind = probes[j]
            admin.execute("BEGIN")
            outcome, memory_id = admin.execute(
                "SELECT outcome, memory_id FROM memory.create_memory_deduped('context', %s::jsonb, 'study-s', "
                "p_embedding => %s::extensions.vector, p_embedding_model => 'synthetic', p_dedupe => 'semantic', "
                "p_min_similarity => %s)", (json.dumps({"text": p}), vec(found["probe_vectors"][j]), threshold)).fetchone()
            admin.execute("ROLLBACK")  # each probe against the bases alone
            predicted = ("merged", f"base-{int(sims[j].argmax())}") if sims[j].max() >= threshold else ("added", None)
            said = ("merged", memory_id) if outcome != "added" else ("added", None)
            agree += said == predicted
            key = f"{'near-duplicate' if dup is not None else 'unrelated'} -> {said[0]}"
            tally[key] = tally.get(key, 0) + 1
    return {"threshold": threshold, "probes": len(picked), "agree_with_study": agree, "tally": tally}


# --- report -----------------------------------------------------------------------------

def chart(path, run):
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, axes = plt.subplots(1, 3, figsize=(15, 4.2))
    calls = run["create"]
    names = list(calls)
    axes[0].barh(names, [calls[n]["median_ms"] for n in names])
    for i, n in enumerate(names):
        axes[0].text(calls[n]["median_ms"], i, f" {calls[n]['ratio_to_plain']:.2f}x", va="center")
    axes[0].invert_yaxis()
    axes[0].set_xlabel("median ms per create (agent login)")
    axes[0].set_title(f"Create, user holding {run['store']:,} memories")
    rows = run["threshold"]["rows"]
    axes[1].plot([r["threshold"] for r in rows], [r["precision"] for r in rows], marker="o", label="precision")
    axes[1].plot([r["threshold"] for r in rows], [r["recall"] for r in rows], marker="s", label="recall")
    axes[1].axvline(run["threshold"]["chosen"], color="grey", linestyle="--",
                    label=f"default {run['threshold']['chosen']}")
    axes[1].set_xlabel("min similarity (cosine)")
    axes[1].set_title("Semantic dedupe: generated near-duplicates")
    axes[1].legend()
    e = run["erase"]
    axes[2].bar(["erase_user", "raw cascade delete"], [e["erase_user_s"], e["raw_delete_s"]])
    axes[2].axhline(10, color="grey", linestyle="--", label="target: 10 s")
    axes[2].set_ylabel("seconds")
    axes[2].set_title(f"Erase a user with {e['memories']:,} memories")
    axes[2].legend()
    fig.tight_layout()
    fig.savefig(path, dpi=110)


def report(run) -> str:
    c, e, th = run["create"], run["erase"], run["threshold"]
    lines = [f"# Deduplication on write and erasure of a user, {run['date']}", "",
             f"PostgreSQL {run['postgres']}, pgvector {run['pgvector']}, {run['machine']['cpus']} CPUs, "
             f"{common.fmt_load(run)}. `./dev bench-dedupe` (`bench/dedupe.py`). {common.NOISE}", "",
             f"## Create: a real agent login, its user holding {run['store']:,} memories with embeddings", "",
             "Each call a new text with a new random embedding (outcome added: the whole lookup, then the insert); "
             "the three kinds interleaved call by call; client-side wall time.", "",
             "| call | n | median ms | p95 ms | mean ms | ratio to plain (medians) | outcomes |",
             "|---|---|---|---|---|---|---|"]
    lines += [f"| {k} | {v['n']} | {v['median_ms']:.2f} | {v['p95_ms']:.2f} | {v['mean_ms']:.2f} | "
              f"{v['ratio_to_plain']:.2f}x | {v['outcomes']} |" for k, v in c.items()]
    lines += ["", f"Target: dedupe semantic <= 1.5x a plain create: "
                  f"**{c['dedupe semantic']['ratio_to_plain']:.2f}x**; dedupe exact "
                  f"**{c['dedupe exact']['ratio_to_plain']:.2f}x**.", "",
              f"## Erase a user with {e['memories']:,} memories", "",
              "Each memory with two tags, an embedding, one kept version, a relationship and two access-log rows; "
              "a bystander of the same size. `memory_store.erase_user` as memory_dba (one transaction: receipt, "
              "redaction of the log rows, every table) vs the raw baseline, bare DELETEs of the victim's registry "
              "rows (cascading to entries, tags, embeddings, relationships and history), sessions and profile, no redaction and no receipt, in a clone of the same database.", "",
              "| path | seconds |", "|---|---|",
              f"| memory_store.erase_user | {e['erase_user_s']:.2f} |",
              f"| raw cascade delete | {e['raw_delete_s']:.2f} |", "",
              f"Ratio {e['ratio']:.2f}x. Target <= 10 s: **{e['erase_user_s']:.2f} s**. Victim memories left: "
              f"{e['victim_memories_left']}; bystander memories kept: {e['bystander_memories_kept']:,}.", "",
              "Receipt:", "", "```json", json.dumps(e["receipt"]["counts"], indent=1, sort_keys=True), "```", "",
              "## Threshold study (semantic dedupe)", "",
              f"{th['n_bases']} template sentences stored; probes: one paraphrase-like near-duplicate of each "
              f"(case and punctuation, a synonym, a filler word, a dropped word, two words swapped), "
              f"{th['n_bases']} unrelated texts made from the same templates with other slot values (other facts "
              "in the same words: the hard case) and about half as many other sentences. Embeddings from a "
              "deterministic synthetic model (word vectors, synonyms at cosine about 0.9, function words light, "
              "a little word order), so the figures show the method, not a given provider's model: re-run the "
              "study with your model's vectors before moving the setting. A probe counts as found when the "
              "nearest stored text is at least t similar and is its own original.", "",
              "| min similarity | precision | recall | F1 | true merges | wrong merges |", "|---|---|---|---|---|---|"]
    lines += [f"| {r['threshold']:.2f} | {r['precision']:.3f} | {r['recall']:.3f} | {r['f1']:.3f} | {r['tp']} | "
              f"{r['fp']} |" for r in th["rows"]]
    lines += ["", f"Chosen default (the highest recall with precision >= 0.99): **{th['chosen']}**.", "",
              "Similarity of each kind of probe to its nearest stored text:", "",
              "| probe | n | min | median | max |", "|---|---|---|---|---|"]
    lines += [f"| {k} | {v['n']} | {v['min']:.3f} | {v['median']:.3f} | {v['max']:.3f} |"
              for k, v in th["similarity_by_kind"].items()]
    chk = th["check"]
    lines += ["", f"End to end at {chk['threshold']}: {chk['probes']} probes created through "
                  f"memory.create_memory_deduped (dedupe semantic, each rolled back): the database agreed with "
                  f"the study on **{chk['agree_with_study']}**; {chk['tally']}.", ""]
    return "\n".join(lines)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--store", type=int, default=5000)
    parser.add_argument("--calls", type=int, default=150)
    parser.add_argument("--erase-memories", type=int, default=10000)
    parser.add_argument("--bases", type=int, default=400)
    parser.add_argument("--check", type=int, default=200)
    args = parser.parse_args()
    t = target.current()
    facts = common.run_facts(t.uri("postgres"))
    dbname = f"mo_bench_dedupe_{uuid.uuid4().hex[:8]}"
    print("threshold study (numpy)", flush=True)
    found = study(args.bases, seed=17)
    try:
        common.deploy(t, dbname)
        print("create: plain vs dedupe exact vs semantic", flush=True)
        create = measure_create(t, dbname, args)
        print("threshold: end-to-end check", flush=True)
        check = check_threshold(t, dbname, found, found["chosen"], args.check)
        common.deploy(t, dbname)
        print("erase", flush=True)
        erase = measure_erase(t, dbname, args)
    finally:
        common.recreate_database(t, dbname, drop_only=True)
    facts["load_average_end"] = common.load_average()
    run = {**facts, "store": args.store, "create": create, "erase": erase,
           "threshold": {"n_bases": args.bases, "rows": found["rows"], "chosen": found["chosen"],
                         "similarity_by_kind": found["similarity_by_kind"], "check": check}}
    stem = ROOT / "bench" / "results" / f"dedupe-{run['date']}"
    common.write_report(stem, run, report(run))
    chart(stem.with_suffix(".png"), run)


if __name__ == "__main__":
    main()
