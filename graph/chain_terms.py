"""Finding a chain and its terms: chain names, link terms in text, and the part of a sentence about one entity.

A term ties text to a link of one chain. The longest word wins, and chain names and the terms of
other chains count as words that tie to no link, so 油头—化身—锂电池 does not tie a sentence to the
link 锂电池, nor 苯乙烯 (another chain's term) to 乙烯.
"""
from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

from corpus import ChainDef, load_chains
from ingest.errors import NotFoundError

_NAME_NOISE = re.compile(r"[\s\-—–－_·/、]+")


def _name_key(text: str) -> str:
    return _NAME_NOISE.sub("", text).lower()


def find_chain(name: str, chains: Sequence[ChainDef] | None = None) -> ChainDef:
    """The chain called `name` (its id, name or an alias; dashes and spaces ignored).

    Raises NotFoundError listing the chains that exist.
    """
    chains = load_chains() if chains is None else chains
    key = _name_key(name or "")
    for chain in chains:
        if key and key in {_name_key(chain.id), *(_name_key(n) for n in chain.names)}:
            return chain
    known = "; ".join(f"{c.id} ({c.name})" for c in chains)
    raise NotFoundError(f"no chain {name!r}; chains: {known}")


class TermMatcher:
    """Finds a chain's terms in text, longest first; ASCII terms (PX, PET) only as whole words."""

    def __init__(self, term_links: dict[str, str], others: Iterable[str] = ()) -> None:
        """`others` are words matched so that the longest wins, then dropped: terms of other chains
        (苯乙烯 is not 乙烯) and chain names (油头—化身—锂电池 is not the link 锂电池)."""
        self.term_links = term_links
        every = set(term_links) | set(others)
        # A quick pattern of this chain's terms only: most text holds none of them, and then the
        # full longest-match scan over every chain's words is skipped.
        own = sorted(term_links, key=len, reverse=True)
        self.quick = re.compile("|".join(map(re.escape, own))) if own else None
        # A plain alternation of literals lets the regex engine skip ahead by first character;
        # boundary checks for ASCII terms would defeat that, so they are done in Python.
        cjk = sorted((t for t in every if not t.isascii()), key=len, reverse=True)
        ascii_terms = sorted((t for t in every if t.isascii()), key=len, reverse=True)
        self.pattern = re.compile("|".join(map(re.escape, cjk))) if cjk else None
        self.ascii = re.compile("|".join(map(re.escape, ascii_terms))) if ascii_terms else None
        self._cache: dict[str, tuple[tuple[int, int, str, str], ...]] = {}

    @classmethod
    def for_chain(cls, chain: ChainDef, chains: Sequence[ChainDef]) -> "TermMatcher":
        """The matcher of one chain, with every chain's names and terms as words that win when longer."""
        return cls(chain.term_links(), others=[*(n for c in (*chains, chain) for n in c.names),
                                                *(t for c in chains for link in c.links for t in link.terms)])

    def find(self, text: str) -> tuple[tuple[str, str], ...]:
        """(term, link id) for each distinct term in `text`."""
        return tuple(dict.fromkeys((term, link) for _, _, term, link in self.spans(text)))

    def spans(self, text: str) -> tuple[tuple[int, int, str, str], ...]:
        """(start, end, term, link id) of each of this chain's terms in `text`, longest leftmost."""
        if not text or self.quick is None:
            return ()
        hit = self._cache.get(text)
        if hit is None:
            hit = self._cache[text] = self._scan(text) if self.quick.search(text) else ()
        return hit

    def _scan(self, text: str) -> tuple[tuple[int, int, str, str], ...]:
        spans = [(m.start(), m.end()) for m in self.pattern.finditer(text)] if self.pattern else []
        if self.ascii is not None:
            for m in self.ascii.finditer(text):
                before = text[m.start() - 1] if m.start() else " "
                after = text[m.end()] if m.end() < len(text) else " "
                if not (before.isascii() and before.isalnum()) and not (after.isascii() and after.isalnum()):
                    spans.append((m.start(), m.end()))
        spans.sort(key=lambda se: (se[0], se[0] - se[1]))
        out = []
        end = -1
        for start, stop in spans:
            if start >= end:  # longest leftmost, no overlaps
                term = text[start:stop]
                if term in self.term_links:
                    out.append((start, stop, term, self.term_links[term]))
                end = stop
        return tuple(out)


_CLAUSE_END = re.compile(r"(?<=[，,；;：:。！？!?])")
WINDOW_CLAUSES = 4  # the clause naming an entity and the three after it


def name_core(name: str) -> str:
    """A name without a trailing 项目/工程, as text often writes it (盛屯碳酸锂电池等一批项目)."""
    for suffix in ("项目", "工程"):
        if name.endswith(suffix) and len(name) - len(suffix) >= 2:
            return name[: -len(suffix)]
    return name


def clauses(sentence: str) -> list[str]:
    """The clauses of a sentence, each with its closing punctuation."""
    return [c for c in _CLAUSE_END.split(sentence) if c]


def window_span(sentence: str, name: str, others: Sequence[str]) -> tuple[int, int]:
    """(start, end) of the part of a sentence that speaks about `name`: from the clause naming it
    (or the start) through at most WINDOW_CLAUSES clauses, stopping before a clause naming another
    entity, and within a clause before the next entity named after it. A long sentence often lists
    several projects; a term there belongs to the nearest one.
    """
    parts = clauses(sentence)
    offsets, at = [], 0
    for clause in parts:
        offsets.append(at)
        at += len(clause)
    first = next((i for i, c in enumerate(parts) if name in c), 0)
    last = first
    for i in range(first + 1, min(first + WINDOW_CLAUSES, len(parts))):
        if any(o and o in parts[i] for o in others):
            break
        last = i
    start, end = offsets[first], offsets[last] + len(parts[last])
    at = sentence.find(name, start) if name else -1
    if at >= 0:  # a list in one clause (A炼油厂、B项目、C电解液项目): A's and C's words are not B's
        start = max(start, sentence.rfind("、", start, at) + 1)
        after = at + len(name)
        end = min([end, *(i for o in others if o and o not in name and (i := sentence.find(o, after, end)) >= 0)])
    return start, end


def window(sentence: str, name: str, others: Sequence[str]) -> str:
    """The text of `window_span`."""
    start, end = window_span(sentence, name, others)
    return sentence[start:end]
