"""The /api/chains endpoints and the `liantu chain` commands over the known-answer chain corpus."""
from __future__ import annotations

import csv
import io
import json

import pytest
from click.testing import CliRunner

from liantu.cli import cli
from tests.graph.chain_fixture import fixture_extractions
from webapp import create_app

CHAIN = "lithium-battery"


@pytest.fixture
def chain_liantu(liantu):
    liantu.graph.write_extractions(fixture_extractions())
    liantu.graph.flush()
    return liantu


@pytest.fixture
def chain_client(chain_liantu):
    return create_app({"TESTING": True}, liantu=chain_liantu).test_client()


def test_list_chains(chain_client):
    body = chain_client.get("/api/chains").get_json()
    assert body["ok"] is True
    assert {"lithium-battery", "petrochem-textile", "textile-apparel"} <= {c["id"] for c in body["chains"]}


def test_view_with_region(chain_client):
    body = chain_client.get(f"/api/chains/{CHAIN}?region=泉港").get_json()
    assert body["region"]["code"] == "350505"
    salts = next(link for link in body["links"] if link["id"] == "lithium-salts")
    assert salts["projects"][0]["name"] == "泉港碳酸锂项目" and salts["projects"][0]["investment_yi"] == 25
    assert salts["projects"][0]["evidence"][0]["sentence"]


def test_view_per_link(chain_client):
    body = chain_client.get(f"/api/chains/{CHAIN}?region=泉州&per_link=1").get_json()
    assert all(len(link["projects"]) <= 1 for link in body["links"])
    assert chain_client.get(f"/api/chains/{CHAIN}?per_link=x").status_code == 400


def test_view_accepts_the_chain_name_in_the_path(chain_client):
    body = chain_client.get("/api/chains/油头—化身—锂电池").get_json()
    assert body["chain"]["id"] == CHAIN and body["region"] is None


def test_gaps(chain_client):
    body = chain_client.get(f"/api/chains/{CHAIN}/gaps?region=350505").get_json()
    got = {link["id"]: link["status"] for link in body["links"]}
    assert got["electrolyte"] == "weak" and got["cells"] == "gap" and got["electrolyte-salts"] == "strong"
    relaxed = chain_client.get(f"/api/chains/{CHAIN}/gaps?region=泉港&stale_days=400").get_json()
    assert {link["id"]: link["status"] for link in relaxed["links"]}["electrolyte"] == "present"


def test_candidates_and_extension(chain_client):
    body = chain_client.get(f"/api/chains/{CHAIN}/candidates?region=泉港&limit=5").get_json()
    cells = next(link for link in body["links"] if link["link"] == "cells")
    assert cells["candidates"][0]["name"] == "宁德时代" and cells["candidates"][0]["why"]
    # the fields the OpenAPI spec describes for a lead, and the registry leads listed apart
    spec = chain_client.get("/api/openapi.json").get_json()["components"]["schemas"]
    lead = cells["candidates"][0]
    assert {"tier", "tier_label", "present", "why", "why_facts"} <= set(lead) <= set(spec["ChainLead"]["properties"])
    assert (lead["tier"], lead["tier_label"], lead["present"]) == ("medium", "中", False)
    assert lead["why_facts"][0]["source"] == "article" and lead["why_facts"][0]["sentence"] == "宁德时代是全球最大的动力电池企业。"
    assert cells["registry_candidates"] == [] and cells["registry_total"] == 0
    assert set(cells) <= set(spec["ChainCandidates"]["properties"]["links"]["items"]["properties"])
    ext = chain_client.get(f"/api/chains/{CHAIN}/extension?region=泉州").get_json()
    assert {"link": "oxides", "action": "补链"}.items() <= next(
        s for s in ext["suggestions"] if s["link"] == "oxides").items()


def test_compare(chain_client):
    body = chain_client.get(f"/api/chains/{CHAIN}/compare?a=泉港&b=惠安").get_json()
    assert body["a"]["name"] == "泉港区" and body["b"]["name"] == "惠安县"
    assert "separator" in body["summary"]["only_b"]


def test_csv_export(chain_client):
    response = chain_client.get(f"/api/chains/{CHAIN}/gaps?region=泉港&format=csv")
    assert response.status_code == 200 and response.mimetype == "text/csv"
    assert "lithium-battery-350505-gaps.csv" in response.headers["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(response.get_data(as_text=True).lstrip("\ufeff"))))
    assert rows[0][:3] == ["环节", "阶段", "状态"]
    assert ["电解液", "中游", "薄弱"] == rows[[r[0] for r in rows].index("电解液")][:3]


@pytest.mark.parametrize("url, status, words", [
    ("/api/chains/no-such-chain", 404, ["no-such-chain", "lithium-battery"]),
    (f"/api/chains/{CHAIN}/gaps?region=火星", 404, ["火星"]),
    (f"/api/chains/{CHAIN}/gaps", 400, ["region", "required"]),
    (f"/api/chains/{CHAIN}/gaps?region=泉港&stale_days=abc", 400, ["stale_days"]),
    (f"/api/chains/{CHAIN}/gaps?region=泉港&as_of=yesterday", 400, ["as_of"]),
    (f"/api/chains/{CHAIN}/gaps?region=泉港&format=xml", 400, ["format"]),
    (f"/api/chains/{CHAIN}/compare?a=泉港", 400, ["'b'"]),
    (f"/api/chains/{CHAIN}/extension?region=泉港&base=gap", 400, ["base"]),
])
def test_errors_take_the_one_api_shape(chain_client, url, status, words):
    response = chain_client.get(url)
    body = response.get_json()
    assert response.status_code == status
    assert body["ok"] is False and body["status"] == status
    assert all(w in body["error"] for w in words), body["error"]


# ---- the CLI ------------------------------------------------------------------------------------------

def run(data_dir, *args):
    return CliRunner().invoke(cli, ["--data-dir", str(data_dir), "chain", *args])


def test_cli_gaps_table_json_and_csv(chain_liantu, data_dir, tmp_path):
    result = run(data_dir, "gaps", "--chain", "油头—化身—锂电池", "--region", "泉港")
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert "泉港区（350505）" in lines[0]
    assert any(line.startswith("电解液") and "薄弱" in line for line in lines)
    assert "缺失" in lines[-1]
    result = run(data_dir, "gaps", "--chain", CHAIN, "--region", "350505", "--json")
    assert json.loads(result.output)["summary"]["weak"] == ["electrolyte"]
    out = tmp_path / "gaps.csv"
    result = run(data_dir, "gaps", "--chain", CHAIN, "--region", "泉港区", "--csv", str(out))
    assert result.exit_code == 0 and out.read_text(encoding="utf-8-sig").startswith("环节,阶段,状态")


def test_cli_view_candidates_extend_compare(chain_liantu, data_dir):
    result = run(data_dir, "view", "--chain", CHAIN, "--region", "泉港")
    assert result.exit_code == 0 and "泉港碳酸锂项目" in result.output and "25亿元" in result.output
    from ingest.model import Document, Entity, Extraction

    doc = Document(text="惠安碳酸锂项目投产。", title="又一个", date="2024-05-01")
    chain_liantu.graph.write_extractions([Extraction(doc, doc.text, [], [], [
        Entity("Project:惠安碳酸锂项目", "Project", "惠安碳酸锂项目", props={"status": "投产", "region": "350521"})], [])])
    chain_liantu.graph.flush()
    result = run(data_dir, "view", "--chain", CHAIN, "--per-link", "1")
    assert result.exit_code == 0 and "另有1个项目、0家企业" in result.output
    result = run(data_dir, "view", "--chain", CHAIN, "--region", "洛江区")
    assert result.exit_code == 0 and "整链关联" in result.output and "洛江智造项目" in result.output
    result = run(data_dir, "candidates", "--chain", CHAIN, "--region", "泉港")
    assert result.exit_code == 0 and "宁德时代" in result.output and "容百科技" in result.output
    result = run(data_dir, "extend", "--chain", CHAIN, "--region", "泉州", "--base", "strong")
    assert result.exit_code == 0 and "补链" in result.output
    result = run(data_dir, "compare", "--chain", CHAIN, "--region", "泉港", "--region", "惠安")
    assert result.exit_code == 0 and "泉港区" in result.output and "惠安县" in result.output
    result = run(data_dir, "compare", "--chain", CHAIN, "--region", "泉港")
    assert result.exit_code != 0 and "exactly two" in result.output


def test_cli_table_columns_line_up_in_display_width(chain_liantu, data_dir):
    from liantu.tables import display_width

    result = run(data_dir, "gaps", "--chain", CHAIN, "--region", "泉港")
    table = result.output.splitlines()[1:-1]
    starts = set()
    for line in table[2:]:
        # the 阶段 column (上游/中游/下游) starts at the same display column in every row
        at = min(i for i in (line.find("上游"), line.find("中游"), line.find("下游")) if i >= 0)
        starts.add(display_width(line[:at]))
    assert len(starts) == 1


def test_cli_unknown_names_give_one_line_and_exit_1(chain_liantu, data_dir):
    result = run(data_dir, "gaps", "--chain", "造船", "--region", "泉港")
    assert result.exit_code == 1 and "no chain '造船'" in result.output and "lithium-battery" in result.output
    result = run(data_dir, "gaps", "--chain", CHAIN, "--region", "火星")
    assert result.exit_code == 1 and "no region '火星'" in result.output
