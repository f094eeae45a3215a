"""People's ties read from the constructions 侨商 news names them in, with cues from
`corpus/data/frames.toml` ([roles]) and titles from `corpus/data/terms.tsv`:

- **title lists** after a body or firm: `菲华商联总会理事长张昭和，副理事长叶芳枫、吕安盾` gives
  LEADS for the first and MEMBER_OF for the others; each person takes the title written last
  before them, and a list glued by 、/和/及 shares it. A title opening with 副 makes a member.
- **hometown marks** between places and people: `永春县东关籍乡贤雷永南`, `晋江龙湖镇南庄村乡贤
  施远迎、施文立、施文克` give HOMETOWN for each place and each listed person.
- **founders**: `雷永南创办的深圳市高宇实业有限公司` gives LEADS.

Pure: `read_roles` returns (type, person, other, sentence, title) facts and changes nothing.
"""
from __future__ import annotations

import re
from collections.abc import Callable, Iterable

from corpus.frames import FrameCues
from ingest.model import Mention, Sentence

_BODIES = ("ORG", "ENTERPRISE")
MAX_TITLE_RUN = 14  # characters between a body (or the last person) and a title-and-name after it
# A body's part before a title (战略发展部总经理): its head is a member of the body.
_DEPARTMENT = re.compile(r"(?:部|处|科|室|中心)(?:[(（][^()（）]{0,6}[)）])?$")


def read_roles(text: str, sentences: list[Sentence], mentions: Iterable[Mention], cues: FrameCues,
               titles: dict[str, str], region_level: Callable[[str], str]) -> list[tuple[str, Mention, Mention, int, str]]:
    """Facts (type, person, other, sentence, title or cue) from title lists, hometown marks and
    founders; `titles` maps each title to the relation it makes (terms.tsv: leader, member,
    shareholder)."""
    title_re = re.compile("|".join(map(re.escape, sorted(titles, key=len, reverse=True)))) if titles else None
    glue = set(cues.person_glue)
    by_sentence: dict[int, list[Mention]] = {}
    for m in mentions:
        if m.entity_id and m.type in ("ORG", "ENTERPRISE", "PERSON", "REGION"):
            by_sentence.setdefault(m.sentence, []).append(m)
    facts: list[tuple[str, Mention, Mention, int, str]] = []
    for index, ms in by_sentence.items():
        if not any(m.type == "PERSON" for m in ms):
            continue
        ms.sort(key=lambda m: (m.start, -m.end))
        top = [m for m in ms if not any(o is not m and o.start <= m.start and m.end <= o.end
                                        and (o.end - o.start) > (m.end - m.start) for o in ms)]
        if title_re is not None:
            facts += _title_lists(text, top, title_re, titles, glue, cues, index)
        facts += _hometowns(text, top, cues, glue, region_level, index)
        facts += _home_words(text, top, cues, region_level, index)
        facts += _founders(text, top, cues, index)
        if title_re is not None:
            facts += _appointments(text, top, cues, title_re, titles, index)
            facts += _appointed_to_the_body_before(text, top, cues, title_re, titles, index)
    return facts


def _title_lists(text, top, title_re, titles, glue, cues, index):
    """Each person after a body with the title written last before them (or shared through 、)."""
    out = []
    body, title, rel, prev_end = None, None, "", 0
    for m in top:
        if m.type in _BODIES:
            body, title, prev_end = m, None, m.end
            continue
        if m.type != "PERSON" or body is None:
            continue
        between = text[prev_end:m.start]
        found = title_re.findall(between) if len(between) <= MAX_TITLE_RUN else []
        if found and not re.search(r"[。；;：:]", between) and (title is not None or not re.search(r"[，,]", between)):
            word = found[-1]
            k = between.rfind(word)
            title = "副" + word if between[k - 1:k] == "副" and not word.startswith("副") else word
            rel = titles.get(word, "LEADS")
            honour = next((h for h in cues.honorary_prefixes if between[:k].endswith(h)), "")
            title = honour + title
            if rel == "LEADS" and (title.startswith("副") or honour or _DEPARTMENT.search(between[:k])):
                rel = "MEMBER_OF"  # 副理事长, 名誉会长; 蚂蚁集团战略发展部总经理 heads a department, a member of the firm
        elif title is None or between not in glue:
            title, prev_end = None, m.end
            continue
        out.append((rel, m, body, index, title))
        prev_end = m.end
    return out


def _hometowns(text, top, cues, glue, region_level, index):
    out = []
    marks = cues.pattern("hometown_marks")
    nouns = cues.pattern("hometown_nouns")
    for i, m in enumerate(top):
        if m.type != "REGION" or region_level(m.entity_id) == "country":
            continue
        run = [m]
        j = i + 1
        while j < len(top) and top[j].type == "REGION" and top[j].start - run[-1].end <= 0:
            run.append(top[j])
            j += 1
        if run[0] is not m or (i > 0 and top[i - 1].type == "REGION" and m.start - top[i - 1].end <= 0):
            continue  # only the first place of a run starts one
        mark = marks.match(text, run[-1].end) or nouns.match(text, run[-1].end)
        if mark is None:
            continue
        if j < len(top) and top[j].type == "PERSON" and top[j].start - mark.end() <= 2:
            people = [top[j]]
            k = j + 1
            while k < len(top) and top[k].type == "PERSON" and text[people[-1].end:top[k].start] in glue:
                people.append(top[k])
                k += 1
        else:
            people = _people_before(text, top, i, mark.end(), glue)
        for p in people:
            for r in run:
                out.append(("HOMETOWN", p, r, index, ""))
    return out


MAX_HOME_REACH = 40  # characters from a person to 家乡 … that refers back to them


def _home_words(text, top, cues, region_level, index):
    """`林某在家乡晋江投资`: the place right after a home word is the hometown of the person named
    last before it in the sentence, with no other person or full stop between."""
    out = []
    words = cues.pattern("home_words")
    person = None
    for m in top:
        if m.type == "PERSON":
            person = m
            continue
        if m.type != "REGION" or person is None or region_level(m.entity_id) == "country":
            continue
        before = text[max(person.end, m.start - 4):m.start]
        if not any(before.endswith(w) for w in cues.home_words) or not words.search(before):
            continue
        if m.start - person.end > MAX_HOME_REACH or re.search(r"[。；;！？!?]", text[person.end:m.start]):
            continue
        out.append(("HOMETOWN", person, m, index, ""))
    return out


_LISTED_BEFORE = re.compile(r"等[^，,。；;！？!?：:]{0,24}")  # 王某、李某等100多位…的(晋江乡贤)
_SET_APART = ("，", ",")  # 林某，(福建南安人)，


def _people_before(text, top, i, noun_end, glue):
    """The people a hometown noun after a place describes when no name follows it: a list
    ending in 等 before the place, or one person set apart from it by a comma when the noun
    closes the phrase."""
    if i == 0 or top[i - 1].type != "PERSON":
        return []
    last = top[i - 1]
    between = text[last.end:top[i].start]
    if _LISTED_BEFORE.fullmatch(between):
        people = [last]
        k = i - 2
        while k >= 0 and top[k].type == "PERSON" and text[top[k].end:people[-1].start] in glue:
            people.append(top[k])
            k -= 1
        return people
    if between in _SET_APART and text[noun_end:noun_end + 1] in "，,。；;）)":
        return [last]
    return []


MAX_APPOINTMENT_REACH = 40  # characters from a person back to whom 现任/担任 … refers


def _appointments(text, top, cues, title_re, titles, index):
    """`林某，祖籍晋江，现任菲律宾晋江同乡总会会长、泉州商会副会长`: the person named last before
    an appointment verb holds the title after each body the verb (or a list after it) names."""
    out = []
    verbs = cues.pattern("appointment_verbs")
    holder, open_until = None, -1
    for m in top:
        if m.type == "PERSON":
            holder, open_until = m, -1
            continue
        if m.type not in _BODIES or holder is None:
            continue
        before = text[max(0, m.start - 4):m.start]
        verb = next((before[k:] for k in range(len(before)) if verbs.fullmatch(before[k:])), None)
        continued = open_until >= 0 and text[open_until:m.start] in ("、", "，", ",", "和", "及")
        if verb is None and not continued:
            open_until = -1
            continue
        if m.start - holder.end > MAX_APPOINTMENT_REACH or re.search(r"[。；;！？!?]", text[holder.end:m.start]):
            holder, open_until = None, -1
            continue
        term = _TERM.match(text, m.end)  # 第十届理事长, 的创会会长: the term or the 的 before a title
        start = term.end() if term else m.end
        honour = next((h for h in cues.honorary_prefixes if text.startswith(h, start)), "")
        found = _title_at(text, start + len(honour), title_re, titles, honour)
        if found is None:
            open_until = -1
            continue
        rel, title, open_until = found
        out.append((rel, holder, m, index, title))
    return out


def _title_at(text, at, title_re, titles, honour=""):
    """(relation, title, end) for a title written at `at`, 副 before it included (副会长 of 会长), or
    None: LEADS as `titles` says, MEMBER_OF for a deputy's or an honorary title."""
    deputy = text[at:at + 1] == "副"
    t = title_re.match(text, at + deputy)
    if t is None:
        return None
    word = t.group(0)
    title = honour + ("副" + word if deputy and not word.startswith("副") else word)
    rel = titles.get(word, "LEADS")
    if rel == "LEADS" and (honour or "副" in title):
        rel = "MEMBER_OF"
    return rel, title, t.end()


# What may stand between a body and a title: a term (第十届, 新一届), a first holder (创会, 首任), 的.
_TERM = re.compile(r"的?(?:第[一二三四五六七八九十百\d]+届|新一?届|本届|首届|创会|首任|候任|常务(?!副))*")


# Associations and the titles of their officers (an official's 主任 or 局长 is no association's).
_ASSOCIATIONS = ("商会", "会馆", "同乡会", "总会", "公会", "联合会", "联谊会", "协会", "宗亲会")
_ASSOCIATION_TITLES = ("会长", "理事长", "理事", "秘书长", "监事长", "监事")


def _appointed_to_the_body_before(text, top, cues, title_re, titles, index):
    """`陈某当选为X会理事长，林某、王某任副理事长`: people followed by an appointment verb and an
    association's title with no body of its own hold it in the association named last before them
    in the sentence."""
    out = []
    verbs = cues.pattern("appointment_verbs")
    body = None
    i = 0
    while i < len(top):
        m = top[i]
        if m.type in _BODIES:
            body = m
        if m.type != "PERSON" or body is None:
            i += 1
            continue
        people = [m]
        while i + 1 < len(top) and top[i + 1].type == "PERSON" and text[people[-1].end:top[i + 1].start] in cues.person_glue:
            i += 1
            people.append(top[i])
        verb = verbs.match(text, people[-1].end)
        found = _title_at(text, verb.end(), title_re, titles) if verb else None
        nxt = top[i + 1] if i + 1 < len(top) else None
        if found is not None and (nxt is None or nxt.start >= found[2]) and body.type == "ORG" \
                and body.text.endswith(_ASSOCIATIONS) and found[1].endswith(_ASSOCIATION_TITLES):
            out += [(found[0], p, body, index, found[1]) for p in people]
        i += 1
    return out


def _founders(text, top, cues, index):
    out = []
    verbs = cues.pattern("founder_verbs")
    for i, m in enumerate(top[:-1]):
        nxt = top[i + 1]
        if m.type == "PERSON" and nxt.type == "ENTERPRISE":
            v = verbs.match(text, m.end)
            if v and text[v.end():nxt.start] == "的":
                out.append(("LEADS", m, nxt, index, v.group(0)))
    return out
