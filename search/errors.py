"""Errors raised by search."""
from ingest.errors import LiantuError


class SearchError(LiantuError):
    """The index cannot be used (locked, damaged, missing)."""

    status = 503


class QueryError(LiantuError):
    """A query the user typed cannot be run; the message says how to fix it."""

    status = 400
