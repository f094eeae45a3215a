"""Rule-based recognisers for names the lexicon cannot list: zones and parks, products and
enterprises by their legal form. Projects: `ingest.projects`; organisations: `ingest.orgs`;
events: `ingest.events`; people: `ingest.people`; dates: `ingest.dates`. They share the walk
left from a name's ending in `ingest.name_walk`.

Each recogniser is a pure function of the analysed text, its sentences, its tokens (word, POS,
start, end) and the `Vocabulary` (hand-written word lists from `corpus/data/terms.tsv`), and
returns `Mention`s. Names are found from their ending (项目, 商会, 大会, 有限公司 ...) and
extended to the left over tokens that can be part of a name, stopping at words that govern
a name (推动, 是, 的, 与 ...) and at punctuation.
"""
from __future__ import annotations

import re

from ingest.mentions import anchored_finditer, sentence_index
from ingest.model import Mention
from ingest.name_walk import Vocabulary, extend_left, has_name_token, is_generic, token_at
from ingest.projects import listed

# ---------------------------------------------------------------------------- products
# `A、B、C等(新|高端…)产品/品类`: the items are products (电视、智慧屏、手写板等产品). Lists before
# 等领域/等行业/等产业 name sectors and are not taken.
_PRODUCT_HEAD = re.compile(r"等[\u3400-\u9fff]{0,4}?(?:产品|品类)")
_PRODUCT_ITEM = r"[^\s，。、；;,:：的等和及与()（）“”《》\d]{2,8}"
_PRODUCT_LIST = re.compile("((?:" + _PRODUCT_ITEM + "、)+" + _PRODUCT_ITEM + r")(?:\([^()]{0,8}\))?$")


def recognise_products(text: str, sentences, tokens, starts, known) -> list[Mention]:
    """CHAIN mentions for the products listed before 等产品 / 等品类 that the lexicon does not know."""
    out: list[Mention] = []
    for m in _PRODUCT_HEAD.finditer(text):
        head = text[max(0, m.start() - 60):m.start()]
        lm = _PRODUCT_LIST.search(head)
        if not lm:
            continue
        base = m.start() - len(head) + lm.start(1)
        items = lm.group(1).split("、")
        pos = base
        for k, item in enumerate(items):
            s, e = pos, pos + len(item)
            pos = e + 1
            if k == 0:  # the first item begins after the verb that introduces the list (主要生产)
                i, first = token_at(starts, e - 1), e
                while i >= 0 and tokens[i][2] >= s and not tokens[i][1].startswith(("v", "p", "d", "c", "u", "r")):
                    first = tokens[i][2]
                    i -= 1
                s = first
            if e - s < 2 or known.covers(s, e) or is_generic(text[s:e]):
                continue
            out.append(Mention("CHAIN", text[s:e], s, e, sentence_index(sentences, s), canonical=text[s:e],
                               method="rule", confidence=0.6, attrs={"product": True}))
    return out


_VILLAGE = re.compile(r"(?<=[镇乡、])[\u4e00-\u9fff]{2}村(?![民委])|[\u4e00-\u9fff]{2}村(?=、)")


def recognise_zones(text: str, sentences, tokens, starts, vocab: Vocabulary, known) -> list[Mention]:
    """REGION mentions for parks and zones the lexicon does not list, and villages (X村 after a town)."""
    out: list[Mention] = []
    pattern = re.compile("(?:" + vocab.alternation("zone") + ")")
    for m in pattern.finditer(text):
        if known.covers(m.start(), m.end()):
            continue  # the ending is part of a known name (泉港区 holds 港区)
        start = extend_left(text, tokens, starts, m.start(), limit=14, allow=known)
        stem = text[start:m.start()]
        i = token_at(starts, start)
        verbs = [t for t in tokens[i:i + 8] if start <= t[2] < m.start() and t[1].startswith("v") and t[1] != "vn"]
        # 泉州惠安城南工业园区 -> 惠安城南工业园区: a place name followed by another place is context
        while known.ids[start] and known.ids[start] != known.ids[m.start() - 1]:
            k = known.ids[start]
            nxt = start
            while nxt < m.start() and known.ids[nxt] == k:
                nxt += 1
            if not known.ids[nxt] or nxt >= m.start():
                break
            start = nxt
        stem = text[start:m.start()]
        if len(stem) < 2 or is_generic(stem) or stem.startswith(("国家", "省级", "头顶")) or verbs:
            continue
        out.append(Mention("REGION", text[start:m.end()], start, m.end(), sentence_index(sentences, start),
                           canonical="", method="rule", confidence=0.7, attrs={"zone": True}))
    for m in anchored_finditer(_VILLAGE, text, "村", 2):
        if m.group(0)[:2] in ("农村", "乡村", "新村"):
            continue
        out.append(Mention("REGION", m.group(0), m.start(), m.end(), sentence_index(sentences, m.start()),
                           canonical="", method="rule", confidence=0.6, attrs={"village": True}))
    return out


# ---------------------------------------------------------------------------- enterprises
def recognise_enterprises(text: str, sentences, tokens, starts, vocab: Vocabulary, known) -> list[Mention]:
    """ENTERPRISE mentions: names with a legal form or 集团, and items listed before 等…企业."""
    out: list[Mention] = []
    pattern = re.compile("(?:" + vocab.alternation("enterprise") + ")")
    not_firm = vocab.words("not_firm_group")
    not_fund = vocab.words("not_firm_fund")
    kind_endings = frozenset(vocab.words("institution"))
    for m in pattern.finditer(text):
        if text[m.end():m.end() + 1] == "业":
            continue  # 银行业, 部分行业: a trade, not a name
        start = extend_left(text, tokens, starts, m.start(), limit=24, allow=known)
        t = token_at(starts, m.start())
        word, tag, t_start, t_end = tokens[t]
        if t_start < m.start() and t_end == m.end() and tag in ("nz", "nt") and t_start > start:
            start = t_start  # 考察团参观九牧集团: the dictionary's firm name is the whole name
        stem = text[start:m.start()]
        if len(stem) < 2 or is_generic(stem) or stem in ("本", "该", "子", "分", "母"):
            continue
        if m.group(0) == "公司" and len(stem) < 2:
            continue
        if m.group(0) == "集团" and stem.endswith(not_firm):
            continue  # 十国集团, 卖国集团, 企业集团: a bloc, a faction or a kind of firm
        if m.group(0) in kind_endings and not _names_its_institution(stem, start, tokens, starts, known, not_fund):
            continue  # 政府性基金, 社保基金, 商业银行, 慈善基金: a kind of fund or bank, or a charity's
        found = Mention("ENTERPRISE", text[start:m.end()], start, m.end(), sentence_index(sentences, start),
                        canonical=text[start:m.end()], method="rule", confidence=0.8)
        if not known.covers(start, m.start()) and not has_name_token(tokens, starts, start, m.end()):
            # 上市公司, 运营公司, 企业集团, 远航科技有限公司: nothing in it is a name to the tagger;
            # the name model is asked (ingest.name_model.confirm_names)
            found.attrs["unconfirmed"] = True
        out.append(found)
    out.extend(listed(text, sentences, tokens, starts, known, "ENTERPRISE", ("企业", "公司", "品牌", "厂商")))
    return [m for m in out if m.method == "rule" and (m.confidence >= 0.8 or _looks_like_firm(m.text))]


def _names_its_institution(stem: str, start: int, tokens, starts, known, not_words) -> bool:
    """True when the stem before 银行/基金 names one bank or fund: a known place or firm in it or a
    proper-name token (兴业银行泉州分行, 泉州市人才创新创业投资基金, 安芯基金), and no word that makes
    it a kind (`not_firm_fund`: 政府性, 社保, 商业, 慈善 …)."""
    if any(w in stem for w in not_words):
        return False
    if any(known.kind_at(start + i) in ("REGION", "ENTERPRISE") for i in range(len(stem))):
        return True
    i = token_at(starts, start)
    while i < len(tokens) and tokens[i][2] < start + len(stem):
        if tokens[i][1].startswith(("nr", "nz", "ns", "nt")) or len(tokens[i][0]) == 1 and tokens[i][2] >= start:
            return True
        i += 1
    return False


def _looks_like_firm(name: str) -> bool:
    return 2 <= len(name) <= 14 and not any(c in name for c in "（(，")


# ---------------------------------------------------------------------------- parks, after merging
# X产业园 followed by 已入驻/进驻 (firms moved in), or after 位于 and before 内, is a park where
# others are, not a project of its own.
_PARK_END = ("产业园", "工业园", "园区", "科技园")
_PARK_AFTER = re.compile(r"(?:[^，。；;]{0,12}[，,])?[^，。；;]{0,6}?(?:已|已经|先后|陆续)?(?:入驻|进驻)")


def parks_as_places(text: str, kept: list[Mention]) -> None:
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


def trim_zone_names(kept: list[Mention]) -> None:
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
