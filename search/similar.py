"""Key terms of a document, for "more like this": frequent in it, rare in the collection."""
from __future__ import annotations

import math
from collections import Counter
from collections.abc import Callable, Iterable

MAX_CHARS = 20_000  # key terms come from the start of long documents: bounds the work


def key_terms(words: Iterable[str], doc_frequency: Callable[[str], int] | None = None, n_docs: int = 1,
              numterms: int = 12) -> list[tuple[str, float]]:
    """(term, weight) pairs: tf-idf when `doc_frequency` is given, else term frequency.

    Single characters and numbers carry little topic, so they are left out.
    """
    counts = Counter(w for w in words if len(w) >= 2 and not w.replace(".", "").isdigit())
    scored = []
    for word, tf in counts.items():
        weight = 1.0 + math.log(tf)
        if doc_frequency is not None:
            df = doc_frequency(word)
            if df <= 1:
                continue  # only in this document: cannot find another one
            weight *= math.log(1 + n_docs / df)
        scored.append((word, weight))
    scored.sort(key=lambda kv: (-kv[1], kv[0]))
    return scored[:numterms]
