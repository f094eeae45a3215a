"""`liantu sources` / `fetch` / `digest` end to end against two small web sites on the loopback interface.

Site a (tests/ingest/site/a) has an index page, an RSS feed, articles with navigation, share
buttons and footers, a 404, a slow page and a robots.txt that forbids /news/private/; site b
republishes one of a's articles with small edits. No network: both are served by the test.
"""
from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from ingest.crawl import Crawler
from ingest.fetch import FetchPolicy, PoliteClient
from ingest.sources import Source
from liantu import Liantu, Settings
from liantu.cli import cli
from liantu.services import stored_document_fields
from tests.ingest.test_sources import BOILERPLATE
from tests.site_server import serve_site

SITE = Path(__file__).resolve().parent.parent / "ingest" / "site"
POLITE = ["--delay", "0.01", "--timeout", "0.5", "--retries", "1"]
TITLES = {"福建锂源新能源材料项目签约落户泉港": "2026-03-02", "福建锂源新能源材料项目开工建设": "2026-09-18",
          "晋江市召开侨商恳谈会": "2026-11-05", "石狮市签约高端纺织面料项目": "2026-10-12"}


@pytest.fixture
def sites(tmp_path):
    shutil.copytree(SITE / "a", tmp_path / "a")
    shutil.copytree(SITE / "b", tmp_path / "b")
    with serve_site(tmp_path / "a", slow_seconds=2.0) as a, serve_site(tmp_path / "b") as b:
        yield a, b


def stored(data_dir: Path) -> list[dict]:
    liantu = Liantu(Settings(data_dir=data_dir, graph_backend="networkx", name_model=False))
    try:
        docs = [liantu.graph.get_document(i) for i in sorted(liantu.graph.document_ids())]
        for doc in docs:
            doc["text"] = stored_document_fields(liantu, doc["id"])["body"]
        return docs
    finally:
        liantu.close()


@pytest.mark.slow
def test_fetching_a_small_site_politely(sites, data_dir, tmp_path):
    a, b = sites
    runner = CliRunner(env={"LIANTU_NAME_MODEL": "off"})

    def liantu(*args):
        result = runner.invoke(cli, ["--data-dir", str(data_dir), *args])
        assert result.exit_code == 0, result.output
        return result.output

    liantu("sources", "add", "quangang", a.url + "/index.html", "--pattern", "/news/")
    liantu("sources", "add", "quangang-rss", a.url + "/rss.xml", "--kind", "feed", "--every", "1h")
    liantu("sources", "add", "repost", b.url + "/index.html", "--pattern", "/articles/")
    listed = json.loads(liantu("sources", "list", "--json"))
    assert [(s["name"], s["kind"]) for s in listed] == [("quangang", "list"), ("quangang-rss", "feed"),
                                                         ("repost", "list")]

    first = json.loads(liantu("fetch", *POLITE, "--json"))
    assert first["new"] == 4 and first["duplicates"] == 1, first
    assert sorted(f["url"].removeprefix(a.url) for f in first["failed"]) == ["/news/missing.html", "/news/slow.html"]
    assert "HTTP 404" in {f["why"] for f in first["failed"]}
    assert any("timed out" in f["why"] for f in first["failed"])
    assert [s["url"] for s in first["skipped"]] == [a.url + "/news/private/secret.html"]

    docs = stored(data_dir)
    assert {d["title"]: d["date"] for d in docs} == TITLES  # every allowed article once, with its date
    for doc in docs:
        assert doc["url"].startswith(a.url) and doc["source"] == "泉港新闻网"
        for word in BOILERPLATE:
            assert word not in doc["text"], (word, doc["title"])
    assert "/news/private/secret.html" not in a.requests
    assert a.count("/robots.txt") == 1 and b.count("/robots.txt") == 1
    assert a.full_fetches().count("/news/a2.html") == 1  # listed by the index and the feed, fetched once

    second = json.loads(liantu("fetch", *POLITE, "--json"))
    assert (second["fetched"], second["new"], second["updated"], second["duplicates"]) == (0, 0, 0, 0), second
    assert second["unchanged"] == 5  # four articles and the copy, each answered 304
    assert [f["url"] for f in second["failed"]] == [f["url"] for f in first["failed"]]

    shutil.copy(SITE / "a3-changed.html", tmp_path / "a" / "news" / "a3.html")
    third = json.loads(liantu("fetch", "--source", "quangang", *POLITE, "--json"))
    assert (third["fetched"], third["new"], third["updated"]) == (1, 0, 1), third
    after = {d["title"]: d for d in stored(data_dir)}
    assert len(after) == 4 and "智能制造项目合作达成初步意向" in after["晋江市召开侨商恳谈会"]["text"]
    assert a.full_fetches().count("/news/a1.html") == 1

    digest = json.loads(liantu("digest", "--since", "2026-09-01", "--json"))
    change = next(i for i in digest["items"] if i["kind"] == "status_change")
    assert change["details"]["from"] == "签约" and change["details"]["to"] == "开工"
    assert [e["url"].removeprefix(a.url) for e in change["evidence"]] == ["/news/a1.html", "/news/a2.html"]
    assert "总投资30亿元的福建锂源新能源材料项目在泉港区签约" in change["evidence"][0]["sentence"]
    assert "正式开工建设" in change["evidence"][1]["sentence"]


@pytest.mark.slow
def test_a_run_killed_before_ingest_loses_nothing_and_fetches_nothing_twice(sites, data_dir):
    a, _ = sites
    source = Source("quangang", a.url + "/index.html", "list", "6h", "/news/")
    policy = FetchPolicy(delay=0.0, timeout=0.5, retries=0)

    def killed(docs):
        raise KeyboardInterrupt  # the process is stopped while the fetched pages wait in the spool

    with pytest.raises(KeyboardInterrupt):
        Crawler(data_dir, PoliteClient(policy), killed).run([source])
    assert a.full_fetches().count("/news/a1.html") == 1

    liantu = Liantu(Settings(data_dir=data_dir, graph_backend="networkx", name_model=False))
    try:
        report = liantu.crawler(policy).run([source])
        assert report.new == 3 and report.fetched == 0, report.as_dict()  # from the spool; pages answer 304
        assert sorted(d["title"] for d in map(liantu.graph.get_document, liantu.graph.document_ids())) == sorted(
            ["福建锂源新能源材料项目签约落户泉港", "福建锂源新能源材料项目开工建设", "晋江市召开侨商恳谈会"])
    finally:
        liantu.close()
    for path in ("/news/a1.html", "/news/a2.html", "/news/a3.html"):
        assert a.full_fetches().count(path) == 1, path
    assert not list((data_dir / "fetch" / "spool").iterdir())


@pytest.mark.slow
def test_a_second_fetch_while_one_runs_is_refused(sites, data_dir):
    a, _ = sites
    source = Source("quangang", a.url + "/index.html", "list", "6h", "/news/")
    outer = Crawler(data_dir, PoliteClient(FetchPolicy(delay=0.0, timeout=0.5, retries=0)), lambda docs: ([], [], []))
    with outer._locked():
        result = CliRunner().invoke(cli, ["--data-dir", str(data_dir), "sources", "add", "q", source.url])
        assert result.exit_code == 0
        result = CliRunner().invoke(cli, ["--data-dir", str(data_dir), "fetch", *POLITE])
    assert result.exit_code == 1 and "another `liantu fetch` or `watch` is running" in result.output
