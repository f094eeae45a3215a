"""The HTML pages (simplified Chinese): 搜索, 文档, 实体, 产业链, 侨商网络.

Pages render what they can on the server through Jinja's autoescaping; the graph drawings are
drawn in the browser by static scripts that fetch the JSON API (the CSP allows no inline script).
"""
from __future__ import annotations

from urllib.parse import quote, urlencode

from flask import Blueprint, current_app, g, render_template, request

from graph.model import LABEL_NAMES, RELATION_NAMES
from ingest.errors import LiantuError
from liantu.answers import answer, display_names, page_error
from webapp.api import search_query_from_request
from webapp.api_entities import document_facts, entity_profile, text_segments
from webapp.document_text import display_lines

bp = Blueprint("pages", __name__)

MENTION_NAMES = {"ENTERPRISE": "企业", "PROJECT": "项目", "REGION": "地区", "PERSON": "人物", "ORG": "组织",
                 "CHAIN": "产业链", "AMOUNT": "金额", "EVENT": "活动", "DATE": "日期", "STATUS": "状态"}
KIND_NAMES = {"news": "新闻", "policy": "政策", "law": "法规", "report": "报告"}
FACET_NAMES = {"kind": "类型", "regions": "地区", "entities": "实体", "chains": "产业链"}
# The search form's filter parameter for each facet returned by the index.
DEFAULT_CHAIN = "lithium-battery"  # 油头—化身—锂电池, the chain the page opens on
FACET_PARAMS = {"kind": "kind", "regions": "region", "entities": "entity", "chains": "chain"}


def _liantu():
    return current_app.extensions["liantu"]


def entity_names(ids) -> dict[str, str]:
    """Display names for entity ids (the key part of the id when the entity is unknown)."""
    return display_names(_liantu().graph, ids)


def entity_href(entity_id: str) -> str:
    """The page of an entity (cheaper than url_for, which a result page calls hundreds of times)."""
    return "/entity/" + quote(entity_id, safe=":")


def document_href(doc_id: str) -> str:
    """The page of a document."""
    return "/document/" + quote(doc_id, safe="")


def facet_href(param: str, value: str) -> str:
    """The current search with one more filter value, back on its first page."""
    if "facet_base" not in g:
        args = request.args.to_dict(flat=False)
        args.pop("offset", None)
        g.facet_base = request.path + "?" + urlencode(args, doseq=True)
    if value in request.args.getlist(param):
        return g.facet_base
    return g.facet_base + "&" + urlencode({param: value})


def url_with(**changes) -> str:
    """The current page's URL with some query parameters replaced (None removes one)."""
    args = request.args.to_dict(flat=False)
    for key, value in changes.items():
        if value is None:
            args.pop(key, None)
        elif isinstance(value, list):
            args[key] = value
        else:
            args[key] = [str(value)]
    return request.path + ("?" + urlencode(args, doseq=True) if args else "")


@bp.get("/")
@bp.get("/search")
def search_page():
    query = request.args.get("q", "").strip()
    found, results, error, names = None, None, None, {}
    if query:
        try:
            search = search_query_from_request()
            # The form sends empty values for filters left at 全部; they mean no filter.
            for name in ("kinds", "regions", "entities", "chains"):
                setattr(search, name, [v for v in getattr(search, name) if v])
            found = answer(_liantu(), search, current_app.extensions.get("liantu_suggester"))
            results = found.results
        except LiantuError as exc:
            error = page_error(exc)
    if results is not None:
        ids = [i for hit in results.hits for i in (*hit.regions, *hit.entities, *hit.chains)]
        for facet in ("regions", "entities", "chains"):
            ids += list(results.facets.get(facet, {}))
        names = entity_names(ids)
    chosen = {param: request.args.getlist(param) for param in FACET_PARAMS.values()}
    names.update(entity_names([v for v in chosen["entity"] if ":" in v]))
    return render_template("search.html", query=query, results=results, error=error, names=names,
                           chosen=chosen, args=request.args, card=found.entity if found else None,
                           suggestions=found.suggestions if found else [])


@bp.get("/document/<doc_id>")
def document_page(doc_id: str):
    facts = document_facts(_liantu(), doc_id)
    segments = text_segments(facts["text"], facts["mentions"]) if facts["text"] else []
    counts: dict[str, int] = {}
    for m in facts["mentions"]:
        counts[m["type"]] = counts.get(m["type"], 0) + 1
    by_label: dict[str, list] = {}
    for entity in facts["entities"]:
        by_label.setdefault(entity["label"], []).append(entity)
    first_mention = {}
    for m in facts["mentions"]:
        if m["entity_id"] and m["entity_id"] not in first_mention:
            first_mention[m["entity_id"]] = m["start"]
    return render_template("document.html", facts=facts, doc=facts["document"], lines=display_lines(segments),
                           counts=counts, by_label=by_label, first_mention=first_mention)


@bp.get("/entity/<path:entity_id>")
def entity_page(entity_id: str):
    raw_offset = request.args.get("offset", "0")
    # isdecimal, not isdigit: "²" is a digit that int() refuses
    offset = int(raw_offset) if raw_offset.isdecimal() else 0
    profile = entity_profile(_liantu(), entity_id, doc_limit=20, doc_offset=offset)
    return render_template("entity.html", p=profile, entity=profile["entity"], offset=offset)


@bp.get("/chains")
def chains_page():
    from corpus.chains import load_chains

    chains = load_chains()
    # The definitions travel to the script in a data- attribute, so the diagram can be drawn
    # from them even before (or without) the analysis from the API.
    definitions = [{"id": c.id, "name": c.name, "description": c.description,
                    "links": [{"id": link.id, "name": link.name, "stage": link.stage, "terms": list(link.terms)}
                              for link in c.links],
                    "edges": [list(e) for e in c.edges]} for c in chains]
    # With nothing asked, the page opens on the flagship chain for the home region.
    return render_template("chains.html", chains=chains, definitions=definitions,
                           chain_id=request.args.get("chain", "") or DEFAULT_CHAIN,
                           region=request.args.get("region", "") or home_region()["name"],
                           compare=request.args.get("compare", ""))


@bp.get("/network")
def network_page():
    return render_template("network.html", entity=request.args.get("entity", ""),
                           source=request.args.get("source", ""), target=request.args.get("target", ""))


@bp.get("/favicon.ico")
def favicon():
    return current_app.send_static_file("favicon.svg")


def home_region() -> dict[str, str]:
    """The home region for the pages' defaults and examples: its name, short form and a county in it."""
    lexicon = _liantu().lexicon
    cached = current_app.extensions.get("liantu_home")
    if cached is not None and cached[0] is lexicon:
        return cached[1]
    entry = lexicon.region(lexicon.home)
    counties = sorted(c for c, e in lexicon.regions.items()
                      if e.level == "county" and e.parent == lexicon.home_city and e.name != "市辖区")
    county = lexicon.region(counties[0]).name if counties else entry.name
    home = {"code": entry.code, "name": entry.name, "short": (entry.aliases or (entry.name,))[0], "county": county}
    current_app.extensions["liantu_home"] = (lexicon, home)
    return home


def init_app(app) -> None:
    app.register_blueprint(bp)
    app.context_processor(lambda: {"home_region": home_region()})
    app.jinja_env.globals.update(DISPLAY_NAMES={"labels": LABEL_NAMES, "relations": RELATION_NAMES},
                                 LABEL_NAMES=LABEL_NAMES, MENTION_NAMES=MENTION_NAMES,
                                 RELATION_NAMES=RELATION_NAMES, KIND_NAMES=KIND_NAMES,
                                 FACET_NAMES=FACET_NAMES, FACET_PARAMS=FACET_PARAMS, url_with=url_with, facet_href=facet_href,
                                 entity_href=entity_href, document_href=document_href)
