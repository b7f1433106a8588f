"""Runs every pgTAP file in tests/pgtap with pg_prove, each on a fresh database."""

import subprocess
from pathlib import Path

import pytest

from conftest import ROOT, TARGET

PGTAP_FILES = sorted((ROOT / "tests" / "pgtap").glob("*.sql"))


@pytest.mark.parametrize("path", PGTAP_FILES, ids=[p.stem for p in PGTAP_FILES])
def test_pgtap_file(postgresql, path: Path):
    result = subprocess.run(
        ["pg_prove", "--verbose", "--failures", "-h", TARGET.host, "-p", str(TARGET.port), "-U", TARGET.user,
         "-d", postgresql.info.dbname, str(path)],
        env=TARGET.env(), capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "All tests successful." in result.stdout, result.stdout + result.stderr
