"""Hostile roles (issue 15), each as a real login role, never a superuser:
an agent of the package and a login role with no grant at all try what the
issue's findings did, and the package holds.

1. Jobs only the DBA can stop: the old advisory lock keys, a lock on the
   job tables, a fake running row; every job still runs.
2. Grants bound to identities: a dropped role's grants die with it.
3. Reads that cannot hide: a sensitive read rolled back still has its audit
   row, which names the login role.
4. Bounded walks: the relationship walk of a complete graph expands each
   memory once and stops at its link budget."""

import json

import psycopg
import pytest
from psycopg import sql

from helpers import add_memory, count
from test_tenancy import Agents

JOBS = ("purge_expired", "purge_soft_deleted", "partition_upkeep", "prune_job_history", "prune_change_feed",
        "archive_sessions", "enforce_retention")


@pytest.fixture
def agents(db):
    made = Agents(db, db.info.dbname)
    yield made
    made.close()


@pytest.fixture
def hostiles(db, agents):
    """(agent, stranger): an agent login serving user 'victim', and a login
    role with no grant of the package."""
    agent_role, stranger_role = agents.role("hostile_agent"), agents.role("stranger", agent=False)
    db.execute("SELECT memory_store.grant_agent_user(%s, 'victim')", (agent_role,))
    agent, stranger = agents.connect(agent_role), agents.connect(stranger_role)
    agent.execute("SELECT memory.act_as('victim')")
    return agent, stranger


def last_status(db, job):
    return db.execute("SELECT status FROM memory_store.job_runs WHERE job_name = %s ORDER BY run_id DESC LIMIT 1",
                      (job,)).fetchone()[0]


# --------------------------------------------------------------------------- 1. jobs

def partition_key(db):
    """The advisory key create_monthly_partition used to take for memory_entries."""
    return db.execute("SELECT 'memory_store.create_monthly_partition'::regproc::oid::int, "
                      "'memory_store.memory_entries'::regclass::oid::int").fetchone()

def test_the_job_catalog_is_what_this_module_attacks(db):
    assert {r[0] for r in db.execute("SELECT job_name FROM memory_store.lifecycle_jobs")} == set(JOBS)


@pytest.mark.parametrize("job", JOBS)
def test_no_agent_and_no_stranger_can_stop_a_job(db, hostiles, job):
    add_memory(db, "expired")
    db.execute("UPDATE memory_store.memory_entries SET expires_at = now() - interval '1 hour' WHERE memory_id = 'expired'")
    for conn in hostiles:
        # The keys the jobs used to lock (finding 2): anyone may still take them; they no longer matter.
        conn.execute("SELECT pg_try_advisory_lock(5270501, hashtext(%s))", (job,))  # one of the two gets it
        conn.execute("SELECT pg_try_advisory_lock(%s, %s)", partition_key(db))
        # What job_begin now relies on is out of their reach.
        for attempt in ("SELECT 1 FROM memory_store.lifecycle_jobs FOR UPDATE",
                        "LOCK TABLE memory_store.lifecycle_jobs IN SHARE MODE",
                        "INSERT INTO memory_store.job_runs (job_name, status) VALUES ('%s', 'running')" % job,
                        "LOCK TABLE memory_store.memory_entries IN SHARE UPDATE EXCLUSIVE MODE"):
            conn.execute("BEGIN")  # LOCK TABLE needs a transaction block
            with pytest.raises(psycopg.Error) as error:
                conn.execute(attempt)
            conn.execute("ROLLBACK")
            assert error.value.sqlstate == "42501", attempt
    # The agent holds a transaction open on the victim's memory (a row lock): the batch skips it, never waits.
    agent = hostiles[0]
    agent.execute("SELECT memory.create_memory('context', '{\"text\": \"held\"}'::jsonb, p_memory_id => 'held')")
    agent.execute("BEGIN")
    agent.execute("SELECT memory.update_memory('held', p_content => '{\"text\": \"being edited\"}'::jsonb)")
    try:
        db.execute("SET statement_timeout = '60s'")  # a hang guard only
        db.execute(sql.SQL("CALL memory_store.{}()").format(sql.Identifier(job)))
        assert last_status(db, job) == "succeeded"
        if job == "purge_expired":
            assert count(db, "SELECT count(*) FROM memory_store.memory_registry WHERE memory_id = 'expired'") == 0
    finally:
        agent.execute("ROLLBACK")


def test_a_stranger_cannot_make_partition_creation_wait(db, hostiles):
    _agent, stranger = hostiles
    stranger.execute("SELECT pg_advisory_lock(%s, %s)", partition_key(db))
    db.execute("SET lock_timeout = '30s'")  # a hang guard only
    created = db.execute("SELECT memory_store.create_monthly_partition('memory_store.memory_entries', date '2031-05-01')").fetchone()[0]
    assert created == "memory_store.memory_entries_p2031_05"
