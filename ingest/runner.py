"""The batch runner: files in, extractions written to the sinks the caller provides."""
from __future__ import annotations

import os
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from itertools import accumulate
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from ingest.errors import LoadError
from ingest.facts import mark_story
from ingest.load import iter_files, load_path
from ingest.model import Document, Extraction
from ingest.pipeline import Pipeline

if TYPE_CHECKING:
    from ingest.stories import Stories


class GraphSink(Protocol):
    """Where extractions go in the graph (implemented by `graph` stores)."""

    def document_ids(self) -> set[str]: ...
    def document_origins(self) -> dict[str, str]: ...
    def write_extractions(self, extractions: Sequence[Extraction]) -> None: ...
    def remove_documents(self, doc_ids: Iterable[str]) -> None: ...


class IndexSink(Protocol):
    """Where extractions go in the full-text index.

    A sink may also have `prepare(extraction)`: work on one extraction that needs no index
    (segmenting, compressing), which the runner does in the analysis processes, leaving the
    result in `extraction.prepared` for `write_extractions`.
    """

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


# What an analysis worker process works with, set once by `_init_worker` when the pool starts:
# the pipeline, the sink's `prepare` and the documents of the run. Workers are forked, so the
# documents are inherited rather than sent, and a task is just a document's place in the list
# (a process-wide slot is how multiprocessing hands state to its workers; the parent never
# uses it).
_WORKER: list = []


def _init_worker(pipeline, prepare, docs) -> None:
    _WORKER[:] = [pipeline, prepare, docs]


def _analyse_one(doc: Document, pipeline: Pipeline, prepare):
    """The extraction of one document, prepared for the sinks; a failure comes back as its message."""
    try:
        x = pipeline.analyse(doc)
        if prepare is not None:
            prepare(x)
        return x
    except Exception as exc:  # one bad document must not stop the batch
        return f"{type(exc).__name__}: {exc}"


def _analyse_in_worker(k: int):
    """The extraction of document `k`, without the document (the writer has it: see `_analysed`)."""
    pipeline, prepare, docs = _WORKER
    x = _analyse_one(docs[k], pipeline, prepare)
    if not isinstance(x, str):
        x.document = None
    return x


def _windows(docs: list[Document], max_docs: int, max_bytes: int):
    """Consecutive groups of documents of at most `max_docs` documents or about `max_bytes` of text."""
    window: list[Document] = []
    size = 0
    for doc in docs:
        window.append(doc)
        size += len(doc.text) * 3  # an upper bound on UTF-8 bytes, without encoding
        if len(window) >= max_docs or size >= max_bytes:
            yield window
            window, size = [], 0
    if window:
        yield window


def _window_timeout(window: list[Document]) -> float:
    """Seconds to wait for the analysis of a window: generous (ten times a slow machine's pace)."""
    return 120.0 + 60.0 * sum(len(d.text) for d in window) / 1e6


def _analysed(docs: list[Document], pipeline: Pipeline, workers: int, prepare=None):
    """(document, extraction or error message) for each document, in order, on `workers` processes."""
    if workers > 1 and len(docs) >= 8:
        import multiprocessing

        try:
            ctx = multiprocessing.get_context("fork")
        except ValueError:  # no fork on this platform: analyse here
            ctx = None
        if ctx is not None:
            # Windows of documents are analysed two ahead of the writer: the workers keep busy
            # while the parent writes, the next window is queued when a worker ends its share
            # of the current one early, and at most three windows of results are held at once
            # (imap would queue every result while the writer lags behind).
            pipeline.warm()
            windows = list(_windows(docs, max_docs=32 * workers, max_bytes=8_000_000))
            firsts = list(accumulate((len(w) for w in windows), initial=0))
            with ctx.Pool(workers, initializer=_init_worker, initargs=(pipeline, prepare, docs)) as pool:
                def submit(k):
                    return pool.map_async(_analyse_in_worker, range(firsts[k], firsts[k + 1]),
                                          chunksize=max(1, len(windows[k]) // (workers * 4)))

                pending = [submit(k) for k in range(min(2, len(windows)))]
                for k, window in enumerate(windows):
                    try:
                        results = pending.pop(0).get(timeout=_window_timeout(window))
                    except multiprocessing.TimeoutError:
                        # A worker that dies takes its tasks with it and a pool never answers for
                        # them: rather than wait forever, finish this and the remaining windows here.
                        pool.terminate()
                        for rest in windows[k:]:
                            for doc in rest:
                                yield doc, _analyse_one(doc, pipeline, prepare)
                        return
                    if k + 2 < len(windows):
                        pending.append(submit(k + 2))
                    for doc, x in zip(window, results, strict=True):
                        if not isinstance(x, str):
                            x.document = doc
                        yield doc, x
                    del results
            return
    for doc in docs:
        yield doc, _analyse_one(doc, pipeline, prepare)


def ingest_documents(documents: Iterable[Document], pipeline: Pipeline, graph: GraphSink,
                     index: IndexSink, report: IngestReport | None = None,
                     batch_size: int = 64, progress=None, on_extraction=None,
                     workers: int | None = None, batch_megabytes: float = 8.0,
                     reanalyse: bool = False, stories: Stories | None = None) -> IngestReport:
    """Analyse and store documents: unchanged ones are skipped, edited ones replace their old version.

    With `reanalyse`, documents already stored are analysed again and their facts replaced (after
    the extraction rules or the lexicon changed); they count as updated.

    Analysis runs on `workers` processes (both cores by default); writing stays in this process,
    one batch at a time, graph first and index second. A document is only skipped when both hold
    it, so a run killed between the two writes is repaired by the next run.

    With `stories` (`ingest.stories.Stories`), each new document is given its story before it is
    analysed: near copies of an earlier document join that document's story, and the stages
    they state count once. The stories are saved after the last batch is written.
    """
    report = report or IngestReport()
    started = time.perf_counter()
    if workers is None:
        workers = min(2, os.cpu_count() or 1)
    in_graph = graph.document_ids()
    in_index = index.doc_ids()
    origins = graph.document_origins()  # origin -> doc id
    batch: list[Extraction] = []
    batch_bytes = [0]  # text held in the current batch: big documents are written sooner
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
    todo: list[Document] = []
    for doc in documents:
        if doc.id in seen:
            report.unchanged.append(doc.id)
            continue
        seen.add(doc.id)
        if doc.id in in_graph and doc.id in in_index and not reanalyse:
            report.unchanged.append(doc.id)
            continue
        todo.append(doc)
    again = {doc.id for doc in todo if doc.id in in_graph or doc.id in in_index} if reanalyse else set()
    if stories is not None:
        for doc in todo:
            doc.story = stories.assign(doc)
    for doc, x in _analysed(todo, pipeline, workers, getattr(index, "prepare", None)):
        if isinstance(x, str):
            report.failed.append((doc.origin or doc.id, f"analysis failed: {x}"))
            continue
        mark_story(x.entities, x.relations, doc.id, doc.story)
        old = origins.get(doc.origin) if doc.origin else None
        if old and old != doc.id:
            if stories is not None:
                stories.forget([old])
            replaced.append(old)
            report.updated.append(doc.id)
        elif doc.id in again:
            replaced.append(doc.id)  # its old facts go before the new ones are written
            report.updated.append(doc.id)
        else:
            report.added.append(doc.id)
        if on_extraction is not None:
            on_extraction(x)
        batch.append(x)
        size = len(doc.text.encode("utf-8"))
        report.bytes += size
        batch_bytes[0] += size
        if progress is not None:
            progress(doc)
        if len(batch) >= batch_size or batch_bytes[0] >= batch_megabytes * 1e6:
            flush()
            batch_bytes[0] = 0
    flush()
    if stories is not None:
        stories.save()
    report.seconds = time.perf_counter() - started
    return report
