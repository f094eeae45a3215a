"""The HTML pages (simplified Chinese)."""
from __future__ import annotations

from flask import Blueprint, current_app, render_template, request

from ingest.errors import LiantuError
from webapp.api import search_query_from_request

bp = Blueprint("pages", __name__)


@bp.get("/")
def search_page():
    query = request.args.get("q", "").strip()
    results, error = None, None
    if query:
        try:
            results = current_app.extensions["liantu"].index.search(search_query_from_request())
        except LiantuError as exc:
            error = str(exc)
    return render_template("search.html", query=query, results=results, error=error)


def init_app(app) -> None:
    app.register_blueprint(bp)
