"""Under CI=true a skipped Neo4j test fails the run; elsewhere it stays a visible skip."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

CONFTEST = "from tests.conftest import pytest_runtest_makereport  # noqa: F401\n"
TESTS = """
import pytest

@pytest.mark.neo4j
def test_needs_neo4j():
    pytest.skip("java not on PATH")

def test_other():
    pytest.skip("unrelated reason")
"""


def run(tmp_path: Path, ci: str | None) -> subprocess.CompletedProcess:
    (tmp_path / "conftest.py").write_text(CONFTEST)
    (tmp_path / "test_sample.py").write_text(TESTS)
    env = {k: v for k, v in os.environ.items() if k != "CI"} | {"PYTHONPATH": str(ROOT)}
    if ci is not None:
        env["CI"] = ci
    return subprocess.run([sys.executable, "-m", "pytest", "-q", "-rfs", "-p", "no:cacheprovider", "-c", "/dev/null",
                           "--rootdir", str(tmp_path), "-W", "ignore::pytest.PytestUnknownMarkWarning", str(tmp_path)],
                          cwd=tmp_path, env=env, capture_output=True, text=True, timeout=120)


def test_skip_is_a_failure_under_ci(tmp_path):
    result = run(tmp_path, "true")
    assert result.returncode == 1, result.stdout
    assert "CI=true but this Neo4j test was skipped: java not on PATH" in result.stdout
    assert "1 failed, 1 skipped" in result.stdout  # only the neo4j-marked skip turns into a failure


def test_skip_stays_a_skip_outside_ci(tmp_path):
    result = run(tmp_path, None)
    assert result.returncode == 0, result.stdout
    assert "2 skipped" in result.stdout and "java not on PATH" in result.stdout
