"""History and time travel (issue 17, points 1 and 2; docs/history.md).

Every change of a memory keeps the version it replaced in
memory_store.memory_versions, in the writer's transaction; versions are
append-only for everybody, the owner included; memories_as_of and
embeddings_as_of answer as the store stood at an instant."""

import json

import psycopg
import pytest

from helpers import add_embedding, add_memory, add_tag, count


def versions(db, memory_id):
    """(version, operation, priority, is_active, tags) of the kept versions, oldest first."""
    return db.execute("SELECT version, operation, priority, is_active, tags FROM memory_store.memory_versions"
                      " WHERE memory_id = %s ORDER BY version", (memory_id,)).fetchall()


def current(db, memory_id):
    return db.execute("SELECT version, change_operation, updated_at FROM memory_store.memory_entries"
                      " WHERE memory_id = %s", (memory_id,)).fetchone()


def instant(db):
    """A moment strictly between the transactions before and after it."""
    return db.execute("SELECT clock_timestamp()").fetchone()[0]


# --------------------------------------------------------------------------- the contract (triggers)

def test_an_update_keeps_the_version_it_replaced_with_its_tags(db):
    add_memory(db, "m1")
    add_tag(db, "m1", "blue")
    db.execute("UPDATE memory_store.memory_entries SET priority = 8 WHERE memory_id = 'm1'")
    assert versions(db, "m1") == [(1, "create", 5, True, ["blue"])]
    assert current(db, "m1")[:2] == (2, "update")
    valid_to, updated_at = db.execute(
        "SELECT v.valid_to, e.updated_at FROM memory_store.memory_versions v"
        " JOIN memory_store.memory_entries e USING (memory_id) WHERE v.memory_id = 'm1'").fetchone()
    assert valid_to == updated_at  # the current version is valid from where the kept one ends


def test_an_update_that_changes_nothing_is_no_version(db):
    add_memory(db, "m1")
    before = current(db, "m1")
    db.execute("UPDATE memory_store.memory_entries SET priority = priority, updated_at = now() WHERE memory_id = 'm1'")
    assert current(db, "m1") == before
    assert versions(db, "m1") == []


def test_delete_and_restore_are_inferred_and_a_set_operation_wins(db):
    add_memory(db, "m1")
    db.execute("UPDATE memory_store.memory_entries SET is_active = false WHERE memory_id = 'm1'")
    db.execute("UPDATE memory_store.memory_entries SET is_active = true WHERE memory_id = 'm1'")
    with db.transaction():
        db.execute("SELECT set_config('memory_store.change_operation', 'import', true)")
        db.execute("UPDATE memory_store.memory_entries SET content = '{\"text\": \"imported\"}' WHERE memory_id = 'm1'")
    assert [v[:2] for v in versions(db, "m1")] == [(1, "create"), (2, "delete"), (3, "restore")]
    assert current(db, "m1")[:2] == (4, "import")


def test_key_rotation_setting_is_no_version(db):
    add_memory(db, "m1")
    with db.transaction():
        db.execute("SELECT set_config('memory_store.change_operation', 'rotate', true)")
        db.execute("UPDATE memory_store.memory_entries SET priority = 3 WHERE memory_id = 'm1'")
    assert current(db, "m1")[:2] == (1, "create")
    assert versions(db, "m1") == []


def test_archive_and_restore_from_the_archive_are_versions(db):
    add_memory(db, "m1")
    add_embedding(db, "m1")
    db.execute("SELECT memory_store.archive_move(ARRAY['m1'], 'session')")
    assert db.execute("SELECT version, change_operation FROM memory_archive.memory_entries"
                      " WHERE memory_id = 'm1'").fetchone() == (2, "archive")
    db.execute("SELECT memory_store.archive_restore(ARRAY['m1'])")
    assert [v[:2] for v in versions(db, "m1")] == [(1, "create"), (2, "archive")]
    assert current(db, "m1")[:2] == (3, "unarchive")
    # the embedding moved out and back: what it was before the move is kept
    assert count(db, "SELECT count(*) FROM memory_store.embedding_versions WHERE memory_id = 'm1'") == 1


def test_versions_go_with_their_memory_and_never_alone(db):
    add_memory(db, "m1")
    add_embedding(db, "m1")
    db.execute("UPDATE memory_store.memory_entries SET priority = 8 WHERE memory_id = 'm1'")
    db.execute("UPDATE memory_store.vector_embeddings SET embedding = array_fill(0.25, ARRAY[1536])::extensions.vector"
               " WHERE memory_id = 'm1'")
    for table in ("memory_versions", "embedding_versions"):
        for statement in (f"DELETE FROM memory_store.{table}", f"TRUNCATE memory_store.{table}",
                          f"UPDATE memory_store.{table} SET valid_to = valid_to"):
            with pytest.raises(psycopg.Error) as error:
                db.execute(statement)
            assert error.value.sqlstate == "42501", statement
    db.execute("DELETE FROM memory_store.memory_entries WHERE memory_id = 'm1'")  # hard delete
    assert count(db, "SELECT count(*) FROM memory_store.memory_versions WHERE memory_id = 'm1'") == 0
    assert count(db, "SELECT count(*) FROM memory_store.embedding_versions WHERE memory_id = 'm1'") == 0


def test_the_owner_role_cannot_edit_a_version(db):
    add_memory(db, "m1")
    db.execute("UPDATE memory_store.memory_entries SET priority = 8 WHERE memory_id = 'm1'")
    with db.transaction():
        db.execute("SET LOCAL ROLE memory_owner")
        for statement in ("UPDATE memory_store.memory_versions SET content = '{\"text\": \"forged\"}'",
                          "DELETE FROM memory_store.memory_versions"):
            with pytest.raises(psycopg.Error) as error, db.transaction():
                db.execute(statement)
            assert error.value.sqlstate == "42501", statement
    assert versions(db, "m1") == [(1, "create", 5, True, [])]


def test_memories_as_of_answers_with_the_version_valid_then(db):
    add_memory(db, "m1", text="first")
    t1 = instant(db)
    db.execute("UPDATE memory_store.memory_entries SET content = '{\"text\": \"second\"}' WHERE memory_id = 'm1'")
    t2 = instant(db)
    add_memory(db, "m2", text="later")
    db.execute("UPDATE memory_store.memory_entries SET is_active = false WHERE memory_id = 'm1'")
    t3 = instant(db)

    def as_of(t):
        return db.execute("SELECT memory_id, text_content, is_active, version FROM memory_store.memories_as_of(%s)"
                          " ORDER BY memory_id", (t,)).fetchall()

    assert as_of(t1) == [("m1", "first", True, 1)]
    assert as_of(t2) == [("m1", "second", True, 2)]
    assert as_of(t3) == [("m1", "second", False, 3), ("m2", "later", True, 1)]


def test_embeddings_as_of_answers_with_the_embedding_valid_then(db):
    add_memory(db, "m1")
    add_embedding(db, "m1", value=0.5)
    t1 = instant(db)
    db.execute("UPDATE memory_store.vector_embeddings SET embedding = array_fill(0.25, ARRAY[1536])::extensions.vector"
               " WHERE memory_id = 'm1'")
    t2 = instant(db)

    def first_value(t):
        return [r[0] for r in db.execute("SELECT (embedding::real[])[1] FROM memory_store.embeddings_as_of(%s)", (t,))]

    assert first_value(t1) == [0.5]
    assert first_value(t2) == [0.25]
