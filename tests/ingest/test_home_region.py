"""Extraction for a home region other than 泉州: its counties' short forms and its towns are places."""
import pytest

from corpus import load_lexicon
from ingest.model import Document
from ingest.pipeline import Pipeline

TEXT = ("苏州锐拓新能源科技有限公司磷酸铁锂正极材料项目在昆山市巴城镇开工。"
        "江苏恒达精密机械项目落户吴江。")


@pytest.fixture(scope="module")
def pipelines():
    return {home: Pipeline(lexicon=load_lexicon(home=home), name_model=False) for home in ("泉州", "苏州市")}


def _places(pipeline):
    x = pipeline.analyse(Document(text=TEXT, title="t"))
    regions = {e.id for e in x.entities if e.label == "Region"}
    located = {(r.head.split(":", 1)[1].split("@")[0], r.tail) for r in x.relations if r.type == "LOCATED_IN"}
    return regions, located


def test_a_home_city_knows_its_counties_short_forms_and_its_towns(pipelines):
    regions, located = _places(pipelines["苏州市"])
    assert {"Region:320509", "Region:320583", "Region:320583101"} <= regions  # 吴江区, 昆山市, 巴城镇
    assert ("恒达精密机械", "Region:320509") in located
    assert any(tail == "Region:320583101" for _, tail in located)


def test_far_from_home_the_same_words_need_context(pipelines):
    # From 泉州, 吴江 and 昆山市 are counties of another province: a bare short form is no place.
    regions, located = _places(pipelines["泉州"])
    assert not {"Region:320509", "Region:320583101"} & regions
    assert not any(tail == "Region:320509" for _, tail in located)


def test_xiamen_as_home_reads_its_county_short_forms():
    text = "厦门钨业新能源材料项目落户集美，总投资10亿元。"
    located = {}
    for home in ("泉州", "厦门"):
        x = Pipeline(lexicon=load_lexicon(home=home), name_model=False).analyse(Document(text=text, title="t"))
        located[home] = {r.tail for r in x.relations if r.type == "LOCATED_IN"}
    assert located["厦门"] == {"Region:350211"}  # 集美区
    assert "Region:350211" not in located["泉州"]  # from 泉州, 集美 is only a word
