"""`liantu search` options and `liantu index rebuild/status`."""
import json

import pytest
from click.testing import CliRunner

from tests.conftest import SEED
from webapp.cli import cli


@pytest.fixture
def run(data_dir):
    runner = CliRunner()

    def invoke(*args):
        return runner.invoke(cli, ["--data-dir", str(data_dir), *args])

    assert invoke("ingest", str(SEED)).exit_code == 0
    return invoke


def test_search_options(run):
    result = run("search", "碳酸锂", "--region", "泉州", "--from", "2024", "--sort", "date", "--json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.output)["total"] == 1
    result = run("search", "碳酸锂", "--kind", "law")
    assert result.exit_code == 0 and result.output.startswith("0 result(s)")
    result = run("search", "碳酸锂", "--facets")
    assert "regions: " in result.output and "【碳酸锂】" in result.output


def test_a_malformed_query_is_one_line_and_exit_1(run):
    result = run("search", '"碳酸锂')
    assert result.exit_code == 1 and result.output.strip().startswith("Error: unclosed quote")


def test_rebuild_repairs_a_damaged_index(run, data_dir):
    # whoosh keeps a .toc table of contents, tantivy a meta.json: damage whichever is there
    damaged = [*data_dir.glob("*/*.toc"), *data_dir.glob("*/meta.json")]
    assert damaged
    for path in damaged:
        path.write_bytes(b"garbage")
    result = run("search", "碳酸锂")
    assert result.exit_code == 1 and "liantu index rebuild" in result.output
    result = run("index", "rebuild", "--json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.output)["indexed"] == 1
    assert run("search", "碳酸锂").output.startswith("1 result(s)")
    status = json.loads(run("index", "status", "--json").output)
    assert status["indexed"] == status["graph"] == 1
