"""The graph store protocol: what ingestion and the queries need from any backend."""
from __future__ import annotations

from collections.abc import Hashable, Iterable, Sequence
from typing import Any, Protocol, runtime_checkable

from graph.model import GraphPath, Subgraph
from ingest.model import Entity, Extraction, Relation


@runtime_checkable
class GraphStore(Protocol):
    """A graph of documents, entities and relations with evidence.

    Entity and relation dicts returned by queries have the shapes of `Entity.as_dict()` and
    `Relation.as_dict()`; document dicts have `id, title, date, source, url, kind, origin, story` (`story`: the
    first document of its story, see ingest.stories; the document's own id when it has no copies).

    Every backend gives the same answers in the same order (tests/graph/test_store_contract.py):
    - a write call is all or nothing: the whole batch is checked first (labels and relation
      types from graph.model's allow-lists, relation ends must be known entities, ids must not
      start with `Document:`) and `graph.validate.InvalidGraphDataError` refuses it otherwise;
    - a relation's evidence is unique by (doc_id, start, end), in the order first seen;
    - `entities()` is sorted by id, `relations()` by (head, type, tail);
    - traversals follow relations in both directions and never walk through documents; their
      order is defined in graph.traversal (ids compare as Python strings).
    """

    backend: str  # "networkx" or "neo4j": answers computed outside the store say what they read

    # writing
    def write_extractions(self, extractions: Sequence[Extraction]) -> None:
        """Store documents with their entities, relations and evidence, replacing same-id documents."""
    def upsert_entities(self, entities: Iterable[Entity]) -> None:
        """Add entities or merge their aliases and properties into existing ones."""
    def upsert_relations(self, relations: Iterable[Relation]) -> None:
        """Add relations or append their evidence to existing ones; both ends must exist."""
    def remove_documents(self, doc_ids: Iterable[str]) -> None:
        """Remove documents and every fact that only they supported."""
    def refresh(self) -> bool:
        """Pick up what another process has written since the store was opened; True if anything changed."""

    def generation(self) -> Hashable:
        """A value that changes whenever entities or relations may have been added or removed (caches
        of names and counts compare it)."""

    def flush(self) -> None:
        """Make every write so far durable."""
    def close(self) -> None:
        """Release resources."""

    # documents
    def document_ids(self) -> set[str]: ...
    def document_origins(self) -> dict[str, str]:
        """origin -> document id, so that an edited file replaces its older version."""
    def get_document(self, doc_id: str) -> dict[str, Any] | None: ...
    def documents_mentioning(self, entity_id: str, limit: int = 50) -> list[dict[str, Any]]:
        """Documents that mention an entity, newest first (by date, then id, both descending)."""
    def mentions(self) -> list[tuple[str, str, int]]:
        """Every (document id, entity id, mention count), sorted; with the rest, what export needs."""

    # entities and relations
    def get_entity(self, entity_id: str) -> dict[str, Any] | None: ...
    def find_entities(self, text: str, labels: Sequence[str] | None = None,
                      limit: int = 20) -> list[dict[str, Any]]:
        """Entities whose name or alias equals, starts with or contains `text`, best first.

        Best first: exact before prefix before contains, then more mentioning documents, then
        shorter name, then id. `text` is stripped; empty text finds nothing.
        """
    def entities(self, label: str) -> list[dict[str, Any]]:
        """Every entity with a label."""
    def relations(self, entity_id: str | None = None, types: Sequence[str] | None = None,
                  direction: str = "both") -> list[dict[str, Any]]:
        """Relations touching an entity (or all), optionally of some types."""

    # traversal
    def neighbourhood(self, entity_id: str, hops: int = 1, labels: Sequence[str] | None = None,
                      rel_types: Sequence[str] | None = None, limit: int = 200) -> Subgraph:
        """Entities within `hops` of one (walking only `labels`, over `rel_types`), at most `limit`.

        Nodes in breadth-first order: by hop, then in the order of the node they were reached
        from, then by id; `truncated` says whether `limit` cut the list short. Edges are every
        relation among the nodes (of `rel_types`), sorted by (head, type, tail).
        """
    def shortest_paths(self, source: str, target: str, k: int = 3, max_hops: int = 6,
                       rel_types: Sequence[str] | None = None) -> list[GraphPath]:
        """The first k simple paths by (length, node ids), edges taken in either direction.

        Each step shows one relation between its two nodes: the one with the most evidence,
        then by type, then the one pointing along the path. None when disconnected or equal.
        """
    def subgraph(self, entity_ids: Iterable[str]) -> Subgraph:
        """The given entities (in the order given, unknown ones left out) and the relations among them."""
    def graph_part(self, labels: Sequence[str], rel_types: Sequence[str], prop_keys: Sequence[str],
                   evidence: bool = True) -> Subgraph:
        """Every entity of `labels` and every relation of `rel_types` leaving one, read at once.

        What analytics computed outside the store need (graph.network): on Neo4j one streamed
        query. Nodes (id, label, name, and of their props only `prop_keys`) sorted by id; edges
        (type, head, tail, props of `prop_keys`, `evidence_count`, and the evidence itself only
        when `evidence`, else []) sorted by (head, type, tail), to any entity.
        """
    def counts(self) -> dict[str, Any]:
        """{"documents": n, "entities": {label: n}, "relations": {type: n}}"""
