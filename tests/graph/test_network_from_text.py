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
