"""How the 侨商 network analytics read the graph: the part they need, at once, from any store.

Brokers, communities, countries and flows are computed in this process (networkx and
graph.network's own Brandes); Neo4j Graph Data Science is not assumed. They need only the
people, organisations, enterprises, projects and events, the network's relations leaving them,
a few props (places and amounts) and, except for flows, not the evidence sentences but their
count. `GraphStore.graph_part` reads exactly that: on Neo4j one Cypher query whose records are
decoded as they stream in, on the embedded store one pass over the graph in memory. Each answer
says how it was read (`read_note`).
"""
from __future__ import annotations

from typing import Any

from graph.model import Subgraph
from graph.store import GraphStore

# The props the analytics read: hometown and residence of people, the region of anything, the
# stated amounts of investments, donations and projects, and whether a place is only inferred.
PART_PROPS = ("hometown", "residence", "region", "amount_yi", "investment_yi", "currency", "amount_text",
              "investment_text", "inferred_from")

HOW_READ = {"neo4j": "one Cypher query, its records streamed and decoded as they arrived",
            "networkx": "one pass over the embedded graph in memory"}
COMPUTED = "in this process with networkx (Neo4j Graph Data Science is not used)"


def read_part(store: GraphStore, labels, rel_types, evidence: bool) -> tuple[Subgraph, dict[str, Any]]:
    """The entities of `labels` and the relations of `rel_types` leaving them, with a note of the read."""
    part = store.graph_part(labels, rel_types, PART_PROPS, evidence=evidence)
    return part, read_note(store, part, evidence)


def read_note(store: GraphStore, part: Subgraph, evidence: bool) -> dict[str, Any]:
    """What an answer says about how it read the graph: the store, how, and how much came back."""
    backend = store.backend
    return {"store": backend, "read": HOW_READ.get(backend, "GraphStore.graph_part"),
            "nodes": len(part.nodes), "relations": len(part.edges),
            "evidence": "sentences" if evidence else "counts only", "computed": COMPUTED}


def describe(note: dict[str, Any]) -> str:
    """One line for the terminal: how the graph was read and where the answer was computed."""
    where = "Neo4j" if note["store"] == "neo4j" else "the embedded graph"
    return (f"read from {where}: {note['read']}; {note['nodes']:,} entities and {note['relations']:,} relations "
            f"(evidence: {note['evidence']}); computed {note['computed']}")
