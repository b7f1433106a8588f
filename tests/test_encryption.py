"""Sensitive memories encrypted at rest (issue 4.5, change sensitive_memories):
no plaintext in any stored page, in text_content, keyword search or the
access log; the key is never stored; read decrypts only with the right key;
update re-encrypts; rotation; the envelope's key applies to one call; every
error class; no partial writes."""

import json
import secrets
import subprocess
import sys

import psycopg
import pytest
from psycopg import sql
from psycopg.types.json import Jsonb

from conftest import ROOT, TARGET, sqitch
from helpers import add_session, count

KEY = "key-A-" + "0123456789abcdef"
OTHER_KEY = "key-B-" + "fedcba9876543210"
NEW_KEY = "key-C-" + "00112233445566778899"
STUB = {"encrypted": True}


def set_key(db, key, setting="memory.encryption_key"):
    """The key for the rest of the session, as a bind parameter (never in statement text)."""
    db.execute("SELECT set_config(%s, %s, false)", (setting, key))


def create_sensitive(db, text, **kwargs):
    args = {"p_memory_type": "context", "p_content": Jsonb({"text": text}), **kwargs}
    names = ", ".join(f"{k} => %({k})s" for k in args)
    return db.execute(f"SELECT memory_id, content, text_content FROM memory.create_sensitive_memory({names})",
                      args).fetchone()


def read(db, memory_id):
    return db.execute("SELECT content, text_content FROM memory.read_memory(%s)", (memory_id,)).fetchone()


def dispatch(db, request):
    return db.execute("SELECT memory.dispatch(%s::jsonb)", (json.dumps(request),)).fetchone()[0]


def stored(db, memory_id):
    return db.execute("SELECT content, text_content, is_sensitive, content_encrypted FROM memory_store.memory_entries "
                      "WHERE memory_id = %s", (memory_id,)).fetchone()


def rows_left(db):
    return (count(db, "SELECT count(*) FROM memory_store.memory_entries"),
            count(db, "SELECT count(*) FROM memory_store.memory_registry"),
            count(db, "SELECT count(*) FROM memory_store.memory_tags"),
            count(db, "SELECT count(*) FROM memory_store.vector_embeddings"))


def audit_rows(db):
    return count(db, "SELECT count(*) FROM memory_store.memory_access_logs")


def marker():
    """A word that exists nowhere else: found only where the test put it."""
    return "zq" + secrets.token_hex(8)


def raises(db, sql, params=()):
    """The error of a statement that must fail (in a savepoint when inside a transaction)."""
    with pytest.raises(psycopg.Error) as error:
        with db.transaction():
            db.execute(sql, params)
    return error.value


# --------------------------------------------------------------------------- at rest

@pytest.fixture
def pages(db):
    """Every page of every relation in memory_store (tables, partitions, TOAST,
    indexes), through pageinspect's get_raw_page: the bytes PostgreSQL writes
    to disk, read through shared buffers so no checkpoint is needed."""
    if not count(db, "SELECT count(*) FROM pg_available_extensions WHERE name = 'pageinspect'"):
        pytest.skip("pageinspect is not available on this server")
    db.execute("CREATE EXTENSION IF NOT EXISTS pageinspect")

    def relations_containing(word):
        """(relation, kind) of every relation with a page that holds WORD; kind is
        'heap', 'toast' or the index access method."""
        return db.execute(
            "SELECT c.oid::regclass::text, CASE c.relkind WHEN 'i' THEN am.amname WHEN 't' THEN 'toast' ELSE 'heap' END "
            "  FROM pg_class c LEFT JOIN pg_am am ON am.oid = c.relam "
            " WHERE (c.relnamespace = 'memory_store'::regnamespace "
            "        OR c.oid IN (SELECT reltoastrelid FROM pg_class WHERE relnamespace = 'memory_store'::regnamespace)) "
            "   AND c.relkind IN ('r', 't', 'i', 'm') "
            "   AND EXISTS (SELECT 1 FROM generate_series(0, pg_relation_size(c.oid) / current_setting('block_size')::int - 1) b "
            "               WHERE position(convert_to(%s, 'UTF8') IN get_raw_page(c.oid::regclass::text, b::int)) > 0) "
            " ORDER BY 1", (word,)).fetchall()
    return relations_containing


def test_no_stored_page_of_the_package_holds_the_plaintext(db, pages):
    add_session(db, "s1")
    set_key(db, KEY)
    secret, plain = marker(), marker()
    memory_id = create_sensitive(db, f"my door code is {secret}", p_session_id="s1", p_tags=["home"])[0]
    db.execute("SELECT memory.create_memory('context', %s, p_session_id => 's1')", (Jsonb({"text": f"hello {plain}"}),))
    db.execute("SELECT memory.read_memory(%s)", (memory_id,))
    db.execute("SELECT memory.update_memory(%s, %s, p_merge_content => true)", (memory_id, Jsonb({"note": secret})))
    # The control: a plain memory's word is in the heap, its GIN indexes.
    found = pages(plain)
    assert {kind for _, kind in found} >= {"heap", "gin"}, found
    # The sensitive one's word is in no page of any table, TOAST table or index.
    assert pages(secret) == []
    assert pages(KEY) == []


def test_the_row_holds_the_stub_and_ciphertext_only(db):
    set_key(db, KEY)
    secret = marker()
    memory_id, content, text_content = create_sensitive(db, f"PIN {secret}")
    assert content == {"text": f"PIN {secret}"} and text_content == f"PIN {secret}"   # the caller gets it back
    row = stored(db, memory_id)
    assert row[0] == STUB and row[1] is None and row[2] is True
    cipher = bytes(row[3])
    assert secret.encode() not in cipher and KEY.encode() not in cipher
    assert len(cipher) > len(secret)
    whole = db.execute("SELECT e::text FROM memory_store.memory_entries e WHERE memory_id = %s", (memory_id,)).fetchone()[0]
    assert secret not in whole and KEY not in whole
    # pgcrypto's own reading of the packet: AES-256, no compression is a property of the data.
    assert db.execute("SELECT extensions.pgp_sym_decrypt(content_encrypted, %s)::jsonb -> 'content' "
                      "FROM memory_store.memory_entries WHERE memory_id = %s", (KEY, memory_id)).fetchone()[0] \
        == {"text": f"PIN {secret}"}


def test_the_same_content_encrypts_differently_every_time(db):
    set_key(db, KEY)
    a = create_sensitive(db, "same words")[0]
    b = create_sensitive(db, "same words")[0]
    assert bytes(stored(db, a)[3]) != bytes(stored(db, b)[3])


def test_a_sensitive_row_cannot_hold_plaintext_even_written_by_hand(db):
    set_key(db, KEY)
    memory_id = create_sensitive(db, "hidden")[0]
    error = raises(db, "UPDATE memory_store.memory_entries SET content = '{\"text\": \"leak\"}' WHERE memory_id = %s",
                   (memory_id,))
    assert error.sqlstate == "23514"
    error = raises(db, "INSERT INTO memory_store.memory_entries (memory_id, memory_type, content, is_sensitive) "
                       "VALUES ('m-hand', 'context', '{\"text\": \"leak\"}', true)")
    assert error.sqlstate == "23514"
    db.execute("SELECT memory.create_memory('context', '{\"text\": \"plain\"}', p_memory_id => 'm-plain')")
    error = raises(db, "UPDATE memory_store.memory_entries SET content_encrypted = '\\x00' WHERE memory_id = 'm-plain'")
    assert error.sqlstate == "23514"


def test_a_sensitive_memory_never_gets_an_embedding(db):
    set_key(db, KEY)
    memory_id = create_sensitive(db, "no vectors")[0]
    vector = "[" + ",".join(["0.5"] * 1536) + "]"
    error = raises(db, "INSERT INTO memory_store.vector_embeddings (memory_id, embedding, embedding_model) "
                       "VALUES (%s, %s::extensions.vector, 'm')", (memory_id, vector))
    assert error.sqlstate == "22023"
    response = dispatch(db, {"action": "create", "encryption_key": KEY,
                             "payload": {"memory_type": "context", "sensitive": True, "content": {"text": "x"},
                                         "embedding": [0.5] * 1536, "embedding_model": "m"}})
    assert response["error"]["code"] == "validation_error"
    assert count(db, "SELECT count(*) FROM memory_store.vector_embeddings") == 0


# --------------------------------------------------------------------------- search, summaries, batch read

def test_keyword_and_hybrid_search_never_see_a_sensitive_memory(db):
    add_session(db, "s1")
    set_key(db, KEY)
    secret = marker()
    create_sensitive(db, f"the safe combination is {secret}", p_session_id="s1")
    assert db.execute("SELECT count(*) FROM memory.search_keyword(%s)", (secret,)).fetchone()[0] == 0
    assert db.execute("SELECT count(*) FROM memory.search_keyword('safe combination')").fetchone()[0] == 0
    response = dispatch(db, {"action": "search", "encryption_key": KEY,
                             "payload": {"query": secret, "search_type": "keyword"}})
    assert response["status"] == "success" and response["data"]["results"] == []
    hybrid = dispatch(db, {"action": "search", "payload": {"query": secret, "search_type": "hybrid",
                                                           "query_embedding": [0.5] * 1536}})
    assert hybrid["status"] == "success" and hybrid["data"]["results"] == []
    # The control: the same words in a plain memory are found.
    db.execute("SELECT memory.create_memory('context', %s)", (Jsonb({"text": f"plain {secret}"}),))
    assert db.execute("SELECT count(*) FROM memory.search_keyword(%s)", (secret,)).fetchone()[0] == 1


def test_summaries_leave_sensitive_memories_out(db):
    add_session(db, "s1")
    set_key(db, KEY)
    secret = marker()
    create_sensitive(db, f"Account number {secret} belongs to Alice.", p_session_id="s1")
    db.execute("SELECT memory.create_memory('conversation', %s, p_session_id => 's1')",
               (Jsonb({"text": "We talked about the weather today."}),))
    summary = db.execute("SELECT memory.summarize_session('s1', p_store => true)").fetchone()[0]
    assert "weather" in summary and secret not in summary
    assert count(db, "SELECT count(*) FROM memory_store.sessions WHERE summary LIKE '%%' || %s || '%%'", secret) == 0


def test_batch_read_returns_sensitive_memories_redacted_even_with_the_key(db):
    add_session(db, "s1")
    set_key(db, KEY)
    secret = marker()
    memory_id = create_sensitive(db, secret, p_session_id="s1", p_tags=["t"])[0]
    page = db.execute("SELECT (m).memory_id, (m).content, (m).text_content, (m).tags "
                      "FROM memory.batch_read_memories(p_session_id => 's1') AS p, unnest(p.memories) AS m").fetchall()
    assert page == [(memory_id, STUB, None, ["t"])]
    response = dispatch(db, {"action": "batch_read", "encryption_key": KEY, "payload": {"memory_ids": [memory_id]}})
    assert response["data"]["memories"][0]["content"] == STUB
    assert secret not in json.dumps(response)


# --------------------------------------------------------------------------- read

def test_read_with_the_key_returns_the_plaintext_typed_and_through_dispatch(db):
    set_key(db, KEY)
    memory_id = create_sensitive(db, "meet at noon", p_tags=["a"])[0]
    assert read(db, memory_id) == ({"text": "meet at noon"}, "meet at noon")
    db.execute("RESET memory.encryption_key")
    response = dispatch(db, {"action": "read", "encryption_key": KEY, "payload": {"memory_id": memory_id}})
    assert response["status"] == "success"
    assert response["data"]["content"] == {"text": "meet at noon"} and response["data"]["tags"] == ["a"]
    # A transaction-local key: SET LOCAL / set_config(..., true).
    with db.transaction():
        db.execute("SELECT set_config('memory.encryption_key', %s, true)", (KEY,))
        assert read(db, memory_id)[1] == "meet at noon"
    assert db.execute("SELECT current_setting('memory.encryption_key', true)").fetchone()[0] in (None, "")


def test_read_without_the_key_or_with_another_is_a_typed_error(db):
    set_key(db, KEY)
    memory_id = create_sensitive(db, "top secret")[0]
    db.execute("RESET memory.encryption_key")
    assert raises(db, "SELECT * FROM memory.read_memory(%s)", (memory_id,)).sqlstate == "22004"
    set_key(db, OTHER_KEY)
    error = raises(db, "SELECT * FROM memory.read_memory(%s)", (memory_id,))
    assert error.sqlstate == "42501" and "top secret" not in str(error) and OTHER_KEY not in str(error)
    set_key(db, "short")
    assert raises(db, "SELECT * FROM memory.read_memory(%s)", (memory_id,)).sqlstate == "22023"
    db.execute("RESET memory.encryption_key")
    assert dispatch(db, {"action": "read", "payload": {"memory_id": memory_id}})["error"]["code"] == "invalid_request"
    wrong = dispatch(db, {"action": "read", "encryption_key": OTHER_KEY, "payload": {"memory_id": memory_id}})
    assert wrong["error"] == {"code": "permission_denied", "message": "permission denied",
                              "details": {"sqlstate": "42501"}}
    bad = dispatch(db, {"action": "read", "encryption_key": 12345, "payload": {"memory_id": memory_id}})
    assert bad["error"]["code"] == "invalid_request"
    # A plain memory needs no key.
    plain = db.execute("SELECT memory_id FROM memory.create_memory('context', '{\"text\": \"open\"}')").fetchone()[0]
    assert read(db, plain)[1] == "open"


def test_a_key_stored_in_role_or_database_settings_is_refused(db):
    set_key(db, KEY)
    memory_id = create_sensitive(db, "not like this")[0]
    dbname = db.info.dbname
    db.execute(sql.SQL('ALTER DATABASE {} SET "Memory.Encryption_Key" = {}').format(sql.Identifier(dbname),
                                                                                   sql.Literal(KEY)))
    try:
        error = raises(db, "SELECT * FROM memory.read_memory(%s)", (memory_id,))
        assert error.sqlstate == "22023" and "stored in role or database settings" in str(error)
        assert KEY not in str(error)
    finally:
        db.execute(sql.SQL('ALTER DATABASE {} RESET "Memory.Encryption_Key"').format(sql.Identifier(dbname)))
    assert read(db, memory_id)[1] == "not like this"


def test_a_ciphertext_moved_to_another_row_does_not_decrypt_as_its_content(db):
    set_key(db, KEY)
    a = create_sensitive(db, "belongs to a")[0]
    b = create_sensitive(db, "belongs to b")[0]
    db.execute("UPDATE memory_store.memory_entries SET content_encrypted = "
               "(SELECT content_encrypted FROM memory_store.memory_entries WHERE memory_id = %s) WHERE memory_id = %s",
               (a, b))
    assert raises(db, "SELECT * FROM memory.read_memory(%s)", (b,)).sqlstate == "XX001"
    response = dispatch(db, {"action": "read", "payload": {"memory_id": b}})
    assert response["error"]["code"] == "internal_error" and "belongs to a" not in json.dumps(response)


# --------------------------------------------------------------------------- create

def test_create_errors_leave_nothing_behind(db):
    add_session(db, "s1")
    before = rows_left(db)
    # no key, a short key, a long key
    assert raises(db, "SELECT memory.create_sensitive_memory('context', '{\"text\": \"x\"}')").sqlstate == "22004"
    set_key(db, "k" * 15)
    assert raises(db, "SELECT memory.create_sensitive_memory('context', '{\"text\": \"x\"}')").sqlstate == "22023"
    set_key(db, "k" * 1025)
    assert raises(db, "SELECT memory.create_sensitive_memory('context', '{\"text\": \"x\"}')").sqlstate == "22023"
    set_key(db, KEY)
    for sql, params, state in [
        ("SELECT memory.create_sensitive_memory(NULL, '{\"text\": \"x\"}')", (), "22004"),
        ("SELECT memory.create_sensitive_memory('context', NULL)", (), "22004"),
        ("SELECT memory.create_sensitive_memory('nope', '{\"text\": \"x\"}')", (), "22023"),
        ("SELECT memory.create_sensitive_memory('context', '[1]')", (), "22023"),
        ("SELECT memory.create_sensitive_memory('context', '{\"text\": \"x\"}', p_priority => 11)", (), "22023"),
        ("SELECT memory.create_sensitive_memory('context', '{\"text\": \"x\"}', p_ttl_seconds => 0)", (), "22023"),
        ("SELECT memory.create_sensitive_memory('context', '{\"text\": \"x\"}', p_tags => ARRAY[NULL])", (), "22023"),
        ("SELECT memory.create_sensitive_memory('context', %s)", (Jsonb({"text": "x" * 70000}),), "54000"),
        ("SELECT memory.create_sensitive_memory('context', '{\"text\": \"x\"}', p_session_id => 'nope')", (), "MO002"),
        ("SELECT memory.create_sensitive_memory('context', '{\"text\": \"x\"}', p_memory_id => %s)", ("i" * 65,), "22023"),
    ]:
        assert raises(db, sql, params).sqlstate == state, sql
    assert rows_left(db) == before
    for payload, code in [({"memory_type": "context", "sensitive": True}, "invalid_request"),
                          ({"memory_type": "context", "sensitive": "yes", "content": {"text": "x"}}, "validation_error"),
                          ({"memory_type": "context", "sensitive": True, "content": {"text": "x"}, "priority": 0},
                           "validation_error")]:
        assert dispatch(db, {"action": "create", "payload": payload})["error"]["code"] == code, payload
    db.execute("RESET memory.encryption_key")
    response = dispatch(db, {"action": "create", "payload": {"memory_type": "context", "sensitive": True,
                                                            "content": {"text": "x"}}})
    assert response["error"]["code"] == "invalid_request" and "encryption key" in response["error"]["message"]
    assert rows_left(db) == before


def test_create_is_idempotent_with_the_same_id_and_content_only(db):
    set_key(db, KEY)
    first = create_sensitive(db, "once", p_memory_id="m-fixed", p_tags=["t"])
    again = create_sensitive(db, "once", p_memory_id="m-fixed", p_tags=["t"])
    assert first == again
    assert raises(db, "SELECT memory.create_sensitive_memory('context', '{\"text\": \"other\"}', "
                      "p_memory_id => 'm-fixed')").sqlstate == "23505"
    set_key(db, OTHER_KEY)   # same content, but the key does not open the stored one: not the same memory
    assert raises(db, "SELECT memory.create_sensitive_memory('context', '{\"text\": \"once\"}', "
                      "p_memory_id => 'm-fixed')").sqlstate == "23505"
    db.execute("SELECT memory.create_memory('context', '{\"text\": \"plain\"}', p_memory_id => 'm-plain')")
    assert raises(db, "SELECT memory.create_sensitive_memory('context', '{\"text\": \"plain\"}', "
                      "p_memory_id => 'm-plain')").sqlstate == "23505"
    assert count(db, "SELECT count(*) FROM memory_store.memory_entries WHERE is_sensitive") == 1


def test_create_through_dispatch_with_the_envelope_key(db):
    add_session(db, "s1")
    response = dispatch(db, {"action": "create", "session_id": "s1", "encryption_key": KEY,
                             "payload": {"memory_type": "context", "sensitive": True, "tags": ["x"],
                                         "content": {"text": "via dispatch", "source_agent": "voice"}}})
    assert response["status"] == "success" and response["data"]["sensitive"] is True
    memory_id = response["data"]["memory_id"]
    row = stored(db, memory_id)
    assert row[0] == STUB and row[2] is True
    assert db.execute("SELECT source_agent, session_id FROM memory_store.memory_entries WHERE memory_id = %s",
                      (memory_id,)).fetchone() == ("voice", "s1")
    set_key(db, KEY)
    assert read(db, memory_id)[0] == {"text": "via dispatch", "source_agent": "voice"}
    plain = dispatch(db, {"action": "create", "payload": {"memory_type": "context", "content": {"text": "open"}}})
    assert plain["data"]["sensitive"] is False
    assert stored(db, plain["data"]["memory_id"])[2] is False


def test_the_api_works_for_the_agent_role(db):
    with db.transaction():
        db.execute("SET LOCAL ROLE memory_agent")
        db.execute("SELECT set_config('memory.encryption_key', %s, true)", (KEY,))
        memory_id = create_sensitive(db, "agent secret")[0]
        assert read(db, memory_id)[1] == "agent secret"
        db.execute("SELECT set_config('memory.new_encryption_key', %s, true)", (NEW_KEY,))
        assert db.execute("SELECT * FROM memory.rotate_encryption_key()").fetchone() == (1, 0)
        assert raises(db, "SELECT 1 FROM memory_store.memory_entries").sqlstate == "42501"


# --------------------------------------------------------------------------- update

def test_update_re_encrypts_replaced_and_merged_content(db):
    set_key(db, KEY)
    memory_id = create_sensitive(db, "version one")[0]
    cipher_one = bytes(stored(db, memory_id)[3])
    content = db.execute("SELECT content FROM memory.update_memory(%s, %s)",
                         (memory_id, Jsonb({"text": "version two"}))).fetchone()[0]
    assert content == {"text": "version two"}
    row = stored(db, memory_id)
    assert row[0] == STUB and row[1] is None and bytes(row[3]) != cipher_one
    assert b"version" not in bytes(row[3])
    response = dispatch(db, {"action": "update", "payload": {"memory_id": memory_id, "merge_content": True,
                                                            "content": {"mood": "calm"}}})
    assert response["status"] == "success"
    assert read(db, memory_id)[0] == {"text": "version two", "mood": "calm"}
    assert db.execute("SELECT count(*) FROM memory.search_keyword('version')").fetchone()[0] == 0


def test_update_without_content_needs_no_key_and_keeps_the_ciphertext(db):
    set_key(db, KEY)
    memory_id = create_sensitive(db, "keep me")[0]
    cipher = bytes(stored(db, memory_id)[3])
    db.execute("RESET memory.encryption_key")
    row = db.execute("SELECT content, priority, tags FROM memory.update_memory(%s, p_priority => 9, p_tags => ARRAY['x'])",
                     (memory_id,)).fetchone()
    assert row == (STUB, 9, ["x"])   # no key: the answer is redacted
    assert bytes(stored(db, memory_id)[3]) == cipher
    db.execute("SELECT memory.delete_memory(%s)", (memory_id,))
    db.execute("SELECT memory.restore_memory(%s)", (memory_id,))
    set_key(db, KEY)
    assert read(db, memory_id)[1] == "keep me"


def test_update_errors_leave_the_memory_unchanged(db):
    set_key(db, KEY)
    memory_id = create_sensitive(db, "unchanged")[0]
    before = db.execute("SELECT e::text FROM memory_store.memory_entries e WHERE memory_id = %s", (memory_id,)).fetchone()
    db.execute("RESET memory.encryption_key")
    assert raises(db, "SELECT memory.update_memory(%s, '{\"text\": \"new\"}')", (memory_id,)).sqlstate == "22004"
    set_key(db, OTHER_KEY)   # a wrong key must not re-key the memory
    assert raises(db, "SELECT memory.update_memory(%s, '{\"text\": \"new\"}')", (memory_id,)).sqlstate == "42501"
    set_key(db, KEY)
    assert raises(db, "SELECT memory.update_memory(%s, %s)",
                  (memory_id, Jsonb({"text": "x" * 70000}))).sqlstate == "54000"
    assert raises(db, "SELECT memory.update_memory(%s, %s, p_merge_content => true)",
                  (memory_id, Jsonb({"pad": "x" * 65530}))).sqlstate == "54000"
    assert raises(db, "SELECT memory.update_memory(%s, '[1]')", (memory_id,)).sqlstate == "22023"
    response = dispatch(db, {"action": "update", "encryption_key": OTHER_KEY,
                             "payload": {"memory_id": memory_id, "content": {"text": "new"}}})
    assert response["error"]["code"] == "permission_denied"
    after = db.execute("SELECT e::text FROM memory_store.memory_entries e WHERE memory_id = %s", (memory_id,)).fetchone()
    assert after == before
    assert read(db, memory_id)[1] == "unchanged"


# --------------------------------------------------------------------------- rotation

def test_rotation_re_encrypts_what_the_old_key_opens(db):
    add_session(db, "s1")
    add_session(db, "s2", user_id="u2")
    set_key(db, KEY)
    a = create_sensitive(db, "a", p_session_id="s1")[0]
    b = create_sensitive(db, "b", p_session_id="s2")[0]
    db.execute("SELECT memory.delete_memory(%s)", (b,))          # soft-deleted ones rotate too
    set_key(db, OTHER_KEY)
    c = create_sensitive(db, "c", p_session_id="s1")[0]          # someone else's key: left alone
    set_key(db, KEY)
    set_key(db, NEW_KEY, "memory.new_encryption_key")
    assert db.execute("SELECT * FROM memory.rotate_encryption_key(p_session_id => 's1')").fetchone() == (1, 1)
    assert db.execute("SELECT * FROM memory.rotate_encryption_key(p_user_id => 'u2')").fetchone() == (1, 0)
    assert db.execute("SELECT * FROM memory.rotate_encryption_key()").fetchone() == (0, 3)
    set_key(db, NEW_KEY)
    assert read(db, a)[1] == "a"
    db.execute("SELECT memory.restore_memory(%s)", (b,))
    assert read(db, b)[1] == "b"
    set_key(db, OTHER_KEY)
    assert read(db, c)[1] == "c"
    set_key(db, KEY)
    assert raises(db, "SELECT * FROM memory.read_memory(%s)", (a,)).sqlstate == "42501"
    logged = db.execute("SELECT request_data FROM memory_store.memory_access_logs "
                        "WHERE request_data ->> 'rotate' = 'true' ORDER BY log_id").fetchall()
    assert [r[0]["rotated"] for r in logged] == [1, 1, 0]


def test_rotation_errors_change_nothing(db):
    set_key(db, KEY)
    memory_id = create_sensitive(db, "stay")[0]
    before = bytes(stored(db, memory_id)[3])
    assert raises(db, "SELECT * FROM memory.rotate_encryption_key()").sqlstate == "22004"          # no new key
    set_key(db, KEY, "memory.new_encryption_key")
    assert raises(db, "SELECT * FROM memory.rotate_encryption_key()").sqlstate == "22023"          # the same key
    set_key(db, "tiny", "memory.new_encryption_key")
    assert raises(db, "SELECT * FROM memory.rotate_encryption_key()").sqlstate == "22023"
    set_key(db, NEW_KEY, "memory.new_encryption_key")
    assert raises(db, "SELECT * FROM memory.rotate_encryption_key(ARRAY[NULL])").sqlstate == "22023"
    assert raises(db, "SELECT * FROM memory.rotate_encryption_key(p_session_id => %s)", ("s" * 65,)).sqlstate == "22023"
    db.execute("RESET memory.encryption_key")
    assert raises(db, "SELECT * FROM memory.rotate_encryption_key()").sqlstate == "22004"          # no old key
    assert bytes(stored(db, memory_id)[3]) == before
    response = dispatch(db, {"action": "rotate_encryption_key", "encryption_key": KEY, "new_encryption_key": NEW_KEY,
                             "payload": {"memory_ids": [memory_id]}})
    assert response["data"] == {"rotated": 1, "skipped": 0}


# --------------------------------------------------------------------------- the key: never stored, one call only

def test_the_key_is_in_no_table_and_no_audit_row(db):
    add_session(db, "s1")
    # Typed calls with the session's key, successes and failures (the
    # failures are audited through the loopback connection).
    set_key(db, KEY)
    memory_id = create_sensitive(db, "audited", p_session_id="s1")[0]
    read(db, memory_id)
    db.execute("SELECT memory.update_memory(%s, '{\"text\": \"audited 2\"}')", (memory_id,))
    raises(db, "SELECT memory.read_memory('m-nope')")
    raises(db, "SELECT memory.create_sensitive_memory('nope', '{}')")
    set_key(db, OTHER_KEY)
    raises(db, "SELECT memory.read_memory(%s)", (memory_id,))
    db.execute("RESET memory.encryption_key")
    # Envelope keys, successes and failures, and a key put where it does not belong.
    dispatch(db, {"action": "read", "encryption_key": KEY, "payload": {"memory_id": memory_id}})
    dispatch(db, {"action": "read", "encryption_key": OTHER_KEY, "payload": {"memory_id": memory_id}})
    dispatch(db, {"action": "create", "encryption_key": KEY, "payload": {"memory_type": "nope", "sensitive": True,
                                                                        "content": {"text": "x"}}})
    dispatch(db, {"action": "read", "encryption_key": NEW_KEY, "payload": {"memory_id": memory_id,
                                                                          "encryption_key": NEW_KEY}})
    dispatch(db, {"action": "rotate_encryption_key", "encryption_key": KEY, "new_encryption_key": NEW_KEY})
    dispatch(db, {"action": "nope", "encryption_key": KEY})
    assert audit_rows(db) >= 12
    for key in (KEY, OTHER_KEY, NEW_KEY):
        tables = db.execute("SELECT c.oid::regclass::text FROM pg_class c "
                            "WHERE c.relnamespace = 'memory_store'::regnamespace AND c.relkind = 'r'").fetchall()
        for (table,) in tables:
            assert count(db, f"SELECT count(*) FROM {table} t WHERE t::text LIKE '%%' || %s || '%%'", key) == 0, table
        assert count(db, "SELECT count(*) FROM pg_db_role_setting WHERE setconfig::text LIKE '%%' || %s || '%%'", key) == 0
    redacted = count(db, "SELECT count(*) FROM memory_store.memory_access_logs "
                         "WHERE request_data ->> 'encryption_key' = '[REDACTED]'")
    assert redacted == 6
    assert count(db, "SELECT count(*) FROM memory_store.memory_access_logs "
                     "WHERE request_data #>> '{payload,encryption_key}' = '[REDACTED]'") == 1
    assert count(db, "SELECT count(*) FROM memory_store.memory_access_logs WHERE request_data::text LIKE '%%audited%%' "
                     "OR error_message LIKE '%%audited%%'") == 0


def test_the_envelope_key_applies_to_its_call_only(db):
    set_key(db, KEY)
    memory_id = create_sensitive(db, "scoped")[0]
    db.execute("RESET memory.encryption_key")
    for request in ({"action": "read", "encryption_key": KEY, "payload": {"memory_id": memory_id}},          # success
                    {"action": "read", "encryption_key": KEY, "payload": {"memory_id": "m-nope"}},           # failure
                    {"action": "read", "encryption_key": KEY, "new_encryption_key": NEW_KEY,
                     "payload": {"memory_id": memory_id}}):
        with db.transaction():
            assert dispatch(db, request)["action"] == "read"
            left = db.execute("SELECT current_setting('memory.encryption_key', true), "
                              "current_setting('memory.new_encryption_key', true)").fetchone()
            assert all(value in (None, "") for value in left), "a key outlived its call"
    # Inside a transaction that has its own key, the envelope's wins for the
    # call and the transaction's is back afterwards.
    with db.transaction():
        db.execute("SELECT set_config('memory.encryption_key', %s, true)", (OTHER_KEY,))
        assert dispatch(db, {"action": "read", "encryption_key": KEY, "payload": {"memory_id": memory_id}})["status"] \
            == "success"
        assert db.execute("SELECT current_setting('memory.encryption_key')").fetchone()[0] == OTHER_KEY
        assert dispatch(db, {"action": "read", "payload": {"memory_id": memory_id}})["error"]["code"] \
            == "permission_denied"
    # Without a key in the envelope, the session's key serves.
    set_key(db, KEY)
    assert dispatch(db, {"action": "read", "payload": {"memory_id": memory_id}})["data"]["text_content"] == "scoped"


# --------------------------------------------------------------------------- deploy

def test_verify_fails_when_the_rule_or_the_trigger_is_gone(db):
    sqitch("verify", db.info.dbname)
    db.execute("ALTER TABLE memory_store.memory_entries DROP CONSTRAINT memory_entries_sensitive_check")
    assert sqitch("verify", db.info.dbname, check=False).returncode != 0


def test_revert_refuses_while_sensitive_memories_exist(db):
    set_key(db, KEY)
    memory_id = create_sensitive(db, "do not lose me")[0]
    result = sqitch("revert", db.info.dbname, "-y", "--to", "crypto_extension", check=False)
    assert result.returncode != 0 and "sensitive memories exist" in result.stdout + result.stderr
    assert stored(db, memory_id)[2] is True
    db.execute("SELECT memory.delete_memory(%s, p_hard => true)", (memory_id,))
    sqitch("revert", db.info.dbname, "-y", "--to", "crypto_extension")
    assert count(db, "SELECT count(*) FROM pg_attribute WHERE attrelid = 'memory_store.memory_entries'::regclass "
                     "AND attname IN ('is_sensitive', 'content_encrypted')") == 0
    # The previous versions are back: the envelope key is an ordinary (ignored) field again.
    assert "encrypt" not in db.execute("SELECT prosrc FROM pg_proc WHERE oid = 'memory.dispatch(jsonb)'::regprocedure"
                                       ).fetchone()[0]
    sqitch("deploy", db.info.dbname)
    sqitch("verify", db.info.dbname)


def test_sensitive_memories_bench_runs(postgresql_noproc, tmp_path):
    """bench/sensitive_memories.py end to end at a tiny size (no timing asserted)."""
    result = subprocess.run([sys.executable, "bench/sensitive_memories.py", "--calls", "5", "--rotate", "8",
                             "--runs", "1", "--out", str(tmp_path)],
                            cwd=ROOT, env=TARGET.env(), capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    assert "| read sensitive | 5 |" in result.stdout
    assert "rotate_encryption_key: 8 rotated, 0 skipped of 8" in result.stdout
