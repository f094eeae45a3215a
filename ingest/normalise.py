"""Normalising text for analysis: traditional -> simplified, sentence splitting with offsets.

Every transformation here keeps the text's length, so a character offset in the analysed text
is the same offset in the original text shown to the user.
"""
from __future__ import annotations

import re
from functools import lru_cache

from ingest.model import Sentence


@lru_cache(maxsize=1)
def _t2s():
    import opencc

    return opencc.OpenCC("t2s")


def to_simplified(text: str) -> str:
    """Simplified-script text of the same length as `text` (character by character if needed)."""
    converted = _t2s().convert(text)
    if len(converted) == len(text):
        return converted
    # Phrase-level conversion changed the length: fall back to single characters.
    convert = _t2s().convert
    return "".join(c if len(c2 := convert(c)) != 1 else c2 for c in text)


_SENTENCE_END = re.compile(r"[。！？!?]+[”’」』）)]*|\n")


def split_sentences(text: str, lines: list[tuple[int, int, str]] | None = None) -> list[Sentence]:
    """Sentences of `text` with their character spans; blank stretches are skipped.

    A sentence never crosses a line break. `lines` gives each line's (start, end, role) as
    `ingest.layout` found them; each sentence takes the role of its line.
    """
    out: list[Sentence] = []
    line_starts = [s for s, _, _ in lines] if lines else []
    k = -1  # the line holding the current sentence (sentences and lines both go forward)
    n_lines = len(line_starts)
    start = 0
    ends = [m.end() for m in _SENTENCE_END.finditer(text)]
    ends.append(len(text))
    for end in ends:
        piece = text[start:end]
        body = piece.strip()  # str.strip drops exactly the characters str.isspace accepts
        if body:
            first = start + len(piece) - len(piece.lstrip())
            role = "body"
            if n_lines:
                while k + 1 < n_lines and line_starts[k + 1] <= first:
                    k += 1
                if k >= 0:
                    role = lines[k][2]
            out.append(Sentence(len(out), first, first + len(body), body, role))
        start = end
    return out
