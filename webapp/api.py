"""The JSON API under /api: its description (`GET /api/openapi.json`, from `webapp/openapi.json`),
its shared parameter parsing and one error shape for every route: {"ok": false, "error": ..., "status": N}."""
from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from flask import Blueprint, current_app, jsonify, request
from werkzeug.exceptions import HTTPException

from ingest.errors import LiantuError
from search.model import SearchQuery

bp = Blueprint("api", __name__, url_prefix="/api")

OPENAPI_PATH = Path(__file__).parent / "openapi.json"


def _liantu():
    return current_app.extensions["liantu"]


def error_response(message: str, status: int):
    response = jsonify({"ok": False, "error": message, "status": status})
    response.status_code = status
    return response


def int_arg(name: str, default: int, low: int, high: int) -> int:
    """An integer query parameter within [low, high]; a clear 400 otherwise."""
    raw = request.args.get(name)
    if raw is None or raw == "":
        return default
    try:
        value = int(raw)
    except ValueError:
        raise LiantuError(f"parameter {name!r} must be an integer, got {raw!r}") from None
    if not low <= value <= high:
        raise LiantuError(f"parameter {name!r} must be between {low} and {high}, got {value}")
    return value


def list_arg(name: str) -> list[str]:
    """The non-empty values of a repeatable query parameter (an empty form field is no filter)."""
    return [v.strip() for v in request.args.getlist(name) if v.strip()]


def search_query_from_request() -> SearchQuery:
    """A SearchQuery from the request's query string (shared by the API and the pages)."""
    return SearchQuery(
        text=request.args.get("q", ""),
        limit=int_arg("limit", 10, 1, 100),
        offset=int_arg("offset", 0, 0, 10000),
        sort=request.args.get("sort", "relevance") if request.args.get("sort") in ("relevance", "date") else "relevance",
        kinds=list_arg("kind"),
        regions=list_arg("region"),
        entities=list_arg("entity"),
        chains=list_arg("chain"),
        date_from=request.args.get("from") or None,
        date_to=request.args.get("to") or None,
    )


@bp.get("/stats")
def stats():
    return jsonify({"ok": True, **_liantu().graph.counts()})


def openapi_document() -> dict[str, Any]:
    """The OpenAPI 3 description of every /api route, read from `webapp/openapi.json`."""
    return json.loads(OPENAPI_PATH.read_text(encoding="utf-8"))


@bp.get("/openapi.json")
def openapi():
    return jsonify(openapi_document())


@bp.get("/<path:anything>")
def not_found(anything):
    return error_response(f"no API endpoint /api/{anything}", 404)


def init_app(app) -> None:
    """Register the API and one error shape for every path under /api, whichever blueprint serves it."""
    app.register_blueprint(bp)

    @app.errorhandler(LiantuError)
    def handle_liantu_error(exc: LiantuError):
        if request.path.startswith("/api/"):
            return error_response(str(exc), exc.status)
        return render_error(str(exc), exc.status)

    @app.errorhandler(HTTPException)
    def handle_http_error(exc: HTTPException):
        if request.path.startswith("/api/"):
            return error_response(exc.description or exc.name, exc.code or 500)
        return render_error(exc.description or exc.name, exc.code or 500)


def render_error(message: str, status: int):
    from flask import render_template

    return render_template("error.html", message=message, status=status), status
