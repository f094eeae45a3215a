"""Faults: an ingest killed with SIGKILL at random points, and a disk that fills up.

After every kill the ingest is run again to completion: every document is then stored once,
and the graph and the search index agree on which documents exist and which entities each
one mentions. A write that hits a file-size limit fails with a clear error, and what was
stored before still loads and answers.
"""
from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from liantu import Liantu, Settings
from search.model import SearchQuery
from tests.hardening.corpus import ROOT, tag, write_corpus

N_DOCS = 400
KILLS = 20


def cli(data_dir: Path, *args: str) -> list[str]:
    return [sys.executable, "-m", "liantu", "--data-dir", str(data_dir), *args]


def env() -> dict:
    return dict(os.environ, PYTHONPATH=str(ROOT))


def run_to_completion(data_dir: Path, corpus: Path) -> dict:
    done = subprocess.run(cli(data_dir, "ingest", "--json", str(corpus)), cwd=ROOT, env=env(),
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-2000:]
    return json.loads(done.stdout)


def check_consistent(data_dir: Path, expected: int) -> None:
    """Each document stored once; graph and index agree on documents and on their entities."""
    liantu = Liantu(Settings(data_dir=data_dir, graph_backend="networkx"))
    try:
        graph_ids = liantu.graph.document_ids()
        index_ids = liantu.index.doc_ids()
        assert len(graph_ids) == expected, f"graph holds {len(graph_ids)} documents, expected {expected}"
        assert graph_ids == index_ids, (f"graph-only {sorted(graph_ids - index_ids)[:5]}, "
                                        f"index-only {sorted(index_ids - graph_ids)[:5]}")
        assert liantu.index.count() == expected, f"index holds {liantu.index.count()} entries for {expected} documents"
        mentioned: dict[str, set[str]] = {}
        for doc_id, entity_id, _ in liantu.graph.mentions():
            mentioned.setdefault(doc_id, set()).add(entity_id)
        titles = {}
        for i in random.Random(len(graph_ids)).sample(range(expected), min(25, expected)):
            result = liantu.index.search(SearchQuery(tag(i), limit=3, highlight=False))
            assert result.total == 1, f"{tag(i)} found {result.total} times in the index"
            hit = result.hits[0]
            titles[hit.id] = hit.title
            in_graph = {e for e in mentioned.get(hit.id, set())
                        if not e.startswith(("Region:", "ChainLink:", "Chain:"))}
            assert set(hit.entities) == in_graph, f"{hit.id}: index {sorted(hit.entities)} graph {sorted(in_graph)}"
            assert liantu.graph.get_document(hit.id) is not None
    finally:
        liantu.close()


def wipe(folder: Path) -> None:
    if folder.exists():
        for child in sorted(folder.glob("**/*"), reverse=True):
            child.unlink() if child.is_file() or child.is_symlink() else child.rmdir()


def children(pid: int) -> list[int]:
    """Child process ids of `pid` (the ingest's analysis workers)."""
    try:
        return [int(c) for c in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]
    except OSError:
        return []


def assert_gone(pids: list[int], seconds: float = 15) -> None:
    """Workers of a killed ingest exit by themselves (no orphans left analysing)."""
    deadline = time.monotonic() + seconds
    alive = list(pids)
    while alive and time.monotonic() < deadline:
        alive = [p for p in alive if Path(f"/proc/{p}").exists() and
                 Path(f"/proc/{p}/stat").read_text().split(") ", 1)[-1][:1] != "Z"]
        time.sleep(0.1)
    assert not alive, f"workers {alive} outlived the killed ingest"


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("fault-corpus")
    write_corpus(folder, N_DOCS)
    return folder


@pytest.mark.slow
def test_sigkill_at_random_points_loses_and_duplicates_nothing(corpus, tmp_path):
    data_dir = tmp_path / "data"
    # how long a whole run takes here, to spread the kills over it
    started = time.perf_counter()
    probe_dir = tmp_path / "probe"
    run_to_completion(probe_dir, corpus)
    whole = time.perf_counter() - started
    rng = random.Random(20)
    killed_with_work_done = 0
    for attempt in range(KILLS):
        # from an empty store, or (every third round) from the partial store the last kill left
        if attempt % 3 != 2:
            wipe(data_dir)
        proc = subprocess.Popen(cli(data_dir, "ingest", str(corpus)), cwd=ROOT, env=env(),
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(rng.uniform(0.05, whole * 0.9))
        was_running = proc.poll() is None
        workers = children(proc.pid)
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=30)
        killed_with_work_done += was_running
        assert_gone(workers)
        if attempt % 3 == 1:
            continue  # the next round starts from this partial store, then reruns
        report = run_to_completion(data_dir, corpus)
        assert not report.get("failed"), report.get("failed")
        check_consistent(data_dir, N_DOCS)
    assert killed_with_work_done >= KILLS // 2, "most kills must land while the ingest runs"


FULL_DISK_SCRIPT = r"""
import resource, signal, sys
from pathlib import Path
signal.signal(signal.SIGXFSZ, signal.SIG_IGN)   # a write past the limit fails with EFBIG instead
limit = int(sys.argv[1])
resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))
from liantu.cli import main
sys.argv = ["liantu", "--data-dir", sys.argv[2], "ingest", *sys.argv[3:]]
main()
"""


def test_full_disk_gives_a_clear_error_and_keeps_what_was_stored(corpus, tmp_path):
    data_dir = tmp_path / "data"
    few = tmp_path / "few"
    few.mkdir()
    for path in sorted(corpus.glob("*.md"))[:20]:
        (few / path.name).write_bytes(path.read_bytes())
    run_to_completion(data_dir, few)
    check_consistent(data_dir, 20)
    before = {p: p.stat().st_size for p in data_dir.glob("**/*") if p.is_file()}
    # every file the store writes is larger than this limit once the whole corpus is in
    limit = max(before.values()) + 1
    done = subprocess.run([sys.executable, "-c", FULL_DISK_SCRIPT, str(limit), str(data_dir), str(corpus)],
                          cwd=ROOT, env=env(), capture_output=True, text=True, timeout=300)
    assert done.returncode != 0, "an ingest that cannot write must fail"
    message = done.stderr.strip().splitlines()[-1] if done.stderr.strip() else ""
    assert "Traceback" not in done.stderr, done.stderr[-3000:]
    assert "disk" in message.lower() or "file size" in message.lower() or "space" in message.lower(), message
    # what was stored before still loads and answers
    liantu = Liantu(Settings(data_dir=data_dir, graph_backend="networkx"))
    try:
        graph_ids = liantu.graph.document_ids()
        assert len(graph_ids) >= 20
        result = liantu.index.search(SearchQuery(tag(3), limit=3, highlight=False))
        assert result.total == 1
        assert liantu.graph.get_document(result.hits[0].id) is not None
    finally:
        liantu.close()
    # and with room again, the ingest completes and everything agrees
    run_to_completion(data_dir, corpus)
    check_consistent(data_dir, N_DOCS)
