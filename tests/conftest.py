"""Fixtures shared by every test: a temporary data directory, an assembled Liantu, an app,
a real Neo4j server for the session, and a graph `store` parametrised over every backend.

Neo4j tests (marker `neo4j`) skip with a visible reason when Java or Maven is missing; under
CI=true such a skip is reported as a failure. Set LIANTU_TEST_NEO4J_URI (and
LIANTU_TEST_NEO4J_PASSWORD) to run them against a server you started yourself; its database
is emptied by the tests.
"""
from __future__ import annotations

import os
import shutil
import socket
from pathlib import Path

import pytest

from liantu import Liantu, Settings
from webapp import create_app

# The tests' expectations are 泉州's; a home region set in the shell must not change them.
os.environ.pop("LIANTU_HOME_REGION", None)

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "corpus" / "samples" / "qzwb-2024-06-20.md"


@pytest.fixture
def data_dir(tmp_path) -> Path:
    return tmp_path / "data"


@pytest.fixture
def liantu(data_dir):
    app = Liantu(Settings(data_dir=data_dir, graph_backend="networkx"))
    yield app
    app.close()


@pytest.fixture
def seeded(liantu):
    """A Liantu with the seed article ingested."""
    report = liantu.ingest([SEED])
    assert len(report.added) == 1
    return liantu


@pytest.fixture
def app(seeded):
    return create_app({"TESTING": True}, liantu=seeded)


@pytest.fixture
def client(app):
    return app.test_client()


# Neo4j ---------------------------------------------------------------------------------------
NEO4J_TEST_PASSWORD = "liantu-test-pw"
GRAPH_BACKENDS = ["networkx", pytest.param("neo4j", marks=[pytest.mark.neo4j, pytest.mark.slow])]


def in_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() == "true"


def skip_or_fail(reason: str) -> None:
    """Skip with a visible reason locally; fail under CI=true, where the tools must be present."""
    if in_ci():
        pytest.fail(f"CI=true but {reason}")
    pytest.skip(reason)


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    """Under CI=true a skipped Neo4j test is a failure: CI must really run them."""
    outcome = yield
    report = outcome.get_result()
    if report.skipped and in_ci() and item.get_closest_marker("neo4j") is not None:
        reason = report.longrepr[2] if isinstance(report.longrepr, tuple) else str(report.longrepr)
        reason = reason.removeprefix("Skipped: ")
        report.outcome = "failed"
        report.longrepr = f"CI=true but this Neo4j test was skipped: {reason}"


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="session")
def neo4j_module():
    try:
        import neo4j
    except ImportError:
        skip_or_fail("the neo4j Python driver is not installed")
    return neo4j


@pytest.fixture(scope="session")
def neo4j_server(tmp_path_factory):
    """A real Neo4j 5.26 server for the whole session, stopped at the end."""
    from graph import neo4j_server as ns

    if os.environ.get("LIANTU_TEST_NEO4J_URI"):
        yield ns.ServerInfo(uri=os.environ["LIANTU_TEST_NEO4J_URI"], user="neo4j",
                            password=os.environ.get("LIANTU_TEST_NEO4J_PASSWORD", NEO4J_TEST_PASSWORD),
                            pid=0, home="", log_file="")
        return
    missing = [tool for tool in ("java", "mvn") if shutil.which(tool) is None]
    if missing:
        skip_or_fail(f"{' and '.join(missing)} not on PATH: cannot build/run the Neo4j launcher")
    # Reuse the default home's Maven build; only if a server already runs from it (one server
    # per home, e.g. someone's dev server) fall back to a throwaway home, which costs a rebuild.
    home = tmp_path_factory.mktemp("neo4j-home") if ns.status() is not None else None
    data_dir = tmp_path_factory.mktemp("neo4j-data")
    info = ns.start(home=home, port=_free_port(), password=NEO4J_TEST_PASSWORD, data_dir=data_dir, timeout=300)
    try:
        yield info
    finally:
        assert ns.stop(home=info.home) is True
        assert ns.status(home=info.home) is None
        host, port = info.uri.removeprefix("bolt://").rsplit(":", 1)
        with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
            assert s.connect_ex((host, int(port))) != 0, "Bolt port still open after stop()"


@pytest.fixture(scope="session")
def driver(neo4j_server, neo4j_module):
    drv = neo4j_module.GraphDatabase.driver(neo4j_server.uri, auth=(neo4j_server.user, neo4j_server.password))
    try:
        drv.verify_connectivity()
        yield drv
    finally:
        drv.close()


@pytest.fixture
def neo4j_store(driver):
    """A Neo4jStore on the session server, emptied before the test."""
    from graph.neo4j_store import Neo4jStore

    store = Neo4jStore(driver, "neo4j")
    store.clear()
    yield store
    store.close()


def open_test_store(backend: str, request, tmp_path):
    """A fresh, empty store of a backend."""
    if backend == "neo4j":
        return request.getfixturevalue("neo4j_store")
    from graph.networkx_store import NetworkxStore

    return NetworkxStore(tmp_path / "graph.pickle")


@pytest.fixture(params=GRAPH_BACKENDS)
def store(request, tmp_path):
    """An empty graph store of each backend in turn."""
    return open_test_store(request.param, request, tmp_path)


@pytest.fixture(scope="session")
def seed_extraction():
    """The seed article analysed by the real pipeline."""
    from ingest.load import parse_markdown
    from ingest.pipeline import Pipeline

    doc = parse_markdown(SEED.read_text(encoding="utf-8"), str(SEED))
    return Pipeline().analyse(doc)


CHROMIUM = Path(os.environ.get("LIANTU_CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]


@pytest.fixture(scope="module")
def browser():
    """Debian's headless Chromium driven by Playwright (never a downloaded browser)."""
    if not CHROMIUM.exists():
        skip_or_fail(f"{CHROMIUM} is missing (apt-get install chromium to run the browser tests)")
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()
