"""`liantu import enterprises`: the report, its JSON shape and its errors."""
import json

from click.testing import CliRunner

from liantu.cli import cli
from tests.ingest.registry_lists import fifty_rows, write_xlsx


def test_import_enterprises_json(tmp_path):
    rows, bad = fifty_rows()
    path = write_xlsx(tmp_path / "list.xlsx", rows)
    args = ["--data-dir", str(tmp_path / "data"), "import", "enterprises"]
    result = CliRunner().invoke(cli, [*args, str(path), "--json"])
    assert result.exit_code == 0, result.output
    report = json.loads(result.output)
    assert set(report) == {"imported", "updated", "failed"}
    assert (report["imported"], report["updated"]) == (47, 0)
    assert [f["row"] for f in report["failed"]] == sorted(bad.values())
    assert all(f["why"] for f in report["failed"])

    result = CliRunner().invoke(cli, [*args, str(path)])
    assert result.exit_code == 0
    assert "imported 0, updated 47, failed 3" in result.stdout
    assert f"row {bad['name']}: 企业名称 is empty" in result.stderr


def test_a_list_with_no_good_row_fails(tmp_path):
    path = write_xlsx(tmp_path / "list.xlsx", [["", "", "", "", "", "", "C9999"]])
    result = CliRunner().invoke(cli, ["--data-dir", str(tmp_path / "data"), "import", "enterprises", str(path)])
    assert result.exit_code == 1
    assert "no row could be imported (row 2: 企业名称 is empty)" in result.stderr


def test_bad_map_and_missing_file(tmp_path):
    args = ["--data-dir", str(tmp_path / "data"), "import", "enterprises"]
    result = CliRunner().invoke(cli, [*args, str(tmp_path / "none.xlsx")])
    assert result.exit_code == 1 and "none.xlsx: no such file" in result.stderr
    path = write_xlsx(tmp_path / "list.xlsx", [])
    result = CliRunner().invoke(cli, [*args, str(path), "--map", "公司"])
    assert result.exit_code == 2 and "COLUMN=FIELD" in result.output
