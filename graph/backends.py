"""Opening a graph store by name: the one place that knows every backend."""
from __future__ import annotations

from pathlib import Path
from typing import Any

from graph.store import GraphStore
from ingest.errors import ConfigError

GRAPH_FILE = "graph.pickle"
BACKENDS = ("networkx", "neo4j")


def open_store(backend: str, data_dir: str | Path, neo4j: dict[str, Any] | None = None) -> GraphStore:
    """A store of the named backend; `neo4j` holds uri, user, password and database."""
    if backend == "networkx":
        from graph.networkx_store import NetworkxStore

        return NetworkxStore(Path(data_dir) / GRAPH_FILE)
    if backend == "neo4j":
        try:
            from graph.neo4j_store import Neo4jStore
        except ImportError as exc:
            raise ConfigError(f"the Neo4j backend is not available: {exc}") from exc
        from graph.neo4j_local import launcher_connection

        # no password configured: the local server `liantu neo4j start` runs, if any
        return Neo4jStore.connect(**launcher_connection(neo4j or {}))
    raise ConfigError(f"unknown graph backend {backend!r}; choose one of {', '.join(BACKENDS)}")
