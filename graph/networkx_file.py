"""The embedded store's file: a pickle of the networkx graph that liantu itself wrote (never
point a store at a graph file from elsewhere), written atomically and read in its current
format or converted from an older one."""
from __future__ import annotations

import pickle
import sys
from pathlib import Path

import networkx as nx

from graph.errors import StoreUnavailableError
from ingest.facts import NO_DOCUMENT
from ingest.files import replacing

# 2: evidence kept as tuples (EVIDENCE_FIELDS order), not Evidence objects: a third of the
# memory and much faster to load. Files of format 1 are converted when read.
FORMAT_VERSION = 2
EVIDENCE_FIELDS = ("doc_id", "sentence", "start", "end", "method", "confidence")


def evidence_tuple(ev) -> tuple:
    """Evidence as a tuple in `EVIDENCE_FIELDS` order."""
    # Interned text is shared by every evidence from the same document and sentence, in memory
    # and in the pickle (which stores a shared object once).
    return (sys.intern(ev.doc_id), sys.intern(ev.sentence), ev.start, ev.end, sys.intern(ev.method), ev.confidence)


def read_graph_file(path: Path) -> nx.MultiDiGraph:
    """The graph in a file written by `write_graph_file`, converted to the current format."""
    try:
        with open(path, "rb") as fh:
            payload = pickle.load(fh)
    except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ValueError) as exc:
        raise StoreUnavailableError(
            f"{path}: cannot read the graph file ({exc}); restore it or delete it and re-run "
            "`liantu ingest`") from exc
    if not isinstance(payload, dict) or payload.get("format") not in (1, FORMAT_VERSION):
        raise StoreUnavailableError(f"{path}: not a liantu graph file of format {FORMAT_VERSION}")
    if payload["format"] == 1:
        for *_, data in payload["graph"].edges(keys=True, data=True):
            data["evidence"] = [evidence_tuple(ev) for ev in data["evidence"]]
    _add_missing_sources(payload["graph"])
    return payload["graph"]


def write_graph_file(path: Path, graph: nx.MultiDiGraph) -> None:
    """Write the graph atomically: a temporary file beside `path`, fsync, then a rename over it."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with replacing(path) as fh:
        pickle.dump({"format": FORMAT_VERSION, "graph": graph}, fh, protocol=pickle.HIGHEST_PROTOCOL)


def _add_missing_sources(graph: nx.MultiDiGraph) -> None:
    """Graphs written before contributions were kept: what each node and edge shows becomes a direct upsert."""
    for _, d in graph.nodes(data=True):
        if d.get("label") != "Document" and "sources" not in d:
            d["sources"] = {NO_DOCUMENT: (None, dict(d["props"]), frozenset(d["aliases"]), d["name"])}
    for *_, key, d in graph.edges(keys=True, data=True):
        if key != "MENTIONS" and "sources" not in d:
            d["sources"] = {NO_DOCUMENT: (None, dict(d["props"]))}
