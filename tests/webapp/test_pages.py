"""The HTML pages: what each shows, escaping, empty states and errors."""
from __future__ import annotations

import html
import json
import re

from ingest.model import Entity
from webapp import create_app

SEED_TITLE = "“泉”力以赴抓开放招商促项目落地"


def page(client, url, status=200):
    response = client.get(url)
    assert response.status_code == status, url
    assert "script-src 'self'" in response.headers["Content-Security-Policy"]
    return response.get_data(as_text=True)


def seed_id(client):
    return client.get("/api/search?q=碳酸锂").get_json()["hits"][0]["id"]


def test_search_page_links_results_entities_and_facets(client):
    text = page(client, "/?q=碳酸锂")
    assert f'href="/document/{seed_id(client)}"' in text and "<mark>碳酸锂</mark>" in text
    assert "2024-06-20" in text
    assert 'href="/entity/Region:350505"' in text and ">泉港区</a>" in text, "regions shown by name, linked"
    assert 'class="facets"' in text and "region=Region" in text


def test_search_page_applies_a_facet_filter(client):
    text = page(client, "/?q=碳酸锂&region=Region:350505")
    assert "已选" in text and "泉港区 ×" in text and SEED_TITLE in text
    assert "没有找到" in page(client, "/?q=碳酸锂&kind=law")
    assert SEED_TITLE in page(client, "/?q=碳酸锂&kind=&from=&to=&sort=relevance"), "empty form fields filter nothing"


def test_search_page_states(client):
    assert "试试" in page(client, "/")
    assert "没有找到与“火星殖民”相关的文档" in page(client, "/?q=火星殖民")
    assert "无法完成搜索" in page(client, "/?q=x&limit=abc")


def test_search_page_error_is_plain_words(client):
    text = page(client, "/?q=" + "长" * 2001)
    assert "无法完成搜索：搜索内容太长（2001 个字符" in text and "query too long" not in text


def test_document_page_highlights_facts_by_type(client):
    text = page(client, f"/document/{seed_id(client)}")
    assert f"<h1>{SEED_TITLE}</h1>" in text
    assert re.search(r'<a class="m m-REGION" id="m-\d+" href="/entity/Region:350505"[^>]*>泉港区?</a>', text)
    assert re.search(r'<a class="m m-ENTERPRISE" id="m-\d+" href="/entity/Enterprise:[^"]+"', text)
    assert re.search(r'<mark class="m m-AMOUNT"[^>]*>25亿元</mark>', text)
    assert "关系与证据" in text


def test_document_page_escapes_hostile_text(liantu, tmp_path):
    path = tmp_path / "x.md"
    path.write_text("# <script>alert(1)</script>标题\n\n泉港区<img src=x onerror=alert(2)>签约。\n", encoding="utf-8")
    liantu.ingest([path])
    client = create_app({"TESTING": True}, liantu=liantu).test_client()
    doc_id = next(iter(liantu.graph.document_ids()))
    text = page(client, f"/document/{doc_id}")
    assert "<script>alert(1)" not in text and "<img src=x" not in text
    assert "&lt;img src=x onerror=alert(2)&gt;" in text
    search = page(client, "/?q=签约")
    assert "原文链接" not in text
    assert "<img src=x" not in search and "<script>alert(1)" not in search


def test_document_links_only_web_urls(liantu, tmp_path):
    path = tmp_path / "x.jsonl"
    path.write_text('{"id": "a", "title": "甲", "text": "泉港区签约。", "url": "javascript:alert(1)"}\n'
                    '{"id": "b", "title": "乙", "text": "晋江市签约。", "url": "https://example.org/b"}\n', encoding="utf-8")
    liantu.ingest([path])
    client = create_app({"TESTING": True}, liantu=liantu).test_client()
    pages = [page(client, f"/document/{doc_id}") for doc_id in sorted(liantu.graph.document_ids())]
    assert not any("javascript:alert" in p and "href=\"javascript" in p for p in pages)
    assert sum('href="https://example.org/b"' in p for p in pages) == 1


def test_entity_page_shows_profile_graph_and_documents(client):
    text = page(client, "/entity/Enterprise:盛屯集团")
    assert "<h1>盛屯集团</h1>" in text and "盛屯" in text and "企业" in text
    assert 'data-entity="Enterprise:盛屯集团"' in text and "vendor/cytoscape.min.js" in text
    assert SEED_TITLE in text


def test_entity_page_ignores_an_offset_that_is_no_number(client):
    for offset in ("²", "abc", "-1", ""):
        # "²" passes str.isdigit yet int() refuses it: the page starts at the first document
        assert SEED_TITLE in page(client, f"/entity/Enterprise:盛屯集团?offset={offset}")


def test_entity_page_empty_states(seeded):
    seeded.graph.upsert_entities([Entity("Org:测试商会", "Org", "测试商会")])
    client = create_app({"TESTING": True}, liantu=seeded).test_client()
    text = page(client, "/entity/Org:测试商会")
    assert "还没有关于“测试商会”的关系事实" in text and "没有文档提到它" in text


def test_entity_page_timeline_for_projects(seeded):
    seeded.graph.upsert_entities([Entity("Project:盛屯碳酸锂项目", "Project", "盛屯碳酸锂项目", props={
        "status": "签约", "investment_yi": 25.0, "currency": "CNY", "investment_text": "25亿元", "region": "350505",
        "status_history": [{"status": "签约", "date": "2024-06-20", "doc_id": "x", "sentence": "项目签约。"}]})])
    client = create_app({"TESTING": True}, liantu=seeded).test_client()
    text = page(client, "/entity/Project:盛屯碳酸锂项目")
    assert "项目进展" in text and text.index("签约") < text.index("开工") < text.index("竣工") < text.index("投产")
    assert '<li class="stage reached">' in text and '<li class="stage pending">' in text
    assert "25亿元" in text and ">泉港区</a>" in text
    assert "还没有这个项目的签约" not in text


def test_chains_page_carries_the_definitions(client):
    text = page(client, "/chains?chain=lithium-battery&region=泉港区")
    match = re.search(r'data-definitions="([^"]*)"', text)
    chains = json.loads(html.unescape(match.group(1)))
    chain = next(c for c in chains if c["id"] == "lithium-battery")
    assert {"refining", "lithium-salts", "cells"} <= {link["id"] for link in chain["links"]}
    assert 'value="泉港区"' in text and "js/chains.js" in text


def test_network_page(client):
    text = page(client, "/network?entity=盛屯集团")
    assert "侨商网络" in text and 'value="盛屯集团"' in text and "js/network.js" in text
    assert "还没有选择要查看的人物或组织" in text


def test_unknown_items_are_plain_404s(client):
    assert "没有找到您要的页面或条目" in page(client, "/document/0000000000000000", status=404)
    assert "没有找到您要的页面或条目" in page(client, "/entity/Person:无名氏", status=404)


def test_pages_use_no_inline_script_or_handlers(client):
    for url in ("/", "/?q=碳酸锂", f"/document/{seed_id(client)}", "/entity/Region:350505", "/chains", "/network"):
        text = page(client, url)
        # a JSON data block (type="application/json") is data, never run
        assert not re.search(r"<script(?![^>]*\b(?:src=|type=\"application/json\"))", text), url
        assert not re.search(r"\son[a-z]+=", text), url


def test_static_assets_are_served(client):
    assert client.get("/static/vendor/cytoscape.min.js").status_code == 200
    assert client.get("/static/js/graph.js").status_code == 200
    assert client.get("/favicon.ico").status_code == 200


def test_an_inferred_place_is_labelled_as_inferred(liantu, tmp_path):
    path = tmp_path / "x.md"
    path.write_text("# 侨讯\n\n马来西亚雪兰莪晋江会馆会长林某某出席活动。\n", encoding="utf-8")
    liantu.ingest([path])
    client = create_app({"TESTING": True}, liantu=liantu).test_client()
    assert "由所属社团的名称推断" in page(client, "/entity/Person:林某某")
    doc_id = next(iter(liantu.graph.document_ids()))
    assert "由所属社团的名称推断，原句未直接说明" in page(client, f"/document/{doc_id}")
