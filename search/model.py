"""What goes into the index and what comes out of a search."""
from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any


@dataclass
class IndexedDocument:
    """A document as the index stores it, with the ids ingestion found in it as facets."""

    id: str
    title: str
    body: str
    date: str | None = None
    source: str = ""
    url: str = ""
    kind: str = "news"
    regions: list[str] = field(default_factory=list)
    entities: list[str] = field(default_factory=list)
    chains: list[str] = field(default_factory=list)
    # What ingestion found in the text: {type, start, end (in `body`), entity_id, canonical, attrs}.
    # None for a document stored before mentions were kept (`liantu ingest --reanalyse` fills it).
    mentions: list[dict[str, Any]] | None = None


@dataclass
class SearchQuery:
    """A search request: free text plus filters, sort and page."""

    text: str
    limit: int = 10
    offset: int = 0
    sort: str = "relevance"  # or "date"
    kinds: list[str] = field(default_factory=list)
    regions: list[str] = field(default_factory=list)
    entities: list[str] = field(default_factory=list)
    chains: list[str] = field(default_factory=list)
    date_from: str | None = None
    date_to: str | None = None
    highlight: bool = True


@dataclass
class Hit:
    """One search result; `snippet` is escaped HTML with matches in <mark>."""

    id: str
    title: str
    score: float
    date: str | None = None
    source: str = ""
    url: str = ""
    kind: str = ""
    snippet: str = ""
    regions: list[str] = field(default_factory=list)
    entities: list[str] = field(default_factory=list)
    chains: list[str] = field(default_factory=list)
    match: str = "all"  # "all": every word of the query; "partial": some of them (see search.plan)
    # the story the document belongs to (ingest.stories) and the other copies of it found, as
    # {id, title, source, date, url}: filled in from the graph by liantu.answers
    story: str = ""
    copies: list[dict[str, Any]] = field(default_factory=list)


@dataclass
class SearchResults:
    """A page of hits, the total count and facet counts.

    `total` counts every hit the pages hold: the documents matching all words, then, when
    those are fewer than a page, `partial` documents matching some of them. `undated` counts
    documents a date filter left out because they have no date; `ignored` lists the question
    words and particles not required; `similar` says a pasted text was searched by its most
    distinctive words.
    """

    query: str
    total: int
    hits: list[Hit]
    facets: dict[str, dict[str, int]] = field(default_factory=dict)
    offset: int = 0
    limit: int = 10
    partial: int = 0
    undated: int = 0
    ignored: list[str] = field(default_factory=list)
    similar: bool = False

    def as_dict(self) -> dict[str, Any]:
        return {"query": self.query, "total": self.total, "partial": self.partial, "offset": self.offset,
                "limit": self.limit, "hits": [asdict(h) for h in self.hits], "facets": self.facets,
                "undated": self.undated, "ignored": self.ignored, "similar": self.similar}
