"""Assembling a chain brief: one region's picture of one chain, gathered from the chain reports.

A brief is plain data (dicts, lists, ISO date strings, numbers); the renderers in this package
turn it into xlsx, HTML or Markdown, and read nothing else. It holds:
- `chain`, `region`, `as_of` and the thresholds the statuses were judged with;
- `links`: every link upstream first, with its status (gap/weak/present/strong), reason and counts,
  and `edges`/`feedback` between links, for the diagram;
- `gaps`: the gap and weak links, with the 延链/补链/强链 suggestion for each;
- `leads`: per gap or weak link, the outside enterprises tied to it, with their evidence sentences
  and source documents (title, date, url when known);
- `projects`: the region's projects of the chain, by stage, stalled signings marked;
- `documents`: every source document the brief cites.
"""
from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from corpus import ChainDef, Lexicon
from graph.chains import DEFAULT_STALE_DAYS, DEFAULT_STRONG_MIN, STAGE_ORDER, ChainAnalyser, ChainQueryError
from graph.store import GraphStore
from liantu.chain_text import STATUS_LABELS, describe, money, tie_text

UNKNOWN_STAGE = "进度不明"
EVIDENCE_SHOWN = 3  # evidence sentences kept per lead and per project
TIER_LABELS = {"strong": "强", "medium": "中", "weak": "弱"}


class Sources:
    """Source documents of the evidence a brief cites, read from the store once each."""

    def __init__(self, store: GraphStore) -> None:
        self.store = store
        self.cited: dict[str, dict[str, Any]] = {}

    def evidence(self, items: Sequence[dict[str, Any]], limit: int = EVIDENCE_SHOWN) -> list[dict[str, Any]]:
        """Evidence sentences with their document's title, date and url (first `limit`, no repeats)."""
        out, seen = [], set()
        for ev in items:
            # a title line read as a sentence keeps its Markdown heading marks; a brief shows the words
            sentence = (ev.get("sentence") or "").strip().lstrip("#").strip()
            if not sentence or sentence in seen:
                continue
            seen.add(sentence)
            doc = self.document(ev.get("doc_id"))
            out.append({"sentence": sentence, "doc_id": ev.get("doc_id"), "title": doc.get("title") or "",
                        "date": doc.get("date") or "", "url": doc.get("url") or "", "source": doc.get("source") or ""})
            if len(out) >= limit:
                break
        return out

    def document(self, doc_id: str | None) -> dict[str, Any]:
        if not doc_id:
            return {}
        if doc_id not in self.cited:
            doc = self.store.get_document(doc_id) or {}
            url = doc.get("url") or ""
            self.cited[doc_id] = {"id": doc_id, "title": doc.get("title") or "", "date": doc.get("date") or "",
                                  # only web addresses become links: a brief is opened outside the app too
                                  "url": url if url.startswith(("http://", "https://")) else "",
                                  "source": doc.get("source") or ""}
        return self.cited[doc_id]


def build_brief(store: GraphStore | None, chain: str | ChainDef, region: str, *, lexicon: Lexicon | None = None,
                analyser: ChainAnalyser | None = None, as_of: str | None = None,
                stale_days: int = DEFAULT_STALE_DAYS, strong_min: int = DEFAULT_STRONG_MIN,
                leads_per_gap: int = 10) -> dict[str, Any]:
    """The brief of one chain for one region (see the module docstring for its parts).

    `analyser` lets a long-lived caller (the web app) reuse its chain maps (and then `store` may be
    None: the analyser's is read). Raises NotFoundError for
    an unknown chain or region and ChainQueryError for unusable options.
    """
    if not (region or "").strip():
        raise ChainQueryError("a brief needs a region (a name, short form or division code)")
    if analyser is None:
        if store is None:
            raise ValueError("build_brief needs a store or an analyser")
        analyser = ChainAnalyser(store, lexicon=lexicon)
    opts = {"as_of": as_of, "stale_days": stale_days, "strong_min": strong_min}
    view = describe("view", analyser.view(chain, region, **opts))
    candidates = describe("candidates", analyser.candidates(chain, region, limit=leads_per_gap, **opts))
    extension = analyser.extension(chain, region, **opts)
    sources = Sources(analyser.store)
    links = [_link(link) for link in view["links"]]
    return {"chain": {k: view["chain"][k] for k in ("id", "name", "description")},
            "region": view["region"], "as_of": view["as_of"], "stale_days": stale_days, "strong_min": strong_min,
            "summary": {s: sum(1 for link in links if link["status"] == s) for s in STATUS_LABELS},
            "links": links, "edges": view["edges"], "feedback": view["feedback"],
            "gaps": _gaps(candidates, extension),
            "leads": _leads(candidates, sources),
            "projects": _projects(view, stale_days, sources),
            "documents": sorted(sources.cited.values(), key=lambda d: (d["date"] or "", d["title"]), reverse=True)}


def _link(link: dict[str, Any]) -> dict[str, Any]:
    cny = link["investment"].get("CNY")
    return {"id": link["id"], "name": link["name"], "stage": link["stage"], "position": link["position"],
            "status": link["status"], "label": link["label"], "reason": link["reason"],
            "projects": link["project_count"], "enterprises": link["enterprise_count"],
            "investment_cny_yi": cny, "investment_text": money(link["investment"]),
            "unplaced": link.get("unplaced_count", 0),
            "local": [p["name"] for p in link["projects"][:3]] + [e["name"] for e in link["enterprises"][:3]]}


def _gaps(candidates: dict[str, Any], extension: dict[str, Any]) -> list[dict[str, Any]]:
    suggestions = {s["link"]: s for s in extension["suggestions"]}
    out = []
    for link in candidates["links"]:
        s = suggestions.get(link["link"], {})
        out.append({"link": link["link"], "name": link["name"], "stage": link["stage"], "status": link["status"],
                    "label": STATUS_LABELS[link["status"]], "reason": link["reason"],
                    "action": s.get("action", ""), "next_to": [f["name"] for f in s.get("from", ())],
                    "direction": s.get("direction", ""), "leads": link["total"],
                    "registry_leads": link.get("registry_total", len(link.get("registry_candidates") or ()))})
    return out


def _why(candidate: dict[str, Any]) -> str:
    why = candidate.get("why")
    if isinstance(why, str):
        return why
    if why:
        return "；".join(why)
    return "；".join(tie_text(t) for t in candidate.get("ties", ()))


def _lead(link: dict[str, Any], rank: int, c: dict[str, Any], origin: str, sources: Sources) -> dict[str, Any]:
    tier = c.get("tier")
    return {"link": link["link"], "link_name": link["name"], "link_status": link["status"],
            "link_label": STATUS_LABELS[link["status"]], "rank": rank, "id": c.get("id"), "name": c["name"],
            "regions": list(c.get("regions") or ()), "origin": origin,
            "tier": tier, "tier_label": TIER_LABELS.get(tier or "", ""), "present": c.get("present"),
            "why": _why(c), "evidence_count": c.get("evidence_count", len(c.get("evidence") or ())),
            "investment_cny_yi": c.get("investment_cny_yi") or None, "latest": c.get("latest") or "",
            "evidence": sources.evidence(c.get("evidence") or ())}


def _leads(candidates: dict[str, Any], sources: Sources) -> list[dict[str, Any]]:
    """Leads per gap, news-backed candidates first, then those known only from an enterprise list."""
    out = []
    for link in candidates["links"]:
        for rank, c in enumerate(link["candidates"], 1):
            out.append(_lead(link, rank, c, "news", sources))
        for rank, c in enumerate(link.get("registry_candidates") or (), len(link["candidates"]) + 1):
            out.append(_lead(link, rank, c, "registry", sources))
    return out


def _projects(view: dict[str, Any], stale_days: int, sources: Sources) -> list[dict[str, Any]]:
    """The region's projects of the chain, once each (a project in two links names both), by stage."""
    found: dict[str, dict[str, Any]] = {}
    for link in view["links"]:
        for p in link["projects"]:
            if p["id"] in found:
                found[p["id"]]["links"].append(link["name"])
                continue
            days = p.get("days_since_signing")
            currency = p.get("currency") or ("CNY" if p.get("investment_yi") is not None else None)
            found[p["id"]] = {
                "id": p["id"], "name": p["name"], "links": [link["name"]], "stage": p.get("status") or UNKNOWN_STAGE,
                "status_date": p.get("status_date") or "", "signed": p.get("signed") or "",
                "days_since_signing": days,
                "stalled": p.get("status") == "签约" and days is not None and days > stale_days,
                "investment_yi": p.get("investment_yi"), "currency": currency,
                "investment_cny_yi": p.get("investment_yi") if currency == "CNY" else None,
                "investment_text": p.get("investment_text") or "",
                "regions": list(p.get("regions") or ()), "investors": list(p.get("investors") or ()),
                "evidence": sources.evidence(p.get("evidence") or ())}
    def order(p: dict[str, Any]) -> tuple:
        return (-STAGE_ORDER.get(p["stage"], 0), not p["stalled"], -(p["investment_yi"] or 0), p["name"])

    return sorted(found.values(), key=order)


def projects_by_stage(brief: dict[str, Any]) -> list[tuple[str, list[dict[str, Any]]]]:
    """(stage, projects) from the furthest stage back to 签约, then projects of unknown stage; empty stages left out."""
    stages = sorted(STAGE_ORDER, key=STAGE_ORDER.__getitem__, reverse=True) + [UNKNOWN_STAGE]
    groups = [(s, [p for p in brief["projects"] if p["stage"] == s]) for s in stages]
    return [(s, ps) for s, ps in groups if ps]
