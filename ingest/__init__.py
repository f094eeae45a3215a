"""Ingestion: load documents, normalise, segment, extract mentions and relations, resolve.

`ingest` never imports `graph`, `search` or `webapp`. Its batch runner writes to the sinks it
is given (see `ingest.runner.GraphSink` and `ingest.runner.IndexSink`).
"""
from ingest.errors import ConfigError, IngestError, LiantuError, LoadError, NotFoundError
from ingest.model import Document, Entity, Evidence, Extraction, Mention, Relation, Sentence

__all__ = ["ConfigError", "IngestError", "LiantuError", "LoadError", "NotFoundError", "Document", "Entity", "Evidence", "Extraction",
           "Mention", "Relation", "Sentence"]
