"""Search endpoints of the JSON API: /api/search, /api/suggest and /api/documents/<id>/similar."""
from __future__ import annotations

import re
from dataclasses import asdict
from urllib.parse import quote

from flask import Blueprint, current_app, jsonify, request

from ingest.errors import LiantuError
from ingest.normalise import to_simplified
from liantu.answers import answer
from search.errors import QueryError
from search.model import SearchQuery
from webapp.api import int_arg, search_query_from_request

bp = Blueprint("api_search", __name__, url_prefix="/api")

MAX_SUGGEST_CHARS = 50


def _liantu():
    return current_app.extensions["liantu"]


def entity_url(entity_id: str) -> str:
    """The page of an entity; the id is URL-quoted (ids hold Chinese, spaces, slashes)."""
    return "/entity/" + quote(entity_id, safe=":")


def suggest(liantu, text: str, limit: int = 8) -> dict:
    """Entities (from the graph) and document titles (from the index) for what the user has typed."""
    text = " ".join(text.split())
    if len(text) > MAX_SUGGEST_CHARS:
        raise QueryError(f"suggestion prefix too long ({len(text)} characters; at most {MAX_SUGGEST_CHARS})")
    if not text:
        return {"query": text, "entities": [], "titles": []}
    # Entity names are looked up without the query syntax the user may be half-way through typing.
    name = re.sub(r'["“”「」『』]', "", text).strip().lstrip("-").strip()
    found: dict[str, dict] = {}
    for variant in dict.fromkeys(v for v in (to_simplified(name), name) if v):
        for e in liantu.graph.find_entities(variant, limit=limit):
            found.setdefault(e["id"], {"id": e["id"], "label": e["label"], "name": e["name"],
                                       "url": entity_url(e["id"])})
    titles = []
    if len(text) >= 2:
        try:
            results = liantu.index.search(SearchQuery(text=text, limit=min(limit, 5), highlight=False))
            titles = [{"id": h.id, "title": h.title, "date": h.date} for h in results.hits]
        except QueryError:
            titles = []  # half-typed syntax (an open quote): entities are still useful
    return {"query": text, "entities": list(found.values())[:limit], "titles": titles}


@bp.get("/search")
def search():
    sort = request.args.get("sort")
    if sort not in (None, "", "relevance", "date"):
        raise QueryError(f"unknown sort {sort!r}: use relevance or date")
    found = answer(_liantu(), search_query_from_request(), current_app.extensions.get("liantu_suggester"))
    return jsonify({"ok": True, **found.as_dict()})


@bp.get("/suggest")
def suggest_endpoint():
    limit = int_arg("limit", 8, 1, 50)
    return jsonify({"ok": True, **suggest(_liantu(), request.args.get("q", ""), limit)})


@bp.get("/documents/<doc_id>/similar")
def similar(doc_id: str):
    limit = int_arg("limit", 10, 1, 50)
    if len(doc_id) > 200:
        raise LiantuError("document id too long")
    hits = _liantu().index.more_like(doc_id, limit=limit)
    return jsonify({"ok": True, "id": doc_id, "hits": [asdict(h) for h in hits]})
