"""Copying one graph store into another, e.g. the embedded graph into Neo4j (`liantu sync`)."""
from __future__ import annotations

from collections.abc import Callable
from typing import Any

from graph.export import GraphDump, dump, load

# Rows per write transaction into Neo4j. Measured on the launcher's server (2 cores, a 20,000
# entity database): 1,000 rows wrote 2,161 entities/s and 1,780 relations/s, 5,000 rows
# 9,347 and 11,097, 20,000 rows 9,976 and 8,067. Smaller batches pay a round trip and a
# commit each; larger ones only grow the transaction's memory.
BATCH_SIZE = 5000


def sync(source, target, replace: bool = False, batch_size: int = BATCH_SIZE,
         bulk_import: Callable[[GraphDump], dict[str, Any]] | None = None) -> dict[str, Any]:
    """Copy every document, entity, relation and mention of `source` into `target`.

    Documents already in `target` are replaced by their `source` version; with `replace`, the
    target is emptied first so that it ends up equal to the source. `bulk_import`, when given,
    is tried first (graph.neo4j_bulk: the offline importer, for an empty local server); when it
    refuses, the copy is written in transactions of `batch_size` rows. Returns both stores'
    counts and how the copy was written.
    """
    if replace:
        clear = getattr(target, "clear", None)
        if clear is None:
            from graph.errors import GraphError

            raise GraphError(f"{type(target).__name__} cannot be emptied; sync without --replace")
        clear()
    data = dump(source)
    method: dict[str, Any] = {"method": "transactions", "batch_size": batch_size}
    if bulk_import is not None:
        from graph.neo4j_bulk import BulkLoadRefused

        try:
            method = {"method": "neo4j-admin database import", **bulk_import(data)}
        except BulkLoadRefused as exc:
            method["bulk_refused"] = str(exc)
    if method["method"] == "transactions":
        load(target, data, batch_size=batch_size)
    target.flush()
    source_counts, target_counts = source.counts(), target.counts()
    return {"source": source_counts, "target": target_counts, "equal": source_counts == target_counts,
            "load": method}
