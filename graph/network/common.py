"""What every network analytic shares: the labels and relation types it reads, tie weights,
the bounds and defaults of its options, argument checks, and finding the entity a name means."""
from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any, NamedTuple

from graph.errors import GraphError
from graph.model import NODE_LABELS, RELATION_TYPES
from graph.store import GraphStore
from ingest.errors import NotFoundError

SEED = 42
ACTOR_LABELS = ("Person", "Org", "Enterprise")
VENTURE_LABELS = ("Project", "Event")
# The relation types of the 侨商 network: the default for ego networks and paths.
NETWORK_RELATIONS = ("MEMBER_OF", "LEADS", "SHAREHOLDER_OF", "PARTNER_OF", "INVESTS_IN", "DONATES_TO",
                     "ATTENDED", "CO_MENTIONED", "HOMETOWN", "RESIDES_IN")
TIE_RELATIONS = ("MEMBER_OF", "LEADS", "SHAREHOLDER_OF", "PARTNER_OF", "INVESTS_IN", "DONATES_TO")
VENTURE_RELATIONS = ("INVESTS_IN", "DONATES_TO", "ATTENDED")
CONTROL_RELATIONS = ("LEADS", "SHAREHOLDER_OF")  # a person brings what the enterprises they run bring
CO_MENTION_WEIGHT = 0.5
SHARED_VENTURE_WEIGHT = 0.5
MAX_VENTURE_PARTICIPANTS = 30
MAX_HOPS = 4


class Bound(NamedTuple):
    """An option's default and its allowed range (inclusive)."""

    default: int
    low: int
    high: int


# The options of each analytic, used by the functions, the command line and the JSON API alike.
OPTIONS: dict[str, dict[str, Bound]] = {
    "ego": {"hops": Bound(2, 1, MAX_HOPS), "limit": Bound(200, 1, 5000)},
    "paths": {"k": Bound(3, 1, 20), "max_hops": Bound(6, 1, 10)},
    "brokers": {"limit": Bound(20, 1, 1000)},
    "communities": {"min_size": Bound(2, 1, 100000), "limit": Bound(20, 1, 10000), "top": Bound(5, 1, 100)},
    "flows": {"limit": Bound(20, 1, 100000)},
    "countries": {"top": Bound(5, 1, 100)},
}


def default(analytic: str, option: str) -> int:
    """The default of one option of one analytic."""
    return OPTIONS[analytic][option].default


class NetworkQueryError(GraphError):
    """A network query was asked with invalid arguments (unknown type, hops out of range)."""

    status = 400


@dataclass
class Resolved:
    """An entity found for a name: the best match and the other candidates."""

    query: str
    entity: dict[str, Any]
    alternatives: list[dict[str, Any]] = field(default_factory=list)
    ambiguous: bool = False

    def as_dict(self) -> dict[str, Any]:
        return {"query": self.query, "entity": brief(self.entity), "ambiguous": self.ambiguous,
                "alternatives": [brief(a) for a in self.alternatives]}


def brief(entity: dict[str, Any]) -> dict[str, Any]:
    """The id, label and name of an entity dict, for listings."""
    return {"id": entity["id"], "label": entity["label"], "name": entity["name"]}


def resolve_entity(store: GraphStore, text: str, labels: Sequence[str] | None = ACTOR_LABELS,
                   alternatives: int = 8) -> Resolved:
    """The entity `text` names: an id, else a name or alias.

    Exact names beat exact aliases, which beat partial matches; within each, entities with one of
    `labels` (people, orgs, enterprises) come first, then the store's own order. Raises
    NotFoundError when nothing matches.
    """
    text = (text or "").strip()
    if not text:
        raise NetworkQueryError("an entity name or id is required")
    entity = store.get_entity(text)
    if entity is not None:
        return Resolved(text, entity)
    preferred = store.find_entities(text, labels=labels, limit=alternatives + 1) if labels else []
    seen = {h["id"] for h in preferred}
    hits = preferred + [h for h in store.find_entities(text, limit=alternatives + 1) if h["id"] not in seen]
    if not hits:
        raise NotFoundError(f"no entity named {text!r}: no id, name or alias matches it")

    def exactness(h):
        return 0 if h["name"] == text else 1 if text in h.get("aliases", ()) else 2

    # A stable sort, so that backends ranking partial matches differently still agree on the best.
    hits.sort(key=lambda h: (exactness(h), 0 if h["id"] in seen else 1))
    exact = [h for h in hits if exactness(h) < 2]
    ambiguous = len(exact) > 1 or (not exact and len(hits) > 1)
    return Resolved(text, hits[0], hits[1:alternatives + 1], ambiguous)


def check_labels(labels: Sequence[str] | None) -> list[str] | None:
    """The entity types asked for, spelled as the graph spells them (any case accepted)."""
    if not labels:
        return None
    known = {x.lower(): x for x in NODE_LABELS}
    labels = [known.get(x.lower(), x) for x in labels]
    bad = [x for x in labels if x not in NODE_LABELS or x == "Document"]
    if bad:
        raise NetworkQueryError(f"unknown entity type(s) {', '.join(bad)}; choose from "
                                f"{', '.join(x for x in NODE_LABELS if x != 'Document')}")
    return list(dict.fromkeys(labels))


def check_relations(relations: Sequence[str] | None) -> list[str] | None:
    """The relation types asked for: the network's by default, every type for `all`."""
    if not relations:
        return list(NETWORK_RELATIONS)
    if any(x.lower() == "all" for x in relations):
        return None
    relations = [x.upper() for x in relations]
    bad = [x for x in relations if x not in RELATION_TYPES or x == "MENTIONS"]
    if bad:
        raise NetworkQueryError(f"unknown relation type(s) {', '.join(bad)}; choose from "
                                f"{', '.join(x for x in RELATION_TYPES if x != 'MENTIONS')} or all")
    return list(dict.fromkeys(relations))


def check_option(analytic: str, name: str, value: int) -> int:
    """`value` when it is a whole number within the bounds of the option; NetworkQueryError otherwise."""
    _, low, high = OPTIONS[analytic][name]
    if not isinstance(value, int) or isinstance(value, bool) or not low <= value <= high:
        raise NetworkQueryError(f"{name} must be an integer between {low} and {high}, got {value!r}")
    return value


def evidence_weight(relation: dict[str, Any]) -> int:
    """How many pieces of evidence support a relation (at least 1)."""
    count = relation.get("evidence_count")
    return max(1, len(relation.get("evidence") or ()) if count is None else count)


def sorted_evidence(evidence: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
    """Evidence in one order whatever the backend: by document, then position."""
    return sorted(evidence, key=lambda ev: (ev.get("doc_id") or "", ev.get("start") or 0, ev.get("end") or 0))


def weigh_edges(edges: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Edges with their evidence count as `weight` and their evidence in a fixed order."""
    return [{**e, "evidence": sorted_evidence(e.get("evidence") or ()), "weight": evidence_weight(e)}
            for e in edges]
