"""The lifecycle of the embedded indexes: document store, locked, damaged, rebuilt."""
import pytest

from search.docstore import DocStore
from search.errors import SearchError
from search.model import IndexedDocument, SearchQuery
from search.rebuild import rebuild_index
from search.tantivy_index import TantivyIndex
from search.whoosh_index import WhooshIndex
from tests.search.conftest import DOCS


def open_whoosh(path, store=None):
    return WhooshIndex(path, docstore=store, lock_timeout=0.2)


def open_tantivy(path, store=None):
    return TantivyIndex(path, docstore=store)


def hold_whoosh_lock(path):
    other = WhooshIndex(path)
    return other._ix.writer()


def hold_tantivy_lock(path):
    return TantivyIndex(path)._writer()


def damage(path):
    for file in list(path.glob("*.toc")) + list(path.glob("meta.json")):
        file.write_bytes(b"not an index")


@pytest.fixture(params=["whoosh", "tantivy"])
def backend(request):
    return {"whoosh": (open_whoosh, hold_whoosh_lock), "tantivy": (open_tantivy, hold_tantivy_lock)}[request.param]


@pytest.fixture
def store(tmp_path):
    return DocStore(tmp_path / "docs")


@pytest.fixture
def index(tmp_path, store, backend):
    ix = backend[0](tmp_path / "index", store)
    ix.add(DOCS)
    yield ix
    ix.close()


def test_every_added_document_is_kept_in_the_document_store(index, store):
    assert {d.id for d in store} == {d.id for d in DOCS}
    assert store.get("adbc").body == DOCS[1].body
    index.delete(["adbc"])
    assert store.get("adbc") is None


def test_a_locked_index_says_what_to_do(index, tmp_path, backend):
    held = backend[1](tmp_path / "index")
    try:
        with pytest.raises(SearchError, match="locked by another writer.*wait for it to finish"):
            index.add([IndexedDocument(id="x", title="x", body="碳酸锂")])
    finally:
        if hasattr(held, "cancel"):
            held.cancel()
        else:
            held.rollback()
        del held
    index.add([IndexedDocument(id="x", title="x", body="碳酸锂")])  # free again
    assert "x" in index.doc_ids()


def test_a_damaged_index_says_rebuild_and_rebuild_repairs_it(index, tmp_path, store, backend):
    index.close()
    damage(tmp_path / "index")
    damaged = backend[0](tmp_path / "index", store)
    with pytest.raises(SearchError, match="damaged.*liantu index rebuild"):
        damaged.search(SearchQuery("碳酸锂"))
    report = rebuild_index(damaged, store, graph_ids={"shengtun", "catl", "gone"})
    assert report.indexed == 2 and report.missing == ["gone"] and len(report.dropped) == 2
    assert {h.id for h in damaged.search(SearchQuery("碳酸锂")).hits} == {"shengtun", "catl"}
    damaged.close()


def test_missing_segment_files_are_reported_as_damage(tmp_path):
    ix = open_whoosh(tmp_path / "index")
    ix.add(DOCS)
    ix.close()
    for seg in (tmp_path / "index").glob("*.seg"):
        seg.unlink()
    with pytest.raises(SearchError, match="liantu index rebuild"):
        WhooshIndex(tmp_path / "index").search(SearchQuery("碳酸锂"))


def test_multiprocess_whoosh_rebuild(tmp_path):
    ix = WhooshIndex(tmp_path / "mp", procs=2)
    assert ix.rebuild(DOCS) == len(DOCS)
    assert ix.count() == len(DOCS)
    assert [h.id for h in ix.search(SearchQuery("外商投资")).hits][0] == "law"
    ix.close()


def test_an_index_of_an_older_layout_is_rebuilt_from_the_stored_documents(tmp_path, store):
    import tantivy

    store.put(DOCS)
    old = tantivy.SchemaBuilder()  # the earlier layout: stored, pre-tokenized title and body
    for name in ("id", "title", "body"):
        old.add_text_field(name, stored=True)
    (tmp_path / "index").mkdir()
    legacy = tantivy.Index(old.build(), str(tmp_path / "index"))
    writer = legacy.writer(15_000_000, 1)
    writer.add_document(tantivy.Document(id="x", title="t", body="b"))
    writer.commit()
    writer.wait_merging_threads()
    del legacy
    without_store = open_tantivy(tmp_path / "index")
    with pytest.raises(SearchError, match="another version of liantu.*liantu index rebuild"):
        without_store.search(SearchQuery("碳酸锂"))
    ix = open_tantivy(tmp_path / "index", store)  # with its stored documents it rebuilds itself
    assert "shengtun" in {h.id for h in ix.search(SearchQuery("碳酸锂")).hits}
    assert ix.count() == len(DOCS)


def test_an_index_of_words_before_layout_repair_is_rebuilt_from_the_stored_documents(tmp_path, store):
    from tests.search.real_pages import PINYIN

    ix = open_tantivy(tmp_path / "index", store)
    ix.add([PINYIN])
    ix.close()
    # An index written before the words came from the repaired text has no layout mark; only a
    # rebuild from the stored documents writes the mark again.
    (tmp_path / "index" / "liantu-layout").unlink()
    reopened = open_tantivy(tmp_path / "index", store)
    assert [h.id for h in reopened.search(SearchQuery("开发区")).hits] == ["shishi"]
    assert (tmp_path / "index" / "liantu-layout").read_text().strip() == "3"
