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


def strip_leading_place(name: str, lexicon: Lexicon) -> str:
    """An enterprise name without a leading place name (泉州利澳纸业 -> 利澳纸业, 福建恒煦实业 -> 恒煦实业)."""
    for length in range(min(len(name) - 2, 8), 1, -1):
        head, rest = name[:length], name[length:]
        if head in lexicon.region_names and len(rest) >= 2 and rest not in lexicon.industries \
                and not rest.startswith(("市", "省", "县", "区", "(", "（")):
            return rest
    return name


def enterprise_name(surface: str, lexicon: Lexicon) -> tuple[str, str]:
    """(canonical name, home region code) of an enterprise mention."""
    known = lexicon.enterprise_names.get(surface)
    if known:
        return known.name, known.region
    name = strip_legal_form(surface)
    for candidate in (name, strip_leading_place(name, lexicon)):
        known = lexicon.enterprise_names.get(candidate)
        if known:
            return known.name, known.region
    return strip_leading_place(name, lexicon), ""


_CHAIN_WORDS = ("产业集群", "产业链", "产业", "集群")


def chain_term(surface: str, lexicon: Lexicon) -> str:
    """The industry a chain's name speaks of (石化产业 -> 石化, 石油化工 -> 石化).

    产业, 产业链 and 产业集群 after an industry are generic chain words; what is left is spelt
    as the industry list spells it, so a chain and its industry term are one name.
    """
    name = surface
    for word in _CHAIN_WORDS:
        if name.endswith(word) and len(name) - len(word) >= 2:
            name = name[: -len(word)]
            break
    return lexicon.industries.get(name) or name


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
                # a park, zone or village no table lists: keyed by its name (a park's full
                # name when the text also gives it, see pipeline._trim_zone_names)
                name = m.canonical if m.attrs.get("zone") and m.canonical else m.text
                entity = Entity(entity_id(label, name), label, name, set(),
                                {"level": "village" if m.attrs.get("village") else "zone"})
            else:
                entity = region_entity(entry)
        elif m.type == "ENTERPRISE":
            name, region = enterprise_name(m.canonical or m.text, lexicon)
            if len(name) < 2:
                continue
            entity = Entity(entity_id(label, name), label, name, {m.text} - {name},
                            {"region": region} if region else {})
        elif m.type == "CHAIN" and m.canonical.startswith("Chain:"):
            name = chain_term(m.text, lexicon)
            entity = Entity(m.canonical, "Chain", name, {m.text} - {name}, {"chain_id": m.canonical.split(":", 1)[1]})
        else:
            name = m.canonical or m.text
            entity = Entity(entity_id(label, name), label, name, {m.text} - {name})
        m.entity_id = entity.id
        if m.type != "CHAIN" or not m.canonical.startswith("Chain:"):
            m.canonical = entity.name
        else:
            m.canonical = entity.name
        if entity.id in entities:
            entities[entity.id].aliases |= entity.aliases
        else:
            entities[entity.id] = entity
    return list(entities.values())


def assign_person_ids(entities: list[Entity], mentions: list[Mention], relations: list,
                      doc_id: str, lexicon: Lexicon):
    """Give each person the id of their name, with what identifies them in this document as props.

    `Person:<name>` in every document: the same name in several articles is one person unless
    what the articles say conflicts, which the merge of their facts (ingest.facts) records
    beside the reasons it joined them. Hometown (the most specific stated), residence, roles and
    the organisations and firms a person leads, belongs to or holds shares in become props.
    """
    del doc_id  # a person's id no longer depends on the document naming them
    by_head: dict[str, list] = {}
    for r in relations:
        if r.head.startswith("Person:"):
            by_head.setdefault(r.head, []).append(r)
    for e in entities:
        if e.label != "Person":
            continue
        out = by_head.get(e.id, [])
        homes = [r.tail for r in out if r.type == "HOMETOWN"]
        orgs = sorted({r.tail for r in out if r.type in ("LEADS", "MEMBER_OF", "SHAREHOLDER_OF")})
        residence = [r.tail for r in out if r.type == "RESIDES_IN"]
        if homes:
            # the most specific hometown stated: the one deepest in the hierarchy
            home = max(homes, key=lambda t: len(lexicon.ancestors(t.split(":", 1)[1])))
            e.props["hometown"] = home.split(":", 1)[1]
        if residence:
            e.props["residence"] = residence[0].split(":", 1)[1]
        if orgs:
            e.props["orgs"] = orgs
        roles = sorted({str(r.props["role"]) for r in out if r.props.get("role")})
        if roles:
            e.props["roles"] = roles
    return entities, mentions, relations
