"""A keyword search gathers its pool newest window first (change keyword_pool_windows;
issue 16, point 5).

search_keyword_candidates reads the matches since the start of last month first,
then the six months before, then everything older, and reads an older window
only when the newer ones held fewer than the pool's size (max_ranked_candidates).
The pool must stay the same set as one read over every partition: the most
recent matches, whatever window they fall in.
"""
import pytest

from helpers import add_memory, add_session
from test_api_search import search


def pool_size(db):
    return db.execute("SELECT max_ranked_candidates FROM memory_store.search_budget()").fetchone()[0]


def ago(db, interval):
    return db.execute("SELECT now() - %s::interval", (interval,)).fetchone()[0]


def add_many(db, prefix, count, text, start):
    """COUNT memories saying TEXT, one a minute before START, newest first."""
    db.execute("""INSERT INTO memory_store.memory_entries (memory_id, session_id, memory_type, content, created_at)
                  SELECT %s || g, 's1', 'context', jsonb_build_object('text', %s::text), now() - %s::interval
                         - g * interval '1 minute'
                    FROM generate_series(1, %s) AS g""", (prefix, text, start, count))


def partition_of(db, memory_id):
    return db.execute("SELECT tableoid FROM memory_store.memory_entries WHERE memory_id = %s",
                      (memory_id,)).fetchone()[0]


def scans_of(db, partition):
    """Scans so far of PARTITION (an index scan, a bitmap one included, or a sequential one)."""
    db.execute("SELECT pg_stat_force_next_flush()")
    db.execute("SELECT pg_stat_clear_snapshot()")
    return db.execute("SELECT coalesce(idx_scan, 0) + seq_scan FROM pg_stat_user_tables WHERE relid = %s",
                      (partition,)).fetchone()[0]


@pytest.fixture
def s1(db):
    add_session(db, "s1", "u1")
    return db


def test_every_window_answers_when_the_newer_ones_fall_short(s1):
    db = s1
    add_memory(db, "now", "s1", text="coffee in the morning")
    add_memory(db, "spring", "s1", text="coffee in spring", created_at=ago(db, "4 months"))
    add_memory(db, "last-year", "s1", text="coffee last year", created_at=ago(db, "14 months"))
    rows = search(db, "search_keyword", "coffee", limit=10)
    assert {r["memory_id"] for r in rows} == {"now", "spring", "last-year"}
    # the filters still apply in every window
    rows = search(db, "search_keyword", "coffee", limit=10, created_before=ago(db, "2 months"))
    assert {r["memory_id"] for r in rows} == {"spring", "last-year"}


def test_the_pool_is_the_most_recent_matches_across_windows(s1):
    """The newest window holds 20 fewer matches than the pool: the pool takes the 20 most
    recent of the next window and nothing older, as one read over every partition would."""
    db = s1
    size = pool_size(db)
    add_many(db, "new", size - 20, "coffee note", "0 days")
    # rank higher than the newest window's (the word twice) to show which of them are in the pool
    add_many(db, "mid", 40, "coffee coffee note", "3 months")
    add_many(db, "old", 5, "coffee coffee coffee note", "12 months")
    rows = search(db, "search_keyword", "coffee", limit=25)
    ids = [r["memory_id"] for r in rows]
    assert ids[:20] == [f"mid{g}" for g in range(1, 21)]  # the 20 most recent of the half year, newest first
    assert all(i.startswith("new") for i in ids[20:])
    assert not any(i.startswith("old") for i in ids)


@pytest.fixture
def full_month(s1):
    """A full pool of matches in the newest month, and one better match four months back, in a
    partition of its own (the DEFAULT partition may hold any date, so every window reads it)."""
    db = s1
    db.execute("SELECT memory_store.create_monthly_partition('memory_store.memory_entries', "
                "date_trunc('month', now() - interval '4 months')::date)")
    add_many(db, "new", pool_size(db), "coffee note", "0 days")
    add_memory(db, "spring", "s1", text="coffee coffee coffee in spring", created_at=ago(db, "4 months"))
    db.execute("ANALYZE memory_store.memory_entries")
    spring = partition_of(db, "spring")
    assert spring != partition_of(db, "new1")
    return db, spring


def test_a_full_newest_window_leaves_the_older_partitions_unread(full_month):
    db, spring = full_month
    # the candidates alone: the API's own read of the rows it returns may scan any partition
    before = scans_of(db, spring)
    rows = candidates(db, "coffee", 5)
    assert len(rows) == 5 and "spring" not in rows
    assert scans_of(db, spring) == before
    # one match fewer in the newest window and the half year is read: spring ranks first
    db.execute("DELETE FROM memory_store.memory_entries WHERE memory_id = 'new1'")
    assert candidates(db, "coffee", 5)[0] == "spring"
    assert scans_of(db, spring) > before


def candidates(db, query, limit):
    return [r[0] for r in db.execute(
        "SELECT memory_id FROM memory_store.search_keyword_candidates(websearch_to_tsquery('english', %s), "
        "NULL, NULL, NULL, NULL, NULL, NULL, NULL, false, %s)", (query, limit)).fetchall()]


def test_the_every_term_pool_reads_its_windows_too(s1):
    """A memory holding every term ranks first even when it is older than the any-term pool."""
    db = s1
    size = pool_size(db)
    add_many(db, "new", size + 10, "coffee note", "0 days")
    add_memory(db, "trip", "s1", text="coffee before the Lisbon flight", created_at=ago(db, "9 months"))
    rows = search(db, "search_keyword", "coffee Lisbon flight", limit=3)
    assert rows[0]["memory_id"] == "trip"


def test_one_users_search_reads_its_pool_in_one_pass(full_month):
    """Within one user (p_user_id) the pool is read over every partition at once: the older partition is
    read even when the newest month holds a full pool, and the answers are the same as without windows."""
    db, spring = full_month
    before = scans_of(db, spring)
    rows = [r[0] for r in db.execute(
        "SELECT memory_id FROM memory_store.search_keyword_candidates(websearch_to_tsquery('english', 'coffee'), "
        "NULL, NULL, 'u1', NULL, NULL, NULL, NULL, false, 5)").fetchall()]
    assert len(rows) == 5 and "spring" not in rows   # the same pool: the 500 most recent
    assert scans_of(db, spring) > before


def test_the_callers_parallel_workers_come_back(s1):
    """The windows run without parallel workers; the caller's setting is as it was after the call."""
    db = s1
    add_memory(db, "now", "s1", text="coffee in the morning")
    db.execute("SET max_parallel_workers_per_gather = 3")
    assert candidates(db, "coffee", 5) == ["now"]
    assert db.execute("SHOW max_parallel_workers_per_gather").fetchone()[0] == "3"
