"""The one merge of what documents say about an entity or relation (ingest.facts)."""
from __future__ import annotations

from itertools import permutations

import pytest

from ingest.facts import Contribution, ProjectFacts, merge_props, merge_relation_props
from ingest.model import Document


def said(doc_id, date, status=None, amount=None, **props):
    if status:
        props["status_history"] = [{"status": status, "date": date, "doc_id": doc_id, "sentence": f"{status}。"}]
        props["status"] = status
    if amount is not None:
        props |= {"investment_yi": amount, "currency": "CNY", "investment_text": f"{amount:g}亿元"}
    return Contribution(doc_id, date, props)


REPORTS = [said("a", "2024-01-10", "签约", 10.0, region="350505"),
           said("b", "2024-06-05", "开工", 12.0, region="350505"),
           said("c", "2024-11-20", "投产", region="350521", roles=["x"]),
           said("d", "2024-03-01", "签约", region="350505")]


def test_project_merge_is_the_same_in_every_order():
    merged = [merge_props("Project", order) for order in permutations(REPORTS)]
    assert all(m == merged[0] for m in merged)
    props = merged[0]
    assert props["status"] == "投产"
    # 签约 stated twice: both statements kept, each with its document
    assert [(s["status"], s["doc_id"]) for s in props["status_history"]] == [
        ("签约", "a"), ("签约", "d"), ("开工", "b"), ("投产", "c")]
    assert props["investment_yi"] == 12.0 and len(props["investments"]) == 2
    assert props["region"] == "350505" and props["places"] == ["350505", "350521"]  # most documents say 泉港
    assert props["date"] == "2024-01-10" and props["roles"] == ["x"]


def test_merging_a_record_with_itself_changes_nothing():
    record = ProjectFacts.from_contribution(REPORTS[0])
    assert record.merge(record) == record
    assert record.merge(ProjectFacts()).to_props() == record.to_props()


def test_same_date_stages_latest_is_the_furthest():
    props = merge_props("Project", [said("b", "2024-06-05", "开工"), said("a", "2024-06-05", "签约")])
    assert props["status"] == "开工"


def test_unknown_stage_words_are_not_steps():
    props = merge_props("Project", [Contribution("a", "2024-01-01", {"status_history": [{"status": "计划"}]})])
    assert "status" not in props and "status_history" not in props


def test_other_entities_take_the_newest_value_and_unite_lists():
    old = Contribution("a", "2023-01-01", {"hometown": "350582", "roles": ["会长"]})
    new = Contribution("b", "2024-01-01", {"hometown": "350583", "roles": ["董事长", "会长"]})
    for order in ([old, new], [new, old]):
        assert merge_props("Org", order) == {"hometown": "350583", "roles": ["会长", "董事长"]}


def test_relation_evidence_counts_are_summed():
    props = merge_relation_props([Contribution("a", None, {"evidence_count": 3, "role": "会长"}),
                                  Contribution("b", "2024-01-01", {"evidence_count": 2, "role": "名誉会长"})])
    assert props == {"evidence_count": 5, "role": "名誉会长"}


@pytest.mark.slow
def test_a_long_document_in_parts_keeps_every_stage(pipeline_small_parts):
    text = ("泉港区锂电新材料项目于2024年1月10日正式签约。\n" + "泉港区持续优化营商环境。\n" * 30
            + "泉港区锂电新材料项目于2024年6月5日正式开工。\n")
    x = pipeline_small_parts.analyse(Document(text=text, title="进展", date="2024-06-06"))
    project = next(e for e in x.entities if e.label == "Project")
    assert [s["status"] for s in project.props["status_history"]] == ["签约", "开工"]
    assert project.props["status"] == "开工"


@pytest.fixture(scope="module")
def pipeline_small_parts():
    from ingest.pipeline import Pipeline

    pipeline = Pipeline(name_model=False)
    pipeline.part_chars = 200
    return pipeline


def test_one_person_across_articles_records_why():
    a = Contribution("a", "2024-01-01", {"hometown": "350582", "roles": ["会长"]})
    b = Contribution("b", "2024-02-01", {"hometown": "350582101"})  # a town of 晋江
    c = Contribution("c", "2024-03-01", {"orgs": ["Org:菲华商联总会"]})
    identity = merge_props("Person", [a, b, c])["identity"]
    assert identity["documents"] == 3 and identity["conflicts"] == []
    assert identity["because"] == ["hometown 350582 in 2 documents", "hometown 350582101 in 2 documents"]
    assert merge_props("Person", [c, Contribution("d", None, {})])["identity"]["because"] == [
        "same name, nothing stated conflicts"]


def test_conflicting_hometowns_are_recorded():
    identity = merge_props("Person", [Contribution("a", None, {"hometown": "350582"}),
                                      Contribution("b", None, {"hometown": "350524"})])["identity"]
    assert identity["conflicts"] == ["hometown 350524 / 350582"]
