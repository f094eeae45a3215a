"""The embedded full-text index on whoosh, stored in the data directory."""
from __future__ import annotations

import html
from collections.abc import Iterable, Sequence
from pathlib import Path

from whoosh import highlight, index as whoosh_index, sorting
from whoosh.fields import DATETIME, ID, KEYWORD, STORED, TEXT, Schema
from whoosh.qparser import MultifieldParser, OrGroup
from whoosh.query import And, DateRange, Or, Term

from search.analysis import ChineseAnalyzer
from search.errors import QueryError, SearchError
from search.model import Hit, IndexedDocument, SearchQuery, SearchResults

FACETS = ("kind", "regions", "entities", "chains")


def make_schema() -> Schema:
    """The index schema: analysed title and body, facets as keyword fields."""
    analyzer = ChineseAnalyzer()
    return Schema(
        id=ID(stored=True, unique=True),
        title=TEXT(analyzer=analyzer, stored=True, field_boost=2.0),
        body=TEXT(analyzer=analyzer, stored=True, chars=True),
        date=ID(stored=True, sortable=True),
        source=STORED(),
        url=STORED(),
        kind=ID(stored=True),
        regions=KEYWORD(stored=True, commas=True),
        entities=KEYWORD(stored=True, commas=True),
        chains=KEYWORD(stored=True, commas=True),
    )


class _EscapingFormatter(highlight.Formatter):
    """Escaped HTML with matched terms wrapped in <mark>."""

    between = " … "

    def format_token(self, text, token, replace=False):
        return "<mark>" + html.escape(highlight.get_text(text, token, replace)) + "</mark>"

    def format_fragment(self, fragment, replace=False):
        out, index = [], fragment.startchar
        text = fragment.text
        for t in fragment.matches:
            if t.startchar is None or t.startchar < index:
                continue
            out.append(html.escape(text[index:t.startchar]))
            out.append(self.format_token(text, t, replace))
            index = t.endchar
        out.append(html.escape(text[index:fragment.endchar]))
        return "".join(out)


class WhooshIndex:
    """Search index on whoosh at `path` (created on first use)."""

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        try:
            if whoosh_index.exists_in(self.path):
                self._ix = whoosh_index.open_dir(self.path)
            else:
                self.path.mkdir(parents=True, exist_ok=True)
                self._ix = whoosh_index.create_in(self.path, make_schema())
        except Exception as exc:  # whoosh raises many types for damaged indexes
            raise SearchError(f"{self.path}: the search index cannot be opened ({exc}); "
                              "run `liantu index rebuild` to rebuild it from the graph") from exc
        self._searcher = None

    # writing -------------------------------------------------------------------------------
    def _writer(self):
        from whoosh.index import LockError

        try:
            return self._ix.writer(timeout=30.0)
        except LockError as exc:
            raise SearchError(f"{self.path}: the search index is locked by another writer; wait for it to "
                              f"finish, or if none is running delete {self.path / 'MAIN_WRITELOCK'}") from exc

    def add(self, documents: Sequence[IndexedDocument]) -> None:
        if not documents:
            return
        writer = self._writer()
        try:
            for d in documents:
                writer.update_document(id=d.id, title=d.title or "", body=d.body, date=d.date or "",
                                       source=d.source, url=d.url, kind=d.kind,
                                       regions=",".join(d.regions), entities=",".join(d.entities),
                                       chains=",".join(d.chains))
            writer.commit()
        except BaseException:
            writer.cancel()
            raise
        self._reset_searcher()

    def delete(self, doc_ids: Iterable[str]) -> None:
        ids = list(doc_ids)
        if not ids:
            return
        writer = self._writer()
        try:
            for doc_id in ids:
                writer.delete_by_term("id", doc_id)
            writer.commit()
        except BaseException:
            writer.cancel()
            raise
        self._reset_searcher()

    def flush(self) -> None:
        self._reset_searcher()

    def close(self) -> None:
        self._reset_searcher()
        self._ix.close()

    def _reset_searcher(self) -> None:
        if self._searcher is not None:
            self._searcher.close()
            self._searcher = None

    def _get_searcher(self):
        if self._searcher is None:
            self._searcher = self._ix.searcher()
        else:
            self._searcher = self._searcher.refresh()
        return self._searcher

    # reading -------------------------------------------------------------------------------
    def doc_ids(self) -> set[str]:
        return {fields["id"] for fields in self._get_searcher().all_stored_fields()}

    def count(self) -> int:
        return self._get_searcher().doc_count()

    def search(self, query: SearchQuery) -> SearchResults:
        text = query.text.strip()
        if not text:
            raise QueryError("empty query: type one or more words")
        if len(text) > 500:
            raise QueryError(f"query too long ({len(text)} characters; at most 500)")
        parser = MultifieldParser(["title", "body"], self._ix.schema, group=OrGroup.factory(0.9))
        try:
            parsed = parser.parse(text)
        except Exception as exc:
            raise QueryError(f"cannot parse query {text!r}: {exc}") from exc
        filters = []
        for field, values in (("kind", query.kinds), ("regions", query.regions),
                              ("entities", query.entities), ("chains", query.chains)):
            if values:
                filters.append(Or([Term(field, v) for v in values]))
        if query.date_from or query.date_to:
            from whoosh.query import TermRange

            filters.append(TermRange("date", query.date_from or "0000", (query.date_to or "9999") + "~"))
        searcher = self._get_searcher()
        sortedby = sorting.FieldFacet("date", reverse=True) if query.sort == "date" else None
        page_len = query.offset + query.limit
        results = searcher.search(parsed, filter=And(filters) if filters else None, limit=max(page_len, 1),
                                  sortedby=sortedby, groupedby=list(FACETS), terms=True)
        results.fragmenter = highlight.ContextFragmenter(maxchars=160, surround=40)
        results.formatter = _EscapingFormatter()
        hits = []
        for r in results[query.offset:page_len]:
            snippet = ""
            if query.highlight:
                snippet = r.highlights("body", top=2) or html.escape(r["body"][:160])
            hits.append(Hit(id=r["id"], title=r["title"], score=float(r.score or 0.0), date=r["date"] or None,
                            source=r.get("source", ""), url=r.get("url", ""), kind=r["kind"], snippet=snippet,
                            regions=_split(r["regions"]), entities=_split(r["entities"]),
                            chains=_split(r["chains"])))
        facets = {}
        for name in FACETS:
            groups = results.groups(name)
            facets[name] = dict(sorted(((k, len(v)) for k, v in groups.items() if k), key=lambda kv: -kv[1])[:20])
        return SearchResults(query.text, len(results), hits, facets, query.offset, query.limit)


def _split(value: str) -> list[str]:
    return [v for v in (value or "").split(",") if v]
