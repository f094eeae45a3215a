"""Projects named in text: a name ending in 项目, 工程, 基地, 产业园 ... walked left to where the name
starts, names listed after 项目有/包括, and the checks that keep descriptions, bare verbs and
sectors from being taken as names."""
from __future__ import annotations

import re
from collections.abc import Sequence

from ingest.mentions import sentence_index
from ingest.model import Mention, Sentence
from ingest.name_walk import (
    CJK_RUN,
    NAME_FIRST,
    NAME_VERBS,
    NUMERAL,
    KnownSpans,
    Vocabulary,
    ends_a_name,
    extend_left,
    has_name_token,
    is_generic,
    name_starts_at,
    token_at,
    trim_left,
)
from ingest.segment import Token


def recognise_projects(text: str, sentences: list[Sentence], tokens: Sequence[Token], starts: Sequence[int],
                       vocab: Vocabulary, known: KnownSpans) -> list[Mention]:
    """PROJECT mentions: names ending in 项目/工程/基地/产业园/工厂…, and items listed before 等项目."""
    pattern = re.compile("(" + vocab.alternation("project") + r")(?:[(（][^()（）]{0,4}期[)）])?")
    weak = vocab.words("weak_project")
    out: list[Mention] = []
    for m in pattern.finditer(text):
        if text[m.end():m.end() + 1] in _NOT_A_NAME_AFTER:
            continue  # 工程部, 工程师, 项目办: a department or a trade
        suffix_start = m.start(1)
        start = extend_left(text, tokens, starts, suffix_start, allow=known)
        start = _capacity_name_start(text, tokens, starts, known, start)
        cut = max((text.rfind(v, start, suffix_start) + len(v) for v in _BUILD_VERBS
                   if text.rfind(v, start, suffix_start) >= 0), default=start)
        start = max(start, cut)  # 在家乡晋江投资建设鞋服产业园: the name is what is built
        start = _after_place_and_verb(text, known, start, suffix_start)
        name_start = start + (len(text[start:suffix_start]) - len(trim_left(text[start:suffix_start])))
        stem = text[name_start:suffix_start]
        named_first = stem[:1] in NAME_FIRST and name_starts_at(tokens, starts, known, name_start)
        capacity = _CAPACITY.match(stem)  # 年产3000吨锂电池隔膜项目: what the capacity is of names it
        named = stem[capacity.end():] if capacity else stem
        if len(stem) < 2 or is_generic(named, named_first) or stem.startswith(_VERB_FIRST) \
                or _only_known_words(stem, known, name_start, vocab) \
                or _is_bare_verb(tokens, starts, name_start, suffix_start) \
                or _names_no_project(stem, m.group(1), tokens, starts, name_start, suffix_start, known) \
                or _only_description(stem, tokens, starts, name_start, suffix_start, known) \
                or _is_venue(text, name_start, m.group(1), m.end()) \
                or _kind_without_a_name(stem, m.group(1), known, name_start, text[m.end():m.end() + 8], weak):
            continue
        # A name followed by another ending (…项目配套码头工程) is found again at that ending.
        # 合资 before 项目 tells how the project is owned (福建炼油乙烯一体化合资项目 is the
        # 福建炼油乙烯一体化项目), so the canonical name goes without it.
        canonical = text[name_start:m.end()]
        if m.group(1) == "项目" and stem.endswith("合资") and not stem.endswith("中外合资") and len(stem) >= 6:
            canonical = stem[:-2] + canonical[len(stem):]
        out.append(Mention("PROJECT", text[name_start:m.end()], name_start, m.end(),
                           sentence_index(sentences, name_start), canonical=canonical,
                           method="rule", confidence=0.8))
    out.extend(listed(text, sentences, tokens, starts, known, "PROJECT", ("项目",), "项目"))
    out.extend(_listed_after(text, sentences, tokens, starts, known, vocab))
    return out


# A capacity opening a project's name (年产5万吨电池级碳酸锂项目): the name is of what follows it.
_CAPACITY = re.compile(r"年产(?:能)?[\d.]+[万千百]?(?:吨|件|台|套|片|双|只|条|平方米|立方米|吉瓦时|GWh|MWh)")


# `项目有A、B等。`, `重大项目包括：A、B、C等`: the items after the word are projects.
_PROJECTS_LISTED_AFTER = re.compile(r"(?:项目|工程)(?:主要)?(?:有|包括|包含|涵盖|如)[:：]?")


def _listed_after(text: str, sentences, tokens, starts, known, vocab) -> list[Mention]:
    """PROJECT mentions for the items of a list after 项目有/项目包括 that ends in 等 or the clause."""
    out: list[Mention] = []
    endings = tuple(vocab.words("project"))
    for m in _PROJECTS_LISTED_AFTER.finditer(text):
        stop = re.compile(r"等(?=[，。；,;！？\n]|$)|[，。；,;！？\n]").search(text, m.end())
        end = stop.start() if stop else len(text)
        if stop is None or text[end] != "等":
            continue  # only a list closed by 等 says its items are examples of projects
        pos = m.end()
        for item in text[m.end():end].split(_LIST_ITEM_SEP):
            s, e = pos, pos + len(item)
            pos = e + 1
            name = item.strip()
            if not (2 <= len(name) <= 30) or is_generic(name) or (s, e) in known.set \
                    or not _has_proper_name(tokens, starts, s, e):
                continue
            canonical = name if name.endswith(endings) else name + "项目"
            out.append(Mention("PROJECT", name, s, e, sentence_index(sentences, s), canonical=canonical,
                               method="rule", confidence=0.7))
    return out


def _capacity_name_start(text: str, tokens, starts, known, start: int) -> int:
    """Where a name holding a capacity phrase starts (晋江年产50万吨差别化直纺长丝项目).

    年产 stops the walk left (产值 and 年产N万吨 in running text are no names), but a name that
    runs up to it after a word no name holds opens with it (目前，年产10万吨纸浆项目). Right after a
    known place or firm it is part of the project's name: the walk goes on from before 年产 and is
    kept when it takes in that place or firm. So does a short name the lexicon does not know
    between a known place and 年产 (泉港区圣元年产40000吨牛磺酸项目: the firm 圣元 builds it).
    """
    if text[start - 2:start] == "年产":
        at = start - 2
    elif text[start - 1:start + 1] == "年产":  # the segmenter joined 年 to the word before (圣元年/产)
        at = start - 1
    else:
        return start
    if known.kind_at(at - 1) in ("REGION", "ENTERPRISE"):
        return extend_left(text, tokens, starts, at, allow=known)
    for n in (2, 3, 4):
        short = text[at - n:at]
        if at - n - 1 >= 0 and CJK_RUN.fullmatch(short) and not any(known.ids[i] for i in range(at - n, at)) \
                and known.kind_at(at - n - 1) == "REGION":
            return extend_left(text, tokens, starts, at - n, allow=known)
    if at == 0 or ends_a_name(*tokens[token_at(starts, at - 1)][:2]):
        return at  # 目前，年产3000吨锂电池隔膜项目: the name opens with 年产
    return start  # 的射洪年产…: an unknown word before 年产 leaves the name's start unknown


# Verb phrases that end before the name of what they build, never inside it.
_BUILD_VERBS = ("投资建设", "投资兴建", "投资新建", "投资打造", "开工建设", "落户", "合资建设", "合作建设", "共同建设",
                "联合建设", "携手建设", "合资兴建", "负责建设")
# A verb right after a place, with more name after it (支持晋江建设鞋服产业园项目): the place is the
# verb's subject and the name starts after the verb.
_VERB_AFTER_PLACE = re.compile(r"建设|打造|新建|兴建|引进|推进")


def _after_place_and_verb(text: str, known, start: int, suffix_start: int) -> int:
    """Where a name starts when a place and a build verb open what the walk took in."""
    for v in _VERB_AFTER_PLACE.finditer(text, start, suffix_start):
        if v.start() > start and known.kind_at(v.start() - 1) == "REGION" and suffix_start - v.end() >= 2 \
                and not known.kind_at(v.start()):
            return v.end()
    return start


# A stem opening with one of these is a verb phrase (建设MicroLED工厂: builds a factory), not a name;
# inside a name they follow what is built (厂房建设项目).
_VERB_FIRST = ("建设",)


# A word right before 项目 that makes the name a class of projects, not one project
# (泉州市2022年重大项目, 投洽会招商项目, 制造业配套项目, 正式协议项目, 三个子项目).
_PROJECT_CLASS = ("重大", "重点", "招商", "签约", "配套", "协议", "好", "子", "业态", "在建", "续建", "新开工",
                  "投资", "发展", "民生", "入库", "补链", "强链", "延链", "储备", "前期", "预备", "备选", "意向")
# Grade and scope words that make X基地 a title or a description (千亿国家级石化产业基地,
# 世界制造基地, 现代化大型石化基地), not the site of a project.
_BASE_TITLE = ("国家级", "国家", "中国", "千亿", "百亿", "世界", "全国", "全球", "现代化", "大型", "龙头", "主导")


# A project ending followed by one of these is part of another word (工程部, 工程师, 项目办).
_NOT_A_NAME_AFTER = frozenset("部师院办处科组队")
# Heads that also name the places meetings are held in (在文华酒店举行, 于国际会展中心召开).
_VENUE_HEADS = ("酒店", "中心", "大厦", "会堂")
_HELD = re.compile(r"(?:隆重|盛大|正式|顺利|成功)?(?:举行|召开|举办|开幕|闭幕)")


def _is_venue(text: str, start: int, head: str, end: int) -> bool:
    """True when a name with a venue's head is where something is held (在X酒店举行), not a project."""
    return head.endswith(_VENUE_HEADS) and text[start - 1:start] in ("在", "于") and bool(_HELD.match(text, end))


def _names_no_project(stem: str, ending: str, tokens, starts, start: int, end: int, known) -> bool:
    """True when a name with a project ending names a class, a programme or a title instead.

    - `…重大项目`, `…招商项目`: a class word before 项目; `首个…项目`: a description;
    - `“回归创业”工程`, `一把手工程`, `桩基工程`: 工程 after a quoted slogan, or after words with
      no place, firm or other proper name, is a programme or a part of the works;
    - `国家级石化产业基地`: a grade or scope word before 基地.
    """
    if ending == "项目":
        # 中国首个中外合资项目: a description of a project named elsewhere
        return stem.endswith(_PROJECT_CLASS) or "首个" in stem
    if ending == "工程":
        return stem.startswith("“") or stem.endswith("”") or \
            not (known.covers(start, end) or _has_proper_name(tokens, starts, start, end))
    if ending == "基地":
        return any(word in stem for word in _BASE_TITLE)
    return False


def names_one_thing(stem: str, head: str) -> bool:
    """True when a stem before a project head names one thing, not a class, programme or title
    (the checks `recognise_projects` makes that need no tokens)."""
    stem = trim_left(stem)
    capacity = _CAPACITY.match(stem)
    if capacity:  # 年产5万吨电池级碳酸锂: what the capacity is of names the project
        stem = stem[capacity.end():]
    # 万 opens names (万祥智造城) as well as quantities (万吨级项目)
    named_first = stem[:1] == "万" and stem[1:2] not in "吨元亩平千方台件级"
    if len(stem) < 2 or is_generic(stem, named_first) or stem.startswith(_VERB_FIRST):
        return False
    if head == "项目" and (stem.endswith(_PROJECT_CLASS) or "首个" in stem):
        return False
    return not (head == "基地" and any(word in stem for word in _BASE_TITLE))


# A stage reached right after a name (…生产基地正式开工, …工厂竣工投产): the name is of a project.
_STAGE_AFTER = re.compile(r"[^，。；,;]{0,3}?(?:开工|动工|奠基|竣工|投产|签约|开建)")


def _kind_without_a_name(stem: str, ending: str, known, start: int, after: str, weak: tuple[str, ...]) -> bool:
    """True when a weak ending (基地, 工厂, 市场: `weak_project` in terms.tsv) names a kind or a
    designation rather than one project: nothing but a firm's name in it (恒安生活用品生产基地), 项目
    after it (…基地项目), a stage it reaches right after it (…生产基地正式开工) or a phase
    (…二期市场) makes it one. 半导体产业基地, 智慧工厂, 食品专业市场 and 海峡西岸石化基地 are
    designations and kinds."""
    if not ending.endswith(weak) or after.startswith(("项目", "工程")) or _STAGE_AFTER.match(after):
        return False
    if any(known.kind_at(start + i) == "ENTERPRISE" for i in range(len(stem))):
        return False
    return not re.search(r"[一二三四五六七八九十\d]期", stem)


def _only_known_words(stem: str, known, start: int, vocab: Vocabulary) -> bool:
    """True when a stem is nothing but known places, chain terms, years and generic words (石化项目,
    泉港石化园区项目, 泉州市2023项目). A known firm's name with what it builds names the firm's project
    (百宏锂电池电解液项目); the firm's name alone (星云智慧项目) only refers to its projects."""
    firm = sum(1 for i in range(len(stem)) if known.kind_at(start + i) == "ENTERPRISE")
    if firm and len(stem) - firm >= 2:
        return False
    rest = "".join(c for i, c in enumerate(stem) if not known.ids[start + i])
    rest = re.sub(r"(?:19|20)\d\d年?(?:度)?", "", rest)  # 泉州市2023项目(奋战年): a place and a year name a campaign
    return is_generic(rest) and len(rest) < 2


# A stem this short with no proper name, code or quote in it describes a kind of project
# (供热项目, 公益项目, 意向项目) rather than naming one.
_SHORTEST_DESCRIPTIVE_NAME = 3


def _only_description(stem: str, tokens, starts, start: int, end: int, known) -> bool:
    """True when a short stem holds no proper name (firm, place, name token), code or quote."""
    if len(stem) >= _SHORTEST_DESCRIPTIVE_NAME or re.search(r"[A-Za-z0-9“”\"《》]", stem):
        return False
    if any(known.kind_at(i) in ("ENTERPRISE", "REGION") for i in range(start, end)):
        return False
    return not _has_proper_name(tokens, starts, start, end)


def _one_word(tokens, starts, start: int, end: int) -> bool:
    """True when the span is exactly one token of the segmenter's."""
    i = token_at(starts, start)
    return tokens[i][2] == start and tokens[i][3] == end


def _has_proper_name(tokens, starts, start: int, end: int) -> bool:
    """True when a span holds a proper-name token (person, place, organisation or other name)."""
    i = token_at(starts, start)
    while i < len(tokens) and tokens[i][2] < end:
        if tokens[i][1] in ("nr", "nz", "ns", "nt", "j", "nrt", "nrfg", "eng"):
            return True
        i += 1
    return False


def _is_bare_verb(tokens, starts, start: int, end: int) -> bool:
    """True when a stem is one verb or adjective (营造项目, 优化项目)."""
    i = token_at(starts, start)
    inside = [t for t in tokens[i:i + 4] if t[2] >= start and t[3] <= end]
    return len(inside) == 1 and inside[0][1].startswith(("v", "a", "d")) and inside[0][0] not in NAME_VERBS


_LIST_ITEM_SEP = "、"
# Words that introduce a list (主要生产A、B等公司的产品): the first item starts after them.
_LIST_LEAD_IN = re.compile(r"主要|重点|包括|涵盖|引进|引入|吸引|招引|生产|制造|供应|服务于?|代工|对接|拥有|集聚|聚集|覆盖")
# Endings of trades and sectors (机器人生产制造): an item with one and no proper name is no firm
# (firms' short names do end in 机械, 材料: 凹凸机械).
_SECTOR_ENDS = ("制造", "加工", "产业", "行业")


def listed(text: str, sentences, tokens, starts, known, kind: str, heads: tuple[str, ...],
            add_suffix: str = "") -> list[Mention]:
    """Mentions for the items of a list `A、B、C等(N个|一批…)HEAD`: each item is of `kind`."""
    out: list[Mention] = []
    known_set = known.set
    head_re = "|".join(map(re.escape, heads))
    for m in re.finditer(r"等(?:" + NUMERAL + r"?[个家项批]|一批|一系列|[^，。、；,;]{0,12}?)(?:" + head_re + ")", text):
        end = m.start()
        direct = re.fullmatch(r"等(?:" + NUMERAL + r"?[个家项批]|一批|一系列)?(?:" + head_re + ")", m.group(0)) is not None
        # the list runs back to the last clause break (an ellipsis too: 运动服、功能鞋……安踏、361°等品牌
        # lists products and then the brands)
        clause_start = max(text.rfind(c, 0, end) for c in "，。；：:！？\n,;…") + 1
        items = text[clause_start:end].split(_LIST_ITEM_SEP)
        if len(items) < 2 and kind != "PROJECT":
            continue  # one project before 等…项目 stands when it holds a proper name (below)
        pos = clause_start
        spans = []
        for item in items:
            s, e = pos, pos + len(item)
            pos = e + 1
            spans.append((s, e))
        # the first item begins after the verb that introduces the list
        s0, e0 = spans[0]
        first_start = extend_left(text, tokens, starts, e0, limit=e0 - s0, allow=known)
        lead_ins = list(_LIST_LEAD_IN.finditer(text, max(s0, first_start), e0))
        if lead_ins:  # 主要生产小米、华为等公司: the list opens after what the verb says
            first_start = lead_ins[-1].end()
        spans[0] = (max(s0, first_start), e0)
        for s, e in spans:
            while s < e and not text[s].strip():
                s += 1
            name = text[s:e].strip()
            if not (2 <= len(name) <= 30) or is_generic(name) or any(c in name for c in "，。,") \
                    or re.search(r"\d+[名位人]|代表|人才|协会", name) or (s, s + len(name)) in known_set:
                continue
            if kind == "PROJECT" and not _has_proper_name(tokens, starts, s, s + len(name)):
                continue  # 电子商务、智能制造等项目: kinds of project, not named ones
            if kind == "ENTERPRISE" and name.endswith(_SECTOR_ENDS) and not _has_proper_name(tokens, starts, s, s + len(name)):
                continue  # 机器人生产制造、纺织机械等企业: trades, not firms
            canonical = name if not add_suffix or name.endswith(("项目", "工程", "基地", "工厂", "产业园")) \
                else name + add_suffix
            listed_item = Mention(kind, name, s, s + len(name), sentence_index(sentences, s),
                                  canonical=canonical, method="rule", confidence=0.7)
            if kind == "ENTERPRISE" and not direct and not known.covers(s, s + len(name)) \
                    and not has_name_token(tokens, starts, s, s + len(name) + 1):
                if _one_word(tokens, starts, s, s + len(name)):
                    continue  # 供水、排水等市政公用企业: each item one dictionary word, a trade
                # 工业、交通、建筑等领域的企业: trades, unless the model says names (A、B等企业 says so)
                listed_item.attrs["unconfirmed"] = True
            out.append(listed_item)
    return out
