"""The SearchIndex contract: every backend answers the same questions the same way."""
import html
import re

import pytest

from ingest.errors import NotFoundError
from search.errors import QueryError
from search.model import IndexedDocument, SearchQuery
from tests.search.conftest import DOCS


@pytest.fixture
def index(make_index):
    ix = make_index()
    ix.add(DOCS)
    ix.flush()
    return ix


def ids(results):
    """The hits matching every word (partial matches that fill a page are tested apart)."""
    return [h.id for h in results.hits if h.match == "all"]


def plain(snippet):
    """The text of a snippet with the marks removed and entities unescaped."""
    return html.unescape(snippet.replace("<mark>", "").replace("</mark>", ""))


def marked(snippet):
    return [html.unescape(m) for m in re.findall(r"<mark>(.*?)</mark>", snippet)]


def test_sub_words_are_found_and_highlighted(index):
    results = index.search(SearchQuery("碳酸锂"))
    assert set(ids(results)) == {"shengtun", "catl"}
    snippet = next(h.snippet for h in results.hits if h.id == "shengtun")
    assert "电池级<mark>碳酸锂</mark>" in snippet
    assert set(ids(index.search(SearchQuery("农业")))) == {"adbc"}


def test_traditional_and_simplified_find_each_other(index):
    assert ids(index.search(SearchQuery("中国农业发展银行"))) == ["adbc"]
    assert ids(index.search(SearchQuery("碳酸鋰 晉江"))) == ["catl"]
    snippet = index.search(SearchQuery("农业")).hits[0].snippet
    assert "農業" in marked(snippet)  # the original script is shown, the match marked


def test_snippets_are_escaped_html(index):
    bodies = {d.id: d.body for d in DOCS}
    for hit in index.search(SearchQuery("碳酸锂 泉港")).hits:
        assert "<img" not in hit.snippet and "<script" not in hit.snippet
        assert set(re.findall(r"</?[a-z]+", hit.snippet)) <= {"<mark", "</mark"}
        assert plain(hit.snippet) in bodies[hit.id]


def test_words_are_and_ed_and_or_widens(index):
    assert ids(index.search(SearchQuery("碳酸锂 泉港"))) == ["shengtun"]
    assert set(ids(index.search(SearchQuery("泉港 OR 晋江")))) == {"shengtun", "catl"}


def test_exclusion(index):
    assert ids(index.search(SearchQuery("碳酸锂 -宁德时代"))) == ["shengtun"]


def test_quoted_phrase_needs_adjacent_words(index):
    assert ids(index.search(SearchQuery('"电芯项目"'))) == ["catl"]
    assert ids(index.search(SearchQuery('"投资建设"'))) == ["catl"]
    assert ids(index.search(SearchQuery('"建设投资"'))) == []


def test_syntax_characters_are_searched_as_text(index):
    for text in ["碳酸锂)", "(碳酸锂", "碳酸锂*", "碳酸锂~", "[碳酸锂 泉港]", "碳酸锂^", "碳酸锂\\", "{碳酸锂}", "碳酸锂!"]:
        assert "shengtun" in ids(index.search(SearchQuery(text))), text
    for text in ["title:碳酸锂", "碳酸锂 AND NOT x", "*", "碳酸锂~2", "a/b", "'碳酸锂"]:
        try:  # searched as words, or rejected with a message; never another error
            index.search(SearchQuery(text))
        except QueryError:
            pass


@pytest.mark.parametrize("text", ['"碳酸锂', "OR", "-碳酸锂", "，。", "碳" * 2001])
def test_malformed_queries_raise_query_error(index, text):
    with pytest.raises(QueryError):
        index.search(SearchQuery(text))


def test_filters(index):
    assert ids(index.search(SearchQuery("项目", kinds=["policy"]))) == ["adbc"]
    assert ids(index.search(SearchQuery("碳酸锂", entities=["Enterprise:宁德时代"]))) == ["catl"]
    assert ids(index.search(SearchQuery("碳酸锂", chains=["lithium-battery"]))) == ["shengtun"]
    assert set(ids(index.search(SearchQuery("项目", date_from="2023", date_to="2024-06")))) == {"shengtun", "adbc"}
    assert ids(index.search(SearchQuery("项目", date_to="2022"))) == ["catl"]


def test_a_city_includes_its_counties(index):
    assert set(ids(index.search(SearchQuery("项目", regions=["Region:3505"])))) == {"shengtun", "adbc", "catl"}
    assert set(ids(index.search(SearchQuery("项目", regions=["泉州"])))) == {"shengtun", "adbc", "catl"}
    assert ids(index.search(SearchQuery("项目", regions=["350505"]))) == ["shengtun"]


@pytest.mark.parametrize("query,message", [
    (SearchQuery("项目", date_from="2024-13-xx"), "not a date"), (SearchQuery("项目", sort="best"), "unknown sort"),
    (SearchQuery("项目", regions=["火星"]), "unknown region"), (SearchQuery("项目", limit=0), "limit"),
    (SearchQuery("项目", date_from="2024", date_to="2023"), "empty"),
])
def test_bad_filters_raise_query_error(index, query, message):
    with pytest.raises(QueryError, match=message):
        index.search(query)


def test_facet_counts(index):
    facets = index.search(SearchQuery("项目")).facets
    assert facets["kind"] == {"news": 2, "policy": 1}
    assert facets["regions"] == {"Region:350505": 1, "Region:3505": 1, "Region:350582": 1}
    assert facets["chains"]["ChainLink:碳酸锂"] == 1


def test_sort_by_date_and_pagination(index):
    results = index.search(SearchQuery("项目", sort="date"))
    assert ids(results) == ["shengtun", "adbc", "catl"] and results.total == 3
    page = index.search(SearchQuery("项目", sort="date", offset=1, limit=1))
    assert ids(page) == ["adbc"] and page.total == 3


def test_relevance_puts_the_title_match_first(index):
    assert ids(index.search(SearchQuery("外商投资")))[0] == "law"


def test_replace_and_delete(index):
    index.add([IndexedDocument(id="shengtun", title="新", body="宁德时代电芯项目扩产")])
    index.flush()
    assert "shengtun" not in ids(index.search(SearchQuery("碳酸锂")))
    index.delete(["shengtun", "unknown"])
    index.flush()
    assert index.doc_ids() == {"adbc", "catl", "law"} and index.count() == 3


def test_more_like_this(make_index):
    ix = make_index()
    ix.add(DOCS + [
        IndexedDocument(id="li2", title="碳酸锂扩产", body="泉港石化工业区再添碳酸锂新材料产业项目，电池级碳酸锂产能扩大。"),
        IndexedDocument(id="li3", title="锂电池", body="锂电池新材料产业链，碳酸锂价格，泉港。"),
    ])
    ix.flush()
    similar = [h.id for h in ix.more_like("shengtun", limit=3)]
    assert similar and "shengtun" not in similar and similar[0] == "li2"
    with pytest.raises(NotFoundError):
        ix.more_like("no-such-doc")


def test_rebuild_replaces_everything(index):
    assert index.rebuild(DOCS[:2]) == 2
    index.flush()
    assert index.doc_ids() == {"shengtun", "adbc"}
    assert ids(index.search(SearchQuery("碳酸锂"))) == ["shengtun"]
