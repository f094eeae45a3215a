"""The document store: every indexed document, compressed, in `<data dir>/docs/`.

The graph keeps document metadata but not the text, and an index can be damaged, so the
search index writes each document it receives here too. `liantu index rebuild` reads it back.
One gzipped JSON file per document, named by a hash of its id (ids are not trusted as file
names), written with an atomic rename so a crash never leaves half a document.
"""
from __future__ import annotations

import gzip
import hashlib
import json
from collections.abc import Iterable, Iterator
from dataclasses import asdict
from pathlib import Path

from ingest.files import write_bytes_atomically
from search.model import IndexedDocument

DOCS_DIR = "docs"


class DocStore:
    """Compressed JSON files of IndexedDocuments under `path`."""

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)

    def _file(self, doc_id: str) -> Path:
        digest = hashlib.sha256(doc_id.encode("utf-8")).hexdigest()[:32]
        return self.path / digest[:2] / f"{digest}.json.gz"

    @staticmethod
    def encode(doc: IndexedDocument) -> bytes:
        """The stored form of a document (compressing may be done away from the writing process)."""
        return gzip.compress(json.dumps(asdict(doc), ensure_ascii=False).encode("utf-8"), 6)

    def put(self, documents: Iterable[IndexedDocument], encoded: Iterable[bytes | None] = ()) -> None:
        """Store documents, replacing any with the same id; `encoded` may give their `encode`d forms."""
        encoded = list(encoded)
        for k, doc in enumerate(documents):
            target = self._file(doc.id)
            target.parent.mkdir(parents=True, exist_ok=True)
            data = (encoded[k] if k < len(encoded) else None) or self.encode(doc)
            write_bytes_atomically(target, data, sync=False)

    def get(self, doc_id: str) -> IndexedDocument | None:
        try:
            return _read(self._file(doc_id))
        except FileNotFoundError:
            return None

    def delete(self, doc_ids: Iterable[str]) -> None:
        for doc_id in doc_ids:
            self._file(doc_id).unlink(missing_ok=True)

    def __iter__(self) -> Iterator[IndexedDocument]:
        """Every stored document (files that cannot be read are skipped; see `damaged`)."""
        for file in sorted(self.path.glob("??/*.json.gz")):
            try:
                yield _read(file)
            except (OSError, EOFError, ValueError, TypeError):
                continue

    def damaged(self) -> list[Path]:
        """Files that cannot be read back as documents."""
        bad = []
        for file in sorted(self.path.glob("??/*.json.gz")):
            try:
                _read(file)
            except (OSError, EOFError, ValueError, TypeError):
                bad.append(file)
        return bad


def _read(file: Path) -> IndexedDocument:
    with gzip.open(file, "rb") as fh:
        return IndexedDocument(**json.loads(fh.read().decode("utf-8")))
