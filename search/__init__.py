"""Full-text search: the index protocol, its whoosh backend and the Chinese analyzer."""
from search.errors import QueryError, SearchError
from search.model import Hit, IndexedDocument, SearchQuery, SearchResults

__all__ = ["QueryError", "SearchError", "Hit", "IndexedDocument", "SearchQuery", "SearchResults"]
