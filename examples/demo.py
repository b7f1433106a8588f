"""A tiny agent session against memory-orchestrator, with psycopg 3 and pgvector.

Creates a session, writes a few memories with tags and embeddings, reads them
back, and searches them by keyword and by meaning. Everything runs in one
transaction that is rolled back at the end (pass --keep to commit), so running
the demo twice changes nothing.

    DATABASE_URL=postgresql://... python examples/demo.py [--keep]

The embeddings are made up here (a direction per topic plus noise); a real
agent gets them from its embedding model. The agent API (schema `memory`)
replaces the direct table access below as it lands.
"""

import argparse
import hashlib
import json
import os

import numpy as np
import psycopg
from pgvector.psycopg import register_vector

DIMENSIONS = 1536
TOPICS = ["coffee", "travel", "music"]
MEMORIES = [
    ("demo-m1", "conversation", "I like my coffee black, no sugar.", ["preference", "coffee"], "coffee"),
    ("demo-m2", "conversation", "Book a train to Lisbon for next Friday.", ["task", "travel"], "travel"),
    ("demo-m3", "context", "The user prefers espresso in the morning.", ["preference", "coffee"], "coffee"),
    ("demo-m4", "context", "Favourite band: Radiohead; play jazz while working.", ["music"], "music"),
]


def embed(topic: str, text: str) -> np.ndarray:
    """A made-up but stable embedding: the topic's direction plus text-seeded noise."""
    def unit(seed: str) -> np.ndarray:
        rng = np.random.default_rng(int(hashlib.sha256(seed.encode()).hexdigest()[:16], 16))
        v = rng.standard_normal(DIMENSIONS)
        return v / np.linalg.norm(v)
    v = unit(topic) + 0.3 * unit(text)
    return (v / np.linalg.norm(v)).astype(np.float32)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--keep", action="store_true", help="commit instead of rolling back")
    args = parser.parse_args()

    with psycopg.connect(os.environ["DATABASE_URL"]) as conn:
        # pgvector lives in schema "extensions"; the adapter looks the type up by name.
        conn.execute("SET search_path = extensions, pg_catalog")
        register_vector(conn)
        conn.execute("SET ROLE memory_owner")

        conn.execute("INSERT INTO memory_store.sessions (session_id, user_id, session_type, metadata) "
                      "VALUES ('demo-session', 'demo-user', 'conversation', %s)",
                      (json.dumps({"device": "kitchen speaker"}),))
        for memory_id, memory_type, text, tags, topic in MEMORIES:
            conn.execute("INSERT INTO memory_store.memory_entries (memory_id, session_id, memory_type, content, "
                         "source_agent, priority) VALUES (%s, 'demo-session', %s, %s, 'demo-agent', 6)",
                         (memory_id, memory_type, json.dumps({"text": text})))
            conn.execute("INSERT INTO memory_store.memory_tags (memory_id, tag) SELECT %s, unnest(%s::text[])",
                         (memory_id, tags))
            conn.execute("INSERT INTO memory_store.vector_embeddings (memory_id, embedding, embedding_model) "
                         "VALUES (%s, %s, 'demo-embedding')", (memory_id, embed(topic, text)))
        print(f"session demo-session: wrote {len(MEMORIES)} memories with tags and embeddings")

        print("\nread back:")
        for row in conn.execute(
                "SELECT m.memory_id, m.memory_type, m.text_content, array_agg(t.tag ORDER BY t.tag) "
                "FROM memory_store.memory_entries m JOIN memory_store.memory_tags t USING (memory_id) "
                "WHERE m.session_id = 'demo-session' GROUP BY 1, 2, 3, m.created_at ORDER BY m.memory_id"):
            print(f"  {row[0]}  {row[1]:<12} {row[2]!r}  tags={row[3]}")

        query = "coffee or espresso"
        print(f"\nkeyword search {query!r}:")
        for memory_id, text, rank in conn.execute(
                "SELECT memory_id, text_content, ts_rank(to_tsvector('english', text_content), q) "
                "FROM memory_store.memory_entries, websearch_to_tsquery('english', %s) AS q "
                "WHERE to_tsvector('english', text_content) @@ q ORDER BY 3 DESC", (query,)):
            print(f"  {memory_id}  rank={rank:.3f}  {text!r}")

        question = "what does the user like to drink?"
        print(f"\nsemantic search {question!r} (cosine similarity):")
        for memory_id, text, similarity in conn.execute(
                "SELECT e.memory_id, m.text_content, 1 - (e.embedding <=> %s) AS similarity "
                "FROM memory_store.vector_embeddings e JOIN memory_store.memory_entries m USING (memory_id) "
                "ORDER BY e.embedding <=> %s LIMIT 3",
                (embed("coffee", question), embed("coffee", question))):
            print(f"  {memory_id}  similarity={similarity:.3f}  {text!r}")

        if args.keep:
            conn.commit()
            print("\ncommitted (--keep)")
        else:
            conn.rollback()
            print("\nrolled back: the database is unchanged (use --keep to commit)")


if __name__ == "__main__":
    main()
