"""EVENT mentions: named events (第N届/首届…大会, quoted or place-named 签约活动, 投洽会 …), found from
their ending, run back to their edition, year or quoted part, with one canonical name per event.
"""
from __future__ import annotations

import bisect
import re
from collections.abc import Sequence

from ingest.mentions import sentence_index
from ingest.model import Mention
from ingest.name_walk import NUMERAL, Vocabulary, extend_left, trim_left

_EVENT_MARK = re.compile(r"第" + NUMERAL + r"届|首届|“|\d{4}年|" + r"[\u3400-\u9fff]{2}(?:奥运|亚运)")
# Where an event's name may open, left of where the walk over name tokens stopped: its edition
# (第十六届, 首届), its year, or a quoted part (“晋江经验”20周年招商签约大会).
_EVENT_OPEN = re.compile(r"第" + NUMERAL + r"届|首届|\d{4}年|“[^“”]{1,16}”")
# Words between such an opening and the ending that show they belong to two phrases (在, 举办 …).
_EVENT_GAP_BREAK = re.compile(r"[在的于是和与及暨将为对向从由到]|举办|举行|召开|参加|出席|亮相|开幕|闭幕|期间|以来")
_CLAUSE_BREAK = re.compile(r"[，。；;：:！？!?,、\n】]")
# A quoted signing or promotion activity (集中“云签约”活动) is a named event too; other quoted
# activities (“项目创优年”活动) are campaigns.
_QUOTED_ACTIVITY = re.compile(r"(?:签约|推介|洽谈|对接)”(活动)")
_CN_DIGITS = "零一二三四五六七八九"


def _chinese_number(n: int) -> str:
    """1..99 in Chinese numerals (23 -> 二十三), as editions of events are usually written."""
    if n < 10:
        return _CN_DIGITS[n]
    tens, ones = divmod(n, 10)
    return ("" if tens == 1 else _CN_DIGITS[tens]) + "十" + (_CN_DIGITS[ones] if ones else "")


def _edition_in_words(name: str) -> str:
    """第23届… -> 第二十三届…: one spelling of an event's edition, so both forms are one event."""
    return re.sub(r"第(\d{1,2})届", lambda m: "第" + _chinese_number(int(m.group(1))) + "届", name)


def _event_opening(text: str, start: int, ending: int) -> int | None:
    """The edition, year or quoted part in the same clause left of `start` that opens the event's name.

    The walk left stops at verbs and time words (恳亲, 签约, 冬季), which event names hold
    (第十六届世界南安同乡联谊恳亲大会, 第九届亚洲冬季运动会); the name then runs back to its
    edition or year when nothing between reads as a second phrase.
    """
    lo = max(0, start - 24)
    window = text[lo:start]
    breaks = list(_CLAUSE_BREAK.finditer(window))
    if breaks:
        lo += breaks[-1].end()
    for m in _EVENT_OPEN.finditer(text, lo, start):
        if not _EVENT_GAP_BREAK.search(text[m.end():ending]):
            return m.start()
    return None


def recognise_events(text: str, sentences, tokens, starts, vocab: Vocabulary, known,
                     region_spans: Sequence[tuple[int, int]] = ()) -> list[Mention]:
    """EVENT mentions: named events (第N届/首届…大会, quoted or place-named 签约活动 …).

    Abbreviated names the terms list (`event_name`: 投洽会 -> 中国国际投资贸易洽谈会) are events
    on their own, and take the full name as canonical.
    """
    out: list[Mention] = []
    region_spans = sorted(region_spans)
    region_starts = [a for a, _ in region_spans]
    full_names = vocab.terms.get("event_name", {})
    pattern = re.compile("(?:" + vocab.alternation("event") + ")")
    endings = [(m.start(), m.end(), m.group(0)) for m in pattern.finditer(text)]
    if "”活动" in text:
        endings = sorted(endings + [(m.start(1), m.end(1), "活动") for m in _QUOTED_ACTIVITY.finditer(text)])
    for e0, e1, ending in endings:
        start = extend_left(text, tokens, starts, e0, limit=30, allow=known)
        opening = _event_opening(text, start, e0)
        if opening is not None and opening < start:
            start = extend_left(text, tokens, starts, opening, limit=12, allow=known)
        name = text[start:e1]
        name_trimmed = trim_left(name)
        start += len(name) - len(name_trimmed)
        name = name_trimmed
        stem = name[: -len(ending)]
        has_place = known.covers(start, e0) and any(start <= a < e0 for a, _ in
                                                     region_spans[bisect.bisect_left(region_starts, start):][:4])
        full = full_names.get(ending)
        if full is not None and not (len(stem) >= 2 and (_EVENT_MARK.search(name) or has_place)):
            # 本次厦洽会: the abbreviation alone; 第二十四届投洽会: its edition and the full name
            edition = re.search(r"(?:第" + NUMERAL + r"届|首届)$", stem)
            start = e0 - (len(edition.group(0)) if edition else 0)
            name = text[start:e1]
        elif len(stem) < 2 or not (_EVENT_MARK.search(name) or has_place):
            continue
        canonical = _edition_in_words(name[: len(name) - len(ending)] + full if full else name)
        out.append(Mention("EVENT", name, start, e1, sentence_index(sentences, start), canonical=canonical,
                           method="rule", confidence=0.7))
    _one_name_per_event(out, known)
    return out


def _one_name_per_event(events: list[Mention], known) -> None:
    """Give one canonical name to the names a text uses for one event.

    - a place before a name the text also uses alone (泉州市首届“海丝”…大会 and 首届“海丝”…大会)
      is context: the name without it is canonical;
    - an abbreviation without an edition (本次投洽会) is the edition the text names
      (第二十四届投洽会), when it names only one.
    """
    names = {m.canonical for m in events}
    for m in events:
        for other in names:
            if other != m.canonical and m.canonical.endswith(other) and len(other) >= 5 \
                    and known.kind_at(m.start) == "REGION" and known.covers(m.start, m.start + len(m.canonical) - len(other)):
                m.canonical = other
                break
    names = {m.canonical for m in events}
    for m in events:
        editions = {n for n in names if n != m.canonical and n.endswith(m.canonical)
                    and re.fullmatch(r"第" + NUMERAL + r"届|首届", n[: len(n) - len(m.canonical)])}
        if len(editions) == 1:
            m.canonical = editions.pop()
