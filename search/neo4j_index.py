"""The full-text index in Neo4j, for deployments whose graph lives in Neo4j.

Neo4j's analyzers do not know Chinese words (its 'cjk' analyzer indexes character bigrams,
which finds 农业 inside 农业发展银行 but also 业发 and cannot line up phrases with the other
backend). So the text is segmented here, by the same analyzer as the other backends, and
stored as whitespace-joined tokens that a 'whitespace' full-text index reads:
- `title_tok` / `body_tok`: every index token (precise words and their sub-words), for recall;
- `title_phr` / `body_phr`: precise words only, in order, so quoted phrases line up.
Query words are quoted and escaped into a Lucene query; filters, counts and facets are
parameterised Cypher (all in `search.cypher`). The driver is injected, never created here.
"""
from __future__ import annotations

from collections.abc import Iterable, Sequence

from ingest.errors import NotFoundError
from search import cypher
from search.analysis import ChineseAnalyzer
from search.docstore import DocStore
from search.errors import QueryError, SearchError
from search.filters import prepare
from search.model import Hit, IndexedDocument, SearchQuery, SearchResults
from search.query import Clause, compile_query
from search.similar import MAX_CHARS, key_terms
from search.snippets import make_snippet

FACETS = ("kind", "regions", "entities", "chains")
FACET_TOP = 20
BATCH = 500
TITLE_BOOST = 2


def lucene_term(word: str) -> str:
    """A word as a quoted Lucene term: every character is literal."""
    return '"' + word.replace("\\", "\\\\").replace('"', '\\"') + '"'


class Neo4jIndex:
    """Search index in Neo4j reached through an injected `neo4j.Driver`."""

    def __init__(self, driver, database: str = "neo4j", docstore: DocStore | None = None) -> None:
        self.driver = driver
        self.database = database
        self.docstore = docstore
        self._analyzer = ChineseAnalyzer()
        self._ready = False

    # plumbing ------------------------------------------------------------------------------
    def _run(self, query: str, read: bool = False, **params):
        import neo4j
        from neo4j.exceptions import ClientError, Neo4jError, ServiceUnavailable, SessionExpired

        try:
            records, _summary, _keys = self.driver.execute_query(
                query, params, database_=self.database,
                routing_=neo4j.RoutingControl.READ if read else neo4j.RoutingControl.WRITE)
        except (ServiceUnavailable, SessionExpired) as exc:
            raise SearchError(f"the Neo4j search index is unreachable ({exc}); check that Neo4j is running "
                              "and LIANTU_NEO4J_URI points at it") from exc
        except ClientError as exc:
            if "fulltext" in str(exc).lower() or "parse" in str(exc).lower():
                raise QueryError(f"Neo4j could not run the query: {exc.message}") from exc
            raise SearchError(f"the Neo4j search index failed: {exc.message}") from exc
        except Neo4jError as exc:
            raise SearchError(f"the Neo4j search index failed: {exc}") from exc
        return records

    def _ensure(self) -> None:
        if not self._ready:
            self._run(cypher.CREATE_CONSTRAINT)
            self._run(cypher.CREATE_FULLTEXT)
            self._run(cypher.AWAIT_INDEXES)
            self._ready = True

    # writing -------------------------------------------------------------------------------
    def _segment(self, text: str) -> tuple[str, str]:
        """(all tokens, precise words) of a text, each whitespace-joined."""
        tokens = list((t.text, t.pos, t.startchar, t.endchar) for t in
                      self._analyzer(text or "", positions=True, chars=True))
        everything = " ".join(t[0] for t in tokens)
        # The precise word at a position is its longest token (sub-words share the position).
        by_pos: dict[int, tuple[str, int]] = {}
        for word, pos, start, end in tokens:
            if pos not in by_pos or end - start > by_pos[pos][1]:
                by_pos[pos] = (word, end - start)
        precise = " ".join(by_pos[p][0] for p in sorted(by_pos))
        return everything, precise

    def _row(self, d: IndexedDocument) -> dict:
        title_tok, title_phr = self._segment(d.title)
        body_tok, body_phr = self._segment(d.body)
        return {"id": d.id, "title": d.title or "", "body": d.body or "", "date": d.date or "",
                "source": d.source or "", "url": d.url or "", "kind": d.kind or "", "regions": list(d.regions),
                "entities": list(d.entities), "chains": list(d.chains), "title_tok": title_tok,
                "title_phr": title_phr, "body_tok": body_tok, "body_phr": body_phr}

    def add(self, documents: Sequence[IndexedDocument]) -> None:
        if not documents:
            return
        self._ensure()
        if self.docstore is not None:
            self.docstore.put(documents)
        for i in range(0, len(documents), BATCH):
            self._run(cypher.UPSERT, rows=[self._row(d) for d in documents[i:i + BATCH]])

    def delete(self, doc_ids: Iterable[str]) -> None:
        ids = list(doc_ids)
        if ids:
            self._run(cypher.DELETE, ids=ids)
            if self.docstore is not None:
                self.docstore.delete(ids)

    def rebuild(self, documents: Iterable[IndexedDocument]) -> int:
        """Remove every indexed document, then index `documents` in batches."""
        self._ensure()
        while self._run(cypher.DELETE_ALL, batch=10_000)[0]["n"]:
            pass
        n, batch = 0, []
        for d in documents:
            batch.append(self._row(d))
            if len(batch) >= BATCH:
                self._run(cypher.UPSERT, rows=batch)
                n, batch = n + len(batch), []
        if batch:
            self._run(cypher.UPSERT, rows=batch)
            n += len(batch)
        return n

    def flush(self) -> None:
        """Writes are committed per call and the index is updated at commit: nothing to do."""

    def close(self) -> None:
        """The driver belongs to the caller, who closes it."""

    # reading -------------------------------------------------------------------------------
    def doc_ids(self) -> set[str]:
        return {r["id"] for r in self._run(cypher.DOC_IDS, read=True)}

    def count(self) -> int:
        return self._run(cypher.COUNT, read=True)[0]["n"]

    def analyse(self, text: str) -> list[str]:
        return [t.text for t in self._analyzer(text, mode="query")]

    def _word(self, word: str) -> str:
        term = lucene_term(word)
        return f"(title_tok:{term}^{TITLE_BOOST} OR body_tok:{term})"

    def _clause(self, clause: Clause) -> tuple[str | None, list[str]]:
        words = self.analyse(clause.text)
        if not words:
            return None, []
        if clause.phrase and len(words) > 1:
            phrase = lucene_term(" ".join(words))
            return f"(title_phr:{phrase}^{TITLE_BOOST} OR body_phr:{phrase})", words
        return "(" + " AND ".join(self._word(w) for w in words) + ")", words

    def compile(self, text: str) -> tuple[str, list[str]]:
        """The Lucene query for a user's query text, and the words it looks for."""
        compiled = compile_query(text, self._clause, lambda alts: "(" + " OR ".join(alts) + ")")
        lucene = " AND ".join(compiled.required) + "".join(f" AND NOT {q}" for q in compiled.excluded)
        return lucene, compiled.words

    def doc_frequency(self, word: str) -> int:
        self._ensure()
        return self._run(cypher.TOTAL, read=True, **self._params(self._word(word)))[0]["n"]

    @staticmethod
    def _params(lucene: str, filters=None, exclude_id: str | None = None) -> dict:
        params = {"index": cypher.FULLTEXT_INDEX, "lucene": lucene, "exclude_id": exclude_id,
                  "kinds": None, "regions": None, "entities": None, "chains": None,
                  "date_from": None, "date_to": None}
        if filters is not None:
            for name, values in filters.facet_terms():
                params["kinds" if name == "kind" else name] = values
            params["date_from"] = filters.date_from
            params["date_to"] = filters.date_upper
        return params

    def search(self, query: SearchQuery) -> SearchResults:
        filters = prepare(query)
        lucene, words = self.compile(query.text)
        self._ensure()
        params = self._params(lucene, filters)
        page = cypher.PAGE_BY_DATE if query.sort == "date" else cypher.PAGE_BY_SCORE
        rows = self._run(page, read=True, offset=query.offset, limit=query.limit, **params)
        hits = [self._hit(r, make_snippet(r["body"], words) if query.highlight else "") for r in rows]
        total = self._run(cypher.TOTAL, read=True, **params)[0]["n"]
        facets: dict[str, dict[str, int]] = {name: {} for name in FACETS}
        for r in self._run(cypher.FACETS, read=True, **params) if total else []:
            if len(facets[r["facet"]]) < FACET_TOP:
                facets[r["facet"]][r["value"]] = r["n"]
        return SearchResults(query.text, total, hits, facets, query.offset, query.limit)

    @staticmethod
    def _hit(r, snippet: str) -> Hit:
        return Hit(id=r["id"], title=r["title"], score=float(r["score"] or 0.0), date=r["date"] or None,
                   source=r["source"] or "", url=r["url"] or "", kind=r["kind"] or "", snippet=snippet,
                   regions=list(r["regions"] or []), entities=list(r["entities"] or []),
                   chains=list(r["chains"] or []))

    def more_like(self, doc_id: str, limit: int = 10) -> list[Hit]:
        self._ensure()
        found = self._run(cypher.GET, read=True, id=doc_id)
        if not found:
            raise NotFoundError(f"no indexed document with id {doc_id!r}")
        text = (found[0]["title"] or "") + "\n" + (found[0]["body"] or "")[:MAX_CHARS]
        # Term frequency picks the words; Lucene's idf in the score then favours the rare ones.
        terms = key_terms(self.analyse(text))
        if not terms:
            return []
        lucene = " OR ".join(f"body_tok:{lucene_term(w)}^{weight:.3f}" for w, weight in terms)
        rows = self._run(cypher.PAGE_BY_SCORE, read=True, offset=0, limit=limit,
                         **self._params(lucene, exclude_id=doc_id))
        return [self._hit(r, "") for r in rows]
