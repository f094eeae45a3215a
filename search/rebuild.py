"""Rebuilding an index from the document store, checked against the graph's documents."""
from __future__ import annotations

import shutil
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from search.docstore import DocStore
from search.index import SearchIndex
from search.model import IndexedDocument


@dataclass
class RebuildReport:
    """What a rebuild did: documents indexed, and those it could not or would not index."""

    indexed: int = 0
    dropped: list[str] = field(default_factory=list)  # stored but no longer in the graph
    missing: list[str] = field(default_factory=list)  # in the graph but without stored text
    unreadable: list[str] = field(default_factory=list)  # document-store files that are damaged

    def as_dict(self) -> dict:
        return {"indexed": self.indexed, "dropped": len(self.dropped), "missing": self.missing,
                "unreadable": self.unreadable}


def rebuild_index(index: SearchIndex, docstore: DocStore, graph_ids: set[str] | None = None) -> RebuildReport:
    """Replace the index with the stored documents; with `graph_ids`, only those the graph still has."""
    report = RebuildReport()
    seen: set[str] = set()

    def documents() -> Iterator[IndexedDocument]:
        for doc in docstore:
            if graph_ids is not None and doc.id not in graph_ids:
                report.dropped.append(doc.id)
                continue
            seen.add(doc.id)
            yield doc

    report.indexed = index.rebuild(documents())
    report.unreadable = [str(p) for p in docstore.damaged()]
    if graph_ids is not None:
        report.missing = sorted(graph_ids - seen)
    return report


def swap_in(fresh: Path, path: Path) -> None:
    """Replace the index directory `path` by the freshly built `fresh` (the old one may be damaged)."""
    old = path.with_name(path.name + ".old")
    shutil.rmtree(old, ignore_errors=True)
    if path.exists():
        path.rename(old)
    fresh.rename(path)
    shutil.rmtree(old, ignore_errors=True)
