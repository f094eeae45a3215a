"""Views around entities: the ego network of one entity and the shortest paths between two."""
from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from graph.network.common import (
    NetworkQueryError,
    Resolved,
    brief,
    check_labels,
    check_option,
    check_relations,
    default,
    resolve_entity,
    weigh_edges,
)
from graph.store import GraphStore


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


def ego(store: GraphStore, name: str, hops: int = default("ego", "hops"), labels: Sequence[str] | None = None,
        relations: Sequence[str] | None = None, limit: int = default("ego", "limit")) -> EgoNetwork:
    """The network within `hops` of a person, org or enterprise (any entity by id)."""
    check_option("ego", "hops", hops)
    check_option("ego", "limit", limit)
    labels = check_labels(labels)
    rel_types = check_relations(relations)
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
    edges = sorted(weigh_edges(sub.edges), key=lambda e: (e["head"], e["type"], e["tail"]))
    return EgoNetwork(center, hops, labels, rel_types, nodes, edges, sub.truncated)


# --- paths -----------------------------------------------------------------------------------

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


def paths(store: GraphStore, source: str, target: str, k: int = default("paths", "k"),
          max_hops: int = default("paths", "max_hops"),
          relations: Sequence[str] | None = None) -> Paths:
    """Up to `k` shortest paths from `source` to `target`, each edge with its evidence."""
    check_option("paths", "k", k)
    check_option("paths", "max_hops", max_hops)
    rel_types = check_relations(relations)
    a = resolve_entity(store, source)
    b = resolve_entity(store, target)
    if a.entity["id"] == b.entity["id"]:
        raise NetworkQueryError(f"{source!r} and {target!r} are the same entity ({a.entity['id']})")
    found = store.shortest_paths(a.entity["id"], b.entity["id"], k=k, max_hops=max_hops, rel_types=rel_types)
    rows: list[dict[str, Any]] = [{"length": p.length, "nodes": [brief(n) for n in p.nodes],
                                   "edges": weigh_edges(p.edges)} for p in found]
    rows.sort(key=lambda p: (p["length"], [n["id"] for n in p["nodes"]]))
    return Paths(a, b, rel_types, max_hops, rows)
