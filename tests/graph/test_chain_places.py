"""Places, attachments and candidates of the region map, on invented articles written straight into a store.

Each test runs on every graph backend (the shared `store` fixture). The articles are invented
to state one construction each; the answers follow from the rules in graph.chain_places and
graph.chain_map, not from extraction.
"""
from __future__ import annotations

from graph.chains import build_chain_map, chain_candidates, chain_gaps, chain_view, find_chain
from ingest.model import Document, Entity, Evidence, Extraction, Relation
from liantu.chain_text import describe

LITHIUM, PETRO, TEXTILE = "油头—化身—锂电池", "石油化工", "纺织鞋服"


def region(code: str, name: str) -> Entity:
    return Entity(f"Region:{code}", "Region", name, props={"code": code})


def ev(doc: Document, sentence: str) -> list[Evidence]:
    start = max(doc.text.find(sentence), 0)
    return [Evidence(doc.id, sentence, start, start + len(sentence), "rule", 0.9)]


def project(doc: Document, name: str, sentence: str, status: str | None = None, day: str | None = None,
            **props) -> Entity:
    p = {"date": doc.date, **props}
    if status:
        p["status"] = status
        p["status_history"] = [{"status": status, "date": day or doc.date, "doc_id": doc.id, "sentence": sentence}]
    return Entity(f"Project:{name}", "Project", name, props=p)


def write(store, doc: Document, entities: list[Entity], relations: list[Relation]) -> None:
    store.write_extractions([Extraction(doc, doc.text, [], [], entities, relations)])


def places(store, chain: str = LITHIUM) -> dict[str, tuple[set[str], set[str]]]:
    cmap = build_chain_map(store, find_chain(chain))
    return {e: (set(cmap.regions[e]), {p.method for p in found}) for e, found in cmap.placements.items()}


def link(report: dict, link_id: str) -> dict:
    return next(x for x in report["links"] if x.get("id", x.get("link")) == link_id)


def test_a_shared_place_name_in_a_text_about_elsewhere_places_nothing_at_home(store):
    s1 = "兰州炼油厂、洛阳第一拖拉机厂等重大建设项目，将在本年开始兴建。"
    far = Document(text=s1, title="1956年政府工作报告", date="1956-06-15")
    p1 = project(far, "洛阳第一拖拉机厂项目", s1)
    town, county, city = region("350521104", "洛阳镇"), region("350521", "惠安县"), region("3505", "泉州市")
    write(store, far, [p1, town, county, city], [Relation("LOCATED_IN", p1.id, town.id, evidence=ev(far, s1))])
    s2 = "洛阳桥畔的石化配套项目在洛阳镇开工建设。"
    near = Document(text=s2, title="惠安石化配套项目开工", date="2024-03-01")
    p2 = project(near, "石化配套项目", s2, "开工")
    write(store, near, [p2, town], [Relation("LOCATED_IN", p2.id, town.id, evidence=ev(near, s2))])
    got = places(store)
    assert p1.id not in got  # 洛阳 of a national report is 河南's
    assert got[p2.id] == ({"350521104"}, {"sentence"})  # the title names 惠安: the town is the local one


def test_a_place_word_in_the_name_an_investor_or_the_article_places_a_project(store):
    s1 = "泉港劣质重油深加工综合利用项目列入省重点项目。"
    s2 = "中化泉州炼化一体化项目(二期)开工建设。"
    doc = Document(text=s1 + s2, title="重点项目", date="2024-01-10")
    heavy = project(doc, "泉港劣质重油深加工综合利用项目", s1)
    firm = Entity("Enterprise:中化泉州", "Enterprise", "中化泉州", props={"region": "350505"})
    refinery = project(doc, "中化泉州炼化一体化项目(二期)", s2, "开工")
    write(store, doc, [heavy, firm, refinery],
          [Relation("INVESTS_IN", firm.id, refinery.id, evidence=ev(doc, s2))])
    s3 = "运动鞋数字化智能工厂项目竣工。"
    local = Document(text="晋江市：" + s3, title="项目竣工", date="2024-02-01")
    factory = project(local, "运动鞋数字化智能工厂项目", s3, "竣工")
    write(store, local, [factory, region("350582", "晋江市")], [])
    got = places(store)
    assert got[heavy.id] == ({"350505"}, {"name"})
    assert got[refinery.id] == ({"350505"}, {"investor"})  # 泉州 in its name yields to the investor's county
    assert got[factory.id] == ({"350582"}, {"article"})
    view = link(chain_view(store, PETRO, "泉港区"), "refining")
    row = next(p for p in view["projects"] if p["id"] == refinery.id)
    assert row["placed_by"][0]["method"] == "investor" and row["placed_by"][0]["sentence"] == s2
    assert view["status"] == "strong"


def test_a_project_no_method_places_is_counted_in_region_views(store):
    s1 = "泉州市推进一批项目，其中碳酸锂新材料项目进展顺利。"
    doc = Document(text=s1, title="泉州市项目推进", date="2024-04-01")
    p = project(doc, "碳酸锂新材料项目", s1)
    write(store, doc, [p, region("3505", "泉州市")], [])
    salts = link(chain_view(store, LITHIUM, "晋江市"), "lithium-salts")
    assert salts["status"] == "gap" and salts["unplaced_count"] == 1 and salts["unplaced"] == ["碳酸锂新材料项目"]
    text = link(describe("gaps", chain_gaps(store, LITHIUM, "晋江市")), "lithium-salts")["reason"]
    assert "1个相关项目地点不明" in text


def test_a_project_named_twice_on_one_page_is_one_project_at_its_latest_stage(store):
    s1 = "盛屯集团碳酸锂新材料产业项目落户泉港，总投资25亿元。"
    s2 = "盛屯碳酸锂电池等一批项目开工。"
    doc = Document(text=s1 + s2, title="泉州招商", date="2024-06-20")
    shengtun = Entity("Enterprise:盛屯集团", "Enterprise", "盛屯集团")
    signed = project(doc, "盛屯集团碳酸锂新材料产业项目", s1, "签约", "2022-12-01", investment_yi=25.0, currency="CNY")
    started = project(doc, "盛屯碳酸锂电池项目", s2, "开工")
    write(store, doc, [shengtun, signed, started, region("350505", "泉港区")], [
        Relation("INVESTS_IN", shengtun.id, signed.id, evidence=ev(doc, s1)),
        Relation("INVESTS_IN", shengtun.id, started.id, evidence=ev(doc, s2)),
        Relation("LOCATED_IN", signed.id, "Region:350505", evidence=ev(doc, s1))])
    salts = link(chain_view(store, LITHIUM, "泉港区"), "lithium-salts")
    assert [p["name"] for p in salts["projects"]] == ["盛屯集团碳酸锂新材料产业项目"]
    row = salts["projects"][0]
    assert row["status"] == "开工" and row["days_since_signing"] is None and row["joined"] == [started.id]
    assert {e["sentence"] for e in row["evidence"]} >= {s1, s2}
    assert salts["status"] == "strong"
    # present in 泉港 through its project: no candidate there, a candidate elsewhere
    assert all(c["name"] != "盛屯集团" for x in chain_candidates(store, LITHIUM, "泉港区")["links"]
               for c in x["candidates"])
    jinjiang = link(chain_candidates(store, LITHIUM, "晋江市"), "lithium-salts")
    assert jinjiang["candidates"][0]["name"] == "盛屯集团"
    assert jinjiang["candidates"][0]["regions"] == ["泉港区"]


def test_words_near_a_firm_in_a_list_tie_it_to_nothing(store):
    s1 = "有力推动恒安新型生活用品项目、百宏锂电池电解液项目等一批增资扩产项目实现开工。"
    doc = Document(text=s1, title="增资扩产", date="2024-06-20")
    hengan = Entity("Enterprise:恒安", "Enterprise", "恒安", props={"region": "350582"})
    baihong = Entity("Enterprise:百宏", "Enterprise", "百宏", props={"region": "3502"})
    tissue = project(doc, "恒安新型生活用品项目", s1, "开工")
    electrolyte = project(doc, "百宏锂电池电解液项目", s1, "开工")
    write(store, doc, [hengan, baihong, tissue, electrolyte, region("350505", "泉港区")], [
        Relation("INVESTS_IN", hengan.id, tissue.id, evidence=ev(doc, s1)),
        Relation("INVESTS_IN", baihong.id, electrolyte.id, evidence=ev(doc, s1)),
        Relation("LOCATED_IN", electrolyte.id, "Region:350505", evidence=ev(doc, s1))])
    cmap = build_chain_map(store, find_chain(LITHIUM))
    assert tissue.id not in cmap.attachments.get("electrolyte", {})
    assert hengan.id not in cmap.attachments.get("electrolyte", {})
    names = [c["name"] for c in link(chain_candidates(store, LITHIUM, "晋江市"), "electrolyte")["candidates"]]
    assert names == ["百宏"]


def test_an_enterprise_joins_a_link_by_what_it_states_it_makes_or_its_industry(store):
    s1 = "闽锂科技主要生产动力电池，新宙邦、石油等企业参加了会议。"
    doc = Document(text=s1, title="会议", date="2024-05-01")
    catl = Entity("Enterprise:闽锂科技", "Enterprise", "闽锂科技", props={"region": "3509"})
    capchem = Entity("Enterprise:新宙邦", "Enterprise", "新宙邦", props={"region": "4403"})
    sector = Entity("Enterprise:石油", "Enterprise", "石油")
    anta = Entity("Enterprise:安踏", "Enterprise", "安踏", props={"region": "350582"})
    rels = [Relation("LOCATED_IN", e.id, f"Region:{e.props['region']}", evidence=ev(doc, s1)) for e in (catl, capchem)]
    write(store, doc, [catl, capchem, sector, anta, region("3509", "宁德市"), region("4403", "深圳市")], rels)
    cmap = build_chain_map(store, find_chain(LITHIUM))
    assert cmap.attachments["cells"]["Enterprise:闽锂科技"].methods == {"states"}
    assert "Enterprise:新宙邦" not in {e for x in cmap.attachments.values() for e in x}
    assert "Enterprise:石油" not in cmap.entities  # a sector, not a firm
    footwear = link(chain_view(store, TEXTILE, "晋江市"), "footwear")
    assert [(e["name"], e["found_by"]) for e in footwear["enterprises"]] == [("安踏", ["industry"])]
