"""Checks every store applies before writing, so that a bad batch is refused as a whole.

Labels and relation types come from fixed allow-lists (graph.model): Neo4j cannot take them
as query parameters, so only these checked names ever appear in a Cypher string.
"""
from __future__ import annotations

from collections.abc import Container, Iterable

from graph.errors import GraphError
from graph.model import NODE_LABELS, RELATION_TYPES
from ingest.model import Entity, Relation

ENTITY_LABELS = tuple(label for label in NODE_LABELS if label != "Document")
FACT_TYPES = tuple(t for t in RELATION_TYPES if t != "MENTIONS")


class InvalidGraphDataError(GraphError, ValueError):
    """An entity or relation cannot be stored as given; nothing of its batch was written."""

    status = 400


def check_entity(e: Entity) -> None:
    """Refuse an entity with an empty id or name, or a label outside the allow-list."""
    if not isinstance(e.id, str) or not e.id or e.id.startswith("Document:"):
        raise InvalidGraphDataError(f"entity {e.id!r}: the id must be a non-empty string not starting "
                                    "with 'Document:'")
    if e.label not in ENTITY_LABELS:
        raise InvalidGraphDataError(f"entity {e.id!r}: unknown label {e.label!r}; "
                                    f"expected one of {', '.join(ENTITY_LABELS)}")
    if not isinstance(e.name, str):
        raise InvalidGraphDataError(f"entity {e.id!r}: the name must be a string")


def check_relation(r: Relation, known: Container) -> None:
    """Refuse a relation of a type outside the allow-list or between unknown entities."""
    if r.type not in FACT_TYPES:
        raise InvalidGraphDataError(f"relation {r.key}: unknown type {r.type!r}; "
                                    f"expected one of {', '.join(FACT_TYPES)}")
    for end in (r.head, r.tail):
        if not isinstance(end, str) or end not in known:
            raise InvalidGraphDataError(f"relation {r.key} refers to unknown entity {end!r}")


def check_batch(entities: Iterable[Entity], relations: Iterable[Relation], known: Container) -> None:
    """Check entities, then relations against `known` plus the batch's own entities."""
    ids = set()
    for e in entities:
        check_entity(e)
        ids.add(e.id)
    both = _Either(ids, known)
    for r in relations:
        check_relation(r, both)


class _Either:
    """`id in it` is true when it is in any of the parts."""

    def __init__(self, *parts) -> None:
        self.parts = parts

    def __contains__(self, item: object) -> bool:
        return any(item in p for p in self.parts)
