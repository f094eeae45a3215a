"""`Liantu`: one object holding the settings, the graph store, the search index and the pipeline.

The CLI, the web app and the tests all build it the same way, from a `Settings`.
"""
from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import asdict
from pathlib import Path
from typing import Any

from corpus import HomeRegionError, load_lexicon
from ingest.errors import ConfigError
from ingest.model import Extraction
from liantu.settings import Settings
from search.docstore import DOCS_DIR, DocStore
from search.kinds import document_kind
from search.model import IndexedDocument


def to_indexed(x: Extraction) -> IndexedDocument:
    """The index's view of an extraction: text and metadata with entity ids as facets.

    A document's regions are those it names and those it states its enterprises, projects
    and parks are located in."""
    doc = x.document
    located = [r.tail for r in x.relations if r.type == "LOCATED_IN" and r.tail.startswith("Region:")]
    return IndexedDocument(
        id=doc.id, title=doc.title, body=doc.text, date=doc.date, source=doc.source, url=doc.url,
        kind=document_kind(doc.kind, doc.title, doc.origin),
        regions=list(dict.fromkeys(x.entity_ids("Region") + located)),
        entities=[e for e in x.entity_ids() if not e.startswith(("Region:", "ChainLink:", "Chain:"))],
        chains=x.entity_ids("ChainLink") + x.entity_ids("Chain"), mentions=stored_mentions(x))


def stored_mentions(x: Extraction) -> list[dict[str, Any]]:
    """The mentions of an extraction as the document store keeps them, with spans in the original text.

    Spans are found in the analysed (simplified, layout-repaired) text and mapped back onto the
    text as it was read, which is the text stored and shown. Only attributes that are plain
    values are kept."""
    text = x.document.text
    mentions = []
    for m in x.mentions:
        start, end = x.original_span(m.start, m.end)
        if not 0 <= start < end <= len(text):
            continue
        mentions.append({"type": m.type, "start": start, "end": end, "entity_id": m.entity_id or None,
                         "canonical": m.canonical or None,
                         "attrs": {k: v for k, v in m.attrs.items() if isinstance(v, (str, int, float, bool))}})
    return mentions


class IndexSink:
    """Adapts a search index to ingestion's `IndexSink` protocol."""

    def __init__(self, index) -> None:
        self.index = index

    def doc_ids(self) -> set[str]:
        return self.index.doc_ids()

    def prepare(self, x: Extraction) -> None:
        """Segment and compress the document for the index where it was analysed (see ingest.runner)."""
        prepare = getattr(self.index, "prepare", None)
        if prepare is not None:
            x.prepared["index"] = prepare(to_indexed(x))

    def write_extractions(self, extractions: Sequence[Extraction]) -> None:
        self.index.add([x.prepared.pop("index", None) or to_indexed(x) for x in extractions])

    def remove_documents(self, doc_ids: Iterable[str]) -> None:
        self.index.delete(doc_ids)


class Liantu:
    """The assembled application: stores are opened on first use and kept."""

    def __init__(self, settings: Settings | None = None) -> None:
        self.settings = settings or Settings()
        self._graph = None
        self._index = None
        self._pipeline = None
        self._lexicon = None

    @property
    def lexicon(self):
        """The lexicon for the home region; a home region that names no city is a ConfigError."""
        if self._lexicon is None:
            try:
                self._lexicon = load_lexicon(home=self.settings.home_region)
            except HomeRegionError as exc:
                raise ConfigError(str(exc)) from None
        return self._lexicon

    @property
    def graph(self):
        if self._graph is None:
            from graph.backends import open_store

            self._graph = open_store(self.settings.graph_backend, self.settings.data_dir, self.settings.neo4j())
        return self._graph

    @property
    def index(self):
        if self._index is None:
            from search.backends import open_index

            backend = self.settings.effective_search_backend
            writers = self.settings.index_writers
            if backend == "neo4j":
                # Search shares the graph store's driver and database: it indexes the graph's nodes.
                from graph.neo4j_store import Neo4jStore

                graph = self.graph
                if not isinstance(graph, Neo4jStore):
                    raise ConfigError("the neo4j search backend indexes a graph that lives in Neo4j: "
                                      "set LIANTU_GRAPH=neo4j (or --graph neo4j) as well")
                self._index = open_index(backend, self.settings.data_dir, driver=graph.driver,
                                         database=graph.database, writers=writers)
            else:
                self._index = open_index(backend, self.settings.data_dir, writers=writers)
        return self._index

    @property
    def pipeline(self):
        if self._pipeline is None:
            from ingest.pipeline import Pipeline

            self._pipeline = Pipeline(lexicon=self.lexicon, name_model=self.settings.name_model)
        return self._pipeline

    def refresh(self) -> None:
        """Pick up what another process (an ingest) has written since the stores were opened."""
        if self._graph is not None and self._graph.refresh():
            if self._index is not None:
                self._index.flush()  # an ingest flushed the graph last, so the index is complete too

    def ingest(self, paths: Sequence[str | Path], progress=None, mapping: dict[str, str] | None = None,
               reanalyse: bool = False):
        """Ingest files and folders; returns the `IngestReport` (see `ingest_documents` for `reanalyse`)."""
        from ingest.runner import IngestReport, ingest_documents, load_documents

        report = IngestReport()
        docs = load_documents(paths, report, mapping)
        try:
            ingest_documents(docs, self.pipeline, self.graph, IndexSink(self.index), report, progress=progress,
                             reanalyse=reanalyse, stories=self.stories())
        finally:
            self.graph.flush()
            self.index.flush()
        return report

    def ingest_documents(self, docs: Sequence[Any], reanalyse: bool = False):
        """Ingest documents already loaded (fetched pages); returns the `IngestReport`."""
        from ingest.runner import IngestReport, ingest_documents

        report = IngestReport()
        try:
            ingest_documents(docs, self.pipeline, self.graph, IndexSink(self.index), report, reanalyse=reanalyse,
                             stories=self.stories())
        finally:
            self.graph.flush()
            self.index.flush()
        return report

    def stories(self):
        """The stories of the documents ingested so far (`ingest.stories`), read from the data directory."""
        from ingest.stories import STORIES_FILE, Stories

        return Stories(self.settings.data_dir / STORIES_FILE)

    def crawler(self, policy=None):
        """A `Crawler` over this data directory whose pages go through the ordinary ingest."""
        from ingest.crawl import Crawler
        from ingest.fetch import FetchPolicy, PoliteClient

        def ingest(docs):
            report = self.ingest_documents(docs)
            return report.added, report.updated, report.failed

        return Crawler(self.settings.data_dir, PoliteClient(policy or FetchPolicy()), ingest)

    def close(self) -> None:
        if self._graph is not None:
            self._graph.close()
        if self._index is not None:
            self._index.close()
        self._graph = self._index = None


def stored_document_fields(liantu: "Liantu", doc_id: str) -> dict[str, Any] | None:
    """The stored fields of a document (title, body, date, ... facets, mentions), or None if it is not stored.

    The text is kept once, by the search side, in its document store (`<data dir>/docs`),
    together with the mentions ingestion found in it.
    """
    stored = DocStore(liantu.settings.data_dir / DOCS_DIR).get(doc_id)
    return asdict(stored) if stored is not None else None
