"""The digest: what changed in the graph since a date, each item with its evidence and source.

Pure functions over the `GraphStore` protocol (entities(), relations(), get_document()), so the
networkx and the Neo4j store give the same digest. Five kinds of item:

- `new_project`: a project first stated on or after `since`;
- `status_change`: a project that reached a further stage (签约 → 开工 → 竣工 → 投产 → 增资扩产)
  on or after `since`, with the statement of the stage before and of the stage reached. A
  project's stages are the statements ingest.facts merges across documents (`status_history`);
  a stage is dated by its earliest statement, and a month-only date ("3月签约") counts as the
  end of that month, so the article that dates it to the day is the one shown;
- `stalled`: a project whose latest stage (before 投产) has stood longer than `stalled_days`,
  and crossed that line on or after `since` (measured from `as_of`);
- `link_filled`: a chain link that had nothing in a region and now has a project or an
  enterprise there: the first attachment (an IN_CHAIN relation or a project's chain link)
  dated on or after `since`. With `region`, inside that region; otherwise in each county,
  town or zone projects and enterprises are located in;
- `new_tie`: a tie of a person (the 侨商 network: leads, member of, hometown, resides in,
  donates to, invests in, shareholder, partner) first stated on or after `since`.

Without `since`, the digest covers the 30 days up to the newest date it finds in the graph
(the newest statement), which is also the default `as_of`: a corpus of old articles still
has a digest of its last month.
"""
from __future__ import annotations

import calendar
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import lru_cache
from itertools import pairwise
from typing import Any

from corpus import ChainDef, load_chains, load_lexicon
from graph.model import RELATION_NAMES
from graph.store import GraphStore
from ingest.errors import LiantuError, NotFoundError
from ingest.model import STAGES

KINDS = ("new_project", "status_change", "stalled", "link_filled", "new_tie")
KIND_NAMES = {"new_project": "新项目", "status_change": "状态变化", "stalled": "停滞", "link_filled": "补链",
              "new_tie": "侨商新关系"}
TIE_TYPES = ("LEADS", "MEMBER_OF", "HOMETOWN", "RESIDES_IN", "DONATES_TO", "INVESTS_IN", "SHAREHOLDER_OF",
             "PARTNER_OF")
FINISHED = ("投产", "增资扩产")  # stages after which a project is not stalled
DEFAULT_WINDOW_DAYS = 30
DEFAULT_STALLED_DAYS = 365
_DATE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")


class DigestError(LiantuError):
    """A digest argument cannot be used."""


def parse_day(text: str | None, what: str = "--since") -> str | None:
    """An ISO date (YYYY-MM-DD) from `text` (YYYY, YYYY-MM or YYYY-MM-DD), or None for none."""
    if text in (None, ""):
        return None
    text = str(text).strip()
    if not _DATE.match(text):
        raise DigestError(f"{what} {text!r}: expected a date such as 2026-03-01")
    try:
        return date.fromisoformat((text + "-01-01")[:10] if len(text) < 10 else text).isoformat()
    except ValueError as exc:
        raise DigestError(f"{what} {text!r}: {exc}") from exc


def period_end(text: str) -> str:
    """The last day a partial date may mean ('2026-03' -> '2026-03-31', '2026' -> '2026-12-31')."""
    if len(text) == 4 and text.isdigit():
        return f"{text}-12-31"
    if len(text) == 7:
        y, m = int(text[:4]), int(text[5:7])
        if 1 <= m <= 12:
            return f"{text}-{calendar.monthrange(y, m)[1]:02d}"
    return text


@dataclass
class DigestItem:
    """One change, with the sentences that state it and the documents they come from."""

    kind: str
    date: str
    subject: dict[str, Any]
    summary: str
    details: dict[str, Any] = field(default_factory=dict)
    evidence: list[dict[str, Any]] = field(default_factory=list)
    key: str = ""  # what tells this item from others of its kind about the same subject

    @property
    def id(self) -> str:
        """A stable id: the same change has the same id in every digest (feed readers rely on it)."""
        return f"{self.kind}/{self.subject['id']}" + (f"/{self.key}" if self.key else "")

    def as_dict(self) -> dict[str, Any]:
        return {"id": self.id, "kind": self.kind, "date": self.date, "subject": self.subject, "summary": self.summary,
                "details": self.details, "evidence": self.evidence}


@dataclass
class Digest:
    since: str
    as_of: str
    region: dict[str, Any] | None
    chain: dict[str, Any] | None
    items: list[DigestItem]

    def as_dict(self) -> dict[str, Any]:
        counts = {kind: sum(1 for i in self.items if i.kind == kind) for kind in KINDS}
        return {"since": self.since, "as_of": self.as_of, "region": self.region, "chain": self.chain,
                "counts": counts, "items": [i.as_dict() for i in self.items]}


class _Reader:
    """Documents and regions looked up once per digest."""

    def __init__(self, store: GraphStore) -> None:
        self.store = store
        self._docs: dict[str, dict[str, Any] | None] = {}
        self._names: dict[str, str] = {}
        self._relations: dict[str, list[dict[str, Any]]] = {}

    def document(self, doc_id: str) -> dict[str, Any]:
        if doc_id not in self._docs:
            self._docs[doc_id] = self.store.get_document(doc_id)
        return self._docs[doc_id] or {}

    def doc_date(self, doc_id: str) -> str:
        return self.document(doc_id).get("date") or ""

    def name(self, entity_id: str) -> str:
        if entity_id not in self._names:
            entity = self.store.get_entity(entity_id)
            self._names[entity_id] = entity["name"] if entity else entity_id.split(":", 1)[-1]
        return self._names[entity_id]

    def evidence(self, doc_id: str, sentence: str, when: str | None = None) -> dict[str, Any]:
        doc = self.document(doc_id)
        return {"sentence": sentence, "doc_id": doc_id, "date": when or doc.get("date"),
                "title": doc.get("title", ""), "url": doc.get("url", ""), "source": doc.get("source", "")}

    def project_relations(self, project_id: str) -> list[dict[str, Any]]:
        if project_id not in self._relations:
            self._relations[project_id] = self.store.relations(project_id)
        return self._relations[project_id]

    def subject(self, entity_id: str) -> dict[str, Any]:
        return {"id": entity_id, "name": self.name(entity_id), "label": entity_id.split(":", 1)[0]}


def find_digest_chain(name: str, chains: Sequence[ChainDef] | None = None) -> ChainDef:
    """The chain called `name` (id, name or alias; dashes and spaces ignored); NotFoundError lists them."""
    chains = load_chains() if chains is None else chains
    key = re.sub(r"[\s\-—–－_·/、]+", "", name or "").lower()
    for chain in chains:
        if key and key in {re.sub(r"[\s\-—–－_·/、]+", "", n).lower() for n in (chain.id, *chain.names)}:
            return chain
    raise NotFoundError(f"no chain {name!r}; chains: {'; '.join(f'{c.id} ({c.name})' for c in chains)}")


def _region_scope(name: str) -> tuple[dict[str, Any], frozenset[str]]:
    lexicon = _lexicon()
    entry = lexicon.region(name.strip()) or lexicon.resolve_region(name.strip())
    if entry is None:
        raise NotFoundError(f"no region {name!r}; give a name (泉州, 泉港区), a short form (泉港) or a code (350505)")
    return {"code": entry.code, "name": entry.name}, frozenset({entry.code, *lexicon.descendants(entry.code)})


def _project_steps(props: dict[str, Any]) -> list[dict[str, Any]]:
    return [s for s in props.get("status_history") or () if isinstance(s, dict) and s.get("status") in STAGES]


def _stage_firsts(steps: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
    """The first statement of each stage, in the order the stages were first stated."""
    first: dict[str, dict[str, Any]] = {}
    for step in steps:
        when = period_end(str(step.get("date") or ""))
        key = (when or "9999", -len(str(step.get("date") or "")), str(step.get("doc_id")))
        if step["status"] not in first or key < first[step["status"]]["_key"]:
            first[step["status"]] = {**step, "_key": key, "_day": when}
    return sorted(first.values(), key=lambda s: (s["_key"], STAGES.index(s["status"])))


def digest(store: GraphStore, since: str | None = None, region: str | None = None, chain: str | None = None,
           stalled_days: int = DEFAULT_STALLED_DAYS, as_of: str | None = None,
           kinds: Sequence[str] = KINDS) -> Digest:
    """What changed since `since` (see the module doc), newest first; `region` and `chain` narrow it."""
    since, as_of = parse_day(since), parse_day(as_of, "--as-of")
    unknown = [k for k in kinds if k not in KINDS]
    if unknown:
        raise DigestError(f"unknown digest kind {unknown[0]!r}; kinds: {', '.join(KINDS)}")
    region_info, scope = _region_scope(region) if region else (None, None)
    chain_def = find_digest_chain(chain) if chain else None
    reader = _Reader(store)
    projects = store.entities("Project")
    relations = store.relations(types=["IN_CHAIN", "LOCATED_IN", *TIE_TYPES])
    as_of = as_of or _newest_date(projects, relations, reader) or date.today().isoformat()
    since = since or (date.fromisoformat(as_of) - timedelta(days=DEFAULT_WINDOW_DAYS)).isoformat()
    links = _chain_links(chain_def)
    places = _places(projects, relations)

    def in_region(entity_id: str) -> bool:
        return scope is None or bool(places.get(entity_id, set()) & scope)

    in_chain_of: dict[str, set[str]] = {}
    for r in relations:
        if r["type"] == "IN_CHAIN":
            in_chain_of.setdefault(r["head"], set()).add(r["tail"])

    def in_chain(entity_id: str, props: dict[str, Any]) -> bool:
        if chain_def is None:
            return True
        tied = set(props.get("chain_links") or ()) | in_chain_of.get(entity_id, set())
        return f"Chain:{chain_def.id}" in tied or bool(tied & set(links))

    items: list[DigestItem] = []
    for project in projects:
        pid, props = project["id"], project.get("props") or {}
        if not (in_region(pid) and in_chain(pid, props)):
            continue
        items += _project_items(project, reader, since, as_of, stalled_days)
    items += _filled_links(projects, relations, places, scope, region_info, links, reader, since)
    items += _new_ties(relations, places, scope, reader, since)
    items = [i for i in items if i.kind in kinds and since <= i.date[:10] <= period_end(as_of)]
    items.sort(key=lambda i: (i.date, -KINDS.index(i.kind), i.id), reverse=True)
    return Digest(since, as_of, region_info,
                  {"id": chain_def.id, "name": chain_def.name} if chain_def else None, items)


def _newest_date(projects, relations, reader: _Reader) -> str | None:
    dates = [str(s.get("date"))[:10] for p in projects for s in _project_steps(p.get("props") or {})
             if s.get("date")]
    dates += [reader.doc_date(e["doc_id"]) for r in relations for e in r.get("evidence") or ()]
    dates = [d for d in dates if d]
    return period_end(max(dates)) if dates else None


def _chain_links(chain_def: ChainDef | None) -> dict[str, list[tuple[str, str, str]]]:
    """`ChainLink:<term>` -> [(chain id, link id, link name)] for every chain (or the one given)."""
    out: dict[str, list[tuple[str, str, str]]] = {}
    for chain in [chain_def] if chain_def else load_chains():
        for link in chain.links:
            for term in link.terms:
                out.setdefault(f"ChainLink:{term}", []).append((chain.id, link.id, f"{chain.name} · {link.name}"))
    return out


def _places(projects, relations) -> dict[str, set[str]]:
    """Entity id -> the region codes it is located in (a project's places, LOCATED_IN; a person's hometown)."""
    places: dict[str, set[str]] = {}
    for p in projects:
        props = p.get("props") or {}
        places.setdefault(p["id"], set()).update(str(c) for c in props.get("places") or ())
        if props.get("region"):
            places[p["id"]].add(str(props["region"]))
    for r in relations:
        if r["type"] in ("LOCATED_IN", "HOMETOWN", "RESIDES_IN") and r["tail"].startswith("Region:"):
            places.setdefault(r["head"], set()).add(r["tail"].split(":", 1)[1])
    return places


def _project_items(project, reader: _Reader, since: str, as_of: str, stalled_days: int) -> list[DigestItem]:
    pid, props = project["id"], project.get("props") or {}
    subject = reader.subject(pid)
    name = subject["name"]
    steps = _project_steps(props)
    firsts = _stage_firsts(steps)
    items = []
    first_day = min([s["_day"] for s in firsts if s["_day"]] + ([str(props["date"])] if props.get("date") else []),
                    default="")
    if first_day and first_day >= since:
        evidence = [reader.evidence(s["doc_id"], s["sentence"], s.get("date")) for s in firsts[:1]]
        if not evidence:
            stated = sorted((reader.doc_date(e["doc_id"]), e["doc_id"], e["sentence"])
                            for r in reader.store.relations(pid) for e in r.get("evidence") or ())
            evidence = [reader.evidence(doc_id, sentence) for _, doc_id, sentence in stated[:1]]
        items.append(DigestItem("new_project", first_day, subject, f"新项目：{name}",
                                {"status": props.get("status"), "investment_yi": props.get("investment_yi"),
                                 "region": props.get("region")}, evidence))
    for before, after in pairwise(firsts):
        if STAGES.index(after["status"]) > STAGES.index(before["status"]) and after["_day"] >= since:
            items.append(DigestItem(
                "status_change", after["_day"], subject, f"{name}：{before['status']} → {after['status']}",
                {"from": before["status"], "to": after["status"], "from_date": before.get("date"),
                 "to_date": after.get("date")},
                [reader.evidence(s["doc_id"], _fullest(reader, pid, s), s.get("date")) for s in (before, after)],
                key=f"{before['status']}-{after['status']}"))
    if firsts:
        latest = max(steps, key=lambda s: (period_end(str(s.get("date") or "")), STAGES.index(s["status"])))
        day = period_end(str(latest.get("date") or ""))
        if latest["status"] not in FINISHED and len(day) == 10:
            crossed = (date.fromisoformat(day) + timedelta(days=stalled_days)).isoformat()
            if crossed <= as_of:
                items.append(DigestItem(
                    "stalled", crossed, subject, f"{name}：停在{latest['status']}已超过{stalled_days}天",
                    {"status": latest["status"], "since": latest.get("date"), "days": stalled_days},
                    [reader.evidence(latest["doc_id"], latest["sentence"], latest.get("date"))],
                    key=latest["status"]))
    return items


def _fullest(reader: _Reader, project_id: str, step: dict[str, Any]) -> str:
    """The sentence of the step's document that states its stage most fully.

    A document states a stage once in the project's history (its first statement, often the
    headline); the body sentence naming the project, the stage and more (the investment, the
    place) is better evidence, and the project's relations keep it.
    """
    sentences = [step["sentence"]] + [e["sentence"] for r in reader.project_relations(project_id)
                                      for e in r.get("evidence") or ()
                                      if e["doc_id"] == step["doc_id"] and step["status"] in e["sentence"]]
    return max(sentences, key=len)


def _filled_links(projects, relations, places, scope, region_info, links, reader: _Reader,
                  since: str) -> list[DigestItem]:
    """Links that went from nothing to something in a region (see the module doc)."""
    first: dict[tuple[str, str, str], tuple[str, str, dict[str, Any]]] = {}  # (chain, link, region) -> first

    def attach(entity_id: str, link_entity: str, day: str, evidence: dict[str, Any]) -> None:
        if not day:
            return
        codes = places.get(entity_id, set())
        if scope is not None:
            codes = {region_info["code"]} if codes & scope else set()
        else:
            codes = {_county(code) for code in codes}
        for chain_id, link_id, link_name in links.get(link_entity, ()):
            for code in codes:
                key = (chain_id, link_id, code)
                if key not in first or (day, entity_id) < first[key][:2]:
                    first[key] = (day, entity_id, {**evidence, "link": link_name})

    for r in relations:
        if r["type"] == "IN_CHAIN" and r["head"].startswith(("Project:", "Enterprise:")):
            for e in r.get("evidence") or ():
                attach(r["head"], r["tail"], reader.doc_date(e["doc_id"]), reader.evidence(e["doc_id"], e["sentence"]))
    for p in projects:
        props = p.get("props") or {}
        firsts = _stage_firsts(_project_steps(props))
        day = props.get("date") or (firsts[0]["_day"] if firsts else "")
        evidence = reader.evidence(firsts[0]["doc_id"], firsts[0]["sentence"]) if firsts else {}
        for link_entity in props.get("chain_links") or ():
            attach(p["id"], link_entity, str(day), evidence)
    items = []
    for (chain_id, link_id, code), (day, entity_id, evidence) in first.items():
        if day < since:
            continue
        region_name = region_info["name"] if region_info and code == region_info["code"] else reader.name(f"Region:{code}")
        link_name = evidence.pop("link")
        subject = reader.subject(entity_id)
        items.append(DigestItem("link_filled", day, {"id": f"{chain_id}/{link_id}", "name": link_name,
                                                     "label": "ChainLink"},
                                f"{region_name} 补上了 {link_name}：{subject['name']}",
                                {"chain": chain_id, "link": link_id, "region": code, "region_name": region_name,
                                 "from": "gap", "to": "present", "by": subject},
                                [evidence] if evidence.get("doc_id") else [], key=code))
    return items


def _county(code: str) -> str:
    """The county (区, 县, 县级市) a town or zone code lies in; the code itself above or outside counties."""
    lexicon = _lexicon()
    for candidate in (code, *lexicon.ancestors(code)):
        entry = lexicon.region(candidate)
        if entry is not None and entry.level == "county":
            return candidate
    return code


@lru_cache(maxsize=1)
def _lexicon():
    """The bundled lexicon, read once (it does not change while liantu runs)."""
    return load_lexicon()


def _new_ties(relations, places, scope, reader: _Reader, since: str) -> list[DigestItem]:
    items = []
    # A hometown stated down to the town also ties the person to its county and city: one tie, the nearest.
    stated: dict[tuple[str, str], set[str]] = {}
    for r in relations:
        if r["type"] in ("HOMETOWN", "RESIDES_IN") and r["tail"].startswith("Region:"):
            stated.setdefault((r["head"], r["type"]), set()).add(r["tail"].split(":", 1)[1])
    covered = {(head, kind, ancestor) for (head, kind), codes in stated.items() for code in codes
               for ancestor in _lexicon().ancestors(code)}
    for r in relations:
        if r["type"] not in TIE_TYPES or not r["head"].startswith("Person:"):
            continue
        if (r.get("props") or {}).get("inferred_from"):
            continue  # a place read from an association's name: the membership is the news
        if (r["head"], r["type"], r["tail"].split(":", 1)[-1]) in covered:
            continue
        if scope is not None:
            tail_code = r["tail"].split(":", 1)[1] if r["tail"].startswith("Region:") else ""
            near = places.get(r["head"], set()) | places.get(r["tail"], set()) | ({tail_code} if tail_code else set())
            if not near & scope:
                continue
        dated = sorted(((reader.doc_date(e["doc_id"]), e) for e in r.get("evidence") or ()
                        if reader.doc_date(e["doc_id"])),
                       key=lambda pair: (pair[0], pair[1]["doc_id"], pair[1].get("start", 0)))
        if not dated or dated[0][0] < since:
            continue
        day, e = dated[0]
        head, tail = reader.subject(r["head"]), reader.subject(r["tail"])
        items.append(DigestItem("new_tie", day, head, f"{head['name']} {RELATION_NAMES[r['type']]} {tail['name']}",
                                {"type": r["type"], "tail": tail},
                                [reader.evidence(e["doc_id"], e["sentence"])], key=f"{r['type']}/{r['tail']}"))
    return items
