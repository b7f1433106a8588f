"""A small agent session against memory-orchestrator's API, with psycopg 3 and pgvector.

Copy it as a starting point for an agent. It runs as the `memory_agent` role
(EXECUTE on the functions of schema `memory`, no table privileges), acts for
one user (memory.act_as: row-level security keeps it to that user), starts a
session, writes memories with tags and embeddings, reads them back, searches
them by keyword, by meaning and both, relates two of them, keeps agent state,
summarizes the session, reads the change feed and makes one call through the
JSON envelope. It connects with the statement and idle-in-transaction
timeouts recommended for agent login roles (docs/security.md). All of
it runs in one transaction that is rolled back at the end (pass --keep to
commit), so running it twice changes nothing.

    DATABASE_URL=postgresql://... python examples/agent_session.py [--keep]

The embeddings are made up here (a direction per topic plus noise); a real
agent gets them from its embedding model.
"""

import argparse
import hashlib
import json
import os

import numpy as np
import psycopg
from pgvector.psycopg import register_vector
from psycopg.types.json import Jsonb

DIMENSIONS = 1536
TIMEOUTS = "-c statement_timeout=5s -c idle_in_transaction_session_timeout=60s"
MEMORIES = [
    ("conversation", "I like my coffee black, no sugar.", ["preference", "coffee"], "coffee", 7),
    ("conversation", "Book a train to Lisbon for next Friday.", ["task", "travel"], "travel", 8),
    ("context", "The user prefers espresso in the morning.", ["preference", "coffee"], "coffee", 6),
    ("context", "Favourite band: Radiohead; play jazz while working.", ["music"], "music", 4),
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

    # The timeouts docs/security.md recommends for agent login roles (set
    # there with ALTER ROLE ... SET); passed here too for a login that has none.
    with psycopg.connect(os.environ["DATABASE_URL"], options=TIMEOUTS) as conn:
        # pgvector lives in schema "extensions"; the adapter looks the type up by name.
        conn.execute("SET search_path = extensions, pg_catalog")
        register_vector(conn)
        # An agent logs in as its own role, a member of memory_agent; the demo
        # takes that role itself, and names the calling agent for the audit log.
        conn.execute("SET ROLE memory_agent")
        conn.execute("SET memory.agent_id = 'demo-agent'")
        # It acts for one user, whom a DBA allowed its role to serve
        # (memory_store.grant_agent_user); from here on every call sees and
        # writes only that user's rows. (The demo's login is a superuser,
        # which may act for anyone.)
        conn.execute("SELECT memory.act_as('demo-user')")
        print("timeouts: statement {} / idle in transaction {}".format(*conn.execute(
            "SELECT current_setting('statement_timeout'), "
            "current_setting('idle_in_transaction_session_timeout')").fetchone()))

        session = conn.execute("SELECT session_id FROM memory.start_session(p_user_id => 'demo-user', "
                               "p_metadata => %s)", (Jsonb({"device": "kitchen speaker"}),)).fetchone()[0]
        ids = []
        for memory_type, text, tags, topic, priority in MEMORIES:
            ids.append(conn.execute(
                "SELECT memory_id FROM memory.create_memory(p_memory_type => %s, p_content => %s, "
                "p_session_id => %s, p_tags => %s, p_priority => %s, p_embedding => %s, "
                "p_embedding_model => 'demo-embedding')",
                (memory_type, Jsonb({"text": text}), session, tags, priority, embed(topic, text))).fetchone()[0])
        print(f"session {session}: wrote {len(ids)} memories with tags and embeddings")

        print("\nread back, by priority:")
        for memory_type, text, tags in conn.execute(
                "SELECT m.memory_type, m.text_content, m.tags "
                "FROM memory.batch_read_memories(p_session_id => %s, p_sort_field => 'priority') AS p, "
                "unnest((p).memories) AS m", (session,)):
            print(f"  {memory_type:<12} {text!r}  tags={tags}")

        query = "coffee or espresso"
        print(f"\nkeyword search {query!r}:")
        for text, score in conn.execute("SELECT text_content, score FROM memory.search_keyword(%s, "
                                        "p_user_id => 'demo-user')", (query,)):
            print(f"  score={score:.3f}  {text!r}")

        question = "what does the user like to drink?"
        q = embed("coffee", question)
        print(f"\nsemantic search {question!r}:")
        for text, similarity in conn.execute("SELECT text_content, similarity_score FROM memory.search_semantic("
                                             "%s, p_user_id => 'demo-user', p_limit => 3)", (q,)):
            print(f"  similarity={similarity:.3f}  {text!r}")

        print("\nhybrid search ('train' + the drink question, reciprocal rank fusion):")
        for text, score in conn.execute("SELECT text_content, score FROM memory.search_hybrid(%s, %s, "
                                        "p_user_id => 'demo-user', p_limit => 3)", ("train", q)):
            print(f"  rrf={score:.4f}  {text!r}")

        conn.execute("SELECT memory.relate(%s, %s, 'same_topic')", (ids[0], ids[2]))
        conn.execute("SELECT memory.save_agent_state('demo-agent', %s, p_session_id => %s)",
                     (Jsonb({"last_topic": "coffee"}), session))
        summary = conn.execute("SELECT memory.summarize_session(%s, p_max_sentences => 2, p_store => true)",
                               (session,)).fetchone()[0]
        print(f"\nsummary: {summary!r}")

        print("\nwhat changed for the user (memory.changes_since, once the transaction commits):")
        cursor = None
        for cursor, memory_id, operation in conn.execute(
                "SELECT next_cursor, memory_id, operation FROM memory.changes_since(p_cursor => %s, p_limit => 5)",
                (cursor,)):
            print(f"  {operation:<7} {memory_id}  (next_cursor {cursor})")
        print(f"  resume from next_cursor {cursor!r}; LISTEN memory_changes says when to ask again")

        envelope = conn.execute("SELECT memory.dispatch(%s::jsonb)", (json.dumps(
            {"action": "read", "request_id": "demo-1", "payload": {"memory_id": ids[1]}}),)).fetchone()[0]
        print(f"\nthe same read through the JSON envelope: status={envelope['status']} "
              f"request_id={envelope['request_id']} text={envelope['data']['text_content']!r}")

        if args.keep:
            conn.commit()
            print("\ncommitted (--keep)")
        else:
            conn.rollback()
            print("\nrolled back: the database is unchanged (use --keep to commit)")


if __name__ == "__main__":
    main()
