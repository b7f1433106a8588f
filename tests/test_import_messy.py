"""Legacy import of messy exports (issue 14): a corpus of files written byte
by byte (tests/messy_corpus.py) goes through the code of `./dev import`;
every case asserts the exact outcome (the fields imported, or the reject's
position, SQLSTATE and reason), and every run proves that the records in the
file = imported + updated + unchanged + rejected. Also: the six import orders
of the three systems give the same rows, a second import of a file with
conflicting duplicates changes nothing, and the vector index deferral."""

import itertools
import json
import os
import subprocess
import sys
from datetime import datetime, timezone

import psycopg
import pytest

import messy_corpus as corpus
from conftest import ROOT, TARGET
from helpers import count

from mo import importer

TABLES = {  # target table -> the columns compared (serial ids and now()-stamped times left out)
    "sessions": "session_id, user_id, created_at, updated_at, ended_at, metadata, summary, is_archived, session_type",
    "memory_registry": "memory_id, created_at",
    "memory_entries": "memory_id, session_id, memory_type, content, source_agent, created_at, updated_at, expires_at, "
                      "priority, is_active, user_id",
    "memory_tags": "memory_id, tag, user_id",
    "vector_embeddings": "memory_id, embedding, embedding_model, created_at, user_id",
    "user_profiles": "user_id, profile_data, preferences, is_active",
    "agent_states": "agent_id, session_id, user_id, state_data",
}


def run(db, system, path, **kwargs):
    return importer.import_file(TARGET.uri(db.info.dbname), system, str(path), progress=False, **kwargs)


def accounted(result):
    """The run's own proof, and ours: every record of the file has an outcome."""
    assert result.status in ("ok", "rejects"), importer.report(result, "x")
    assert result.file_records == result.imported + result.updated + result.skipped + result.rejected
    assert not any(row[4] for row in result.reconciliation), result.reconciliation
    return result


def checksums(db, times=True):
    out = {}
    for table, columns in TABLES.items():
        if not times:
            columns = ", ".join(c for c in columns.split(", ") if c != "updated_at")
        out[table] = db.execute(f"SELECT count(*), md5(coalesce(string_agg(x::text, '|' ORDER BY x::text), '')) "
                                f"FROM (SELECT {columns} FROM memory_store.{table}) x").fetchone()
    return out


def rejects(result):
    return [(position, part, sqlstate, reason) for position, part, sqlstate, reason, _line in result.rejects]


def utc(text):
    return datetime.fromisoformat(text.replace("+00", "+00:00")).astimezone(timezone.utc)


# --- 1. a real streaming parser ---------------------------------------------

def test_the_issues_301_user_array_with_escapes_imports_every_record(db, tmp_path):
    result = accounted(run(db, "jarvis", corpus.escapes_array(tmp_path / "jarvis.json")))
    assert (result.file_records, result.imported, result.rejected) == (301, 301, 0)
    assert result.reconciliation[0] == ("records", 301, 301, 0, False)
    prefs = db.execute("SELECT preferences FROM memory_store.user_profiles WHERE user_id = 'u150'").fetchone()[0]
    assert prefs == dict(corpus.ESCAPES, n=150)
    text = db.execute("SELECT text_content FROM memory_store.memory_entries "
                      "WHERE memory_id = 'jarvis-u300-interaction-0'").fetchone()[0]
    assert text == 'Q: say "hi"\t[ok]\nA: hi\n'


def test_hand_written_escapes_on_one_line(db, tmp_path):
    result = accounted(run(db, "jarvis", corpus.escapes_hand_written(tmp_path / "j.json")))
    assert (result.file_records, result.imported) == (3, 3)
    rows = dict(db.execute("SELECT user_id, preferences FROM memory_store.user_profiles").fetchall())
    assert rows == {"h1": {"s": "a/b", "e": "\U0001F600", "q": '"]},'}, "h2": {"b": "\\", "u": "\u00e9"}, "h3": None}


def test_memory_stays_flat_while_reading(tmp_path):
    """The reader holds one record at a time: reading 19 MB of records must
    not hold more than a few records' worth (tracemalloc; the >1 GB
    measurement is bench/import_memory.py)."""
    import tracemalloc
    path = tmp_path / "big.json"
    with open(path, "w") as f:
        f.write("[")
        for i in range(1000):
            f.write(("," if i else "") + json.dumps({"context_id": f"m-{i}", "embedding": corpus.vec(0.123456789)}) + "\n")
        f.write("]")
    assert path.stat().st_size > 19e6
    tracemalloc.start()
    n = sum(1 for _ in importer.iter_records(str(path), "contextual"))
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert n == 1000 and peak < 8e6, peak


# --- 2. per-record isolation --------------------------------------------------

def test_bad_bytes_invalid_json_and_a_cut_line_reject_only_their_line(db, tmp_path):
    result = accounted(run(db, "contextual", corpus.bad_bytes(tmp_path / "bad.jsonl", "jsonl")))
    assert (result.file_records, result.imported, result.rejected) == (6, 2, 4)
    got = rejects(result)
    assert [(p, s) for p, _, s, _ in got] == [(2, "22021"), (3, "22021"), (4, "22P02"), (6, "22P02")]
    assert got[0][3].startswith("NUL byte (0x00), which PostgreSQL text cannot hold at column 52 (byte offset 133)")
    assert got[1][3].startswith("invalid UTF-8 byte 0xe9 at column 59 (byte offset 226)")
    assert got[2][3] == "invalid JSON: trailing comma is not allowed at column 78"
    assert got[3][3].startswith("invalid JSON: ")
    assert [r[0] for r in db.execute("SELECT memory_id FROM memory_store.memory_entries ORDER BY 1")] == ["b-1", "b-5"]
    run_row = db.execute("SELECT finished_at IS NOT NULL, status, file_records, file_format FROM memory_store.import_runs "
                         "WHERE run_id = %s", (result.run_id,)).fetchone()
    assert run_row == (True, "rejects", 6, "jsonl")


def test_an_array_with_bad_bytes_invalid_json_and_a_truncated_tail(db, tmp_path):
    result = accounted(run(db, "contextual", corpus.bad_bytes(tmp_path / "bad.json", "array")))
    assert (result.file_records, result.imported, result.rejected) == (6, 2, 4)
    got = rejects(result)
    assert [(p, s) for p, _, s, _ in got] == [(2, "22021"), (3, "22021"), (4, "22P02"), (6, "22P02")]
    assert got[0][3].startswith("invalid UTF-8 byte 0xe9 at byte offset ")
    assert got[1][3].startswith("raw control byte 0x00 (NUL, which PostgreSQL text cannot hold)")
    assert got[2][3].startswith("invalid JSON in line 4 (element 4): ") and got[2][3].endswith("resumes at the next element")
    assert got[3][3].startswith("the file ends inside element 6 (truncated)")
    assert [r[0] for r in db.execute("SELECT memory_id FROM memory_store.memory_entries ORDER BY 1")] == ["a-1", "a-5"]


@pytest.mark.parametrize("content, position, reason", [
    (b"\x00\x01\x02", 1, "NUL byte"),
    (b"\xff{", 1, "invalid UTF-8 byte 0xff"),          # (\xff\xfe and [\x00 start UTF-16: refused whole, below)
    (b"[ \x00]", 1, "invalid JSON in line 1"),
    (b"[", 1, "the file ends inside element 1"),
])
def test_no_input_ends_in_a_traceback(db, tmp_path, content, position, reason):
    result = accounted(run(db, "contextual", corpus.write(tmp_path / "x", content)))
    assert rejects(result)[-1][0] == position and reason in rejects(result)[-1][3]


CTX = '{"context_id": "%s", "context_data": {"text": "%s"}, "created_at": 1709283600}'


def test_bad_bytes_in_an_array_are_named_at_their_exact_byte_offset(db, tmp_path):
    """Each bad byte's offset is the byte's own, whatever precedes it on the
    line (multi-byte characters, other bad bytes), and a bad byte right
    after a backslash (where the parser stops) is named, not passed off as
    plain invalid JSON."""
    def item(key, text: bytes) -> bytes:
        return (CTX % (key, "TEXT")).encode().replace(b"TEXT", text) + b","
    lines = [b"[", item("ok-1", "café éé".encode()), item("ctl", "éé a".encode() + b"\x01b\x1fc"),
             item("utf", "éé ".encode() + b"\xff\xfe"), item("bs-nul", b"a\\\x00b"), item("bs-bad", b"a\\\xffb"),
             item("ok-2", b"tab\\t")[:-1], b"]"]
    data = b"\n".join(lines)
    result = accounted(run(db, "contextual", corpus.write(tmp_path / "b.json", data)))
    assert (result.file_records, result.imported, result.rejected) == (6, 2, 4)

    def at(n: int, byte: bytes) -> int:
        return data.index(lines[n]) + lines[n].index(byte)
    nul, ctl, bad = b"\x00", b"\x01", b"\xff"
    got = rejects(result)
    assert got[0] == (2, "", "22021", f"raw control byte 0x01 at byte offset {at(2, ctl)} (2 such bytes)")
    assert got[1] == (3, "", "22021", f"invalid UTF-8 byte 0xff at byte offset {at(3, bad)} (2 such bytes)")
    assert got[2][:3] == (4, "", "22021") and got[2][3].startswith(
        f"raw control byte 0x00 (NUL, which PostgreSQL text cannot hold) at byte offset {at(4, nul)}; "
        "the parser stops there: invalid JSON in line 5 (element 4)")
    assert got[3][:3] == (5, "", "22021") and got[3][3].startswith(
        f"invalid UTF-8 byte 0xff at byte offset {at(5, bad)}; the parser stops there: invalid JSON in line 6")
    assert [r[0] for r in db.execute("SELECT memory_id FROM memory_store.memory_entries ORDER BY 1")] == ["ok-1", "ok-2"]


def test_bytes_after_the_array_reject_the_file_not_a_record(db, tmp_path):
    data = b'[' + (CTX % ("t-1", "x")).encode() + b']\n\n{"context_id": "t-2"}\n'
    result = accounted(run(db, "contextual", corpus.write(tmp_path / "t.json", data)))
    assert (result.file_records, result.imported, result.rejected, result.status) == (1, 1, 0, "rejects")
    tail = data.index(b'{"context_id": "t-2')
    reason = (f"the file goes on after the closing bracket of the array: line 3 (byte offset {tail}, "
              f"{len(data) - tail} bytes to the end of the file) is not part of any of its 1 elements")
    assert rejects(result) == [(0, "file", "22P02", reason)]
    assert db.execute("SELECT status, status_detail, file_records FROM memory_store.import_runs WHERE run_id = %s",
                      (result.run_id,)).fetchone() == ("rejects", reason, 1)
    text = importer.report(result, "contextual").splitlines()
    assert f"  rejected the file itself: {reason} [22P02]" in text and f"FILE REJECTED: {reason}" in text
    # blanks after the array are no finding
    clean = accounted(run(db, "contextual", corpus.write(tmp_path / "c.json", data.split(b"]")[0] + b"]\r\n  \n")))
    assert (clean.status, clean.rejects) == ("ok", [])


@pytest.mark.parametrize("call, message", [
    ("SELECT memory_store.import_file_reject(-1, '22P02', 'x', NULL)", "no import run -1"),
    ("SELECT memory_store.import_file_reject({run}, '2P02', 'x', NULL)", "p_sqlstate must be a SQLSTATE"),
    ("SELECT memory_store.import_file_reject({run}, '22P02', '', NULL)", "p_reason must not be empty"),
])
def test_each_error_class_of_import_file_reject(db, call, message):
    run_id = db.execute("SELECT memory_store.import_begin('contextual', 'x')").fetchone()[0]
    with pytest.raises(psycopg.errors.InvalidParameterValue, match=message):
        db.execute(call.format(run=run_id))


def test_the_task_reports_a_missing_file_in_one_line(db, tmp_path):
    env = dict(os.environ, DATABASE_URL=TARGET.uri(db.info.dbname))
    invoke = os.path.join(os.path.dirname(sys.executable), "invoke")
    done = subprocess.run([invoke, "import", "--system", "contextual", "--file", str(tmp_path / "nope.jsonl")],
                          cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode == 1 and "Traceback" not in done.stderr
    assert done.stderr.strip().startswith("import failed: FileNotFoundError")


def test_a_run_the_client_abandons_ends_failed(db):
    run_id = db.execute("SELECT memory_store.import_begin('contextual', 'x')").fetchone()[0]
    db.execute("SELECT memory_store.import_fail(%s, 'KeyboardInterrupt')", (run_id,))
    assert db.execute("SELECT finished_at IS NOT NULL, status, status_detail FROM memory_store.import_runs "
                      "WHERE run_id = %s", (run_id,)).fetchone() == (True, "failed", "KeyboardInterrupt")


# --- 3. the file is the ground truth ------------------------------------------

def test_records_lost_between_the_file_and_the_tables_fail_the_run_loudly(db, tmp_path):
    run_id = db.execute("SELECT memory_store.import_begin('contextual', 'x')").fetchone()[0]
    db.execute("INSERT INTO memory_store.import_staging (run_id, line_number, raw) VALUES (%s, 1, %s)",
               (run_id, json.dumps({"context_id": "g-1", "context_data": {}, "created_at": 1})))
    db.execute("SELECT * FROM memory_store.import_run(%s)", (run_id,))
    # the reader found 3 records but only one reached staging: the run is a mismatch
    db.execute("SELECT * FROM memory_store.import_finish(%s, 3, 'jsonl')", (run_id,))
    assert db.execute("SELECT status FROM memory_store.import_runs WHERE run_id = %s", (run_id,)).fetchone()[0] == "mismatch"
    rows = db.execute("SELECT item, source_count, target_count, rejected_count, mismatch "
                      "FROM memory_store.reconcile(%s)", (run_id,)).fetchall()
    assert rows[0] == ("records", 3, 1, 0, True)
    detail = db.execute("SELECT status_detail FROM memory_store.import_runs WHERE run_id = %s", (run_id,)).fetchone()[0]
    assert detail == "3 records in the file, 1 imported + 0 updated + 0 unchanged + 0 rejected"
    result = importer.Result(run_id, status="mismatch", file_records=3, imported=1)
    assert importer.report(result, "contextual").splitlines()[-1].startswith("MISMATCH: 3 records in the file, but 1")


@pytest.mark.parametrize("call, message", [
    ("SELECT * FROM memory_store.import_finish(-1, 1, 'jsonl')", "no import run -1"),
    ("SELECT * FROM memory_store.import_finish({run}, -1, 'jsonl')", "p_file_records must be >= 0"),
    ("SELECT * FROM memory_store.import_finish({run}, 1, 'csv')", "p_file_format must be jsonl or array"),
    ("SELECT memory_store.import_fail(-1, 'x')", "no import run -1"),
    ("SELECT memory_store.import_prepare(-1)", "no import run -1"),
    ("SELECT memory_store.import_priority('priority', '0')", "priority: expected a number from 1 to 10"),
    ("SELECT memory_store.import_priority('priority', '{{}}')", "priority: expected a number from 1 to 10"),
    ("SELECT memory_store.import_unknown_fields('[1]', ARRAY['a'])", "record must be a JSON object, got array"),
    ("SELECT memory_store.import_put_memory('m', NULL, 'context', '[]', NULL, now(), NULL, 5)",
     "content must be a JSON object, got array"),
])
def test_each_error_class_of_the_new_functions(db, call, message):
    run_id = db.execute("SELECT memory_store.import_begin('contextual', 'x')").fetchone()[0]
    with pytest.raises(psycopg.errors.InvalidParameterValue, match=message):
        db.execute(call.format(run=run_id))


def test_the_per_memory_import_limit_is_1_mib(db):
    with pytest.raises(psycopg.errors.ProgramLimitExceeded, match="the import limit is 1048576 per memory"):
        db.execute("SELECT memory_store.import_put_memory('m', NULL, 'context', %s, NULL, now(), NULL, 5)",
                   (json.dumps({"text": "x" * (1 << 20)}),))


def test_new_import_functions_are_for_the_dba_only(db):
    for fn in ("import_finish(bigint, bigint, text)", "import_fail(bigint, text)", "import_prepare(bigint)",
               "import_restore_indexes()"):
        assert db.execute(f"SELECT has_function_privilege('memory_dba', 'memory_store.{fn}', 'EXECUTE'), "
                          f"has_function_privilege('public', 'memory_store.{fn}', 'EXECUTE'), "
                          f"pg_get_userbyid(proowner) FROM pg_proc WHERE oid = 'memory_store.{fn}'::regprocedure"
                          ).fetchone() == (True, False, "memory_maintainer")


# --- timestamps, BOM, CRLF, unknown fields, missing sessions -----------------

def test_timestamps_in_every_format_with_bom_and_crlf(db, tmp_path):
    result = accounted(run(db, "contextual", corpus.timestamps_crlf_bom(tmp_path / "t.jsonl")))
    assert (result.file_records, result.imported, result.rejected) == (len(corpus.TIMESTAMPS), len(corpus.TIMESTAMPS), 0)
    got = dict(db.execute("SELECT memory_id, created_at FROM memory_store.memory_entries").fetchall())
    assert got == {f"t-{i}": utc(expected) for i, (_, expected) in enumerate(corpus.TIMESTAMPS)}
    content = db.execute("SELECT content FROM memory_store.memory_entries WHERE memory_id = 't-0'").fetchone()[0]
    assert content == {"text": "item 0", "legacy_extra": {"mood": "odd"}}
    stub = db.execute("SELECT session_type, created_at, metadata FROM memory_store.sessions "
                      "WHERE session_id = 's-missing'").fetchone()
    assert stub == ("context", utc("2024-03-01 09:00:00+00"), {"import_stub": "contextual_memory_pc2"})


# --- 5. idempotent, including conflicting duplicates ---------------------------

def test_the_last_record_of_a_key_wins_and_a_second_import_changes_nothing(db, tmp_path):
    path = corpus.duplicates(tmp_path / "dup.jsonl")
    first = accounted(run(db, "contextual", path))
    assert (first.file_records, first.imported, first.skipped, first.superseded) == (6, 3, 3, 3)
    row = db.execute("SELECT content, priority, (SELECT array_agg(tag) FROM memory_store.memory_tags t "
                     "WHERE t.memory_id = m.memory_id) FROM memory_store.memory_entries m "
                     "WHERE memory_id = 'd-conflict'").fetchone()
    assert row == ({"text": "third"}, 8, None)
    before = checksums(db)
    second = accounted(run(db, "contextual", path))
    assert (second.imported, second.updated, second.skipped, second.superseded) == (0, 0, 6, 3)
    assert checksums(db) == before


# --- 6. history is imported whole -----------------------------------------------

def test_long_turns_tool_calls_and_one_bad_turn(db, tmp_path):
    result = accounted(run(db, "session", corpus.long_and_tool_turns(tmp_path / "s.jsonl")))
    assert (result.file_records, result.imported, result.rejected) == (1, 1, 0)
    assert rejects(result) == [
        (1, "conversation_history[3]", "54000", "content is 1572929 bytes, the import limit is 1048576 per memory"),
        (1, "conversation_history[4]", "22004", "missing required field role")]
    rows = {r[0]: r[1:] for r in db.execute(
        "SELECT memory_id, content, text_content, priority, octet_length(content::text) FROM memory_store.memory_entries")}
    assert set(rows) == {"sma-s-long-0", "sma-s-long-1", "sma-s-long-2", "sma-s-long-5"}
    content, text, priority, size = rows["sma-s-long-0"]
    assert "content" not in content and text == "word " * 40000 and priority == 7 and size < 210_000  # text once
    assert rows["sma-s-long-1"][:3] == ({"role": "assistant", "content": None, "timestamp": "2024-03-01T09:00:02Z",
                                         "tool_calls": [{"id": "call-1", "function": {
                                             "name": "weather", "arguments": "{\"city\": \"Leeds\"}"}}]}, None, 7)
    assert rows["sma-s-long-2"][:3] == ({"role": "tool", "content": {"temperature": 7, "unit": "C"},
                                         "timestamp": "2024-03-01T09:00:03Z", "priority": "critical"}, None, 10)
    session = db.execute("SELECT updated_at, metadata FROM memory_store.sessions WHERE session_id = 's-long'").fetchone()
    assert session == (utc("2024-03-01 10:00:00+00"), {"legacy_extra": {"client": "v2"}})
    reconciliation = {r[0]: r[1:] for r in result.reconciliation}
    assert reconciliation["turns"] == (6, 4, 2, False)


def test_a_jarvis_user_without_interactions_says_its_time_is_unknown(db, tmp_path):
    users = [{"user_id": "j-none", "entity_knowledge": {"Leeds": {"type": "city"}}},
             {"user_id": "j-some", "entity_knowledge": {"York": {"type": "city"}},
              "interaction_history": [{"timestamp": 1709280000, "query": "q", "response": "r"}]}]
    accounted(run(db, "jarvis", corpus.write(tmp_path / "j.jsonl", "\n".join(map(json.dumps, users)))))
    rows = db.execute("SELECT m.content -> 'entity', m.content -> 'created_at_unknown', s.metadata, "
                      "m.created_at = to_timestamp(1709280000) FROM memory_store.memory_entries m "
                      "JOIN memory_store.sessions s USING (session_id) WHERE m.memory_type = 'entity' ORDER BY 1").fetchall()
    assert rows == [("Leeds", True, {"import_source": "jarvis_memory_pc2", "created_at_unknown": True}, False),
                    ("York", None, {"import_source": "jarvis_memory_pc2"}, True)]


def test_an_imported_update_says_change_operation_import(db, tmp_path):
    """The memory history (another change) reads memory_store.change_operation
    in its BEFORE UPDATE trigger; here a trigger of the test's own records
    what an UPDATE of the import sees, and that the setting does not outlive
    the UPDATE."""
    db.execute("CREATE TABLE public.seen (memory_id text, operation text)")
    db.execute("GRANT INSERT ON public.seen TO PUBLIC")                 # the import writes as its functions' owner
    db.execute("CREATE FUNCTION public.seen() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
               "INSERT INTO public.seen VALUES (NEW.memory_id, current_setting('memory_store.change_operation', true)); "
               "RETURN NEW; END $$")
    db.execute("CREATE TRIGGER seen BEFORE UPDATE ON memory_store.memory_entries FOR EACH ROW EXECUTE FUNCTION public.seen()")
    path = tmp_path / "u.jsonl"
    accounted(run(db, "contextual", corpus.write(path, CTX % ("u-1", "first") + "\n" + CTX % ("u-2", "same"))))
    assert db.execute("SELECT count(*) FROM public.seen").fetchone()[0] == 0
    result = accounted(run(db, "contextual", corpus.write(path, CTX % ("u-1", "second") + "\n" + CTX % ("u-2", "same"))))
    assert (result.updated, result.skipped) == (1, 1), result.rejects
    assert db.execute("SELECT * FROM public.seen").fetchall() == [("u-1", "import")]
    with db.transaction():
        db.execute("SELECT memory_store.import_put_memory('u-1', NULL, 'context', '{\"text\": \"third\"}', NULL, "
                   "to_timestamp(1709283600), NULL, 5)")
        assert db.execute("SELECT current_setting('memory_store.change_operation', true)").fetchone()[0] == ""
        db.execute("UPDATE memory_store.memory_entries SET priority = 6 WHERE memory_id = 'u-2'")
    assert db.execute("SELECT * FROM public.seen").fetchall() == [("u-1", "import"), ("u-1", "import"), ("u-2", "")]


def test_legacy_priority_is_mapped(db, tmp_path):
    result = accounted(run(db, "contextual", corpus.priorities(tmp_path / "p.jsonl")))
    got = dict(db.execute("SELECT memory_id, priority FROM memory_store.memory_entries").fetchall())
    assert got == {f"p-{i}": expected for i, (_, expected) in enumerate(corpus.PRIORITIES)}
    assert [(p, s, r) for p, _, s, r in rejects(result)] == [
        (11, "22023", "priority: expected a number from 1 to 10 or one of lowest, low, normal, medium, high, highest, "
                      "urgent, critical; got \"whenever\""),
        (12, "22023", "priority: expected a number from 1 to 10 or one of lowest, low, normal, medium, high, highest, "
                      "urgent, critical; got 0")]


# --- 4. any order, same database --------------------------------------------------

def reset(db):
    for table in ("memory_registry", "sessions", "user_profiles", "agent_states", "import_runs"):
        db.execute(f"DELETE FROM memory_store.{table}")


def test_the_six_import_orders_give_the_same_rows(db, tmp_path):
    files = corpus.order_exports(tmp_path)
    seen = {}
    for order in itertools.permutations(files):
        reset(db)
        for system in order:
            accounted(run(db, system, files[system]))
        seen[order] = checksums(db)
        updated = db.execute("SELECT session_id, updated_at = to_timestamp(1709290000 + 100 * "
                             "substr(session_id, 3)::int) FROM memory_store.sessions "
                             "WHERE session_type = 'conversation' ORDER BY 1").fetchall()
        assert updated == [(f"o-{i}", True) for i in range(8)], order     # last_interaction, whatever came after
    first = next(iter(seen.values()))
    assert all(value == first for value in seen.values()), {k: v for k, v in seen.items() if v != first}


def test_agents_writing_memories_still_touch_their_session(db):
    db.execute("INSERT INTO memory_store.sessions (session_id, created_at, updated_at, session_type) "
               "VALUES ('s-agent', '2024-01-01', '2024-01-01', 'conversation')")
    db.execute("INSERT INTO memory_store.memory_entries (memory_id, session_id, memory_type, content) "
               "VALUES ('m-agent', 's-agent', 'context', '{}')")
    assert db.execute("SELECT updated_at > '2025-01-01' FROM memory_store.sessions").fetchone()[0]


# --- 7. the vector index deferred for a large load ---------------------------------

def test_a_large_load_defers_the_vector_index_and_rebuilds_it(db, tmp_path):
    definition = db.execute("SELECT pg_get_indexdef('memory_store.idx_vector_embeddings_embedding'::regclass)").fetchone()[0]
    path = corpus.order_exports(tmp_path)["contextual"]
    result = accounted(run(db, "contextual", path, defer_index_min=10))
    assert result.index_deferred and result.imported == 20
    assert db.execute("SELECT pg_get_indexdef('memory_store.idx_vector_embeddings_embedding'::regclass)"
                      ).fetchone()[0] == definition
    assert count(db, "SELECT count(*) FROM memory_store.import_deferred_indexes") == 0
    # the build was offered the parallel workers by the table (parallel_workers), which says nothing again after
    assert db.execute("SELECT reloptions FROM pg_class WHERE oid = 'memory_store.vector_embeddings'::regclass"
                      ).fetchone()[0] is None
    # a second load of the same items adds no embedding: the index stays
    assert not run(db, "contextual", path, defer_index_min=10).index_deferred


def test_an_import_that_dies_after_deferring_leaves_the_index_to_restore(db, tmp_path):
    definition = db.execute("SELECT pg_get_indexdef('memory_store.idx_vector_embeddings_embedding'::regclass)").fetchone()[0]
    run_id = db.execute("SELECT memory_store.import_begin('contextual', 'x')").fetchone()[0]
    with db.cursor().copy("COPY memory_store.import_staging (run_id, line_number, raw) FROM STDIN") as copy:
        for i in range(3):
            copy.write_row((run_id, i + 1, json.dumps({"context_id": f"e-{i}", "embedding": corpus.EMB})))
    db.execute("SET memory_store.import_defer_min = 2")
    assert db.execute("SELECT memory_store.import_prepare(%s)", (run_id,)).fetchone()[0] is True
    assert db.execute("SELECT to_regclass('memory_store.idx_vector_embeddings_embedding')").fetchone()[0] is None
    assert db.execute("SELECT memory_store.import_restore_indexes()").fetchone()[0] == 1
    assert db.execute("SELECT pg_get_indexdef('memory_store.idx_vector_embeddings_embedding'::regclass)"
                      ).fetchone()[0] == definition
    assert db.execute("SELECT memory_store.import_restore_indexes()").fetchone()[0] == 0


def test_the_rebuild_keeps_a_dba_s_own_parallel_workers(db):
    db.execute("ALTER TABLE memory_store.vector_embeddings SET (parallel_workers = 0)")
    db.execute("INSERT INTO memory_store.import_deferred_indexes (index_name, definition, description) "
               "SELECT 'memory_store.idx_vector_embeddings_embedding', "
               "pg_get_indexdef('memory_store.idx_vector_embeddings_embedding'::regclass), 'x'")
    db.execute("DROP INDEX memory_store.idx_vector_embeddings_embedding")
    with db.transaction():
        db.execute("SET LOCAL max_parallel_maintenance_workers = 1")
        assert db.execute("SELECT memory_store.import_restore_indexes()").fetchone()[0] == 1
    assert db.execute("SELECT reloptions FROM pg_class WHERE oid = 'memory_store.vector_embeddings'::regclass"
                      ).fetchone()[0] == ["parallel_workers=0"]



def test_writes_of_embeddings_wait_for_the_plain_rebuild(db, connect, tmp_path):
    """CREATE INDEX holds a SHARE lock on vector_embeddings until its
    transaction ends: an agent's write waits (here: gives up at its
    lock_timeout) while import_restore_indexes has not committed."""
    path = corpus.order_exports(tmp_path)["contextual"]
    run_id = db.execute("SELECT memory_store.import_begin('contextual', 'x')").fetchone()[0]
    with db.cursor().copy("COPY memory_store.import_staging (run_id, line_number, raw, embedding, record_key) "
                          "FROM STDIN") as copy:
        for r in importer.iter_records(str(path), "contextual_memory_pc2"):
            copy.write_row((run_id, r.position, r.text, r.embedding, r.key))
    db.execute("SET memory_store.import_defer_min = 10")
    assert db.execute("SELECT memory_store.import_prepare(%s)", (run_id,)).fetchone()[0] is True
    db.execute("SELECT * FROM memory_store.import_run(%s)", (run_id,))
    agent = connect(autocommit=True)
    agent.execute("INSERT INTO memory_store.memory_entries (memory_id, memory_type, content) VALUES ('w', 'context', '{}')")
    insert = ("INSERT INTO memory_store.vector_embeddings (memory_id, embedding, embedding_model) "
              "VALUES ('w', %s, 'm')")
    with db.transaction():
        assert db.execute("SELECT memory_store.import_restore_indexes()").fetchone()[0] == 1
        agent.execute("SET lock_timeout = '200ms'")
        with pytest.raises(psycopg.errors.LockNotAvailable):
            agent.execute(insert, (str(corpus.EMB),))
    agent.execute(insert, (str(corpus.EMB),))                     # the build committed: the write goes through


def test_the_online_rebuild_builds_the_same_index_concurrently(db, tmp_path):
    definition, comment = db.execute(
        "SELECT pg_get_indexdef(oid), obj_description(oid, 'pg_class') FROM pg_class "
        "WHERE oid = 'memory_store.idx_vector_embeddings_embedding'::regclass").fetchone()
    path = corpus.order_exports(tmp_path)["contextual"]
    result = accounted(run(db, "contextual", path, defer_index_min=10, online_index=True))
    assert result.index_deferred and result.imported == 20
    assert db.execute("SELECT pg_get_indexdef(i.indexrelid), obj_description(i.indexrelid, 'pg_class'), i.indisvalid "
                      "FROM pg_index i WHERE i.indexrelid = 'memory_store.idx_vector_embeddings_embedding'::regclass"
                      ).fetchone() == (definition, comment, True)
    assert count(db, "SELECT count(*) FROM memory_store.import_deferred_indexes") == 0


def test_an_empty_file_is_a_run_of_zero_records(db, tmp_path):
    result = accounted(run(db, "session", corpus.write(tmp_path / "empty.jsonl", b"\xef\xbb\xbf\r\n  \n")))
    assert (result.file_records, result.status) == (0, "ok")
    assert result.reconciliation[0] == ("records", 0, 0, 0, False)


def test_embeddings_read_apart_are_checked_like_the_others(db, tmp_path):
    rec = lambda cid, emb: json.dumps({"context_id": cid, "context_data": {"text": "e"}, "created_at": 1709283600,
                                       "embedding": emb})
    path = corpus.write(tmp_path / "e.jsonl", "\n".join([
        rec("e-ok", corpus.EMB), rec("e-range", [1e39] + [0.0] * 1535), rec("e-short", [0.5] * 1535),
        rec("e-text", ["0.5"] * 1536)]))
    assert [r.embedding is not None for r in importer.iter_records(str(path), "contextual")] == [True, True, False, True]
    result = accounted(run(db, "contextual", path))
    assert [(p, s, r.split(" (")[0]) for p, _, s, r in rejects(result)] == [
        (2, "22023", "embedding: must contain only finite numbers in the range of real"),
        (3, "22023", "embedding: expected 1536 numbers, got 1535"),
        (4, "22023", "embedding: must contain only finite numbers in the range of real")]
    assert db.execute("SELECT embedding::text = %s FROM memory_store.vector_embeddings",
                      (json.dumps(corpus.EMB).replace(" ", "").replace(".0,", ",").replace(".0]", "]"),)
                      ).fetchone()[0]


def test_the_batch_path_writes_what_the_record_path_writes(db, tmp_path):
    path = corpus.order_exports(tmp_path)["contextual"]
    run_id = db.execute("SELECT memory_store.import_begin('contextual', 'batch')").fetchone()[0]
    with db.cursor().copy("COPY memory_store.import_staging (run_id, line_number, raw, embedding, record_key) "
                          "FROM STDIN") as copy:
        for r in importer.iter_records(str(path), "contextual_memory_pc2"):
            copy.write_row((run_id, r.position, r.text, r.embedding, r.key))
    db.execute("SET memory_store.importing = 'on'")            # as import_run does
    assert db.execute("SELECT memory_store.import_contextual_batch(%s, NULL)", (run_id,)).fetchone()[0] == 20
    assert db.execute("SELECT memory_store.import_contextual_batch(%s, NULL)", (run_id,)).fetchone()[0] == 0
    db.execute("RESET memory_store.importing")
    batch = checksums(db)
    reset(db)
    # one unreadable record in the window sends the whole batch record by record
    with_bad = corpus.write(tmp_path / "bad.json", path.read_bytes()[:-1] + b",\n{\"context_id\": \"x\", \xff}]")
    result = accounted(run(db, "contextual", with_bad))
    assert (result.imported, result.rejected) == (20, 1)
    assert checksums(db) == batch


# --- shapes the corpus above was not tuned against ------------------------------

PRETTY_USERS = [{"user_id": f"pu-{i}",
                 "preferences": {"quote": 'she said "[{\\"x\\"}]" \\\\ end',
                                 "nested": json.dumps({"inner": json.dumps({"deep": 'a"b\\c'})})},
                 "entity_knowledge": [{"entity": "Leeds", "facts": ["{", "}", "],["]}],
                 "interaction_history": [{"timestamp": 1709280000 + j, "query": f"q{j} \u00e9\U0001F600",
                                          "response": "r\n}"} for j in range(3)]} for i in range(5)]


def test_a_pretty_printed_array_resumes_at_the_next_element_not_a_nested_object(db, tmp_path):
    """Elements over many lines (json.dumps indent=2) hold nested objects that
    open lines too; after invalid JSON in element 3 reading resumes at
    element 4, at the elements' own indentation."""
    text = json.dumps(PRETTY_USERS, indent=2, ensure_ascii=False)
    at = text.index('"response": "r\\n}"', text.index('"pu-2"'))
    text = text[:at] + '"response" "r"' + text[at + len('"response": "r\\n}"'):]
    result = accounted(run(db, "jarvis", corpus.write(tmp_path / "p.json", text)))
    assert (result.file_records, result.imported, result.rejected) == (5, 4, 1)
    first, last = text[:at].count("\n") + 1, text[:text.index('  {\n    "user_id": "pu-3"')].count("\n")
    assert rejects(result) == [(3, "", "22P02", f"invalid JSON in line {first} to line {last} (element 3): parse error: "
                                                "object key and value must be separated by a colon (':'); reading "
                                                "resumes at the next element")]
    prefs = db.execute("SELECT preferences FROM memory_store.user_profiles WHERE user_id = 'pu-4'").fetchone()[0]
    assert prefs == PRETTY_USERS[4]["preferences"]
    assert count(db, "SELECT count(*) FROM memory_store.memory_entries WHERE memory_type = 'interaction'") == 12


def test_a_lone_surrogate_escape_is_a_reject_not_a_question_mark(db, tmp_path):
    """yajl turns a lone \\ud800 into "?" silently; orjson refuses it."""
    record = '{"context_id": "sur", "context_data": {"text": "lone \\ud800 here"}, "created_at": 1}'
    paired = '{"context_id": "pair", "context_data": {"text": "\\ud83d\\ude00 \\\\ud800"}, "created_at": 1}'
    array = accounted(run(db, "contextual", corpus.write(tmp_path / "s.json", f"[{record},\n{paired}]")))
    assert rejects(array)[0][:3] == (1, "", "22021") and rejects(array)[0][3] == (
        "lone UTF-16 surrogate escape \\ud800 (half of a character) at byte offset %d" % (record.index("\\ud800") + 1))
    assert db.execute("SELECT content ->> 'text' FROM memory_store.memory_entries").fetchall() == [("\U0001F600 \\ud800",)]
    lines = accounted(run(db, "contextual", corpus.write(tmp_path / "s.jsonl", record + "\n")))
    assert rejects(lines) == [(1, "", "22P02", "invalid JSON: no low surrogate in string at column 54")]


def test_a_utf16_file_is_refused_whole_with_how_to_convert_it(db, tmp_path):
    path = corpus.write(tmp_path / "w.jsonl", (CTX % ("w-1", "x") + "\n").encode("utf-16"))
    with pytest.raises(importer.NotUtf8, match=r"w.jsonl is UTF-16 LE \(byte order mark FF FE\), not UTF-8: .*"
                                               r"\(iconv -f UTF-16 -t UTF-8 w.jsonl > w.jsonl.utf8\); nothing was imported"):
        run(db, "contextual", path)
    assert db.execute("SELECT status, finished_at IS NOT NULL, left(status_detail, 16) FROM memory_store.import_runs"
                      ).fetchall() == [("failed", True, "NotUtf8: w.jsonl")]
    assert count(db, "SELECT count(*) FROM memory_store.import_staging") == 0
    no_mark = corpus.write(tmp_path / "b.json", "[{}]".encode("utf-16-be"))
    with pytest.raises(importer.NotUtf8, match="is UTF-16 BE .*iconv -f UTF-16BE"):
        run(db, "contextual", no_mark)


def test_mixed_encodings_reject_only_the_lines_that_are_not_utf8(db, tmp_path):
    lines = [CTX % (f"m-{i}", "caf\u00e9") for i in range(4)]
    data = (lines[0] + "\n").encode() + (lines[1] + "\n").encode("latin-1") \
        + (lines[2].replace("caf\u00e9", "\u201cq\u201d") + "\n").encode("cp1252") + (lines[3] + "\n").encode()
    result = accounted(run(db, "contextual", corpus.write(tmp_path / "m.jsonl", data)))
    second, third = data.index(b"\xe9\"}"), data.index(b"\x93")
    column = {at: at - data.rindex(b"\n", 0, at) for at in (second, third)}
    assert rejects(result) == [
        (2, "", "22021", f"invalid UTF-8 byte 0xe9 at column {column[second]} (byte offset {second})"),
        (3, "", "22021", f"invalid UTF-8 byte 0x93 at column {column[third]} (byte offset {third})")]
    assert [r[0] for r in db.execute("SELECT content ->> 'text' FROM memory_store.memory_entries")] == ["caf\u00e9"] * 2


def test_a_huge_session_and_a_huge_item(db, tmp_path):
    """One record of 5,000 turns (0.6 MB, pretty-printed in an array) imports
    whole; a context item of 5 MB is over the import limit of a memory and is
    rejected alone."""
    turns = [{"role": "user" if j % 2 == 0 else "assistant", "content": f"turn {j} " + "x" * 80,
              "timestamp": 1709280000 + j} for j in range(5000)]
    session = {"session_id": "huge", "created_at": 1709280000, "last_interaction": 1709300000,
               "conversation_history": turns}
    result = accounted(run(db, "session", corpus.write(tmp_path / "h.json", "[" + json.dumps(session, indent=1) + "]")))
    assert (result.imported, result.rejected) == (1, 0)
    assert count(db, "SELECT count(*) FROM memory_store.memory_entries WHERE session_id = 'huge'") == 5000
    big = json.dumps({"context_id": "big", "context_data": {"text": "y" * (5 << 20)}, "created_at": 1709280000})
    result = accounted(run(db, "contextual", corpus.write(tmp_path / "b.jsonl", big + "\n" + CTX % ("small", "s"))))
    assert rejects(result) == [(1, "", "54000", "content is 5242892 bytes, the import limit is 1048576 per memory")]


def test_a_key_in_two_files_with_conflicting_content_the_last_import_wins(db, tmp_path):
    a = corpus.write(tmp_path / "a.jsonl", CTX % ("k-1", "from a") + "\n" + CTX % ("k-2", "only a"))
    b = corpus.write(tmp_path / "b.json", "[" + CTX % ("k-1", "from b") + "]")
    accounted(run(db, "contextual", a))
    second = accounted(run(db, "contextual", b))
    assert (second.updated, second.imported) == (1, 0)
    after_b = checksums(db)
    assert db.execute("SELECT content ->> 'text' FROM memory_store.memory_entries WHERE memory_id = 'k-1'"
                      ).fetchone()[0] == "from b"
    assert accounted(run(db, "contextual", b)).skipped == 1 and checksums(db) == after_b


@pytest.mark.parametrize("cut, position, reason", [
    ("inside a character", 5, "invalid UTF-8 byte 0xc3 at byte offset {at}; the parser stops there: the file ends "
                              "inside element 5 (truncated): parse error: premature EOF"),
    ("after a comma", 3, "the file ends inside element 3 (truncated): parse error: premature EOF"),
])
def test_truncated_pretty_printed_arrays(db, tmp_path, cut, position, reason):
    data = json.dumps(PRETTY_USERS, indent=2, ensure_ascii=False).encode()
    if cut == "inside a character":
        end = data.index("\u00e9".encode(), data.index(b'"pu-4"')) + 1
    else:
        end = data.index(b'  {\n    "user_id": "pu-2"')
    result = accounted(run(db, "jarvis", corpus.write(tmp_path / "t.json", data[:end])))
    assert (result.file_records, result.imported, result.rejected) == (position, position - 1, 1)
    assert rejects(result) == [(position, "", "22021" if "UTF-8" in reason else "22P02", reason.format(at=end - 1))]


def test_an_escaped_nul_is_a_reject_with_the_database_reason(db, tmp_path):
    result = accounted(run(db, "contextual", corpus.write(tmp_path / "z.jsonl", CTX % ("z", "nul \\u0000 esc"))))
    assert rejects(result) == [(1, "", "22P05", "unsupported Unicode escape sequence (\\u0000 cannot be converted to text.)")]
