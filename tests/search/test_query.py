"""The query syntax: parsed into a tree, malformed input rejected with a helpful QueryError."""
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from search.errors import QueryError
from search.query import Clause, parse_query


def test_words_phrases_exclusions_and_or():
    q = parse_query('碳酸锂 "电池级 碳酸锂" -宁德 泉港 OR 泉州 -"氢氧化锂"')
    assert q.required == [[Clause("碳酸锂")], [Clause("电池级 碳酸锂", phrase=True)],
                          [Clause("泉港"), Clause("泉州")]]
    assert q.excluded == [Clause("宁德"), Clause("氢氧化锂", phrase=True)]


def test_chinese_quotes_and_full_width_forms():
    q = parse_query("“新材料产业”　ＯＲ　碳酸锂")
    assert q.required == [[Clause("新材料产业", phrase=True), Clause("碳酸锂")]]


def test_backend_syntax_is_plain_text():
    q = parse_query("title:x AND (y) [a TO b] *?~^")
    assert [c.text for c in q.clauses()] == ["title:x", "AND", "(y)", "[a", "TO", "b]", "*?~^"]


@pytest.mark.parametrize("text,message", [
    ("", "empty query"), ("   ", "empty query"), ('"碳酸锂', "unclosed quote"),
    ("OR 碳酸锂", "OR needs a word"), ("碳酸锂 OR", "OR needs a word"), ("a OR OR b", "OR needs a word"),
    ("-宁德", "nothing to search for"), ("a OR -b", "cannot OR an exclusion"),
    ("碳" * 2001, "too long"),
])
def test_malformed_queries_get_a_helpful_message(text, message):
    with pytest.raises(QueryError, match=message):
        parse_query(text)


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from(list('碳酸锂 "“”「」-－OR|:*?()[]{}\\/~^!aZ9　')), max_size=60))
def test_anything_typed_parses_or_raises_query_error(text):
    try:
        q = parse_query(text)
    except QueryError:
        return
    assert q.required and all(c.text for c in q.clauses())
