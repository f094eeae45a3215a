"""The 动态 page (`/digest`), its JSON (`/api/digest`) and its Atom feed (`/feeds/digest.atom`).

All three take the same filters as query parameters: `since`, `region`, `chain`, `kind`
(repeatable) and `stalled_days`; scouts follow the feed in any feed reader.
"""
from __future__ import annotations

import xml.etree.ElementTree as ET
from datetime import datetime, timezone

from flask import Blueprint, Response, current_app, jsonify, render_template, request, url_for

from graph.digest import DEFAULT_STALLED_DAYS, KIND_NAMES, KINDS, DigestError, digest
from ingest.errors import LiantuError, NotFoundError
from webapp.api import int_arg

bp = Blueprint("digest", __name__)
ATOM = "http://www.w3.org/2005/Atom"


def _digest_from_request():
    kinds = [k for k in request.args.getlist("kind") if k]
    unknown = [k for k in kinds if k not in KINDS]
    if unknown:
        raise DigestError(f"parameter 'kind': {unknown[0]!r} is not one of {', '.join(KINDS)}")
    return digest(current_app.extensions["liantu"].graph, since=request.args.get("since") or None,
                  region=(request.args.get("region") or "").strip() or None,
                  chain=(request.args.get("chain") or "").strip() or None,
                  stalled_days=int_arg("stalled_days", DEFAULT_STALLED_DAYS, 1, 36500), kinds=kinds or KINDS)


def _filters() -> dict[str, object]:
    return {key: request.args.getlist(key) if key == "kind" else request.args.get(key, "")
            for key in ("since", "region", "chain", "kind", "stalled_days") if request.args.get(key)}


@bp.get("/digest")
def digest_page():
    result, error = None, None
    try:
        result = _digest_from_request().as_dict()
    except NotFoundError as exc:
        error = "找不到这个地区或产业链：" + str(exc).split(";")[0].removeprefix("no ")
    except LiantuError:
        error = "无法理解这些条件：日期请写作 2026-03-01，停滞天数为正整数"
    from urllib.parse import urlencode

    feed = url_for("digest.digest_feed") + ("?" + urlencode(_filters(), doseq=True) if _filters() else "")
    return render_template("digest.html", result=result, error=error, args=request.args, KINDS=KINDS,
                           DIGEST_KINDS=KIND_NAMES, feed=feed, chosen_kinds=request.args.getlist("kind"))


@bp.get("/api/digest")
def digest_api():
    """The digest as JSON: ?since=&region=&chain=&kind=&stalled_days="""
    return jsonify({"ok": True, **_digest_from_request().as_dict()})


def atom_feed(result: dict, feed_url: str, page_url: str, entity_url) -> bytes:
    """The digest as an Atom 1.0 document; every text goes through the XML serialiser (escaped)."""
    ET.register_namespace("", ATOM)
    feed = ET.Element(f"{{{ATOM}}}feed")

    def sub(parent, tag, text=None, **attrs):
        element = ET.SubElement(parent, f"{{{ATOM}}}{tag}", attrs)
        if text is not None:
            element.text = text
        return element

    scope = " · ".join(x for x in ((result["region"] or {}).get("name"), (result["chain"] or {}).get("name")) if x)
    sub(feed, "title", "链图 动态" + (f" · {scope}" if scope else ""))
    sub(feed, "subtitle", f"{result['since']} 以来：新项目、状态变化、停滞项目、补链、侨商新关系")
    sub(feed, "id", feed_url)
    sub(feed, "link", rel="self", href=feed_url)
    sub(feed, "link", rel="alternate", href=page_url)
    newest = max((i["date"] for i in result["items"]), default=result["as_of"])
    sub(feed, "updated", _timestamp(newest))
    sub(sub(feed, "author"), "name", "链图 liantu")
    for item in result["items"]:
        entry = sub(feed, "entry")
        sub(entry, "title", f"[{KIND_NAMES[item['kind']]}] {item['summary']}")
        sub(entry, "id", f"tag:liantu,{item['date'][:10]}:{item['id']}")
        sub(entry, "updated", _timestamp(item["date"]))
        sub(entry, "link", rel="alternate", href=entity_url(item))
        for e in item["evidence"]:
            if str(e.get("url") or "").startswith(("http://", "https://")):
                sub(entry, "link", rel="related", href=e["url"], title=e.get("title") or e["url"])
        lines = [item["summary"]] + [f"“{e['sentence']}” — {e.get('title') or ''} {e.get('source') or ''} "
                                     f"{e.get('date') or ''}".rstrip() for e in item["evidence"]]
        sub(entry, "content", "\n".join(lines), type="text")
    return ET.tostring(feed, encoding="utf-8", xml_declaration=True)


def _timestamp(day: str) -> str:
    try:
        return datetime.fromisoformat(day[:10]).replace(tzinfo=timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
    except ValueError:
        return datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


@bp.get("/feeds/digest.atom")
def digest_feed():
    result = _digest_from_request().as_dict()
    from urllib.parse import quote, urlencode

    query = urlencode(_filters(), doseq=True)
    feed_url = url_for("digest.digest_feed", _external=True) + ("?" + query if query else "")
    page_url = url_for("digest.digest_page", _external=True) + ("?" + query if query else "")

    def entity_url(item):
        subject = item["subject"]["id"]
        if item["subject"]["label"] == "ChainLink":
            return url_for("pages.chains_page", _external=True) + "?" + urlencode(
                {"chain": item["details"].get("chain", ""), "region": item["details"].get("region", "")})
        return request.host_url.rstrip("/") + "/entity/" + quote(subject, safe=":")

    return Response(atom_feed(result, feed_url, page_url, entity_url), mimetype="application/atom+xml")
