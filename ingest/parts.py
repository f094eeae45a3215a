"""Long documents analysed in parts, and texts seen by the recognisers a stretch at a time.

A whole book or a 50 MB dump is cut at line breaks into parts of about a million characters;
the parts' findings are merged with offsets shifted, each relation keeping at most
`MAX_EVIDENCE` pieces of evidence per document and each entity at most `MAX_MENTIONS`
mentions, so memory stays bounded whatever the size.
"""
from __future__ import annotations

from collections import Counter

from ingest.facts import Contribution, merge_props, merge_relation_props
from ingest.model import Document, Entity, Extraction, Relation, Sentence
from ingest.normalise import OffsetMap
from ingest.relations import MAX_EVIDENCE

MAX_MENTIONS = 50


def split_parts(document: Document, size: int):
    """Sub-documents of about `size` characters, cut after a line break, with their offsets in `meta`."""
    text, start = document.text, 0
    while start < len(text):
        end = min(len(text), start + size)
        if end < len(text):
            cut = text.rfind("\n", start + size // 2, end)
            end = cut + 1 if cut > 0 else end
        yield Document(text=text[start:end], title=document.title, date=document.date, source=document.source,
                       url=document.url, kind=document.kind, origin=document.origin, id=document.id,
                       meta={"part_offset": start})
        start = end


def merge_parts(document: Document, parts: list[Extraction]) -> Extraction:
    """One extraction from the extractions of a document's parts (offsets shifted, facts merged)."""
    texts, mentions = [], []
    sentences: list[Sentence] = []
    entities: dict[str, Entity] = {}
    said: dict[str, list[Contribution]] = {}  # what each part says of an entity
    relations: dict[tuple, Relation] = {}
    starts: list[int] = []
    origins: list[int] = []
    per_entity: Counter = Counter()
    shift = 0
    for x in parts:
        original_shift = x.document.meta["part_offset"]
        offsets = x.offsets or OffsetMap()
        starts.extend(a + shift for a in offsets.starts)
        origins.extend(o + original_shift for o in offsets.origins)
        base = len(sentences)
        sentences.extend(Sentence(s.index + base, s.start + shift, s.end + shift, s.text, s.role) for s in x.sentences)
        for m in x.mentions:
            if m.entity_id:
                per_entity[m.entity_id] += 1
                if per_entity[m.entity_id] > MAX_MENTIONS:
                    continue
            m.start += shift
            m.end += shift
            m.sentence += base
            mentions.append(m)
        for e in x.entities:
            said.setdefault(e.id, []).append(Contribution(document.id, document.date, e.props))
            known_entity = entities.get(e.id)
            if known_entity is None:
                entities[e.id] = e
            else:
                known_entity.aliases |= e.aliases
        for r in x.relations:
            for ev in r.evidence:
                ev.start += original_shift
                ev.end += original_shift
            known = relations.get(r.key)
            count = r.props.get("evidence_count", len(r.evidence))
            if known is None:
                relations[r.key] = r
                r.props["evidence_count"] = count
                del r.evidence[MAX_EVIDENCE:]
            else:
                known.props = merge_relation_props([Contribution(document.id, document.date, known.props),
                                                    Contribution(document.id, document.date, r.props | {
                                                        "evidence_count": count})])
                room = MAX_EVIDENCE - len(known.evidence)
                if room > 0:
                    known.evidence.extend(r.evidence[:room])
        texts.append(x.analysed_text)
        shift += len(x.analysed_text)
    for entity_id, parts_said in said.items():
        if len(parts_said) > 1:  # the parts of one document merge as documents do (ingest.facts)
            entity = entities[entity_id]
            entity.props = merge_props(entity.label, parts_said)
    return Extraction(document, "".join(texts), sentences, mentions, list(entities.values()),
                      list(relations.values()), offsets=OffsetMap(starts or [0], origins or [0]))


def chunks(sentences: list[Sentence], size: int):
    """(first, last) sentence indexes of consecutive stretches of about `size` characters."""
    first = 0
    for i, s in enumerate(sentences):
        if s.end - sentences[first].start >= size or i == len(sentences) - 1:
            yield first, i
            first = i + 1
