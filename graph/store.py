"""The graph store protocol: what ingestion and the queries need from any backend."""
from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any, Protocol, runtime_checkable

from graph.model import GraphPath, Subgraph
from ingest.model import Entity, Extraction, Relation


@runtime_checkable
class GraphStore(Protocol):
    """A graph of documents, entities and relations with evidence.

    Entity and relation dicts returned by queries have the shapes of `Entity.as_dict()` and
    `Relation.as_dict()`; document dicts have `id, title, date, source, url, kind, origin`.
    """

    # writing
    def write_extractions(self, extractions: Sequence[Extraction]) -> None:
        """Store documents with their entities, relations and evidence, replacing same-id documents."""
    def upsert_entities(self, entities: Iterable[Entity]) -> None:
        """Add entities or merge their aliases and properties into existing ones."""
    def upsert_relations(self, relations: Iterable[Relation]) -> None:
        """Add relations or append their evidence to existing ones."""
    def remove_documents(self, doc_ids: Iterable[str]) -> None:
        """Remove documents and every fact that only they supported."""
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
        """Documents that mention an entity, newest first."""

    # entities and relations
    def get_entity(self, entity_id: str) -> dict[str, Any] | None: ...
    def find_entities(self, text: str, labels: Sequence[str] | None = None,
                      limit: int = 20) -> list[dict[str, Any]]:
        """Entities whose name or alias equals, starts with or contains `text`, best first."""
    def entities(self, label: str) -> list[dict[str, Any]]:
        """Every entity with a label."""
    def relations(self, entity_id: str | None = None, types: Sequence[str] | None = None,
                  direction: str = "both") -> list[dict[str, Any]]:
        """Relations touching an entity (or all), optionally of some types."""

    # traversal
    def neighbourhood(self, entity_id: str, hops: int = 1, labels: Sequence[str] | None = None,
                      rel_types: Sequence[str] | None = None, limit: int = 200) -> Subgraph: ...
    def shortest_paths(self, source: str, target: str, k: int = 3, max_hops: int = 6,
                       rel_types: Sequence[str] | None = None) -> list[GraphPath]: ...
    def subgraph(self, entity_ids: Iterable[str]) -> Subgraph: ...
    def counts(self) -> dict[str, Any]:
        """{"documents": n, "entities": {label: n}, "relations": {type: n}}"""
