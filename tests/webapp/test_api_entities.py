"""The document and entity API, the OpenAPI description and the token-guarded upload."""
from __future__ import annotations

import io
import json
import re

import pytest

from ingest.model import Entity, Evidence, Relation
from tests.conftest import SEED
from webapp import create_app

SEED_TITLE = "“泉”力以赴抓开放招商促项目落地"


def seed_doc_id(client) -> str:
    return client.get("/api/search?q=碳酸锂").get_json()["hits"][0]["id"]


def test_document_has_original_text_mentions_and_metadata(client):
    doc_id = seed_doc_id(client)
    body = client.get(f"/api/documents/{doc_id}").get_json()
    assert body["ok"] is True and body["document"]["title"] == SEED_TITLE
    assert "origin" not in body["document"], "server paths stay on the server"
    assert body["text_available"] and "碳酸锂" in body["text"]
    regions = [m for m in body["mentions"] if m["type"] == "REGION"]
    assert any(m["entity_id"] == "Region:350505" for m in regions)
    for m in body["mentions"]:
        assert body["text"][m["start"]:m["end"]] == m["text"]
    assert any(m["type"] == "AMOUNT" and "25亿元" in m["text"] for m in body["mentions"])
    assert {"id": "Enterprise:盛屯集团", "label": "Enterprise", "name": "盛屯集团"} in body["entities"]


def test_document_spans_point_into_traditional_original(liantu, tmp_path):
    path = tmp_path / "trad.md"
    path.write_text("# 泉港區招商\n\n泉港區與盛屯集團簽約，總投資25億元。\n", encoding="utf-8")
    liantu.ingest([path])
    client = create_app({"TESTING": True}, liantu=liantu).test_client()
    doc_id = client.get("/api/search?q=泉港").get_json()["hits"][0]["id"]
    body = client.get(f"/api/documents/{doc_id}").get_json()
    assert "泉港區" in body["text"], "the original script is what is displayed"
    region = next(m for m in body["mentions"] if m["entity_id"] == "Region:350505")
    assert region["text"] == "泉港區"


def test_document_shows_the_mentions_stored_at_ingest_not_a_fresh_analysis(seeded, monkeypatch):
    client = create_app({"TESTING": True}, liantu=seeded).test_client()
    doc_id = seed_doc_id(client)
    before = client.get(f"/api/documents/{doc_id}").get_json()
    page_before = client.get(f"/document/{doc_id}").get_data(as_text=True)

    def changed_rules(document):
        raise AssertionError("the document page must not analyse the text again")

    monkeypatch.setattr(seeded.pipeline, "analyse", changed_rules)
    after = client.get(f"/api/documents/{doc_id}").get_json()
    assert after["mentions_stored"] and after["mentions"] == before["mentions"]
    assert any(m["entity_id"] == "Region:350505" for m in after["mentions"])
    assert client.get(f"/document/{doc_id}").get_data(as_text=True) == page_before


def test_a_document_stored_before_mentions_were_kept_is_shown_unmarked(seeded):
    from search.docstore import DOCS_DIR, DocStore

    store = DocStore(seeded.settings.data_dir / DOCS_DIR)
    doc_id = next(iter(seeded.graph.document_ids()))
    old = store.get(doc_id)
    assert old is not None and old.mentions
    old.mentions = None
    store.put([old])
    client = create_app({"TESTING": True}, liantu=seeded).test_client()
    body = client.get(f"/api/documents/{doc_id}").get_json()
    assert body["text_available"] and not body["mentions_stored"] and body["mentions"] == []
    assert body["relations"], "relations still come from the graph"
    text = client.get(f"/document/{doc_id}").get_data(as_text=True)
    assert "liantu ingest --reanalyse" in text and 'class="m m-' not in text
    seeded.ingest([SEED], reanalyse=True)
    body = client.get(f"/api/documents/{doc_id}").get_json()
    assert body["mentions_stored"] and any(m["entity_id"] == "Region:350505" for m in body["mentions"])


def test_document_relations_carry_this_documents_evidence(seeded):
    doc_id = next(iter(seeded.graph.document_ids()))
    sentence = "测试锂业在泉港区投资碳酸锂项目。"
    seeded.graph.upsert_entities([Entity("Enterprise:测试锂业", "Enterprise", "测试锂业")])
    seeded.graph.upsert_relations([Relation("LOCATED_IN", "Enterprise:测试锂业", "Region:350505", evidence=[
        Evidence(doc_id, sentence, 10, 14, "rule", 0.9), Evidence("other-doc", "别处的句子", 0, 2, "rule", 0.5)])])
    client = create_app({"TESTING": True}, liantu=seeded).test_client()
    body = client.get(f"/api/documents/{doc_id}").get_json()
    rel = next(r for r in body["relations"] if r["head"] == "Enterprise:测试锂业")
    assert rel["type"] == "LOCATED_IN" and rel["head_name"] == "测试锂业" and rel["tail_name"] == "泉港区"
    assert [ev["sentence"] for ev in rel["evidence"]] == [sentence]


def test_entity_profile_with_facts_region_and_documents(seeded):
    doc_id = next(iter(seeded.graph.document_ids()))
    seeded.graph.upsert_entities([Entity("Enterprise:测试锂业", "Enterprise", "测试锂业", aliases={"测试锂"})])
    seeded.graph.upsert_relations([Relation("LOCATED_IN", "Enterprise:测试锂业", "Region:350505", evidence=[
        Evidence(doc_id, "测试锂业落户泉港区。", 0, 4, "rule", 0.8)])])
    client = create_app({"TESTING": True}, liantu=seeded).test_client()
    body = client.get("/api/entities/Enterprise:测试锂业").get_json()
    assert body["entity"]["name"] == "测试锂业" and body["entity"]["aliases"] == ["测试锂"]
    assert body["region"] == {"id": "Region:350505", "name": "泉港区"}
    [fact] = body["facts"]
    assert fact["type"] == "LOCATED_IN" and fact["other_name"] == "泉港区" and fact["direction"] == "out"
    assert fact["evidence"][0]["doc_title"] == SEED_TITLE and fact["evidence"][0]["sentence"] == "测试锂业落户泉港区。"
    assert body["timeline"] == [] and body["documents"] == []
    mentioned = client.get("/api/entities/Enterprise:盛屯集团").get_json()
    assert SEED_TITLE in [d["title"] for d in mentioned["documents"]]
    assert "盛屯" in mentioned["entity"]["aliases"]


def test_facts_seen_from_the_other_end(seeded):
    seeded.graph.upsert_entities([Entity("Enterprise:测试锂业", "Enterprise", "测试锂业")])
    seeded.graph.upsert_relations([Relation("LOCATED_IN", "Enterprise:测试锂业", "Region:350505", evidence=[])])
    client = create_app({"TESTING": True}, liantu=seeded).test_client()
    facts = client.get("/api/entities/Region:350505").get_json()["facts"]
    fact = next(f for f in facts if f["other"] == "Enterprise:测试锂业")
    assert fact["direction"] == "in" and fact["head_name"] == "测试锂业" and fact["tail_name"] == "泉港区"


def test_region_sits_in_its_parent(client):
    body = client.get("/api/entities/Region:350505").get_json()
    assert body["region"] == {"id": "Region:3505", "name": "泉州市"}


def test_project_timeline_orders_stages(seeded):
    seeded.graph.upsert_entities([Entity("Project:碳酸锂新材料项目", "Project", "碳酸锂新材料项目", props={
        "status": "开工", "status_history": [
            {"status": "开工", "date": "2024-05-01", "doc_id": "d2", "sentence": "项目开工。"},
            {"status": "签约", "date": "2023-11-02", "doc_id": "d1", "sentence": "项目签约。"}]})])
    client = create_app({"TESTING": True}, liantu=seeded).test_client()
    timeline = client.get("/api/entities/Project:碳酸锂新材料项目").get_json()["timeline"]
    assert [s["status"] for s in timeline] == ["签约", "开工", "竣工", "投产"]
    assert [s["reached"] for s in timeline] == [True, True, False, False]
    assert timeline[0]["date"] == "2023-11-02" and timeline[1]["evidence"][0]["sentence"] == "项目开工。"


def test_entity_documents_are_paginated(client):
    first = client.get("/api/entities/Region:3505?limit=1").get_json()
    assert len(first["documents"]) == 1 and first["documents_page"] == {"offset": 0, "limit": 1, "more": False}
    assert client.get("/api/entities/Region:3505?offset=1").get_json()["documents"] == []


def test_entity_graph_with_mentioning_documents(client):
    body = client.get("/api/entities/Enterprise:盛屯集团/graph?documents=5").get_json()
    assert body["center"] == "Enterprise:盛屯集团"
    ids = {n["id"] for n in body["nodes"]}
    assert "Enterprise:盛屯集团" in ids and any(i.startswith("Document:") for i in ids)
    assert all(e["head"] in ids and e["tail"] in ids for e in body["edges"])
    plain = client.get("/api/entities/Enterprise:盛屯集团/graph").get_json()
    assert not any(n["id"].startswith("Document:") for n in plain["nodes"])


def test_entity_graph_follows_relations_and_limits(seeded):
    seeded.graph.upsert_entities([Entity(f"Enterprise:测试{i}", "Enterprise", f"测试{i}") for i in range(3)])
    seeded.graph.upsert_relations([Relation("PARTNER_OF", "Enterprise:测试0", f"Enterprise:测试{i}", evidence=[])
                                   for i in (1, 2)])
    client = create_app({"TESTING": True}, liantu=seeded).test_client()
    body = client.get("/api/entities/Enterprise:测试0/graph?hops=1").get_json()
    assert {n["id"] for n in body["nodes"]} == {"Enterprise:测试0", "Enterprise:测试1", "Enterprise:测试2"}
    assert {e["type"] for e in body["edges"]} == {"PARTNER_OF"} and not body["truncated"]
    small = client.get("/api/entities/Enterprise:测试0/graph?hops=1&limit=2").get_json()
    assert len(small["nodes"]) == 2 and small["truncated"]


@pytest.mark.parametrize("url, status", [
    ("/api/documents/0000000000000000", 404),
    ("/api/entities/Enterprise:没有这家", 404),
    ("/api/entities/Enterprise:没有这家/graph", 404),
    ("/api/entities/Region:350505/graph?hops=9", 400),
    ("/api/entities/Region:350505/graph?limit=x", 400),
    ("/api/entities/Region:350505?limit=0", 400),
])
def test_errors_have_the_one_shape(client, url, status):
    response = client.get(url)
    body = response.get_json()
    assert response.status_code == status
    assert body["ok"] is False and body["status"] == status and body["error"]


def test_openapi_describes_every_api_route(app, client):
    spec = client.get("/api/openapi.json").get_json()
    assert spec["openapi"].startswith("3.")
    documented = {(path, method) for path, ops in spec["paths"].items() for method in ops}
    for rule in app.url_map.iter_rules():
        if not rule.rule.startswith("/api/") or "<path:anything>" in rule.rule:
            continue
        path = re.sub(r"<(?:[a-z]+:)?([a-z_]+)>", "{id}", rule.rule)
        for method in rule.methods - {"HEAD", "OPTIONS"}:
            assert (path, method.lower()) in documented, f"{method} {rule.rule} is missing from webapp/openapi.json"
    assert spec["components"]["schemas"]["Error"]["required"] == ["ok", "error", "status"]


NEWS = "# 安溪茶业招商\n\n铁观音茶叶博览园在安溪县签约，投资5亿元。\n".encode()


def _upload(client, headers=None, name="news.md", data=NEWS):
    return client.post("/api/ingest", headers=headers or {},
                       data={"file": (io.BytesIO(data), name)}, content_type="multipart/form-data")


def test_upload_is_refused_when_no_token_is_configured(client):
    response = _upload(client)
    assert response.status_code == 403 and "read-only" in response.get_json()["error"]


@pytest.fixture
def writable(seeded):
    return create_app({"TESTING": True, "LIANTU_API_TOKEN": "s3cret", "LIANTU_UPLOAD_MAX_BYTES": 2000},
                      liantu=seeded).test_client()


def test_upload_needs_the_right_token(writable):
    assert _upload(writable).status_code == 401
    assert _upload(writable, {"Authorization": "Bearer wrong"}).status_code == 403
    assert _upload(writable, {"Authorization": "Basic s3cret"}).status_code == 403


def test_upload_ingests_and_is_searchable(writable):
    response = _upload(writable, {"Authorization": "Bearer s3cret"})
    body = response.get_json()
    assert response.status_code == 200 and body["ok"] and body["added"] == 1
    assert writable.get("/api/search?q=铁观音").get_json()["total"] == 1
    again = _upload(writable, {"Authorization": "Bearer s3cret"}).get_json()
    assert again["added"] == 0 and again["unchanged"] == 1, "the same upload twice changes nothing"
    doc = writable.get(f"/api/documents/{body['documents'][0]}").get_json()
    assert doc["document"]["title"] == "安溪茶业招商"


def test_an_edited_upload_replaces_its_earlier_version(writable):
    token = {"Authorization": "Bearer s3cret"}
    first = _upload(writable, token, name="安溪招商.md").get_json()
    edited = "# 安溪茶业招商\n\n铁观音茶叶博览园在安溪县开工，投资8亿元。\n".encode()
    second = _upload(writable, token, name="安溪招商.md", data=edited).get_json()
    assert second["ok"] and second["updated"] == 1 and second["added"] == 0
    assert writable.get(f"/api/documents/{first['documents'][0]}").status_code == 404
    assert writable.get("/api/search?q=铁观音").get_json()["total"] == 1
    facts = writable.get(f"/api/documents/{second['documents'][0]}").get_json()
    assert "8亿元" in json.dumps(facts, ensure_ascii=False) and "5亿元" not in json.dumps(facts, ensure_ascii=False)
    other = _upload(writable, token, name="另一份.md", data=edited).get_json()
    assert other["added"] == 0 and other["unchanged"] == 1, "the same text under another name is the same document"


@pytest.mark.parametrize("kwargs, status, words", [
    ({"name": "evil.exe"}, 400, "unsupported type"),
    ({"data": b""}, 400, "empty"),
    ({"data": "长".encode() * 1000}, 413, "at most 2000 bytes"),
])
def test_bad_uploads_are_refused_clearly(writable, kwargs, status, words):
    response = _upload(writable, {"Authorization": "Bearer s3cret"}, **kwargs)
    body = response.get_json()
    assert response.status_code == status and body["status"] == status and words in body["error"]


def test_upload_without_file_field(writable):
    response = writable.post("/api/ingest", headers={"Authorization": "Bearer s3cret"}, data={"x": "1"})
    assert response.status_code == 400 and "no file" in response.get_json()["error"]
