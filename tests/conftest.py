"""Test harness: a real PostgreSQL (the project cluster, or DATABASE_URL).

The template database `mo_test_tmpl` is deployed once per run with sqitch;
every test gets a fresh `mo_test` database cloned from it
(CREATE DATABASE ... TEMPLATE), so tests never see each other's rows.
"""

import os
import subprocess
import sys
from pathlib import Path

import psycopg
import pytest
from pytest_postgresql import factories

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from mo import target  # noqa: E402

TARGET = target.current()
TEST_DB = os.environ.get("MO_TEST_DB", "mo_test")  # distinct names let several checkouts share one server


def sqitch(command: str, dbname: str, *args: str, check: bool = True) -> subprocess.CompletedProcess:
    """Run sqitch COMMAND against database DBNAME of the test server."""
    return subprocess.run(["sqitch", command, *args, TARGET.sqitch_uri(dbname)], cwd=ROOT, env=TARGET.env(),
                          capture_output=True, text=True, check=check)


def deploy_template(host, port, user, dbname, password, **_):
    """pytest-postgresql loader: deploy the whole plan into the template database."""
    result = sqitch("deploy", dbname, check=False)
    if result.returncode != 0:
        raise RuntimeError(f"sqitch deploy failed:\n{result.stdout}\n{result.stderr}")
    with psycopg.connect(TARGET.uri(dbname), autocommit=True) as conn:
        conn.execute("CREATE EXTENSION IF NOT EXISTS pgtap")


postgresql_noproc = factories.postgresql_noproc(
    host=TARGET.host, port=TARGET.port, user=TARGET.user, password=TARGET.password or None,
    dbname=TEST_DB, load=[deploy_template])
postgresql = factories.postgresql("postgresql_noproc")


@pytest.fixture
def db(postgresql):
    """An autocommit connection to a fresh, fully deployed database."""
    postgresql.autocommit = True
    return postgresql


@pytest.fixture
def connect(postgresql):
    """Factory of further connections to the same fresh database (for concurrency tests)."""
    opened = []

    def _connect(**kwargs):
        conn = psycopg.connect(TARGET.uri(postgresql.info.dbname), **kwargs)
        opened.append(conn)
        return conn

    yield _connect
    for conn in opened:
        conn.close()
