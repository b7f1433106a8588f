"""The agent API for tags, relationships, user profiles and agent state
(changes api_tags, api_relationships, api_profiles, api_agent_states):
success shapes, one test per error class and function (SQLSTATE), no partial
writes, cycles in the relationship walk, dispatch envelopes of every action
(of the catalog),
one audit row per call, and concurrent writers of the same row."""

import json
import threading

import psycopg
import pytest
from psycopg.rows import dict_row

from helpers import (add_memory, add_relationship, add_session, add_tag, count, dispatch_actions, memory_functions,
                     overlapped)

LOGS = "SELECT count(*) FROM memory_store.memory_access_logs"


# --- helpers -------------------------------------------------------------------

def audits(db):
    return count(db, LOGS)


def row(db, sql, *params):
    with db.cursor(row_factory=dict_row) as cur:
        return cur.execute(sql, params).fetchone()


def rows(db, sql, *params):
    with db.cursor(row_factory=dict_row) as cur:
        return cur.execute(sql, params).fetchall()


def fails(db, sqlstate, sql, *params):
    """The call raises SQLSTATE and leaves exactly one audit row: one call
    was made, and a failed typed call's row survives the raise (the
    loopback of memory_store.audit_autonomous)."""
    before = audits(db)
    with pytest.raises(psycopg.Error) as error:
        db.execute(sql, params)
    assert error.value.sqlstate == sqlstate, error.value
    assert audits(db) - before == 1
    return error.value


def dispatch(db, action, payload=None, session_id=None, request_id="r-1"):
    request = {"action": action, "request_id": request_id, "payload": payload or {}}
    if session_id is not None:
        request["session_id"] = session_id
    before = audits(db)
    response = count(db, "SELECT memory.dispatch(%s::jsonb)", json.dumps(request))
    assert audits(db) - before == 1, "every dispatch call leaves one audit row"
    assert response["action"] == action and response["request_id"] == request_id
    assert response["timestamp"].endswith("Z")
    return response


def ok(response):
    assert response["status"] == "success", response
    assert response["error"] is None
    return response["data"]


def error_code(response, code, sqlstate=None):
    assert response["status"] == "error", response
    assert response["data"] is None
    assert response["error"]["code"] == code, response
    if sqlstate:
        assert response["error"]["details"]["sqlstate"] == sqlstate
    return response["error"]


def last_audit(db):
    return row(db, "SELECT operation, memory_id, session_id, agent_id, success, error_message, request_data "
                   "FROM memory_store.memory_access_logs ORDER BY log_id DESC LIMIT 1")


def run_concurrently(connect, n, work):
    """Run work(conn) in n threads on n connections, started together; each
    commits after a pause, so the others meet its uncommitted row, which
    server timestamps then show (helpers.overlapped)."""
    barrier = threading.Barrier(n)
    errors, stamps = [], {}
    connections = [connect() for _ in range(n)]

    def worker(conn):
        try:
            barrier.wait(timeout=30)
            before = count(conn, "SELECT clock_timestamp()")
            work(conn)
            stamps[conn] = (before, count(conn, "SELECT clock_timestamp()"))
            conn.execute("SELECT pg_sleep(0.2)")
            conn.commit()
        except Exception as exc:  # noqa: BLE001 - collected and asserted below
            conn.rollback()
            errors.append(exc)

    threads = [threading.Thread(target=worker, args=(c,)) for c in connections]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not any(t.is_alive() for t in threads)  # a hang guard
    assert errors == []
    assert overlapped(stamps), "the writers never overlapped: no race was run"


@pytest.fixture
def mem(db):
    """A session of user u1 with visible memories a, b, c, d, a soft-deleted
    memory gone and an expired memory old."""
    add_session(db, "s1", user_id="u1")
    for memory_id in "abcd":
        add_memory(db, memory_id, session_id="s1")
    add_memory(db, "gone", session_id="s1")
    add_memory(db, "old", session_id="s1")
    db.execute("UPDATE memory_store.memory_entries SET is_active = false WHERE memory_id = 'gone'")
    db.execute("UPDATE memory_store.memory_entries SET expires_at = now() - interval '1 minute' WHERE memory_id = 'old'")
    return db


TAGS = "SELECT count(*) FROM memory_store.memory_tags"


# === tags ======================================================================

def test_add_tags_returns_the_sorted_distinct_tags_and_is_idempotent(mem):
    before = audits(mem)
    assert count(mem, "SELECT memory.add_tags('a', ARRAY['travel', 'paris', 'travel'])") == ["paris", "travel"]
    assert count(mem, "SELECT memory.add_tags('a', ARRAY['paris', 'work'])") == ["paris", "travel", "work"]
    assert count(mem, TAGS) == 3
    assert audits(mem) - before == 2
    audit = last_audit(mem)
    assert (audit["operation"], audit["memory_id"], audit["success"]) == ("update", "a", True)
    assert audit["request_data"]["tags"] == ["paris", "work"]


def test_add_tags_moves_updated_at_only_when_a_tag_was_added(mem):
    mem.execute("UPDATE memory_store.memory_entries SET updated_at = now() - interval '1 day' WHERE memory_id = 'a'")
    mem.execute("SELECT memory.add_tags('a', ARRAY['x'])")
    moved = count(mem, "SELECT updated_at > now() - interval '1 minute' FROM memory_store.memory_entries WHERE memory_id = 'a'")
    assert moved
    mem.execute("UPDATE memory_store.memory_entries SET updated_at = now() - interval '1 day' WHERE memory_id = 'a'")
    mem.execute("SELECT memory.add_tags('a', ARRAY['x'])")
    assert not count(mem, "SELECT updated_at > now() - interval '1 minute' FROM memory_store.memory_entries "
                          "WHERE memory_id = 'a'")


@pytest.mark.parametrize("sql, sqlstate", [
    ("SELECT memory.add_tags(NULL, ARRAY['x'])", "22004"),
    ("SELECT memory.add_tags('a', NULL)", "22004"),
    ("SELECT memory.add_tags('a', ARRAY[]::text[])", "22023"),
    ("SELECT memory.add_tags('a', ARRAY['ok', NULL])", "22023"),
    ("SELECT memory.add_tags('a', ARRAY['ok', '  '])", "22023"),
    ("SELECT memory.add_tags('a', ARRAY['ok', repeat('t', 65)])", "22023"),
    ("SELECT memory.add_tags('a', ARRAY['ok', E'bad\\ntag'])", "22023"),
    ("SELECT memory.add_tags('a', ARRAY(SELECT 't' || i FROM generate_series(1, 65) AS i))", "54000"),
    ("SELECT memory.add_tags('nope', ARRAY['x'])", "MO001"),
    ("SELECT memory.add_tags('gone', ARRAY['x'])", "MO001"),
    ("SELECT memory.add_tags('old', ARRAY['x'])", "MO001"),
], ids=["null-id", "null-tags", "empty", "null-tag", "blank", "too-long", "control-char", "too-many",
        "unknown", "soft-deleted", "expired"])
def test_add_tags_errors_write_nothing(mem, sql, sqlstate):
    fails(mem, sqlstate, sql)
    assert count(mem, TAGS) == 0


def test_add_tags_keeps_the_bound_with_existing_tags(mem):
    mem.execute("SELECT memory.add_tags('a', ARRAY(SELECT 't' || i FROM generate_series(1, 63) AS i))")
    fails(mem, "54000", "SELECT memory.add_tags('a', ARRAY['new1', 'new2'])")
    assert count(mem, TAGS) == 63
    assert len(count(mem, "SELECT memory.add_tags('a', ARRAY['new1', 't1'])")) == 64


def test_remove_tags_returns_the_remaining_tags(mem):
    add_tag(mem, "a", "x")
    add_tag(mem, "a", "y")
    assert count(mem, "SELECT memory.remove_tags('a', ARRAY['x', 'not-there'])") == ["y"]
    assert count(mem, "SELECT memory.remove_tags('a', ARRAY['x'])") == ["y"]
    assert last_audit(mem)["operation"] == "update"


@pytest.mark.parametrize("sql, sqlstate", [
    ("SELECT memory.remove_tags(NULL, ARRAY['x'])", "22004"),
    ("SELECT memory.remove_tags('a', ARRAY['x', ''])", "22023"),
    ("SELECT memory.remove_tags('gone', ARRAY['x'])", "MO001"),
], ids=["null", "empty-tag", "invisible"])
def test_remove_tags_errors_remove_nothing(mem, sql, sqlstate):
    add_tag(mem, "a", "x")
    add_tag(mem, "gone", "x")
    fails(mem, sqlstate, sql)
    assert count(mem, TAGS) == 2


def test_list_tags(mem):
    add_tag(mem, "a", "y")
    add_tag(mem, "a", "x")
    before = audits(mem)
    assert count(mem, "SELECT memory.list_tags('a')") == ["x", "y"]
    assert count(mem, "SELECT memory.list_tags('b')") == []
    assert audits(mem) - before == 2
    assert last_audit(mem)["operation"] == "read"


@pytest.mark.parametrize("sql, sqlstate", [
    ("SELECT memory.list_tags(NULL)", "22004"),
    ("SELECT memory.list_tags(repeat('m', 65))", "22023"),
    ("SELECT memory.list_tags('old')", "MO001"),
], ids=["null", "too-long", "expired"])
def test_list_tags_errors(mem, sql, sqlstate):
    fails(mem, sqlstate, sql)


def test_tag_counts_over_visible_memories_per_user(mem):
    add_session(mem, "s2", user_id="u2")
    add_memory(mem, "e", session_id="s2")
    for memory_id, tag in [("a", "x"), ("b", "x"), ("a", "y"), ("e", "x"), ("gone", "x"), ("old", "y")]:
        add_tag(mem, memory_id, tag)
    assert [tuple(r.values()) for r in rows(mem, "SELECT * FROM memory.tag_counts()")] == [("x", 3), ("y", 1)]
    assert [tuple(r.values()) for r in rows(mem, "SELECT * FROM memory.tag_counts(p_user_id => 'u2')")] == [("x", 1)]
    assert last_audit(mem)["operation"] == "read"
    fails(mem, "22023", "SELECT * FROM memory.tag_counts(repeat('u', 65))")


def test_tag_dispatch_actions(mem):
    data = ok(dispatch(mem, "add_tags", {"memory_id": "a", "tags": ["b", "a"]}))
    assert data == {"memory_id": "a", "tags": ["a", "b"]}
    assert last_audit(mem)["memory_id"] == "a"
    assert ok(dispatch(mem, "list_tags", {"memory_id": "a"})) == {"memory_id": "a", "tags": ["a", "b"]}
    assert ok(dispatch(mem, "remove_tags", {"memory_id": "a", "tags": ["a"]})) == {"memory_id": "a", "tags": ["b"]}
    counts = ok(dispatch(mem, "tag_counts", {"user_id": "u1"}))
    assert counts == {"user_id": "u1", "tag_counts": [{"tag": "b", "memory_count": 1}]}
    assert ok(dispatch(mem, "tag_counts"))["tag_counts"] == [{"tag": "b", "memory_count": 1}]


@pytest.mark.parametrize("action, payload, code, sqlstate", [
    ("add_tags", {"tags": ["x"]}, "invalid_request", "22004"),
    ("add_tags", {"memory_id": "a"}, "invalid_request", "22004"),
    ("add_tags", {"memory_id": "a", "tags": [1]}, "validation_error", "22023"),
    ("add_tags", {"memory_id": "a", "tags": "x"}, "validation_error", "22023"),
    ("add_tags", {"memory_id": "a", "tags": [f"t{i}" for i in range(65)]}, "validation_error", "54000"),
    ("add_tags", {"memory_id": "nope", "tags": ["x"]}, "memory_not_found", "MO001"),
    ("remove_tags", {"memory_id": "a"}, "invalid_request", "22004"),
    ("remove_tags", {"memory_id": "a", "tags": [""]}, "validation_error", "22023"),
    ("remove_tags", {"memory_id": "gone", "tags": ["x"]}, "memory_not_found", "MO001"),
    ("list_tags", {}, "invalid_request", "22004"),
    ("list_tags", {"memory_id": 7}, "validation_error", "22023"),
    ("list_tags", {"memory_id": "old"}, "memory_not_found", "MO001"),
    ("tag_counts", {"user_id": ["u1"]}, "validation_error", "22023"),
])
def test_tag_dispatch_errors(mem, action, payload, code, sqlstate):
    error_code(dispatch(mem, action, payload), code, sqlstate)
    assert count(mem, TAGS) == 0
    audit = last_audit(mem)
    assert not audit["success"] and audit["error_message"].startswith(sqlstate)


def test_concurrent_taggers_of_one_memory_leave_one_tag(mem, connect):
    run_concurrently(connect, 5, lambda conn: conn.execute("SELECT memory.add_tags('a', ARRAY['same'])"))
    assert count(mem, "SELECT count(*) FROM memory_store.memory_tags WHERE memory_id = 'a' AND tag = 'same'") == 1


# === relationships =============================================================

RELS = "SELECT count(*) FROM memory_store.memory_relationships"


def test_relate_returns_the_row_and_is_idempotent(mem):
    before = audits(mem)
    first = row(mem, "SELECT * FROM memory.relate('a', 'b', 'follows', '{\"confidence\": 0.9}')")
    assert set(first) == {"relationship_id", "source_memory_id", "target_memory_id", "relationship_type",
                          "metadata", "created_at"}
    assert (first["source_memory_id"], first["target_memory_id"], first["relationship_type"], first["metadata"]) == \
        ("a", "b", "follows", {"confidence": 0.9})
    again = row(mem, "SELECT * FROM memory.relate('a', 'b', 'follows', '{\"confidence\": 0.1}')")
    assert again == first, "a repeated relate returns the existing row, metadata unchanged"
    other = row(mem, "SELECT * FROM memory.relate('a', 'b', 'cites')")
    assert other["relationship_id"] != first["relationship_id"] and other["metadata"] is None
    assert count(mem, RELS) == 2
    assert audits(mem) - before == 3
    audit = last_audit(mem)
    assert (audit["operation"], audit["memory_id"], audit["success"]) == ("create", "a", True)


@pytest.mark.parametrize("sql, sqlstate", [
    ("SELECT memory.relate(NULL, 'b', 't')", "22004"),
    ("SELECT memory.relate('a', 'b', NULL)", "22004"),
    ("SELECT memory.relate('a', 'a', 't')", "22023"),
    ("SELECT memory.relate('a', 'b', repeat('t', 33))", "22023"),
    ("SELECT memory.relate('a', 'b', 't', '[1]')", "22023"),
    ("SELECT memory.relate('a', 'b', 't', jsonb_build_object('x', repeat('y', 70000)))", "54000"),
    ("SELECT memory.relate('nope', 'b', 't')", "MO001"),
    ("SELECT memory.relate('a', 'gone', 't')", "MO001"),
    ("SELECT memory.relate('old', 'a', 't')", "MO001"),
], ids=["null-source", "null-type", "self", "type-too-long", "metadata-array", "metadata-too-big",
        "unknown-source", "soft-deleted-target", "expired-source"])
def test_relate_errors_write_nothing(mem, sql, sqlstate):
    fails(mem, sqlstate, sql)
    assert count(mem, RELS) == 0


def test_unrelate(mem):
    add_relationship(mem, "a", "b", "x")
    add_relationship(mem, "a", "b", "y")
    add_relationship(mem, "a", "c", "x")
    before = audits(mem)
    assert count(mem, "SELECT memory.unrelate('a', 'b', 'x')") is True
    assert count(mem, "SELECT memory.unrelate('a', 'b', 'x')") is False
    assert count(mem, "SELECT memory.unrelate('b', 'a', 'y')") is False, "direction matters"
    assert count(mem, "SELECT memory.unrelate('a', 'b')") is True, "no type: every type between the pair"
    assert count(mem, RELS) == 1
    assert audits(mem) - before == 4
    assert last_audit(mem)["operation"] == "delete"


@pytest.mark.parametrize("sql, sqlstate", [
    ("SELECT memory.unrelate('a', NULL, 'x')", "22004"),
    ("SELECT memory.unrelate('a', 'b', '')", "22023"),
    ("SELECT memory.unrelate('a', 'nope', 'x')", "MO001"),
], ids=["null", "empty-type", "unknown"])
def test_unrelate_errors_remove_nothing(mem, sql, sqlstate):
    add_relationship(mem, "a", "b", "x")
    fails(mem, sqlstate, sql)
    assert count(mem, RELS) == 1


def walk(db, sql, *params):
    return [(r["memory_id"], r["depth"], r["path"], r["relationship_type"], r["via_memory_id"])
            for r in rows(db, sql, *params)]


def test_walk_terminates_on_a_cycle_with_correct_depths(mem):
    add_relationship(mem, "a", "b", "next")
    add_relationship(mem, "b", "c", "next")
    add_relationship(mem, "c", "a", "next")
    assert walk(mem, "SELECT * FROM memory.walk_relationships('a', 10)") == [
        ("b", 1, ["a", "b"], "next", "a"),
        ("c", 2, ["a", "b", "c"], "next", "b"),
    ]
    assert walk(mem, "SELECT * FROM memory.walk_relationships('a', 10, p_direction => 'incoming')") == [
        ("c", 1, ["a", "c"], "next", "a"),
        ("b", 2, ["a", "c", "b"], "next", "c"),
    ]
    assert walk(mem, "SELECT * FROM memory.walk_relationships('a', 10, p_direction => 'both')") == [
        ("b", 1, ["a", "b"], "next", "a"),
        ("c", 1, ["a", "c"], "next", "a"),
    ]
    assert walk(mem, "SELECT * FROM memory.walk_relationships('a', 1)") == [("b", 1, ["a", "b"], "next", "a")]
    assert last_audit(mem)["operation"] == "read"


def test_walk_returns_each_memory_once_at_its_smallest_depth(mem):
    # a -> b -> c -> d and a shortcut a -> c; a cycle d -> b
    for source, target in [("a", "b"), ("b", "c"), ("c", "d"), ("a", "c"), ("d", "b")]:
        add_relationship(mem, source, target, "next")
    assert walk(mem, "SELECT * FROM memory.walk_relationships('a')") == [
        ("b", 1, ["a", "b"], "next", "a"),
        ("c", 1, ["a", "c"], "next", "a"),
        ("d", 2, ["a", "c", "d"], "next", "c"),
    ]


def test_walk_filters_types_and_skips_invisible_memories(mem):
    add_relationship(mem, "a", "b", "cites")
    add_relationship(mem, "a", "c", "next")
    add_relationship(mem, "a", "gone", "next")
    add_relationship(mem, "gone", "d", "next")
    add_relationship(mem, "c", "old", "next")
    assert walk(mem, "SELECT * FROM memory.walk_relationships('a', 3, ARRAY['next'])") == [
        ("c", 1, ["a", "c"], "next", "a"),
    ]
    assert [r[0] for r in walk(mem, "SELECT * FROM memory.walk_relationships('a', 3)")] == ["b", "c"]


@pytest.mark.parametrize("sql, sqlstate", [
    ("SELECT * FROM memory.walk_relationships(NULL)", "22004"),
    ("SELECT * FROM memory.walk_relationships('a', NULL)", "22004"),
    ("SELECT * FROM memory.walk_relationships('a', 0)", "22023"),
    ("SELECT * FROM memory.walk_relationships('a', 11)", "22023"),
    ("SELECT * FROM memory.walk_relationships('a', 3, NULL, 'sideways')", "22023"),
    ("SELECT * FROM memory.walk_relationships('a', 3, ARRAY[]::text[])", "22023"),
    ("SELECT * FROM memory.walk_relationships('a', 3, ARRAY[NULL]::text[])", "22023"),
    ("SELECT * FROM memory.walk_relationships('gone')", "MO001"),
], ids=["null-id", "null-depth", "depth-0", "depth-11", "direction", "empty-types", "null-type", "invisible"])
def test_walk_errors(mem, sql, sqlstate):
    fails(mem, sqlstate, sql)


def test_relationship_dispatch_actions(mem):
    data = ok(dispatch(mem, "relate", {"source_memory_id": "a", "target_memory_id": "b",
                                       "relationship_type": "next", "metadata": {"w": 1}}))
    assert data["memory_id"] == "a"
    assert {k: data["relationship"][k] for k in ("source_memory_id", "target_memory_id", "relationship_type",
                                                 "metadata")} == \
        {"source_memory_id": "a", "target_memory_id": "b", "relationship_type": "next", "metadata": {"w": 1}}
    assert last_audit(mem)["memory_id"] == "a"
    again = ok(dispatch(mem, "relate", {"source_memory_id": "a", "target_memory_id": "b",
                                        "relationship_type": "next"}))
    assert again["relationship"] == data["relationship"]
    ok(dispatch(mem, "relate", {"source_memory_id": "b", "target_memory_id": "a", "relationship_type": "next"}))
    walked = ok(dispatch(mem, "walk_relationships", {"memory_id": "a", "max_depth": 5, "direction": "both",
                                                     "relationship_types": ["next"]}))
    assert walked == {"memory_id": "a", "total_count": 1, "results": [
        {"memory_id": "b", "depth": 1, "path": ["a", "b"], "relationship_type": "next", "via_memory_id": "a"}]}
    assert ok(dispatch(mem, "walk_relationships", {"memory_id": "c"})) == \
        {"memory_id": "c", "total_count": 0, "results": []}
    assert ok(dispatch(mem, "unrelate", {"source_memory_id": "a", "target_memory_id": "b",
                                         "relationship_type": "next"})) == {"memory_id": "a", "removed": True}
    assert ok(dispatch(mem, "unrelate", {"source_memory_id": "a", "target_memory_id": "b"})) == \
        {"memory_id": "a", "removed": False}


@pytest.mark.parametrize("action, payload, code, sqlstate", [
    ("relate", {"source_memory_id": "a", "target_memory_id": "b"}, "invalid_request", "22004"),
    ("relate", {"source_memory_id": "a", "target_memory_id": "a", "relationship_type": "t"}, "validation_error", "22023"),
    ("relate", {"source_memory_id": "a", "target_memory_id": "b", "relationship_type": "t", "metadata": "x"},
     "validation_error", "22023"),
    ("relate", {"source_memory_id": "a", "target_memory_id": "nope", "relationship_type": "t"}, "memory_not_found", "MO001"),
    ("unrelate", {"source_memory_id": "a"}, "invalid_request", "22004"),
    ("unrelate", {"source_memory_id": "a", "target_memory_id": "b", "relationship_type": 5}, "validation_error", "22023"),
    ("unrelate", {"source_memory_id": "gone", "target_memory_id": "b"}, "memory_not_found", "MO001"),
    ("walk_relationships", {}, "invalid_request", "22004"),
    ("walk_relationships", {"memory_id": "a", "max_depth": 11}, "validation_error", "22023"),
    ("walk_relationships", {"memory_id": "a", "max_depth": "2"}, "validation_error", "22023"),
    ("walk_relationships", {"memory_id": "a", "direction": "up"}, "validation_error", "22023"),
    ("walk_relationships", {"memory_id": "nope"}, "memory_not_found", "MO001"),
])
def test_relationship_dispatch_errors(mem, action, payload, code, sqlstate):
    add_relationship(mem, "a", "b", "t")
    error_code(dispatch(mem, action, payload), code, sqlstate)
    assert count(mem, RELS) == 1


def test_concurrent_relaters_of_one_pair_leave_one_row(mem, connect):
    results = []
    run_concurrently(connect, 5, lambda conn: results.append(
        conn.execute("SELECT (memory.relate('a', 'b', 'same')).relationship_id").fetchone()[0]))
    assert count(mem, RELS) == 1
    assert len(set(results)) == 1 and len(results) == 5


# === user profiles =============================================================

PROFILES = "SELECT count(*) FROM memory_store.user_profiles"
PROFILE_COLUMNS = {"user_id", "created_at", "updated_at", "profile_data", "preferences", "is_active"}


def test_upsert_user_profile_creates_then_merges(db):
    before = audits(db)
    created = row(db, "SELECT * FROM memory.upsert_user_profile('u1', '{\"name\": \"Ada\"}', '{\"lang\": \"en\"}')")
    assert set(created) == PROFILE_COLUMNS
    assert (created["user_id"], created["profile_data"], created["preferences"], created["is_active"]) == \
        ("u1", {"name": "Ada"}, {"lang": "en"}, True)
    db.execute("UPDATE memory_store.user_profiles SET updated_at = now() - interval '1 day'")
    merged = row(db, "SELECT * FROM memory.upsert_user_profile('u1', p_is_active => false)")
    assert (merged["profile_data"], merged["preferences"], merged["is_active"]) == \
        ({"name": "Ada"}, {"lang": "en"}, False), "NULL arguments keep the stored fields"
    assert merged["updated_at"] > created["updated_at"] - __import__("datetime").timedelta(hours=1)
    assert merged["created_at"] == created["created_at"]
    replaced = row(db, "SELECT * FROM memory.upsert_user_profile('u1', p_preferences => '{\"tz\": \"UTC\"}')")
    assert replaced["preferences"] == {"tz": "UTC"}, "a given field replaces the stored one as a whole"
    bare = row(db, "SELECT * FROM memory.upsert_user_profile('u2')")
    assert (bare["profile_data"], bare["preferences"], bare["is_active"]) == (None, None, True)
    assert audits(db) - before == 4
    assert last_audit(db)["operation"] == "update"
    assert last_audit(db)["request_data"]["user_id"] == "u2"


@pytest.mark.parametrize("sql, sqlstate", [
    ("SELECT memory.upsert_user_profile(NULL)", "22004"),
    ("SELECT memory.upsert_user_profile(repeat('u', 65))", "22023"),
    ("SELECT memory.upsert_user_profile('u1', '[1]')", "22023"),
    ("SELECT memory.upsert_user_profile('u1', NULL, '\"x\"')", "22023"),
    ("SELECT memory.upsert_user_profile('u1', jsonb_build_object('x', repeat('y', 70000)))", "54000"),
], ids=["null", "long-id", "profile-array", "preferences-string", "too-big"])
def test_upsert_user_profile_errors_change_nothing(db, sql, sqlstate):
    db.execute("SELECT memory.upsert_user_profile('u1', '{\"name\": \"Ada\"}')")
    fails(db, sqlstate, sql)
    assert count(db, PROFILES) == 1
    assert count(db, "SELECT profile_data FROM memory_store.user_profiles") == {"name": "Ada"}


def test_set_preference_merges_one_key_and_creates_the_profile(db):
    first = row(db, "SELECT * FROM memory.set_preference('u1', 'voice', '\"calm\"')")
    assert set(first) == PROFILE_COLUMNS
    assert (first["preferences"], first["profile_data"], first["is_active"]) == ({"voice": "calm"}, None, True)
    db.execute("SELECT memory.set_preference('u1', 'lang', '\"en\"')")
    db.execute("SELECT memory.set_preference('u1', 'voice', '{\"speed\": 2}')")
    last = row(db, "SELECT * FROM memory.set_preference('u1', 'nothing', 'null')")
    assert last["preferences"] == {"voice": {"speed": 2}, "lang": "en", "nothing": None}
    assert count(db, PROFILES) == 1
    assert last_audit(db)["operation"] == "update"


@pytest.mark.parametrize("sql, sqlstate", [
    ("SELECT memory.set_preference('u1', 'k', NULL)", "22004"),
    ("SELECT memory.set_preference('u1', NULL, '1')", "22004"),
    ("SELECT memory.set_preference('u1', repeat('k', 65), '1')", "22023"),
    ("SELECT memory.set_preference('u1', 'big', to_jsonb(repeat('y', 40000)))", "54000"),
], ids=["null-value", "null-key", "long-key", "merged-too-big"])
def test_set_preference_errors_change_nothing(db, sql, sqlstate):
    db.execute("SELECT memory.upsert_user_profile('u1', p_preferences => jsonb_build_object('a', repeat('x', 40000)))")
    fails(db, sqlstate, sql)
    assert count(db, "SELECT array_agg(k) FROM memory_store.user_profiles, jsonb_object_keys(preferences) AS k") == ["a"]


def test_set_preference_on_a_new_user_fails_cleanly(db):
    fails(db, "54000", "SELECT memory.set_preference('u9', 'big', to_jsonb(repeat('y', 70000)))")
    assert count(db, PROFILES) == 0


def test_remove_preference(db):
    db.execute("SELECT memory.upsert_user_profile('u1', p_preferences => '{\"a\": 1, \"b\": 2}')")
    assert row(db, "SELECT * FROM memory.remove_preference('u1', 'a')")["preferences"] == {"b": 2}
    assert row(db, "SELECT * FROM memory.remove_preference('u1', 'a')")["preferences"] == {"b": 2}
    assert count(db, "SELECT memory.remove_preference('nobody', 'a') IS NULL") is True
    assert count(db, PROFILES) == 1
    assert last_audit(db)["operation"] == "update"


@pytest.mark.parametrize("sql, sqlstate", [
    ("SELECT memory.remove_preference('u1', NULL)", "22004"),
    ("SELECT memory.remove_preference('u1', '')", "22023"),
], ids=["null-key", "empty-key"])
def test_remove_preference_errors(db, sql, sqlstate):
    db.execute("SELECT memory.upsert_user_profile('u1', p_preferences => '{\"a\": 1}')")
    fails(db, sqlstate, sql)
    assert count(db, "SELECT preferences FROM memory_store.user_profiles") == {"a": 1}


def test_get_user_profile(db):
    db.execute("SELECT memory.upsert_user_profile('u1', '{\"n\": 1}')")
    before = audits(db)
    profile = row(db, "SELECT * FROM memory.get_user_profile('u1')")
    assert set(profile) == PROFILE_COLUMNS and profile["profile_data"] == {"n": 1}
    assert count(db, "SELECT memory.get_user_profile('nobody') IS NULL") is True
    assert audits(db) - before == 2
    assert last_audit(db)["operation"] == "read"
    fails(db, "22004", "SELECT memory.get_user_profile(NULL)")
    fails(db, "22023", "SELECT memory.get_user_profile(repeat('u', 65))")


def test_profile_dispatch_actions(db):
    data = ok(dispatch(db, "upsert_profile", {"user_id": "u1", "profile_data": {"name": "Ada"},
                                              "preferences": {"lang": "en"}}))
    assert data["user_id"] == "u1" and set(data["profile"]) == PROFILE_COLUMNS
    assert data["profile"]["profile_data"] == {"name": "Ada"}
    data = ok(dispatch(db, "upsert_profile", {"user_id": "u1", "is_active": False}))
    assert (data["profile"]["preferences"], data["profile"]["is_active"]) == ({"lang": "en"}, False)
    data = ok(dispatch(db, "set_preference", {"user_id": "u1", "key": "voice", "value": None}))
    assert data["profile"]["preferences"] == {"lang": "en", "voice": None}
    data = ok(dispatch(db, "remove_preference", {"user_id": "u1", "key": "lang"}))
    assert data["profile"]["preferences"] == {"voice": None}
    assert ok(dispatch(db, "get_profile", {"user_id": "u1"}))["profile"]["profile_data"] == {"name": "Ada"}
    assert ok(dispatch(db, "get_profile", {"user_id": "nobody"})) == {"user_id": "nobody", "profile": None}
    assert ok(dispatch(db, "remove_preference", {"user_id": "nobody", "key": "k"})) == \
        {"user_id": "nobody", "profile": None}


@pytest.mark.parametrize("action, payload, code, sqlstate", [
    ("upsert_profile", {}, "invalid_request", "22004"),
    ("upsert_profile", {"user_id": "u1", "profile_data": [1]}, "validation_error", "22023"),
    ("upsert_profile", {"user_id": "u1", "is_active": "yes"}, "validation_error", "22023"),
    ("upsert_profile", {"user_id": "u1", "profile_data": {"x": "y" * 70000}}, "validation_error", "54000"),
    ("set_preference", {"user_id": "u1", "key": "k"}, "invalid_request", "22004"),
    ("set_preference", {"user_id": "u1", "value": 1}, "invalid_request", "22004"),
    ("set_preference", {"user_id": "u1", "key": "", "value": 1}, "validation_error", "22023"),
    ("remove_preference", {"user_id": "u1"}, "invalid_request", "22004"),
    ("remove_preference", {"user_id": "u1", "key": 1}, "validation_error", "22023"),
    ("get_profile", {}, "invalid_request", "22004"),
    ("get_profile", {"user_id": {"id": "u1"}}, "validation_error", "22023"),
])
def test_profile_dispatch_errors(db, action, payload, code, sqlstate):
    error_code(dispatch(db, action, payload), code, sqlstate)
    assert count(db, PROFILES) == 0


# === agent states ==============================================================

STATES = "SELECT count(*) FROM memory_store.agent_states"
STATE_COLUMNS = {"state_id", "agent_id", "session_id", "state_data", "created_at", "updated_at", "expires_at"}


def test_save_agent_state_upserts_one_row_per_agent_and_session(db):
    add_session(db, "s1")
    before = audits(db)
    first = row(db, "SELECT * FROM memory.save_agent_state('planner', '{\"step\": 1}')")
    assert set(first) == STATE_COLUMNS
    assert (first["agent_id"], first["session_id"], first["state_data"], first["expires_at"]) == \
        ("planner", None, {"step": 1}, None)
    db.execute("UPDATE memory_store.agent_states SET updated_at = now() - interval '1 hour'")
    second = row(db, "SELECT * FROM memory.save_agent_state('planner', '{\"step\": 2}')")
    assert second["state_id"] == first["state_id"] and second["created_at"] == first["created_at"]
    assert second["state_data"] == {"step": 2} and second["updated_at"] >= first["updated_at"]
    in_session = row(db, "SELECT * FROM memory.save_agent_state('planner', '{\"step\": 9}', 's1', 60)")
    assert in_session["session_id"] == "s1" and in_session["state_id"] != first["state_id"]
    assert in_session["expires_at"] is not None
    assert count(db, "SELECT expires_at - created_at FROM memory_store.agent_states WHERE session_id = 's1'") \
        == __import__("datetime").timedelta(seconds=60)
    again = row(db, "SELECT * FROM memory.save_agent_state('planner', '{\"step\": 10}', 's1')")
    assert again["expires_at"] is None, "the last writer's ttl (none) wins"
    assert count(db, STATES) == 2
    assert audits(db) - before == 4
    audit = last_audit(db)
    assert (audit["operation"], audit["session_id"], audit["success"]) == ("update", "s1", True)


def test_saving_over_an_expired_state_starts_a_new_one(db):
    db.execute("SELECT memory.save_agent_state('planner', '{\"step\": 1}')")
    db.execute("UPDATE memory_store.agent_states SET expires_at = now() - interval '1 second', "
               "created_at = now() - interval '1 day', updated_at = now() - interval '1 day'")
    assert count(db, "SELECT memory.load_agent_state('planner') IS NULL") is True
    saved = row(db, "SELECT * FROM memory.save_agent_state('planner', '{\"step\": 2}')")
    assert saved["created_at"] == saved["updated_at"]
    assert row(db, "SELECT * FROM memory.load_agent_state('planner')")["state_data"] == {"step": 2}


@pytest.mark.parametrize("sql, sqlstate", [
    ("SELECT memory.save_agent_state(NULL, '{}')", "22004"),
    ("SELECT memory.save_agent_state('planner', NULL)", "22004"),
    ("SELECT memory.save_agent_state('planner', '[1]')", "22023"),
    ("SELECT memory.save_agent_state(repeat('p', 65), '{}')", "22023"),
    ("SELECT memory.save_agent_state('planner', '{}', NULL, 0)", "22023"),
    ("SELECT memory.save_agent_state('planner', jsonb_build_object('x', repeat('y', 70000)))", "54000"),
    ("SELECT memory.save_agent_state('planner', '{}', 'no-such-session')", "MO002"),
], ids=["null-agent", "null-state", "state-array", "long-agent", "ttl-0", "too-big", "unknown-session"])
def test_save_agent_state_errors_change_nothing(db, sql, sqlstate):
    db.execute("SELECT memory.save_agent_state('planner', '{\"kept\": true}')")
    fails(db, sqlstate, sql)
    assert count(db, STATES) == 1
    assert count(db, "SELECT state_data FROM memory_store.agent_states") == {"kept": True}


def test_load_agent_state(db):
    add_session(db, "s1")
    db.execute("SELECT memory.save_agent_state('planner', '{\"g\": 1}')")
    db.execute("SELECT memory.save_agent_state('planner', '{\"s\": 1}', 's1')")
    before = audits(db)
    assert row(db, "SELECT * FROM memory.load_agent_state('planner')")["state_data"] == {"g": 1}
    loaded = row(db, "SELECT * FROM memory.load_agent_state('planner', 's1')")
    assert set(loaded) == STATE_COLUMNS and loaded["state_data"] == {"s": 1}
    assert count(db, "SELECT memory.load_agent_state('other') IS NULL") is True
    assert audits(db) - before == 3
    audit = last_audit(db)
    assert (audit["operation"], audit["success"]) == ("read", True)
    db.execute("UPDATE memory_store.agent_states SET expires_at = now() - interval '1 second' WHERE session_id = 's1'")
    assert count(db, "SELECT memory.load_agent_state('planner', 's1') IS NULL") is True, "expired states are invisible"


@pytest.mark.parametrize("sql, sqlstate", [
    ("SELECT memory.load_agent_state(NULL)", "22004"),
    ("SELECT memory.load_agent_state('')", "22023"),
    ("SELECT memory.load_agent_state('planner', 'no-such-session')", "MO002"),
], ids=["null", "empty", "unknown-session"])
def test_load_agent_state_errors(db, sql, sqlstate):
    fails(db, sqlstate, sql)


def test_clear_agent_state(db):
    add_session(db, "s1")
    db.execute("SELECT memory.save_agent_state('planner', '{}')")
    db.execute("SELECT memory.save_agent_state('planner', '{}', 's1')")
    before = audits(db)
    assert count(db, "SELECT memory.clear_agent_state('planner', 's1')") is True
    assert count(db, "SELECT memory.clear_agent_state('planner', 's1')") is False
    assert count(db, STATES) == 1
    db.execute("UPDATE memory_store.agent_states SET expires_at = now() - interval '1 second'")
    assert count(db, "SELECT memory.clear_agent_state('planner')") is False, "an expired state was already gone"
    assert count(db, STATES) == 0
    assert audits(db) - before == 3
    assert last_audit(db)["operation"] == "delete"


@pytest.mark.parametrize("sql, sqlstate", [
    ("SELECT memory.clear_agent_state(NULL)", "22004"),
    ("SELECT memory.clear_agent_state(repeat('p', 65))", "22023"),
    ("SELECT memory.clear_agent_state('planner', 'no-such-session')", "MO002"),
], ids=["null", "long", "unknown-session"])
def test_clear_agent_state_errors_remove_nothing(db, sql, sqlstate):
    db.execute("SELECT memory.save_agent_state('planner', '{}')")
    fails(db, sqlstate, sql)
    assert count(db, STATES) == 1


def test_agent_state_dispatch_actions(db):
    add_session(db, "s1")
    data = ok(dispatch(db, "save_state", {"agent_id": "planner", "state_data": {"step": 1}, "ttl": 60},
                       session_id="s1"))
    assert (data["agent_id"], data["session_id"]) == ("planner", "s1")
    assert set(data["state"]) == STATE_COLUMNS and data["state"]["state_data"] == {"step": 1}
    assert data["state"]["expires_at"] is not None
    assert last_audit(db)["session_id"] == "s1"
    loaded = ok(dispatch(db, "load_state", {"agent_id": "planner", "session_id": "s1"}))
    assert loaded["found"] is True and loaded["state"] == data["state"]
    # no agent_id: the calling agent; no session: the global state
    saved = ok(dispatch(db, "save_state", {"state_data": {"g": 1}}))
    assert saved["session_id"] is None and saved["agent_id"] == count(db, "SELECT memory_store.current_agent_id()")
    assert ok(dispatch(db, "load_state"))["state"]["state_data"] == {"g": 1}
    assert ok(dispatch(db, "clear_state")) == {"agent_id": saved["agent_id"], "session_id": None, "cleared": True}
    assert ok(dispatch(db, "load_state")) == {"agent_id": saved["agent_id"], "session_id": None,
                                              "found": False, "state": None}
    assert ok(dispatch(db, "clear_state", {"agent_id": "planner"}, session_id="s1"))["cleared"] is True
    assert count(db, STATES) == 0


@pytest.mark.parametrize("action, payload, session_id, code, sqlstate", [
    ("save_state", {"agent_id": "planner"}, None, "invalid_request", "22004"),
    ("save_state", {"agent_id": "planner", "state_data": [1]}, None, "validation_error", "22023"),
    ("save_state", {"agent_id": "planner", "state_data": {}, "ttl": "60"}, None, "validation_error", "22023"),
    ("save_state", {"agent_id": "planner", "state_data": {}, "ttl": -1}, None, "validation_error", "22023"),
    ("save_state", {"agent_id": "planner", "state_data": {"x": "y" * 70000}}, None, "validation_error", "54000"),
    ("save_state", {"agent_id": "planner", "state_data": {}}, "no-such-session", "session_not_found", "MO002"),
    ("load_state", {"agent_id": 1}, None, "validation_error", "22023"),
    ("load_state", {"agent_id": "planner", "session_id": "no-such-session"}, None, "session_not_found", "MO002"),
    ("clear_state", {"agent_id": ""}, None, "validation_error", "22023"),
    ("clear_state", {"agent_id": "planner"}, "no-such-session", "session_not_found", "MO002"),
])
def test_agent_state_dispatch_errors(db, action, payload, session_id, code, sqlstate):
    db.execute("SELECT memory.save_agent_state('planner', '{\"kept\": true}')")
    error_code(dispatch(db, action, payload, session_id=session_id), code, sqlstate)
    assert count(db, STATES) == 1
    assert count(db, "SELECT state_data FROM memory_store.agent_states") == {"kept": True}


@pytest.mark.parametrize("session_id", [None, "s1"], ids=["global", "session"])
def test_concurrent_savers_of_one_agent_state_leave_one_row(db, connect, session_id):
    add_session(db, "s1")
    run_concurrently(connect, 5, lambda conn: conn.execute(
        "SELECT memory.save_agent_state('planner', jsonb_build_object('writer', pg_backend_pid()), %s)",
        (session_id,)))
    assert count(db, STATES) == 1
    assert count(db, "SELECT count(*) FROM memory_store.agent_states WHERE agent_id = 'planner' "
                     "AND session_id IS NOT DISTINCT FROM %s", session_id) == 1


# === dispatch registry =========================================================

def test_every_action_is_registered_listed_by_health_and_routed(db):
    """Every action of memory_store.dispatch_actions (the catalog, not a list
    kept here): health lists exactly them, and a request for each reaches its
    handler (an answer for that action, never 'unknown action'), with one
    audit row per request."""
    catalog = dispatch_actions(db)
    assert len(catalog) >= 32
    assert set(ok(dispatch(db, "health"))["actions"]) == catalog
    for action in sorted(catalog):
        response = dispatch(db, action, request_id=f"routed-{action}")
        if response["status"] == "error":
            assert response["error"]["details"].get("sqlstate") != "MO003", (action, response)
            assert "unknown action" not in response["error"]["message"], (action, response)
    handlers = rows(db, "SELECT action, handler::text AS handler, description FROM memory_store.dispatch_actions")
    assert [h for h in handlers if h["handler"] != f"memory_store.dispatch_{h['action']}(jsonb,text)"] == []
    assert [h["action"] for h in handlers if not h["description"].strip()] == []


def test_the_agent_role_may_call_every_typed_function(db):
    """Every function of schema memory (from pg_proc): executable by
    memory_agent, SECURITY DEFINER, documented with an Example line."""
    functions = [r["f"] for r in rows(db, "SELECT p.oid::regprocedure::text AS f FROM pg_proc p "
                                          "WHERE p.pronamespace = 'memory'::regnamespace ORDER BY 1")]
    assert {f.split("(")[0] for f in functions} == {f"memory.{name}" for name in memory_functions(db)}
    assert len(functions) >= 38
    for function in functions:
        assert count(db, "SELECT has_function_privilege('memory_agent', %s, 'EXECUTE')", function), function
        assert count(db, "SELECT prosecdef FROM pg_proc WHERE oid = %s::regprocedure", function), function
        assert count(db, "SELECT obj_description(%s::regprocedure, 'pg_proc') LIKE '%%Example:%%'", function), function


def test_an_agent_without_table_privileges_calls_the_api(mem):
    mem.execute("SET ROLE memory_agent")
    try:
        assert count(mem, "SELECT memory.add_tags('a', ARRAY['x'])") == ["x"]
        assert count(mem, "SELECT (memory.relate('a', 'b', 'next')).target_memory_id") == "b"
        assert count(mem, "SELECT count(*) FROM memory.walk_relationships('a')") == 1
        assert count(mem, "SELECT (memory.set_preference('u1', 'k', '1')).preferences") == {"k": 1}
        assert count(mem, "SELECT (memory.save_agent_state('planner', '{}', 's1')).session_id") == "s1"
        assert count(mem, "SELECT memory.dispatch('{\"action\": \"load_state\", \"session_id\": \"s1\", "
                          "\"payload\": {\"agent_id\": \"planner\"}}') -> 'data' -> 'found'") is True
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            mem.execute("SELECT memory_store.add_tags_impl('a', ARRAY['y'])")
    finally:
        mem.execute("RESET ROLE")


def test_walk_of_a_dense_graph_stays_cheap(db):
    """A complete graph of 12 memories has billions of simple paths of length
    10; the walk keeps one path per memory and step, so each step expands at
    most 2 x 12 rows (one per memory, the first step one per link of the
    start), each looked up in at most 2 directions. Shown by the work itself,
    whatever the plan: the scans of memory_store.memory_relationships the walk
    made in its transaction (pg_stat_xact_all_tables), at most 4 x memories x
    depth, where walking every path would make 880 at depth 3 alone. The
    statement timeout is only a hang guard."""
    nodes, depth = 12, 10
    db.execute("INSERT INTO memory_store.memory_entries (memory_id, memory_type, content) "
               "SELECT 'n' || i, 'context', '{}' FROM generate_series(1, %s) AS i", (nodes,))
    db.execute("INSERT INTO memory_store.memory_relationships (source_memory_id, target_memory_id, relationship_type) "
               "SELECT 'n' || i, 'n' || j, 'r' FROM generate_series(1, %s) AS i, generate_series(1, %s) AS j "
               "WHERE i <> j", (nodes, nodes))
    db.execute("SET statement_timeout = '120s'")  # a hang guard only

    def walk(sql):
        with db.transaction():
            walked = rows(db, sql)
            scans = count(db, "SELECT seq_scan + idx_scan FROM pg_stat_xact_all_tables "
                              "WHERE relid = 'memory_store.memory_relationships'::regclass")
        return walked, scans

    for analyzed in (False, True):  # the plan without statistics, then with them
        walked, scans = walk(f"SELECT * FROM memory.walk_relationships('n1', {depth}, NULL, 'both')")
        assert len(walked) == nodes - 1 and {r["depth"] for r in walked} == {1}
        assert 0 < scans <= 4 * nodes * depth, f"the walk scanned the links {scans} times (analyzed: {analyzed})"
        db.execute("ANALYZE memory_store.memory_relationships")
    db.execute("DELETE FROM memory_store.memory_relationships WHERE source_memory_id = 'n1' AND target_memory_id <> 'n2'")
    walked, scans = walk(f"SELECT * FROM memory.walk_relationships('n1', {depth})")
    assert len(walked) == nodes - 1 and sorted({r["depth"] for r in walked}) == [1, 2]
    assert 0 < scans <= 4 * nodes * depth, f"the walk scanned the links {scans} times"
    db.execute("RESET statement_timeout")
