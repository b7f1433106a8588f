"""The memory's filter columns on vector_embeddings (change semantic_filter_columns,
docs/deviations.md 13): kept in step with the memory by triggers, used by semantic
and hybrid search without a join, with the same answers as a filter on the memory
itself; the batch read's user filter. Real PostgreSQL, answers checked against
brute force in numpy."""

import json

import numpy as np
import pytest
from helpers import add_embedding, add_memory, add_session, count

DIM = 1536
COLUMNS = "session_id, memory_type, source_agent, is_active, expires_at, memory_created_at"


def vec(values) -> str:
    return "[" + ",".join(f"{x:.6f}" for x in values) + "]"


def unit(seed):
    v = np.random.default_rng(seed).normal(size=DIM)
    return v / np.linalg.norm(v)


def carried(db, memory_id):
    """The filter columns of the memory's embeddings, and the memory's own."""
    ve = db.execute(f"SELECT DISTINCT {COLUMNS} FROM memory_store.vector_embeddings WHERE memory_id = %s",
                    (memory_id,)).fetchall()
    me = db.execute("SELECT session_id, memory_type, source_agent, is_active, expires_at, created_at "
                    "FROM memory_store.memory_entries WHERE memory_id = %s", (memory_id,)).fetchall()
    return ve, me


def test_the_columns_follow_the_memory(db):
    add_session(db, "s1", "u1")
    add_session(db, "s2", "u1")
    add_memory(db, "m1", "s1", created_at="2026-03-04T05:06:07Z")
    add_embedding(db, "m1", model="a")
    add_embedding(db, "m1", model="b")
    ve, me = carried(db, "m1")
    assert ve == me and ve[0][0] == "s1" and ve[0][3] is True
    # every column the filters use, changed one by one through the memory
    for change in ("session_id = 's2'", "memory_type = 'entity'", "source_agent = 'other'",
                   "expires_at = now() + interval '1 day'", "is_active = false"):
        db.execute(f"UPDATE memory_store.memory_entries SET {change} WHERE memory_id = 'm1'")
        ve, me = carried(db, "m1")
        assert ve == me, change
    # an update of something else leaves the embeddings alone (no new row version)
    xmin = db.execute("SELECT xmin::text FROM memory_store.vector_embeddings WHERE memory_id = 'm1' "
                      "AND embedding_model = 'a'").fetchone()[0]
    db.execute("UPDATE memory_store.memory_entries SET priority = 9 WHERE memory_id = 'm1'")
    assert db.execute("SELECT xmin::text FROM memory_store.vector_embeddings WHERE memory_id = 'm1' "
                      "AND embedding_model = 'a'").fetchone()[0] == xmin


def test_archive_and_restore_keep_the_columns(db):
    add_session(db, "s1", "u1")
    add_memory(db, "m1", "s1", memory_type="entity")
    add_embedding(db, "m1")
    assert db.execute("SELECT memory_store.archive_move(ARRAY['m1'], 'session')").fetchone()[0] == 1
    assert count(db, "SELECT count(*) FROM memory_archive.vector_embeddings WHERE memory_id = 'm1' "
                     "AND memory_type = 'entity' AND session_id = 's1'") == 1
    assert db.execute("SELECT memory_store.archive_restore(ARRAY['m1'])").fetchone()[0] == 1
    ve, me = carried(db, "m1")
    assert ve == me and ve[0][1] == "entity"


@pytest.fixture
def corpus(db):
    """Three users' sessions, 240 memories of mixed types, agents, times and
    visibility, each with an embedding; a few with a second model."""
    rng = np.random.default_rng(5)
    for s in range(6):
        add_session(db, f"s{s}", f"u{s % 3}")
    rows = []
    for i in range(240):
        session, mtype = f"s{i % 6}", ("context", "entity", "user_preference")[i % 3]
        agent, active = ("alpha", "beta")[i % 2], i % 7 != 0
        created = f"2026-{1 + i % 12:02d}-10T00:00:00Z"
        db.execute("INSERT INTO memory_store.memory_entries (memory_id, session_id, memory_type, content, "
                   "source_agent, created_at, is_active) VALUES (%s, %s, %s, %s::jsonb, %s, %s, %s)",
                   (f"m{i:03d}", session, mtype, json.dumps({"text": f"memory {i}"}), agent, created, active))
        v = rng.normal(size=DIM)
        db.execute("INSERT INTO memory_store.vector_embeddings (memory_id, embedding, embedding_model) "
                   "VALUES (%s, %s::extensions.vector, 'm')", (f"m{i:03d}", vec(v)))
        rows.append({"id": f"m{i:03d}", "session": session, "user": f"u{int(session[1:]) % 3}", "type": mtype,
                     "agent": agent, "month": 1 + i % 12, "active": active, "v": v / np.linalg.norm(v)})
    # a second model's embedding, nearer to the query than the first: each memory still once
    for r in rows[:20]:
        db.execute("INSERT INTO memory_store.vector_embeddings (memory_id, embedding, embedding_model) "
                   "VALUES (%s, %s::extensions.vector, 'n')", (r["id"], vec(r["v"] * 0.5 + unit(99) * 0.5)))
        r["v2"] = (r["v"] * 0.5 + unit(99) * 0.5) / np.linalg.norm(r["v"] * 0.5 + unit(99) * 0.5)
    db.execute("ANALYZE memory_store.vector_embeddings")
    return rows


def exact(rows, query, k, keep):
    def distance(r):
        return min(1 - float(r["v"] @ query), 1 - float(r["v2"] @ query) if "v2" in r else 2.0)
    return [r["id"] for r in sorted((r for r in rows if keep(r)), key=lambda r: (distance(r), r["id"]))][:k]


CASES = [
    ("", {}, lambda r: r["active"]),
    (", p_session_id => 's1'", {}, lambda r: r["active"] and r["session"] == "s1"),
    (", p_user_id => 'u2'", {}, lambda r: r["active"] and r["user"] == "u2"),
    (", p_memory_types => ARRAY['entity']", {}, lambda r: r["active"] and r["type"] == "entity"),
    (", p_source_agent => 'beta'", {}, lambda r: r["active"] and r["agent"] == "beta"),
    (", p_created_after => '2026-03-01', p_created_before => '2026-06-01'", {},
     lambda r: r["active"] and 3 <= r["month"] < 6),
    (", p_include_inactive => true", {}, lambda r: True),
    (", p_session_id => 's4', p_memory_types => ARRAY['context', 'entity'], p_include_inactive => true", {},
     lambda r: r["session"] == "s4" and r["type"] in ("context", "entity")),
]


@pytest.mark.parametrize("args, _unused, keep", CASES)
def test_filtered_semantic_search_answers_as_the_memory_filter(db, corpus, args, _unused, keep):
    """The filters on vector_embeddings' own columns select what a filter on the
    memory selects: the answers are the exact top 10 (small sets: exact scans;
    the whole corpus: the HNSW index, recall >= 0.9)."""
    query = unit(99)
    got = [r[0] for r in db.execute(
        f"SELECT memory_id FROM memory.search_semantic(%s::extensions.vector, p_limit => 10{args})",
        (vec(query),)).fetchall()]
    want = exact(corpus, query, 10, keep)
    assert len(got) == len(set(got)) == len(want)
    assert len(set(got) & set(want)) / len(want) >= 0.9, (got, want)


def test_hybrid_search_filters_on_the_same_columns(db, corpus):
    query = unit(99)
    got = db.execute("SELECT memory_id, memory_type, (score_components ->> 'semantic_rank')::int "
                     "FROM memory.search_hybrid('memory', %s::extensions.vector, "
                     "p_memory_types => ARRAY['entity'], p_limit => 10)", (vec(query),)).fetchall()
    assert len(got) == 10 and {t for _, t, _ in got} == {"entity"}
    # the semantic list is the filtered exact top 40 (a small corpus: its ranks 1.. are those memories)
    nearest = exact(corpus, query, 40, lambda r: r["active"] and r["type"] == "entity")
    assert all(nearest[rank - 1] == m for m, _, rank in got if rank is not None)
    assert any(rank is not None for _, _, rank in got)


def test_a_soft_deleted_memory_leaves_semantic_search_at_once(db, corpus):
    query = unit(99)
    first = db.execute("SELECT memory_id FROM memory.search_semantic(%s::extensions.vector, p_limit => 1)",
                       (vec(query),)).fetchone()[0]
    db.execute("UPDATE memory_store.memory_entries SET is_active = false WHERE memory_id = %s", (first,))
    assert first not in {r[0] for r in db.execute(
        "SELECT memory_id FROM memory.search_semantic(%s::extensions.vector, p_limit => 10)", (vec(query),))}
    assert first in {r[0] for r in db.execute(
        "SELECT memory_id FROM memory.search_semantic(%s::extensions.vector, p_limit => 10, "
        "p_include_inactive => true)", (vec(query),))}


def test_a_memory_with_two_models_counts_once_and_k_still_come_back(db, corpus):
    """The 20 memories with a second, nearer embedding fill the nearest rows
    twice over: the scan asks again for more rows and still returns k
    distinct memories."""
    rows = db.execute("SELECT memory_id, similarity_score FROM memory.search_semantic(%s::extensions.vector, "
                      "p_limit => 15, p_include_inactive => true)", (vec(unit(99)),)).fetchall()
    ids = [r[0] for r in rows]
    assert len(ids) == 15 == len(set(ids))
    assert [r[1] for r in rows] == sorted((r[1] for r in rows), reverse=True)


def test_batch_read_by_user_is_the_users_sessions(db, corpus):
    """The user filter of a batch read is the user's sessions (looked up first),
    under a plan made for the call's filters."""
    page = db.execute("SELECT (p).total_count, array_length((p).memories, 1) FROM memory.batch_read_memories("
                      "p_user_id => 'u1', p_memory_types => ARRAY['entity'], p_limit => 5) AS p").fetchone()
    want = sum(1 for r in corpus if r["user"] == "u1" and r["type"] == "entity" and r["active"])
    assert page == (want, min(5, want))
    assert db.execute("SELECT (p).total_count FROM memory.batch_read_memories(p_user_id => 'nobody') AS p"
                      ).fetchone()[0] == 0
