"""Analytics over the actor projection: brokers (betweenness), communities (Louvain) and countries
of residence with their best-connected people and organisations."""
from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import Any

import networkx as nx

from corpus.lexicon import Lexicon
from graph.network.centrality import Centrality, betweenness
from graph.network.common import SEED, check_option, default
from graph.network.places import place_name, resolve_place
from graph.network.snapshot import PROJECTION_NOTE, NetworkData, actor_projection, connected_part, load_network
from graph.store import GraphStore

# --- brokers ------------------------------------------------------------------------------------

@dataclass
class Brokers:
    """Actors ranked by betweenness in the actor projection (or a part of it)."""

    scope: dict[str, Any]
    centrality: Centrality
    rows: list[dict[str, Any]]
    read: dict[str, Any] = field(default_factory=dict)
    explanation: str | None = None  # why a filter leaves no one, when it does

    def as_dict(self) -> dict[str, Any]:
        c = self.centrality
        return {"scope": self.scope, "projection": PROJECTION_NOTE, "approximate": c.approximate,
                "samples": c.samples, "nodes": c.nodes, "edges": c.edges, "brokers": self.rows,
                "explanation": self.explanation, "read": self.read}


def _people_within(data: NetworkData, place: str | None, table: str) -> set[str]:
    return {eid for eid, e in data.entities.items() if e["label"] == "Person"
            and (place is None or data.within(eid, place, table))}


def _why_no_one(data: NetworkData, country: str | None, hometown: str | None, people: set[str]) -> str:
    """Why a country and/or hometown filter leaves no actor: who the graph knows places of, and who not."""
    everyone = [eid for eid, e in data.entities.items() if e["label"] == "Person"]
    lex = data.lexicon
    reasons = []
    living = _people_within(data, country, "residences") if country else set()
    native = _people_within(data, hometown, "hometowns") if hometown else set()
    if country and not living:
        unknown = sum(not data.residences.get(p) for p in everyone)
        reasons.append(f"no person in the graph resides in {place_name(country, lex)}; "
                       f"{unknown} of {len(everyone)} people have no stated or inferred residence")
    if hometown and not native:
        unknown = sum(not data.hometowns.get(p) for p in everyone)
        reasons.append(f"no person in the graph comes from {place_name(hometown, lex)}; "
                       f"{unknown} of {len(everyone)} people have no stated or inferred hometown")
    if reasons:
        return "; ".join(reasons)
    if country and hometown and not people:
        return (f"{len(living)} people reside in {place_name(country, lex)} and {len(native)} come from "
                f"{place_name(hometown, lex)}, but no one does both")
    return (f"{len(people)} people match, but none of them has a tie to another person, organisation or "
            "enterprise in the graph")


def _scope_nodes(data: NetworkData, g: nx.Graph, country: str | None, hometown: str | None,
                 people: set[str]) -> set[str]:
    """The people of the scope, with the orgs and enterprises they tie to or that are located there."""
    scope = set(people)
    for p in people:
        scope.update(m for m in g[p] if data.label(m) in ("Org", "Enterprise"))
    if country is not None and hometown is None:
        scope.update(eid for eid, e in data.entities.items() if e["label"] in ("Org", "Enterprise")
                     and data.within(eid, country, "locations"))
    return scope


def brokers(store: GraphStore, country: str | None = None, hometown: str | None = None,
            limit: int = default("brokers", "limit"),
            lexicon: Lexicon | None = None) -> Brokers:
    """Who bridges groups: betweenness overall, or among people of a country and/or hometown."""
    check_option("brokers", "limit", limit)
    data = load_network(store, lexicon, evidence=False)
    lex = data.lexicon
    country_code = resolve_place(country, lex) if country else None
    hometown_code = resolve_place(hometown, lex) if hometown else None
    g = actor_projection(data)
    nodes = None
    explanation = None
    if country_code or hometown_code:
        people = _people_within(data, country_code, "residences") & _people_within(data, hometown_code, "hometowns")
        nodes = _scope_nodes(data, g, country_code, hometown_code, people)
    sub = connected_part(g, nodes)
    if nodes is not None and not any(data.label(n) == "Person" for n in sub):
        explanation = _why_no_one(data, country_code, hometown_code, people)
    c = betweenness(sub)
    ranked = sorted(sub, key=lambda n: (-c.values[n], -sub.degree(n, weight="weight"), n))[:limit]
    rows = [{"rank": i, **data.actor_row(n), "betweenness": round(c.values[n], 6), "degree": sub.degree(n),
             "strength": round(sub.degree(n, weight="weight"), 3)} for i, n in enumerate(ranked, 1)]
    scope = {"country": None if not country_code else {"code": country_code, "name": place_name(country_code, lex)},
             "hometown": None if not hometown_code else {"code": hometown_code,
                                                         "name": place_name(hometown_code, lex)}}
    return Brokers(scope, c, rows, data.read, explanation)


# --- communities --------------------------------------------------------------------------------

@dataclass
class Communities:
    """Groups of the actor projection found by Louvain (fixed seed), each summarised."""

    modularity: float
    nodes: int
    edges: int
    groups: list[dict[str, Any]]
    omitted: int
    read: dict[str, Any] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        return {"algorithm": "louvain", "seed": SEED, "weight": "tie strength", "projection": PROJECTION_NOTE,
                "modularity": round(self.modularity, 6), "nodes": self.nodes, "edges": self.edges,
                "communities": self.groups, "omitted": self.omitted, "read": self.read}


def _top(counter: Counter, names, n: int) -> list[dict[str, Any]]:
    return [{"code": code, "name": names(code), "count": count}
            for code, count in sorted(counter.items(), key=lambda kv: (-kv[1], kv[0]))[:n]]


def communities(store: GraphStore, min_size: int = default("communities", "min_size"),
                limit: int = default("communities", "limit"), top: int = default("communities", "top"),
                lexicon: Lexicon | None = None) -> Communities:
    """Communities of people, orgs and enterprises with their hometowns, countries and orgs."""
    check_option("communities", "min_size", min_size)
    check_option("communities", "limit", limit)
    check_option("communities", "top", top)
    data = load_network(store, lexicon, evidence=False)
    lex = data.lexicon
    g = connected_part(actor_projection(data))
    if g.number_of_nodes() == 0:
        return Communities(0.0, 0, 0, [], 0, data.read)
    found = nx.community.louvain_communities(g, weight="weight", seed=SEED)
    found = sorted((sorted(c) for c in found), key=lambda c: (-len(c), c[0]))
    modularity = nx.community.modularity(g, found, weight="weight")
    kept = [c for c in found if len(c) >= min_size]
    groups = []
    for i, members in enumerate(kept[:limit], 1):
        inside = g.subgraph(members)
        strength = {n: inside.degree(n, weight="weight") for n in members}
        ranked = sorted(members, key=lambda n: (-strength[n], n))
        hometowns: Counter = Counter()
        countries: Counter = Counter()
        for n in members:
            if data.label(n) == "Person":
                hometowns.update(data.hometown_counties(n))
                countries.update(data.countries(n))
        groups.append({
            "id": i, "size": len(members),
            "by_label": dict(sorted(Counter(data.label(n) for n in members).items())),
            "hometowns": _top(hometowns, lambda c: place_name(c, lex), top),
            "countries": _top(countries, lambda c: place_name(c, lex), top),
            "organisations": [{"id": n, "name": data.name(n), "strength": round(strength[n], 3)}
                              for n in ranked if data.label(n) == "Org"][:top],
            "top_members": [{**data.actor_row(n), "strength": round(strength[n], 3)} for n in ranked[:top]],
        })
    return Communities(modularity, g.number_of_nodes(), g.number_of_edges(), groups, len(found) - len(kept[:limit]),
                       data.read)


# --- countries ----------------------------------------------------------------------------------

@dataclass
class Countries:
    """People and organisations by country of residence, with the best-connected of each."""

    centrality: Centrality
    rows: list[dict[str, Any]]
    read: dict[str, Any] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        c = self.centrality
        return {"projection": PROJECTION_NOTE, "approximate": c.approximate, "samples": c.samples,
                "countries": self.rows, "read": self.read}


def countries(store: GraphStore, top: int = default("countries", "top"), lexicon: Lexicon | None = None) -> Countries:
    """People and orgs per country of residence; top connectors ranked by degree, then betweenness."""
    check_option("countries", "top", top)
    data = load_network(store, lexicon, evidence=False)
    lex = data.lexicon
    g = actor_projection(data)
    connected = connected_part(g)
    c = betweenness(connected)
    members: dict[str, list[str]] = defaultdict(list)
    for eid, e in data.entities.items():
        if e["label"] in ("Person", "Org"):
            for country in data.countries(eid):
                members[country].append(eid)
    rows: list[dict[str, Any]] = []
    for country, ids in members.items():
        people = [i for i in ids if data.label(i) == "Person"]
        orgs = [i for i in ids if data.label(i) == "Org"]
        hometowns = Counter(h for p in people for h in data.hometown_counties(p))
        ranked = sorted(ids, key=lambda n: (-g.degree(n), -c.values.get(n, 0.0), n))[:top]
        rows.append({"code": country, "name": place_name(country, lex), "people": len(people),
                     "people_inferred": sum(country in data.inferred_only(p, "residences") for p in people),
                     "organisations": len(orgs),
                     "hometowns": _top(hometowns, lambda x: place_name(x, lex), top),
                     "organisation_names": [data.name(o) for o in sorted(orgs, key=lambda o: (-g.degree(o), o))[:top]],
                     "connectors": [{**data.actor_row(n), "degree": g.degree(n),
                                     "betweenness": round(c.values.get(n, 0.0), 6)} for n in ranked]})
    rows.sort(key=lambda r: (-r["people"] - r["organisations"], r["code"]))
    return Countries(c, rows, data.read)
