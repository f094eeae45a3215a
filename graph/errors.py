"""Errors raised by the graph stores."""
from ingest.errors import LiantuError


class GraphError(LiantuError):
    """A graph store could not do what was asked."""

    status = 500


class StoreUnavailableError(GraphError):
    """The store cannot be reached or opened (Neo4j down, wrong password, damaged file)."""

    status = 503
