"""The search page and /api/search: partial matches labelled, the entity a query names, close
names suggested, errors in Chinese, /search as well as /."""
import re

from tests.webapp.test_pages import page


def hits_section(text):
    return text[text.index('<ol class="hits">'):text.index("</ol>", text.index('<ol class="hits">'))]


def test_search_path_serves_the_same_results_as_the_root(client):
    assert hits_section(page(client, "/search?q=碳酸锂")) == hits_section(page(client, "/?q=碳酸锂"))
    assert "碳酸锂" in page(client, "/search?q=碳酸锂&sort=date")


def test_partial_matches_are_labelled_on_the_page_and_in_the_json(client):
    body = client.get("/api/search?q=碳酸锂 火星殖民").get_json()
    assert body["partial"] == body["total"] >= 1 and {h["match"] for h in body["hits"]} == {"partial"}
    text = page(client, "/?q=碳酸锂 火星殖民")
    assert "以下结果只包含部分搜索词" in text and "部分匹配" in text
    assert "0 条包含全部搜索词" in text
    full = client.get("/api/search?q=碳酸锂").get_json()
    assert full["partial"] == 0 and {h["match"] for h in full["hits"]} == {"all"}
    assert "部分匹配" not in page(client, "/?q=碳酸锂")


def test_a_query_naming_an_entity_shows_its_card(client):
    text = page(client, "/?q=盛屯集团")
    card = text[text.index('class="entity-card"'):text.index("</section>", text.index('class="entity-card"'))]
    assert 'href="/entity/Enterprise:%E7%9B%9B%E5%B1%AF%E9%9B%86%E5%9B%A2"' in card or \
        'href="/entity/Enterprise:盛屯集团"' in card
    assert "企业" in card and "篇文档提及" in card
    assert client.get("/api/search?q=盛屯集团").get_json()["entity"]["id"] == "Enterprise:盛屯集团"
    assert client.get("/api/search?q=碳酸锂 泉港").get_json()["entity"] is None


def test_close_names_are_suggested_also_when_they_sound_the_same(client):
    for typed in ("盛屯集", "圣屯集团"):  # a character short; another character with the same pinyin
        body = client.get("/api/search", query_string={"q": typed}).get_json()
        assert "盛屯集团" in [s["name"] for s in body["suggestions"]], typed
    text = page(client, "/?q=圣屯集团")
    assert "您是不是要找" in text and re.search(r'<a href="/\?q=[^"]+">盛屯集团</a>', text)


def test_question_words_are_said(client):
    text = page(client, "/?q=泉港有哪些碳酸锂项目")
    assert "提问用语不作为必须包含的词：有、哪些" in text
    assert "<mark>" in text


def test_undated_documents_left_out_by_a_date_filter_are_said(seeded, tmp_path):
    from webapp import create_app

    undated = tmp_path / "undated.txt"
    undated.write_text("泉港石化园区\n\n泉港区碳酸锂项目进展顺利，园区配套不断完善。\n", encoding="utf-8")
    seeded.ingest([undated])
    client = create_app({"TESTING": True}, liantu=seeded).test_client()
    assert "另有 1 篇没有日期的文档不在所选日期范围内" in page(client, "/?q=碳酸锂&from=2024-01-01")
    assert "没有日期的文档" not in page(client, "/?q=碳酸锂")


def test_errors_on_the_page_are_chinese(client):
    assert "引号没有闭合" in page(client, '/?q="碳酸锂')
    assert "“2024年”不是日期" in page(client, "/?q=碳酸锂&from=2024年")
    assert "未找到名为“火星集团”的实体" in page(client, "/?q=碳酸锂&entity=火星集团")


def test_hostile_queries_are_escaped_everywhere(client):
    hostile = '<script>alert(1)</script> 碳酸锂 "<img src=x onerror=alert(1)>"'
    text = page(client, "/?q=" + hostile)
    assert "<script>alert" not in text and "<img src=x" not in text


def test_names_ingested_later_are_suggested(seeded, tmp_path):
    from webapp import create_app

    client = create_app({"TESTING": True}, liantu=seeded).test_client()
    assert client.get("/api/search", query_string={"q": "鸿星尔客集团"}).get_json()["suggestions"] == []
    later = tmp_path / "later.txt"
    later.write_text("鸿星尔克集团在晋江投资建设智能工厂\n\n鸿星尔克集团在晋江投资建设智能工厂项目，总投资10亿元。\n",
                     encoding="utf-8")
    seeded.ingest([later])
    names = [s["name"] for s in client.get("/api/search", query_string={"q": "鸿星尔客集团"}).get_json()["suggestions"]]
    assert "鸿星尔克" in names  # the entity, by its name (鸿星尔克集团 is its alias)
