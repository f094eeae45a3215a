"""End-to-end test of graph.neo4j_server: a real Neo4j 5.26 server reached with the official driver."""

from __future__ import annotations

import os
import shutil
import socket
import uuid

import pytest

pytestmark = [pytest.mark.neo4j, pytest.mark.slow]

PASSWORD = "liantu-test-pw"


def _skip_or_fail(reason: str) -> None:
    """Skip with a visible reason locally; fail under CI=true, where the tools must be present."""
    if os.environ.get("CI", "").strip().lower() == "true":
        pytest.fail(f"CI=true but {reason}")
    pytest.skip(reason)


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="session")
def neo4j_server(tmp_path_factory):
    missing = [tool for tool in ("java", "mvn") if shutil.which(tool) is None]
    if missing:
        _skip_or_fail(f"{' and '.join(missing)} not on PATH: cannot build/run the Neo4j launcher")

    from graph import neo4j_server as ns

    # Reuse the default home's Maven build; only if a dev server already runs from it
    # (one server per home) fall back to a throwaway home, which costs a rebuild.
    home = None
    if ns.status() is not None:
        home = tmp_path_factory.mktemp("neo4j-home")
    data_dir = tmp_path_factory.mktemp("neo4j-data")
    info = ns.start(home=home, port=_free_port(), password=PASSWORD, data_dir=data_dir, timeout=300)
    try:
        yield info
    finally:
        assert ns.stop(home=info.home) is True
        assert ns.status(home=info.home) is None
        host, port = info.uri.removeprefix("bolt://").rsplit(":", 1)
        with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
            assert s.connect_ex((host, int(port))) != 0, "Bolt port still open after stop()"


@pytest.fixture(scope="session")
def neo4j_module():
    try:
        import neo4j
    except ImportError:
        _skip_or_fail("the neo4j Python driver is not installed")
    return neo4j


@pytest.fixture(scope="session")
def driver(neo4j_server, neo4j_module):
    drv = neo4j_module.GraphDatabase.driver(
        neo4j_server.uri, auth=(neo4j_server.user, neo4j_server.password)
    )
    try:
        drv.verify_connectivity()
        yield drv
    finally:
        drv.close()


def test_server_is_neo4j_5_26_community(driver):
    records, _, _ = driver.execute_query("CALL dbms.components() YIELD name, versions, edition "
                                         "RETURN versions[0] AS version, edition")
    assert records[0]["version"].startswith("5.26.")
    assert records[0]["edition"] == "community"


def test_status_and_repeated_start_return_running_server(neo4j_server):
    from graph import neo4j_server as ns

    assert ns.status(home=neo4j_server.home) == neo4j_server
    port = int(neo4j_server.uri.rsplit(":", 1)[1])
    assert ns.start(home=neo4j_server.home, port=port) == neo4j_server


def test_write_and_read_node_with_parameters(driver):
    key = uuid.uuid4().hex
    driver.execute_query(
        "CREATE (:LiantuTestCompany {key: $key, name: $name, founded: $founded})",
        key=key, name="盛屯矿业", founded=1997,
    )
    records, _, _ = driver.execute_query(
        "MATCH (c:LiantuTestCompany {key: $key}) RETURN c.name AS name, c.founded AS founded",
        key=key,
    )
    assert [(r["name"], r["founded"]) for r in records] == [("盛屯矿业", 1997)]


def test_fulltext_index_with_cjk_analyzer(driver):
    driver.execute_query(
        "CREATE FULLTEXT INDEX liantu_test_news IF NOT EXISTS "
        "FOR (n:LiantuTestNews) ON EACH [n.text] "
        "OPTIONS {indexConfig: {`fulltext.analyzer`: 'cjk'}}"
    )
    driver.execute_query("CALL db.awaitIndexes(120)")
    driver.execute_query(
        "UNWIND $texts AS t CREATE (:LiantuTestNews {text: t})",
        texts=["盛屯集团碳酸锂新材料产业项目", "宁德时代发布新一代钠离子电池"],
    )
    records, _, _ = driver.execute_query(
        "CALL db.index.fulltext.queryNodes('liantu_test_news', $q) YIELD node, score "
        "RETURN node.text AS text, score ORDER BY score DESC",
        q="碳酸锂",
    )
    texts = [r["text"] for r in records]
    assert texts and texts[0] == "盛屯集团碳酸锂新材料产业项目"
    assert "宁德时代发布新一代钠离子电池" not in texts


def test_apoc_is_not_installed_nor_needed(driver):
    records, _, _ = driver.execute_query(
        "SHOW PROCEDURES YIELD name WHERE name STARTS WITH 'apoc.' RETURN count(*) AS n"
    )
    assert records[0]["n"] == 0


def test_wrong_password_is_rejected(neo4j_server, neo4j_module):
    with neo4j_module.GraphDatabase.driver(
        neo4j_server.uri, auth=(neo4j_server.user, "not-the-password")
    ) as bad:
        with pytest.raises(neo4j_module.exceptions.AuthError):
            bad.verify_connectivity()
