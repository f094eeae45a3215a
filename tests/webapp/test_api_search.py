"""The search endpoints of the JSON API."""
from urllib.parse import unquote

import pytest


def test_suggest_returns_entities_with_their_page(client):
    data = client.get("/api/suggest?q=盛屯").get_json()
    assert data["ok"] is True
    entity = data["entities"][0]
    assert entity["id"] == "Enterprise:盛屯集团" and entity["label"] == "Enterprise" and entity["name"] == "盛屯集团"
    assert entity["url"].startswith("/entity/") and unquote(entity["url"]) == "/entity/Enterprise:盛屯集团"
    assert "%E7%9B%9B" in entity["url"]  # quoted, not raw
    assert data["titles"] and data["titles"][0]["title"]


def test_suggest_accepts_traditional_script_and_half_typed_syntax(client):
    assert client.get("/api/suggest?q=盛屯集團").get_json()["entities"][0]["id"] == "Enterprise:盛屯集团"
    data = client.get('/api/suggest?q="盛屯').get_json()
    assert data["ok"] and data["entities"] and data["titles"] == []
    assert client.get("/api/suggest?q=").get_json() == {"ok": True, "query": "", "entities": [], "titles": []}


def test_search_with_filters_facets_and_paging(client):
    data = client.get("/api/search?q=碳酸锂&region=泉州&kind=news&from=2024&to=2024-12&sort=date").get_json()
    assert data["ok"] and data["total"] == 1
    assert "<mark>碳酸锂</mark>" in data["hits"][0]["snippet"]
    assert data["facets"]["regions"]["Region:350505"] == 1
    assert client.get("/api/search?q=碳酸锂&region=350582&kind=law").get_json()["total"] == 0
    assert client.get("/api/search?q=碳酸锂&offset=1").get_json()["hits"] == []


@pytest.mark.parametrize("query,message", [
    ("q=%22abc", "unclosed quote"), ("q=", "empty query"), ("q=a&from=yesterday", "not a date"),
    ("q=a&sort=best", "unknown sort"), ("q=a&region=火星", "unknown region"), ("q=a&limit=x", "integer"),
])
def test_bad_queries_get_the_one_error_shape(client, query, message):
    response = client.get("/api/search?" + query)
    data = response.get_json()
    assert response.status_code == 400 and data["ok"] is False and data["status"] == 400
    assert message in data["error"]


def test_similar_documents(client, seeded):
    doc_id = next(iter(seeded.index.doc_ids()))
    data = client.get(f"/api/documents/{doc_id}/similar").get_json()
    assert data["ok"] and data["id"] == doc_id and data["hits"] == []  # the only document
    response = client.get("/api/documents/nope/similar")
    assert response.status_code == 404 and response.get_json()["ok"] is False
