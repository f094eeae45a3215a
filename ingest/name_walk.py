"""The walk left from a name's ending that the rule-based recognisers share: which tokens can be
part of a name, where a name starts, and the word lists (`Vocabulary`) and known spans
(`KnownSpans`) they consult. The recognisers: projects (`ingest.projects`), zones, products and
enterprises (`ingest.recognise`), organisations (`ingest.orgs`), events (`ingest.events`) and
people (`ingest.people`).
"""
from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

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
现任 担任 出任 兼任 曾任 历任 荣任 当选 充分发挥 发挥 链接 成为 建设成为 代表 出席 致辞 表示 指出 介绍 会见
会长 董事长 总经理 主任 副 书记 市长 县长 记者 通讯员 讯 电 报道 来源
最大 最小 最多 首届 首批 平均 单个 上游 中游 下游 中下游 一个个 深化 全力
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
CJK_RUN = re.compile(r"[\u3400-\u9fff]+")
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
        if len(name) == 2 and name[1] in "老总董":
            return False  # 施老, 王总, 李董: a surname and a form of address, not a name
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


def ends_a_name(word: str, tag: str) -> bool:
    """True when a token ends the walk left: a name cannot hold it (a stop word, punctuation, a verb …)."""
    return _is_break(word, tag)


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


def is_generic(stem: str, named_first: bool = False) -> bool:
    """True when a name's stem (the part before its ending) names no particular thing.

    `named_first` says the stem opens with a proper name (a known firm or place, or a name
    token such as 中化泉州), so a first character that is usually a function word (中 of
    其中/…中) is part of that name.
    """
    rest = stem
    for word in _GENERIC_LONGEST_FIRST:
        rest = rest.replace(word, "")
    rest = re.sub(r"[\d.%个家项年月日“”\"'、，,·\s]", "", rest)
    if (stem[:1] in _BAD_FIRST and not (named_first and stem[:1] in NAME_FIRST)) \
            or stem.startswith(("所", "这", "该", "此")):
        return True
    return len(rest) < 2


_BAD_FIRST = set("号个期年月日名万亿余多及和与、·-/)）(（里内外中暨")
# Bad first characters that also open names (中化, 中通, 中石化, 万祥): accepted when a name starts there.
NAME_FIRST = set("中万")
_NAME_TAGS = ("nz", "nt", "ns", "nr", "nrt", "nrfg")  # not j: 中试, 中小 are abbreviations of terms


def name_starts_at(tokens, starts, known, pos: int) -> bool:
    """True when a proper name begins at `pos`: a known firm or place, or a name token of 2+ characters."""
    k = known.ids[pos]
    if k and (pos == 0 or known.ids[pos - 1] != k) and known.kind_at(pos) in ("ENTERPRISE", "REGION"):
        return True
    i = token_at(starts, pos)
    return tokens[i][2] == pos and len(tokens[i][0]) >= 2 and tokens[i][1] in _NAME_TAGS


NAME_TOKEN_TAGS = ("nr", "nz", "ns", "j", "eng", "ng", "x")


def has_name_token(tokens, starts, start: int, end: int) -> bool:
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
    return any(t[1].startswith(NAME_TOKEN_TAGS) or len(t[0]) == 1 for t in inside[:-1])
