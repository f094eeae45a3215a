import pytest

from search.errors import QueryError
from search.model import IndexedDocument, SearchQuery
from search.whoosh_index import WhooshIndex


@pytest.fixture
def index(tmp_path):
    ix = WhooshIndex(tmp_path / "index")
    ix.add([
        IndexedDocument(id="a", title="盛屯<script>alert(1)</script>", kind="news", regions=["Region:350505"],
                        body="盛屯集团碳酸锂新材料产业项目落地泉港，生产电池级碳酸锂。<img src=x onerror=alert(1)>"),
        IndexedDocument(id="b", title="农发行", body="中國農業發展銀行支持项目建设", kind="policy"),
    ])
    yield ix
    ix.close()


def test_sub_words_are_found_and_highlighted(index):
    hit = index.search(SearchQuery("碳酸锂")).hits[0]
    assert hit.id == "a" and "电池级<mark>碳酸锂</mark>" in hit.snippet
    assert index.search(SearchQuery("农业")).hits[0].id == "b"


def test_traditional_text_matches_simplified_query(index):
    assert [h.id for h in index.search(SearchQuery("中国农业发展银行")).hits] == ["b"]


def test_snippets_are_escaped_html(index):
    snippet = index.search(SearchQuery("碳酸锂")).hits[0].snippet
    assert "<img" not in snippet and "&lt;img" in snippet


def test_replace_and_delete(index):
    index.add([IndexedDocument(id="a", title="新", body="宁德时代电芯项目")])
    assert index.search(SearchQuery("碳酸锂")).total == 0
    index.delete(["a"])
    assert index.doc_ids() == {"b"}


def test_empty_query_is_a_query_error(index):
    with pytest.raises(QueryError):
        index.search(SearchQuery("  "))
