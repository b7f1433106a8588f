"""Monthly range partitions of memory_entries and memory_access_logs:
routing, the default catch-all, creation ahead of time, and moving rows out
of the default partition when their month's partition is created."""

from datetime import datetime, timezone

import psycopg
import pytest

from helpers import add_access_log, add_embedding, add_memory, add_relationship, add_session, add_tag, count, \
    partition_of

PARTITIONED = ["memory_store.memory_entries", "memory_store.memory_access_logs"]


def month_suffix(when: datetime) -> str:
    return when.strftime("%Y_%m")


@pytest.mark.parametrize("parent", PARTITIONED)
def test_partitions_exist_for_current_and_coming_months(db, parent):
    names = {r[0] for r in db.execute(
        "SELECT inhrelid::regclass::text FROM pg_inherits WHERE inhparent = %s::regclass", (parent,))}
    now = datetime.now(timezone.utc)
    expected = set()
    year, month = now.year, now.month
    for _ in range(4):  # the current month and partition_months_ahead = 3
        expected.add(f"{parent}_p{year:04d}_{month:02d}")
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    assert expected | {f"{parent}_default"} == names


def test_rows_route_to_their_month_or_the_default(db):
    now = datetime.now(timezone.utc)
    add_memory(db, "now", created_at=now)
    add_memory(db, "ancient", created_at="2001-02-03T04:05:06Z")
    add_memory(db, "future", created_at="2199-01-01T00:00:00Z")
    assert partition_of(db, "memory_store.memory_entries", "memory_id = 'now'") == \
        f"memory_store.memory_entries_p{month_suffix(now)}"
    assert partition_of(db, "memory_store.memory_entries", "memory_id = 'ancient'") == \
        "memory_store.memory_entries_default"
    assert partition_of(db, "memory_store.memory_entries", "memory_id = 'future'") == \
        "memory_store.memory_entries_default"

    add_access_log(db, at=now)
    add_access_log(db, at="1999-12-31T23:59:59Z")
    assert {r[0] for r in db.execute(
        "SELECT tableoid::regclass::text FROM memory_store.memory_access_logs")} == {
        f"memory_store.memory_access_logs_p{month_suffix(now)}", "memory_store.memory_access_logs_default"}


def test_month_boundaries_are_utc_whatever_the_session_time_zone(db):
    db.execute("SET TimeZone = 'America/New_York'")
    db.execute("SELECT memory_store.create_monthly_partition('memory_store.memory_entries', date '2031-03-01')")
    # 00:30 UTC on 1 March is still February in New York: it belongs to March.
    add_memory(db, "edge", created_at="2031-03-01T00:30:00+00:00")
    assert partition_of(db, "memory_store.memory_entries", "memory_id = 'edge'") == \
        "memory_store.memory_entries_p2031_03"
    add_memory(db, "before", created_at="2031-02-28T23:59:59+00:00")
    assert partition_of(db, "memory_store.memory_entries", "memory_id = 'before'") == \
        "memory_store.memory_entries_default"


def test_creating_a_partition_moves_rows_out_of_the_default_keeping_their_children(db):
    add_session(db, "s1")
    add_memory(db, "m1", session_id="s1", created_at="2030-05-10T12:00:00Z")
    add_memory(db, "m2", session_id="s1", created_at="2030-05-20T12:00:00Z")
    add_memory(db, "other-month", created_at="2030-06-01T00:00:00Z")
    add_tag(db, "m1", "kept")
    add_embedding(db, "m1")
    add_relationship(db, "m1", "m2")
    add_access_log(db, memory_id="m1", session_id="s1", at="2030-05-11T00:00:00Z")

    created = db.execute("SELECT memory_store.create_monthly_partition("
                         "'memory_store.memory_entries', date '2030-05-17')::text").fetchone()[0]
    assert created == "memory_store.memory_entries_p2030_05"
    for memory_id in ("m1", "m2"):
        assert partition_of(db, "memory_store.memory_entries", "memory_id = %s", memory_id) == created
    assert partition_of(db, "memory_store.memory_entries", "memory_id = 'other-month'") == \
        "memory_store.memory_entries_default"
    # Nothing that hangs off the moved memories was touched.
    assert count(db, "SELECT count(*) FROM memory_store.memory_registry") == 3
    assert count(db, "SELECT count(*) FROM memory_store.memory_tags WHERE memory_id = 'm1'") == 1
    assert count(db, "SELECT count(*) FROM memory_store.vector_embeddings WHERE memory_id = 'm1'") == 1
    assert count(db, "SELECT count(*) FROM memory_store.memory_relationships") == 1
    assert count(db, "SELECT count(*) FROM memory_store.memory_access_logs WHERE memory_id = 'm1'") == 1
    # The moved rows are fully part of the table again: triggers, keys, indexes.
    with pytest.raises(psycopg.errors.UniqueViolation):
        add_memory(db, "m1", created_at="2030-05-11T00:00:00Z")
    db.execute("DELETE FROM memory_store.memory_entries WHERE memory_id = 'm1'")
    assert count(db, "SELECT count(*) FROM memory_store.memory_tags") == 0
    assert db.execute("SELECT count(*) FROM pg_indexes WHERE tablename = 'memory_entries_p2030_05'"
                      ).fetchone()[0] == db.execute(
        "SELECT count(*) FROM pg_indexes WHERE tablename = 'memory_entries_default'").fetchone()[0]

    # The access log moves the same way.
    db.execute("SELECT memory_store.create_monthly_partition('memory_store.memory_access_logs', date '2030-05-01')")
    assert partition_of(db, "memory_store.memory_access_logs", "session_id = 's1'") == \
        "memory_store.memory_access_logs_p2030_05"


def test_partition_creation_is_idempotent(db):
    first = db.execute("SELECT array_agg(p::text) FROM memory_store.ensure_monthly_partitions("
                       "'memory_store.memory_entries', date '2032-01-15', 2) AS p").fetchone()[0]
    again = db.execute("SELECT array_agg(p::text) FROM memory_store.ensure_monthly_partitions("
                       "'memory_store.memory_entries', date '2032-01-15', 2) AS p").fetchone()[0]
    assert first == again == ["memory_store.memory_entries_p2032_01", "memory_store.memory_entries_p2032_02",
                              "memory_store.memory_entries_p2032_03"]


@pytest.mark.parametrize("call, sqlstate", [
    ("memory_store.create_monthly_partition('memory_store.sessions', date '2030-01-01')", "22023"),
    ("memory_store.create_monthly_partition('memory_store.vector_embeddings', date '2030-01-01')", "22023"),
    ("memory_store.create_monthly_partition(NULL, date '2030-01-01')", "22004"),
    ("memory_store.create_monthly_partition('memory_store.memory_entries', NULL)", "22004"),
    ("memory_store.ensure_monthly_partitions('memory_store.memory_entries', current_date, -1)", "22023"),
    ("memory_store.ensure_monthly_partitions('memory_store.memory_entries', current_date, 121)", "22023"),
])
def test_partition_functions_reject_bad_input(db, call, sqlstate):
    with pytest.raises(psycopg.Error) as error:
        db.execute(f"SELECT * FROM {call}")
    assert error.value.sqlstate == sqlstate
