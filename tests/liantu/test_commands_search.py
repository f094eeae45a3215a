"""`liantu search` options and `liantu index rebuild/status`."""
import json

import pytest
from click.testing import CliRunner

from liantu.cli import cli
from tests.conftest import SEED


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


def test_an_entity_filter_by_name_works_like_a_region_filter(run):
    by_id = json.loads(run("search", "碳酸锂", "--entity", "Enterprise:盛屯集团", "--json").output)
    by_name = json.loads(run("search", "碳酸锂", "--entity", "盛屯集团", "--json").output)
    assert by_name["total"] == by_id["total"] == 1
    result = run("search", "碳酸锂", "--entity", "火星集团")
    assert result.exit_code == 1 and "unknown entity" in result.output


def test_facets_and_entities_are_printed_by_name(run):
    result = run("search", "碳酸锂", "--facets")
    assert "泉港区 (1)" in result.output and "Region:350505" not in result.output
    assert run("search", "盛屯集团").output.splitlines()[1].startswith("= 盛屯集团 (Enterprise")


def test_partial_matches_and_undated_documents_are_said(run):
    output = run("search", "碳酸锂 火星殖民").output
    assert "0 with every word, 1 with some" in output and "(partial)" in output
    output = run("search", "泉港有哪些碳酸锂项目").output
    assert "not required: 有 哪些" in output


def test_work_reports_are_policy_by_their_folder_and_form(run, tmp_path):
    folder = tmp_path / "gov-work-reports"
    folder.mkdir()
    (folder / "reports.jsonl").write_text(json.dumps(
        {"title": "2024年泉州市政府工作报告", "content": "今年要大力推进招商引资，做强石化产业链。", "year": 2024},
        ensure_ascii=False) + "\n", encoding="utf-8")
    upload = tmp_path / "upload.txt"
    upload.write_text("# 泉州市人民政府关于促进招商引资的若干措施\n\n各县（市、区）要把招商引资作为头号工程。\n", encoding="utf-8")
    assert run("ingest", str(folder), str(upload)).exit_code == 0
    found = json.loads(run("search", "招商引资", "--kind", "policy", "--json").output)
    assert {h["title"] for h in found["hits"]} == {"2024年泉州市政府工作报告", "泉州市人民政府关于促进招商引资的若干措施"}
    assert json.loads(run("search", "招商引资", "--json", "--facets").output)["facets"]["kind"]["policy"] == 2
