"""Resolving mentions to canonical entities with stable ids."""
from __future__ import annotations

import re

from corpus import Lexicon, RegionEntry
from ingest.model import LABELS, Entity, Mention

LEGAL_SUFFIXES = ("股份有限公司", "有限责任公司", "有限公司", "集团公司", "公司")


def strip_legal_form(name: str) -> str:
    """An enterprise name without its legal-form suffix (…股份有限公司 -> …)."""
    for suffix in LEGAL_SUFFIXES:
        if name.endswith(suffix) and len(name) > len(suffix) + 1:
            return name[: -len(suffix)]
    return name


def entity_id(label: str, key: str) -> str:
    """The stable id of an entity: its label and its canonical key (a code or a name)."""
    return label + ":" + re.sub(r"\s+", "", key)


def region_entity(entry: RegionEntry) -> Entity:
    """The Region entity for a lexicon entry, keyed by its division code."""
    return Entity(entity_id("Region", entry.code), "Region", entry.name, set(entry.aliases),
                  {"code": entry.code, "level": entry.level, "parent": entry.parent})


def resolve_mentions(mentions: list[Mention], lexicon: Lexicon) -> list[Entity]:
    """Canonical entities for the mentions (setting each mention's `entity_id`), one per id."""
    entities: dict[str, Entity] = {}
    for m in mentions:
        label = LABELS.get(m.type)
        if label is None:
            continue
        if m.type == "REGION":
            entry = lexicon.regions.get(m.canonical) or lexicon.resolve_region(m.text)
            if entry is None:
                continue
            entity = region_entity(entry)
        elif m.type == "ENTERPRISE":
            known = lexicon.enterprise_names.get(m.canonical) or lexicon.enterprise_names.get(m.text)
            name = known.name if known else strip_legal_form(m.canonical or m.text)
            entity = Entity(entity_id(label, name), label, name, {m.text} - {name},
                            {"region": known.region} if known and known.region else {})
        else:
            name = m.canonical or m.text
            entity = Entity(entity_id(label, name), label, name, {m.text} - {name})
        m.entity_id = entity.id
        m.canonical = entity.name
        if entity.id in entities:
            entities[entity.id].aliases |= entity.aliases
        else:
            entities[entity.id] = entity
    return list(entities.values())
