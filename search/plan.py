"""What a query asks every backend to look for: the units a document may match, in analysed words.

A query's *units* are its words (question words and particles left out), its quoted phrases
and its `a OR b` groups. A document matching every unit is an "all" match; when those are
fewer than a page, backends fill the page with "partial" matches, ranked by how many units
they match, then by BM25 on what matched, with adjacent query words found near each other
as a boost. A pasted sentence or paragraph (more words than a query holds) becomes a
more-like-this query: its most distinctive words are the units, and the page is all partial
matches. Planning is pure: backends give it their analyser and document frequencies.
"""
from __future__ import annotations

import math
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from itertools import pairwise

from search.errors import QueryError
from search.query import MAX_CLAUSES, parse_query

MAX_WORDS = 32  # analysed words a query may hold before it is taken as pasted text
SIMILAR_WORDS = 12  # the distinctive words a pasted text is searched by
# Words that ask rather than name: a question typed as a sentence (泉港有哪些石化项目) does not
# require them. Only whole analysed words are dropped (有限公司 and 哪吒 stay).
QUESTION_WORDS = frozenset("""
哪些 哪个 哪家 哪里 哪儿 哪 什么 啥 怎么 怎样 怎么样 如何 为什么 为何 多少 几个 几家 是否 是不是 有没有 有无
请问 一下 吗 呢 吧 啊 呀 么 的 地 得 了 着 过 有 是 在 和 与 及 以及 或 或者 都 也 就 还 被 把 对 从 向 给 等 等等
关于 相关 有关 哪一个 情况 怎样的 具体 目前 现在 最近 近期 我 我们 你 你们 请 想 想要 需要 知道 了解 查询 查找 搜索
""".split())


@dataclass(frozen=True)
class Alternative:
    """Analysed words that match together: all of them anywhere, or adjacent as a phrase."""

    words: tuple[str, ...]
    phrase: bool = False


@dataclass(frozen=True)
class Unit:
    """One thing a document may match: any of its alternatives (one, unless typed `a OR b`)."""

    alternatives: tuple[Alternative, ...]

    @property
    def words(self) -> list[str]:
        return [w for a in self.alternatives for w in a.words]


@dataclass
class QueryPlan:
    """The units of a query, what must not match, the words to highlight and what was left out."""

    units: list[Unit]
    excluded: list[Alternative] = field(default_factory=list)
    ignored: list[str] = field(default_factory=list)  # question words and particles not required
    similar: bool = False  # a pasted text, searched by its most distinctive words

    @property
    def words(self) -> list[str]:
        return [w for u in self.units for w in u.words]

    @property
    def can_fall_back(self) -> bool:
        """Whether partial matches differ from all matches (more than one unit to match)."""
        return len(self.units) > 1

    def adjacent_pairs(self) -> list[tuple[str, str]]:
        """Consecutive single-word units, which rank higher when found near each other."""
        singles = [u.alternatives[0].words[0] if len(u.alternatives) == 1 and len(u.alternatives[0].words) == 1
                   and not u.alternatives[0].phrase else None for u in self.units]
        return [(a, b) for a, b in pairwise(singles) if a and b and a != b]


def plan_query(text: str, analyse: Callable[[str], list[str]],
               doc_frequency: Callable[[str], int] | None = None, n_docs: int = 1) -> QueryPlan:
    """The plan for a query text; raises QueryError for a query that cannot be run.

    `analyse` gives a text's query words; `doc_frequency` (optional) how many documents hold
    a word, used to pick a pasted text's distinctive words (term frequency alone without it).
    """
    parsed = parse_query(text)
    units: list[Unit] = []
    ignored: list[str] = []
    plain_words: list[str] = []  # the words of unquoted single clauses, in order, for a pasted text
    for group in parsed.required:
        alternatives = []
        for clause in group:
            words = tuple(analyse(clause.text))
            if not words:
                continue
            if len(group) == 1 and not clause.phrase:
                plain_words.extend(words)
                for w in words:
                    if w in QUESTION_WORDS:
                        ignored.append(w)
                    else:
                        units.append(Unit((Alternative((w,)),)))
                continue
            alternatives.append(Alternative(words, phrase=clause.phrase and len(words) > 1))
        if alternatives:
            units.append(Unit(tuple(alternatives)))
    if not units and ignored:  # nothing but question words (的, 有): search for them after all
        units = [Unit((Alternative((w,)),)) for w in dict.fromkeys(ignored)]
        ignored = []
    units = list(dict.fromkeys(units))
    if not units:
        raise QueryError(f"no searchable words in {text!r}: punctuation alone matches nothing",
                         "搜索内容里没有可以查找的词（只有标点）")
    excluded = [Alternative(tuple(ws), phrase=c.phrase and len(ws) > 1)
                for c in parsed.excluded if (ws := analyse(c.text))]
    plan = QueryPlan(units, excluded, list(dict.fromkeys(ignored)))
    n_clauses = len(parsed.clauses()) + len(parsed.excluded)
    if n_clauses > MAX_CLAUSES or len(plan.words) + len(excluded) > MAX_WORDS:
        return _similar(plan, plain_words, doc_frequency, n_docs)
    return plan


def _similar(plan: QueryPlan, plain_words: list[str], doc_frequency, n_docs: int) -> QueryPlan:
    """A pasted text's plan: its phrases and OR groups, then its most distinctive words."""
    kept = [u for u in plan.units if len(u.alternatives) > 1 or u.alternatives[0].phrase][:SIMILAR_WORDS // 2]
    counts = Counter(w for w in plain_words if w not in QUESTION_WORDS and not w.replace(".", "").isdigit())
    scored = []
    for word, tf in counts.items():
        weight = 1.0 + math.log(tf)
        if doc_frequency is not None:
            df = doc_frequency(word)
            if df == 0:
                continue  # in no document: cannot help find one
            weight *= math.log(1 + max(n_docs, 1) / df)
        weight *= min(len(word), 4)  # longer words name things; single characters rarely do
        scored.append((-weight, plain_words.index(word), word))
    words = [w for _, _, w in sorted(scored)[:SIMILAR_WORDS - len(kept)]]
    units = kept + [Unit((Alternative((w,)),)) for w in sorted(words, key=plain_words.index)]
    if not units:
        raise QueryError("none of the words of the pasted text occur in any document", "粘贴的文字中没有任何词出现在文档里")
    return QueryPlan(units, plan.excluded[:SIMILAR_WORDS], plan.ignored, similar=True)


def partial_window(plan: QueryPlan, total_all: int, offset: int, limit: int) -> tuple[int, int] | None:
    """(offset, limit) among the partial matches for the page at `offset`, or None when the page
    shows none: the all-words matches fill a page, or there is only one unit to match."""
    if not plan.can_fall_back or total_all >= limit:
        return None
    shown_all = max(0, min(total_all - offset, limit))
    return max(0, offset - total_all), limit - shown_all
