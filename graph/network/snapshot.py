"""The snapshot of the network the analytics share: actors, ventures and their relations read
once from the store, and the actor projection with its tie strengths."""
from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from itertools import combinations
from typing import Any

import networkx as nx

from corpus.lexicon import Lexicon, load_lexicon
from graph.network.common import (
    ACTOR_LABELS,
    CO_MENTION_WEIGHT,
    MAX_VENTURE_PARTICIPANTS,
    NETWORK_RELATIONS,
    SHARED_VENTURE_WEIGHT,
    TIE_RELATIONS,
    VENTURE_LABELS,
    VENTURE_RELATIONS,
    evidence_weight,
)
from graph.network.places import (
    CHINA,
    country_of,
    county_of,
    place_chain,
    place_code,
    place_name,
    prop_codes,
    region_code,
)
from graph.network.read import read_part
from graph.store import GraphStore


@dataclass
class NetworkData:
    """The part of the graph the network analytics need, fetched once through the store protocol."""

    entities: dict[str, dict[str, Any]]
    relations: list[dict[str, Any]]
    lexicon: Lexicon
    read: dict[str, Any] = field(default_factory=dict)  # how the graph was read (graph.network.read)
    hometowns: dict[str, list[str]] = field(default_factory=dict)
    residences: dict[str, list[str]] = field(default_factory=dict)
    locations: dict[str, list[str]] = field(default_factory=dict)
    # (table, entity id) -> places known only by inference (an association's name), not stated
    inferred: dict[tuple[str, str], set[str]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        lex = self.lexicon
        stated: set[tuple[str, str, str]] = set()  # (table, entity id, code): places a text states
        for eid, e in self.entities.items():
            props = e.get("props") or {}
            places = [("locations", prop_codes(props.get("region"), lex))]
            if e["label"] == "Person":
                places += [("hometowns", prop_codes(props.get("hometown"), lex)),
                           ("residences", prop_codes(props.get("residence"), lex))]
            for kind, found in places:
                self._add(getattr(self, kind), eid, found)
                stated.update((kind, eid, c) for c in found)
        for r in self.relations:
            code = region_code(r["tail"])
            if code is None:
                continue
            table = {"HOMETOWN": "hometowns", "RESIDES_IN": "residences", "LOCATED_IN": "locations"}.get(r["type"])
            if table is not None:
                props = r.get("props") or {}
                if code not in lex.regions:  # a village no table lists: the place the text put it in
                    code = place_code(props.get("region"), lex) or code
                self._add(getattr(self, table), r["head"], [code])
                if props.get("inferred_from"):
                    self.inferred.setdefault((table, r["head"]), set()).add(code)
                else:
                    stated.add((table, r["head"], code))
        for (kind, eid), only in self.inferred.items():
            only.difference_update([c for c in list(only) if (kind, eid, c) in stated])

    @staticmethod
    def _add(table: dict[str, list[str]], key: str, codes: Iterable[str]) -> None:
        for code in codes:
            have = table.setdefault(key, [])
            if code not in have:
                have.append(code)

    def label(self, entity_id: str) -> str | None:
        e = self.entities.get(entity_id)
        return e["label"] if e else None

    def name(self, entity_id: str) -> str:
        e = self.entities.get(entity_id)
        if e:
            return e["name"]
        code = region_code(entity_id)
        return place_name(code, self.lexicon) if code else entity_id

    def hometown_counties(self, person_id: str) -> list[str]:
        """The counties (or coarser stated regions) a person's hometowns roll up to; a place no table
        lists (a village named without its town) only when nothing listed is known."""
        codes = self.hometowns.get(person_id, ())
        listed = [c for c in codes if c in self.lexicon.regions]
        return list(dict.fromkeys(county_of(c, self.lexicon) for c in (listed or codes)))

    def countries(self, entity_id: str) -> list[str]:
        """Countries of residence of a person, or countries an org or enterprise is located in."""
        codes = self.residences.get(entity_id, ()) if self.label(entity_id) == "Person" \
            else self.locations.get(entity_id, ())
        return list(dict.fromkeys(c for c in (country_of(code, self.lexicon) for code in codes) if c))

    def within(self, entity_id: str, place: str, table: str) -> bool:
        """Whether one of an entity's hometowns/residences/locations lies inside region `place`."""
        codes = getattr(self, table).get(entity_id, ())
        if place == CHINA:
            return any(country_of(c, self.lexicon) == CHINA for c in codes)
        return any(place in place_chain(c, self.lexicon) for c in codes)

    def inferred_only(self, entity_id: str, table: str) -> list[str]:
        """The hometown counties or countries of residence an actor has only by inference (from the
        name of an association it leads or belongs to), none of them stated."""
        codes = self.inferred.get((table, entity_id), set())
        if not codes:
            return []
        rest = [c for c in getattr(self, table).get(entity_id, ()) if c not in codes]
        if table == "hometowns":
            have = {county_of(c, self.lexicon) for c in rest}
            return sorted({county_of(c, self.lexicon) for c in codes} - have)
        lived = {country_of(c, self.lexicon) for c in rest}
        return sorted({x for x in (country_of(c, self.lexicon) for c in codes) if x is not None and x not in lived})

    def actor_row(self, entity_id: str) -> dict[str, Any]:
        """Id, label and name of an actor with its hometown counties and countries (and which of them
        are only inferred from the associations it belongs to)."""
        lex = self.lexicon
        row: dict[str, Any] = {"id": entity_id, "label": self.label(entity_id), "name": self.name(entity_id),
               "hometowns": [place_name(c, lex) for c in self.hometown_counties(entity_id)],
               "countries": [place_name(c, lex) for c in self.countries(entity_id)]}
        inferred = {key: [place_name(c, lex) for c in self.inferred_only(entity_id, table)]
                    for key, table in (("hometowns", "hometowns"), ("countries", "residences"))}
        if any(inferred.values()):
            row["inferred"] = inferred
        return row


def load_network(store: GraphStore, lexicon: Lexicon | None = None, evidence: bool = True) -> NetworkData:
    """Actors, ventures and the network relations leaving them, read from any store at once.

    `evidence=False` brings each relation's evidence count, not its sentences (all that
    brokers, communities and countries need).
    """
    part, note = read_part(store, (*ACTOR_LABELS, *VENTURE_LABELS), [*NETWORK_RELATIONS, "LOCATED_IN"], evidence)
    return NetworkData({n["id"]: n for n in part.nodes}, part.edges, lexicon or load_lexicon(), note)


def actor_projection(data: NetworkData) -> nx.Graph:
    """The Person/Org/Enterprise graph with tie strengths (see the module docstring)."""
    actors = sorted(eid for eid, e in data.entities.items() if e["label"] in ACTOR_LABELS)
    actor_set = set(actors)
    strength: dict[tuple[str, str], float] = defaultdict(float)
    participants: dict[str, set[str]] = defaultdict(set)
    for r in data.relations:
        head, tail, rtype = r["head"], r["tail"], r["type"]
        if head in actor_set and tail in actor_set and head != tail:
            if rtype == "CO_MENTIONED":
                strength[tuple(sorted((head, tail)))] += CO_MENTION_WEIGHT * evidence_weight(r)
            elif rtype in TIE_RELATIONS:
                strength[tuple(sorted((head, tail)))] += 1.0
        elif head in actor_set and rtype in VENTURE_RELATIONS and data.label(tail) in VENTURE_LABELS:
            participants[tail].add(head)
    for venture in sorted(participants):
        members = participants[venture]
        if 2 <= len(members) <= MAX_VENTURE_PARTICIPANTS:
            for pair in combinations(sorted(members), 2):
                strength[pair] += SHARED_VENTURE_WEIGHT
    g = nx.Graph()
    g.add_nodes_from(actors)
    for (a, b), s in sorted(strength.items()):
        g.add_edge(a, b, weight=s)
    return g


def connected_part(g: nx.Graph, nodes: Iterable[str] | None = None) -> nx.Graph:
    """A copy of the (sub)graph without isolated actors, in the order of `g`.

    `g` is built in sorted order; copying in its order (not through `g.subgraph`, whose node
    order can follow a set's) keeps sampling and community detection reproducible.
    """
    keep = set(g) if nodes is None else set(nodes)
    sub = nx.Graph()
    sub.add_nodes_from(n for n in g if n in keep)
    sub.add_edges_from((u, v, d) for u, v, d in g.edges(data=True) if u in keep and v in keep)
    sub.remove_nodes_from([n for n, d in sub.degree() if d == 0])
    return sub


PROJECTION_NOTE = ("Person/Org/Enterprise graph: stated ties (MEMBER_OF, LEADS, SHAREHOLDER_OF, PARTNER_OF, "
                   f"INVESTS_IN, DONATES_TO) count 1, CO_MENTIONED {CO_MENTION_WEIGHT} per evidence, a shared "
                   f"project or event {SHARED_VENTURE_WEIGHT}; betweenness counts shortest paths in hops, "
                   "strength breaks ties")
