"""Rule-based recognisers for names the lexicon cannot list: projects, zones and parks, products,
enterprises by their legal form; and the walk left from a name's ending they share with the
recognisers of organisations (`ingest.orgs`), events (`ingest.events`) and people
(`ingest.people`). Dates: `ingest.dates`.

Each recogniser is a pure function of the analysed text, its sentences, its tokens (word, POS,
start, end) and the `Vocabulary` (hand-written word lists from `corpus/data/terms.tsv`), and
returns `Mention`s. Names are found from their ending (项目, 商会, 大会, 有限公司 ...) and
extended to the left over tokens that can be part of a name, stopping at words that govern
a name (推动, 是, 的, 与 ...) and at punctuation.
"""
from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from ingest.extract import anchored_finditer, sentence_index
from ingest.model import Mention, Sentence
from ingest.segment import Token

# Words that end a name when walking left from its ending: verbs that take a name as their
# object, function words and quantities.
STOP_WORDS = frozenset("""
是 为 的 了 在 与 和 同 跟 及其 以及 或 等 将 把 被 对 向 从 由 以 于 至 到 并 且 又 也 都 就 还 已 已经 正 正在
推动 推进 加快 加速 促进 包括 涵盖 分别 如 有 其中 签约 签订 签署 开工 竣工 投产 举行 举办 参加 参与 实现 完成 启动
落户 落地 引进 引入 打造 建成 新建 位于 选址 围绕 聚焦 支持 服务 带动 吸引 对接 协调 解决 走访 调研 组织 召开
该 此 本 这 那 这些 那些 其 各 每 全 全市 全县 全区 全省 我市 我县 我区 当天 今年 去年 明年 近日 日前 此次 本次
一批 一个 一系列 多个 个 家 项 集中 重点 重大 一季度 二季度 三季度 四季度 上半年 下半年 活动 仪式 现场 期间
前 后 内 外 上 下 里 时 共 约 近 超 达 占 年产 计划 预计 预期 拟 力争 争取 获批 开展 持续 不断 积极 大力 高效 有力
现任 担任 出任 兼任 曾任 历任 荣任 当选 充分发挥 发挥 链接 成为 建设成为 代表 出席 致辞 表示 指出 介绍 会见 会长 董事长 总经理 主任 副 书记 市长 县长 记者 通讯员 讯 电 报道 来源
""".split())
# Words that may sit inside a project name although they are verbs (扩建项目, 技术改造).
NAME_VERBS = frozenset("""
扩建 改建 改扩建 新建 技改 改造 技术改造 生产 加工 制造 研发 建设 智造 开发 提升 升级 更新 配套 综合 利用 深加工
综合利用 仓储 物流 养老 孵化 创新 储能 新增 接线 集成 检测 回收 示范 融合 提效 孪生 快递 联合 研制 冶炼 种植 养殖
数字化 智能化 绿色化 运营 交易 展示 显示 培训 发展 转型 总部 扩产 增资 一体化 合资
一期 二期 三期 四期 首期 创意 青年
""".split())
# Conjunctions that join two parts of one name (研发与产业化项目, 乙烯及炼油改扩建项目) when a
# part beside them is a name verb or both are chain terms; elsewhere they join two names.
_NAME_JOINERS = ("及", "与")
GENERIC = frozenset("""
重大 重点 招商 产业 签约 开工 竣工 投产 集中 基础设施 社会事业 民生 外企 央企 民企 台资 外资 侨资 增资扩产 亿元以上
省库 一批 这些 该 此 本 好 大 新 全市 项目 工程 基地 产业园 工厂 中心 市级 省级 国家级 重点招商 招大引强 高质量
先进制造业 制造业 服务业 现代服务业 文旅 在建 续建 新开工 拟建 开竣工 示范 标杆 龙头 亿元 以上 单个 一期 二期 三期
""".split())
_GENERIC_LONGEST_FIRST = tuple(sorted(GENERIC, key=len, reverse=True))
_QUOTE_OPEN = {"”": "“", "’": "‘", "」": "「", "》": "《", ")": "(", "）": "（"}
CJK = re.compile(r"[\u3400-\u9fff]")
NUMERAL = r"(?:\d+|[零〇一二两三四五六七八九十百千]+)"


@dataclass
class Vocabulary:
    """Word lists for the recognisers, from the lexicon's terms (see corpus/data/terms.tsv)."""

    terms: dict[str, dict[str, str]]
    surnames: frozenset[str] = frozenset()
    double_surnames: frozenset[str] = frozenset()
    kinds: dict[str, tuple[str, ...]] = field(default_factory=dict)
    # Answers of per-word tests the recognisers make again and again (see Tokens.where).
    memos: dict[str, dict[str, bool]] = field(default_factory=dict, compare=False, repr=False)
    patterns: dict[str, str] = field(default_factory=dict, compare=False, repr=False)

    def __post_init__(self) -> None:
        for kind, words in self.terms.items():
            self.kinds[kind] = tuple(sorted(words, key=len, reverse=True))

    def words(self, kind: str) -> tuple[str, ...]:
        """Words of one kind, longest first."""
        return self.kinds.get(kind, ())

    def alternation(self, kind: str) -> str:
        """A regular expression matching any word of one kind, longest first (made once)."""
        found = self.patterns.get(kind)
        if found is None:
            found = self.patterns[kind] = "|".join(map(re.escape, self.words(kind)))
        return found

    @classmethod
    def from_lexicon(cls, lexicon) -> Vocabulary:
        """The vocabulary of a lexicon, with the surnames from corpus/data/surnames.txt."""
        from corpus.lexicon import DATA_DIR

        line = ""
        for raw in (DATA_DIR / "surnames.txt").read_text(encoding="utf-8").splitlines():
            if raw.strip() and not raw.startswith("#"):
                line = raw.strip()
        doubles = {"欧阳", "司马", "诸葛", "上官", "司徒"}
        return cls(dict(lexicon.terms), frozenset(line), frozenset(doubles))

    def is_person_name(self, name: str) -> bool:
        """True when `name` looks like a Chinese personal name (surname + 1-2 characters)."""
        if not 2 <= len(name) <= 4 or not all(CJK.match(c) for c in name):
            return False
        if name[:2] in self.double_surnames:
            return len(name) in (3, 4)
        return name[0] in self.surnames and len(name) <= 3


class KnownSpans:
    """Spans of known names in a text, answering 'is this inside a known name?' in constant time."""

    def __init__(self, spans: Sequence[tuple[int, int]], length: int, kinds: Sequence[str] = ()) -> None:
        self.spans = list(spans)
        self.kinds = list(kinds)  # mention type of each span, when known
        self.set = set(self.spans)
        self.ids = [0] * (length + 1)
        for k, (a, b) in enumerate(self.spans, 1):
            self.ids[a:b] = [k] * (b - a)

    def contains(self, start: int, end: int) -> bool:
        """True when [start, end) lies inside one known name."""
        k = self.ids[start]
        return k != 0 and end > start and self.ids[end - 1] == k

    def covers(self, start: int, end: int) -> bool:
        """True when any character of [start, end) belongs to a known name."""
        return any(self.ids[start:end])

    def kind_at(self, pos: int) -> str:
        """The mention type of the known name holding character `pos` ("" if none or not known)."""
        k = self.ids[pos]
        return self.kinds[k - 1] if k and k <= len(self.kinds) else ""

    def __iter__(self):
        return iter(self.spans)


def token_at(starts: Sequence[int], pos: int) -> int:
    """Index of the token that holds character `pos`."""
    import bisect

    return max(0, bisect.bisect_right(starts, pos) - 1)


def _is_break(word: str, tag: str) -> bool:
    if word in STOP_WORDS:
        return True
    if not word.strip():
        return True
    if tag.startswith("x") and word not in "“”‘’·()（）《》-—/":
        return True
    if tag.startswith(("v", "p", "c", "u", "r", "d", "t")) and word not in NAME_VERBS and tag != "vn":
        return True
    return False


def extend_left(text: str, tokens: Sequence[Token], starts: Sequence[int], end_start: int,
                limit: int = 30, allow: KnownSpans | None = None) -> int:
    """The start of a name whose ending starts at `end_start`: walk left over name tokens.

    `allow` lists spans (known names) that are always part of a name.
    """
    start = end_start
    i = token_at(starts, end_start - 1) if end_start > 0 else -1
    while i >= 0 and end_start - tokens[i][2] <= limit:
        word, tag, s, e = tokens[i]
        if e > start:  # token overlaps the ending itself
            i -= 1
            continue
        if allow is not None and allow.contains(s, e):
            start = s
            i -= 1
            continue
        if word in _QUOTE_OPEN:  # a quoted or bracketed part: jump to its opening mark
            opening = text.rfind(_QUOTE_OPEN[word], max(0, s - 24), s)
            if opening < 0:
                break
            start = opening
            i = token_at(starts, opening) - 1
            continue
        if word in ("#", "＃") and 0 < i and tokens[i - 1][1] == "m":  # 6#泊位工程: a numbered part
            start = s
            i -= 1
            continue
        if word in _NAME_JOINERS and 0 < i and _joins_one_name(tokens, i, allow):
            start = s
            i -= 1
            continue
        if word in "“‘「《(（" or _is_break(word, tag) or (word == "—" and "——" in text[s - 1:e + 1]):
            break  # —— sets a phrase apart; a single dash may join parts of a name
        if word in ("投资", "总投资", "计划投资") and i + 1 < len(tokens) and tokens[i + 1][1] == "m":
            break  # 投资200亿元的…项目: the amount is not part of the name
        start = s
        i -= 1
    return _past_opening_aside(text, start, end_start)


def _past_opening_aside(text: str, start: int, end_start: int) -> int:
    """Where a name starts when the walk left took in a bracket before it: after the bracket.

    A bracket opening a name is an aside before it, a byline or a note ((记者陈凌鹭)泉州市首届…
    大会), not part of it; brackets inside a name (泉州(南安)光电信息产业基地) stay.
    """
    if text[start:start + 1] not in "(（":
        return start
    close = re.search(r"[)）]", text[start:end_start])
    if close is None:
        return start
    start += close.end()
    while start < end_start and not text[start].strip():
        start += 1
    return start


def _joins_one_name(tokens: Sequence[Token], i: int, allow: KnownSpans | None) -> bool:
    """True when the conjunction at token `i` sits inside one name (see _NAME_JOINERS)."""
    if i + 1 >= len(tokens):
        return False
    left, right = tokens[i - 1], tokens[i + 1]
    if left[0] in NAME_VERBS or right[0] in NAME_VERBS:
        return True
    return allow is not None and allow.kind_at(left[2]) == "CHAIN" and allow.kind_at(right[2]) == "CHAIN"


def trim_left(name: str) -> str:
    """Drop quantities and generic words at the start of a name (7个集中签约项目 -> 签约项目)."""
    prev = None
    while prev != name:
        prev = name
        name = re.sub(r"^(\d+(?:\.\d+)?(个|家|项|批|大)?|[一二两三四五六七八九十百千]+(个|家|项|批|大))", "", name)
        for word in ("集中", "一批", "重点", "重大", "其中", "及", "和", "、", "·", "-", "/"):
            if name.startswith(word):
                name = name[len(word):]
    return name


def _is_generic(stem: str, named_first: bool = False) -> bool:
    """True when a name's stem (the part before its ending) names no particular thing.

    `named_first` says the stem opens with a proper name (a known firm or place, or a name
    token such as 中化泉州), so a first character that is usually a function word (中 of
    其中/…中) is part of that name.
    """
    rest = stem
    for word in _GENERIC_LONGEST_FIRST:
        rest = rest.replace(word, "")
    rest = re.sub(r"[\d.%个家项年月日“”\"'、，,·\s]", "", rest)
    if (stem[:1] in _BAD_FIRST and not (named_first and stem[:1] in _NAME_FIRST)) \
            or stem.startswith(("所", "这", "该", "此")):
        return True
    return len(rest) < 2


_BAD_FIRST = set("号个期年月日名万亿余多及和与、·-/)）(（里内外中暨")
# Bad first characters that also open names (中化, 中通, 中石化, 万祥): accepted when a name starts there.
_NAME_FIRST = set("中万")
_NAME_TAGS = ("nz", "nt", "ns", "nr", "nrt", "nrfg")  # not j: 中试, 中小 are abbreviations of terms


def _name_starts_at(tokens, starts, known, pos: int) -> bool:
    """True when a proper name begins at `pos`: a known firm or place, or a name token of 2+ characters."""
    k = known.ids[pos]
    if k and (pos == 0 or known.ids[pos - 1] != k) and known.kind_at(pos) in ("ENTERPRISE", "REGION"):
        return True
    i = token_at(starts, pos)
    return tokens[i][2] == pos and len(tokens[i][0]) >= 2 and tokens[i][1] in _NAME_TAGS


# ---------------------------------------------------------------------------- projects
def recognise_projects(text: str, sentences: list[Sentence], tokens: Sequence[Token], starts: Sequence[int],
                       vocab: Vocabulary, known: Sequence[tuple[int, int]]) -> list[Mention]:
    """PROJECT mentions: names ending in 项目/工程/基地/产业园/工厂…, and items listed before 等项目."""
    pattern = re.compile("(" + vocab.alternation("project") + r")(?:[(（][^()（）]{0,4}期[)）])?")
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
        name_start = start + (len(text[start:suffix_start]) - len(trim_left(text[start:suffix_start])))
        stem = text[name_start:suffix_start]
        named_first = stem[:1] in _NAME_FIRST and _name_starts_at(tokens, starts, known, name_start)
        if len(stem) < 2 or _is_generic(stem, named_first) or stem.startswith(_VERB_FIRST) \
                or _only_known_words(stem, known, name_start, vocab) \
                or _is_bare_verb(tokens, starts, name_start, suffix_start) \
                or _names_no_project(stem, m.group(1), tokens, starts, name_start, suffix_start, known) \
                or _only_description(stem, tokens, starts, name_start, suffix_start, known):
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
    out.extend(_listed(text, sentences, tokens, starts, known, "PROJECT", ("项目",), "项目"))
    out.extend(_listed_after(text, sentences, tokens, starts, known, vocab))
    return out


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
            if not (2 <= len(name) <= 30) or _is_generic(name) or (s, e) in known.set \
                    or not _has_proper_name(tokens, starts, s, e):
                continue
            canonical = name if name.endswith(endings) else name + "项目"
            out.append(Mention("PROJECT", name, s, e, sentence_index(sentences, s), canonical=canonical,
                               method="rule", confidence=0.7))
    return out


def _capacity_name_start(text: str, tokens, starts, known, start: int) -> int:
    """Where a name holding a capacity phrase starts (晋江年产50万吨差别化直纺长丝项目).

    年产 stops the walk left (产值 and 年产N万吨 in running text are no names), but right after a
    known place or firm it is part of the project's name: the walk goes on from before 年产
    and is kept when it takes in that place or firm.
    """
    if start < 3 or text[start - 2:start] != "年产" or known.kind_at(start - 3) not in ("REGION", "ENTERPRISE"):
        return start
    return extend_left(text, tokens, starts, start - 2, allow=known)


# Verb phrases that end before the name of what they build, never inside it.
_BUILD_VERBS = ("投资建设", "投资兴建", "投资新建", "投资打造", "开工建设", "落户")
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
    capacity = re.match(r"年产(?:能)?[\d.]+[万千百]?(?:吨|件|台|套|片|双|平方米|立方米|吉瓦时|GWh)", stem)
    if capacity:  # 年产5万吨电池级碳酸锂: what the capacity is of names the project
        stem = stem[capacity.end():]
    # 万 opens names (万祥智造城) as well as quantities (万吨级项目)
    named_first = stem[:1] == "万" and stem[1:2] not in "吨元亩平千方台件级"
    if len(stem) < 2 or _is_generic(stem, named_first) or stem.startswith(_VERB_FIRST):
        return False
    if head == "项目" and (stem.endswith(_PROJECT_CLASS) or "首个" in stem):
        return False
    return not (head == "基地" and any(word in stem for word in _BASE_TITLE))


def _only_known_words(stem: str, known, start: int, vocab: Vocabulary) -> bool:
    """True when a stem is nothing but known places, chain terms, years and generic words (石化项目,
    泉港石化园区项目, 泉州市2023项目). A known firm's name with what it builds names the firm's project
    (百宏锂电池电解液项目); the firm's name alone (星云智慧项目) only refers to its projects."""
    firm = sum(1 for i in range(len(stem)) if known.kind_at(start + i) == "ENTERPRISE")
    if firm and len(stem) - firm >= 2:
        return False
    rest = "".join(c for i, c in enumerate(stem) if not known.ids[start + i])
    rest = re.sub(r"(?:19|20)\d\d年?(?:度)?", "", rest)  # 泉州市2023项目(奋战年): a place and a year name a campaign
    return _is_generic(rest) and len(rest) < 2


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


def _listed(text: str, sentences, tokens, starts, known, kind: str, heads: tuple[str, ...],
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
        lead_in = None
        for lead_in in _LIST_LEAD_IN.finditer(text, max(s0, first_start), e0):
            pass
        if lead_in is not None:  # 主要生产小米、华为等公司: the list opens after what the verb says
            first_start = lead_in.end()
        spans[0] = (max(s0, first_start), e0)
        for s, e in spans:
            while s < e and not text[s].strip():
                s += 1
            name = text[s:e].strip()
            if not (2 <= len(name) <= 30) or _is_generic(name) or any(c in name for c in "，。,") \
                    or re.search(r"\d+[名位人]|代表|人才|协会", name) or (s, s + len(name)) in known_set:
                continue
            if kind == "PROJECT" and not _has_proper_name(tokens, starts, s, s + len(name)):
                continue  # 电子商务、智能制造等项目: kinds of project, not named ones
            if kind == "ENTERPRISE" and name.endswith(_SECTOR_ENDS) and not _has_proper_name(tokens, starts, s, s + len(name)):
                continue  # 机器人生产制造、纺织机械等企业: trades, not firms
            canonical = name if not add_suffix or name.endswith(("项目", "工程", "基地", "工厂", "产业园")) \
                else name + add_suffix
            item = Mention(kind, name, s, s + len(name), sentence_index(sentences, s),
                           canonical=canonical, method="rule", confidence=0.7)
            if kind == "ENTERPRISE" and not direct and not known.covers(s, s + len(name)) \
                    and not _has_name_token(tokens, starts, s, s + len(name) + 1):
                # 工业、交通、建筑等领域的企业: trades, unless the model says names (A、B等企业 says so)
                item.attrs["unconfirmed"] = True
            out.append(item)
    return out


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
            if e - s < 2 or known.covers(s, e) or _is_generic(text[s:e]):
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
        if len(stem) < 2 or _is_generic(stem) or stem.startswith(("国家", "省级", "头顶")) or verbs:
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
    for m in pattern.finditer(text):
        start = extend_left(text, tokens, starts, m.start(), limit=24, allow=known)
        t = token_at(starts, m.start())
        word, tag, t_start, t_end = tokens[t]
        if t_start < m.start() and t_end == m.end() and tag in ("nz", "nt") and t_start > start:
            start = t_start  # 考察团参观九牧集团: the dictionary's firm name is the whole name
        stem = text[start:m.start()]
        if len(stem) < 2 or _is_generic(stem) or stem in ("本", "该", "子", "分", "母"):
            continue
        if m.group(0) == "公司" and len(stem) < 2:
            continue
        if m.group(0) == "集团" and stem.endswith(not_firm):
            continue  # 十国集团, 卖国集团, 企业集团: a bloc, a faction or a kind of firm
        found = Mention("ENTERPRISE", text[start:m.end()], start, m.end(), sentence_index(sentences, start),
                        canonical=text[start:m.end()], method="rule", confidence=0.8)
        if not known.covers(start, m.start()) and not _has_name_token(tokens, starts, start, m.end()):
            # 上市公司, 运营公司, 企业集团, 远航科技有限公司: nothing in it is a name to the tagger;
            # the name model is asked (ingest.name_model.confirm_names)
            found.attrs["unconfirmed"] = True
        out.append(found)
    out.extend(_listed(text, sentences, tokens, starts, known, "ENTERPRISE", ("企业", "公司", "品牌", "厂商")))
    return [m for m in out if m.method == "rule" and (m.confidence >= 0.8 or _looks_like_firm(m.text))]


_NAME_TOKEN_TAGS = ("nr", "nz", "ns", "j", "eng", "ng", "x")


def _has_name_token(tokens, starts, start: int, end: int) -> bool:
    """True when a firm's name holds a token the tagger reads as a name (利澳/ns, 金泓/nr), a
    single character (鹭/芯: an unknown name cut up) or Latin letters; a name that is one
    dictionary word (上市公司/nt) has none."""
    i = token_at(starts, start)
    inside = []
    while i < len(tokens) and tokens[i][2] < end:
        inside.append(tokens[i])
        i += 1
    if len(inside) <= 1:
        return bool(inside) and inside[0][1].startswith(("nr", "nz", "ns"))
    return any(t[1].startswith(_NAME_TOKEN_TAGS) or len(t[0]) == 1 for t in inside[:-1])


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
