"""Chain queries over a region map: a chain's view for a region, its gaps, 延链 suggestions, comparisons.

Pure functions over the `GraphStore` protocol, so they answer the same on every backend; each
builds its `ChainMap` (chain_map) or takes one already built. Reports are data: statuses, counts,
reasons as `{"kind": ...}` dicts; the sentences that show them belong to the CLI and the pages.
"""
from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from corpus import ChainDef, Lexicon, load_chains, load_lexicon
from graph.chain_map import Attachment, ChainMap, build_chain_map
from graph.chain_status import DEFAULT_STALE_DAYS, DEFAULT_STRONG_MIN, STAGE_ORDER, STATUSES, link_status
from graph.chain_terms import find_chain
from graph.store import GraphStore
from ingest.errors import LiantuError, NotFoundError

UNPLACED_SHOWN = 5  # unplaced projects named per link; the count covers all of them


class ChainQueryError(LiantuError):
    """A chain query got an argument it cannot use."""


@dataclass(frozen=True)
class RegionScope:
    """A region and every code inside it (counties, towns, zones)."""

    code: str
    name: str
    level: str
    codes: frozenset[str]

    def as_dict(self) -> dict[str, Any]:
        return {"code": self.code, "name": self.name, "level": self.level, "codes": len(self.codes)}


def find_region(name: str, lexicon: Lexicon | None = None) -> RegionScope:
    """The region meant by a name, short form or division code (泉港, 泉港区, 350505), with its scope.

    Raises NotFoundError with close names when nothing matches.
    """
    lexicon = lexicon or load_lexicon()
    text = (name or "").strip()
    entry = lexicon.lookup_region(text)
    if entry is None:
        close = sorted({e.name for n, codes in lexicon.region_names.items() if text and (text in n or n in text)
                        for e in (lexicon.regions[c] for c in codes) if len(n) >= 2})[:10]
        hint = f"; did you mean {', '.join(close)}?" if close else \
            "; give a name (泉州, 泉港区), a short form (泉港) or a division code (350505)"
        raise NotFoundError(f"no region {name!r}{hint}")
    return RegionScope(entry.code, entry.name, entry.level,
                       frozenset({entry.code, *lexicon.descendants(entry.code)}))


# ---- rows --------------------------------------------------------------------------------------

def region_names(codes: Iterable[str], lexicon: Lexicon) -> list[str]:
    """Display names of region codes, sorted by code (a code the lexicon lacks stands for itself)."""
    out = []
    for code in sorted(codes):
        entry = lexicon.region(code)
        out.append(entry.name if entry else code)
    return out


def _placed_by(cmap: ChainMap, entity_id: str, lexicon: Lexicon) -> list[dict[str, Any]]:
    return [{"region": region_names([p.code], lexicon)[0], "code": p.code, "method": p.method,
             "doc_id": p.doc_id, "sentence": p.sentence} for p in cmap.placements.get(entity_id, ())]


def _project_row(cmap: ChainMap, att: Attachment, lexicon: Lexicon) -> dict[str, Any]:
    e = cmap.entities[att.entity_id]
    props = e.get("props") or {}
    status, status_date, signed, stale = cmap.project_facts(att.entity_id)
    return {"id": e["id"], "name": e["name"], "kind": "project", "status": status, "status_date": status_date,
            "signed": signed, "days_since_signing": stale,
            "investment_yi": props.get("investment_yi"), "currency": props.get("currency"),
            "investment_text": props.get("investment_text"),
            "regions": region_names(cmap.regions.get(att.entity_id, ()), lexicon),
            "placed_by": _placed_by(cmap, att.entity_id, lexicon),
            "joined": list(cmap.merged.get(att.entity_id, ())),
            "investors": [cmap.entities[i]["name"] for i in dict.fromkeys(cmap.investors.get(att.entity_id, ()))
                          if i in cmap.entities],
            "found_by": sorted(att.methods), "terms": sorted(att.terms), "evidence": list(att.evidence)}


def _enterprise_row(cmap: ChainMap, att: Attachment, lexicon: Lexicon) -> dict[str, Any]:
    e = cmap.entities[att.entity_id]
    return {"id": e["id"], "name": e["name"], "kind": "enterprise",
            "regions": region_names(cmap.regions.get(att.entity_id, ()), lexicon),
            "placed_by": _placed_by(cmap, att.entity_id, lexicon),
            "found_by": sorted(att.methods), "terms": sorted(att.terms), "evidence": list(att.evidence)}


def investment_totals(projects: list[dict[str, Any]]) -> dict[str, float]:
    """Investment summed per currency (亿 of that currency)."""
    totals: dict[str, float] = defaultdict(float)
    for p in projects:
        if isinstance(p.get("investment_yi"), (int, float)):
            totals[p.get("currency") or "CNY"] += float(p["investment_yi"])
    return {cur: round(v, 6) for cur, v in sorted(totals.items())}


def _link_rows(cmap: ChainMap, link_id: str, scope: RegionScope | None, lexicon: Lexicon, detail: bool = True):
    """Local project and enterprise rows of a link; without `detail`, enterprise rows hold only id and name."""
    projects, enterprises = [], []
    attached, entities = cmap.attachments.get(link_id, {}), cmap.entities
    for entity_id in cmap.local_ids(link_id, scope.codes if scope is not None else None):
        att = attached[entity_id]
        if entities[entity_id]["label"] == "Project":
            projects.append(_project_row(cmap, att, lexicon))
        elif detail:
            enterprises.append(_enterprise_row(cmap, att, lexicon))
        else:
            enterprises.append({"id": entity_id, "name": entities[entity_id]["name"], "evidence": att.evidence})
    projects.sort(key=lambda p: (-STAGE_ORDER.get(p.get("status") or "", 0), -(p.get("investment_yi") or 0), p["name"]))
    enterprises.sort(key=lambda e: (-len(e["evidence"]), e["name"]))
    return projects, enterprises


def chain_dict(chain: ChainDef) -> dict[str, Any]:
    return {"id": chain.id, "name": chain.name, "aliases": list(chain.aliases), "description": chain.description}


def prepare(store: GraphStore, chain: str | ChainDef, cmap: ChainMap | None, as_of: str | None,
            chains: Sequence[ChainDef] | None, lexicon: Lexicon | None = None) -> ChainMap:
    """The map to answer from: the one given when it is of this chain and date, else a new one."""
    chain_def = chain if isinstance(chain, ChainDef) else find_chain(chain, chains)
    if cmap is not None and cmap.chain.id == chain_def.id and (as_of is None or as_of == cmap.as_of):
        return cmap
    if as_of is not None:
        check_date(as_of)
    return build_chain_map(store, chain_def, as_of, chains, lexicon)


def check_date(text: str) -> None:
    try:
        date.fromisoformat(text)
    except ValueError:
        raise ChainQueryError(f"as_of must be a date like 2024-06-20, got {text!r}") from None


def _check_limits(stale_days: int, strong_min: int) -> None:
    if not isinstance(stale_days, int) or stale_days < 0:
        raise ChainQueryError(f"stale_days must be a whole number of days >= 0, got {stale_days!r}")
    if not isinstance(strong_min, int) or strong_min < 1:
        raise ChainQueryError(f"strong_min must be a whole number >= 1, got {strong_min!r}")


# ---- queries ---------------------------------------------------------------------------------------

def list_chains(chains: Sequence[ChainDef] | None = None) -> list[dict[str, Any]]:
    """Every defined chain with its size."""
    chains = load_chains() if chains is None else chains
    return [{**chain_dict(c), "links": len(c.links), "edges": len(c.edges),
             "stages": {s: sum(1 for link in c.links if link.stage == s) for s in ("上游", "中游", "下游")}}
            for c in chains]


def chain_view(store: GraphStore, chain: str | ChainDef, region: str | None = None, *,
               lexicon: Lexicon | None = None, chains: Sequence[ChainDef] | None = None,
               cmap: ChainMap | None = None, as_of: str | None = None,
               stale_days: int = DEFAULT_STALE_DAYS, strong_min: int = DEFAULT_STRONG_MIN,
               per_link: int | None = None, _detail: bool = True) -> dict[str, Any]:
    """A chain's links upstream first; for a region, each link's local projects and enterprises.

    Without a region every attached project and enterprise in the store is listed. `per_link`
    keeps only the first projects and enterprises of each link (most advanced and largest
    first); status, counts and investment totals still cover all of them. For a region, each
    link also counts the projects of the link that no method places anywhere (`unplaced`).
    """
    _check_limits(stale_days, strong_min)
    if per_link is not None and (not isinstance(per_link, int) or per_link < 1):
        raise ChainQueryError(f"per_link must be a whole number >= 1, got {per_link!r}")
    lexicon = lexicon or load_lexicon()
    scope = find_region(region, lexicon) if region else None
    cmap = prepare(store, chain, cmap, as_of, chains, lexicon)
    c = cmap.chain
    links = []
    for position, link in enumerate(c.order(), 1):
        projects, enterprises = _link_rows(cmap, link.id, scope, lexicon, _detail)
        status, reason = link_status(projects, enterprises, stale_days, strong_min)
        row = {"id": link.id, "name": link.name, "stage": link.stage, "position": position,
               "upstream": list(c.upstream_of(link.id)), "downstream": list(c.downstream_of(link.id)),
               "terms": list(link.terms), "gbt4754": list(link.gbt4754),
               "status": status, "reason": reason, "investment": investment_totals(projects),
               "project_count": len(projects), "enterprise_count": len(enterprises),
               "projects": projects[:per_link], "enterprises": enterprises[:per_link]}
        if scope is not None:
            unplaced = sorted(cmap.entities[e]["name"] for e in cmap.unplaced_ids(link.id))
            row["unplaced_count"], row["unplaced"] = len(unplaced), unplaced[:UNPLACED_SHOWN]
        links.append(row)
    # Projects and enterprises said to belong to the chain as a whole (IN_CHAIN to Chain:<id>).
    whole = [{"id": eid, "name": cmap.entities[eid]["name"], "label": cmap.entities[eid]["label"],
              "regions": region_names(cmap.regions.get(eid, ()), lexicon), "evidence": evidence}
             for eid, evidence in sorted(cmap.chain_level.items())
             if eid in cmap.entities and cmap.is_local(eid, scope.codes if scope else None)]
    return {"chain": chain_dict(c), "region": scope.as_dict() if scope else None, "as_of": cmap.as_of,
            "stale_days": stale_days, "strong_min": strong_min, "links": links, "chain_level": whole,
            "edges": [{"from": h, "to": t} for h, t in c.edges],
            "feedback": [{"from": h, "to": t} for h, t in c.feedback]}


def chain_gaps(store: GraphStore, chain: str | ChainDef, region: str, **kwargs) -> dict[str, Any]:
    """Per link: gap, weak, present or strong for a region, with the reason and the local counts."""
    view = chain_view(store, chain, region, _detail=False, **kwargs)
    links = [{"id": link["id"], "name": link["name"], "stage": link["stage"], "status": link["status"],
              "reason": link["reason"], "projects": link["project_count"], "enterprises": link["enterprise_count"],
              "investment": link["investment"], "unplaced": link["unplaced_count"],
              "examples": [p["name"] for p in link["projects"][:3]] + [e["name"] for e in link["enterprises"][:3]]}
             for link in view["links"]]
    summary = {s: [link["id"] for link in links if link["status"] == s] for s in STATUSES}
    return {"chain": view["chain"], "region": view["region"], "as_of": view["as_of"],
            "stale_days": view["stale_days"], "strong_min": view["strong_min"], "links": links, "summary": summary}


def chain_extension(store: GraphStore, chain: str | ChainDef, region: str, *,
                    base: Sequence[str] = ("strong", "present"), **kwargs) -> dict[str, Any]:
    """延链/补链/强链: links next to the region's established links (by chain edges) that it lacks or holds weakly.

    For each such link: its direction from the established link (上游 or 下游) and an action:
    强链 when the link is weak; 补链 when it is a gap between an established upstream and an
    established downstream link; 延链 for any other gap.
    """
    bad = [b for b in base if b not in ("strong", "present")]
    if bad or not base:
        raise ChainQueryError(f"base must be strong and/or present, got {', '.join(base) or 'nothing'}")
    gaps = chain_gaps(store, chain, region, **kwargs)
    status = {link["id"]: link["status"] for link in gaps["links"]}
    names = {link["id"]: link for link in gaps["links"]}
    chain_def = find_chain(gaps["chain"]["id"], kwargs.get("chains"))
    established = {lid for lid, s in status.items() if s in ("strong", "present")}
    suggestions: dict[str, dict[str, Any]] = {}
    for link in chain_def.order():
        if status[link.id] not in base:
            continue
        neighbours = [(t, "下游") for t in chain_def.downstream_of(link.id)] + \
                     [(h, "上游") for h in chain_def.upstream_of(link.id)]
        for other, direction in neighbours:
            if status[other] not in ("gap", "weak"):
                continue
            s = suggestions.get(other)
            if s is None:
                ups = set(chain_def.upstream_of(other)) & established
                downs = set(chain_def.downstream_of(other)) & established
                if status[other] == "weak":
                    action = "强链"
                elif ups and downs:
                    action = "补链"
                else:
                    action = "延链"
                s = suggestions[other] = {"link": other, "name": names[other]["name"], "stage": names[other]["stage"],
                                          "status": status[other], "action": action, "reason": names[other]["reason"],
                                          "from": []}
            s["from"].append({"link": link.id, "name": link.name, "status": status[link.id], "direction": direction})
    order = {link.id: i for i, link in enumerate(chain_def.order())}
    rank = {"补链": 0, "强链": 1, "延链": 2}
    items = sorted(suggestions.values(), key=lambda s: (rank[s["action"]], order[s["link"]]))
    for s in items:
        s["direction"] = "、".join(dict.fromkeys(f["direction"] for f in s["from"]))
    return {"chain": gaps["chain"], "region": gaps["region"], "as_of": gaps["as_of"], "base": list(base),
            "established": sorted(established, key=order.__getitem__), "suggestions": items}


def chain_compare(store: GraphStore, chain: str | ChainDef, region_a: str, region_b: str, *,
                  lexicon: Lexicon | None = None, chains: Sequence[ChainDef] | None = None,
                  cmap: ChainMap | None = None, as_of: str | None = None,
                  stale_days: int = DEFAULT_STALE_DAYS, strong_min: int = DEFAULT_STRONG_MIN) -> dict[str, Any]:
    """Two regions side by side over one chain: each link's status, counts and investment in both."""
    lexicon = lexicon or load_lexicon()
    cmap = prepare(store, chain, cmap, as_of, chains, lexicon)
    opts = dict(lexicon=lexicon, chains=chains, cmap=cmap, stale_days=stale_days, strong_min=strong_min)
    a = chain_gaps(store, cmap.chain, region_a, **opts)
    b = chain_gaps(store, cmap.chain, region_b, **opts)
    links = []
    for la, lb in zip(a["links"], b["links"], strict=True):
        links.append({"id": la["id"], "name": la["name"], "stage": la["stage"],
                      "a": {k: la[k] for k in ("status", "reason", "projects", "enterprises", "investment")},
                      "b": {k: lb[k] for k in ("status", "reason", "projects", "enterprises", "investment")}})
    has = lambda side: side["status"] != "gap"  # noqa: E731
    summary = {"only_a": [x["id"] for x in links if has(x["a"]) and not has(x["b"])],
               "only_b": [x["id"] for x in links if has(x["b"]) and not has(x["a"])],
               "both": [x["id"] for x in links if has(x["a"]) and has(x["b"])],
               "neither": [x["id"] for x in links if not has(x["a"]) and not has(x["b"])]}
    return {"chain": a["chain"], "a": a["region"], "b": b["region"], "as_of": a["as_of"], "links": links,
            "summary": summary}


__all__ = ["ChainQueryError", "RegionScope", "chain_compare", "chain_extension", "chain_gaps", "chain_view",
           "find_region", "list_chains", "NotFoundError"]
