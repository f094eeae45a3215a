"""Checking a SearchQuery's filters, sort and page, and expanding regions to their sub-regions.

Backend-independent: every backend calls `prepare(query)` first and gets facet values
ready to match the ids ingestion stored (`Region:<code>`, `Enterprise:<name>`, ...).
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from search.errors import QueryError
from search.model import SearchQuery

SORTS = ("relevance", "date")
MAX_LIMIT = 100
MAX_OFFSET = 10_000
MAX_FILTER_VALUES = 20
_DATE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")


@dataclass
class Filters:
    """Validated filters: each list is OR-ed within, the lists AND-ed together."""

    kinds: list[str] = field(default_factory=list)
    regions: list[str] = field(default_factory=list)
    entities: list[str] = field(default_factory=list)
    chains: list[str] = field(default_factory=list)
    date_from: str | None = None  # inclusive lower bound, a prefix of YYYY-MM-DD
    date_to: str | None = None  # inclusive upper bound: "2024" includes all of 2024

    def facet_terms(self) -> list[tuple[str, list[str]]]:
        return [(name, values) for name, values in (("kind", self.kinds), ("regions", self.regions),
                                                    ("entities", self.entities), ("chains", self.chains))
                if values]

    @property
    def date_upper(self) -> str | None:
        """An upper bound that compares >= every date starting with `date_to`."""
        return self.date_to + "~" if self.date_to else None


@lru_cache(maxsize=1)
def _lexicon():
    from corpus import load_lexicon

    return load_lexicon()


def expand_region(value: str) -> list[str]:
    """`Region:<code>` ids for a region (an id, a code or a name) and every region inside it."""
    value = value.strip()
    lexicon = _lexicon()
    code = value.removeprefix("Region:")
    if not code:
        raise QueryError("empty region filter", "地区筛选为空")
    if code not in lexicon.regions and not code.isdigit():
        entry = lexicon.lookup_region(code)
        if entry is None:
            raise QueryError(f"unknown region {value!r}: give a division code (e.g. 350505) or a region name",
                             f"未知地区“{value}”：请填写行政区划代码（如 350505）或地区名称")
        code = entry.code
    codes = [code] + sorted(lexicon.descendants(code))
    return [f"Region:{c}" for c in codes]


def _check_date(name: str, value: str | None) -> str | None:
    if value is None or not value.strip():
        return None
    value = value.strip()
    if not _DATE.match(value):
        raise QueryError(f"{name} date {value!r} is not a date: use YYYY, YYYY-MM or YYYY-MM-DD",
                         f"“{value}”不是日期：请写成 YYYY、YYYY-MM 或 YYYY-MM-DD")
    return value


def _values(name: str, values) -> list[str]:
    if isinstance(values, str):
        values = [values]
    out = [v.strip() for v in values or () if v and v.strip()]
    if len(out) > MAX_FILTER_VALUES:
        raise QueryError(f"too many {name} filters ({len(out)}; at most {MAX_FILTER_VALUES})",
                         f"筛选条件太多（{len(out)} 个，最多 {MAX_FILTER_VALUES} 个）")
    return out


def prepare(query: SearchQuery) -> Filters:
    """Validate the query's sort, page and filters; raises QueryError naming the bad input."""
    if query.sort not in SORTS:
        raise QueryError(f"unknown sort {query.sort!r}: use one of {', '.join(SORTS)}", "未知的排序方式")
    if not 1 <= query.limit <= MAX_LIMIT:
        raise QueryError(f"limit must be between 1 and {MAX_LIMIT}, got {query.limit}",
                         f"每页条数须在 1 到 {MAX_LIMIT} 之间")
    if not 0 <= query.offset <= MAX_OFFSET:
        raise QueryError(f"offset must be between 0 and {MAX_OFFSET}, got {query.offset}",
                         f"只能翻到前 {MAX_OFFSET} 条结果")
    filters = Filters(
        kinds=_values("kind", query.kinds),
        entities=_values("entity", query.entities),
        date_from=_check_date("from", query.date_from),
        date_to=_check_date("to", query.date_to),
    )
    regions: list[str] = []
    for value in _values("region", query.regions):
        regions.extend(expand_region(value))
    filters.regions = list(dict.fromkeys(regions))
    chains: list[str] = []
    for value in _values("chain", query.chains):
        # A bare term may name a chain link (碳酸锂) or a whole chain (lithium-battery).
        chains.extend([value] if ":" in value else [f"ChainLink:{value}", f"Chain:{value}"])
    filters.chains = chains
    upper = filters.date_upper  # None exactly when there is no date_to
    if filters.date_from and upper and filters.date_from > upper:
        raise QueryError(f"date range is empty: from {filters.date_from} is after to {filters.date_to}",
                         f"日期范围为空：起始日期 {filters.date_from} 晚于截止日期 {filters.date_to}")
    return filters
