"""The batch runner: files in, extractions written to the sinks the caller provides."""
from __future__ import annotations

import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

from ingest.errors import LoadError
from ingest.load import iter_files, load_path
from ingest.model import Document, Extraction
from ingest.pipeline import Pipeline


class GraphSink(Protocol):
    """Where extractions go in the graph (implemented by `graph` stores)."""

    def document_ids(self) -> set[str]: ...
    def document_origins(self) -> dict[str, str]: ...
    def write_extractions(self, extractions: Sequence[Extraction]) -> None: ...
    def remove_documents(self, doc_ids: Iterable[str]) -> None: ...


class IndexSink(Protocol):
    """Where extractions go in the full-text index."""

    def doc_ids(self) -> set[str]: ...
    def write_extractions(self, extractions: Sequence[Extraction]) -> None: ...
    def remove_documents(self, doc_ids: Iterable[str]) -> None: ...


@dataclass
class IngestReport:
    """What one ingest run did."""

    added: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    failed: list[tuple[str, str]] = field(default_factory=list)  # (where, why)
    seconds: float = 0.0
    bytes: int = 0

    @property
    def ok(self) -> bool:
        return bool(self.added or self.updated or self.unchanged)

    def as_dict(self) -> dict:
        return {"added": len(self.added), "updated": len(self.updated), "unchanged": len(self.unchanged),
                "failed": [{"where": w, "why": y} for w, y in self.failed],
                "seconds": round(self.seconds, 3), "megabytes": round(self.bytes / 1e6, 3)}


def load_documents(paths: Sequence[str | Path], report: IngestReport,
                   mapping: dict[str, str] | None = None) -> list[Document]:
    """Every document under `paths`; files that cannot be read are recorded in `report`."""
    docs: list[Document] = []
    for path in iter_files(list(paths)):
        errors: list[str] = []
        try:
            docs.extend(load_path(path, mapping, errors))
        except LoadError as exc:
            report.failed.append((str(path), str(exc)))
        for err in errors:
            report.failed.append((err.split(": ", 1)[0], err.split(": ", 1)[-1]))
    return docs


def ingest_documents(documents: Iterable[Document], pipeline: Pipeline, graph: GraphSink,
                     index: IndexSink, report: IngestReport | None = None,
                     batch_size: int = 64, progress=None, on_extraction=None) -> IngestReport:
    """Analyse and store documents: unchanged ones are skipped, edited ones replace their old version."""
    report = report or IngestReport()
    started = time.perf_counter()
    in_graph = graph.document_ids()
    in_index = index.doc_ids()
    origins = graph.document_origins()  # origin -> doc id
    batch: list[Extraction] = []
    replaced: list[str] = []

    def flush() -> None:
        if replaced:
            graph.remove_documents(replaced)
            index.remove_documents(replaced)
        if batch:
            graph.write_extractions(batch)
            index.write_extractions(batch)
        batch.clear()
        replaced.clear()

    seen: set[str] = set()
    for doc in documents:
        if doc.id in seen:
            report.unchanged.append(doc.id)
            continue
        seen.add(doc.id)
        if doc.id in in_graph and doc.id in in_index:
            report.unchanged.append(doc.id)
            continue
        old = origins.get(doc.origin) if doc.origin else None
        if old and old != doc.id:
            replaced.append(old)
            report.updated.append(doc.id)
        else:
            report.added.append(doc.id)
        x = pipeline.analyse(doc)
        if on_extraction is not None:
            on_extraction(x)
        batch.append(x)
        report.bytes += len(doc.text.encode("utf-8"))
        if progress is not None:
            progress(doc)
        if len(batch) >= batch_size:
            flush()
    flush()
    report.seconds = time.perf_counter() - started
    return report
