"""Traversals of the Neo4j store, each walked inside the server by one Cypher statement.

A neighbourhood, a subgraph and the shortest paths come back in one round trip with their
nodes and edges (graph.cypher builds the statements for the hop count and the relation types).
Top-k paths need Yen's method only when there are fewer than k shortest paths; each of its
spurs is then one query. Answers and their order are those of graph.traversal, the same as the
embedded store's (tests/graph/test_store_contract.py).
"""
from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Sequence
from itertools import pairwise
from typing import Any

from graph import cypher
from graph.model import GraphPath, Subgraph
from graph.neo4j_props import JSON, NATIVE, decode_props
from graph.traversal import k_shortest_paths, pick_edge


def node_dict(n: dict[str, Any]) -> dict[str, Any]:
    """An entity dict from graph.cypher's NODE_MAP."""
    return {"id": n["id"], "label": n["label"], "name": n["name"], "aliases": sorted(n["aliases"] or ()),
            "props": decode_props(dict(n["kv"])) if n["kv"] else {}}


def edge_dict(r: dict[str, Any], evidence: list[dict[str, Any]] | None = None) -> dict[str, Any]:
    """A relation dict from graph.cypher's EDGE_MAP (`evidence`: already decoded)."""
    if evidence is None:
        evidence = [json.loads(ev) for ev in r["evidence"] or ()]
    return {"type": r["type"], "head": r["head"], "tail": r["tail"],
            "props": decode_props(dict(r["kv"])) if r["kv"] else {}, "evidence": evidence}


def edge_dicts(records: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Relation dicts of many EDGE_MAPs, their evidence decoded by one json.loads.

    Each piece of evidence is stored as a JSON object; parsing them as one array is several
    times faster than one call per piece on a neighbourhood of hundreds of edges.
    """
    texts = [ev for r in records for ev in r["evidence"] or ()]
    decoded = json.loads("[" + ",".join(texts) + "]") if texts else []
    out, at = [], 0
    for r in records:
        n = len(r["evidence"] or ())
        out.append(edge_dict(r, decoded[at:at + n]))
        at += n
    return out


class Neo4jTraversals:
    """Neighbourhood, subgraph, path and graph-part queries of Neo4jStore (which supplies `_read`)."""

    backend = "neo4j"
    # supplied by Neo4jStore
    _read: Callable[..., list]
    _stream: Callable[..., Any]

    def _subgraph_of(self, record, truncated: bool = False) -> Subgraph:
        edges = edge_dicts(record["edges"])
        edges.sort(key=lambda e: (e["head"], e["type"], e["tail"]))
        return Subgraph([node_dict(n) for n in record["nodes"]], edges, truncated)

    def neighbourhood(self, entity_id: str, hops: int = 1, labels: Sequence[str] | None = None,
                      rel_types: Sequence[str] | None = None, limit: int = 200) -> Subgraph:
        types = cypher.walk_types(rel_types)
        hops = max(0, int(hops)) if types else 0
        if not types:  # nothing to walk over: the entity alone
            types = list(cypher.WALK_TYPES[:1])
        records = self._read(cypher.neighbourhood(hops, types), id=entity_id, limit=int(limit),
                             labels=list(labels) if labels else None)
        if not records:
            return Subgraph()
        if not cypher.walk_types(rel_types):
            return Subgraph([node_dict(n) for n in records[0]["nodes"]], [], False)
        return self._subgraph_of(records[0], records[0]["truncated"])

    def subgraph(self, entity_ids: Iterable[str]) -> Subgraph:
        ids = list(dict.fromkeys(entity_ids))
        if not ids:
            return Subgraph()
        return self._subgraph_of(self._read(cypher.subgraph(cypher.WALK_TYPES), ids=ids)[0])

    def graph_part(self, labels: Sequence[str], rel_types: Sequence[str], prop_keys: Sequence[str],
                   evidence: bool = True) -> Subgraph:
        labels = [label for label in cypher.ENTITY_LABELS if label in set(labels)]
        types = cypher.walk_types(rel_types)
        if not labels:
            return Subgraph()
        keys = [prefix + k for k in prop_keys for prefix in (NATIVE, JSON)]
        query = cypher.graph_part(labels, types or cypher.WALK_TYPES[:1])

        def collect(records) -> Subgraph:
            nodes, edges = [], []
            for record in records:
                if record["head"] is None:
                    nodes.append({"id": record["id"], "label": record["label"], "name": record["name"],
                                  "props": decode_props(dict(record["kv"]))})
                elif types:
                    edges.append({"type": record["type"], "head": record["head"], "tail": record["tail"],
                                  "props": decode_props(dict(record["kv"])),
                                  "evidence": [json.loads(ev) for ev in record["evidence"] or ()],
                                  "evidence_count": record["evidence_count"]})
            nodes.sort(key=lambda n: n["id"])
            edges.sort(key=lambda e: (e["head"], e["type"], e["tail"]))
            return Subgraph(nodes, edges)

        return self._stream(query, collect, keys=keys, evidence=bool(evidence))

    def shortest_paths(self, source: str, target: str, k: int = 3, max_hops: int = 6,
                       rel_types: Sequence[str] | None = None) -> list[GraphPath]:
        types = cypher.walk_types(rel_types)
        if source == target or k < 1 or max_hops < 1 or not types:
            return []
        records = self._read(cypher.shortest_paths(max_hops, types), source=source, target=target, k=int(k))
        if not records:
            return []
        record = records[0]
        if record["found"] >= k or record["found"] == 0:
            return self._paths(record["paths"], record["steps"], record["nodes"])
        # fewer shortest paths than asked for: Yen's method, one query per spur
        spur_query = {}

        def spur(s: str, t: str, max_len: int, banned_nodes, banned_edges) -> list[str] | None:
            if max_len not in spur_query:
                spur_query[max_len] = cypher.spur_paths(max_len, types)
            found = self._read(spur_query[max_len], source=s, target=t, banned_nodes=sorted(banned_nodes),
                               banned_edges=[list(e) for e in sorted(banned_edges)])
            return list(found[0]["ids"]) if found else None

        paths = k_shortest_paths(source, target, k, max_hops, spur=spur)
        details = self._read(cypher.path_details(types), paths=paths)[0]
        return self._paths(paths, details["steps"], details["nodes"])

    def _paths(self, paths: list[list[str]], steps: list, nodes: list) -> list[GraphPath]:
        entities = {n["id"]: node_dict(n) for n in nodes}
        between: dict[tuple[str, str], list[dict]] = {}
        for step in steps:
            between.setdefault((step["u"], step["v"]), []).append(edge_dict(step))
        return [GraphPath([entities[n] for n in ids],
                          [pick_edge(u, between[(u, v)]) for u, v in pairwise(ids)])
                for ids in paths]
