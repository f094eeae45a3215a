"""The domain lexicon: regions with division codes, zones, countries and known enterprises."""
from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

DATA_DIR = Path(__file__).parent / "data"


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
    industries: dict[str, str] = field(default_factory=dict)  # chain term -> canonical term
    terms: dict[str, dict[str, str]] = field(default_factory=dict)  # kind -> word -> value
    region_names: dict[str, list[str]] = field(default_factory=dict)
    enterprise_names: dict[str, EnterpriseEntry] = field(default_factory=dict)

    def __post_init__(self) -> None:
        for code, entry in self.regions.items():
            for name in (entry.name, *entry.aliases):
                self.region_names.setdefault(name, []).append(code)
        for entry in self.enterprises:
            for name in (entry.name, *entry.aliases):
                self.enterprise_names.setdefault(name, entry)

    def region(self, code: str) -> RegionEntry | None:
        """The region with this code, or None."""
        return self.regions.get(code)

    def ancestors(self, code: str) -> list[str]:
        """Codes of the regions that contain `code`, nearest first."""
        out: list[str] = []
        entry = self.regions.get(code)
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
        form (泉港 → 泉港区, 洛阳 → the one nearest 泉州); None when nothing matches."""
        key = (text or "").strip().removeprefix("Region:")
        if not key:
            return None
        return self.regions.get(key) or self.regions.get(key.upper()) or self.resolve_region(key)

    def resolve_region(self, name: str, context: str = "3505") -> RegionEntry | None:
        """The region a surface name means, preferring regions inside `context` (泉州 by default)."""
        codes = self.region_names.get(name)
        if not codes:
            return None
        if len(codes) == 1:
            return self.regions[codes[0]]

        scopes = [context, *self.ancestors(context)]
        level_order = {"country": 0, "province": 1, "city": 2, "zone": 3, "county": 4, "town": 5}

        def rank(code: str) -> tuple[int, int, int]:
            # nearest shared scope first (inside 泉州, then inside 福建), then exact names
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


def load_regions(data_dir: Path = DATA_DIR) -> dict[str, RegionEntry]:
    """Read regions.tsv, zones.tsv and countries.tsv into entries keyed by code."""
    out: dict[str, RegionEntry] = {}
    for name in ("regions.tsv", "zones.tsv", "countries.tsv"):
        for cells in _rows(data_dir / name):
            cells += [""] * (5 - len(cells))
            code, region_name, level, parent, aliases = cells[:5]
            out[code] = RegionEntry(code, region_name, level, parent, _split(aliases))
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


@lru_cache(maxsize=4)
def load_lexicon(data_dir: str | None = None) -> Lexicon:
    """Load the lexicon (cached: callers must treat it as read-only)."""
    root = Path(data_dir) if data_dir else DATA_DIR
    return Lexicon(regions=load_regions(root), enterprises=load_enterprises(root),
                   industries=load_industries(root), terms=load_terms(root))
