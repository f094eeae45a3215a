"""Mentions across recognisers: where a position lies (its sentence), patterns tried only near
an anchor, the longest non-overlapping mentions kept, and the names found inside kept ones.

Each recogniser is a pure function `(text, sentences, context) -> list[Mention]`; the pipeline
runs them in order and keeps the longest non-overlapping mentions (`merge_mentions`).
"""
from __future__ import annotations

import bisect
import re

from ingest.model import Mention, Sentence

# Mention types that may be found inside a longer mention of another type and still count.
NESTABLE = {"REGION", "ENTERPRISE", "CHAIN", "PROJECT", "ORG"}


def nested_mentions(kept: list[Mention], groups: list[list[Mention]]) -> list[Mention]:
    """Mentions lying wholly inside a kept mention of another type (碳酸锂 in a project's name)."""
    kept_ids = {id(m) for m in kept}
    # Only names inside projects count: a place inside an organisation's or an event's name
    # (云南晋江商会, 中国国际投资贸易洽谈会) is not a mention of that place.
    outers: dict[int, list[Mention]] = {}
    for m in kept:
        if m.type in ("PROJECT", "EVENT", "ENTERPRISE"):
            outers.setdefault(m.sentence, []).append(m)
    out: list[Mention] = []
    seen: set[tuple[int, int, str]] = set()
    if not outers:
        return out
    for group in groups:
        for m in group:
            if id(m) in kept_ids or m.type not in NESTABLE or (m.start, m.end, m.type) in seen:
                continue
            for o in outers.get(m.sentence, ()):
                if o.type == "EVENT" and m.type != "PROJECT" or o.type == "ENTERPRISE" and (
                        m.type != "REGION" or len(m.canonical) <= 2):
                    continue  # (a firm's name holds the place it is registered in: 福建金泓新材料有限公司;
                    # a country or province there (中国石化, 福建…有限公司) is too wide to name as a place)
                if o.start <= m.start and m.end <= o.end and (o.type != m.type or
                                                                (m.type == "PROJECT" and m.start == o.start and m.end < o.end
                                                                 and m.text.endswith("项目"))):
                    # (a second find of the same span is no nested name: two equal spans would
                    # each hide the other from the relation rules)
                    out.append(m)
                    seen.add((m.start, m.end, m.type))
                    break
    return out


def sentence_index(sentences: list[Sentence], position: int) -> int:
    """Index of the sentence holding character `position`."""
    return max(0, bisect.bisect_right(sentences, position, key=lambda s: s.start) - 1)


def anchored_finditer(pattern: re.Pattern, text: str, anchor: str, reach: int):
    """The matches of `pattern.finditer(text)`, found by trying only near each `anchor`.

    For a pattern each of whose matches holds exactly one `anchor` at most `reach` characters
    after its start (a date holds one 月), and that cannot match an empty string. A pattern that
    begins with an optional group is tried at every character by `finditer`; most characters
    are nowhere near an anchor.
    """
    pos = 0  # a match may not start before the end of the previous one
    i = text.find(anchor)
    while i >= 0:
        for p in range(max(pos, i - reach), i + 1):
            m = pattern.match(text, p)
            if m:
                yield m
                pos = m.end()
                break
        i = text.find(anchor, max(pos, i + 1))


def merge_mentions(groups: list[list[Mention]]) -> list[Mention]:
    """Longest non-overlapping mentions across recognisers, earlier groups winning ties."""
    ranked = [(m.end - m.start, -gi, m) for gi, group in enumerate(groups) for m in group]
    ranked.sort(key=lambda t: (-t[0], -t[1], t[2].start))
    taken: set[int] = set()  # character positions already covered
    out = []
    for _, _, m in ranked:
        if any(i in taken for i in range(m.start, m.end)):
            continue
        taken.update(range(m.start, m.end))
        out.append(m)
    return sorted(out, key=lambda m: m.start)
