"""The Chinese analyzer for whoosh: the ingestion segmenter with correct positions and offsets.

Contract: tokens carry `pos` (one per precise-mode word), `startchar`/`endchar` (offsets in the
original text), and text in simplified script. At index time each long word is followed by its
dictionary sub-words at the same position, so `碳酸锂` finds `电池级碳酸锂` and `农业` finds
`中国农业发展银行` while phrase queries and highlighting still line up. At query time only
precise-mode words are produced.
"""
from __future__ import annotations

import re
from bisect import bisect_right
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

    def __getstate__(self):  # the schema is pickled into the index; the segmenter is rebuilt
        return {}

    def __setstate__(self, state):
        self._segmenter = None

    def __eq__(self, other):
        return type(other) is type(self)

    @property
    def segmenter(self) -> Segmenter:
        if self._segmenter is None:
            self._segmenter = shared_segmenter()
        return self._segmenter

    def __call__(self, value, positions=False, chars=False, keeporiginal=False, removestops=True,
                 start_pos=0, start_char=0, tokenize=True, mode="", **kwargs):
        text = to_simplified(value)
        token = Token(positions, chars, removestops=removestops, mode=mode, **kwargs)
        # Precise-mode words get consecutive positions (punctuation takes none).
        words = [w for w in self.segmenter.tokenize(text) if not _SKIP.match(w[0])]
        if mode == "query":
            stream = words
        else:
            # One search-mode pass gives the precise words plus the dictionary sub-words of
            # long ones (each just before its word, inside its span).
            stream = [w for w in self.segmenter.tokenize(text, search=True) if not _SKIP.match(w[0])]
        starts = [start for _w, start, _e in words]
        for word, start, end in stream:
            token.text = word
            token.boost = 1.0
            token.stopped = False
            if keeporiginal:
                token.original = word
            if positions:
                # the precise word that contains this token: the last one starting at or before it
                token.pos = start_pos + bisect_right(starts, start) - 1
            if chars:
                token.startchar = start_char + start
                token.endchar = start_char + end
            yield token


def ChineseAnalyzer(segmenter: Segmenter | None = None) -> Composable:
    """Tokenizer plus lower-casing (for Latin words such as CATL)."""
    return ChineseTokenizer(segmenter) | LowercaseFilter()
