"""Sources, link discovery, page extraction and copy detection, on the fixture site's files."""
from __future__ import annotations

from pathlib import Path

import pytest

from ingest.crawl import SIMILAR, fingerprint, resemblance
from ingest.discover import feed_links, list_links, sitemap_links
from ingest.errors import NotFoundError
from ingest.html_text import parse_html
from ingest.sources import Source, SourceError, SourceList, parse_every

SITE = Path(__file__).parent / "site"
BOILERPLATE = ("首页", "新闻中心", "政务公开", "分享到", "微博", "版权所有", "闽ICP备", "联系电话", "相关阅读", "热点推荐")


def page(path: str):
    return parse_html((SITE / path).read_text(encoding="utf-8"), origin=path)


def test_an_article_page_gives_its_title_date_author_site_and_main_text_only():
    doc = page("a/news/a1.html")
    assert doc.title == "福建锂源新能源材料项目签约落户泉港"
    assert doc.date == "2026-03-02"
    assert doc.meta["author"] == "陈明" and doc.source == "泉港新闻网"
    assert "总投资30亿元的福建锂源新能源材料项目在泉港区签约" in doc.text
    assert "推动油头—化身—锂电池产业链延伸发展" in doc.text
    for word in BOILERPLATE:
        assert word not in doc.text, word


def test_an_article_page_reads_the_same_with_trafilatura_1_dicts(monkeypatch):
    import trafilatura

    extract = trafilatura.bare_extraction
    # trafilatura 1.x (pyproject allows >=1.12) returns a dict where 2.x returns a Document
    monkeypatch.setattr(trafilatura, "bare_extraction", lambda *args, **kw: extract(*args, **kw).as_dict())
    doc = page("a/news/a1.html")
    assert doc.title == "福建锂源新能源材料项目签约落户泉港"
    assert doc.meta["author"] == "陈明" and doc.source == "泉港新闻网"
    assert "总投资30亿元的福建锂源新能源材料项目在泉港区签约" in doc.text


def test_a_page_without_metadata_is_dated_from_its_visible_text():
    doc = page("b/articles/copy.html")
    assert doc.date == "2026-03-03"
    assert doc.title == "福建锂源新能源材料项目签约落户泉港"
    assert "海西财经" not in doc.text and "登录" not in doc.text


def test_a_republished_copy_with_small_edits_resembles_its_original_and_no_other_article():
    original, copy = fingerprint(page("a/news/a1.html").text), fingerprint(page("b/articles/copy.html").text)
    assert resemblance(original, copy) >= SIMILAR
    for other in ("a/news/a2.html", "a/news/a3.html", "a/news/a4.html"):
        assert resemblance(fingerprint(page(other).text), copy) < 0.3, other
    assert resemblance(original, original) == 1.0


def test_a_list_page_gives_same_site_article_links_once_without_navigation():
    body = (SITE / "a" / "index.html").read_bytes()
    links = list_links(body, "http://127.0.0.1:8001/index.html", pattern="/news/")
    assert links == [f"http://127.0.0.1:8001/news/{name}" for name in
                     ("a1.html", "a2.html", "a3.html", "missing.html", "slow.html", "private/secret.html")]
    unfiltered = list_links(body, "http://127.0.0.1:8001/index.html")
    assert "http://127.0.0.1:8001/about.html" in unfiltered and "http://127.0.0.1:8001/" not in unfiltered
    assert "http://127.0.0.1:8001/index.html" not in unfiltered
    other_site = b'<a href="http://example.org/news/x.html">x</a><a href="mailto:a@b.c">m</a>'
    assert list_links(other_site, "http://127.0.0.1:8001/index.html") == []


def test_a_feed_gives_its_entry_links_and_a_sitemap_its_locations():
    assert feed_links((SITE / "a" / "rss.xml").read_bytes(), "http://127.0.0.1:8001/rss.xml") == [
        "http://127.0.0.1:8001/news/a4.html", "http://127.0.0.1:8001/news/a2.html"]
    sitemap = b"""<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
      <url><loc>http://127.0.0.1:8001/news/a1.html</loc></url><url><loc> /news/a2.html </loc></url></urlset>"""
    assert sitemap_links(sitemap, "http://127.0.0.1:8001/sitemap.xml") == (
        ["http://127.0.0.1:8001/news/a1.html", "http://127.0.0.1:8001/news/a2.html"], [])
    index = b"<sitemapindex><sitemap><loc>http://127.0.0.1:8001/s1.xml</loc></sitemap></sitemapindex>"
    assert sitemap_links(index, "http://127.0.0.1:8001/sitemap.xml") == ([], ["http://127.0.0.1:8001/s1.xml"])


def test_sources_are_stored_checked_and_removed(tmp_path):
    sources = SourceList(tmp_path)
    sources.add(Source("qz-news", "https://www.qzwb.com/", "list", "6h", r"/content/"))
    sources.add(Source("泉港", "https://example.org/rss.xml", "feed", "30m"))
    assert [s.name for s in SourceList(tmp_path).all()] == ["qz-news", "泉港"]
    assert SourceList(tmp_path).get("泉港").seconds == 1800
    with pytest.raises(SourceError, match="exists already"):
        sources.add(Source("qz-news", "https://www.qzwb.com/"))
    with pytest.raises(SourceError, match="not an http"):
        sources.add(Source("bad", "ftp://example.org/"))
    with pytest.raises(SourceError, match="kind 'rss'"):
        sources.add(Source("bad", "https://example.org/", kind="rss"))
    with pytest.raises(SourceError, match="not a regular expression"):
        sources.add(Source("bad", "https://example.org/", pattern="(["))
    sources.remove("qz-news")
    assert [s.name for s in sources.all()] == ["泉港"]
    with pytest.raises(NotFoundError, match="no source named 'qz-news'"):
        sources.remove("qz-news")


@pytest.mark.parametrize("text, seconds", [("6h", 21600), ("30m", 1800), ("1d", 86400), ("90s", 90), ("2", 7200)])
def test_intervals(text, seconds):
    assert parse_every(text) == seconds


@pytest.mark.parametrize("text", ["", "0h", "soon", "-1h", "3w"])
def test_bad_intervals_say_what_is_expected(text):
    with pytest.raises(SourceError, match="positive interval"):
        parse_every(text)


def test_the_readme_source_pattern_picks_the_articles_of_a_government_list_page():
    base = "https://www.quanzhou.gov.cn/zfb/xxgk/zfxxgkzl/qzdt/xsqdt/"
    body = ('<a href="../../../../../">首页</a><a href="./202105/t20210501_2552631.htm">泉港区签约项目</a>'
            '<a href="index_1.htm">下一页</a><a href="../../xxgkzn/">指南</a>').encode()
    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")
    pattern = r"/xsqdt/\d{6}/t\d{8}_\d+\.htm"
    assert f"--pattern '{pattern}'" in readme
    Source("quanzhou-xsqdt", base, "list", "6h", pattern).check()
    assert list_links(body, base, pattern) == [base + "202105/t20210501_2552631.htm"]
