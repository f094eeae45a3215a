"""The embedded graph store: a networkx MultiDiGraph persisted in the data directory.

Writes go to memory; `flush()` writes the whole graph to a temporary file and renames it over
the old one, so a crash never leaves a half-written graph and readers in other processes
(`refresh()`) always load the last complete state. The file and its format:
`graph.networkx_file`.
"""
from __future__ import annotations

from bisect import bisect_right
from collections import Counter
from collections.abc import Iterable, Sequence
from itertools import accumulate, pairwise
from pathlib import Path
from typing import Any

import networkx as nx

from graph.model import GraphPath, Subgraph
from graph.networkx_file import EVIDENCE_FIELDS, evidence_tuple, read_graph_file, write_graph_file
from graph.traversal import k_shortest_paths, neighbourhood_order, pick_edge
from graph.validate import check_batch
from ingest.facts import NO_DOCUMENT, Contribution, merge_props, merge_relation_props, project_links, shown_name
from ingest.model import Entity, Extraction, Relation

DOC_PREFIX = "Document:"
NAME_SEPARATOR = "\x00"
DOC_FIELDS = ("title", "date", "source", "url", "kind", "origin", "story")


class NetworkxStore:
    """Graph store on networkx, persisted to `path` (or memory-only when `path` is None)."""

    backend = "networkx"

    def __init__(self, path: str | Path | None = None) -> None:
        self.path = Path(path) if path else None
        self.graph = nx.MultiDiGraph()
        self._stamp: tuple[int, int] | None = None
        self._dirty = False
        self._docs: set[str] | None = None  # document nodes, kept until documents change
        self._names: tuple[str, list[int], list[str]] | None = None  # name index, kept until entities change
        if self.path and self.path.exists():
            self._load()

    # persistence ---------------------------------------------------------------------------
    def _file_stamp(self) -> tuple[int, int] | None:
        if self.path is None:
            return None
        try:
            st = self.path.stat()
        except OSError:
            return None
        return (st.st_mtime_ns, st.st_size)

    def _load(self) -> None:
        assert self.path is not None, "only a store with a file loads"
        stamp = self._file_stamp()
        self.graph = read_graph_file(self.path)
        self._docs = self._names = None
        self._stamp = stamp

    def refresh(self) -> bool:
        """Reload the graph if another process flushed a newer one; True when reloaded."""
        if self.path is None or self._dirty:
            return False
        stamp = self._file_stamp()
        if stamp is not None and stamp != self._stamp:
            self._load()
            return True
        return False

    def generation(self) -> tuple[int, int, int]:
        """The graph object (replaced when another process's ingest is loaded) and its sizes."""
        return id(self.graph), self.graph.number_of_nodes(), self.graph.number_of_edges()

    def flush(self) -> None:
        """Write the graph atomically (temporary file, fsync, rename)."""
        if self.path is None or not self._dirty:
            return
        write_graph_file(self.path, self.graph)
        self._stamp = self._file_stamp()
        self._dirty = False

    def close(self) -> None:
        self.flush()

    def clear(self) -> None:
        """Forget every document, entity and relation (written out at the next flush)."""
        self.graph = nx.MultiDiGraph()
        self._docs = self._names = None
        self._dirty = True

    # writing -------------------------------------------------------------------------------
    def upsert_entities(self, entities: Iterable[Entity]) -> None:
        entities = list(entities)
        check_batch(entities, (), self._entity_ids())
        self._names = None
        for e in entities:
            self._put_entity(e, NO_DOCUMENT, None, e.props)
        self._dirty = True

    def _put_entity(self, e: Entity, doc_id: str, date: str | None, props: dict, pending: set | None = None) -> None:
        """File what `doc_id` says of `e` and show the merge of every document's contribution.

        With `pending`, the merge waits: the entity's id is added to it for `_merge_pending`.
        """
        g = self.graph
        if e.id not in g:
            g.add_node(e.id, label=e.label, name=e.name, aliases=set(), props={}, sources={})
        node = g.nodes[e.id]
        sources = node["sources"]
        aliases, name = frozenset(e.aliases), e.name
        if doc_id == NO_DOCUMENT and doc_id in sources:  # direct upserts update one another; the first names
            _, old_props, old_aliases, name = sources[doc_id]
            props, aliases = {**old_props, **props}, old_aliases | aliases
        sources[doc_id] = (date, dict(props), aliases, name)
        if pending is None:
            _merge_node(node)
        else:
            pending.add(e.id)

    def _entity_ids(self) -> "_EntityIds":
        return _EntityIds(self.graph)

    def upsert_relations(self, relations: Iterable[Relation]) -> None:
        relations = list(relations)
        check_batch((), relations, self._entity_ids())
        self._upsert_relations(relations, NO_DOCUMENT, None)

    def _upsert_relations(self, relations: list[Relation], doc_id: str, date: str | None,
                          pending: set | None = None) -> None:
        g = self.graph
        for r in relations:
            if not g.has_edge(r.head, r.tail, key=r.type):
                g.add_edge(r.head, r.tail, key=r.type, props={}, evidence=[], sources={})
            data = g.edges[r.head, r.tail, r.type]
            sources = data.setdefault("sources", {})
            props = dict(r.props)
            if doc_id == NO_DOCUMENT and doc_id in sources:
                props = {**sources[doc_id][1], **props}
            sources[doc_id] = (date, props)
            if pending is None:
                _merge_edge(data)
            else:
                pending.add((r.head, r.tail, r.type))
            # evidence is unique by (document, span), in the order first seen
            known = {(ev[0], ev[2], ev[3]) for ev in data["evidence"]}
            for ev in r.evidence:
                if (ev.doc_id, ev.start, ev.end) not in known:
                    known.add((ev.doc_id, ev.start, ev.end))
                    data["evidence"].append(evidence_tuple(ev))
            for doc in {DOC_PREFIX + ev.doc_id for ev in r.evidence} | ({DOC_PREFIX + doc_id} if doc_id else set()):
                if doc in g:
                    g.nodes[doc]["facts"].add(r.key)
        self._dirty = True

    def write_extractions(self, extractions: Sequence[Extraction]) -> None:
        g = self.graph
        extractions = list(extractions)
        check_batch([e for x in extractions for e in x.entities], [r for x in extractions for r in x.relations],
                    self._entity_ids())
        self._docs = self._names = None
        pending: set = set()
        for x in extractions:
            doc = x.document
            node = DOC_PREFIX + doc.id
            if node in g:
                self.remove_documents([doc.id])
            g.add_node(node, label="Document", name=doc.title or doc.id, aliases=set(),
                       props={f: getattr(doc, f) for f in DOC_FIELDS} | {"doc_id": doc.id, "story": doc.story or doc.id}, facts=set())
            links = project_links(x.relations)
            for e in x.entities:
                self._put_entity(e, doc.id, doc.date, e.props | links.get(e.id, {}), pending)
            counts = Counter(m.entity_id for m in x.mentions if m.entity_id)
            for e in x.entities:
                g.add_edge(node, e.id, key="MENTIONS", props={"count": counts.get(e.id, 1)}, evidence=[])
            self._upsert_relations(x.relations, doc.id, doc.date, pending)
        # a hub (a city, its PART_OF) is stated by many documents of a batch: merge it once
        for item in pending:
            if isinstance(item, tuple):
                if g.has_edge(*item):
                    _merge_edge(g.edges[item])
            elif item in g:
                _merge_node(g.nodes[item])
        self._dirty = True

    def remove_documents(self, doc_ids: Iterable[str]) -> None:
        g = self.graph
        self._docs = self._names = None
        for doc_id in doc_ids:
            node = DOC_PREFIX + doc_id
            if node not in g:
                continue
            touched = set(g.successors(node))
            for head, rel_type, tail in g.nodes[node]["facts"]:
                if not g.has_edge(head, tail, key=rel_type):
                    continue
                data = g.edges[head, tail, rel_type]
                data["evidence"] = [ev for ev in data["evidence"] if ev[0] != doc_id]
                sources = data.setdefault("sources", {})
                sources.pop(doc_id, None)
                if not data["evidence"]:
                    g.remove_edge(head, tail, key=rel_type)
                else:
                    _merge_edge(data)
                touched.update((head, tail))
            g.remove_node(node)
            for entity in touched:
                if entity in g and not self._mentioned(entity) and g.degree(entity) == 0:
                    g.remove_node(entity)
                elif entity in g and g.nodes[entity]["sources"].pop(doc_id, None) is not None:
                    _merge_node(g.nodes[entity])
        self._dirty = True

    def _mentioned(self, entity_id: str) -> bool:
        return any(self.graph.nodes[p].get("label") == "Document" for p in self.graph.predecessors(entity_id))

    # documents -----------------------------------------------------------------------------
    def _documents(self) -> Iterable[tuple[str, dict]]:
        return ((n, d) for n, d in self.graph.nodes(data=True) if d.get("label") == "Document")

    def document_ids(self) -> set[str]:
        return {d["props"]["doc_id"] for _, d in self._documents()}

    def document_origins(self) -> dict[str, str]:
        return {d["props"]["origin"]: d["props"]["doc_id"] for _, d in self._documents() if d["props"].get("origin")}

    def get_document(self, doc_id: str) -> dict[str, Any] | None:
        node = DOC_PREFIX + doc_id
        if node not in self.graph:
            return None
        return self._document_dict(node)

    def _document_dict(self, node: str) -> dict[str, Any]:
        props = self.graph.nodes[node]["props"]
        return {"id": props["doc_id"], **{f: props.get(f) for f in DOC_FIELDS}, "story": props.get("story") or props["doc_id"]}

    def documents_mentioning(self, entity_id: str, limit: int = 50) -> list[dict[str, Any]]:
        if entity_id not in self.graph:
            return []
        docs = [self._document_dict(p) for p in self.graph.predecessors(entity_id)
                if self.graph.nodes[p].get("label") == "Document"]
        docs.sort(key=lambda d: (d["date"] or "", d["id"]), reverse=True)
        return docs[:limit]

    # entities and relations ----------------------------------------------------------------
    def _entity_dict(self, node: str) -> dict[str, Any]:
        d = self.graph.nodes[node]
        return {"id": node, "label": d["label"], "name": d["name"], "aliases": sorted(d["aliases"]),
                "props": dict(d["props"])}

    def _edge_dict(self, head: str, tail: str, rel_type: str, data: dict) -> dict[str, Any]:
        return {"type": rel_type, "head": head, "tail": tail, "props": dict(data["props"]),
                "evidence": [dict(zip(EVIDENCE_FIELDS, ev, strict=True)) for ev in data["evidence"]]}

    def get_entity(self, entity_id: str) -> dict[str, Any] | None:
        if entity_id not in self.graph or self.graph.nodes[entity_id].get("label") == "Document":
            return None
        return self._entity_dict(entity_id)

    def _mention_count(self, node: str) -> int:
        return len(self._doc_nodes().intersection(self.graph._pred[node]))

    def find_entities(self, text: str, labels: Sequence[str] | None = None, limit: int = 20) -> list[dict[str, Any]]:
        text = text.strip()
        if not text:
            return []
        hits = []
        nodes = self.graph.nodes
        for node in self._nodes_named(text):
            d = nodes[node]
            if labels and d["label"] not in labels:
                continue
            names = (d["name"], *d["aliases"])
            if text in names:
                rank = 0
            elif any(n.startswith(text) for n in names):
                rank = 1
            elif any(text in n for n in names):
                rank = 2
            else:
                continue
            hits.append((rank, -self._mention_count(node), len(d["name"]), node))
        hits.sort()
        return [self._entity_dict(node) for *_, node in hits[:limit]]

    def _nodes_named(self, text: str) -> set[str]:
        """Entities with `text` in their name or an alias, found in one text of all names."""
        if self._names is None:
            names, owners = [], []
            for node, d in self.graph.nodes(data=True):
                if d.get("label") != "Document":
                    for name in (d["name"], *d["aliases"]):
                        names.append(name.replace(NAME_SEPARATOR, " "))
                        owners.append(node)
            starts = list(accumulate((len(n) + 1 for n in names[:-1]), initial=0))
            self._names = (NAME_SEPARATOR.join(names), starts, owners)
        blob, starts, owners = self._names
        if NAME_SEPARATOR in text:
            return set(owners)  # cannot use the index: let the caller check every entity
        found = set()
        at = blob.find(text)
        while at >= 0:
            i = bisect_right(starts, at) - 1
            found.add(owners[i])
            # go on from the next name: one hit per name is enough
            at = blob.find(text, starts[i + 1]) if i + 1 < len(starts) else -1
        return found

    def entities(self, label: str) -> list[dict[str, Any]]:
        return [self._entity_dict(n) for n in sorted(n for n, d in self.graph.nodes(data=True)
                                                     if d.get("label") == label and label != "Document")]

    def mentions(self) -> list[tuple[str, str, int]]:
        """Every (document id, entity id, mention count), sorted: what export needs besides facts."""
        g = self.graph
        return sorted((g.nodes[d]["props"]["doc_id"], e, data["props"].get("count", 1))
                      for d, e, key, data in g.edges(keys=True, data=True) if key == "MENTIONS")

    def relations(self, entity_id: str | None = None, types: Sequence[str] | None = None,
                  direction: str = "both") -> list[dict[str, Any]]:
        g = self.graph
        if entity_id is None:
            edges = g.edges(keys=True, data=True)
        elif entity_id not in g:
            return []
        else:
            edges = []
            if direction in ("both", "out"):
                edges += list(g.out_edges(entity_id, keys=True, data=True))
            if direction in ("both", "in"):
                edges += [e for e in g.in_edges(entity_id, keys=True, data=True) if e[0] != e[1] or direction == "in"]
        found = [self._edge_dict(h, t, k, d) for h, t, k, d in edges
                 if k != "MENTIONS" and (not types or k in types)]
        found.sort(key=lambda e: (e["head"], e["type"], e["tail"]))
        return found

    # traversal -----------------------------------------------------------------------------
    def _doc_nodes(self) -> set[str]:
        if self._docs is None:
            self._docs = {n for n, d in self.graph.nodes(data=True) if d.get("label") == "Document"}
        return self._docs

    def _adjacent(self, node: str, rel_types: Sequence[str] | None) -> set[str]:
        """Entities joined to `node` by a relation (of `rel_types`), in either direction."""
        succ, pred = self.graph._succ[node], self.graph._pred[node]
        types = set(rel_types or ()) - {"MENTIONS"}
        if not types:
            near = set(succ)
            near.update(pred)
            docs = self._doc_nodes()
            # documents are joined only by MENTIONS; `near - docs` walks the smaller side
            return near - docs if docs else near
        near = {o for o, keys in succ.items() if not types.isdisjoint(keys)}
        near.update(o for o, keys in pred.items() if not types.isdisjoint(keys))
        return near

    def _is_entity(self, node: str) -> bool:
        return node in self.graph and self.graph.nodes[node]["label"] != "Document"

    def neighbourhood(self, entity_id: str, hops: int = 1, labels: Sequence[str] | None = None,
                      rel_types: Sequence[str] | None = None, limit: int = 200) -> Subgraph:
        if not self._is_entity(entity_id):
            return Subgraph()
        nodes = self.graph.nodes
        accept = (lambda n: nodes[n]["label"] in labels) if labels else None
        order, truncated = neighbourhood_order(
            entity_id, hops, limit, lambda part: {n: self._adjacent(n, rel_types) for n in part}, accept, chunk=8)
        return self._subgraph(order, rel_types, truncated)

    def _subgraph(self, nodes: list[str], rel_types: Sequence[str] | None = None, truncated: bool = False) -> Subgraph:
        succ = self.graph._succ
        keep = set(nodes)
        edges = []
        for node in nodes:
            out = succ[node]
            # walk the smaller side: a hub's out-edges or the kept nodes
            tails = [t for t in keep if t in out] if len(out) > len(keep) else [t for t in out if t in keep]
            for tail in tails:
                edges += [self._edge_dict(node, tail, key, data) for key, data in out[tail].items()
                          if key != "MENTIONS" and (not rel_types or key in rel_types)]
        edges.sort(key=lambda e: (e["head"], e["type"], e["tail"]))
        return Subgraph([self._entity_dict(n) for n in nodes], edges, truncated)

    def subgraph(self, entity_ids: Iterable[str]) -> Subgraph:
        return self._subgraph([n for n in dict.fromkeys(entity_ids) if n in self.graph
                               and self.graph.nodes[n]["label"] != "Document"])

    def graph_part(self, labels: Sequence[str], rel_types: Sequence[str], prop_keys: Sequence[str],
                   evidence: bool = True) -> Subgraph:
        wanted, types, keys = set(labels) - {"Document"}, set(rel_types) - {"MENTIONS"}, sorted(set(prop_keys))
        nodes, edges = [], []
        succ = self.graph._succ
        for node, d in self.graph.nodes(data=True):
            if d.get("label") not in wanted:
                continue
            props = d["props"]
            nodes.append({"id": node, "label": d["label"], "name": d["name"],
                          "props": {k: props[k] for k in keys if k in props}})
            for tail, by_type in succ[node].items():
                for rel_type, data in by_type.items():
                    if rel_type in types:
                        rprops = data["props"]
                        edges.append({"type": rel_type, "head": node, "tail": tail,
                                      "props": {k: rprops[k] for k in keys if k in rprops},
                                      "evidence": [dict(zip(EVIDENCE_FIELDS, ev, strict=True)) for ev in data["evidence"]]
                                      if evidence else [],
                                      "evidence_count": len(data["evidence"])})
        nodes.sort(key=lambda n: n["id"])
        edges.sort(key=lambda e: (e["head"], e["type"], e["tail"]))
        return Subgraph(nodes, edges)

    def shortest_paths(self, source: str, target: str, k: int = 3, max_hops: int = 6,
                       rel_types: Sequence[str] | None = None) -> list[GraphPath]:
        g = self.graph
        if not self._is_entity(source) or not self._is_entity(target) or source == target:
            return []

        def expand(part):
            return {n: self._adjacent(n, rel_types) for n in part}

        paths = []
        for nodes in k_shortest_paths(source, target, k, max_hops, expand):
            edges = []
            for u, v in pairwise(nodes):
                found = [self._edge_dict(u, v, key, d) for key, d in g.get_edge_data(u, v, default={}).items()
                         if key != "MENTIONS" and (not rel_types or key in rel_types)]
                found += [self._edge_dict(v, u, key, d) for key, d in g.get_edge_data(v, u, default={}).items()
                          if key != "MENTIONS" and (not rel_types or key in rel_types)]
                edges.append(pick_edge(u, found))
            paths.append(GraphPath([self._entity_dict(n) for n in nodes], edges))
        return paths

    def counts(self) -> dict[str, Any]:
        labels = Counter(d.get("label") for _, d in self.graph.nodes(data=True))
        documents = labels.pop("Document", 0)
        types = Counter(key for *_, key in self.graph.edges(keys=True))
        return {"documents": documents, "entities": dict(sorted(labels.items())),
                "relations": dict(sorted(types.items()))}


def _merge_node(node: dict) -> None:
    """Show on a node the merge of what every document (and direct upsert) said of it."""
    sources = node["sources"]
    node["props"] = merge_props(node["label"], (Contribution(d, when, p) for d, (when, p, *_) in sources.items()))
    node["name"] = shown_name([name for *_, name in sources.values()])
    node["aliases"] = set().union(*(aliases | {name} for *_, aliases, name in sources.values())) - {node["name"]}


def _merge_edge(data: dict) -> None:
    """Show on an edge the merge of what every document said of it."""
    data["props"] = merge_relation_props(Contribution(d, when, p) for d, (when, p) in data["sources"].items())


class _EntityIds:
    """`id in it` is true for entity nodes of a graph (not documents)."""

    def __init__(self, graph: nx.MultiDiGraph) -> None:
        self.graph = graph

    def __contains__(self, node: object) -> bool:
        return node in self.graph and self.graph.nodes[node]["label"] != "Document"
