"""Archiving and priority-based retention (issue 5, points 3 and 5): cold
storage in schema memory_archive, the archive job (sessions ended or idle too
long), reading archived memories when asked, restoring them, the retention
budget (lowest priority, then oldest, first; protected priorities stay), the
settings, every error class, privileges. Rows are made old by setting their
timestamps in the past; nothing sleeps."""

import json
import os
import subprocess
import sys
import threading
import time

import psycopg
import pytest
from psycopg.types.json import Jsonb

from conftest import ROOT, TARGET, sqitch
from helpers import add_access_log, add_memory, add_session, commits_inside, count, job_run_interval

HOT = "memory_store.memory_entries"
COLD = "memory_archive.memory_entries"


def vector(i):
    """A 1536-d embedding pointing mostly along axis i (distinct per i)."""
    values = ["0.01"] * 1536
    values[i] = "1"
    return "[" + ",".join(values) + "]"


def create(db, memory_id, session_id=None, text="hello", priority=None, tags=("t",), embedding=None):
    return db.execute(
        "SELECT * FROM memory.create_memory(p_memory_type => 'context', p_content => %s, p_session_id => %s, "
        "p_memory_id => %s, p_tags => %s, p_priority => %s, p_embedding => %s::extensions.vector, "
        "p_embedding_model => CASE WHEN %s::text IS NULL THEN NULL ELSE 'test-model' END)",
        (Jsonb({"text": text}), session_id, memory_id, list(tags), priority, embedding, embedding)).fetchone()


def end_long_ago(db, session_id, ago="40 days"):
    """The session ended AGO and saw no activity since (the statement sets updated_at, so the trigger leaves it)."""
    db.execute("UPDATE memory_store.sessions SET ended_at = now() - %s::interval, updated_at = now() - %s::interval "
               "WHERE session_id = %s", (ago, ago, session_id))


def idle_since(db, session_id, ago="100 days"):
    db.execute("UPDATE memory_store.sessions SET updated_at = now() - %s::interval WHERE session_id = %s",
               (ago, session_id))


def hot(db):
    return [r[0] for r in db.execute(f"SELECT memory_id FROM {HOT} ORDER BY 1")]


def cold(db):
    return [r[0] for r in db.execute(f"SELECT memory_id FROM {COLD} ORDER BY 1")]


def last_run(db, job):
    return db.execute("SELECT status, rows_affected, detail FROM memory_store.job_runs WHERE job_name = %s "
                      "ORDER BY run_id DESC LIMIT 1", (job,)).fetchone()


def audit_rows(db):
    return count(db, "SELECT count(*) FROM memory_store.memory_access_logs")


def dispatch(db, action, payload, session_id=None):
    request = {"action": action, "request_id": "r", "payload": payload}
    if session_id:
        request["session_id"] = session_id
    return db.execute("SELECT memory.dispatch(%s::jsonb)", (json.dumps(request),)).fetchone()[0]


def setting(db, name, value):
    db.execute("SELECT memory_store.set_lifecycle_setting(%s, %s::jsonb)", (name, json.dumps(value)))


@pytest.fixture
def archived_session(db):
    """Session s-old (user u1, ended 40 days ago) with three memories, embeddings,
    tags and relationships to and from a hot memory of session s-live; archived
    by the job."""
    db.execute("SELECT memory.start_session(p_session_id => 's-old', p_user_id => 'u1')")
    db.execute("SELECT memory.start_session(p_session_id => 's-live', p_user_id => 'u1')")
    for i in range(3):
        create(db, f"old{i}", "s-old", text=f"walrus number {i}", priority=3 + i, tags=("cold", f"t{i}"),
               embedding=vector(i))
    create(db, "live", "s-live", text="walrus alive", embedding=vector(10))
    db.execute("SELECT memory.relate('live', 'old0', 'mentions')")
    db.execute("SELECT memory.relate('old1', 'live', 'follows')")
    end_long_ago(db, "s-old")
    db.execute("CALL memory_store.archive_sessions()")
    return db


# --- settings ---------------------------------------------------------------------------

def test_archive_and_retention_settings_have_documented_defaults(db):
    rows = {r[0]: r[1:] for r in db.execute(
        "SELECT name, value, default_value, nullable FROM memory_store.lifecycle_settings "
        "WHERE name LIKE 'archive%' OR name LIKE 'retention%'")}
    assert rows == {
        "archive_after_ended": ("30 days", "30 days", True),
        "archive_after_idle": ("90 days", "90 days", True),
        "archive_batch_size": (1000, 1000, False),
        "archive_max_batches": (1000, 1000, False),
        "retention_max_memories": (100000, 100000, True),
        "retention_max_content_mib": (None, None, True),
        "retention_protected_priority": (9, 9, False),
    }
    # null switches a nullable rule off and reads back as SQL NULL.
    setting(db, "archive_after_idle", None)
    assert db.execute("SELECT memory_store.lifecycle_interval('archive_after_idle')").fetchone() == (None,)


@pytest.mark.parametrize("name, value", [
    ("archive_batch_size", None), ("archive_batch_size", 0), ("archive_batch_size", 100001),
    ("archive_max_batches", None), ("archive_after_ended", "-1 day"), ("archive_after_idle", "soon"),
    ("archive_after_ended", 30), ("retention_max_memories", -1), ("retention_max_memories", "10"),
    ("retention_max_content_mib", -1), ("retention_protected_priority", 0), ("retention_protected_priority", 12),
    ("retention_protected_priority", None), ("purge_batch_size", None),
])
def test_a_bad_archive_or_retention_setting_is_refused(db, name, value):
    before = db.execute("SELECT name, value FROM memory_store.lifecycle_settings ORDER BY 1").fetchall()
    with pytest.raises(psycopg.Error) as error:
        setting(db, name, value)
    assert error.value.sqlstate == "22023"
    with pytest.raises(psycopg.Error) as error:  # a plain UPDATE meets the same trigger
        db.execute("UPDATE memory_store.lifecycle_settings SET value = %s::jsonb WHERE name = %s",
                   (json.dumps(value), name))
    assert error.value.sqlstate == "22023"
    assert db.execute("SELECT name, value FROM memory_store.lifecycle_settings ORDER BY 1").fetchall() == before


# --- cold storage -------------------------------------------------------------------------

def test_the_archive_is_cold_storage_out_of_the_hot_indexes(db):
    """memory_archive mirrors the hot columns, carries only B-tree indexes
    (no HNSW, GIN or full-text) and is reachable by no role but the owner."""
    for table in ("memory_entries", "vector_embeddings"):
        hot_columns = db.execute("SELECT attname, format_type(atttypid, atttypmod) FROM pg_attribute "
                                 "WHERE attrelid = %s::regclass AND attnum > 0 AND NOT attisdropped ORDER BY attnum",
                                 (f"memory_store.{table}",)).fetchall()
        cold_columns = db.execute("SELECT attname, format_type(atttypid, atttypmod) FROM pg_attribute "
                                  "WHERE attrelid = %s::regclass AND attnum > 0 AND NOT attisdropped ORDER BY attnum",
                                  (f"memory_archive.{table}",)).fetchall()
        # Moves copy by name: every hot column is there with its type (a column
        # a later change adds, e.g. tenancy's user_id, comes after the
        # archive's own archived_at / archive_reason).
        assert set(hot_columns) <= set(cold_columns)
        own = {"archived_at", "archive_reason"} if table == "memory_entries" else set()
        assert {name for name, _ in cold_columns} - {name for name, _ in hot_columns} == own
    methods = {r[0] for r in db.execute(
        "SELECT am.amname FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid JOIN pg_am am ON am.oid = c.relam "
        "WHERE c.relnamespace = 'memory_archive'::regnamespace")}
    assert methods == {"btree"}
    for role in ("memory_agent", "memory_dba", "memory_auditor"):
        assert db.execute("SELECT has_schema_privilege(%s, 'memory_archive', 'USAGE')", (role,)).fetchone() == (False,)


def test_the_job_moves_an_ended_sessions_memories_out_of_the_hot_tables(archived_session):
    db = archived_session
    assert hot(db) == ["live"]
    assert cold(db) == ["old0", "old1", "old2"]
    assert count(db, "SELECT count(*) FROM memory_store.vector_embeddings") == 1
    assert count(db, "SELECT count(*) FROM memory_archive.vector_embeddings") == 3
    assert db.execute("SELECT DISTINCT archive_reason FROM memory_archive.memory_entries").fetchall() == [("session",)]
    # The registry keeps the ids (marked), so tags, relationships and log references hold.
    assert db.execute("SELECT memory_id, is_archived FROM memory_store.memory_registry ORDER BY 1").fetchall() == [
        ("live", False), ("old0", True), ("old1", True), ("old2", True)]
    assert count(db, "SELECT count(*) FROM memory_store.memory_tags WHERE tag = 'cold'") == 3
    assert count(db, "SELECT count(*) FROM memory_store.memory_relationships") == 2
    # The session is marked, and still shows when it was last active.
    archived, idle = db.execute("SELECT is_archived, now() - updated_at > interval '39 days' FROM memory_store.sessions "
                                "WHERE session_id = 's-old'").fetchone()
    assert archived and idle
    assert last_run(db, "archive_sessions")[:2] == ("succeeded", 1 + 3)


def test_archived_memories_are_invisible_to_the_normal_api(archived_session):
    db = archived_session
    with pytest.raises(psycopg.Error) as error:
        db.execute("SELECT * FROM memory.read_memory('old0', p_include_inactive => true)")
    assert error.value.sqlstate == "MO001"
    page = db.execute("SELECT (p).total_count FROM memory.batch_read_memories(p_user_id => 'u1', "
                      "p_include_inactive => true) AS p").fetchone()
    assert page == (1,)
    found = [r[0] for r in db.execute("SELECT memory_id FROM memory.search_keyword('walrus', p_include_inactive => true)")]
    assert found == ["live"]
    # Semantic search goes through the hot HNSW index: the archived vectors are not in it.
    found = [r[0] for r in db.execute("SELECT memory_id FROM memory.search_semantic(%s::extensions.vector, p_limit => 10)",
                                      (vector(0),))]
    assert found == ["live"]
    assert [r[0] for r in db.execute("SELECT memory_id FROM memory.walk_relationships('live')")] == []
    with pytest.raises(psycopg.Error) as error:
        db.execute("SELECT memory.list_tags('old0')")
    assert error.value.sqlstate == "MO001"
    assert dispatch(db, "read", {"memory_id": "old0"})["error"]["code"] == "memory_not_found"


def test_archived_memories_are_readable_when_asked_for(archived_session):
    db = archived_session
    before = audit_rows(db)
    memory_id, session_id, content, priority, tags = db.execute(
        "SELECT memory_id, session_id, content, priority, tags FROM memory.read_archived_memory('old1')").fetchone()
    assert (memory_id, session_id, content, priority, sorted(tags)) == ("old1", "s-old", {"text": "walrus number 1"}, 4,
                                                                        ["cold", "t1"])
    page = db.execute("SELECT (p).total_count, (p).has_more, ARRAY(SELECT (m).memory_id FROM unnest((p).memories) m) "
                      "FROM memory.batch_read_archived_memories(p_user_id => 'u1', p_tags => ARRAY['cold'], "
                      "p_sort_field => 'priority', p_sort_order => 'desc', p_limit => 2) AS p").fetchone()
    assert page == (3, True, ["old2", "old1"])
    assert audit_rows(db) == before + 2
    assert db.execute("SELECT operation, memory_id, request_data->>'archived' FROM memory_store.memory_access_logs "
                      "ORDER BY log_id DESC LIMIT 2").fetchall() == [("read", None, "true"), ("read", "old1", "true")]

    one = dispatch(db, "read_archived", {"memory_id": "old2"})
    assert one["status"] == "success" and one["data"]["memory_id"] == "old2" and one["data"]["priority"] == 5
    many = dispatch(db, "batch_read_archived", {"filter": {"session_id": "s-old", "limit": 10}})
    assert many["status"] == "success" and many["data"]["total_count"] == 3
    assert [m["memory_id"] for m in many["data"]["memories"]] == ["old2", "old1", "old0"]  # newest first
    assert dispatch(db, "read_archived", {"memory_id": "live"})["error"]["code"] == "memory_not_found"
    assert dispatch(db, "read_archived", {})["error"]["code"] == "invalid_request"
    bad = dispatch(db, "batch_read_archived", {"filter": {"limit": 0}})
    assert bad["error"]["code"] == "validation_error"


@pytest.mark.parametrize("call, sqlstate", [
    ("SELECT * FROM memory.read_archived_memory(NULL)", "22004"),
    ("SELECT * FROM memory.read_archived_memory(repeat('x', 65))", "22023"),
    ("SELECT * FROM memory.read_archived_memory('live')", "MO001"),
    ("SELECT * FROM memory.read_archived_memory('nope')", "MO001"),
    ("SELECT * FROM memory.batch_read_archived_memories(p_limit => 0)", "22023"),
    ("SELECT * FROM memory.batch_read_archived_memories(p_offset => -1)", "22023"),
    ("SELECT * FROM memory.batch_read_archived_memories(p_sort_field => 'content')", "22023"),
    ("SELECT * FROM memory.batch_read_archived_memories(p_sort_order => 'up')", "22023"),
    ("SELECT * FROM memory.batch_read_archived_memories(p_memory_types => ARRAY['nope'])", "22023"),
    ("SELECT * FROM memory.batch_read_archived_memories(p_user_id => '')", "22023"),
])
def test_archived_reads_refuse_bad_input_with_one_audit_row(archived_session, call, sqlstate):
    db = archived_session
    before = audit_rows(db)
    with pytest.raises(psycopg.Error) as error:
        db.execute(call)
    assert error.value.sqlstate == sqlstate
    assert audit_rows(db) == before + 1


def test_an_archived_id_cannot_be_created_again(archived_session):
    db = archived_session
    with pytest.raises(psycopg.Error) as error:
        create(db, "old0", "s-live")
    assert error.value.sqlstate == "23505"
    with pytest.raises(psycopg.Error) as error:
        add_memory(db, "old0")
    assert error.value.sqlstate == "23505"
    assert dispatch(db, "create", {"memory_id": "old1", "memory_type": "context",
                                   "content": {"text": "x"}})["error"]["code"] == "storage_error"
    assert cold(db) == ["old0", "old1", "old2"] and hot(db) == ["live"]


# --- restore --------------------------------------------------------------------------------

# updated_at is left out: the move to the archive and back are versions of the
# memory (docs/history.md), each valid from the moment of the move.
ROW = ("SELECT e.memory_id, e.session_id, e.memory_type, e.content, e.text_content, e.source_agent, e.created_at, "
       "e.expires_at, e.priority, e.is_active, v.embedding::text, v.embedding_id, "
       "ARRAY(SELECT t.tag FROM memory_store.memory_tags t WHERE t.memory_id = e.memory_id ORDER BY t.tag) "
       "FROM {table} e LEFT JOIN {vectors} v ON v.memory_id = e.memory_id ORDER BY e.memory_id")


def test_restoring_a_session_brings_everything_back_intact(db):
    db.execute("SELECT memory.start_session(p_session_id => 's-old', p_user_id => 'u1')")
    for i in range(3):
        create(db, f"old{i}", "s-old", text=f"walrus number {i}", priority=3 + i, tags=("cold", f"t{i}"),
               embedding=vector(i))
    db.execute("UPDATE memory_store.memory_entries SET expires_at = now() + interval '1 year' WHERE memory_id = 'old2'")
    db.execute("SELECT memory.relate('old0', 'old1', 'follows')")
    end_long_ago(db, "s-old")
    before = db.execute(ROW.format(table=HOT, vectors="memory_store.vector_embeddings")).fetchall()
    db.execute("CALL memory_store.archive_sessions()")
    assert db.execute(ROW.format(table=COLD, vectors="memory_archive.vector_embeddings")).fetchall() == before

    audits = audit_rows(db)
    session = db.execute("SELECT session_id, is_archived FROM memory.restore_archived_session('s-old')").fetchone()
    assert session == ("s-old", False)
    assert audit_rows(db) == audits + 1
    assert db.execute(ROW.format(table=HOT, vectors="memory_store.vector_embeddings")).fetchall() == before
    assert cold(db) == [] and count(db, "SELECT count(*) FROM memory_archive.vector_embeddings") == 0
    assert count(db, "SELECT count(*) FROM memory_store.memory_registry WHERE is_archived") == 0
    assert count(db, "SELECT count(*) FROM memory_store.memory_relationships") == 1
    # Searchable again, through the hot index.
    assert db.execute("SELECT memory_id FROM memory.search_semantic(%s::extensions.vector, p_limit => 1)",
                      (vector(2),)).fetchone() == ("old2",)
    # The restore counts as activity: the next run leaves the session alone.
    db.execute("CALL memory_store.archive_sessions()")
    assert cold(db) == [] and last_run(db, "archive_sessions")[1] == 0
    # Restoring again changes nothing.
    assert db.execute("SELECT is_archived FROM memory.restore_archived_session('s-old')").fetchone() == (False,)


def test_restoring_one_memory_unarchives_its_session_only_for_it(archived_session):
    db = archived_session
    restored = db.execute("SELECT memory_id, is_active, tags FROM memory.restore_archived_memory('old1')").fetchone()
    assert restored[:2] == ("old1", True) and sorted(restored[2]) == ["cold", "t1"]
    assert hot(db) == ["live", "old1"] and cold(db) == ["old0", "old2"]
    assert db.execute("SELECT is_archived FROM memory_store.sessions WHERE session_id = 's-old'").fetchone() == (False,)
    assert [r[0] for r in db.execute("SELECT memory_id FROM memory.walk_relationships('old1')")] == ["live"]
    # Idempotent: a hot memory is returned as it is.
    assert db.execute("SELECT memory_id FROM memory.restore_archived_memory('old1')").fetchone() == ("old1",)
    assert db.execute("SELECT memory_id FROM memory.restore_archived_memory('live')").fetchone() == ("live",)


def test_restore_through_dispatch(archived_session):
    db = archived_session
    one = dispatch(db, "restore_archived", {"memory_id": "old0"})
    assert one["status"] == "success" and one["data"]["memory_id"] == "old0"
    whole = dispatch(db, "restore_archived", {}, session_id="s-old")
    assert whole["status"] == "success" and whole["data"]["is_archived"] is False
    assert cold(db) == []
    assert dispatch(db, "restore_archived", {"memory_id": "old0", "session_id": "s-old"})["error"]["code"] == \
        "validation_error"
    assert dispatch(db, "restore_archived", {})["error"]["code"] == "invalid_request"
    assert dispatch(db, "restore_archived", {"session_id": "nope"})["error"]["code"] == "session_not_found"
    assert dispatch(db, "restore_archived", {"memory_id": "nope"})["error"]["code"] == "memory_not_found"


@pytest.mark.parametrize("call, sqlstate", [
    ("SELECT * FROM memory.restore_archived_memory(NULL)", "22004"),
    ("SELECT * FROM memory.restore_archived_memory(repeat('x', 65))", "22023"),
    ("SELECT * FROM memory.restore_archived_memory('nope')", "MO001"),
    ("SELECT * FROM memory.restore_archived_memory('expired')", "MO001"),
    ("SELECT * FROM memory.restore_archived_session(NULL)", "22004"),
    ("SELECT * FROM memory.restore_archived_session(E'a\\nb')", "22023"),
    ("SELECT * FROM memory.restore_archived_session('nope')", "MO002"),
    ("SELECT memory_store.restore_archived()", "22004"),
    ("SELECT memory_store.restore_archived(p_user_id => '')", "22023"),
    ("SELECT memory_store.restore_archived(p_memory_ids => ARRAY[NULL::text])", "22023"),
])
def test_restore_refuses_bad_input_and_changes_nothing(archived_session, call, sqlstate):
    db = archived_session
    create(db, "expired", "s-live")
    db.execute("SELECT memory_store.archive_move(ARRAY['expired'], 'retention')")
    db.execute(f"UPDATE {COLD} SET expires_at = now() - interval '1 minute' WHERE memory_id = 'expired'")
    before = audit_rows(db)
    with pytest.raises(psycopg.Error) as error:
        db.execute(call)
    assert error.value.sqlstate == sqlstate
    if call.startswith("SELECT * FROM memory."):
        assert audit_rows(db) == before + 1
    assert cold(db) == ["expired", "old0", "old1", "old2"] and hot(db) == ["live"]


def test_dba_restores_by_user_session_or_ids_without_reading_content(archived_session):
    db = archived_session
    db.execute("SET ROLE memory_dba")
    try:
        assert db.execute("SELECT memory_store.restore_archived(p_memory_ids => ARRAY['old0', 'live'])").fetchone() == (1,)
        assert db.execute("SELECT memory_store.restore_archived(p_session_id => 's-old', "
                          "p_user_id => 'someone-else')").fetchone() == (0,)
        assert db.execute("SELECT memory_store.restore_archived(p_user_id => 'u1')").fetchone() == (2,)
        with pytest.raises(psycopg.Error) as error:
            db.execute(f"SELECT 1 FROM {COLD}")
        assert error.value.sqlstate == "42501"
    finally:
        db.execute("RESET ROLE")
    assert cold(db) == [] and hot(db) == ["live", "old0", "old1", "old2"]


# --- deletes and TTL in the archive ---------------------------------------------------------

def test_deleting_an_archived_session_cascades_like_a_hot_one(archived_session):
    db = archived_session
    add_access_log(db, memory_id="old0")
    db.execute("DELETE FROM memory_store.sessions WHERE session_id = 's-old'")
    assert cold(db) == [] and hot(db) == ["live"]
    assert [r[0] for r in db.execute("SELECT memory_id FROM memory_store.memory_registry")] == ["live"]
    assert count(db, "SELECT count(*) FROM memory_archive.vector_embeddings") == 0
    assert count(db, "SELECT count(*) FROM memory_store.memory_tags WHERE tag = 'cold'") == 0
    assert count(db, "SELECT count(*) FROM memory_store.memory_relationships") == 0
    assert count(db, "SELECT count(*) FROM memory_store.memory_access_logs WHERE memory_id IS NULL "
                     "AND request_data IS NULL") == 1


def test_the_ttl_holds_in_the_archive(archived_session):
    db = archived_session
    db.execute(f"UPDATE {COLD} SET expires_at = now() - interval '1 minute' WHERE memory_id = 'old0'")
    with pytest.raises(psycopg.Error) as error:
        db.execute("SELECT * FROM memory.read_archived_memory('old0')")
    assert error.value.sqlstate == "MO001"
    db.execute("CALL memory_store.archive_sessions()")
    assert cold(db) == ["old1", "old2"]
    assert count(db, "SELECT count(*) FROM memory_store.memory_registry WHERE memory_id = 'old0'") == 0
    assert count(db, "SELECT count(*) FROM memory_store.memory_relationships") == 1  # live -> old0 went
    assert "deleted 1 expired archived memories" in last_run(db, "archive_sessions")[2]


# --- the archive job's rules ----------------------------------------------------------------------

def test_which_sessions_the_job_archives(db):
    for session_id in ("ended-old", "ended-recent", "idle-old", "active", "ended-old-touched", "asked", "empty-old"):
        add_session(db, session_id)
        add_memory(db, f"{session_id}-m", session_id=session_id)
    end_long_ago(db, "ended-old")
    end_long_ago(db, "ended-recent", ago="10 days")
    idle_since(db, "idle-old")
    end_long_ago(db, "ended-old-touched")
    db.execute("SELECT memory.touch_session('ended-old-touched')")
    db.execute("SELECT memory.end_session('asked', p_archive => true)")  # archived by request, at any age
    db.execute("DELETE FROM memory_store.memory_entries WHERE session_id = 'empty-old'")
    end_long_ago(db, "empty-old")

    db.execute("CALL memory_store.archive_sessions()")

    archived = [r[0] for r in db.execute("SELECT session_id FROM memory_store.sessions WHERE is_archived ORDER BY 1")]
    assert archived == ["asked", "empty-old", "ended-old", "idle-old"]
    assert cold(db) == ["asked-m", "ended-old-m", "idle-old-m"]
    status, rows, detail = last_run(db, "archive_sessions")
    assert (status, rows) == ("succeeded", 3 + 3)
    assert detail.startswith("marked 3 sessions archived") and "moved 3 memories" in detail
    # A second run finds nothing; a memory written later to an archived session follows it.
    db.execute("CALL memory_store.archive_sessions()")
    assert last_run(db, "archive_sessions")[:2] == ("succeeded", 0)
    create(db, "late", "ended-old")
    db.execute("CALL memory_store.archive_sessions()")
    assert "late" in cold(db)


def test_rules_switched_off_and_changed_ages(db):
    add_session(db, "ended")
    add_session(db, "idle")
    add_memory(db, "e", session_id="ended")
    add_memory(db, "i", session_id="idle")
    end_long_ago(db, "ended", ago="40 days")
    idle_since(db, "idle", ago="100 days")
    setting(db, "archive_after_ended", None)
    setting(db, "archive_after_idle", None)
    db.execute("CALL memory_store.archive_sessions()")
    assert cold(db) == [] and "(ended before now() - off, idle since now() - off)" in last_run(db, "archive_sessions")[2]
    setting(db, "archive_after_idle", "120 days")
    db.execute("CALL memory_store.archive_sessions()")
    assert cold(db) == []
    setting(db, "archive_after_ended", "39 days")
    db.execute("CALL memory_store.archive_sessions()")
    assert cold(db) == ["e"]


def test_soft_deleted_and_expired_memories_stay_for_the_purge_jobs(db):
    add_session(db, "s")
    for memory_id in ("kept", "deleted", "expired"):
        add_memory(db, memory_id, session_id="s")
    db.execute(f"UPDATE {HOT} SET is_active = false WHERE memory_id = 'deleted'")
    db.execute(f"UPDATE {HOT} SET expires_at = now() - interval '1 hour' WHERE memory_id = 'expired'")
    end_long_ago(db, "s")
    db.execute("CALL memory_store.archive_sessions()")
    assert cold(db) == ["kept"] and hot(db) == ["deleted", "expired"]
    db.execute("CALL memory_store.purge_expired()")
    assert hot(db) == ["deleted"]


def test_the_job_batches_and_skips_rows_a_writer_holds(db, connect):
    add_session(db, "s")
    for i in range(7):
        add_memory(db, f"m{i}", session_id="s")
    end_long_ago(db, "s")
    writer = connect()
    writer.execute(f"SELECT 1 FROM {HOT} WHERE memory_id = 'm3' FOR UPDATE")  # an agent mid-update
    db.execute("SET lock_timeout = '5s'")  # a run that waited for the writer would fail here, not hang
    db.execute("CALL memory_store.archive_sessions(p_batch_size => 2)")
    assert hot(db) == ["m3"] and len(cold(db)) == 6
    status, rows, detail = last_run(db, "archive_sessions")
    assert status == "succeeded" and detail.endswith("batches of 2")
    writer.rollback()
    db.execute("CALL memory_store.archive_sessions(p_batch_size => 2)")
    assert hot(db) == [] and len(cold(db)) == 7


def test_archiving_is_a_delete_and_restoring_an_insert_in_the_change_feed(db, connect):
    add_session(db, "s")
    add_memory(db, "m1", session_id="s")
    end_long_ago(db, "s")
    listener = connect(autocommit=True)
    listener.execute("LISTEN memory_changes")
    db.execute("DELETE FROM memory_store.memory_changes")
    db.execute("CALL memory_store.archive_sessions()")
    db.execute("SELECT memory.restore_archived_session('s')")
    assert [note.payload for note in listener.notifies(timeout=5, stop_after=2)] == ["", ""]
    assert db.execute("SELECT memory_id, operation FROM memory_store.memory_changes ORDER BY txid, seq").fetchall() \
        == [("m1", "delete"), ("m1", "insert")]


@pytest.mark.parametrize("call, sqlstate", [
    ("CALL memory_store.archive_sessions(0)", "22023"),
    ("CALL memory_store.archive_sessions(100001)", "22023"),
    ("SELECT memory_store.archive_mark_sessions_batch(10, interval '-1 day', NULL)", "22023"),
    ("SELECT memory_store.archive_mark_sessions_batch(NULL, NULL, NULL)", "22004"),
    ("SELECT memory_store.archive_sessions_batch(NULL)", "22004"),
    ("SELECT memory_store.purge_expired_archive_batch(0)", "22023"),
    ("SELECT memory_store.archive_move(ARRAY['m1'], 'whim')", "22023"),
    ("SELECT memory_store.archive_move(ARRAY['m1'], NULL)", "22004"),
])
def test_archive_functions_refuse_bad_input(db, call, sqlstate):
    add_session(db, "s")
    add_memory(db, "m1", session_id="s")
    end_long_ago(db, "s")
    with pytest.raises(psycopg.Error) as error:
        db.execute(call)
    assert error.value.sqlstate == sqlstate
    assert hot(db) == ["m1"] and count(db, "SELECT count(*) FROM memory_store.job_runs") == 0
    assert db.execute("SELECT is_archived FROM memory_store.sessions").fetchone() == (False,)


def test_a_column_added_to_a_hot_table_stops_the_move_until_the_archive_has_it(db):
    """Other changes add columns to memory_entries (tenancy, encryption): the
    move copies by name, refuses to drop one, and archive_sync_columns()
    brings the archive in step (generated columns with their expression)."""
    add_session(db, "s")
    add_memory(db, "m1", session_id="s")
    db.execute(f"ALTER TABLE {HOT} ADD COLUMN owner_tag text")
    db.execute(f"ALTER TABLE {HOT} ADD COLUMN double_priority integer GENERATED ALWAYS AS (priority * 2) STORED")
    db.execute(f"UPDATE {HOT} SET owner_tag = 'tenant-7' WHERE memory_id = 'm1'")
    with pytest.raises(psycopg.Error) as error:
        db.execute("SELECT memory_store.archive_move(ARRAY['m1'], 'session')")
    assert error.value.sqlstate == "55000" and "owner_tag" in error.value.diag.message_primary
    assert hot(db) == ["m1"]
    added = [r[0] for r in db.execute("SELECT * FROM memory_store.archive_sync_columns()")]
    assert added == ["memory_archive.memory_entries.owner_tag", "memory_archive.memory_entries.double_priority"]
    assert db.execute("SELECT memory_store.archive_move(ARRAY['m1'], 'session')").fetchone() == (1,)
    assert db.execute(f"SELECT owner_tag, double_priority FROM {COLD}").fetchone() == ("tenant-7", 10)
    assert db.execute("SELECT memory_store.archive_restore(ARRAY['m1'])").fetchone() == (1,)
    assert db.execute(f"SELECT owner_tag, double_priority FROM {HOT}").fetchone() == ("tenant-7", 10)
    assert list(db.execute("SELECT * FROM memory_store.archive_sync_columns()")) == []


# --- retention budget ----------------------------------------------------------------------------

def add_user_memories(db, user_id, specs):
    """specs: (memory_id, priority, days_old) in one session of USER_ID."""
    add_session(db, f"s-{user_id}", user_id=user_id)
    for memory_id, priority, days_old in specs:
        db.execute(f"INSERT INTO {HOT} (memory_id, session_id, memory_type, content, priority, created_at) "
                   "VALUES (%s, %s, 'context', %s, %s, now() - %s * interval '1 day')",
                   (memory_id, f"s-{user_id}", Jsonb({"text": memory_id}), priority, days_old))


def test_retention_archives_lowest_priority_then_oldest_and_spares_protected(db):
    add_user_memories(db, "u1", [("p1-new", 1, 1), ("p1-old", 1, 50), ("p5-old", 5, 90), ("p5-new", 5, 2),
                                 ("p3", 3, 10), ("p9-old", 9, 400), ("p10", 10, 300), ("p8-old", 8, 500)])
    setting(db, "retention_max_memories", 5)
    db.execute("CALL memory_store.enforce_retention(p_user_id => 'u1')")
    assert cold(db) == ["p1-new", "p1-old", "p3"]
    assert db.execute(f"SELECT DISTINCT archive_reason FROM {COLD}").fetchall() == [("retention",)]
    assert db.execute("SELECT active_memories, over_budget FROM memory_store.retention_usage('u1')").fetchone() == (5, False)
    # One more over: the oldest of the lowest remaining priority goes next.
    db.execute(f"INSERT INTO {HOT} (memory_id, session_id, memory_type, content, priority) "
               "VALUES ('p7', 's-u1', 'context', '{}', 7)")
    db.execute("CALL memory_store.enforce_retention(p_user_id => 'u1')")
    assert "p5-old" in cold(db) and "p5-new" not in cold(db)
    # A budget of 0 archives everything but the protected priorities (>= 9).
    setting(db, "retention_max_memories", 0)
    db.execute("CALL memory_store.enforce_retention()")
    assert hot(db) == ["p10", "p9-old"]
    status, rows, detail = last_run(db, "enforce_retention")
    assert status == "succeeded" and rows == 3 and "1 users still over budget" in detail
    # The protected threshold is a setting.
    setting(db, "retention_protected_priority", 10)
    db.execute("CALL memory_store.enforce_retention()")
    assert hot(db) == ["p10"]


def test_retention_by_content_bytes(db):
    # 24 memories of ~57 KB of random hex each (little to compress): ~1.4 MB against a 1 MiB budget.
    add_session(db, "s-u2", user_id="u2")
    db.execute(f"INSERT INTO {HOT} (memory_id, session_id, memory_type, content, priority, created_at) "
               "SELECT 'big' || lpad(g::text, 2, '0'), 's-u2', 'context', "
               "       jsonb_build_object('text', (SELECT string_agg(md5(random()::text || g || x), '') "
               "                                     FROM generate_series(1, 1800) x)), "
               "       1 + g % 3, now() - g * interval '1 hour' FROM generate_series(1, 24) g")
    total = count(db, "SELECT content_bytes FROM memory_store.retention_usage('u2')")
    assert total > 1048576
    setting(db, "retention_max_memories", None)
    setting(db, "retention_max_content_mib", 1)
    db.execute("CALL memory_store.enforce_retention(p_batch_size => 3)")
    left = count(db, "SELECT content_bytes FROM memory_store.retention_usage('u2')")
    assert left <= 1048576
    # Minimal: the last one archived, put back, would be over budget again.
    order = db.execute(f"SELECT memory_id, pg_column_size(content) FROM {COLD} "
                       "ORDER BY priority DESC, created_at DESC, memory_id DESC LIMIT 1").fetchone()
    assert left + order[1] > 1048576
    # And the order holds: nothing archived ranks after anything kept.
    worst_kept = db.execute(f"SELECT min(priority) FROM {HOT}").fetchone()[0]
    best_archived = db.execute(f"SELECT max(priority) FROM {COLD}").fetchone()[0]
    assert best_archived <= worst_kept


def test_per_user_budgets_and_the_job_over_all_users(db):
    add_user_memories(db, "small", [(f"s{i}", 5, i) for i in range(6)])
    add_user_memories(db, "big", [(f"b{i}", 5, i) for i in range(6)])
    add_user_memories(db, "fine", [(f"f{i}", 5, i) for i in range(3)])
    setting(db, "retention_max_memories", 4)
    db.execute("INSERT INTO memory_store.retention_budgets (user_id, max_memories) VALUES ('small', 2), ('big', NULL)")
    db.execute("CALL memory_store.enforce_retention()")
    usage = db.execute("SELECT user_id, active_memories, max_memories FROM memory_store.retention_usage()").fetchall()
    assert usage == [("big", 4, 4), ("fine", 3, 4), ("small", 2, 2)]
    assert cold(db) == ["b4", "b5", "s2", "s3", "s4", "s5"]  # the oldest (largest days_old) of each
    assert last_run(db, "enforce_retention")[:2] == ("succeeded", 6)
    # A restore brings them back; the next run takes them again while the budget stands.
    db.execute("SELECT memory_store.restore_archived(p_user_id => 'small')")
    db.execute("UPDATE memory_store.retention_budgets SET max_memories = 100 WHERE user_id = 'small'")
    db.execute("CALL memory_store.enforce_retention()")
    assert [m for m in cold(db) if m.startswith("s")] == []


@pytest.mark.parametrize("call, sqlstate", [
    ("CALL memory_store.enforce_retention(p_user_id => '')", "22023"),
    ("CALL memory_store.enforce_retention(p_user_id => repeat('u', 65))", "22023"),
    ("CALL memory_store.enforce_retention(p_batch_size => 0)", "22023"),
    ("SELECT memory_store.enforce_retention_batch(NULL, 10)", "22004"),
    ("SELECT memory_store.enforce_retention_batch('u1', NULL)", "22004"),
    ("SELECT memory_store.enforce_retention_batch('u1', 100001)", "22023"),
    ("SELECT * FROM memory_store.retention_usage(E'u\\t1')", "22023"),
    ("INSERT INTO memory_store.retention_budgets (user_id, max_memories) VALUES ('u1', -1)", "23514"),
])
def test_retention_refuses_bad_input(db, call, sqlstate):
    add_user_memories(db, "u1", [("a", 1, 1), ("b", 1, 2)])
    setting(db, "retention_max_memories", 1)
    with pytest.raises(psycopg.Error) as error:
        db.execute(call)
    assert error.value.sqlstate == sqlstate
    assert hot(db) == ["a", "b"] and count(db, "SELECT count(*) FROM memory_store.job_runs") == 0


def test_retention_while_an_agent_writes(db, connect):
    """enforce_retention archives 20,000 memories of one user in batches
    while another connection keeps writing memories (of another user, so the
    amount to archive stays fixed) through memory.create_memory: every write
    succeeds, and writes really committed while the job ran (the server times
    the writes began, against the run's interval in memory_store.job_runs).
    Numbers printed."""
    add_session(db, "s-heavy", user_id="heavy")
    add_session(db, "s-other", user_id="other")
    db.execute(f"INSERT INTO {HOT} (memory_id, session_id, memory_type, content, priority, created_at) "
               "SELECT 'h' || g, 's-heavy', 'context', jsonb_build_object('text', 'memory ' || g), 1, "
               "       now() - g * interval '1 second' FROM generate_series(1, 25000) g")
    db.execute("INSERT INTO memory_store.memory_tags (memory_id, tag) SELECT 'h' || g, 'bulk' "
               "FROM generate_series(1, 25000, 5) g")
    db.execute("INSERT INTO memory_store.retention_budgets (user_id, max_memories) VALUES ('heavy', 5000)")
    writer = connect(autocommit=True)
    done = threading.Event()
    waits, errors, began = [], [], []

    def write():
        n = 0
        while not done.is_set():
            n += 1
            started = time.perf_counter()
            try:
                began.append(writer.execute(  # created_at: now(), when the write's transaction began
                    "SELECT created_at FROM memory.create_memory(p_memory_type => 'conversation', p_content => %s, "
                    "p_session_id => 's-other')", (Jsonb({"text": f"turn {n}"}),)).fetchone()[0])
            except psycopg.Error as exc:
                errors.append(exc)
            waits.append(time.perf_counter() - started)

    thread = threading.Thread(target=write)
    thread.start()
    started = time.perf_counter()
    try:
        db.execute("CALL memory_store.enforce_retention(p_user_id => 'heavy', p_batch_size => 1000)")
    finally:
        elapsed = time.perf_counter() - started
        done.set()
        thread.join()
    print(f"\narchived 20,000 memories by retention in {elapsed:.1f} s while writing {len(waits)} memories; "
          f"longest write {max(waits) * 1000:.1f} ms, median {sorted(waits)[len(waits) // 2] * 1000:.1f} ms")
    assert errors == []
    assert count(db, f"SELECT count(*) FROM {COLD}") == 20000
    assert count(db, f"SELECT count(*) FROM {HOT} WHERE session_id = 's-other'") == len(waits)
    assert count(db, f"SELECT count(*) FROM {HOT} WHERE session_id = 's-heavy'") == 5000
    # The oldest went: what stays is the newest 5,000 (h1 .. h5000, created 1 s apart).
    assert count(db, f"SELECT count(*) FROM {HOT} WHERE memory_id IN ('h1', 'h5000')") == 2
    assert count(db, "SELECT count(*) FROM memory_store.memory_tags WHERE tag = 'bulk'") == 5000  # tags kept
    assert last_run(db, "enforce_retention")[:2] == ("succeeded", 20000)
    overlapped = commits_inside(began, job_run_interval(db, "enforce_retention"))
    print(f"writes committed while the job ran: {overlapped}")
    assert overlapped >= 2, "the writes must overlap the job"


# --- privileges, the task, sqitch -------------------------------------------------------------------

def test_agents_read_and_restore_archives_but_run_no_job_and_dba_the_reverse(archived_session):
    db = archived_session
    db.execute("SET ROLE memory_agent")
    try:
        assert db.execute("SELECT memory_id FROM memory.read_archived_memory('old0')").fetchone() == ("old0",)
        assert db.execute("SELECT memory_id FROM memory.restore_archived_memory('old0')").fetchone() == ("old0",)
        for call in ("CALL memory_store.archive_sessions()", "CALL memory_store.enforce_retention()",
                     "SELECT memory_store.restore_archived(p_user_id => 'u1')",
                     "SELECT * FROM memory_store.retention_usage()", f"SELECT 1 FROM {COLD}",
                     "SELECT 1 FROM memory_store.retention_budgets"):
            with pytest.raises(psycopg.Error) as error:
                db.execute(call)
            assert error.value.sqlstate == "42501", call
    finally:
        db.execute("RESET ROLE")
    db.execute("SET ROLE memory_dba")
    try:
        db.execute("CALL memory_store.archive_sessions()")
        db.execute("INSERT INTO memory_store.retention_budgets (user_id, max_memories) VALUES ('u1', 1)")
        db.execute("CALL memory_store.enforce_retention(p_user_id => 'u1')")
        assert db.execute("SELECT user_id, active_memories FROM memory_store.retention_usage()").fetchall() == [("u1", 1)]
        for call in ("SELECT * FROM memory.read_archived_memory('old1')", f"SELECT 1 FROM {COLD}",
                     "SELECT memory_store.archive_move(ARRAY['live'], 'retention')"):
            with pytest.raises(psycopg.Error) as error:
                db.execute(call)
            assert error.value.sqlstate == "42501", call
    finally:
        db.execute("RESET ROLE")


def test_run_job_task_runs_retention_for_one_user(db):
    add_user_memories(db, "u1", [("a", 1, 2), ("b", 1, 1)])
    add_user_memories(db, "u2", [("c", 1, 2), ("d", 1, 1)])
    setting(db, "retention_max_memories", 1)
    invoke = os.path.join(os.path.dirname(sys.executable), "invoke")
    env = {**os.environ, "DATABASE_URL": TARGET.uri(db.info.dbname)}
    done = subprocess.run([invoke, "run-job", "enforce_retention", "--user", "u1"], cwd=ROOT, env=env,
                          capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert "enforce_retention: succeeded, 1 rows" in done.stdout
    assert cold(db) == ["a"]
    wrong = subprocess.run([invoke, "run-job", "archive_sessions", "--user", "u1"], cwd=ROOT, env=env,
                           capture_output=True, text=True)
    assert wrong.returncode != 0 and "--user applies to enforce_retention only" in wrong.stderr


def test_reverting_the_archive_brings_archived_memories_back(archived_session):
    db = archived_session
    dbname = db.info.dbname
    sqitch("revert", dbname, "-y", "--to", "lifecycle_partitions")
    assert db.execute("SELECT to_regnamespace('memory_archive')").fetchone() == (None,)
    assert hot(db) == ["live", "old0", "old1", "old2"]
    assert count(db, "SELECT count(*) FROM memory_store.vector_embeddings") == 4
    assert count(db, "SELECT count(*) FROM memory_store.memory_relationships") == 2
    # The released registry triggers are back: a hard delete still cascades.
    db.execute(f"DELETE FROM {HOT} WHERE memory_id = 'old0'")
    assert count(db, "SELECT count(*) FROM memory_store.memory_registry WHERE memory_id = 'old0'") == 0
    sqitch("deploy", dbname)
    sqitch("verify", dbname)
    assert hot(db) == ["live", "old1", "old2"]


# --- sensitive memories in the archive ------------------------------------------------------

KEY = "key-A-" + "0123456789abcdef"
OTHER_KEY = "key-B-" + "fedcba9876543210"
NEW_KEY = "key-C-" + "00112233445566778899"


def test_a_sensitive_memory_is_archived_encrypted_and_read_only_with_its_key(db):
    db.execute("SELECT memory.start_session(p_session_id => 's-secret', p_user_id => 'u1')")
    db.execute("SELECT set_config('memory.encryption_key', %s, false)", (KEY,))
    db.execute("SELECT memory.create_sensitive_memory(p_memory_type => 'context', p_content => %s, "
               "p_session_id => 's-secret', p_memory_id => 'secret')", (Jsonb({"text": "door code 4711"}),))
    end_long_ago(db, "s-secret")
    db.execute("CALL memory_store.archive_sessions()")
    assert cold(db) == ["secret"]
    # The archive holds the stub and the ciphertext, never the plaintext.
    content, text_content, sensitive, cipher = db.execute(
        f"SELECT content, text_content, is_sensitive, content_encrypted FROM {COLD}").fetchone()
    assert (content, text_content, sensitive) == ({"encrypted": True}, None, True) and b"4711" not in bytes(cipher)
    assert db.execute("SELECT content FROM memory.read_archived_memory('secret')").fetchone() == (
        {"text": "door code 4711"},)
    page = db.execute("SELECT ((p).memories[1]).content FROM memory.batch_read_archived_memories("
                      "p_session_id => 's-secret') AS p").fetchone()
    assert page == ({"encrypted": True},)  # batch reads stay redacted, as for hot memories
    db.execute("RESET memory.encryption_key")
    with pytest.raises(psycopg.Error) as error:
        db.execute("SELECT * FROM memory.read_archived_memory('secret')")
    assert error.value.sqlstate == "22004"
    wrong = db.execute("SELECT memory.dispatch(%s::jsonb)", (json.dumps({
        "action": "read_archived", "encryption_key": OTHER_KEY, "payload": {"memory_id": "secret"}}),)).fetchone()[0]
    assert wrong["error"]["code"] == "permission_denied"
    right = db.execute("SELECT memory.dispatch(%s::jsonb)", (json.dumps({
        "action": "read_archived", "encryption_key": KEY, "payload": {"memory_id": "secret"}}),)).fetchone()[0]
    assert right["data"]["content"] == {"text": "door code 4711"}


def test_key_rotation_reaches_archived_sensitive_memories(db):
    db.execute("SELECT memory.start_session(p_session_id => 's-secret', p_user_id => 'u1')")
    db.execute("SELECT set_config('memory.encryption_key', %s, false)", (KEY,))
    for memory_id in ("hot-secret", "cold-secret"):
        db.execute("SELECT memory.create_sensitive_memory(p_memory_type => 'context', p_content => %s, "
                   "p_session_id => 's-secret', p_memory_id => %s)", (Jsonb({"text": memory_id}), memory_id))
    db.execute("SELECT memory_store.archive_move(ARRAY['cold-secret'], 'retention')")
    db.execute("SELECT set_config('memory.new_encryption_key', %s, false)", (NEW_KEY,))
    assert db.execute("SELECT rotated, skipped FROM memory.rotate_encryption_key(p_user_id => 'u1')").fetchone() == (2, 0)
    db.execute("SELECT set_config('memory.encryption_key', %s, false)", (NEW_KEY,))
    db.execute("SELECT memory.restore_archived_memory('cold-secret')")
    assert db.execute("SELECT content FROM memory.read_memory('cold-secret')").fetchone() == ({"text": "cold-secret"},)
