"""The pages in a real headless Chromium (Debian's), driven by Playwright, against the app served by waitress.

Screenshots go to test-artifacts/. Without Chromium these tests skip, except when CI=true.
"""
from __future__ import annotations

from pathlib import Path

import pytest

from corpus import sample_paths
from ingest.model import Entity, Evidence, Relation
from liantu import Liantu, Settings
from tests.serving import serving
from webapp import create_app

pytestmark = [pytest.mark.browser, pytest.mark.slow]

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
WIDTHS = (1280, 390)


def add_known_network(liantu) -> None:
    """A small 侨商 network with a known shape (甲 leads the 同乡会, 乙 is a member and owns a firm)."""
    doc_id = sorted(liantu.graph.document_ids())[0]
    sentence = "测试侨商甲担任测试同乡会会长，测试侨商乙为会员并持股测试侨资企业。"
    ev = [Evidence(doc_id, sentence, 0, len(sentence), "rule", 0.9)]
    liantu.graph.upsert_entities([
        Entity("Person:测试侨商甲", "Person", "测试侨商甲", props={"roles": ["会长"]}),
        Entity("Person:测试侨商乙", "Person", "测试侨商乙"),
        Entity("Org:测试同乡会", "Org", "测试同乡会"),
        Entity("Enterprise:测试侨资企业", "Enterprise", "测试侨资企业")])
    liantu.graph.upsert_relations([
        Relation("LEADS", "Person:测试侨商甲", "Org:测试同乡会", evidence=ev),
        Relation("MEMBER_OF", "Person:测试侨商乙", "Org:测试同乡会", evidence=ev),
        Relation("SHAREHOLDER_OF", "Person:测试侨商乙", "Enterprise:测试侨资企业", evidence=ev)])
    liantu.graph.flush()


REGISTRY_NAME = "苏州锐拓电池科技<img src=x onerror=window.pwned=1>有限公司"


def add_registry_list(liantu, path: Path) -> None:
    """One firm known only from a registry list, outside 泉州, with markup in its name."""
    from corpus import load_chains
    from corpus.industry_codes import load_industry_codes
    from ingest.registry_import import import_enterprises
    from tests.ingest.registry_lists import credit_code, write_csv

    write_csv(path, [[REGISTRY_NAME, credit_code("320576", 1), "C3841", "江苏省苏州市苏州工业园区星湖街328号",
                      "锂离子电池制造"]], header=["企业名称", "统一社会信用代码", "所属行业", "注册地址", "经营范围"])
    report = import_enterprises(path, liantu.graph, liantu.lexicon, load_chains(), load_industry_codes())
    assert report.imported == 1


@pytest.fixture(scope="module")
def base_url(tmp_path_factory):
    """The app with the bundled samples ingested, served by waitress on a free loopback port."""

    liantu = Liantu(Settings(data_dir=tmp_path_factory.mktemp("browser") / "data", graph_backend="networkx"))
    report = liantu.ingest([str(p) for p in sample_paths()])
    assert report.ok and not report.failed
    add_known_network(liantu)
    add_registry_list(liantu, tmp_path_factory.mktemp("registry") / "list.csv")
    with serving(create_app(liantu=liantu)) as url:
        yield url
    liantu.close()


@pytest.fixture(params=WIDTHS, ids=lambda w: f"{w}px")
def page(request, browser):
    """A fresh page at one viewport width that records console errors and uncaught exceptions."""
    context = browser.new_context(viewport={"width": request.param, "height": 900}, locale="zh-CN")
    pg = context.new_page()
    pg.set_default_timeout(15000)
    pg.errors = []

    def on_console(msg):
        # Failed requests are recorded with their URL by on_response instead.
        if msg.type == "error" and not msg.text.startswith("Failed to load resource"):
            pg.errors.append(f"console {msg.type}: {msg.text}")

    def on_response(response):
        if response.status >= 400:
            pg.errors.append(f"HTTP {response.status}: {response.url}")

    pg.on("console", on_console)
    pg.on("response", on_response)
    pg.on("pageerror", lambda exc: pg.errors.append(f"page error: {exc}"))
    pg.width = request.param
    yield pg
    context.close()


def shot(page, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}-{page.width}.png"), full_page=True)


def click_node(page, box_id: str, node_js: str) -> str:
    """Click (with the mouse) the graph node chosen by `node_js` (an expression over `cy`); returns its id."""
    page.locator(f"#{box_id}").scroll_into_view_if_needed()
    # cytoscape learns of a scroll from the scroll event, which comes a frame later.
    page.wait_for_timeout(250)
    found = page.evaluate(f"""() => {{
        const box = document.getElementById({box_id!r});
        const cy = box.liantuGraph.cy;
        const node = {node_js};
        if (!node || node.empty()) return null;
        const pos = node.renderedPosition();
        const rect = box.getBoundingClientRect();
        return {{id: node.id(), x: rect.left + pos.x, y: rect.top + pos.y}};
    }}""")
    assert found, f"no node to click in #{box_id}"
    page.mouse.click(found["x"], found["y"])
    return found["id"]


def test_search_then_document_shows_highlighted_facts(page, base_url):
    page.goto(base_url + "/")
    page.fill("#q", "碳酸锂")
    page.press("#q", "Enter")
    page.wait_for_selector(".hit h2 a")
    assert page.locator(".hit mark").first.inner_text() == "碳酸锂"
    shot(page, "search")
    page.click(".hit h2 a")
    page.wait_for_selector(".doc-text")
    assert page.locator("h1").inner_text() == "“泉”力以赴抓开放招商促项目落地"
    regions = page.locator(".doc-text .m-REGION")
    assert regions.count() >= 5
    amount = page.locator(".doc-text .m-AMOUNT", has_text="25亿元")
    assert amount.count() >= 1 and amount.first.is_visible()
    # Coloured by type: a region and an amount are drawn differently.
    colour = page.evaluate("(sel) => getComputedStyle(document.querySelector(sel)).borderBottomColor",
                           ".doc-text .m-REGION")
    assert colour != page.evaluate("(sel) => getComputedStyle(document.querySelector(sel)).borderBottomColor",
                                   ".doc-text .m-AMOUNT")
    shot(page, "document")
    regions.first.click()
    page.wait_for_selector("article.entity h1")
    assert page.url.startswith(base_url + "/entity/Region:")
    assert page.errors == []


def test_suggestions_as_you_type_lead_to_the_entity(page, base_url):
    page.goto(base_url + "/")
    page.locator("#q").press_sequentially("盛屯", delay=50)
    page.wait_for_selector("#suggestions li", timeout=5000)
    option = page.locator("#suggestions li", has_text="盛屯集团").first
    assert option.is_visible()
    shot(page, "suggest")
    option.click()
    page.wait_for_selector("article.entity h1")
    assert page.locator("article.entity h1").inner_text() == "盛屯集团"
    assert page.errors == []


def test_entity_graph_draws_and_expands_on_click(page, base_url):
    page.goto(base_url + "/entity/Region:350505")
    page.wait_for_selector("#entity-graph[data-ready]")
    before = int(page.get_attribute("#entity-graph", "data-nodes"))
    assert before >= 2
    clicked = click_node(page, "entity-graph", "cy.nodes('[label = \"Document\"]').first()")
    page.wait_for_function(f"() => Number(document.getElementById('entity-graph').dataset.nodes) > {before}")
    assert clicked.startswith("Document:")
    assert "查看详情" in page.inner_text("#graph-info") or "新增" in page.inner_text("#graph-info")
    shot(page, "entity")
    assert page.errors == []


def test_chain_page_draws_the_chain_and_colours_a_gap(page, base_url):
    api = page.request.get(base_url + "/api/chains/lithium-battery?region=泉港区")
    assert api.ok, f"GET /api/chains/lithium-battery answered {api.status}"
    expected = {link["id"]: link["status"] for link in api.json()["links"]}
    gap = next(link_id for link_id, status in expected.items() if status == "gap")
    page.goto(base_url + "/chains?chain=lithium-battery&region=泉港区")
    page.wait_for_selector("#chain-graph[data-ready=analysed]")
    page.wait_for_selector("#gaps tbody tr")
    shot(page, "chains")
    links = page.evaluate("""() => document.getElementById('chain-graph').liantuGraph.cy.nodes().map(
        n => ({id: n.id(), presence: n.data('presence'), colour: n.style('background-color')}))""")
    drawn = {link["id"]: link for link in links}
    assert {k: v["presence"] for k, v in drawn.items()} == expected, "every link drawn with the region's status"
    assert drawn[gap]["colour"] == "rgb(224,49,49)", "a gap is drawn red"
    assert page.locator(f'#gaps tr[data-link="{gap}"][data-presence="gap"]').count() == 1
    assert page.errors == []


def test_chain_page_shows_tiers_and_registry_leads_apart(page, base_url):
    api = page.request.get(base_url + "/api/chains/lithium-battery/candidates?region=泉港区").json()
    with_registry = [x["link"] for x in api["links"] if x["registry_candidates"]]
    assert with_registry, "the imported registry firm is a lead for some gap of 泉港区"
    page.goto(base_url + "/chains?chain=lithium-battery&region=泉港区")
    page.wait_for_selector("#gaps tbody tr")
    row = page.locator(f'#gaps tr[data-link="{with_registry[0]}"]')
    lead = row.locator(".registry-leads li", has_text="锐拓电池科技")
    assert lead.count() == 1 and lead.locator(".tier.weak").inner_text() == "弱"
    # news-backed leads come first in the cell, each with its tier
    for item in row.locator("ul.candidates").first.locator("li").all():
        assert item.get_attribute("data-tier") in ("strong", "medium") or item.locator("xpath=ancestor::div[contains(@class,'registry-leads')]").count()
    # a registry's words are text, never markup
    assert "<img" in lead.inner_text() and page.evaluate("() => window.pwned") is None
    assert page.locator("#gaps img").count() == 0
    assert page.errors == []


def test_chain_page_opens_on_the_flagship_chain_by_stage_and_lifts_neighbours(page, base_url):
    page.goto(base_url + "/chains")
    page.wait_for_selector("#chain-graph[data-ready=analysed]")
    assert page.input_value("#chain-select") == "lithium-battery"
    assert page.input_value("#region-input") == "泉州市"
    nodes = page.evaluate("""() => document.getElementById('chain-graph').liantuGraph.cy.nodes().map(
        n => ({id: n.id(), x: n.position('x')}))""")
    x = {n["id"]: n["x"] for n in nodes}
    assert x["precursors"] == x["current-collectors"] == x["cathode"], "中游 links share one column"
    assert x["refining"] < x["precursors"] < x["cells"], "上游, 中游, 下游 from left to right"
    page.locator("#chain-graph").scroll_into_view_if_needed()
    page.wait_for_timeout(250)
    mid = page.evaluate("""() => {
        const box = document.getElementById('chain-graph');
        const n = box.liantuGraph.cy.getElementById('lithium-salts');
        const p = n.renderedPosition(), r = box.getBoundingClientRect();
        return {x: r.left + p.x, y: r.top + p.y};
    }""")
    page.mouse.move(mid["x"], mid["y"])
    page.wait_for_function("() => document.getElementById('chain-graph').liantuGraph.cy.$('.faded').length > 0")
    faded = page.evaluate("() => document.getElementById('chain-graph').liantuGraph.cy.$('node.faded').map(n => n.id())")
    assert "lithium-salts" not in faded and "cells" in faded
    page.wait_for_selector("#present-links summary")
    assert page.locator("#present-links").get_attribute("open") is None, "present links start collapsed"
    page.click("#present-links summary")
    assert page.locator("#present tr[data-presence]").count() >= 1
    assert page.errors == []


def test_escape_keeps_suggestions_that_were_still_on_their_way_closed(page, base_url):
    page.goto(base_url + "/network")
    page.fill("#ego-entity", "测试侨商甲")
    page.press("#ego-entity", "Escape")  # before the pause after typing ends and the answer arrives
    page.wait_for_timeout(800)
    assert page.locator("#ego-suggestions").is_hidden()
    page.press("#ego-entity", "Backspace")  # editing the text asks again
    page.wait_for_selector("#ego-suggestions li")


def test_network_page_draws_nodes_and_expands_one(page, base_url):
    api = page.request.get(base_url + "/api/network/ego?entity=测试侨商甲&hops=1")
    assert api.ok, f"GET /api/network/ego answered {api.status}"
    page.goto(base_url + "/network")
    page.fill("#ego-entity", "测试侨商甲")
    page.press("#ego-entity", "Escape")  # close the name suggestions, which lie over the button
    page.select_option("#ego-hops", "1")
    page.click("#ego-form button")
    page.wait_for_selector("#network-graph[data-ready]")
    ids = page.evaluate("() => document.getElementById('network-graph').liantuGraph.cy.nodes().map(n => n.id())")
    assert sorted(ids) == ["Org:测试同乡会", "Person:测试侨商甲"]
    click_node(page, "network-graph", "cy.getElementById('Org:测试同乡会')")
    page.wait_for_function("() => document.getElementById('network-graph').liantuGraph.cy.nodes().length > 2")
    ids = page.evaluate("() => document.getElementById('network-graph').liantuGraph.cy.nodes().map(n => n.id())")
    assert "Person:测试侨商乙" in ids, "expanding the 同乡会 brings in its member"
    assert "新增" in page.inner_text("#network-status")
    # Hovering an edge shows the sentence it was found in.
    page.wait_for_timeout(250)
    mid = page.evaluate("""() => {
        const box = document.getElementById('network-graph');
        const edge = box.liantuGraph.cy.edges('[type = "LEADS"]').first();
        const p = edge.renderedMidpoint(), r = box.getBoundingClientRect();
        return {x: r.left + p.x, y: r.top + p.y};
    }""")
    page.mouse.move(mid["x"] - 20, mid["y"] - 20)
    page.mouse.move(mid["x"], mid["y"], steps=8)
    tip = page.locator(".tooltip:not([hidden])")
    tip.wait_for()
    assert "测试侨商甲担任测试同乡会会长" in tip.inner_text()
    shot(page, "network")
    assert page.errors == []


def test_pages_work_offline_and_fit_the_width(page, base_url):
    """Every asset comes from the app itself: block everything else and the pages still draw."""
    page.route("**/*", lambda route: route.continue_() if route.request.url.startswith(base_url)
               else route.abort())
    page.goto(base_url + "/chains?chain=lithium-battery&region=泉港区")
    page.wait_for_selector("#chain-graph[data-ready]")
    n = page.evaluate("() => document.getElementById('chain-graph').liantuGraph.cy.nodes().length")
    assert n >= 3
    width = page.evaluate("() => document.documentElement.scrollWidth")
    assert width <= page.width + 1, "no horizontal scrolling"
    shot(page, "chains-offline")
