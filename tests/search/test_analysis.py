"""The Chinese analyzer: positions, offsets, sub-words, script folding, checked through whoosh."""
import pytest
from whoosh.fields import ID, TEXT, Schema
from whoosh.filedb.filestore import RamStorage
from whoosh.highlight import Highlighter, PinpointFragmenter
from whoosh.query import Phrase, Term

from ingest.normalise import to_simplified
from search.analysis import ChineseAnalyzer

TEXT_ = "中國農業發展銀行支持泉港生产电池级碳酸锂"


def tokens(text, **kw):
    return [(t.text, t.pos, t.startchar, t.endchar)
            for t in ChineseAnalyzer()(text, positions=True, chars=True, **kw)]


def test_offsets_point_at_the_original_text():
    for word, _pos, start, end in tokens(TEXT_):
        # offsets are in the original (traditional) text; the token is its simplified form
        from ingest.normalise import to_simplified
        assert to_simplified(TEXT_[start:end]).lower() == word


def test_sub_words_share_the_position_of_their_word():
    toks = tokens(TEXT_)
    by_text = {t[0]: t for t in toks}
    assert by_text["碳酸"][1] == by_text["碳酸锂"][1]
    assert "农业" in by_text and "银行" in by_text
    precise = [t for t in toks if not any(o[1] == t[1] and o[3] - o[2] > t[3] - t[2] for o in toks)]
    assert [t[1] for t in precise] == list(range(len(precise)))  # one position per precise word


def test_query_mode_gives_precise_words_in_simplified_script():
    assert [t.text for t in ChineseAnalyzer()("碳酸鋰項目", mode="query")] == ["碳酸锂", "项目"]


def test_punctuation_is_skipped_and_latin_lowercased():
    words = [t[0] for t in tokens("CATL，宁德时代！")]
    assert words[0] == "catl" and "，" not in words and "！" not in words and "宁德" in words


@pytest.fixture
def ix():
    schema = Schema(id=ID(stored=True), body=TEXT(analyzer=ChineseAnalyzer(), stored=True, chars=True))
    ix = RamStorage().create_index(schema)
    with ix.writer() as w:
        w.add_document(id="bank", body=TEXT_)
        w.add_document(id="li", body="盛屯集团在泉港生产电池级碳酸锂和氢氧化锂")
    return ix


@pytest.mark.parametrize("word,expected", [("农业", {"bank"}), ("碳酸锂", {"bank", "li"}), ("银行", {"bank"})])
def test_sub_word_recall(ix, word, expected):
    with ix.searcher() as s:
        assert {h["id"] for h in s.search(Term("body", word))} == expected


def test_phrase_queries_line_up(ix):
    with ix.searcher() as s:
        assert {h["id"] for h in s.search(Phrase("body", ["生产", "电池", "级", "碳酸锂"]))} == {"bank", "li"}
        # a sub-word sits at its word's position, so it continues a phrase like its word
        assert {h["id"] for h in s.search(Phrase("body", ["泉港", "生产"]))} == {"bank", "li"}
        assert not list(s.search(Phrase("body", ["碳酸锂", "泉港"])))


def test_pinpoint_highlight_marks_the_sub_word_inside_its_word(ix):
    with ix.searcher() as s:
        results = s.search(Term("body", "农业"), terms=True)
        hl = Highlighter(fragmenter=PinpointFragmenter(surround=20))
        hl_text = hl.highlight_hit(results[0], "body")
        assert "中國<b class=\"match term0\">農業</b>發展" in hl_text


def test_index_tokens_from_one_cut_equal_the_engines_search_mode_stream():
    """Columns built from the precise cut and remembered sub-words are the search-mode stream."""
    from search.analysis import IndexTokens, shared_segmenter

    tokens = IndexTokens(shared_segmenter())
    texts = [TEXT_, "", "  \n", "CATL，宁德时代！中华人民共和国国务院办公厅", "ABC def 1.5亿元，哈哈哈哈",
             "泉州市人民政府关于印发泉州市促进民营经济高质量发展若干措施的通知\n\n各县（市、区）人民政府",
             "\x00中華\ufeff人民共和國"]
    for text in texts * 2:  # the second time from the memo
        got = tokens.columns(text)
        want = tokens._columns_from_stream(to_simplified(text))
        assert (got[0], list(got[1]), list(got[2]), list(got[3])) == (want[0], list(want[1]), list(want[2]),
                                                                      list(want[3])), text


def test_index_strings_hold_the_same_words_and_sub_words_as_the_columns():
    from search.analysis import IndexTokens, shared_segmenter

    tokens = IndexTokens(shared_segmenter())
    for text in [TEXT_, "", "CATL，宁德时代！中华人民共和国国务院办公厅", "泉州市人民政府关于印发若干措施的通知"]:
        words, positions, _, _ = tokens.columns(text)
        last = {p: k for k, p in enumerate(positions)}  # a position's last token is its precise word
        precise = [words[k] for k in sorted(last.values())]
        subs = [w for k, w in enumerate(words) if last[positions[k]] != k]
        assert tokens.strings(text) == (" ".join(precise), " ".join(subs)), text
