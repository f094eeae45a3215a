"""`Settings`: everything configurable, with defaults read from the environment."""
from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from corpus import home_setting


def default_data_dir() -> Path:
    """`$LIANTU_DATA_DIR`, else `$XDG_DATA_HOME/liantu`, else `~/.local/share/liantu`."""
    if os.environ.get("LIANTU_DATA_DIR"):
        return Path(os.environ["LIANTU_DATA_DIR"])
    base = os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share"
    return Path(base) / "liantu"


@dataclass
class Settings:
    """Everything configurable, with defaults read from the environment."""

    data_dir: Path = field(default_factory=default_data_dir)
    graph_backend: str = field(default_factory=lambda: os.environ.get("LIANTU_GRAPH", "networkx"))
    # Empty means: Neo4j's full-text index when the graph lives in Neo4j, else tantivy.
    search_backend: str = field(default_factory=lambda: os.environ.get("LIANTU_SEARCH", ""))
    neo4j_uri: str = field(default_factory=lambda: os.environ.get("LIANTU_NEO4J_URI", "bolt://127.0.0.1:7687"))
    neo4j_user: str = field(default_factory=lambda: os.environ.get("LIANTU_NEO4J_USER", "neo4j"))
    neo4j_password: str = field(default_factory=lambda: os.environ.get("LIANTU_NEO4J_PASSWORD", ""))
    neo4j_database: str = field(default_factory=lambda: os.environ.get("LIANTU_NEO4J_DATABASE", "neo4j"))
    api_token: str = field(default_factory=lambda: os.environ.get("LIANTU_API_TOKEN", ""))
    # The city (or county) the analysis is for: a name or a division code (corpus.lexicon).
    home_region: str = field(default_factory=home_setting)
    # The name model (ingest.name_model) finds firms' names rules cannot bound; off trades that for speed.
    name_model: bool = field(default_factory=lambda: os.environ.get("LIANTU_NAME_MODEL", "on").lower()
                             not in ("off", "0", "no", "false"))

    # Processes (whoosh) or threads (tantivy) that write a batch to the search index.
    index_writers: int = 1

    def __post_init__(self) -> None:
        self.data_dir = Path(self.data_dir).expanduser()

    @property
    def effective_search_backend(self) -> str:
        """The search backend in use: the one set, else the one that goes with the graph backend."""
        if self.search_backend:
            return self.search_backend
        return "neo4j" if self.graph_backend == "neo4j" else "tantivy"

    def neo4j(self) -> dict[str, Any]:
        return {"uri": self.neo4j_uri, "user": self.neo4j_user, "password": self.neo4j_password,
                "database": self.neo4j_database}
