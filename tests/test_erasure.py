"""The right to be forgotten (issue 17, point 5): memory_store.erase_user.

A victim user and a bystander are served by real agent logins; the victim
gets everything the package can hold of a user (sessions with metadata,
plain, sensitive, deduplicated, soft-deleted and archived memories with
tags, embeddings and history, relationships to the bystander's memories,
profile, agent states, a retention budget, grants, change-feed rows, an
import staging and reject row, audit rows of successful and failed calls).
A DBA login erases the victim. Then EVERY table of the package's schemas,
enumerated from the catalog, is searched for the victim's id and each
distinctive value of the victim's data: none is found, while the
bystander's data is untouched. The access log keeps its rows, redacted;
the receipt is kept and names the victim by hash only. Agents, strangers
and PUBLIC cannot erase; nobody can redact the log outside erase_user.
pg_cron's tables (schema cron) are out of scope: they hold no user data."""

import hashlib
import json

import numpy as np
import psycopg
import pytest
from psycopg import sql

from helpers import count
from test_tenancy import Agents

VICTIM, BYSTANDER = "forget-me-7q2x", "keep-me-3k9z"
SECRETS = ["walrus-saffron-88", "door-code-41177", "okapi-velvet-12", "profile-marmalade-5",
           "state-quokka-66", "session-meta-tundra", "pref-zeppelin-9",
           "import-narwhal-21", "summary-pelican-4"]
KEY = "a-key-of-sixteen-chars"
SCHEMAS = ("memory", "memory_store", "memory_archive")


def vec(seed):
    v = np.random.default_rng(seed).normal(size=1536)
    return "[" + ",".join(f"{x:.6f}" for x in v / np.linalg.norm(v)) + "]"


@pytest.fixture
def logins(db):
    made = Agents(db, db.info.dbname)
    yield made
    made.close()


def fill(conn, user, tag):
    """Everything of USER through the API, as an agent acting for it; TAG marks the values."""
    s1, s2 = f"{user}-s1", f"{user}-s2"
    conn.execute("SELECT memory.start_session(p_session_id => %s, p_metadata => %s::jsonb)",
                 (s1, json.dumps({"device": f"session-meta-tundra{tag}"})))
    conn.execute("SELECT memory.start_session(p_session_id => %s)", (s2,))
    create = ("SELECT memory_id FROM memory.create_memory_deduped(p_memory_type => 'context', p_content => %s::jsonb, "
              "p_session_id => %s, p_tags => %s, p_embedding => %s::extensions.vector, p_embedding_model => 'm', "
              "p_dedupe => 'exact', p_memory_id => %s)")
    ids = {}
    for n, (text, session) in enumerate([(f"walrus-saffron-88{tag}", s1), (f"okapi-velvet-12{tag}", s1),
                                         (f"summary-pelican-4{tag}", s2)]):
        ids[n] = conn.execute(create, (json.dumps({"text": text}), session, [f"tag-{user}"], vec(n),
                                       f"{user}-m{n}")).fetchone()[0]
    # A deduplicated create (a version), an update (a version), a soft delete.
    conn.execute(create, (json.dumps({"text": f"WALRUS-saffron-88{tag}"}), s1, ["more"], vec(9), None))
    conn.execute("SELECT memory.update_memory(%s, p_priority => 9)", (ids[1],))
    conn.execute("SELECT memory.delete_memory(%s)", (ids[1],))
    conn.execute("SELECT set_config('memory.encryption_key', %s, false)", (KEY,))
    conn.execute("SELECT memory.create_sensitive_memory('context', %s::jsonb, p_session_id => %s, p_memory_id => %s)",
                 (json.dumps({"text": f"door-code-41177{tag}"}), s1, f"{user}-secret"))
    conn.execute("SELECT memory.relate(%s, %s, 'refers')", (ids[0], ids[2]))
    conn.execute("SELECT memory.upsert_user_profile(%s, %s::jsonb, %s::jsonb)",
                 (user, json.dumps({"name": f"profile-marmalade-5{tag}"}), json.dumps({"p": f"pref-zeppelin-9{tag}"})))
    conn.execute("SELECT memory.save_agent_state('planner', %s::jsonb, p_session_id => %s)",
                 (json.dumps({"s": f"state-quokka-66{tag}"}), s1))
    conn.execute("SELECT memory.save_agent_state('planner', %s::jsonb)", (json.dumps({"g": f"state-quokka-66{tag}"}),))
    # A failed call: its audit row carries the request.
    with pytest.raises(psycopg.Error):
        conn.execute("SELECT memory.create_memory('nope', %s::jsonb, %s)",
                     (json.dumps({"text": f"failed-yodel-3{tag}"}), s1))
    conn.execute("SELECT * FROM memory.search_keyword(%s)", (f"okapi{tag}",))
    conn.execute("SELECT memory.end_session(%s, p_summary => %s)", (s2, f"summary-pelican-4{tag}"))
    return ids, (s1, s2)


@pytest.fixture
def world(db, logins):
    """(dba connection, victim's agent, {victim and bystander: (memory ids, session ids)})."""
    made = {}
    for user, tag in ((VICTIM, "-v"), (BYSTANDER, "-b")):
        role = logins.role(f"agent_{user[:4]}")
        db.execute("SELECT memory_store.grant_agent_user(%s, %s)", (role, user))
        agent = logins.connect(role)
        agent.execute("SELECT memory.act_as(%s)", (user,))
        made[user] = fill(agent, user, tag)
        if user == VICTIM:
            victim_agent = agent
    victim_ids, (_, victim_s2) = made[VICTIM]
    bystander_ids, _ = made[BYSTANDER]
    # Maintenance links across users (both directions), an archived memory,
    # a retention budget, import rows naming the victim.
    db.execute("INSERT INTO memory_store.memory_relationships (source_memory_id, target_memory_id, relationship_type) "
               "VALUES (%s, %s, 'cross'), (%s, %s, 'cross')",
               (bystander_ids[0], victim_ids[0], victim_ids[2], bystander_ids[2]))
    db.execute("SELECT memory_store.archive_move(ARRAY[%s], 'retention')", (victim_ids[2],))
    db.execute("INSERT INTO memory_store.retention_budgets (user_id, max_memories) VALUES (%s, 100)", (VICTIM,))
    run = db.execute("INSERT INTO memory_store.import_runs (source_system) VALUES ('SessionMemoryAgent') "
                     "RETURNING run_id").fetchone()[0]
    raw = json.dumps({"user_id": VICTIM, "text": "import-narwhal-21"})
    db.execute("INSERT INTO memory_store.import_staging (run_id, line_number, raw) VALUES (%s, 1, %s), (%s, 2, %s)",
               (run, raw, run, json.dumps({"user_id": BYSTANDER, "text": "import-narwhal-21-b"})))
    db.execute("INSERT INTO memory_store.import_rejects (run_id, line_number, sqlstate, reason, raw_excerpt) "
               "VALUES (%s, 1, '22023', 'bad', %s)", (run, raw))
    dba = logins.connect(logins.role("eraser", agent=False, dba=True))
    return dba, victim_agent, made


def tables(conn):
    return [r[0] for r in conn.execute(
        "SELECT c.oid::regclass::text FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
        "WHERE n.nspname = ANY (%s) AND c.relkind IN ('r', 'p') AND NOT c.relispartition ORDER BY 1",
        (list(SCHEMAS),)).fetchall()]


def found(conn, needle):
    """{table: rows whose text holds NEEDLE} over every table of the package's schemas."""
    hits = {}
    for table in tables(conn):
        n = count(conn, sql.SQL("SELECT count(*) FROM {} t WHERE strpos(t::text, %s) > 0").format(
            sql.SQL(table)).as_string(conn), needle)
        if n:
            hits[table] = n
    return hits


def needles(user, made):
    ids, sessions = made[user]
    tag = "-v" if user == VICTIM else "-b"
    return [user, *ids.values(), *sessions, f"{user}-secret", *[s + tag for s in SECRETS if s != "import-narwhal-21"]]


def test_after_erasure_nothing_of_the_user_is_in_any_table(db, world):
    dba, _agent, made = world
    # The victim's values are there before (the search itself works) ...
    assert found(db, "walrus-saffron-88") and found(db, VICTIM) and found(db, "import-narwhal-21")
    logs_before = count(db, "SELECT count(*) FROM memory_store.memory_access_logs")
    receipt = dba.execute("SELECT memory_store.erase_user(%s)", (VICTIM,)).fetchone()[0]
    # ... and none of them after, in any table; the bystander's stay.
    leftovers = {needle: hits for needle in needles(VICTIM, made) + ["import-narwhal-21\""]
                 if (hits := found(db, needle))}
    assert leftovers == {}
    for needle in needles(BYSTANDER, made):
        if not needle.startswith("door-code"):  # sensitive: stored encrypted, never found as text
            assert found(db, needle), f"the bystander's {needle} went too"
    # The receipt: counts per table, the user by hash only, kept.
    removed = receipt["counts"]["removed"]
    assert removed["memory_store.memory_entries"] == 3 and removed["memory_archive.memory_entries"] == 1
    assert removed["memory_store.memory_versions"] >= 3 and removed["memory_store.sessions"] == 2
    assert removed["memory_store.memory_relationships"] == 3 and removed["memory_store.user_profiles"] == 1
    assert removed["memory_store.agent_states"] == 2 and removed["memory_store.import_staging"] == 1
    assert removed["memory_store.import_rejects"] == 1 and removed["memory_store.agent_user_grants"] == 1
    assert receipt["user_hash"] == hashlib.sha256(VICTIM.encode()).hexdigest()
    assert db.execute("SELECT counts, finished_at IS NOT NULL FROM memory_store.erasure_receipts "
                      "WHERE receipt_id = %s", (receipt["receipt_id"],)).fetchone() == (receipt["counts"], True)
    # The log keeps every row; the victim's are redacted.
    assert count(db, "SELECT count(*) FROM memory_store.memory_access_logs") == logs_before
    redacted = receipt["counts"]["redacted"]["memory_store.memory_access_logs"]
    assert redacted > 10
    assert count(db, "SELECT count(*) FROM memory_store.memory_access_logs WHERE request_data = %s::jsonb",
                 json.dumps({"redacted": "erasure", "receipt_id": receipt["receipt_id"]})) == redacted


def test_the_victims_agent_sees_nothing_and_acts_for_the_user_no_more(db, world):
    dba, agent, made = world
    dba.execute("SELECT memory_store.erase_user(%s)", (VICTIM,))
    with pytest.raises(psycopg.Error) as error:
        agent.execute("SELECT memory.read_memory(%s)", (made[VICTIM][0][0],))
    assert error.value.sqlstate == "MO001"
    with pytest.raises(psycopg.Error) as error:
        agent.execute("SELECT memory.act_as(%s)", (VICTIM,))
    assert error.value.sqlstate == "42501"


def test_only_the_dba_may_erase(db, world, logins):
    _dba, agent, _made = world
    stranger = logins.connect(logins.role("stranger", agent=False))
    for conn in (agent, stranger):
        with pytest.raises(psycopg.Error) as error:
            conn.execute("SELECT memory_store.erase_user(%s)", (VICTIM,))
        assert error.value.sqlstate == "42501"
    assert db.execute("SELECT has_function_privilege('public', 'memory_store.erase_user(text)', 'EXECUTE'), "
                      "has_function_privilege('memory_agent', 'memory_store.erase_user(text)', 'EXECUTE'), "
                      "has_function_privilege('memory_dba', 'memory_store.erase_user(text)', 'EXECUTE')"
                      ).fetchone() == (False, False, True)
    assert found(db, "walrus-saffron-88")  # nothing was erased


def test_nobody_redacts_the_log_outside_erase_user(db, world):
    row = db.execute("SELECT log_id FROM memory_store.memory_access_logs WHERE user_id = %s LIMIT 1",
                     (VICTIM,)).fetchone()[0]
    with pytest.raises(psycopg.Error) as error:
        db.execute("UPDATE memory_store.memory_access_logs SET user_id = NULL, memory_id = NULL, session_id = NULL, "
                   "error_message = NULL, request_data = '{\"redacted\": \"erasure\", \"receipt_id\": 1}' "
                   "WHERE log_id = %s", (row,))
    assert error.value.sqlstate == "42501"
    # Nor by forging an unfinished receipt: nobody but the owner may insert one.
    dba = world[0]
    with pytest.raises(psycopg.Error) as error:
        dba.execute("INSERT INTO memory_store.erasure_receipts (user_hash) VALUES (repeat('a', 64))")
    assert error.value.sqlstate == "42501"


@pytest.mark.parametrize("user_id, sqlstate", [(None, "22004"), ("", "22023"), ("x" * 65, "22023")])
def test_a_bad_user_id_is_refused_and_nothing_is_written(db, user_id, sqlstate):
    with pytest.raises(psycopg.Error) as error:
        db.execute("SELECT memory_store.erase_user(%s)", (user_id,))
    assert error.value.sqlstate == sqlstate
    assert count(db, "SELECT count(*) FROM memory_store.erasure_receipts") == 0


def test_erasing_an_unknown_user_is_a_receipt_of_zeros(db):
    receipt = db.execute("SELECT memory_store.erase_user('nobody-at-all')").fetchone()[0]
    assert set(receipt["counts"]["removed"].values()) == {0}
    assert receipt["counts"]["redacted"] == {"memory_store.memory_access_logs": 0}
