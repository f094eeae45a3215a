"""What each document says about an entity or a relation, and the one pure merge of it all.

A store keeps, for every entity and every relation, the contribution of each document that
states it (`Contribution`: the document's date and the props it gave) and shows the merge of
those contributions. The merge depends only on the set of contributions, never on the order
they arrived in, so ingesting documents in any order gives the same graph, and removing a
document (dropping its contribution and merging the rest again) gives exactly the state
before it was added. Both graph stores and the merge of a long document's parts use it.

Projects are merged as a typed record (`ProjectFacts`): every statement of a stage with its
date and evidence, every stated investment, the investors, places and chain links; the
latest stage, the investment shown and the place shown are chosen from them by fixed rules.
Other entities and relations merge key by key: lists are united, counts of evidence summed,
and any other value is the one stated by the newest document (date, then document id).
"""
from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from ingest.model import STAGES

# Props of a relation that count its evidence: summed over documents, never taken from one.
COUNTED = ("evidence_count", "weight")
# The prop in which a copy of an article names its story (see `mark_story`).
STORY = "story"
# What a contribution made without a document (a direct upsert) is filed under.
NO_DOCUMENT = ""


@dataclass(frozen=True)
class Contribution:
    """What one document (or a direct upsert, `doc_id == ""`) said about one entity or relation."""

    doc_id: str
    date: str | None
    props: Mapping[str, Any]

    @property
    def rank(self) -> tuple[str, str]:
        """Newer documents rank higher; a direct upsert ranks above every document."""
        if self.doc_id == NO_DOCUMENT:
            return ("\uffff", "")
        return (self.date or "", self.doc_id)


@dataclass(frozen=True, order=True)
class StatusStep:
    """One statement that a project reached a stage: when, in which document, in which sentence."""

    date: str
    stage: int
    status: str
    doc_id: str
    sentence: str
    story: str = ""  # the story of the document (ingest.stories) when it is not the document's own

    @classmethod
    def from_dict(cls, step: Mapping[str, Any], doc_id: str, date: str | None) -> "StatusStep | None":
        status = step.get("status")
        if status not in STAGES:
            return None
        return cls(str(step.get("date") or date or ""), STAGES.index(status), status,
                   str(step.get("doc_id") or doc_id), str(step.get("sentence") or ""), str(step.get("story") or ""))

    @property
    def report(self) -> str:
        """What the step counts once for: its story (copies of one article are one report)."""
        return self.story or self.doc_id

    def as_dict(self) -> dict[str, Any]:
        out = {"status": self.status, "date": self.date or None, "doc_id": self.doc_id, "sentence": self.sentence}
        return out | ({"story": self.story} if self.story else {})


@dataclass(frozen=True, order=True)
class AmountStatement:
    """One stated investment of a project (normalised to 亿, in its currency) and where it was stated."""

    date: str
    doc_id: str
    value_yi: float | None
    currency: str | None
    text: str

    def as_dict(self) -> dict[str, Any]:
        return {"value_yi": self.value_yi, "currency": self.currency, "text": self.text,
                "doc_id": self.doc_id, "date": self.date or None}


@dataclass(frozen=True)
class ProjectFacts:
    """Everything known about one project, from one document or merged from several."""

    steps: frozenset[StatusStep] = frozenset()
    amounts: frozenset[AmountStatement] = frozenset()
    investors: frozenset[str] = frozenset()
    places: frozenset[tuple[str, str]] = frozenset()  # (region code, document id)
    chain_links: frozenset[str] = frozenset()
    first_date: str | None = None

    @classmethod
    def from_contribution(cls, c: Contribution) -> "ProjectFacts":
        """The record of one document's props (as the pipeline and the stores write them)."""
        p = c.props
        steps: set[StatusStep] = set()
        for step in p.get("status_history") or ():
            if isinstance(step, Mapping):
                s = StatusStep.from_dict(step, c.doc_id, c.date)
                if s is not None:
                    steps.add(s)
        if p.get("status") in STAGES and all(s.status != p["status"] for s in steps):
            # a stage stated without its history (written by hand, or by an older version)
            stated = StatusStep.from_dict({"status": p["status"], "date": p.get("date")}, c.doc_id, c.date)
            if stated is not None:  # always: the status is one of STAGES
                steps.add(stated)
        amounts = {AmountStatement(str(a.get("date") or c.date or ""), str(a.get("doc_id") or c.doc_id),
                                   a.get("value_yi"), a.get("currency"), str(a.get("text") or ""))
                   for a in p.get("investments") or () if isinstance(a, Mapping)}
        if not amounts and (p.get("investment_yi") is not None or p.get("investment_text")):
            amounts.add(AmountStatement(c.date or "", c.doc_id, p.get("investment_yi"), p.get("currency"),
                                        str(p.get("investment_text") or "")))
        codes = [*(p.get("places") or ()), *([p["region"]] if p.get("region") else [])]
        places = frozenset((str(code), c.doc_id) for code in codes)
        return cls(frozenset(steps), frozenset(amounts), frozenset(p.get("investors") or ()), places,
                   frozenset(p.get("chain_links") or ()), p.get("date") or c.date or None)

    def merge(self, other: "ProjectFacts") -> "ProjectFacts":
        """The union of two records; commutative, associative and idempotent on the facts."""
        steps: dict[tuple[str, str], StatusStep] = {}
        for s in sorted(self.steps | other.steps):
            # one statement of a stage per story (a document, or the copies of one article): its earliest
            steps.setdefault((s.status, s.report), s)
        dates = [d for d in (self.first_date, other.first_date) if d]
        return ProjectFacts(frozenset(steps.values()), self.amounts | other.amounts, self.investors | other.investors,
                            self.places | other.places, self.chain_links | other.chain_links,
                            min(dates) if dates else None)

    @property
    def history(self) -> list[StatusStep]:
        """Every statement of a stage, by date, then stage, then document."""
        return sorted(self.steps)

    @property
    def latest(self) -> StatusStep | None:
        """The stage reached last: by date where dates differ, else the furthest stage."""
        return max(self.steps, default=None, key=lambda s: (s.date, s.stage, s.doc_id))

    @property
    def amount(self) -> AmountStatement | None:
        """The investment shown: the newest document's statement (a later report updates an earlier one)."""
        stated = [a for a in self.amounts if a.value_yi is not None] or list(self.amounts)
        return max(stated, default=None, key=lambda a: (a.date, a.doc_id, a.value_yi or 0.0, a.text))

    @property
    def place(self) -> str | None:
        """The place shown: the one most documents state, then the smallest code."""
        documents = Counter(code for code, _ in self.places)
        return min(documents, default=None, key=lambda code: (-documents[code], code))

    def to_props(self) -> dict[str, Any]:
        """The record as entity props (the shape the queries read)."""
        props: dict[str, Any] = {}
        latest = self.latest  # None exactly when there are no steps
        if latest is not None:
            props["status_history"] = [s.as_dict() for s in self.history]
            props["status"] = latest.status
        amount = self.amount
        if amount is not None:
            props.update(investment_yi=amount.value_yi, currency=amount.currency, investment_text=amount.text)
            # every statement with its document, so merged props read back give the same record
            props["investments"] = [a.as_dict() for a in sorted(self.amounts)]
        if self.investors:
            props["investors"] = sorted(self.investors)
        if self.places:
            props["region"] = self.place
            props["places"] = sorted({code for code, _ in self.places})
        if self.chain_links:
            props["chain_links"] = sorted(self.chain_links)
        if self.first_date:
            props["date"] = self.first_date
        return props


PROJECT_KEYS = frozenset({"status", "status_history", "investment_yi", "currency", "investment_text",
                          "investments", "investors", "places", "region", "chain_links", "date"})


def merge_props(label: str, contributions: Iterable[Contribution]) -> dict[str, Any]:
    """The props of an entity with `label`, merged from what each document contributed."""
    contributions = sorted(contributions, key=lambda c: c.rank)
    if label == "Person":
        return _merge_key_by_key(contributions) | person_identity(contributions)
    if label != "Project":
        # Most documents say the same of a region or a firm: merge each distinct statement once
        # (the newest document making it ranks it), so a hub merges in time of its variety.
        distinct = {json.dumps(c.props, sort_keys=True, ensure_ascii=False, default=str): c for c in contributions}
        return _merge_key_by_key(sorted(distinct.values(), key=lambda c: c.rank))
    record = ProjectFacts()
    for c in contributions:
        record = record.merge(ProjectFacts.from_contribution(c))
    props = _merge_key_by_key([Contribution(c.doc_id, c.date, {k: v for k, v in c.props.items()
                                                                 if k not in PROJECT_KEYS})
                               for c in contributions])
    return dict(sorted((props | record.to_props()).items()))


def merge_relation_props(contributions: Iterable[Contribution]) -> dict[str, Any]:
    """The props of a relation: evidence counts summed over stories, the rest key by key.

    Copies of one article (documents whose props name the same `story`, see `mark_story`)
    count as one report: their largest count is taken once.
    """
    contributions = sorted(contributions, key=lambda c: c.rank)
    props = _merge_key_by_key([Contribution(c.doc_id, c.date, {k: v for k, v in c.props.items()
                                                               if k not in COUNTED and k != STORY})
                               for c in contributions])
    for key in COUNTED:
        own: dict[str, int | float] = {}  # per document that names no story: its count (parts summed)
        by_story: dict[str, int | float] = {}  # per story: the largest count of its copies
        for c in contributions:
            value = c.props.get(key)
            if isinstance(value, int | float) and not isinstance(value, bool):
                story = str(c.props.get(STORY) or "")
                if story:
                    by_story[story] = max(by_story.get(story, value), value)
                else:
                    own[c.doc_id] = own.get(c.doc_id, 0) + value
        for doc_id, value in own.items():  # a story's first document is one of its copies
            by_story[doc_id] = max(by_story.get(doc_id, value), value)
        if by_story:
            props[key] = sum(by_story.values())
    return props


def person_identity(contributions: list[Contribution]) -> dict[str, Any]:
    """Why the articles naming one person were taken to be about one person, and what conflicts.

    Articles agree on a person when they share a hometown (one stated place inside the other),
    an organisation or firm, or a country of residence; with none of these stated they are
    joined on the name alone. Two hometowns neither of which lies inside the other conflict:
    they may be namesakes, which `identity.conflicts` says.
    """
    documents = [c for c in contributions if c.doc_id != NO_DOCUMENT]
    if len(documents) < 2:
        return {}
    because, conflicts = [], []
    for key, what in (("hometown", "hometown"), ("orgs", "organisation"), ("residence", "residence")):
        stated: dict[str, set[str]] = {}
        for c in documents:
            values = c.props.get(key)
            for value in values if isinstance(values, list) else [values] if values else []:
                stated.setdefault(str(value), set()).add(c.doc_id)
        if key == "hometown":
            codes = sorted(stated)
            for i, a in enumerate(codes):
                for b in codes[i + 1:]:
                    if _inside(a, b) or _inside(b, a):
                        stated[a] |= stated[b]
                        stated[b] |= stated[a]
                    else:
                        conflicts.append(f"hometown {a} / {b}")
        because += [f"{what} {value} in {len(docs)} documents" for value, docs in sorted(stated.items())
                    if len(docs) > 1]
    if not because:
        because = ["same name, nothing stated conflicts" if not conflicts else "same name"]
    return {"identity": {"documents": len(documents), "because": because, "conflicts": conflicts}}


def _inside(inner: str, outer: str) -> bool:
    """Whether division code `inner` lies inside (or is) `outer` (350582101 inside 350582, 350500, 350000)."""
    if not (inner.isdigit() and outer.isdigit()):
        return inner == outer
    trimmed = outer
    while len(trimmed) > 2 and trimmed.endswith("00"):
        trimmed = trimmed[:-2]
    return inner.startswith(trimmed)


def _merge_key_by_key(ranked: list[Contribution]) -> dict[str, Any]:
    """Lists united (in rank order, each item once); any other value from the highest-ranked contribution."""
    props: dict[str, Any] = {}
    for c in ranked:
        for key, value in c.props.items():
            if isinstance(value, list) and isinstance(props.get(key), list):
                seen = list(props[key])
                props[key] = seen + [v for v in value if v not in seen]
            else:
                props[key] = list(value) if isinstance(value, list) else value
    return dict(sorted(props.items()))


def shown_name(names: Iterable[str]) -> str:
    """The name an entity is shown by: the one most contributions use, then the longest, then the first in order."""
    counts = Counter(names)
    return min(counts, key=lambda n: (-counts[n], -len(n), n))


def mark_story(entities: Iterable[Any], relations: Iterable[Any], doc_id: str, story: str) -> None:
    """Say in what document `doc_id` states that it is a copy in `story` (see ingest.stories), so
    that the merge counts the story once: in each project's stated stages and each relation's props."""
    if not story or story == doc_id:
        return
    for e in entities:
        if e.label == "Project":
            for step in e.props.get("status_history") or ():
                if isinstance(step, dict) and step.get("doc_id", doc_id) == doc_id:
                    step[STORY] = story
    for r in relations:
        r.props[STORY] = story


def project_links(relations: Iterable[Any]) -> dict[str, dict[str, list[str]]]:
    """Per project id, the investors, places (region codes) and chain links one document's relations state."""
    links: dict[str, dict[str, list[str]]] = {}
    for r in relations:
        if r.type == "INVESTS_IN" and r.tail.startswith("Project:"):
            links.setdefault(r.tail, {}).setdefault("investors", []).append(r.head)
        elif r.type == "LOCATED_IN" and r.head.startswith("Project:") and r.tail.startswith("Region:"):
            links.setdefault(r.head, {}).setdefault("places", []).append(r.tail.split(":", 1)[1])
        elif r.type == "IN_CHAIN" and r.head.startswith("Project:"):
            links.setdefault(r.head, {}).setdefault("chain_links", []).append(r.tail)
    return {p: {k: sorted(set(v)) for k, v in kinds.items()} for p, kinds in links.items()}
