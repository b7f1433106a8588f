"""The memory operations of the agent API, typed and through memory.dispatch:
success shapes, every error class with its SQLSTATE / envelope code, no
partial writes, visibility rules, triggers and one audit row per call."""

import json
import math
import select

import numpy as np
import psycopg
import pytest
from psycopg.types.json import Jsonb

from helpers import add_session, cases_cover, count, memory_functions

DIMS = 1536


def vec(seed=0):
    rng = np.random.default_rng(seed)
    v = rng.standard_normal(DIMS)
    return "[" + ",".join(f"{x:.6f}" for x in v / np.linalg.norm(v)) + "]"


def create(db, **kwargs):
    args = {"p_memory_type": "context", "p_content": Jsonb({"text": "hello world"}), **kwargs}
    names = ", ".join(f"{k} => %({k})s" for k in args)
    return db.execute(f"SELECT * FROM memory.create_memory({names})", args).fetchone()


def rows_left(db):
    return (count(db, "SELECT count(*) FROM memory_store.memory_entries"),
            count(db, "SELECT count(*) FROM memory_store.memory_registry"),
            count(db, "SELECT count(*) FROM memory_store.memory_tags"),
            count(db, "SELECT count(*) FROM memory_store.vector_embeddings"))


def audit_rows(db):
    return count(db, "SELECT count(*) FROM memory_store.memory_access_logs")


def dispatch(db, request):
    return db.execute("SELECT memory.dispatch(%s::jsonb)", (json.dumps(request),)).fetchone()[0]


# --- create -----------------------------------------------------------------

def test_create_returns_the_memory_with_tags_expiry_and_embedding(db):
    add_session(db, "s1")
    db.execute("SET memory.agent_id = 'planner'")
    row = create(db, p_session_id="s1", p_tags=["b", "a", "a"], p_ttl_seconds=3600, p_priority=7,
                 p_embedding=vec(), p_embedding_model="test-model")
    memory = dict(zip([c.name for c in db.execute("SELECT * FROM memory.read_memory('x', true)").description]
                      if False else ["memory_id", "session_id", "memory_type", "content", "text_content",
                                     "source_agent", "created_at", "updated_at", "expires_at", "priority",
                                     "is_active", "tags"], row))
    assert memory["memory_id"].startswith("m-")
    assert memory["session_id"] == "s1"
    assert memory["text_content"] == "hello world"
    assert memory["source_agent"] == "planner"
    assert memory["tags"] == ["a", "b"]
    assert memory["priority"] == 7 and memory["is_active"]
    assert 3500 < (memory["expires_at"] - memory["created_at"]).total_seconds() <= 3600
    assert count(db, "SELECT count(*) FROM memory_store.vector_embeddings WHERE embedding_model = 'test-model'") == 1


def test_create_with_the_same_id_and_content_is_idempotent(db):
    first = create(db, p_memory_id="fixed")
    again = create(db, p_memory_id="fixed")
    assert first == again
    assert rows_left(db)[0] == 1
    with pytest.raises(psycopg.errors.UniqueViolation):
        create(db, p_memory_id="fixed", p_content=Jsonb({"text": "something else"}))


BAD_CREATES = {
    "missing memory_type": ({"p_memory_type": None}, "22004"),
    "missing content": ({"p_content": None}, "22004"),
    "unknown memory_type": ({"p_memory_type": "gossip"}, "22023"),
    "priority 11": ({"p_priority": 11}, "22023"),
    "priority 0": ({"p_priority": 0}, "22023"),
    "content not an object": ({"p_content": Jsonb(["a list"])}, "22023"),
    "content.text not a string": ({"p_content": Jsonb({"text": 42})}, "22023"),
    "content too big": ({"p_content": Jsonb({"text": "x" * 70000})}, "54000"),
    "wrong vector dimension": ({"p_embedding": "[1,2,3]", "p_embedding_model": "m"}, "22023"),
    "embedding without model": ({"p_embedding": vec()}, "22004"),
    "unknown session": ({"p_session_id": "nope"}, "MO002"),
    "ttl and expires_at": ({"p_ttl_seconds": 10, "p_expires_at": "2099-01-01T00:00:00Z"}, "22023"),
    "negative ttl": ({"p_ttl_seconds": -5}, "22023"),
    "expiry in the past": ({"p_expires_at": "2001-01-01T00:00:00Z"}, "22023"),
    "memory_id too long": ({"p_memory_id": "x" * 65}, "22023"),
    "control character in id": ({"p_memory_id": "a\tb"}, "22023"),
    "too many tags": ({"p_tags": [f"t{i}" for i in range(65)]}, "22023"),
    "tag too long": ({"p_tags": ["t" * 65]}, "22023"),
    "empty tag": ({"p_tags": [""]}, "22023"),
}


@pytest.mark.parametrize("kwargs, sqlstate", BAD_CREATES.values(), ids=BAD_CREATES.keys())
def test_a_bad_create_raises_its_sqlstate_and_leaves_nothing_behind(db, kwargs, sqlstate):
    with pytest.raises(psycopg.Error) as error:
        create(db, p_tags=["kept?"], **kwargs) if "p_tags" not in kwargs else create(db, **kwargs)
    assert error.value.sqlstate == sqlstate
    assert rows_left(db) == (0, 0, 0, 0)


def test_nan_in_a_vector_is_rejected(db):
    with pytest.raises(psycopg.errors.DataException):
        create(db, p_embedding="[" + ",".join(["NaN"] * DIMS) + "]", p_embedding_model="m")
    assert rows_left(db) == (0, 0, 0, 0)


# --- read, visibility ------------------------------------------------------------

def test_read_hides_soft_deleted_and_expired_memories_unless_asked(db):
    create(db, p_memory_id="gone")
    create(db, p_memory_id="old")
    db.execute("SELECT memory.delete_memory('gone')")
    db.execute("UPDATE memory_store.memory_entries SET expires_at = now() - interval '1 second' WHERE memory_id = 'old'")
    for memory_id in ("gone", "old"):
        with pytest.raises(psycopg.Error) as error:
            db.execute("SELECT * FROM memory.read_memory(%s)", (memory_id,))
        assert error.value.sqlstate == "MO001"
        assert db.execute("SELECT memory_id FROM memory.read_memory(%s, true)", (memory_id,)).fetchone() == (memory_id,)


@pytest.mark.parametrize("memory_id, sqlstate", [(None, "22004"), ("", "22023"), ("missing", "MO001")])
def test_read_errors(db, memory_id, sqlstate):
    with pytest.raises(psycopg.Error) as error:
        db.execute("SELECT * FROM memory.read_memory(%s)", (memory_id,))
    assert error.value.sqlstate == sqlstate


# --- update ------------------------------------------------------------------

def test_update_is_partial_and_keeps_updated_at_right(db):
    before = create(db, p_memory_id="u", p_tags=["old"], p_priority=3, p_ttl_seconds=60)
    db.execute("SELECT pg_sleep(0.01)")
    after = db.execute("SELECT * FROM memory.update_memory('u', p_content => %s, p_merge_content => true, "
                       "p_tags => ARRAY['new'], p_clear_expiry => true)",
                       (Jsonb({"mood": "happy"}),)).fetchone()
    assert after[3] == {"text": "hello world", "mood": "happy"}
    assert after[11] == ["new"] and after[9] == 3 and after[8] is None
    assert after[7] > before[7]
    replaced = db.execute("SELECT content FROM memory.update_memory('u', p_content => %s)",
                          (Jsonb({"text": "replaced"}),)).fetchone()[0]
    assert replaced == {"text": "replaced"}


@pytest.mark.parametrize("sql, sqlstate", [
    ("SELECT memory.update_memory('missing', p_priority => 5)", "MO001"),
    ("SELECT memory.update_memory('u', p_priority => 42)", "22023"),
    ("SELECT memory.update_memory('u', p_content => '[1]')", "22023"),
    ("SELECT memory.update_memory('u', p_ttl_seconds => 5, p_clear_expiry => true)", "22023"),
    ("SELECT memory.update_memory(NULL)", "22004"),
])
def test_update_errors_change_nothing(db, sql, sqlstate):
    create(db, p_memory_id="u", p_priority=4)
    with pytest.raises(psycopg.Error) as error:
        db.execute(sql)
    assert error.value.sqlstate == sqlstate
    assert db.execute("SELECT priority, content FROM memory_store.memory_entries").fetchone() == \
        (4, {"text": "hello world"})


# --- delete --------------------------------------------------------------------

def test_soft_then_hard_delete(db):
    create(db, p_memory_id="d", p_tags=["t"], p_embedding=vec(), p_embedding_model="m")
    assert db.execute("SELECT memory.delete_memory('d')").fetchone()[0] is True
    assert rows_left(db) == (1, 1, 1, 1)
    with pytest.raises(psycopg.Error) as error:
        db.execute("SELECT memory.delete_memory('d')")       # already invisible
    assert error.value.sqlstate == "MO001"
    db.execute("SELECT memory.delete_memory('d', p_hard => true)")
    assert rows_left(db) == (0, 0, 0, 0)


# --- batch read and bulk delete -------------------------------------------------

@pytest.fixture
def library(db):
    add_session(db, "s1", user_id="alice")
    add_session(db, "s2", user_id="bob")
    for i in range(12):
        create(db, p_memory_id=f"m{i:02d}", p_session_id="s1" if i < 8 else "s2",
               p_memory_type="conversation" if i % 2 else "context", p_priority=1 + i % 10,
               p_tags=["even"] if i % 2 == 0 else ["odd", "x"], p_content=Jsonb({"text": f"memory {i}"}))
    return db


def page(db, **kwargs):
    names = ", ".join(f"{k} => %({k})s" for k in kwargs)
    memories, total, limit, offset, has_more = db.execute(
        f"SELECT (p).memories, (p).total_count, (p).page_limit, (p).page_offset, (p).has_more "
        f"FROM memory.batch_read_memories({names}) AS p", kwargs).fetchone()
    return [m[0] for m in _records(memories)], total, has_more


def _records(value):
    # psycopg returns an array of composites as a string unless the type is registered; parse minimally.
    if isinstance(value, list):
        return value
    raise AssertionError(value)


def test_batch_read_filters_sorts_and_pages(library):
    from psycopg.types.composite import CompositeInfo, register_composite
    register_composite(CompositeInfo.fetch(library, "memory.memory_record"), library)
    ids, total, more = page(library, p_user_id="alice", p_limit=3, p_sort_field="priority", p_sort_order="desc")
    assert total == 8 and more is True
    assert ids == ["m07", "m06", "m05"]
    ids, total, more = page(library, p_user_id="alice", p_limit=3, p_offset=6, p_sort_field="priority",
                            p_sort_order="desc")
    assert ids == ["m01", "m00"] and more is False
    ids, total, _ = page(library, p_tags=["odd", "x"], p_memory_types=["conversation"], p_limit=100)
    assert total == 6 and all(int(i[1:]) % 2 for i in ids)
    ids, total, _ = page(library, p_memory_ids=["m00", "m11", "nope"])
    assert sorted(ids) == ["m00", "m11"] and total == 2


@pytest.mark.parametrize("kwargs", [{"p_limit": 0}, {"p_limit": 1001}, {"p_offset": -1}, {"p_sort_field": "content"},
                                    {"p_sort_order": "sideways"}, {"p_memory_types": ["gossip"]}])
def test_batch_read_rejects_bad_arguments(db, kwargs):
    with pytest.raises(psycopg.Error) as error:
        page(db, **kwargs)
    assert error.value.sqlstate == "22023"


def test_bulk_delete_by_filter(library):
    assert library.execute("SELECT memory.bulk_delete_memories(p_memory_type => 'conversation', "
                           "p_session_id => 's1')").fetchone()[0] == 4
    assert count(library, "SELECT count(*) FROM memory_store.memory_entries WHERE is_active") == 8
    assert library.execute("SELECT memory.bulk_delete_memories(p_tags => ARRAY['even'], p_hard => true)"
                           ).fetchone()[0] == 6
    assert count(library, "SELECT count(*) FROM memory_store.memory_entries") == 6
    with pytest.raises(psycopg.Error) as error:
        library.execute("SELECT memory.bulk_delete_memories()")
    assert error.value.sqlstate == "22004"


# --- triggers ---------------------------------------------------------------------

def test_writing_a_memory_touches_its_session(db):
    add_session(db, "s1")
    db.execute("UPDATE memory_store.sessions SET updated_at = now() - interval '1 day'")
    create(db, p_session_id="s1")
    assert count(db, "SELECT count(*) FROM memory_store.sessions WHERE updated_at > now() - interval '1 minute'") == 1


def test_memory_changes_are_notified_on_commit_only(db, connect):
    listener = connect(autocommit=True)
    listener.execute("LISTEN memory_changes")
    writer = connect()
    create(writer, p_memory_id="n1")
    writer.rollback()
    create(writer, p_memory_id="n2")
    writer.execute("SELECT memory.update_memory('n2', p_priority => 8)")
    writer.commit()
    writer.execute("SELECT memory.delete_memory('n2', p_hard => true)")
    writer.commit()
    payloads = [n.payload for n in listener.notifies(timeout=2, stop_after=4)]
    assert payloads == ["", ""]                 # one per committed transaction, naming nothing
    assert db.execute("SELECT memory_id, operation FROM memory_store.memory_changes ORDER BY txid, seq").fetchall() \
        == [("n2", "insert"), ("n2", "update"), ("n2", "delete")]


# --- dispatch ----------------------------------------------------------------------

def test_dispatch_create_read_update_delete_round_trip(db):
    add_session(db, "s1")
    created = dispatch(db, {"action": "create", "session_id": "s1", "request_id": "r-1", "payload": {
        "memory_type": "conversation", "content": {"text": "hi there", "source_agent": "voice", "metadata": {"x": 1}},
        "tags": ["greeting"], "ttl": 600, "priority": 6, "embedding": [0.01] * DIMS, "embedding_model": "m"}})
    assert created["status"] == "success" and created["request_id"] == "r-1" and created["action"] == "create"
    assert created["error"] is None and set(created["data"]) >= {"memory_id", "created_at", "expires_at"}
    memory_id = created["data"]["memory_id"]
    read = dispatch(db, {"action": "read", "payload": {"memory_id": memory_id}})
    assert read["data"]["text_content"] == "hi there" and read["data"]["source_agent"] == "voice"
    assert read["data"]["tags"] == ["greeting"]
    updated = dispatch(db, {"action": "update", "payload": {"memory_id": memory_id, "priority": 9}})
    assert set(updated["data"]) >= {"memory_id", "updated_at", "expires_at"}
    deleted = dispatch(db, {"action": "delete", "payload": {"memory_id": memory_id}})
    assert deleted["data"]["deleted"] is True
    batch = dispatch(db, {"action": "batch_read", "payload": {"filter": {"memory_type": "conversation",
                                                                        "include_inactive": True}}})
    assert batch["data"]["total_count"] == 1 and batch["data"]["page_info"] == {"limit": 10, "offset": 0,
                                                                                "has_more": False}
    bulk = dispatch(db, {"action": "bulk_delete", "payload": {"filter": {"session_id": "s1", "hard": True}}})
    assert bulk["data"] == {"deleted_count": 1}   # hard delete also purges the soft-deleted one


ENVELOPE_ERRORS = {
    "not an object": ([1, 2], "invalid_request"),
    "no action": ({"payload": {}}, "invalid_request"),
    "unknown action": ({"action": "teleport"}, "invalid_request"),
    "payload not an object": ({"action": "read", "payload": "m1"}, "invalid_request"),
    "missing memory_id": ({"action": "read", "payload": {}}, "invalid_request"),
    "wrong type": ({"action": "read", "payload": {"memory_id": 5}}, "validation_error"),
    "unknown memory": ({"action": "read", "payload": {"memory_id": "nope"}}, "memory_not_found"),
    "unknown session": ({"action": "create", "session_id": "nope",
                         "payload": {"memory_type": "context", "content": {"text": "x"}}}, "session_not_found"),
    "priority 11": ({"action": "create", "payload": {"memory_type": "context", "content": {}, "priority": 11}},
                    "validation_error"),
    "unknown type": ({"action": "create", "payload": {"memory_type": "gossip", "content": {}}}, "validation_error"),
    "content a string": ({"action": "create", "payload": {"memory_type": "context", "content": "x"}},
                         "validation_error"),
    "short vector": ({"action": "create", "payload": {"memory_type": "context", "content": {},
                                                       "embedding": [1, 2], "embedding_model": "m"}},
                     "validation_error"),
    "string in vector": ({"action": "create", "payload": {"memory_type": "context", "content": {},
                                                           "embedding": ["NaN"] * DIMS, "embedding_model": "m"}},
                         "validation_error"),
    "huge content": ({"action": "create", "payload": {"memory_type": "context", "content": {"text": "x" * 70000}}},
                     "validation_error"),
    "taken id": ({"action": "create", "payload": {"memory_type": "context", "content": {"text": "other"},
                                                  "memory_id": "taken"}}, "storage_error"),
    "bulk delete without filter": ({"action": "bulk_delete", "payload": {"filter": {}}}, "invalid_request"),
    "bad sort": ({"action": "batch_read", "payload": {"filter": {"sort": {"field": "x"}}}}, "validation_error"),
}


@pytest.mark.parametrize("request_, code", ENVELOPE_ERRORS.values(), ids=ENVELOPE_ERRORS.keys())
def test_dispatch_errors_answer_with_an_envelope_and_leave_one_audit_row(db, request_, code):
    create(db, p_memory_id="taken")
    before_rows, before_audit = rows_left(db), audit_rows(db)
    response = dispatch(db, request_)
    assert response["status"] == "error" and response["data"] is None
    assert response["error"]["code"] == code, response
    assert set(response) == {"status", "action", "request_id", "data", "error", "timestamp"}
    assert rows_left(db) == before_rows
    assert audit_rows(db) == before_audit + 1
    assert count(db, "SELECT count(*) FROM memory_store.memory_access_logs WHERE NOT success") == 1


def test_dispatch_of_text_that_is_not_json(db):
    response = db.execute("SELECT memory.dispatch(%s::text)", ('{"action": "read", "payload": {"memory_id": "\\u0000"}}',)
                          ).fetchone()[0]
    assert response["status"] == "error" and response["error"]["code"] == "invalid_request"
    response = db.execute("SELECT memory.dispatch(%s::text)", ("{not json",)).fetchone()[0]
    assert response["error"]["code"] == "invalid_request"


def test_internal_errors_do_not_leak(db):
    # A handler that fails in an unexpected way: division by zero inside the database.
    db.execute("CREATE FUNCTION memory_store.dispatch_boom(p jsonb, s text) RETURNS jsonb LANGUAGE sql "
               "AS $$ SELECT jsonb_build_object('x', 1 / 0) $$")
    db.execute("INSERT INTO memory_store.dispatch_actions VALUES "
               "('boom', 'memory_store.dispatch_boom(jsonb, text)', 'read', 'test only')")
    response = dispatch(db, {"action": "boom", "request_id": 9})
    assert response["error"] == {"code": "internal_error", "message": "internal error", "details": {}}
    assert response["request_id"] == 9


# --- audit -----------------------------------------------------------------------

# One successful call of every function of schema memory, in an order where
# each finds what it needs (a1 and the session s1 of u1, s-old archived with
# its memory old1, the sensitive memory k1).
EVERY_CALL = [
    ("start_session", "SELECT memory.start_session('s2', 'u1')"),
    ("create_memory", "SELECT memory.create_memory('context', '{\"text\": \"b1\"}', p_session_id => 's1', "
                      "p_memory_id => 'b1', p_embedding => %(v)s::extensions.vector, p_embedding_model => 'm')"),
    ("create_memory_deduped", "SELECT memory.create_memory_deduped('context', '{\"text\": \"b2\"}', "
                              "p_session_id => 's1', p_dedupe => 'exact')"),
    ("read_memory", "SELECT memory.read_memory('a1')"),
    ("update_memory", "SELECT memory.update_memory('a1', p_priority => 2)"),
    ("batch_read_memories", "SELECT memory.batch_read_memories()"),
    ("search_keyword", "SELECT count(*) FROM memory.search_keyword('hello')"),
    ("search_semantic", "SELECT count(*) FROM memory.search_semantic(%(v)s::extensions.vector)"),
    ("search_hybrid", "SELECT count(*) FROM memory.search_hybrid('hello', %(v)s::extensions.vector)"),
    ("add_tags", "SELECT memory.add_tags('a1', ARRAY['x'])"),
    ("remove_tags", "SELECT memory.remove_tags('a1', ARRAY['x'])"),
    ("list_tags", "SELECT memory.list_tags('a1')"),
    ("tag_counts", "SELECT count(*) FROM memory.tag_counts()"),
    ("relate", "SELECT memory.relate('a1', 'b1', 'r')"),
    ("walk_relationships", "SELECT count(*) FROM memory.walk_relationships('a1')"),
    ("unrelate", "SELECT memory.unrelate('a1', 'b1')"),
    ("upsert_user_profile", "SELECT memory.upsert_user_profile('u1', '{}')"),
    ("set_preference", "SELECT memory.set_preference('u1', 'k', '1')"),
    ("remove_preference", "SELECT memory.remove_preference('u1', 'k')"),
    ("get_user_profile", "SELECT memory.get_user_profile('u1')"),
    ("save_agent_state", "SELECT memory.save_agent_state('planner', '{}', 's1')"),
    ("load_agent_state", "SELECT memory.load_agent_state('planner', 's1')"),
    ("clear_agent_state", "SELECT memory.clear_agent_state('planner', 's1')"),
    ("touch_session", "SELECT memory.touch_session('s1')"),
    ("get_session", "SELECT memory.get_session('s1')"),
    ("summarize_session", "SELECT count(*) FROM memory.summarize_session('s1')"),
    ("delete_memory", "SELECT memory.delete_memory('a1')"),
    ("restore_memory", "SELECT memory.restore_memory('a1')"),
    ("bulk_delete_memories", "SELECT memory.bulk_delete_memories(p_session_id => 's2')"),
    ("end_session", "SELECT memory.end_session('s2')"),
    ("create_sensitive_memory", "SELECT memory.create_sensitive_memory('context', '{\"text\": \"pin\"}', "
                                "p_session_id => 's1', p_memory_id => 'k1')"),
    ("rotate_encryption_key", "SELECT memory.rotate_encryption_key(p_memory_ids => ARRAY['k1'])"),
    ("read_archived_memory", "SELECT memory.read_archived_memory('old1')"),
    ("batch_read_archived_memories", "SELECT memory.batch_read_archived_memories()"),
    ("restore_archived_memory", "SELECT memory.restore_archived_memory('old1')"),
    ("restore_archived_session", "SELECT memory.restore_archived_session('s-old')"),
    ("act_as", "SELECT memory.act_as('u1')"),
    ("changes_since", "SELECT count(*) FROM memory.changes_since()"),
    ("memory_history", "SELECT count(*) FROM memory.memory_history('a1')"),
    ("dispatch", "SELECT memory.dispatch('{\"action\": \"health\"}'::jsonb)"),
    ("dispatch", "SELECT memory.dispatch('{\"action\": \"health\"}'::text)"),
]


def test_every_typed_function_leaves_one_audit_row_per_call(db):
    """Every function of schema memory (pg_proc; a function added without a
    call here fails): one successful call, one audit row, marked success."""
    add_session(db, "s1", user_id="u1")
    add_session(db, "s-old", user_id="u1")
    create(db, p_memory_id="a1", p_session_id="s1")
    create(db, p_memory_id="old1", p_session_id="s-old")
    db.execute("UPDATE memory_store.sessions SET ended_at = now() - interval '400 days', "
               "updated_at = now() - interval '400 days' WHERE session_id = 's-old'")
    db.execute("CALL memory_store.archive_sessions()")
    db.execute("SELECT set_config('memory.encryption_key', 'a key of sixteen chars or more', false), "
               "set_config('memory.new_encryption_key', 'another key of sixteen chars', false)")
    cases_cover("function of schema memory", {name for name, _ in EVERY_CALL}, memory_functions(db))
    for name, sql in EVERY_CALL:
        last = count(db, "SELECT coalesce(max(log_id), 0) FROM memory_store.memory_access_logs")
        db.execute(sql, {"v": vec()})
        logged = db.execute("SELECT success FROM memory_store.memory_access_logs WHERE log_id > %s", (last,)).fetchall()
        assert logged == [(True,)], (name, logged)


def test_the_memory_calls_leave_their_audit_rows_in_order(db):
    create(db, p_memory_id="a1")
    db.execute("SELECT * FROM memory.read_memory('a1')")
    db.execute("SELECT * FROM memory.update_memory('a1', p_priority => 2)")
    db.execute("SELECT * FROM memory.batch_read_memories()")
    db.execute("SELECT memory.delete_memory('a1')")
    rows = db.execute("SELECT operation, memory_id, success FROM memory_store.memory_access_logs ORDER BY log_id"
                      ).fetchall()
    assert rows == [("create", "a1", True), ("read", "a1", True), ("update", "a1", True), ("read", None, True),
                    ("delete", "a1", True)]
    request = db.execute("SELECT request_data FROM memory_store.memory_access_logs ORDER BY log_id LIMIT 1"
                         ).fetchone()[0]
    assert request["content"] == {"keys": ["text"], "bytes": len(json.dumps({"text": "hello world"}))}


def test_a_failed_typed_call_leaves_its_audit_row_after_the_rollback(connect):
    caller, observer = connect(), connect(autocommit=True)
    caller.execute("SET memory.agent_id = 'planner'")
    with pytest.raises(psycopg.Error) as error:
        caller.execute("SELECT * FROM memory.create_memory('context', '{\"text\": \"x\"}', p_priority => 99)")
    assert error.value.sqlstate == "22023"
    caller.rollback()
    rows = observer.execute("SELECT operation, success, agent_id, left(error_message, 5) "
                            "FROM memory_store.memory_access_logs").fetchall()
    assert rows == [("create", False, "planner", "22023")]
    assert count(observer, "SELECT count(*) FROM memory_store.memory_entries") == 0
