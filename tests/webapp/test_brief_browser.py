"""The chain brief in a real headless Chromium: reached from the chain page, drawn without script,
printed on A4 by its print stylesheet; and the file `liantu chain report` writes, opened from disk."""
from __future__ import annotations

import re

import pytest

from liantu import Liantu, Settings
from liantu.brief import build_brief, render, write_brief
from tests.liantu.brief_corpus import CHAIN, REGION, STALLED, ingest_articles
from tests.serving import serving
from webapp import create_app

pytestmark = [pytest.mark.browser, pytest.mark.slow]

GAP_RED = "rgb(224, 49, 49)"  # --gap
A4_POINTS = (595.92, 842.88)


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    """The app over the invented articles, served by waitress on a free loopback port."""

    folder = tmp_path_factory.mktemp("brief-browser")
    liantu = Liantu(Settings(data_dir=folder / "data", graph_backend="networkx"))
    ingest_articles(liantu, folder)
    with serving(create_app(liantu=liantu)) as url:
        yield url, liantu, folder
    liantu.close()


@pytest.fixture
def page(browser):
    """A page that records console errors (CSP violations among them), failed responses and page errors."""
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="zh-CN")
    pg = context.new_page()
    pg.set_default_timeout(15000)
    pg.errors = []
    pg.on("console", lambda msg: msg.type == "error" and pg.errors.append(f"console: {msg.text}"))
    pg.on("response", lambda r: r.status >= 400 and pg.errors.append(f"HTTP {r.status}: {r.url}"))
    pg.on("pageerror", lambda exc: pg.errors.append(f"page error: {exc}"))
    yield pg
    context.close()


def check_brief(page) -> None:
    """The diagram is drawn and coloured, and the print stylesheet applies under print media."""
    assert page.locator("svg#chain-diagram g.link").count() == 21
    cells = page.locator('svg#chain-diagram g.link[data-link="cells"] rect')
    assert cells.evaluate("el => getComputedStyle(el).fill") == GAP_RED
    assert page.locator("svg#chain-diagram path.edge").count() > 20
    assert page.locator("tr.stalled", has_text=STALLED).count() == 1
    page.emulate_media(media="screen")
    row = page.locator("#projects tbody tr").first
    assert row.evaluate("el => getComputedStyle(el).breakInside") == "auto"
    page.emulate_media(media="print")
    assert row.evaluate("el => getComputedStyle(el).breakInside") == "avoid"
    if page.locator(".toolbar").count():
        assert page.locator(".toolbar").evaluate("el => getComputedStyle(el).display") == "none"
    pdf = page.pdf(format="A4", print_background=True)
    assert pdf.startswith(b"%PDF")
    boxes = {tuple(round(float(x), 2) for x in m) for m in re.findall(rb"/MediaBox \[0 0 ([\d.]+) ([\d.]+)\]", pdf)}
    assert boxes == {A4_POINTS}, boxes
    assert not page.errors, page.errors


def test_the_chain_page_button_opens_the_brief_which_prints_on_a4(page, served):
    base, _, _ = served
    page.goto(f"{base}/chains?chain={CHAIN}&region=泉港")
    page.wait_for_selector("#chain-graph[data-ready=analysed]")
    page.fill("#region-input", REGION)
    page.click("#chain-form button[type=submit]")
    page.wait_for_selector("#chain-graph[data-ready=analysed]")
    assert "region=%E6%B3%89%E6%B8%AF%E5%8C%BA" in page.get_attribute("#brief-html", "href")
    page.click("#brief-html")
    page.wait_for_selector("svg#chain-diagram")
    assert page.title() == "油头—化身—锂电池 · 泉港区 · 招商简报"
    check_brief(page)


def test_the_written_html_file_renders_alone(page, served, tmp_path):
    _, liantu, _ = served
    brief = build_brief(liantu.graph, CHAIN, REGION, lexicon=liantu.lexicon)
    path = write_brief(render(brief, "html"), tmp_path / "brief.html")
    page.goto(path.as_uri())
    page.wait_for_selector("svg#chain-diagram")
    check_brief(page)
