"""Copying one graph store into another, e.g. the embedded graph into Neo4j (`liantu sync`)."""
from __future__ import annotations

from typing import Any

from graph.export import dump, load


def sync(source, target, replace: bool = False, batch_size: int = 2000) -> dict[str, Any]:
    """Copy every document, entity, relation and mention of `source` into `target`.

    Documents already in `target` are replaced by their `source` version; with `replace`, the
    target is emptied first so that it ends up equal to the source. Returns both stores' counts.
    """
    if replace:
        clear = getattr(target, "clear", None)
        if clear is None:
            from graph.errors import GraphError

            raise GraphError(f"{type(target).__name__} cannot be emptied; sync without --replace")
        clear()
    load(target, dump(source), batch_size=batch_size)
    target.flush()
    source_counts, target_counts = source.counts(), target.counts()
    return {"source": source_counts, "target": target_counts, "equal": source_counts == target_counts}
