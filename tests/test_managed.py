"""Managed PostgreSQL (docs/setup.md, "Managed PostgreSQL"): no superuser.
A throw-away cluster where a superuser, as a provider's administrator would,
only creates the deploying role (LOGIN CREATEROLE, owner of the database)
and the extensions schema with vector and pgcrypto (and, in the second
setup, dblink, closed to PUBLIC). pg_cron is preloaded for the database, as
a provider's parameter group does, but not created. The deploying role runs
the whole plan with its verify scripts, then two real agent logins use the
agent API: create, read, update, searches, a sensitive memory, dispatch,
tenancy between them, the audit rows; a maintenance job sees every tenant."""

import json
import subprocess
import time

import psycopg
import pytest

from conftest import ROOT
from mo import cluster, target

DATABASE = "managed"
DBLINK_FUNCTIONS = ("dblink_connect(text, text)", "dblink_disconnect(text)", "dblink_get_connections()",
                    "dblink_exec(text, text)", "dblink(text, text)")


@pytest.fixture(params=["vector+pgcrypto", "vector+pgcrypto+dblink"])
def managed(request):
    scratch = cluster.ScratchCluster(settings={"shared_preload_libraries": "'pg_cron'",
                                               "cron.database_name": f"'{DATABASE}'"})
    try:
        scratch.start()
        with psycopg.connect(scratch.uri(), autocommit=True) as admin:
            admin.execute("CREATE ROLE mo_deployer LOGIN CREATEROLE PASSWORD 'deployer-secret'")
            admin.execute(f"CREATE DATABASE {DATABASE} OWNER mo_deployer")
        with psycopg.connect(scratch.uri(DATABASE), autocommit=True) as admin:
            admin.execute("CREATE SCHEMA extensions AUTHORIZATION mo_deployer")
            admin.execute("CREATE EXTENSION vector WITH SCHEMA extensions")
            admin.execute("CREATE EXTENSION pgcrypto WITH SCHEMA extensions")
            if "dblink" in request.param:
                admin.execute("CREATE EXTENSION dblink WITH SCHEMA extensions")
                for fn in DBLINK_FUNCTIONS:
                    admin.execute(f"REVOKE ALL ON FUNCTION extensions.{fn} FROM PUBLIC")
                    admin.execute(f"GRANT EXECUTE ON FUNCTION extensions.{fn} TO mo_deployer WITH GRANT OPTION")
        deployer = target.Target(host="127.0.0.1", port=scratch.port, user="mo_deployer", password="deployer-secret",
                                 dbname=DATABASE, local=False)
        deployed = subprocess.run(["sqitch", "deploy", deployer.sqitch_uri()], cwd=ROOT, env=deployer.env(),
                                  capture_output=True, text=True)
        assert deployed.returncode == 0, deployed.stdout[-4000:] + deployed.stderr[-4000:]
        yield request.param, scratch, deployer, deployed.stdout + deployed.stderr
    finally:
        scratch.destroy()


def agent(scratch, name):
    conn = psycopg.connect(host="127.0.0.1", port=scratch.port, dbname=DATABASE, user=name,
                           password=f"{name}-secret", autocommit=True)
    conn.warnings = []
    conn.add_notice_handler(lambda diag: conn.warnings.append(diag.message_primary))
    return conn


def test_the_agent_api_works_without_a_superuser(managed):
    setup, scratch, deployer, output = managed
    # The deploy said what it could not do, never silently.
    assert "becomes a member of memory_owner" in output
    assert "memory_maintainer has no BYPASSRLS" in output
    assert "cron.database_name is not readable" in output
    assert ("dblink is not installed" in output) == ("dblink" not in setup)
    vector = "[" + ",".join(f"{(i % 11) / 10:.1f}" for i in range(1536)) + "]"
    with psycopg.connect(deployer.uri(), autocommit=True) as dba:
        assert dba.execute("SELECT rolsuper FROM pg_roles WHERE rolname = current_user").fetchone() == (False,)
        for name, user in (("agent_a", "u-a"), ("agent_b", "u-b")):
            dba.execute(f"CREATE ROLE {name} LOGIN PASSWORD '{name}-secret' IN ROLE memory_agent")
            dba.execute("SELECT memory_store.grant_agent_user(%s, %s)", (name, user))
        with agent(scratch, "agent_a") as a, agent(scratch, "agent_b") as b:
            a.execute("SELECT memory.act_as('u-a')")
            b.execute("SELECT memory.act_as('u-b')")
            a.execute("SELECT memory.start_session(p_session_id => 's-a', p_user_id => 'u-a')")
            made = a.execute("SELECT (memory.create_memory(p_memory_type => 'conversation', "
                             "p_content => '{\"text\": \"I drink green tea in the morning\"}', p_session_id => 's-a', "
                             "p_tags => ARRAY['drinks'], p_embedding => %s::extensions.vector, "
                             "p_embedding_model => 'm')).memory_id", (vector,)).fetchone()[0]
            assert a.execute("SELECT (memory.read_memory(%s)).tags", (made,)).fetchone()[0] == ["drinks"]
            a.execute("SELECT memory.update_memory(%s, p_priority => 8)", (made,))
            assert a.execute("SELECT memory_id FROM memory.search_keyword('green tea')").fetchall() == [(made,)]
            assert a.execute("SELECT memory_id FROM memory.search_semantic(%s::extensions.vector, p_limit => 5)",
                             (vector,)).fetchall() == [(made,)]
            assert a.execute("SELECT memory_id FROM memory.search_hybrid('tea', %s::extensions.vector)",
                             (vector,)).fetchall() == [(made,)]
            a.execute("SET memory.encryption_key = 'a-long-enough-key-for-agent-a'")
            secret = a.execute("SELECT (memory.create_sensitive_memory(p_memory_type => 'context', "
                               "p_content => '{\"text\": \"door code 4711\"}')).memory_id").fetchone()[0]
            if "dblink" in setup:
                assert a.execute("SELECT (memory.read_memory(%s)).content ->> 'text'", (secret,)).fetchone()[0] \
                    == "door code 4711"
                assert dba.execute("SELECT count(*) FROM memory_store.memory_access_logs WHERE operation = 'reveal' "
                                   "AND memory_id = %s", (secret,)).fetchone()[0] == 1
            else:
                # Without the loopback no read can be recorded durably first: none is revealed.
                with pytest.raises(psycopg.Error) as error:
                    a.execute("SELECT memory.read_memory(%s)", (secret,))
                assert error.value.sqlstate == "55000" and "not revealed" in str(error.value)
            reply = a.execute("SELECT memory.dispatch(%s::jsonb)", (json.dumps(
                {"action": "read", "payload": {"memory_id": made}}),)).fetchone()[0]
            assert reply["status"] == "success" and reply["data"]["priority"] == 8
            # The rest of what agents use: tags, relationships, profiles,
            # agent state, batch read, soft delete and restore, session end.
            other = a.execute("SELECT (memory.create_memory(p_memory_type => 'context', "
                              "p_content => '{\"text\": \"kettle\"}', p_session_id => 's-a')).memory_id").fetchone()[0]
            assert a.execute("SELECT memory.add_tags(%s, ARRAY['kitchen'])", (made,)).fetchone()[0] \
                == ["drinks", "kitchen"]
            a.execute("SELECT memory.relate(%s, %s, 'reference')", (made, other))
            assert a.execute("SELECT count(*) FROM memory.walk_relationships(%s, 2)", (made,)).fetchone()[0] == 1
            a.execute("SELECT memory.upsert_user_profile('u-a', p_profile_data => '{\"name\": \"Ada\"}')")
            assert a.execute("SELECT (memory.set_preference('u-a', 'voice', '\"calm\"')).preferences ->> 'voice'"
                             ).fetchone()[0] == "calm"
            a.execute("SELECT memory.save_agent_state('planner', '{\"step\": 2}', 's-a')")
            assert a.execute("SELECT state_data FROM memory.load_agent_state('planner', 's-a')").fetchone()[0] \
                == {"step": 2}
            assert a.execute("SELECT (p).total_count FROM memory.batch_read_memories(p_session_id => 's-a') AS p"
                             ).fetchone()[0] == 2
            assert a.execute("SELECT memory.delete_memory(%s)", (other,)).fetchone()[0] is True
            assert a.execute("SELECT (memory.restore_memory(%s)).is_active", (other,)).fetchone()[0] is True
            # Tenancy: the other agent's user sees none of it.
            for call in ("memory.read_memory(%s)", "memory.list_tags(%s)"):
                with pytest.raises(psycopg.Error) as error:
                    b.execute(f"SELECT {call}", (made,))
                assert error.value.sqlstate == "MO001"
            assert b.execute("SELECT count(*) FROM memory.search_keyword('tea')").fetchone()[0] == 0
            assert b.execute("SELECT (memory.get_user_profile('u-a')).user_id").fetchone()[0] is None
            with pytest.raises(psycopg.Error) as error:
                b.execute("SELECT memory.walk_relationships(%s, 2)", (made,))
            assert error.value.sqlstate == "MO001"
            # A failed call: its audit row survives through the loopback where
            # dblink exists, else the server log gets it as a WARNING.
            with pytest.raises(psycopg.Error):
                a.execute("SELECT memory.read_memory('no-such-memory')")
            failed = dba.execute("SELECT count(*) FROM memory_store.memory_access_logs WHERE NOT success").fetchone()[0]
            if "dblink" in setup:
                assert failed == 4  # the three refused calls of agent_b and this one
            else:
                assert failed == 0
                assert any("audit_autonomous could not write" in w for w in a.warnings), a.warnings
            assert dba.execute("SELECT count(*) FROM memory_store.memory_access_logs WHERE success").fetchone()[0] >= 8
            # Maintenance sees every tenant: a memory of user u-a expires and
            # the purge job, run by the deploying role, deletes it.
            short = a.execute("SELECT (memory.create_memory(p_memory_type => 'context', "
                              "p_content => '{\"text\": \"soon gone\"}', p_ttl_seconds => 1)).memory_id").fetchone()[0]
            time.sleep(1.2)
            dba.execute("CALL memory_store.purge_expired()")
            assert dba.execute("SELECT status, rows_affected FROM memory_store.job_runs "
                               "WHERE job_name = 'purge_expired' ORDER BY run_id DESC LIMIT 1").fetchone() == ("succeeded", 1)
            with pytest.raises(psycopg.Error) as error:
                a.execute("SELECT memory.read_memory(%s, true)", (short,))
            assert error.value.sqlstate == "MO001"
            # Summaries use the SQL variant (no plpython3u without a superuser).
            assert dba.execute("SELECT l.lanname FROM pg_proc p JOIN pg_language l ON l.oid = p.prolang "
                               "WHERE p.oid = 'memory_store.summarize_texts(text[], integer)'::regprocedure"
                               ).fetchone() == ("plpgsql",)
            assert a.execute("SELECT memory.summarize_session('s-a')").fetchone()[0] is not None
