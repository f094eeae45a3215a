"""Opening a search index by name: the one place that knows every backend."""
from __future__ import annotations

from pathlib import Path
from typing import Any

from ingest.errors import ConfigError
from search.docstore import DOCS_DIR, DocStore
from search.index import SearchIndex

INDEX_DIR = "index"
BACKENDS = ("whoosh", "neo4j", "tantivy")


def open_index(backend: str, data_dir: str | Path, driver: Any = None, database: str = "neo4j",
               writers: int = 1) -> SearchIndex:
    """An index of the named backend; whoosh and tantivy live in the data directory, neo4j needs a driver.
    `writers` is how many processes (whoosh) or threads (tantivy) write a batch."""
    data_dir = Path(data_dir)
    docstore = DocStore(data_dir / DOCS_DIR)
    if backend == "whoosh":
        from search.whoosh_index import WhooshIndex

        return WhooshIndex(data_dir / INDEX_DIR, docstore=docstore, procs=writers)
    if backend == "tantivy":
        from search.tantivy_index import TantivyIndex

        return TantivyIndex(data_dir / "tantivy", docstore=docstore, threads=writers)
    if backend == "neo4j":
        if driver is None:
            raise ConfigError("the neo4j search backend needs a Neo4j driver (set LIANTU_NEO4J_URI and "
                              "LIANTU_NEO4J_PASSWORD, and use the neo4j graph backend)")
        from search.neo4j_index import Neo4jIndex

        return Neo4jIndex(driver, database=database)
    raise ConfigError(f"unknown search backend {backend!r}; choose one of {', '.join(BACKENDS)}")
