"""Errors raised by search."""
from ingest.errors import LiantuError


class SearchError(LiantuError):
    """The index cannot be used (locked, damaged, missing)."""

    status = 503


class QueryError(LiantuError):
    """A query the user typed cannot be run; the message says how to fix it.

    `zh` says the same in Chinese, for the pages (the API and the CLI keep the English message).
    """

    status = 400

    def __init__(self, message: str, zh: str | None = None) -> None:
        super().__init__(message)
        self.zh = zh
