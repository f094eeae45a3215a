"""Shapes returned by graph queries: subgraphs for display and paths with evidence."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

NODE_LABELS = ("Document", "Enterprise", "Project", "Region", "Person", "Org", "ChainLink", "Chain", "Event")
RELATION_TYPES = ("MENTIONS", "LOCATED_IN", "PART_OF", "INVESTS_IN", "INVESTMENT_AMOUNT", "IN_CHAIN",
                  "UPSTREAM_OF", "LINK_OF", "STATUS", "SHAREHOLDER_OF", "LEADS", "MEMBER_OF", "HOMETOWN",
                  "RESIDES_IN", "PARTNER_OF", "DONATES_TO", "ATTENDED", "CO_MENTIONED")


@dataclass
class Subgraph:
    """Nodes and edges for display: nodes are entity dicts, edges relation dicts."""

    nodes: list[dict[str, Any]] = field(default_factory=list)
    edges: list[dict[str, Any]] = field(default_factory=list)
    truncated: bool = False

    def as_dict(self) -> dict[str, Any]:
        return {"nodes": self.nodes, "edges": self.edges, "truncated": self.truncated}


@dataclass
class GraphPath:
    """A path between two entities: its nodes in order and the edges (with evidence) between them."""

    nodes: list[dict[str, Any]]
    edges: list[dict[str, Any]]

    @property
    def length(self) -> int:
        return len(self.edges)

    def as_dict(self) -> dict[str, Any]:
        return {"length": self.length, "nodes": self.nodes, "edges": self.edges}
