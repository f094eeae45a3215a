"""Hometown flows: the projects and donations people from a 侨乡 bring, rolled up by county."""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from corpus.lexicon import Lexicon
from graph.network.common import CONTROL_RELATIONS, check_option, default, sorted_evidence
from graph.network.places import place_name
from graph.network.snapshot import load_network
from graph.store import GraphStore

# --- flows --------------------------------------------------------------------------------------

@dataclass
class Flows:
    """Per hometown county: the projects and donations its people bring, with stated amounts."""

    counties: list[dict[str, Any]]
    read: dict[str, Any] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        return {"counties": self.counties, "read": self.read}


def _amount(entity: dict[str, Any] | None, relation: dict[str, Any]) -> dict[str, Any] | None:
    """The stated amount of an investment or donation: the relation's, else the project's."""
    for props in (relation.get("props") or {}, (entity or {}).get("props") or {}):
        for key in ("amount_yi", "investment_yi"):
            value = props.get(key)
            if isinstance(value, (int, float)) and not isinstance(value, bool):
                return {"yi": float(value), "currency": props.get("currency") or "CNY",
                        "text": props.get("amount_text") or props.get("investment_text") or ""}
    return None


def flows(store: GraphStore, limit: int = default("flows", "limit"), lexicon: Lexicon | None = None) -> Flows:
    """Hometown (侨乡) -> the projects and donations people from there bring, rolled up by county.

    Counties come largest stated investment first; `limit` keeps the first so many.
    """
    check_option("flows", "limit", limit)
    data = load_network(store, lexicon)
    lex = data.lexicon
    out_rel: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for r in data.relations:
        out_rel[r["head"]].append(r)
    counties: dict[str, dict[str, Any]] = {}
    for pid in sorted(p for p, e in data.entities.items() if e["label"] == "Person"):
        homes = data.hometown_counties(pid)
        if not homes:
            continue
        # What the person brings directly, and through the enterprises they lead or hold shares in.
        routes: list[tuple[dict[str, Any] | None, dict[str, Any]]] = []
        for r in out_rel[pid]:
            if r["type"] in ("INVESTS_IN", "DONATES_TO"):
                routes.append((None, r))
            elif r["type"] in CONTROL_RELATIONS and data.label(r["tail"]) == "Enterprise":
                routes.extend((r, r2) for r2 in out_rel[r["tail"]] if r2["type"] in ("INVESTS_IN", "DONATES_TO"))
        for county in homes:
            row = counties.setdefault(county, {"code": county, "name": place_name(county, lex), "people": {},
                                               "projects": {}, "donations": {}})
            row["people"][pid] = data.name(pid)
            for via, r in routes:
                target = data.entities.get(r["tail"])
                kind = "projects" if r["type"] == "INVESTS_IN" else "donations"
                item = row[kind].setdefault(r["tail"], {
                    "id": r["tail"], "name": data.name(r["tail"]), "label": data.label(r["tail"]),
                    "amount": _amount(target, r),
                    "region": place_name(target["props"]["region"], lex)
                    if target and target.get("props", {}).get("region") else None,
                    "back_home": bool(target) and data.within(r["tail"], county, "locations"),
                    "via": []})
                if item["amount"] is None:
                    item["amount"] = _amount(target, r)
                item["via"].append({
                    "person": {"id": pid, "name": data.name(pid)},
                    "enterprise": {"id": via["tail"], "name": data.name(via["tail"]), "role": via["type"]}
                    if via else None,
                    "evidence": (sorted_evidence(via["evidence"]) if via else []) + sorted_evidence(r["evidence"])})
    rows = []
    for county, row in counties.items():
        projects = sorted(row["projects"].values(), key=lambda p: (-(p["amount"] or {}).get("yi", -1), p["id"]))
        donations = sorted(row["donations"].values(), key=lambda p: (-(p["amount"] or {}).get("yi", -1), p["id"]))
        totals: dict[str, float] = defaultdict(float)
        for p in projects:
            if p["amount"]:
                totals[p["amount"]["currency"]] += p["amount"]["yi"]
        donated: dict[str, float] = defaultdict(float)
        for p in donations:
            if p["amount"]:
                donated[p["amount"]["currency"]] += p["amount"]["yi"]
        rows.append({"code": county, "name": row["name"],
                     "people": [{"id": k, "name": v} for k, v in sorted(row["people"].items())],
                     "investment_yi": {k: round(v, 4) for k, v in sorted(totals.items())},
                     "donation_yi": {k: round(v, 4) for k, v in sorted(donated.items())},
                     "projects": projects, "donations": donations})
    rows.sort(key=lambda r: (-sum(r["investment_yi"].values()), -len(r["projects"]) - len(r["donations"]),
                             -len(r["people"]), r["code"]))
    return Flows(rows[:limit], data.read)
