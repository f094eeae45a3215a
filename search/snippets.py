"""Highlighted snippets computed from the text itself, for backends without a highlighter.

The text is matched in simplified script (the same length as the original, see
`ingest.normalise`), so offsets found there mark the original text shown to the user.
The result is escaped HTML: only the <mark> tags are markup.
"""
from __future__ import annotations

import html
import re
from collections.abc import Iterable

from ingest.normalise import to_simplified


def find_spans(text: str, words: Iterable[str], charlimit: int = 100_000) -> list[tuple[int, int]]:
    """Non-overlapping (start, end) spans of `words` in `text`, longest match first at each place."""
    words = sorted({w.lower() for w in words if w and w.strip()}, key=len, reverse=True)
    if not words:
        return []
    pattern = re.compile("|".join(re.escape(w) for w in words))
    simple = to_simplified(text[:charlimit]).lower()
    return [(m.start(), m.end()) for m in pattern.finditer(simple)]


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
