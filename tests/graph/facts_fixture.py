"""Three articles about one project, each stating part of its story, for the merge tests."""
from __future__ import annotations

from ingest.model import Document, Entity, Evidence, Extraction, Mention, Relation

PROJECT = "Project:锂电新材料项目"
INVESTOR = "Enterprise:盛屯集团"
PLACE = "Region:350505"
LINK = "ChainLink:碳酸锂"

SIGNED = Document(text="盛屯集团与泉港区签约锂电新材料项目，总投资10亿元。", title="签约", date="2024-01-10",
                  origin="a.md", id="fa")
STARTED = Document(text="锂电新材料项目在泉港开工，总投资12亿元。", title="开工", date="2024-06-05",
                   origin="b.md", id="fb")
PRODUCING = Document(text="盛屯集团锂电新材料项目投产，生产碳酸锂。", title="投产", date="2024-11-20",
                     origin="c.md", id="fc")
DOCUMENTS = (SIGNED, STARTED, PRODUCING)


def _ev(doc: Document, start: int) -> Evidence:
    return Evidence(doc.id, doc.text, start, start + 4, "rule", 0.8)


def _step(doc: Document, status: str) -> dict:
    return {"status": status, "date": doc.date, "doc_id": doc.id, "sentence": doc.text}


def _project(doc: Document, status: str, amount: float | None, aliases: set[str]) -> Entity:
    props = {"status": status, "status_history": [_step(doc, status)], "date": doc.date}
    if amount is not None:
        props |= {"investment_yi": amount, "currency": "CNY", "investment_text": f"{amount:g}亿元"}
    return Entity(PROJECT, "Project", "锂电新材料项目", aliases, props)


def extraction(doc: Document) -> Extraction:
    """What the pipeline would find in one of the three articles."""
    investor = Entity(INVESTOR, "Enterprise", "盛屯集团", {"盛屯"}, {"roles": [doc.title]})
    place = Entity(PLACE, "Region", "泉港区", {"泉港"}, {"code": "350505", "level": "county"})
    link = Entity(LINK, "ChainLink", "碳酸锂", set(), {})
    if doc is SIGNED:
        entities = [_project(doc, "签约", 10.0, {"泉港锂电新材料项目"}), investor, place]
        relations = [Relation("INVESTS_IN", INVESTOR, PROJECT, {"evidence_count": 3},
                              [_ev(doc, 0), _ev(doc, 5), _ev(doc, 9)]),
                     Relation("LOCATED_IN", PROJECT, PLACE, {"evidence_count": 1}, [_ev(doc, 5)])]
    elif doc is STARTED:
        entities = [_project(doc, "开工", 12.0, set()), place]
        relations = [Relation("LOCATED_IN", PROJECT, PLACE, {"evidence_count": 1}, [_ev(doc, 8)])]
    else:
        entities = [_project(doc, "投产", None, {"盛屯锂电新材料项目"}), investor, link]
        relations = [Relation("INVESTS_IN", INVESTOR, PROJECT, {"evidence_count": 25},
                              [_ev(doc, i) for i in range(20)]),
                     Relation("IN_CHAIN", PROJECT, LINK, {"evidence_count": 1}, [_ev(doc, 15)])]
    mentions = [Mention(e.label.upper(), e.name, 0, len(e.name), entity_id=e.id) for e in entities]
    return Extraction(doc, doc.text, [], mentions, entities, relations)


def state(store) -> dict:
    """What a reader sees of the project and everything around it; evidence compared as a set."""
    out = {"counts": store.counts()}
    for entity_id in (PROJECT, INVESTOR, PLACE, LINK):
        out[entity_id] = store.get_entity(entity_id)
    out["relations"] = [r | {"evidence": sorted(r["evidence"], key=lambda e: (e["doc_id"], e["start"]))}
                        for r in store.relations()]
    return out
