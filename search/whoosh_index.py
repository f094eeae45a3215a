"""The embedded full-text index on whoosh, stored in the data directory.

Queries are compiled from `search.query`'s tree into whoosh query objects (user text never
goes through whoosh's own parser, so its syntax characters are just text). Highlighting uses
the character offsets stored in the postings ("pinpoint"), so hits are not re-analysed.
"""
from __future__ import annotations

import html
import shutil
from collections import Counter
from collections.abc import Iterable, Sequence
from itertools import chain
from pathlib import Path

from whoosh import highlight, sorting
from whoosh import index as whoosh_index
from whoosh.fields import ID, KEYWORD, STORED, TEXT, Schema
from whoosh.query import And, AndNot, ConstantScoreQuery, Or, Phrase, Term, TermRange

from ingest.errors import NotFoundError
from search.analysis import CharTokenizer, ChineseAnalyzer, char_terms
from search.docstore import DocStore
from search.errors import QueryError, SearchError
from search.filters import Filters, prepare
from search.model import Hit, IndexedDocument, SearchQuery, SearchResults
from search.plan import Alternative, QueryPlan, Unit, partial_window, plan_query
from search.rebuild import swap_in
from search.similar import MAX_CHARS, key_terms
from search.snippets import make_snippet

FACETS = ("kind", "regions", "entities", "chains")
FACET_TOP = 20
UNIT_SCORE = 1000.0  # added per matched unit in partial matches: more units matched always ranks first
PROXIMITY_SLOP = 3  # adjacent query words this close in a document's text rank higher
PROXIMITY_BOOST = 2.0
CHARS_BOOST = 0.5  # a word found only as characters in a row ranks below one found as a word
MAX_CHAR_TERMS = 8
RARE_WORD_SHARE = 1 / 5000  # words in fewer documents (or than 3) are also looked for as characters
SNIPPET_CHARS = 160
# Highlighting looks at no more than this many characters of a body: bounds the work per hit.
HIGHLIGHT_CHARLIMIT = 100_000


def make_schema() -> Schema:
    """The index schema: analysed title and body, facets as keyword fields."""
    analyzer = ChineseAnalyzer()
    return Schema(
        id=ID(stored=True, unique=True),
        title=TEXT(analyzer=analyzer, stored=True, field_boost=2.0),
        body=TEXT(analyzer=analyzer, stored=True, chars=True),
        chars=TEXT(analyzer=CharTokenizer()),
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

    def format_fragment(self, fragment, replace: bool = False) -> str:
        # Adjacent matches (the words of a phrase) become one <mark>; a match overlapping one
        # already marked (a sub-word inside a longer word) is skipped.
        spans: list[list[int]] = []
        for t in fragment.matches:
            if t.startchar is None or (spans and t.startchar < spans[-1][1]):
                continue
            if spans and t.startchar == spans[-1][1]:
                spans[-1][1] = t.endchar
            else:
                spans.append([t.startchar, t.endchar])
        text, index, out = fragment.text, fragment.startchar, []
        for start, end in spans:
            out.append(html.escape(text[index:start]))
            out.append("<mark>" + html.escape(text[start:end]) + "</mark>")
            index = end
        out.append(html.escape(text[index:fragment.endchar]))
        return "".join(out)


def _locked_message(path: Path) -> str:
    return (f"{path}: the search index is locked by another writer (an ingest or a rebuild still "
            "running?); wait for it to finish and try again. The lock is released when that "
            "process exits, so stopping it is the way out.")


def _damaged_message(path: Path, exc: BaseException) -> str:
    return (f"{path}: the search index is damaged or from an older version ({type(exc).__name__}: {exc}); "
            "run `liantu index rebuild` to rebuild it from the stored documents")


class WhooshIndex:
    """Search index on whoosh at `path` (created on first write).

    `docstore` (optional) receives a copy of every document added, for `liantu index rebuild`.
    `lock_timeout` is how long a writer waits for another writer before giving up.
    """

    def __init__(self, path: str | Path, docstore: DocStore | None = None, lock_timeout: float = 10.0,
                 procs: int = 1, snippets: str = "pinpoint") -> None:
        self.path = Path(path)
        self.docstore = docstore
        self.lock_timeout = lock_timeout
        self.procs = procs
        self.snippets = snippets  # "pinpoint" (offsets stored in the postings) or "text" (search.snippets)
        self._index = None
        self._searcher = None
        # (searcher, facet -> each document's values): valid while that searcher is current
        self._facet_cache: tuple[object, dict[str, list[tuple[str, ...]]]] | None = None

    # opening -------------------------------------------------------------------------------
    @property
    def _ix(self):
        if self._index is None:
            try:
                if whoosh_index.exists_in(self.path):
                    ix = whoosh_index.open_dir(self.path)
                    if "body" not in ix.schema or not ix.schema["body"].supports("characters"):
                        raise SearchError(_damaged_message(self.path, ValueError("schema without offsets")))
                    if "chars" not in ix.schema:
                        raise SearchError(_damaged_message(self.path, ValueError("schema without characters")))
                else:
                    self.path.mkdir(parents=True, exist_ok=True)
                    ix = whoosh_index.create_in(self.path, make_schema())
            except SearchError:
                raise
            except Exception as exc:  # whoosh raises many types for damaged indexes
                raise SearchError(_damaged_message(self.path, exc)) from exc
            self._index = ix
        return self._index

    def _get_searcher(self):
        try:
            if self._searcher is None:
                self._searcher = self._ix.searcher()
            else:
                self._searcher = self._searcher.refresh()
        except SearchError:
            raise
        except Exception as exc:
            self._searcher = None
            raise SearchError(_damaged_message(self.path, exc)) from exc
        return self._searcher

    # writing -------------------------------------------------------------------------------
    def _writer(self, ix=None, **kwargs):
        from whoosh.index import LockError

        try:
            return (ix or self._ix).writer(timeout=self.lock_timeout, **kwargs)
        except LockError as exc:
            raise SearchError(_locked_message(self.path)) from exc

    @staticmethod
    def _fields(d: IndexedDocument) -> dict:
        return dict(id=d.id, title=d.title or "", body=d.body or "", chars=d.body or "", date=d.date or "",
                    source=d.source or "",
                    url=d.url or "", kind=d.kind or "", regions=",".join(d.regions),
                    entities=",".join(d.entities), chains=",".join(d.chains))

    def add(self, documents: Sequence[IndexedDocument]) -> None:
        if not documents:
            return
        if self.docstore is not None:
            self.docstore.put(documents)
        writer = self._writer()
        try:
            for d in documents:
                writer.update_document(**self._fields(d))
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
        if self.docstore is not None:
            self.docstore.delete(ids)
        self._reset_searcher()

    def rebuild(self, documents: Iterable[IndexedDocument], limitmb: int = 256) -> int:
        """Build a fresh index beside the old one, then swap it in (the old one may be damaged)."""
        fresh = self.path.with_name(self.path.name + ".new")
        shutil.rmtree(fresh, ignore_errors=True)
        fresh.mkdir(parents=True)
        ix = whoosh_index.create_in(fresh, make_schema())
        kwargs = {"limitmb": limitmb}
        if self.procs > 1:
            kwargs.update(procs=self.procs, multisegment=True)
        writer = ix.writer(**kwargs)
        n = 0
        try:
            for d in documents:
                writer.add_document(**self._fields(d))
                n += 1
            writer.commit()
        except BaseException:
            writer.cancel()
            shutil.rmtree(fresh, ignore_errors=True)
            raise
        ix.close()
        self.close()
        swap_in(fresh, self.path)
        return n

    def flush(self) -> None:
        self._reset_searcher()

    def close(self) -> None:
        self._reset_searcher()
        if self._index is not None:
            self._index.close()
            self._index = None

    def _reset_searcher(self) -> None:
        self._facet_cache = None
        if self._searcher is not None:
            self._searcher.close()
            self._searcher = None

    # reading -------------------------------------------------------------------------------
    def doc_ids(self) -> set[str]:
        return {fields["id"] for fields in self._get_searcher().all_stored_fields()}

    def count(self) -> int:
        return self._get_searcher().doc_count()

    def analyse(self, text: str) -> list[str]:
        """The words a query text is looked up as (query mode of the index's analyzer)."""
        return [t.text for t in self._ix.schema["body"].analyzer(text, mode="query")]

    def doc_frequency(self, word: str) -> int:
        """How many documents contain `word` in title or body (an analysed word)."""
        searcher = self._get_searcher()
        return max(searcher.doc_frequency("body", word), searcher.doc_frequency("title", word))

    @staticmethod
    def _chars(text: str, boost: float = 1.0):
        """The character terms of `text` in a row in the body (see `search.analysis.char_string`)."""
        terms = char_terms(text)
        if not terms:
            return None
        return Term("chars", terms[0], boost=boost) if len(terms) == 1 else Phrase("chars", terms, boost=boost)

    def _word(self, word: str, wide: bool):
        alternatives = [Term("title", word), Term("body", word)]
        terms = char_terms(word)
        single = len(terms) == 1 and len(word) == 1  # one character: only the character field has it
        if single or (wide and terms and len(terms) <= MAX_CHAR_TERMS and (len(terms) == 1 or self._rare(word))):
            alternatives.append(self._chars(word, CHARS_BOOST))
        return Or(alternatives)

    def _alternative(self, a: Alternative, wide: bool = False):
        words = list(a.words)
        if a.phrase:
            chars = self._chars(" ".join(words))
            return Or([Phrase("title", words), Phrase("body", words)] + ([chars] if chars is not None else []))
        per_word = [self._word(w, wide) for w in words]
        return per_word[0] if len(per_word) == 1 else And(per_word)

    def _unit(self, unit: Unit, wide: bool):
        alternatives = [self._alternative(a, wide) for a in unit.alternatives]
        return alternatives[0] if len(alternatives) == 1 else Or(alternatives)

    def _rare(self, word: str) -> bool:
        return self.doc_frequency(word) < max(3, self._get_searcher().doc_count() * RARE_WORD_SHARE)

    def plan(self, text: str) -> QueryPlan:
        """The units a query text looks for (see `search.plan`)."""
        searcher = self._get_searcher()
        return plan_query(text, self.analyse, self.doc_frequency, searcher.doc_count())

    def compile(self, plan: QueryPlan, wide: bool = False):
        """The whoosh queries of a plan: all units, and some units but not all (ranked: most
        units matched first, each matched unit adding a constant beside its score, plus a boost
        for adjacent query words found near each other). A wide query also looks for words as
        characters in a row (as `search.tantivy_query` does)."""
        units = [self._unit(u, wide) for u in plan.units]
        excluded = Or([self._alternative(a, wide) for a in plan.excluded]) if plan.excluded else None
        all_units = units[0] if len(units) == 1 else And(units)
        ranked = ([ConstantScoreQuery(u, UNIT_SCORE) for u in units] + units +
                  [Phrase("body", list(pair), slop=PROXIMITY_SLOP, boost=PROXIMITY_BOOST)
                   for pair in plan.adjacent_pairs()])
        some_units = Or(ranked)
        if excluded is not None:
            all_units, some_units = AndNot(all_units, excluded), AndNot(some_units, excluded)
        return all_units, AndNot(some_units, all_units), some_units

    @staticmethod
    def _filter(filters: Filters, dates: bool = True):
        parts = [Or([Term(name, v) for v in values]) for name, values in filters.facet_terms()]
        if dates and (filters.date_from or filters.date_to):
            parts.append(TermRange("date", filters.date_from or "0", filters.date_upper or "9~",
                                   startexcl=False, endexcl=False))
        if not parts:
            return None
        return parts[0] if len(parts) == 1 else And(parts)

    def _run(self, searcher, q, filters: Filters, limit: int, sortedby, pinpoint: bool):
        try:
            results = searcher.search(q, filter=self._filter(filters), limit=limit, sortedby=sortedby, terms=pinpoint)
        except QueryError:
            raise
        except Exception as exc:
            raise SearchError(_damaged_message(self.path, exc)) from exc
        results.fragmenter = highlight.PinpointFragmenter(maxchars=SNIPPET_CHARS, surround=40, autotrim=True,
                                                          charlimit=HIGHLIGHT_CHARLIMIT)
        results.formatter = _EscapingFormatter()
        return results

    def search(self, query: SearchQuery) -> SearchResults:
        filters = prepare(query)
        plan = self.plan(query.text)
        searcher = self._get_searcher()
        sortedby = sorting.FieldFacet("date", reverse=True) if query.sort == "date" else None
        pinpoint = query.highlight and self.snippets == "pinpoint"
        page_len = query.offset + query.limit
        for wide in (False, True):  # words first; characters in a row too when words find nothing
            all_units, partial, some_units = self.compile(plan, wide)
            results = self._run(searcher, all_units, filters, page_len, sortedby, pinpoint)
            docnums = results.docs()  # every match (run once: len(results) would run the query again)
            if docnums:
                break
        found = [(r, "all") for r in results[query.offset:page_len]]
        n_all, n_partial = len(docnums), 0
        window = partial_window(plan, n_all, query.offset, query.limit)
        if window is not None:
            more = self._run(searcher, partial, filters, window[0] + window[1], sortedby, pinpoint)
            found += [(r, "partial") for r in more[window[0]:window[0] + window[1]]]
            partial_docs = more.docs()
            n_partial = len(partial_docs)
            docnums = set(docnums) | set(partial_docs)
        hits = []
        for r, match in found:
            hit = self._hit(r, pinpoint)
            if query.highlight and not pinpoint:
                hit.snippet = make_snippet(r["body"], plan.words, maxchars=SNIPPET_CHARS)
            hit.match = match
            hits.append(hit)
        undated = 0
        if filters.date_from or filters.date_to:
            matched = all_units if window is None else some_units
            dated = TermRange("date", "0", "9~", startexcl=False, endexcl=False)
            undated = len(searcher.search(AndNot(matched, dated), filter=self._filter(filters, dates=False),
                                          limit=1).docs())
        return SearchResults(query.text, n_all + n_partial, hits, self._facet_counts(searcher, docnums),
                             query.offset, query.limit, partial=n_partial, undated=undated, ignored=plan.ignored,
                             similar=plan.similar)

    def _facet_values(self, searcher) -> dict[str, list[tuple[str, ...]]]:
        """For each facet, the values of every document by document number (cached per searcher).

        whoosh's own grouping rebuilds this table for every query (O(documents)); it only
        changes when the index does, and the cache follows the searcher.
        """
        if self._facet_cache is not None and self._facet_cache[0] is searcher:
            return self._facet_cache[1]
        reader = searcher.reader()
        n = reader.doc_count_all()
        table: dict[str, list[tuple[str, ...]]] = {}
        for name in FACETS:
            values: list[tuple[str, ...]] = [()] * n
            for btext in reader.lexicon(name):
                text = btext.decode("utf-8")
                for docnum in reader.postings(name, btext).all_ids():
                    values[docnum] = values[docnum] + (text,)
            table[name] = values
        self._facet_cache = (searcher, table)
        return table

    def _facet_counts(self, searcher, docnums) -> dict[str, dict[str, int]]:
        table = self._facet_values(searcher)
        out = {}
        for name in FACETS:
            counts = Counter(chain.from_iterable(map(table[name].__getitem__, docnums)))
            out[name] = dict(sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[:FACET_TOP])
        return out

    @staticmethod
    def _hit(r, with_snippet: bool) -> Hit:
        snippet = ""
        if with_snippet:
            snippet = r.highlights("body", top=2) or html.escape(r["body"][:SNIPPET_CHARS])
        return Hit(id=r["id"], title=r["title"], score=float(r.score or 0.0), date=r["date"] or None,
                   source=r.get("source", ""), url=r.get("url", ""), kind=r["kind"], snippet=snippet,
                   regions=_split(r["regions"]), entities=_split(r["entities"]), chains=_split(r["chains"]))

    def more_like(self, doc_id: str, limit: int = 10) -> list[Hit]:
        searcher = self._get_searcher()
        docnum = searcher.document_number(id=doc_id)
        if docnum is None:
            raise NotFoundError(f"no indexed document with id {doc_id!r}")
        stored = searcher.stored_fields(docnum)
        text = (stored.get("title") or "") + "\n" + (stored.get("body") or "")[:MAX_CHARS]
        n_docs = searcher.doc_count()
        terms = key_terms(self.analyse(text), lambda w: searcher.doc_frequency("body", w), n_docs)
        if not terms:
            return []
        q = Or([Term("body", w, boost=weight) for w, weight in terms])
        return [self._hit(r, False) for r in searcher.search(q, limit=limit, mask={docnum})]

def _split(value: str) -> list[str]:
    return [v for v in (value or "").split(",") if v]
