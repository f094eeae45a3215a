"""The graph commands end to end: `--graph neo4j` against a real server, export, sync, errors."""
from __future__ import annotations

import json
import socket

import pytest
from click.testing import CliRunner

from liantu.cli import cli
from tests.conftest import SEED


@pytest.fixture
def runner():
    return CliRunner()


def neo4j_env(server) -> dict[str, str]:
    return {"LIANTU_NEO4J_URI": server.uri, "LIANTU_NEO4J_USER": server.user,
            "LIANTU_NEO4J_PASSWORD": server.password, "LIANTU_NEO4J_DATABASE": "neo4j"}


@pytest.mark.neo4j
@pytest.mark.slow
def test_ingest_and_stats_on_neo4j(runner, data_dir, neo4j_server, neo4j_store):
    env = neo4j_env(neo4j_server)
    args = ["--data-dir", str(data_dir), "--graph", "neo4j"]
    result = runner.invoke(cli, [*args, "ingest", str(SEED)], env=env)
    assert result.exit_code == 0, result.output
    assert "added 1" in result.output
    assert not (data_dir / "graph.pickle").exists()  # the graph went to Neo4j, not the embedded file
    assert not (data_dir / "tantivy").exists()  # and search went to Neo4j's full-text index

    result = runner.invoke(cli, [*args, "search", "碳酸锂", "--json"], env=env)
    assert result.exit_code == 0, result.output
    hit = json.loads(result.output)["hits"][0]
    assert hit["title"] == "“泉”力以赴抓开放招商促项目落地" and "<mark>碳酸锂</mark>" in hit["snippet"]

    result = runner.invoke(cli, [*args, "stats", "--json"], env=env)
    assert result.exit_code == 0, result.output
    on_neo4j = json.loads(result.output)
    assert on_neo4j["documents"] == 1 and on_neo4j["entities"]["Region"] >= 3
    assert on_neo4j == neo4j_store.counts()

    # the same article into the embedded store gives the same counts
    result = runner.invoke(cli, ["--data-dir", str(data_dir / "embedded"), "ingest", str(SEED)])
    assert result.exit_code == 0, result.output
    result = runner.invoke(cli, ["--data-dir", str(data_dir / "embedded"), "stats", "--json"])
    assert json.loads(result.output) == on_neo4j

    # LIANTU_GRAPH selects the backend too; re-ingest is unchanged
    result = runner.invoke(cli, ["--data-dir", str(data_dir), "ingest", str(SEED)], env={**env, "LIANTU_GRAPH": "neo4j"})
    assert "added 0, updated 0, unchanged 1" in result.output, result.output


@pytest.mark.neo4j
@pytest.mark.slow
def test_sync_copies_the_embedded_graph_into_neo4j(runner, data_dir, neo4j_server, neo4j_store):
    env = neo4j_env(neo4j_server)
    args = ["--data-dir", str(data_dir)]
    assert runner.invoke(cli, [*args, "ingest", str(SEED)]).exit_code == 0
    result = runner.invoke(cli, [*args, "sync", "--to", "neo4j", "--replace", "--json"], env=env)
    assert result.exit_code == 0, result.output
    report = json.loads(result.output)
    assert report["equal"] is True and report["target"]["documents"] == 1
    embedded = json.loads(runner.invoke(cli, [*args, "stats", "--json"]).output)
    assert neo4j_store.counts() == embedded
    entity = neo4j_store.find_entities("泉港区")[0]
    assert entity["id"] == "Region:350505"


def test_export_command_writes_each_format(runner, data_dir, tmp_path):
    args = ["--data-dir", str(data_dir)]
    assert runner.invoke(cli, [*args, "ingest", str(SEED)]).exit_code == 0
    for fmt in ("graphml", "gexf", "json", "csv"):
        out = tmp_path / f"graph.{fmt}"
        result = runner.invoke(cli, [*args, "export", "--format", fmt, str(out), "--json"])
        assert result.exit_code == 0, result.output
        summary = json.loads(result.output)
        assert summary["documents"] == 1 and summary["entities"] > 10 and out.exists()
    result = runner.invoke(cli, [*args, "export", "--format", "json", str(tmp_path / "g2.json")])
    assert result.output.startswith("exported 1 documents")


def test_unreachable_neo4j_is_one_clear_line(runner, data_dir):
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]  # closed again when the block ends: nothing listens there
    env = {"LIANTU_NEO4J_URI": f"bolt://127.0.0.1:{port}", "LIANTU_NEO4J_PASSWORD": "x" * 8}
    result = runner.invoke(cli, ["--data-dir", str(data_dir), "--graph", "neo4j", "stats"], env=env)
    assert result.exit_code == 1
    assert result.output.strip() == (f"Error: cannot reach Neo4j at bolt://127.0.0.1:{port}: start it "
                                     "(`liantu neo4j start`) or point LIANTU_NEO4J_URI at a running server")


@pytest.mark.neo4j
@pytest.mark.slow
def test_wrong_password_is_one_clear_line(runner, data_dir, neo4j_server):
    env = {**neo4j_env(neo4j_server), "LIANTU_NEO4J_PASSWORD": "not-the-password"}
    result = runner.invoke(cli, ["--data-dir", str(data_dir), "--graph", "neo4j", "stats"], env=env)
    assert result.exit_code == 1
    assert result.output.strip() == (f"Error: Neo4j at {neo4j_server.uri} refused user 'neo4j': check "
                                     "LIANTU_NEO4J_USER and LIANTU_NEO4J_PASSWORD")


def test_neo4j_status_when_not_running(runner, tmp_path):
    result = runner.invoke(cli, ["neo4j", "status", "--home", str(tmp_path / "none"), "--json"])
    assert result.exit_code == 3
    assert json.loads(result.output) == {"running": False}


@pytest.mark.neo4j
@pytest.mark.slow
def test_web_app_serves_from_neo4j(data_dir, neo4j_server, neo4j_store):
    from liantu import Liantu, Settings
    from webapp import create_app

    settings = Settings(data_dir=data_dir, graph_backend="neo4j", neo4j_uri=neo4j_server.uri,
                        neo4j_user=neo4j_server.user, neo4j_password=neo4j_server.password)
    liantu = Liantu(settings)
    try:
        liantu.ingest([SEED])
        client = create_app({"TESTING": True}, liantu=liantu).test_client()
        body = client.get("/api/stats").get_json()
        assert body["ok"] is True and body["documents"] == 1
        assert {k: body[k] for k in ("documents", "entities", "relations")} == neo4j_store.counts()
    finally:
        liantu.close()
