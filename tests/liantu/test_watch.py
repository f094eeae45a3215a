"""`liantu watch` and `liantu serve --watch` as real processes against a loopback site: killed
in the middle, nothing is lost and nothing is fetched twice."""
from __future__ import annotations

import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from ingest.sources import Source, SourceList
from tests.site_server import serve_site

SITE = Path(__file__).resolve().parent.parent / "ingest" / "site"
ENV = {**os.environ, "LIANTU_NAME_MODEL": "off"}


def liantu(data_dir: Path, *args: str) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "liantu", "--data-dir", str(data_dir), *args], env=ENV,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def wait_for(condition, seconds: float, what: str):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(0.1)
    raise AssertionError(f"waited {seconds} s for {what}")


@pytest.fixture
def site(tmp_path):
    shutil.copytree(SITE / "a", tmp_path / "a")
    with serve_site(tmp_path / "a", slow_seconds=4.0) as running:
        yield running


@pytest.mark.slow
def test_watch_killed_mid_run_loses_nothing_and_fetches_nothing_twice(site, data_dir):
    SourceList(data_dir).add(Source("quangang", site.url + "/index.html", "list", "1h", "/news/"))
    spool = data_dir / "fetch" / "spool"
    # The slow page keeps the watcher waiting after it has fetched (and spooled) the articles before it.
    watcher = liantu(data_dir, "watch", "--delay", "0.01", "--timeout", "10", "--retries", "0", "--poll", "1")
    try:
        wait_for(lambda: spool.is_dir() and len(list(spool.glob("*.json"))) == 3, 60, "three spooled pages")
        wait_for(lambda: "/news/slow.html" in site.requests, 10, "the slow page to be asked for")
    finally:
        watcher.send_signal(signal.SIGKILL)
        watcher.wait(timeout=30)
    assert not (data_dir / "graph.pickle").exists() or "锂源" not in json.dumps(_titles(data_dir))

    done = subprocess.run([sys.executable, "-m", "liantu", "--data-dir", str(data_dir), "fetch", "--delay", "0.01",
                           "--timeout", "0.5", "--retries", "0", "--json"], env=ENV, capture_output=True, text=True,
                          timeout=300)
    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout)
    assert report["new"] == 3 and report["fetched"] == 0, report  # the index and the articles answer 304
    assert sorted(_titles(data_dir)) == ["晋江市召开侨商恳谈会", "福建锂源新能源材料项目开工建设",
                                         "福建锂源新能源材料项目签约落户泉港"]
    for path in ("/index.html", "/news/a1.html", "/news/a2.html", "/news/a3.html"):
        assert site.full_fetches().count(path) == 1, (path, site.answers)


@pytest.mark.slow
def test_serve_watch_fetches_beside_the_app_and_stops_with_it(site, data_dir):
    SourceList(data_dir).add(Source("quangang", site.url + "/index.html", "list", "1h", "/news/"))
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    server = liantu(data_dir, "serve", "--watch", "--port", str(port))
    try:
        def documents():
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/api/stats", timeout=2) as response:
                    return json.load(response)["documents"] >= 3
            except OSError:
                return False

        wait_for(documents, 120, "the watcher's documents to show in the app")
        page = urllib.request.urlopen(f"http://127.0.0.1:{port}/digest?since=2026-01-01", timeout=10).read().decode()
        assert "福建锂源新能源材料项目：签约 → 开工" in page
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=60)
    watchers = subprocess.run(["pgrep", "-f", f"liantu --data-dir {data_dir} --graph networkx watch"],
                              capture_output=True, text=True)
    assert watchers.stdout.strip() == "", "the watcher outlived the app"


def _titles(data_dir: Path) -> list[str]:
    from liantu import Liantu, Settings

    app = Liantu(Settings(data_dir=data_dir, graph_backend="networkx", name_model=False))
    try:
        return [app.graph.get_document(i)["title"] for i in app.graph.document_ids()]
    finally:
        app.close()
