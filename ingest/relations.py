"""Relations between resolved mentions, each with the evidence that states it.

Rules (see the eval GUIDELINES): a place, enterprise or chain term inside a project's name gives
LOCATED_IN, INVESTS_IN or IN_CHAIN (a trade term in the name of the firm inside it gives both
the project and the firm that chain); `X项目落户/位于Y` gives LOCATED_IN; `投资N亿元的X项目` and
`X项目总投资N亿元` give the project's investment; status words in a sentence naming projects
give their STATUS unless the clause says it has not happened yet (计划, 将, …后); 祖籍/家乡 give
HOMETOWN;
旅菲/印尼侨领 and the like give RESIDES_IN; `与A、B签订…合作` gives PARTNER_OF with the article's
main region. People, organisations and enterprises in one sentence are CO_MENTIONED. Titles
(LEADS, MEMBER_OF, SHAREHOLDER_OF) are read by `ingest.roles`, investment frames by `ingest.frames`.
"""
from __future__ import annotations

import re
from collections.abc import Callable
from itertools import combinations, pairwise

from ingest.amounts import not_one_projects_amount
from ingest.model import STAGES, Evidence, Mention, Relation, Sentence

MAX_EVIDENCE = 20  # evidence kept per relation per document; `evidence_count` has them all

RESIDENCE_PREFIX = {"菲": "PH", "印尼": "ID", "马": "MY", "新": "SG", "泰": "TH", "美": "US", "日": "JP",
                    "缅": "MM", "加": "CA", "澳": "AU", "英": "GB", "法": "FR", "德": "DE", "越": "VN"}
_CLAUSE_BREAK = re.compile(r"[，,。；;：:！？]")
_SETTLE = re.compile(r"入驻|进驻|落户")
# 由 + a list of names + how they invest together (四方联合, 共同投资, 各投资, 合资).
_JOINT = re.compile(r"由([^，。；;：:]{2,60}?)(?:[两二三四五六七八九多]方)?(?:联合|共同|合资|合作|各)?"
                    r"(?:投资|出资|兴建|投建|组建|合资|联合)")
# What may stand between the names of such a list (、, 及, 和, a country before a firm's name).
_LIST_GLUE = re.compile(r"[、,，及和与\s]|美国|日本|德国|法国|英国|沙特|韩国|新加坡|台湾|香港|澳门|中国")
# A sentence opening on the project (该项目, 项目于…, 目前，工程建设…) that does not name it.
_REFERS_TO_PROJECT = re.compile(r"\s*(?:(?:目前|当前|如今|现在|截至目前|截至目前为止)[，,]?)?(?:该|此|这个|这一)?(?:项目|工程)(?!区|部|师)")


class RelationBuilder:
    """Collects relations (merging evidence for the same fact) for one document."""

    def __init__(self, doc_id: str, sentences: list[Sentence], span: Callable[[int, int], tuple[int, int]],
                 original: str) -> None:
        self.doc_id = doc_id
        self.sentences = sentences
        self.span = span
        self.original = original
        self.relations: dict[tuple[str, str, str], Relation] = {}
        self._spans: dict[tuple[str, str, str], set[int]] = {}  # the sentences stating each relation

    def evidence(self, sentence: int, start: int, end: int, method: str, confidence: float) -> Evidence:
        s = self.sentences[sentence] if 0 <= sentence < len(self.sentences) else None
        o_start, o_end = self.span(start, end)
        text = ""
        if s is not None:
            a, b = self.span(s.start, s.end)
            text = self.original[a:b]
        return Evidence(self.doc_id, text, o_start, o_end, method, confidence)

    def first_sentence(self, key: tuple[str, str, str]) -> int:
        """The first sentence stating the relation (head, type, tail)."""
        return min(self._spans[key])

    def add(self, rel_type: str, head: str, tail: str, sentence: int, start: int, end: int,
            method: str = "rule", confidence: float = 0.8, **props) -> None:
        if not head or not tail or head == tail:
            return
        key = (head, rel_type, tail)
        if key in self.relations:
            rel = self.relations[key]
            stated_in = self._spans[key]
            if sentence in stated_in:
                return  # one sentence is one piece of evidence, however many rules read it there
            stated_in.add(sentence)
            rel.props["evidence_count"] += 1
            if rel_type == "CO_MENTIONED":
                rel.props["weight"] = rel.props["evidence_count"]
            if len(rel.evidence) < MAX_EVIDENCE:  # the count goes on; the evidence kept is bounded
                rel.evidence.append(self.evidence(sentence, start, end, method, confidence))
            return
        ev = self.evidence(sentence, start, end, method, confidence)
        self.relations[key] = Relation(rel_type, head, tail, dict(props, evidence_count=1), [ev])
        self._spans[key] = {sentence}
        if rel_type == "CO_MENTIONED":
            self.relations[key].props["weight"] = 1


    def infer(self, rel_type: str, head: str, tail: str, via: list[tuple[str, str, str]],
              confidence: float = 0.5) -> None:
        """A fact no sentence states but stated facts imply (`via`: their keys), with their evidence
        as its own (method `inferred`) and the last element of the first as `inferred_from`.
        A fact also stated keeps only what was stated."""
        key = (head, rel_type, tail)
        stated = [k for k in via if k in self.relations]
        if key in self.relations or not stated or head == tail:
            return
        evidence = [Evidence(ev.doc_id, ev.sentence, ev.start, ev.end, "inferred", confidence)
                    for k in stated for ev in self.relations[k].evidence][:MAX_EVIDENCE]
        self.relations[key] = Relation(rel_type, head, tail, {"inferred_from": stated[0][2],
                                                              "evidence_count": len(evidence)}, evidence)
        self._spans[key] = set().union(*(self._spans[k] for k in stated))


def _abroad(region_id: str) -> bool:
    """True for a place outside China: a country's or a foreign city's code (PH, PH-MNL)."""
    code = region_id.split(":", 1)[1]
    return code[:2].isascii() and code[:2].isalpha()


def _inside(inner: Mention, outer: Mention) -> bool:
    return outer.start <= inner.start and inner.end <= outer.end and inner is not outer


def _project_lists(text: str, projects: list[Mention]) -> list[list[Mention]]:
    """Runs of two or more project names parted by 、 alone (A项目、B项目、C项目)."""
    groups: list[list[Mention]] = []
    for p in sorted(projects, key=lambda m: m.start):
        if groups and groups[-1][-1].sentence == p.sentence and text[groups[-1][-1].end:p.start] == "、":
            groups[-1].append(p)
        elif not groups or groups[-1][-1].end <= p.start:
            groups.append([p])
    return [g for g in groups if len(g) > 1]


def build_relations(text: str, sentences: list[Sentence], mentions: list[Mention], builder: RelationBuilder,
                    vocab, region_level: Callable[[str], str], main_region: str | None,
                    project_props: dict[str, dict], doc_date: str | None) -> None:
    """Find every relation the rules support and add it to `builder`; fill `project_props`."""
    by_sentence: dict[int, list[Mention]] = {}
    for m in mentions:
        by_sentence.setdefault(m.sentence, []).append(m)
    projects = [m for m in mentions if m.type == "PROJECT" and m.entity_id]

    # Names inside project names.
    for p in projects:
        inner = [m for m in by_sentence.get(p.sentence, ()) if _inside(m, p) and m.entity_id]
        regions = [m for m in inner if m.type == "REGION" and region_level(m.entity_id) not in ("province", "country")]
        for r in regions:
            builder.add("LOCATED_IN", p.entity_id, r.entity_id, p.sentence, p.start, p.end, "rule", 0.8)
        for e in inner:
            if e.type == "ENTERPRISE":
                builder.add("INVESTS_IN", e.entity_id, p.entity_id, p.sentence, p.start, p.end, "rule", 0.8)
            elif e.type == "CHAIN":
                # a chain term anywhere in the name, the firm's trade included (利澳纸业扩建项目: 纸业)
                builder.add("IN_CHAIN", p.entity_id, e.entity_id, p.sentence, p.start, p.end, "rule", 0.8)
                firm = next((f for f in inner if f.type == "ENTERPRISE" and _inside(e, f)), None)
                if firm is not None:
                    builder.add("IN_CHAIN", firm.entity_id, e.entity_id, p.sentence, firm.start, firm.end, "rule", 0.7)

    # A county opening the first of a list of projects places the whole list (其中永春县A项目、B项目、
    # C项目等7个项目签约), unless other items name places of their own.
    for group in _project_lists(text, projects):
        lead = next((m for m in by_sentence.get(group[0].sentence, ()) if m.type == "REGION" and m.entity_id
                     and m.start == group[0].start and _inside(m, group[0])
                     and region_level(m.entity_id) in ("county", "zone")), None)
        if lead is None or any(m.type == "REGION" and _inside(m, p) for p in group[1:]
                               for m in by_sentence.get(p.sentence, ())):
            continue  # items naming places of their own (石狮市A项目、晋江市B项目): each its own
        for p in group[1:]:
            builder.add("LOCATED_IN", p.entity_id, lead.entity_id, p.sentence, p.start, p.end, "rule", 0.7)

    # Chain terms closing a firm's name (钜闽机械): the firm's trade.
    for f in mentions:
        if f.type == "CHAIN" and f.attrs.get("in_firm") and f.entity_id:
            firm = next((e for e in by_sentence.get(f.sentence, ()) if e.type == "ENTERPRISE" and e.entity_id
                         and _inside(f, e)), None)
            if firm is not None:
                builder.add("IN_CHAIN", firm.entity_id, f.entity_id, f.sentence, firm.start, firm.end, "rule", 0.6)

    last_project: Mention | None = None
    last_alone = False  # the last sentence naming projects named one only
    last_person_holder: list[Mention] = []  # the last person named, for 祖籍 in a later sentence
    all_persons = [m for m in mentions if m.type == "PERSON" and m.entity_id]
    statuses = {w: v.split("|") for w, v in vocab.terms.get("status", {}).items()}
    status_re = re.compile("|".join(map(re.escape, sorted(statuses, key=len, reverse=True)))) if statuses else None
    future = vocab.words("future")

    for sent in sentences:
        if sent.index not in by_sentence and not (last_alone and _REFERS_TO_PROJECT.match(text, sent.start)):
            continue  # every rule below needs a mention in the sentence (most policy sentences have none),
            # or the project the sentence refers to (项目于今年1月开工)
        ms = sorted(by_sentence.get(sent.index, ()), key=lambda m: m.start)
        top = [m for m in ms if not any(_inside(m, o) for o in ms)]
        sent_projects = [m for m in top if m.type == "PROJECT" and m.entity_id]
        s_text = text[sent.start:sent.end]
        subject = None
        referred = None  # the one project a sentence without a project's name refers to
        if sent_projects:
            subject = sent_projects[0]
        elif last_project is not None and re.match(r"^\s*(该|此|这个|这一)?项目", s_text):
            subject = last_project
        if not sent_projects and last_project is not None and last_alone and _REFERS_TO_PROJECT.match(s_text):
            referred = last_project

        # Where a project is: 落户/落地/位于/选址 + region.
        for m in top:
            if m.type != "REGION":
                continue
            before = text[max(sent.start, m.start - 6):m.start]
            if re.search(r"(落户|落地|位于|选址于?|坐落于|建在|布局)[^，。,]{0,3}$", before):
                target = next((p for p in reversed(sent_projects) if p.end <= m.start), None) or subject
                if target is not None:
                    builder.add("LOCATED_IN", target.entity_id, m.entity_id, sent.index, m.start, m.end, "rule", 0.75)

        # Firms in a park: `园区…已入驻A、B等企业` (the firms listed after the verb are in the place
        # named before it) and `A公司入驻/进驻/落户B园区` (the firm of the clause is in the place after it).
        for vm in _SETTLE.finditer(s_text):
            v0, v1 = sent.start + vm.start(), sent.start + vm.end()
            c0 = sent.start + max((i + 1 for i, c in enumerate(s_text[:vm.start()]) if c in "，,；;：:"), default=0)
            brk = _CLAUSE_BREAK.search(text, v1, sent.end)
            c1 = brk.start() if brk else sent.end
            place = next((m for m in reversed(top) if m.type == "REGION" and m.end <= v0
                          and region_level(m.entity_id) not in ("province", "country")), None)
            firms = [m for m in top if m.type == "ENTERPRISE" and v1 <= m.start and m.end <= c1]
            if not firms or place is None:
                place = next((m for m in top if m.type == "REGION" and 0 <= m.start - v1 <= 2), None)
                firms = [m for m in top if m.type == "ENTERPRISE" and c0 <= m.start and m.end <= v0]
            if place is None:
                continue
            for f in firms:
                builder.add("LOCATED_IN", f.entity_id, place.entity_id, sent.index, f.start, f.end, "rule", 0.7)

        # Where a firm comes from: 来自深圳的恒拓电子 (the firm is in the place).
        for i, m in enumerate(top[:-1]):
            if m.type == "REGION" and text[max(sent.start, m.start - 2):m.start] == "来自":
                firm = next((f for f in top[i + 1:i + 3] if f.type == "ENTERPRISE"), None)
                if firm is not None and re.fullmatch(r"[\u3400-\u9fff]{0,6}的", text[m.end:firm.start]) \
                        and not any(o.type not in ("REGION",) and m.end <= o.start < firm.start for o in top):
                    builder.add("LOCATED_IN", firm.entity_id, m.entity_id, sent.index, firm.start, firm.end, "rule", 0.7)

        # Investment amounts.
        for m in top:
            if m.type != "AMOUNT":
                continue
            before = text[max(sent.start, m.start - 8):m.start]
            if not re.search(r"投资(额|总额)?[^，。,；]{0,4}$", before) or "利用外资" in before \
                    or not_one_projects_amount(text, sent.start, m.start):
                continue
            after = text[m.end:m.end + 2]
            target = None
            if after.startswith("的"):
                target = next((p for p in sent_projects if p.start >= m.end and p.start - m.end <= 3), None)
            if target is None:
                target = next((p for p in reversed(sent_projects) if p.end <= m.start
                               and not _CLAUSE_BREAK.search(text[p.end:m.start].replace("，总投资", ""))), None)
            if target is None:
                target = next((p for p in reversed(sent_projects) if p.end <= m.start), None) or \
                    (subject if not sent_projects else None)
            if target is None:
                continue
            props = project_props.setdefault(target.entity_id, {})
            if "investment_yi" not in props:
                props.update(investment_yi=m.attrs.get("value_yi"), currency=m.attrs.get("currency"),
                             investment_text=m.text)

        # Status of the projects named in this sentence: a status word reports on the projects of
        # its own clause, or on every project of the sentence when it sits in an opening clause
        # that names none (7个集中签约项目中，…分别是A、B).
        if (sent_projects or referred is not None) and status_re is not None:
            dates = [m for m in ms if m.type == "DATE"]
            when = dates[0].attrs.get("date") if dates else doc_date
            bounds = [0] + [i + 1 for i, c in enumerate(s_text) if c in "，,；;"] + [len(s_text) + 1]
            clauses = list(pairwise(bounds))
            for sm in status_re.finditer(s_text):
                clause = s_text[:sm.start()]
                breaks = [i for i, c in enumerate(clause) if c in "，,。；;：:"]
                clause = clause[breaks[-1] + 1:] if breaks else clause
                said_future = [f for f in future if f in clause]
                if said_future and (clause.endswith("实现") and set(said_future) <= {"推动"}
                                    or re.search(r"等(一批|\d+个)?$", clause) and s_text.startswith("项目", sm.end())):
                    # 推动…项目实现开工 reports a result; A、B等一批增资扩产项目 names the kind
                    # of project the listed ones are
                    said_future = []
                if said_future or re.match(r"(?!前后)[\u4e00-\u9fff]{0,3}?(?:后|时|以后)", s_text[sm.end():sm.end() + 5]):
                    continue  # 签约后, 建成达产后: a condition, not a stage reached
                if re.search(r"[一二三四首]期(?:工程|项目)?$", clause):
                    continue  # 一期竣工: a phase's stage, not the whole project's
                c_start, c_end = next((a, b) for a, b in clauses if a <= sm.start() < b)
                targets = [p for p in sent_projects if c_start <= p.start - sent.start < c_end]
                if referred is not None:
                    # 项目于今年1月开工 / 目前，工程建设已完成竣工验收: the project named last, when
                    # the sentence before it named that one alone
                    targets = [referred]
                elif not targets and c_start == 0:
                    targets = sent_projects
                elif not targets and len(sent_projects) == 1 and sent_projects[0].start - sent.start <= 6:
                    # 该项目于3月签约，同年10月开工: a sentence about one project it opens with
                    targets = sent_projects
                elif not targets and (re.search(r"已|已经|正式|成功|顺利|均已", clause)
                                      or re.match(r"\s*(?:该|此|这一?个?)项目", clause)):
                    # 项目落户泉港，已正式签约 / 落户泉港，该项目从对接到签约…: the clause reports
                    # on the project named before it
                    targets = [p for p in sent_projects if p.end <= sent.start + sm.start()][-1:]
                if {"开工", "竣工"} <= set(statuses[sm.group(0)]) and len(targets) > 1:
                    # 集中开竣工的项目涵盖A、B、C: the batch has started and finished projects, so
                    # the word tells neither stage of any one of them
                    continue
                for status in statuses[sm.group(0)]:
                    for p in targets:
                        hist = project_props.setdefault(p.entity_id, {}).setdefault("status_history", [])
                        if all(h["status"] != status for h in hist):
                            o_s, o_e = builder.span(sent.start, sent.end)
                            hist.append({"status": status, "date": when, "doc_id": builder.doc_id,
                                         "sentence": builder.original[o_s:o_e]})

        # What a project makes: chain terms in a clause about production after the project.
        if subject is not None:
            anchor = subject.end if subject in sent_projects else sent.start
            bounds = [i for i, c in enumerate(text[sent.start:sent.end]) if c in "，,；;"]
            for m in top:
                if m.type != "CHAIN" or m.start < anchor or not m.entity_id:
                    continue
                c_start = sent.start + max([b + 1 for b in bounds if sent.start + b < m.start], default=0)
                clause = text[c_start:m.start]
                # the project the term follows: the nearest named before it (A项目生产X，B项目生产Y)
                target = next((p for p in reversed(sent_projects) if p.end <= m.start), subject)
                if re.search(r"(投资|投建)的", clause) and not (c_start <= target.start):
                    continue  # 杨某投资的印刷企业: another investment, not the project's product
                if re.search(r"生产|聚焦|招引|引进|主导产业|主要|产品|年产|打造|建设|研制|投资", clause) \
                        and not re.search(r"带动|推动|服务于|促进|助力|配套|用于", clause):
                    # 产品主要用于5G通信、人工智能: what the products serve, not what the project makes
                    builder.add("IN_CHAIN", target.entity_id, m.entity_id, sent.index, m.start, m.end, "rule", 0.6)

        # Joint investors: 由A、B及C(四方)联合/共同/各投资…的X项目 -> each listed firm invests in
        # the project of the sentence: the one after the list, else the sentence's subject
        # (X项目是…中外合资项目，由A、B各投资…: X, not the description after 是).
        if "由" in s_text:
            for jm in _JOINT.finditer(s_text):
                a, b = sent.start + jm.start(1), sent.start + jm.end(1)
                firms = [m for m in top if m.type == "ENTERPRISE" and a <= m.start and m.end <= b and m.entity_id]
                rest = text[a:b]
                for m in top:
                    if a <= m.start and m.end <= b:
                        rest = rest.replace(m.text, "", 1)
                rest = _LIST_GLUE.sub("", rest)
                if not firms or rest:
                    continue  # the list holds more than names (由…举办, 由某部门牵头)
                target = next((p for p in sent_projects if p.start >= b), None) or subject
                if target is None:
                    continue
                for f in firms:
                    builder.add("INVESTS_IN", f.entity_id, target.entity_id, sent.index, f.start, f.end, "rule", 0.7)

        # Investors: PERSON/ENTERPRISE + 投资的 + PROJECT.
        for i, m in enumerate(top[:-1]):
            if m.type in ("PERSON", "ENTERPRISE") and top[i + 1].type == "PROJECT":
                between = text[m.end:top[i + 1].start]
                if re.fullmatch(r"(投资|投建|建设|打造)的", between):
                    builder.add("INVESTS_IN", m.entity_id, top[i + 1].entity_id, sent.index, m.start, top[i + 1].end)

        # Hometowns and residence.
        for i, m in enumerate(top):
            if m.type != "PERSON" or not m.entity_id:
                continue
            before = text[max(sent.start, m.start - 12):m.start]
            rm = re.search(r"旅(居)?(菲|印尼|马|新|泰|美|日|缅|加|澳|英|法|德|越)", before)
            if rm:
                builder.add("RESIDES_IN", m.entity_id, "Region:" + RESIDENCE_PREFIX[rm.group(2)], sent.index,
                            m.start, m.end, "rule", 0.75)
            prev = top[i - 1] if i > 0 else None
            if prev is not None and prev.type == "REGION" and region_level(prev.entity_id) == "country" and \
                    re.fullmatch(r"(华侨|华人|侨领|侨商|侨胞|乡亲|乡贤|籍华人|企业家)?", text[prev.end:m.start]):
                builder.add("RESIDES_IN", m.entity_id, prev.entity_id, sent.index, prev.start, m.end, "rule", 0.75)
        persons = [m for m in top if m.type == "PERSON" and m.entity_id]
        for hm in re.finditer(r"(祖籍|原籍|籍贯|家乡|老家|故乡|出生于|出生在|生于)", s_text):
            a = sent.start + hm.end()
            regions = []
            for m in top:
                if m.start >= a and m.type == "REGION" and region_level(m.entity_id) != "country" \
                        and not _abroad(m.entity_id):  # 出生于马尼拉: a birthplace abroad is no 籍贯
                    if regions and m.start - regions[-1].end > 1:
                        break
                    if not regions and m.start - a > 3:
                        break
                    regions.append(m)
            if not regions:
                continue
            named_before = [p for p in persons if p.end <= sent.start + hm.start()]
            # the first of the people named just before (施金城、梁丽馨伉俪…回到家乡安溪)
            person = next((p for p in named_before if not _CLAUSE_BREAK.search(text[p.end:sent.start + hm.start()])),
                          named_before[-1] if named_before else None)
            honorific = re.search(r"([\u3400-\u9fff])老(先生)?[^，,。]{0,3}$", s_text[:hm.start()])
            if person is None and honorific:  # 施老出生于…: the person of that surname named before
                person = next((p for p in reversed(all_persons) if p.text.startswith(honorific.group(1))
                               and p.start < sent.start + hm.start()), None)
            if person is None:
                person = next((p for p in persons if p.start >= a), None)
            if person is None and s_text.startswith("“"):
                # a quotation (“我出生在…”) is followed by the name of who said it
                person = next((p for p in all_persons if p.sentence == sent.index + 1), None)
            if person is None and last_person_holder and not s_text.startswith("“"):
                person = last_person_holder[-1]
            if person is None:
                continue
            for r in regions:
                builder.add("HOMETOWN", person.entity_id, r.entity_id, sent.index, r.start, r.end, "rule", 0.75)
        if persons:
            last_person_holder[:] = persons[-1:]

        # Partners: 与A、B…签订/达成…合作 -> partner of the article's main region.
        if main_region and re.search(r"与.+(签订|签署|达成|签约).*(合作|协议)", s_text):
            k = s_text.find("与")
            for m in top:
                if m.type == "ENTERPRISE" and m.start > sent.start + k:
                    verb = re.search(r"签订|签署|达成|签约", text[m.end:sent.end])
                    if verb:
                        builder.add("PARTNER_OF", m.entity_id, main_region, sent.index, m.start, m.end, "rule", 0.7)

        # Co-mentions among people, organisations and enterprises.
        actors = list(dict.fromkeys(m.entity_id for m in top if m.type in ("PERSON", "ORG", "ENTERPRISE")
                                    and m.entity_id))[:8]
        for actor_a, actor_b in combinations(sorted(actors), 2):
            builder.add("CO_MENTIONED", actor_a, actor_b, sent.index, sent.start, sent.end, "cooccurrence", 0.3)

        if sent_projects:
            last_project = sent_projects[-1]
            last_alone = len({p.entity_id for p in sent_projects}) == 1


def add_park_counties(builder: RelationBuilder, lexicon) -> None:
    """A park whose name opens with its county (惠安县城南工业园区) states that county: whatever is in
    the park is in the county too."""
    for (head, rel_type, tail), rel in list(builder.relations.items()):
        if rel_type != "LOCATED_IN" or not tail.startswith("Region:") or "inferred_from" in rel.props:
            continue
        name = tail.split(":", 1)[1]
        if name[:2].isascii():
            continue  # a division or a country from the tables: its parents are known already
        for n in (4, 3, 2):
            entry = lexicon.resolve_region(name[:n]) if name[:n] in lexicon.region_names else None
            if entry is not None and entry.level == "county":
                sentence = builder.first_sentence((head, rel_type, tail))
                s = builder.sentences[sentence]
                builder.add("LOCATED_IN", head, "Region:" + entry.code, sentence, s.start, s.end, "rule", 0.6)
                break


def latest_status(history: list[dict]) -> str:
    """The latest stage reached: by date where dates differ, else by the order of stages."""
    return max(history, key=lambda h: (str(h.get("date") or ""), STAGES.index(h["status"])))["status"]
