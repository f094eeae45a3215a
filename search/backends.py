"""Opening a search index by name: the one place that knows every backend."""
from __future__ import annotations

from pathlib import Path

from ingest.errors import ConfigError
from search.index import SearchIndex

INDEX_DIR = "index"
BACKENDS = ("whoosh",)


def open_index(backend: str, data_dir: str | Path) -> SearchIndex:
    """An index of the named backend in the data directory."""
    if backend == "whoosh":
        from search.whoosh_index import WhooshIndex

        return WhooshIndex(Path(data_dir) / INDEX_DIR)
    raise ConfigError(f"unknown search backend {backend!r}; choose one of {', '.join(BACKENDS)}")
