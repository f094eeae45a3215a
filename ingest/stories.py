"""Stories: one article syndicated by several outlets, with small edits, recognised as one.

Each document's text is normalised (simplified script, letters and digits only, lower case),
cut into character 5-grams within each sentence and summarised by a MinHash of 128 permutations (`datasketch`). A
locality-sensitive hash index over those signatures finds, for a new document, the documents
whose estimated Jaccard similarity is about 0.8 or more; the new document joins their story,
whose id is the id of the story's first document. A document like no other is a story of its own.

`Stories` keeps the signatures in one file of the data directory, so documents ingested in a
later run join the stories of earlier ones. Figures summed over documents count each story
once (see `ingest.facts`); the copies are still kept, and show who reported the story.
"""
from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Iterable
from pathlib import Path

import numpy as np

from ingest.files import write_bytes_atomically
from ingest.model import Document
from ingest.normalise import to_simplified

SHINGLE = 5  # characters per shingle
PERMUTATIONS = 128
THRESHOLD = 0.8  # estimated Jaccard similarity from which two documents are one story
MIN_SHINGLES = 20  # a shorter text says too little to be called a copy of another
STORIES_FILE = "stories.json"
SCHEME = "affine32"  # datasketch's permutation scheme: signatures of different schemes never compare

_NOT_TEXT = re.compile(r"[\W_]+", re.UNICODE)
_SENTENCE_END = re.compile(r"[。！？!?；;\n]+")


def shingles(text: str, size: int = SHINGLE) -> set[bytes]:
    """The character `size`-grams of each sentence of `text`, normalised (simplified script, letters
    and digits only, lower case); a shorter sentence is one shingle.

    Shingles do not cross sentence ends, so copies that put the same sentences in another order
    have the same shingles.
    """
    grams: set[bytes] = set()
    for sentence in _SENTENCE_END.split(to_simplified(text)):
        plain = _NOT_TEXT.sub("", sentence).lower()
        if len(plain) <= size:
            if plain:
                grams.add(plain.encode("utf-8"))
            continue
        grams.update(plain[i:i + size].encode("utf-8") for i in range(len(plain) - size + 1))
    return grams


def signature(text: str) -> np.ndarray | None:
    """The MinHash signature of a text (None when the text is too short to compare)."""
    from datasketch import MinHash

    grams = shingles(text)
    if len(grams) < MIN_SHINGLES:
        return None
    sketch = MinHash(num_perm=PERMUTATIONS, seed=1, scheme=SCHEME)
    sketch.update_batch(sorted(grams))
    return sketch.hashvalues.astype(np.uint32)  # 32-bit values in this scheme


def similarity(a: np.ndarray, b: np.ndarray) -> float:
    """The Jaccard similarity two signatures estimate."""
    return float(np.count_nonzero(a == b)) / len(a)


class Stories:
    """Which story each document belongs to, with the signatures that decide it, kept in `path`.

    `assign` gives a document its story (an earlier document's when it is a near copy of one,
    else its own id); `forget` drops documents that were removed; `save` writes the file.
    """

    def __init__(self, path: str | Path | None = None, threshold: float = THRESHOLD) -> None:
        from datasketch import MinHashLSH

        self.path = Path(path) if path is not None else None
        self.threshold = threshold
        self._lsh = MinHashLSH(threshold=threshold, num_perm=PERMUTATIONS)
        self._story: dict[str, str] = {}
        self._sig: dict[str, np.ndarray] = {}
        self._changed = False
        if self.path is not None and self.path.exists():
            data = json.loads(self.path.read_text(encoding="utf-8"))
            # signatures made another way are dropped (their documents keep their stories)
            same = (data.get("scheme"), data.get("shingle"), data.get("permutations")) == (SCHEME, SHINGLE, PERMUTATIONS)
            for doc_id, (story, values) in data.get("documents", {}).items():
                self._add(doc_id, story, np.array(values, dtype=np.uint32) if values and same else None)

    def __len__(self) -> int:
        return len(self._story)

    def story(self, doc_id: str) -> str:
        """The story of a document (its own id when it was never assigned)."""
        return self._story.get(doc_id, doc_id)

    def _add(self, doc_id: str, story: str, sig: np.ndarray | None) -> None:
        self._story[doc_id] = story
        if sig is not None:
            from datasketch import MinHash

            self._sig[doc_id] = sig
            self._lsh.insert(doc_id, MinHash(num_perm=PERMUTATIONS, seed=1, hashvalues=sig, scheme=SCHEME))

    def assign(self, doc: Document) -> str:
        """The story of `doc`, recorded (a document already known keeps its story)."""
        if doc.id in self._story:
            return self._story[doc.id]
        sig = signature(doc.text)
        story = doc.id
        if sig is not None:
            from datasketch import MinHash

            found = self._lsh.query(MinHash(num_perm=PERMUTATIONS, seed=1, hashvalues=sig, scheme=SCHEME))
            close = [d for d in found if similarity(sig, self._sig[d]) >= self.threshold]
            if close:
                # the story most of the close documents belong to; ties go to the smallest id
                votes = Counter(self._story[d] for d in close)
                story = min(votes, key=lambda s: (-votes[s], s))
        self._add(doc.id, story, sig)
        self._changed = True
        return story

    def forget(self, doc_ids: Iterable[str]) -> None:
        """Drop removed documents (the stories of their copies keep their ids)."""
        for doc_id in doc_ids:
            if self._story.pop(doc_id, None) is not None:
                self._changed = True
                if self._sig.pop(doc_id, None) is not None:
                    self._lsh.remove(doc_id)

    def save(self) -> None:
        """Write the stories and signatures to `path`, whole or not at all (nothing to do without a path)."""
        if self.path is None or not self._changed:
            return
        data = {"scheme": SCHEME, "shingle": SHINGLE, "permutations": PERMUTATIONS,
                "documents": {d: [s, self._sig[d].tolist() if d in self._sig else None]
                              for d, s in sorted(self._story.items())}}
        self.path.parent.mkdir(parents=True, exist_ok=True)
        write_bytes_atomically(self.path, json.dumps(data, separators=(",", ":")).encode("utf-8"))
        self._changed = False
