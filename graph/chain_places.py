"""Places for projects and enterprises: which county (or town, park, city) the region map puts each in.

A project's place comes from, in order of trust, and each with its evidence and how it was found:
- `sentence`: a LOCATED_IN the article states (落户泉港, 位于晋江市池店镇), or a place ingestion kept;
- `park`: a park or zone it is placed in that the lexicon knows (湄洲湾港斗尾港区 lies in 泉港区);
- `name`: a place word of the home region inside its name (泉港劣质重油深加工综合利用项目);
- `investor`: the place of an investor of the home region (中化泉州 lies in 泉港区);
- `article`: the one county (or city-run zone) of the home region its article names.
The first method that gives a place wins; a project no method places is reported as unplaced.

Place sense: a place name the home region shares with somewhere else (洛阳 is a city of 河南 and a
town of 惠安县) is taken as the local one only when its sentence or its article's title names a
place of the home region no one else has (惠安, 洛阳镇), so a national report about 洛阳 does not
put projects into 惠安县.
"""
from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from corpus import Lexicon

PLACE_METHODS = ("sentence", "park", "name", "investor", "article")
PLACE_LEVELS = ("city", "county", "town", "zone")  # a place a project can be put in (not a province)


@dataclass(frozen=True)
class Placement:
    """One place of a project or enterprise, how it was found and the sentence that says so."""

    code: str
    method: str
    doc_id: str | None = None
    sentence: str | None = None


def region_code(entity_id: str) -> str:
    """The code of a `Region:<code>` id ('' for anything else)."""
    return entity_id.split(":", 1)[1] if entity_id.startswith("Region:") else ""


class PlaceReader:
    """Reads places for one home region: which codes are local, which names are shared, which articles are local."""

    def __init__(self, lexicon: Lexicon, home: str | None = None,
                 mentions: Iterable[tuple[str, str, int]] = (), titles=lambda doc_id: None) -> None:
        """`home` is a city code (the lexicon's home city by default); `mentions` are the store's
        (doc id, entity id, count) rows; `titles` gives an article's title."""
        self.lexicon = lexicon
        self.titles = titles
        self.home = home = home or lexicon.home_city
        self.local = frozenset({home, *lexicon.descendants(home)})
        names: dict[str, set[str]] = defaultdict(set)
        for name, codes in lexicon.region_names.items():
            names[name].update(codes)
        # Home codes one of whose names also names a region outside the home region.
        self.shared = frozenset(c for codes in names.values() if not codes <= self.local
                                for c in codes if c in self.local)
        # Place words of the home region that name nothing else, longest first, for names.
        own = sorted((n for n, codes in names.items() if len(n) >= 2 and codes <= self.local and len(codes) == 1
                      and lexicon.regions[next(iter(codes))].level in PLACE_LEVELS), key=len, reverse=True)
        self._own_names = {n: next(iter(names[n])) for n in own}
        self._name_pattern = re.compile("|".join(map(re.escape, own))) if own else None
        # Articles naming a home place that is not shared: the context that makes a shared name local.
        # The regions containing a shared place an article names do not count: ingestion names them
        # beside the place (洛阳镇 brings 惠安县 and 泉州市 with it).
        named: dict[str, set[str]] = defaultdict(set)
        for doc_id, entity_id, _ in mentions:
            code = region_code(entity_id)
            if code in self.local:
                named[doc_id].add(code)
        self.local_docs: set[str] = set()
        self.doc_counties: dict[str, set[str]] = defaultdict(set)
        for doc_id, doc_codes in named.items():
            carried = {a for c in doc_codes & self.shared for a in lexicon.ancestors(c)}
            for code in doc_codes - self.shared - carried:
                self.local_docs.add(doc_id)
                county = self.county_of(code)
                if county:
                    self.doc_counties[doc_id].add(county)

    def code_of(self, value: str) -> str:
        """The lexicon code a stored place means (a code, or a name for places stored by name); '' if unknown."""
        if not value:
            return ""
        if value in self.lexicon.regions:
            return value
        entry = self.lexicon.lookup_region(value)
        return entry.code if entry else ""

    def county_of(self, code: str) -> str:
        """The county a home code lies in, or the zone itself when a city runs it (泉州台商投资区);
        '' above county level."""
        regions = self.lexicon.regions
        for c in (code, *self.lexicon.ancestors(code)):
            entry = regions.get(c)
            if entry and (entry.level == "county" or (entry.level == "zone" and entry.parent in regions
                                                      and regions[entry.parent].level == "city")):
                return c
        return ""

    def sensible(self, code: str, said: Iterable[tuple[str | None, str | None]]) -> bool:
        """Whether a place read from these (doc id, sentence) pairs may be taken: a shared name only
        when the sentence or its article's title names a place of the home region no one else has."""
        if code not in self.shared:
            return True
        for doc_id, sentence in said:
            if sentence and self.names_home(sentence):
                return True
            title = (self.titles(doc_id) or "") if doc_id else ""
            if title and self.names_home(title):
                return True
        return False

    def names_home(self, text: str) -> bool:
        """Whether a text names a place of the home region that names nothing else (晋江, 洛阳镇; not 洛阳)."""
        return self._name_pattern is not None and self._name_pattern.search(text) is not None

    def name_place(self, name: str) -> str:
        """The home place word inside a name (泉港劣质重油… → 350505), the leftmost; '' when none."""
        if self._name_pattern is None:
            return ""
        m = self._name_pattern.search(name)
        return self._own_names[m.group(0)] if m else ""


def stated_places(reader: PlaceReader, entities: dict[str, dict[str, Any]],
                  located: dict[str, list[dict[str, Any]]], entity_docs: dict[str, set[str]]) -> dict[str, list[Placement]]:
    """The places the articles state for each project and enterprise (`sentence` and `park`).

    `located` holds each entity's LOCATED_IN relations, `entity_docs` the articles each entity's
    facts come from.
    """
    out: dict[str, list[Placement]] = {}
    for entity_id, e in entities.items():
        found = _stated(reader, e, located.get(entity_id, ()), entity_docs.get(entity_id, ()))
        if found:
            out[entity_id] = found
    return out


def inferred_places(reader: PlaceReader, entities: dict[str, dict[str, Any]], placed: dict[str, list[Placement]],
                    investors: dict[str, list[str]], invest_evidence: dict[tuple[str, str], list[dict[str, Any]]],
                    entity_docs: dict[str, set[str]]) -> dict[str, list[Placement]]:
    """Places for the projects no article places: a place word in the name, a local investor, the article.

    A name that gives only the city (中化泉州…项目) yields to an investor placed inside that city.
    """
    out: dict[str, list[Placement]] = {}
    for entity_id, e in entities.items():
        if e["label"] != "Project" or entity_id in placed:
            continue
        by_name = _from_name(reader, e)
        by_investor = _from_investors(reader, entity_id, investors, placed, invest_evidence)
        if by_name and by_investor and all(reader.lexicon.regions[p.code].level == "city" for p in by_name) and \
                all(by_name[0].code in reader.lexicon.ancestors(p.code) for p in by_investor):
            by_name = []
        found = by_name or by_investor or _from_article(reader, entity_docs.get(entity_id, ()))
        if found:
            out[entity_id] = found
    return out


def _stated(reader: PlaceReader, e: dict[str, Any], rels: Iterable[dict[str, Any]],
            docs: Iterable[str]) -> list[Placement]:
    found: dict[str, Placement] = {}
    for rel in rels:
        code = reader.code_of(region_code(rel["tail"]) or rel["tail"].split(":", 1)[-1])
        evidence = [ev for ev in rel.get("evidence") or () if ev.get("sentence")]
        if not code or not reader.sensible(code, [(ev.get("doc_id"), ev["sentence"]) for ev in evidence]):
            continue
        entry = reader.lexicon.regions.get(code)
        method = "park" if entry is not None and entry.level == "zone" else "sentence"
        ev = evidence[0] if evidence else {}
        found.setdefault(code, Placement(code, method, ev.get("doc_id"), ev.get("sentence")))
    props = e.get("props") or {}
    for value in (props.get("region"), *(props.get("places") or ())):
        code = reader.code_of(str(value or ""))
        if code and code not in found and reader.sensible(code, [(d, None) for d in docs]):
            entry = reader.lexicon.regions.get(code)
            method = "park" if entry is not None and entry.level == "zone" else "sentence"
            found[code] = Placement(code, method)
    return list(found.values())


def _from_name(reader: PlaceReader, e: dict[str, Any]) -> list[Placement]:
    code = reader.name_place(e["name"])
    return [Placement(code, "name", None, e["name"])] if code else []


def _from_investors(reader: PlaceReader, project_id: str, investors: dict[str, list[str]],
                    placed: dict[str, list[Placement]],
                    invest_evidence: dict[tuple[str, str], list[dict[str, Any]]]) -> list[Placement]:
    found: dict[str, Placement] = {}
    for investor in dict.fromkeys(investors.get(project_id, ())):
        for p in placed.get(investor, ()):
            if p.code in reader.local and p.code not in found:
                ev = next(iter(invest_evidence.get((investor, project_id), ())), {})
                found[p.code] = Placement(p.code, "investor", ev.get("doc_id"), ev.get("sentence"))
    return list(found.values())


def _from_article(reader: PlaceReader, docs: Iterable[str]) -> list[Placement]:
    counties = {c for d in docs for c in reader.doc_counties.get(d, ())}
    docs = [d for d in docs if reader.doc_counties.get(d)]
    if len(counties) == 1 and docs:
        return [Placement(next(iter(counties)), "article", docs[0], None)]
    return []


def chosen_codes(placements: Iterable[Placement]) -> frozenset[str]:
    """The codes of the most trusted method among an entity's placements."""
    placements = list(placements)
    for method in PLACE_METHODS:
        codes = frozenset(p.code for p in placements if p.method == method)
        if codes:
            return codes
    return frozenset()
