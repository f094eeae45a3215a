"""The full-text index protocol every search backend satisfies."""
from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Protocol, runtime_checkable

from search.model import IndexedDocument, SearchQuery, SearchResults


@runtime_checkable
class SearchIndex(Protocol):
    """A full-text index of documents with facets."""

    def add(self, documents: Sequence[IndexedDocument]) -> None:
        """Add documents, replacing any with the same id."""
    def delete(self, doc_ids: Iterable[str]) -> None:
        """Remove documents by id (unknown ids are ignored)."""
    def search(self, query: SearchQuery) -> SearchResults:
        """Run a query; raises QueryError for a query that cannot be run."""
    def doc_ids(self) -> set[str]: ...
    def count(self) -> int: ...
    def flush(self) -> None:
        """Make every write so far durable and visible to new searches."""
    def close(self) -> None: ...
