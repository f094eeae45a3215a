"""Candidates for a region's gaps: enterprises outside the region that the region map ties to a link.

An enterprise is a candidate for a link through what ties it there in the map (its own projects,
an extracted IN_CHAIN, its name, a sentence stating what it makes, its industry) or as the investor
of a project of the link; never through words that only stand near it. A firm of the link in the
region (placed there, or investing in a project of the link placed there) is never a candidate for
it; a firm investing in the region in another link is one, marked `present` (a lead for bringing
its business in this link here too). Firms a registry lists as closed (注销, 吊销 ...) never are.
A candidate's places are the places the region views show for it.

Each tie has a tier of evidence, and a candidate the best tier of its ties:
- `strong`: a project, expansion or plant in the link stated in an article (the firm invests in
  a project of the link, or an article sentence says it builds, expands or produces there);
- `medium`: an article ties the firm to the link otherwise (an extracted IN_CHAIN, a sentence
  stating what it makes, or the name or known industry of a firm the news names);
- `weak`: registry facts only (industry code, business-scope words), or the name of a firm no
  article names.
Candidates with article evidence are listed under `candidates`; those with weak ties only apart,
under `registry_candidates`, so a registry-only firm never ranks above a news-backed one.

Ranking is one function, `candidate_key`: tier first, then the amount of evidence, CNY
investment and the latest date.
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
from ingest.registry import is_registry_source

# Ways an enterprise's own attachment ties it to a link (co-occurrence is not one of them); its
# projects tie it through the projects themselves, with their investment and stage.
OWN_TIES = ("in_chain", "name", "states", "industry")
TIERS = ("strong", "medium", "weak")
# Words of an article sentence (after the firm's name) that speak of a project, an expansion or a plant.
BUILDS = re.compile("项目|投资|投建|签约|落地|落户|新建|扩建|扩产|建设|开工|投产|达产|产能|年产|工厂|基地|产线|生产线")


def chain_candidates(store: GraphStore, chain: str | ChainDef, region: str, *, limit: int = 10,
                     lexicon: Lexicon | None = None, chains: Sequence[ChainDef] | None = None,
                     cmap: ChainMap | None = None, as_of: str | None = None,
                     stale_days: int = DEFAULT_STALE_DAYS, strong_min: int = DEFAULT_STRONG_MIN) -> dict[str, Any]:
    """For each gap or weak link, enterprises outside the region tied to it, best first, with their ties:
    news-backed ones under `candidates` (`total` of them), registry-only ones under `registry_candidates`
    (`registry_total`), each list cut at `limit`."""
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
        news = [c for c in ranked if c["tier"] != "weak"]
        registry = [c for c in ranked if c["tier"] == "weak"]
        out.append({"link": link["id"], "name": link["name"], "stage": link["stage"], "status": link["status"],
                    "reason": link["reason"], "total": len(news), "candidates": news[:limit],
                    "registry_total": len(registry), "registry_candidates": registry[:limit]})
    return {"chain": gaps["chain"], "region": gaps["region"], "as_of": gaps["as_of"], "links": out}


def candidate_key(c: dict[str, Any]) -> tuple:
    """The sort key of a candidate: a better tier, then more evidence, more CNY investment and later news first."""
    return (TIERS.index(c["tier"]), -c["evidence_count"], -c["investment_cny_yi"], _negated_date(c["latest"]),
            c["name"])


def tie_tier(tie: dict[str, Any], evidence: list[dict[str, Any]], name: str, in_news: bool) -> str:
    """The tier of one tie of a firm named `name` to a link, from the evidence that shows it.

    A project tie is strong (projects come from articles). An own tie is strong when an article
    sentence showing it speaks of building or producing after the firm's name, medium when an
    article sentence shows it or it rests on the name or known industry of a firm the news names,
    and weak when only registry rows show it."""
    if tie["kind"] == "project":
        return "strong"
    said = [ev for ev in evidence if ev.get("sentence") and not is_registry_source(ev.get("doc_id"))]
    for ev in said:
        sentence = ev["sentence"]
        at = sentence.find(name)
        if BUILDS.search(sentence[at + len(name):] if at >= 0 else sentence):
            return "strong"
    if said or (in_news and not _registry_only(tie)):
        return "medium"
    return "weak"


def gather_candidates(cmap: ChainMap, link_id: str, codes: frozenset[str], lexicon: Lexicon) -> list[dict[str, Any]]:
    """Every enterprise outside `codes` tied to a link, with its ties (`ties`), evidence, `tier`, `why`
    (each tie with its tier and the sentence that shows it, best first) and `present`."""
    attached = cmap.attachments.get(link_id, {})
    found: dict[str, dict[str, Any]] = {}
    # Investors in the link's projects in the region: of the link there already, like firms placed there.
    invested_here = {investor for entity_id in attached if cmap.entities[entity_id]["label"] == "Project"
                     and cmap.is_local(entity_id, codes) for investor in cmap.investors.get(entity_id, ())}

    def excluded(enterprise_id: str) -> bool:
        props = cmap.entities[enterprise_id].get("props") or {}
        return (enterprise_id in invested_here or cmap.is_local(enterprise_id, codes)
                or props.get("closed") is True)

    def entry(enterprise_id: str) -> dict[str, Any]:
        if enterprise_id not in found:
            e = cmap.entities[enterprise_id]
            places = set(cmap.regions.get(enterprise_id, ()))
            for project in cmap.investments.get(enterprise_id, ()):
                places |= cmap.regions.get(project, set())
            found[enterprise_id] = {"id": enterprise_id, "name": e["name"], "regions": region_names(places, lexicon),
                                    "present": cmap.present_in(enterprise_id, codes),
                                    "evidence_count": 0, "investment_cny_yi": 0.0, "latest": None,
                                    "ties": [], "why": [], "evidence": [], "_seen": set()}
        return found[enterprise_id]

    def add_tie(c: dict[str, Any], tie: dict[str, Any], evidence: list[dict[str, Any]]) -> None:
        c["ties"].append(tie)
        shown = _best_evidence(evidence, c["name"])
        c["why"].append({**tie, "tier": tie_tier(tie, evidence, c["name"], c["id"] in cmap.in_news),
                         "source": _source(shown, tie),
                         "doc_id": shown.get("doc_id") if shown else None,
                         "sentence": shown.get("sentence") if shown else None})

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
            if not methods or excluded(entity_id):
                continue
            c = entry(entity_id)
            evidence = [ev for ev in att.evidence if ev.get("method") in methods]
            for tie in _own_ties(methods, att.terms, evidence):
                add_tie(c, tie, [ev for ev in evidence if _registry_only(tie) == is_registry_source(ev.get("doc_id"))])
            add_evidence(c, att.evidence)
        else:
            props = cmap.entities[entity_id].get("props") or {}
            status, status_date, _ = project_status(props)
            for investor in dict.fromkeys(cmap.investors.get(entity_id, ())):
                if investor not in cmap.entities or excluded(investor):
                    continue
                c = entry(investor)
                add_tie(c, {"kind": "project", "project": cmap.entities[entity_id]["name"],
                            "regions": region_names(cmap.regions.get(entity_id, ()), lexicon),
                            "investment_text": props.get("investment_text") or "",
                            "investment_yi": props.get("investment_yi"), "currency": props.get("currency"),
                            "status": status}, att.evidence)
                add_evidence(c, att.evidence)
                if props.get("currency", "CNY") == "CNY" and isinstance(props.get("investment_yi"), (int, float)):
                    c["investment_cny_yi"] += float(props["investment_yi"])
                for d in (status_date, props.get("date")):
                    if d and (c["latest"] is None or d > c["latest"]):
                        c["latest"] = d
    for c in found.values():
        c["evidence_count"] = len(c["evidence"])
        c["investment_cny_yi"] = round(c["investment_cny_yi"], 6)
        c["why"].sort(key=lambda w: TIERS.index(w["tier"]))
        c["tier"] = c["why"][0]["tier"]
        del c["_seen"]
    return list(found.values())


def _own_ties(methods: set[str], terms: set[str], evidence: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """A firm's own ties to a link: one from articles and the firm itself, one (method `registry`)
    for an IN_CHAIN only registry rows state."""
    article = {m for m in methods if m != "in_chain"}
    chained = [ev for ev in evidence if ev.get("method") == "in_chain"]
    if "in_chain" in methods and (not chained or any(not is_registry_source(ev.get("doc_id")) for ev in chained)):
        article.add("in_chain")
    ties = []
    if article:
        ties.append({"kind": "own", "methods": sorted(article), "terms": sorted(terms)})
    if any(is_registry_source(ev.get("doc_id")) for ev in chained):
        ties.append({"kind": "own", "methods": ["registry"], "terms": sorted(terms)})
    return ties


def _registry_only(tie: dict[str, Any]) -> bool:
    return tie["kind"] == "own" and tie["methods"] == ["registry"]


def _best_evidence(evidence: list[dict[str, Any]], name: str) -> dict[str, Any] | None:
    """The sentence that best shows a tie: one about building or producing, else the first."""
    said = [ev for ev in evidence if ev.get("sentence")]
    for ev in said:
        at = ev["sentence"].find(name)
        if not is_registry_source(ev.get("doc_id")) and BUILDS.search(ev["sentence"][at + len(name):] if at >= 0
                                                                       else ev["sentence"]):
            return ev
    return said[0] if said else None


def _source(shown: dict[str, Any] | None, tie: dict[str, Any]) -> str:
    """Where a tie comes from: `article`, `registry`, or `entity` (the firm's name or known industry)."""
    if shown is not None:
        return "registry" if is_registry_source(shown.get("doc_id")) else "article"
    return "registry" if _registry_only(tie) else "entity"


def _negated_date(text: str | None) -> tuple[int, ...]:
    """A sort key putting later dates first and unknown dates last."""
    if not text:
        return (1,)
    return (0, *(-int(x) for x in re.findall(r"\d+", text)[:3]))
