"""Search as the pages, the API and the CLI run it, with what the graph knows about names.

The index knows words and entity ids; the graph knows names. So here: entity filters given
by name (`--entity 盛屯集团`, like `--region 泉港区`), display names for ids, the entity a
query names exactly (shown as a card above the hits), and "did you mean" suggestions of
entity names close to a query (edit distance with rapidfuzz, on characters and on pinyin).
"""
from __future__ import annotations

import re
import threading
from dataclasses import dataclass, field
from typing import Any

from ingest.errors import LiantuError
from ingest.normalise import to_simplified
from search.errors import QueryError, SearchError
from search.model import SearchQuery, SearchResults

# Entities a researcher names in a query; regions and chain links come through other filters.
SUGGEST_LABELS = ("Enterprise", "Project", "Org", "Person", "Region", "ChainLink", "Event")
SUGGEST_MIN_SCORE = 70  # rapidfuzz ratio (0-100) a name must reach to be offered
MAX_SUGGESTIONS = 5
MAX_NAME_QUERY = 40  # longer queries are sentences, not names: no card, no suggestions
_QUERY_SYNTAX = re.compile(r'["“”「」『』]|(^|\s)-\S+|\bOR\b|\|')


def entity_filter_ids(graph, values: list[str]) -> list[str]:
    """Entity ids for filter values: an id (`Enterprise:盛屯集团`) as given, a name or alias
    (any script) as the ids of every entity that has it. Raises QueryError for an unknown name."""
    out: list[str] = []
    for value in values:
        if ":" in value:
            out.append(value)
            continue
        name = to_simplified(value.strip())
        exact = [e["id"] for e in graph.find_entities(name, limit=20) if name == e["name"] or name in e["aliases"]]
        if not exact:
            raise QueryError(f"unknown entity {value!r}: give an entity id (Enterprise:name) or a name the graph knows",
                             f"未找到名为“{value}”的实体")
        out.extend(exact)
    return list(dict.fromkeys(out))


def run_search(liantu, query: SearchQuery) -> SearchResults:
    """Run a search with entity filters given by id or by name."""
    if query.entities:
        query.entities = entity_filter_ids(liantu.graph, query.entities)
    return liantu.index.search(query)


def display_names(graph, ids) -> dict[str, str]:
    """Display names for entity ids (the key part of the id when the graph does not know it)."""
    names: dict[str, str] = {}
    for entity_id in ids:
        if entity_id not in names:
            entity = graph.get_entity(entity_id)
            names[entity_id] = entity["name"] if entity else entity_id.split(":", 1)[-1]
    return names


def _as_name(text: str) -> str | None:
    """The query as an entity name, or None when it is syntax or a sentence."""
    text = " ".join((text or "").split())
    if not text or len(text) > MAX_NAME_QUERY or _QUERY_SYNTAX.search(text):
        return None
    return to_simplified(text)


def named_entity(graph, text: str) -> dict[str, Any] | None:
    """The entity whose name or alias the query is exactly (the most mentioned one), or None."""
    name = _as_name(text)
    if name is None:
        return None
    for entity in graph.find_entities(name, limit=10):
        if name == entity["name"] or name in entity["aliases"]:
            return {"id": entity["id"], "label": entity["label"], "name": entity["name"],
                    "aliases": [a for a in entity["aliases"] if a != entity["name"]][:6],
                    "props": {k: v for k, v in entity.get("props", {}).items()
                              if k in ("code", "level", "investment", "status", "industry", "country") and v},
                    "documents": len(graph.documents_mentioning(entity["id"], limit=50))}
    return None


@dataclass
class NameIndex:
    """Every entity name and alias with its pinyin, for close-name suggestions."""

    names: list[str] = field(default_factory=list)
    pinyin: list[str] = field(default_factory=list)
    owners: list[tuple[str, str, str]] = field(default_factory=list)  # (id, label, display name)


class Suggester:
    """Entity names close to a query, from the graph's names (rebuilt when the graph changes)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._key: Any = None
        self._index = NameIndex()
        # Pinyin of every name seen, kept when the names are read again (an ingest adds a few
        # names to thousands; working out pinyin is most of the cost of reading them).
        self._pinyin: dict[str, str] = {}

    @staticmethod
    def _version(graph) -> tuple:
        """Changes when the graph may have new names."""
        return id(graph), graph.generation()

    def _names(self, graph) -> NameIndex:
        key = self._version(graph)
        with self._lock:
            if key != self._key:
                index = NameIndex()
                known = self._pinyin
                for label in SUGGEST_LABELS:
                    for e in graph.entities(label):
                        for name in dict.fromkeys((e["name"], *e.get("aliases", ()))):
                            if len(name) >= 2:
                                if name not in known:
                                    known[name] = pinyin_of(name)
                                index.names.append(name)
                                index.pinyin.append(known[name])
                                index.owners.append((e["id"], e["label"], e["name"]))
                self._key, self._index = key, index
            return self._index

    def suggest(self, graph, text: str, limit: int = MAX_SUGGESTIONS) -> list[dict[str, Any]]:
        """Entities whose name is close to the query (not equal to it), best first."""
        from rapidfuzz import fuzz, process

        name = _as_name(text)
        if name is None or len(name) < 2:
            return []
        index = self._names(graph)
        if not index.names:
            return []
        scores: dict[int, float] = {}
        for choices, query in ((index.names, name), (index.pinyin, pinyin_of(name))):
            for _, score, k in process.extract(query, choices, scorer=fuzz.ratio, limit=limit * 4,
                                               score_cutoff=SUGGEST_MIN_SCORE):
                scores[k] = max(scores.get(k, 0.0), score)
        out, seen = [], set()
        for k in sorted(scores, key=lambda k: (-scores[k], len(index.names[k]), index.names[k])):
            entity_id, label, display = index.owners[k]
            if index.names[k] == name or display == name or entity_id in seen:
                continue
            seen.add(entity_id)
            out.append({"id": entity_id, "label": label, "name": display, "matched": index.names[k],
                        "score": round(scores[k], 1)})
            if len(out) >= limit:
                break
        return out


def pinyin_of(text: str) -> str:
    """Toneless pinyin of the Chinese characters in `text`, syllables joined by spaces; other characters kept."""
    from pypinyin import lazy_pinyin

    return " ".join(lazy_pinyin(text))


def page_error(exc: LiantuError) -> str:
    """An error for the pages, in Chinese."""
    zh = getattr(exc, "zh", None)
    if zh:
        return zh
    if isinstance(exc, SearchError):
        return "搜索索引暂时无法使用，请稍后再试或请管理员重建索引（liantu index rebuild）"
    if isinstance(exc, QueryError):
        return "无法理解这个搜索，请换个写法"
    return "搜索出错，请稍后再试"


@dataclass
class SearchAnswer:
    """A page of results with the entity the query names and close names to suggest."""

    results: SearchResults
    entity: dict[str, Any] | None = None
    suggestions: list[dict[str, str]] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return {**self.results.as_dict(), "entity": self.entity, "suggestions": self.suggestions}


def group_stories(graph, results: SearchResults) -> SearchResults:
    """The results with one hit per story: copies of an article found too are listed under its best hit.

    A document's story is read from the graph (`story` on its Document node, see ingest.stories).
    """
    first: dict[str, Any] = {}
    hits = []
    for hit in results.hits:
        doc = graph.get_document(hit.id) or {}
        hit.story = doc.get("story") or hit.id
        if hit.story in first:
            first[hit.story].copies.append({"id": hit.id, "title": hit.title, "source": hit.source,
                                            "date": hit.date, "url": hit.url})
            continue
        first[hit.story] = hit
        hits.append(hit)
    results.hits = hits
    return results


def answer(liantu, query: SearchQuery, suggester: Suggester | None = None) -> SearchAnswer:
    """Results, plus the entity card when the query names an entity, plus "did you mean"
    names when it does not and the words all match fewer than a page."""
    results = group_stories(liantu.graph, run_search(liantu, query))
    entity = named_entity(liantu.graph, query.text) if query.offset == 0 else None
    suggestions: list[dict[str, str]] = []
    exact = results.total - results.partial
    if suggester is not None and entity is None and query.offset == 0 and exact < query.limit:
        suggestions = suggester.suggest(liantu.graph, query.text)
    return SearchAnswer(results, entity, suggestions)
