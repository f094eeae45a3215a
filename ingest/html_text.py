"""The main text of a web page with its title, date, author and site, by trafilatura and htmldate.

Pure: HTML in, a `Document` out. Navigation, share buttons, footers and comment boxes are left
out by trafilatura's main-text extraction; the date is the page's original publication date as
htmldate finds it (meta tags, structured data, the URL, the visible text), and the title falls
back to the page's first heading, then its `<title>`.
"""
from __future__ import annotations

import re

from ingest.errors import LoadError
from ingest.model import Document

# A page whose main text is shorter than this is taken whole rather than as an empty article.
MIN_MAIN_TEXT = 20
_HEADING = re.compile(r"<h1[^>]*>(.*?)</h1>", re.I | re.S)
_TITLE = re.compile(r"<title[^>]*>(.*?)</title>", re.I | re.S)
_TAG = re.compile(r"<[^>]+>")
# trafilatura leaves out authors its name filter does not know (Chinese names among them)
_META_AUTHOR = re.compile(r"<meta\s+name=[\"']author[\"']\s+content=[\"']([^\"'<>]{1,40})[\"']", re.I)
_BYLINE_AUTHOR = re.compile(r"(?:作者|记者|文)[：:]\s*([\u4e00-\u9fff·]{2,8})")


def _tag_text(pattern: re.Pattern, html: str) -> str:
    import html as html_lib

    m = pattern.search(html)
    return " ".join(html_lib.unescape(_TAG.sub("", m[1])).split()) if m else ""


def page_date(html: str, url: str | None = None) -> str | None:
    """The original publication date of a page (YYYY-MM-DD), or None when htmldate finds none."""
    from htmldate import find_date

    try:
        found = find_date(html, url=url, original_date=True, outputformat="%Y-%m-%d",
                          min_date="1990-01-01", extensive_search=True)
    except (ValueError, TypeError):  # htmldate raises on pages it cannot parse at all
        return None
    return found or None


def parse_html(html: str, origin: str, url: str | None = None) -> Document:
    """A document from an HTML page: its main text without navigation, share buttons or footers.

    `origin` names where the page came from (a file or the URL fetched); `url` helps find the
    date. Raises `LoadError` naming `origin` when the page has no text.
    """
    import trafilatura

    extracted = trafilatura.bare_extraction(html, url=url, with_metadata=True, include_comments=False,
                                            include_tables=True, favor_precision=True)
    # trafilatura 2 gives a Document, 1.x (as_dict=True by default) a dict
    if extracted is None:
        extracted = {}
    elif not isinstance(extracted, dict):
        extracted = extracted.as_dict()
    text = (extracted.get("text") or "").strip()
    if len(text) < MIN_MAIN_TEXT:
        # A short page or a bare fragment: trafilatura's recall mode keeps what an article filter drops.
        fallback = trafilatura.extract(html, include_comments=False, favor_recall=True) or ""
        if len(fallback.strip()) > len(text):
            text = fallback.strip()
    if not text:
        raise LoadError(f"{origin}: HTML page has no text")
    title = _tag_text(_HEADING, html) or (extracted.get("title") or "").strip() or _tag_text(_TITLE, html)
    date = page_date(html, url)
    author = (extracted.get("author") or "").strip()
    if not author:
        m = _META_AUTHOR.search(html) or _BYLINE_AUTHOR.search(text[:300])
        author = m[1].strip() if m else ""
    site = (extracted.get("sitename") or "").strip()
    meta = {key: value for key, value in (("author", author), ("site", site)) if value}
    return Document(text=text, title=title[:200], date=date, source=site, url=url or "", origin=origin, meta=meta)
