"""Data lifecycle inside the database (issue 5): settings, TTL expiry, soft
delete then purge, partition upkeep, job frame (run log, no overlap,
job_status, pg_cron scheduling, ./dev run-job). Rows are made old by setting
their timestamps in the past; nothing sleeps except the live pg_cron test."""

import json
import os
import subprocess
import sys
import threading
import time
import uuid

import psycopg
import pytest
from psycopg.types.json import Jsonb

from conftest import ROOT, TARGET
from helpers import (add_access_log, add_embedding, add_memory, add_relationship, add_session, add_tag, commits_inside,
                     count, job_run_interval)

JOBS = {"purge_expired", "purge_soft_deleted", "partition_upkeep", "prune_job_history", "prune_change_feed",
        "archive_sessions", "enforce_retention"}  # the last two: tests/test_archive.py


def last_run(db, job):
    return db.execute("SELECT status, rows_affected, detail FROM memory_store.job_runs WHERE job_name = %s "
                      "ORDER BY run_id DESC LIMIT 1", (job,)).fetchone()


def expire(db, memory_id, ago="1 hour"):
    db.execute("UPDATE memory_store.memory_entries SET expires_at = now() - %s::interval WHERE memory_id = %s",
               (ago, memory_id))


def soft_delete(db, memory_id, ago=None):
    db.execute("UPDATE memory_store.memory_entries SET is_active = false WHERE memory_id = %s", (memory_id,))
    if ago:  # the statement sets updated_at itself, so the trigger leaves it
        db.execute("UPDATE memory_store.memory_entries SET updated_at = now() - %s::interval WHERE memory_id = %s",
                   (ago, memory_id))


def exists(db, memory_id):
    return count(db, "SELECT count(*) FROM memory_store.memory_registry WHERE memory_id = %s", memory_id) == 1


def audit_rows(db):
    return count(db, "SELECT count(*) FROM memory_store.memory_access_logs")


# --- settings -------------------------------------------------------------------

def test_settings_are_documented_and_at_their_defaults(db):
    rows = db.execute("SELECT name, value, default_value, kind, description FROM memory_store.lifecycle_settings").fetchall()
    assert {r[0] for r in rows} == {"purge_batch_size", "purge_max_batches", "soft_delete_grace",
                                    "access_log_retention", "partition_months_ahead", "job_history_retention",
                                    "change_feed_retention",  # the change feed (tests/test_hostile_feed.py)
                                    # archiving and retention (tests/test_archive.py)
                                    "archive_after_ended", "archive_after_idle", "archive_batch_size",
                                    "archive_max_batches", "retention_max_memories", "retention_max_content_mib",
                                    "retention_protected_priority"}
    for name, value, default, kind, description in rows:
        assert value == default and kind in ("integer", "interval") and len(description) > 20, name
    assert db.execute("SELECT memory_store.lifecycle_int('purge_batch_size'), "
                      "memory_store.lifecycle_interval('soft_delete_grace')::text").fetchone() == (5000, "30 days")


def test_a_changed_setting_is_used_by_the_next_run(db):
    for i in range(5):
        add_memory(db, f"m{i}")
        expire(db, f"m{i}")
    row = db.execute("SELECT name, value FROM memory_store.set_lifecycle_setting('purge_batch_size', '2')").fetchone()
    assert row == ("purge_batch_size", 2)
    db.execute("CALL memory_store.purge_expired()")
    assert last_run(db, "purge_expired") == ("succeeded", 5, "deleted 5 expired rows in 3 batches of 2")
    # A plain UPDATE works too, checked by the same trigger.
    db.execute("UPDATE memory_store.lifecycle_settings SET value = '\"7 days\"' WHERE name = 'soft_delete_grace'")
    assert db.execute("SELECT memory_store.lifecycle_interval('soft_delete_grace')::text").fetchone()[0] == "7 days"


@pytest.mark.parametrize("name, value, sqlstate", [
    (None, "1", "22004"),
    ("purge_batch_size", None, "22004"),
    ("no_such_setting", "1", "22023"),
    ("purge_batch_size", "0", "22023"),
    ("purge_batch_size", "100001", "22023"),
    ("purge_batch_size", "1.5", "22023"),
    ("purge_batch_size", '"10"', "22023"),
    ("soft_delete_grace", '"banana"', "22023"),
    ("soft_delete_grace", '"-1 day"', "22023"),
    ("soft_delete_grace", "30", "22023"),
])
def test_a_bad_setting_is_refused_and_nothing_changes(db, name, value, sqlstate):
    before = db.execute("SELECT name, value FROM memory_store.lifecycle_settings ORDER BY 1").fetchall()
    with pytest.raises(psycopg.Error) as error:
        db.execute("SELECT memory_store.set_lifecycle_setting(%s, %s::jsonb)", (name, value))
    assert error.value.sqlstate == sqlstate
    if name and value and name != "no_such_setting":  # a plain UPDATE is checked by the same trigger
        with pytest.raises(psycopg.Error) as error:
            db.execute("UPDATE memory_store.lifecycle_settings SET value = %s::jsonb WHERE name = %s", (value, name))
        assert error.value.sqlstate == "22023"
    assert db.execute("SELECT name, value FROM memory_store.lifecycle_settings ORDER BY 1").fetchall() == before


@pytest.mark.parametrize("call, sqlstate", [
    ("memory_store.lifecycle_int(NULL)", "22004"),
    ("memory_store.lifecycle_int('soft_delete_grace')", "22023"),
    ("memory_store.lifecycle_interval('purge_batch_size')", "22023"),
    ("memory_store.lifecycle_interval('nope')", "22023"),
])
def test_reading_a_setting_of_the_wrong_kind_raises(db, call, sqlstate):
    with pytest.raises(psycopg.Error) as error:
        db.execute(f"SELECT {call}")
    assert error.value.sqlstate == sqlstate


# --- TTL expiry -----------------------------------------------------------------

def test_purge_expired_deletes_expired_memories_and_states_with_their_cascades(db):
    add_session(db, "s1")
    for memory_id in ("old1", "old2", "old3", "live", "forever"):
        add_memory(db, memory_id, session_id="s1")
    for memory_id in ("old1", "old2", "old3"):
        expire(db, memory_id)
    db.execute("UPDATE memory_store.memory_entries SET expires_at = now() + interval '1 day' WHERE memory_id = 'live'")
    add_tag(db, "old1", "t")
    add_tag(db, "live", "t")
    add_embedding(db, "old1")
    add_relationship(db, "old1", "live")
    add_relationship(db, "live", "old2")
    add_access_log(db, memory_id="old1", session_id="s1")
    db.execute("INSERT INTO memory_store.agent_states (agent_id, session_id, state_data, expires_at) VALUES "
               "('a1', NULL, '{}', now() - interval '1 minute'), ('a2', NULL, '{}', now() + interval '1 day'), "
               "('a3', 's1', '{}', NULL)")

    db.execute("CALL memory_store.purge_expired(p_batch_size => 2)")

    assert [r[0] for r in db.execute("SELECT memory_id FROM memory_store.memory_entries ORDER BY 1")] == ["forever", "live"]
    assert [r[0] for r in db.execute("SELECT memory_id FROM memory_store.memory_registry ORDER BY 1")] == ["forever", "live"]
    assert count(db, "SELECT count(*) FROM memory_store.memory_tags") == 1
    assert count(db, "SELECT count(*) FROM memory_store.vector_embeddings") == 0
    assert count(db, "SELECT count(*) FROM memory_store.memory_relationships") == 0
    assert db.execute("SELECT memory_id, session_id FROM memory_store.memory_access_logs").fetchall() == [(None, "s1")]
    assert [r[0] for r in db.execute("SELECT agent_id FROM memory_store.agent_states ORDER BY 1")] == ["a2", "a3"]
    assert last_run(db, "purge_expired") == ("succeeded", 4, "deleted 4 expired rows in 3 batches of 2")


@pytest.mark.parametrize("batch", [0, -1, 100001])
def test_purge_expired_refuses_a_bad_batch_size(db, batch):
    add_memory(db, "old")
    expire(db, "old")
    with pytest.raises(psycopg.Error) as error:
        db.execute("CALL memory_store.purge_expired(%s)", (batch,))
    assert error.value.sqlstate == "22023"
    assert exists(db, "old") and count(db, "SELECT count(*) FROM memory_store.job_runs") == 0


def test_a_job_inside_a_transaction_block_fails_before_taking_its_lock(db, connect):
    add_memory(db, "old")
    expire(db, "old")
    db.execute("BEGIN")
    with pytest.raises(psycopg.Error) as error:
        db.execute("CALL memory_store.purge_expired()")
    assert error.value.sqlstate == "2D000"
    db.execute("ROLLBACK")
    other = connect(autocommit=True)
    other.execute("CALL memory_store.purge_expired()")  # the lock was never taken: not skipped
    assert last_run(db, "purge_expired")[0] == "succeeded" and not exists(db, "old")


LIVE_RUN = ("INSERT INTO memory_store.job_runs (job_name, status, login_role) "
            "SELECT %s, 'running', r.oid FROM pg_roles r WHERE r.rolname = session_user RETURNING run_id")


def close_and_wait_gone(db, conn):
    """Close a connection and wait until its backend has left pg_stat_activity."""
    pid = conn.info.backend_pid
    conn.close()
    while count(db, "SELECT count(*) FROM pg_stat_activity WHERE pid = %s", pid):
        time.sleep(0.01)


def test_a_job_never_overlaps_itself(db, connect):
    """A running row whose backend is alive (the job's own login) is a run
    in progress: a second run logs skipped. Once that backend has ended, the
    next run marks the dead run failed and does the work."""
    add_memory(db, "old")
    expire(db, "old")
    holder = connect(autocommit=True)
    dead_run = holder.execute(LIVE_RUN, ("purge_expired",)).fetchone()[0]  # a run in progress in the holder's backend
    db.execute("CALL memory_store.purge_expired()")
    assert last_run(db, "purge_expired")[0] == "skipped" and exists(db, "old")
    status = db.execute("SELECT last_outcome FROM memory_store.job_status WHERE job_name = 'purge_expired'").fetchone()
    assert status == ("skipped",)
    close_and_wait_gone(db, holder)
    db.execute("CALL memory_store.purge_expired()")
    assert last_run(db, "purge_expired")[0] == "succeeded" and not exists(db, "old")
    assert db.execute("SELECT status, detail FROM memory_store.job_runs WHERE run_id = %s", (dead_run,)).fetchone() == \
        ("failed", "its backend ended before the run did")


def test_a_running_row_from_another_server_is_dead_though_its_pid_lives_here(db, connect):
    """After a failover the new primary holds the old primary's running rows
    (job_runs is replicated), and a session of the former standby, older than
    the run, can have the same pid and login role. Such a row names another
    server start: the job runs and marks it failed. The same row with this
    server's start is a run in progress."""
    add_memory(db, "old")
    expire(db, "old")
    holder = connect(autocommit=True)
    replicated = holder.execute(
        "INSERT INTO memory_store.job_runs (job_name, status, login_role, started_at, server_started_at) "
        "SELECT 'purge_expired', 'running', r.oid, clock_timestamp(), pg_postmaster_start_time() - interval '1 hour' "
        "FROM pg_roles r WHERE r.rolname = session_user RETURNING run_id").fetchone()[0]
    assert db.execute("SELECT last_outcome FROM memory_store.job_status WHERE job_name = 'purge_expired'"
                      ).fetchone() == ("failed",)
    db.execute("CALL memory_store.purge_expired()")
    assert last_run(db, "purge_expired")[0] == "succeeded" and not exists(db, "old")
    assert db.execute("SELECT status FROM memory_store.job_runs WHERE run_id = %s", (replicated,)).fetchone() == ("failed",)
    # The control: the holder's backend is still alive; with this server's start its row is live.
    add_memory(db, "old2")
    expire(db, "old2")
    holder.execute("UPDATE memory_store.job_runs SET status = 'running', finished_at = NULL, "
                   "server_started_at = pg_postmaster_start_time() WHERE run_id = %s", (replicated,))
    db.execute("CALL memory_store.purge_expired()")
    assert last_run(db, "purge_expired")[0] == "skipped" and exists(db, "old2")
    assert db.execute("SELECT server_started_at = pg_postmaster_start_time() FROM memory_store.job_runs "
                      "WHERE job_name = 'purge_expired' ORDER BY run_id DESC LIMIT 1").fetchone() == (True,)


def test_a_running_row_of_a_dead_backend_shows_as_failed(db, connect):
    other = connect(autocommit=True)
    other.execute(LIVE_RUN, ("prune_job_history",))
    assert db.execute("SELECT last_outcome FROM memory_store.job_status WHERE job_name = 'prune_job_history'").fetchone() == ("running",)
    close_and_wait_gone(db, other)
    assert db.execute("SELECT last_outcome FROM memory_store.job_status WHERE job_name = 'prune_job_history'").fetchone() == ("failed",)


def test_purging_100000_expired_rows_while_agents_keep_writing(db, connect):
    """100,000 expired memories purged in batches while another connection
    keeps creating memories through memory.create_memory: every write
    succeeds, and writes really committed while the job ran (the server times
    the writes began, against the run's interval in memory_store.job_runs);
    the longest single write is printed."""
    db.execute("INSERT INTO memory_store.memory_entries (memory_id, memory_type, content, expires_at) "
               "SELECT 'exp-' || g, 'context', jsonb_build_object('text', 'expired ' || g), now() - interval '1 hour' "
               "  FROM generate_series(1, 100000) AS g")
    db.execute("INSERT INTO memory_store.memory_tags (memory_id, tag) SELECT 'exp-' || g, 'old' "
               "FROM generate_series(1, 100000, 10) AS g")
    add_session(db, "writer")
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
                    "SELECT created_at FROM memory.create_memory(p_memory_type => 'conversation', "
                    "p_content => %s, p_session_id => 'writer', p_tags => ARRAY['live'])",
                    (Jsonb({"text": f"turn {n}"}),)).fetchone()[0])
            except psycopg.Error as exc:  # reported, not raised in the thread
                errors.append(exc)
            waits.append(time.perf_counter() - started)

    thread = threading.Thread(target=write)
    thread.start()
    started = time.perf_counter()
    try:
        db.execute("CALL memory_store.purge_expired()")
    finally:
        elapsed = time.perf_counter() - started
        done.set()
        thread.join()
    print(f"\npurged 100,000 expired memories in {elapsed:.1f} s while writing {len(waits)} memories; "
          f"longest write {max(waits) * 1000:.1f} ms, median {sorted(waits)[len(waits) // 2] * 1000:.1f} ms")
    assert errors == []
    assert count(db, "SELECT count(*) FROM memory_store.memory_entries WHERE expires_at < now()") == 0
    assert count(db, "SELECT count(*) FROM memory_store.memory_tags WHERE tag = 'old'") == 0
    assert count(db, "SELECT count(*) FROM memory_store.memory_entries WHERE session_id = 'writer'") == len(waits)
    assert last_run(db, "purge_expired")[:2] == ("succeeded", 100000)
    overlapped = commits_inside(began, job_run_interval(db, "purge_expired"))
    print(f"writes committed while the purge ran: {overlapped}")
    assert overlapped >= 2, "the writes must overlap the purge"


# --- soft delete, restore, purge ----------------------------------------------------

def create(db, memory_id, **kwargs):
    return db.execute("SELECT * FROM memory.create_memory(p_memory_type => 'context', p_content => %s, "
                      "p_memory_id => %s, p_tags => ARRAY['t'])", (Jsonb({"text": "hello"}), memory_id)).fetchone()


def test_restore_brings_back_a_soft_deleted_memory_with_one_audit_row(db):
    create(db, "m1")
    db.execute("SELECT memory.delete_memory('m1')")
    with pytest.raises(psycopg.Error):
        db.execute("SELECT * FROM memory.read_memory('m1')")
    before = audit_rows(db)
    restored = db.execute("SELECT memory_id, is_active, tags FROM memory.restore_memory('m1')").fetchone()
    assert restored == ("m1", True, ["t"])
    assert audit_rows(db) == before + 1
    assert db.execute("SELECT operation, success, request_data->>'restore' FROM memory_store.memory_access_logs "
                      "ORDER BY log_id DESC LIMIT 1").fetchone() == ("update", True, "true")
    assert db.execute("SELECT is_active FROM memory.read_memory('m1')").fetchone() == (True,)
    # Restoring an active memory changes nothing.
    assert db.execute("SELECT is_active FROM memory.restore_memory('m1')").fetchone() == (True,)


@pytest.mark.parametrize("memory_id, sqlstate", [
    (None, "22004"),
    ("x" * 65, "22023"),
    ("missing", "MO001"),
    ("past-grace", "MO001"),
])
def test_restore_errors_leave_an_audit_row_and_change_nothing(db, memory_id, sqlstate):
    create(db, "past-grace")
    soft_delete(db, "past-grace", ago="31 days")
    before = audit_rows(db)
    with pytest.raises(psycopg.Error) as error:
        db.execute("SELECT * FROM memory.restore_memory(%s)", (memory_id,))
    assert error.value.sqlstate == sqlstate
    assert audit_rows(db) == before + 1
    assert db.execute("SELECT is_active FROM memory_store.memory_entries WHERE memory_id = 'past-grace'").fetchone() == (False,)


def test_restore_through_dispatch(db):
    create(db, "m1")
    db.execute("SELECT memory.delete_memory('m1')")
    ok = db.execute("SELECT memory.dispatch(%s::jsonb)",
                    (json.dumps({"action": "restore", "request_id": "r1", "payload": {"memory_id": "m1"}}),)).fetchone()[0]
    assert ok["status"] == "success" and ok["data"]["memory_id"] == "m1" and ok["data"]["is_active"] is True
    missing = db.execute("SELECT memory.dispatch(%s::jsonb)",
                         (json.dumps({"action": "restore", "request_id": "r2", "payload": {"memory_id": "nope"}}),)).fetchone()[0]
    assert missing["status"] == "error" and missing["error"]["code"] == "memory_not_found"
    no_id = db.execute("SELECT memory.dispatch(%s::jsonb)",
                       (json.dumps({"action": "restore", "request_id": "r3", "payload": {}}),)).fetchone()[0]
    assert no_id["error"]["code"] == "invalid_request"


def test_purge_soft_deleted_removes_only_rows_past_the_grace_period(db):
    for memory_id in ("gone", "recent", "active-old"):
        add_memory(db, memory_id)
    add_tag(db, "gone", "t")
    soft_delete(db, "gone", ago="31 days")
    soft_delete(db, "recent", ago="29 days")
    db.execute("UPDATE memory_store.memory_entries SET updated_at = now() - interval '400 days' WHERE memory_id = 'active-old'")
    db.execute("CALL memory_store.purge_soft_deleted()")
    assert [exists(db, m) for m in ("gone", "recent", "active-old")] == [False, True, True]
    assert count(db, "SELECT count(*) FROM memory_store.memory_tags") == 0
    assert last_run(db, "purge_soft_deleted")[:2] == ("succeeded", 1)
    db.execute("SELECT memory_store.set_lifecycle_setting('soft_delete_grace', '\"7 days\"')")
    db.execute("CALL memory_store.purge_soft_deleted(p_batch_size => 1)")
    assert [exists(db, m) for m in ("recent", "active-old")] == [False, True]


@pytest.mark.parametrize("call, sqlstate", [
    ("CALL memory_store.purge_soft_deleted(0)", "22023"),
    ("SELECT memory_store.purge_soft_deleted_batch(10, interval '-1 day')", "22023"),
    ("SELECT memory_store.purge_soft_deleted_batch(NULL, interval '1 day')", "22004"),
    ("SELECT memory_store.purge_soft_deleted_batch(10, NULL)", "22004"),
    ("SELECT memory_store.purge_expired_batch(NULL)", "22004"),
])
def test_purge_functions_refuse_bad_input(db, call, sqlstate):
    add_memory(db, "gone")
    soft_delete(db, "gone", ago="400 days")
    with pytest.raises(psycopg.Error) as error:
        db.execute(call)
    assert error.value.sqlstate == sqlstate
    assert exists(db, "gone")


def test_agents_may_restore_but_not_run_jobs_and_dba_may_run_jobs(db):
    create(db, "m1")
    db.execute("SELECT memory.delete_memory('m1')")
    db.execute("SET ROLE memory_agent")
    assert db.execute("SELECT is_active FROM memory.restore_memory('m1')").fetchone() == (True,)
    for job in sorted(JOBS):
        with pytest.raises(psycopg.Error) as error:
            db.execute(f"CALL memory_store.{job}()")
        assert error.value.sqlstate == "42501"
    db.execute("RESET ROLE")
    db.execute("SET ROLE memory_dba")
    for job in sorted(JOBS):
        db.execute(f"CALL memory_store.{job}()")
    assert db.execute("SELECT count(*) FROM memory_store.job_status WHERE last_outcome = 'succeeded'").fetchone() == (len(JOBS),)
    db.execute("RESET ROLE")


# --- partition upkeep ------------------------------------------------------------------

def test_partition_upkeep_keeps_partitions_ahead_and_drops_old_log_partitions(db):
    db.execute("SELECT memory_store.create_monthly_partition('memory_store.memory_access_logs', date '2020-01-01')")
    add_access_log(db, at="2020-01-15")
    add_access_log(db, at="2019-06-01")  # in the default partition
    add_access_log(db)
    # A memory of a month with no partition yet sits in the default partition...
    far = db.execute("SELECT (date_trunc('month', now() AT TIME ZONE 'UTC') + interval '6 months')::date").fetchone()[0]
    add_memory(db, "future", created_at=f"{far} 12:00+00")
    add_tag(db, "future", "kept")
    db.execute("SELECT memory_store.set_lifecycle_setting('partition_months_ahead', '6')")

    db.execute("CALL memory_store.partition_upkeep()")

    suffix = far.strftime("%Y_%m")
    for parent in ("memory_entries", "memory_access_logs"):
        assert db.execute("SELECT to_regclass(%s)", (f"memory_store.{parent}_p{suffix}",)).fetchone()[0] is not None
    # ... and is moved into its partition, untouched, with its tag.
    assert db.execute("SELECT tableoid::regclass::text FROM memory_store.memory_entries WHERE memory_id = 'future'"
                      ).fetchone() == (f"memory_store.memory_entries_p{suffix}",)
    assert count(db, "SELECT count(*) FROM memory_store.memory_tags WHERE memory_id = 'future'") == 1
    assert db.execute("SELECT to_regclass('memory_store.memory_access_logs_p2020_01')").fetchone() == (None,)
    assert count(db, "SELECT count(*) FROM memory_store.memory_access_logs") == 1
    status, rows, detail = last_run(db, "partition_upkeep")
    # The default partition's old row is moved into its own month (the log is
    # append-only: rows leave only with their partition), then both old months go.
    assert db.execute("SELECT to_regclass('memory_store.memory_access_logs_p2019_06')").fetchone() == (None,)
    assert status == "succeeded" and "dropped 2 access-log partitions" in detail and "moved 1 old" in detail
    assert rows == 3 * 2 + 2 + 1  # months 4..6 ahead (deploy made 0..3) of two tables, two partitions, one row
    # Idempotent: a second run creates and drops nothing.
    db.execute("CALL memory_store.partition_upkeep()")
    assert last_run(db, "partition_upkeep")[:2] == ("succeeded", 0)


@pytest.mark.parametrize("call, sqlstate", [
    ("SELECT memory_store.drop_old_log_partition(NULL)", "22004"),
    ("SELECT memory_store.drop_old_log_partition(now() + interval '1 day')", "22023"),
    ("SELECT memory_store.purge_old_default_logs(now() + interval '1 day', 10)", "22023"),
    ("SELECT memory_store.purge_old_default_logs(now(), 0)", "22023"),
    ("SELECT memory_store.partitions_ahead(NULL)", "22004"),
    ("SELECT memory_store.partitions_ahead(121)", "22023"),
])
def test_partition_functions_refuse_bad_input(db, call, sqlstate):
    with pytest.raises(psycopg.Error) as error:
        db.execute(call)
    assert error.value.sqlstate == sqlstate


# --- the job frame ---------------------------------------------------------------------

def test_every_job_is_registered_and_callable_directly(db):
    jobs = db.execute("SELECT job_name, command FROM memory_store.lifecycle_jobs").fetchall()
    assert {j for j, _ in jobs} == JOBS
    for job, command in jobs:
        assert command == f"CALL memory_store.{job}()"
        db.execute(command)
        assert last_run(db, job)[0] == "succeeded"
    rows = db.execute("SELECT job_name, scheduled_in_cron, last_outcome, outcome_source, last_rows_affected "
                      "FROM memory_store.job_status ORDER BY 1").fetchall()
    assert rows == [(j, False, "succeeded", "memory_store.job_runs", 0) for j in sorted(JOBS)]


def test_job_status_shows_a_run_that_died_as_failed(db):
    db.execute("INSERT INTO memory_store.job_runs (job_name, status, pid) VALUES ('purge_expired', 'running', 0)")
    assert db.execute("SELECT last_outcome FROM memory_store.job_status WHERE job_name = 'purge_expired'"
                      ).fetchone() == ("failed",)


def test_job_begin_and_end_refuse_bad_input(db):
    for call, sqlstate in [("memory_store.job_begin('nope')", "22023"), ("memory_store.job_begin(NULL)", "22004"),
                           ("memory_store.job_end(12345, 0)", "22023"), ("memory_store.job_end(NULL, 0)", "22004"),
                           ("memory_store.prune_job_runs(interval '-1 day')", "22023"),
                           ("memory_store.prune_job_runs(NULL)", "22004")]:
        with pytest.raises(psycopg.Error) as error:
            db.execute(f"SELECT {call}")
        assert error.value.sqlstate == sqlstate, call


def test_prune_job_history_deletes_old_runs(db):
    db.execute("INSERT INTO memory_store.job_runs (job_name, started_at, finished_at, status, rows_affected) "
               "SELECT 'purge_expired', now() - interval '20 days', now() - interval '20 days', 'succeeded', 1 "
               "  FROM generate_series(1, 3)")
    db.execute("INSERT INTO memory_store.job_runs (job_name, started_at, status) "
               "VALUES ('purge_expired', now() - interval '20 days', 'running')")  # never pruned while running
    db.execute("CALL memory_store.prune_job_history()")
    status, rows, detail = last_run(db, "prune_job_history")
    assert (status, rows) == ("succeeded", 3) and "0 cron.job_run_details rows" in detail
    assert count(db, "SELECT count(*) FROM memory_store.job_runs") == 2


def test_scheduling_where_pg_cron_is_not_installed(db):
    with pytest.raises(psycopg.Error) as error:
        db.execute("SELECT * FROM memory_store.schedule_jobs()")
    assert error.value.sqlstate == "55000" and "schedule_jobs_sql" in error.value.diag.message_hint
    statements = [r[0] for r in db.execute("SELECT * FROM memory_store.schedule_jobs_sql()")]
    dbname = db.info.dbname
    assert len(statements) == len(JOBS)
    assert all(s.startswith(f"SELECT cron.schedule_in_database('mo:{dbname}:") and s.endswith(f"'{dbname}');")
               for s in statements)
    for arg, sqlstate in [(None, "22004"), ("no_such_database", "22023")]:
        with pytest.raises(psycopg.Error) as error:
            db.execute("SELECT * FROM memory_store.schedule_jobs_sql(%s)", (arg,))
        assert error.value.sqlstate == sqlstate


def cron_database(db):
    cron_db = db.execute("SELECT current_setting('cron.database_name', true)").fetchone()[0]
    if cron_db is None:
        pytest.skip("pg_cron is not preloaded on this server")
    conn = psycopg.connect(TARGET.uri(cron_db), autocommit=True)
    if conn.execute("SELECT count(*) FROM pg_extension WHERE extname = 'pg_cron'").fetchone()[0] == 0:
        conn.close()
        pytest.skip(f"pg_cron is not installed in {cron_db}")
    return conn


def test_schedule_jobs_sql_is_idempotent_in_the_pg_cron_database(db):
    with cron_database(db) as cron:
        statements = [r[0] for r in db.execute("SELECT * FROM memory_store.schedule_jobs_sql()")]
        cron.execute("BEGIN")
        try:
            for _ in range(2):
                for statement in statements:
                    cron.execute(statement)
            names = [r[0] for r in cron.execute("SELECT jobname FROM cron.job WHERE database = %s ORDER BY 1",
                                                (db.info.dbname,))]
            assert names == sorted(f"mo:{db.info.dbname}:{j}" for j in JOBS)
        finally:
            cron.execute("ROLLBACK")


def test_pg_cron_runs_a_job(db):
    """pg_cron (in its own database) runs purge_expired in this test database once."""
    add_memory(db, "old")
    expire(db, "old")
    name = f"mo-test-{uuid.uuid4().hex[:12]}"
    with cron_database(db) as cron:
        try:
            job_id = cron.execute("SELECT cron.schedule_in_database(%s, '* * * * *', 'CALL memory_store.purge_expired()', %s)",
                                  (name, db.info.dbname)).fetchone()[0]
            deadline = time.monotonic() + 80
            outcome = None
            while time.monotonic() < deadline:
                outcome = cron.execute("SELECT status, return_message FROM cron.job_run_details WHERE jobid = %s "
                                       "AND status IN ('succeeded', 'failed') ORDER BY runid LIMIT 1", (job_id,)).fetchone()
                if outcome:
                    break
                time.sleep(1)
        finally:
            cron.execute("SELECT cron.unschedule(%s)", (name,))
            cron.execute("DELETE FROM cron.job_run_details WHERE jobid = %s", (job_id,))
    assert outcome is not None, "pg_cron did not run the job within 80 s"
    assert outcome[0] == "succeeded", outcome
    assert last_run(db, "purge_expired")[:2] == ("succeeded", 1) and not exists(db, "old")


def test_run_job_task(db):
    add_memory(db, "old")
    expire(db, "old")
    invoke = os.path.join(os.path.dirname(sys.executable), "invoke")
    env = {**os.environ, "DATABASE_URL": TARGET.uri(db.info.dbname)}
    done = subprocess.run([invoke, "run-job", "purge_expired"], cwd=ROOT, env=env, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert "purge_expired: succeeded, 1 rows" in done.stdout
    unknown = subprocess.run([invoke, "run-job", "nope"], cwd=ROOT, env=env, capture_output=True, text=True)
    assert unknown.returncode != 0 and "no lifecycle job 'nope'" in unknown.stderr


# --- the deploy schedules the jobs (change lifecycle_schedule) -----------------------

def deployed_with_schedule(cron):
    """The pg_cron database holds the package up to lifecycle_schedule, or the test skips."""
    deployed = cron.execute("SELECT count(*) FROM pg_namespace WHERE nspname = 'sqitch'").fetchone()[0] and \
        cron.execute("SELECT count(*) FROM sqitch.changes WHERE change = 'lifecycle_schedule' "
                     "AND project = 'memory-orchestrator'").fetchone()[0]
    if not deployed:
        pytest.skip(f"the package is not deployed in the pg_cron database {cron.info.dbname}")


def test_the_deploy_schedules_every_job_in_the_pg_cron_database(db):
    with cron_database(db) as cron:
        deployed_with_schedule(cron)
        planned = cron.execute("SELECT memory_store.cron_job_name(current_database(), job_name), schedule, command "
                               "FROM memory_store.lifecycle_jobs ORDER BY 1").fetchall()
        scheduled = cron.execute("SELECT jobname, schedule, command FROM cron.job "
                                 "WHERE database = current_database() AND jobname LIKE 'mo:%%' AND active "
                                 "ORDER BY 1").fetchall()
        assert scheduled == planned
        assert {r[0] for r in planned} == {f"mo:{cron.info.dbname}:{j}" for j in JOBS}
        status = cron.execute("SELECT job_name FROM memory_store.job_status WHERE scheduled_in_cron").fetchall()
        assert {r[0] for r in status} == JOBS


def test_a_scheduled_job_purges_an_expired_memory_with_nobody_calling_it(db):
    """Runs the command the deploy scheduled, in the database and as the user
    pg_cron runs it: an expired memory disappears."""
    with cron_database(db) as cron:
        deployed_with_schedule(cron)
        database, username, command = cron.execute(
            "SELECT database, username, command FROM cron.job WHERE jobname = %s",
            (f"mo:{cron.info.dbname}:purge_expired",)).fetchone()
        memory_id = f"expired-{uuid.uuid4().hex[:12]}"
        add_memory(cron, memory_id)
        expire(cron, memory_id)
        try:
            with psycopg.connect(TARGET.uri(database), user=username, autocommit=True) as as_cron:
                for _ in range(3):  # pg_cron's own run of the job may hold its lock for a moment: skipped
                    as_cron.execute(command)
                    if last_run(cron, "purge_expired")[0] == "succeeded":
                        break
                    time.sleep(1)
            assert not exists(cron, memory_id)
            assert last_run(cron, "purge_expired")[0] == "succeeded"
        finally:
            cron.execute("DELETE FROM memory_store.memory_registry WHERE memory_id = %s", (memory_id,))


def test_scheduling_again_changes_jobs_in_place_and_unscheduling_removes_them(db):
    with cron_database(db) as cron:
        deployed_with_schedule(cron)
        cron.execute("BEGIN")
        try:
            before = dict(cron.execute("SELECT jobname, jobid FROM cron.job WHERE database = current_database() "
                                       "AND jobname LIKE 'mo:%%'").fetchall())
            cron.execute("UPDATE memory_store.lifecycle_jobs SET schedule = '*/5 * * * *' "
                         "WHERE job_name = 'purge_expired'")
            again = dict((r[1], r[3]) for r in cron.execute("SELECT * FROM memory_store.schedule_jobs()").fetchall())
            assert again == before, "a second scheduling keeps each job (same pg_cron job id)"
            assert cron.execute("SELECT schedule FROM cron.job WHERE jobname = %s",
                                (f"mo:{cron.info.dbname}:purge_expired",)).fetchone() == ("*/5 * * * *",)
            removed = cron.execute("SELECT job_name, unscheduled FROM memory_store.unschedule_jobs()").fetchall()
            assert removed == sorted((j, True) for j in JOBS)
            assert cron.execute("SELECT count(*) FROM cron.job WHERE database = current_database() "
                                "AND jobname LIKE 'mo:%%'").fetchone()[0] == 0
        finally:
            cron.execute("ROLLBACK")


def test_a_deploy_elsewhere_says_in_one_notice_what_to_run(db):
    """Reverting and deploying lifecycle_schedule in a database without
    pg_cron: the deploy succeeds and its one NOTICE carries the statements."""
    from conftest import sqitch
    previous = db.execute("SELECT change FROM sqitch.changes WHERE project = 'memory-orchestrator' "
                          "AND committed_at < (SELECT committed_at FROM sqitch.changes WHERE change = 'lifecycle_schedule') "
                          "ORDER BY committed_at DESC LIMIT 1").fetchone()[0]
    sqitch("revert", db.info.dbname, "-y", "--to", previous)
    deployed = sqitch("deploy", db.info.dbname, "--to", "lifecycle_schedule")
    notices = [line for line in (deployed.stdout + deployed.stderr).splitlines() if "NOTICE:" in line
               and "lifecycle jobs" in line]
    assert len(notices) == 1, deployed.stdout + deployed.stderr
    assert f"lifecycle jobs of database {db.info.dbname} are not scheduled" in notices[0]
    jobs = {r[0] for r in db.execute("SELECT job_name FROM memory_store.lifecycle_jobs")}
    assert jobs == JOBS - {"prune_change_feed"}       # registered by a later change (change_feed)
    for job in jobs:
        assert f"SELECT cron.schedule_in_database('mo:{db.info.dbname}:{job}'" in notices[0] or \
            f"CALL memory_store.{job}();" in notices[0]
    sqitch("deploy", db.info.dbname)
