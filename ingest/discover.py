"""Article links from a source's own page: a feed's entries, a list page's links, a sitemap's URLs.

Pure functions: the page's bytes and URL in, absolute article URLs out (in page order, each once).
"""
from __future__ import annotations

import re
from html.parser import HTMLParser
from urllib.parse import urldefrag, urljoin, urlsplit

from ingest.sources import Source

# Links a list page has that are never articles.
_NOT_ARTICLE = re.compile(r"\.(?:css|js|png|jpe?g|gif|svg|ico|pdf|zip|rar|docx?|xlsx?|mp4|mp3)$|^(?:mailto|javascript|tel):",
                          re.I)
_LOC = re.compile(r"<loc>\s*(.*?)\s*</loc>", re.I | re.S)


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.hrefs: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag == "a":
            href = dict(attrs).get("href")
            if href:
                self.hrefs.append(href.strip())


def _unique(urls) -> list[str]:
    return list(dict.fromkeys(urls))


def feed_links(body: bytes, base: str) -> list[str]:
    """The entry links of an RSS or Atom feed (feedparser), made absolute."""
    import feedparser

    parsed = feedparser.parse(body)
    links = []
    for entry in parsed.entries:
        link = entry.get("link") or next((x.get("href") for x in entry.get("links", []) if x.get("href")), "")
        if link:
            links.append(urldefrag(urljoin(base, link))[0])
    return _unique(links)


def list_links(body: bytes, base: str, pattern: str = "") -> list[str]:
    """The article links of an index page: same site, not the page itself, matching `pattern` if given."""
    parser = _Links()
    parser.feed(body.decode("utf-8", errors="replace"))
    site = urlsplit(base).netloc.lower()
    own = urldefrag(base)[0]
    wanted = re.compile(pattern) if pattern else None
    links = []
    for href in parser.hrefs:
        if _NOT_ARTICLE.search(href):
            continue
        url = urldefrag(urljoin(base, href))[0]
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https") or parts.netloc.lower() != site or url == own:
            continue
        if wanted is not None and not wanted.search(url):
            continue
        if wanted is None and parts.path in ("", "/"):
            continue  # the home page is navigation, not an article
        links.append(url)
    return _unique(links)


def sitemap_links(body: bytes, base: str) -> tuple[list[str], list[str]]:
    """(page URLs, nested sitemap URLs) of a sitemap or a sitemap index."""
    text = body.decode("utf-8", errors="replace")
    locs = [urljoin(base, loc.replace("&amp;", "&")) for loc in _LOC.findall(text)]
    if "<sitemapindex" in text[:2000].lower():
        return [], _unique(locs)
    return _unique(locs), []


def article_links(source: Source, body: bytes, base: str) -> tuple[list[str], list[str]]:
    """(article URLs, further sitemaps to read) that a source's own page lists."""
    if source.kind == "feed":
        return feed_links(body, base), []
    if source.kind == "sitemap":
        pages, nested = sitemap_links(body, base)
        if source.pattern:
            wanted = re.compile(source.pattern)
            pages = [u for u in pages if wanted.search(u)]
        return pages, nested
    return list_links(body, base, source.pattern), []
