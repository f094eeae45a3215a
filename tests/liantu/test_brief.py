"""Chain briefs: the assembled data, the xlsx and Markdown files `liantu chain report` writes, its errors."""
from __future__ import annotations

import os
from datetime import date, datetime

import openpyxl
import pytest
from click.testing import CliRunner

from liantu.brief import build_brief, render
from liantu.brief.markdown import cell
from liantu.cli import cli
from tests.liantu.brief_corpus import CHAIN, REGION, STALLED, STARTED, ingest_articles

SHEETS = ["概览", "缺链诊断", "招商线索", "项目"]


@pytest.fixture
def news(liantu, tmp_path):
    ingest_articles(liantu, tmp_path)
    liantu.close()  # the CLI opens the data directory itself
    return liantu


def run(liantu, *args):
    return CliRunner().invoke(cli, ["--data-dir", str(liantu.settings.data_dir), "chain", "report", *args])


def test_the_brief_holds_statuses_gaps_leads_with_sources_and_projects_by_stage(news):
    brief = build_brief(news.graph, "油头—化身—锂电池", "泉港", lexicon=news.lexicon)
    assert brief["region"]["name"] == REGION and brief["as_of"] == "2024-06-20"
    status = {link["id"]: link["status"] for link in brief["links"]}
    assert status["lithium-salts"] == "weak" and status["electrolyte-salts"] == "strong" and status["cells"] == "gap"
    assert {g["link"] for g in brief["gaps"]} == {k for k, s in status.items() if s in ("gap", "weak")}
    lead = next(x for x in brief["leads"] if x["link"] == "cells")
    assert lead["name"] == "宁德时代" and lead["why"]
    assert lead["evidence"][0] == {"sentence": "宁德时代是全球最大的动力电池企业，主要生产动力电池。",
                                   "doc_id": lead["evidence"][0]["doc_id"], "title": "泉州重点项目集中开工",
                                   "date": "2024-06-20", "url": "https://news.example.cn/2024/0620.html",
                                   "source": lead["evidence"][0]["source"]}
    projects = {p["name"]: p for p in brief["projects"]}
    assert projects[STALLED]["stalled"] and projects[STALLED]["days_since_signing"] == 527
    assert projects[STARTED]["stage"] == "开工" and not projects[STARTED]["stalled"]
    assert [p["name"] for p in brief["projects"]] == [STARTED, STALLED], "furthest stage first"
    assert {d["title"] for d in brief["documents"]} == {"泉港签约电池级碳酸锂项目", "泉州重点项目集中开工"}


def test_xlsx_has_one_sheet_per_part_with_dates_as_dates_and_amounts_as_numbers(news, tmp_path):
    out = tmp_path / "brief.xlsx"
    result = run(news, "--chain", CHAIN, "--region", "泉港", "--output", str(out))
    assert result.exit_code == 0, result.output
    wb = openpyxl.load_workbook(out)
    assert wb.sheetnames == SHEETS
    for ws in wb:
        assert ws.freeze_panes == "A2" and all(c.font.bold for c in ws[1] if c.value)
        assert ws.column_dimensions["B"].width > 0

    def rows(name):
        ws = wb[name]
        header = [c.value for c in ws[1]]
        return [dict(zip(header, r, strict=True)) for r in ws.iter_rows(min_row=2)]

    projects = {r["项目"].value: r for r in rows("项目")}
    stalled = projects[STALLED]
    assert stalled["进度"].value == "签约" and stalled["停滞"].value == "是" and stalled["签约天数"].value == 527
    assert isinstance(stalled["签约日期"].value, (datetime, date)) and stalled["签约日期"].value.year == 2023
    assert stalled["签约日期"].number_format == "yyyy-mm-dd"
    assert stalled["投资(亿元)"].value == 20 and stalled["投资(亿元)"].data_type == "n"
    assert stalled["投资(亿元)"].number_format == "#,##0.00"
    assert stalled["链接"].hyperlink.target == "https://news.example.cn/2023/0110.html"
    assert projects[STARTED]["停滞"].value == "否" and projects[STARTED]["投资(亿元)"].value == 8

    leads = [r for r in rows("招商线索") if r["环节"].value == "电芯"]
    assert leads[0]["企业"].value == "宁德时代" and isinstance(leads[0]["来源日期"].value, datetime)
    assert "动力电池" in leads[0]["证据"].value and "泉州重点项目集中开工" in leads[0]["来源文档"].value

    gaps = {r["环节"].value: r for r in rows("缺链诊断")}
    assert gaps["碳酸锂及锂盐"]["状态"].value == "薄弱" and gaps["电芯"]["外地候选企业数"].value == 1
    overview = wb["概览"]
    assert [c.value for c in overview[1]][:4] == ["序", "阶段", "环节", "状态"] and overview.max_row == 22
    as_of = next(r[11] for r in overview.iter_rows(max_row=9) if r[10].value == "截至")
    assert as_of.value == datetime(2024, 6, 20)


def test_markdown_brief_has_tables_and_escapes_pipes(news, tmp_path):
    out = tmp_path / "brief.md"
    assert run(news, "--chain", CHAIN, "--region", REGION, "--output", str(out)).exit_code == 0
    text = out.read_text(encoding="utf-8")
    for heading in ("# 油头—化身—锂电池 · 泉港区 招商简报", "## 缺链诊断", "## 招商线索", "### 电芯（缺失）", "## 项目进度",
                    "### 签约（1 个）", "## 来源文档"):
        assert heading + "\n" in text
    assert f"| {STALLED} | 是（签约 527 天） |" in text
    assert "| 环节 | 阶段 | 状态 | 说明 | 建议 | 衔接环节 | 外地候选企业 |\n|---|---|---|---|---|---|---|\n" in text
    assert cell("甲|乙\n丙") == "甲\\|乙 丙" and cell(None) == "—"


def test_html_brief_escapes_what_it_shows(news):
    brief = build_brief(news.graph, CHAIN, REGION, lexicon=news.lexicon)
    brief["leads"][0]["name"] = "<script>alert(1)</script>"
    brief["leads"][0]["evidence"][0]["url"] = ""
    html = render(brief, "html").decode("utf-8")
    assert "<script>alert" not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "<script" not in html, "the brief carries no script"
    assert html.count('<g class="link"') == len(brief["links"]) and 'class="box weak"' in html
    assert "@page { size: A4" in html


@pytest.mark.parametrize("args, words", [
    (["--chain", "nope", "--region", REGION, "--output", "{dir}/b.xlsx"], ["no chain 'nope'"]),
    (["--chain", CHAIN, "--region", "火星", "--output", "{dir}/b.xlsx"], ["no region '火星'"]),
    (["--chain", CHAIN, "--region", REGION, "--output", "{dir}/b.pdf"], ["cannot tell the format", "b.pdf"]),
    (["--chain", CHAIN, "--region", REGION, "--output", "{dir}/missing/b.md"], ["does not exist", "missing"]),
])
def test_bad_input_is_one_line_naming_it_and_leaves_no_file(news, tmp_path, args, words):
    before = sorted(p.name for p in tmp_path.iterdir())
    result = run(news, *[a.format(dir=tmp_path) for a in args])
    assert result.exit_code == 1
    message = result.output.strip()
    assert len(message.splitlines()) == 1 and message.startswith("Error: ")
    assert all(w in message for w in words), message
    assert sorted(p.name for p in tmp_path.iterdir()) == before, "nothing written, no temporary file left"


def test_a_bad_format_option_names_it(news, tmp_path):
    result = run(news, "--chain", CHAIN, "--region", REGION, "--format", "pdf", "--output", str(tmp_path / "b.xlsx"))
    assert result.exit_code == 2 and "'pdf' is not one of" in result.output


def test_a_failed_run_keeps_the_previous_file(news, tmp_path):
    out = tmp_path / "brief.md"
    out.write_text("older brief", encoding="utf-8")
    assert run(news, "--chain", CHAIN, "--region", "火星", "--output", str(out)).exit_code == 1
    assert out.read_text(encoding="utf-8") == "older brief"
    assert run(news, "--chain", CHAIN, "--region", REGION, "--format", "md", "--output", str(out)).exit_code == 0
    assert out.read_text(encoding="utf-8").startswith("# 油头—化身—锂电池")
    fresh = tmp_path / "fresh.md"
    assert run(news, "--chain", CHAIN, "--region", REGION, "--output", str(fresh)).exit_code == 0
    mask = os.umask(0)
    os.umask(mask)
    assert fresh.stat().st_mode & 0o777 == 0o666 & ~mask, "an ordinary file, not a private temporary one"
    assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".part")] == []
