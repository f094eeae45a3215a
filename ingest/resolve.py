"""Resolving mentions to canonical entities with stable ids."""
from __future__ import annotations

import re

from corpus import Lexicon, RegionEntry
from ingest.facts import Contribution, merge_props, merge_relation_props
from ingest.model import LABELS, Entity, Mention, Relation
from ingest.normalise import to_simplified

LEGAL_SUFFIXES = ("股份有限公司", "有限责任公司", "有限公司", "集团公司", "公司")


# A branch is named by its firm and its place together (中国银行泉州分行, 中国人寿福建分公司).
BRANCH_SUFFIXES = ("分公司", "分行", "支行")


def strip_legal_form(name: str) -> str:
    """An enterprise name without its legal-form suffix (…股份有限公司 -> …); a branch keeps its whole name."""
    if name.endswith(BRANCH_SUFFIXES):
        return name
    for suffix in LEGAL_SUFFIXES:
        if name.endswith(suffix) and len(name) > len(suffix) + 1:
            return name[: -len(suffix)]
    return name


def strip_leading_place(name: str, lexicon: Lexicon) -> str:
    """An enterprise name without a leading place name (泉州利澳纸业 -> 利澳纸业, 福建恒煦实业 -> 恒煦实业).

    A country opens a national firm's own name (中国银行, 中国人寿), and a branch keeps its firm's."""
    if name.endswith(BRANCH_SUFFIXES):
        return name
    for length in range(min(len(name) - 2, 8), 1, -1):
        head, rest = name[:length], name[length:]
        entry = lexicon.resolve_region(head) if head in lexicon.region_names else None
        if entry is not None and entry.level != "country" and len(rest) >= 2 and rest not in lexicon.industries \
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


def resolve_mentions(mentions: list[Mention], lexicon: Lexicon, doc_id: str = "") -> list[Entity]:
    """Canonical entities for the mentions (setting each mention's `entity_id`), one per id.

    An organisation named by its kind alone (`generic`: 联谊会) is one of document `doc_id` only."""
    entities: dict[str, Entity] = {}
    for m in mentions:
        label = LABELS.get(m.type)
        if label is None:
            continue
        if m.type == "REGION":
            entry = lexicon.regions.get(m.canonical) or lexicon.resolve_region(m.text)
            if entry is None:
                # a park, zone or village no table lists: keyed by its name (a park's full
                # name when the text also gives it: the mention's canonical form)
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
            key = f"{name}@{doc_id}" if m.attrs.get("generic") and doc_id else name
            entity = Entity(entity_id(label, key), label, name, {m.text} - {name})
        m.entity_id = entity.id
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
        # A place only inferred (from an association's name) is no stated fact of the person.
        out = [r for r in by_head.get(e.id, []) if "inferred_from" not in r.props]
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


_PHASE = re.compile(r"(?:[一二三四五六七八九十首]|\d+)期(?:工程|项目)?")
_PROJECT_TAIL = re.compile(r"(?:工程)?项目$|工程$")


def project_core(name: str, lexicon: Lexicon) -> str:
    """What identifies a project's name across articles: no leading place, phase or 项目/工程.

    泉港区锂电新材料项目一期, 锂电新材料二期项目 and 锂电新材料项目 all give 锂电新材料; a
    core shorter than two characters gives the whole name back.
    """
    core = to_simplified(re.sub(r"\s+", "", name))
    while True:
        for length in range(min(len(core) - 2, 8), 1, -1):
            if core[:length] in lexicon.region_names:
                core = core[length:]
                break
        else:
            break
    core = _PROJECT_TAIL.sub("", _PHASE.sub("", core))
    return core if len(core) >= 2 else name


def assign_project_ids(entities: list[Entity], mentions: list[Mention], relations: list, lexicon: Lexicon):
    """Key each project by the core of its name and the county it is in, so that name variants in
    different articles (with or without the county in front, 项目, a phase) are one project, and
    projects of one core name in different counties stay apart. Variants in one document merge
    (names kept as aliases); relations renamed onto one project are merged with their evidence.
    """
    county_of: dict[str, str] = {}
    for r in relations:
        if r.type == "LOCATED_IN" and r.head.startswith("Project:") and r.tail.startswith("Region:"):
            county = _county(r.tail.split(":", 1)[1], lexicon)
            if county:
                county_of.setdefault(r.head, min(county, county_of.get(r.head, county)))
    rename: dict[str, str] = {}
    kept: dict[str, Entity] = {}
    out = []
    for e in entities:
        if e.label != "Project":
            out.append(e)
            continue
        county = county_of.get(e.id) or _county_in_name(e.name, lexicon)
        new_id = "Project:" + project_core(e.name, lexicon) + (f"@{county}" if county else "")
        rename[e.id] = new_id
        known = kept.get(new_id)
        if known is None:
            e.id = new_id
            kept[new_id] = e
            out.append(e)
        else:  # a second name of the same project in this document: the longer name leads
            first, second = sorted((known, e), key=lambda p: (-len(p.name), p.name))
            known.aliases |= e.aliases | {first.name, second.name}
            known.props = merge_props("Project", [Contribution("", None, known.props), Contribution("", None, e.props)])
            known.name = first.name
            known.aliases.discard(known.name)
    if not any(old != new for old, new in rename.items()):
        return entities, mentions, relations
    for m in mentions:
        m.entity_id = rename.get(m.entity_id, m.entity_id)
        if m.entity_id in kept:
            m.canonical = kept[m.entity_id].name
    merged: dict[tuple, Relation] = {}
    for r in relations:
        r.head, r.tail = rename.get(r.head, r.head), rename.get(r.tail, r.tail)
        if r.head == r.tail:
            continue
        known_rel = merged.get(r.key)
        if known_rel is None:
            merged[r.key] = r
            continue
        known_rel.props = merge_relation_props([Contribution("", None, known_rel.props),
                                                Contribution("", None, r.props)])
        seen = {(ev.start, ev.end) for ev in known_rel.evidence}
        known_rel.evidence += [ev for ev in r.evidence if (ev.start, ev.end) not in seen]
    return out, mentions, list(merged.values())


def _county(code: str, lexicon: Lexicon) -> str | None:
    """The county (or district, county-level city) a division code lies in, if any."""
    for c in (code, *lexicon.ancestors(code)):
        entry = lexicon.region(c)
        if entry is not None and entry.level == "county":
            return c
    return None


def _county_in_name(name: str, lexicon: Lexicon) -> str | None:
    """The county a project's name opens with (泉港区…, 晋江…), if any."""
    for length in range(min(len(name) - 2, 8), 1, -1):
        entry = lexicon.resolve_region(name[:length]) if name[:length] in lexicon.region_names else None
        if entry is not None:
            return _county(entry.code, lexicon)
    return None


def village_towns(text: str, mentions: list[Mention], lexicon: Lexicon) -> dict[str, tuple[str, Mention, Mention]]:
    """The listed place each village lies in, where the text names it right before the village.

    `晋江市龙湖镇南庄村` puts 南庄村 in 龙湖镇, and `龙湖镇南庄村、衙口村` both villages.
    Returns {village entity id: (region code, the place's mention, the village's mention)};
    a village with no place written against it is left out.
    """
    ending: dict[int, Mention] = {}
    for m in mentions:
        code = m.entity_id.removeprefix("Region:") if m.type == "REGION" and m.entity_id else ""
        entry = lexicon.regions.get(code)
        if entry is not None and entry.level != "country":
            best = ending.get(m.end)
            if best is None or m.start < best.start:
                ending[m.end] = m
    out: dict[str, tuple[str, Mention, Mention]] = {}
    last: tuple[str, Mention, Mention] | None = None
    for m in sorted(mentions, key=lambda m: m.start):
        if m.type != "REGION" or not m.attrs.get("village") or not m.entity_id:
            continue
        place = ending.get(m.start)
        if place is not None and place.sentence == m.sentence:
            last = (place.entity_id.removeprefix("Region:"), place, m)
        elif last is not None and last[2].sentence == m.sentence and text[last[2].end:m.start] in ("、", "和", "及"):
            last = (last[0], last[1], m)
        else:
            last = None
            continue
        out.setdefault(m.entity_id, last)
    return out
