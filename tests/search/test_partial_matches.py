"""Every backend fills a short page with ranked partial matches, labelled as such."""
import pytest

from search.errors import QueryError
from search.model import IndexedDocument, SearchQuery
from tests.search.real_pages import PAGES

NEWS = [
    IndexedDocument(id="quangang-petro", title="泉港石化项目集中开工", date="2024-03-01",
                    body="泉港区三个石化项目集中开工，乙烯下游项目总投资80亿元。"),
    IndexedDocument(id="quangang-only", title="泉港区召开招商会", date="2024-02-01",
                    body="泉港区召开招商工作会议，部署全年工作。"),
    IndexedDocument(id="jinjiang-petro", title="晋江纺织项目签约", date="2024-01-05",
                    body="晋江市签约一批纺织项目，其中一个涉及石化化纤原料。"),
    IndexedDocument(id="far-apart", title="会议纪要", date="2023-12-01",
                    body="泉港" + "，会议听取了各部门的汇报" * 20 + "，讨论石化发展。"),
    IndexedDocument(id="near", title="纪要", date="2023-12-02",
                    body="会议讨论了泉港石化的发展，听取各部门的汇报。"),
]


@pytest.fixture
def index(make_index):
    ix = make_index()
    ix.add(NEWS + PAGES)
    ix.flush()
    return ix


def test_all_word_matches_come_first_then_partial_ones_most_words_first(index):
    results = index.search(SearchQuery("泉港 石化 项目 开工"))
    assert [(h.id, h.match) for h in results.hits][:1] == [("quangang-petro", "all")]
    matches = [h.match for h in results.hits]
    assert matches == sorted(matches)  # "all" before "partial"
    assert results.partial == len(results.hits) - 1 and results.total == len(results.hits)
    partial = [h.id for h in results.hits if h.match == "partial"]
    # three of the four words (泉港, 石化, 项目) before two, before one
    assert partial.index("undated") < partial.index("quangang-only")
    assert partial.index("jinjiang-petro") < partial.index("quangang-only")


def test_a_name_written_differently_still_finds_its_article(index):
    results = index.search(SearchQuery("泉港区石化产业链乙烯项目"))  # quangang-petro lacks 产业链
    assert {h.id for h in results.hits[:2]} == {"undated", "quangang-petro"}
    assert [h.match for h in results.hits[:2]] == ["all", "partial"]


def test_words_found_near_each_other_rank_higher(index):
    partial = [h.id for h in index.search(SearchQuery("泉港 石化 乙烯 纺织")).hits if h.match == "partial"]
    assert partial.index("near") < partial.index("far-apart")


def test_no_partial_matches_when_all_words_fill_the_page(index):
    results = index.search(SearchQuery("泉港 石化", limit=2))
    assert len(results.hits) == 2 and all(h.match == "all" for h in results.hits) and results.partial == 0


def test_pages_go_on_through_the_partial_matches(index):
    everything = index.search(SearchQuery("泉港 石化 项目 开工", limit=20))
    second = index.search(SearchQuery("泉港 石化 项目 开工", limit=3, offset=3))
    assert [h.id for h in second.hits] == [h.id for h in everything.hits[3:6]]
    assert second.total == everything.total


def test_exclusions_hold_for_partial_matches(index):
    results = index.search(SearchQuery("泉港 石化 项目 开工 -乙烯"))
    assert results.hits and not {"quangang-petro", "undated"} & {h.id for h in results.hits}


def test_a_question_typed_as_a_sentence_finds_its_articles(index):
    results = index.search(SearchQuery("泉港有哪些石化项目"))
    assert {h.id for h in results.hits if h.match == "all"} == {"quangang-petro", "columns", "undated"}
    assert {"有", "哪些"} <= set(results.ignored)


def test_a_pasted_paragraph_is_searched_by_its_distinctive_words(index):
    pasted = ("近日，泉港区三个石化项目集中开工，乙烯下游项目总投资80亿元，标志着泉港石化产业链进一步延伸。"
              "据介绍，这些项目投产后将带动上下游企业集聚发展，进一步壮大石化产业集群，为全区经济发展注入新动能。") * 2
    results = index.search(SearchQuery(pasted))
    assert results.similar and results.hits[0].id == "quangang-petro"


def test_a_query_longer_than_a_page_is_refused(index):
    with pytest.raises(QueryError, match="too long"):
        index.search(SearchQuery("石化" * 1001))


def test_undated_documents_left_out_by_a_date_filter_are_counted(index):
    results = index.search(SearchQuery("泉港", date_from="2024"))
    assert "undated" not in {h.id for h in results.hits}
    assert results.undated == 1
    assert index.search(SearchQuery("泉港")).undated == 0
