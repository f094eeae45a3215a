"""Every backend finds what is on real pages: words under pinyin annotations, across column
breaks and in traditional script, typed in simplified script; marks fall on the original."""
import html
import re

import pytest

from search.model import IndexedDocument, SearchQuery
from tests.search.real_pages import PAGES, PINYIN


@pytest.fixture
def index(make_index):
    ix = make_index()
    ix.add(PAGES)
    ix.flush()
    return ix


def ids(results):
    """The hits matching every word."""
    return [h.id for h in results.hits if h.match == "all"]


def marked(snippet):
    return [html.unescape(m) for m in re.findall(r"<mark>(.*?)</mark>", snippet, re.S)]


@pytest.mark.parametrize("query", ["开发区", "晋江经济开发区", "商会联盟", "华联服装", "实验中学", "鸿山镇"])
def test_words_under_pinyin_annotations_are_found(index, query):
    assert ids(index.search(SearchQuery(query)))[:1] == ["shishi"]


def test_marks_fall_on_the_original_text_with_its_annotations(index):
    snippet = index.search(SearchQuery("晋江经济开发区")).hits[0].snippet
    assert "晉江經濟開發(fā)區" in "".join(marked(snippet))
    assert html.unescape(snippet.replace("<mark>", "").replace("</mark>", "")) in PINYIN.body
    assert "商會聯(lián)盟" in marked(index.search(SearchQuery("商会联盟")).hits[0].snippet)


def test_words_broken_by_a_column_are_found(index):
    assert "columns" in ids(index.search(SearchQuery("石油化工")))
    assert set(ids(index.search(SearchQuery('"新材料"')))) == {"columns", "bank"}
    snippet = next(h.snippet for h in index.search(SearchQuery("新材料")).hits if h.id == "columns")
    assert "新材\n料" in marked(snippet)


def test_traditional_pages_answer_simplified_queries(index):
    assert ids(index.search(SearchQuery("锂电池 新材料"))) == ["bank"]
    assert ids(index.search(SearchQuery("产业链 农业发展银行"))) == ["bank"]


def test_a_pasted_query_with_an_annotation_finds_the_page(index):
    assert ids(index.search(SearchQuery("開發(fā)區(qū)")))[:1] == ["shishi"]


CUT = [
    IndexedDocument(id="jialong", title="石狮文旅项目", body="居小镇项目、石狮佳龙文旅一期项目、泉港区圣元年产40000吨项目开工。"),
    IndexedDocument(id="li", title="锂电", body="本地企业生产锂、钴等原料。"),
]


@pytest.mark.parametrize("query,expected", [
    ("佳龙", "jialong"), ("圣元", "jialong"), ("锂", "li"), ("“农业发展”", "bank"), ("农业发展", "bank"),
    ("省工信厅", None),
])
def test_words_the_segmenter_cut_otherwise_single_characters_and_words_inside_words(make_index, query, expected):
    ix = make_index()
    ix.add(PAGES + CUT)
    ix.flush()
    found = ids(ix.search(SearchQuery(query)))
    assert (found[:1] == [expected]) if expected else found == []


def test_characters_apart_in_the_text_are_not_adjacent(make_index):
    ix = make_index()
    ix.add(CUT)
    ix.flush()
    assert ids(ix.search(SearchQuery('"元年产"'))) == ["jialong"]
    assert ids(ix.search(SearchQuery('"产吨"'))) == []  # 年产40000吨: digits stand between them


def test_a_single_character_finds_it_inside_words_too(make_index):
    ix = make_index()
    ix.add(PAGES + CUT)
    ix.flush()
    assert set(ids(ix.search(SearchQuery("锂")))) == {"li", "bank"}  # 锂 alone; inside 锂电池
