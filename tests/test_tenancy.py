"""Tenancy (issue 4, point 3): an agent acts only for users a DBA granted it
(memory_store.agent_user_grants), and row-level security, enabled and forced
on every user-owned table, keeps every path to that user's rows.

Two real login roles (members of memory_agent, not superusers) connect over
TCP with a password: agent_a may act for user ua, agent_b for ub. Every path
of the API is tried as agent_b against ua's rows, typed and through
memory.dispatch; the tenant setting is tried unset, reset, empty and naming
an ungranted user; the policies' functions must run once per statement
(InitPlan); the indexes must still serve searches; maintenance run by a DBA
must still see every tenant. README, "Security model", describes the model."""

import json
from contextlib import contextmanager
import re
import secrets

import numpy as np
import psycopg
import pytest
from psycopg import sql
from psycopg.rows import dict_row

from conftest import TARGET, TEST_DB
from helpers import add_memory, add_session, cases_cover, count, dispatch_actions, memory_functions

LOGS = "SELECT count(*) FROM memory_store.memory_access_logs"
DIM = 1536


def vec(values) -> str:
    return "[" + ",".join(f"{x:.6f}" for x in values) + "]"


def unit(seed):
    v = np.random.default_rng(seed).normal(size=DIM)
    return v / np.linalg.norm(v)


# --------------------------------------------------------------------------- fixtures

class Agents:
    """Login roles for the test, dropped afterwards. Names carry TEST_DB:
    roles are cluster-wide and other checkouts test on the same server."""

    def __init__(self, admin, dbname):
        self.admin, self.dbname, self.password = admin, dbname, secrets.token_hex(16)
        self.roles, self.conns = [], []

    def role(self, name, *, agent=True, dba=False):
        role = f"{TEST_DB}_{name}"
        self.admin.execute(sql.SQL("DROP ROLE IF EXISTS {}").format(sql.Identifier(role)))
        self.admin.execute(sql.SQL("CREATE ROLE {} LOGIN NOSUPERUSER NOBYPASSRLS PASSWORD {}").format(
            sql.Identifier(role), sql.Literal(self.password)))
        if agent:
            self.admin.execute(sql.SQL("GRANT memory_agent TO {}").format(sql.Identifier(role)))
        if dba:
            self.admin.execute(sql.SQL("GRANT memory_dba TO {}").format(sql.Identifier(role)))
        self.roles.append(role)
        return role

    def connect(self, role):
        conn = psycopg.connect(host=TARGET.host, port=TARGET.port, dbname=self.dbname, user=role,
                               password=self.password, autocommit=True)
        self.conns.append(conn)
        return conn

    def close(self):
        for conn in self.conns:
            conn.close()
        for role in self.roles:
            self.admin.execute(sql.SQL("DROP ROLE IF EXISTS {}").format(sql.Identifier(role)))


@pytest.fixture
def agents(db):
    made = Agents(db, db.info.dbname)
    yield made
    made.close()


@pytest.fixture
def world(db, agents):
    """agent_a serves ua, agent_b serves ub; both users have a session, memories
    with tags, embeddings and relationships, a profile and agent states.
    Returns (conn_a, conn_b), each acting for its user (memory.act_as)."""
    role_a, role_b = agents.role("agent_a"), agents.role("agent_b")
    db.execute("SELECT memory_store.grant_agent_user(%s, 'ua'), memory_store.grant_agent_user(%s, 'ub')",
               (role_a, role_b))
    a, b = agents.connect(role_a), agents.connect(role_b)
    for conn, user, other in ((a, "ua", None), (b, "ub", "ua")):
        assert conn.execute("SELECT memory.act_as(%s)", (user,)).fetchone()[0] == user
        s = "s" + user[1]
        conn.execute("SELECT memory.start_session(p_session_id => %s, p_metadata => '{\"device\": \"phone\"}')", (s,))
        for n, text in ((1, f"{user} secret coffee order alpha"), (2, f"{user} private garden notes alpha")):
            conn.execute(
                "SELECT memory.create_memory('context', %s::jsonb, p_session_id => %s, p_tags => ARRAY['shared-tag', %s],"
                " p_embedding => %s::extensions.vector, p_embedding_model => 'm', p_memory_id => %s)",
                (json.dumps({"text": text}), s, f"{user}-tag", vec(unit(n)), f"m{user[1]}{n}"))
        conn.execute("SELECT memory.relate(%s, %s, 'refers')", (f"m{user[1]}1", f"m{user[1]}2"))
        conn.execute("SELECT memory.upsert_user_profile(%s, %s::jsonb, %s::jsonb)",
                     (user, json.dumps({"name": f"{user} name"}), json.dumps({"units": f"{user}-units"})))
        conn.execute("SELECT memory.save_agent_state('planner', %s::jsonb, p_session_id => %s)",
                     (json.dumps({"session_of": user}), s))
        conn.execute("SELECT memory.save_agent_state('planner', %s::jsonb)", (json.dumps({"global_of": user}),))
    # Links across users exist only when maintenance makes them (a superuser
    # acting for nobody): ub's memory -> ua's, and ua's memory -> ub's.
    db.execute("INSERT INTO memory_store.memory_relationships (source_memory_id, target_memory_id, relationship_type) "
               "VALUES ('mb1', 'ma1', 'cross'), ('ma2', 'mb2', 'cross')")
    return a, b


def snapshot(db, user):
    """Every row of the user, in every user-owned table, hot and archived (as the superuser).
    Links to another user's memory are left out: they go with either end
    (the seed's ON DELETE CASCADE), and only maintenance makes them."""
    out = {}
    for table in ("memory_store.sessions", "memory_store.memory_entries", "memory_store.memory_tags",
                  "memory_store.vector_embeddings", "memory_store.memory_relationships", "memory_store.user_profiles",
                  "memory_store.agent_states", "memory_archive.memory_entries", "memory_archive.vector_embeddings"):
        out[table] = db.execute(f"SELECT to_jsonb(t) - 'embedding' FROM {table} t WHERE user_id = %s "
                                f"AND to_jsonb(t) ->> 'relationship_type' IS DISTINCT FROM 'cross' "
                                f"ORDER BY 1::text", (user,)).fetchall()
    return out


KEY, NEW_KEY = "a key of sixteen chars or more", "another key of sixteen chars"


@pytest.fixture
def cold_and_secret(db, world):
    """More of ua's rows for the paths that reach them: session sa2 with
    memory ma3 (an embedding, a tag) in the archive, moved by the archive
    job; sensitive memory ma4 in session sa, encrypted under KEY."""
    a, b = world
    a.execute("SELECT memory.start_session(p_session_id => 'sa2')")
    a.execute("SELECT memory.create_memory('context', '{\"text\": \"ua cold alpha\"}', p_session_id => 'sa2', "
              "p_tags => ARRAY['ua-tag'], p_embedding => %s::extensions.vector, p_embedding_model => 'm', "
              "p_memory_id => 'ma3')", (vec(unit(3)),))
    a.execute("SELECT set_config('memory.encryption_key', %s, false)", (KEY,))
    a.execute("SELECT memory.create_sensitive_memory('context', '{\"text\": \"ua pin alpha\"}', "
              "p_session_id => 'sa', p_memory_id => 'ma4')")
    a.execute("RESET memory.encryption_key")
    db.execute("UPDATE memory_store.sessions SET ended_at = now() - interval '400 days', "
               "updated_at = now() - interval '400 days' WHERE session_id = 'sa2'")
    db.execute("CALL memory_store.archive_sessions()")
    assert db.execute("SELECT memory_id, user_id FROM memory_archive.memory_entries").fetchall() == [("ma3", "ua")]
    assert count(db, "SELECT count(*) FROM memory_archive.vector_embeddings WHERE user_id = 'ua'") == 1
    assert count(db, "SELECT count(*) FROM memory_store.memory_entries WHERE memory_id = 'ma4' AND is_sensitive") == 1
    return a, b


class Recording:
    """A connection that records the name of every function of schema
    memory its statements name: what a test tried, to hold against pg_proc."""

    def __init__(self, conn):
        self.conn, self.called = conn, set()

    def execute(self, query, params=None):
        self.called |= set(re.findall(r"\bmemory\.(\w+)\s*\(", query))
        return self.conn.execute(query, params)


def attempt(conn, query, *params):
    """Rows of the call, or the SQLSTATE it raised."""
    try:
        cur = conn.execute(query, params)
        return cur.fetchall() if cur.description else None
    except psycopg.Error as error:
        return error.sqlstate


def dispatch(conn, request):
    return conn.execute("SELECT memory.dispatch(%s::jsonb)", (json.dumps(request),)).fetchone()[0]


UA = re.compile(r"\b(ua|ma1|ma2|ma3|ma4|sa|sa2|ua-tag|ua-units)\b")


def strings(value):
    """Every string (keys included) in a JSON value."""
    if isinstance(value, dict):
        for k, v in value.items():
            yield k
            yield from strings(v)
    elif isinstance(value, list):
        for v in value:
            yield from strings(v)
    elif isinstance(value, str):
        yield value


def leaks(response, request):
    """What of ua's (its ids, its user id, words of its rows) a response
    shows that the request did not name itself."""
    named = {m for s in strings(request) for m in UA.findall(s)}
    return sorted({m for s in strings(response) for m in UA.findall(s)} - named)


# --------------------------------------------------------------------------- every path, as the other tenant

# The functions of schema memory the typed test leaves to another test, and why.
TYPED_ELSEWHERE = {"dispatch": "test_every_dispatch_action_as_the_other_tenant"}


def test_every_typed_path_as_the_other_tenant(db, cold_and_secret):
    """Every function of schema memory (pg_proc) is called by agent_b
    against ua's rows, hot, archived and sensitive; none changes them and
    none tells them apart from missing ones."""
    _, agent_b = cold_and_secret
    b = Recording(agent_b)
    before = snapshot(db, "ua")
    e = vec(unit(1))  # ua's memory ma1 has exactly this embedding
    not_found = {
        "read": ("SELECT memory.read_memory('ma1')", "MO001"),
        "read inactive": ("SELECT memory.read_memory('ma1', p_include_inactive => true)", "MO001"),
        "update": ("SELECT memory.update_memory('ma1', p_priority => 9)", "MO001"),
        "soft delete": ("SELECT memory.delete_memory('ma1')", "MO001"),
        "hard delete": ("SELECT memory.delete_memory('ma1', p_hard => true)", "MO001"),
        "restore": ("SELECT memory.restore_memory('ma1')", "MO001"),
        "list tags": ("SELECT memory.list_tags('ma1')", "MO001"),
        "add tags": ("SELECT memory.add_tags('ma1', ARRAY['x'])", "MO001"),
        "remove tags": ("SELECT memory.remove_tags('ma1', ARRAY['shared-tag'])", "MO001"),
        "relate from": ("SELECT memory.relate('ma1', 'mb1', 'x')", "MO001"),
        "relate to": ("SELECT memory.relate('mb1', 'ma1', 'x')", "MO001"),
        "unrelate": ("SELECT memory.unrelate('ma1', 'ma2')", "MO001"),
        "walk": ("SELECT * FROM memory.walk_relationships('ma1')", "MO001"),
        "create in session": ("SELECT memory.create_memory('context', '{}', p_session_id => 'sa')", "MO002"),
        "dedupe create in session": ("SELECT memory.create_memory_deduped('context', '{\"text\": \"ua secret coffee order "
                                     "alpha\"}', p_session_id => 'sa', p_dedupe => 'exact')", "MO002"),
        "get session": ("SELECT memory.get_session('sa')", "MO002"),
        "end session": ("SELECT memory.end_session('sa', p_summary => 'x')", "MO002"),
        "touch session": ("SELECT memory.touch_session('sa')", "MO002"),
        "summarize": ("SELECT * FROM memory.summarize_session('sa', p_store => true)", "MO002"),
        "save state": ("SELECT memory.save_agent_state('planner', '{}', p_session_id => 'sa')", "MO002"),
        "load state": ("SELECT memory.load_agent_state('planner', 'sa')", "MO002"),
        "clear state": ("SELECT memory.clear_agent_state('planner', 'sa')", "MO002"),
        "profile for another user": ("SELECT memory.upsert_user_profile('ua', '{}')", "42501"),
        "preference for another user": ("SELECT memory.set_preference('ua', 'units', '\"imperial\"')", "42501"),
        "session for another user": ("SELECT memory.start_session(p_user_id => 'ua')", "42501"),
        "act for another user": ("SELECT memory.act_as('ua')", "42501"),
        "read sensitive": ("SELECT memory.read_memory('ma4')", "MO001"),
        "sensitive in session": ("SELECT memory.create_sensitive_memory('context', '{\"text\": \"x\"}', "
                                 "p_session_id => 'sa')", "MO002"),
        "history": ("SELECT * FROM memory.memory_history('ma1')", "MO001"),
        "history of an archived memory": ("SELECT * FROM memory.memory_history('ma3')", "MO001"),
        "read as of now": ("SELECT memory.read_memory('ma1', true, now())", "MO001"),
        "read archived": ("SELECT memory.read_archived_memory('ma3')", "MO001"),
        "restore archived": ("SELECT memory.restore_archived_memory('ma3')", "MO001"),
        "restore archived session": ("SELECT memory.restore_archived_session('sa2')", "MO002"),
    }
    b.execute("SELECT set_config('memory.encryption_key', %s, false), set_config('memory.new_encryption_key', %s, "
              "false)", (KEY, NEW_KEY))  # agent_b even knows ua's key
    got = {name: attempt(b, query) for name, (query, _) in not_found.items()}
    assert got == {name: sqlstate for name, (_, sqlstate) in not_found.items()}
    # Rotation re-encrypts only what the caller sees: nothing of ua's.
    for named in ("p_memory_ids => ARRAY['ma4']", "p_session_id => 'sa'", "p_user_id => 'ua'", ""):
        assert attempt(b, f"SELECT rotated, skipped FROM memory.rotate_encryption_key({named})") == [(0, 0)], named
    # The change feed tells agent_b of ub's memories only.
    feed = {r[0] for r in b.execute("SELECT memory_id FROM memory.changes_since(p_limit => 1000)")}
    assert "mb1" in feed and not any(UA.search(m) for m in feed), feed
    for named in ("p_memory_ids => ARRAY['ma3']", "p_user_id => 'ua'", "p_session_id => 'sa2'"):
        page = b.execute(f"SELECT to_jsonb(p) FROM memory.batch_read_archived_memories({named}) p").fetchone()[0]
        assert page["memories"] == [] and page["total_count"] == 0, named

    # Reads that answer with nothing rather than an error: ub's rows only.
    assert attempt(b, "SELECT memory.get_user_profile('ua')") == [(None,)]
    assert attempt(b, "SELECT memory.remove_preference('ua', 'units')") == [(None,)]
    assert attempt(b, "SELECT (memory.load_agent_state('planner')).state_data") == [({"global_of": "ub"},)]
    page = b.execute("SELECT to_jsonb(p) FROM memory.batch_read_memories(p_memory_ids => ARRAY['ma1', 'ma2', 'mb1']) p"
                     ).fetchone()[0]
    assert [m["memory_id"] for m in page["memories"]] == ["mb1"] and page["total_count"] == 1
    page = b.execute("SELECT to_jsonb(p) FROM memory.batch_read_memories(p_user_id => 'ua', p_include_inactive => true) p"
                     ).fetchone()[0]
    assert page["memories"] == [] and page["total_count"] == 0
    page = b.execute("SELECT to_jsonb(p) FROM memory.batch_read_memories(p_limit => 100) p").fetchone()[0]
    assert sorted(m["memory_id"] for m in page["memories"]) == ["mb1", "mb2"]
    page = b.execute("SELECT to_jsonb(p) FROM memory.batch_read_memories(p_limit => 100, p_include_inactive => true,"
                     " p_as_of => now()) p").fetchone()[0]
    assert sorted(m["memory_id"] for m in page["memories"]) == ["mb1", "mb2"]
    searches = {
        "keyword": ("SELECT memory_id FROM memory.search_keyword('secret coffee alpha')", ()),
        "keyword, ua's filter": ("SELECT memory_id FROM memory.search_keyword('alpha', p_user_id => 'ua')", ()),
        "semantic": ("SELECT memory_id FROM memory.search_semantic(%s::extensions.vector, p_limit => 50)", (e,)),
        "hybrid": ("SELECT memory_id FROM memory.search_hybrid('alpha', %s::extensions.vector, p_limit => 50)", (e,)),
    }
    found = {name: {r[0] for r in b.execute(query, params)} for name, (query, params) in searches.items()}
    # keyword search is any-term (change search_ranked): mb2 holds "alpha"; ua's ma1 holds every word
    assert found == {"keyword": {"mb1", "mb2"}, "keyword, ua's filter": set(), "semantic": {"mb1", "mb2"},
                     "hybrid": {"mb1", "mb2"}}
    # The walk from ub's own memory does not step into ua's (mb1 -> ma1 exists).
    assert attempt(b, "SELECT memory_id FROM memory.walk_relationships('mb1', p_direction => 'both')") == [("mb2",)]
    assert attempt(b, "SELECT memory_id FROM memory.walk_relationships('mb2', p_direction => 'incoming')") == [("mb1",)]
    assert b.execute("SELECT array_agg(tag::text ORDER BY tag) FROM memory.tag_counts()").fetchone()[0] == \
        ["shared-tag", "ub-tag"]
    assert b.execute("SELECT count(*) FROM memory.tag_counts('ua')").fetchone()[0] == 0
    assert b.execute("SELECT sum(memory_count) FROM memory.tag_counts()").fetchone()[0] == 4
    # Bulk deletes never reach another user's rows.
    assert b.execute("SELECT memory.bulk_delete_memories(p_memory_type => 'context', p_hard => true)").fetchone()[0] == 2
    assert b.execute("SELECT memory.bulk_delete_memories(p_tags => ARRAY['shared-tag'])").fetchone()[0] == 0
    # A global state is per user: ub's save did not touch ua's.
    b.execute("SELECT memory.save_agent_state('planner', '{\"global_of\": \"ub, again\"}')")
    assert b.execute("SELECT memory.clear_agent_state('planner')").fetchone()[0] is True

    # Deduplication looks at ub's memories only (ub's context memories are gone, hard-deleted above):
    # ua's embedding and ua's text are new to ub.
    for dedupe, text in (("semantic", "ub new words"), ("exact", "ua secret coffee order alpha")):
        outcome = b.execute("SELECT outcome, memory_id FROM memory.create_memory_deduped('context', %s::jsonb, "
                            "p_embedding => %s::extensions.vector, p_embedding_model => 'm', p_dedupe => %s, "
                            "p_memory_id => %s)", (json.dumps({"text": text}), e, dedupe, f"mb-{dedupe}")).fetchone()
        assert outcome == ("added", f"mb-{dedupe}"), dedupe

    assert snapshot(db, "ua") == before
    cases_cover("function of schema memory", b.called | set(TYPED_ELSEWHERE), memory_functions(db))


def test_every_dispatch_action_as_the_other_tenant(db, cold_and_secret):
    """Every action of memory_store.dispatch_actions is sent by agent_b at
    ua's rows, hot, archived and sensitive: errors for missing rows, answers
    that show nothing of ua's, and ua's rows unchanged."""
    _, b = cold_and_secret
    before = snapshot(db, "ua")
    e = [float(x) for x in unit(1)]
    requests = {
        "create": ({"memory_type": "context", "content": {"text": "x"}}, "sa", "session_not_found"),
        "read": ({"memory_id": "ma1"}, None, "memory_not_found"),
        "update": ({"memory_id": "ma1", "priority": 9}, None, "memory_not_found"),
        "delete": ({"memory_id": "ma1", "hard": True}, None, "memory_not_found"),
        "restore": ({"memory_id": "ma1"}, None, "memory_not_found"),
        "add_tags": ({"memory_id": "ma1", "tags": ["x"]}, None, "memory_not_found"),
        "remove_tags": ({"memory_id": "ma1", "tags": ["shared-tag"]}, None, "memory_not_found"),
        "list_tags": ({"memory_id": "ma1"}, None, "memory_not_found"),
        "relate": ({"source_memory_id": "mb1", "target_memory_id": "ma1", "relationship_type": "x"}, None,
                   "memory_not_found"),
        "unrelate": ({"source_memory_id": "ma1", "target_memory_id": "ma2"}, None, "memory_not_found"),
        "walk_relationships": ({"memory_id": "ma1"}, None, "memory_not_found"),
        "get_session": ({}, "sa", "session_not_found"),
        "end_session": ({"summary": "x"}, "sa", "session_not_found"),
        "touch_session": ({}, "sa", "session_not_found"),
        "summarize": ({"store": True}, "sa", "session_not_found"),
        "save_state": ({"agent_id": "planner", "state_data": {}}, "sa", "session_not_found"),
        "load_state": ({"agent_id": "planner"}, "sa", "session_not_found"),
        "clear_state": ({"agent_id": "planner"}, "sa", "session_not_found"),
        "upsert_profile": ({"user_id": "ua", "profile_data": {}}, None, "permission_denied"),
        "set_preference": ({"user_id": "ua", "key": "units", "value": "imperial"}, None, "permission_denied"),
        "create_session": ({"user_id": "ua"}, None, "permission_denied"),
        "read_archived": ({"memory_id": "ma3"}, None, "memory_not_found"),
        "restore_archived": ({"memory_id": "ma3"}, None, "memory_not_found"),
        "history": ({"memory_id": "ma1"}, None, "memory_not_found"),
    }
    more_errors = [  # more requests of the same actions
        ("read", {"memory_id": "ma4"}, None, "memory_not_found"),
        ("read", {"memory_id": "ma1", "as_of": "2000-01-01T00:00:00Z", "include_inactive": True}, None,
         "memory_not_found"),
        ("history", {"memory_id": "ma4"}, None, "memory_not_found"),
        ("restore_archived", {}, "sa2", "session_not_found"),
        ("restore_archived", {"session_id": "sa2"}, None, "session_not_found"),
    ]
    sent = set()
    for action, payload, session_id, code in [(a, *r) for a, r in requests.items()] + more_errors:
        request = {"action": action, "request_id": action, "payload": payload}
        if session_id:
            request["session_id"] = session_id
        response = dispatch(b, request)
        assert (response["status"], response["error"]["code"]) == ("error", code), (action, response)
        assert leaks(response, request) == [], (action, response)
        sent.add(action)
    answers = {
        "get_profile": {"user_id": "ua"},
        "remove_preference": {"user_id": "ua", "key": "units"},
        "tag_counts": {"user_id": "ua"},
        "batch_read": {"memory_ids": ["ma1", "ma2"], "filter": {"user_id": "ua"}},
        "search": {"query": "secret coffee garden alpha", "query_embedding": e, "search_type": "hybrid",
                   "filters": {"limit": 50}},
        "bulk_delete": {"filter": {"memory_type": "context"}},
        "health": {},
        "batch_read_archived": {"memory_ids": ["ma3"], "filter": {"user_id": "ua", "session_id": "sa2"}},
        "changes_since": {"limit": 1000},
    }
    for action, payload in answers.items():
        response = dispatch(b, {"action": action, "payload": payload})
        assert response["status"] == "success", (action, response)
        assert leaks(response, payload) == [], (action, response)
        sent.add(action)
    assert dispatch(b, {"action": "batch_read_archived", "payload": {"filter": {"user_id": "ua"}}}
                    )["data"]["total_count"] == 0
    # Rotation with ua's key (agent_b knows it) rotates nothing of ua's.
    keys = {"encryption_key": KEY, "new_encryption_key": NEW_KEY}
    for payload, session_id in (({"memory_ids": ["ma4"]}, None), ({"user_id": "ua"}, None), ({}, "sa"), ({}, None)):
        request = {"action": "rotate_encryption_key", "payload": payload, **keys}
        if session_id:
            request["session_id"] = session_id
        response = dispatch(b, request)
        assert response["status"] == "success" and response["data"] == {"rotated": 0, "skipped": 0}, response
        sent.add("rotate_encryption_key")
    assert snapshot(db, "ua") == before
    cases_cover("dispatch action", sent, dispatch_actions(db))


def test_a_taken_id_reads_the_same_whoever_holds_it(db, world):
    a, b = world

    def error_of(conn, query):
        with pytest.raises(psycopg.Error) as raised:
            conn.execute(query)
        d = raised.value.diag
        return (raised.value.sqlstate, d.message_primary, d.message_detail, d.message_hint, d.schema_name,
                d.table_name, d.constraint_name)

    # a memory id: ub's own memory with other content, and ua's memory
    own = error_of(b, "SELECT memory.create_memory('context', '{\"text\": \"other\"}', p_memory_id => 'mb1')")
    theirs = error_of(b, "SELECT memory.create_memory('context', '{\"text\": \"other\"}', p_memory_id => 'ma1')")
    assert own[0] == "23505" and own[2] is None
    assert theirs == tuple(x.replace("mb1", "ma1") if isinstance(x, str) else x for x in own)
    # the same through create_sensitive_memory (change sensitive_memories)
    b.execute("SELECT set_config('memory.encryption_key', 'a key of sixteen chars or more', false)")
    for memory_id in ("mb1", "ma1"):
        assert error_of(b, "SELECT memory.create_sensitive_memory('context', '{\"text\": \"other\"}', "
                           f"p_memory_id => '{memory_id}')") == \
            tuple(x.replace("mb1", memory_id) if isinstance(x, str) else x for x in own)
    # a session id: the superuser's view of another user's session, and ub's
    db.execute("SELECT memory.start_session(p_session_id => 's-nobody')")
    visible = error_of(db, "SELECT memory.start_session(p_session_id => 'sa', p_user_id => 'ub')")
    hidden = error_of(b, "SELECT memory.start_session(p_session_id => 'sa')")
    assert hidden == visible and hidden[0] == "22023" and hidden[2] is None
    # through the envelope: the same codes, fixed or identical messages
    r_own = dispatch(b, {"action": "create", "payload": {"memory_type": "context", "content": {"text": "o"},
                                                         "memory_id": "mb1"}})
    r_theirs = dispatch(b, {"action": "create", "payload": {"memory_type": "context", "content": {"text": "o"},
                                                            "memory_id": "ma1"}})
    assert r_own["error"] == r_theirs["error"] == {"code": "storage_error", "message": "the database refused the write",
                                                  "details": {"sqlstate": "23505"}}
    r = dispatch(b, {"action": "create_session", "session_id": "sa", "payload": {}})
    assert r["error"]["code"] == "validation_error" and r["error"]["message"] == hidden[1]


# --------------------------------------------------------------------------- the tenant setting

def test_no_tenant_sees_nothing_and_writes_nothing(db, world, agents):
    a, _ = world
    fresh = agents.connect(a.info.user)  # logged in as agent_a, acting for nobody
    assert attempt(fresh, "SELECT memory.read_memory('ma1')") == "MO001"
    assert attempt(fresh, "SELECT memory.get_session('sa')") == "MO002"
    assert attempt(fresh, "SELECT memory_id FROM memory.search_keyword('alpha')") == []
    assert attempt(fresh, "SELECT (memory.batch_read_memories()).total_count") == [(0,)]
    assert attempt(fresh, "SELECT memory.start_session()") == "42501"
    assert attempt(fresh, "SELECT memory.create_memory('context', '{}')") == "42501"
    assert attempt(fresh, "SELECT memory.save_agent_state('planner', '{}')") == "42501"
    assert attempt(fresh, "SELECT memory.upsert_user_profile('ua')") == "42501"
    assert dispatch(fresh, {"action": "read", "payload": {"memory_id": "ma1"}})["error"]["code"] == "memory_not_found"


def test_the_grant_is_asked_once_per_statement(world, agents, db):
    """current_tenant keeps its answer for the statement (change
    tenant_check_once): one may_act_for per statement however many tables
    and policies the statement touches, and again in the next statement."""
    a, _ = world
    db.execute("SET track_functions = 'all'")
    db.execute(sql.SQL("SET SESSION AUTHORIZATION {}").format(sql.Identifier(agents.roles[0])))
    try:
        db.execute("SELECT memory.act_as('ua')")
        # the backend's counts not yet reported (earlier statements' too): compare before and after
        calls = ("SELECT coalesce(max(calls) FILTER (WHERE funcname = 'may_act_for'), 0), "
                 "coalesce(max(calls) FILTER (WHERE funcname = 'current_tenant'), 0) "
                 "FROM pg_stat_xact_user_functions WHERE schemaname = 'memory_store'")
        with db.transaction(force_rollback=True):
            for memory_id in ("ma1", "ma2"):
                asked, tenant = db.execute(calls).fetchone()
                assert db.execute("SELECT (memory.read_memory(%s)).memory_id", (memory_id,)).fetchone()[0] == memory_id
                asked_after, tenant_after = db.execute(calls).fetchone()
                # entries, tags and the audit row ask; one look-up of the grant, in each statement
                assert (asked_after - asked, tenant_after - tenant >= 3) == (1, True), (asked, asked_after, tenant_after)
    finally:
        db.execute("RESET SESSION AUTHORIZATION")
        db.execute("RESET memory.user_id")
        db.execute("RESET track_functions")


def test_the_kept_answer_serves_no_other_user_and_cannot_be_forged(world):
    a, _ = world
    # another memory.user_id within the same statement is asked again: agent_a may not act for ub
    assert attempt(a, "SELECT (memory.read_memory('ma1')).memory_id, set_config('memory.user_id', 'ub', false), "
                      "(memory.read_memory('mb1')).memory_id") == "MO001"
    a.execute("SELECT memory.act_as('ua')")
    # the kept answer is the session's value of a sequence only memory_owner may set
    assert attempt(a, "SELECT setval('memory_store.tenant_check', 1)") == "42501"
    assert attempt(a, "SELECT currval('memory_store.tenant_check')") == "42501"
    # the setting names the statement the kept value is for: set by hand, the call asks again ...
    fresh = psycopg.connect(host=TARGET.host, port=TARGET.port, dbname=a.info.dbname, user=a.info.user,
                            password=a.info.password, autocommit=True)
    key = ("('x' || encode(substr(sha256(convert_to(concat_ws(chr(31), statement_timestamp(), session_user, 'ub'), "
           "'UTF8')), 1, 8), 'hex'))::bit(64)::bigint::text")
    try:
        fresh.execute("SELECT set_config('memory.tenant_check', 'on', false), set_config('memory.user_id', 'ub', false)")
        assert attempt(fresh, "SELECT (memory.read_memory('mb1')).memory_id") == "MO001"
        # ... and set to this very statement's key in a session whose value was never set, it fails closed
        assert attempt(fresh, f"SELECT set_config('memory.tenant_check', {key}, false), "
                              "(memory.read_memory('mb1')).memory_id") == "55000"
        fresh.execute("RESET memory.tenant_check")
        assert attempt(fresh, "SELECT (memory.read_memory('mb1')).memory_id") == "MO001"
        fresh.execute("SELECT memory.act_as('ua')")
        assert attempt(fresh, "SELECT (memory.read_memory('ma1')).memory_id") == [("ma1",)]
        # a pooler's reset of sequences alone: the next statement asks again and reads
        fresh.execute("DISCARD SEQUENCES")
        assert attempt(fresh, "SELECT (memory.read_memory('ma1')).memory_id") == [("ma1",)]
    finally:
        fresh.close()


@pytest.mark.parametrize("call, sqlstate", [
    ("SELECT memory_store.apply_tenant_policy(NULL)", "22004"),
    ("SELECT memory_store.apply_tenant_policy('memory_store.memory_types')", "22023"),
    ("SELECT memory_store.remove_tenant_policy(NULL)", "22004"),
    ("SELECT memory_store.tenant_policy_switch('memory_store.memory_tags', NULL)", "22004"),
])
def test_the_policy_helpers_refuse_bad_input(db, call, sqlstate):
    with db.transaction(force_rollback=True):
        db.execute("SET LOCAL ROLE memory_owner")
        assert attempt(db, call) == sqlstate


def test_the_policy_helpers_round_trip(db):
    with db.transaction(force_rollback=True):
        db.execute("SET LOCAL ROLE memory_owner")
        policy = ("SELECT c.relrowsecurity, c.relforcerowsecurity, count(p.polname) FROM pg_class c "
                  "LEFT JOIN pg_policy p ON p.polrelid = c.oid AND p.polname = 'tenant_isolation' "
                  "WHERE c.oid = 'memory_store.memory_tags'::regclass GROUP BY 1, 2")
        assert db.execute(policy).fetchone() == (True, True, 1)
        db.execute("SELECT memory_store.remove_tenant_policy('memory_store.memory_tags')")
        assert db.execute(policy).fetchone() == (False, False, 0)
        db.execute("SELECT memory_store.apply_tenant_policy('memory_store.memory_tags')")
        db.execute("SELECT memory_store.apply_tenant_policy('memory_store.memory_tags')")  # again: replaced
        assert db.execute(policy).fetchone() == (True, True, 1)


@pytest.mark.parametrize("unset", ["RESET memory.user_id", "SET memory.user_id = ''", "SET memory.user_id TO DEFAULT"])
def test_set_then_reset_fails_closed(world, unset):
    a, _ = world
    a.execute("SET memory.user_id = 'ua'")
    assert attempt(a, "SELECT (memory.read_memory('ma1')).memory_id") == [("ma1",)]
    a.execute(unset)
    assert a.execute("SELECT current_setting('memory.user_id', true)").fetchone()[0] == ""
    assert attempt(a, "SELECT memory.read_memory('ma1')") == "MO001"
    assert attempt(a, "SELECT memory.create_memory('context', '{}')") == "42501"


def test_setting_an_ungranted_user_shows_nothing(world):
    _, b = world
    b.execute("SET memory.user_id = 'ua'")  # anyone may SET it; the grant decides
    assert attempt(b, "SELECT memory.read_memory('ma1')") == "MO001"
    assert attempt(b, "SELECT memory_id FROM memory.search_keyword('alpha')") == []
    assert attempt(b, "SELECT memory.get_user_profile('ua')") == [(None,)]
    assert attempt(b, "SELECT memory.start_session()") == "42501"
    # a transaction-local setting ends with the transaction
    with b.transaction():
        b.execute("SET LOCAL memory.user_id = 'ub'")
        assert attempt(b, "SELECT (memory.read_memory('mb1')).memory_id") == [("mb1",)]
    assert attempt(b, "SELECT memory.read_memory('mb1')") == "MO001"


def test_act_as_needs_a_grant_and_a_revoke_takes_effect_at_once(db, world):
    a, b = world
    logs = count(db, LOGS)
    with pytest.raises(psycopg.Error) as error:
        b.execute("SELECT memory.act_as('ua')")
    assert error.value.sqlstate == "42501" and "'ua'" in error.value.diag.message_primary
    assert count(db, LOGS) == logs + 1  # the refused attempt is audited (loopback)
    row = db.execute("SELECT operation, success, request_data FROM memory_store.memory_access_logs "
                     "ORDER BY log_id DESC LIMIT 1").fetchone()
    assert row == ("act_as", False, {"user_id": "ua"})
    # b still acts for ub: a refused act_as changes nothing
    assert attempt(b, "SELECT (memory.read_memory('mb1')).memory_id") == [("mb1",)]
    for bad, sqlstate in ((None, "22004"), ("", "22023"), ("u" * 65, "22023")):
        assert attempt(b, "SELECT memory.act_as(%s)", bad) == sqlstate
    # a DBA's revoke is seen by the next statement of a session already acting
    assert db.execute("SELECT memory_store.revoke_agent_user(%s, 'ua')", (a.info.user,)).fetchone()[0] is True
    assert attempt(a, "SELECT memory.read_memory('ma1')") == "MO001"
    db.execute("SELECT memory_store.grant_agent_user(%s, 'ua')", (a.info.user,))
    assert attempt(a, "SELECT (memory.read_memory('ma1')).memory_id") == [("ma1",)]


def test_a_grant_to_a_group_role_serves_its_members(db, world, agents):
    _, b = world
    group = agents.role("agents_of_uc")
    db.execute(sql.SQL("GRANT {} TO {}").format(sql.Identifier(group), sql.Identifier(b.info.user)))
    db.execute("SELECT memory_store.grant_agent_user(%s, 'uc')", (group,))
    assert b.execute("SELECT memory.act_as('uc')").fetchone()[0] == "uc"
    assert b.execute("SELECT (memory.start_session()).user_id").fetchone()[0] == "uc"


def test_dispatch_acts_for_the_envelope_user_for_one_call(db, world):
    a, _ = world
    a.execute("RESET memory.user_id")
    logs = count(db, LOGS)
    r = dispatch(a, {"action": "read", "user_id": "ua", "payload": {"memory_id": "ma1"}})
    assert r["status"] == "success" and r["data"]["memory_id"] == "ma1"
    assert a.execute("SELECT current_setting('memory.user_id', true)").fetchone()[0] == ""
    assert attempt(a, "SELECT memory.read_memory('ma1')") == "MO001"  # only that call
    # acting for ua already, an envelope for ub is refused and ua stays
    a.execute("SELECT memory.act_as('ua')")
    r = dispatch(a, {"action": "read", "user_id": "ub", "payload": {"memory_id": "mb1"}})
    assert r["error"] == {"code": "permission_denied", "message": "permission denied", "details": {"sqlstate": "42501"}}
    assert a.execute("SELECT current_setting('memory.user_id', true)").fetchone()[0] == "ua"
    r = dispatch(a, {"action": "read", "user_id": "ua", "payload": {"memory_id": "nope"}})
    assert r["error"]["code"] == "memory_not_found"
    assert a.execute("SELECT current_setting('memory.user_id', true)").fetchone()[0] == "ua"
    assert dispatch(a, {"action": "health", "user_id": 7})["error"]["code"] == "invalid_request"
    assert dispatch(a, {"action": "health", "user_id": "u" * 65})["error"]["code"] == "validation_error"
    # one audit row per request (and per typed call), recording the user a request acted for
    assert count(db, LOGS) == logs + 7
    assert db.execute("SELECT operation, request_data ->> 'user_id', success FROM memory_store.memory_access_logs "
                      "ORDER BY log_id DESC LIMIT 7").fetchall()[::-1] == [
        ("read", "ua", True), ("read", None, False), ("act_as", "ua", True), ("read", "ub", False),
        ("read", "ua", False), ("health", "7", False), ("health", "u" * 65, False)]


# --------------------------------------------------------------------------- owners of rows

def test_owners_follow_their_parents(db, world):
    a, _ = world
    owners = db.execute("SELECT t, user_id, count(*) FROM ("
                        " SELECT 'entries' t, user_id FROM memory_store.memory_entries UNION ALL"
                        " SELECT 'tags', user_id FROM memory_store.memory_tags UNION ALL"
                        " SELECT 'embeddings', user_id FROM memory_store.vector_embeddings UNION ALL"
                        " SELECT 'relationships', user_id FROM memory_store.memory_relationships UNION ALL"
                        " SELECT 'states', user_id FROM memory_store.agent_states) x GROUP BY 1, 2 ORDER BY 1, 2"
                        ).fetchall()
    assert owners == [("embeddings", "ua", 2), ("embeddings", "ub", 2), ("entries", "ua", 2), ("entries", "ub", 2),
                      ("relationships", "ua", 2), ("relationships", "ub", 2), ("states", "ua", 2), ("states", "ub", 2),
                      ("tags", "ua", 4), ("tags", "ub", 4)]
    # a caller cannot choose the owner: it is taken from the parent
    db.execute("INSERT INTO memory_store.memory_tags (memory_id, tag, user_id) VALUES ('ma1', 'forged', 'ub')")
    assert count(db, "SELECT user_id FROM memory_store.memory_tags WHERE tag = 'forged'") == "ua"
    # a memory without a session belongs to the user its writer acts for
    assert a.execute("SELECT (memory.create_memory('context', '{}', p_memory_id => 'loose')).memory_id").fetchone()
    assert count(db, "SELECT user_id FROM memory_store.memory_entries WHERE memory_id = 'loose'") == "ua"
    # a session changing hands (a DBA, an import filling a stub) takes its rows along, updated_at kept
    stamp = count(db, "SELECT updated_at FROM memory_store.memory_entries WHERE memory_id = 'ma1'")
    db.execute("UPDATE memory_store.sessions SET user_id = 'uz' WHERE session_id = 'sa'")
    assert db.execute("SELECT DISTINCT user_id FROM ("
                      " SELECT user_id FROM memory_store.memory_entries WHERE session_id = 'sa' UNION ALL"
                      " SELECT t.user_id FROM memory_store.memory_tags t WHERE memory_id IN ('ma1', 'ma2') UNION ALL"
                      " SELECT v.user_id FROM memory_store.vector_embeddings v WHERE memory_id IN ('ma1', 'ma2') UNION ALL"
                      " SELECT r.user_id FROM memory_store.memory_relationships r WHERE source_memory_id IN ('ma1', 'ma2')"
                      " UNION ALL SELECT a.user_id FROM memory_store.agent_states a WHERE session_id = 'sa') x"
                      ).fetchall() == [("uz",)]
    assert count(db, "SELECT updated_at FROM memory_store.memory_entries WHERE memory_id = 'ma1'") == stamp


def test_deploy_backfills_the_owners_of_existing_rows(db):
    """Rows written before tenancy get their owner when it is deployed, and
    none of them is touched otherwise (updated_at, no trigger)."""
    from conftest import sqitch  # noqa: PLC0415
    sqitch("revert", db.info.dbname, "-y", "--to", "sensitive_memories")
    add_session(db, "s1", "u1")
    add_session(db, "s0", None)
    add_memory(db, "m1", "s1")
    add_memory(db, "m2", "s1")
    add_memory(db, "m0", "s0")
    add_memory(db, "loose")
    db.execute("INSERT INTO memory_store.memory_tags (memory_id, tag) VALUES ('m1', 't'), ('m0', 't')")
    db.execute("INSERT INTO memory_store.vector_embeddings (memory_id, embedding, embedding_model) "
               "VALUES ('m1', array_fill(0.5, ARRAY[1536])::real[]::extensions.vector, 'x')")
    db.execute("INSERT INTO memory_store.memory_relationships (source_memory_id, target_memory_id, relationship_type) "
               "VALUES ('m1', 'm2', 'r'), ('m0', 'm1', 'r')")
    db.execute("INSERT INTO memory_store.agent_states (agent_id, session_id, state_data) "
               "VALUES ('a', 's1', '{}'), ('a', NULL, '{}')")
    stamps = db.execute("SELECT memory_id, updated_at FROM memory_store.memory_entries ORDER BY 1").fetchall()
    sqitch("deploy", db.info.dbname)
    owners = db.execute("SELECT 'entry ' || memory_id, user_id FROM memory_store.memory_entries UNION ALL "
                        "SELECT 'tag ' || memory_id, user_id FROM memory_store.memory_tags UNION ALL "
                        "SELECT 'embedding ' || memory_id, user_id FROM memory_store.vector_embeddings UNION ALL "
                        "SELECT 'link ' || source_memory_id, user_id FROM memory_store.memory_relationships UNION ALL "
                        "SELECT 'state ' || coalesce(session_id, '-'), user_id FROM memory_store.agent_states "
                        "ORDER BY 1").fetchall()
    assert owners == [("embedding m1", "u1"), ("entry loose", None), ("entry m0", None), ("entry m1", "u1"),
                      ("entry m2", "u1"), ("link m0", None), ("link m1", "u1"), ("state -", None), ("state s1", "u1"),
                      ("tag m0", None), ("tag m1", "u1")]
    assert db.execute("SELECT memory_id, updated_at FROM memory_store.memory_entries ORDER BY 1").fetchall() == stamps


def test_a_deleted_sessions_state_stays_its_users_global_state(db, world):
    a, b = world
    # ua has a global and a session state of 'planner'; the newer wins, per user
    a.execute("SELECT memory.save_agent_state('planner', '{\"newest\": true}', p_session_id => 'sa')")
    db.execute("DELETE FROM memory_store.sessions WHERE session_id = 'sa'")
    assert db.execute("SELECT user_id, state_data FROM memory_store.agent_states WHERE agent_id = 'planner' "
                      "AND session_id IS NULL ORDER BY user_id").fetchall() == [
        ("ua", {"newest": True}), ("ub", {"global_of": "ub"})]
    assert a.execute("SELECT (memory.load_agent_state('planner')).state_data").fetchone()[0] == {"newest": True}
    assert b.execute("SELECT (memory.load_agent_state('planner')).state_data").fetchone()[0] == {"global_of": "ub"}


# --------------------------------------------------------------------------- plans

def test_policies_run_once_per_statement_as_initplans(db, world):
    with db.transaction(force_rollback=True):
        db.execute("SET LOCAL memory.user_id = 'ua'")
        db.execute("SET LOCAL ROLE memory_owner")  # the API's owner, held by FORCE ROW LEVEL SECURITY
        for table in ("sessions", "memory_entries", "memory_tags", "vector_embeddings", "memory_relationships",
                      "user_profiles", "agent_states"):
            plan = "\n".join(r[0] for r in db.execute(f"EXPLAIN SELECT * FROM memory_store.{table}"))
            # the row filter compares with the InitPlans' results (PostgreSQL 15: $0, $1; 17: (InitPlan n).col1)
            assert plan.count("InitPlan") >= 2 and "SubPlan" not in plan, plan
        rows = db.execute("EXPLAIN (ANALYZE, COSTS OFF, TIMING OFF, SUMMARY OFF) "
                          "SELECT * FROM memory_store.memory_tags").fetchall()
        plan = "\n".join(r[0] for r in rows)
        # each InitPlan ran once, whatever the number of rows filtered
        assert plan.count("(actual rows=1 loops=1)") >= 2 and "Rows Removed by Filter: 4" in plan, plan


def plans_as(conn, role, user, query, params=()):
    """Run query as ROLE acting for USER, with auto_explain on nested
    statements; (rows, plan texts). Only a superuser may LOAD auto_explain, so
    the superuser connection loads it, then becomes ROLE for the query with
    SET SESSION AUTHORIZATION (session_user is then ROLE, as for a login)."""
    notices = []
    conn.add_notice_handler(lambda diag: notices.append(diag.message_primary or ""))
    conn.execute("LOAD 'auto_explain'")
    conn.execute("SET auto_explain.log_min_duration = 0")
    conn.execute("SET auto_explain.log_nested_statements = on")
    conn.execute("SET auto_explain.log_level = notice")
    conn.execute(sql.SQL("SET SESSION AUTHORIZATION {}").format(sql.Identifier(role)))
    try:
        assert conn.execute("SELECT session_user = %s, memory.act_as(%s)", (role, user)).fetchone() == (True, user)
        notices.clear()
        rows = conn.execute(query, params).fetchall()
    finally:
        conn.execute("RESET SESSION AUTHORIZATION")
        conn.execute("RESET memory.user_id")
        conn.execute("SET auto_explain.log_min_duration = -1")
    return rows, "\n".join(notices)


@pytest.fixture(scope="module")
def crowd(postgresql_noproc):
    """A database of its own: 3,000 memories of 20 users with clustered 1536-d
    embeddings (test_api_search's data set), and an agent role serving u3."""
    from test_api_search import load_dataset  # noqa: PLC0415  (shared data generator)
    name = f"{TEST_DB}_tenancy_crowd"
    with psycopg.connect(TARGET.uri("postgres"), autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.execute(f'CREATE DATABASE "{name}" TEMPLATE "{postgresql_noproc.template_dbname}"')
    conn = psycopg.connect(TARGET.uri(name), autocommit=True)
    data = load_dataset(conn, 3000)
    agents = Agents(conn, name)
    role = agents.role("crowd_agent")
    conn.execute("SELECT memory_store.grant_agent_user(%s, 'u3')", (role,))
    yield conn, role, data
    agents.close()
    conn.close()
    with psycopg.connect(TARGET.uri("postgres"), autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@contextmanager
def no_exact_scans(conn):
    """search_budget with exact_scan_max_vectors 0, committed (the agent's own
    connection must see it), put back afterwards: every tenant is then searched
    through the HNSW graph, as a large one is."""
    original = conn.execute("SELECT pg_get_functiondef('memory_store.search_budget()'::regprocedure)").fetchone()[0]
    conn.execute("CREATE OR REPLACE FUNCTION memory_store.search_budget() RETURNS TABLE (max_query_terms integer, "
                 "max_ranked_candidates integer, exact_scan_max_vectors integer) LANGUAGE sql IMMUTABLE "
                 "AS $$ SELECT 32, 500, 0 $$")
    try:
        yield
    finally:
        conn.execute(original)


def test_semantic_search_as_a_tenant_uses_the_hnsw_index(crowd):
    conn, role, data = crowd
    query = data.centers[5] + np.random.default_rng(7).normal(scale=0.6, size=DIM)
    # u3 has about 150 vectors: an exact scan of them (change search_ranked)
    rows, plans = plans_as(conn, role, "u3", "SELECT memory_id FROM memory.search_semantic(%s::extensions.vector, "
                                             "p_limit => 10)", (vec(query),))
    assert "idx_vector_embeddings_user_id" in plans, plans
    mine = data.users == 3
    assert [r[0] for r in rows] == data.brute_force(query, mine, 10)
    with no_exact_scans(conn):
        rows, plans = plans_as(conn, role, "u3", "SELECT memory_id FROM memory.search_semantic(%s::extensions.vector, "
                                                 "p_limit => 10)", (vec(query),))
    assert "Index Scan using idx_vector_embeddings_embedding" in plans, plans
    # the HNSW scan's own node (not the first index scan of vector_embeddings in the log, which may be a count)
    hnsw_node = plans.split("Index Scan using idx_vector_embeddings_embedding")[1].split("->")[0]
    assert "InitPlan" in plans and "SubPlan" not in hnsw_node, plans
    mine = data.users == 3
    exact = data.brute_force(query, mine, 10)
    got = [r[0] for r in rows]
    assert len(got) == 10 and set(got) <= {data.ids[i] for i in np.where(mine)[0]}
    assert len(set(got) & set(exact)) / 10 >= 0.8


def test_keyword_search_as_a_tenant_uses_the_gin_index(crowd):
    from test_api_search import partition_indexes  # noqa: PLC0415
    conn, role, data = crowd
    mine = {data.ids[i] for i in np.where(data.users == 3)[0]}
    # a rare word (texts carry rare<i % 100>) that u3 has and other users have too
    word = next(k for k in range(100) if {data.ids[i] for i in range(k, len(data.ids), 100)} & mine)
    everyone = {data.ids[i] for i in range(word, len(data.ids), 100)}
    expected = everyone & mine
    assert everyone - mine
    rows, plans = plans_as(conn, role, "u3", "SELECT memory_id FROM memory.search_keyword(%s, p_limit => 50)",
                           (f"rare{word}",))
    assert {r[0] for r in rows} == expected
    # the tenant's own entries of the (user_id, text) index (change search_ranked), or the text index
    gin = partition_indexes(conn, "memory_store.idx_memory_entries_text_content") | \
        partition_indexes(conn, "memory_store.idx_memory_entries_user_text_content")
    scanned = {line.split(" on ")[1].split()[0] for line in plans.splitlines() if "Bitmap Index Scan on" in line}
    assert scanned & gin, plans
    # hybrid, k = 5: the semantic candidates (4k = 20) through the HNSW index too
    with no_exact_scans(conn):
        rows, plans = plans_as(conn, role, "u3", "SELECT memory_id FROM memory.search_hybrid(%s, %s::extensions.vector, "
                                                 "p_limit => 5)", (f"rare{word}", vec(data.centers[0])))
    assert {r[0] for r in rows} <= mine and expected & {r[0] for r in rows}
    scanned = {line.split(" on ")[1].split()[0] for line in plans.splitlines() if "Bitmap Index Scan on" in line}
    assert scanned & gin and "Index Scan using idx_vector_embeddings_embedding" in plans, plans


# --------------------------------------------------------------------------- maintenance sees every tenant

def test_a_dba_purges_and_moves_every_tenants_rows(db, world, agents):
    dba = agents.connect(agents.role("dba", agent=False, dba=True))
    # expired and long soft-deleted memories of both users
    db.execute("UPDATE memory_store.memory_entries SET expires_at = now() - interval '1 hour' "
               "WHERE memory_id IN ('ma2', 'mb2')")
    db.execute("UPDATE memory_store.memory_entries SET is_active = false, updated_at = now() - interval '400 days' "
               "WHERE memory_id IN ('ma1', 'mb1')")
    dba.execute("CALL memory_store.purge_expired()")
    dba.execute("CALL memory_store.purge_soft_deleted()")
    assert count(db, "SELECT count(*) FROM memory_store.memory_entries") == 0
    assert count(db, "SELECT count(*) FROM memory_store.memory_tags") == 0
    # rows of a month without a partition wait in the default partition; a
    # DBA creating the month moves all of them, whoever they belong to
    month = "2031-05-01"
    for s, m in (("sa", "late-a"), ("sb", "late-b")):
        db.execute("INSERT INTO memory_store.memory_entries (memory_id, session_id, memory_type, content, created_at) "
                   "VALUES (%s, %s, 'context', '{}', %s::timestamptz + interval '3 days')", (m, s, month))
    assert count(db, "SELECT count(*) FROM memory_store.memory_entries_default") == 2
    dba.execute("SELECT memory_store.create_monthly_partition('memory_store.memory_entries', %s)", (month,))
    assert db.execute("SELECT memory_id, user_id FROM memory_store.memory_entries_p2031_05 ORDER BY 1").fetchall() == [
        ("late-a", "ua"), ("late-b", "ub")]
    assert count(db, "SELECT count(*) FROM memory_store.memory_entries_default") == 0


def test_cold_storage_keeps_tenants_apart(db, world, agents):
    """Archived memories carry their owner and the same policy: a DBA's archive
    job (as memory_maintainer) moves both users' sessions; each agent then reads,
    lists and restores only its own user's archived memories."""
    a, b = world
    dba = agents.connect(agents.role("dba", agent=False, dba=True))
    db.execute("UPDATE memory_store.sessions SET ended_at = now() - interval '400 days', "
               "updated_at = now() - interval '400 days' WHERE session_id IN ('sa', 'sb')")
    dba.execute("CALL memory_store.archive_sessions()")
    assert db.execute("SELECT memory_id, user_id FROM memory_archive.memory_entries ORDER BY 1").fetchall() == [
        ("ma1", "ua"), ("ma2", "ua"), ("mb1", "ub"), ("mb2", "ub")]
    assert db.execute("SELECT DISTINCT user_id FROM memory_archive.vector_embeddings ORDER BY 1").fetchall() == [
        ("ua",), ("ub",)]
    # agent_b: ua's archived memory is as missing as a memory that never was
    for call in ("SELECT * FROM memory.read_archived_memory('ma1')",
                 "SELECT * FROM memory.restore_archived_memory('ma1')"):
        with pytest.raises(psycopg.Error) as caught:
            b.execute(call)
        assert caught.value.sqlstate == "MO001", call
    with pytest.raises(psycopg.Error) as caught:
        b.execute("SELECT * FROM memory.restore_archived_session('sa')")
    assert caught.value.sqlstate == "MO002"
    listed = b.execute("SELECT (p).total_count, ARRAY(SELECT (m).memory_id FROM unnest((p).memories) m ORDER BY 1) "
                       "FROM memory.batch_read_archived_memories(p_limit => 50) AS p").fetchone()
    assert listed == (2, ["mb1", "mb2"])
    listed = b.execute("SELECT (p).total_count FROM memory.batch_read_archived_memories(p_user_id => 'ua') AS p")
    assert listed.fetchone() == (0,)
    answer = b.execute("SELECT memory.dispatch(%s::jsonb)",
                       (json.dumps({"action": "read_archived", "payload": {"memory_id": "ma1"}}),)).fetchone()[0]
    assert answer["error"]["code"] == "memory_not_found"
    # ...and its own come back
    assert b.execute("SELECT memory_id FROM memory.read_archived_memory('mb1')").fetchone() == ("mb1",)
    assert a.execute("SELECT memory_id FROM memory.restore_archived_memory('ma1')").fetchone() == ("ma1",)
    assert db.execute("SELECT user_id FROM memory_store.memory_entries WHERE memory_id = 'ma1'").fetchone() == ("ua",)
    assert count(db, "SELECT count(*) FROM memory_archive.memory_entries WHERE user_id = 'ua'") == 1


def test_a_dba_imports_rows_of_many_users(db, agents):
    dba = agents.connect(agents.role("importer", agent=False, dba=True))
    run = dba.execute("SELECT memory_store.import_begin('jarvis', 'tenancy')").fetchone()[0]
    records = [{"user_id": u, "entity_knowledge": {"Leeds": {"type": "city"}}, "skill_states": {"timer": {"n": i}}}
               for i, u in enumerate(("ja", "jb"))]
    with dba.cursor().copy("COPY memory_store.import_staging (run_id, line_number, raw) FROM STDIN") as copy:
        for line, record in enumerate(records, start=1):
            copy.write_row((run, line, json.dumps(record)))
    assert dba.execute("SELECT imported, rejected FROM memory_store.import_run(%s)", (run,)).fetchone() == (2, 0)
    assert dba.execute("SELECT bool_and(NOT mismatch) FROM memory_store.reconcile(%s)", (run,)).fetchone()[0]
    # each skill state is its user's own global state, and so are the memories
    assert db.execute("SELECT agent_id, user_id, state_data FROM memory_store.agent_states ORDER BY user_id").fetchall() \
        == [("timer", "ja", {"n": 0}), ("timer", "jb", {"n": 1})]
    assert db.execute("SELECT user_id, count(*) FROM memory_store.memory_entries GROUP BY 1 ORDER BY 1").fetchall() == \
        [("ja", 1), ("jb", 1)]
    # importing again changes nothing
    run = dba.execute("SELECT memory_store.import_begin('jarvis', 'tenancy again')").fetchone()[0]
    with dba.cursor().copy("COPY memory_store.import_staging (run_id, line_number, raw) FROM STDIN") as copy:
        for line, record in enumerate(records, start=1):
            copy.write_row((run, line, json.dumps(record)))
    assert dba.execute("SELECT imported, updated, skipped FROM memory_store.import_run(%s)", (run,)).fetchone() == \
        (0, 0, 2)
    # an agent serving ja sees ja's skill state as its global state
    agent = agents.role("skill_agent")
    db.execute("SELECT memory_store.grant_agent_user(%s, 'ja')", (agent,))
    conn = agents.connect(agent)
    conn.execute("SELECT memory.act_as('ja')")
    assert conn.execute("SELECT (memory.load_agent_state('timer')).state_data").fetchone()[0] == {"n": 0}


def test_the_audit_loopback_still_records_the_session_of_a_failed_call(db, world):
    a, _ = world
    with pytest.raises(psycopg.Error) as error:
        a.execute("SELECT memory.summarize_session('sa', p_max_sentences => 0)")
    assert error.value.sqlstate == "22023"
    assert db.execute("SELECT session_id, success FROM memory_store.memory_access_logs ORDER BY log_id DESC LIMIT 1"
                      ).fetchone() == ("sa", False)


# --------------------------------------------------------------------------- the DBA's grant functions

@pytest.mark.parametrize("role, user, sqlstate", [
    (None, "u1", "22004"), ("some_role", None, "22004"), ("no such role", "u1", "22023"),
    ("postgres", "u1", "22023"), ("memory_dba", "u1", "22023"), ("memory_agent", "u" * 65, "22023")])
def test_grant_agent_user_refuses_bad_input(db, role, user, sqlstate):
    with pytest.raises(psycopg.Error) as error:
        db.execute("SELECT memory_store.grant_agent_user(%s, %s)", (role, user))
    assert error.value.sqlstate == sqlstate
    assert count(db, "SELECT count(*) FROM memory_store.agent_user_grants") == 0


def test_grants_are_the_dbas_alone(db, agents):
    agent = agents.connect(agents.role("plain_agent"))
    dba = agents.connect(agents.role("grant_dba", agent=False, dba=True))
    assert attempt(agent, "SELECT memory_store.grant_agent_user(%s, 'u1')", agent.info.user) == "42501"
    assert attempt(agent, "SELECT * FROM memory_store.agent_user_grants") == "42501"
    granted = dba.execute("SELECT agent_role, user_id, granted_by FROM memory_store.grant_agent_user(%s, 'u1')",
                          (agent.info.user,)).fetchone()
    assert granted == (agent.info.user, "u1", dba.info.user)
    assert dba.execute("SELECT count(*) FROM memory_store.grant_agent_user(%s, 'u1')", (agent.info.user,)).fetchone() \
        == (1,)  # idempotent
    assert dba.execute("SELECT user_id, role_exists FROM memory_store.list_agent_user_grants(%s)",
                       (agent.info.user,)).fetchall() == [("u1", True)]
    assert dba.execute("SELECT memory_store.revoke_agent_user(%s, 'u1'), memory_store.revoke_agent_user(%s, 'u1')",
                       (agent.info.user, agent.info.user)).fetchone() == (True, False)
    assert attempt(dba, "SELECT memory_store.revoke_agent_user(NULL, 'u1')") == "22004"
    assert attempt(dba, "SELECT memory.read_memory('x')") == "42501"  # the DBA does not use the agent API
