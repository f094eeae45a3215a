"""Cypher (and Lucene) injection through every parameter that reaches Neo4j.

The app runs on the session's Neo4j server with the seed article ingested; search text,
entity ids and names, chain and region names and network names carry injection attempts.
Each answer is an ordinary result or a clear 4xx error, and afterwards the database holds
exactly what it held before: nothing deleted, nothing created, no property changed.
"""
from __future__ import annotations

from urllib.parse import quote

import pytest

from liantu import Liantu, Settings
from tests.conftest import SEED
from webapp import create_app

pytestmark = [pytest.mark.neo4j, pytest.mark.slow]

INJECTIONS = [
    "' OR 1=1 //",
    "\" OR 1=1 //",
    "'}) MATCH (n) DETACH DELETE n //",
    "\"}) MATCH (n) DETACH DELETE n //",
    "x') RETURN 1 UNION MATCH (n) DETACH DELETE n RETURN 1 //",
    "Region:350505'}) SET n.name = 'pwned' //",
    "`) MATCH (n) DETACH DELETE n //",
    "$id",
    "CALL db.labels() YIELD label RETURN label",
    "\\' MATCH (n) DETACH DELETE n //",
    "*:*",
    "title:* OR body:*",
    "id:* AND NOT id:x",
    "[a TO z]",
    "/.*/",
    "锂~0.1",
    "泉州^100",
    "\\",
    "Enterprise:盛屯集团\u0000'",
]

ROUTES = [
    "/api/search?q={v}", "/api/suggest?q={v}", "/?q={v}",
    "/api/entities/{v}", "/api/entities/{v}/graph", "/entity/{v}", "/api/entities?q={v}",
    "/api/documents/{v}", "/api/documents/{v}/similar", "/document/{v}",
    "/api/chains/{v}", "/api/chains/lithium-battery?region={v}", "/api/chains/lithium-battery/gaps?region={v}",
    "/api/chains/lithium-battery/candidates?region={v}", "/api/chains/lithium-battery/compare?region={v}&with={v}",
    "/chains?chain=lithium-battery&region={v}",
    "/api/network/ego?name={v}", "/api/network/paths?a={v}&b={v}", "/api/network/brokers?country={v}&hometown={v}",
    "/api/network/communities?country={v}", "/api/network/flows?country={v}", "/network?name={v}",
]


def snapshot(store) -> tuple:
    """Everything the database holds, in a comparable form."""
    counts = store.counts()
    entities = sorted((e["id"], e.get("name")) for label in ("Region", "Enterprise", "Project", "Person", "Org",
                                                              "ChainLink", "Chain", "Event")
                      for e in store.entities(label))
    return (repr(counts), tuple(entities), tuple(sorted(store.document_ids())), len(store.mentions()))


@pytest.fixture
def neo4j_app(neo4j_server, neo4j_store, tmp_path):
    liantu = Liantu(Settings(data_dir=tmp_path / "data", graph_backend="neo4j", neo4j_uri=neo4j_server.uri,
                             neo4j_user=neo4j_server.user, neo4j_password=neo4j_server.password))
    liantu.index.rebuild([])
    report = liantu.ingest([SEED])
    assert report.added
    yield create_app({"TESTING": True}, liantu=liantu), liantu
    liantu.close()


def test_injection_attempts_are_ordinary_results_or_errors(neo4j_app):
    app, liantu = neo4j_app
    client = app.test_client()
    before = snapshot(liantu.graph)
    assert before[2], "the seed article is stored"
    for value in INJECTIONS:
        for route in ROUTES:
            path = route.format(v=quote(value, safe=""))
            response = client.get(path)
            assert response.status_code < 500, f"{path} -> {response.status_code}: {response.get_data(as_text=True)[:300]}"
            if path.startswith("/api/"):
                body = response.get_json()
                assert body is not None, path
                if response.status_code >= 400:
                    assert body["ok"] is False and body["error"], (path, body)
    assert snapshot(liantu.graph) == before, "an injection attempt changed the database"
    # and ordinary requests still work afterwards
    assert client.get("/api/search?q=" + quote("泉港")).get_json()["total"] >= 1
    assert client.get("/api/entities/Region:350505").status_code == 200


def test_store_calls_take_hostile_strings_as_data(neo4j_store, seed_extraction):
    store = neo4j_store
    store.write_extractions([seed_extraction])
    before = snapshot(store)
    for value in INJECTIONS:
        assert store.get_entity(value) is None
        assert store.get_document(value) is None
        store.find_entities(value)
        store.documents_mentioning(value)
        store.relations(value)
        assert not store.neighbourhood(value, hops=2).nodes
        assert store.shortest_paths(value, "Region:350505") == []
    assert snapshot(store) == before
