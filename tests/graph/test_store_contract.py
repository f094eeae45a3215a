"""The graph store contract: every test runs against every backend (networkx and a real Neo4j).

Expected answers are written out here, so both backends must give exactly them; the tests at
the end also put the two backends side by side on a battery of queries (fixture graph and the
seed article after ingest) and require identical answers.
"""
from __future__ import annotations

from itertools import permutations

import pytest

from graph.networkx_store import NetworkxStore
from graph.validate import InvalidGraphDataError
from ingest.model import Document, Entity, Evidence, Extraction, Relation
from tests.graph import facts_fixture as ff
from tests.graph import store_fixtures as fx

PROJECT = "Project:锂电新材料项目"
SHENGTUN = "Enterprise:盛屯集团"
CATL = "Enterprise:宁德时代"


@pytest.fixture
def graph(store):
    fx.build(store)
    return store


def ids(items):
    return [i["id"] for i in items]


def test_backend_satisfies_the_protocol(store):
    from graph.store import GraphStore

    assert isinstance(store, GraphStore)


def test_generation_changes_when_entities_or_relations_are_added_or_removed(store):
    empty = store.generation()
    assert store.generation() == empty  # reading does not change it
    store.upsert_entities([Entity("Enterprise:甲", "Enterprise", "甲公司"), Entity("Region:泉港区", "Region", "泉港区")])
    with_entities = store.generation()
    assert with_entities != empty
    store.upsert_relations([Relation("LOCATED_IN", "Enterprise:甲", "Region:泉港区")])
    assert store.generation() not in (empty, with_entities)


# writing -------------------------------------------------------------------------------------
def test_upsert_merges_aliases_and_props(store):
    store.upsert_entities([Entity("Enterprise:甲", "Enterprise", "甲公司", {"甲"}, {"a": 1, "b": "x"})])
    store.upsert_entities([Entity("Enterprise:甲", "Enterprise", "另一个名字", {"甲司", "甲"},
                                  {"b": "y", "nested": [{"k": [1, 2.5, None]}], "none": None})])
    assert store.get_entity("Enterprise:甲") == {
        "id": "Enterprise:甲", "label": "Enterprise", "name": "甲公司", "aliases": ["甲", "甲司"],
        "props": {"a": 1, "b": "y", "nested": [{"k": [1, 2.5, None]}], "none": None}}


def test_prop_that_changes_kind_reads_back_as_last_written(store):
    store.upsert_entities([Entity("Org:乙", "Org", "乙", set(), {"v": {"deep": 1}})])
    store.upsert_entities([Entity("Org:乙", "Org", "乙", set(), {"v": 3})])
    assert store.get_entity("Org:乙")["props"] == {"v": 3}
    store.upsert_entities([Entity("Org:乙", "Org", "乙", set(), {"v": ["a", {"b": 2}]})])
    assert store.get_entity("Org:乙")["props"] == {"v": ["a", {"b": 2}]}


def test_project_props_round_trip(graph):
    project = graph.get_entity(PROJECT)
    # both documents state the project: their facts merged, each statement of the amount kept
    stated = {"value_yi": 25.0, "currency": "CNY", "text": "25亿元"}
    assert project["props"] == fx.entities()[PROJECT].props | {
        "investors": [SHENGTUN], "places": ["350505"], "chain_links": ["ChainLink:碳酸锂"],
        "investments": [stated | {"doc_id": "d1", "date": "2024-06-20"}, stated | {"doc_id": "d2", "date": "2024-07-01"}]}
    assert isinstance(project["props"]["investment_yi"], float)
    # both documents name 许荣茂 with one hometown: one person, and the reason is kept
    assert graph.get_entity("Person:许荣茂")["props"] == {"hometown": "350581", "roles": ["董事长"], "identity": {
        "documents": 2, "because": ["hometown 350581 in 2 documents"], "conflicts": []}}


def test_evidence_accumulates_without_duplicates(graph):
    rel = [r for r in graph.relations(PROJECT, types=["LOCATED_IN"])]
    assert [(e["doc_id"], e["start"]) for e in rel[0]["evidence"]] == [("d1", 6), ("d2", 0)]
    graph.upsert_relations([Relation("LOCATED_IN", PROJECT, "Region:350505", {"confirmed": True},
                                     [fx.ev("d2", 0), fx.ev("d3", 7), fx.ev("d3", 7)])])
    rel = graph.relations(PROJECT, types=["LOCATED_IN"])[0]
    assert [(e["doc_id"], e["start"]) for e in rel["evidence"]] == [("d1", 6), ("d2", 0), ("d3", 7)]
    assert rel["props"] == {"confirmed": True}
    assert rel["evidence"][0] == {"doc_id": "d1", "sentence": "示例句子。", "start": 6, "end": 10,
                                  "method": "rule", "confidence": 0.9}


def test_replacing_a_document_keeps_shared_facts(graph):
    edited = Document(text="宁德时代另有新闻。", title="宁德时代合作", date="2024-07-02", origin="news/2.md", id="d2")
    graph.write_extractions([fx.extraction(edited, [CATL, "Region:350500"], [
        Relation("LOCATED_IN", CATL, "Region:350500", {}, [fx.ev("d2", 0)])])])
    assert graph.document_ids() == {"d1", "d2"}
    assert graph.get_document("d2")["date"] == "2024-07-02"
    assert graph.get_entity("Region:350000") is None  # only the old d2 mentioned 福建省
    assert graph.relations("ChainLink:碳酸锂", types=["UPSTREAM_OF"]) == []
    located = graph.relations(PROJECT, types=["LOCATED_IN"])[0]
    assert [e["doc_id"] for e in located["evidence"]] == ["d1"]


def test_writing_a_document_again_replaces_it(graph):
    before = graph.counts()
    fx.build(graph)
    assert graph.counts() == before


def test_remove_document_drops_facts_only_it_supported(graph):
    graph.remove_documents(["d1", "no-such-document"])
    assert graph.document_ids() == {"d2"}
    assert graph.get_entity("Org:泉州市商会") is None  # only d1 mentioned it and its one relation
    assert graph.get_entity("Chain:lithium") is None
    assert graph.get_entity(SHENGTUN) is not None  # still mentioned by d2
    assert graph.get_entity("Enterprise:孤立公司") is not None  # never mentioned: not touched
    assert ids(graph.documents_mentioning(SHENGTUN)) == ["d2"]
    assert [r["type"] for r in graph.relations(SHENGTUN)] == ["PARTNER_OF"]
    assert graph.relations(SHENGTUN)[0]["head"] == CATL
    graph.remove_documents(["d2"])
    assert graph.document_ids() == set()
    assert graph.counts() == {"documents": 0, "entities": {"Enterprise": 1}, "relations": {}}


def test_failed_batch_leaves_nothing(store):
    fx.build(store)
    before = (store.counts(), store.relations())
    good = Relation("PARTNER_OF", "Region:350505", "Region:350581", {}, [fx.ev("d1", 20)])
    for bad in (Relation("PARTNER_OF", "Region:350505", "Enterprise:不存在", {}, [fx.ev("d1", 21)]),
                Relation("NOT_A_TYPE", "Region:350505", "Region:350500", {}, [fx.ev("d1", 22)]),
                Relation("MENTIONS", "Region:350505", "Region:350500", {}, [fx.ev("d1", 22)]),
                Relation("PART_OF", "Region:350505", "Document:d1", {}, [fx.ev("d1", 22)])):
        with pytest.raises(InvalidGraphDataError):
            store.upsert_relations([good, bad, good])
    new = Document(text="新文章", title="新", origin="news/3.md", id="d3")
    bad_entity = Entity("Nope:x", "Nope", "x")
    with pytest.raises(InvalidGraphDataError, match="Nope"):
        store.write_extractions([fx.extraction(new, [SHENGTUN], []),
                                 Extraction(document=Document(text="x", id="d4"), analysed_text="x", sentences=[],
                                            mentions=[], entities=[bad_entity], relations=[])])
    with pytest.raises(InvalidGraphDataError, match="unknown entity"):
        store.write_extractions([fx.extraction(new, [SHENGTUN], [
            Relation("INVESTS_IN", SHENGTUN, "Project:不存在", {}, [fx.ev("d3", 0)])])])
    assert (store.counts(), store.relations()) == before
    assert store.document_ids() == {"d1", "d2"}


@pytest.mark.parametrize("text", ["x' }) DETACH DELETE n //", "`) MATCH (n) DETACH DELETE n //",
                                  "$text", "\\u0027; DROP", "Robert'); MATCH (m) DELETE m;--"])
def test_injection_attempts_are_ordinary_data(graph, text):
    before = graph.counts()
    entity_id = f"Enterprise:{text}"
    graph.upsert_entities([Entity(entity_id, "Enterprise", text, {text + "别名"}, {text: text})])
    graph.upsert_relations([Relation("PARTNER_OF", entity_id, SHENGTUN, {text: 1},
                                     [Evidence(text, text, 0, 1, text)])])
    assert graph.get_entity(entity_id) == {"id": entity_id, "label": "Enterprise", "name": text,
                                           "aliases": [text + "别名"], "props": {text: text}}
    assert ids(graph.find_entities(text)) == [entity_id]
    assert graph.relations(entity_id)[0]["evidence"][0]["sentence"] == text
    assert graph.counts()["entities"]["Enterprise"] == before["entities"]["Enterprise"] + 1
    assert graph.get_document(text) is None and graph.documents_mentioning(text) == []
    assert graph.neighbourhood(text).nodes == []


# documents -----------------------------------------------------------------------------------
def test_documents_and_origins(graph):
    assert graph.document_ids() == {"d1", "d2"}
    assert graph.document_origins() == {"news/1.md": "d1", "news/2.md": "d2"}
    assert graph.get_document("d1") == {"id": "d1", "title": "盛屯集团落户泉港", "date": "2024-06-20",
                                        "source": "泉州晚报", "url": "https://example.org/1", "kind": "news",
                                        "origin": "news/1.md", "story": "d1"}
    assert graph.get_document("d9") is None


def test_documents_mentioning_newest_first(graph):
    assert ids(graph.documents_mentioning(SHENGTUN)) == ["d2", "d1"]
    assert ids(graph.documents_mentioning(SHENGTUN, limit=1)) == ["d2"]
    assert ids(graph.documents_mentioning("Org:泉州市商会")) == ["d1"]
    assert graph.documents_mentioning("Enterprise:孤立公司") == []
    assert graph.documents_mentioning("Enterprise:没有") == []


def test_counts(graph):
    assert graph.counts() == {
        "documents": 2,
        "entities": {"Chain": 1, "ChainLink": 2, "Enterprise": 3, "Event": 1, "Org": 1, "Person": 1,
                     "Project": 1, "Region": 4},
        "relations": {"ATTENDED": 2, "HOMETOWN": 1, "INVESTS_IN": 1, "IN_CHAIN": 2, "LINK_OF": 2,
                      "LOCATED_IN": 2, "MEMBER_OF": 1, "MENTIONS": 23, "PARTNER_OF": 2, "PART_OF": 3,
                      "SHAREHOLDER_OF": 1, "UPSTREAM_OF": 1}}


def test_mentions_with_counts(graph):
    mentions = graph.mentions()
    assert len(mentions) == 23
    assert ("d1", SHENGTUN, 2) in mentions and ("d2", CATL, 2) in mentions and ("d1", CATL, 1) in mentions


# entities ------------------------------------------------------------------------------------
def test_get_entity(graph):
    assert graph.get_entity("Region:350505") == {"id": "Region:350505", "label": "Region", "name": "泉港区",
                                                 "aliases": ["泉港"], "props": {"code": "350505"}}
    assert graph.get_entity("Region:999999") is None
    assert graph.get_entity("d1") is None and graph.get_entity("Document:d1") is None


def test_find_entities_ranking(graph):
    # exact alias first, then prefixes: the one more documents mention first
    assert ids(graph.find_entities("泉州")) == ["Region:350500", "Event:投资推介会", "Org:泉州市商会"]
    assert ids(graph.find_entities("刺桐")) == ["Region:350500"]  # alias, exact
    assert ids(graph.find_entities("盛屯矿")) == [SHENGTUN]  # alias prefix
    assert ids(graph.find_entities("材料")) == ["ChainLink:正极材料", PROJECT]  # contains; shorter name first
    assert ids(graph.find_entities("泉州", labels=["Org", "Event"])) == ["Event:投资推介会", "Org:泉州市商会"]
    assert ids(graph.find_entities("泉州", limit=1)) == ["Region:350500"]
    assert graph.find_entities("  ") == [] and graph.find_entities("不存在的名字") == []
    assert ids(graph.find_entities(" CATL ")) == [CATL]


def test_find_entities_prefers_more_mentioned(graph):
    graph.upsert_entities([Entity("Enterprise:泉州甲", "Enterprise", "泉州甲", set())])
    # both start with 泉州 (rank 1); the mentioned one comes first although its name is longer
    assert ids(graph.find_entities("泉州", labels=["Org", "Enterprise"])) == ["Org:泉州市商会", "Enterprise:泉州甲"]


def test_entities_by_label(graph):
    assert ids(graph.entities("Region")) == ["Region:350000", "Region:350500", "Region:350505", "Region:350581"]
    assert graph.entities("Nope") == [] and graph.entities("Document") == []


def test_relations(graph):
    assert [(r["head"], r["type"], r["tail"]) for r in graph.relations(CATL)] == [
        (CATL, "IN_CHAIN", "ChainLink:正极材料"), (CATL, "LOCATED_IN", "Region:350500"),
        (CATL, "PARTNER_OF", SHENGTUN), (SHENGTUN, "PARTNER_OF", CATL), (SHENGTUN, "SHAREHOLDER_OF", CATL)]
    assert len(graph.relations(CATL, direction="out")) == 3
    assert len(graph.relations(CATL, direction="in")) == 2
    assert len(graph.relations(CATL, types=["PARTNER_OF"])) == 2
    assert len(graph.relations()) == 18
    assert len(graph.relations(types=["PART_OF", "LINK_OF"])) == 5
    assert graph.relations("Enterprise:没有") == []


# traversal -----------------------------------------------------------------------------------
def test_neighbourhood_one_hop(graph):
    sub = graph.neighbourhood(SHENGTUN)
    assert ids(sub.nodes) == [SHENGTUN, CATL, "Event:投资推介会", PROJECT]
    assert [(e["head"], e["type"], e["tail"]) for e in sub.edges] == [
        (CATL, "PARTNER_OF", SHENGTUN), (SHENGTUN, "ATTENDED", "Event:投资推介会"),
        (SHENGTUN, "INVESTS_IN", PROJECT), (SHENGTUN, "PARTNER_OF", CATL), (SHENGTUN, "SHAREHOLDER_OF", CATL)]
    assert sub.truncated is False


def test_neighbourhood_two_hops_in_bfs_order(graph):
    sub = graph.neighbourhood(SHENGTUN, hops=2)
    assert ids(sub.nodes) == [SHENGTUN, CATL, "Event:投资推介会", PROJECT,
                              "ChainLink:正极材料", "Region:350500", "Person:许荣茂", "ChainLink:碳酸锂",
                              "Region:350505"]


def test_neighbourhood_filters_and_limit(graph):
    sub = graph.neighbourhood("Region:350500", hops=3, labels=["Region"])
    assert ids(sub.nodes) == ["Region:350500", "Region:350000", "Region:350505", "Region:350581"]
    assert all(e["type"] == "PART_OF" for e in sub.edges) and len(sub.edges) == 3
    sub = graph.neighbourhood(SHENGTUN, hops=3, rel_types=["PARTNER_OF", "IN_CHAIN", "UPSTREAM_OF"])
    assert ids(sub.nodes) == [SHENGTUN, CATL, "ChainLink:正极材料", "ChainLink:碳酸锂"]
    assert {e["type"] for e in sub.edges} == {"PARTNER_OF", "IN_CHAIN", "UPSTREAM_OF"}
    sub = graph.neighbourhood(SHENGTUN, hops=2, limit=3)
    assert ids(sub.nodes) == [SHENGTUN, CATL, "Event:投资推介会"] and sub.truncated is True
    sub = graph.neighbourhood(SHENGTUN, hops=1, limit=4)
    assert len(sub.nodes) == 4 and sub.truncated is False
    assert graph.neighbourhood("Enterprise:没有").nodes == []
    assert ids(graph.neighbourhood("Enterprise:孤立公司", hops=2).nodes) == ["Enterprise:孤立公司"]


def test_shortest_paths_top_k_with_evidence(graph):
    paths = graph.shortest_paths("Person:许荣茂", PROJECT, k=3)
    assert [ids(p.nodes) for p in paths] == [
        ["Person:许荣茂", "Event:投资推介会", SHENGTUN, PROJECT],
        ["Person:许荣茂", "Region:350581", "Region:350500", "Region:350505", PROJECT],
        ["Person:许荣茂", "Region:350581", "Region:350500", CATL, SHENGTUN, PROJECT],
    ]
    first = paths[0]
    assert [(e["head"], e["type"], e["tail"]) for e in first.edges] == [
        ("Person:许荣茂", "ATTENDED", "Event:投资推介会"), (SHENGTUN, "ATTENDED", "Event:投资推介会"),
        (SHENGTUN, "INVESTS_IN", PROJECT)]
    assert first.edges[2]["evidence"][0]["doc_id"] == "d1"
    assert first.as_dict()["length"] == 3


def test_shortest_path_edge_choice_prefers_more_evidence(graph):
    paths = graph.shortest_paths(SHENGTUN, CATL, k=1)
    assert [(e["head"], e["type"], e["tail"]) for e in paths[0].edges] == [(SHENGTUN, "SHAREHOLDER_OF", CATL)]
    assert len(paths[0].edges[0]["evidence"]) == 2


def test_shortest_paths_limits_and_none(graph):
    assert graph.shortest_paths(SHENGTUN, "Enterprise:孤立公司") == []
    assert graph.shortest_paths(SHENGTUN, "Enterprise:没有") == []
    assert graph.shortest_paths(SHENGTUN, SHENGTUN) == []
    assert graph.shortest_paths("Person:许荣茂", PROJECT, k=5, max_hops=2) == []
    assert len(graph.shortest_paths("Person:许荣茂", PROJECT, k=1, max_hops=3)) == 1
    only_regions = graph.shortest_paths("Region:350581", "Region:350505", k=5, rel_types=["PART_OF"])
    assert [ids(p.nodes) for p in only_regions] == [["Region:350581", "Region:350500", "Region:350505"]]


def test_subgraph(graph):
    sub = graph.subgraph([PROJECT, SHENGTUN, "Region:350505", "Enterprise:没有", PROJECT, "Document:d1"])
    assert ids(sub.nodes) == [PROJECT, SHENGTUN, "Region:350505"]
    assert [(e["head"], e["type"], e["tail"]) for e in sub.edges] == [
        (SHENGTUN, "INVESTS_IN", PROJECT), (PROJECT, "LOCATED_IN", "Region:350505")]
    assert sub.truncated is False


def test_graph_part_reads_entities_of_labels_and_relations_leaving_them(graph):
    part = graph.graph_part(["Person", "Enterprise"], ["MEMBER_OF", "HOMETOWN", "PARTNER_OF", "SHAREHOLDER_OF"],
                            ["hometown", "founded", "share"], evidence=True)
    assert ids(part.nodes) == ["Enterprise:孤立公司", CATL, SHENGTUN, "Person:许荣茂"]  # by id, as Python orders
    assert part.nodes[2] == {"id": SHENGTUN, "label": "Enterprise", "name": "盛屯集团", "props": {"founded": 1993}}
    assert part.nodes[3]["props"] == {"hometown": "350581"}  # "roles" was not asked for
    # relations of the types asked for leaving the entities read, to any entity
    assert [(e["head"], e["type"], e["tail"]) for e in part.edges] == [
        (CATL, "PARTNER_OF", SHENGTUN), (SHENGTUN, "PARTNER_OF", CATL), (SHENGTUN, "SHAREHOLDER_OF", CATL),
        ("Person:许荣茂", "HOMETOWN", "Region:350581"), ("Person:许荣茂", "MEMBER_OF", "Org:泉州市商会")]
    shares = part.edges[2]
    assert shares["props"] == {"share": 0.05} and shares["evidence_count"] == 2
    assert [(ev["doc_id"], ev["start"], ev["sentence"]) for ev in shares["evidence"]] == [
        ("d1", 2, "示例句子。"), ("d1", 3, "示例句子。")]


def test_graph_part_without_evidence_keeps_its_count(graph):
    part = graph.graph_part(["Enterprise"], ["SHAREHOLDER_OF", "LOCATED_IN"], [], evidence=False)
    assert [(e["type"], e["evidence"], e["evidence_count"], e["props"]) for e in part.edges] == [
        ("LOCATED_IN", [], 1, {}), ("SHAREHOLDER_OF", [], 2, {})]
    assert all(n["props"] == {} for n in part.nodes)
    assert graph.graph_part(["Chain"], [], []).edges == []
    assert graph.graph_part([], ["LOCATED_IN"], []).nodes == []


# both backends side by side --------------------------------------------------------------------
@pytest.mark.neo4j
@pytest.mark.slow
def test_backends_agree_on_fixture_graph(neo4j_store, tmp_path):
    embedded = NetworkxStore(tmp_path / "g.pickle")
    for s in (embedded, neo4j_store):
        fx.build(s)
    entity_ids = sorted(fx.entities())
    names = ["泉", "泉州", "盛屯", "材料", "锂"]
    assert fx.answers(neo4j_store, entity_ids, names) == fx.answers(embedded, entity_ids, names)
    for s in (embedded, neo4j_store):
        s.remove_documents(["d1"])
    assert fx.answers(neo4j_store, entity_ids, names) == fx.answers(embedded, entity_ids, names)


@pytest.mark.neo4j
@pytest.mark.slow
def test_backends_agree_on_seed_article(neo4j_store, tmp_path, seed_extraction):
    embedded = NetworkxStore(tmp_path / "g.pickle")
    for s in (embedded, neo4j_store):
        s.write_extractions([seed_extraction])
    counts = embedded.counts()
    assert counts["documents"] == 1 and sum(counts["entities"].values()) > 10
    entity_ids = sorted(e.id for e in seed_extraction.entities)
    names = sorted({e.name[:2] for e in seed_extraction.entities})[:20]
    assert fx.answers(neo4j_store, entity_ids, names) == fx.answers(embedded, entity_ids, names)
    for s in (embedded, neo4j_store):
        s.write_extractions([seed_extraction])  # idempotent
    assert neo4j_store.counts() == counts
    for s in (embedded, neo4j_store):
        s.remove_documents([seed_extraction.document.id])
    assert neo4j_store.counts() == embedded.counts() == {"documents": 0, "entities": {}, "relations": {}}


def test_seed_article_after_ingest(store, seed_extraction):
    store.write_extractions([seed_extraction])
    x = seed_extraction
    assert store.document_ids() == {x.document.id}
    assert store.counts()["entities"] == dict(sorted(_label_counts(x).items()))
    region = next(e for e in x.entities if e.id == "Region:350505")
    assert store.get_entity(region.id)["name"] == "泉港区"
    assert ids(store.documents_mentioning(region.id)) == [x.document.id]
    assert region.id in ids(store.find_entities("泉港"))


def _label_counts(x) -> dict[str, int]:
    out: dict[str, int] = {}
    for e in {e.id: e for e in x.entities}.values():
        out[e.label] = out.get(e.label, 0) + 1
    return out


@pytest.mark.neo4j
@pytest.mark.slow
def test_neo4j_batch_failing_after_statements_ran_is_rolled_back(neo4j_store):
    """Atomicity beyond validation: statements already executed in the transaction are undone."""
    from graph.neo4j_store import Neo4jStore

    fx.build(neo4j_store)
    before = neo4j_store.counts()
    new = Entity("Enterprise:新公司", "Enterprise", "新公司", {"新"}, {"k": 1})

    def work(tx):
        Neo4jStore._upsert_entities(tx, [new])
        Neo4jStore._upsert_relations(tx, [Relation("PARTNER_OF", new.id, SHENGTUN, {}, [fx.ev("d1", 30)])])
        Neo4jStore._remove_document(tx, "d2")
        assert tx.run("MATCH (n:Entity {id: $id}) RETURN count(n) AS n", id=new.id).single()["n"] == 1
        raise RuntimeError("a bad row further down the batch")

    with pytest.raises(RuntimeError, match="bad row"):
        neo4j_store._write(work)
    assert neo4j_store.get_entity(new.id) is None
    assert neo4j_store.document_ids() == {"d1", "d2"}
    assert neo4j_store.counts() == before


# facts merged across documents ---------------------------------------------------------------
ORDERS = list(permutations(ff.DOCUMENTS))


def _ingest(store, documents) -> dict:
    store.clear()
    for doc in documents:
        store.write_extractions([ff.extraction(doc)])
    store.flush()
    return ff.state(store)


def test_project_facts_do_not_depend_on_ingest_order(store):
    states = [_ingest(store, order) for order in ORDERS]
    assert all(s == states[0] for s in states[1:])
    project = states[0][ff.PROJECT]
    props = project["props"]
    assert [(s["status"], s["date"], s["doc_id"]) for s in props["status_history"]] == [
        ("签约", "2024-01-10", "fa"), ("开工", "2024-06-05", "fb"), ("投产", "2024-11-20", "fc")]
    assert props["status"] == "投产"
    # the newest statement of the amount is shown; every statement is kept with its document
    assert (props["investment_yi"], props["investment_text"]) == (12.0, "12亿元")
    assert [(a["value_yi"], a["doc_id"]) for a in props["investments"]] == [(10.0, "fa"), (12.0, "fb")]
    assert props["date"] == "2024-01-10" and props["region"] == "350505"
    assert props["investors"] == [ff.INVESTOR] and props["chain_links"] == [ff.LINK]
    assert project["aliases"] == ["泉港锂电新材料项目", "盛屯锂电新材料项目"]


def test_evidence_count_is_summed_over_documents(store):
    state = _ingest(store, ff.DOCUMENTS)
    invests = next(r for r in state["relations"] if r["type"] == "INVESTS_IN")
    assert invests["props"]["evidence_count"] == 3 + 25
    assert invests["props"]["evidence_count"] >= len(invests["evidence"]) == 3 + 20


@pytest.mark.parametrize("removed", ff.DOCUMENTS, ids=lambda d: d.id)
def test_removing_a_document_removes_exactly_its_contribution(store, removed):
    rest = [d for d in ff.DOCUMENTS if d is not removed]
    without = _ingest(store, rest)
    everything = _ingest(store, ff.DOCUMENTS)
    store.remove_documents([removed.id])
    assert ff.state(store) == without
    store.write_extractions([ff.extraction(removed)])
    assert ff.state(store) == everything


def test_first_signing_then_start_in_any_order_gives_the_start(store):
    for order in ((ff.STARTED, ff.SIGNED), (ff.SIGNED, ff.STARTED)):
        props = _ingest(store, order)[ff.PROJECT]["props"]
        assert props["status"] == "开工"
        assert [s["status"] for s in props["status_history"]] == ["签约", "开工"]
