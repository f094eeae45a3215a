"""The 动态 page, /api/digest, /feeds/digest.atom and `liantu digest`, over articles ingested for real."""
from __future__ import annotations

import json

import feedparser
import pytest
from click.testing import CliRunner

from ingest.model import Document
from liantu import Liantu, Settings
from liantu.cli import cli
from tests.graph.test_digest import GROUNDBREAKING, SIGNING, TEXTILE, TIES
from webapp import create_app

HOSTILE = Document(title="<script>alert(1)</script>晋江签约", date="2026-10-20", url="javascript:alert(1)",
                   text="10月20日，晋江市与侨商签约建设智能装备项目，项目总投资5亿元。<img src=x onerror=alert(2)>")


@pytest.fixture(scope="module")
def client(tmp_path_factory):
    liantu = Liantu(Settings(data_dir=tmp_path_factory.mktemp("digest") / "data", graph_backend="networkx",
                             name_model=False))
    liantu.ingest_documents([SIGNING, GROUNDBREAKING, TEXTILE, TIES, HOSTILE])
    yield create_app({"TESTING": True}, liantu=liantu).test_client()
    liantu.close()


def test_the_digest_page_lists_changes_with_evidence_and_links(client):
    response = client.get("/digest?since=2026-09-01")
    assert response.status_code == 200
    text = response.get_data(as_text=True)
    assert "动态" in text and "福建锂源新能源材料项目：签约 → 开工" in text
    assert "9月18日，福建锂源新能源材料项目在泉港石化工业园区正式开工建设。" in text
    assert "3月2日，总投资30亿元的福建锂源新能源材料项目在泉港区签约" in text
    assert 'href="/entity/Project:' in text and 'href="/document/' in text
    assert 'href="/feeds/digest.atom?since=2026-09-01"' in text
    assert "<script>alert(1)" not in text and "&lt;script&gt;alert(1)&lt;/script&gt;晋江签约" in text
    assert "javascript:" not in text and "<img" not in text
    assert 'aria-current="page">动态' in text


def test_the_digest_page_says_what_is_wrong_in_chinese(client):
    text = client.get("/digest?region=火星").get_data(as_text=True)
    assert "找不到这个地区或产业链" in text and "火星" in text
    assert "无法理解这些条件" in client.get("/digest?since=yesterday").get_data(as_text=True)


def test_the_api_takes_the_same_filters(client):
    body = client.get("/api/digest?since=2026-09-01&kind=status_change").get_json()
    assert body["ok"] and [i["kind"] for i in body["items"]] == ["status_change"]
    assert body["items"][0]["details"] == {"from": "签约", "to": "开工", "from_date": "2025-03-02",
                                           "to_date": "2026-09-18"}
    region = client.get("/api/digest?since=2025-01-01&region=晋江市&kind=new_tie").get_json()
    assert region["region"] == {"code": "350582", "name": "晋江市"} and region["items"]
    error = client.get("/api/digest?since=2026-02-30")
    assert error.status_code == 400 and error.get_json()["ok"] is False
    assert client.get("/api/digest?kind=gossip").get_json()["error"].startswith("parameter 'kind'")
    assert client.get("/api/digest?chain=造船").status_code == 404


def test_the_atom_feed_reads_in_a_feed_reader(client):
    response = client.get("/feeds/digest.atom?since=2026-09-01&region=泉港区")
    assert response.status_code == 200 and response.mimetype == "application/atom+xml"
    feed = feedparser.parse(response.data)
    assert not feed.bozo, feed.bozo_exception
    assert feed.feed.title == "链图 动态 · 泉港区"
    assert feed.feed.links[0].href == "http://localhost/feeds/digest.atom?since=2026-09-01&region=%E6%B3%89%E6%B8%AF%E5%8C%BA"
    [entry] = [e for e in feed.entries if "签约 → 开工" in e.title]
    assert entry.title == "[状态变化] 福建锂源新能源材料项目：签约 → 开工"
    assert entry.link.startswith("http://localhost/entity/Project:")
    assert entry.updated.startswith("2026-09-18")
    assert "正式开工建设" in entry.content[0].value and "在泉港区签约" in entry.content[0].value
    everything = feedparser.parse(client.get("/feeds/digest.atom?since=2025-01-01").data)
    assert len(everything.entries) > len(feed.entries)
    assert len({e.id for e in everything.entries}) == len(everything.entries)
    hostile = [e for e in everything.entries if "智能装备" in e.title]
    assert hostile and all("javascript" not in link.href for e in hostile for link in e.links)


@pytest.mark.slow
def test_liantu_digest_json_after_a_signing_and_then_a_groundbreaking(tmp_path):
    signing, groundbreaking = tmp_path / "signing.md", tmp_path / "groundbreaking.md"
    signing.write_text(f"# {SIGNING.title}\n\n{SIGNING.date}\n\n{SIGNING.text}\n", encoding="utf-8")
    groundbreaking.write_text(f"# {GROUNDBREAKING.title}\n\n{GROUNDBREAKING.date}\n\n{GROUNDBREAKING.text}\n",
                              encoding="utf-8")
    runner = CliRunner(env={"LIANTU_NAME_MODEL": "off"})
    args = ["--data-dir", str(tmp_path / "data")]
    for path in (signing, groundbreaking):
        assert runner.invoke(cli, [*args, "ingest", str(path)]).exit_code == 0
    result = runner.invoke(cli, [*args, "digest", "--json"])
    assert result.exit_code == 0, result.output
    digest = json.loads(result.output)
    [change] = [i for i in digest["items"] if i["kind"] == "status_change"]
    assert change["summary"] == "福建锂源新能源材料项目：签约 → 开工"
    assert [e["sentence"] for e in change["evidence"]] == [SIGNING.text, GROUNDBREAKING.text]
    assert [e["date"] for e in change["evidence"]] == ["2025-03-02", "2026-09-18"]
    text = runner.invoke(cli, [*args, "digest"]).output
    assert "[状态变化] 福建锂源新能源材料项目：签约 → 开工" in text and f"“{GROUNDBREAKING.text}”" in text
