"""Chain-gap queries over a corpus whose answers are known by construction (see chain_fixture).

Every test takes `chain_store`, the fixture corpus written into the shared `store` fixture,
which runs each test on every graph backend (networkx and a real Neo4j).
"""
from __future__ import annotations

import pytest

from graph.chains import (
    ChainQueryError,
    build_chain_map,
    chain_candidates,
    chain_compare,
    chain_extension,
    chain_gaps,
    chain_view,
    find_chain,
    find_region,
    link_status,
    list_chains,
)
from graph.networkx_store import NetworkxStore
from ingest.errors import NotFoundError
from liantu.chain_text import describe, report_rows
from tests.graph.chain_fixture import NEWEST, fixture_extractions

CHAIN = "油头—化身—锂电池"


@pytest.fixture
def chain_store(store):
    """The fixture corpus in an empty store of each backend."""
    store.write_extractions(fixture_extractions())
    return store


def statuses(report):
    return {link["id"]: link["status"] for link in report["links"]}


# ---- names ---------------------------------------------------------------------------------------

@pytest.mark.parametrize("name", ["油头—化身—锂电池", "油头-化身-锂电池", "油头化身锂电池", "lithium-battery",
                                  "锂电池产业链"])
def test_find_chain_accepts_name_id_alias_and_dash_variants(name):
    assert find_chain(name).id == "lithium-battery"


def test_unknown_chain_lists_the_chains_that_exist():
    with pytest.raises(NotFoundError) as err:
        find_chain("造船链")
    assert "造船链" in str(err.value) and "lithium-battery" in str(err.value) and "纺织鞋服" in str(err.value)


@pytest.mark.parametrize("name", ["泉港", "泉港区", "350505"])
def test_find_region_accepts_short_form_name_and_code(name):
    scope = find_region(name)
    assert scope.code == "350505"
    assert {"350505Z1", "350505100"} <= scope.codes


def test_city_scope_rolls_up_counties_towns_and_zones():
    scope = find_region("泉州")
    assert {"3505", "350505", "350582", "350505100", "350505Z1", "3505Z05"} <= scope.codes
    assert "3502" not in scope.codes


def test_unknown_region_is_not_found_with_a_hint():
    with pytest.raises(NotFoundError) as err:
        find_region("泉港新区")
    assert "泉港新区" in str(err.value) and "泉港区" in str(err.value)
    with pytest.raises(NotFoundError):
        find_region("火星")


# ---- mapping -------------------------------------------------------------------------------------

def test_attachments_keep_method_and_evidence(chain_store):
    cmap = build_chain_map(chain_store, find_chain(CHAIN))
    assert cmap.as_of == NEWEST
    salts = cmap.attachments["lithium-salts"]["Project:泉港碳酸锂项目"]
    assert "in_chain" in salts.methods and "碳酸锂" in salts.terms
    assert any("年产5万吨电池级碳酸锂" in ev["sentence"] and ev["doc_id"] for ev in salts.evidence)
    by_evidence = cmap.attachments["electrolyte-salts"]["Project:泉港新材料产业园项目"]
    assert by_evidence.methods == {"evidence"} and by_evidence.terms == {"六氟磷酸锂"}
    by_name = cmap.attachments["separator"]["Project:惠安隔膜项目"]
    assert "name" in by_name.methods and by_name.evidence[0]["sentence"].startswith("惠安隔膜项目投产")


def test_a_chain_name_in_a_sentence_does_not_tie_it_to_a_link(chain_store):
    cmap = build_chain_map(chain_store, find_chain(CHAIN))
    attached = {e for link in cmap.attachments.values() for e in link}
    assert "Project:洛江智造项目" not in attached
    assert [x["name"] for x in chain_view(chain_store, CHAIN, "洛江")["chain_level"]] == ["洛江智造项目"]
    assert chain_view(chain_store, CHAIN, "泉港")["chain_level"] == []


def test_in_chain_to_a_term_of_another_chain_is_ignored(chain_store):
    cmap = build_chain_map(chain_store, find_chain("纺织鞋服"))
    assert not any("Enterprise:宁德时代" in link for link in cmap.attachments.values())


# ---- view ------------------------------------------------------------------------------------------

def test_view_lists_links_upstream_first(chain_store):
    view = chain_view(chain_store, CHAIN)
    ids = [link["id"] for link in view["links"]]
    position = {lid: i for i, lid in enumerate(ids)}
    for edge in view["edges"]:
        assert position[edge["from"]] < position[edge["to"]]
    assert len(ids) == len(set(ids)) == len(find_chain(CHAIN).links)
    assert {"from": "recycling", "to": "lithium-salts"} in view["feedback"]


def test_view_for_a_county_shows_local_projects_with_status_investment_and_evidence(chain_store):
    view = chain_view(chain_store, CHAIN, "泉港")
    links = {link["id"]: link for link in view["links"]}
    salts = links["lithium-salts"]
    assert [p["name"] for p in salts["projects"]] == ["泉港碳酸锂项目"]
    project = salts["projects"][0]
    assert project["status"] == "签约" and project["investment_yi"] == 25 and project["investors"] == ["盛屯集团"]
    assert project["regions"] == ["泉港石化工业园区"]
    assert "总投资25亿元" in project["evidence"][0]["sentence"]
    assert salts["investment"] == {"CNY": 25.0}
    assert [e["name"] for e in links["refining"]["enterprises"]] == ["福建联合石化"]
    assert not links["separator"]["projects"]  # 惠安 is not inside 泉港


def test_city_view_rolls_up_and_keeps_other_currencies_apart(chain_store):
    view = chain_view(chain_store, CHAIN, "泉州市")
    links = {link["id"]: link for link in view["links"]}
    assert [p["name"] for p in links["separator"]["projects"]] == ["惠安隔膜项目"]
    assert links["separator"]["investment"] == {"USD": 1.5}
    assert links["energy-storage"]["investment"] == {"CNY": 8.0}
    assert not links["cathode"]["projects"]  # 宁波 is outside 泉州


def test_view_per_link_keeps_counts_and_totals(chain_store):
    links = {link["id"]: link for link in chain_view(chain_store, CHAIN, "泉州", per_link=1)["links"]}
    assert all(len(link["projects"]) <= 1 and len(link["enterprises"]) <= 1 for link in links.values())
    full = {link["id"]: link for link in chain_view(chain_store, CHAIN, "泉州")["links"]}
    assert all(links[k]["project_count"] == len(full[k]["projects"]) for k in links)
    assert all(links[k]["investment"] == full[k]["investment"] for k in links)
    with pytest.raises(ChainQueryError):
        chain_view(chain_store, CHAIN, "泉州", per_link=0)


def test_view_without_region_lists_everything(chain_store):
    links = {link["id"]: link for link in chain_view(chain_store, CHAIN)["links"]}
    assert [p["name"] for p in links["cathode"]["projects"]] == ["宁波正极材料项目"]
    assert [e["name"] for e in links["cells"]["enterprises"]] == ["宁德时代"]


# ---- gaps ------------------------------------------------------------------------------------------

def test_gaps_for_a_county(chain_store):
    report = chain_gaps(chain_store, CHAIN, "泉港区")
    got = statuses(report)
    assert got["lithium-salts"] == "present"  # signed on the newest date: not yet stalled
    assert got["electrolyte"] == "weak"  # signed 2023-06-01, 385 days before the newest article
    assert got["electrolyte-salts"] == "strong"  # 开工
    assert got["refining"] == "present"  # one enterprise
    assert got["cells"] == "gap" and got["separator"] == "gap" and got["cathode"] == "gap"
    assert set(report["summary"]["gap"]) == {k for k, v in got.items() if v == "gap"}
    weak = next(link for link in report["links"] if link["id"] == "electrolyte")
    assert weak["reason"] == {"kind": "stalled", "project": "泉港电解液项目", "days": 385, "stale_days": 180,
                              "count": 1}
    text = next(link for link in describe("gaps", report)["links"] if link["id"] == "electrolyte")["reason"]
    assert "385天" in text and "泉港电解液项目" in text


def test_gaps_for_the_city(chain_store):
    got = statuses(chain_gaps(chain_store, CHAIN, "泉州"))
    assert got["separator"] == got["energy-storage"] == got["carbonate-solvents"] == "strong"
    assert got["cells"] == "gap" and got["cathode"] == "gap"
    assert got["lithium-salts"] == "present"


def test_the_stale_threshold_and_the_reference_date_are_settable(chain_store):
    assert statuses(chain_gaps(chain_store, CHAIN, "泉港", stale_days=400))["electrolyte"] == "present"
    later = chain_gaps(chain_store, CHAIN, "泉港", as_of="2025-06-20")
    assert later["as_of"] == "2025-06-20" and statuses(later)["lithium-salts"] == "weak"
    with pytest.raises(ChainQueryError):
        chain_gaps(chain_store, CHAIN, "泉港", as_of="June 2025")
    with pytest.raises(ChainQueryError):
        chain_gaps(chain_store, CHAIN, "泉港", stale_days=-1)


def test_link_status_rules():
    assert link_status([], [])[0] == "gap"
    signed_old = {"name": "甲", "status": "签约", "days_since_signing": 400}
    signed_new = {"name": "乙", "status": "签约", "days_since_signing": 10}
    unknown = {"name": "丙", "status": None, "days_since_signing": None}
    started = {"name": "丁", "status": "开工", "days_since_signing": None}
    enterprise = {"name": "戊"}
    assert link_status([signed_old], [])[0] == "weak"
    assert link_status([signed_old, signed_new], [])[0] == "present"
    assert link_status([signed_old, unknown], [])[0] == "present"
    assert link_status([signed_old], [enterprise])[0] == "present"
    assert link_status([signed_old, started], [])[0] == "strong"
    assert link_status([], [enterprise] * 3)[0] == "strong"
    assert link_status([], [enterprise] * 3, strong_min=4)[0] == "present"


def test_unknown_chain_or_region_in_a_query_is_not_found(chain_store):
    with pytest.raises(NotFoundError):
        chain_gaps(chain_store, "没有这条链", "泉港")
    with pytest.raises(NotFoundError):
        chain_gaps(chain_store, CHAIN, "不存在的区")


# ---- candidates, extension, compare ----------------------------------------------------------------

def test_candidates_are_outside_enterprises_with_why(chain_store):
    report = describe("candidates", chain_candidates(chain_store, CHAIN, "泉港"))
    links = {link["link"]: link for link in report["links"]}
    assert "lithium-salts" not in links and "electrolyte-salts" not in links  # present/strong: no candidates
    cells = links["cells"]["candidates"]
    assert [c["name"] for c in cells] == ["宁德时代"]
    assert cells[0]["regions"] == ["宁德市"] and "动力电池" in cells[0]["why"][0]
    cathode = links["cathode"]["candidates"]
    assert cathode[0]["name"] == "容百科技" and cathode[0]["investment_cny_yi"] == 50
    assert "宁波正极材料项目" in cathode[0]["why"][0] and "50亿元" in cathode[0]["why"][0]
    # a firm present in the region (新宙邦 signed its electrolyte project there) is no candidate for it
    assert [c["name"] for c in links["electrolyte"]["candidates"]] == []


def test_candidates_for_another_county_include_the_lithium_investor(chain_store):
    links = {link["link"]: link for link in chain_candidates(chain_store, CHAIN, "晋江")["links"]}
    salts = links["lithium-salts"]["candidates"]
    assert salts[0]["name"] == "盛屯集团" and salts[0]["investment_cny_yi"] == 25
    assert salts[0]["latest"] == NEWEST and salts[0]["evidence_count"] >= 1


def test_candidates_rank_by_evidence_then_investment(chain_store):
    from ingest.model import Document, Entity, Evidence, Extraction, Relation

    doc = Document(text="甲锂业和乙锂业各自布局碳酸锂。", title="锂", date="2024-03-01")
    ev = [Evidence(doc.id, doc.text, 0, len(doc.text), "rule")]
    ev2 = ev + [Evidence(doc.id, "乙锂业扩产碳酸锂。", 0, 5, "rule")]
    a = Entity("Enterprise:甲锂业", "Enterprise", "甲锂业", props={"region": "3502"})
    b = Entity("Enterprise:乙锂业", "Enterprise", "乙锂业", props={"region": "3502"})
    term = Entity("ChainLink:碳酸锂", "ChainLink", "碳酸锂")
    chain_store.write_extractions([Extraction(doc, doc.text, [], [], [a, b, term], [
        Relation("IN_CHAIN", a.id, term.id, evidence=ev), Relation("IN_CHAIN", b.id, term.id, evidence=ev2)])])
    salts = next(x for x in chain_candidates(chain_store, CHAIN, "晋江")["links"] if x["link"] == "lithium-salts")
    names = [c["name"] for c in salts["candidates"]]
    assert names.index("乙锂业") < names.index("甲锂业")
    assert chain_candidates(chain_store, CHAIN, "晋江", limit=1)["links"][0]["candidates"].__len__() == 1


def test_extension_labels_direction_and_action(chain_store):
    report = chain_extension(chain_store, CHAIN, "泉港")
    by_link = {s["link"]: s for s in report["suggestions"]}
    assert by_link["electrolyte"]["action"] == "强链"
    assert by_link["oxides"]["action"] == "延链" and by_link["oxides"]["direction"] == "下游"
    assert by_link["lithium-resources"]["direction"] == "上游"
    assert by_link["fluorochemicals"]["from"][0]["link"] == "electrolyte-salts"
    assert "cells" not in by_link  # not adjacent to anything 泉港 has
    city = {s["link"]: s for s in chain_extension(chain_store, CHAIN, "泉州")["suggestions"]}
    assert city["oxides"]["action"] == "补链"  # between 炼油 (present) and 碳酸酯溶剂 (strong)
    only_strong = {s["link"] for s in chain_extension(chain_store, CHAIN, "泉港", base=["strong"])["suggestions"]}
    assert "oxides" not in only_strong and "fluorochemicals" in only_strong
    with pytest.raises(ChainQueryError):
        chain_extension(chain_store, CHAIN, "泉港", base=["gap"])


def test_compare_two_counties(chain_store):
    report = chain_compare(chain_store, CHAIN, "泉港", "惠安")
    assert report["a"]["code"] == "350505" and report["b"]["code"] == "350521"
    assert "lithium-salts" in report["summary"]["only_a"] and "separator" in report["summary"]["only_b"]
    assert "cells" in report["summary"]["neither"]
    row = next(x for x in report["links"] if x["id"] == "separator")
    assert row["a"]["status"] == "gap" and row["b"]["status"] == "strong" and row["b"]["investment"] == {"USD": 1.5}


def test_report_rows_are_rectangular(chain_store):
    reports = {"list": {"chains": list_chains()}, "view": chain_view(chain_store, CHAIN, "泉港"),
               "gaps": chain_gaps(chain_store, CHAIN, "泉港"), "candidates": chain_candidates(chain_store, CHAIN, "泉港"),
               "extend": chain_extension(chain_store, CHAIN, "泉港"),
               "compare": chain_compare(chain_store, CHAIN, "泉港", "惠安")}
    for kind, report in reports.items():
        header, rows = report_rows(kind, report)
        assert rows, kind
        assert all(len(r) == len(header) for r in rows), kind
    header, rows = report_rows("view", reports["view"])
    assert any(r[5] == "泉港碳酸锂项目" and r[7] == "25亿元" for r in rows)


def test_list_chains_has_the_clusters():
    names = {c["name"] for c in list_chains()}
    assert {"油头—化身—锂电池", "油头—化身—轻纺尾", "纺织鞋服", "石油化工", "建材家居", "食品饮料", "工艺制品",
            "机械装备", "电子信息/半导体", "新能源"} <= names


def test_same_answers_from_a_saved_and_reloaded_store(chain_store, tmp_path):
    path = tmp_path / "graph.pickle"
    saved = NetworkxStore(path)
    saved.write_extractions(fixture_extractions())
    saved.flush()
    assert chain_gaps(NetworkxStore(path), CHAIN, "泉州") == chain_gaps(chain_store, CHAIN, "泉州")


# ---- the seed article through the real pipeline ------------------------------------------------------

def test_seed_quangang_has_lithium_salts_through_the_shengtun_project(seeded):
    store = seeded.graph
    gaps = {link["id"]: link for link in chain_gaps(store, CHAIN, "泉港区")["links"]}
    assert gaps["lithium-salts"]["status"] in ("present", "strong")
    view = {link["id"]: link for link in chain_view(store, CHAIN, "泉港")["links"]}
    project = next(p for p in view["lithium-salts"]["projects"] if p["name"] == "盛屯集团碳酸锂新材料产业项目")
    assert project["investment_yi"] == 25 and (project["currency"] or "CNY") == "CNY"
    assert "碳酸锂" in project["terms"]
    assert any("盛屯集团碳酸锂新材料产业项目落户泉港" in ev["sentence"] for ev in project["evidence"])
    assert view["lithium-salts"]["investment"].get("CNY") == 25
    # 盛屯碳酸锂电池 is reported as started on the same page: one project, at 开工, with both sentences
    assert [p["name"] for p in view["lithium-salts"]["projects"]] == ["盛屯集团碳酸锂新材料产业项目"]
    assert project["status"] == "开工" and project["days_since_signing"] is None and project["joined"]
    assert any("盛屯碳酸锂电池" in ev["sentence"] for ev in project["evidence"])
    assert gaps["lithium-salts"]["status"] == "strong"


# ---- matching and the long-lived analyser ----------------------------------------------------------------

def test_term_matcher_prefers_longest_terms_and_whole_ascii_words():
    from graph.chains import TermMatcher

    m = TermMatcher({"PET": "polyester", "LED": "led", "LED芯片": "chips", "碳酸锂": "salts", "锂电池": "cells",
                     "乙烯": "refining", "半导体": "semis"}, others=["油头—化身—锂电池", "苯乙烯", "化合物半导体"])
    assert m.find("PETG薄膜") == ()
    assert m.find("采用PET瓶片") == (("PET", "polyester"),)
    assert m.find("LED芯片项目") == (("LED芯片", "chips"),)
    assert m.find("打造“油头—化身—锂电池”产业分支，建设碳酸锂产线") == (("碳酸锂", "salts"),)
    assert m.find("苯乙烯装置和乙烯装置") == (("乙烯", "refining"),)
    assert m.find("化合物半导体") == ()


def test_analyser_reuses_its_map_until_documents_change(chain_store):
    from graph.chains import ChainAnalyser
    from ingest.model import Document, Entity, Extraction

    analyser = ChainAnalyser(chain_store)
    first = analyser.chain_map(CHAIN)
    assert analyser.chain_map("lithium-battery") is first
    before = analyser.gaps(CHAIN, "泉港")
    assert before == chain_gaps(chain_store, CHAIN, "泉港")
    assert analyser.gaps(CHAIN, "泉港") is before  # an identical request reuses the report
    assert analyser.gaps(CHAIN, "泉港", stale_days=400) is not before
    doc = Document(text="泉港电芯项目开工。", title="新", date="2024-07-01")
    project = Entity("Project:泉港电芯项目", "Project", "泉港电芯项目",
                     props={"status": "开工", "region": "350505", "date": "2024-07-01"})
    chain_store.write_extractions([Extraction(doc, doc.text, [], [], [project], [])])
    assert analyser.chain_map(CHAIN) is not first
    report = analyser.gaps(CHAIN, "泉港")
    assert report is not before
    assert report["as_of"] == "2024-07-01" and statuses(report)["cells"] == "strong"
    assert analyser.compare(CHAIN, "泉港", "惠安")["summary"]["only_a"]
    analyser.max_maps = 2
    for day in ("2024-08-01", "2024-09-01", "2024-10-01"):
        assert analyser.gaps(CHAIN, "泉港", as_of=day)["as_of"] == day
    assert len(analyser._maps) == 2


def test_a_term_in_a_sentence_belongs_to_the_entity_it_is_said_of(chain_store):
    from ingest.model import Document, Entity, Evidence, Extraction, Relation

    text = "2024年，南埔物流项目落地开工，通过深化合作、开辟新赛道，宁德电芯项目等一批项目开工。"
    doc = Document(text=text, title="开工", date="2024-05-01")
    ev = [Evidence(doc.id, text, 0, len(text), "rule")]
    a = Entity("Project:南埔物流项目", "Project", "南埔物流项目", props={"status": "开工"})
    b = Entity("Project:宁德电芯项目", "Project", "宁德电芯项目", props={"status": "开工"})
    town, ningde = Entity("Region:350505100", "Region", "南埔镇"), Entity("Region:3509", "Region", "宁德市")
    chain_store.write_extractions([Extraction(doc, text, [], [], [a, b, town, ningde], [
        Relation("LOCATED_IN", a.id, town.id, evidence=ev), Relation("LOCATED_IN", b.id, ningde.id, evidence=ev)])])
    cmap = build_chain_map(chain_store, find_chain(CHAIN))
    assert "Project:宁德电芯项目" in cmap.attachments["cells"]
    assert "Project:南埔物流项目" not in cmap.attachments["cells"]
    assert statuses(chain_gaps(chain_store, CHAIN, "泉港"))["cells"] == "gap"


def test_window_starts_at_the_named_clause_and_stops_at_another_entity():
    from graph.chain_terms import window as _window

    s = "去年，甲项目开工，年产碳酸锂，总投资5亿元，乙公司布局隔膜，另有电芯产线。"
    assert _window(s, "甲", ["乙公司"]) == "甲项目开工，年产碳酸锂，总投资5亿元，"
    assert _window(s, "乙公司", ["甲"]) == "乙公司布局隔膜，另有电芯产线。"
    assert _window(s, "丙", []) == "去年，甲项目开工，年产碳酸锂，总投资5亿元，"


def test_building_a_map_leaves_the_garbage_collector_as_it_was(chain_store):
    import gc

    assert gc.isenabled()
    build_chain_map(chain_store, find_chain(CHAIN))
    assert gc.isenabled()
    gc.disable()
    try:
        build_chain_map(chain_store, find_chain(CHAIN))
        assert not gc.isenabled()
    finally:
        gc.enable()
