"""Connecting to the local server `liantu neo4j start` runs, with nothing configured.

The launcher keeps its port and password in its home's state file (mode 0600,
graph.neo4j_server). When no password is configured, the client takes them from there, so
`liantu neo4j start` followed by `liantu --graph neo4j ...` needs no setup. Anything set
explicitly wins: a password, a user other than `neo4j`, or a `LIANTU_NEO4J_URI` naming
another server.
"""
from __future__ import annotations

import os
from collections.abc import Mapping
from typing import Any
from urllib.parse import urlparse

DEFAULT_URI = "bolt://127.0.0.1:7687"
LOCAL_HOSTS = ("127.0.0.1", "localhost", "::1")


def launcher_connection(conn: Mapping[str, Any], environ: Mapping[str, str] | None = None,
                        home: str | os.PathLike | None = None) -> dict[str, Any]:
    """`conn` (uri, user, password, database) completed from the local launcher's state.

    Unchanged unless a launcher server runs from `home` (default: $LIANTU_NEO4J_HOME or
    ~/.cache/liantu/neo4j-launcher). Then the URI becomes that server's when none was set in
    the environment, and, when the URI is that server's, the user `neo4j` without a password
    gets the launcher's.
    """
    from graph import neo4j_server

    environ = os.environ if environ is None else environ
    out = {"uri": DEFAULT_URI, "user": "neo4j", "password": "", "database": "neo4j", **conn}
    info = neo4j_server.status(home=home)
    if info is None:
        return out
    if not environ.get("LIANTU_NEO4J_URI") and out["uri"] == DEFAULT_URI:
        out["uri"] = info.uri
    if not out["password"] and out["user"] == neo4j_server.USER and _same_server(out["uri"], info.port):
        out["password"] = info.password
    return out


def _same_server(uri: str, port: int) -> bool:
    parsed = urlparse(uri)
    return (parsed.scheme in ("bolt", "neo4j") and parsed.hostname in LOCAL_HOSTS
            and (parsed.port or 7687) == port)
