"""The gazetteer: names from the lexicon (regions, known enterprises, chain terms) found in text,
at token starts when the text is segmented, never cutting a run of Latin letters or digits."""
from __future__ import annotations

from itertools import compress

from ingest.mentions import sentence_index
from ingest.model import Mention, Sentence
from ingest.segment import MAX_MEMO, Tokens

_NONE, _NAME, _MAYBE = 0, 1, 2  # a token begins no name, is a name, may begin a name


class Gazetteer:
    """Longest-match lookup of known names in text (a dict keyed by name, scanned by length).

    A name never cuts a run of Latin letters or digits (`fits`): LED is not in MicroOLED.
    """

    def __init__(self, names: dict[str, tuple[str, str]]) -> None:
        # name -> (mention type, canonical key)
        self.names = names
        self.lengths = sorted({len(n) for n in names}, reverse=True)
        lengths: dict[str, set[int]] = {}
        for n in names:
            lengths.setdefault(n[0], set()).add(len(n))
        # first character -> the lengths of the names starting with it, longest first
        self.by_first = {c: sorted(ls, reverse=True) for c, ls in lengths.items()}
        # The same by first two characters (most token starts begin no name, and a common first
        # character such as 中 starts names of a dozen lengths), and the one-character names.
        by_two: dict[str, set[int]] = {}
        for n in names:
            if len(n) >= 2:
                by_two.setdefault(n[:2], set()).add(len(n))
        self.by_two = {p: sorted(ls, reverse=True) for p, ls in by_two.items()}
        self.single = {n for n in names if len(n) == 1}
        # Every proper prefix of a name: a token that is one may begin a longer name.
        self.prefixes = {n[:k] for n in names for k in range(1, len(n))}
        self._kinds: dict[str, int] = {}  # token word -> _NONE, _NAME or _MAYBE

    def find_in_tokens(self, text: str, tokens: Tokens) -> list[tuple[int, int, str, str]]:
        """Like `find`, but names may only start where a token of `text` starts.

        A segmenter loaded with the same names keeps most of them whole, so a token is looked
        up once per distinct word: it is a name (and no longer name starts with it), begins no
        name at all, or needs the longest match tried at its start.
        """
        words = tokens.words
        kinds = self._kinds
        if len(kinds) > MAX_MEMO:
            kinds = self._kinds = {}
        for word in tokens.distinct.difference(kinds):
            kinds[word] = self._kind(word)
        out = []
        starts, names = tokens.starts, self.names
        covered = 0
        for i in compress(range(len(words)), map(kinds.__getitem__, words)):
            start = starts[i]
            if start < covered:
                continue
            word = words[i]
            if kinds[word] == _NAME and fits(text, start, start + len(word)):
                hit = names[word]
                covered = start + len(word)
                out.append((start, covered, hit[0], hit[1]))
                continue
            found = self._longest_at(text, start)
            if found:
                covered = found[1]
                out.append(found)
        return out

    def _kind(self, word: str) -> int:
        """How a token `word` relates to the names: see `find_in_tokens`."""
        if word in self.prefixes:  # a longer name may start with it
            return _MAYBE
        if word in self.names:
            return _NAME
        return _MAYBE if any(word[:k] in self.names for k in range(1, len(word))) else _NONE

    def _longest_at(self, text: str, i: int) -> tuple[int, int, str, str] | None:
        """(start, end, type, key) of the longest name starting at `i`, or None."""
        lengths = self.by_two.get(text[i:i + 2])
        if lengths:
            room = len(text) - i
            for length in lengths:
                if length > room:
                    continue
                hit = self.names.get(text[i:i + length])
                if hit and fits(text, i, i + length):
                    return i, i + length, hit[0], hit[1]
        if text[i] in self.single and fits(text, i, i + 1):
            hit = self.names[text[i]]
            return i, i + 1, hit[0], hit[1]
        return None

    def find(self, text: str) -> list[tuple[int, int, str, str]]:
        """(start, end, type, key) of every longest, leftmost non-overlapping known name."""
        out = []
        i, n = 0, len(text)
        by_first = self.by_first
        while i < n:
            lengths = by_first.get(text[i])
            if lengths:
                for length in lengths:
                    hit = self.names.get(text[i:i + length]) if length <= n - i else None
                    if hit and fits(text, i, i + length):
                        out.append((i, i + length, hit[0], hit[1]))
                        i += length
                        break
                else:
                    i += 1
            else:
                i += 1
        return out


def _latin(c: str) -> bool:
    return c.isascii() and c.isalnum()


def fits(text: str, start: int, end: int) -> bool:
    """False when [start, end) cuts a run of Latin letters or digits (LED in MicroOLED, PET in PETG)."""
    return not ((start > 0 and _latin(text[start]) and _latin(text[start - 1]))
                or (end < len(text) and _latin(text[end - 1]) and _latin(text[end])))


def recognise_known_names(text: str, sentences: list[Sentence], gazetteer: Gazetteer,
                          tokens: Tokens | None = None) -> list[Mention]:
    """REGION, ENTERPRISE and CHAIN mentions of names in the lexicon.

    With `tokens` (from a segmenter loaded with the same names) names are only looked for
    where a token starts, which is several times faster than at every character.
    """
    hits = gazetteer.find(text) if tokens is None else gazetteer.find_in_tokens(text, tokens)
    return [Mention(kind, text[s:e], s, e, sentence_index(sentences, s), canonical=key, method="lexicon")
            for s, e, kind, key in hits]
