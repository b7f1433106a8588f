"""Small SQL helpers shared by the tests: rows are written straight into the
tables here (the agent API has its own tests)."""

import json


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
