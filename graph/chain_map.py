"""Building the region map of one chain: which projects and enterprises sit in which link and which place.

A query first reads what it needs from the store into a `ChainMap` (one pass over the relations
that tie projects and enterprises to links, places and investors), then answers from it; views,
gaps and candidates all read the same map, so they agree with each other.

How a project attaches to a link (each attachment keeps its evidence and method):
- `in_chain`: an IN_CHAIN relation to `ChainLink:<term>` where the term is one of the link's terms;
- `name`: one of the link's terms appears in the project's name;
- `evidence`: one of the link's terms appears in an evidence sentence of the project's facts or of
  its status history, in the clauses that speak of it (`chain_terms.window`).

How an enterprise attaches: `in_chain` and `name` as above; `states`, a sentence saying what it
makes (a cue such as 生产 or 主营 between its name and the term, in one clause); `project`,
through a project it invests in; `industry`, the chain terms the lexicon lists for a known firm
or an `industry` prop. Words near it in a list never attach it.

Where each entity is comes from `chain_places` (stated place, park, place word in the name,
investor, article). A project named twice, once with a place and once without (盛屯集团碳酸锂新材料
产业项目 and 盛屯碳酸锂电池项目 on one page, by one investor, about one term), is one project: the
unplaced node joins the placed one, with its stages and sentences.
"""
from __future__ import annotations

import gc
import re
from collections import defaultdict
from collections.abc import Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from corpus import ChainDef, Lexicon, load_chains, load_lexicon
from graph.chain_places import Placement, PlaceReader, inferred_places, region_code, stated_places
from graph.chain_status import days_between, project_status
from graph.chain_terms import TermMatcher, clauses, name_core, window_span
from graph.store import GraphStore
from ingest.registry import is_registry_source

MAPPING_TYPES = ("IN_CHAIN", "LOCATED_IN", "INVESTS_IN")
ATTACHED_LABELS = ("Project", "Enterprise")
_NO_REGION: frozenset[str] = frozenset()
# Words between a firm's name and a term that state what the firm makes (主要生产六氟磷酸锂) ...
MAKES = re.compile("生产|主营|主要从事|从事|专注|制造|研发|年产|主要产品|布局")
# ... and words right after a term that say the firm is one that makes it (动力电池企业).
MAKER = re.compile("^.{0,3}?(?:企业|龙头|供应商|厂商|制造商)")


@dataclass
class Attachment:
    """One project or enterprise tied to one link, with how and where it was found."""

    entity_id: str
    link_id: str
    methods: set[str] = field(default_factory=set)
    terms: set[str] = field(default_factory=set)
    evidence: list[dict[str, Any]] = field(default_factory=list)
    _seen: set = field(default_factory=set, repr=False)

    def add(self, method: str, term: str, doc_id: str | None, sentence: str | None) -> None:
        """Record a method, its term ('' for none) and the sentence that shows it."""
        self.methods.add(method)
        if term:
            self.terms.add(term)
        key = (doc_id, sentence)
        if sentence and key not in self._seen:
            self._seen.add(key)
            self.evidence.append({"doc_id": doc_id, "sentence": sentence, "method": method, "term": term})


@dataclass
class ChainMap:
    """What the store says about one chain: attachments per link, places, investors and dates."""

    chain: ChainDef
    entities: dict[str, dict[str, Any]]
    attachments: dict[str, dict[str, Attachment]]  # link id -> entity id -> attachment
    regions: dict[str, frozenset[str]]  # entity id -> region codes
    investors: dict[str, list[str]]  # project id -> enterprise ids
    investments: dict[str, list[str]]  # enterprise id -> project ids
    as_of: str | None  # newest article date in the store (or the date asked for)
    chain_level: dict[str, list[dict[str, Any]]] = field(default_factory=dict)  # IN_CHAIN to Chain:<id>
    placements: dict[str, list[Placement]] = field(default_factory=dict)  # entity id -> how it was placed
    merged: dict[str, list[str]] = field(default_factory=dict)  # project id -> ids of the nodes joined into it
    home: str = ""  # the city code of the home region
    unplaced: frozenset[str] = frozenset()  # projects with no place, from articles of the home region
    in_news: frozenset[str] = frozenset()  # entities an article names (not only a registry row)
    # Memos of facts derived from the map alone, filled on first use: status of each project,
    # and the attached entity ids of each link inside a set of region codes.
    _status: dict[str, tuple[str | None, str | None, str | None, int | None]] = \
        field(default_factory=dict, repr=False)
    _local_ids: dict[frozenset[str], dict[str, tuple[str, ...]]] = field(default_factory=dict, repr=False)

    def project_facts(self, entity_id: str) -> tuple[str | None, str | None, str | None, int | None]:
        """(status, status date, signing date, days from signing to `as_of` while still 签约)."""
        facts = self._status.get(entity_id)
        if facts is None:
            status, status_date, signed = project_status(self.entities[entity_id].get("props") or {})
            days = days_between(signed, self.as_of) if status == "签约" else None
            facts = self._status[entity_id] = (status, status_date, signed, days)
        return facts

    def local_ids(self, link_id: str, codes: frozenset[str] | None) -> tuple[str, ...]:
        """Ids of the entities attached to a link that lie inside `codes` (all when None)."""
        attached = self.attachments.get(link_id, {})
        if codes is None:
            return tuple(attached)
        per_link = self._local_ids.get(codes)
        if per_link is None:
            if len(self._local_ids) >= 64:
                self._local_ids.clear()
            per_link = self._local_ids[codes] = {}
        ids = per_link.get(link_id)
        if ids is None:
            regions = self.regions
            ids = per_link[link_id] = tuple(e for e in attached if not codes.isdisjoint(regions.get(e, _NO_REGION)))
        return ids

    def unplaced_ids(self, link_id: str) -> tuple[str, ...]:
        """Ids of the projects attached to a link that no method places, told by an article of the home region."""
        return tuple(e for e in self.attachments.get(link_id, {}) if e in self.unplaced)

    def is_local(self, entity_id: str, codes: frozenset[str] | None) -> bool:
        """Whether an entity lies inside `codes` (always, when None)."""
        return codes is None or not codes.isdisjoint(self.regions.get(entity_id, _NO_REGION))

    def present_in(self, enterprise_id: str, codes: frozenset[str]) -> bool:
        """Whether a firm is present in a region: placed there, or investing in a project placed there."""
        return self.is_local(enterprise_id, codes) or any(
            self.is_local(p, codes) for p in self.investments.get(enterprise_id, ()))


def newest_document_date(store: GraphStore) -> str | None:
    """The newest article date among the store's documents, or None."""
    dates = [d.get("date") for d in (store.get_document(i) for i in store.document_ids()) if d]
    known = [d for d in dates if d]
    return max(known) if known else None


@contextmanager
def _collector_paused():
    """Pause the cyclic garbage collector while building a map, then restore it.

    A map allocates tens of thousands of small dicts next to a store holding far more objects,
    so the collector would otherwise rescan the whole heap many times (about 40 % of the build
    on 20,000 entities); the map makes no reference cycles, so nothing is left for it to free.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def build_chain_map(store: GraphStore, chain: ChainDef, as_of: str | None = None,
                    chains: Sequence[ChainDef] | None = None, lexicon: Lexicon | None = None,
                    home: str | None = None) -> ChainMap:
    """Read the projects and enterprises of one chain from the store (one pass over the relations)."""
    with _collector_paused():
        return _MapBuilder(store, chain, chains, lexicon, home).build(as_of)


class _MapBuilder:
    """The steps of building one map; each reads what the ones before it gathered."""

    def __init__(self, store: GraphStore, chain: ChainDef, chains: Sequence[ChainDef] | None,
                 lexicon: Lexicon | None, home: str | None) -> None:
        self.store, self.chain = store, chain
        self.chains = load_chains() if chains is None else chains
        self.lexicon = lexicon or load_lexicon()
        self.home = home or self.lexicon.home_city
        self.term_links = chain.term_links()
        self.matcher = TermMatcher.for_chain(chain, self.chains)
        # A bare sector word read as a firm (石油 from 新疆石油公司, 工业) is no enterprise: a name that
        # is, or is part of, a chain's name or term or an industry word.
        sectors = "\n".join({t for c in self.chains for link in c.links for t in link.terms}
                            | {n for c in self.chains for n in c.names} | set(self.lexicon.industries) | {"工业", "商业"})
        self.entities: dict[str, dict[str, Any]] = {}
        for label in ATTACHED_LABELS:
            for e in store.entities(label):
                if label == "Enterprise" and e["name"] in sectors:
                    continue
                self.entities[e["id"]] = e
        self.attachments: dict[str, dict[str, Attachment]] = defaultdict(dict)
        self.investors: dict[str, list[str]] = defaultdict(list)
        self.investments: dict[str, list[str]] = defaultdict(list)
        self.invest_evidence: dict[tuple[str, str], list[dict[str, Any]]] = {}
        self.located: dict[str, list[dict[str, Any]]] = defaultdict(list)
        self.chain_level: dict[str, list[dict[str, Any]]] = defaultdict(list)
        self.sentences: dict[str, list[tuple[str | None, str]]] = defaultdict(list)
        self.docs: dict[str, set[str]] = defaultdict(set)

    def attach(self, entity_id: str, link_id: str) -> Attachment:
        att = self.attachments[link_id].get(entity_id)
        if att is None:
            att = self.attachments[link_id][entity_id] = Attachment(entity_id, link_id)
        return att

    def build(self, as_of: str | None) -> ChainMap:
        self.read_relations()
        self.read_props()
        mentions = self.store.mentions()
        for doc_id, entity_id, _ in mentions:
            if entity_id in self.entities:
                self.docs[entity_id].add(doc_id)
        reader = PlaceReader(self.lexicon, self.home, mentions, _title_reader(self.store))
        placements = stated_places(reader, self.entities, self.located, self.docs)
        merged = self.join_unplaced({e: frozenset(p.code for p in found) for e, found in placements.items()})
        placements.update(inferred_places(reader, self.entities, placements, self.investors, self.invest_evidence,
                                          self.docs))
        regions = {e: frozenset(p.code for p in found) for e, found in placements.items()}
        self.attach_projects()
        self.attach_enterprises()
        unplaced = frozenset(e for e, x in self.entities.items() if x["label"] == "Project" and e not in regions
                             and self.docs.get(e, set()) & reader.local_docs)
        in_news = frozenset(e for e, docs in self.docs.items()
                            if e in self.entities and any(not is_registry_source(d) for d in docs))
        return ChainMap(self.chain, self.entities, dict(self.attachments), regions, dict(self.investors),
                        dict(self.investments), as_of or newest_document_date(self.store), dict(self.chain_level),
                        placements, merged, self.home, unplaced, in_news)

    def read_relations(self) -> None:
        entities, chain_node = self.entities, "Chain:" + self.chain.id
        link_terms: dict[str, str] = {}  # ChainLink entity id -> term of this chain
        for rel in self.store.relations(types=MAPPING_TYPES):
            head, tail, kind = rel["head"], rel["tail"], rel["type"]
            if head not in entities:
                continue
            evidence = rel["evidence"]
            said = [(ev.get("doc_id"), ev["sentence"]) for ev in evidence if ev.get("sentence")]
            target = tail if kind == "INVESTS_IN" else head
            self.docs[target].update(d for d, _ in said if d)
            if kind != "INVESTS_IN":
                self.sentences[head].extend(said)
            if kind == "LOCATED_IN":
                self.located[head].append(rel)
            elif kind == "INVESTS_IN":
                if tail in entities:
                    self.investors[tail].append(head)
                    self.investments[head].append(tail)
                    self.invest_evidence[(head, tail)] = [ev for ev in evidence if ev.get("sentence")]
                    # The sentence describes the project; the investor is tied to the link through the
                    # project, not by the words around its name.
                    self.sentences[tail].extend(said)
            elif kind == "IN_CHAIN":
                if tail == chain_node:
                    self.chain_level[head].extend(evidence)
                    continue
                if not tail.startswith("ChainLink:"):
                    continue
                term = link_terms.get(tail)
                if term is None:
                    term = link_terms[tail] = _chainlink_term(self.store, tail, self.term_links)
                if not term:
                    continue
                att = self.attach(head, self.term_links[term])
                att.methods.add("in_chain")
                att.terms.add(term)
                for ev in evidence:
                    att.add("in_chain", term, ev.get("doc_id"), ev.get("sentence"))

    def read_props(self) -> None:
        for entity_id, e in self.entities.items():
            for step in (e.get("props") or {}).get("status_history") or ():
                if step.get("sentence"):
                    self.sentences[entity_id].append((step.get("doc_id"), step["sentence"]))
                if step.get("doc_id"):
                    self.docs[entity_id].add(step["doc_id"])

    def join_unplaced(self, regions: dict[str, frozenset[str]]) -> dict[str, list[str]]:
        """Join each project no article places to the one placed project it names again (see the module docstring)."""
        placed_by_name: dict[str, list[str]] = defaultdict(list)
        for pid, e in self.entities.items():
            if e["label"] == "Project" and pid in regions:
                placed_by_name[name_core(e["name"])].append(pid)
        merged: dict[str, list[str]] = {}
        for pid, e in list(self.entities.items()):
            if e["label"] != "Project" or pid in regions:
                continue
            same = placed_by_name.get(name_core(e["name"]), [])
            if len(same) != 1:
                same = self._same_investor_and_term(pid, regions)
            if len(same) != 1:
                continue
            target = same[0]
            merged.setdefault(target, []).append(pid)
            self._absorb(target, pid)
        return merged

    def _same_investor_and_term(self, pid: str, regions: dict[str, frozenset[str]]) -> list[str]:
        investors = set(self.investors.get(pid, ()))
        docs = self.docs.get(pid, set())
        terms = {t for t, _ in self.matcher.find(self.entities[pid]["name"])}
        if not investors or not terms or not docs:
            return []
        out = []
        for other in {p for i in investors for p in self.investments.get(i, ())}:
            if other == pid or other not in regions or not docs & self.docs.get(other, set()):
                continue
            if terms & {t for t, _ in self.matcher.find(self.entities[other]["name"])}:
                out.append(other)
        return out

    def _absorb(self, target: str, pid: str) -> None:
        """Move a project's facts onto the project it is joined to, and drop it from the map."""
        old, new = self.entities.pop(pid), self.entities[target]
        props = dict(new.get("props") or {})
        history = list(props.get("status_history") or ()) + list((old.get("props") or {}).get("status_history") or ())
        if history:
            props["status_history"] = history
            props.pop("status", None)  # the furthest stage of the joined history decides
        self.entities[target] = {**new, "props": props}
        self.sentences[target].extend(self.sentences.pop(pid, ()))
        self.docs[target] |= self.docs.pop(pid, set())
        for link in self.attachments.values():
            att = link.pop(pid, None)
            if att is not None:
                into = self.attach(target, att.link_id)
                into.methods |= att.methods
                into.terms |= att.terms
                for ev in att.evidence:
                    into.add(ev["method"], ev["term"], ev.get("doc_id"), ev.get("sentence"))
        for investor in self.investors.pop(pid, ()):
            self.investments[investor] = [target if p == pid else p for p in self.investments[investor]]
            if investor not in self.investors[target]:
                self.investors[target].append(investor)
        if pid in self.chain_level:
            self.chain_level[target].extend(self.chain_level.pop(pid))

    def attach_projects(self) -> None:
        # Which entities each sentence is evidence for: the others bound the part of the sentence
        # that speaks about one of them (see `window_span`).
        about: dict[str, list[str]] = defaultdict(list)
        for entity_id, said in self.sentences.items():
            for _, sentence in dict.fromkeys(said):
                about[sentence].append(entity_id)
        entities, matcher = self.entities, self.matcher
        for entity_id, e in entities.items():
            if e["label"] != "Project":
                continue
            own = list(dict.fromkeys(self.sentences.get(entity_id, ())))
            for term, link_id in matcher.find(e["name"]):
                att = self.attach(entity_id, link_id)
                att.methods.add("name")
                att.terms.add(term)
                for doc_id, sentence in own:
                    if term in sentence:
                        att.add("name", term, doc_id, sentence)
            for doc_id, sentence in own:
                spans = matcher.spans(sentence)
                if not spans:
                    continue
                others = [name_core(entities[o]["name"]) for o in about[sentence] if o != entity_id and o in entities]
                low, high = window_span(sentence, name_core(e["name"]), others)
                for start, stop, term, link_id in spans:
                    if low <= start and stop <= high:
                        self.attach(entity_id, link_id).add("evidence", term, doc_id, sentence)

    def attach_enterprises(self) -> None:
        entities, matcher = self.entities, self.matcher
        project_links: dict[str, list[str]] = defaultdict(list)
        for link_id, attached in self.attachments.items():
            for entity_id in attached:
                if entities[entity_id]["label"] == "Project":
                    project_links[entity_id].append(link_id)
        for entity_id, e in entities.items():
            if e["label"] != "Enterprise":
                continue
            for term, link_id in matcher.find(e["name"]):
                att = self.attach(entity_id, link_id)
                att.methods.add("name")
                att.terms.add(term)
            for doc_id, sentence in dict.fromkeys(self.sentences.get(entity_id, ())):
                for term, link_id in _stated_products(sentence, e["name"], matcher):
                    self.attach(entity_id, link_id).add("states", term, doc_id, sentence)
            for project in dict.fromkeys(self.investments.get(entity_id, ())):
                for link_id in project_links.get(project, ()):
                    src = self.attachments[link_id][project]
                    att = self.attach(entity_id, link_id)
                    att.methods.add("project")
                    att.terms |= src.terms
                    ev = self.invest_evidence.get((entity_id, project)) or src.evidence
                    for item in ev[:1]:
                        att.add("project", "", item.get("doc_id"), item.get("sentence"))
            known = self.lexicon.enterprise_names.get(e["name"])
            industry = [*(known.industry if known else ()), *_as_list((e.get("props") or {}).get("industry"))]
            for text in industry:
                for term, link_id in matcher.find(text):
                    att = self.attach(entity_id, link_id)
                    att.methods.add("industry")
                    att.terms.add(term)


def _title_reader(store: GraphStore):
    """An article's title by id, each read from the store once."""
    titles: dict[str, str | None] = {}

    def title(doc_id: str) -> str | None:
        if doc_id not in titles:
            doc = store.get_document(doc_id)
            titles[doc_id] = doc.get("title") if doc else None
        return titles[doc_id]
    return title


def _as_list(value: Any) -> list[str]:
    if not value:
        return []
    return [str(v) for v in value] if isinstance(value, (list, tuple)) else [str(value)]


def _stated_products(sentence: str, name: str, matcher: TermMatcher) -> list[tuple[str, str]]:
    """(term, link) a sentence states a firm makes: in the clause naming it, after its name and a cue
    word (生产, 主营 ...) or followed by a maker word (企业, 龙头 ...); never when the name is one of a list."""
    out = []
    for clause in clauses(sentence):
        at = clause.find(name)
        if at < 0 or clause[at + len(name):at + len(name) + 1] in ("、", "和", "及", "与"):
            continue
        rest = clause[at + len(name):]
        cue = MAKES.search(rest)
        for start, stop, term, link_id in matcher.spans(rest):
            if "、" in rest[:start]:
                break
            if (cue is not None and cue.start() < start) or MAKER.search(rest[stop:]):
                out.append((term, link_id))
    return out


def _chainlink_term(store: GraphStore, node: str, term_links: dict[str, str]) -> str:
    """The term of this chain a `ChainLink:` entity stands for ('' when it belongs to another chain)."""
    key = node.split(":", 1)[1]
    if key in term_links:
        return key
    entity = store.get_entity(node)
    if entity:
        for name in (entity["name"], *entity.get("aliases", ())):
            if name in term_links:
                return name
    return ""


__all__ = ["Attachment", "ChainMap", "build_chain_map", "newest_document_date", "region_code"]
