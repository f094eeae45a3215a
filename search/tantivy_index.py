"""The full-text index on tantivy (Rust), fed text segmented by the project's analyzer.

tantivy has no Chinese tokenizer, so the analyzer (`search.analysis.IndexTokens`) segments the
repaired text (as extraction reads it) of title and body into their precise words and their
dictionary sub-words, each joined by spaces, and tantivy splits them on spaces in Rust:
`body` holds the precise words, `body_sub` the sub-words (so 碳酸锂 finds 电池级碳酸锂), the
same for the title (whose words keep positions, for phrases). `body_chars` holds the body's
character terms with positions (`search.analysis.char_string`): a quoted phrase is characters
in a row, and a query whose words find nothing looks for its rare words as characters in a
row (queries in `search.tantivy_query`). The text shown (`title_text`, `body_text`) is stored
beside them. Query words come from the same analyzer in query mode. Snippets are computed
from the stored text (`search.snippets`). Facets are tantivy terms aggregations over fast fields.
"""
from __future__ import annotations

import logging
import shutil
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

import tantivy

from ingest.errors import NotFoundError
from search.analysis import ChineseAnalyzer, IndexTokens, shared_segmenter
from search.docstore import DocStore
from search.errors import SearchError
from search.filters import Filters, prepare
from search.model import Hit, IndexedDocument, SearchQuery, SearchResults
from search.plan import QueryPlan, partial_window, plan_query
from search.rebuild import swap_in
from search.similar import MAX_CHARS, key_terms
from search.snippets import make_snippet
from search.tantivy_query import QueryBuilder

log = logging.getLogger(__name__)

FACETS = ("kind", "regions", "entities", "chains")
FACET_TOP = 20
HEAP_PER_THREAD = 64_000_000
# Words in fewer documents than this share of the index (or than 3) are rare: a wide query also
# looks for them as characters in a row (see search.tantivy_query).
RARE_WORD_SHARE = 1 / 5000
# What the index holds beyond its schema: 2 = words of the analysed text (pinyin annotations
# removed, broken lines joined); 3 = and its character terms with positions (`body_chars`).
# An index of another layout is rebuilt from the stored documents when it is opened.
LAYOUT = "3"
LAYOUT_FILE = "liantu-layout"


WORDS = "liantu_words"  # the analyzer of the segmented fields: split on spaces, drop absurdly long words


def words_analyzer():
    return tantivy.TextAnalyzerBuilder(tantivy.Tokenizer.whitespace()).filter(tantivy.Filter.remove_long(255)).build()


def make_schema():
    """Segmented title and body (words, sub-words), the body's characters with positions, the
    stored text, raw keyword fields (fast, for facets), a numeric date for ranges."""
    sb = tantivy.SchemaBuilder()
    sb.add_text_field("id", stored=True, tokenizer_name="raw")
    for name in ("title", "body"):
        # The body's phrases are matched on its characters (body_chars): its words need no positions.
        sb.add_text_field(name, tokenizer_name=WORDS, index_option="position" if name == "title" else "freq")
        sb.add_text_field(name + "_sub", tokenizer_name=WORDS, index_option="freq")
        sb.add_bytes_field(name + "_text", stored=True)
    sb.add_text_field("body_chars", tokenizer_name=WORDS)  # character terms with positions
    sb.add_text_field("date", stored=True, tokenizer_name="raw")
    sb.add_unsigned_field("date_key", fast=True, indexed=True)
    sb.add_text_field("source", stored=True, tokenizer_name="raw", index_option="basic")
    sb.add_text_field("url", stored=True, tokenizer_name="raw", index_option="basic")
    for name in FACETS:
        sb.add_text_field(name, stored=True, fast=True, tokenizer_name="raw", index_option="basic")
    return sb.build()


@dataclass(slots=True)
class PreparedDocument:
    """A document with its title and body segmented (`IndexTokens.strings`, the body with its
    characters) and its stored form."""

    document: IndexedDocument
    title: tuple[str, str] | None
    body: tuple[str, str, str] | None
    stored: bytes | None


def date_key(date: str | None, upper: bool = False) -> int:
    """YYYY[-MM[-DD]] as a sortable integer YYYYMMDD; missing parts are 00 (or 99 for an upper bound)."""
    if not date:
        return 0
    parts = (date.split("-") + ["", ""])[:3]
    fill = "99" if upper else "00"
    try:
        return int(parts[0][:4].rjust(4, "0") + (parts[1] or fill)[:2].rjust(2, "0") + (parts[2] or fill)[:2].rjust(2, "0"))
    except ValueError:
        return 0


class TantivyIndex:
    """Search index on tantivy at `path` (created on first use)."""

    def __init__(self, path: str | Path, docstore: DocStore | None = None, threads: int = 1) -> None:
        self.path = Path(path)
        self.docstore = docstore
        self.threads = threads
        self._analyzer = ChineseAnalyzer()
        self._index_tokens = IndexTokens(shared_segmenter())
        self._index = None
        self._schema = make_schema()
        self._queries = QueryBuilder(self._schema, self._rare)

    # opening -------------------------------------------------------------------------------
    @property
    def _ix(self):
        if self._index is None:
            try:
                self.path.mkdir(parents=True, exist_ok=True)
                fresh = not (self.path / "meta.json").exists()
                try:
                    index = self._open(self.path, reuse=True)
                except ValueError as exc:
                    if "schema does not match" not in str(exc) or self.docstore is None:
                        raise
                    index = self._upgrade()
                else:
                    if fresh:
                        _write_layout(self.path)
                    elif _read_layout(self.path) != LAYOUT and self.docstore is not None:
                        del index  # released before the rebuild swaps the directory
                        index = self._upgrade()
                # Readers move to a new commit only when told (our own writes, flush()): a server
                # must not show an ingest's index commits before the graph they belong to is saved.
                index.config_reader(reload_policy="Manual")
                self._index = index
            except Exception as exc:
                if "schema does not match" in str(exc):
                    raise SearchError(f"{self.path}: the search index was built by another version of liantu; "
                                      "run `liantu index rebuild` to rebuild it from the stored documents") from exc
                raise SearchError(f"{self.path}: the search index is damaged or from another version ({exc}); "
                                  "run `liantu index rebuild` to rebuild it from the stored documents") from exc
        return self._index

    def _upgrade(self):
        """An index of an earlier layout, rebuilt in this layout from the stored documents."""
        log.warning("%s: the search index has an earlier layout; rebuilding it from the stored documents", self.path)
        n = self.rebuild(iter(self.docstore))
        log.warning("%s: rebuilt with %d documents", self.path, n)
        return self._open(self.path, reuse=True)

    def _open(self, path: Path, reuse: bool):
        index = tantivy.Index(self._schema, str(path), reuse=reuse)
        index.register_tokenizer(WORDS, words_analyzer())
        return index

    def _searcher(self):
        try:
            return self._ix.searcher()
        except (ValueError, OSError) as exc:
            raise SearchError(f"{self.path}: the search index is damaged ({exc}); run `liantu index rebuild` "
                              "to rebuild it from the stored documents") from exc

    # writing -------------------------------------------------------------------------------
    def prepare(self, d: IndexedDocument) -> PreparedDocument:
        """The part of adding `d` that needs no index: segmenting and compressing (picklable).

        Ingestion runs this in its analysis processes, so the one process that writes the
        index only hands tantivy a few strings per document.
        """
        stored = self.docstore.encode(d) if self.docstore is not None else None
        return PreparedDocument(d, self._index_tokens.strings(d.title or ""),
                                self._index_tokens.strings_and_chars(d.body or ""), stored)

    def _document(self, p: IndexedDocument | PreparedDocument) -> tantivy.Document:
        if isinstance(p, IndexedDocument):
            p = PreparedDocument(p, None, None, None)
        d = p.document
        title = p.title if p.title is not None else self._index_tokens.strings(d.title or "")
        body = p.body if p.body is not None else self._index_tokens.strings_and_chars(d.body or "")
        doc = tantivy.Document(id=d.id, date=d.date or "", source=d.source or "", url=d.url or "",
                               kind=d.kind or "", title=title[0], title_sub=title[1], body=body[0],
                               body_sub=body[1], body_chars=body[2])
        doc.add_bytes("title_text", (d.title or "").encode("utf-8"))
        doc.add_bytes("body_text", (d.body or "").encode("utf-8"))
        doc.add_unsigned("date_key", date_key(d.date))
        for name in ("regions", "entities", "chains"):
            for value in getattr(d, name):
                doc.add_text(name, value)
        return doc

    def _writer(self, index=None):
        try:
            return (index or self._ix).writer(HEAP_PER_THREAD * self.threads, self.threads)
        except ValueError as exc:
            if "lock" in str(exc).lower():
                raise SearchError(f"{self.path}: the search index is locked by another writer (an ingest or a "
                                  "rebuild still running?); wait for it to finish and try again") from exc
            raise

    @staticmethod
    def _finish(writer) -> None:
        writer.commit()
        writer.wait_merging_threads()

    def add(self, documents: Sequence[IndexedDocument | PreparedDocument]) -> None:
        """Add documents (or their `prepare`d forms), replacing any with the same id."""
        if not documents:
            return
        prepared = [d if isinstance(d, PreparedDocument) else PreparedDocument(d, None, None, None)
                    for d in documents]
        if self.docstore is not None:
            self.docstore.put([p.document for p in prepared], [p.stored for p in prepared])
        writer = self._writer()
        for p in prepared:
            writer.delete_documents_by_term("id", p.document.id)
            writer.add_document(self._document(p))
        self._finish(writer)
        self._ix.reload()

    def delete(self, doc_ids: Iterable[str]) -> None:
        ids = list(doc_ids)
        if not ids:
            return
        writer = self._writer()
        for doc_id in ids:
            writer.delete_documents_by_term("id", doc_id)
        self._finish(writer)
        self._ix.reload()
        if self.docstore is not None:
            self.docstore.delete(ids)

    def rebuild(self, documents: Iterable[IndexedDocument]) -> int:
        """Build a fresh index beside the old one, then swap it in (the old one may be damaged)."""
        fresh = self.path.with_name(self.path.name + ".new")
        shutil.rmtree(fresh, ignore_errors=True)
        fresh.mkdir(parents=True)
        index = self._open(fresh, reuse=False)
        _write_layout(fresh)
        writer = self._writer(index)
        n = 0
        try:
            for d in documents:
                writer.add_document(self._document(d))
                n += 1
            self._finish(writer)
        except BaseException:
            writer.rollback()
            shutil.rmtree(fresh, ignore_errors=True)
            raise
        del index
        self.close()
        swap_in(fresh, self.path)
        return n

    def flush(self) -> None:
        if self._index is not None:
            self._index.reload()

    def close(self) -> None:
        self._index = None

    # reading -------------------------------------------------------------------------------
    def doc_ids(self) -> set[str]:
        # The term dictionary of `id`, counted over live documents (deleted ones count 0).
        terms = self._searcher().terms_with_prefix("id", "", filter_query=tantivy.Query.all_query())
        return {term for term, n in terms if n}

    def count(self) -> int:
        return self._searcher().num_docs

    def analyse(self, text: str) -> list[str]:
        """The words a query text is looked up as."""
        return [t.text for t in self._analyzer(text, mode="query")]

    def doc_frequency(self, word: str) -> int:
        searcher = self._searcher()
        return max(searcher.doc_freq(field, word) for field in ("body", "body_sub", "title", "title_sub"))

    def _rare(self, word: str) -> bool:
        return self.doc_frequency(word) < max(3, self._searcher().num_docs * RARE_WORD_SHARE)

    def plan(self, text: str) -> QueryPlan:
        """The units a query text looks for (see `search.plan`)."""
        return plan_query(text, self.analyse, self.doc_frequency, self._searcher().num_docs)

    def _facet_filters(self, filters: Filters) -> list:
        return [tantivy.Query.term_set_query(self._schema, name, values) for name, values in filters.facet_terms()]

    def _date_filter(self, filters: Filters):
        if not (filters.date_from or filters.date_to):
            return None
        return tantivy.Query.range_query(
            self._schema, "date_key", tantivy.FieldType.Unsigned,
            date_key(filters.date_from) if filters.date_from else 1,
            date_key(filters.date_to, upper=True) if filters.date_to else None)

    @staticmethod
    def _restrict(q, filters: list):
        if not filters:
            return q
        return tantivy.Query.boolean_query([(tantivy.Occur.Must, q)] + [(tantivy.Occur.Must, f) for f in filters])

    def search(self, query: SearchQuery) -> SearchResults:
        filters = prepare(query)
        plan = self.plan(query.text)
        facet_filters, date_filter = self._facet_filters(filters), self._date_filter(filters)
        every_filter = facet_filters + ([date_filter] if date_filter is not None else [])
        searcher = self._searcher()
        kwargs = {"order_by_field": "date_key", "order": tantivy.Order.Desc} if query.sort == "date" else {}
        for wide in (False, True):  # words first; characters in a row too when words find nothing
            all_units, partial, some_units = self._queries.compile(plan, wide)
            result = searcher.search(self._restrict(all_units, every_filter), limit=query.limit,
                                     offset=query.offset, count=True, **kwargs)
            if result.count:
                break
        found = [(score, addr, "all") for score, addr in result.hits]
        window = partial_window(plan, result.count, query.offset, query.limit)
        n_partial, matched = 0, all_units
        if window is not None:
            more = searcher.search(self._restrict(partial, every_filter), limit=window[1], offset=window[0],
                                   count=True, **kwargs)
            found += [(score, addr, "partial") for score, addr in more.hits]
            n_partial = more.count
            if not result.count:  # facets describe the documents with every word, if there are any
                matched = some_units
        hits = []
        for score, addr, match in found:
            fields = searcher.doc(addr).to_dict()
            hit = self._hit(fields, score if query.sort != "date" else 0.0,
                            make_snippet(_text(fields, "body_text"), plan.words) if query.highlight else "")
            hit.match = match
            hits.append(hit)
        total = result.count + n_partial
        facets: dict[str, dict[str, int]] = {name: {} for name in FACETS}
        if total:
            aggregations = {name: {"terms": {"field": name, "size": FACET_TOP}} for name in FACETS}
            agg = searcher.aggregate(self._restrict(matched, every_filter), aggregations)
            for name in FACETS:
                buckets = agg.get(name, {}).get("buckets", [])
                facets[name] = {b["key"]: b["doc_count"] for b in buckets if b["key"]}
        undated = 0
        if date_filter is not None:
            no_date = tantivy.Query.range_query(self._schema, "date_key", tantivy.FieldType.Unsigned, 0, 0)
            undated = searcher.search(self._restrict(matched, facet_filters + [no_date]), limit=1, count=True).count
        return SearchResults(query.text, total, hits, facets, query.offset, query.limit, partial=n_partial,
                             undated=undated, ignored=plan.ignored, similar=plan.similar)

    @staticmethod
    def _hit(fields: dict, score: float, snippet: str) -> Hit:
        first = lambda name: (fields.get(name) or [""])[0]  # noqa: E731
        return Hit(id=first("id"), title=_text(fields, "title_text"), score=float(score), date=first("date") or None,
                   source=first("source"), url=first("url"), kind=first("kind"), snippet=snippet,
                   regions=list(fields.get("regions", [])), entities=list(fields.get("entities", [])),
                   chains=list(fields.get("chains", [])))

    def more_like(self, doc_id: str, limit: int = 10) -> list[Hit]:
        searcher = self._searcher()
        found = searcher.search(tantivy.Query.term_query(self._schema, "id", doc_id), limit=1)
        if not found.hits:
            raise NotFoundError(f"no indexed document with id {doc_id!r}")
        fields = searcher.doc(found.hits[0][1]).to_dict()
        text = _text(fields, "title_text") + "\n" + _text(fields, "body_text")[:MAX_CHARS]
        terms = key_terms(self.analyse(text), lambda w: searcher.doc_freq("body", w), searcher.num_docs)
        if not terms:
            return []
        q = tantivy.Query.boolean_query(
            [(tantivy.Occur.Should, tantivy.Query.boost_query(tantivy.Query.term_query(self._schema, "body", w), wt))
             for w, wt in terms]
            + [(tantivy.Occur.MustNot, tantivy.Query.term_query(self._schema, "id", doc_id))])
        result = searcher.search(q, limit=limit)
        return [self._hit(searcher.doc(addr).to_dict(), score, "") for score, addr in result.hits]


def _read_layout(path: Path) -> str:
    try:
        return (path / LAYOUT_FILE).read_text().strip()
    except OSError:
        return ""


def _write_layout(path: Path) -> None:
    (path / LAYOUT_FILE).write_text(LAYOUT + "\n")


def _text(fields: dict, name: str) -> str:
    """A stored text field of a found document (stored as UTF-8 bytes)."""
    values = fields.get(name) or [b""]
    return bytes(values[0]).decode("utf-8")
