"""The data types that flow through ingestion and into the graph and the index."""
from __future__ import annotations

import hashlib
from array import array
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

ENTITY_TYPES = ("ENTERPRISE", "PROJECT", "REGION", "PERSON", "ORG", "CHAIN", "AMOUNT", "EVENT",
                "DATE", "STATUS")

# The stages a project goes through, in order (ingest.relations finds them in text); the last,
# 增资扩产, is a later expansion that not every project reaches.
STAGES = ("签约", "开工", "竣工", "投产", "增资扩产")

# Mention type -> graph node label, for the mention types that become entities.
LABELS = {"ENTERPRISE": "Enterprise", "PROJECT": "Project", "REGION": "Region",
          "PERSON": "Person", "ORG": "Org", "CHAIN": "ChainLink", "EVENT": "Event"}


def content_id(text: str) -> str:
    """A document's id: the first 16 hex digits of the SHA-256 of its text."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


@dataclass
class Document:
    """One article or policy document as loaded, before analysis.

    `text` is the original text (original script) and is what is displayed; `origin` names
    where it came from (file path, plus `#id` for records in JSON files) so that an edited
    document can replace its older version.
    """

    text: str
    title: str = ""
    date: str | None = None  # ISO date, YYYY-MM-DD
    source: str = ""
    url: str = ""
    kind: str = "news"  # news, policy, law, report
    origin: str = ""
    id: str = ""
    meta: dict[str, Any] = field(default_factory=dict)
    # the id of the first document of this one's story (ingest.stories); empty: a story of its own
    story: str = ""

    def __post_init__(self) -> None:
        if not self.id:
            self.id = content_id(self.title + "\n" + self.text)


@dataclass(frozen=True, slots=True)
class Sentence:
    """A sentence of the analysed text, with its character span in that text."""

    index: int
    start: int
    end: int
    text: str
    role: str = "body"  # body, headline, byline, caption, header (see ingest.normalise)

    # Extractions are pickled from the analysis processes to the writer: rebuilding from the
    # field values is about three times faster than the slots dataclass default.
    def __reduce__(self):
        return Sentence, (self.index, self.start, self.end, self.text, self.role)


@dataclass(slots=True)
class Mention:
    """A typed span of the analysed text that names something."""

    type: str
    text: str
    start: int
    end: int
    sentence: int = 0
    canonical: str = ""
    entity_id: str = ""
    method: str = "lexicon"
    confidence: float = 1.0
    attrs: dict[str, Any] = field(default_factory=dict)

    def __reduce__(self):  # see Sentence.__reduce__
        return Mention, (self.type, self.text, self.start, self.end, self.sentence, self.canonical, self.entity_id,
                         self.method, self.confidence, self.attrs)


@dataclass(slots=True)
class Evidence:
    """Where a fact was stated: document, sentence, character span, method and confidence."""

    doc_id: str
    sentence: str
    start: int
    end: int
    method: str
    confidence: float = 1.0

    def __reduce__(self):  # see Sentence.__reduce__
        return Evidence, (self.doc_id, self.sentence, self.start, self.end, self.method, self.confidence)

    def as_dict(self) -> dict[str, Any]:
        return {"doc_id": self.doc_id, "sentence": self.sentence, "start": self.start,
                "end": self.end, "method": self.method, "confidence": self.confidence}


@dataclass
class Entity:
    """A canonical entity: `id` is stable across documents (e.g. `Region:350505`)."""

    id: str
    label: str
    name: str
    aliases: set[str] = field(default_factory=set)
    props: dict[str, Any] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        return {"id": self.id, "label": self.label, "name": self.name,
                "aliases": sorted(self.aliases), "props": dict(self.props)}


@dataclass
class Relation:
    """A typed, directed fact between two entities, with the evidence that states it."""

    type: str
    head: str
    tail: str
    props: dict[str, Any] = field(default_factory=dict)
    evidence: list[Evidence] = field(default_factory=list)

    @property
    def key(self) -> tuple[str, str, str]:
        return (self.head, self.type, self.tail)

    def as_dict(self) -> dict[str, Any]:
        return {"type": self.type, "head": self.head, "tail": self.tail, "props": dict(self.props),
                "evidence": [e.as_dict() for e in self.evidence]}


class PackedSentences(Sequence):
    """The sentences of an extraction that came from another process, kept as spans and roles.

    An extraction travels from the analysis process to the writer, which hardly ever looks at
    its sentences: sending each as an object costs more than the rest of the extraction, so
    the spans are sent and the `Sentence` objects are made on first use, their texts cut from
    the analysed text (texts that are not such a cut are sent as they are).
    """

    __slots__ = ("_text", "_columns", "_list")

    def __init__(self, text: str, columns: tuple) -> None:
        self._text, self._columns = text, columns
        self._list: list[Sentence] | None = None

    @staticmethod
    def columns(sentences: Sequence[Sentence], text: str) -> tuple:
        """(indexes, starts, ends, roles, texts or None) of `sentences` (see the class docstring)."""
        if isinstance(sentences, PackedSentences) and sentences._list is None:
            return sentences._columns
        starts = array("i", [s.start for s in sentences])
        ends = array("i", [s.end for s in sentences])
        texts = [s.text for s in sentences]
        cut = all(map(str.__eq__, texts, map(text.__getitem__, map(slice, starts, ends))))
        return (array("i", [s.index for s in sentences]), starts, ends, [s.role for s in sentences],
                None if cut else texts)

    def _sentences(self) -> list[Sentence]:
        if self._list is None:
            indexes, starts, ends, roles, texts = self._columns
            if texts is None:
                texts = map(self._text.__getitem__, map(slice, starts, ends))
            self._list = list(map(Sentence, indexes, starts, ends, texts, roles))
        return self._list

    def __len__(self) -> int:
        return len(self._columns[1])

    def __getitem__(self, i):
        return self._sentences()[i]

    def __iter__(self):
        return iter(self._sentences())

    def __eq__(self, other) -> bool:
        return isinstance(other, Sequence) and list(self) == list(other)


@dataclass
class Extraction:
    """Everything ingestion found in one document."""

    document: Document
    analysed_text: str
    sentences: list[Sentence]
    mentions: list[Mention]
    entities: list[Entity]
    relations: list[Relation]
    offsets: Any = None  # ingest.normalise.OffsetMap: analysed positions -> original positions
    # Work done for the sinks where the extraction was made (an analysis process), by sink:
    # e.g. the search index's tokens, so the single writing process does not redo it.
    prepared: dict[str, Any] = field(default_factory=dict)

    def __getstate__(self) -> dict[str, Any]:
        state = self.__dict__.copy()
        state["sentences"] = PackedSentences.columns(self.sentences, self.analysed_text)
        return state

    def __setstate__(self, state: dict[str, Any]) -> None:
        state["sentences"] = PackedSentences(state["analysed_text"], state["sentences"])
        self.__dict__.update(state)

    def original_span(self, start: int, end: int) -> tuple[int, int]:
        """The span in the original text of the analysed span [start, end)."""
        return self.offsets.span(start, end) if self.offsets is not None else (start, end)

    def entity_ids(self, label: str | None = None) -> list[str]:
        """Ids of the entities found, optionally only those with `label`."""
        return [e.id for e in self.entities if label is None or e.label == label]
