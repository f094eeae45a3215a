"""Shapes returned by graph queries: subgraphs for display and paths with evidence."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

NODE_LABELS = ("Document", "Enterprise", "Project", "Region", "Person", "Org", "ChainLink", "Chain", "Event")
RELATION_TYPES = ("MENTIONS", "LOCATED_IN", "PART_OF", "INVESTS_IN", "INVESTMENT_AMOUNT", "IN_CHAIN",
                  "UPSTREAM_OF", "LINK_OF", "STATUS", "SHAREHOLDER_OF", "LEADS", "MEMBER_OF", "HOMETOWN",
                  "RESIDES_IN", "PARTNER_OF", "DONATES_TO", "ATTENDED", "CO_MENTIONED")

# What the pages and the page scripts call each label and relation type (webapp serves both).
LABEL_NAMES = {"Document": "文档", "Enterprise": "企业", "Project": "项目", "Region": "地区", "Person": "人物",
               "Org": "组织", "ChainLink": "产业链环节", "Chain": "产业链", "Event": "活动"}
RELATION_NAMES = {"MENTIONS": "提及", "LOCATED_IN": "位于", "PART_OF": "隶属于", "INVESTS_IN": "投资",
                  "INVESTMENT_AMOUNT": "投资额", "IN_CHAIN": "属于环节", "UPSTREAM_OF": "上游于",
                  "LINK_OF": "属于产业链", "STATUS": "状态", "SHAREHOLDER_OF": "持股", "LEADS": "领导",
                  "MEMBER_OF": "成员", "HOMETOWN": "祖籍", "RESIDES_IN": "居住于", "PARTNER_OF": "合作",
                  "DONATES_TO": "捐赠", "ATTENDED": "出席", "CO_MENTIONED": "同文提及"}


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
