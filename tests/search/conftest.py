"""Index fixtures: one per backend, so every contract test runs against each of them."""
from __future__ import annotations

import os
import socket

import pytest

from search.model import IndexedDocument

NEO4J_PASSWORD = "liantu-search-test"


def skip_or_fail(reason: str) -> None:
    """Skip with a visible reason locally; fail under CI=true, where everything must be present."""
    if os.environ.get("CI", "").strip().lower() == "true":
        pytest.fail(f"CI=true but {reason}")
    pytest.skip(reason)


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="session")
def neo4j_driver(tmp_path_factory):
    """A driver to a real Neo4j started for this session by graph.neo4j_server."""
    try:
        from graph.neo4j_server import start, status, stop
    except ImportError as exc:
        skip_or_fail(f"graph.neo4j_server is not available ({exc})")
    try:
        import neo4j
    except ImportError:
        skip_or_fail("the neo4j Python driver is not installed")
    home = tmp_path_factory.mktemp("neo4j-home") if status() is not None else None
    try:
        info = start(home=home, port=_free_port(), password=NEO4J_PASSWORD,
                     data_dir=tmp_path_factory.mktemp("neo4j-data"))
    except Exception as exc:  # no Java/Maven, build failure: say why
        skip_or_fail(f"cannot start Neo4j: {exc}")
    driver = neo4j.GraphDatabase.driver(info.uri, auth=(info.user, info.password))
    try:
        yield driver
    finally:
        driver.close()
        stop(home=info.home)


BACKENDS = ["whoosh", "tantivy", pytest.param("neo4j", marks=[pytest.mark.neo4j, pytest.mark.slow])]


@pytest.fixture(params=BACKENDS)
def make_index(request, tmp_path):
    """A function returning an empty index of the parametrised backend."""
    opened = []

    def make():
        if request.param == "whoosh":
            from search.whoosh_index import WhooshIndex

            ix = WhooshIndex(tmp_path / f"whoosh{len(opened)}")
        elif request.param == "tantivy":
            from search.tantivy_index import TantivyIndex

            ix = TantivyIndex(tmp_path / f"tantivy{len(opened)}")
        else:
            from search.neo4j_index import Neo4jIndex

            driver = request.getfixturevalue("neo4j_driver")
            ix = Neo4jIndex(driver)
            ix.rebuild([])  # start empty: the server is shared by the session
        opened.append(ix)
        return ix

    yield make
    for ix in opened:
        ix.close()


DOCS = [
    IndexedDocument(id="shengtun", title="盛屯集团碳酸锂项目落地泉港<script>", kind="news", date="2024-06-20",
                    body="盛屯集团碳酸锂新材料产业项目落地泉港石化工业区，生产电池级碳酸锂。<img src=x onerror=alert(1)>",
                    regions=["Region:350505"], entities=["Enterprise:盛屯集团", "Project:碳酸锂新材料产业项目"],
                    chains=["ChainLink:碳酸锂", "Chain:lithium-battery"]),
    IndexedDocument(id="adbc", title="農發行支持泉州", kind="policy", date="2023-03-01",
                    body="中國農業發展銀行泉州分行支持重点项目建设，发放贷款。",
                    regions=["Region:3505"], entities=["Org:中国农业发展银行"]),
    IndexedDocument(id="catl", title="宁德时代电芯项目", kind="news", date="2022-11-15",
                    body="宁德时代在晋江投资建设电芯项目，配套碳酸锂供应链。",
                    regions=["Region:350582"], entities=["Enterprise:宁德时代"], chains=["ChainLink:电芯"]),
    IndexedDocument(id="law", title="外商投资法", kind="law", date="2019-03-15",
                    body="国家对外商投资实行准入前国民待遇加负面清单管理制度。外商投资企业依法享有待遇。"),
]
