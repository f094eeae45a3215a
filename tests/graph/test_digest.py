"""The digest on every store backend: the same changes, with their evidence, from the same articles."""
from __future__ import annotations

import pytest

from graph.digest import DigestError, digest, parse_day, period_end
from ingest.errors import NotFoundError
from ingest.model import Document
from ingest.pipeline import Pipeline

SIGNING = Document(title="福建锂源新能源材料项目签约", date="2025-03-02",
                   text="3月2日，总投资30亿元的福建锂源新能源材料项目在泉港区签约，项目由宁德时代投资建设，"
                        "主要生产磷酸铁锂正极材料。")
GROUNDBREAKING = Document(title="福建锂源新能源材料项目开工", date="2026-09-18",
                          text="9月18日，福建锂源新能源材料项目在泉港石化工业园区正式开工建设。")
TEXTILE = Document(title="石狮市签约高端纺织面料项目", date="2026-10-12",
                   text="10月12日，石狮市与菲律宾侨商签约建设高端纺织面料项目，项目总投资12亿元，"
                        "选址石狮高新技术产业开发区。")
TIES = Document(title="侨商回乡", date="2026-11-05",
                text="11月5日，菲律宾晋江同乡总会会长施金城率团回乡考察。施金城祖籍晋江市金井镇，旅居菲律宾多年。")
PROJECT = "Project:锂源新能源材料@350505"


@pytest.fixture(scope="module")
def extractions():
    pipeline = Pipeline(name_model=False)
    return [pipeline.analyse(doc) for doc in (SIGNING, GROUNDBREAKING, TEXTILE, TIES)]


@pytest.fixture
def graph(store, extractions):
    store.write_extractions(extractions)
    return store


def kinds(result, kind):
    return [i for i in result.items if i.kind == kind]


def test_a_status_change_lists_the_statements_of_both_stages(graph):
    result = digest(graph, since="2026-09-01")
    [change] = kinds(result, "status_change")
    assert change.subject["id"] == PROJECT and change.date == "2026-09-18"
    assert (change.details["from"], change.details["to"]) == ("签约", "开工")
    assert [e["sentence"] for e in change.evidence] == [
        "3月2日，总投资30亿元的福建锂源新能源材料项目在泉港区签约，项目由宁德时代投资建设，主要生产磷酸铁锂正极材料。",
        "9月18日，福建锂源新能源材料项目在泉港石化工业园区正式开工建设。"]
    assert [e["title"] for e in change.evidence] == [SIGNING.title, GROUNDBREAKING.title]
    assert PROJECT not in {i.subject["id"] for i in kinds(result, "new_project")}  # new in 2025, not since


def test_new_projects_ties_and_filled_links_since_a_date(graph):
    result = digest(graph, since="2026-10-01")
    assert [i.subject["name"] for i in kinds(result, "new_project")] == ["高端纺织面料项目"]
    assert not kinds(result, "status_change")
    ties = {(i.details["type"], i.subject["id"], i.details["tail"]["id"]) for i in kinds(result, "new_tie")}
    assert ("LEADS", "Person:施金城", "Org:菲律宾晋江同乡总会") in ties
    assert ("HOMETOWN", "Person:施金城", "Region:350582106") in ties  # the town: not its county and city too
    assert ("HOMETOWN", "Person:施金城", "Region:350582") not in ties
    filled = {(i.details["chain"], i.details["region_name"]) for i in kinds(result, "link_filled")}
    assert ("textile-apparel", "石狮市") in filled
    for item in result.items:
        assert item.evidence and all(e["sentence"] and e["doc_id"] for e in item.evidence), item
        assert item.date >= "2026-10-01"
    assert result.items == sorted(result.items, key=lambda i: i.date, reverse=True)


def test_one_tie_stated_by_two_articles_of_one_day_is_one_item_with_the_first_statement(store, extractions):
    pipeline = Pipeline(name_model=False)
    again = Document(title="侨商回乡（转载）", date=TIES.date, text=TIES.text + "考察团受到热烈欢迎。")
    store.write_extractions([*extractions, pipeline.analyse(again)])
    ties = [i for i in kinds(digest(store, since="2026-11-01"), "new_tie") if i.details["type"] == "LEADS"]
    assert len(ties) == 1 and ties[0].evidence[0]["doc_id"] == min(TIES.id, again.id)


def test_region_and_chain_narrow_the_digest(graph):
    quangang = digest(graph, since="2025-01-01", region="泉港")
    assert {i.subject["id"] for i in quangang.items if i.kind in ("new_project", "status_change")} == {PROJECT}
    [link] = [i for i in kinds(quangang, "link_filled") if i.details["chain"] == "lithium-battery"][:1]
    assert link.details["region_name"] == "泉港区" and link.date == "2025-03-02"
    assert not kinds(quangang, "new_tie")
    jinjiang = digest(graph, since="2025-01-01", region="晋江市")
    assert {i.details["type"] for i in kinds(jinjiang, "new_tie")} >= {"HOMETOWN", "LEADS"}
    textile = digest(graph, since="2025-01-01", chain="纺织鞋服")
    assert {i.subject["id"] for i in kinds(textile, "new_project")} == {"Project:高端纺织面料@350581"}
    assert {i.details["chain"] for i in kinds(textile, "link_filled")} == {"textile-apparel"}


def test_a_project_standing_at_signing_too_long_is_stalled(graph):
    result = digest(graph, since="2026-01-01", as_of="2026-12-31", stalled_days=300)
    stalled = {i.subject["id"]: i for i in kinds(result, "stalled")}
    assert "Project:高端纺织面料@350581" not in stalled  # signed in October: 300 days not yet up
    longer = digest(graph, since="2025-01-01", as_of="2026-12-31", stalled_days=30)
    item = {i.subject["id"]: i for i in kinds(longer, "stalled")}["Project:高端纺织面料@350581"]
    assert item.details["status"] == "签约" and item.date == "2026-11-11"
    assert item.evidence[0]["title"] == TEXTILE.title


def test_without_since_the_digest_covers_the_last_thirty_days_of_data(graph):
    result = digest(graph)
    assert (result.since, result.as_of) == ("2026-10-06", "2026-11-05")


def test_bad_arguments_say_what_is_wrong(graph):
    with pytest.raises(DigestError, match="--since 'yesterday'"):
        digest(graph, since="yesterday")
    with pytest.raises(NotFoundError, match="no region '火星'"):
        digest(graph, region="火星")
    with pytest.raises(NotFoundError, match="no chain '造船'"):
        digest(graph, chain="造船")


def test_dates():
    assert parse_day("2026-03") == "2026-03-01" and parse_day("2026") == "2026-01-01" and parse_day(None) is None
    assert period_end("2026-02") == "2026-02-28" and period_end("2026") == "2026-12-31"
    assert period_end("2026-02-03") == "2026-02-03"


def test_a_place_inferred_from_an_association_is_no_new_tie(store, extractions):
    pipeline = Pipeline(name_model=False)
    officers = Document(title="会馆活动", date="2026-11-20", text="11月20日，马来西亚雪兰莪晋江会馆会长林振华出席活动。")
    store.write_extractions([*extractions, pipeline.analyse(officers)])
    ties = {(i.details["type"], i.subject["id"]) for i in kinds(digest(store, since="2026-11-10"), "new_tie")}
    assert ("LEADS", "Person:林振华") in ties
    assert not {("RESIDES_IN", "Person:林振华"), ("HOMETOWN", "Person:林振华")} & ties
