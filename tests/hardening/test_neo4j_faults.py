"""Neo4j faults: unreachable at start, restarted in the middle of an ingest, gone for good.

The restart test runs its own server (a temporary home, port and data folder) so the session's
shared server is never disturbed. After every outcome the database holds whole documents only:
each stored document carries exactly the entities the pipeline finds in it (no partial batch),
and a rerun completes the corpus with graph and full-text index agreeing.
"""
from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.hardening.corpus import ROOT, write_corpus

N_DOCS = 300
PASSWORD = "liantu-fault-pw"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def ingest_cmd(data_dir: Path, corpus: Path) -> list[str]:
    return [sys.executable, "-m", "liantu", "--data-dir", str(data_dir), "--graph", "neo4j", "ingest",
            "--json", str(corpus)]


def neo4j_env(uri: str) -> dict:
    return dict(os.environ, PYTHONPATH=str(ROOT), LIANTU_NEO4J_URI=uri, LIANTU_NEO4J_PASSWORD=PASSWORD,
                LIANTU_SEARCH="")


@pytest.mark.neo4j
def test_unreachable_neo4j_is_one_clear_error(tmp_path, neo4j_module):
    corpus = tmp_path / "corpus"
    write_corpus(corpus, 5)
    done = subprocess.run(ingest_cmd(tmp_path / "data", corpus), cwd=ROOT, capture_output=True, text=True,
                          env=neo4j_env(f"bolt://127.0.0.1:{_free_port()}"), timeout=120)
    assert done.returncode == 1
    assert "Traceback" not in done.stderr, done.stderr[-2000:]
    assert "cannot reach Neo4j" in done.stderr, done.stderr


def _prepared_home(home: Path) -> Path:
    """A temporary launcher home, seeded with the default home's build when it has one (no rebuild)."""
    from graph import neo4j_server as ns

    home.mkdir(parents=True, exist_ok=True)
    default = ns.default_home()
    if (default / ns.BUILD_STAMP).exists() and (default / "target").is_dir():
        shutil.copytree(default / "target", home / "target")
        shutil.copytree(default / "src", home / "src")
        for name in ("pom.xml", ns.BUILD_STAMP):
            shutil.copyfile(default / name, home / name)
    return home


@pytest.fixture
def own_server(tmp_path, neo4j_module):
    """A second Neo4j server of this test's own, stopped at the end."""
    from graph import neo4j_server as ns

    missing = [tool for tool in ("java", "mvn") if shutil.which(tool) is None]
    if missing:
        from tests.conftest import skip_or_fail

        skip_or_fail(f"{' and '.join(missing)} not on PATH: cannot run a Neo4j server")
    home = _prepared_home(tmp_path / "neo4j-home")
    port = _free_port()
    data = tmp_path / "neo4j-data"
    info = ns.start(home=home, port=port, password=PASSWORD, data_dir=data, timeout=300)
    state = {"info": info}

    def restart():
        ns.stop(home=home)
        state["info"] = ns.start(home=home, port=port, password=PASSWORD, data_dir=data, timeout=300)
        return state["info"]

    yield info, home, restart
    ns.stop(home=home)


def wait_until_writing(uri: str, proc: subprocess.Popen, timeout: float = 120.0) -> bool:
    """Wait until the ingest has stored a document in Neo4j (it is past its start-up, whatever
    the machine's load); False when it ended first."""
    from neo4j import GraphDatabase

    deadline = time.monotonic() + timeout
    with GraphDatabase.driver(uri, auth=("neo4j", PASSWORD)) as driver:
        while time.monotonic() < deadline and proc.poll() is None:
            records, _, _ = driver.execute_query("MATCH (d:Document) RETURN count(d) AS n")
            if records[0]["n"] > 0:
                return True
            time.sleep(0.2)
    return proc.poll() is None


def check_whole_documents(uri: str, expected: int | None) -> int:
    """Every stored document has exactly its pipeline entities; graph and index agree. Returns the count."""
    from ingest.load import load_path
    from liantu import Liantu, Settings

    liantu = Liantu(Settings(data_dir=Path("/nonexistent-liantu-data"), graph_backend="neo4j", neo4j_uri=uri,
                             neo4j_password=PASSWORD))
    try:
        graph_ids = liantu.graph.document_ids()
        index_ids = liantu.index.doc_ids()
        if expected is not None:
            assert len(graph_ids) == expected
            assert graph_ids == index_ids
        else:
            # a write interrupted between the graph and the index leaves the index behind, never ahead
            assert index_ids <= graph_ids
        mentioned: dict[str, set[str]] = {}
        for doc_id, entity_id, _ in liantu.graph.mentions():
            mentioned.setdefault(doc_id, set()).add(entity_id)
        origins = {v: k for k, v in liantu.graph.document_origins().items()}
        for doc_id in sorted(graph_ids)[:40]:
            doc = load_path(Path(origins[doc_id]))[0]
            expected_entities = {e.id for e in liantu.pipeline.analyse(doc).entities}
            assert mentioned.get(doc_id, set()) == expected_entities, f"{doc_id} is stored partly"
        return len(graph_ids)
    finally:
        liantu.close()


@pytest.mark.neo4j
@pytest.mark.slow
def test_neo4j_restarted_mid_ingest_leaves_no_partial_batch(own_server, tmp_path):
    info, home, restart = own_server
    corpus = tmp_path / "corpus"
    write_corpus(corpus, N_DOCS)
    proc = subprocess.Popen(ingest_cmd(tmp_path / "data", corpus), cwd=ROOT, env=neo4j_env(info.uri),
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    wait_until_writing(info.uri, proc)  # past the start-up: documents are being written
    running_at_restart = proc.poll() is None
    info = restart()
    out, err = proc.communicate(timeout=300)
    assert "Traceback" not in err, err[-3000:]
    if proc.returncode == 0:
        report = json.loads(out)  # the driver's retry with backoff carried it over the restart
        assert not report["failed"], report["failed"]
    else:
        assert "Neo4j" in err and err.strip().startswith("Error:"), err
    stored = check_whole_documents(info.uri, None)
    assert stored >= 0
    # the rerun completes the corpus
    done = subprocess.run(ingest_cmd(tmp_path / "data", corpus), cwd=ROOT, env=neo4j_env(info.uri),
                          capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr[-2000:]
    check_whole_documents(info.uri, N_DOCS)
    assert running_at_restart or proc.returncode == 0


@pytest.mark.neo4j
@pytest.mark.slow
def test_neo4j_gone_mid_ingest_is_a_clear_error(own_server, tmp_path):
    from graph import neo4j_server as ns

    info, home, _ = own_server
    corpus = tmp_path / "corpus"
    write_corpus(corpus, N_DOCS)
    proc = subprocess.Popen(ingest_cmd(tmp_path / "data", corpus), cwd=ROOT, env=neo4j_env(info.uri),
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    wait_until_writing(info.uri, proc)
    if proc.poll() is not None:
        pytest.skip("the ingest finished before the server could be stopped")
    ns.stop(home=home)
    started = time.monotonic()
    out, err = proc.communicate(timeout=180)
    assert proc.returncode == 1, (out[-500:], err[-2000:])
    assert "Traceback" not in err, err[-3000:]
    # the driver logs each retry with its backoff; the command ends with one line saying what failed
    last = err.strip().splitlines()[-1]
    assert last.startswith("Error: Neo4j stopped answering"), err[-3000:]
    assert "retried" in err, "the driver retried with backoff before giving up"
    assert time.monotonic() - started < 120, "the retries are bounded"
