"""The query language users type, parsed into a small tree every backend compiles.

Syntax (the only syntax; everything else is text to search for):
- words separated by spaces must all match (``碳酸锂 泉港``);
- ``"..."`` (or “...” 「...」) is a phrase whose words must be adjacent;
- ``-word`` or ``-"phrase"`` excludes documents that contain it;
- ``a OR b`` (also ``|``) matches either side; OR binds tighter than the implicit AND, so
  ``碳酸锂 泉港 OR 泉州`` means 碳酸锂 AND (泉港 OR 泉州).

Parsing is pure and never touches an index, so a malformed query is rejected with a
`QueryError` that says what to change before any backend sees it. Characters that mean
something to a backend's own parser (``:*?~^()[]{}\\/``) are plain text here; backends build
query objects (or escape) rather than pasting user text into their syntax.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

from search.errors import QueryError

MAX_QUERY_CHARS = 2000  # a pasted paragraph; long texts become more-like-this queries (search.plan)
MAX_CLAUSES = 12

_QUOTES = {'"': '"', "“": "”", "「": "」", "『": "』", "”": "”"}
_OR_WORDS = {"OR", "|", "||"}
_OR_ZH = "OR 两边都要有词，例如：泉港 OR 泉州"


@dataclass(frozen=True)
class Clause:
    """A word group or a phrase as typed; `phrase` asks for adjacent words."""

    text: str
    phrase: bool = False


@dataclass
class ParsedQuery:
    """Every group in `required` must match (a group matches if any of its clauses does);
    no clause in `excluded` may match."""

    required: list[list[Clause]] = field(default_factory=list)
    excluded: list[Clause] = field(default_factory=list)

    def clauses(self) -> list[Clause]:
        return [c for group in self.required for c in group]


def normalise_query(text: str) -> str:
    """Full-width letters, digits and punctuation folded to ASCII (NFKC), spaces collapsed."""
    return " ".join(unicodedata.normalize("NFKC", text or "").split())


def _lex(text: str) -> list[tuple[str, str]]:
    """(kind, value) tokens: 'word', 'phrase', 'not-word', 'not-phrase', 'or'."""
    out: list[tuple[str, str]] = []
    i, n = 0, len(text)
    while i < n:
        ch = text[i]
        if ch.isspace():
            i += 1
            continue
        negated = False
        if ch in "-－" and i + 1 < n and not text[i + 1].isspace():
            negated, i = True, i + 1
            ch = text[i]
        if ch in _QUOTES:
            close = _QUOTES[ch]
            end = text.find(close, i + 1)
            if end < 0 and close != '"':
                end = text.find('"', i + 1)
            if end < 0:
                raise QueryError(f"unclosed quote in {text!r}: add the closing {close} or remove the {ch}",
                                 f"引号没有闭合：请补上 {close}，或删去 {ch}")
            out.append(("not-phrase" if negated else "phrase", text[i + 1:end].strip()))
            i = end + 1
            continue
        m = re.compile(r"[^\s\"“”「」『』]+").match(text, i)
        word = m.group(0) if m else ch
        i += len(word)
        if not negated and word in _OR_WORDS:
            out.append(("or", word))
        else:
            out.append(("not-word" if negated else "word", word))
    return out


def parse_query(text: str) -> ParsedQuery:
    """The query tree for `text`; raises QueryError naming what is wrong."""
    raw = normalise_query(text)
    if not raw:
        raise QueryError("empty query: type one or more words", "请输入要搜索的词")
    if len(raw) > MAX_QUERY_CHARS:
        raise QueryError(f"query too long ({len(raw)} characters; at most {MAX_QUERY_CHARS})",
                         f"搜索内容太长（{len(raw)} 个字符，最多 {MAX_QUERY_CHARS} 个）：请删减后再搜索")
    tokens = _lex(raw)
    parsed = ParsedQuery()
    pending_or = False
    for kind, value in tokens:
        if kind == "or":
            if not parsed.required or pending_or:
                raise QueryError(f"OR needs a word on each side in {raw!r}", _OR_ZH)
            pending_or = True
            continue
        if kind.startswith("not-"):
            if pending_or:
                raise QueryError(f"cannot OR an exclusion (-{value}) in {raw!r}: exclusions apply to the "
                                 "whole query", f"排除词（-{value}）不能与 OR 连用：排除词作用于整个搜索")
            if value:
                parsed.excluded.append(Clause(value, phrase=kind == "not-phrase"))
            continue
        if not value:  # an empty phrase ""
            if pending_or:
                raise QueryError(f"OR needs a word on each side in {raw!r}", _OR_ZH)
            continue
        clause = Clause(value, phrase=kind == "phrase")
        if pending_or:
            parsed.required[-1].append(clause)
            pending_or = False
        else:
            parsed.required.append([clause])
    if pending_or:
        raise QueryError(f"OR needs a word on each side in {raw!r}", _OR_ZH)
    if not parsed.required:
        raise QueryError(f"nothing to search for in {raw!r}: add a word that documents must contain "
                         "(exclusions such as -word only narrow a search)",
                         "请至少输入一个要查找的词（-词 只用于排除）")
    return parsed
