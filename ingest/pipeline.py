"""The analysis pipeline for one document: normalise -> split -> segment -> recognise -> resolve -> relate."""
from __future__ import annotations

from collections import Counter

from corpus import Lexicon, load_chains, load_frames, load_lexicon
from ingest.amounts import recognise_amounts
from ingest.dates import recognise_dates
from ingest.donations import read_donations
from ingest.events import recognise_events
from ingest.frames import find_projects, read_frames
from ingest.known import KnownNames
from ingest.memberships import MEMBERSHIP, infer_places
from ingest.mentions import merge_mentions, nested_mentions
from ingest.model import Document, Evidence, Extraction, Mention, Relation, Sentence
from ingest.name_model import NameModel, beside_rules, confirm_names, people_cues, recognise_model_names
from ingest.name_walk import KnownSpans, Vocabulary
from ingest.names_within import located_by_name, mark_places_in_names
from ingest.normalise import normalise_text, split_sentences
from ingest.orgs import recognise_orgs
from ingest.parts import chunks, merge_parts, split_parts
from ingest.people import recognise_people
from ingest.projects import names_one_thing, recognise_projects
from ingest.recognise import (
    parks_as_places,
    recognise_enterprises,
    recognise_products,
    recognise_zones,
    trim_zone_names,
)
from ingest.relations import RelationBuilder, add_park_counties, build_relations, latest_status
from ingest.resolve import assign_person_ids, assign_project_ids, region_entity, resolve_mentions, village_towns
from ingest.roles import read_roles
from ingest.segment import domain_segmenter
from ingest.ventures import read_ventures


class Pipeline:
    """Turns documents into extractions; owns its segmenter and lexicon (no global state)."""

    def __init__(self, lexicon: Lexicon | None = None, engine: str = "rjieba", chains=None,
                 name_model: bool = True) -> None:
        self.lexicon = lexicon or load_lexicon()
        self.chains = load_chains() if chains is None else chains
        self.vocab = Vocabulary.from_lexicon(self.lexicon)
        self.known = KnownNames(self.lexicon, self.chains, self.vocab)
        self.frames = load_frames()
        self.titles = {**{w: "SHAREHOLDER_OF" for w in self.vocab.words("shareholder")},
                       **{w: "MEMBER_OF" for w in self.vocab.words("member")},
                       **{w: "LEADS" for w in self.vocab.words("leader")}}
        self.name_model = NameModel() if name_model else None  # see ingest.name_model
        self.person_cues = people_cues(self.frames.person_cues)
        self.chunk_chars = 20000  # recognisers see this much text at a time (memory stays flat)
        self.part_chars = 1_000_000  # longer documents are analysed in parts of about this size
        self.segmenter = domain_segmenter(self.lexicon, engine=engine)
        # Tag added words by what they name, so rules can tell names (ns, nt) from terms (n).
        for kind, tag in (("CHAIN", "n"), ("REGION", "ns"), ("ENTERPRISE", "nt")):
            self.segmenter.add_words(self.known.segmenter_words(kind), tag=tag)

    def warm(self) -> None:
        """Load what analysis loads lazily, so that forked analysis workers share it."""
        if self.name_model is not None:
            self.name_model.load()

    def analyse(self, document: Document) -> Extraction:
        """Everything this pipeline finds in `document`.

        A very long document (a whole book, a 50 MB dump) is analysed in parts of about
        `part_chars` characters cut at line breaks, and the parts' findings are merged (see
        `ingest.parts`), so memory stays bounded whatever the size.
        """
        if len(document.text) <= self.part_chars:
            return self._analyse_whole(document)
        return merge_parts(document, [self._analyse_whole(part) for part in split_parts(document, self.part_chars)])

    def _analyse_whole(self, document: Document) -> Extraction:
        norm = normalise_text(document.text)
        text = norm.text
        sentences = split_sentences(text, norm.lines)
        mentions: list[Mention] = []
        for first, last in chunks(sentences, self.chunk_chars):
            c0, c1 = sentences[first].start, sentences[last].end
            local = [Sentence(s.index - first, s.start - c0, s.end - c0, s.text, s.role)
                     for s in sentences[first:last + 1]]
            for m in self._recognise(text[c0:c1], local, document.date):
                m.start += c0
                m.end += c0
                m.sentence += first
                mentions.append(m)
        mentions.sort(key=lambda m: (m.start, -m.end))
        entities = resolve_mentions(mentions, self.lexicon, document.id)
        entities = _merge_short_project_names(entities, mentions)
        by_id = {e.id: e for e in entities}

        main_region = _main_region(mentions, self.lexicon)
        builder = RelationBuilder(document.id, sentences, norm.offsets.span, document.text)
        project_props: dict[str, dict] = {}
        build_relations(text, sentences, mentions, builder, self.vocab,
                        lambda eid: by_id[eid].props.get("level", "") if eid in by_id else "",
                        main_region, project_props, document.date)
        level = lambda eid: by_id[eid].props.get("level", "") if eid in by_id else ""  # noqa: E731
        facts = read_frames(text, sentences, mentions, self.frames, level)
        for rel_type, head, tail, sentence in facts.relations:
            builder.add(rel_type, head.entity_id, tail.entity_id, sentence, min(head.start, tail.start),
                        max(head.end, tail.end), "frame", 0.7)
        for rel_type, person, other, sentence, title in read_roles(text, sentences, mentions, self.frames,
                                                                   self.titles, level):
            role_props = {"role": title} if rel_type in ("LEADS", "MEMBER_OF", "SHAREHOLDER_OF") else {}
            builder.add(rel_type, person.entity_id, other.entity_id, sentence, min(person.start, other.start),
                        max(person.end, other.end), "rule", 0.8, **role_props)
            if role_props and title not in person.attrs.setdefault("roles", []):
                person.attrs["roles"].append(title)
        for rel_type, head, tail, sentence in read_ventures(text, mentions, self.frames):
            builder.add(rel_type, head.entity_id, tail.entity_id, sentence, min(head.start, tail.start),
                        max(head.end, tail.end), "frame", 0.7)
        for fact in read_donations(text, sentences, mentions, self.vocab, main_region):
            builder.add(fact.type, fact.head, fact.tail, fact.sentence, fact.start, fact.end, "rule", 0.7, **fact.props)
        for firm, region in located_by_name(mentions):
            builder.add("LOCATED_IN", firm.entity_id, region, firm.sentence, firm.start, firm.end, "name", 0.8)
        for project, amount, own_clause in facts.amounts:  # one in the project's clause is the surer reading
            props = project_props.setdefault(project.entity_id, {})
            if "investment_yi" not in props or own_clause:
                props.update(investment_yi=amount.attrs.get("value_yi"), currency=amount.attrs.get("currency"),
                             investment_text=amount.text)
        for eid, props in project_props.items():
            entity = by_id.get(eid)
            if entity is None:
                continue
            entity.props.update(props)
            history = props.get("status_history")
            if history:
                entity.props["status"] = latest_status(history)
        county = _article_county(mentions, self.lexicon)
        if county and county == main_region:
            self._place_unplaced_projects(mentions, builder, county)
        add_park_counties(builder, self.lexicon)
        located: dict[str, str] = {}
        for r in builder.relations.values():
            if r.type == "LOCATED_IN" and r.tail.startswith("Region:"):
                located.setdefault(r.head, r.tail.split(":", 1)[1])
        for e in entities:
            if e.label == "Project":
                e.props.setdefault("date", document.date)
                if e.id in located:
                    e.props.setdefault("region", located[e.id])
        # A village no table lists lies in the place written before it (晋江市龙湖镇南庄村): the
        # relations reaching it carry that place as `region`, so counts roll up to town and county.
        villages = village_towns(text, mentions, self.lexicon)
        for village, (code, place, m) in villages.items():
            builder.add("PART_OF", village, "Region:" + code, m.sentence, place.start, m.end, "rule", 0.6)
        # Where people live and come from, read from the associations they lead or belong to.
        memberships = [(r.head, r.tail) for r in builder.relations.values()
                       if r.type in MEMBERSHIP and r.head.startswith("Person:") and r.tail.startswith("Org:")]
        org_names = {org: by_id[org].name for _, org in memberships if org in by_id}
        for rel_type, member, region_id, org in infer_places(memberships, org_names, self.lexicon):
            builder.infer(rel_type, member, region_id, [(member, t, org) for t in MEMBERSHIP])
        relations = list(builder.relations.values())
        for r in relations:
            if r.tail in villages and r.type != "PART_OF":
                r.props.setdefault("region", villages[r.tail][0])
            for end in (r.head, r.tail):
                if end not in by_id and end.startswith("Region:"):
                    entry = self.lexicon.region(end.split(":", 1)[1])
                    if entry is not None:
                        by_id[end] = region_entity(entry)
        relations = [r for r in relations if r.head in by_id and r.tail in by_id]
        relations += self._region_hierarchy(by_id, document.id)
        entities = list(by_id.values())
        entities, mentions, relations = assign_project_ids(entities, mentions, relations, self.lexicon)
        entities, mentions, relations = assign_person_ids(entities, mentions, relations, document.id,
                                                          self.lexicon)
        return Extraction(document, text, sentences, mentions, entities, relations, offsets=norm.offsets)

    def _recognise(self, text: str, sentences: list[Sentence], doc_date: str | None) -> list[Mention]:
        """Mentions in one stretch of text (a document is analysed a stretch at a time)."""
        tokens = self.segmenter.tokens(text)
        starts = tokens.starts
        known_mentions = self.known.find(text, sentences, tokens)
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
            recognise_people(text, sentences, tokens, starts, self.vocab, self.segmenter.has_word),
            recognise_dates(text, sentences, doc_date),
        ]
        if self.name_model is not None:
            groups = [confirm_names(text, g, self.name_model) for g in groups]
            groups.append(beside_rules(recognise_model_names(text, sentences, self.name_model, self.person_cues,
                                                             self.vocab.is_person_name, self.vocab.words("org")),
                                       [m for g in groups for m in g], {*starts, *tokens.ends},
                                       self.vocab.words("enterprise_word")))
        groups.append(find_projects(text, sentences, (m for g in groups for m in g), self.frames, names_one_thing))
        mark_places_in_names([m for g in groups for m in g], known_mentions)  # nested firms too
        kept = merge_mentions(groups)
        parks_as_places(text, kept)
        trim_zone_names(kept)
        return kept + nested_mentions(kept, groups) + \
            self.known.firms_in_projects(text, kept, tokens, self.frames.firm_stem_followers, self.segmenter.has_word) + \
            self.known.towns_leading_projects(text, kept) + self.known.chains_in_firm_names(kept)

    @staticmethod
    def _place_unplaced_projects(mentions: list[Mention], builder: RelationBuilder, main_region: str | None) -> None:
        """A project the text places nowhere is in the county the article is about (its dateline or
        its most named place: 本报讯 石狮市…), stated at the project's first mention. An article
        about a whole city says nothing of where in it one project is."""
        if main_region is None:
            return
        placed = {r.head for r in builder.relations.values() if r.type == "LOCATED_IN"}
        for m in mentions:
            if m.type == "PROJECT" and m.entity_id and m.entity_id not in placed:
                builder.add("LOCATED_IN", m.entity_id, main_region, m.sentence, m.start, m.end, "article", 0.5)
                placed.add(m.entity_id)

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


def _article_county(mentions: list[Mention], lexicon: Lexicon) -> str | None:
    """The county an article may be about: the most named one when it is named at least twice
    as often as any other (an article about a whole city names its counties side by side)."""
    counts = Counter(m.entity_id.split(":", 1)[1] for m in mentions if m.type == "REGION" and m.entity_id)
    ranked = [(n, code) for code, n in counts.most_common()
              if (entry := lexicon.region(code)) is not None and entry.level == "county"]
    if not ranked:
        return None
    if len(ranked) > 1 and ranked[0][0] < 2 * ranked[1][0]:
        return None
    return "Region:" + ranked[0][1]


def _main_region(mentions: list[Mention], lexicon: Lexicon) -> str | None:
    """The region an article is about: its most mentioned city or county (None when it names none)."""
    counts = Counter(m.entity_id.split(":", 1)[1] for m in mentions if m.type == "REGION" and m.entity_id)
    best = None
    for code, _ in counts.most_common():
        entry = lexicon.region(code)
        if entry is not None and entry.level in ("city", "county"):
            best = code
            break
    return "Region:" + best if best else None


