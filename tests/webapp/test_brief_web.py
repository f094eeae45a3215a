"""The chain brief on the web: /chains/report as a page or a download, its errors, the chain page's links."""
from __future__ import annotations

import base64
import hashlib
import io
import re
from urllib.parse import quote

import openpyxl
import pytest

from tests.liantu.brief_corpus import CHAIN, REGION, STALLED, ingest_articles
from webapp import create_app

URL = f"/chains/report?chain={CHAIN}&region={quote(REGION)}"


@pytest.fixture
def news_client(liantu, tmp_path):
    ingest_articles(liantu, tmp_path)
    return create_app({"TESTING": True}, liantu=liantu).test_client()


def test_the_html_brief_is_a_page_with_the_diagram_and_a_hash_allowed_stylesheet(news_client):
    response = news_client.get(URL)
    assert response.status_code == 200 and response.mimetype == "text/html"
    html = response.get_data(as_text=True)
    assert '<svg class="diagram" id="chain-diagram"' in html and html.count('<g class="link"') == 21
    assert STALLED in html and "停滞：签约已 527 天" in html and "宁德时代" in html
    assert 'href="https://news.example.cn/2024/0620.html"' in html
    css = re.search(r"<style>(.*?)</style>", html, re.DOTALL).group(1)
    digest = "sha256-" + base64.b64encode(hashlib.sha256(css.encode("utf-8")).digest()).decode("ascii")
    csp = response.headers["Content-Security-Policy"]
    assert f"'{digest}'" in csp and "script-src 'self';" in csp and "unsafe-inline" not in csp
    assert "<script" not in html
    assert "format=xlsx" in html and "format=md" in html, "links to the other formats"


def test_xlsx_and_md_come_as_downloads(news_client):
    response = news_client.get(URL + "&format=xlsx")
    assert response.status_code == 200
    assert response.mimetype == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    assert 'filename="lithium-battery-350505-brief.xlsx"' in response.headers["Content-Disposition"]
    assert openpyxl.load_workbook(io.BytesIO(response.data)).sheetnames == ["概览", "缺链诊断", "招商线索", "项目"]
    md = news_client.get(URL + "&format=md")
    assert md.status_code == 200 and md.mimetype == "text/markdown"
    assert md.get_data(as_text=True).startswith("# 油头—化身—锂电池 · 泉港区 招商简报")


@pytest.mark.parametrize("query, words", [
    (f"chain=nope&region={REGION}", "no chain &#39;nope&#39;"),
    (f"chain={CHAIN}&region=火星", "no region &#39;火星&#39;"),
    (f"chain={CHAIN}", "a brief needs a region"),
    (f"region={REGION}", "parameter &#39;chain&#39; is required"),
    (f"chain={CHAIN}&region={REGION}&format=pdf", "unknown brief format &#39;pdf&#39;"),
    (f"chain={CHAIN}&region={REGION}&as_of=soon", "as_of must be a date"),
    (f"chain={CHAIN}&region={REGION}&stale_days=-1", "stale_days"),
])
def test_bad_parameters_are_400_with_the_reason(news_client, query, words):
    response = news_client.get("/chains/report?" + query)
    assert response.status_code == 400
    assert words in response.get_data(as_text=True)


def test_the_chain_page_links_to_the_brief_of_its_chain_and_region(news_client):
    html = news_client.get(f"/chains?chain={CHAIN}&region=泉港").get_data(as_text=True)
    assert f'id="brief-html" href="/chains/report?chain={CHAIN}&amp;region=%E6%B3%89%E6%B8%AF"' in html
    assert 'id="brief-xlsx"' in html and "format=xlsx" in html and 'id="brief-md"' in html
