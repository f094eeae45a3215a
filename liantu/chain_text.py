"""The Chinese sentences and flat tables of chain reports, for the terminal, CSV, the API and the pages.

`graph.chains` answers with data (statuses, reasons as `{"kind": ...}`, candidates' ties); `describe`
returns a copy of a report with the words a reader sees added beside that data: `label` for each
status, `reason` as a sentence (the data stays under `reason_facts`), and for each candidate its
`why` as phrases (the ties with their tiers stay under `why_facts`) and `tier_label` (强/中/弱).
"""
from __future__ import annotations

import copy
from typing import Any

from graph.chains import ChainQueryError, investment_totals
from ingest.amounts import CURRENCY_UNITS

STATUS_LABELS = {"gap": "缺失", "weak": "薄弱", "present": "已有", "strong": "较强"}
METHOD_WORDS = {"in_chain": "抽取到产业链关系", "name": "名称含", "evidence": "报道语句提到",
                "states": "报道说明其经营", "industry": "所属行业", "project": "投资项目", "registry": "工商登记"}
TIER_LABELS = {"strong": "强", "medium": "中", "weak": "弱"}
NEWS_LEADS, REGISTRY_LEADS = "新闻线索", "登记线索"
PLACE_WORDS = {"sentence": "报道所述", "park": "所在园区", "name": "项目名称中的地名", "investor": "投资方所在地",
               "article": "报道所涉县区"}


def money(investment: dict[str, float]) -> str:
    """Amounts per currency as text: {"CNY": 25, "USD": 1.5} -> 25亿元、1.5亿美元."""
    return "、".join(f"{value:g}{CURRENCY_UNITS.get(cur, '亿' + cur)}" for cur, value in investment.items())


def reason_text(reason: dict[str, Any] | str, unplaced: int = 0) -> str:
    """The sentence of a link's status reason."""
    if isinstance(reason, str):
        return reason
    kind = reason["kind"]
    if kind == "nothing":
        text = "本地无相关企业或项目"
        return text + (f"（另有{unplaced}个相关项目地点不明）" if unplaced else "")
    if kind == "advanced":
        more = f"等{reason['count']}个项目" if reason["count"] > 1 else ""
        return f"{reason['project']}{more}已{reason['stage']}"
    if kind == "enterprises":
        return f"本地有{reason['count']}家相关企业"
    if kind == "stalled":
        return (f"仅有签约未开工的项目：{reason['project']}签约已{reason['days']}天（超过{reason['stale_days']}天）"
                + (f"，共{reason['count']}个" if reason["count"] > 1 else ""))
    parts = []
    if reason["projects"]:
        stages = sorted(s or "进度不明" for s in reason["stages"])
        parts.append(f"{reason['projects']}个项目（{'、'.join(stages)}）")
    if reason["enterprises"]:
        parts.append(f"{reason['enterprises']}家企业")
    return "本地有" + "，".join(parts)


def tie_text(tie: dict[str, Any]) -> str:
    """Why a candidate is tied to a link, in one phrase."""
    if tie["kind"] == "project":
        amount = tie.get("investment_text") or (money({tie.get("currency") or "CNY": tie["investment_yi"]})
                                                if isinstance(tie.get("investment_yi"), (int, float)) else "")
        facts = "，".join(x for x in ("、".join(tie["regions"]) or "地点不明", amount, tie.get("status")) if x)
        return f"投资{tie['project']}（{facts}）"
    terms = "、".join(tie["terms"])
    return "；".join(f"{METHOD_WORDS[m]}（{terms}）" if m == "in_chain" else f"{METHOD_WORDS[m]}“{terms}”"
                    for m in tie["methods"])


def why_text(why: dict[str, Any]) -> str:
    """One tie of a candidate with its tier, in one phrase; a registry tie quotes the registry field."""
    if why.get("source") == "registry" and why.get("sentence"):
        return f"{METHOD_WORDS['registry']}（{why['sentence']}）"
    return tie_text(why)


def _describe_candidate(c: dict[str, Any]) -> None:
    c["tier_label"] = TIER_LABELS.get(c.get("tier") or "", "")
    facts = c.get("why") or [{**t, "tier": c.get("tier")} for t in c["ties"]]
    c["why_facts"] = facts
    c["why"] = ([why_text(w) for w in facts] + (["已在本地投资其他环节"] if c.get("present") else [])
                + ([] if c["regions"] else ["所在地不明"]))


def _describe_link(link: dict[str, Any]) -> None:
    if "status" in link:
        link["label"] = STATUS_LABELS[link["status"]]
    if isinstance(link.get("reason"), dict):
        link["reason_facts"] = link["reason"]
        unplaced = link.get("unplaced_count", link.get("unplaced", 0))
        link["reason"] = reason_text(link["reason"], unplaced if isinstance(unplaced, int) else 0)


def describe(kind: str, report: dict[str, Any]) -> dict[str, Any]:
    """A copy of a report with its labels, reason sentences and candidates' `why` written out."""
    report = copy.deepcopy(report)
    if kind in ("view", "gaps", "candidates"):
        for link in report.get("links", ()):
            _describe_link(link)
            for c in (*link.get("candidates", ()), *link.get("registry_candidates", ())):
                _describe_candidate(c)
    elif kind == "extend":
        for s in report["suggestions"]:
            _describe_link(s)
    elif kind == "compare":
        for link in report["links"]:
            _describe_link(link["a"])
            _describe_link(link["b"])
    return report


def report_rows(kind: str, report: dict[str, Any]) -> tuple[list[str], list[list[str]]]:
    """(header, rows) of a report as a flat table, for the terminal and CSV."""
    if kind != "list":
        report = describe(kind, report)
    if kind == "list":
        return (["id", "名称", "环节数", "上游", "中游", "下游", "别名"],
                [[c["id"], c["name"], str(c["links"]), *(str(c["stages"][s]) for s in ("上游", "中游", "下游")),
                  "、".join(c["aliases"])] for c in report["chains"]])
    if kind == "view":
        return _view_rows(report)
    if kind == "gaps":
        return (["环节", "阶段", "状态", "项目", "企业", "投资", "说明"],
                [[x["name"], x["stage"], x["label"], str(x["projects"]), str(x["enterprises"]),
                  money(x["investment"]), x["reason"]] for x in report["links"]])
    if kind == "candidates":
        header, news = candidate_rows(report, registry=False, described=True)
        _, registry = candidate_rows(report, registry=True, described=True)
        # one table for CSV: each link's news leads, then its registry leads, told apart by 类别
        rows = []
        for link in report["links"]:
            rows += [[r[0], r[1], NEWS_LEADS, *r[2:]] for r in news if r[0] == link["name"]]
            rows += [[r[0], r[1], REGISTRY_LEADS, *r[2:]] for r in registry if r[0] == link["name"]]
        return ([header[0], header[1], "类别", *header[2:]], rows)
    if kind == "extend":
        return (["建议", "环节", "阶段", "方向", "依托环节", "现状", "说明"],
                [[s["action"], s["name"], s["stage"], s["direction"],
                  "、".join(f"{f['name']}({STATUS_LABELS[f['status']]})" for f in s["from"]),
                  STATUS_LABELS[s["status"]], s["reason"]] for s in report["suggestions"]])
    if kind == "compare":
        a, b = report["a"]["name"], report["b"]["name"]
        return (["环节", "阶段", f"{a}状态", f"{a}项目/企业", f"{a}投资", f"{b}状态", f"{b}项目/企业", f"{b}投资"],
                [[x["name"], x["stage"], x["a"]["label"], f"{x['a']['projects']}/{x['a']['enterprises']}",
                  money(x["a"]["investment"]), x["b"]["label"], f"{x['b']['projects']}/{x['b']['enterprises']}",
                  money(x["b"]["investment"])] for x in report["links"]])
    raise ChainQueryError(f"unknown report kind {kind!r}")


def candidate_rows(report: dict[str, Any], registry: bool = False,
                   described: bool = False) -> tuple[list[str], list[list[str]]]:
    """(header, rows) of the news-backed leads of a candidates report, or of its registry-only leads."""
    if not described:
        report = describe("candidates", report)
    key, none = ("registry_candidates", "（无仅见于工商登记的企业）") if registry else ("candidates", "（语料中无外地候选企业）")
    rows = []
    for link in report["links"]:
        leads = link.get(key, [])
        if not leads:
            rows.append([link["name"], STATUS_LABELS[link["status"]], "", "", "", "", "", "", "", none])
        for i, c in enumerate(leads, 1):
            rows.append([link["name"], STATUS_LABELS[link["status"]], str(i), c["tier_label"], c["name"],
                         "、".join(c["regions"]), "是" if c.get("present") else "", str(c["evidence_count"]),
                         f"{c['investment_cny_yi']:g}" if c["investment_cny_yi"] else "", "；".join(c["why"])])
    return (["环节", "状态", "名次", "证据", "企业", "所在地", "已在本地", "证据数", "投资(亿元)", "理由"], rows)


def _view_rows(report: dict[str, Any]) -> tuple[list[str], list[list[str]]]:
    rows = []
    for link in report["links"]:
        items = [("项目", p["name"], p.get("status") or "", money(investment_totals([p])),
                  "、".join(p["regions"]), _first_sentence(p)) for p in link["projects"]]
        items += [("企业", e["name"], "", "", "、".join(e["regions"]), _first_sentence(e))
                  for e in link["enterprises"]]
        hidden = (link.get("project_count", 0) - len(link["projects"]),
                  link.get("enterprise_count", 0) - len(link["enterprises"]))
        if any(hidden):
            items.append(("…", f"另有{hidden[0]}个项目、{hidden[1]}家企业", "", "", "", ""))
        if link.get("unplaced_count"):
            items.append(("…", f"另有{link['unplaced_count']}个相关项目地点不明：{'、'.join(link['unplaced'])}",
                          "", "", "", ""))
        status = STATUS_LABELS[link["status"]] if report.get("region") else ""
        if not items:
            rows.append([str(link["position"]), link["stage"], link["name"], status, "", "", "", "", "", ""])
        for kind_label, name, st, amount, where, sentence in items:
            rows.append([str(link["position"]), link["stage"], link["name"], status, kind_label, name, st,
                         amount, where, sentence])
    return (["序", "阶段", "环节", "状态", "类型", "名称", "进度", "投资", "地区", "证据"], rows)


def place_text(placed_by: list[dict[str, Any]]) -> str:
    """How a project was placed, e.g. 泉港区（投资方所在地）."""
    return "、".join(f"{p['region']}（{PLACE_WORDS.get(p['method'], p['method'])}）" for p in placed_by)


def _first_sentence(row: dict[str, Any]) -> str:
    return row["evidence"][0]["sentence"] if row.get("evidence") else ""
