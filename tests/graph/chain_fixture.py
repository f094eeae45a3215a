"""A small corpus whose chain-gap answers are known by construction (油头—化身—锂电池 around 泉州).

Written as Extractions straight into a store, so the answers do not depend on extraction quality.

| entity | region | link (how) | status |
|---|---|---|---|
| 泉港碳酸锂项目 (盛屯集团, 25亿元) | 泉港石化工业园区 (zone in 泉港) | lithium-salts (IN_CHAIN 碳酸锂) | 签约 2024-06-20, fresh |
| 泉港电解液项目 (新宙邦, 10亿元) | 泉港区 | electrolyte (name 电解液) | 签约 2023-06-01, stale |
| 泉港新材料产业园项目 | 南埔镇 (town in 泉港) | electrolyte-salts (evidence 六氟磷酸锂) | 开工 |
| 福建联合石化 (enterprise) | 泉港区 | refining (IN_CHAIN 乙烯) | - |
| 惠安隔膜项目 (1.5亿美元) | 惠安县 | separator (name 隔膜) | 投产 |
| 晋江储能电站项目 (8亿元) | 晋江市 | energy-storage (name 储能电站) | 开工 |
| 晋江碳酸二甲酯项目 (3亿元) | 晋江市 | carbonate-solvents (name 碳酸二甲酯) | 投产 |
| 洛江智造项目 | 洛江区 | no link: its sentence names the chain only (IN_CHAIN to Chain:lithium-battery) | 签约 |
| 宁德时代 (enterprise) | 宁德市 | cells (IN_CHAIN 动力电池) | - |
| 宁波正极材料项目 (容百科技, 50亿元) | 宁波市 | cathode (name 正极材料) | 投产 |
Newest article: 2024-06-20.
"""
from __future__ import annotations

from ingest.model import Document, Entity, Evidence, Extraction, Relation

NEWEST = "2024-06-20"


def _region(code: str, name: str) -> Entity:
    return Entity(f"Region:{code}", "Region", name, props={"code": code})


def _ev(doc: Document, sentence: str) -> list[Evidence]:
    start = doc.text.find(sentence)
    return [Evidence(doc.id, sentence, max(start, 0), max(start, 0) + len(sentence), "rule", 0.9)]


def _project(doc: Document, name: str, sentence: str, *, status: str | None = None, status_date: str | None = None,
             investment: float | None = None, currency: str = "CNY", region: str | None = None,
             history: list[tuple[str, str]] | None = None) -> Entity:
    props: dict = {"date": doc.date}
    if investment is not None:
        props.update(investment_yi=investment, currency=currency,
                     investment_text=f"{investment:g}亿{'元' if currency == 'CNY' else '美元'}")
    steps = history or ([(status, status_date or doc.date)] if status else [])
    if steps:
        props["status"] = steps[-1][0]
        props["status_history"] = [{"status": s, "date": d, "doc_id": doc.id, "sentence": sentence} for s, d in steps]
    if region:
        props["region"] = region
    return Entity(f"Project:{name}", "Project", name, props=props)


def fixture_extractions() -> list[Extraction]:
    """Three articles; see the module docstring for what they state."""
    s1 = "高效推动盛屯集团泉港碳酸锂项目落户泉港石化工业园区，总投资25亿元，建设年产5万吨电池级碳酸锂。"
    s2 = "泉港新材料产业园项目在南埔镇开工，主要生产六氟磷酸锂。"
    s3 = "福建联合石化在泉港区扩建乙烯装置。"
    s4 = "晋江储能电站项目开工，总投资8亿元。"
    s5 = "宁德时代是全球最大的动力电池企业。"
    doc1 = Document(text=s1 + s2 + s3 + s4 + s5, title="泉州项目集中开工", date=NEWEST, source="test")

    s6 = "新宙邦签约泉港电解液项目，总投资10亿元。"
    s7 = "洛江智造项目签约，助力打造“油头—化身—锂电池”产业分支。"
    doc2 = Document(text=s6 + s7, title="泉港签约", date="2023-06-01", source="test")

    s8 = "惠安隔膜项目投产，总投资1.5亿美元。"
    s9 = "晋江碳酸二甲酯项目投产，总投资3亿元。"
    s10 = "容百科技投资50亿元的宁波正极材料项目投产。"
    doc3 = Document(text=s8 + s9 + s10, title="投产", date="2024-01-10", source="test")

    quangang, huian, jinjiang, luojiang = (_region("350505", "泉港区"), _region("350521", "惠安县"),
                                          _region("350582", "晋江市"), _region("350504", "洛江区"))
    zone, town, ningbo = (_region("350505Z1", "泉港石化工业园区"), _region("350505100", "南埔镇"),
                          _region("3302", "宁波市"))

    shengtun = Entity("Enterprise:盛屯集团", "Enterprise", "盛屯集团", props={"region": "3502"})
    p1 = _project(doc1, "泉港碳酸锂项目", s1, status="签约", investment=25)
    p3 = _project(doc1, "泉港新材料产业园项目", s2, history=[("签约", "2023-01-05"), ("开工", NEWEST)])
    lianhe = Entity("Enterprise:福建联合石化", "Enterprise", "福建联合石化")
    p4 = _project(doc1, "晋江储能电站项目", s4, status="开工", investment=8, region="350582")
    catl = Entity("Enterprise:宁德时代", "Enterprise", "宁德时代", props={"region": "3509"})
    lithium = Entity("ChainLink:碳酸锂", "ChainLink", "碳酸锂")
    ethylene = Entity("ChainLink:乙烯", "ChainLink", "乙烯")
    power = Entity("ChainLink:动力电池", "ChainLink", "动力电池")
    x1 = Extraction(doc1, doc1.text, [], [], [shengtun, p1, p3, lianhe, p4, catl, lithium, ethylene, power,
                                              quangang, zone, town, jinjiang], [
        Relation("INVESTS_IN", shengtun.id, p1.id, evidence=_ev(doc1, s1)),
        Relation("LOCATED_IN", p1.id, zone.id, evidence=_ev(doc1, s1)),
        Relation("IN_CHAIN", p1.id, lithium.id, evidence=_ev(doc1, s1)),
        Relation("LOCATED_IN", p3.id, town.id, evidence=_ev(doc1, s2)),
        Relation("LOCATED_IN", lianhe.id, quangang.id, evidence=_ev(doc1, s3)),
        Relation("IN_CHAIN", lianhe.id, ethylene.id, evidence=_ev(doc1, s3)),
        Relation("IN_CHAIN", catl.id, power.id, evidence=_ev(doc1, s5)),
    ])

    xinzhoubang = Entity("Enterprise:新宙邦", "Enterprise", "新宙邦", props={"region": "4403"})
    p2 = _project(doc2, "泉港电解液项目", s6, status="签约", investment=10, region="350505")
    p7 = _project(doc2, "洛江智造项目", s7, status="签约")
    whole_chain = Entity("Chain:lithium-battery", "Chain", "油头—化身—锂电池")
    x2 = Extraction(doc2, doc2.text, [], [], [xinzhoubang, p2, p7, luojiang, whole_chain], [
        Relation("INVESTS_IN", xinzhoubang.id, p2.id, evidence=_ev(doc2, s6)),
        Relation("LOCATED_IN", p7.id, luojiang.id, evidence=_ev(doc2, s7)),
        Relation("IN_CHAIN", p7.id, whole_chain.id, evidence=_ev(doc2, s7)),
    ])

    p8 = _project(doc3, "惠安隔膜项目", s8, status="投产", investment=1.5, currency="USD")
    p9 = _project(doc3, "晋江碳酸二甲酯项目", s9, status="投产", investment=3)
    rongbai = Entity("Enterprise:容百科技", "Enterprise", "容百科技")
    p10 = _project(doc3, "宁波正极材料项目", s10, status="投产", investment=50)
    x3 = Extraction(doc3, doc3.text, [], [], [p8, p9, rongbai, p10, huian, jinjiang, ningbo], [
        Relation("LOCATED_IN", p8.id, huian.id, evidence=_ev(doc3, s8)),
        Relation("LOCATED_IN", p9.id, jinjiang.id, evidence=_ev(doc3, s9)),
        Relation("LOCATED_IN", p10.id, ningbo.id, evidence=_ev(doc3, s10)),
        Relation("INVESTS_IN", rongbai.id, p10.id, evidence=_ev(doc3, s10)),
    ])
    return [x1, x2, x3]
