"""Search shows one hit per story, with the other copies of the article listed under it."""
from __future__ import annotations

import pytest

from tests.graph.test_stories import copies
from webapp import create_app


@pytest.fixture
def client(liantu):
    report = liantu.ingest_documents(copies())
    assert len(report.added) == 10
    return create_app({"TESTING": True}, liantu=liantu).test_client()


@pytest.mark.slow
def test_search_gives_one_hit_per_story_with_its_copies(client):
    found = client.get("/api/search", query_string={"q": "锂电新材料", "limit": 20}).get_json()
    assert found["ok"]
    (hit,) = found["hits"]
    docs = copies()
    assert {hit["id"], *(c["id"] for c in hit["copies"])} == {d.id for d in docs}
    assert hit["story"] == docs[0].id
    assert {c["source"] for c in hit["copies"]} | {hit["source"]} == {d.source for d in docs}
    page = client.get("/search", query_string={"q": "锂电新材料", "limit": 20}).get_data(as_text=True)
    assert page.count('<li class="hit') == 1 and "另有 9 家媒体转载" in page and "<script>" not in page
