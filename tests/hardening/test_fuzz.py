"""Property-based fuzzing of the loaders, the normaliser and the query parser.

Thousands of generated inputs in all (sized so the file runs in well under 30 s on two busy
cores): the only exceptions allowed out are LiantuError subclasses, and the normaliser's
promises (same length; sentence spans are exact) hold for every input.
"""
from __future__ import annotations

import contextlib
import gzip
import json
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ingest.errors import LiantuError
from ingest.load import decode_bytes, load_path, parse_html, parse_jsonl, parse_markdown, parse_record
from ingest.normalise import split_sentences, to_simplified
from search.query import parse_query

FAST = settings(max_examples=600, deadline=None, suppress_health_check=[HealthCheck.too_slow])
MEDIUM = settings(max_examples=250, deadline=None, suppress_health_check=[HealthCheck.too_slow])

# Text that looks like what the product sees: CJK (simplified and traditional), punctuation that
# ends sentences, quotes, whitespace, markup characters, and arbitrary unicode.
CJK = st.characters(min_codepoint=0x4E00, max_codepoint=0x9FFF)
PUNCT = st.sampled_from(list("。！？!?；;”’」』）)\n \t#□（(\"'《》<>&-ORAND:*~^[]{}\\/\u3000\ufeff\u200b\r"))
ANY = st.characters(blacklist_categories=("Cs",))
TEXT = st.lists(st.one_of(CJK, PUNCT, ANY, st.sampled_from(["臺灣", "發展", "國際", "OR", "AND", "NOT"])),
                max_size=80).map("".join)


@FAST
@given(TEXT)
def test_to_simplified_keeps_length(text):
    assert len(to_simplified(text)) == len(text)


@FAST
@given(TEXT)
def test_split_sentences_spans_are_exact(text):
    previous_end = 0
    for i, s in enumerate(split_sentences(text)):
        assert s.index == i
        assert 0 <= s.start < s.end <= len(text)
        assert s.start >= previous_end, "sentences overlap"
        assert text[s.start:s.end] == s.text
        assert s.text == s.text.strip()
        previous_end = s.end
    # nothing but whitespace is dropped
    covered = "".join(s.text for s in split_sentences(text))
    assert "".join(text.split()) == "".join(covered.split())


@FAST
@given(TEXT)
def test_query_parser_raises_only_liantu_errors(text):
    try:
        parsed = parse_query(text)
    except LiantuError as exc:
        assert str(exc), "an error must say what is wrong"
        assert exc.status == 400
        return
    assert parsed.clauses


@FAST
@given(st.binary(max_size=300))
def test_decode_bytes_on_random_bytes(data):
    try:
        text = decode_bytes(data, "fuzz.bin")
    except LiantuError:
        return
    assert isinstance(text, str)


ENCODINGS = st.sampled_from(["utf-8", "utf-8-sig", "gb18030", "gbk", "big5", "utf-16", "utf-16-le", "latin-1"])


@MEDIUM
@given(TEXT, ENCODINGS)
def test_decode_bytes_on_encoded_text(text, encoding):
    try:
        data = text.encode(encoding)
    except UnicodeEncodeError:
        data = text.encode(encoding, errors="replace")
    try:
        decode_bytes(data, f"fuzz.{encoding}")
    except LiantuError:
        pass


@FAST
@given(TEXT)
def test_parse_markdown_any_text(text):
    try:
        doc = parse_markdown(text, "fuzz.md")
    except LiantuError:
        return
    assert len(doc.title) <= 200


@MEDIUM
@given(st.one_of(TEXT, st.lists(st.sampled_from(["<html>", "<body>", "<h1>", "</h1>", "<script>", "</script>",
                                                  "<meta name='date' content='", "'>", "<title>", "<!--", "-->",
                                                  "&amp;", "&#x4e2d;", "<p>"]) | TEXT, max_size=20).map("".join)))
def test_parse_html_any_markup(html):
    try:
        doc = parse_html(html, "fuzz.html")
    except LiantuError:
        return
    assert doc.text.strip()


JSON_VALUE = st.recursive(st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | TEXT,
                          lambda inner: st.lists(inner, max_size=4) | st.dictionaries(
                              st.sampled_from(["id", "title", "text", "content", "date", "url", "kind", "x"]),
                              inner, max_size=5), max_leaves=12)


@MEDIUM
@given(JSON_VALUE)
def test_parse_record_any_json(value):
    try:
        parse_record(value, "fuzz.json")
    except LiantuError:
        pass


@MEDIUM
@given(st.lists(st.one_of(JSON_VALUE.map(lambda v: json.dumps(v, ensure_ascii=False)), TEXT), max_size=6))
def test_parse_jsonl_any_lines(lines):
    errors: list[str] = []
    try:
        parse_jsonl("\n".join(lines), "fuzz.jsonl", errors=errors)
    except LiantuError:
        pass
    # without an error list, the first bad line raises instead of being skipped
    with pytest.raises(LiantuError) if errors else contextlib.nullcontext():
        parse_jsonl("\n".join(lines), "fuzz.jsonl")


SUFFIXES = st.sampled_from([".md", ".txt", ".json", ".jsonl", ".html", ".htm", ".jsonl.gz", ".md.gz", ".gz"])


@pytest.fixture(scope="module")
def fuzz_dir():
    with tempfile.TemporaryDirectory(prefix="liantu-fuzz-") as tmp:
        yield Path(tmp)


@MEDIUM
@given(st.binary(max_size=400), SUFFIXES, st.booleans())
def test_load_path_on_random_bytes(fuzz_dir, data, suffix, gzipped):
    path = fuzz_dir / f"input{suffix}"
    path.write_bytes(gzip.compress(data) if gzipped and suffix.endswith(".gz") else data)
    try:
        docs = load_path(path, errors=[])
    except LiantuError as exc:
        assert str(path) in str(exc), "the error names the input"
        return
    assert docs and all(d.text for d in docs)
