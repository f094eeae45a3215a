"""XSS payloads in a real headless Chromium: no dialog opens and no payload becomes markup.

Documents, titles, entity names and queries carry the payloads. Each page is loaded (and its
scripts let fetch and draw from the API); then: no alert/confirm/prompt dialog opened, no
Content-Security-Policy violation was reported (a violation means a payload reached the DOM as
markup and only the CSP stopped it), no element a payload would create exists, and the page's
own scripts raised no uncaught exception.
"""
from __future__ import annotations

from urllib.parse import quote

import pytest

from ingest.model import Entity, Evidence, Relation
from liantu import Liantu, Settings
from tests.serving import serving
from webapp import create_app

pytestmark = [pytest.mark.browser, pytest.mark.slow]

PAYLOADS = [
    "<script>alert('x1')</script>",
    "\"><img src=x onerror=alert('x2')>",
    "<svg/onload=alert('x3')>",
    "'><iframe src=javascript:alert('x4')></iframe>",
    "<img src=x onerror=confirm('x5')>",
]
TEXT = """# {p0}泉州锂电池项目{p1}

2024年6月20日，{p2}盛屯集团在泉港区签约锂电池材料项目，总投资50亿元。{p3}
宁德时代与泉州市签约碳酸锂项目。{p4}
"""
# Elements only a payload would create (the pages' own markup has none of these).
INJECTED = ("img[src='x'], svg[onload], iframe[src^='javascript'], script:not([src])")
RECORD_VIOLATIONS = """
window.__violations = [];
document.addEventListener('securitypolicyviolation',
    e => window.__violations.push(e.violatedDirective + ' ' + (e.sample || e.blockedURI)));
"""


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory):

    root = tmp_path_factory.mktemp("xss")
    doc = root / "hostile.md"
    doc.write_text(TEXT.format(**{f"p{i}": p for i, p in enumerate(PAYLOADS)}), encoding="utf-8")
    liantu = Liantu(Settings(data_dir=root / "data", graph_backend="networkx"))
    report = liantu.ingest([doc])
    assert report.added
    doc_id = sorted(liantu.graph.document_ids())[0]
    ev = [Evidence(doc_id, PAYLOADS[1], 0, 5, "rule", 0.9)]
    people = [Entity(f"Person:{p}", "Person", p, props={"roles": [PAYLOADS[0]]}) for p in PAYLOADS[:2]]
    firms = [Entity(f"Enterprise:{p}", "Enterprise", p) for p in PAYLOADS]
    liantu.graph.upsert_entities([*people, *firms, Entity(f"Org:{PAYLOADS[2]}", "Org", PAYLOADS[2])])
    liantu.graph.upsert_relations(
        [Relation("LOCATED_IN", f.id, "Region:350505", evidence=ev) for f in firms] +
        [Relation("MEMBER_OF", p.id, f"Org:{PAYLOADS[2]}", evidence=ev) for p in people] +
        [Relation("LEADS", people[0].id, firms[0].id, evidence=ev)])
    liantu.graph.flush()
    with serving(create_app(liantu=liantu)) as url:
        yield url, doc_id
    liantu.close()


def page_paths(doc_id: str) -> list[str]:
    q = lambda s: quote(s, safe="")  # noqa: E731
    paths = ["/", "/?q=" + q("锂电池"), f"/document/{q(doc_id)}", "/entity/Region:350505",
             "/chains?chain=lithium-battery&region=" + q("泉港区"), "/network"]
    for p in PAYLOADS:
        paths += [f"/?q={q(p)}", f"/entity/{q('Enterprise:' + p)}", f"/entity/{q('Person:' + p)}",
                  f"/chains?chain={q(p)}&region={q(p)}", f"/network?name={q(p)}&q={q(p)}",
                  f"/document/{q(p)}"]
    return paths


def test_no_payload_runs_on_any_page(hostile_site, browser):
    base, doc_id = hostile_site
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="zh-CN")
    context.add_init_script(RECORD_VIOLATIONS)
    page = context.new_page()
    page.set_default_timeout(15000)
    dialogs, exceptions, missing_csp = [], [], []
    page.on("dialog", lambda d: (dialogs.append(f"{page.url}: {d.type} {d.message}"), d.dismiss()))
    page.on("pageerror", lambda e: exceptions.append(f"{page.url}: {e}"))

    def on_response(response):
        if response.url.startswith(base) and response.request.resource_type in ("document", "fetch", "xhr"):
            if not response.headers.get("content-security-policy"):
                missing_csp.append(response.url)

    page.on("response", on_response)
    shown = 0
    try:
        for path in page_paths(doc_id):
            page.goto(base + path, wait_until="networkidle")
            # the search box typed into as a user would, on the search page
            if path == "/" and page.locator("input[name=q]").count():
                with page.expect_navigation(wait_until="networkidle"):
                    page.fill("input[name=q]", PAYLOADS[1])
                    page.keyboard.press("Enter")
            violations = page.evaluate("window.__violations")
            injected = page.evaluate(f"document.querySelectorAll({INJECTED!r}).length")
            assert not violations, f"{path}: a payload reached the DOM as markup: {violations}"
            assert injected == 0, f"{path}: {injected} element(s) created from a payload"
            text = page.evaluate("document.body.innerText")
            shown += any(p in text for p in PAYLOADS)
    finally:
        context.close()
    assert not dialogs, dialogs
    assert not exceptions, exceptions
    assert not missing_csp, missing_csp
    assert shown >= 3, "the payloads are shown as text on the pages that hold them"
