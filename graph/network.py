"""侨商 network analytics: ego networks, paths, brokers, communities, hometown flows, countries.

Every analytic reads the graph through the `GraphStore` protocol only (`graph_part`,
`get_entity`, `find_entities`, `neighbourhood`, `shortest_paths`) and computes in networkx, so
the embedded store and Neo4j give the same answers for the same data. Brokers, communities,
countries and flows read the part of the graph they need once (graph.network_read: on Neo4j one
streamed Cypher query) and say so under `read`. To make that hold for the
randomised algorithms too, every graph built here is assembled in sorted order and every
random choice uses the fixed seed `SEED`.

The actor projection (brokers, communities, countries) has one node per Person, Org and
Enterprise. Two actors are tied when
- a stated relation joins them (MEMBER_OF, LEADS, SHAREHOLDER_OF, PARTNER_OF, INVESTS_IN,
  DONATES_TO between actors): strength 1 each;
- they are co-mentioned (CO_MENTIONED): strength `CO_MENTION_WEIGHT` per piece of evidence;
- they take part in the same Project or Event (INVESTS_IN, DONATES_TO, ATTENDED): strength
  `SHARED_VENTURE_WEIGHT` per shared venture, for ventures with at most
  `MAX_VENTURE_PARTICIPANTS` participants (a mass event says little about who knows whom).
Betweenness counts shortest paths in hops over this graph (a weighted Dijkstra per source is
about twice the cost of a breadth-first search and the graph is meant to be ranked at 20k actors
in seconds); tie strength breaks ties between equally central actors, is reported as `strength`,
and is the edge weight of community detection (Louvain).

Hometowns roll up through the region hierarchy of the lexicon (a town counts for its county,
its city and its province); countries of residence roll up from foreign cities.
"""
from __future__ import annotations

import random
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from itertools import combinations
from typing import Any

import networkx as nx

from corpus.lexicon import Lexicon, load_lexicon
from graph.errors import GraphError
from graph.model import NODE_LABELS, RELATION_TYPES
from graph.network_read import read_part
from graph.store import GraphStore
from ingest.errors import NotFoundError

SEED = 42
ACTOR_LABELS = ("Person", "Org", "Enterprise")
VENTURE_LABELS = ("Project", "Event")
# The relation types of the 侨商 network: the default for ego networks and paths.
NETWORK_RELATIONS = ("MEMBER_OF", "LEADS", "SHAREHOLDER_OF", "PARTNER_OF", "INVESTS_IN", "DONATES_TO",
                     "ATTENDED", "CO_MENTIONED", "HOMETOWN", "RESIDES_IN")
TIE_RELATIONS = ("MEMBER_OF", "LEADS", "SHAREHOLDER_OF", "PARTNER_OF", "INVESTS_IN", "DONATES_TO")
VENTURE_RELATIONS = ("INVESTS_IN", "DONATES_TO", "ATTENDED")
CONTROL_RELATIONS = ("LEADS", "SHAREHOLDER_OF")  # a person brings what the enterprises they run bring
CO_MENTION_WEIGHT = 0.5
SHARED_VENTURE_WEIGHT = 0.5
MAX_VENTURE_PARTICIPANTS = 30
# Above this many connected actors betweenness is estimated from sampled sources (seeded): as
# many as keep the work near `BETWEENNESS_BUDGET` node+edge visits, and at least `MIN_SAMPLES`.
EXACT_BETWEENNESS_LIMIT = 1500
BETWEENNESS_BUDGET = 8_000_000
MIN_SAMPLES = 32
# Special administrative regions and Taiwan are reported like countries of residence.
COUNTRY_LIKE = ("81", "82", "71")
CHINA = "CN"
MAX_HOPS = 4


class NetworkQueryError(GraphError):
    """A network query was asked with invalid arguments (unknown type, hops out of range)."""

    status = 400


# --- names and places ------------------------------------------------------------------------

@dataclass
class Resolved:
    """An entity found for a name: the best match and the other candidates."""

    query: str
    entity: dict[str, Any]
    alternatives: list[dict[str, Any]] = field(default_factory=list)
    ambiguous: bool = False

    def as_dict(self) -> dict[str, Any]:
        return {"query": self.query, "entity": brief(self.entity), "ambiguous": self.ambiguous,
                "alternatives": [brief(a) for a in self.alternatives]}


def brief(entity: dict[str, Any]) -> dict[str, Any]:
    """The id, label and name of an entity dict, for listings."""
    return {"id": entity["id"], "label": entity["label"], "name": entity["name"]}


def resolve_entity(store: GraphStore, text: str, labels: Sequence[str] | None = ACTOR_LABELS,
                   alternatives: int = 8) -> Resolved:
    """The entity `text` names: an id, else a name or alias.

    Exact names beat exact aliases, which beat partial matches; within each, entities with one of
    `labels` (people, orgs, enterprises) come first, then the store's own order. Raises
    NotFoundError when nothing matches.
    """
    text = (text or "").strip()
    if not text:
        raise NetworkQueryError("an entity name or id is required")
    entity = store.get_entity(text)
    if entity is not None:
        return Resolved(text, entity)
    preferred = store.find_entities(text, labels=labels, limit=alternatives + 1) if labels else []
    seen = {h["id"] for h in preferred}
    hits = preferred + [h for h in store.find_entities(text, limit=alternatives + 1) if h["id"] not in seen]
    if not hits:
        raise NotFoundError(f"no entity named {text!r}: no id, name or alias matches it")

    def exactness(h):
        return 0 if h["name"] == text else 1 if text in h.get("aliases", ()) else 2

    # A stable sort, so that backends ranking partial matches differently still agree on the best.
    hits.sort(key=lambda h: (exactness(h), 0 if h["id"] in seen else 1))
    exact = [h for h in hits if exactness(h) < 2]
    ambiguous = len(exact) > 1 or (not exact and len(hits) > 1)
    return Resolved(text, hits[0], hits[1:alternatives + 1], ambiguous)


def resolve_place(text: str, lexicon: Lexicon) -> str:
    """The region code a place name, code or `Region:` id means; NotFoundError when unknown."""
    raw = (text or "").strip()
    code = raw.removeprefix("Region:")
    if code.upper() == CHINA or code in ("中国", "中华人民共和国"):
        return CHINA
    entry = lexicon.lookup_region(code)
    if entry is None:
        raise NotFoundError(f"no region or country named {raw!r} in the lexicon")
    return entry.code


def place_name(code: str, lexicon: Lexicon) -> str:
    """The display name of a region code (the code itself when the lexicon does not know it)."""
    if code == CHINA:
        return "中国"
    entry = lexicon.region(code)
    return entry.name if entry else code


def place_chain(code: str, lexicon: Lexicon) -> list[str]:
    """The code and every region containing it, nearest first."""
    return [code, *lexicon.ancestors(code)]


def country_of(code: str, lexicon: Lexicon) -> str | None:
    """The country (or 香港/澳门/台湾) a residence code lies in; `CN` for the mainland."""
    chain = place_chain(code, lexicon)
    for c in chain:
        entry = lexicon.region(c)
        if entry is not None and entry.level == "country":
            return c
    top = chain[-1]
    if top in COUNTRY_LIKE:
        return top
    entry = lexicon.region(top)
    if entry is not None and entry.level == "province":
        return CHINA
    return None


def county_of(code: str, lexicon: Lexicon) -> str:
    """The county a hometown lies in; a hometown stated only as a city or province stays as is."""
    for c in place_chain(code, lexicon):
        entry = lexicon.region(c)
        if entry is not None and entry.level == "county":
            return c
    return code


def _place_code(value: Any, lexicon: Lexicon) -> str | None:
    """A region code from a stored property value (a code, a `Region:` id or a name)."""
    if not isinstance(value, str) or not value.strip():
        return None
    value = value.strip().removeprefix("Region:")
    if value in lexicon.regions:
        return value
    entry = lexicon.resolve_region(value)
    return entry.code if entry else None


def _prop_codes(value: Any, lexicon: Lexicon) -> list[str]:
    values = value if isinstance(value, (list, tuple, set)) else [value]
    return [c for c in (_place_code(v, lexicon) for v in values) if c]


def _region_code(entity_id: str) -> str | None:
    return entity_id[len("Region:"):] if entity_id.startswith("Region:") else None


# --- the snapshot of the network ---------------------------------------------------------------

@dataclass
class NetworkData:
    """The part of the graph the network analytics need, fetched once through the store protocol."""

    entities: dict[str, dict[str, Any]]
    relations: list[dict[str, Any]]
    lexicon: Lexicon
    read: dict[str, Any] = field(default_factory=dict)  # how the graph was read (graph.network_read)
    hometowns: dict[str, list[str]] = field(default_factory=dict)
    residences: dict[str, list[str]] = field(default_factory=dict)
    locations: dict[str, list[str]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        lex = self.lexicon
        for eid, e in self.entities.items():
            props = e.get("props") or {}
            if e["label"] == "Person":
                self._add(self.hometowns, eid, _prop_codes(props.get("hometown"), lex))
                self._add(self.residences, eid, _prop_codes(props.get("residence"), lex))
            self._add(self.locations, eid, _prop_codes(props.get("region"), lex))
        for r in self.relations:
            code = _region_code(r["tail"])
            if code is None:
                continue
            target = {"HOMETOWN": self.hometowns, "RESIDES_IN": self.residences,
                      "LOCATED_IN": self.locations}.get(r["type"])
            if target is not None:
                self._add(target, r["head"], [code])

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
        code = _region_code(entity_id)
        return place_name(code, self.lexicon) if code else entity_id

    def hometown_counties(self, person_id: str) -> list[str]:
        """The counties (or coarser stated regions) a person's hometowns roll up to."""
        return list(dict.fromkeys(county_of(c, self.lexicon) for c in self.hometowns.get(person_id, ())))

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

    def actor_row(self, entity_id: str) -> dict[str, Any]:
        """Id, label and name of an actor with its hometown counties and countries."""
        lex = self.lexicon
        return {"id": entity_id, "label": self.label(entity_id), "name": self.name(entity_id),
                "hometowns": [place_name(c, lex) for c in self.hometown_counties(entity_id)],
                "countries": [place_name(c, lex) for c in self.countries(entity_id)]}


def load_network(store: GraphStore, lexicon: Lexicon | None = None, evidence: bool = True) -> NetworkData:
    """Actors, ventures and the network relations leaving them, read from any store at once.

    `evidence=False` brings each relation's evidence count, not its sentences (all that
    brokers, communities and countries need).
    """
    part, note = read_part(store, (*ACTOR_LABELS, *VENTURE_LABELS), [*NETWORK_RELATIONS, "LOCATED_IN"], evidence)
    return NetworkData({n["id"]: n for n in part.nodes}, part.edges, lexicon or load_lexicon(), note)


def evidence_weight(relation: dict[str, Any]) -> int:
    """How many pieces of evidence support a relation (at least 1)."""
    count = relation.get("evidence_count")
    return max(1, len(relation.get("evidence") or ()) if count is None else count)


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


def _connected_part(g: nx.Graph, nodes: Iterable[str] | None = None) -> nx.Graph:
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


@dataclass
class Centrality:
    """Betweenness of the actors of a graph, with how it was computed."""

    values: dict[str, float]
    approximate: bool
    samples: int | None
    nodes: int
    edges: int


def betweenness(g: nx.Graph) -> Centrality:
    """Normalised betweenness (in hops): exact on small graphs, from seeded sampled sources on large ones.

    Equal to `nx.betweenness_centrality(g, normalized=True)` when exact; sampled values are
    scaled by n/k as networkx does.
    """
    n, m = g.number_of_nodes(), g.number_of_edges()
    nodes = list(g)
    if n <= EXACT_BETWEENNESS_LIMIT:
        sources, k, approximate = range(n), None, False
    else:
        k = min(n, max(MIN_SAMPLES, BETWEENNESS_BUDGET // (n + m)))
        sources, approximate = random.Random(SEED).sample(range(n), k), True
    index = {node: i for i, node in enumerate(nodes)}
    adjacency = [[index[other] for other in g[node]] for node in nodes]
    raw = _brandes(adjacency, sources)
    scale = (1.0 / ((n - 1) * (n - 2)) if n > 2 else 0.0) * (n / k if k else 1.0)
    return Centrality({node: raw[i] * scale for i, node in enumerate(nodes)}, approximate, k, n, m)


def _brandes(adjacency: list[list[int]], sources: Iterable[int]) -> list[float]:
    """Brandes' betweenness accumulation from `sources` over an unweighted graph of int ids.

    The same algorithm as networkx's, on lists instead of dicts: about 3x faster, which buys
    three times as many sampled sources in the same time on large networks.
    """
    n = len(adjacency)
    total = [0.0] * n
    for s in sources:
        sigma = [0] * n
        dist = [-1] * n
        sigma[s], dist[s] = 1, 0
        order = [s]
        i = 0
        while i < len(order):  # breadth-first, counting shortest paths
            v = order[i]
            i += 1
            dv, sv = dist[v] + 1, sigma[v]
            for w in adjacency[v]:
                dw = dist[w]
                if dw < 0:
                    dist[w] = dv
                    sigma[w] = sv
                    order.append(w)
                elif dw == dv:
                    sigma[w] += sv
        delta = [0.0] * n
        for w in reversed(order):  # dependencies, farthest first
            dw = dist[w] - 1
            coeff = (1.0 + delta[w]) / sigma[w]
            for v in adjacency[w]:
                if dist[v] == dw:
                    delta[v] += sigma[v] * coeff
            if w != s:
                total[w] += delta[w]
    return total


PROJECTION_NOTE = ("Person/Org/Enterprise graph: stated ties (MEMBER_OF, LEADS, SHAREHOLDER_OF, PARTNER_OF, "
                   f"INVESTS_IN, DONATES_TO) count 1, CO_MENTIONED {CO_MENTION_WEIGHT} per evidence, a shared "
                   f"project or event {SHARED_VENTURE_WEIGHT}; betweenness counts shortest paths in hops, "
                   "strength breaks ties")


# --- ego ----------------------------------------------------------------------------------------

def _check_labels(labels: Sequence[str] | None) -> list[str] | None:
    """The entity types asked for, spelled as the graph spells them (any case accepted)."""
    if not labels:
        return None
    known = {x.lower(): x for x in NODE_LABELS}
    labels = [known.get(x.lower(), x) for x in labels]
    bad = [x for x in labels if x not in NODE_LABELS or x == "Document"]
    if bad:
        raise NetworkQueryError(f"unknown entity type(s) {', '.join(bad)}; choose from "
                                f"{', '.join(x for x in NODE_LABELS if x != 'Document')}")
    return list(dict.fromkeys(labels))


def _check_relations(relations: Sequence[str] | None) -> list[str] | None:
    """The relation types asked for: the network's by default, every type for `all`."""
    if not relations:
        return list(NETWORK_RELATIONS)
    if any(x.lower() == "all" for x in relations):
        return None
    relations = [x.upper() for x in relations]
    bad = [x for x in relations if x not in RELATION_TYPES or x == "MENTIONS"]
    if bad:
        raise NetworkQueryError(f"unknown relation type(s) {', '.join(bad)}; choose from "
                                f"{', '.join(x for x in RELATION_TYPES if x != 'MENTIONS')} or all")
    return list(dict.fromkeys(relations))


def _check_range(name: str, value: int, low: int, high: int) -> int:
    if not isinstance(value, int) or not low <= value <= high:
        raise NetworkQueryError(f"{name} must be an integer between {low} and {high}, got {value!r}")
    return value


def sorted_evidence(evidence: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
    """Evidence in one order whatever the backend: by document, then position."""
    return sorted(evidence, key=lambda ev: (ev.get("doc_id") or "", ev.get("start") or 0, ev.get("end") or 0))


def _weigh_edges(edges: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Edges with their evidence count as `weight` and their evidence in a fixed order."""
    return [{**e, "evidence": sorted_evidence(e.get("evidence") or ()), "weight": evidence_weight(e)}
            for e in edges]


@dataclass
class EgoNetwork:
    """The network around one entity, with the evidence on every edge."""

    center: Resolved
    hops: int
    labels: list[str] | None
    relations: list[str] | None
    nodes: list[dict[str, Any]]
    edges: list[dict[str, Any]]
    truncated: bool

    def summary(self) -> dict[str, Any]:
        return {"nodes": len(self.nodes), "edges": len(self.edges),
                "by_label": dict(sorted(Counter(n["label"] for n in self.nodes).items())),
                "by_relation": dict(sorted(Counter(e["type"] for e in self.edges).items()))}

    def as_dict(self) -> dict[str, Any]:
        return {"center": self.center.as_dict(), "hops": self.hops, "labels": self.labels,
                "relations": self.relations, "summary": self.summary(), "nodes": self.nodes,
                "edges": self.edges, "truncated": self.truncated}


def ego(store: GraphStore, name: str, hops: int = 2, labels: Sequence[str] | None = None,
        relations: Sequence[str] | None = None, limit: int = 200) -> EgoNetwork:
    """The network within `hops` of a person, org or enterprise (any entity by id)."""
    _check_range("hops", hops, 1, MAX_HOPS)
    _check_range("limit", limit, 1, 5000)
    labels = _check_labels(labels)
    rel_types = _check_relations(relations)
    center = resolve_entity(store, name)
    cid = center.entity["id"]
    sub = store.neighbourhood(cid, hops=hops, labels=labels, rel_types=rel_types, limit=limit)
    # Hop distance of each node from the centre, over the edges returned.
    adjacency: dict[str, set[str]] = defaultdict(set)
    for e in sub.edges:
        adjacency[e["head"]].add(e["tail"])
        adjacency[e["tail"]].add(e["head"])
    distance = {cid: 0}
    frontier = [cid]
    while frontier:
        nxt = []
        for node in frontier:
            for other in sorted(adjacency[node]):
                if other not in distance:
                    distance[other] = distance[node] + 1
                    nxt.append(other)
        frontier = nxt
    nodes = [{**n, "hop": distance.get(n["id"])} for n in sub.nodes]
    nodes.sort(key=lambda n: (n["hop"] if n["hop"] is not None else hops + 1, n["label"], n["id"]))
    edges = sorted(_weigh_edges(sub.edges), key=lambda e: (e["head"], e["type"], e["tail"]))
    return EgoNetwork(center, hops, labels, rel_types, nodes, edges, sub.truncated)


# --- paths --------------------------------------------------------------------------------------

@dataclass
class Paths:
    """The top-k shortest paths between two entities."""

    source: Resolved
    target: Resolved
    relations: list[str] | None
    max_hops: int
    paths: list[dict[str, Any]]

    def as_dict(self) -> dict[str, Any]:
        return {"source": self.source.as_dict(), "target": self.target.as_dict(),
                "relations": self.relations, "max_hops": self.max_hops, "paths": self.paths}


def paths(store: GraphStore, source: str, target: str, k: int = 3, max_hops: int = 6,
          relations: Sequence[str] | None = None) -> Paths:
    """Up to `k` shortest paths from `source` to `target`, each edge with its evidence."""
    _check_range("k", k, 1, 20)
    _check_range("max_hops", max_hops, 1, 10)
    rel_types = _check_relations(relations)
    a = resolve_entity(store, source)
    b = resolve_entity(store, target)
    if a.entity["id"] == b.entity["id"]:
        raise NetworkQueryError(f"{source!r} and {target!r} are the same entity ({a.entity['id']})")
    found = store.shortest_paths(a.entity["id"], b.entity["id"], k=k, max_hops=max_hops, rel_types=rel_types)
    rows = [{"length": p.length, "nodes": [brief(n) for n in p.nodes], "edges": _weigh_edges(p.edges)}
            for p in found]
    rows.sort(key=lambda p: (p["length"], [n["id"] for n in p["nodes"]]))
    return Paths(a, b, rel_types, max_hops, rows)


# --- brokers ------------------------------------------------------------------------------------

@dataclass
class Brokers:
    """Actors ranked by betweenness in the actor projection (or a part of it)."""

    scope: dict[str, Any]
    centrality: Centrality
    rows: list[dict[str, Any]]
    read: dict[str, Any] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        c = self.centrality
        return {"scope": self.scope, "projection": PROJECTION_NOTE, "approximate": c.approximate,
                "samples": c.samples, "nodes": c.nodes, "edges": c.edges, "brokers": self.rows, "read": self.read}


def _scope_nodes(data: NetworkData, g: nx.Graph, country: str | None, hometown: str | None) -> set[str]:
    """People living in `country` and/or from `hometown`, with the orgs and enterprises they tie to
    or that are located there."""
    people = {eid for eid, e in data.entities.items() if e["label"] == "Person"
              and (country is None or data.within(eid, country, "residences"))
              and (hometown is None or data.within(eid, hometown, "hometowns"))}
    scope = set(people)
    for p in people:
        scope.update(m for m in g[p] if data.label(m) in ("Org", "Enterprise"))
    if country is not None and hometown is None:
        scope.update(eid for eid, e in data.entities.items() if e["label"] in ("Org", "Enterprise")
                     and data.within(eid, country, "locations"))
    return scope


def brokers(store: GraphStore, country: str | None = None, hometown: str | None = None, limit: int = 20,
            lexicon: Lexicon | None = None) -> Brokers:
    """Who bridges groups: betweenness overall, or among people of a country and/or hometown."""
    _check_range("limit", limit, 1, 1000)
    data = load_network(store, lexicon, evidence=False)
    lex = data.lexicon
    country_code = resolve_place(country, lex) if country else None
    hometown_code = resolve_place(hometown, lex) if hometown else None
    g = actor_projection(data)
    nodes = _scope_nodes(data, g, country_code, hometown_code) if (country_code or hometown_code) else None
    sub = _connected_part(g, nodes)
    c = betweenness(sub)
    ranked = sorted(sub, key=lambda n: (-c.values[n], -sub.degree(n, weight="weight"), n))[:limit]
    rows = [{"rank": i, **data.actor_row(n), "betweenness": round(c.values[n], 6), "degree": sub.degree(n),
             "strength": round(sub.degree(n, weight="weight"), 3)} for i, n in enumerate(ranked, 1)]
    scope = {"country": None if not country_code else {"code": country_code, "name": place_name(country_code, lex)},
             "hometown": None if not hometown_code else {"code": hometown_code,
                                                         "name": place_name(hometown_code, lex)}}
    return Brokers(scope, c, rows, data.read)


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


def communities(store: GraphStore, min_size: int = 2, limit: int = 50, top: int = 10,
                lexicon: Lexicon | None = None) -> Communities:
    """Communities of people, orgs and enterprises with their hometowns, countries and orgs."""
    _check_range("min_size", min_size, 1, 100000)
    _check_range("limit", limit, 1, 10000)
    _check_range("top", top, 1, 100)
    data = load_network(store, lexicon, evidence=False)
    lex = data.lexicon
    g = _connected_part(actor_projection(data))
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


# --- flows --------------------------------------------------------------------------------------

@dataclass
class Flows:
    """Per hometown county: the projects and donations its people bring, with stated amounts."""

    counties: list[dict[str, Any]]
    read: dict[str, Any] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        return {"counties": self.counties, "read": self.read}


def _amount(entity: dict[str, Any] | None, relation: dict[str, Any]) -> dict[str, Any] | None:
    """The stated amount of an investment or donation: the relation's, else the project's."""
    for props in (relation.get("props") or {}, (entity or {}).get("props") or {}):
        for key in ("amount_yi", "investment_yi"):
            value = props.get(key)
            if isinstance(value, (int, float)) and not isinstance(value, bool):
                return {"yi": float(value), "currency": props.get("currency") or "CNY",
                        "text": props.get("amount_text") or props.get("investment_text") or ""}
    return None


def flows(store: GraphStore, limit: int = 1000, lexicon: Lexicon | None = None) -> Flows:
    """Hometown (侨乡) -> the projects and donations people from there bring, rolled up by county.

    Counties come largest stated investment first; `limit` keeps the first so many.
    """
    _check_range("limit", limit, 1, 100000)
    data = load_network(store, lexicon)
    lex = data.lexicon
    out_rel: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for r in data.relations:
        out_rel[r["head"]].append(r)
    counties: dict[str, dict[str, Any]] = {}
    for pid in sorted(p for p, e in data.entities.items() if e["label"] == "Person"):
        homes = data.hometown_counties(pid)
        if not homes:
            continue
        # What the person brings directly, and through the enterprises they lead or hold shares in.
        routes: list[tuple[dict[str, Any] | None, dict[str, Any]]] = []
        for r in out_rel[pid]:
            if r["type"] in ("INVESTS_IN", "DONATES_TO"):
                routes.append((None, r))
            elif r["type"] in CONTROL_RELATIONS and data.label(r["tail"]) == "Enterprise":
                routes.extend((r, r2) for r2 in out_rel[r["tail"]] if r2["type"] in ("INVESTS_IN", "DONATES_TO"))
        for county in homes:
            row = counties.setdefault(county, {"code": county, "name": place_name(county, lex), "people": {},
                                               "projects": {}, "donations": {}})
            row["people"][pid] = data.name(pid)
            for via, r in routes:
                target = data.entities.get(r["tail"])
                kind = "projects" if r["type"] == "INVESTS_IN" else "donations"
                item = row[kind].setdefault(r["tail"], {
                    "id": r["tail"], "name": data.name(r["tail"]), "label": data.label(r["tail"]),
                    "amount": _amount(target, r),
                    "region": place_name(target["props"]["region"], lex)
                    if target and target.get("props", {}).get("region") else None,
                    "back_home": bool(target) and data.within(r["tail"], county, "locations"),
                    "via": []})
                if item["amount"] is None:
                    item["amount"] = _amount(target, r)
                item["via"].append({
                    "person": {"id": pid, "name": data.name(pid)},
                    "enterprise": {"id": via["tail"], "name": data.name(via["tail"]), "role": via["type"]}
                    if via else None,
                    "evidence": (sorted_evidence(via["evidence"]) if via else []) + sorted_evidence(r["evidence"])})
    rows = []
    for county, row in counties.items():
        projects = sorted(row["projects"].values(), key=lambda p: (-(p["amount"] or {}).get("yi", -1), p["id"]))
        donations = sorted(row["donations"].values(), key=lambda p: (-(p["amount"] or {}).get("yi", -1), p["id"]))
        totals: dict[str, float] = defaultdict(float)
        for p in projects:
            if p["amount"]:
                totals[p["amount"]["currency"]] += p["amount"]["yi"]
        donated: dict[str, float] = defaultdict(float)
        for p in donations:
            if p["amount"]:
                donated[p["amount"]["currency"]] += p["amount"]["yi"]
        rows.append({"code": county, "name": row["name"],
                     "people": [{"id": k, "name": v} for k, v in sorted(row["people"].items())],
                     "investment_yi": {k: round(v, 4) for k, v in sorted(totals.items())},
                     "donation_yi": {k: round(v, 4) for k, v in sorted(donated.items())},
                     "projects": projects, "donations": donations})
    rows.sort(key=lambda r: (-sum(r["investment_yi"].values()), -len(r["projects"]) - len(r["donations"]),
                             -len(r["people"]), r["code"]))
    return Flows(rows[:limit], data.read)


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


def countries(store: GraphStore, top: int = 5, lexicon: Lexicon | None = None) -> Countries:
    """People and orgs per country of residence; top connectors ranked by degree, then betweenness."""
    _check_range("top", top, 1, 100)
    data = load_network(store, lexicon, evidence=False)
    lex = data.lexicon
    g = actor_projection(data)
    connected = _connected_part(g)
    c = betweenness(connected)
    members: dict[str, list[str]] = defaultdict(list)
    for eid, e in data.entities.items():
        if e["label"] in ("Person", "Org"):
            for country in data.countries(eid):
                members[country].append(eid)
    rows = []
    for country, ids in members.items():
        people = [i for i in ids if data.label(i) == "Person"]
        orgs = [i for i in ids if data.label(i) == "Org"]
        hometowns = Counter(h for p in people for h in data.hometown_counties(p))
        ranked = sorted(ids, key=lambda n: (-g.degree(n), -c.values.get(n, 0.0), n))[:top]
        rows.append({"code": country, "name": place_name(country, lex), "people": len(people),
                     "organisations": len(orgs),
                     "hometowns": _top(hometowns, lambda x: place_name(x, lex), top),
                     "organisation_names": [data.name(o) for o in sorted(orgs, key=lambda o: (-g.degree(o), o))[:top]],
                     "connectors": [{**data.actor_row(n), "degree": g.degree(n),
                                     "betweenness": round(c.values.get(n, 0.0), 6)} for n in ranked]})
    rows.sort(key=lambda r: (-r["people"] - r["organisations"], r["code"]))
    return Countries(c, rows, data.read)
