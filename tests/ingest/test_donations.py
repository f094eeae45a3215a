"""Donations and attendance, one invented sentence per construction (ingest/donations.py, cue words
in corpus/data/terms.tsv: donate, donate_to, donate_pledge, attend)."""
from __future__ import annotations

import pytest

from ingest.model import Document
from ingest.pipeline import Pipeline

# sentence, facts (type, head name, tail name, amount text or None), facts that must not be found
ROWS = [
    # donor before the verb, place after 向, amount after the verb
    ("旅菲侨胞林志远先生携其家族向晋江龙湖镇捐赠500万元，支持家乡教育。",
     {("DONATES_TO", "林志远", "龙湖镇", "500万元")}, set()),
    # recipient project after the verb
    ("旅菲侨胞陈国华先生在石狮捐建石狮实验小学综合楼项目，捐资300万元。",
     {("DONATES_TO", "陈国华", "石狮实验小学综合楼项目", None)}, set()),
    # an honorific names the person named before; with no recipient named, the article's place
    ("印尼侨领黄文彬祖籍安溪。此次回乡，黄老计划再捐资200万美元。",
     {("DONATES_TO", "黄文彬", "安溪县", "200万美元")}, set()),
    # a firm gives
    ("福建恒安集团向泉州市慈善总会捐款1000万元。",
     {("DONATES_TO", "恒安", "泉州市慈善总会", "1000万元")}, set()),
    # a ceremony named after the verb is attended, not a gift
    ("晋江市政协主席黄天凯出席捐赠仪式。", set(), {"DONATES_TO"}),
    # no giver named: no donation
    ("各界踊跃捐款，共筹得善款20万元。", set(), {"DONATES_TO"}),
    # attendance: each person and body before the verb, the named event after it
    ("菲华商联总会理事长张明辉出席首届“海丝”侨商投资贸易大会。",
     {("ATTENDED", "张明辉", "首届“海丝”侨商投资贸易大会", None),
      ("ATTENDED", "菲华商联总会", "首届“海丝”侨商投资贸易大会", None)}, set()),
    # a meeting named only by its kind is no event: no attendance
    ("王建新出席了座谈会。", set(), {"ATTENDED"}),
]


@pytest.fixture(scope="module")
def pipeline():
    return Pipeline()


def _facts(pipeline, sentence):
    x = pipeline.analyse(Document(text=sentence, date="2024-06-20"))
    names = {e.id: e.name for e in x.entities}
    return {(r.type, names.get(r.head), names.get(r.tail), r.props.get("amount_text")) for r in x.relations
            if r.type in ("DONATES_TO", "ATTENDED")}


@pytest.mark.parametrize("sentence,expected,absent_types", ROWS, ids=[f"d{i + 1}" for i in range(len(ROWS))])
def test_construction_gives_its_facts(pipeline, sentence, expected, absent_types):
    facts = _facts(pipeline, sentence)
    assert expected - facts == set(), f"missing from {sorted(facts)}"
    assert {f for f in facts if f[0] in absent_types} == set()


def test_a_pledge_is_marked(pipeline):
    x = pipeline.analyse(Document(text="印尼侨领黄文彬祖籍安溪。此次回乡，黄老计划再捐资200万美元。"))
    gift = next(r for r in x.relations if r.type == "DONATES_TO")
    assert gift.props["pledged"] is True and gift.props["currency"] == "USD"
    assert gift.props["amount_yi"] == pytest.approx(0.02) and gift.props["recipient"] == "article region"
