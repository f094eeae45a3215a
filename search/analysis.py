"""The Chinese analyzer: the ingestion segmenter's words for the search backends.

Text is analysed as extraction reads it (`ingest.normalise.normalise_text`): simplified script,
pinyin annotations such as the `(qū)` in `區(qū)` removed, lines a page's columns broke
mid-sentence joined. So `開發(fā)區(qū)` is indexed as 开发区, and offsets are mapped back to the
original text, which is what is shown and highlighted.

Contract (whoosh): tokens carry `pos` (one per precise-mode word), `startchar`/`endchar`
(offsets in the original text), and text in simplified script. At index time each long word
comes with its dictionary sub-words at the same position, so `碳酸锂` finds `电池级碳酸锂` and
`农业` finds `中国农业发展银行` while phrase queries and highlighting still line up. At query
time only precise-mode words are produced. tantivy gets the same words and sub-words as two
space-separated strings (`IndexTokens.strings`).
"""
from __future__ import annotations

import re
from array import array
from functools import lru_cache
from itertools import accumulate, chain, compress
from operator import add, itemgetter

from whoosh.analysis import Composable, LowercaseFilter, Token, Tokenizer

from ingest.normalise import Normalised, normalise_text
from ingest.segment import Segmenter, domain_segmenter

_SKIP = re.compile(r"^[\s\W_]+$", re.UNICODE)


@lru_cache(maxsize=1)
def shared_segmenter() -> Segmenter:
    """The domain segmenter analyzers in this process share (read-only once built)."""
    return domain_segmenter()


class ChineseTokenizer(Tokenizer):
    """Segments text with the domain segmenter; see the module docstring for the contract."""

    def __init__(self, segmenter: Segmenter | None = None) -> None:
        self._segmenter = segmenter
        self._tokens: IndexTokens | None = None

    def __getstate__(self):  # the schema is pickled into the index; the segmenter is rebuilt
        return {}

    def __setstate__(self, state):
        self._segmenter = None
        self._tokens = None

    def __eq__(self, other):
        return type(other) is type(self)

    @property
    def segmenter(self) -> Segmenter:
        if self._segmenter is None:
            self._segmenter = shared_segmenter()
        return self._segmenter

    def __call__(self, value, positions=False, chars=False, keeporiginal=False, removestops=True,
                 start_pos=0, start_char=0, tokenize=True, mode="", **kwargs):
        token = Token(positions, chars, removestops=removestops, mode=mode, **kwargs)
        if mode == "query":
            stream = [(word.lower(), k, start, end) for k, (word, start, end) in
                      enumerate(query_words(value, self.segmenter))]
        else:
            stream = self.index_tokens(value)
        yield from _filled(token, stream, keeporiginal, positions, chars, start_pos, start_char)

    def index_tokens(self, text: str) -> list[tuple[str, int, int, int]]:
        """(word, position, start, end) of every token indexed for `text` (see the module docstring)."""
        if self._tokens is None:
            self._tokens = IndexTokens(self.segmenter)
        return self._tokens(text)


def analysed_text(text: str) -> Normalised:
    """`text` as extraction reads it, with the map of its offsets back to `text` (see the module docstring)."""
    return normalise_text(text)


_WORD_RUN = re.compile(r"([^\W\u3400-\u9fff_]+)")  # letters and digits of other scripts: one term per run
_PUNCTUATION_RUN = re.compile(r"[^\w\s]+|_+")
CHAR_BREAK = "|"  # stands for a run of punctuation in a character string: no phrase spans it


def char_string(analysed: str) -> str:
    """The character terms of analysed text, space-separated: each Chinese character, each run of
    Latin letters or digits (lower-cased), and `CHAR_BREAK` for each run of punctuation.

    This is the character field: a phrase is characters in a row, so a word the segmenter cut
    otherwise (佳/龙文 for 佳龙), a phrase inside a longer word (农业发展 in 农业发展银行) and a
    single character (锂) are found, and no phrase spans punctuation or a number.
    """
    parts = _WORD_RUN.split(_PUNCTUATION_RUN.sub(CHAR_BREAK, analysed.lower()))
    parts[0::2] = [" ".join(p) for p in parts[0::2]]  # between word runs: one term per character
    return " ".join(parts)


def char_terms(text: str) -> list[str]:
    """The character terms of a query word or phrase (`char_string` of it, as a list, breaks left out)."""
    return [t for t in char_string(text).split() if t != CHAR_BREAK]


def char_tokens(text: str) -> list[tuple[str, int, int, int]]:
    """(term, position, start, end) of the character terms of `text` (see `char_string`), offsets
    in `text`; punctuation takes a position, so no phrase spans it."""
    norm = analysed_text(text)
    to_original = norm.offsets.to_original
    out = []
    for k, m in enumerate(_CHAR_TERM.finditer(norm.text.lower())):
        term = m.group(0)
        if term[0] in "_" or not term[0].isalnum():
            term = CHAR_BREAK
        out.append((term, k, to_original(m.start()), to_original(m.end() - 1) + 1))
    return out


_CHAR_TERM = re.compile(r"[\u3400-\u9fff]|[^\W\u3400-\u9fff_]+|[^\w\s]+|_+")


def query_words(text: str, segmenter: Segmenter) -> list[tuple[str, int, int]]:
    """(word, start, end) of the precise-mode words of `text` as analysed (simplified, pinyin
    annotations removed), punctuation left out; offsets are in the analysed query."""
    return [w for w in segmenter.tokenize(analysed_text(text).text) if not _SKIP.match(w[0])]


class IndexTokens:
    """The index-time token stream of a text, computed with as little per-token work as possible.

    Indexing spends most of its time here (a token every two characters), so this avoids
    whoosh's per-token objects and per-token Python work. The stream is what the engine's
    search mode gives: each precise word, preceded by the dictionary words of two and three
    characters inside it (its sub-words), all at the precise word's position. It is built
    from one precise cut: each distinct word's tokens are worked out once and remembered,
    and the columns are assembled from them with iterator operations, with no Python code
    run per token.
    """

    MAX_FORMS = 200_000  # the memo of word -> indexed tokens is dropped when it grows past this

    def __init__(self, segmenter: Segmenter) -> None:
        self.segmenter = segmenter
        # word -> its tokens relative to its start: (forms, starts, ends, 1 for the word itself),
        # sub-words first and the word last; empty for punctuation, which is not indexed and
        # takes no position.
        self._groups: dict[str, tuple] = {}
        self._joined: dict[str, tuple[str, str]] = {}  # word -> (its form, its sub-words joined), for `strings`

    def __call__(self, text: str) -> list[tuple[str, int, int, int]]:
        return list(zip(*self.columns(text), strict=True))

    def columns(self, text: str) -> tuple[list[str], array, array, array]:
        """The tokens of `text` as columns: words, positions, starts, ends (compact to keep and to
        pickle); offsets are in `text`, the words those of its analysed form."""
        norm = analysed_text(text)
        words, positions, starts, ends = self._analysed_columns(norm.text)
        if len(norm.offsets.starts) > 1:  # something was deleted: offsets move back to the original
            to_original = norm.offsets.to_original
            starts = array("i", map(to_original, starts))
            ends = array("i", (to_original(e - 1) + 1 for e in ends))
        return words, positions, starts, ends

    def _analysed_columns(self, simple: str) -> tuple[list[str], array, array, array]:
        """`columns` of text already analysed, offsets in it."""
        words = self.segmenter.cut(simple)
        if not words:
            return [], array("i"), array("i"), array("i")
        ends = list(accumulate(map(len, words)))
        if ends[-1] != len(simple):  # the engine changed a character: walk its own offsets
            return self._columns_from_stream(simple)
        groups = self._groups
        if len(groups) > self.MAX_FORMS:
            groups.clear()
        for word in set(words).difference(groups):
            groups[word] = self._group(word)
        group = list(map(groups.__getitem__, words))
        kept = list(compress(group, group))  # punctuation dropped: positions count indexed words
        word_starts = list(compress([0, *ends[:-1]], group))
        # A token's position is the number of words whose group ended before it (each group
        # ends with its word, marked 1), and its offsets are relative to its word's start.
        positions = list(accumulate(chain.from_iterable(map(itemgetter(3), kept)), initial=0))
        positions.pop()
        bases = list(map(word_starts.__getitem__, positions))
        return (list(chain.from_iterable(map(itemgetter(0), kept))), array("i", positions),
                array("i", map(add, bases, chain.from_iterable(map(itemgetter(1), kept)))),
                array("i", map(add, bases, chain.from_iterable(map(itemgetter(2), kept)))))

    def strings(self, text: str) -> tuple[str, str]:
        """The same tokens as `columns`, for an engine that splits on spaces: the precise words
        of `text` joined by spaces, and their sub-words joined by spaces (sub-words carry no
        position of their own here)."""
        return self._strings(analysed_text(text).text)

    def strings_and_chars(self, text: str) -> tuple[str, str, str]:
        """`strings` of `text` and its `char_string` (one analysis for both)."""
        analysed = analysed_text(text).text
        return (*self._strings(analysed), char_string(analysed))

    def _strings(self, analysed: str) -> tuple[str, str]:
        words = self.segmenter.cut(analysed)
        joined = self._joined
        if len(joined) > self.MAX_FORMS:
            joined.clear()
        for word in set(words).difference(joined):
            if _SKIP.match(word):
                joined[word] = ("", "")
            else:
                joined[word] = (word.lower(), " ".join(g for g, _, _ in self._sub_words(word)))
        pairs = list(map(joined.__getitem__, words))
        return (" ".join(filter(None, map(itemgetter(0), pairs))),
                " ".join(filter(None, map(itemgetter(1), pairs))))

    def _group(self, word: str) -> tuple:
        """The tokens indexed for one precise word, relative to its start (see `__init__`)."""
        if _SKIP.match(word):
            return ()
        subs = self._sub_words(word)
        return (tuple(g for g, _, _ in subs) + (word.lower(),), tuple(a for _, a, _ in subs) + (0,),
                tuple(b for _, _, b in subs) + (len(word),), (0,) * len(subs) + (1,))

    def _sub_words(self, word: str) -> tuple:
        """The dictionary words of two, then three characters inside `word`, as search mode gives them."""
        n = len(word)
        if n <= 2:
            return ()
        has = self.segmenter.has_word
        found = [(word[i:i + 2], i, i + 2) for i in range(n - 1) if has(word[i:i + 2])]
        if n > 3:
            found += [(word[i:i + 3], i, i + 3) for i in range(n - 2) if has(word[i:i + 3])]
        return tuple((g.lower(), a, b) for g, a, b in found if not _SKIP.match(g))

    def _columns_from_stream(self, simple: str) -> tuple[list[str], array, array, array]:
        """The columns from the engine's search-mode stream, walked backwards (each precise word
        comes after its sub-words, so a token inside the span of the precise word after it is
        one of its sub-words)."""
        words, counts, starts, ends = [], [], [], []
        word_start = word_end = -1
        last = -1  # position of the current precise word, counted from the end
        for word, start, end in reversed(self.segmenter.tokenize(simple, search=True)):
            if _SKIP.match(word):
                continue
            if start < word_start or end > word_end:  # not inside the precise word after it
                last += 1
                word_start, word_end = start, end
            words.append(word.lower())
            counts.append(last)
            starts.append(start)
            ends.append(end)
        words.reverse()
        starts.reverse()
        ends.reverse()
        return words, array("i", [last - k for k in reversed(counts)]), array("i", starts), array("i", ends)


class CharTokenizer(Tokenizer):
    """The character terms of a text (`char_tokens`) for whoosh: positions in the analysed text."""

    def __eq__(self, other):
        return type(other) is type(self)

    def __call__(self, value, positions=False, chars=False, keeporiginal=False, removestops=True,
                 start_pos=0, start_char=0, tokenize=True, mode="", **kwargs):
        token = Token(positions, chars, removestops=removestops, mode=mode, **kwargs)
        yield from _filled(token, char_tokens(value), keeporiginal, positions, chars, start_pos, start_char)


def ChineseAnalyzer(segmenter: Segmenter | None = None) -> Composable:
    """Tokenizer plus lower-casing (for Latin words such as CATL)."""
    return ChineseTokenizer(segmenter) | LowercaseFilter()


def _filled(token, stream, keeporiginal, positions, chars, start_pos, start_char):
    """Whoosh's reused `token`, filled in turn with each (word, position, start, end) of `stream`."""
    for word, pos, start, end in stream:
        token.text = word
        token.boost = 1.0
        token.stopped = False
        if keeporiginal:
            token.original = word
        if positions:
            token.pos = start_pos + pos
        if chars:
            token.startchar = start_char + start
            token.endchar = start_char + end
        yield token
