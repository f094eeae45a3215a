import json

import pytest
from click.testing import CliRunner

from liantu.cli import cli
from tests.conftest import SEED


@pytest.fixture
def runner():
    return CliRunner()


@pytest.mark.slow
def test_seed_end_to_end_through_the_cli(runner, data_dir):
    args = ["--data-dir", str(data_dir)]
    result = runner.invoke(cli, [*args, "ingest", str(SEED)])
    assert result.exit_code == 0, result.output
    assert "added 1" in result.output
    assert (data_dir / "graph.pickle").exists() and (data_dir / "tantivy" / "meta.json").exists()

    result = runner.invoke(cli, [*args, "search", "碳酸锂"])
    assert result.exit_code == 0, result.output
    assert "“泉”力以赴抓开放招商促项目落地" in result.output
    assert "【碳酸锂】" in result.output

    result = runner.invoke(cli, [*args, "search", "碳酸锂", "--json"])
    hit = json.loads(result.output)["hits"][0]
    assert "<mark>碳酸锂</mark>" in hit["snippet"]

    result = runner.invoke(cli, [*args, "stats", "--json"])
    counts = json.loads(result.output)
    assert counts["documents"] == 1 and counts["entities"]["Region"] >= 3

    result = runner.invoke(cli, [*args, "ingest", str(SEED)])
    assert "added 0, updated 0, unchanged 1" in result.output
    result = runner.invoke(cli, [*args, "ingest", "--reanalyse", str(SEED)])
    assert "added 0, updated 1, unchanged 0" in result.output
    result = runner.invoke(cli, [*args, "stats", "--json"])
    assert json.loads(result.output) == counts  # the same rules give the same facts, once


def test_missing_path_is_one_clear_line_and_non_zero_exit(runner, data_dir):
    result = runner.invoke(cli, ["--data-dir", str(data_dir), "ingest", "/no/such/file.md"])
    assert result.exit_code == 1
    lines = [ln for ln in result.output.splitlines() if ln.strip()]
    assert lines == ["Error: /no/such/file.md: no such file or directory"]


@pytest.mark.parametrize("command", [[], ["ingest"], ["search"], ["serve"], ["stats"], ["demo"]])
def test_every_command_has_help(runner, command):
    result = runner.invoke(cli, [*command, "--help"])
    assert result.exit_code == 0 and "Usage:" in result.output


def test_data_dir_from_environment(runner, tmp_path, monkeypatch):
    monkeypatch.setenv("LIANTU_DATA_DIR", str(tmp_path / "env-data"))
    result = runner.invoke(cli, ["ingest", str(SEED)])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "env-data" / "graph.pickle").exists()
