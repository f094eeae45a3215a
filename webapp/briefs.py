"""The chain brief on the web: /chains/report?chain=&region=&format=html|xlsx|md.

HTML is shown as a page that prints on A4 (its one inline stylesheet is allowed by its hash);
xlsx and md come as downloads. Any parameter the brief cannot use (an unknown chain, region or
format, a bad date or threshold) is a 400 with the reason.
"""
from __future__ import annotations

from urllib.parse import quote, urlencode

from flask import Blueprint, Response, abort, request, url_for

from graph import chains as q
from ingest.errors import LiantuError
from liantu import brief
from liantu.brief.html import style_hash
from webapp.api import int_arg
from webapp.api_chains import chain_analyser
from webapp.app import CSP

bp = Blueprint("briefs", __name__)


def brief_csp() -> str:
    """The app's policy, with the brief's inlined stylesheet allowed by its hash (scripts stay 'self' only)."""
    return CSP.replace("style-src 'self'", f"style-src 'self' '{style_hash()}'")


@bp.get("/chains/report")
def report():
    fmt = request.args.get("format", "html") or "html"
    try:
        brief.check_format(fmt)
        chain = (request.args.get("chain") or "").strip()
        if not chain:
            raise LiantuError("parameter 'chain' is required (a chain id, name or alias)")
        data = brief.build_brief(None, chain, request.args.get("region") or "", analyser=chain_analyser(),
                                 as_of=request.args.get("as_of") or None,
                                 stale_days=int_arg("stale_days", q.DEFAULT_STALE_DAYS, 0, 36500),
                                 strong_min=int_arg("strong_min", q.DEFAULT_STRONG_MIN, 1, 1000),
                                 leads_per_gap=int_arg("leads", 10, 1, 200))
    except LiantuError as exc:
        abort(400, str(exc))
    if fmt == "html":
        return Response(brief.render(data, "html", _links(data)), mimetype="text/html",
                        headers={"Content-Security-Policy": brief_csp()})
    name = brief.filename(data, fmt)
    readable = f"{data['chain']['name']}-{data['region']['name']}-招商简报{brief.FORMATS[fmt]}"
    return Response(brief.render(data, fmt), content_type=brief.MEDIA_TYPES[fmt],
                    headers={"Content-Disposition": f"attachment; filename=\"{name}\"; "
                                                    f"filename*=UTF-8''{quote(readable)}"})


def _links(data: dict) -> list[dict[str, str]]:
    """The page's on-screen links: the other formats of the same brief and the chain page."""
    args = {k: v for k, v in request.args.items() if k != "format"}
    args.update(chain=data["chain"]["id"], region=data["region"]["name"])
    here = url_for("briefs.report")
    return [{"href": f"{here}?{urlencode({**args, 'format': 'xlsx'})}", "text": "下载 Excel"},
            {"href": f"{here}?{urlencode({**args, 'format': 'md'})}", "text": "下载 Markdown"},
            {"href": url_for("pages.chains_page", chain=data["chain"]["id"], region=data["region"]["name"]),
             "text": "返回产业链页面"}]
