"""The 侨商 network analytics as JSON under /api/network (errors in the one /api error shape)."""
from __future__ import annotations

from flask import Blueprint, current_app, jsonify, request

from graph import network as analytics
from ingest.errors import LiantuError
from webapp.api import int_arg

bp = Blueprint("api_network", __name__, url_prefix="/api/network")


def _graph():
    return current_app.extensions["liantu"].graph


def list_arg(name: str) -> list[str]:
    """A list parameter, given repeated (`?types=Person&types=Org`) and/or comma-separated."""
    return [v.strip() for raw in request.args.getlist(name) for v in raw.split(",") if v.strip()]


def required_arg(name: str) -> str:
    """A parameter that must be present and non-empty; a clear 400 otherwise."""
    value = (request.args.get(name) or "").strip()
    if not value:
        raise LiantuError(f"parameter {name!r} is required")
    return value


def option(analytic: str, name: str) -> int:
    """A whole-number parameter with the default and range the analytic itself uses."""
    default, low, high = analytics.OPTIONS[analytic][name]
    return int_arg(name, default, low, high)


def ok(result):
    return jsonify({"ok": True, **result.as_dict()})


@bp.get("/ego")
def ego():
    """The network around `entity` (an id or a name): ?entity=&hops=&types=&relations=&limit="""
    return ok(analytics.ego(_graph(), required_arg("entity"), hops=option("ego", "hops"),
                            labels=list_arg("types"), relations=list_arg("relations"),
                            limit=option("ego", "limit")))


@bp.get("/paths")
def paths():
    """The top-k shortest paths: ?source=&target=&k=&max_hops=&relations="""
    return ok(analytics.paths(_graph(), required_arg("source"), required_arg("target"), k=option("paths", "k"),
                              max_hops=option("paths", "max_hops"), relations=list_arg("relations")))


@bp.get("/brokers")
def brokers():
    """Betweenness ranking: ?country=&hometown=&limit="""
    return ok(analytics.brokers(_graph(), country=request.args.get("country") or None,
                                hometown=request.args.get("hometown") or None, limit=option("brokers", "limit")))


@bp.get("/communities")
def communities():
    """Louvain communities, summarised: ?min_size=&limit=&top="""
    return ok(analytics.communities(_graph(), min_size=option("communities", "min_size"),
                                    limit=option("communities", "limit"), top=option("communities", "top")))


@bp.get("/flows")
def flows():
    """Hometown county -> projects and donations, with amounts: ?limit="""
    return ok(analytics.flows(_graph(), limit=option("flows", "limit")))


@bp.get("/countries")
def countries():
    """People and organisations by country of residence, with top connectors: ?top="""
    return ok(analytics.countries(_graph(), top=option("countries", "top")))
