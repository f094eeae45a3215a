"""End-to-end test of graph.neo4j_server: a real Neo4j 5.26 server reached with the official driver."""

from __future__ import annotations

import uuid

import pytest

pytestmark = [pytest.mark.neo4j, pytest.mark.slow]

# The session server and driver fixtures live in tests/conftest.py (shared with the store tests).


def test_server_is_neo4j_5_26_community(driver):
    records, _, _ = driver.execute_query("CALL dbms.components() YIELD name, versions, edition "
                                         "RETURN versions[0] AS version, edition")
    assert records[0]["version"].startswith("5.26.")
    assert records[0]["edition"] == "community"


def test_status_and_repeated_start_return_running_server(neo4j_server):
    from graph import neo4j_server as ns

    if not neo4j_server.home:
        pytest.skip("LIANTU_TEST_NEO4J_URI names a server this session did not start")

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


def test_apoc_core_path_expanders_are_loaded(neo4j_server, driver):
    if neo4j_server.home and not neo4j_server.apoc:
        pytest.skip("this session's server runs with LIANTU_NEO4J_APOC=off")
    records, _, _ = driver.execute_query(
        "SHOW PROCEDURES YIELD name WHERE name IN ['apoc.path.subgraphNodes', 'apoc.path.expandConfig'] "
        "RETURN count(*) AS n"
    )
    assert records[0]["n"] == 2


def test_wrong_password_is_rejected(neo4j_server, neo4j_module):
    with neo4j_module.GraphDatabase.driver(
        neo4j_server.uri, auth=(neo4j_server.user, "not-the-password")
    ) as bad:
        with pytest.raises(neo4j_module.exceptions.AuthError):
            bad.verify_connectivity()
