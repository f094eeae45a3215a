"""The brief as plain Markdown: headings and pipe tables, readable as text and in any renderer."""
from __future__ import annotations

from typing import Any

from liantu.brief.assemble import projects_by_stage
from liantu.brief.html import source_text
from liantu.chain_text import STATUS_LABELS


def cell(value: Any) -> str:
    """A table cell: no line breaks, `|` and `\\` escaped, empty shown as —."""
    text = "" if value is None else str(value)
    text = " ".join(text.split())
    return text.replace("\\", "\\\\").replace("|", "\\|") or "—"


def table(header: list[str], rows: list[list[Any]]) -> list[str]:
    lines = ["| " + " | ".join(cell(h) for h in header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(cell(v) for v in row) + " |" for row in rows]
    return lines + [""]


def _evidence(items: list[dict[str, Any]]) -> str:
    return "；".join(f"“{ev['sentence']}”（{source_text(ev)}{' ' + ev['url'] if ev['url'] else ''}）" for ev in items)


def render_markdown(brief: dict[str, Any]) -> str:
    """The brief as Markdown text."""
    b = brief
    out = [f"# {b['chain']['name']} · {b['region']['name']} 招商简报", "",
           f"截至 {b['as_of'] or '今'}，地区代码 {b['region']['code']}；签约超过 {b['stale_days']} 天仍未开工的项目视为停滞。", "",
           "，".join(f"{STATUS_LABELS[s]} {b['summary'][s]} 个环节" for s in ("strong", "present", "weak", "gap")), "",
           "## 产业链环节", ""]
    out += table(["序", "阶段", "环节", "状态", "项目", "企业", "投资", "说明"],
                 [[x["position"], x["stage"], x["name"], x["label"], x["projects"], x["enterprises"],
                   x["investment_text"], x["reason"]] for x in b["links"]])
    out += ["## 缺链诊断", ""]
    if b["gaps"]:
        out += table(["环节", "阶段", "状态", "说明", "建议", "衔接环节", "外地候选企业"],
                     [[g["name"], g["stage"], g["label"], g["reason"], g["action"], "、".join(g["next_to"]), g["leads"]]
                      for g in b["gaps"]])
    else:
        out += [f"{b['region']['name']} 在这条产业链上没有缺失或薄弱环节。", ""]
    out += ["## 招商线索", ""]
    empty = [g["name"] for g in b["gaps"] if not any(x["link"] == g["link"] for x in b["leads"])]
    for g in b["gaps"]:
        rows = [x for x in b["leads"] if x["link"] == g["link"]]
        if not rows:
            continue
        out += [f"### {g['name']}（{g['label']}）", ""]
        out += table(["名次", "企业", "所在地", "等级", "理由", "证据与来源"],
                     [[x["rank"], x["name"] + ("（企业名录）" if x["origin"] == "registry" else ""),
                       "、".join(x["regions"]) or "不明", x["tier_label"], x["why"], _evidence(x["evidence"])]
                      for x in rows])
    if empty:
        out += [f"语料中暂无外地候选企业的环节：{'、'.join(empty)}。", ""]
    out += ["## 项目进度", ""]
    groups = projects_by_stage(b)
    if not groups:
        out += [f"{b['region']['name']} 暂无这条产业链的项目。", ""]
    for stage, rows in groups:
        out += [f"### {stage}（{len(rows)} 个）", ""]
        out += table(["项目", "停滞", "环节", "地区", "投资", "进度日期", "投资方", "证据与来源"],
                     [[p["name"], f"是（签约 {p['days_since_signing']} 天）" if p["stalled"] else "", "、".join(p["links"]),
                       "、".join(p["regions"]) or "不明", p["investment_text"], p["status_date"], "、".join(p["investors"]),
                       _evidence(p["evidence"])] for p in rows])
    if b["documents"]:
        out += ["## 来源文档", ""]
        out += [f"{i}. {cell(d['title'] or d['id'])}{'（' + d['date'] + '）' if d['date'] else ''}{' ' + d['url'] if d['url'] else ''}"
                for i, d in enumerate(b["documents"], 1)] + [""]
    return "\n".join(out)
