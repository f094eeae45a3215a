"""The chain API under /api/chains: chains, a chain's view for a region, gaps, candidates, 延链, compare.

Every endpoint answers JSON; `?format=csv` returns the same report as a CSV table instead.
Errors (unknown chain or region, bad parameters) take the one /api error shape.
"""
from __future__ import annotations

from flask import Blueprint, Response, current_app, jsonify, request

from graph import chains as q
from ingest.errors import LiantuError
from liantu.chain_text import describe, report_rows
from webapp.api import int_arg

bp = Blueprint("api_chains", __name__, url_prefix="/api/chains")


def chain_analyser() -> q.ChainAnalyser:
    """The app's chain analyser (kept on app.extensions so chain maps are reused between requests).

    A new one is made when the graph's generation changed: the analyser notices new documents
    itself, but not facts written without one (an imported enterprise list)."""
    liantu = current_app.extensions["liantu"]
    graph = liantu.graph
    generation = graph.generation()
    analyser, made_at = current_app.extensions.get("liantu_chains") or (None, None)
    if analyser is None or analyser.store is not graph or made_at != generation:
        analyser = q.ChainAnalyser(graph, lexicon=liantu.lexicon)
        current_app.extensions["liantu_chains"] = (analyser, generation)
    return analyser


def _required(name: str) -> str:
    value = (request.args.get(name) or "").strip()
    if not value:
        raise LiantuError(f"parameter {name!r} is required")
    return value


def _options() -> dict:
    """Reference date and thresholds shared by the region reports."""
    return {"as_of": request.args.get("as_of") or None,
            "stale_days": int_arg("stale_days", q.DEFAULT_STALE_DAYS, 0, 36500),
            "strong_min": int_arg("strong_min", q.DEFAULT_STRONG_MIN, 1, 1000)}


def _answer(kind: str, report: dict, filename: str):
    fmt = request.args.get("format", "json")
    if fmt == "csv":
        from liantu.tables import csv_text

        header, rows = report_rows(kind, report)
        # A BOM so that spreadsheet programs read the Chinese as UTF-8.
        body = "\ufeff" + csv_text(header, rows)
        return Response(body, mimetype="text/csv; charset=utf-8",
                        headers={"Content-Disposition": f'attachment; filename="{filename}.csv"'})
    if fmt != "json":
        raise LiantuError(f"parameter 'format' must be json or csv, got {fmt!r}")
    return jsonify({"ok": True, **(describe(kind, report) if kind != "list" else report)})


def _safe(text: str) -> str:
    """A file-name fragment: ASCII letters, digits and dashes only (region codes, chain ids)."""
    return "".join(ch if ch.isascii() and (ch.isalnum() or ch == "-") else "_" for ch in text)


@bp.get("")
def list_chains():
    return _answer("list", {"chains": q.list_chains()}, "chains")


@bp.get("/<chain_id>")
def view(chain_id: str):
    region = (request.args.get("region") or "").strip() or None
    per_link = int_arg("per_link", 0, 0, 10000) or None
    report = chain_analyser().view(chain_id, region, per_link=per_link, **_options())
    where = report["region"]["code"] if report["region"] else "all"
    return _answer("view", report, f"{_safe(report['chain']['id'])}-{where}-view")


@bp.get("/<chain_id>/gaps")
def gaps(chain_id: str):
    report = chain_analyser().gaps(chain_id, _required("region"), **_options())
    return _answer("gaps", report, f"{_safe(report['chain']['id'])}-{report['region']['code']}-gaps")


@bp.get("/<chain_id>/candidates")
def candidates(chain_id: str):
    report = chain_analyser().candidates(chain_id, _required("region"), limit=int_arg("limit", 10, 1, 200),
                                **_options())
    return _answer("candidates", report, f"{_safe(report['chain']['id'])}-{report['region']['code']}-candidates")


@bp.get("/<chain_id>/extension")
def extension(chain_id: str):
    base = request.args.getlist("base") or ["strong", "present"]
    report = chain_analyser().extension(chain_id, _required("region"), base=base, **_options())
    return _answer("extend", report, f"{_safe(report['chain']['id'])}-{report['region']['code']}-extension")


@bp.get("/<chain_id>/compare")
def compare(chain_id: str):
    report = chain_analyser().compare(chain_id, _required("a"), _required("b"), **_options())
    return _answer("compare", report,
                   f"{_safe(report['chain']['id'])}-{report['a']['code']}-{report['b']['code']}-compare")
