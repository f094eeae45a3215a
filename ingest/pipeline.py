"""The analysis pipeline for one document: normalise -> split -> segment -> recognise -> resolve -> relate."""
from __future__ import annotations

import re
from collections import Counter

from corpus import Lexicon, load_chains, load_lexicon
from ingest.extract import Gazetteer, merge_mentions, recognise_amounts, recognise_known_names
from ingest.layout import normalise_text
from ingest.model import Document, Evidence, Extraction, Mention, Relation, Sentence
from ingest.normalise import split_sentences
from ingest.recognise import (KnownSpans, Vocabulary, recognise_dates, recognise_enterprises, recognise_events,
                              recognise_orgs, recognise_people, recognise_products, recognise_projects,
                              recognise_zones)
from ingest.relations import RelationBuilder, build_relations
from ingest.resolve import assign_person_ids, region_entity, resolve_mentions, strip_legal_form
from ingest.segment import domain_segmenter, is_far_county

# A place name followed by one of these names something else: a party committee (泉州市委), a
# newspaper or website (福建日报, 中国侨网), a slogan (晋江经验, 中国梦, 中国式现代化), a building.
_NOT_A_PLACE_AFTER = ("委", "日报", "晚报", "早报", "商报", "网", "经验", "梦", "式", "馆", "机场", "500强")

# Mention types that may be found inside a longer mention of another type and still count.
_NESTABLE = {"REGION", "ENTERPRISE", "CHAIN", "PROJECT", "ORG"}


class Pipeline:
    """Turns documents into extractions; owns its segmenter and lexicon (no global state)."""

    def __init__(self, lexicon: Lexicon | None = None, engine: str = "rjieba", chains=None) -> None:
        self.lexicon = lexicon or load_lexicon()
        self.chains = load_chains() if chains is None else chains
        self.vocab = Vocabulary.from_lexicon(self.lexicon)
        names: dict[str, tuple[str, str]] = {}
        # Chain terms first: enterprise and region names of the same spelling override them.
        for term, canonical in self.lexicon.industries.items():
            names[term] = ("CHAIN", canonical)
        for chain in self.chains:
            for link in chain.links:
                for term in link.terms:
                    names.setdefault(term, ("CHAIN", term))
            for name in (chain.name, *chain.aliases):
                names[name] = ("CHAIN", "Chain:" + chain.id)
        for entry in self.lexicon.enterprises:
            for name in (entry.name, *entry.aliases):
                if len(name) >= 2:
                    names[name] = ("ENTERPRISE", entry.name)
        self.town_short: dict[str, str] = {}  # town short form -> code; only accepted in context
        self.far_counties: set[str] = set()  # names of counties outside Fujian; accepted in context
        for code, entry in self.lexicon.regions.items():
            # County short forms are ambiguous words (合作, 大关, 集美) outside 泉州; town short
            # forms (码头, 东园) everywhere, so those are kept apart and checked in context.
            short_ok = entry.level not in ("county", "town") or (entry.level == "county" and code.startswith("3505"))
            if entry.level == "town":
                for alias in entry.aliases:
                    if len(alias) >= 2:
                        self.town_short.setdefault(alias, code)
            for name in (entry.name, *(entry.aliases if short_ok else ())):
                if len(name) < 2 or (name in names and names[name][0] != "CHAIN"):
                    continue
                resolved = self.lexicon.resolve_region(name)
                names[name] = ("REGION", resolved.code if resolved else code)
                if is_far_county(entry):
                    self.far_counties.add(name)
        self.gazetteer = Gazetteer(names)
        self.chunk_chars = 20000  # recognisers see this much text at a time (memory stays flat)
        self.part_chars = 1_000_000  # longer documents are analysed in parts of about this size
        self.segmenter = domain_segmenter(self.lexicon, engine=engine)
        # Tag added words by what they name, so rules can tell names (ns, nt) from terms (n).
        for kind, tag in (("CHAIN", "n"), ("REGION", "ns"), ("ENTERPRISE", "nt")):
            self.segmenter.add_words([n for n, (k, _) in names.items() if k == kind and n not in self.far_counties],
                                     tag=tag)

    def analyse(self, document: Document) -> Extraction:
        """Everything this pipeline finds in `document`.

        A very long document (a whole book, a 50 MB dump) is analysed in parts of about
        `part_chars` characters cut at line breaks, and the parts' findings are merged; each
        relation keeps at most `MAX_EVIDENCE` pieces of evidence per document (its
        `evidence_count` prop has the full count) and each entity at most `MAX_MENTIONS`
        mentions, so memory stays bounded whatever the size.
        """
        if len(document.text) <= self.part_chars:
            return self._analyse_whole(document)
        return _merge_parts(document, [self._analyse_whole(part) for part in _parts(document, self.part_chars)])

    def _analyse_whole(self, document: Document) -> Extraction:
        norm = normalise_text(document.text)
        text = norm.text
        sentences = split_sentences(text, norm.lines)
        mentions: list[Mention] = []
        for first, last in _chunks(sentences, self.chunk_chars):
            c0, c1 = sentences[first].start, sentences[last].end
            local = [Sentence(s.index - first, s.start - c0, s.end - c0, s.text, s.role)
                     for s in sentences[first:last + 1]]
            for m in self._recognise(text[c0:c1], local, document.date):
                m.start += c0
                m.end += c0
                m.sentence += first
                mentions.append(m)
        mentions.sort(key=lambda m: (m.start, -m.end))
        entities = resolve_mentions(mentions, self.lexicon)
        entities = _merge_short_project_names(entities, mentions)
        by_id = {e.id: e for e in entities}

        main_region = _main_region(mentions, self.lexicon)
        builder = RelationBuilder(document.id, sentences, norm.offsets.span, document.text)
        project_props: dict[str, dict] = {}
        build_relations(text, sentences, mentions, builder, self.vocab,
                        lambda eid: by_id[eid].props.get("level", "") if eid in by_id else "",
                        main_region, project_props, document.date)
        for eid, props in project_props.items():
            entity = by_id.get(eid)
            if entity is None:
                continue
            entity.props.update(props)
            history = props.get("status_history")
            if history:
                entity.props["status"] = _latest_status(history)
        located: dict[str, str] = {}
        for r in builder.relations.values():
            if r.type == "LOCATED_IN" and r.tail.startswith("Region:"):
                located.setdefault(r.head, r.tail.split(":", 1)[1])
        for e in entities:
            if e.label == "Project":
                e.props.setdefault("date", document.date)
                if e.id in located:
                    e.props.setdefault("region", located[e.id])
        relations = list(builder.relations.values())
        for r in relations:
            for end in (r.head, r.tail):
                if end not in by_id and end.startswith("Region:"):
                    entry = self.lexicon.region(end.split(":", 1)[1])
                    if entry is not None:
                        by_id[end] = region_entity(entry)
        relations = [r for r in relations if r.head in by_id and r.tail in by_id]
        relations += self._region_hierarchy(by_id, document.id)
        entities = list(by_id.values())
        entities, mentions, relations = assign_person_ids(entities, mentions, relations, document.id,
                                                          self.lexicon)
        return Extraction(document, text, sentences, mentions, entities, relations, offsets=norm.offsets)

    def _recognise(self, text: str, sentences: list[Sentence], doc_date: str | None) -> list[Mention]:
        """Mentions in one stretch of text (a document is analysed a stretch at a time)."""
        tokens = self.segmenter.tokens(text)
        starts = tokens.starts
        known_mentions = [m for m in recognise_known_names(text, sentences, self.gazetteer, tokens)
                          if not (m.type == "REGION" and text.startswith(_NOT_A_PLACE_AFTER, m.end))]
        known_mentions = self._far_counties_in_context(text, tokens, known_mentions)
        known_mentions += self._towns_in_context(text, sentences, known_mentions)
        known = KnownSpans([(m.start, m.end) for m in known_mentions], len(text), [m.type for m in known_mentions])
        region_spans = [(m.start, m.end) for m in known_mentions if m.type == "REGION"]
        groups = [
            known_mentions,
            recognise_amounts(text, sentences),
            recognise_projects(text, sentences, tokens, starts, self.vocab, known),
            recognise_events(text, sentences, tokens, starts, self.vocab, known, region_spans),
            recognise_orgs(text, sentences, tokens, starts, self.vocab, known),
            recognise_zones(text, sentences, tokens, starts, self.vocab, known),
            recognise_enterprises(text, sentences, tokens, starts, self.vocab, known),
            recognise_products(text, sentences, tokens, starts, known),  # before people: 牛津布、天鹅绒等品类
            recognise_people(text, sentences, tokens, starts, self.vocab),
            recognise_dates(text, sentences, doc_date),
        ]
        kept = merge_mentions(groups)
        _parks_as_places(text, kept)
        _trim_zone_names(kept)
        return kept + _nested(kept, groups) + self._firms_in_projects(text, kept, sentences) + \
            self._towns_leading_projects(text, kept) + self._chains_in_firm_names(kept)

    def _chains_in_firm_names(self, kept: list[Mention]) -> list[Mention]:
        """Chain terms that end a firm's name after its brand (钜闽机械 -> 机械, 福建炼油化工有限公司 ->
        炼油, 化工): the firm says what trade it is in. Only the run of chain terms closing the name
        counts, and only after a brand of two characters or more (机械有限公司 names no firm)."""
        out = []
        for m in kept:
            if m.type != "ENTERPRISE":
                continue
            name = strip_legal_form(m.text)
            hits = [h for h in self.gazetteer.find(name) if h[2] == "CHAIN"]
            run, end = [], len(name)
            for h in reversed(hits):
                if h[1] != end:
                    break
                run.append(h)
                end = h[0]
            if not run or end < 2:
                continue
            for a, b, _, key in run:
                out.append(Mention("CHAIN", name[a:b], m.start + a, m.start + b, m.sentence, canonical=key,
                                   method="lexicon", confidence=0.6, attrs={"in_firm": True}))
        return out

    def _far_counties_in_context(self, text: str, tokens, known: list[Mention]) -> list[Mention]:
        """`known` without the counties outside Fujian that nothing supports.

        Such a name must start and end where words do, and be long (浦东新区), or follow a place
        above it (上海市青浦区, 江苏省苏州市吴江区), or, at three characters, stand in a list
        beside another place of its province (东城区、西城区). 强产业、兴城市 is a slogan, not
        兴城市 in Liaoning; 城区和矿区 are parts of any city.
        """
        far = [k for k, m in enumerate(known) if m.type == "REGION" and m.text in self.far_counties]
        if not far:
            return known
        bounds = {*tokens.starts, len(text)}
        drop = set()
        for k in far:
            m = known[k]
            if m.start not in bounds or m.end not in bounds:
                drop.add(k)
                continue
            if len(m.text) >= 4:
                continue
            before = known[k - 1] if k > 0 else None
            after = known[k + 1] if k + 1 < len(known) else None
            if before is not None and before.type == "REGION" and before.end == m.start \
                    and before.canonical in self.lexicon.ancestors(m.canonical):
                continue
            province = m.canonical[:2]
            if len(m.text) >= 3 and any(o is not None and o.type == "REGION" and o.canonical[:2] == province
                   and text[min(o.end, m.end):max(o.start, m.start)] in ("、", "和", "及", "与")
                   for o in (before, after)):
                continue
            drop.add(k)
        return [m for k, m in enumerate(known) if k not in drop]

    def _towns_in_context(self, text: str, sentences, known: list[Mention]) -> list[Mention]:
        """Town short forms (金井, 池店) right after their county's name or before 镇/乡."""
        out = []
        for m in known:
            if m.type != "REGION":
                continue
            for length in (3, 2):
                short = text[m.end:m.end + length]
                code = self.town_short.get(short)
                if code and self.lexicon.region(code).parent == m.canonical:
                    out.append(Mention("REGION", short, m.end, m.end + length, m.sentence, canonical=code,
                                       method="lexicon", confidence=0.9))
                    village = re.match(r"[\u3400-\u9fff]{2}村", text[m.end + length:m.end + length + 3])
                    if village:  # 晋江金井溜江村: a village right after its town
                        s = m.end + length
                        out.append(Mention("REGION", village.group(0), s, s + 3, m.sentence, canonical="",
                                           method="rule", confidence=0.6, attrs={"village": True}))
                    break
        return out

    def _towns_leading_projects(self, text: str, kept: list[Mention]) -> list[Mention]:
        """Town short forms opening a project's name (安海五星级酒店 -> 安海镇)."""
        out = []
        for p in kept:
            if p.type != "PROJECT":
                continue
            for length in (3, 2):
                code = self.town_short.get(text[p.start:p.start + length])
                if code and code.startswith("3505"):
                    out.append(Mention("REGION", text[p.start:p.start + length], p.start, p.start + length,
                                       p.sentence, canonical=code, method="lexicon", confidence=0.7))
                    break
        return out

    def _firms_in_projects(self, text: str, kept: list[Mention], sentences) -> list[Mention]:
        """Enterprises named at the start of a project's name (泉州利澳纸业扩建项目 -> 利澳纸业)."""
        import re

        words = self.vocab.alternation("enterprise_word")
        out = []
        firms = [m for m in kept if m.type == "ENTERPRISE"]
        for p in kept:
            if p.type != "PROJECT":
                continue
            pos = p.start
            hit = self.gazetteer.find(text[p.start:p.end])  # names inside the project's name
            if hit and hit[0][0] == 0 and hit[0][2] == "REGION":
                pos = p.start + hit[0][1]
            if any(h[2] == "ENTERPRISE" for h in hit) or any(f.start >= p.start and f.end <= p.end for f in firms):
                continue
            m = re.match(r"([\u3400-\u9fff]{2})(" + words + ")", text[pos:p.end])
            if m and m.end() < p.end - pos and m.group(1) not in self.lexicon.industries:
                out.append(Mention("ENTERPRISE", m.group(0), pos, pos + m.end(), p.sentence,
                                   canonical=m.group(0), method="rule", confidence=0.6))
        return out

    def _region_hierarchy(self, by_id: dict, doc_id: str) -> list[Relation]:
        """PART_OF relations from each region found up to its province (ancestors added as entities)."""
        out = []
        for eid in [e for e in by_id if e.startswith("Region:")]:
            code = eid.split(":", 1)[1]
            child = eid
            for parent in self.lexicon.ancestors(code):
                entry = self.lexicon.region(parent)
                if entry is None:
                    break
                pid = "Region:" + parent
                by_id.setdefault(pid, region_entity(entry))
                out.append(Relation("PART_OF", child, pid, {},
                                    [Evidence(doc_id, "", 0, 0, "lexicon", 1.0)]))
                child = pid
        unique = {r.key: r for r in out}
        return list(unique.values())


# X产业园 followed by 已入驻/进驻 (firms moved in), or after 位于 and before 内, is a park where
# others are, not a project of its own.
_PARK_END = ("产业园", "工业园", "园区", "科技园")
_PARK_AFTER = re.compile(r"(?:[^，。；;]{0,12}[，,])?[^，。；;]{0,6}?(?:已|已经|先后|陆续)?(?:入驻|进驻)")


def _parks_as_places(text: str, kept: list[Mention]) -> None:
    """Turn PROJECT mentions that name a park others are located in into REGION (zone) mentions."""
    for m in kept:
        if m.type != "PROJECT" or not m.text.endswith(_PARK_END):
            continue
        after = text[m.end:m.end + 24]
        before = text[max(0, m.start - 3):m.start]
        if _PARK_AFTER.match(after) or (before.endswith(("位于", "坐落于", "入驻", "进驻")) and after.startswith("内")):
            m.type = "REGION"
            m.canonical = ""
            m.method = "rule"
            m.attrs = {**m.attrs, "zone": True}


def _trim_zone_names(kept: list[Mention]) -> None:
    """Start a park's name where the same stretch of text names it shorter.

    A park's name is found by walking left from its ending, which may take in words before it
    (线上连线直播台商精密机械产业园区); when the text also names the park on its own
    (台商精密机械产业园, 台商精密机械产业园区), that shorter name is where it starts.
    """
    zones = [m for m in kept if m.type == "REGION" and m.attrs.get("zone")]
    if len(zones) < 2:
        return
    names = {m.text for m in zones if len(m.text) >= 5}
    for m in zones:
        best = None
        for name in names:
            k = m.text.find(name)
            if k > 0 and len(m.text) - (k + len(name)) <= 1 and (best is None or k > best):
                best = k
        if best:
            m.text = m.text[best:]
            m.start += best
    # 台商精密机械产业园 and 台商精密机械产业园区 in one text are one park, named in full
    full = {m.text for m in zones}
    for m in zones:
        if m.text + "区" in full:
            m.canonical = m.text + "区"


def _nested(kept: list[Mention], groups: list[list[Mention]]) -> list[Mention]:
    """Mentions lying wholly inside a kept mention of another type (碳酸锂 in a project's name)."""
    kept_ids = {id(m) for m in kept}
    # Only names inside projects count: a place inside an organisation's or an event's name
    # (云南晋江商会, 中国国际投资贸易洽谈会) is not a mention of that place.
    outers: dict[int, list[Mention]] = {}
    for m in kept:
        if m.type in ("PROJECT", "EVENT"):
            outers.setdefault(m.sentence, []).append(m)
    out, seen = [], set()
    if not outers:
        return out
    for group in groups:
        for m in group:
            if id(m) in kept_ids or m.type not in _NESTABLE or (m.start, m.end, m.type) in seen:
                continue
            for o in outers.get(m.sentence, ()):
                if o.type == "EVENT" and m.type != "PROJECT":
                    continue
                if o.start <= m.start and m.end <= o.end and (o.type != m.type or
                                                                (m.type == "PROJECT" and m.start == o.start and m.end < o.end
                                                                 and m.text.endswith("项目"))):
                    # (a second find of the same span is no nested name: two equal spans would
                    # each hide the other from the relation rules)
                    out.append(m)
                    seen.add((m.start, m.end, m.type))
                    break
    return out


MAX_EVIDENCE = 20
MAX_MENTIONS = 50


def _parts(document: Document, size: int):
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


def _merge_parts(document: Document, parts: list[Extraction]) -> Extraction:
    """One extraction from the extractions of a document's parts (offsets shifted, facts merged)."""
    from ingest.layout import OffsetMap

    texts, sentences, mentions = [], [], []
    entities: dict[str, object] = {}
    relations: dict[tuple, Relation] = {}
    starts, origins = [], []
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
            known = entities.get(e.id)
            if known is None:
                entities[e.id] = e
                continue
            known.aliases |= e.aliases
            history = known.props.get("status_history", [])
            for step in e.props.get("status_history", ()):
                if all(h["status"] != step["status"] for h in history):
                    history.append(step)
            for key, value in e.props.items():
                known.props.setdefault(key, value)
            if history:
                known.props["status_history"] = history
                known.props["status"] = _latest_status(history)
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
                known.props["evidence_count"] = known.props.get("evidence_count", 0) + count
                if r.type == "CO_MENTIONED":
                    known.props["weight"] = known.props["evidence_count"]
                room = MAX_EVIDENCE - len(known.evidence)
                if room > 0:
                    known.evidence.extend(r.evidence[:room])
        texts.append(x.analysed_text)
        shift += len(x.analysed_text)
    return Extraction(document, "".join(texts), sentences, mentions, list(entities.values()),
                      list(relations.values()), offsets=OffsetMap(starts or [0], origins or [0]))


def _chunks(sentences: list[Sentence], size: int):
    """(first, last) sentence indexes of consecutive stretches of about `size` characters."""
    first = 0
    for i, s in enumerate(sentences):
        if s.end - sentences[first].start >= size or i == len(sentences) - 1:
            yield first, i
            first = i + 1


def _merge_short_project_names(entities, mentions):
    """One project for a full name and the shorter name used later (晋江国际鞋纺城二期市场, 鞋纺城二期市场)."""
    projects = [e for e in entities if e.label == "Project"]
    rename = {}
    for short in projects:
        longer = [p for p in projects if p is not short and len(short.name) >= 5
                  and p.name.endswith(short.name) and len(p.name) > len(short.name)]
        if longer:
            target = max(longer, key=lambda p: len(p.name))
            rename[short.id] = target.id
            target.aliases.add(short.name)
    if not rename:
        return entities
    for m in mentions:
        if m.entity_id in rename:
            m.entity_id = rename[m.entity_id]
            m.canonical = next(e.name for e in entities if e.id == m.entity_id)
    return [e for e in entities if e.id not in rename]


def _main_region(mentions: list[Mention], lexicon: Lexicon) -> str | None:
    """The region an article is about: its most mentioned city or county (泉州 by default)."""
    counts = Counter(m.entity_id.split(":", 1)[1] for m in mentions if m.type == "REGION" and m.entity_id)
    best = None
    for code, _ in counts.most_common():
        entry = lexicon.region(code)
        if entry is not None and entry.level in ("city", "county"):
            best = code
            break
    return "Region:" + best if best else None


_ORDER = ("签约", "开工", "竣工", "投产", "增资扩产")


def _latest_status(history: list[dict]) -> str:
    """The latest stage reached: by date where dates differ, else by the order of stages."""
    return max(history, key=lambda h: (str(h.get("date") or ""), _ORDER.index(h["status"])))["status"]
