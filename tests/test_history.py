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


# --------------------------------------------------------------------------- the agent API

from psycopg.types.json import Jsonb  # noqa: E402

from conftest import sqitch  # noqa: E402
from test_tenancy import agents  # noqa: E402,F401  (the fixture: login roles dropped afterwards)

KEY = "key-A-" + "0123456789abcdef"
NEW_KEY = "key-C-" + "00112233445566778899"


@pytest.fixture
def pair(db, agents):
    """(alice, mallory): agent logins serving users 'ua' and 'ub', each acting for its user."""
    role_a, role_b = agents.role("hist_a"), agents.role("hist_b")
    db.execute("SELECT memory_store.grant_agent_user(%s, 'ua'), memory_store.grant_agent_user(%s, 'ub')",
               (role_a, role_b))
    a, b = agents.connect(role_a), agents.connect(role_b)
    for conn, user in ((a, "ua"), (b, "ub")):
        conn.execute("SELECT memory.act_as(%s)", (user,))
        conn.execute("SELECT memory.start_session(p_session_id => %s)", ("s-" + user,))
    return a, b


def envelope(conn, action, payload, **extra):
    request = {"action": action, "request_id": "r", "payload": payload, **extra}
    return conn.execute("SELECT memory.dispatch(%s::jsonb)", (json.dumps(request),)).fetchone()[0]


def create(conn, memory_id, text, session="s-ua", tags=None):
    conn.execute("SELECT memory.create_memory('context', %s, p_session_id => %s, p_memory_id => %s, p_tags => %s)",
                 (Jsonb({"text": text}), session, memory_id, tags))


def history(conn, memory_id):
    return conn.execute("SELECT version, operation, content ->> 'text', tags, priority, is_active, valid_to IS NULL"
                        " FROM memory.memory_history(%s)", (memory_id,)).fetchall()


def fails(conn, statement, params=()):
    with pytest.raises(psycopg.Error) as error:
        conn.execute(statement, params)
    return error.value.sqlstate


def test_every_operation_of_the_api_keeps_the_version_it_replaced(pair):
    a, _ = pair
    create(a, "m1", "one", tags=["x"])
    a.execute("SELECT memory.update_memory('m1', %s)", (Jsonb({"text": "two"}),))
    a.execute("SELECT memory.add_tags('m1', ARRAY['y'])")
    a.execute("SELECT memory.add_tags('m1', ARRAY['y'])")  # nothing changes: no version
    a.execute("SELECT memory.remove_tags('m1', ARRAY['x'])")
    a.execute("SELECT memory.update_memory('m1', p_tags => ARRAY['z'])")
    a.execute("SELECT memory.update_memory('m1', p_priority => 9)")
    a.execute("SELECT memory.update_memory('m1', p_ttl_seconds => 3600)")
    a.execute("SELECT memory.delete_memory('m1')")
    a.execute("SELECT memory.restore_memory('m1')")
    assert history(a, "m1") == [
        (1, "create", "one", ["x"], 5, True, False),
        (2, "update", "two", ["x"], 5, True, False),
        (3, "tag", "two", ["x", "y"], 5, True, False),
        (4, "tag", "two", ["y"], 5, True, False),
        (5, "update", "two", ["z"], 5, True, False),
        (6, "update", "two", ["z"], 9, True, False),
        (7, "update", "two", ["z"], 9, True, False),
        (8, "delete", "two", ["z"], 9, False, False),
        (9, "restore", "two", ["z"], 9, True, True)]
    expiries = [r[0] for r in a.execute("SELECT expires_at IS NOT NULL FROM memory.memory_history('m1')")]
    assert expiries == [False] * 6 + [True] * 3
    agents_of = {r[0] for r in a.execute("SELECT DISTINCT agent_id FROM memory.memory_history('m1')")}
    assert agents_of == {a.info.user}


def test_history_through_dispatch_is_what_the_spec_says(pair):
    a, _ = pair
    create(a, "m1", "one", tags=["x"])
    a.execute("SELECT memory.update_memory('m1', %s)", (Jsonb({"text": "two"}),))
    response = envelope(a, "history", {"memory_id": "m1"})
    assert response["status"] == "success", response
    versions = response["data"]["versions"]
    assert [v["version"] for v in versions] == [1, 2]
    assert set(versions[0]) >= {"version", "valid_from", "valid_to", "operation", "agent_id", "content", "tags",
                                "priority", "is_active"}
    assert versions[0]["valid_to"] == versions[1]["valid_from"] and versions[1]["valid_to"] is None
    assert [v["content"]["text"] for v in versions] == ["one", "two"]
    assert response["data"]["has_more"] is False
    page = envelope(a, "history", {"memory_id": "m1", "limit": 1})["data"]
    assert [v["version"] for v in page["versions"]] == [2] and page["has_more"] is True
    older = envelope(a, "history", {"memory_id": "m1", "limit": 1, "before_version": 2})["data"]
    assert [v["version"] for v in older["versions"]] == [1] and older["has_more"] is False


def test_history_errors_are_typed_and_another_users_memory_is_not_found(db, pair):
    a, b = pair
    create(a, "m1", "alice's")
    a.execute("SELECT memory.update_memory('m1', p_priority => 2)")
    for conn, memory_id in ((b, "m1"), (a, "nope")):
        assert fails(conn, "SELECT * FROM memory.memory_history(%s)", (memory_id,)) == "MO001"
        assert envelope(conn, "history", {"memory_id": memory_id})["error"]["code"] == "memory_not_found"
        # the same error as a read of that id
        assert fails(conn, "SELECT * FROM memory.read_memory(%s)", (memory_id,)) == "MO001"
    assert fails(a, "SELECT * FROM memory.memory_history(NULL)") == "22004"
    assert fails(a, "SELECT * FROM memory.memory_history('m1', p_limit => 0)") == "22023"
    assert fails(a, "SELECT * FROM memory.memory_history('m1', p_before_version => 0)") == "22023"
    assert fails(a, "SELECT * FROM memory.memory_history(%s)", ("x" * 65,)) == "22023"
    assert envelope(a, "history", {"memory_id": "m1", "limit": "many"})["error"]["code"] == "validation_error"
    # audited like the other reads, failures included
    assert len(history(a, "m1")) == 2
    audited = db.execute("SELECT success, count(*) FROM memory_store.memory_access_logs WHERE operation = 'read'"
                         " AND request_data ->> 'history' = 'true' GROUP BY success ORDER BY success").fetchall()
    assert audited[-1] == (True, 1) and audited[0][0] is False and audited[0][1] >= 5


def test_an_agent_cannot_read_edit_or_delete_versions_directly(db, pair):
    a, _ = pair
    create(a, "m1", "one")
    a.execute("SELECT memory.update_memory('m1', p_priority => 2)")
    for statement in ("SELECT * FROM memory_store.memory_versions",
                      "UPDATE memory_store.memory_versions SET priority = 1",
                      "DELETE FROM memory_store.memory_versions",
                      "TRUNCATE memory_store.memory_versions",
                      "INSERT INTO memory_store.memory_versions (memory_id, version, valid_from, valid_to, operation,"
                      " memory_type, content, priority, is_active, created_at)"
                      " VALUES ('m1', 99, now(), now(), 'update', 'context', '{}', 5, true, now())",
                      "SELECT * FROM memory_store.embedding_versions"):
        assert fails(a, statement) == "42501", statement
    assert [r[0] for r in history(db, "m1")] == [1, 2]


def read_as_of(conn, memory_id, at, include_inactive=False):
    row = conn.execute("SELECT content ->> 'text', is_active, tags FROM memory.read_memory(%s, %s, %s)",
                       (memory_id, include_inactive, at)).fetchone()
    return row


def dispatch_as_of(conn, memory_id, at, **payload):
    return envelope(conn, "read", {"memory_id": memory_id, "as_of": at.isoformat(), **payload})


def test_read_as_of_across_create_update_delete_and_restore(pair):
    a, b = pair
    t0 = instant(a)
    create(a, "m1", "one", tags=["x"])
    t1 = instant(a)
    a.execute("SELECT memory.update_memory('m1', %s, p_tags => ARRAY['y'])", (Jsonb({"text": "two"}),))
    t2 = instant(a)
    a.execute("SELECT memory.delete_memory('m1')")
    t3 = instant(a)
    a.execute("SELECT memory.restore_memory('m1')")
    t4 = instant(a)

    assert fails(a, "SELECT * FROM memory.read_memory('m1', false, %s)", (t0,)) == "MO001"  # not yet created
    assert dispatch_as_of(a, "m1", t0)["error"]["code"] == "memory_not_found"
    assert read_as_of(a, "m1", t1) == ("one", True, ["x"])
    assert dispatch_as_of(a, "m1", t1)["data"]["content"] == {"text": "one"}
    assert read_as_of(a, "m1", t2) == ("two", True, ["y"])
    # deleted then: not found, unless asked for inactive ones, as a read at that instant would answer
    assert fails(a, "SELECT * FROM memory.read_memory('m1', false, %s)", (t3,)) == "MO001"
    assert read_as_of(a, "m1", t3, include_inactive=True) == ("two", False, ["y"])
    assert dispatch_as_of(a, "m1", t3, include_inactive=True)["data"]["is_active"] is False
    assert read_as_of(a, "m1", t4) == ("two", True, ["y"])
    # deleted since: present as it was
    a.execute("SELECT memory.delete_memory('m1')")
    assert read_as_of(a, "m1", t4) == ("two", True, ["y"])
    # another user's memory, then as now: the error of a missing id
    assert fails(b, "SELECT * FROM memory.read_memory('m1', true, %s)", (t2,)) == "MO001"
    assert dispatch_as_of(b, "m1", t2, include_inactive=True)["error"]["code"] == "memory_not_found"


def test_read_as_of_across_the_archive_and_back(db, pair):
    a, _ = pair
    create(a, "m1", "one")
    t1 = instant(a)
    db.execute("SELECT memory_store.archive_move(ARRAY['m1'], 'session')")
    t2 = instant(a)
    db.execute("SELECT memory_store.archive_restore(ARRAY['m1'])")
    t3 = instant(a)
    assert read_as_of(a, "m1", t1) == ("one", True, [])
    assert fails(a, "SELECT * FROM memory.read_memory('m1', false, %s)", (t2,)) == "MO001"  # in the archive then
    assert read_as_of(a, "m1", t3) == ("one", True, [])
    assert [r[1] for r in history(a, "m1")] == ["create", "archive", "unarchive"]


def test_as_of_errors(pair):
    a, _ = pair
    create(a, "m1", "one")
    assert fails(a, "SELECT * FROM memory.read_memory('m1', false, now() + interval '1 minute')") == "22023"
    assert fails(a, "SELECT * FROM memory.batch_read_memories(p_as_of => 'infinity')") == "22023"
    for bad in ("yesterday-ish", "2026-13-45T99:00:00Z", 12):
        assert envelope(a, "read", {"memory_id": "m1", "as_of": bad})["error"]["code"] == "validation_error", bad
        assert envelope(a, "batch_read", {"as_of": bad})["error"]["code"] == "validation_error", bad
    future = envelope(a, "read", {"memory_id": "m1", "as_of": "2999-01-01T00:00:00Z"})
    assert future["error"]["code"] == "validation_error"


def test_batch_read_as_of_typed_and_through_dispatch(pair):
    a, b = pair
    create(a, "m1", "one", tags=["x"])
    create(a, "m2", "two", tags=["x"])
    create(b, "mb", "bob's", session="s-ub", tags=["x"])
    t1 = instant(a)
    a.execute("SELECT memory.update_memory('m1', %s, p_tags => ARRAY['y'])", (Jsonb({"text": "one'"}),))
    a.execute("SELECT memory.delete_memory('m2')")
    create(a, "m3", "three", tags=["x"])

    def typed(at, tags=None):
        page = a.execute("SELECT (p).memories, (p).total_count FROM memory.batch_read_memories("
                         "p_tags => %s, p_sort_order => 'asc', p_as_of => %s) AS p", (tags, at)).fetchone()
        return sorted(m.split(",")[0].strip("(") for m in page[0].strip("{}").split('","')) if page[1] else []

    now_page = a.execute("SELECT (p).total_count FROM memory.batch_read_memories(p_tags => ARRAY['x']) AS p").fetchone()
    assert now_page == (1,)  # m3 only
    data = envelope(a, "batch_read", {"filter": {"tags": ["x"], "sort": {"order": "asc"}}, "as_of": t1.isoformat()})
    assert data["status"] == "success", data
    assert [(m["memory_id"], m["content"]["text"], m["tags"]) for m in data["data"]["memories"]] == [
        ("m1", "one", ["x"]), ("m2", "two", ["x"])]
    assert data["data"]["total_count"] == 2
    typed_ids = a.execute("SELECT array_agg(m.memory_id ORDER BY m.memory_id) FROM memory.batch_read_memories("
                          "p_tags => ARRAY['x'], p_as_of => %s) AS p, unnest((p).memories) AS m", (t1,)).fetchone()[0]
    assert typed_ids == ["m1", "m2"]
    ids_now = envelope(a, "batch_read", {"memory_ids": ["m1", "m2", "m3", "mb"], "as_of": instant(a).isoformat()})
    assert sorted(m["memory_id"] for m in ids_now["data"]["memories"]) == ["m1", "m3"]  # never bob's


def test_sensitive_versions_keep_ciphertext_only_and_rotation_is_no_version(db, pair):
    a, _ = pair
    a.execute("SELECT set_config('memory.encryption_key', %s, false)", (KEY,))
    memory_id = a.execute("SELECT memory_id FROM memory.create_sensitive_memory(p_memory_type => 'context',"
                          " p_content => %s)", (Jsonb({"text": "secret one"}),)).fetchone()[0]
    t1 = instant(a)
    a.execute("SELECT memory.update_memory(%s, %s)", (memory_id, Jsonb({"text": "secret two"})))
    stored = db.execute("SELECT content, content_encrypted FROM memory_store.memory_versions WHERE memory_id = %s",
                        (memory_id,)).fetchone()
    assert stored[0] == {"encrypted": True} and b"secret" not in bytes(stored[1])
    assert [r[2] for r in history(a, memory_id)] == ["secret one", "secret two"]
    assert read_as_of(a, memory_id, t1)[0] == "secret one"
    with a.transaction():
        a.execute("SELECT set_config('memory.new_encryption_key', %s, true)", (NEW_KEY,))
        assert a.execute("SELECT * FROM memory.rotate_encryption_key()").fetchone() == (1, 0)
    after = db.execute("SELECT content_encrypted FROM memory_store.memory_versions WHERE memory_id = %s",
                       (memory_id,)).fetchone()[0]
    assert bytes(after) != bytes(stored[1])
    assert [v[0] for v in versions(db, memory_id)] == [1] and current(db, memory_id)[0] == 2  # rotation is no version
    a.execute("SELECT set_config('memory.encryption_key', %s, false)", (NEW_KEY,))
    assert [r[2] for r in history(a, memory_id)] == ["secret one", "secret two"]
    a.execute("RESET memory.encryption_key")
    assert fails(a, "SELECT * FROM memory.memory_history(%s)", (memory_id,)) == "22004"


def test_an_import_update_is_a_version_of_its_own_operation(db):
    add_memory(db, "m1", text="legacy")
    with db.transaction():
        db.execute("SELECT set_config('memory_store.change_operation', 'import', true)")
        assert db.execute("SELECT memory_store.import_put_memory('m1', NULL, 'context', %s, NULL, NULL, NULL, 5)",
                          (Jsonb({"text": "legacy, again"}),)).fetchone()[0] == "updated"
    assert [v[:2] for v in versions(db, "m1")] == [(1, "create")]
    assert current(db, "m1")[:2] == (2, "import")


def test_history_reverts_and_redeploys_with_data(db):
    add_memory(db, "m1")
    db.execute("UPDATE memory_store.memory_entries SET priority = 8 WHERE memory_id = 'm1'")
    dbname = db.info.dbname
    sqitch("revert", dbname, "-y", "--to", "search_ranked")
    assert db.execute("SELECT to_regclass('memory_store.memory_versions')").fetchone()[0] is None
    assert db.execute("SELECT priority FROM memory.read_memory('m1')").fetchone()[0] == 8
    sqitch("deploy", dbname)
    sqitch("verify", dbname)
    db.execute("UPDATE memory_store.memory_entries SET priority = 9 WHERE memory_id = 'm1'")
    # history starts at the deploy: a memory written before it is its version 1
    assert versions(db, "m1") == [(1, "create", 8, True, [])]
    assert current(db, "m1")[:2] == (2, "update")
