"""GB/T 4754-2017 industry codes (国民经济行业分类) and the chain links a code belongs to.

The table is `corpus/data/gbt4754.tsv` (code, level, name, 门类); links name their classes in
the chain files (`gbt4754 = ["2613"]`, see `corpus/chains/README.md`).
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Iterable

from corpus.chains import ChainDef, LinkDef

DATA_DIR = Path(__file__).parent / "data"
# A code as registries write it: an optional 门类 letter and two to four digits (C2613, 2613, C26),
# or the letter alone (C).
_CODE = re.compile(r"^\s*([A-Ta-t])?\s*(\d{2,4})?(?![\d])")


@dataclass(frozen=True)
class Industry:
    """One entry of the classification: 门类 (level 1, a letter), 大类 (2 digits), 中类 (3), 小类 (4)."""

    code: str
    level: int
    name: str
    section: str


class IndustryTable:
    """Lookups by code and by name over GB/T 4754-2017."""

    def __init__(self, industries: Iterable[Industry]) -> None:
        self.by_code = {i.code: i for i in industries}
        self.by_name: dict[str, Industry] = {}
        for i in self.by_code.values():  # the finest level wins a name shared across levels
            if i.name not in self.by_name or i.level > self.by_name[i.name].level:
                self.by_name[i.name] = i

    def get(self, code: str) -> Industry | None:
        return self.by_code.get(code)

    def find(self, text: str) -> Industry | None:
        """The industry a registry cell names: a code with or without its 门类 letter, a name, or
        both (`C2613 无机盐制造`, `2613`, `无机盐制造`); None when it names none. A code that is
        given wins over the name beside it."""
        value = re.sub(r"[\s\[\]【】()（）]+", " ", str(text)).strip()
        if not value:
            return None
        found = _CODE.match(value)
        letter, digits = (found.group(1) or "", found.group(2) or "") if found else ("", "")
        if digits:
            industry = self.by_code.get(digits)
            if industry is None or (letter and letter.upper() != industry.section):
                return None
            return industry
        if letter and (len(value) == 1 or not value[1].isalnum()):
            rest = value[1:].strip(" -:：")
            industry = self.by_code.get(letter.upper())
            if industry is not None and (not rest or rest == industry.name):
                return industry
            return self.by_name.get(rest) if rest else None
        return self.by_name.get(value)


def links_for_industry(code: str, chains: Iterable[ChainDef]) -> list[tuple[ChainDef, LinkDef]]:
    """The chain links whose classes hold an industry code: a link listing 2613 holds 2613; a
    link listing a coarser code (261) holds every class under it. A code coarser than the
    link's (26 for 2613) says too little to tie a firm to one link."""
    return [(chain, link) for chain in chains for link in chain.links
            if any(code.startswith(c) for c in link.gbt4754)]


def _rows(path: Path):
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            if line.strip() and not line.startswith("#"):
                yield line.rstrip("\n").split("\t")


@lru_cache(maxsize=2)
def load_industry_codes(data_dir: str | None = None) -> IndustryTable:
    """The bundled GB/T 4754-2017 table (cached: treat it as read-only)."""
    root = Path(data_dir) if data_dir else DATA_DIR
    return IndustryTable(Industry(code, int(level), name, section)
                         for code, level, name, section in _rows(root / "gbt4754.tsv"))
