"""Normalising page text for analysis, keeping every offset mappable: traditional -> simplified
script, the page's layout repaired, and sentences split with their spans.

The analysed text is made from the original in two ways only:

1. characters are replaced one for one (traditional -> simplified script, `to_simplified`), and
2. stretches are deleted: pinyin artefacts such as the `(qū)` in `區(qū)`, and the line breaks
   (plus blank lines) that a page's columns put in the middle of a sentence.

So the analysed text is never longer than the original, and `OffsetMap` turns any position in
it back into the position of the same character in the original text, which is what is shown.

Each line gets a role: `header` (page date, 责任编辑/美术编辑/电话/E-mail lines, page number),
`headline` (Markdown headings, short lines without punctuation), `byline` (记者 X 通讯员 Y),
`caption` (photo captions: lines ending in 供图 or 摄, and the line they explain), or `body`.
Sentences never cross a line (`split_sentences`), so captions and bylines stay apart from body text.
"""
from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field
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
    `normalise_text` found them; each sentence takes the role of its line.
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
            if lines:
                while k + 1 < n_lines and line_starts[k + 1] <= first:
                    k += 1
                if k >= 0:
                    role = lines[k][2]
            out.append(Sentence(len(out), first, first + len(body), body, role))
        start = end
    return out


_PINYIN = re.compile(r"(?<=[\u3400-\u9fff])\(([a-z]*[āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜ][a-z]*)\)")
PINYIN_ANNOTATION = _PINYIN  # public: search finds the same annotations in text it highlights
_HEADER = re.compile(
    r"^(\d{4}年\d{1,2}月\d{1,2}日\s*(星期.)?|\d{1,3}|[□■]?\s*(责任编辑|美术编辑|编辑|电话|传真|E-mail).*"
    r"|.*(E-mail|电话)\s*[:：].*)$")
_BYLINE = re.compile(r"^[□■]?\s*[（(]?\s*(融媒体|本报|福建日报|记者|通讯员|文/图|摄影)[^。！？]{0,40}$")
_CAPTION_END = re.compile(r"[（(][^（）()]{0,30}(供图|摄|图)\s*[)）]\s*$")
_CJK_CHAR = re.compile(r"[\u3400-\u9fff]")
# A body line ending in one of these ends its sentence: the next line is not joined to it.
_LINE_CLOSERS = set("。！？!?…；;：:”\"）)》」』】")


@dataclass
class OffsetMap:
    """Positions in analysed text -> positions in the original (the analysed text only deletes)."""

    starts: list[int] = field(default_factory=lambda: [0])   # analysed start of each kept run
    origins: list[int] = field(default_factory=lambda: [0])  # original start of each kept run

    def to_original(self, pos: int) -> int:
        """The original position of the character at analysed position `pos`."""
        i = bisect.bisect_right(self.starts, pos) - 1
        return self.origins[i] + pos - self.starts[i]

    def span(self, start: int, end: int) -> tuple[int, int]:
        """The original span covering the analysed span [start, end)."""
        if end <= start:
            o = self.to_original(start)
            return o, o
        return self.to_original(start), self.to_original(end - 1) + 1


@dataclass
class Normalised:
    """Text ready for analysis, its map back to the original, and the role of each line."""

    text: str
    offsets: OffsetMap
    lines: list[tuple[int, int, str]]  # (start, end, role) in the analysed text


def line_role(line: str, next_line: str = "") -> str:
    """The layout role of one stripped line (see the module docstring)."""
    if not line:
        return "blank"
    if line.startswith("#"):
        return "headline"
    if _HEADER.match(line):
        return "header"
    if _CAPTION_END.search(line):
        return "caption"
    if next_line and _CAPTION_END.search(next_line) and len(line) <= 60 and line[-1] not in "。！？":
        return "caption"
    if _BYLINE.match(line):
        return "byline"
    if len(line) <= 30 and not any(c in line for c in "，。！？,;；"):
        return "headline"
    return "body"


def normalise_text(original: str) -> Normalised:
    """Simplified, layout-repaired text for analysis, with its offset map and line roles."""
    simplified = to_simplified(original)
    deletions: list[tuple[int, int]] = [m.span() for m in _PINYIN.finditer(simplified)] if "(" in simplified else []

    # Lines with their spans in the simplified text (leading/trailing blanks excluded).
    content: list[tuple[int, int]] = []
    pos = 0
    for piece in simplified.splitlines(keepends=True):
        line = piece.rstrip("\r\n")
        body = line.strip()
        if body:
            s = pos + (len(line) - len(line.lstrip()))
            content.append((s, s + len(body)))
        pos += len(piece)
    stripped = [simplified[s:e] for s, e in content]
    roles = [line_role(t, stripped[i + 1] if i + 1 < len(stripped) else "") for i, t in enumerate(stripped)]

    # Join lines broken mid-sentence: delete the line break (and blank lines) between them.
    for i in range(len(content) - 1):
        a, b = stripped[i], stripped[i + 1]
        if roles[i] != "body" or a[-1] in _LINE_CLOSERS or not (_CJK_CHAR.match(a[-1]) or a[-1] in "，、,“"):
            continue
        gap = simplified[content[i][1]:content[i + 1][0]]
        single_break = gap.count("\n") <= 1
        if roles[i + 1] == "body" or (single_break and roles[i + 1] == "headline" and not b.startswith("#")):
            deletions.append((content[i][1], content[i + 1][0]))
            roles[i + 1] = "body"

    if not deletions:
        return Normalised(simplified, OffsetMap(), [(s, e, r) for (s, e), r in zip(content, roles, strict=True)])

    deletions.sort()
    starts, origins, out = [], [], []
    n = kept_from = 0
    for ds, de in deletions + [(len(simplified), len(simplified))]:
        if ds > kept_from:
            starts.append(n)
            origins.append(kept_from)
            out.append(simplified[kept_from:ds])
            n += ds - kept_from
        kept_from = max(kept_from, de)
    offsets = OffsetMap(starts or [0], origins or [0])

    def analysed(p: int) -> int:
        i = max(0, bisect.bisect_right(offsets.origins, p) - 1)
        run_len = (offsets.starts[i + 1] if i + 1 < len(offsets.starts) else n) - offsets.starts[i]
        return offsets.starts[i] + min(max(p - offsets.origins[i], 0), run_len)

    merged: list[tuple[int, int, str]] = []
    for (s, e), role in zip(content, roles, strict=True):
        s, e = analysed(s), analysed(e)
        if merged and s <= merged[-1][1]:  # a joined line continues the line before it
            ps, pe, pr = merged[-1]
            merged[-1] = (ps, max(pe, e), pr)
        else:
            merged.append((s, e, role))
    return Normalised("".join(out), offsets, merged)
