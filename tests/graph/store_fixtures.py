"""A small typed graph in two documents, built from the ingest model types, for store tests."""
from __future__ import annotations

from ingest.model import Document, Entity, Evidence, Extraction, Mention, Relation

DOC1 = Document(text="盛屯集团投资泉港区锂电新材料项目。", title="盛屯集团落户泉港", date="2024-06-20",
                source="泉州晚报", url="https://example.org/1", origin="news/1.md", id="d1")
DOC2 = Document(text="宁德时代与泉州合作正极材料。", title="宁德时代合作", date="2024-07-01",
                source="泉州晚报", url="https://example.org/2", origin="news/2.md", id="d2")


def ev(doc: str, start: int, sentence: str = "示例句子。", confidence: float = 0.9) -> Evidence:
    return Evidence(doc_id=doc, sentence=sentence, start=start, end=start + 4, method="rule",
                    confidence=confidence)


def entities() -> dict[str, Entity]:
    items = [
        Entity("Enterprise:盛屯集团", "Enterprise", "盛屯集团", {"盛屯", "盛屯矿业集团"}, {"founded": 1993}),
        Entity("Enterprise:宁德时代", "Enterprise", "宁德时代", {"CATL"}, {"listed": True}),
        Entity("Enterprise:孤立公司", "Enterprise", "孤立公司", set(), {}),
        Entity("Project:锂电新材料项目", "Project", "锂电新材料项目", set(), {
            "investment_yi": 25.0, "currency": "CNY", "investment_text": "25亿元", "status": "签约",
            "status_history": [{"status": "签约", "date": "2024-06-20", "doc_id": "d1", "sentence": "签约。"}],
            "region": "350505", "date": "2024-06-20"}),
        Entity("Region:350505", "Region", "泉港区", {"泉港"}, {"code": "350505"}),
        Entity("Region:350500", "Region", "泉州市", {"泉州", "刺桐"}, {"code": "350500"}),
        Entity("Region:350581", "Region", "石狮市", {"石狮"}, {"code": "350581"}),
        Entity("Region:350000", "Region", "福建省", {"福建"}, {"code": "350000"}),
        Entity("Person:许荣茂", "Person", "许荣茂", set(), {"hometown": "350581", "roles": ["董事长"]}),
        Entity("Org:泉州市商会", "Org", "泉州市商会", {"泉州商会"}, {}),
        Entity("ChainLink:碳酸锂", "ChainLink", "碳酸锂", set(), {}),
        Entity("ChainLink:正极材料", "ChainLink", "正极材料", set(), {}),
        Entity("Chain:lithium", "Chain", "锂电池", set(), {}),
        Entity("Event:投资推介会", "Event", "泉州投资推介会", set(), {}),
    ]
    return {e.id: e for e in items}


def relations_doc1() -> list[Relation]:
    return [
        Relation("INVESTS_IN", "Enterprise:盛屯集团", "Project:锂电新材料项目", {"amount_yi": 25.0}, [ev("d1", 0)]),
        Relation("LOCATED_IN", "Project:锂电新材料项目", "Region:350505", {}, [ev("d1", 6)]),
        Relation("PART_OF", "Region:350505", "Region:350500", {}, [ev("d1", 6)]),
        Relation("IN_CHAIN", "Project:锂电新材料项目", "ChainLink:碳酸锂", {}, [ev("d1", 9)]),
        Relation("MEMBER_OF", "Person:许荣茂", "Org:泉州市商会", {}, [ev("d1", 12)]),
        Relation("ATTENDED", "Enterprise:盛屯集团", "Event:投资推介会", {}, [ev("d1", 14)]),
        Relation("LINK_OF", "ChainLink:碳酸锂", "Chain:lithium", {}, [ev("d1", 9)]),
        Relation("LINK_OF", "ChainLink:正极材料", "Chain:lithium", {}, [ev("d1", 9)]),
        Relation("PARTNER_OF", "Enterprise:盛屯集团", "Enterprise:宁德时代", {}, [ev("d1", 1)]),
        Relation("SHAREHOLDER_OF", "Enterprise:盛屯集团", "Enterprise:宁德时代", {"share": 0.05},
                 [ev("d1", 2), ev("d1", 3)]),
        Relation("HOMETOWN", "Person:许荣茂", "Region:350581", {}, [ev("d1", 12)]),
    ]


def relations_doc2() -> list[Relation]:
    return [
        Relation("LOCATED_IN", "Project:锂电新材料项目", "Region:350505", {}, [ev("d2", 0)]),
        Relation("PART_OF", "Region:350500", "Region:350000", {}, [ev("d2", 1)]),
        Relation("PART_OF", "Region:350581", "Region:350500", {}, [ev("d2", 1)]),
        Relation("UPSTREAM_OF", "ChainLink:碳酸锂", "ChainLink:正极材料", {}, [ev("d2", 2)]),
        Relation("IN_CHAIN", "Enterprise:宁德时代", "ChainLink:正极材料", {}, [ev("d2", 3)]),
        Relation("LOCATED_IN", "Enterprise:宁德时代", "Region:350500", {}, [ev("d2", 4)]),
        Relation("ATTENDED", "Person:许荣茂", "Event:投资推介会", {}, [ev("d2", 5)]),
        Relation("PARTNER_OF", "Enterprise:宁德时代", "Enterprise:盛屯集团", {}, [ev("d2", 6)]),
    ]


def extraction(doc: Document, entity_ids: list[str], relations: list[Relation]) -> Extraction:
    known = entities()
    ents = [known[i] for i in entity_ids]
    mentions = [Mention(type=e.label.upper(), text=e.name, start=0, end=len(e.name), entity_id=e.id)
                for e in ents]
    mentions += mentions[:1]  # the first entity is mentioned twice
    return Extraction(document=doc, analysed_text=doc.text, sentences=[], mentions=mentions,
                      entities=ents, relations=relations)


DOC1_ENTITIES = ["Enterprise:盛屯集团", "Enterprise:宁德时代", "Project:锂电新材料项目", "Region:350505",
                 "Region:350500", "Region:350581", "Person:许荣茂", "Org:泉州市商会", "ChainLink:碳酸锂",
                 "ChainLink:正极材料", "Chain:lithium", "Event:投资推介会"]
DOC2_ENTITIES = ["Enterprise:宁德时代", "Enterprise:盛屯集团", "Project:锂电新材料项目", "Region:350505",
                 "Region:350500", "Region:350581", "Region:350000", "ChainLink:碳酸锂", "ChainLink:正极材料",
                 "Person:许荣茂", "Event:投资推介会"]


def build(store) -> None:
    """Write the two documents, plus one entity no document mentions."""
    store.write_extractions([extraction(DOC1, DOC1_ENTITIES, relations_doc1()),
                             extraction(DOC2, DOC2_ENTITIES, relations_doc2())])
    store.upsert_entities([entities()["Enterprise:孤立公司"]])
    store.flush()


def answers(store, entity_ids: list[str], names: list[str]) -> dict:
    """A battery of queries whose answers must be identical on every backend."""
    out = {"counts": store.counts(), "docs": sorted(store.document_ids()), "origins": store.document_origins(),
           "relations": store.relations(), "mentions": store.mentions()}
    for label in ("Enterprise", "Project", "Region", "Person", "Org", "ChainLink", "Chain", "Event"):
        out[f"entities:{label}"] = store.entities(label)
    for name in names:
        out[f"find:{name}"] = store.find_entities(name)
    for e in entity_ids:
        out[f"get:{e}"] = store.get_entity(e)
        out[f"docs:{e}"] = store.documents_mentioning(e)
        out[f"rel:{e}"] = store.relations(e)
        for hops in (1, 2):
            out[f"nb{hops}:{e}"] = store.neighbourhood(e, hops=hops, limit=15).as_dict()
    for a, b in zip(entity_ids, entity_ids[1:] + entity_ids[:1], strict=True):
        out[f"paths:{a}:{b}"] = [p.as_dict() for p in store.shortest_paths(a, b, k=3)]
    out["subgraph"] = store.subgraph(entity_ids).as_dict()
    return out


FIXTURE_NAMES = ["泉", "泉州", "盛屯", "材料", "锂"]
