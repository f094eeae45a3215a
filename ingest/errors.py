"""Errors raised by ingestion. All derive from `LiantuError`, the root of every liantu error."""


class LiantuError(Exception):
    """Root of every error liantu raises on purpose; its message is shown to the user as is."""

    status = 400


class IngestError(LiantuError):
    """Something in ingestion failed."""


class LoadError(IngestError):
    """A file could not be read as a document (missing, undecodable, malformed)."""


class NotFoundError(LiantuError):
    """A named document, entity, chain or region does not exist."""

    status = 404


class ConfigError(LiantuError):
    """A setting is missing or invalid."""
