"""The sqitch project: full round trip on a database that holds data, verify
scripts that fail when their object is wrong, deploy-time settings, pg_cron
only where it can live, and the function-file versioning scheme."""

import hashlib
import re
import uuid

import psycopg
import pytest

from conftest import ROOT, TARGET, sqitch
from helpers import add_embedding, add_memory, add_session, add_tag, count


def test_full_round_trip_on_a_database_with_data(db):
    dbname = db.info.dbname
    add_session(db, "s1")
    add_memory(db, "m1", session_id="s1")
    add_tag(db, "m1", "t")
    add_embedding(db, "m1")

    reverted = sqitch("revert", dbname, "-y")
    assert "- roles" in reverted.stdout
    assert count(db, "SELECT count(*) FROM pg_namespace WHERE nspname IN ('memory', 'memory_store', 'extensions')") == 0
    assert count(db, "SELECT count(*) FROM pg_extension WHERE extname = 'vector'") == 0
    assert count(db, "SELECT count(*) FROM pg_default_acl WHERE defaclrole = 'memory_owner'::regrole") == 0

    sqitch("deploy", dbname)
    sqitch("verify", dbname)
    assert count(db, "SELECT count(*) FROM memory_store.memory_entries") == 0
    again = sqitch("deploy", dbname)
    assert "Nothing to deploy" in again.stdout


def test_revert_to_a_change_and_deploy_again(db):
    dbname = db.info.dbname
    sqitch("revert", dbname, "-y", "--to", "memory_registry")
    assert count(db, "SELECT count(*) FROM pg_class WHERE relname = 'memory_entries'") == 0
    assert count(db, "SELECT count(*) FROM pg_class WHERE relname = 'memory_registry'") == 1
    sqitch("deploy", dbname)
    sqitch("verify", dbname)


BREAKAGES = {
    "index missing": "DROP INDEX memory_store.idx_memory_tags_tag",
    "index changed": "DROP INDEX memory_store.idx_memory_access_logs_success; "
                     "CREATE INDEX idx_memory_access_logs_success ON memory_store.memory_access_logs (success)",
    "registry trigger missing": "DROP TRIGGER memory_entries_claim_id ON memory_store.memory_entries",
    "default partition missing": "DROP TABLE memory_store.memory_entries_default",
    "unique constraint weakened": "ALTER TABLE memory_store.agent_states DROP CONSTRAINT unique_agent_session, "
                                  "ADD CONSTRAINT unique_agent_session UNIQUE (agent_id, session_id)",
    "foreign key action changed": "ALTER TABLE memory_store.memory_tags DROP CONSTRAINT memory_tags_memory_id_fkey, "
                                  "ADD CONSTRAINT memory_tags_memory_id_fkey FOREIGN KEY (memory_id) "
                                  "REFERENCES memory_store.memory_registry (memory_id)",
    "vector index not hnsw": "DROP INDEX memory_store.idx_vector_embeddings_embedding; "
                             "CREATE INDEX idx_vector_embeddings_embedding ON memory_store.vector_embeddings "
                             "USING ivfflat (embedding extensions.vector_cosine_ops)",
    "definer function unpinned": "ALTER FUNCTION memory_store.create_monthly_partition(regclass, date) "
                                 "RESET search_path",
    "column type changed": "ALTER TABLE memory_store.vector_embeddings ALTER COLUMN embedding "
                           "TYPE extensions.vector(768) USING NULL",
    "PUBLIC may execute new functions": "ALTER DEFAULT PRIVILEGES FOR ROLE memory_owner "
                                        "GRANT EXECUTE ON FUNCTIONS TO PUBLIC",
    "generated column dropped": "ALTER TABLE memory_store.memory_entries DROP COLUMN text_content CASCADE",
}


@pytest.mark.parametrize("breakage", BREAKAGES.values(), ids=BREAKAGES.keys())
def test_verify_fails_when_an_object_is_missing_or_wrong(db, breakage):
    sqitch("verify", db.info.dbname)  # passes before
    db.execute(breakage)
    result = sqitch("verify", db.info.dbname, check=False)
    assert result.returncode != 0, result.stdout
    assert "not ok" in result.stdout or "failed" in (result.stdout + result.stderr).lower()


@pytest.fixture
def scratch_database():
    """A new empty database on the test server, dropped afterwards."""
    name = f"mo_test_scratch_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(TARGET.uri("postgres"), autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    yield name
    with psycopg.connect(TARGET.uri("postgres"), autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def test_hash_partitioned_embeddings_are_a_deploy_time_setting(scratch_database):
    sqitch("deploy", scratch_database, "--set", "embedding_partitions=4")
    sqitch("verify", scratch_database)
    with psycopg.connect(TARGET.uri(scratch_database), autocommit=True) as conn:
        partitions = [r[0] for r in conn.execute(
            "SELECT inhrelid::regclass::text FROM pg_inherits "
            "WHERE inhparent = 'memory_store.vector_embeddings'::regclass ORDER BY 1")]
        assert partitions == [f"memory_store.vector_embeddings_h{i}" for i in range(4)]
        # Each partition has its own HNSW index; rows spread by memory_id.
        assert count(conn, "SELECT count(*) FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid "
                           "JOIN pg_am am ON am.oid = c.relam JOIN pg_inherits h ON h.inhrelid = i.indrelid "
                           "WHERE h.inhparent = 'memory_store.vector_embeddings'::regclass "
                           "AND am.amname = 'hnsw'") == 4
        for i in range(40):
            add_memory(conn, f"m{i}")
            add_embedding(conn, f"m{i}")
        assert count(conn, "SELECT count(DISTINCT tableoid) FROM memory_store.vector_embeddings") > 1
        conn.execute("DELETE FROM memory_store.memory_entries WHERE memory_id = 'm7'")
        assert count(conn, "SELECT count(*) FROM memory_store.vector_embeddings") == 39
    sqitch("revert", scratch_database, "-y")


@pytest.mark.parametrize("value", ["0", "65", "many"])
def test_a_bad_partition_count_fails_the_deploy_cleanly(scratch_database, value):
    result = sqitch("deploy", scratch_database, "--set", f"embedding_partitions={value}", check=False)
    assert result.returncode != 0
    assert "embedding_partitions must be an integer from 1 to 64" in result.stdout + result.stderr
    with psycopg.connect(TARGET.uri(scratch_database), autocommit=True) as conn:
        # sqitch reverted what it had deployed: nothing half-made is left.
        assert count(conn, "SELECT count(*) FROM pg_namespace WHERE nspname = 'memory_store'") == 0


def test_deploy_succeeds_where_pg_cron_cannot_live(db):
    cron_db = db.execute("SELECT current_setting('cron.database_name', true)").fetchone()[0]
    assert cron_db != db.info.dbname
    assert count(db, "SELECT count(*) FROM pg_extension WHERE extname = 'pg_cron'") == 0
    sqitch("verify", db.info.dbname)


def test_pg_cron_is_installed_in_the_cron_database(db):
    cron_db = db.execute("SELECT current_setting('cron.database_name', true)").fetchone()[0]
    if cron_db is None:
        pytest.skip("pg_cron is not preloaded on this server")
    with psycopg.connect(TARGET.uri(cron_db), autocommit=True) as conn:
        deployed = conn.execute("SELECT to_regclass('sqitch.changes') IS NOT NULL").fetchone()[0] and count(
            conn, "SELECT count(*) FROM sqitch.changes WHERE change = 'cron_extension' AND project = 'memory-orchestrator'")
        if not deployed:
            pytest.skip(f"the package is not deployed in the pg_cron database {cron_db}")
        assert count(conn, "SELECT count(*) FROM pg_extension WHERE extname = 'pg_cron'") == 1


# --- function files: one versioning scheme that sqitch honours ----------------

FUNCTIONS = ROOT / "functions"


def _released_function_files() -> set[str]:
    """Function files included by the deploy scripts of changes planned before
    the last tag in sqitch.plan: those are released and frozen."""
    lines = (ROOT / "sqitch.plan").read_text().splitlines()
    tag_positions = [i for i, line in enumerate(lines) if line.startswith("@")]
    if not tag_positions:
        return set()
    released = set()
    for line in lines[:tag_positions[-1]]:
        if not line or line[0] in "%#@":
            continue
        change = line.split()[0]
        script = ROOT / "deploy" / f"{change}.sql"
        released.update(re.findall(r"^\\ir\s+\.\./functions/(\S+)", script.read_text(), re.M))
    return released


def test_released_function_files_are_frozen():
    """sqitch hashes only the deploy script, so a function file included by a
    released (tagged) change must never change: functions/SHA256SUMS records
    the hash of every released file, and a new body is a new file
    (NAME.vN+1.sql) brought in by a new or reworked change."""
    recorded = {}
    for line in (FUNCTIONS / "SHA256SUMS").read_text().splitlines():
        digest, name = line.split(maxsplit=1)
        recorded[name] = digest
    released = _released_function_files()
    assert released, "the plan has a tag, so some function files are released"
    assert released <= set(recorded), f"released but not recorded in functions/SHA256SUMS: {released - set(recorded)}"
    for name, digest in recorded.items():
        assert (FUNCTIONS / name).is_file(), f"functions/{name} is recorded but missing"
        assert hashlib.sha256((FUNCTIONS / name).read_bytes()).hexdigest() == digest, \
            f"functions/{name} changed after its release: add the new body as a new version instead"
    for path in FUNCTIONS.rglob("*.sql"):
        assert re.search(r"\.v\d+\.sql$", path.name), f"{path} must carry a version: NAME.vN.sql"


def test_every_included_function_file_exists_and_every_file_is_used():
    included = set()
    for script in (ROOT / "deploy").glob("*.sql"):
        for target in re.findall(r"^\\ir\s+\.\./functions/(\S+)", script.read_text(), re.M):
            assert (FUNCTIONS / target).is_file(), f"{script.name} includes missing functions/{target}"
            included.add(target)
    for script in (ROOT / "revert").glob("*.sql"):
        included.update(re.findall(r"^\\ir\s+\.\./functions/(\S+)", script.read_text(), re.M))
    present = {str(p.relative_to(FUNCTIONS)) for p in FUNCTIONS.rglob("*.sql")}
    assert present == included, "function files not included by any deploy or revert script"
