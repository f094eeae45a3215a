"""The full-text index in Neo4j, for deployments whose graph lives in Neo4j.

Neo4j's analyzers do not know Chinese words (its 'cjk' analyzer indexes character bigrams,
which finds 农业 inside 农业发展银行 but also 业发 and cannot line up phrases with the other
backend). So the text is segmented here, by the same analyzer as the other backends, and
stored as whitespace-joined tokens that a 'whitespace' full-text index reads:
- `title_tok` / `body_tok`: every index token (precise words and their sub-words), for recall;
- `title_phr` / `body_phr`: precise words only, in order, so quoted phrases line up;
- `body_chr`: the body's character terms (`search.analysis.char_string`), so a phrase is also
  characters in a row and a wide query finds a word wherever the segmenter cut it.
Query words are quoted and escaped into a Lucene query; filters, counts and facets are
parameterised Cypher (all in `search.cypher`). The driver is injected, never created here.
"""
from __future__ import annotations

from collections.abc import Iterable, Sequence

from ingest.errors import NotFoundError
from search import cypher
from search.analysis import ChineseAnalyzer, analysed_text, char_string, char_terms
from search.docstore import DocStore
from search.errors import QueryError, SearchError
from search.filters import prepare
from search.model import Hit, IndexedDocument, SearchQuery, SearchResults
from search.plan import Alternative, QueryPlan, Unit, partial_window, plan_query
from search.similar import MAX_CHARS, key_terms
from search.snippets import make_snippet

FACETS = ("kind", "regions", "entities", "chains")
FACET_TOP = 20
BATCH = 500
TITLE_BOOST = 2
PROXIMITY_SLOP = 3  # adjacent query words this close in a document's text rank higher
PROXIMITY_BOOST = 2
PARTIAL_CANDIDATES = 100  # partial matches re-ranked by the number of units they match
CHARS_BOOST = 0.5  # a word found only as characters in a row ranks below one found as a word
MAX_CHAR_TERMS = 8
RARE_WORD_SHARE = 1 / 5000  # words in fewer documents (or than 3) are also looked for as characters


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
            raise SearchError(f"Neo4j stopped answering the search index ({' '.join(str(exc).split())}); start it "
                              "again (`liantu neo4j start`) or point LIANTU_NEO4J_URI at a running server, "
                              "then rerun the command") from exc
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
            self._run(cypher.DROP_OLD_FULLTEXT)
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
        return {"body_chr": char_string(analysed_text(d.body or "").text), "id": d.id, "title": d.title or "", "body": d.body or "", "date": d.date or "",
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

    @staticmethod
    def _chars(text: str) -> str | None:
        """The character terms of `text` in a row in the body (see `search.analysis.char_string`)."""
        terms = char_terms(text)
        return f"body_chr:{lucene_term(' '.join(terms))}" if terms else None

    def _wide_word(self, word: str, wide: bool) -> str:
        terms = char_terms(word)
        single = len(terms) == 1 and len(word) == 1  # one character: only the character field has it
        if single or (wide and terms and len(terms) <= MAX_CHAR_TERMS and (len(terms) == 1 or self._rare(word))):
            return f"({self._word(word)} OR {self._chars(word)}^{CHARS_BOOST})"
        return self._word(word)

    def _alternative(self, a: Alternative, wide: bool = False) -> str:
        if a.phrase:
            phrase = lucene_term(" ".join(a.words))
            chars = self._chars(" ".join(a.words))
            return f"(title_phr:{phrase}^{TITLE_BOOST} OR body_phr:{phrase}" + (f" OR {chars})" if chars else ")")
        return "(" + " AND ".join(self._wide_word(w, wide) for w in a.words) + ")"

    def _unit(self, unit: Unit, wide: bool) -> str:
        return "(" + " OR ".join(self._alternative(a, wide) for a in unit.alternatives) + ")"

    def _rare(self, word: str) -> bool:
        return self.doc_frequency(word) < max(3, self.count() * RARE_WORD_SHARE)

    def plan(self, text: str) -> QueryPlan:
        """The units a query text looks for (see `search.plan`); a pasted text's words are
        chosen by their frequency in it (a document frequency would cost a query per word)."""
        return plan_query(text, self.analyse)

    def compile(self, plan: QueryPlan, wide: bool = False) -> tuple[str, str, str]:
        """The Lucene queries of a plan: all units, some units but not all, and some units. A wide
        query also looks for words as characters in a row (as `search.tantivy_query` does)."""
        units = [self._unit(u, wide) for u in plan.units]
        excluded = "".join(f" AND NOT {self._alternative(a, wide)}" for a in plan.excluded)
        all_units = "(" + " AND ".join(units) + ")"
        near = [f"body_phr:{lucene_term(' '.join(pair))}~{PROXIMITY_SLOP}^{PROXIMITY_BOOST}"
                for pair in plan.adjacent_pairs()]
        some_units = "(" + " OR ".join(units + near) + ")"
        return all_units + excluded, f"{some_units} AND NOT {all_units}{excluded}", some_units + excluded

    def doc_frequency(self, word: str) -> int:
        self._ensure()
        return self._run(cypher.TOTAL, read=True, **self._params(self._word(word)))[0]["n"]

    @staticmethod
    def _params(lucene: str, filters=None, exclude_id: str | None = None, dates: bool = True) -> dict:
        params = {"index": cypher.FULLTEXT_INDEX, "lucene": lucene, "exclude_id": exclude_id,
                  "kinds": None, "regions": None, "entities": None, "chains": None,
                  "date_from": None, "date_to": None, "undated": None}
        if filters is not None:
            for name, values in filters.facet_terms():
                params["kinds" if name == "kind" else name] = values
            if dates:
                params["date_from"] = filters.date_from
                params["date_to"] = filters.date_upper
        return params

    def search(self, query: SearchQuery) -> SearchResults:
        filters = prepare(query)
        plan = self.plan(query.text)
        self._ensure()
        page = cypher.PAGE_BY_DATE if query.sort == "date" else cypher.PAGE_BY_SCORE
        for wide in (False, True):  # words first; characters in a row too when words find nothing
            all_units, partial, some_units = self.compile(plan, wide)
            params = self._params(all_units, filters)
            n_all = self._run(cypher.TOTAL, read=True, **params)[0]["n"]
            if n_all:
                break
        rows = [(r, "all") for r in self._run(page, read=True, offset=query.offset, limit=query.limit, **params)]
        n_partial, matched = 0, all_units
        window = partial_window(plan, n_all, query.offset, query.limit)
        if window is not None:
            rows += [(r, "partial") for r in self._partial_page(plan, partial, filters, query.sort, *window)]
            n_partial = self._run(cypher.TOTAL, read=True, **self._params(partial, filters))[0]["n"]
            if not n_all:  # facets describe the documents with every word, if there are any
                matched = some_units
        hits = []
        for r, match in rows:
            hit = self._hit(r, make_snippet(r["body"], plan.words) if query.highlight else "")
            hit.match = match
            hits.append(hit)
        total = n_all + n_partial
        facets: dict[str, dict[str, int]] = {name: {} for name in FACETS}
        for r in self._run(cypher.FACETS, read=True, **self._params(matched, filters)) if total else []:
            if len(facets[r["facet"]]) < FACET_TOP:
                facets[r["facet"]][r["value"]] = r["n"]
        undated = 0
        if filters.date_from or filters.date_to:
            params = self._params(matched, filters, dates=False)
            params["undated"] = True
            undated = self._run(cypher.TOTAL, read=True, **params)[0]["n"]
        return SearchResults(query.text, total, hits, facets, query.offset, query.limit, partial=n_partial,
                             undated=undated, ignored=plan.ignored, similar=plan.similar)

    def _partial_page(self, plan: QueryPlan, lucene: str, filters, sort: str, offset: int, limit: int) -> list:
        """A page of partial matches, most units matched first. Lucene sums the scores of what
        matched but gives no count of it, so the best candidates by score are counted here
        from their tokens and re-ranked (pages past `PARTIAL_CANDIDATES` follow Lucene's score)."""
        if offset + limit > PARTIAL_CANDIDATES or sort == "date":
            page = cypher.PAGE_BY_DATE if sort == "date" else cypher.PAGE_BY_SCORE
            return self._run(page, read=True, offset=offset, limit=limit, **self._params(lucene, filters))
        rows = self._run(cypher.PAGE_WITH_TOKENS, read=True, offset=0, limit=PARTIAL_CANDIDATES,
                         **self._params(lucene, filters))
        ranked = sorted(rows, key=lambda r: (-_units_matched(plan, r), -(r["score"] or 0.0), r["id"]))
        return ranked[offset:offset + limit]

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


def _units_matched(plan: QueryPlan, row) -> int:
    """How many of the plan's units a document matches, from its indexed tokens."""
    tokens = set((row["title_tok"] or "").split()) | set((row["body_tok"] or "").split())
    phrases = " " + (row["title_phr"] or "") + " | " + (row["body_phr"] or "") + " "
    chars = " " + (row["body_chr"] or "") + " "

    def has(words: tuple[str, ...], phrase: bool) -> bool:
        if (" " + " ".join(char_terms(" ".join(words))) + " ") in chars:
            return True  # characters in a row: a phrase, or words wherever the segmenter cut them
        return (" " + " ".join(words) + " ") in phrases if phrase else all(w in tokens for w in words)

    return sum(any(has(a.words, a.phrase) for a in unit.alternatives) for unit in plan.units)
