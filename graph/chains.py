"""Chain-gap analysis: which links of an industry chain a region has, lacks or holds only weakly.

Pure functions over the `GraphStore` protocol (entities(), relations(), get_document(), ...), so
they answer the same on every backend. A query first reads what it needs from the store into a
`ChainMap` (one pass over the relations that tie projects and enterprises to links and regions),
then answers from that map; callers that ask several questions may build the map once and pass it.

How a project or enterprise attaches to a link (each attachment keeps its evidence and method):
- `in_chain`: an IN_CHAIN relation to `ChainLink:<term>` where the term is one of the link's terms;
- `name`: one of the link's terms appears in the entity's name;
- `evidence`: one of the link's terms appears in an evidence sentence of the entity's relations
  or of its status history, in the clauses that speak of the entity (see `_window`). The longest
  word wins, and chain names count as words that tie to no link, so 油头—化身—锂电池 does not
  tie a sentence to the link 锂电池, nor 苯乙烯 (another chain's term) to 乙烯.

Status of a link for a region (the region's own code plus every division, town and zone inside it):
- `gap`: no local project or enterprise;
- `weak`: everything local is a project stuck at 签约 — signed more than `stale_days` (default
  180) before the newest article date in the store, with no later stage;
- `strong`: a local project has reached 开工, 竣工, 投产 or 增资扩产, or at least `strong_min`
  (default 3) local enterprises work in the link;
- `present`: anything else (a recent signing, a project of unknown stage, one or two enterprises).
"""
from __future__ import annotations

import gc
import re
from collections import defaultdict
from collections.abc import Iterable, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from corpus import ChainDef, Lexicon, load_chains, load_lexicon
from graph.store import GraphStore
from ingest.errors import LiantuError, NotFoundError

STATUSES = ("gap", "weak", "present", "strong")
STATUS_LABELS = {"gap": "缺失", "weak": "薄弱", "present": "已有", "strong": "较强"}
STAGE_ORDER = {"签约": 1, "开工": 2, "竣工": 3, "投产": 4, "增资扩产": 5}
ADVANCED_STAGES = ("开工", "竣工", "投产", "增资扩产")
DEFAULT_STALE_DAYS = 180
DEFAULT_STRONG_MIN = 3
MAPPING_TYPES = ("IN_CHAIN", "LOCATED_IN", "INVESTS_IN")
ATTACHED_LABELS = ("Project", "Enterprise")
_NO_REGION: frozenset[str] = frozenset()


class ChainQueryError(LiantuError):
    """A chain query got an argument it cannot use."""


# ---- resolving names --------------------------------------------------------------------------

_NAME_NOISE = re.compile(r"[\s\-—–－_·/、]+")


def _name_key(text: str) -> str:
    return _NAME_NOISE.sub("", text).lower()


def find_chain(name: str, chains: Sequence[ChainDef] | None = None) -> ChainDef:
    """The chain called `name` (its id, name or an alias; dashes and spaces ignored).

    Raises NotFoundError listing the chains that exist.
    """
    chains = load_chains() if chains is None else chains
    key = _name_key(name or "")
    for chain in chains:
        if key and key in {_name_key(chain.id), *(_name_key(n) for n in chain.names)}:
            return chain
    known = "; ".join(f"{c.id} ({c.name})" for c in chains)
    raise NotFoundError(f"no chain {name!r}; chains: {known}")


@dataclass(frozen=True)
class RegionScope:
    """A region and every code inside it (counties, towns, zones)."""

    code: str
    name: str
    level: str
    codes: frozenset[str]

    def as_dict(self) -> dict[str, Any]:
        return {"code": self.code, "name": self.name, "level": self.level, "codes": len(self.codes)}


def find_region(name: str, lexicon: Lexicon | None = None) -> RegionScope:
    """The region meant by a name, short form or division code (泉港, 泉港区, 350505), with its scope.

    Raises NotFoundError with close names when nothing matches.
    """
    lexicon = lexicon or load_lexicon()
    text = (name or "").strip()
    entry = lexicon.region(text) or lexicon.resolve_region(text)
    if entry is None:
        close = sorted({e.name for n, codes in lexicon.region_names.items() if text and (text in n or n in text)
                        for e in (lexicon.regions[c] for c in codes) if len(n) >= 2})[:10]
        hint = f"; did you mean {', '.join(close)}?" if close else \
            "; give a name (泉州, 泉港区), a short form (泉港) or a division code (350505)"
        raise NotFoundError(f"no region {name!r}{hint}")
    return RegionScope(entry.code, entry.name, entry.level,
                       frozenset({entry.code, *lexicon.descendants(entry.code)}))


# ---- reading the store ------------------------------------------------------------------------

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
        self.methods.add(method)
        self.terms.add(term)
        key = (doc_id, sentence)
        if sentence and key not in self._seen:
            self._seen.add(key)
            self.evidence.append({"doc_id": doc_id, "sentence": sentence, "method": method, "term": term})


@dataclass
class ChainMap:
    """What the store says about one chain: attachments per link, regions, investors and dates."""

    chain: ChainDef
    entities: dict[str, dict[str, Any]]
    attachments: dict[str, dict[str, Attachment]]  # link id -> entity id -> attachment
    regions: dict[str, frozenset[str]]  # entity id -> region codes
    investors: dict[str, list[str]]  # project id -> enterprise ids
    investments: dict[str, list[str]]  # enterprise id -> project ids
    as_of: str | None  # newest article date in the store (or the date asked for)
    chain_level: dict[str, list[dict[str, Any]]] = field(default_factory=dict)  # IN_CHAIN to Chain:<id>
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
            days = _days_between(signed, self.as_of) if status == "签约" else None
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


class TermMatcher:
    """Finds a chain's terms in text, longest first; ASCII terms (PX, PET) only as whole words."""

    def __init__(self, term_links: dict[str, str], others: Iterable[str] = ()) -> None:
        """`others` are words matched so that the longest wins, then dropped: terms of other chains
        (苯乙烯 is not 乙烯) and chain names (油头—化身—锂电池 is not the link 锂电池)."""
        self.term_links = term_links
        every = set(term_links) | set(others)
        # A quick pattern of this chain's terms only: most text holds none of them, and then the
        # full longest-match scan over every chain's words is skipped.
        own = sorted(term_links, key=len, reverse=True)
        self.quick = re.compile("|".join(map(re.escape, own))) if own else None
        # A plain alternation of literals lets the regex engine skip ahead by first character;
        # boundary checks for ASCII terms would defeat that, so they are done in Python.
        cjk = sorted((t for t in every if not t.isascii()), key=len, reverse=True)
        ascii_terms = sorted((t for t in every if t.isascii()), key=len, reverse=True)
        self.pattern = re.compile("|".join(map(re.escape, cjk))) if cjk else None
        self.ascii = re.compile("|".join(map(re.escape, ascii_terms))) if ascii_terms else None
        self._cache: dict[str, tuple[tuple[int, int, str, str], ...]] = {}

    def find(self, text: str) -> tuple[tuple[str, str], ...]:
        """(term, link id) for each distinct term in `text`."""
        return tuple(dict.fromkeys((term, link) for _, _, term, link in self.spans(text)))

    def spans(self, text: str) -> tuple[tuple[int, int, str, str], ...]:
        """(start, end, term, link id) of each of this chain's terms in `text`, longest leftmost."""
        if not text or self.quick is None:
            return ()
        hit = self._cache.get(text)
        if hit is None:
            hit = self._cache[text] = self._scan(text) if self.quick.search(text) else ()
        return hit

    def _scan(self, text: str) -> tuple[tuple[int, int, str, str], ...]:
        spans = [(m.start(), m.end()) for m in self.pattern.finditer(text)] if self.pattern else []
        if self.ascii is not None:
            for m in self.ascii.finditer(text):
                before = text[m.start() - 1] if m.start() else " "
                after = text[m.end()] if m.end() < len(text) else " "
                if not (before.isascii() and before.isalnum()) and not (after.isascii() and after.isalnum()):
                    spans.append((m.start(), m.end()))
        spans.sort(key=lambda se: (se[0], se[0] - se[1]))
        out = []
        end = -1
        for start, stop in spans:
            if start >= end:  # longest leftmost, no overlaps
                term = text[start:stop]
                if term in self.term_links:
                    out.append((start, stop, term, self.term_links[term]))
                end = stop
        return tuple(out)


def _region_code(entity_id: str) -> str:
    return entity_id.split(":", 1)[1] if entity_id.startswith("Region:") else ""


def newest_document_date(store: GraphStore) -> str | None:
    """The newest article date among the store's documents, or None."""
    dates = [d.get("date") for d in (store.get_document(i) for i in store.document_ids()) if d]
    dates = [d for d in dates if d]
    return max(dates) if dates else None


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
                    chains: Sequence[ChainDef] | None = None) -> ChainMap:
    """Read the projects and enterprises of one chain from the store (one pass over the relations)."""
    with _collector_paused():
        return _build_chain_map(store, chain, as_of, chains)


def _build_chain_map(store: GraphStore, chain: ChainDef, as_of: str | None,
                     chains: Sequence[ChainDef] | None) -> ChainMap:
    chains = load_chains() if chains is None else chains
    term_links = chain.term_links()
    matcher = TermMatcher(term_links, others=[*(n for c in (*chains, chain) for n in c.names),
                                              *(t for c in chains for link in c.links for t in link.terms)])
    entities: dict[str, dict[str, Any]] = {}
    for label in ATTACHED_LABELS:
        for e in store.entities(label):
            entities[e["id"]] = e
    attachments: dict[str, dict[str, Attachment]] = defaultdict(dict)
    regions: dict[str, set[str]] = defaultdict(set)
    investors: dict[str, list[str]] = defaultdict(list)
    investments: dict[str, list[str]] = defaultdict(list)
    chain_level: dict[str, list[dict[str, Any]]] = defaultdict(list)
    sentences: dict[str, list[tuple[str | None, str]]] = defaultdict(list)
    chain_node = "Chain:" + chain.id

    def attach(entity_id: str, link_id: str) -> Attachment:
        att = attachments[link_id].get(entity_id)
        if att is None:
            att = attachments[link_id][entity_id] = Attachment(entity_id, link_id)
        return att

    link_terms: dict[str, str] = {}  # ChainLink entity id -> term of this chain
    for rel in store.relations(types=MAPPING_TYPES):
        head, tail, kind = rel["head"], rel["tail"], rel["type"]
        if head not in entities:
            continue
        evidence = rel["evidence"]
        said = [(ev.get("doc_id"), ev["sentence"]) for ev in evidence if ev.get("sentence")]
        if kind != "INVESTS_IN":
            sentences[head].extend(said)
        if kind == "LOCATED_IN":
            code = _region_code(tail)
            if code:
                regions[head].add(code)
        elif kind == "INVESTS_IN":
            if tail in entities:
                investors[tail].append(head)
                investments[head].append(tail)
                # The sentence describes the project; the investor is tied to the link through the
                # project (see candidates), not as a firm of its home region working in the link.
                sentences[tail].extend(said)
        elif kind == "IN_CHAIN":
            if tail == chain_node:
                chain_level[head].extend(evidence)
                continue
            if not tail.startswith("ChainLink:"):
                continue
            term = link_terms.get(tail)
            if term is None:
                term = _chainlink_term(store, tail, term_links)
                link_terms[tail] = term
            if not term:
                continue
            att = attach(head, term_links[term])
            att.methods.add("in_chain")
            att.terms.add(term)
            for ev in evidence:
                att.add("in_chain", term, ev.get("doc_id"), ev.get("sentence"))

    for entity_id, e in entities.items():
        props = e.get("props") or {}
        if props.get("region"):
            regions[entity_id].add(str(props["region"]))
        for step in props.get("status_history") or ():
            if step.get("sentence"):
                sentences[entity_id].append((step.get("doc_id"), step["sentence"]))
    # Which entities each sentence is evidence for: the others bound the part of the sentence
    # that speaks about one of them (see `_window`).
    about: dict[str, list[str]] = defaultdict(list)
    for entity_id, said in sentences.items():
        for _, sentence in dict.fromkeys(said):
            about[sentence].append(entity_id)

    for entity_id, e in entities.items():
        own = list(dict.fromkeys(sentences.get(entity_id, ())))
        for term, link_id in matcher.find(e["name"]):
            att = attach(entity_id, link_id)
            att.methods.add("name")
            att.terms.add(term)
            for doc_id, sentence in own:
                if term in sentence:
                    att.add("name", term, doc_id, sentence)
        for doc_id, sentence in own:
            spans = matcher.spans(sentence)
            if not spans:
                continue
            others = [_name_core(entities[o]["name"]) for o in about[sentence] if o != entity_id]
            low, high = _window_span(sentence, _name_core(e["name"]), others)
            for start, stop, term, link_id in spans:
                if low <= start and stop <= high:
                    attach(entity_id, link_id).add("evidence", term, doc_id, sentence)

    return ChainMap(chain, entities, dict(attachments), {k: frozenset(v) for k, v in regions.items()},
                    dict(investors), dict(investments), as_of or newest_document_date(store), dict(chain_level))


_CLAUSE_END = re.compile(r"(?<=[，,；;：:。！？!?])")
WINDOW_CLAUSES = 4  # the clause naming an entity and the three after it


def _name_core(name: str) -> str:
    """A name without a trailing 项目/工程, as text often writes it (盛屯碳酸锂电池等一批项目)."""
    for suffix in ("项目", "工程"):
        if name.endswith(suffix) and len(name) - len(suffix) >= 2:
            return name[: -len(suffix)]
    return name


def _window_span(sentence: str, name: str, others: Sequence[str]) -> tuple[int, int]:
    """(start, end) of the part of a sentence that speaks about `name`: from the clause naming it
    (or the start) through at most WINDOW_CLAUSES clauses, stopping before a clause naming another
    entity. A long sentence often lists several projects; a term there belongs to the nearest one.
    """
    clauses = [c for c in _CLAUSE_END.split(sentence) if c]
    offsets, at = [], 0
    for clause in clauses:
        offsets.append(at)
        at += len(clause)
    first = next((i for i, c in enumerate(clauses) if name in c), 0)
    last = first
    for i in range(first + 1, min(first + WINDOW_CLAUSES, len(clauses))):
        if any(o and o in clauses[i] for o in others):
            break
        last = i
    return offsets[first], offsets[last] + len(clauses[last])


def _window(sentence: str, name: str, others: Sequence[str]) -> str:
    """The text of `_window_span`."""
    start, end = _window_span(sentence, name, others)
    return sentence[start:end]


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


# ---- facts about one project or enterprise ------------------------------------------------------

def _days_between(earlier: str | None, later: str | None) -> int | None:
    try:
        return (date.fromisoformat(later[:10]) - date.fromisoformat(earlier[:10])).days
    except (TypeError, ValueError):
        return None


def project_status(props: dict[str, Any]) -> tuple[str | None, str | None, str | None]:
    """(latest status, its date, date of signing) from a project's props."""
    history = [s for s in props.get("status_history") or () if s.get("status")]
    history.sort(key=lambda s: (s.get("date") or "", STAGE_ORDER.get(s["status"], 0)))
    status = props.get("status") or (history[-1]["status"] if history else None)
    status_date = next((s.get("date") for s in reversed(history) if s["status"] == status), None)
    signed = next((s.get("date") for s in history if s["status"] == "签约"), None)
    if status == "签约" and signed is None:
        signed = props.get("date")
    return status, status_date or props.get("date"), signed


def _region_names(codes: Iterable[str], lexicon: Lexicon) -> list[str]:
    out = []
    for code in sorted(codes):
        entry = lexicon.region(code)
        out.append(entry.name if entry else code)
    return out


def _project_row(cmap: ChainMap, att: Attachment, lexicon: Lexicon) -> dict[str, Any]:
    e = cmap.entities[att.entity_id]
    props = e.get("props") or {}
    status, status_date, signed, stale = cmap.project_facts(att.entity_id)
    return {"id": e["id"], "name": e["name"], "kind": "project", "status": status, "status_date": status_date,
            "signed": signed, "days_since_signing": stale,
            "investment_yi": props.get("investment_yi"), "currency": props.get("currency"),
            "investment_text": props.get("investment_text"),
            "regions": _region_names(cmap.regions.get(att.entity_id, ()), lexicon),
            "investors": [cmap.entities[i]["name"] for i in dict.fromkeys(cmap.investors.get(att.entity_id, ()))],
            "found_by": sorted(att.methods), "terms": sorted(att.terms), "evidence": list(att.evidence)}


def _enterprise_row(cmap: ChainMap, att: Attachment, lexicon: Lexicon) -> dict[str, Any]:
    e = cmap.entities[att.entity_id]
    return {"id": e["id"], "name": e["name"], "kind": "enterprise",
            "regions": _region_names(cmap.regions.get(att.entity_id, ()), lexicon),
            "found_by": sorted(att.methods), "terms": sorted(att.terms), "evidence": list(att.evidence)}


def _investment_totals(projects: list[dict[str, Any]]) -> dict[str, float]:
    """Investment summed per currency (亿 of that currency)."""
    totals: dict[str, float] = defaultdict(float)
    for p in projects:
        if isinstance(p.get("investment_yi"), (int, float)):
            totals[p.get("currency") or "CNY"] += float(p["investment_yi"])
    return {cur: round(v, 6) for cur, v in sorted(totals.items())}


# ---- link status ---------------------------------------------------------------------------------

def link_status(projects: list[dict[str, Any]], enterprises: list[dict[str, Any]],
                stale_days: int = DEFAULT_STALE_DAYS, strong_min: int = DEFAULT_STRONG_MIN) -> tuple[str, str]:
    """(status, reason in Chinese) of one link from its local project and enterprise rows."""
    if not projects and not enterprises:
        return "gap", "本地无相关企业或项目"
    advanced = [p for p in projects if p.get("status") in ADVANCED_STAGES]
    if advanced:
        best = max(advanced, key=lambda p: STAGE_ORDER[p["status"]])
        more = f"等{len(advanced)}个项目" if len(advanced) > 1 else ""
        return "strong", f"{best['name']}{more}已{best['status']}"
    if len(enterprises) >= strong_min:
        return "strong", f"本地有{len(enterprises)}家相关企业"
    stale = [p for p in projects if p.get("status") == "签约" and p.get("days_since_signing") is not None
             and p["days_since_signing"] > stale_days]
    if not enterprises and projects and len(stale) == len(projects):
        oldest = max(stale, key=lambda p: p["days_since_signing"])
        return "weak", (f"仅有签约未开工的项目：{oldest['name']}签约已{oldest['days_since_signing']}天"
                        f"（超过{stale_days}天）" + (f"，共{len(stale)}个" if len(stale) > 1 else ""))
    parts = []
    if projects:
        stages = sorted({p.get("status") or "进度不明" for p in projects})
        parts.append(f"{len(projects)}个项目（{'、'.join(stages)}）")
    if enterprises:
        parts.append(f"{len(enterprises)}家企业")
    return "present", "本地有" + "，".join(parts)


def _local(cmap: ChainMap, entity_id: str, scope: RegionScope | None) -> bool:
    return scope is None or not scope.codes.isdisjoint(cmap.regions.get(entity_id, _NO_REGION))


def _link_rows(cmap: ChainMap, link_id: str, scope: RegionScope | None, lexicon: Lexicon, detail: bool = True):
    """Local project and enterprise rows of a link; without `detail`, enterprise rows hold only id and name."""
    projects, enterprises = [], []
    attached, entities = cmap.attachments.get(link_id, {}), cmap.entities
    for entity_id in cmap.local_ids(link_id, scope.codes if scope is not None else None):
        att = attached[entity_id]
        if entities[entity_id]["label"] == "Project":
            projects.append(_project_row(cmap, att, lexicon))
        elif detail:
            enterprises.append(_enterprise_row(cmap, att, lexicon))
        else:
            enterprises.append({"id": entity_id, "name": entities[entity_id]["name"], "evidence": att.evidence})
    projects.sort(key=lambda p: (-STAGE_ORDER.get(p.get("status") or "", 0), -(p.get("investment_yi") or 0), p["name"]))
    enterprises.sort(key=lambda e: (-len(e["evidence"]), e["name"]))
    return projects, enterprises


def _chain_dict(chain: ChainDef) -> dict[str, Any]:
    return {"id": chain.id, "name": chain.name, "aliases": list(chain.aliases), "description": chain.description}


def _prepare(store: GraphStore, chain: str | ChainDef, cmap: ChainMap | None, as_of: str | None,
             chains: Sequence[ChainDef] | None) -> ChainMap:
    chain_def = chain if isinstance(chain, ChainDef) else find_chain(chain, chains)
    if cmap is not None and cmap.chain.id == chain_def.id and (as_of is None or as_of == cmap.as_of):
        return cmap
    if as_of is not None:
        _check_date(as_of)
    return build_chain_map(store, chain_def, as_of, chains)


def _check_date(text: str) -> None:
    try:
        date.fromisoformat(text)
    except ValueError:
        raise ChainQueryError(f"as_of must be a date like 2024-06-20, got {text!r}") from None


def _check_limits(stale_days: int, strong_min: int) -> None:
    if not isinstance(stale_days, int) or stale_days < 0:
        raise ChainQueryError(f"stale_days must be a whole number of days >= 0, got {stale_days!r}")
    if not isinstance(strong_min, int) or strong_min < 1:
        raise ChainQueryError(f"strong_min must be a whole number >= 1, got {strong_min!r}")


# ---- queries ---------------------------------------------------------------------------------------

def list_chains(chains: Sequence[ChainDef] | None = None) -> list[dict[str, Any]]:
    """Every defined chain with its size."""
    chains = load_chains() if chains is None else chains
    return [{**_chain_dict(c), "links": len(c.links), "edges": len(c.edges),
             "stages": {s: sum(1 for link in c.links if link.stage == s) for s in ("上游", "中游", "下游")}}
            for c in chains]


def chain_view(store: GraphStore, chain: str | ChainDef, region: str | None = None, *,
               lexicon: Lexicon | None = None, chains: Sequence[ChainDef] | None = None,
               cmap: ChainMap | None = None, as_of: str | None = None,
               stale_days: int = DEFAULT_STALE_DAYS, strong_min: int = DEFAULT_STRONG_MIN,
               per_link: int | None = None, _detail: bool = True) -> dict[str, Any]:
    """A chain's links upstream first; for a region, each link's local projects and enterprises.

    Without a region every attached project and enterprise in the store is listed. `per_link`
    keeps only the first projects and enterprises of each link (most advanced and largest
    first); status, counts and investment totals still cover all of them.
    """
    _check_limits(stale_days, strong_min)
    if per_link is not None and (not isinstance(per_link, int) or per_link < 1):
        raise ChainQueryError(f"per_link must be a whole number >= 1, got {per_link!r}")
    lexicon = lexicon or load_lexicon()
    scope = find_region(region, lexicon) if region else None
    cmap = _prepare(store, chain, cmap, as_of, chains)
    c = cmap.chain
    links = []
    for position, link in enumerate(c.order(), 1):
        projects, enterprises = _link_rows(cmap, link.id, scope, lexicon, _detail)
        status, reason = link_status(projects, enterprises, stale_days, strong_min)
        links.append({"id": link.id, "name": link.name, "stage": link.stage, "position": position,
                      "upstream": list(c.upstream_of(link.id)), "downstream": list(c.downstream_of(link.id)),
                      "terms": list(link.terms), "gbt4754": list(link.gbt4754),
                      "status": status, "reason": reason, "investment": _investment_totals(projects),
                      "project_count": len(projects), "enterprise_count": len(enterprises),
                      "projects": projects[:per_link], "enterprises": enterprises[:per_link]})
    # Projects and enterprises said to belong to the chain as a whole (IN_CHAIN to Chain:<id>).
    whole = [{"id": eid, "name": cmap.entities[eid]["name"], "label": cmap.entities[eid]["label"],
              "regions": _region_names(cmap.regions.get(eid, ()), lexicon), "evidence": evidence}
             for eid, evidence in sorted(cmap.chain_level.items()) if _local(cmap, eid, scope)]
    return {"chain": _chain_dict(c), "region": scope.as_dict() if scope else None, "as_of": cmap.as_of,
            "stale_days": stale_days, "strong_min": strong_min, "links": links, "chain_level": whole,
            "edges": [{"from": h, "to": t} for h, t in c.edges],
            "feedback": [{"from": h, "to": t} for h, t in c.feedback]}


def chain_gaps(store: GraphStore, chain: str | ChainDef, region: str, **kwargs) -> dict[str, Any]:
    """Per link: gap, weak, present or strong for a region, with the reason and the local counts."""
    view = chain_view(store, chain, region, _detail=False, **kwargs)
    links = [{"id": link["id"], "name": link["name"], "stage": link["stage"], "status": link["status"],
              "label": STATUS_LABELS[link["status"]], "reason": link["reason"],
              "projects": link["project_count"], "enterprises": link["enterprise_count"],
              "investment": link["investment"],
              "examples": [p["name"] for p in link["projects"][:3]] + [e["name"] for e in link["enterprises"][:3]]}
             for link in view["links"]]
    summary = {s: [link["id"] for link in links if link["status"] == s] for s in STATUSES}
    return {"chain": view["chain"], "region": view["region"], "as_of": view["as_of"],
            "stale_days": view["stale_days"], "strong_min": view["strong_min"], "links": links, "summary": summary}


def chain_candidates(store: GraphStore, chain: str | ChainDef, region: str, *, limit: int = 10,
                     lexicon: Lexicon | None = None, chains: Sequence[ChainDef] | None = None,
                     cmap: ChainMap | None = None, as_of: str | None = None,
                     stale_days: int = DEFAULT_STALE_DAYS, strong_min: int = DEFAULT_STRONG_MIN) -> dict[str, Any]:
    """For each gap or weak link, enterprises outside the region tied to it, best first, with why.

    An enterprise is tied to a link directly (IN_CHAIN, name, evidence) or through a project it
    invests in. Ranked by evidence count, then CNY investment, then the latest date seen.
    """
    if not isinstance(limit, int) or limit < 1:
        raise ChainQueryError(f"limit must be a whole number >= 1, got {limit!r}")
    lexicon = lexicon or load_lexicon()
    cmap = _prepare(store, chain, cmap, as_of, chains)
    gaps = chain_gaps(store, cmap.chain, region, lexicon=lexicon, chains=chains, cmap=cmap,
                      stale_days=stale_days, strong_min=strong_min)
    scope = find_region(region, lexicon)
    out = []
    for link in gaps["links"]:
        if link["status"] not in ("gap", "weak"):
            continue
        ranked = _rank_candidates(cmap, link["id"], scope, lexicon)
        out.append({"link": link["id"], "name": link["name"], "stage": link["stage"], "status": link["status"],
                    "reason": link["reason"], "total": len(ranked), "candidates": ranked[:limit]})
    return {"chain": gaps["chain"], "region": gaps["region"], "as_of": gaps["as_of"], "links": out}


def _rank_candidates(cmap: ChainMap, link_id: str, scope: RegionScope, lexicon: Lexicon) -> list[dict[str, Any]]:
    attached = cmap.attachments.get(link_id, {})
    found: dict[str, dict[str, Any]] = {}

    def entry(enterprise_id: str) -> dict[str, Any]:
        if enterprise_id not in found:
            e = cmap.entities[enterprise_id]
            codes = cmap.regions.get(enterprise_id, frozenset())
            found[enterprise_id] = {"id": enterprise_id, "name": e["name"], "regions": _region_names(codes, lexicon),
                                    "evidence_count": 0, "investment_cny_yi": 0.0, "latest": None,
                                    "why": [], "evidence": [], "_seen": set()}
        return found[enterprise_id]

    def add_evidence(c: dict[str, Any], evidence: list[dict[str, Any]]) -> None:
        for ev in evidence:
            key = (ev.get("doc_id"), ev.get("sentence"))
            if key not in c["_seen"]:
                c["_seen"].add(key)
                c["evidence"].append(ev)

    for entity_id, att in attached.items():
        label = cmap.entities[entity_id]["label"]
        if label == "Enterprise":
            if _local(cmap, entity_id, scope):
                continue
            c = entry(entity_id)
            c["why"].append(_why_direct(att))
            add_evidence(c, att.evidence)
        else:
            props = cmap.entities[entity_id].get("props") or {}
            status, status_date, _ = project_status(props)
            where = "、".join(_region_names(cmap.regions.get(entity_id, ()), lexicon)) or "地点不明"
            for investor in dict.fromkeys(cmap.investors.get(entity_id, ())):
                if _local(cmap, investor, scope):
                    continue
                c = entry(investor)
                amount = props.get("investment_text") or _amount_text(props)
                facts = "，".join(x for x in (where, amount, status) if x)
                c["why"].append(f"投资{cmap.entities[entity_id]['name']}（{facts}）")
                add_evidence(c, att.evidence)
                if props.get("currency", "CNY") == "CNY" and isinstance(props.get("investment_yi"), (int, float)):
                    c["investment_cny_yi"] += float(props["investment_yi"])
                for d in (status_date, props.get("date")):
                    if d and (c["latest"] is None or d > c["latest"]):
                        c["latest"] = d
    for c in found.values():
        c["evidence_count"] = len(c["evidence"])
        c["investment_cny_yi"] = round(c["investment_cny_yi"], 6)
        if not c["regions"]:
            c["why"].append("所在地不明")
        del c["_seen"]
    return sorted(found.values(), key=lambda c: (-c["evidence_count"], -c["investment_cny_yi"],
                                                 _negated_date(c["latest"]), c["name"]))


def _negated_date(text: str | None) -> tuple[int, ...]:
    """A sort key putting later dates first and unknown dates last."""
    if not text:
        return (1,)
    return (0, *(-int(x) for x in re.findall(r"\d+", text)[:3]))


def _amount_text(props: dict[str, Any]) -> str:
    value = props.get("investment_yi")
    if not isinstance(value, (int, float)):
        return ""
    return _money({props.get("currency") or "CNY": value})


def _why_direct(att: Attachment) -> str:
    terms = "、".join(sorted(att.terms))
    how = {"in_chain": "抽取到产业链关系", "name": "名称含", "evidence": "报道语句提到"}
    return "；".join(f"{how[m]}“{terms}”" if m != "in_chain" else f"{how[m]}（{terms}）" for m in sorted(att.methods))


def chain_extension(store: GraphStore, chain: str | ChainDef, region: str, *,
                    base: Sequence[str] = ("strong", "present"), **kwargs) -> dict[str, Any]:
    """延链/补链/强链: links next to the region's established links (by chain edges) that it lacks or holds weakly.

    For each such link: its direction from the established link (上游 or 下游) and an action:
    强链 when the link is weak; 补链 when it is a gap between an established upstream and an
    established downstream link; 延链 for any other gap.
    """
    bad = [b for b in base if b not in ("strong", "present")]
    if bad or not base:
        raise ChainQueryError(f"base must be strong and/or present, got {', '.join(base) or 'nothing'}")
    gaps = chain_gaps(store, chain, region, **kwargs)
    status = {link["id"]: link["status"] for link in gaps["links"]}
    names = {link["id"]: link for link in gaps["links"]}
    chain_def = find_chain(gaps["chain"]["id"], kwargs.get("chains"))
    established = {lid for lid, s in status.items() if s in ("strong", "present")}
    suggestions: dict[str, dict[str, Any]] = {}
    for link in chain_def.order():
        if status[link.id] not in base:
            continue
        neighbours = [(t, "下游") for t in chain_def.downstream_of(link.id)] + \
                     [(h, "上游") for h in chain_def.upstream_of(link.id)]
        for other, direction in neighbours:
            if status[other] not in ("gap", "weak"):
                continue
            s = suggestions.get(other)
            if s is None:
                ups = set(chain_def.upstream_of(other)) & established
                downs = set(chain_def.downstream_of(other)) & established
                if status[other] == "weak":
                    action = "强链"
                elif ups and downs:
                    action = "补链"
                else:
                    action = "延链"
                s = suggestions[other] = {"link": other, "name": names[other]["name"], "stage": names[other]["stage"],
                                          "status": status[other], "action": action, "reason": names[other]["reason"],
                                          "from": []}
            s["from"].append({"link": link.id, "name": link.name, "status": status[link.id], "direction": direction})
    order = {link.id: i for i, link in enumerate(chain_def.order())}
    rank = {"补链": 0, "强链": 1, "延链": 2}
    items = sorted(suggestions.values(), key=lambda s: (rank[s["action"]], order[s["link"]]))
    for s in items:
        s["direction"] = "、".join(dict.fromkeys(f["direction"] for f in s["from"]))
    return {"chain": gaps["chain"], "region": gaps["region"], "as_of": gaps["as_of"], "base": list(base),
            "established": sorted(established, key=order.get), "suggestions": items}


def chain_compare(store: GraphStore, chain: str | ChainDef, region_a: str, region_b: str, *,
                  lexicon: Lexicon | None = None, chains: Sequence[ChainDef] | None = None,
                  cmap: ChainMap | None = None, as_of: str | None = None,
                  stale_days: int = DEFAULT_STALE_DAYS, strong_min: int = DEFAULT_STRONG_MIN) -> dict[str, Any]:
    """Two regions side by side over one chain: each link's status, counts and investment in both."""
    lexicon = lexicon or load_lexicon()
    cmap = _prepare(store, chain, cmap, as_of, chains)
    opts = dict(lexicon=lexicon, chains=chains, cmap=cmap, stale_days=stale_days, strong_min=strong_min)
    a = chain_gaps(store, cmap.chain, region_a, **opts)
    b = chain_gaps(store, cmap.chain, region_b, **opts)
    links = []
    for la, lb in zip(a["links"], b["links"]):
        links.append({"id": la["id"], "name": la["name"], "stage": la["stage"],
                      "a": {k: la[k] for k in ("status", "label", "reason", "projects", "enterprises", "investment")},
                      "b": {k: lb[k] for k in ("status", "label", "reason", "projects", "enterprises", "investment")}})
    has = lambda side: side["status"] != "gap"  # noqa: E731
    summary = {"only_a": [x["id"] for x in links if has(x["a"]) and not has(x["b"])],
               "only_b": [x["id"] for x in links if has(x["b"]) and not has(x["a"])],
               "both": [x["id"] for x in links if has(x["a"]) and has(x["b"])],
               "neither": [x["id"] for x in links if not has(x["a"]) and not has(x["b"])]}
    return {"chain": a["chain"], "a": a["region"], "b": b["region"], "as_of": a["as_of"], "links": links,
            "summary": summary}


# ---- flat rows for tables and CSV ---------------------------------------------------------------------

_UNITS = {"CNY": "亿元", "USD": "亿美元", "HKD": "亿港元", "EUR": "亿欧元", "JPY": "亿日元"}


def _money(investment: dict[str, float]) -> str:
    """Amounts per currency as text: {"CNY": 25, "USD": 1.5} -> 25亿元、1.5亿美元."""
    return "、".join(f"{value:g}{_UNITS.get(cur, '亿' + cur)}" for cur, value in investment.items())


def report_rows(kind: str, report: dict[str, Any]) -> tuple[list[str], list[list[str]]]:
    """(header, rows) of a report as a flat table, for the terminal and CSV."""
    if kind == "list":
        return (["id", "名称", "环节数", "上游", "中游", "下游", "别名"],
                [[c["id"], c["name"], str(c["links"]), *(str(c["stages"][s]) for s in ("上游", "中游", "下游")),
                  "、".join(c["aliases"])] for c in report["chains"]])
    if kind == "view":
        rows = []
        for link in report["links"]:
            items = [("项目", p["name"], p.get("status") or "", _money(_investment_totals([p])),
                      "、".join(p["regions"]), _first_sentence(p)) for p in link["projects"]]
            items += [("企业", e["name"], "", "", "、".join(e["regions"]), _first_sentence(e))
                      for e in link["enterprises"]]
            hidden = (link.get("project_count", 0) - len(link["projects"]),
                      link.get("enterprise_count", 0) - len(link["enterprises"]))
            if any(hidden):
                items.append(("…", f"另有{hidden[0]}个项目、{hidden[1]}家企业", "", "", "", ""))
            status = STATUS_LABELS[link["status"]] if report.get("region") else ""
            if not items:
                rows.append([str(link["position"]), link["stage"], link["name"], status, "", "", "", "", "", ""])
            for kind_label, name, st, money, where, sentence in items:
                rows.append([str(link["position"]), link["stage"], link["name"], status, kind_label, name, st,
                             money, where, sentence])
        return (["序", "阶段", "环节", "状态", "类型", "名称", "进度", "投资", "地区", "证据"], rows)
    if kind == "gaps":
        return (["环节", "阶段", "状态", "项目", "企业", "投资", "说明"],
                [[x["name"], x["stage"], x["label"], str(x["projects"]), str(x["enterprises"]),
                  _money(x["investment"]), x["reason"]] for x in report["links"]])
    if kind == "candidates":
        rows = []
        for link in report["links"]:
            if not link["candidates"]:
                rows.append([link["name"], STATUS_LABELS[link["status"]], "", "", "", "", "", "（语料中无外地候选企业）"])
            for i, c in enumerate(link["candidates"], 1):
                rows.append([link["name"], STATUS_LABELS[link["status"]], str(i), c["name"], "、".join(c["regions"]),
                             str(c["evidence_count"]), f"{c['investment_cny_yi']:g}" if c["investment_cny_yi"] else "",
                             "；".join(c["why"])])
        return (["环节", "状态", "名次", "企业", "所在地", "证据数", "投资(亿元)", "理由"], rows)
    if kind == "extend":
        return (["建议", "环节", "阶段", "方向", "依托环节", "现状", "说明"],
                [[s["action"], s["name"], s["stage"], s["direction"],
                  "、".join(f"{f['name']}({STATUS_LABELS[f['status']]})" for f in s["from"]),
                  STATUS_LABELS[s["status"]], s["reason"]] for s in report["suggestions"]])
    if kind == "compare":
        a, b = report["a"]["name"], report["b"]["name"]
        return (["环节", "阶段", f"{a}状态", f"{a}项目/企业", f"{a}投资", f"{b}状态", f"{b}项目/企业", f"{b}投资"],
                [[x["name"], x["stage"], x["a"]["label"], f"{x['a']['projects']}/{x['a']['enterprises']}",
                  _money(x["a"]["investment"]), x["b"]["label"], f"{x['b']['projects']}/{x['b']['enterprises']}",
                  _money(x["b"]["investment"])] for x in report["links"]])
    raise ChainQueryError(f"unknown report kind {kind!r}")


def _first_sentence(row: dict[str, Any]) -> str:
    return row["evidence"][0]["sentence"] if row.get("evidence") else ""


# ---- a long-lived answerer for one store ---------------------------------------------------------------

class ChainAnalyser:
    """Answers chain queries for one store, reusing chain maps and reports until the documents change.

    Building a chain map reads every IN_CHAIN, LOCATED_IN and INVESTS_IN relation; the app keeps one
    analyser so that repeated reports skip that, and an identical repeated request is answered from
    the report computed before. Maps and reports are dropped whenever the set of document ids
    differs from when they were made (ingest adds, replaces or removes documents); writes that add
    no document (bare upserts) are not noticed until the next document change. Reports it returns
    are shared between callers: treat them as read-only.
    """

    def __init__(self, store: GraphStore, chains: Sequence[ChainDef] | None = None,
                 lexicon: Lexicon | None = None) -> None:
        self.store = store
        self.chains = load_chains() if chains is None else tuple(chains)
        self.lexicon = lexicon or load_lexicon()
        self._maps: dict[tuple[str, str | None], tuple[tuple[int, int], ChainMap]] = {}
        self._reports: dict[tuple, tuple[tuple[int, int], dict[str, Any]]] = {}
        self.max_maps = 16  # one per chain, plus a few for reports as of another date
        self.max_reports = 256

    def _token(self) -> tuple[int, int]:
        ids = self.store.document_ids()
        return (len(ids), hash(frozenset(ids)))

    def chain_map(self, chain: str | ChainDef, as_of: str | None = None,
                  token: tuple[int, int] | None = None) -> ChainMap:
        """The map of a chain, built on first use and whenever the documents changed."""
        chain_def = chain if isinstance(chain, ChainDef) else find_chain(chain, self.chains)
        if as_of is not None:
            _check_date(as_of)
        key = (chain_def.id, as_of)
        token = token or self._token()
        hit = self._maps.get(key)
        if hit is not None and hit[0] == token:
            return hit[1]
        cmap = build_chain_map(self.store, chain_def, as_of, self.chains)
        _remember(self._maps, key, (token, cmap), self.max_maps)
        return cmap

    def _answer(self, kind: str, query, chain, as_of, args: tuple, kwargs: dict[str, Any]) -> dict[str, Any]:
        token = self._token()
        chain_def = chain if isinstance(chain, ChainDef) else find_chain(chain, self.chains)
        key = (kind, chain_def.id, as_of, args, tuple(sorted((k, _hashable(v)) for k, v in kwargs.items())))
        hit = self._reports.get(key)
        if hit is not None and hit[0] == token:
            return hit[1]
        cmap = self.chain_map(chain_def, as_of, token)
        report = query(self.store, chain_def, *args, lexicon=self.lexicon, chains=self.chains, cmap=cmap, **kwargs)
        _remember(self._reports, key, (token, report), self.max_reports)
        return report

    def view(self, chain, region=None, *, as_of=None, **kwargs) -> dict[str, Any]:
        return self._answer("view", chain_view, chain, as_of, (region,), kwargs)

    def gaps(self, chain, region, *, as_of=None, **kwargs) -> dict[str, Any]:
        return self._answer("gaps", chain_gaps, chain, as_of, (region,), kwargs)

    def candidates(self, chain, region, *, as_of=None, **kwargs) -> dict[str, Any]:
        return self._answer("candidates", chain_candidates, chain, as_of, (region,), kwargs)

    def extension(self, chain, region, *, as_of=None, **kwargs) -> dict[str, Any]:
        return self._answer("extension", chain_extension, chain, as_of, (region,), kwargs)

    def compare(self, chain, region_a, region_b, *, as_of=None, **kwargs) -> dict[str, Any]:
        return self._answer("compare", chain_compare, chain, as_of, (region_a, region_b), kwargs)


def _hashable(value: Any) -> Any:
    return tuple(value) if isinstance(value, (list, tuple)) else value


def _remember(cache: dict, key, value, limit: int) -> None:
    """Store `value` under `key`, dropping the oldest entries beyond `limit`."""
    cache.pop(key, None)
    while len(cache) >= limit:
        cache.pop(next(iter(cache)))
    cache[key] = value
