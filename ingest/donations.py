"""Donations and attendance read from sentences: who gave how much to whom, who attended what.

- 捐赠/捐资/捐建 (terms.tsv `donate`): the donor is the person (else the firm or body) named last
  in the clause before the verb, or the person an honorific refers to (施老, 蔡先生: the last
  person of that surname named before); the recipient is the first project, body or firm after
  the verb in the sentence, else the place after 向/为/给 (`donate_to`) before the verb, else the
  place the article is about (marked `recipient: "article region"`); the amount is the first
  amount right after the verb. A pledge (计划/拟/将 before the verb, `donate_pledge`) is marked;
  a verb naming a ceremony (捐赠仪式, `donate_ceremony`) gives no gift.
- 出席/参加/参会 (terms.tsv `attend`) before a named event in the sentence: every person and
  body named in the clause before the verb ATTENDED that event.
"""
from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from ingest.model import Mention, Sentence

AMOUNT_REACH = 12  # characters between the verb and the amount it gives


@dataclass(frozen=True)
class Fact:
    """One DONATES_TO or ATTENDED fact: head and tail ids, the sentence and span stating it, props."""

    type: str
    head: str
    tail: str
    sentence: int
    start: int
    end: int
    props: dict = field(default_factory=dict)


def read_donations(text: str, sentences: Sequence[Sentence], mentions: Sequence[Mention], vocab,
                   main_region: str | None) -> list[Fact]:
    """Every donation and attendance the sentences state (see the module docstring)."""
    donate = _alternation(vocab.words("donate"))
    attend = _alternation(vocab.words("attend"))
    to_words = vocab.words("donate_to")
    pledges = vocab.words("donate_pledge")
    ceremonies = vocab.words("donate_ceremony")
    by_sentence: dict[int, list[Mention]] = {}
    for m in mentions:
        if m.entity_id or m.type == "AMOUNT":
            by_sentence.setdefault(m.sentence, []).append(m)
    people = sorted((m for m in mentions if m.type == "PERSON" and m.entity_id), key=lambda m: m.start)
    facts: list[Fact] = []
    for sent in sentences:
        ms = sorted(by_sentence.get(sent.index, ()), key=lambda m: m.start)
        s_text = text[sent.start:sent.end]
        for verb in donate.finditer(s_text) if donate else ():
            v_start, v_end = sent.start + verb.start(), sent.start + verb.end()
            if text.startswith(ceremonies, v_end):
                continue  # 出席捐赠仪式: a ceremony attended, not a gift
            clause_start = sent.start + _clause_start(s_text, verb.start())
            before = [m for m in ms if clause_start <= m.start and m.end <= v_start]
            # who gives stands before 向/为/给 (向X捐赠: X receives)
            marker = max((text.rfind(w, clause_start, v_start) for w in to_words), default=-1)
            givers = [m for m in before if marker < 0 or m.end <= marker]
            donor = _donor(text, givers, people, clause_start, marker if marker >= 0 else v_start)
            if donor is None:
                continue
            after = [m for m in ms if m.start >= v_end]
            amount = next((m for m in after if m.type == "AMOUNT" and m.start - v_end <= AMOUNT_REACH), None)
            props: dict[str, object] = {}
            if amount is not None and amount.attrs.get("value_yi") is not None:
                props.update(amount_yi=amount.attrs["value_yi"], currency=amount.attrs.get("currency") or "CNY",
                             amount_text=amount.text)
            if any(p in text[clause_start:v_start] for p in pledges):
                props["pledged"] = True
            recipient = next((m.entity_id for m in after if m.type in ("PROJECT", "ORG", "ENTERPRISE")
                              and m.entity_id != donor.entity_id), None)
            if recipient is None:
                recipient = _recipient_before(text, before, to_words, clause_start, v_start)
            if recipient is None and main_region:
                recipient, props["recipient"] = main_region, "article region"
            if recipient is None:
                continue
            end = amount.end if amount is not None else v_end
            facts.append(Fact("DONATES_TO", donor.entity_id, recipient, sent.index, min(donor.start, v_start),
                              end, props))
        for verb in attend.finditer(s_text) if attend else ():
            v_start, v_end = sent.start + verb.start(), sent.start + verb.end()
            event = next((m for m in ms if m.type == "EVENT" and m.start >= v_end), None)
            if event is None:
                continue
            clause_start = sent.start + _clause_start(s_text, verb.start(), breaks="。；;！？")
            for m in ms:
                if m.type in ("PERSON", "ORG") and clause_start <= m.start and m.end <= v_start:
                    facts.append(Fact("ATTENDED", m.entity_id, event.entity_id, sent.index, m.start, event.end))
    return facts


def _alternation(words: Sequence[str]) -> re.Pattern | None:
    return re.compile("|".join(map(re.escape, sorted(words, key=len, reverse=True)))) if words else None


def _clause_start(s_text: str, at: int, breaks: str = "，,。；;：:！？") -> int:
    """Where the clause holding position `at` of a sentence starts."""
    return max((i + 1 for i, c in enumerate(s_text[:at]) if c in breaks), default=0)


def _donor(text: str, before: list[Mention], people: list[Mention], clause_start: int, v_start: int):
    """The giver: the last person named before the verb in the clause, else a firm or body, else
    the person an honorific (施老, 蔡先生) names."""
    for kinds in (("PERSON",), ("ENTERPRISE", "ORG")):
        found = [m for m in before if m.type in kinds]
        if found:
            return found[-1]
    honorific = re.search(r"([\u4e00-\u9fff])(?:老先生|老|先生|女士)", text[clause_start:v_start])
    if honorific:
        surname = honorific.group(1)
        named = [p for p in people if p.end <= clause_start and p.text.startswith(surname)]
        if named:
            return named[-1]
    return None


def _recipient_before(text: str, before: list[Mention], to_words: Sequence[str], clause_start: int, v_start: int):
    """The place or body after 向/为/给 and before the verb (向晋江龙湖镇捐赠: 龙湖镇, the most specific)."""
    span = text[clause_start:v_start]
    at = max((span.rfind(w) for w in to_words), default=-1)
    if at < 0:
        return None
    inside = [m for m in before if m.start >= clause_start + at and m.type in ("REGION", "ORG", "PROJECT", "ENTERPRISE")]
    return inside[-1].entity_id if inside else None
