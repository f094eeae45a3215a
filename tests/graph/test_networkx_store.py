from graph.networkx_store import NetworkxStore
from ingest.model import Document
from ingest.pipeline import Pipeline


def test_flush_is_atomic_and_reloads(tmp_path):
    path = tmp_path / "graph.pickle"
    store = NetworkxStore(path)
    x = Pipeline().analyse(Document(text="盛屯集团在泉港区投资25亿元。", title="t", origin="a.txt"))
    store.write_extractions([x])
    store.flush()
    assert not list(tmp_path.glob("*.part"))
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


def test_name_index_finds_what_a_full_scan_finds():
    from hypothesis import given, settings
    from hypothesis import strategies as st

    from ingest.model import Entity

    words = st.text(alphabet="泉州港石狮a\x00", min_size=1, max_size=4)

    @settings(max_examples=150, deadline=None)
    @given(st.lists(st.tuples(words, st.sets(words, max_size=2)), min_size=1, max_size=12), words)
    def check(named, text):
        store = NetworkxStore()
        store.upsert_entities([Entity(f"Org:{i}", "Org", name, aliases) for i, (name, aliases) in enumerate(named)])
        store.find_entities("warm the index up")
        store.upsert_entities([Entity("Org:late", "Org", "泉州late")])  # a write after the index was built
        expect = {f"Org:{i}" for i, (name, aliases) in enumerate(named)
                  if any(text.strip() in n for n in (name, *aliases))} | ({"Org:late"} if text.strip() in "泉州late" else set())
        got = {e["id"] for e in store.find_entities(text, limit=100)}
        assert got == (expect if text.strip() else set())

    check()
