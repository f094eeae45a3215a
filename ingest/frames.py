"""Investment frames: projects and their facts read clause by clause from role cues.

招商 news states the same few facts (who invests in which project, where, how much, making
what) in a few dozen constructions. Instead of one pattern per construction, a sentence is
read as a run of *frames*: the whole sentence, or each part between `；` or after `：`, or a new
frame from a clause that opens on another firm or project once a project has been named. Each frame collects

- its projects: PROJECT mentions in it, or the project named last before it when it opens on
  a back reference (该项目, 项目建成后 …);
- investors: a firm or person followed, in its clause, by an investor verb (A拟在X投资…,
  由A投资建设) with no other actor between, and the firm after 与 in a signing (与A签约);
- places: the run of places right after a place marker (落户/位于/在/于 …);
- an amount: the first amount right after an amount cue (总投资20亿元);
- products: chain terms after a product cue (年产, 主要生产 …) in a clause that does not say
  what they serve (用于 …);

and gives each of its projects each filler (a frame with no project gives its firm its places
and products). A place heading (`永春县：`) gives its place to the projects of the sentences
after it that name none. The cue words live in `corpus/data/frames.toml`; every function here
is pure: it reads mentions and returns or records facts, and changes none of its inputs.

`find_projects` adds the project names the name-ending recogniser cannot see because they
are known only from the frame: the object of a build or sign verb up to its head noun
(建设锦川永春香产业园项目), and a firm with what it builds (福建金泓新材料有限公司年产5万吨电池级碳酸锂项目).
"""
from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from itertools import pairwise

from corpus.frames import FrameCues
from ingest.amounts import not_one_projects_amount
from ingest.mentions import sentence_index
from ingest.model import Mention, Sentence

_CLAUSE_END = re.compile(r"[，,。；;：:！？!?\n]")
_FRAME_END = "；;。！？!?\n"
_LIST_OPEN = "：:；;"  # a frame closes after a clause ending on these once it has a project or an investor
_CLAUSE_MARKS = "，,；;：:"
_CLAUSE_BREAK = re.compile("[" + re.escape(_CLAUSE_MARKS + _FRAME_END) + "]")
_ACTORS = ("ENTERPRISE", "PERSON", "ORG")
# Quantities, dates and years opening an object (建设2个…, 签约10个项目) are no names.
_QUANTITY = re.compile(r"^(?:\d+(?:\.\d+)?|[一二两三四五六七八九十百千]+)(?:个|家|项|批|大|条|座|栋)")
MAX_NAME = 40


@dataclass
class Frame:
    """One frame's slots, filled as its clauses are read."""

    projects: list[Mention] = field(default_factory=list)
    investors: list[Mention] = field(default_factory=list)
    places: list[Mention] = field(default_factory=list)
    amounts: list[Mention] = field(default_factory=list)
    products: list[Mention] = field(default_factory=list)
    firms: list[Mention] = field(default_factory=list)  # every firm named, for frames with no project
    settles: bool = False  # a 落户/入驻 verb: a frame with no project places its firm
    amount_of_project: Mention | None = None  # an amount in the same clause as a project


# ---------------------------------------------------------------------------- project names
def find_projects(text: str, sentences: list[Sentence], candidates: Iterable[Mention], cues: FrameCues,
                  is_name: Callable[[str, str], bool]) -> list[Mention]:
    """PROJECT mentions known from their frame: objects of build/sign verbs, firms' projects.

    `candidates` are the other recognisers' mentions (firms among them); `is_name(stem, head)`
    says whether a stem before a head noun names one thing rather than a class (重大项目).
    """
    heads = cues.pattern("heads")
    breaks = cues.pattern("object_breaks")
    out: list[Mention] = []

    def name_from(start: int, stem_start: int, lead: str) -> Mention | None:
        """The project whose name starts at `start` and whose stem starts at `stem_start`."""
        clause = _CLAUSE_END.search(text, stem_start)
        limit = min(clause.start() if clause else len(text), stem_start + MAX_NAME)
        head = heads.search(text, stem_start, limit)
        if head is None:
            return None
        stem = text[stem_start:head.start()]
        if breaks.search(stem) or _QUANTITY.match(stem) or not is_name(lead + stem, head.group(0)):
            return None
        end = head.end()
        while True:  # the longest run of heads and phases (产业园项目, 项目(二期))
            more = heads.match(text, end) or re.compile(r"[(（][一二三四五六七八九十\d]+期[)）]|[一二三四]期").match(text, end)
            if more is None or more.end() > limit + 6:
                break
            end = more.end()
        return Mention("PROJECT", text[start:end], start, end, sentence_index(sentences, start),
                       canonical=text[start:end], method="frame", confidence=0.7)

    candidates = list(candidates)
    names = [m for m in candidates if m.type in ("ENTERPRISE", "REGION")]
    openers = cues.pattern("object_openers")
    verbs = cues.pattern("object_verbs")
    not_first = re.compile("|".join(map(re.escape, sorted(
        set(cues.object_verbs) | set(cues.investor_verbs) | set(cues.place_markers), key=len, reverse=True))))
    for verb in verbs.finditer(text):
        stem_start = verb.end()
        opener = openers.match(text, stem_start)
        if opener:
            stem_start = opener.end()
        if not_first.match(text, stem_start):
            continue  # 签约落地项目: a second verb, not a name
        found = name_from(stem_start, stem_start, "")
        if found is None:
            continue
        head = _last_head(found.text, heads)
        stem = found.text[:len(found.text) - len(head)] if head else found.text
        named = any(found.start <= m.start and m.end <= found.end for m in names)
        if len(stem) < 2:
            continue
        if head.startswith(cues.weak_heads) and not head.endswith(("项目", "工程")) and not named:
            continue  # 建设研发中心: a description, not a project's name
        out.append(found)
    acting = re.compile(r"(?:" + "|".join(map(re.escape, cues.together)) + r")?(?:" + not_first.pattern + ")")
    for firm in candidates:
        if firm.type != "ENTERPRISE" or acting.match(text, firm.end):
            continue  # 恒通集团合资建设X项目: the firm acts on the project, whose name starts after the verb
        found = name_from(firm.start, firm.end, firm.text)
        if found is not None and (found.end - firm.end > 2 or found.text.endswith("公司项目")):
            out.append(found)  # 福建嘉士柏股份有限公司项目, not 安踏集团工程
    return out


def _last_head(name: str, heads: re.Pattern) -> str:
    """The run of heads closing `name` (产业园项目 of 锦川永春香产业园项目)."""
    end = len(name)
    start = end
    while True:
        m = next((h for h in heads.finditer(name) if h.end() == start), None)
        if m is None:
            return name[start:end]
        start = m.start()


# ---------------------------------------------------------------------------- frame facts
@dataclass
class FrameFacts:
    """What frames found: (relation type, head mention, tail mention, sentence index)."""

    relations: list[tuple[str, Mention, Mention, int]] = field(default_factory=list)
    # (project, amount, whether the amount stands in the project's own clause)
    amounts: list[tuple[Mention, Mention, bool]] = field(default_factory=list)


def read_frames(text: str, sentences: list[Sentence], mentions: list[Mention], cues: FrameCues,
                region_level: Callable[[str], str]) -> FrameFacts:
    """The facts the frames of every sentence give (see the module's docstring)."""
    facts = FrameFacts()
    by_sentence: dict[int, list[Mention]] = {}
    for m in mentions:
        if m.entity_id or m.type == "AMOUNT":
            by_sentence.setdefault(m.sentence, []).append(m)
    last_project: Mention | None = None
    heading: Mention | None = None
    back = cues.pattern("back_references")
    for sent in sentences:
        if sent.index not in by_sentence and not (last_project is not None and back.search(text, sent.start, sent.end)):
            continue  # nothing to read (most sentences of policy prose)
        ms = sorted(by_sentence.get(sent.index, ()), key=lambda m: (m.start, -m.end))
        top = [m for m in ms if not any(o is not m and o.start <= m.start and m.end <= o.end
                                        and (o.start, o.end) != (m.start, m.end) for o in ms)]
        place_heading = _place_heading(text, sent, top, cues, region_level)
        if place_heading is not None:
            heading = place_heading
        for frame, sentence_index_ in _frames(text, sent, top, cues, region_level, last_project):
            _emit(frame, sentence_index_, facts, heading)
        named = [m for m in top if m.type == "PROJECT"]
        if named:
            last_project = named[-1]
    return facts


def _place_heading(text: str, sent: Sentence, top: list[Mention], cues: FrameCues,
                   region_level: Callable[[str], str]) -> Mention | None:
    """The place a sentence opens as a heading (永春县：一季度12个项目集中签约), if it does."""
    if not top or top[0].type != "REGION" or top[0].start - sent.start > 1:
        return None
    if region_level(top[0].entity_id) not in ("county", "town", "zone", "city"):
        return None
    return top[0] if text.startswith(cues.heading_marks, top[0].end) else None


def _frames(text: str, sent: Sentence, top: list[Mention], cues: FrameCues,
            region_level: Callable[[str], str], last_project: Mention | None):
    """The frames of one sentence with their slots filled, in order."""
    s0, s1 = sent.start, sent.end
    bounds = [s0] + [m.end() for m in _CLAUSE_BREAK.finditer(text, s0, s1)] + [s1]
    frame = Frame()
    for c0, c1 in pairwise(bounds):
        if c1 <= c0:
            continue
        clause = [m for m in top if c0 <= m.start < c1]
        opens_anew = bool(clause) and clause[0].type in ("ENTERPRISE", "PROJECT") \
            and not text[c0:clause[0].start].strip("其中，, ")
        if frame.projects and opens_anew:  # A项目生产X，B项目生产Y / A公司建设X项目，B公司…
            yield frame, sent.index
            frame = Frame()
        _read_clause(text, c0, c1, clause, frame, cues, region_level, last_project, s0)
        if text[c1 - 1] in _LIST_OPEN and (frame.projects or frame.investors):
            yield frame, sent.index
            frame = Frame()
    yield frame, sent.index


# Connectives a clause may open with before it refers back to a project (其中，该项目…).
_LEADING_CONNECTIVES = re.compile(r"^(?:其中|目前|当前|同时|此外|[，,\s])+")


def _read_clause(text: str, c0: int, c1: int, clause: list[Mention], frame: Frame, cues: FrameCues,
                 region_level: Callable[[str], str], last_project: Mention | None, sent_start: int) -> None:
    """Fill `frame`'s slots from one clause."""
    body = text[c0:c1]
    projects = [m for m in clause if m.type == "PROJECT"]
    if not projects and not frame.projects and last_project is not None:
        lead = _LEADING_CONNECTIVES.sub("", body)
        if lead.startswith(cues.back_references) and not lead.startswith(("项目部", "项目办", "项目组")):
            projects = [last_project]
    for p in projects:
        if all(p.entity_id != q.entity_id for q in frame.projects):
            frame.projects.append(p)
    frame.firms += [m for m in clause if m.type == "ENTERPRISE"]

    # Investors: an actor followed by an investor verb with no other actor between; 与A签约.
    for verb in cues.pattern("investor_verbs").finditer(text, c0, c1):
        actor = next((m for m in reversed(clause) if m.end <= verb.start() and m.type in _ACTORS), None)
        if actor is not None and _in_a_list_of_projects(text, actor, verb.start(), clause):
            actor = None  # A项目、B公司C产品、D项目等3个项目签约: the firm names a listed project
        if actor is not None and (actor.type == "ENTERPRISE" or actor.type == "PERSON"
                                  and _subject_of(text, actor, verb.start(), clause)) \
                and not text.startswith(("的", "等"), actor.end) and actor not in frame.investors:
            frame.investors.append(actor)  # a person invests only as the verb's subject (_subject_of)
            together = text.startswith(cues.together, actor.end)  # A与B合资建设: both invest
            frame.investors += [m for m in _listed_before(text, actor, clause, together) if m not in frame.investors]
        for marker in cues.partner_markers:
            k = text.rfind(marker, c0, verb.start())
            if k >= 0:
                for m in clause:
                    if m.type == "ENTERPRISE" and k < m.start and m.end <= verb.start() and m not in frame.investors:
                        frame.investors.append(m)

    # Owners: the firm right after 业主单位为, 投资方为 ….
    for cue in cues.pattern("owner_cues").finditer(text, c0, c1):
        owner = next((m for m in clause if m.type == "ENTERPRISE" and 0 <= m.start - cue.end() <= 1), None)
        if owner is not None and owner not in frame.investors:
            frame.investors.append(owner)

    # Places: the run of places right after a place marker.
    for place_marker in cues.pattern("place_markers").finditer(text, c0, c1):
        run = _run_of_places(text, place_marker.end(), clause, region_level)
        if run and place_marker.group(0) in ("在", "于") and \
                not cues.pattern("frame_verbs").search(text, run[-1].end, min(c1, run[-1].end + 8)):
            continue  # 在北京举行: where something happens, not where a project is
        if run:
            frame.places += [r for r in run if r not in frame.places]
            if place_marker.group(0) not in ("在", "于"):
                frame.settles = True

    # Amount: right after an amount cue.
    for cue in cues.pattern("amount_cues").finditer(text, c0, c1):
        amount = next((m for m in clause if m.type == "AMOUNT" and 0 <= m.start - cue.end() <= 3), None)
        if amount is not None and not re.search(r"[，,、]", text[cue.end():amount.start]) \
                and not not_one_projects_amount(text, sent_start, amount.start):
            frame.amounts.append(amount)
            if projects:
                frame.amount_of_project = amount

    # Products: chain terms after a product cue, unless the clause says what they serve.
    product_cue = cues.pattern("product_cues").search(text, c0, c1)
    if product_cue is not None and not cues.pattern("not_made").search(text, c0, c1):
        frame.products += [m for m in clause if m.type == "CHAIN" and m.start >= product_cue.end()]


# What may stand between a person and the verb they are the subject of: where (在家乡晋江), when
# and how (先后, 再次, 拟, 出资).
_PERSON_TO_VERB = re.compile(r"(?:先后|再次|又|还|已|已经|将|拟|计划|准备|决定|累计|共|出资|回乡|返乡|在|于|到|"
                             r"家乡|故乡|老家|桑梓|[，,])*")


def _subject_of(text: str, person: Mention, verb_at: int, clause: list[Mention]) -> bool:
    """True when a person is the subject of the verb at `verb_at`: nothing but places and words of
    where, when and how stand between them (林某在家乡晋江投资建设…, 林某先后出资兴建…)."""
    if verb_at - person.end <= 2:
        return True
    between = text[person.end:verb_at]
    for m in clause:
        if m.type == "REGION" and person.end <= m.start and m.end <= verb_at:
            between = between.replace(m.text, "", 1)
    return bool(_PERSON_TO_VERB.fullmatch(between))


def _listed_before(text: str, actor: Mention, clause: list[Mention], together: bool = False) -> list[Mention]:
    """The firms listed right before a firm that is a verb's subject (A公司、B公司和C公司签约: A and B;
    with `together`, A与B合资建设: A too)."""
    out: list[Mention] = []
    if actor.type != "ENTERPRISE":
        return out
    glue = ("、", "和", "及", "以及", "与", "同") if together else ("、", "和", "及", "以及")
    at = actor.start
    for m in reversed([m for m in clause if m.end <= actor.start]):
        if m.type != "ENTERPRISE" or text[m.end:at] not in glue:
            break
        out.append(m)
        at = m.start
    return out


def _in_a_list_of_projects(text: str, actor: Mention, verb_at: int, clause: list[Mention]) -> bool:
    """True when a list of projects runs on from `actor` to the verb (…、万友诚信内衣织造、光普特逆变器等
    项目签约): the actor is part of a listed item, not the verb's subject."""
    return any(m.type == "PROJECT" and actor.end <= m.start < verb_at and "、" in text[actor.end:m.start + 1]
               for m in clause)


def _run_of_places(text: str, at: int, clause: list[Mention], region_level: Callable[[str], str]) -> list[Mention]:
    """Places written one after another from `at` (泉港区南埔镇, 惠安县城南工业园区)."""
    run: list[Mention] = []
    pos = at
    for m in clause:
        if m.end <= at:
            continue
        if m.type != "REGION" or m.start - pos > (0 if run else 1):
            break
        if region_level(m.entity_id) != "country":
            run.append(m)
        pos = m.end
    return run


def _emit(frame: Frame, sentence: int, facts: FrameFacts, heading: Mention | None) -> None:
    add = facts.relations.append
    if frame.projects:
        places = frame.places or ([heading] if heading is not None else [])
        for p in frame.projects:
            for inv in frame.investors:
                add(("INVESTS_IN", inv, p, sentence))
            for r in places:
                add(("LOCATED_IN", p, r, sentence))
            for c in frame.products:
                add(("IN_CHAIN", p, c, sentence))
        if len({p.entity_id for p in frame.projects}) == 1 and (frame.amount_of_project or len(frame.amounts) == 1):
            facts.amounts.append((frame.projects[0], frame.amount_of_project or frame.amounts[0],
                                  frame.amount_of_project is not None))
        return
    firms = frame.investors or frame.firms[:1]
    for f in firms:
        if f.type != "ENTERPRISE":
            continue
        if frame.settles:
            for r in frame.places:
                add(("LOCATED_IN", f, r, sentence))
        for c in frame.products:
            add(("IN_CHAIN", f, c, sentence))
