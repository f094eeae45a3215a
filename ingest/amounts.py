"""Amounts of money in Chinese text: numbers in digits or Chinese numerals, units (万, 亿 ...) and
currencies, read into 亿 of a currency, and AMOUNT mentions."""
from __future__ import annotations

import re
from dataclasses import dataclass

from ingest.mentions import sentence_index
from ingest.model import Mention, Sentence

_NUMBER = r"(?P<num>\d+(?:\.\d+)?|[零〇一二两三四五六七八九十百千]+(?:点[零〇一二三四五六七八九]+)?)"
_AMOUNT_RE = re.compile(_NUMBER + r"\s*(?P<unit>万亿|亿|千万|百万|万)?\s*(?P<cur>元|美元|港元|港币|欧元|日元|人民币)")
_CN_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6,
              "七": 7, "八": 8, "九": 9}
_UNIT_IN_YI = {"万亿": 10000.0, "亿": 1.0, "千万": 0.1, "百万": 0.01, "万": 0.0001, None: 1e-8}
# The unit an amount in 亿 of each currency is written with.
CURRENCY_UNITS = {"CNY": "亿元", "USD": "亿美元", "HKD": "亿港元", "EUR": "亿欧元", "JPY": "亿日元"}
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
        return value + CURRENCY_UNITS[self.currency]


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


# A count of projects (等4个项目, 项目32个, 12个重点项目) makes an amount after it the batch's total,
# and a phase before the amount's cue (一期投资6.75亿元) makes it the phase's.
_BATCH = re.compile(r"(?:\d+|[两二三四五六七八九十百]+)(?:个|项)[\u3400-\u9fff]{0,4}?项目|项目(?:\d+|[两二三四五六七八九十百]+)(?:个|项)")
_PHASE = re.compile(r"[一二三四五首]期[\u3400-\u9fff]{0,4}$")


def not_one_projects_amount(text: str, clause_start: int, amount_start: int) -> bool:
    """True when the amount at `amount_start` is the total of a batch of projects counted before it
    in its sentence (from `clause_start`), or the investment of one phase of a project."""
    before = text[clause_start:amount_start]
    return bool(_BATCH.search(before)) or bool(_PHASE.search(before[-8:].rstrip("投资总额计划约达为：:")))
