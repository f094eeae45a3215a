"""Highlighted snippets computed from the text itself, for backends without a highlighter.

The text is matched as the index analysed it (simplified script, pinyin annotations removed,
broken lines joined: see `search.analysis`), and the offsets found there are mapped back, so
the marks fall on the original text shown to the user (`開發(fā)區(qū)` is found by 开发区 and
marked whole). The result is escaped HTML: only the <mark> tags are markup.
"""
from __future__ import annotations

import html
import re
from collections.abc import Iterable

from ingest.normalise import PINYIN_ANNOTATION, OffsetMap, to_simplified

FIRST_CHUNK = 3_000  # characters analysed before looking at the matches found so far
ENOUGH_SPANS = 8  # a snippet shows a few fragments: stop analysing once this many matches are found
ENOUGH_CHARS = 6_000  # ... or once this much text is analysed and some match was found


def find_spans(text: str, words: Iterable[str], charlimit: int = 100_000) -> list[tuple[int, int]]:
    """Non-overlapping (start, end) spans of `words` in `text`, longest match first at each place;
    adjacent matches (the words of a phrase) make one span.

    The text is analysed in growing chunks cut at line breaks, stopping once enough matches
    are found (or some, in a long text): a long law's snippet needs its first matches, not an
    analysis of all of it.
    """
    words = sorted({w.lower() for w in words if w and w.strip()}, key=len, reverse=True)
    if not words:
        return []
    pattern = re.compile("|".join(re.escape(w) for w in words))
    text = text[:charlimit]
    spans: list[tuple[int, int]] = []
    start, size = 0, FIRST_CHUNK
    while start < len(text) and len(spans) < ENOUGH_SPANS and not (spans and start >= ENOUGH_CHARS):
        end = len(text) if start + size >= len(text) else text.find("\n", start + size) + 1 or len(text)
        spans.extend((start + s, start + e) for s, e in _chunk_spans(text[start:end], pattern))
        start, size = end, size * 2
    return spans


# What the index's analysis deletes, found fast for matching: pinyin annotations, and line breaks
# that may join a sentence a page's columns broke (a superset of the lines the layout repair joins,
# which only widens where a match may be marked).
_LINE_BREAK = re.compile(r"\n\s*")
_JOINS_AFTER = re.compile(r"[\u3400-\u9fff，、,“]")


def _repairs(simplified: str) -> list[tuple[int, int]]:
    """The stretches of `simplified` to delete before matching, in order."""
    out = [m.span() for m in PINYIN_ANNOTATION.finditer(simplified)] if "(" in simplified else []
    if "\n" in simplified:
        for m in _LINE_BREAK.finditer(simplified):
            start = m.start()
            while start and simplified[start - 1] in " \t\r\u3000":
                start -= 1
            if start and m.end() < len(simplified) and _JOINS_AFTER.match(simplified, start - 1):
                out.append((start, m.end()))
        out.sort()
    return out


def _chunk_spans(chunk: str, pattern: re.Pattern) -> list[tuple[int, int]]:
    """The spans of `pattern` in the repaired, simplified form of `chunk`, as offsets in `chunk`."""
    simplified = to_simplified(chunk)
    offsets = None
    deletions = _repairs(simplified)
    if deletions:
        pieces, offsets = [], OffsetMap([], [])
        kept_from = n = 0
        for start, end in deletions + [(len(simplified), len(simplified))]:
            if start > kept_from:
                offsets.starts.append(n)
                offsets.origins.append(kept_from)
                pieces.append(simplified[kept_from:start])
                n += start - kept_from
            kept_from = max(kept_from, end)
        if not offsets.starts:
            offsets = OffsetMap()
        simplified = "".join(pieces)
    simple = simplified.lower()
    if len(simple) != len(simplified):  # lower-casing changed the length: match case-sensitively
        simple = simplified
    spans: list[tuple[int, int]] = []
    for m in pattern.finditer(simple):
        if spans and spans[-1][1] == m.start():
            spans[-1] = (spans[-1][0], m.end())
        else:
            spans.append((m.start(), m.end()))
    if offsets is not None:
        spans = [offsets.span(s, e) for s, e in spans]
    return spans


def make_snippet(text: str, words: Iterable[str], maxchars: int = 160, surround: int = 40, top: int = 2) -> str:
    """Up to `top` fragments around matches of `words`, joined by an ellipsis; escaped HTML."""
    spans = find_spans(text, words)
    if not spans:
        return html.escape(text[:maxchars])
    # Group matches into fragments of at most `maxchars`, then keep the fragments with most matches.
    fragments: list[list[tuple[int, int]]] = []
    for span in spans:
        if fragments and span[1] - max(fragments[-1][0][0] - surround, 0) <= maxchars:
            fragments[-1].append(span)
        else:
            fragments.append([span])
    best = sorted(sorted(fragments, key=len, reverse=True)[:top], key=lambda f: f[0][0])
    out = []
    for frag in best:
        start = max(frag[0][0] - surround, 0)
        end = min(max(frag[-1][1] + surround, start + maxchars // 2), len(text), start + maxchars)
        parts, index = [], start
        for s, e in frag:
            if e > end:
                break
            parts.append(html.escape(text[index:s]))
            parts.append("<mark>" + html.escape(text[s:e]) + "</mark>")
            index = e
        parts.append(html.escape(text[index:end]))
        out.append("".join(parts))
    return " … ".join(out)
