"""Fixtures shared by every test: a temporary data directory, an assembled Liantu, an app."""
from __future__ import annotations

from pathlib import Path

import pytest

from webapp import Liantu, Settings, create_app

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
