"""Invented sentences through the pipeline into every store, then the 侨商 network analytics:
places the text gives roll up the way the counts need."""
from __future__ import annotations

import pytest

from graph import network
from ingest.model import Document

JINJIANG, LONGHU = "350582", "350582110"


@pytest.fixture(scope="module")
def pipeline():
    from ingest.pipeline import Pipeline

    return Pipeline()


def ingest(store, pipeline, *texts: str) -> None:
    docs = [Document(text=t, title=f"侨讯{i}", date="2024-05-01", origin=f"{i}.md") for i, t in enumerate(texts)]
    store.write_extractions([pipeline.analyse(d) for d in docs])


def person_id(store, name: str) -> str:
    return next(e["id"] for e in store.find_entities(name, labels=["Person"]) if e["name"] == name)


def test_a_village_rolls_up_to_the_town_and_county_the_sentence_gives(pipeline):
    x = pipeline.analyse(Document(text="晋江市龙湖镇南庄村、衙口村乡贤施远迎、施文立为家乡捐资助学。", title="t"))
    part_of = {(r.head, r.tail) for r in x.relations if r.type == "PART_OF"}
    assert {("Region:南庄村", f"Region:{LONGHU}"), ("Region:衙口村", f"Region:{LONGHU}")} <= part_of
    x = pipeline.analyse(Document(text="晋江市龙湖镇南庄村乡贤施远迎为家乡捐资助学。", title="t"))
    homes = [r for r in x.relations if r.type == "HOMETOWN" and r.tail == "Region:南庄村"]
    assert homes and all(r.props["region"] == LONGHU for r in homes)


def test_network_counts_roll_a_village_up_to_its_county(store, pipeline):
    ingest(store, pipeline, "晋江市龙湖镇南庄村乡贤施远迎、施文立为家乡捐资助学。")
    data = network.load_network(store)
    pid = person_id(store, "施远迎")
    assert data.hometown_counties(pid) == [JINJIANG], "the village is counted in its county, not beside it"
    assert pid in {r["id"] for r in network.brokers(store, hometown="龙湖镇").as_dict()["brokers"]} or \
        data.within(pid, LONGHU, "hometowns")
    for group in network.communities(store, min_size=1).as_dict()["communities"]:
        assert not any(h["name"].endswith("村") for h in group["hometowns"])


MALAYSIA_OFFICERS = "马来西亚雪兰莪晋江会馆会长林某某、副会长陈某某出席活动。"


def test_officers_of_an_overseas_association_live_there_and_come_from_its_place(pipeline):
    x = pipeline.analyse(Document(text=MALAYSIA_OFFICERS, title="t"))
    inferred = {(r.type, r.head, r.tail): r for r in x.relations if "inferred_from" in r.props}
    for person in ("Person:林某某", "Person:陈某某"):
        for key in (("RESIDES_IN", person, "Region:MY"), ("HOMETOWN", person, f"Region:{JINJIANG}")):
            rel = inferred[key]
            assert rel.props["inferred_from"] == "Org:马来西亚雪兰莪晋江会馆"
            assert [ev.method for ev in rel.evidence] == ["inferred"] and rel.evidence[0].sentence == MALAYSIA_OFFICERS
    people = {e.id: e for e in x.entities if e.label == "Person"}
    assert "residence" not in people["Person:林某某"].props, "an inferred place is no stated fact of the person"


def test_a_chamber_sitting_elsewhere_gives_no_hometown_of_its_seat(pipeline):
    x = pipeline.analyse(Document(text="成都闽南商会会长王某某、上海晋江商会会长李某某率团考察。", title="t"))
    homes = {(r.head, r.tail) for r in x.relations if r.type == "HOMETOWN"}
    assert ("Person:李某某", f"Region:{JINJIANG}") in homes
    assert not any(head == "Person:王某某" for head, _ in homes)


def test_inferred_places_count_in_countries_and_filter_brokers(store, pipeline):
    # a second article states that 林某某 lives in Malaysia: only 陈某某's residence stays inferred
    ingest(store, pipeline, MALAYSIA_OFFICERS, "旅马侨领黄某某与林某某共商合作。")
    malaysia = next(r for r in network.countries(store).as_dict()["countries"] if r["code"] == "MY")
    assert (malaysia["people"], malaysia["people_inferred"]) == (3, 1)
    brokers = {r["name"]: r for r in network.brokers(store, country="马来西亚").as_dict()["brokers"]}
    assert {"林某某", "陈某某"} <= set(brokers)
    assert brokers["陈某某"]["inferred"] == {"hometowns": ["晋江市"], "countries": ["马来西亚"]}
    assert brokers["林某某"]["inferred"] == {"hometowns": ["晋江市"], "countries": []}
    from_jinjiang = {r["name"] for r in network.brokers(store, hometown="晋江").as_dict()["brokers"]}
    assert {"林某某", "陈某某"} <= from_jinjiang
