"""The example agent session (README command 1 runs it) works against a fresh
database, as memory_agent, and leaves nothing behind."""

import subprocess
import sys

from conftest import ROOT, TARGET
from helpers import count


def test_agent_session_example_runs_and_rolls_back(db):
    env = dict(TARGET.env(), DATABASE_URL=TARGET.uri(db.info.dbname))
    result = subprocess.run([sys.executable, "examples/agent_session.py"], cwd=ROOT, env=env,
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "wrote 4 memories" in result.stdout and "status=success" in result.stdout
    assert "similarity=" in result.stdout and "summary:" in result.stdout
    assert "timeouts: statement 5s / idle in transaction 1min" in result.stdout
    assert "memory.changes_since" in result.stdout
    assert count(db, "SELECT count(*) FROM memory_store.memory_entries") == 0
    assert count(db, "SELECT count(*) FROM memory_store.sessions") == 0
