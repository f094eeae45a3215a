"""DATE mentions: absolute dates in digits or Chinese numerals (2024年6月20日, 二〇二四年十二月),
years with a quarter or half (2024年一季度, 上半年), and relative dates (昨日, 今年一季度, 20日)
resolved against the article's date.
"""
from __future__ import annotations

import re
from datetime import date, timedelta

from ingest.amounts import chinese_number
from ingest.mentions import anchored_finditer, sentence_index
from ingest.model import Mention

_ABS_DATE = re.compile(r"(?:(?P<y>\d{4}|[二〇一二三四五六七八九零]{4})年)?(?:(?P<m>\d{1,2}|[一二三四五六七八九十]{1,3})月)"
                       r"(?:(?P<d>\d{1,2}|[一二三四五六七八九十]{1,3})[日号])?")
_ABS_DATE_REACH = 8  # 二〇二四年十二月: the 月 of a date is at most 4 + 1 + 3 characters after its start
_YEAR_ONLY = re.compile(r"(?P<y>\d{4})年(?:(?P<q>[一二三四1-4])季度|(?P<h>上|下)半年|初|底|末)?")
_REL = re.compile(r"(?P<rel>昨日|昨天|今日|今天|前日|前天|明日|明天|(?<![\d年])\d{1,2}日(?![\d])|今年|去年|明年|上年)"
                  r"(?:(?P<q>[一二三四])季度|(?P<h>上|下)半年|(?P<m>\d{1,2}|[一二三四五六七八九十]{1,3})月)?")


def _cn_int(text: str) -> int:
    if text.isdigit():
        return int(text)
    if len(text) == 4 and all(c in "〇零一二三四五六七八九" for c in text):
        return int("".join(str("〇一二三四五六七八九".index(c) if c != "零" else 0) for c in text))
    return int(chinese_number(text))


def recognise_dates(text: str, sentences, doc_date: str | None) -> list[Mention]:
    """DATE mentions with `attrs["date"]` (ISO, or YYYY-MM / YYYY-Qn / YYYY), resolved against the article date."""
    base = None
    if doc_date:
        try:
            base = date.fromisoformat(doc_date)
        except ValueError:
            base = None
    out: list[Mention] = []
    taken: list[tuple[int, int]] = []

    def add(s: int, e: int, value: str | None) -> None:
        if value and not any(s < b and a < e for a, b in taken):
            taken.append((s, e))
            out.append(Mention("DATE", text[s:e], s, e, sentence_index(sentences, s), canonical=value,
                               method="rule", attrs={"date": value}))

    for m in anchored_finditer(_ABS_DATE, text, "月", _ABS_DATE_REACH):
        try:
            month = _cn_int(m["m"])
            year = _cn_int(m["y"]) if m["y"] else (base.year if base else None)
            if year is None or not 1 <= month <= 12:
                continue
            if m["d"]:
                add(m.start(), m.end(), date(year, month, _cn_int(m["d"])).isoformat())
            else:
                add(m.start(), m.end(), f"{year:04d}-{month:02d}")
        except (ValueError, KeyError):
            continue
    for m in _YEAR_ONLY.finditer(text):
        y = m["y"]
        value = f"{y}-Q{'一二三四1234'.index(m['q']) % 4 + 1}" if m["q"] else f"{y}-H{1 if m['h'] == '上' else 2}" \
            if m["h"] else y
        add(m.start(), m.end(), value)
    if base is not None:
        for m in _REL.finditer(text):
            rel = m["rel"]
            value = None
            if rel in ("昨日", "昨天"):
                value = (base - timedelta(days=1)).isoformat()
            elif rel in ("今日", "今天"):
                value = base.isoformat()
            elif rel in ("前日", "前天"):
                value = (base - timedelta(days=2)).isoformat()
            elif rel in ("明日", "明天"):
                value = (base + timedelta(days=1)).isoformat()
            elif rel.endswith("日"):  # 30日: that day of the article's month (or the month before)
                day = int(rel[:-1])
                try:
                    d = base.replace(day=day)
                    if d > base:
                        d = (base.replace(day=1) - timedelta(days=1)).replace(day=day)
                    value = d.isoformat()
                except ValueError:
                    value = None
            else:
                year = base.year + {"今年": 0, "去年": -1, "上年": -1, "明年": 1}[rel]
                if m["q"]:
                    value = f"{year}-Q{'一二三四'.index(m['q']) + 1}"
                elif m["h"]:
                    value = f"{year}-H{1 if m['h'] == '上' else 2}"
                elif m["m"]:
                    value = f"{year}-{_cn_int(m['m']):02d}"
                else:
                    value = str(year)
            add(m.start(), m.end(), value)
    return out
