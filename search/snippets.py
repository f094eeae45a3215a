"""Highlighted snippets computed from the text itself, for backends without a highlighter.

The text is matched as the index analysed it (simplified script, pinyin annotations removed,
broken lines joined: `search.analysis.analysed_text`), and the offsets found there are mapped
back, so the marks fall on the original text shown to the user (`開發(fā)區(qū)` is found by 开发区
and marked whole). The result is escaped HTML: only the <mark> tags are markup.
"""
from __future__ import annotations

import html
import re
from collections.abc import Iterable

from search.analysis import analysed_text


def find_spans(text: str, words: Iterable[str], charlimit: int = 100_000) -> list[tuple[int, int]]:
    """Non-overlapping (start, end) spans of `words` in `text`, longest match first at each place;
    adjacent matches (the words of a phrase) make one span."""
    words = sorted({w.lower() for w in words if w and w.strip()}, key=len, reverse=True)
    if not words:
        return []
    pattern = re.compile("|".join(re.escape(w) for w in words))
    norm = analysed_text(text[:charlimit])
    simple = norm.text.lower()
    if len(simple) != len(norm.text):  # lower-casing changed the length: match case-sensitively
        simple = norm.text
    spans: list[tuple[int, int]] = []
    for m in pattern.finditer(simple):
        if spans and spans[-1][1] == m.start():
            spans[-1] = (spans[-1][0], m.end())
        else:
            spans.append((m.start(), m.end()))
    if len(norm.offsets.starts) > 1:
        spans = [norm.offsets.span(s, e) for s, e in spans]
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
