"""Legacy import (issue 6): the three importers field by field, the messy
cases, rejects with line numbers and reasons leaving nothing behind,
idempotency by checksums, reconciliation, the streaming reader, the sample
generator and the `import` task end to end."""

import json
import os
import subprocess
import sys
from datetime import datetime, timezone

import psycopg
import pytest

from conftest import ROOT, TARGET
from helpers import count

from mo import importer, legacy_samples

TABLES = ("sessions", "memory_registry", "memory_entries", "memory_tags", "vector_embeddings", "user_profiles",
          "agent_states")
ADA = "text-embedding-ada-002"


def utc(*args):
    return datetime(*args, tzinfo=timezone.utc)


def vec(value=0.25, dims=1536):
    return [value] * dims


def stage_and_run(db, system, records, limit=None):
    """Stage RECORDS (dicts or raw strings; line n = position n) and import them; return (counts, rejects)."""
    run = db.execute("SELECT memory_store.import_begin(%s, 'test')", (system,)).fetchone()[0]
    with db.cursor().copy("COPY memory_store.import_staging (run_id, line_number, raw) FROM STDIN") as copy:
        for line, rec in enumerate(records, start=1):
            copy.write_row((run, line, rec if isinstance(rec, str) else json.dumps(rec)))
    counts = db.execute("SELECT processed, imported, updated, skipped, rejected, remaining "
                        "FROM memory_store.import_run(%s, %s)", (run, limit)).fetchone()
    rejects = db.execute("SELECT line_number, sqlstate, reason FROM memory_store.import_rejects "
                         "WHERE run_id = %s ORDER BY line_number", (run,)).fetchall()
    return run, dict(zip(("processed", "imported", "updated", "skipped", "rejected", "remaining"), counts)), rejects


def checksums(db):
    """md5 of every target table's rows (all columns), ordered."""
    return {t: db.execute(f"SELECT count(*), md5(coalesce(string_agg(x::text, '|' ORDER BY x::text), '')) "
                          f"FROM memory_store.{t} x").fetchone() for t in TABLES}


def target_rows(db):
    return sum(count(db, f"SELECT count(*) FROM memory_store.{t}") for t in TABLES)


def reconcile(db, run):
    return {r[0]: r[1:] for r in db.execute(
        "SELECT item, source_count, target_count, rejected_count, mismatch FROM memory_store.reconcile(%s)", (run,))}


# --- SessionMemoryAgent ---------------------------------------------------

def test_session_memory_agent_field_by_field(db):
    record = {"session_id": "s-001", "user_id": "u-42", "created_at": "2024-03-01T09:00:00Z",
              "last_interaction": 1709284500.25, "session_summary": "User planned a trip",
              "session_data": {"device": "kitchen-speaker", "locale": "en-GB"}, "assistant_version": "1.2",
              "conversation_history": [
                  {"role": "user", "content": "What's the weather in Leeds?", "timestamp": "2024-03-01T09:00:05"},
                  {"role": "assistant", "content": "Rain until noon.", "timestamp": "2024-03-01T10:00:07+01:00",
                   "metadata": {"intent": "weather_query"}}]}
    _, counts, rejects = stage_and_run(db, "SessionMemoryAgent", [record])
    assert (counts["imported"], rejects) == (1, [])

    session = db.execute("SELECT user_id, created_at, updated_at, ended_at, metadata, summary, is_archived, session_type "
                         "FROM memory_store.sessions WHERE session_id = 's-001'").fetchone()
    assert session == ("u-42", utc(2024, 3, 1, 9), utc(2024, 3, 1, 9, 15, 0, 250000), None,
                       {"device": "kitchen-speaker", "locale": "en-GB", "legacy_extra": {"assistant_version": "1.2"}},
                       "User planned a trip", False, "conversation")

    turns = db.execute("SELECT memory_id, session_id, memory_type, content, text_content, source_agent, created_at, "
                       "updated_at, expires_at, priority, is_active, "
                       "(SELECT array_agg(tag) FROM memory_store.memory_tags t WHERE t.memory_id = m.memory_id) "
                       "FROM memory_store.memory_entries m ORDER BY memory_id").fetchall()
    assert turns == [
        ("sma-s-001-0", "s-001", "conversation",
         {"role": "user", "timestamp": "2024-03-01T09:00:05", "text": "What's the weather in Leeds?"},
         "What's the weather in Leeds?", "SessionMemoryAgent", utc(2024, 3, 1, 9, 0, 5), utc(2024, 3, 1, 9, 0, 5),
         None, 5, True, ["user"]),
        ("sma-s-001-1", "s-001", "conversation",
         {"role": "assistant", "timestamp": "2024-03-01T10:00:07+01:00",
          "metadata": {"intent": "weather_query"}, "text": "Rain until noon."},
         "Rain until noon.", "SessionMemoryAgent", utc(2024, 3, 1, 9, 0, 7), utc(2024, 3, 1, 9, 0, 7),
         None, 5, True, ["assistant"]),
    ]


def test_session_memory_agent_lenient_defaults(db):
    # no created_at: the first turn's time; no last_interaction: the last turn's; no user, no summary, no history
    _, counts, rejects = stage_and_run(db, "sma", [
        {"session_id": "s-a", "conversation_history": [
            {"role": "user", "content": "hi", "timestamp": 1709280000},
            {"role": "assistant", "content": "hello", "timestamp": 1709280060}]},
        {"session_id": "s-b", "created_at": "2024-03-01 09:00:00"}])
    assert (counts["imported"], rejects) == (2, [])
    assert db.execute("SELECT created_at, updated_at, user_id, summary, metadata FROM memory_store.sessions "
                      "WHERE session_id = 's-a'").fetchone() == \
        (utc(2024, 3, 1, 8), utc(2024, 3, 1, 8, 1), None, None, None)
    assert db.execute("SELECT created_at, updated_at FROM memory_store.sessions WHERE session_id = 's-b'").fetchone() == \
        (utc(2024, 3, 1, 9), utc(2024, 3, 1, 9))


def test_session_memory_agent_fills_in_a_stub_session_of_a_context_item(db):
    stage_and_run(db, "contextual", [{"context_id": "c-1", "session_id": "s-1", "context_data": {"text": "x"},
                                      "created_at": "2024-03-01T09:00:00Z"}])
    assert db.execute("SELECT session_type FROM memory_store.sessions WHERE session_id = 's-1'").fetchone() == ("context",)
    _, counts, _ = stage_and_run(db, "sma", [{"session_id": "s-1", "user_id": "u-1", "created_at": "2024-03-01T08:00:00Z",
                                              "last_interaction": "2024-03-01T10:00:00Z", "session_data": {"d": 1}}])
    assert counts["updated"] == 1
    assert db.execute("SELECT session_type, user_id, created_at, updated_at, metadata FROM memory_store.sessions").fetchone() == \
        ("conversation", "u-1", utc(2024, 3, 1, 8), utc(2024, 3, 1, 10), {"d": 1})
    assert count(db, "SELECT count(*) FROM memory_store.memory_entries WHERE session_id = 's-1'") == 1


# --- contextual_memory_pc2 ------------------------------------------------

def test_contextual_memory_field_by_field(db):
    records = [
        {"context_id": "ctx-9f1", "session_id": "s-new", "context_data": {"text": "User prefers metric units", "topic": "units"},
         "embedding": vec(0.013), "created_at": "2024-03-01T09:01:00Z", "expires_at": 1735689600,
         "source_agent": "contextual_memory", "tags": ["preference", "units", "preference"], "confidence": 0.8},
        {"context_id": "ctx-9f2", "context_data": "a plain string", "embedding": vec(-0.5),
         "embedding_model": "text-embedding-3-small", "created_at": 1709283660.5},
        {"context_id": "ctx-9f3", "session_id": "s-new", "context_data": {"text": "no vector"}, "embedding": None,
         "created_at": "2024-03-01T09:02:00", "tags": []},
    ]
    _, counts, rejects = stage_and_run(db, "contextual_memory_pc2", records)
    assert (counts["imported"], rejects) == (3, [])

    rows = db.execute("SELECT memory_id, session_id, memory_type, content, source_agent, created_at, expires_at "
                      "FROM memory_store.memory_entries ORDER BY memory_id").fetchall()
    assert rows == [
        ("ctx-9f1", "s-new", "context", {"text": "User prefers metric units", "topic": "units",
                                         "legacy_extra": {"confidence": 0.8}},
         "contextual_memory", utc(2024, 3, 1, 9, 1), utc(2025, 1, 1)),
        ("ctx-9f2", None, "context", {"text": "a plain string"}, None, utc(2024, 3, 1, 9, 1, 0, 500000), None),
        ("ctx-9f3", "s-new", "context", {"text": "no vector"}, None, utc(2024, 3, 1, 9, 2), None),
    ]
    assert db.execute("SELECT memory_id, tag FROM memory_store.memory_tags ORDER BY tag_id").fetchall() == \
        [("ctx-9f1", "preference"), ("ctx-9f1", "units")]
    embeddings = db.execute("SELECT memory_id, embedding_model, extensions.vector_dims(embedding), "
                            "(embedding::real[])[1], created_at FROM memory_store.vector_embeddings ORDER BY memory_id").fetchall()
    assert embeddings == [("ctx-9f1", ADA, 1536, pytest.approx(0.013), utc(2024, 3, 1, 9, 1)),
                          ("ctx-9f2", "text-embedding-3-small", 1536, -0.5, utc(2024, 3, 1, 9, 1, 0, 500000))]
    # the session no export mentions was created, as a context session
    assert db.execute("SELECT session_type, user_id, created_at, metadata FROM memory_store.sessions").fetchall() == \
        [("context", None, utc(2024, 3, 1, 9, 1), {"import_stub": "contextual_memory_pc2"})]


# --- jarvis_memory_pc2 ----------------------------------------------------

def test_jarvis_memory_field_by_field(db):
    records = [
        {"user_id": "u-42", "preferences": {"units": "metric", "voice": "calm"}, "profile": {"name": "Sam"},
         "entity_knowledge": {"Leeds": {"type": "city", "facts": ["home town"]}, "Mum": "call on Sundays"},
         "interaction_history": [{"timestamp": 1709280000, "query": "play jazz", "response": "Playing jazz"},
                                 {"timestamp": "2024-03-01T08:05:00", "query": "stop"}],
         "skill_states": {"music_player": {"volume": 7}, "timer": {"active": []}}, "household": "h-7"},
        {"user_id": "u-43", "entity_knowledge": [{"entity": "Jazz FM", "type": "station"}, {"name": "Tesco", "facts": []}],
         "skill_states": {"music_player": {"volume": 3}}},
    ]
    _, counts, rejects = stage_and_run(db, "jarvis", records)
    assert (counts["imported"], rejects) == (2, [])

    assert db.execute("SELECT user_id, profile_data, preferences, is_active FROM memory_store.user_profiles "
                      "ORDER BY user_id").fetchall() == [
        ("u-42", {"name": "Sam", "legacy_extra": {"household": "h-7"}}, {"units": "metric", "voice": "calm"}, True),
        ("u-43", None, None, True)]

    entities = db.execute("SELECT memory_id, session_id, content, text_content, source_agent FROM memory_store.memory_entries "
                          "WHERE memory_type = 'entity' ORDER BY text_content").fetchall()
    assert [e[3] for e in entities] == ["Jazz FM (station)", "Leeds (city): home town", "Mum: call on Sundays", "Tesco"]
    leeds = entities[1]
    assert leeds[0] == count(db, "SELECT memory_store.import_entity_id('u-42', 'Leeds')") == "jarvis-u-42-entity-" + \
        __import__("hashlib").md5(b"Leeds").hexdigest()
    assert leeds[1:3] == ("jarvis-u-42", {"entity": "Leeds", "type": "city", "facts": ["home town"], "user_id": "u-42",
                                          "text": "Leeds (city): home town"})
    assert leeds[4] == "jarvis_memory_pc2"

    interactions = db.execute("SELECT memory_id, content, created_at FROM memory_store.memory_entries "
                              "WHERE memory_type = 'interaction' ORDER BY memory_id").fetchall()
    assert interactions == [
        ("jarvis-u-42-interaction-0", {"timestamp": 1709280000, "query": "play jazz", "response": "Playing jazz",
                                       "user_id": "u-42", "text": "Q: play jazz\nA: Playing jazz"}, utc(2024, 3, 1, 8)),
        ("jarvis-u-42-interaction-1", {"timestamp": "2024-03-01T08:05:00", "query": "stop", "user_id": "u-42",
                                       "text": "Q: stop"}, utc(2024, 3, 1, 8, 5))]
    # the user's memories belong to the user through a session
    assert db.execute("SELECT user_id, session_type FROM memory_store.sessions WHERE session_id = 'jarvis-u-42'").fetchone() == \
        ("u-42", "jarvis")

    # skills: agent_id = skill, no session, the user's own global state of it (change tenancy_import)
    assert db.execute("SELECT agent_id, session_id, user_id, state_data FROM memory_store.agent_states "
                      "ORDER BY agent_id, user_id").fetchall() == [
        ("music_player", None, "u-42", {"volume": 7}),
        ("music_player", None, "u-43", {"volume": 3}),
        ("timer", None, "u-42", {"active": []})]


# --- timestamps -------------------------------------------------------------

@pytest.mark.parametrize("value, expected", [
    ("2024-03-01T09:00:00Z", utc(2024, 3, 1, 9)),
    ("2024-03-01T09:00:00", utc(2024, 3, 1, 9)),                 # no zone: UTC
    ("2024-03-01 09:00:00.123456", utc(2024, 3, 1, 9, 0, 0, 123456)),
    ("2024-03-01T10:30:00+01:30", utc(2024, 3, 1, 9)),
    ("2024-03-01T04:00:00-0500", utc(2024, 3, 1, 9)),
    ("2024-03-01", utc(2024, 3, 1)),
    (1709283600, utc(2024, 3, 1, 9)),
    (1709283600.5, utc(2024, 3, 1, 9, 0, 0, 500000)),
    ("1709283600", utc(2024, 3, 1, 9)),
    (None, None),
])
def test_timestamps_are_parsed_leniently(db, value, expected):
    db.execute("SET TimeZone = 'America/New_York'")  # the session's zone must not matter
    assert db.execute("SELECT memory_store.import_timestamp('t', %s::jsonb)", (json.dumps(value),)).fetchone()[0] == expected


@pytest.mark.parametrize("value", ["now", "yesterday", "epoch", "01/03/2024", "2024-13-01T00:00:00Z", True,
                                   1e12, {"t": 1}])
def test_ambiguous_timestamps_are_refused(db, value):
    with pytest.raises(psycopg.errors.DataError) as error:
        db.execute("SELECT memory_store.import_timestamp('created_at', %s::jsonb)", (json.dumps(value),))
    assert error.value.sqlstate.startswith("22")


# --- rejects --------------------------------------------------------------

GOOD_CONTEXT = {"context_id": "ok-1", "session_id": "s-ok", "context_data": {"text": "fine"},
                "created_at": "2024-03-01T09:00:00Z", "embedding": vec(), "tags": ["a"]}

BAD_RECORDS = {
    "bad JSON": ("contextual", '{"context_id": "c-x", "context_data": {"text": ', "invalid input syntax for type json"),
    "not an object": ("contextual", '[1, 2]', "record must be a JSON object"),
    "tags not a list": ("contextual", dict(GOOD_CONTEXT, context_id="c-2", tags="preference"), "tags: expected an array"),
    "created_at a boolean": ("contextual", dict(GOOD_CONTEXT, context_id="c-3", created_at=True), "created_at: expected"),
    "1535-long vector": ("contextual", dict(GOOD_CONTEXT, context_id="c-4", embedding=vec(dims=1535)),
                         "embedding: expected 1536 numbers, got 1535"),
    "vector of strings": ("contextual", dict(GOOD_CONTEXT, context_id="c-5", embedding=["0.1"] * 1536),
                          "embedding: must contain only finite numbers"),
    "vector out of range": ("contextual", '{"context_id": "c-6", "context_data": {}, "created_at": 1, "embedding": [1e39'
                            + ", 0" * 1535 + "]}", "embedding: must contain only finite numbers"),
    "missing context_id": ("contextual", {k: v for k, v in GOOD_CONTEXT.items() if k != "context_id"},
                           "missing required field context_id"),
    "context_id too long": ("contextual", dict(GOOD_CONTEXT, context_id="c" * 65), "context_id: longer than 64"),
    "missing created_at": ("contextual", {k: v for k, v in GOOD_CONTEXT.items() if k != "created_at"},
                           "missing required field created_at"),
    "missing session_id": ("sma", {"created_at": 1709280000}, "missing required field session_id"),
    "history not a list": ("sma", {"session_id": "s-9", "created_at": 1709280000, "conversation_history": "hi"},
                           "conversation_history: expected an array"),
    "missing user_id": ("jarvis", {"preferences": {}}, "missing required field user_id"),
    "skill_states a list": ("jarvis", {"user_id": "u-9", "skill_states": ["timer"]}, "skill_states: expected an object"),
    "entity without name": ("jarvis", {"user_id": "u-9", "entity_knowledge": [{"type": "city"}]},
                            "entity_knowledge[0]: missing required field entity"),
    "interaction without time": ("jarvis", {"user_id": "u-9", "interaction_history": [{"query": "q"}]},
                                 "interaction_history[0]: missing required field timestamp"),
    "turns not objects": ("sma", {"session_id": "s-9", "created_at": "yesterday", "conversation_history": [1]},
                          "created_at"),
}


@pytest.mark.parametrize("system, record, reason", BAD_RECORDS.values(), ids=BAD_RECORDS.keys())
def test_a_bad_record_is_rejected_with_its_line_and_reason_and_the_rest_imported(db, system, record, reason):
    good = {"contextual": GOOD_CONTEXT,
            "sma": {"session_id": "s-good", "created_at": 1709280000},
            "jarvis": {"user_id": "u-good", "skill_states": {"timer": {}}}}[system]
    _, counts, rejects = stage_and_run(db, system, [good, record, good])
    assert (counts["imported"], counts["skipped"], counts["rejected"]) == (1, 1, 1)
    assert len(rejects) == 1 and rejects[0][0] == 2
    assert reason in rejects[0][2], rejects[0]
    assert rejects[0][1].startswith("22")


def test_a_part_failing_after_the_first_writes_is_rejected_alone_and_leaves_nothing_of_itself(db):
    # the jarvis record writes its profile, session and entity before the interaction that fails
    db.execute("INSERT INTO memory_store.memory_entries (memory_id, memory_type, content, created_at) "
               "VALUES ('jarvis-u-1-interaction-0', 'context', '{}', '2024-03-01T08:00:00Z')")
    _, counts, rejects = stage_and_run(db, "jarvis", [
        {"user_id": "u-1", "preferences": {"a": 1}, "entity_knowledge": {"Leeds": {}},
         "interaction_history": [{"timestamp": 1709280000, "query": "q"}], "skill_states": {"timer": {"on": True}}}])
    assert counts["imported"] == 1 and counts["rejected"] == 0
    assert len(rejects) == 1 and "already exists as a context memory" in rejects[0][2]
    assert db.execute("SELECT part FROM memory_store.import_rejects").fetchone()[0] == "interaction_history[0]"
    assert count(db, "SELECT count(*) FROM memory_store.memory_entries WHERE memory_type = 'entity'") == 1
    assert count(db, "SELECT count(*) FROM memory_store.memory_entries WHERE memory_id = 'jarvis-u-1-interaction-0' "
                     "AND memory_type = 'context'") == 1
    # a context item whose id exists with another created_at: its new stub session is rolled back too
    stage_and_run(db, "contextual", [dict(GOOD_CONTEXT, context_id="c-1", session_id=None)])
    before = checksums(db)
    _, counts, rejects = stage_and_run(db, "contextual", [dict(GOOD_CONTEXT, context_id="c-1", session_id="s-fresh",
                                                               created_at="2025-01-01T00:00:00Z")])
    assert counts["rejected"] == 1 and "created_at is immutable" in rejects[0][2] and rejects[0][1] == "23505"
    assert checksums(db) == before
    assert count(db, "SELECT count(*) FROM memory_store.sessions WHERE session_id = 's-fresh'") == 0


def test_an_id_taken_by_another_kind_of_memory_rejects_that_turn(db):
    db.execute("INSERT INTO memory_store.memory_entries (memory_id, memory_type, content, created_at) "
               "VALUES ('sma-s-1-0', 'context', '{}', '2024-03-01T09:00:00Z')")
    _, counts, rejects = stage_and_run(db, "sma", [{"session_id": "s-1", "conversation_history": [
        {"role": "user", "content": "x", "timestamp": "2024-03-01T09:00:00Z"},
        {"role": "assistant", "content": "y", "timestamp": "2024-03-01T09:00:01Z"}]}])
    assert counts["imported"] == 1 and len(rejects) == 1 and "already exists as a context memory" in rejects[0][2]
    assert count(db, "SELECT count(*) FROM memory_store.sessions") == 1
    assert count(db, "SELECT count(*) FROM memory_store.memory_entries WHERE memory_id = 'sma-s-1-1'") == 1


# --- idempotency ------------------------------------------------------------

@pytest.mark.parametrize("system", legacy_samples.SYSTEMS)
def test_importing_the_same_file_twice_changes_nothing(db, system, tmp_path):
    path = tmp_path / f"{system}.jsonl"
    manifest = legacy_samples.generate(str(path), system, 60, seed=7, bad_every=15)
    bad = len(manifest.bad)
    uri = TARGET.uri(db.info.dbname)
    first = importer.import_file(uri, system, str(path), batch=25, progress=False)
    assert (first.imported, first.updated, first.skipped, first.rejected) == (60, 0, 0, bad)
    after_first = checksums(db)
    second = importer.import_file(uri, system, str(path), batch=25, progress=False)
    assert (second.imported, second.updated, second.skipped, second.rejected) == (0, 0, 60, bad)
    assert checksums(db) == after_first
    assert [r[0] for r in second.rejects] == [line for line, _ in manifest.bad]


def test_a_changed_record_updates_its_rows(db):
    stage_and_run(db, "contextual", [GOOD_CONTEXT])
    changed = dict(GOOD_CONTEXT, context_data={"text": "changed"}, tags=["a", "b"], embedding=vec(0.5))
    _, counts, _ = stage_and_run(db, "contextual", [changed])
    assert counts["imported"] == 1  # a new tag row
    assert db.execute("SELECT text_content FROM memory_store.memory_entries").fetchone() == ("changed",)
    assert db.execute("SELECT (embedding::real[])[1] FROM memory_store.vector_embeddings").fetchone() == (0.5,)
    _, counts, _ = stage_and_run(db, "contextual", [dict(changed, expires_at="2030-01-01T00:00:00Z")])
    assert counts["updated"] == 1
    _, counts, _ = stage_and_run(db, "jarvis", [{"user_id": "u-1", "preferences": {"a": 1}}])
    _, counts, _ = stage_and_run(db, "jarvis", [{"user_id": "u-1", "preferences": {"a": 2}}])
    assert counts["updated"] == 1
    assert db.execute("SELECT preferences FROM memory_store.user_profiles").fetchone() == ({"a": 2},)


# --- reconciliation ---------------------------------------------------------

@pytest.mark.parametrize("system", legacy_samples.SYSTEMS)
def test_reconciliation_counts_source_records_beside_the_rows_they_became(db, system, tmp_path):
    path = tmp_path / "export.jsonl"
    manifest = legacy_samples.generate(str(path), system, 40, seed=3, bad_every=10)
    result = importer.import_file(TARGET.uri(db.info.dbname), system, str(path), progress=False, keep_staging=True)
    report = {r[0]: r[1:] for r in result.reconciliation}
    assert report["records"] == (44, 40, 4, False)
    for item, expected in manifest.counts.items():
        source, target, rejected, mismatch = report[item]
        assert target == expected, item
        assert source == target + rejected and not mismatch, (item, report[item])
    # the rows are really there: compare with the tables
    if system == "contextual":
        assert report["embeddings"][1] == count(db, "SELECT count(*) FROM memory_store.vector_embeddings")
        assert report["tags"][1] == count(db, "SELECT count(*) FROM memory_store.memory_tags")
    if system == "jarvis":
        assert report["users"][1] == count(db, "SELECT count(*) FROM memory_store.user_profiles")
    # a row lost after the import shows as a mismatch
    db.execute("DELETE FROM memory_store.memory_entries WHERE memory_id = "
               "(SELECT memory_id FROM memory_store.memory_entries ORDER BY memory_id LIMIT 1)")
    assert any(r[3] for r in reconcile(db, result.run_id).values())


def test_reconciliation_needs_the_staged_records(db):
    run, _, _ = stage_and_run(db, "jarvis", [{"user_id": "u-1"}])
    assert reconcile(db, run)["users"] == (1, 1, 0, False)
    assert reconcile(db, run)["entities"] == (0, 0, 0, False)  # every item is listed
    db.execute("SELECT memory_store.import_purge(%s)", (run,))
    with pytest.raises(psycopg.errors.InvalidParameterValue):
        reconcile(db, run)


def test_import_run_works_in_batches(db):
    run, counts, _ = stage_and_run(db, "jarvis", [{"user_id": f"u-{i}"} for i in range(5)], limit=2)
    assert (counts["processed"], counts["remaining"]) == (2, 3)
    rest = db.execute("SELECT processed, remaining FROM memory_store.import_run(%s)", (run,)).fetchone()
    assert rest == (3, 0)
    assert db.execute("SELECT imported, rejected, finished_at IS NOT NULL FROM memory_store.import_runs "
                      "WHERE run_id = %s", (run,)).fetchone() == (5, 0, True)


def test_importers_are_for_the_dba_not_for_agents(db):
    for fn in ("memory_store.import_begin(text, text)", "memory_store.import_run(bigint, integer)",
               "memory_store.reconcile(bigint)", "memory_store.import_purge(bigint)"):
        assert db.execute("SELECT has_function_privilege('memory_dba', %s, 'EXECUTE'), "
                          "has_function_privilege('memory_agent', %s, 'EXECUTE')", (fn, fn)).fetchone() == (True, False)


# --- the streaming reader ---------------------------------------------------

def records(path, system=None):
    return [(r.position, r.line, r.text, r.sqlstate) for r in importer.iter_records(str(path), system)]


def test_json_array_elements_are_read_with_their_lines(tmp_path, monkeypatch):
    monkeypatch.setattr(importer, "CHUNK", 7)   # elements and strings cross chunk boundaries
    path = tmp_path / "a.json"
    path.write_text('\ufeff\n [\n  {"a": "x,]\\"}{[", "b": [1, 2]},\n  {"c": "\\\\"}\n, 42,\n\n  {"bad": tru}\n]\n')
    assert records(path) == [
        (1, 3, '{"a":"x,]\\"}{[","b":[1,2]}', None), (2, 4, '{"c":"\\\\"}', None), (3, 5, "42", None),
        (4, 7, None, "22P02")]
    path.write_text("[]")
    assert records(path) == []
    path.write_text('[{"a": 1}, {"b": ')
    assert records(path) == [(1, 1, '{"a":1}', None), (2, 1, None, "22P02")]


def test_json_lines_keep_their_line_numbers(tmp_path):
    path = tmp_path / "a.jsonl"
    path.write_text('{"a": 1}\n\n  {"b": 2}  \r\n{"c"\n')
    assert records(path) == [(1, 1, '{"a": 1}', None), (3, 3, '{"b": 2}', None), (4, 4, None, "22P02")]


@pytest.mark.parametrize("fmt", ["jsonl", "array"])
def test_rejects_carry_the_line_of_the_file(db, tmp_path, fmt):
    path = tmp_path / f"ctx.{fmt}"
    manifest = legacy_samples.generate(str(path), "contextual", 12, bad_every=3, fmt=fmt)
    result = importer.import_file(TARGET.uri(db.info.dbname), "contextual", str(path), progress=False)
    lines = [r[4] if fmt == "array" else r[0] for r in result.rejects]
    assert lines == [line for line, _ in manifest.bad]
    assert result.imported == 12 and result.status == "rejects"


# --- the generator ----------------------------------------------------------

def test_the_generator_is_deterministic_and_messy(tmp_path):
    a, b = tmp_path / "a.jsonl", tmp_path / "b.jsonl"
    legacy_samples.generate(str(a), "contextual", 30, seed=5, bad_every=6)
    manifest = legacy_samples.generate(str(b), "contextual", 30, seed=5, bad_every=6)
    assert a.read_bytes() == b.read_bytes()
    assert [kind for _, kind in manifest.bad] == ["bad_json", "wrong_type", "short_vector", "missing_key", "bad_json"]
    lines = a.read_text().splitlines()
    good = [json.loads(line) for n, line in enumerate(lines, 1) if n not in dict(manifest.bad)]
    stamps = [r["created_at"] for r in good]
    assert any(isinstance(s, int) for s in stamps) and any(isinstance(s, float) for s in stamps)
    assert any(isinstance(s, str) and s.endswith("Z") for s in stamps)
    assert any(isinstance(s, str) and s[-6] not in "+-" and not s.endswith("Z") for s in stamps)
    assert any("embedding" not in r for r in good) and any(r.get("embedding", 0) is None for r in good)
    assert any("confidence" in r for r in good) and any(r["session_id"].startswith("orphan-") for r in good)
    users = [json.loads(x) for x in legacy_samples.records("jarvis", 6)]
    assert {type(u["entity_knowledge"]) for u in users} == {dict, list}


# --- the task ---------------------------------------------------------------

def test_the_import_task_end_to_end(db, tmp_path):
    path = tmp_path / "ctx.json"
    manifest = legacy_samples.generate(str(path), "contextual", 8, bad_every=4, fmt="array")
    env = dict(os.environ, DATABASE_URL=TARGET.uri(db.info.dbname))
    invoke = os.path.join(os.path.dirname(sys.executable), "invoke")
    done = subprocess.run([invoke, "import", "--system", "contextual", "--file", str(path), "--batch", "3"],
                          cwd=ROOT, env=env, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    out = done.stdout
    assert "imported: 8  updated: 0  unchanged: 0 (of which superseded by a later record of the same key: 0)  " \
           "rejected: 2" in out
    for line, _ in manifest.bad:
        assert f"(line {line}): " in out
    assert "OK: 10 records in the file = 8 imported + 0 updated + 0 unchanged + 2 rejected" in out
    assert "context items" in out and "MISMATCH" not in out
    assert "importing" in done.stderr  # the progress bar
    assert count(db, "SELECT count(*) FROM memory_store.memory_entries") == 8
    assert count(db, "SELECT count(*) FROM memory_store.import_staging") == 0   # purged
    again = subprocess.run([invoke, "import", "--system", "contextual", "--file", str(path)],
                           cwd=ROOT, env=env, capture_output=True, text=True, timeout=300)
    assert "imported: 0  updated: 0  unchanged: 8 (of which superseded by a later record of the same key: 0)  " \
           "rejected: 2" in again.stdout
