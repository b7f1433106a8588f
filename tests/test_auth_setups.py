"""Every common authentication setup of a server deploys, and keeps the
promise that a failed typed call's audit row survives the failure (it is
written through the audit loopback, docs/audit.md): throw-away clusters
whose pg_hba.conf says trust (the official container image), scram-sha-256
everywhere, md5, or initdb's peer on the socket with scram-sha-256 on TCP.
Each deploys the whole plan as the superuser, then a real agent login role
makes one failing and one succeeding call."""

import psycopg
import pytest

from mo import cluster, crash

LOOPBACK = "host all all 127.0.0.1/32 {m}\nhost all all ::1/128 {m}\n"
SETUPS = {
    "trust": "local all all trust\n" + LOOPBACK.format(m="trust"),
    "scram-sha-256": "local all all scram-sha-256\n" + LOOPBACK.format(m="scram-sha-256"),
    "md5": "local all all md5\n" + LOOPBACK.format(m="md5"),
    "peer+scram": None,  # initdb's: peer on the socket, scram-sha-256 on TCP
}


@pytest.fixture(params=sorted(SETUPS))
def server(request):
    scratch = cluster.ScratchCluster(hba=SETUPS[request.param])
    try:
        scratch.start()
        yield request.param, scratch, crash.deploy(scratch)
    finally:
        scratch.destroy()


def test_deploy_and_the_audit_of_a_failed_call_hold(server):
    setup, scratch, deployed = server
    with psycopg.connect(deployed.uri(), autocommit=True) as dba:
        dba.execute("CREATE ROLE agent_probe LOGIN PASSWORD 'probe-secret' IN ROLE memory_agent")
        dba.execute("SELECT memory_store.grant_agent_user('agent_probe', 'u-1')")
        with psycopg.connect(host="127.0.0.1", port=scratch.port, dbname=deployed.dbname, user="agent_probe",
                             password="probe-secret", autocommit=True) as agent:
            agent.execute("SELECT memory.act_as('u-1')")
            agent.execute("SELECT memory.start_session(p_session_id => 's-1', p_user_id => 'u-1')")
            created = agent.execute("SELECT (memory.create_memory(p_memory_type => 'context', "
                                    "p_content => '{\"text\": \"tea\"}', p_session_id => 's-1')).memory_id").fetchone()[0]
            with pytest.raises(psycopg.Error) as error:
                agent.execute("SELECT memory.read_memory('no-such-memory')")
            assert error.value.sqlstate == "MO001"
            with pytest.raises(psycopg.Error):
                with agent.transaction():
                    agent.execute("SELECT memory.delete_memory(%s)", (created,))
                    agent.execute("SELECT memory.update_memory('no-such-memory', p_priority => 3)")
        failed = dba.execute("SELECT operation, agent_id IS NOT NULL, error_message FROM memory_store.memory_access_logs "
                             "WHERE NOT success ORDER BY log_id").fetchall()
        assert [(op, named) for op, named, _ in failed] == [("read", True), ("update", True)], (setup, failed)
        assert all(message.startswith("MO001") for _, _, message in failed), failed
        # The rolled-back transaction's successful delete left no row; the create and the session did.
        assert dba.execute("SELECT count(*) FROM memory_store.memory_access_logs WHERE success AND operation = 'delete'"
                           ).fetchone()[0] == 0
        assert dba.execute("SELECT count(*) FROM memory_store.memory_entries WHERE memory_id = %s AND is_active",
                           (created,)).fetchone()[0] == 1
