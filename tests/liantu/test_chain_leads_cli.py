"""`liantu chain candidates` after `liantu ingest` and `liantu import enterprises`: tiers and registry leads apart."""
import csv
import io
import json

from click.testing import CliRunner

from liantu.cli import cli
from tests.graph.test_chain_leads import ARTICLE, AS_OF
from tests.ingest.registry_lists import fifty_rows, write_xlsx


def test_candidates_show_tiers_and_registry_leads_apart(tmp_path):
    article = tmp_path / "jinhong.md"
    article.write_text(f"# 碳酸锂项目签约开工\n\n2024年3月6日\n\n{ARTICLE}\n", encoding="utf-8")
    rows, _ = fifty_rows()
    base = ["--data-dir", str(tmp_path / "data")]
    run = CliRunner().invoke
    assert run(cli, [*base, "ingest", str(article)]).exit_code == 0
    result = run(cli, [*base, "import", "enterprises", str(write_xlsx(tmp_path / "list.xlsx", rows))])
    assert result.exit_code == 0 and "imported 47, updated 0, failed 3" in result.stdout
    args = [*base, "chain", "candidates", "--chain", "油头—化身—锂电池", "--region", "泉港区", "--as-of", AS_OF,
            "--limit", "50"]

    result = run(cli, args)
    assert result.exit_code == 0, result.output
    news, _, registry = result.output.partition("仅见于工商登记的企业")
    assert any(line.startswith("碳酸锂及锂盐") and "天齐锂业" in line and " 强 " in line for line in news.splitlines())
    assert "赣锋锂业" not in news and "锂源新材料" not in news
    assert any(line.startswith("碳酸锂及锂盐") and "锂源新材料" in line and " 弱 " in line
               for line in registry.splitlines())

    report = json.loads(run(cli, [*args, "--json"]).output)
    salts = next(link for link in report["links"] if link["link"] == "lithium-salts")
    assert salts["registry_total"] == 24 and len(salts["registry_candidates"]) == 24
    assert [c["tier"] for c in salts["candidates"]][:1] == ["strong"]
    lead = salts["registry_candidates"][0]
    assert lead["tier"] == "weak" and lead["tier_label"] == "弱" and lead["present"] is False
    assert lead["why"][0].startswith("工商登记") and lead["why_facts"][0]["source"] == "registry"

    table = list(csv.reader(io.StringIO(run(cli, [*args, "--csv", "-"]).output.lstrip("\ufeff"))))
    assert table[0][:5] == ["环节", "状态", "类别", "名次", "证据"]
    kinds = [row[2] for row in table[1:] if row[0] == "碳酸锂及锂盐"]
    assert kinds[0] == "新闻线索" and "登记线索" in kinds
    assert kinds == sorted(kinds, key=lambda k: k != "新闻线索")  # news leads first
