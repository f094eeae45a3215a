from graph.networkx_store import NetworkxStore
from ingest.model import Document
from ingest.pipeline import Pipeline


def test_flush_is_atomic_and_reloads(tmp_path):
    path = tmp_path / "graph.pickle"
    store = NetworkxStore(path)
    x = Pipeline().analyse(Document(text="盛屯集团在泉港区投资25亿元。", title="t", origin="a.txt"))
    store.write_extractions([x])
    store.flush()
    assert not list(tmp_path.glob(".graph-*"))
    reader = NetworkxStore(path)
    assert reader.document_ids() == {x.document.id}
    assert reader.get_entity("Region:350505")["name"] == "泉港区"
    store.remove_documents([x.document.id])
    store.flush()
    assert reader.refresh() is True
    assert reader.document_ids() == set() and reader.get_entity("Region:350505") is None


def test_damaged_file_gives_a_clear_error(tmp_path):
    import pytest

    from graph.errors import StoreUnavailableError

    path = tmp_path / "graph.pickle"
    path.write_bytes(b"not a graph")
    with pytest.raises(StoreUnavailableError, match="graph.pickle"):
        NetworkxStore(path)
