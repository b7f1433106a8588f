"""The write without per-call planning or second looks (change write_path_plans; issue 16).

The new bodies must answer exactly as the ones they replace: a created memory is what a
read of it returns (no read back any more), an embedding carries its memory's user and
filter columns from one trigger (which also refuses a sensitive memory), the audit log's
view of a request and the dedupe key are the same values as before, whatever search_path
the caller has. The earlier bodies are loaded from functions/history/ under pg_temp and
compared on generated inputs.
"""
import json
import random
from pathlib import Path

import psycopg
import pytest

from helpers import add_embedding, add_memory, add_session

HISTORY = Path(__file__).resolve().parent.parent / "functions" / "history" / "memory_store"


def load_old_body(db, path: Path, renames: dict):
    """Create the released body of PATH in pg_temp, each qualified name of RENAMES replaced."""
    sql = path.read_text()
    sql = sql[sql.index("CREATE OR REPLACE FUNCTION"):sql.index("COMMENT ON FUNCTION")]
    for old, new in renames.items():
        sql = sql.replace(old, new)
    db.execute(sql)


def random_request(rng: random.Random, depth: int = 0):
    """A JSON value shaped like what agents send: ids, flags, content, embeddings, secrets, long text, nesting."""
    kind = rng.choice(["object"] * 3 + ["array", "string", "long", "number", "bool", "null"]) if depth < 9 else "string"
    if kind == "object":
        keys = ["memory_id", "content", "tags", "api_key", "Password", "embedding", "query", "vector_x", "auth_token",
                "session_key", "note", "k" * 70, "k" * 65, "nested", "encrypt_with", "limit"]
        return {rng.choice(keys): (random_request(rng, depth + 1) if rng.random() < 0.6
                                   else {"text": "hi", "x": 1} if rng.random() < 0.5 else [0.1] * rng.randint(0, 3))
                for _ in range(rng.randint(0, 8))}
    if kind == "array":
        return [random_request(rng, depth + 1) for _ in range(rng.choice([0, 1, 3, 20, 21, 30]))]
    if kind == "string":
        return rng.choice(["", "a", "tea", "x" * 200])
    if kind == "long":
        return "é" * rng.choice([201, 5000])
    if kind == "number":
        return rng.choice([0, -1, 3.5, 10 ** 20])
    return {"bool": rng.random() < 0.5, "null": None}[kind]


def test_create_returns_what_a_read_of_it_returns(db):
    add_session(db, "s1", "u1")
    vector = "[" + ",".join(["0.25"] * 1536) + "]"
    created = db.execute(
        "SELECT to_jsonb(m) FROM memory.create_memory(p_memory_type => 'context', "
        "p_content => '{\"text\": \"I take the window seat\", \"mood\": \"calm\"}', p_session_id => 's1', "
        "p_source_agent => 'planner', p_tags => ARRAY['travel', 'Seat', 'travel', 'a-first'], "
        "p_ttl_seconds => 3600, p_priority => 7, p_embedding => %s::extensions.vector, "
        "p_embedding_model => 'm1') AS m", (vector,)).fetchone()[0]
    read = db.execute("SELECT to_jsonb(m) FROM memory.read_memory(%s) AS m", (created["memory_id"],)).fetchone()[0]
    assert created == read
    assert created["tags"] == ["Seat", "a-first", "travel"]   # distinct, in the order a read gives
    assert created["text_content"] == "I take the window seat"
    # without a session, tags or an embedding
    created = db.execute("SELECT to_jsonb(m) FROM memory.create_memory('user_preference', '{\"text\": \"tea\"}') AS m"
                         ).fetchone()[0]
    read = db.execute("SELECT to_jsonb(m) FROM memory.read_memory(%s) AS m", (created["memory_id"],)).fetchone()[0]
    assert created == read and created["tags"] == []


def test_an_embedding_takes_its_memory_from_one_trigger(db):
    add_session(db, "s1", "u1")
    add_memory(db, "m1", "s1", memory_type="entity")
    add_embedding(db, "m1")
    embedding = db.execute("SELECT user_id, session_id, memory_type, source_agent, is_active, expires_at, "
                           "memory_created_at FROM memory_store.vector_embeddings WHERE memory_id = 'm1'").fetchone()
    memory = db.execute("SELECT user_id, session_id, memory_type, source_agent, is_active, expires_at, created_at "
                        "FROM memory_store.memory_entries WHERE memory_id = 'm1'").fetchone()
    assert embedding == memory and embedding[0] == "u1"
    before = db.execute("SELECT array_agg(tgname::text) FROM pg_trigger WHERE NOT tgisinternal AND tgtype & 2 = 2 "
                        "AND tgrelid = 'memory_store.vector_embeddings'::regclass").fetchone()[0]
    assert before == ["vector_embeddings_from_memory"]
    # a memory moved to another user's session takes its rows along (change moved_memory_rows: the
    # propagation fired only when the statement itself set user_id)
    db.execute("INSERT INTO memory_store.memory_tags (memory_id, tag) VALUES ('m1', 'moved')")
    add_session(db, "s2", "u2")
    db.execute("UPDATE memory_store.memory_entries SET session_id = 's2' WHERE memory_id = 'm1'")
    assert db.execute("SELECT user_id, session_id FROM memory_store.vector_embeddings WHERE memory_id = 'm1'"
                      ).fetchone() == ("u2", "s2")
    assert db.execute("SELECT user_id FROM memory_store.memory_tags WHERE memory_id = 'm1'").fetchall() == [("u2",)]


def test_a_sensitive_memory_still_takes_no_embedding(db):
    db.execute("SELECT set_config('memory.encryption_key', 'test-key-0123456789abcdef', false)")
    memory_id = db.execute("SELECT memory_id FROM memory.create_sensitive_memory('context', "
                           "'{\"text\": \"my PIN is 1234\"}')").fetchone()[0]
    with pytest.raises(psycopg.Error) as error:
        add_embedding(db, memory_id)
    assert error.value.sqlstate == "22023"
    assert "is sensitive: it takes no embedding" in str(error.value)
    assert db.execute("SELECT count(*) FROM memory_store.vector_embeddings WHERE memory_id = %s",
                      (memory_id,)).fetchone()[0] == 0


def test_the_audit_view_of_a_request_is_what_it_was(db):
    load_old_body(db, HISTORY / "audit" / "sanitize_request.v3.sql",
                  {"memory_store.sanitize_request": "pg_temp.sanitize_request_v3"})
    rng = random.Random(16)
    requests = [random_request(rng) for _ in range(400)]
    requests += [{"content": {"text": "hi"}, "api_key": "x", "tags": ["a", "b"], "embedding": [1, 2, 3]},
                 {"k" * 70: 1, "k" * 65: 2}, {"deep": [[[[[[[["bottom"]]]]]]]]}, {"big": ["y" * 199] * 60}]
    differ = db.execute(
        "SELECT r FROM unnest(%s::jsonb[]) AS r "
        "WHERE memory_store.sanitize_request(r) IS DISTINCT FROM pg_temp.sanitize_request_v3(r)",
        ([json.dumps(r) for r in requests],)).fetchall()
    assert differ == []


def test_the_dedupe_key_is_what_it_was_whatever_the_search_path(db):
    load_old_body(db, HISTORY / "memories" / "dedupe_text.v1.sql",
                  {"memory_store.dedupe_text": "pg_temp.dedupe_text_v1"})
    load_old_body(db, HISTORY / "memories" / "dedupe_key.v1.sql",
                  {"memory_store.dedupe_key": "pg_temp.dedupe_key_v1", "memory_store.dedupe_text": "pg_temp.dedupe_text_v1"})
    contents = [{"text": t} for t in ["  I like\tTEA ", "Caf\u00e9  au LAIT", "Cafe\u0301 au lait", "\ufb01ne", "", " "]]
    contents += [{"no_text": 1}, {"text": None}, {"text": 5}, {}]
    # names a caller's schema could shadow, ahead of pg_catalog on its search_path
    db.execute("CREATE SCHEMA shadow")
    db.execute("CREATE FUNCTION shadow.lower(text) RETURNS text LANGUAGE sql AS $$ SELECT 'shadowed' $$")
    db.execute("CREATE FUNCTION shadow.text_of(jsonb, text) RETURNS text LANGUAGE sql AS $$ SELECT 'shadowed' $$")
    db.execute("CREATE OPERATOR shadow.->> (LEFTARG = jsonb, RIGHTARG = text, FUNCTION = shadow.text_of)")
    expected = db.execute("SELECT array_agg(pg_temp.dedupe_key_v1(c) ORDER BY o) FROM unnest(%s::jsonb[]) "
                          "WITH ORDINALITY AS t(c, o)", ([json.dumps(c) for c in contents],)).fetchone()[0]
    for path in ("pg_catalog, public", "shadow, pg_catalog, public"):
        db.execute(f"SET search_path = {path}")
        keys = db.execute("SELECT array_agg(memory_store.dedupe_key(c) ORDER BY o) FROM unnest(%s::jsonb[]) "
                          "WITH ORDINALITY AS t(c, o)", ([json.dumps(c) for c in contents],)).fetchone()[0]
        assert keys == expected, path
    db.execute("RESET search_path")
    assert db.execute("SELECT memory_store.dedupe_key(NULL)").fetchone()[0] is None


def test_the_dedupe_index_still_answers_the_dedupe_lookup(db):
    add_session(db, "s1", "u1")
    add_memory(db, "m1", "s1", text="I like TEA")
    db.execute("SET enable_seqscan = off")
    plan = "\n".join(r[0] for r in db.execute(
        "EXPLAIN SELECT memory_id FROM memory_store.memory_entries WHERE user_id = 'u1' AND memory_type = 'context' "
        "AND memory_store.dedupe_key(content) = memory_store.dedupe_key('{\"text\": \"i like  tea\"}') "
        "AND is_active AND NOT is_sensitive").fetchall())
    assert "dedupe_key_idx" in plan
    assert db.execute(
        "SELECT memory_id FROM memory_store.memory_entries WHERE user_id = 'u1' AND memory_type = 'context' "
        "AND memory_store.dedupe_key(content) = memory_store.dedupe_key('{\"text\": \"i like  tea\"}') "
        "AND is_active AND NOT is_sensitive").fetchall() == [("m1",)]
