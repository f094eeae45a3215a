"""The brief as one standalone HTML page: the diagram as inline SVG, a stylesheet for screen and A4 print.

The page carries no script and one `<style>` element, allowed by its hash in the page's own CSP
(and in the header the web app sends with it), so it is the same file whether downloaded,
written by the CLI or served.
"""
from __future__ import annotations

import base64
import hashlib
from functools import lru_cache
from importlib.resources import files
from typing import Any

from jinja2 import Environment, PackageLoader, select_autoescape

from liantu.brief.assemble import projects_by_stage
from liantu.brief.diagram import layout
from liantu.chain_text import STATUS_LABELS


@lru_cache(maxsize=1)
def _environment() -> Environment:
    return Environment(loader=PackageLoader("liantu.brief", "templates"),
                       autoescape=select_autoescape(["html"]), trim_blocks=True, lstrip_blocks=True)


@lru_cache(maxsize=1)
def stylesheet() -> str:
    """The brief's stylesheet, as inlined in the page."""
    return files("liantu.brief").joinpath("templates/brief.css").read_text(encoding="utf-8")


def style_hash() -> str:
    """The CSP source that allows the inlined stylesheet: 'sha256-…'."""
    digest = hashlib.sha256(stylesheet().encode("utf-8")).digest()
    return "sha256-" + base64.b64encode(digest).decode("ascii")


def source_text(ev: dict[str, Any]) -> str:
    """Where an evidence sentence comes from: 《title》 date."""
    title = f"《{ev['title']}》" if ev.get("title") else (ev.get("doc_id") or "")
    return " ".join(x for x in (title, ev.get("date") or "") if x)


def render_html(brief: dict[str, Any], links: list[dict[str, str]] | None = None) -> str:
    """The brief as an HTML page; `links` ({href, text}) are shown on screen only (downloads, the chain page)."""
    leads: dict[str, list[dict[str, Any]]] = {}
    for lead in brief["leads"]:
        leads.setdefault(lead["link"], []).append(lead)
    return _environment().get_template("brief.html").render(
        b=brief, d=layout(brief), leads=leads, stages=projects_by_stage(brief), labels=STATUS_LABELS,
        links=links or [], css=stylesheet(), style_hash=style_hash(), source_text=source_text)
