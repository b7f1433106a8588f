"""The upgrade path: each release since the agent API (v0.2.0 on) is
deployed from its own sources (git archive of the commit that tagged it in
sqitch.plan), filled with data through its API, then HEAD is deployed on top
and verified; revert to the release's tag and deploy again. After every step
the rows written at the release are all there, column for column, and the
API reads them."""

import io
import json
import subprocess
import tarfile

import psycopg
import pytest

from conftest import ROOT, TARGET
from helpers import count
from test_sqitch import scratch_database  # noqa: F401 - the fixture



def releases():
    """Every tag from v0.2.0 (the first with the agent API that fill() uses)
    that changes follow: a tag at the end of the plan has nothing to upgrade to."""
    lines = [line for line in (ROOT / "sqitch.plan").read_text().splitlines() if line and line[0] not in "%#"]
    tags = [(i, line.split()[0]) for i, line in enumerate(lines) if line.startswith("@")]
    return [tag for i, tag in tags if tag >= "@v0.2.0" and any(not line.startswith("@") for line in lines[i + 1:])]


RELEASES = releases()
DATA_TABLES = ["sessions", "memory_registry", "memory_entries", "memory_tags", "vector_embeddings",
               "user_profiles", "agent_states", "memory_relationships", "memory_access_logs"]


def release_tree(tmp_path, tag):
    """The sources of the commit that added the tag to sqitch.plan, or None
    when git history is not available."""
    found = subprocess.run(["git", "log", "--format=%H", "-S", f"{tag} ", "--", "sqitch.plan"], cwd=ROOT,
                           capture_output=True, text=True)
    commits = found.stdout.split()
    if found.returncode != 0 or not commits:
        return None
    archive = subprocess.run(["git", "archive", commits[-1]], cwd=ROOT, capture_output=True, check=True)
    with tarfile.open(fileobj=io.BytesIO(archive.stdout)) as tar:
        tar.extractall(tmp_path / "release", filter="data")
    return tmp_path / "release"


def sqitch_in(tree, command, dbname, *args):
    result = subprocess.run(["sqitch", command, *args, TARGET.sqitch_uri(dbname)], cwd=tree, env=TARGET.env(),
                            capture_output=True, text=True)
    assert result.returncode == 0, f"sqitch {command} {args} in {tree}:\n{result.stdout}\n{result.stderr}"
    return result.stdout


def fill(conn):
    """Data through the v0.2.0 API: sessions, memories with tags and
    embeddings (typed and through dispatch), relationships, agent states,
    a profile with preferences, a soft delete, a failed call, a summary."""
    vector = "[" + ",".join(f"{(i % 7) / 10:.1f}" for i in range(1536)) + "]"
    conn.execute("SET memory.agent_id = 'upgrader'")
    conn.execute("SELECT memory.start_session('s1', 'u1', 'conversation', '{\"device\": \"kitchen\"}')")
    conn.execute("SELECT memory.start_session('s2', 'u1')")
    for i in range(20):
        conn.execute("SELECT memory.create_memory(p_memory_type => 'conversation', p_content => %s::jsonb, "
                     "p_session_id => %s, p_tags => ARRAY['t' || (%s::int %% 3)::text, 'all'], p_priority => %s, "
                     "p_embedding => %s::extensions.vector, p_embedding_model => 'ada', p_memory_id => %s)",
                     (json.dumps({"text": f"memory number {i} about tea"}), "s1" if i % 2 else "s2", i, 1 + i % 10,
                      vector if i % 4 == 0 else None, f"m{i}"))
    for i in range(5):
        response = conn.execute("SELECT memory.dispatch(%s::jsonb)", (json.dumps(
            {"action": "create", "request_id": f"r{i}", "session_id": "s1",
             "payload": {"memory_id": f"d{i}", "memory_type": "context", "content": {"text": f"dispatched {i}"},
                         "tags": ["dispatch"], "ttl": 86400 * 365}}),)).fetchone()[0]
        assert response["status"] == "success", response
    conn.execute("SELECT memory.add_tags('m1', ARRAY['extra'])")
    conn.execute("SELECT memory.relate('m1', 'm2', 'follows', '{\"why\": \"order\"}')")
    conn.execute("SELECT memory.relate('m2', 'd0', 'reference')")
    conn.execute("SELECT memory.save_agent_state('planner', '{\"step\": 3}')")
    conn.execute("SELECT memory.save_agent_state('planner', '{\"step\": 4}', 's1')")
    conn.execute("SELECT memory.upsert_user_profile('u1', '{\"name\": \"Ada\"}', '{\"theme\": \"dark\"}')")
    conn.execute("SELECT memory.set_preference('u1', 'language', '\"en\"')")
    conn.execute("SELECT memory.delete_memory('m3')")  # soft
    conn.execute("SELECT memory.end_session('s2', 'the second session')")
    with pytest.raises(psycopg.Error):
        conn.execute("SELECT memory.read_memory('no-such-memory')")  # a failed call, audited


def snapshot_with(conn, columns_by_table):
    """Per table: the row count and a digest of every row over the given
    columns (later changes may add columns; the release's must not change)."""
    return {table: conn.execute(
        f"SELECT count(*), md5(coalesce(string_agg(r::text, '|' ORDER BY r::text), '')) "
        f"FROM (SELECT ROW({', '.join(columns)}) AS r FROM memory_store.{table}) s").fetchone()
        for table, columns in columns_by_table.items()}


def columns_of(conn, tables):
    return {t: [r[0] for r in conn.execute(
        "SELECT quote_ident(attname) FROM pg_attribute WHERE attrelid = %s::regclass AND attnum > 0 "
        "AND NOT attisdropped ORDER BY attnum", (f"memory_store.{t}",))] for t in tables}


def readable(conn):
    """The API of the deployed version reads what v0.2.0 wrote (rolled back,
    so the audit rows of these reads do not count)."""
    with conn.transaction(force_rollback=True):
        assert count(conn, "SELECT tags FROM memory.read_memory('m1')") == ["all", "extra", "t1"]
        assert count(conn, "SELECT is_active FROM memory.read_memory('m3', true)") is False
        assert count(conn, "SELECT state_data FROM memory.load_agent_state('planner', 's1')") == {"step": 4}
        assert count(conn, "SELECT preferences ->> 'language' FROM memory.get_user_profile('u1')") == "en"
        assert count(conn, "SELECT count(*) FROM memory.walk_relationships('m1', 2)") == 2
        assert count(conn, "SELECT count(*) FROM memory.search_keyword('tea', p_limit => 50)") == 19  # m3 is deleted
        vector = "[" + ",".join(f"{(i % 7) / 10:.1f}" for i in range(1536)) + "]"
        assert count(conn, "SELECT count(*) FROM memory.search_semantic(%s::extensions.vector, p_limit => 10)",
                     vector) == 5  # m0, m4, m8, m12, m16
        response = count(conn, "SELECT memory.dispatch('{\"action\": \"read\", \"payload\": {\"memory_id\": \"d1\"}}')")
        assert response["data"]["content"] == {"text": "dispatched 1"}


@pytest.mark.parametrize("tag", RELEASES)
def test_upgrade_from_a_release_keeps_every_row(scratch_database, tmp_path, tag):  # noqa: F811
    release = release_tree(tmp_path, tag)
    if release is None:
        pytest.skip(f"no git history: the {tag} sources cannot be taken from git")
    dbname = scratch_database
    sqitch_in(release, "deploy", dbname, "--to", tag)
    with psycopg.connect(TARGET.uri(dbname), autocommit=True) as conn:
        fill(conn)
        columns = columns_of(conn, DATA_TABLES)
        all_tables = [r[0] for r in conn.execute(
            "SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
            "WHERE n.nspname = 'memory_store' AND c.relkind IN ('r', 'p') AND NOT c.relispartition ORDER BY 1")]
        every_column = columns_of(conn, all_tables)
        at_release = snapshot_with(conn, columns)
        whole_release = snapshot_with(conn, every_column)
        assert at_release["memory_entries"][0] == 25 and at_release["memory_access_logs"][0] > 30

        sqitch_in(ROOT, "deploy", dbname)  # HEAD on top of the release
        sqitch_in(ROOT, "verify", dbname)
        assert snapshot_with(conn, columns) == at_release
        readable(conn)

        sqitch_in(ROOT, "revert", dbname, "-y", "--to", tag)
        assert snapshot_with(conn, every_column) == whole_release, "revert to the release restored its tables"
        readable(conn)

        sqitch_in(ROOT, "deploy", dbname)
        sqitch_in(ROOT, "verify", dbname)
        assert snapshot_with(conn, columns) == at_release
        readable(conn)
        assert "Nothing to deploy" in sqitch_in(ROOT, "deploy", dbname)
