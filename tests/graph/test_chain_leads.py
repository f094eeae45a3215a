"""Leads with evidence tiers: news-backed candidates first, registry-only firms listed apart, closed firms never.

The news is one invented article analysed by the real pipeline: 泉港区 signed a lithium carbonate
project with 金泓新材料 (in January, so by 2025 it is a stalled signing and 碳酸锂及锂盐 is a weak
link of 泉港区), and 天齐锂业, outside the region, started one of its own.
"""
from __future__ import annotations

import pytest

from corpus import load_chains, load_lexicon
from corpus.industry_codes import load_industry_codes
from graph.chain_candidates import candidate_key, tie_tier
from graph.chains import chain_candidates
from ingest.model import Document, Entity, Evidence, Extraction, Relation
from ingest.pipeline import Pipeline
from ingest.registry_import import import_enterprises
from tests.graph.chain_fixture import fixture_extractions
from tests.ingest.registry_lists import credit_code, fifty_rows, write_csv, write_xlsx

CHAIN = "油头—化身—锂电池"
ARTICLE = ("1月10日，泉港区与福建金泓新材料有限公司签约年产5万吨电池级碳酸锂项目，总投资20亿元。"
           "3月5日，四川天齐锂业股份有限公司投资30亿元的射洪年产3万吨电池级碳酸锂项目开工。")
AS_OF = "2025-01-01"  # the January signing is more than 180 days old by then


@pytest.fixture(scope="module")
def article_extraction():
    return Pipeline().analyse(Document(text=ARTICLE, title="碳酸锂项目签约开工", date="2024-03-06", source="test"))


def _salts(store, **kwargs):
    report = chain_candidates(store, CHAIN, "泉港区", as_of=AS_OF, limit=50, **kwargs)
    return next(link for link in report["links"] if link["link"] == "lithium-salts")


def test_fifty_row_list_gives_weak_leads_below_the_news(store, tmp_path, article_extraction):
    store.write_extractions([article_extraction])
    rows, bad = fifty_rows()
    report = import_enterprises(write_xlsx(tmp_path / "list.xlsx", rows), store, load_lexicon(), load_chains(),
                                load_industry_codes())
    assert report.imported == 47 and sorted(row for row, _ in report.failed) == sorted(bad.values())

    salts = _salts(store)
    assert salts["name"] == "碳酸锂及锂盐" and salts["status"] == "weak"
    news = {c["name"]: c for c in salts["candidates"]}
    assert "天齐锂业" in news and news["天齐锂业"]["tier"] == "strong" and news["天齐锂业"]["present"] is False
    assert "金泓新材料" not in news  # its project is in 泉港区: present in the link, no lead for it
    assert all(c["tier"] in ("strong", "medium") for c in salts["candidates"])

    # 福建锂源新材料 (惠安县, industry C2613, within 碳酸锂及锂盐) is known only from the registry
    firms = {e["props"].get("credit_code"): e for e in store.entities("Enterprise")}
    lithium_source = firms[credit_code("350521", 1)]
    assert lithium_source["props"]["industry_code"] == "2613"
    registry = {c["id"]: c for c in salts["registry_candidates"]}
    assert lithium_source["id"] in registry and lithium_source["id"] not in {c["id"] for c in salts["candidates"]}
    lead = registry[lithium_source["id"]]
    assert lead["tier"] == "weak" and lead["present"] is False and lead["regions"] == ["东桥镇"]  # a town of 惠安县
    assert lead["why"][0]["source"] == "registry" and "2613" in lead["why"][0]["sentence"]
    assert salts["registry_total"] == len(salts["registry_candidates"]) == 24
    assert all(c["tier"] == "weak" for c in salts["registry_candidates"])
    # one ranking: every news-backed lead before every registry-only one
    ranked = sorted(salts["candidates"] + salts["registry_candidates"], key=candidate_key)
    assert ranked[:len(salts["candidates"])] == salts["candidates"]


def test_closed_registry_firms_are_never_leads(store, tmp_path, article_extraction):
    store.write_extractions([article_extraction])
    header = ["企业名称", "统一社会信用代码", "所属行业", "注册地址", "登记状态"]
    rows = [["福建锂源新材料有限公司", credit_code("350521", 1), "C2613", "福建省泉州市惠安县东桥镇", "存续"],
            ["福建锂盛新材料有限公司", credit_code("350521", 2), "C2613", "福建省泉州市惠安县东桥镇", "注销"],
            # the news-backed firm, struck off since
            ["四川天齐锂业股份有限公司", credit_code("510981", 3), "C2613", "四川省遂宁市射洪市", "吊销，未注销"]]
    import_enterprises(write_csv(tmp_path / "list.csv", rows, header=header), store, load_lexicon(), load_chains(),
                       load_industry_codes())
    salts = _salts(store)
    names = [c["name"] for c in salts["candidates"] + salts["registry_candidates"]]
    assert any("锂源" in n for n in names)
    assert not any("锂盛" in n for n in names) and "天齐锂业" not in names


def test_a_firm_investing_in_the_region_in_another_link_is_a_present_lead(store):
    """新宙邦 signed an electrolyte project in 泉港区; an article says it builds cells elsewhere."""
    store.write_extractions(fixture_extractions())
    doc = Document(text="新宙邦在宁德投资建设动力电池生产基地。", title="新宙邦", date="2024-05-01")
    firm, term = Entity("Enterprise:新宙邦", "Enterprise", "新宙邦"), Entity("ChainLink:动力电池", "ChainLink", "动力电池")
    store.write_extractions([Extraction(doc, doc.text, [], [], [firm, term], [
        Relation("IN_CHAIN", firm.id, term.id, evidence=[Evidence(doc.id, doc.text, 0, len(doc.text), "rule")])])])
    report = chain_candidates(store, CHAIN, "泉港")
    links = {link["link"]: link for link in report["links"]}
    cells = {c["name"]: c for c in links["cells"]["candidates"]}
    assert cells["新宙邦"]["present"] is True and cells["新宙邦"]["tier"] == "strong"
    assert cells["新宙邦"]["why"][0]["sentence"] == doc.text
    # still no lead for the link it is already in
    assert "新宙邦" not in [c["name"] for c in links["electrolyte"]["candidates"]]


# ---- the tier rules, on invented ties ---------------------------------------------------------------

def _own(*methods):
    return {"kind": "own", "methods": list(methods), "terms": ["碳酸锂"]}


ARTICLE_EV = {"doc_id": "d1", "method": "in_chain"}
REGISTRY_EV = {"doc_id": "registry:91350521MA00000011", "sentence": "所属行业：2613 无机盐制造", "method": "in_chain"}


@pytest.mark.parametrize("tie, evidence, in_news, tier", [
    ({"kind": "project", "project": "甲锂业碳酸锂项目"}, [], True, "strong"),
    (_own("in_chain"), [{**ARTICLE_EV, "sentence": "甲锂业投资建设年产2万吨碳酸锂项目。"}], True, "strong"),
    (_own("states"), [{**ARTICLE_EV, "sentence": "甲锂业主要生产碳酸锂。"}], True, "medium"),
    # building words before the firm's name speak of someone else
    (_own("in_chain"), [{**ARTICLE_EV, "sentence": "乙公司签约项目后，甲锂业供应碳酸锂。"}], True, "medium"),
    (_own("name"), [], True, "medium"),
    (_own("industry"), [], True, "medium"),
    (_own("name"), [], False, "weak"),
    (_own("registry"), [REGISTRY_EV], True, "weak"),
    (_own("registry"), [REGISTRY_EV], False, "weak"),
])
def test_tier_rules(tie, evidence, in_news, tier):
    assert tie_tier(tie, evidence, "甲锂业", in_news) == tier


def test_ranking_puts_tier_first():
    def lead(name, tier, evidence, investment):
        return {"name": name, "tier": tier, "evidence_count": evidence, "investment_cny_yi": investment,
                "latest": "2024-01-01"}
    leads = [lead("甲", "weak", 9, 90.0), lead("乙", "medium", 1, 0.0), lead("丙", "strong", 1, 1.0),
             lead("丁", "strong", 2, 0.0)]
    assert [c["name"] for c in sorted(leads, key=candidate_key)] == ["丁", "丙", "乙", "甲"]
