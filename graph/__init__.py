"""The knowledge graph: its model, the store protocol, the networkx and Neo4j stores, and queries.

Stores are opened with `graph.open_store(settings)`; every backend satisfies
`graph.store.GraphStore` and passes the same contract tests (tests/graph/test_store_contract.py).
"""
from graph.errors import GraphError, StoreUnavailableError
from graph.model import GraphPath, Subgraph
from graph.store import GraphStore

__all__ = ["GraphError", "StoreUnavailableError", "GraphPath", "Subgraph", "GraphStore"]
