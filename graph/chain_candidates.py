"""Candidates for a region's gaps: enterprises outside the region that the region map ties to a link.

An enterprise is a candidate for a link through what ties it there in the map (its own projects,
an extracted IN_CHAIN, its name, a sentence stating what it makes, its industry) or as the investor
of a project of the link; never through words that only stand near it. A firm present in the region
(placed there, or investing in a project placed there) is never a candidate for it, and a
candidate's places are the places the region views show for it.

Ranking is one function, `candidate_key`: evidence first, then CNY investment, then the latest
date; a later tier of evidence can extend the key without touching how candidates are gathered.
"""
from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from corpus import ChainDef, Lexicon, load_lexicon
from graph.chain_map import ChainMap
from graph.chain_queries import ChainQueryError, chain_gaps, find_region, prepare, region_names
from graph.chain_status import DEFAULT_STALE_DAYS, DEFAULT_STRONG_MIN, project_status
from graph.store import GraphStore

# Ways an enterprise's own attachment ties it to a link (co-occurrence is not one of them); its
# projects tie it through the projects themselves, with their investment and stage.
OWN_TIES = ("in_chain", "name", "states", "industry")


def chain_candidates(store: GraphStore, chain: str | ChainDef, region: str, *, limit: int = 10,
                     lexicon: Lexicon | None = None, chains: Sequence[ChainDef] | None = None,
                     cmap: ChainMap | None = None, as_of: str | None = None,
                     stale_days: int = DEFAULT_STALE_DAYS, strong_min: int = DEFAULT_STRONG_MIN) -> dict[str, Any]:
    """For each gap or weak link, enterprises outside the region tied to it, best first, with their ties."""
    if not isinstance(limit, int) or limit < 1:
        raise ChainQueryError(f"limit must be a whole number >= 1, got {limit!r}")
    lexicon = lexicon or load_lexicon()
    cmap = prepare(store, chain, cmap, as_of, chains, lexicon)
    gaps = chain_gaps(store, cmap.chain, region, lexicon=lexicon, chains=chains, cmap=cmap,
                      stale_days=stale_days, strong_min=strong_min)
    scope = find_region(region, lexicon)
    out = []
    for link in gaps["links"]:
        if link["status"] not in ("gap", "weak"):
            continue
        ranked = sorted(gather_candidates(cmap, link["id"], scope.codes, lexicon), key=candidate_key)
        out.append({"link": link["id"], "name": link["name"], "stage": link["stage"], "status": link["status"],
                    "reason": link["reason"], "total": len(ranked), "candidates": ranked[:limit]})
    return {"chain": gaps["chain"], "region": gaps["region"], "as_of": gaps["as_of"], "links": out}


def candidate_key(c: dict[str, Any]) -> tuple:
    """The sort key of a candidate: more evidence, then more CNY investment, then later news first."""
    return (-c["evidence_count"], -c["investment_cny_yi"], _negated_date(c["latest"]), c["name"])


def gather_candidates(cmap: ChainMap, link_id: str, codes: frozenset[str], lexicon: Lexicon) -> list[dict[str, Any]]:
    """Every enterprise outside `codes` tied to a link, with its ties (`ties`) and evidence."""
    attached = cmap.attachments.get(link_id, {})
    found: dict[str, dict[str, Any]] = {}

    def entry(enterprise_id: str) -> dict[str, Any]:
        if enterprise_id not in found:
            e = cmap.entities[enterprise_id]
            places = set(cmap.regions.get(enterprise_id, ()))
            for project in cmap.investments.get(enterprise_id, ()):
                places |= cmap.regions.get(project, set())
            found[enterprise_id] = {"id": enterprise_id, "name": e["name"], "regions": region_names(places, lexicon),
                                    "evidence_count": 0, "investment_cny_yi": 0.0, "latest": None,
                                    "ties": [], "evidence": [], "_seen": set()}
        return found[enterprise_id]

    def add_evidence(c: dict[str, Any], evidence: list[dict[str, Any]]) -> None:
        for ev in evidence:
            key = (ev.get("doc_id"), ev.get("sentence"))
            if key not in c["_seen"]:
                c["_seen"].add(key)
                c["evidence"].append(ev)

    for entity_id, att in attached.items():
        label = cmap.entities[entity_id]["label"]
        if label == "Enterprise":
            methods = att.methods & set(OWN_TIES)
            if not methods or cmap.present_in(entity_id, codes):
                continue
            c = entry(entity_id)
            c["ties"].append({"kind": "own", "methods": sorted(methods), "terms": sorted(att.terms)})
            add_evidence(c, att.evidence)
        else:
            props = cmap.entities[entity_id].get("props") or {}
            status, status_date, _ = project_status(props)
            for investor in dict.fromkeys(cmap.investors.get(entity_id, ())):
                if investor not in cmap.entities or cmap.present_in(investor, codes):
                    continue
                c = entry(investor)
                c["ties"].append({"kind": "project", "project": cmap.entities[entity_id]["name"],
                                  "regions": region_names(cmap.regions.get(entity_id, ()), lexicon),
                                  "investment_text": props.get("investment_text") or "",
                                  "investment_yi": props.get("investment_yi"), "currency": props.get("currency"),
                                  "status": status})
                add_evidence(c, att.evidence)
                if props.get("currency", "CNY") == "CNY" and isinstance(props.get("investment_yi"), (int, float)):
                    c["investment_cny_yi"] += float(props["investment_yi"])
                for d in (status_date, props.get("date")):
                    if d and (c["latest"] is None or d > c["latest"]):
                        c["latest"] = d
    for c in found.values():
        c["evidence_count"] = len(c["evidence"])
        c["investment_cny_yi"] = round(c["investment_cny_yi"], 6)
        del c["_seen"]
    return list(found.values())


def _negated_date(text: str | None) -> tuple[int, ...]:
    """A sort key putting later dates first and unknown dates last."""
    if not text:
        return (1,)
    return (0, *(-int(x) for x in re.findall(r"\d+", text)[:3]))
