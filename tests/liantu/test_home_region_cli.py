"""LIANTU_HOME_REGION through the CLI: a project in 苏州工业园区 shows in its link for 苏州市."""
import json

import pytest
from click.testing import CliRunner

from liantu.cli import cli

ARTICLE = """# 苏州工业园区锂电池项目开工

2024年5月10日，苏州锐拓新能源科技有限公司年产5万吨磷酸铁锂正极材料项目在苏州工业园区开工，总投资30亿元。
"""


@pytest.mark.slow
def test_a_suzhou_project_in_its_link(tmp_path):
    (tmp_path / "a.md").write_text(ARTICLE, encoding="utf-8")
    runner = CliRunner(env={"LIANTU_HOME_REGION": "苏州市"})
    args = ["--data-dir", str(tmp_path / "data")]
    result = runner.invoke(cli, [*args, "ingest", str(tmp_path / "a.md")])
    assert result.exit_code == 0, result.output
    result = runner.invoke(cli, [*args, "chain", "view", "--chain", "油头—化身—锂电池", "--region", "苏州市", "--json"])
    assert result.exit_code == 0, result.output
    view = json.loads(result.output)
    assert view["region"]["code"] == "3205"
    link = next(x for x in view["links"] if x["projects"])
    assert link["name"] == "正极材料"
    assert [p["name"] for p in link["projects"]] == ["苏州锐拓新能源科技有限公司年产5万吨磷酸铁锂正极材料项目"]
    assert "苏州工业园区" in link["projects"][0]["regions"]


def test_a_home_region_that_names_no_city_is_one_line(tmp_path):
    runner = CliRunner(env={"LIANTU_HOME_REGION": "火星市"})
    result = runner.invoke(cli, ["--data-dir", str(tmp_path / "data"), "chain", "view", "--chain",
                                 "油头—化身—锂电池", "--region", "苏州市"])
    assert result.exit_code == 1
    assert "LIANTU_HOME_REGION='火星市' is no city or county" in result.output
