"""The full-text index protocol every search backend satisfies."""
from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Protocol, runtime_checkable

from search.model import Hit, IndexedDocument, SearchQuery, SearchResults


@runtime_checkable
class SearchIndex(Protocol):
    """A full-text index of documents with facets.

    Queries use the syntax of `search.query`; filters, sort and page are checked by
    `search.filters.prepare`, so every backend rejects the same bad input the same way.
    """

    def add(self, documents: Sequence[IndexedDocument]) -> None:
        """Add documents, replacing any with the same id."""
    def delete(self, doc_ids: Iterable[str]) -> None:
        """Remove documents by id (unknown ids are ignored)."""
    def search(self, query: SearchQuery) -> SearchResults:
        """Run a query; raises QueryError for a query that cannot be run."""
    def more_like(self, doc_id: str, limit: int = 10) -> list[Hit]:
        """Documents most like `doc_id` (not including it); NotFoundError if it is not indexed."""
    def rebuild(self, documents: Iterable[IndexedDocument]) -> int:
        """Replace the whole index with `documents` (works on a damaged index); returns the count."""
    def doc_ids(self) -> set[str]: ...
    def count(self) -> int: ...
    def flush(self) -> None:
        """Make every write so far durable and visible to new searches."""
    def close(self) -> None: ...
