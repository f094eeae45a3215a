"""The document page shows Markdown headings as headings, mentions still linked."""
import re

from tests.webapp.test_pages import page, seed_id
from webapp.document_text import display_lines


def test_heading_marks_are_left_out_and_mentions_kept():
    mention = {"start": 5, "end": 7, "type": "REGION", "entity_id": "Region:350505"}
    pieces = [{"text": "# 标题\n\n## ", "mention": None}, {"text": "泉港", "mention": mention},
              {"text": "招商\n正文 #不是标题\n### ", "mention": None}]
    lines = display_lines(pieces)
    assert [(line["level"], "".join(p["text"] for p in line["pieces"])) for line in lines] == [
        (1, "标题"), (0, ""), (2, "泉港招商"), (0, "正文 #不是标题"), (3, "")]
    assert lines[2]["pieces"][0]["mention"] is mention


def test_document_page_renders_headings_not_marks(client):
    text = page(client, f"/document/{seed_id(client)}")
    body = text[text.index('class="doc-text"'):text.index("</section>", text.index('class="doc-text"'))]
    assert not re.search(r"(^|\n)#+ ", body)
    assert re.search(r'<div class="doc-h doc-h2" role="heading" aria-level="3">我市以高质量招商为高质量发展提供坚实支撑</div>',
                     text)


def test_document_facts_open_with_stated_relations_not_co_mentions(client):
    facts = client.get(f"/api/documents/{seed_id(client)}").get_json()["relations"]
    types = [r["type"] for r in facts if any(ev["sentence"] for ev in r["evidence"])]
    assert types and types[0] != "CO_MENTIONED"
    if "CO_MENTIONED" in types:
        first = types.index("CO_MENTIONED")
        assert set(types[first:]) == {"CO_MENTIONED"}
