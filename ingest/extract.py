"""Recognising mentions in analysed text.

Each recogniser is a pure function `(text, sentences, context) -> list[Mention]`; the pipeline
runs them in order and keeps the longest non-overlapping mentions.
"""
from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from itertools import compress

from ingest.model import Mention, Sentence
from ingest.segment import MAX_MEMO, Tokens


_NONE, _NAME, _MAYBE = 0, 1, 2  # a token begins no name, is a name, may begin a name


class Gazetteer:
    """Longest-match lookup of known names in text (a dict keyed by name, scanned by length).

    A name never cuts a run of Latin letters or digits (`fits`): LED is not in MicroOLED.
    """

    def __init__(self, names: dict[str, tuple[str, str]]) -> None:
        # name -> (mention type, canonical key)
        self.names = names
        self.lengths = sorted({len(n) for n in names}, reverse=True)
        lengths: dict[str, set[int]] = {}
        for n in names:
            lengths.setdefault(n[0], set()).add(len(n))
        # first character -> the lengths of the names starting with it, longest first
        self.by_first = {c: sorted(ls, reverse=True) for c, ls in lengths.items()}
        # The same by first two characters (most token starts begin no name, and a common first
        # character such as 中 starts names of a dozen lengths), and the one-character names.
        by_two: dict[str, set[int]] = {}
        for n in names:
            if len(n) >= 2:
                by_two.setdefault(n[:2], set()).add(len(n))
        self.by_two = {p: sorted(ls, reverse=True) for p, ls in by_two.items()}
        self.single = {n for n in names if len(n) == 1}
        # Every proper prefix of a name: a token that is one may begin a longer name.
        self.prefixes = {n[:k] for n in names for k in range(1, len(n))}
        self._kinds: dict[str, int] = {}  # token word -> _NONE, _NAME or _MAYBE

    def find_in_tokens(self, text: str, tokens: Tokens) -> list[tuple[int, int, str, str]]:
        """Like `find`, but names may only start where a token of `text` starts.

        A segmenter loaded with the same names keeps most of them whole, so a token is looked
        up once per distinct word: it is a name (and no longer name starts with it), begins no
        name at all, or needs the longest match tried at its start.
        """
        words = tokens.words
        kinds = self._kinds
        if len(kinds) > MAX_MEMO:
            kinds = self._kinds = {}
        for word in tokens.distinct.difference(kinds):
            kinds[word] = self._kind(word)
        out = []
        starts, names = tokens.starts, self.names
        covered = 0
        for i in compress(range(len(words)), map(kinds.__getitem__, words)):
            start = starts[i]
            if start < covered:
                continue
            word = words[i]
            if kinds[word] == _NAME and fits(text, start, start + len(word)):
                hit = names[word]
                covered = start + len(word)
                out.append((start, covered, hit[0], hit[1]))
                continue
            found = self._longest_at(text, start)
            if found:
                covered = found[1]
                out.append(found)
        return out

    def _kind(self, word: str) -> int:
        """How a token `word` relates to the names: see `find_in_tokens`."""
        if word in self.prefixes:  # a longer name may start with it
            return _MAYBE
        if word in self.names:
            return _NAME
        return _MAYBE if any(word[:k] in self.names for k in range(1, len(word))) else _NONE

    def _longest_at(self, text: str, i: int) -> tuple[int, int, str, str] | None:
        """(start, end, type, key) of the longest name starting at `i`, or None."""
        lengths = self.by_two.get(text[i:i + 2])
        if lengths:
            room = len(text) - i
            for length in lengths:
                if length > room:
                    continue
                hit = self.names.get(text[i:i + length])
                if hit and fits(text, i, i + length):
                    return i, i + length, hit[0], hit[1]
        if text[i] in self.single and fits(text, i, i + 1):
            hit = self.names[text[i]]
            return i, i + 1, hit[0], hit[1]
        return None

    def find(self, text: str) -> list[tuple[int, int, str, str]]:
        """(start, end, type, key) of every longest, leftmost non-overlapping known name."""
        out = []
        i, n = 0, len(text)
        by_first = self.by_first
        while i < n:
            lengths = by_first.get(text[i])
            if lengths:
                for length in lengths:
                    hit = self.names.get(text[i:i + length]) if length <= n - i else None
                    if hit and fits(text, i, i + length):
                        out.append((i, i + length, hit[0], hit[1]))
                        i += length
                        break
                else:
                    i += 1
            else:
                i += 1
        return out


def _latin(c: str) -> bool:
    return c.isascii() and c.isalnum()


def fits(text: str, start: int, end: int) -> bool:
    """False when [start, end) cuts a run of Latin letters or digits (LED in MicroOLED, PET in PETG)."""
    return not ((start > 0 and _latin(text[start]) and _latin(text[start - 1]))
                or (end < len(text) and _latin(text[end - 1]) and _latin(text[end])))


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
    out, seen = [], set()
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


_NUMBER = r"(?P<num>\d+(?:\.\d+)?|[零〇一二两三四五六七八九十百千]+(?:点[零〇一二三四五六七八九]+)?)"
_AMOUNT_RE = re.compile(_NUMBER + r"\s*(?P<unit>万亿|亿|千万|百万|万)?\s*(?P<cur>元|美元|港元|港币|欧元|日元|人民币)")
_CN_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6,
              "七": 7, "八": 8, "九": 9}
_UNIT_IN_YI = {"万亿": 10000.0, "亿": 1.0, "千万": 0.1, "百万": 0.01, "万": 0.0001, None: 1e-8}
_CURRENCY = {"元": "CNY", "人民币": "CNY", "美元": "USD", "港元": "HKD", "港币": "HKD", "欧元": "EUR",
             "日元": "JPY"}


def chinese_number(text: str) -> float:
    """The value of a number written in digits or Chinese numerals (三十五, 二点五, 1.5)."""
    try:
        return float(text)
    except ValueError:
        pass
    if "点" in text:
        whole, frac = text.split("点", 1)
        return chinese_number(whole or "零") + float("0." + "".join(str(_CN_DIGITS[c]) for c in frac))
    total, current = 0, 0
    for ch in text:
        if ch in _CN_DIGITS:
            current = _CN_DIGITS[ch]
        else:
            unit = {"十": 10, "百": 100, "千": 1000}[ch]
            total += (current or 1) * unit
            current = 0
    return float(total + current)


@dataclass(frozen=True)
class Amount:
    """A money amount normalised to 亿 of its currency."""

    value_yi: float
    currency: str

    @property
    def canonical(self) -> str:
        value = f"{self.value_yi:.6f}".rstrip("0").rstrip(".")
        unit = {"CNY": "亿元", "USD": "亿美元", "HKD": "亿港元", "EUR": "亿欧元", "JPY": "亿日元"}[self.currency]
        return value + unit


def parse_amount(text: str) -> Amount | None:
    """The normalised amount in `text` (5000万元 -> 0.5亿元), or None."""
    m = _AMOUNT_RE.search(text)
    if not m:
        return None
    value = chinese_number(m["num"]) * _UNIT_IN_YI[m["unit"]]
    return Amount(round(value, 8), _CURRENCY[m["cur"]])


_CURRENCY_END = re.compile("[元币]")  # the last character of every currency in _AMOUNT_RE
AMOUNT_REACH = 40  # characters an amount may span before its currency's last character


def amount_matches(text: str):
    """The matches of `_AMOUNT_RE.finditer(text)` (amounts spanning at most AMOUNT_REACH
    characters), found by trying only before each 元 or 币: numerals are everywhere in
    policy text (第一条, 2023年), money is not."""
    pos = 0
    for anchor in _CURRENCY_END.finditer(text):
        end = anchor.end()
        if end <= pos:
            continue
        m = _AMOUNT_RE.search(text, max(pos, end - AMOUNT_REACH), end)
        if m is not None and m.end() == end:
            yield m
            pos = end


def recognise_amounts(text: str, sentences: list[Sentence]) -> list[Mention]:
    """AMOUNT mentions: money with a unit, normalised to 亿 of its currency."""
    out = []
    for m in amount_matches(text):
        if m["unit"] is None and m["cur"] in ("元", "人民币") and chinese_number(m["num"]) < 10000:
            continue  # small sums such as prices are not investment amounts
        amount = parse_amount(m.group(0))
        if amount is None:
            continue
        out.append(Mention("AMOUNT", m.group(0), m.start(), m.end(), sentence_index(sentences, m.start()),
                           canonical=amount.canonical, method="rule",
                           attrs={"value_yi": amount.value_yi, "currency": amount.currency}))
    return out


def recognise_known_names(text: str, sentences: list[Sentence], gazetteer: Gazetteer,
                          tokens: Tokens | None = None) -> list[Mention]:
    """REGION, ENTERPRISE and CHAIN mentions of names in the lexicon.

    With `tokens` (from a segmenter loaded with the same names) names are only looked for
    where a token starts, which is several times faster than at every character.
    """
    hits = gazetteer.find(text) if tokens is None else gazetteer.find_in_tokens(text, tokens)
    return [Mention(kind, text[s:e], s, e, sentence_index(sentences, s), canonical=key, method="lexicon")
            for s, e, kind, key in hits]


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
