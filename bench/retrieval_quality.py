"""Retrieval quality of keyword, semantic and hybrid search on a generated corpus with known relevant answers
(a phase of `./dev bench`, bench/harness.py; also `python bench/retrieval_quality.py`).

The corpus: memories written from the workload's per-topic sentence templates (bench/workload.py), in a
database of their own. Their embeddings come from a synthetic "bag of concepts" model: every word has a
fixed random 1536-d vector, a memory's embedding is the normalised sum of its words' vectors plus its
topic's centre and noise, so nearness means shared meaning as with a real model.

The questions are asked the way agents ask, in sentences: "what did I say about <w1> and <w2> <filler>",
with two content words of a target memory and a filler ("yesterday", "again" ...). In half of them one of
the two words is replaced by a synonym the texts never contain (its vector is the word's, so only the
semantic side can see it). The relevant answers of a question are the memories that hold both asked
words; recall@10 = relevant found / min(10, relevant), nDCG@10 with binary relevance. Also measured: the
previous keyword behaviour (every word required, websearch_to_tsquery + ts_rank_cd) on the same rows.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import math
import random
import re
import sys
from pathlib import Path

import numpy as np
import psycopg
from pgvector.psycopg import register_vector

HERE = Path(__file__).resolve().parent
sys.path[:0] = [str(HERE.parent), str(HERE)]
from mo import target  # noqa: E402
from workload import DIM, TOPIC_NAMES, TOPICS, text  # noqa: E402

K = 10
STOP = set("a an the and or of to in on at for with is it i me my you your we our be was were are this that "
           "what did say about please do does how when where who will can could would should there here "
           "up down off out over no not yes next last some any".split())
FILLERS = ("yesterday", "again", "the other day", "last week", "earlier", "this morning")


def words(s: str) -> list[str]:
    return re.findall(r"[a-z]+", s.lower())


def word_vector(word: str) -> np.ndarray:
    seed = int.from_bytes(hashlib.sha256(word.encode()).digest()[:8], "little")
    v = np.random.default_rng(seed).standard_normal(DIM).astype(np.float32)
    return v / np.linalg.norm(v)


def embed(tokens: list[str], topic_centre: np.ndarray | None, rng: np.random.Generator,
          synonyms: dict[str, str]) -> np.ndarray:
    v = np.zeros(DIM, np.float32)
    for w in tokens:
        if w not in STOP:
            v += word_vector(synonyms.get(w, w))
    if topic_centre is not None:
        v += 0.5 * topic_centre
    v += 0.15 * rng.standard_normal(DIM).astype(np.float32)
    return v / np.linalg.norm(v)


def corpus(n: int, seed: int):
    rng, nrng = random.Random(seed), np.random.default_rng(seed)
    centres = {t: word_vector("topic:" + t) for t in TOPIC_NAMES}
    rows = []
    for i in range(n):
        topic = rng.choice(TOPIC_NAMES)
        _tags, _queries, user_lines, assistant_lines, facts = TOPICS[topic]
        s = text(rng, rng.choice(rng.choice((user_lines, assistant_lines, facts))))
        rows.append((f"q-{i:05d}", topic, s, embed(words(s), centres[topic], nrng, {})))
    return rows


def questions(rows, n: int, seed: int):
    rng, nrng = random.Random(seed + 1), np.random.default_rng(seed + 1)
    sets = [set(words(r[2])) for r in rows]
    out = []
    while len(out) < n:
        target_row = rng.randrange(len(rows))
        content = [w for w in dict.fromkeys(words(rows[target_row][2])) if w not in STOP and len(w) > 3]
        if len(content) < 2:
            continue
        w1, w2 = rng.sample(content, 2)
        relevant = {rows[i][0] for i, s in enumerate(sets) if w1 in s and w2 in s}
        paraphrase = rng.random() < 0.5
        asked2 = w2[::-1] + "s" if paraphrase else w2        # a word no text holds
        filler = rng.choice(FILLERS)
        question = f"what did I say about {w1} and {asked2} {filler}"
        synonyms = {asked2: w2} if paraphrase else {}
        out.append({"question": question, "relevant": relevant, "paraphrase": paraphrase,
                    "vector": embed(words(question), None, nrng, synonyms)})
    return out


def ndcg(ranked: list[str], relevant: set[str]) -> float:
    dcg = sum(1 / math.log2(i + 2) for i, m in enumerate(ranked[:K]) if m in relevant)
    ideal = sum(1 / math.log2(i + 2) for i in range(min(K, len(relevant))))
    return dcg / ideal if ideal else 0.0


def recall(ranked: list[str], relevant: set[str]) -> float:
    return len(set(ranked[:K]) & relevant) / min(K, len(relevant))


def load(conn, rows) -> None:
    conn.execute("INSERT INTO memory_store.sessions (session_id, user_id, session_type) VALUES ('quality', 'quality-user', 'conversation')")
    with conn.cursor() as cur:
        with cur.copy("COPY memory_store.memory_entries (memory_id, session_id, memory_type, content) FROM STDIN") as c:
            for memory_id, topic, s, _ in rows:
                c.write_row((memory_id, "quality", "context", json.dumps({"text": s, "topic": topic})))
        with cur.copy("COPY memory_store.vector_embeddings (memory_id, embedding, embedding_model) "
                      "FROM STDIN (FORMAT BINARY)") as c:
            c.set_types(["varchar", "vector", "varchar"])
            for memory_id, _, _, v in rows:
                c.write_row((memory_id, v, "bag-of-concepts"))
    conn.execute("VACUUM ANALYZE memory_store.memory_entries")
    conn.execute("VACUUM ANALYZE memory_store.vector_embeddings")


MODES = {
    "keyword": ("SELECT memory_id FROM memory.search_keyword(%(q)s, p_limit => 10)", False),
    "semantic": ("SELECT memory_id FROM memory.search_semantic(%(v)s, p_limit => 10)", False),
    "hybrid": ("SELECT memory_id FROM memory.search_hybrid(%(q)s, %(v)s, p_limit => 10)", False),
    # what keyword search did before ranked any-term retrieval: every word required
    "keyword_all_terms_before": (
        "SELECT me.memory_id FROM memory_store.memory_entries me, websearch_to_tsquery('english', %(q)s) q "
        "WHERE to_tsvector('english', me.text_content) @@ q "
        "ORDER BY ts_rank_cd(to_tsvector('english', me.text_content), q) DESC, me.created_at DESC, me.memory_id "
        "LIMIT 10", True),
}


def measure(uri: str, memories: int = 4000, n_questions: int = 150, seed: int = 17) -> dict:
    """Load the corpus into the (freshly deployed) database at URI and score every mode."""
    rows = corpus(memories, seed)
    asked = questions(rows, n_questions, seed)
    with psycopg.connect(uri, autocommit=True) as conn:
        conn.execute("SET search_path = extensions, pg_catalog")
        register_vector(conn)
        load(conn, rows)
        scores = {mode: {"recall": [], "ndcg": [], "results": []} for mode in MODES}
        for item in asked:
            for mode, (sql_, _) in MODES.items():
                got = [r[0] for r in conn.execute(sql_, {"q": item["question"], "v": item["vector"]}).fetchall()]
                scores[mode]["recall"].append(recall(got, item["relevant"]))
                scores[mode]["ndcg"].append(ndcg(got, item["relevant"]))
                scores[mode]["results"].append(len(got))
    para = np.array([x["paraphrase"] for x in asked])
    out = {"memories": memories, "questions": n_questions, "paraphrased": int(para.sum()),
           "mean_relevant": round(float(np.mean([len(x["relevant"]) for x in asked])), 1),
           "examples": [x["question"] for x in asked[:3]], "modes": {}}
    for mode, s in scores.items():
        r, g = np.array(s["recall"]), np.array(s["ndcg"])
        out["modes"][mode] = {"recall_at_10": round(float(r.mean()), 4), "ndcg_at_10": round(float(g.mean()), 4),
                              "ndcg_at_10_literal": round(float(g[~para].mean()), 4),
                              "ndcg_at_10_paraphrased": round(float(g[para].mean()), 4),
                              "questions_with_no_result": int(sum(n == 0 for n in s["results"]))}
    return out


if __name__ == "__main__":
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--dbname", required=True, help="a database where the package is deployed and empty")
    p.add_argument("--memories", type=int, default=4000)
    p.add_argument("--questions", type=int, default=150)
    a = p.parse_args()
    print(json.dumps(measure(target.current().uri(a.dbname), a.memories, a.questions), indent=2))
