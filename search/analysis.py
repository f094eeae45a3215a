"""The Chinese analyzer for whoosh: the ingestion segmenter with correct positions and offsets.

Contract: tokens carry `pos` (one per precise-mode word), `startchar`/`endchar` (offsets in the
original text), and text in simplified script. At index time each long word is followed by its
dictionary sub-words at the same position, so `碳酸锂` finds `电池级碳酸锂` and `农业` finds
`中国农业发展银行` while phrase queries and highlighting still line up. At query time only
precise-mode words are produced.
"""
from __future__ import annotations

import re
from array import array
from functools import lru_cache

from whoosh.analysis import Composable, LowercaseFilter, Token, Tokenizer

from ingest.normalise import to_simplified
from ingest.segment import Segmenter, domain_segmenter

_SKIP = re.compile(r"^[\s\W_]+$", re.UNICODE)


@lru_cache(maxsize=1)
def shared_segmenter() -> Segmenter:
    """The domain segmenter analyzers in this process share (read-only once built)."""
    return domain_segmenter()


class ChineseTokenizer(Tokenizer):
    """Segments text with the domain segmenter; see the module docstring for the contract."""

    def __init__(self, segmenter: Segmenter | None = None) -> None:
        self._segmenter = segmenter
        self._tokens: IndexTokens | None = None

    def __getstate__(self):  # the schema is pickled into the index; the segmenter is rebuilt
        return {}

    def __setstate__(self, state):
        self._segmenter = None
        self._tokens = None

    def __eq__(self, other):
        return type(other) is type(self)

    @property
    def segmenter(self) -> Segmenter:
        if self._segmenter is None:
            self._segmenter = shared_segmenter()
        return self._segmenter

    def __call__(self, value, positions=False, chars=False, keeporiginal=False, removestops=True,
                 start_pos=0, start_char=0, tokenize=True, mode="", **kwargs):
        token = Token(positions, chars, removestops=removestops, mode=mode, **kwargs)
        if mode == "query":
            stream = [(word.lower(), k, start, end) for k, (word, start, end) in
                      enumerate(query_words(value, self.segmenter))]
        else:
            stream = self.index_tokens(value)
        for word, pos, start, end in stream:
            token.text = word
            token.boost = 1.0
            token.stopped = False
            if keeporiginal:
                token.original = word
            if positions:
                token.pos = start_pos + pos
            if chars:
                token.startchar = start_char + start
                token.endchar = start_char + end
            yield token

    def index_tokens(self, text: str) -> list[tuple[str, int, int, int]]:
        """(word, position, start, end) of every token indexed for `text` (see the module docstring)."""
        if self._tokens is None:
            self._tokens = IndexTokens(self.segmenter)
        return self._tokens(text)


def query_words(text: str, segmenter: Segmenter) -> list[tuple[str, int, int]]:
    """(word, start, end) of the precise-mode words of `text` in simplified script, punctuation left out."""
    return [w for w in segmenter.tokenize(to_simplified(text)) if not _SKIP.match(w[0])]


class IndexTokens:
    """The index-time token stream of a text, computed with as little per-token work as possible.

    Indexing spends most of its time here (a token every two characters), so this avoids
    whoosh's per-token objects and segments once: rjieba's search mode emits each precise word
    after its dictionary sub-words, so walking the stream backwards, a token inside the span of
    the last precise word seen is one of its sub-words and every other token is a precise word.
    """

    MAX_FORMS = 200_000  # the memo of word -> indexed form is dropped when it grows past this

    def __init__(self, segmenter: Segmenter) -> None:
        self.segmenter = segmenter
        self._forms: dict[str, str] = {}  # word -> lower-cased word, or "" for punctuation

    def __call__(self, text: str) -> list[tuple[str, int, int, int]]:
        return list(zip(*self.columns(text)))

    def columns(self, text: str) -> tuple[list[str], array, array, array]:
        """The tokens of `text` as columns: words, positions, starts, ends (compact to keep and to pickle)."""
        stream = self.segmenter.tokenize(to_simplified(text), search=True)
        forms = self._forms
        if len(forms) > self.MAX_FORMS:
            forms.clear()
        words, counts, starts, ends = [], [], [], []
        add_word, add_count, add_start, add_end = words.append, counts.append, starts.append, ends.append
        get = forms.get
        word_start = word_end = -1
        last = -1  # position of the current precise word, counted from the end
        for word, start, end in reversed(stream):
            form = get(word)
            if form is None:
                form = forms[word] = "" if _SKIP.match(word) else word.lower()
            if not form:
                continue
            if start < word_start or end > word_end:  # not inside the precise word after it
                last += 1
                word_start, word_end = start, end
            add_word(form)
            add_count(last)
            add_start(start)
            add_end(end)
        words.reverse()
        starts.reverse()
        ends.reverse()
        return words, array("i", [last - k for k in reversed(counts)]), array("i", starts), array("i", ends)


def ChineseAnalyzer(segmenter: Segmenter | None = None) -> Composable:
    """Tokenizer plus lower-casing (for Latin words such as CATL)."""
    return ChineseTokenizer(segmenter) | LowercaseFilter()
