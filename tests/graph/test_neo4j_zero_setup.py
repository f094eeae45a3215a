"""`liantu neo4j start`, then `liantu --graph neo4j ...` with no LIANTU_NEO4J_* set at all.

Runs the real `liantu` command in subprocesses against a real Neo4j started in a throwaway
launcher home (LIANTU_NEO4J_HOME, so a server someone runs from the default home is left alone).
"""
from __future__ import annotations

import json
import os
import stat
import subprocess
import sys

import pytest

from tests.conftest import SEED, _free_port

pytestmark = [pytest.mark.neo4j, pytest.mark.slow]


def liantu(env: dict[str, str], *args: str, check: bool = True) -> subprocess.CompletedProcess:
    proc = subprocess.run([sys.executable, "-m", "liantu", *args], env=env, capture_output=True,
                          text=True, timeout=600)
    if check:
        assert proc.returncode == 0, proc.stderr
    return proc


@pytest.fixture(scope="module")
def launcher_home(tmp_path_factory, neo4j_server):
    """A launcher home whose server `liantu neo4j start` starts (and the test stops)."""
    home = tmp_path_factory.mktemp("zero-setup-home")
    yield home
    from graph import neo4j_server as ns

    ns.stop(home=home)


@pytest.fixture
def clean_env(launcher_home):
    """The environment of a fresh machine: no liantu setting but where the launcher lives.

    This server runs without APOC, so the ingest and the queries below also show that plain
    Cypher serves a server that lacks it.
    """
    env = {k: v for k, v in os.environ.items() if not k.startswith("LIANTU_")}
    env["LIANTU_NEO4J_HOME"] = str(launcher_home)
    env["LIANTU_NEO4J_APOC"] = "off"
    return env


def test_start_then_ingest_and_stats_need_no_setup(clean_env, launcher_home, tmp_path):
    port = _free_port()
    started = liantu(clean_env, "neo4j", "start", "--port", str(port))
    state_file = launcher_home / "server.json"
    state = json.loads(state_file.read_text())
    assert stat.S_IMODE(state_file.stat().st_mode) == 0o600
    assert "<password>" not in started.stdout
    assert state["password"] in started.stdout and f"bolt://127.0.0.1:{port}" in started.stdout

    status = liantu(clean_env, "neo4j", "status")
    assert f"port {port}" in status.stdout and state["data_dir"] in status.stdout
    status_json = json.loads(liantu(clean_env, "neo4j", "status", "--json").stdout)
    assert (status_json["port"], status_json["data_dir"], status_json["apoc"]) == (port, state["data_dir"], False)
    assert "password" not in status_json

    on_neo4j = ["--data-dir", str(tmp_path / "neo4j-side"), "--graph", "neo4j"]
    liantu(clean_env, *on_neo4j, "ingest", str(SEED))
    neo4j_counts = json.loads(liantu(clean_env, *on_neo4j, "stats", "--json").stdout)
    embedded = ["--data-dir", str(tmp_path / "embedded")]
    liantu(clean_env, *embedded, "ingest", str(SEED))
    embedded_counts = json.loads(liantu(clean_env, *embedded, "stats", "--json").stdout)
    assert neo4j_counts == embedded_counts
    assert neo4j_counts["documents"] == 1 and sum(neo4j_counts["entities"].values()) > 10

    # network analytics on Neo4j read their part of the graph in one query and say so
    brokers = liantu(clean_env, *on_neo4j, "network", "brokers")
    assert "read from Neo4j: one Cypher query, its records streamed" in brokers.stdout
    assert "Graph Data Science is not used" in brokers.stdout
    on_both = [json.loads(liantu(clean_env, *side, "network", "communities", "--json").stdout)
               for side in (on_neo4j, embedded)]
    assert [c["read"]["store"] for c in on_both] == ["neo4j", "networkx"]
    assert [{k: v for k, v in c.items() if k != "read"} for c in on_both][0] == \
        [{k: v for k, v in c.items() if k != "read"} for c in on_both][1]


def test_explicit_settings_win_over_the_launcher_state(clean_env, launcher_home, tmp_path):
    from graph import neo4j_server as ns
    from graph.neo4j_local import launcher_connection

    info = ns.status(home=launcher_home)
    assert info is not None, "the previous test starts the server"
    wrong = dict(clean_env, LIANTU_NEO4J_PASSWORD="not-the-password")
    refused = liantu(wrong, "--data-dir", str(tmp_path), "--graph", "neo4j", "stats", check=False)
    assert refused.returncode == 1
    assert f"Neo4j at {info.uri} refused user 'neo4j'" in refused.stderr

    assert launcher_connection({}, environ={}, home=launcher_home)["password"] == info.password
    elsewhere = {"uri": "bolt://127.0.0.1:1", "user": "neo4j", "password": "", "database": "neo4j"}
    assert launcher_connection(elsewhere, environ={"LIANTU_NEO4J_URI": elsewhere["uri"]},
                               home=launcher_home) == elsewhere
    other_user = {"uri": info.uri, "user": "reader", "password": "", "database": "neo4j"}
    assert launcher_connection(other_user, environ={}, home=launcher_home)["password"] == ""


def test_sync_into_the_empty_local_server_uses_the_importer(clean_env, launcher_home, tmp_path, seed_extraction):
    """`liantu sync --to neo4j` fills an empty local server with neo4j-admin, then answers as the source."""
    from neo4j import GraphDatabase

    from graph import neo4j_server as ns
    from graph.neo4j_store import Neo4jStore
    from graph.networkx_store import NetworkxStore
    from tests.graph import store_fixtures as fx

    info = ns.status(home=launcher_home)
    assert info is not None, "the first test starts the server"
    embedded_dir = tmp_path / "embedded"
    source = NetworkxStore(embedded_dir / "graph.pickle")
    fx.build(source)
    source.write_extractions([seed_extraction])
    source.flush()
    with GraphDatabase.driver(info.uri, auth=(info.user, info.password)) as driver:
        with driver.session() as session:  # empty it of what the earlier tests stored, search included
            session.run("MATCH (n) DETACH DELETE n").consume()
        synced = json.loads(liantu(clean_env, "--data-dir", str(embedded_dir), "sync", "--to", "neo4j",
                                   "--json").stdout)
        assert synced["load"]["method"] == "neo4j-admin database import" and synced["equal"] is True
        assert ns.status(home=launcher_home).port == info.port  # restarted as it was
        target = Neo4jStore(driver)
        entity_ids = sorted(fx.entities()) + sorted(e.id for e in seed_extraction.entities)[:30]
        assert fx.answers(target, entity_ids, fx.FIXTURE_NAMES) == fx.answers(source, entity_ids, fx.FIXTURE_NAMES)
        with driver.session() as session:
            constraints = {r["name"] for r in session.run("SHOW CONSTRAINTS YIELD name")}
        assert {"liantu_entity_id", "liantu_document_id"} <= constraints

        again = json.loads(liantu(clean_env, "--data-dir", str(embedded_dir), "sync", "--to", "neo4j",
                                  "--json").stdout)
        assert again["load"]["method"] == "transactions" and "not empty" in again["load"]["bulk_refused"]
        assert again["equal"] is True
