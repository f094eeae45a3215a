"""The brief as an Excel workbook (openpyxl): one sheet per part, with real column types.

Sheets 概览 (the chain's links with their status), 缺链诊断, 招商线索 and 项目; dates are date
cells, amounts numbers in 亿元 with a number format, counts integers; each sheet has a bold,
frozen header row, column widths and an auto-filter.
"""
from __future__ import annotations

import io
from datetime import date
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from liantu.brief.assemble import projects_by_stage
from liantu.brief.html import source_text
from liantu.chain_text import STATUS_LABELS

DATE_FORMAT = "yyyy-mm-dd"
AMOUNT_FORMAT = "#,##0.00"
FILLS = {"strong": "1B6E2D", "present": "2F9E44", "weak": "F59F00", "gap": "E03131"}
STALLED_FILL = PatternFill("solid", fgColor="FFF4E6")
# A column: its header, its kind (text, short, int, amount in 亿元, date, url) and its width.
Column = tuple[str, str, int]


def as_date(text: date | str | None) -> date | str | None:
    """An ISO date as a date; a partial or unreadable one stays text (never a wrong day)."""
    if not text or isinstance(text, date):
        return text or None
    try:
        return date.fromisoformat(text[:10])
    except ValueError:
        return text


def _sheet(wb: Workbook, title: str, columns: list[Column], rows: list[list[Any]], first: bool = False,
           status_column: int | None = None, statuses: list[str] | None = None, marked: list[bool] | None = None):
    ws = wb.active if first else wb.create_sheet()
    ws.title = title
    ws.append([name for name, _, _ in columns])
    for cell in ws[1]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(vertical="center")
    for i, row in enumerate(rows):
        ws.append([as_date(v) if kind == "date" else v for v, (_, kind, _) in zip(row, columns, strict=True)])
        r = i + 2
        for c, (_, kind, _) in enumerate(columns, 1):
            cell = ws.cell(r, c)
            if kind == "date" and isinstance(cell.value, date):
                cell.number_format = DATE_FORMAT
            elif kind == "amount" and cell.value is not None:
                cell.number_format = AMOUNT_FORMAT
            elif kind == "url" and cell.value:
                cell.hyperlink = cell.value
                cell.style = "Hyperlink"
            elif kind == "text":
                cell.alignment = Alignment(wrap_text=True, vertical="top")
        if status_column is not None and statuses:
            cell = ws.cell(r, status_column)
            cell.fill = PatternFill("solid", fgColor=FILLS[statuses[i]])
            cell.font = Font(color="000000" if statuses[i] == "weak" else "FFFFFF", bold=True)
        if marked and marked[i]:
            for c in range(1, len(columns) + 1):
                ws.cell(r, c).fill = STALLED_FILL
    for c, (_, _, width) in enumerate(columns, 1):
        ws.column_dimensions[get_column_letter(c)].width = width
    ws.freeze_panes = "A2"
    if rows:
        ws.auto_filter.ref = ws.dimensions
    return ws


def _evidence(items: list[dict[str, Any]]) -> tuple[str, str, str | None, str]:
    """(sentences, sources, date of the first source, its url) of some evidence."""
    sentences = "\n".join(ev["sentence"] for ev in items)
    sources = "\n".join(source_text(ev) for ev in items)
    first = items[0] if items else {}
    return sentences, sources, first.get("date") or None, first.get("url") or ""


def render_xlsx(brief: dict[str, Any]) -> bytes:
    """The brief as .xlsx bytes."""
    b = brief
    wb = Workbook()
    overview = _sheet(
        wb, "概览",
        [("序", "int", 6), ("阶段", "short", 8), ("环节", "text", 24), ("状态", "short", 8), ("项目数", "int", 8),
         ("企业数", "int", 8), ("投资(亿元)", "amount", 12), ("投资(原文)", "text", 18), ("说明", "text", 48)],
        [[x["position"], x["stage"], x["name"], x["label"], x["projects"], x["enterprises"], x["investment_cny_yi"],
          x["investment_text"], x["reason"]] for x in b["links"]],
        first=True, status_column=4, statuses=[x["status"] for x in b["links"]])
    # What the brief is about, to the right of the link table.
    facts = [("产业链", b["chain"]["name"]), ("地区", f"{b['region']['name']}（{b['region']['code']}）"),
             ("截至", as_date(b["as_of"])), ("停滞天数", b["stale_days"])]
    facts += [(STATUS_LABELS[s] + "环节", b["summary"][s]) for s in ("strong", "present", "weak", "gap")]
    overview.cell(1, 11, "概要").font = overview.cell(1, 12, "内容").font = Font(bold=True)
    for i, (key, value) in enumerate(facts, 2):
        overview.cell(i, 11, key).font = Font(bold=True)
        cell = overview.cell(i, 12, value)
        if isinstance(value, date):
            cell.number_format = DATE_FORMAT
    overview.column_dimensions["K"].width, overview.column_dimensions["L"].width = 10, 28

    _sheet(wb, "缺链诊断",
           [("环节", "text", 24), ("阶段", "short", 8), ("状态", "short", 8), ("说明", "text", 48), ("建议", "short", 8),
            ("衔接环节", "text", 24), ("外地候选企业数", "int", 14), ("名录企业数", "int", 12)],
           [[g["name"], g["stage"], g["label"], g["reason"], g["action"], "、".join(g["next_to"]), g["leads"],
             g["registry_leads"]] for g in b["gaps"]],
           status_column=3, statuses=[g["status"] for g in b["gaps"]])

    lead_rows = []
    for x in b["leads"]:
        sentences, sources, first_date, url = _evidence(x["evidence"])
        lead_rows.append([x["link_name"], x["link_label"], x["rank"], x["name"], "、".join(x["regions"]),
                          {"news": "报道", "registry": "企业名录"}[x["origin"]], x["tier_label"], x["evidence_count"],
                          x["investment_cny_yi"], as_date(x["latest"]), x["why"], sentences, sources, first_date, url])
    _sheet(wb, "招商线索",
           [("环节", "text", 18), ("环节状态", "short", 8), ("名次", "int", 6), ("企业", "text", 24), ("所在地", "text", 14),
            ("来源类型", "short", 9), ("等级", "short", 6), ("证据数", "int", 8), ("投资(亿元)", "amount", 12),
            ("最近日期", "date", 12), ("理由", "text", 36), ("证据", "text", 60), ("来源文档", "text", 30),
            ("来源日期", "date", 12), ("链接", "url", 30)],
           lead_rows)

    project_rows, stalled = [], []
    for stage, rows in projects_by_stage(b):
        for p in rows:
            sentences, sources, first_date, url = _evidence(p["evidence"])
            project_rows.append([stage, p["name"], "是" if p["stalled"] else "否", "、".join(p["links"]),
                                 "、".join(p["regions"]), p["investment_cny_yi"], p["investment_text"],
                                 as_date(p["status_date"]), as_date(p["signed"]), p["days_since_signing"],
                                 "、".join(p["investors"]), sentences, sources, first_date, url])
            stalled.append(p["stalled"])
    _sheet(wb, "项目",
           [("进度", "short", 8), ("项目", "text", 28), ("停滞", "short", 6), ("环节", "text", 18), ("地区", "text", 12),
            ("投资(亿元)", "amount", 12), ("投资(原文)", "text", 14), ("进度日期", "date", 12), ("签约日期", "date", 12),
            ("签约天数", "int", 9), ("投资方", "text", 20), ("证据", "text", 60), ("来源文档", "text", 30),
            ("来源日期", "date", 12), ("链接", "url", 30)],
           project_rows, marked=stalled)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()
