"""The domain lexicon: regions with division codes, zones, countries and known enterprises.

A lexicon is made for one home region (`LIANTU_HOME_REGION`, a name or a division code;
泉州 by default): names are resolved nearest it first, its counties' short forms and its
towns are known, and counties outside its province need context (see `ingest.known`).
"""
from __future__ import annotations

import gzip
import os
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

DATA_DIR = Path(__file__).parent / "data"
HOME_ENV = "LIANTU_HOME_REGION"
DEFAULT_HOME = "泉州"
# Municipalities (北京, 天津, 上海, 重庆) are provinces whose counties are a city's counties.
MUNICIPALITIES = frozenset({"11", "12", "31", "50"})


class HomeRegionError(ValueError):
    """The home region setting names no city or county, or more than one."""


def home_setting() -> str:
    """The configured home region: `$LIANTU_HOME_REGION`, else 泉州."""
    return os.environ.get(HOME_ENV, "").strip() or DEFAULT_HOME


@dataclass(frozen=True)
class RegionEntry:
    """One administrative division, zone, country or foreign city."""

    code: str
    name: str
    level: str  # province, city, county, town, zone, country
    parent: str = ""
    aliases: tuple[str, ...] = ()


@dataclass(frozen=True)
class EnterpriseEntry:
    """A known enterprise with its aliases, home region code and the chain terms of what it makes."""

    name: str
    aliases: tuple[str, ...] = ()
    region: str = ""
    industry: tuple[str, ...] = ()


@dataclass
class Lexicon:
    """All lexicon data, with lookups from surface names to entries."""

    regions: dict[str, RegionEntry]
    enterprises: list[EnterpriseEntry]
    home: str = "3505"  # division code of the home region (a city, a county or a municipality)
    industries: dict[str, str] = field(default_factory=dict)  # chain term -> canonical term
    terms: dict[str, dict[str, str]] = field(default_factory=dict)  # kind -> word -> value
    region_names: dict[str, list[str]] = field(default_factory=dict)
    enterprise_names: dict[str, EnterpriseEntry] = field(default_factory=dict)

    def __post_init__(self) -> None:
        for code, entry in self.regions.items():
            for name in (entry.name, *entry.aliases):
                self.region_names.setdefault(name, []).append(code)
        for firm in self.enterprises:
            for name in (firm.name, *firm.aliases):
                self.enterprise_names.setdefault(name, firm)

    def region(self, code: str) -> RegionEntry | None:
        """The region with this code, or None."""
        return self.regions.get(code)

    @property
    def home_city(self) -> str:
        """The code of the city the home region is or lies in (泉州 3505 for 晋江市 350582)."""
        return home_city_of(self.regions, self.home)

    @property
    def home_province(self) -> str:
        """The code of the home region's province (35 for 泉州)."""
        return self.home[:2]

    def in_home_city(self, code: str) -> bool:
        """Whether a division code lies inside (or is) the home city."""
        return code.startswith(self.home_city)

    def in_home_province(self, code: str) -> bool:
        """Whether a division code lies inside (or is) the home province."""
        return code.startswith(self.home_province)

    def ancestors(self, code: str) -> list[str]:
        """Codes of the regions that contain `code`, nearest first."""
        out: list[str] = []
        entry = self.regions.get(code)
        if entry is None and len(code) == 9 and code.isdigit() and code[:6] in self.regions:
            # a town of another city than the home one (only the home city's towns are loaded)
            out.append(code[:6])
            entry = self.regions[code[:6]]
        while entry is not None and entry.parent and entry.parent not in out:
            out.append(entry.parent)
            entry = self.regions.get(entry.parent)
        return out

    def descendants(self, code: str) -> set[str]:
        """Codes of every region inside `code` (not including it)."""
        children: dict[str, list[str]] = {}
        for entry in self.regions.values():
            if entry.parent:
                children.setdefault(entry.parent, []).append(entry.code)
        out: set[str] = set()
        stack = list(children.get(code, ()))
        while stack:
            c = stack.pop()
            if c not in out:
                out.add(c)
                stack.extend(children.get(c, ()))
        return out

    def lookup_region(self, text: str) -> RegionEntry | None:
        """The region a query means: a `Region:` id, a division or country code, a name or a short
        form (泉港 → 泉港区, 洛阳 → the one nearest the home region); None when nothing matches."""
        key = (text or "").strip().removeprefix("Region:")
        if not key:
            return None
        return self.regions.get(key) or self.regions.get(key.upper()) or self.resolve_region(key)

    def resolve_region(self, name: str, context: str | None = None) -> RegionEntry | None:
        """The region a surface name means, preferring regions inside `context` (the home region by default)."""
        codes = self.region_names.get(name)
        if not codes:
            return None
        if len(codes) == 1:
            return self.regions[codes[0]]

        context = context or self.home
        scopes = [context, *self.ancestors(context)]
        level_order = {"country": 0, "province": 1, "city": 2, "zone": 3, "county": 4, "town": 5}

        def rank(code: str) -> tuple[int, int, int]:
            # nearest shared scope first (inside the home city, then its province), then exact names
            chain = [code, *self.ancestors(code)]
            scope = next((i for i, c in enumerate(scopes) if c in chain), len(scopes))
            exact = self.regions[code].name == name
            return (scope, 0 if exact else 1, level_order.get(self.regions[code].level, 9))

        return self.regions[min(codes, key=rank)]


def _rows(path: Path):
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            line = line.rstrip("\n")
            if not line.strip() or line.startswith("#"):
                continue
            yield line.split("\t")


def _split(cell: str) -> tuple[str, ...]:
    return tuple(a for a in cell.split("|") if a) if cell else ()


def _region_rows(lines):
    for line in lines:
        line = line.rstrip("\n")
        if not line.strip() or line.startswith("#"):
            continue
        cells = line.split("\t") + [""] * 4
        code, region_name, level, parent, aliases = cells[:5]
        yield RegionEntry(code, region_name, level, parent, _split(aliases))


def _read_table(path: Path, out: dict[str, RegionEntry], prefix: str = "") -> None:
    """Add the rows of a region table to `out`; with `prefix`, only the codes starting with it."""
    opener = gzip.open if path.suffix == ".gz" else open
    with opener(path, "rt", encoding="utf-8") as fh:
        lines = (line for line in fh if line.startswith(prefix)) if prefix else fh
        for entry in _region_rows(lines):
            out[entry.code] = entry


def home_city_of(regions: dict[str, RegionEntry], home: str) -> str:
    """The city a home region code is or lies in: a county's city, else the code itself."""
    entry = regions.get(home)
    if entry is not None and entry.level == "county":
        parent = regions.get(entry.parent)
        if parent is not None and (parent.level == "city" or parent.code in MUNICIPALITIES):
            return parent.code
    return home


def find_home(regions: dict[str, RegionEntry], value: str) -> str:
    """The division code of a home region given by name, short form or code (苏州, 苏州市, 3205).

    Raises HomeRegionError naming the value when it is no city, county or municipality, or
    when a name stands for several (朝阳区: give the code)."""
    text = value.strip()
    usable = ("city", "county")
    entry = regions.get(text)
    if entry is not None and (entry.level in usable or entry.code in MUNICIPALITIES):
        return entry.code
    found = [e for e in regions.values() if e.level in usable or e.code in MUNICIPALITIES
             if text in (e.name, *e.aliases)]
    exact = [e for e in found if e.name == text]
    found = exact or found
    if len(found) > 1:  # a city before its namesake counties (吉林市, 吉林省 aside)
        cities = [e for e in found if e.level != "county"]
        found = cities if len(cities) == 1 else found
    if len(found) == 1:
        return found[0].code
    if found:
        named = "、".join(f"{e.name} {e.code}" for e in found[:8])
        raise HomeRegionError(f"{HOME_ENV}={value!r} names several regions ({named}); give the division code")
    raise HomeRegionError(f"{HOME_ENV}={value!r} is no city or county; give a name (泉州, 苏州市, 晋江市) "
                          "or a division code (3505)")


def load_regions(data_dir: Path = DATA_DIR, home: str | None = None) -> dict[str, RegionEntry]:
    """Read regions.tsv, the home city's towns from towns.tsv.gz, zones.tsv and countries.tsv into
    entries keyed by code; `home` is a name or code (`home_setting()` when None)."""
    out: dict[str, RegionEntry] = {}
    _read_table(data_dir / "regions.tsv", out)
    city = home_city_of(out, find_home(out, home or home_setting()))
    _read_table(data_dir / "towns.tsv.gz", out, prefix=city)
    for name in ("zones.tsv", "countries.tsv"):
        _read_table(data_dir / name, out)
    return out


def load_enterprises(data_dir: Path = DATA_DIR) -> list[EnterpriseEntry]:
    """Read enterprises.tsv."""
    out = []
    for cells in _rows(data_dir / "enterprises.tsv"):
        cells += [""] * (4 - len(cells))
        out.append(EnterpriseEntry(cells[0], _split(cells[1]), cells[2], _split(cells[3])))
    return out


def load_industries(data_dir: Path = DATA_DIR) -> dict[str, str]:
    """Read industries.tsv: chain and product terms, each mapped to its canonical term."""
    out: dict[str, str] = {}
    for cells in _rows(data_dir / "industries.tsv"):
        term = cells[0].strip()
        if term:
            out[term] = (cells[1].strip() if len(cells) > 1 and cells[1].strip() else term)
    return out


def load_terms(data_dir: Path = DATA_DIR) -> dict[str, dict[str, str]]:
    """Read terms.tsv: words the recognisers use, grouped by kind (status, leader, org, ...)."""
    out: dict[str, dict[str, str]] = {}
    for cells in _rows(data_dir / "terms.tsv"):
        cells += [""] * (3 - len(cells))
        kind, word, value = cells[0].strip(), cells[1].strip(), cells[2].strip()
        if kind and word:
            out.setdefault(kind, {})[word] = value or word
    return out


def load_lexicon(data_dir: str | None = None, home: str | None = None) -> Lexicon:
    """Load the lexicon for a home region, a name or division code (`$LIANTU_HOME_REGION`, else
    泉州, when None); cached: callers must treat it as read-only. Raises HomeRegionError."""
    return _load_lexicon(data_dir, (home or home_setting()).strip())


@lru_cache(maxsize=4)
def _load_lexicon(data_dir: str | None, home: str) -> Lexicon:
    root = Path(data_dir) if data_dir else DATA_DIR
    regions = load_regions(root, home)
    return Lexicon(regions=regions, enterprises=load_enterprises(root), home=find_home(regions, home),
                   industries=load_industries(root), terms=load_terms(root))
