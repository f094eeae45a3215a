"""A reader never sees an ingest's half-written state: search hits always open as documents.

An ingest commits the search index batch by batch and saves the embedded graph at the end;
a server must not show the index's new documents before the graph that holds them is saved.
"""
from __future__ import annotations

from liantu import Liantu, Settings
from search.model import IndexedDocument
from search.tantivy_index import TantivyIndex
from tests.hardening.corpus import tag, write_corpus
from webapp import create_app


def test_tantivy_reader_moves_only_when_told(tmp_path):
    reader = TantivyIndex(tmp_path / "ix")
    writer = TantivyIndex(tmp_path / "ix")
    assert reader.count() == 0
    writer.add([IndexedDocument(id="d1", title="泉州", body="泉州签约项目")])
    assert writer.count() == 1, "a writer sees its own commit"
    assert reader.count() == 0, "another reader keeps its snapshot until flush()"
    reader.flush()
    assert reader.count() == 1


def test_server_shows_index_and_graph_of_the_same_ingest(tmp_path):
    data = tmp_path / "data"
    corpus = tmp_path / "corpus"
    write_corpus(corpus, 30)
    serving = Liantu(Settings(data_dir=data, graph_backend="networkx"))
    client = create_app({"TESTING": True}, liantu=serving).test_client()
    assert client.get("/api/stats").get_json()["documents"] == 0
    assert client.get(f"/api/search?q={tag(3)}").get_json()["total"] == 0  # a server that has been searching
    # another process's ingest, half done: index batches committed, graph not saved yet
    ingesting = Liantu(Settings(data_dir=data, graph_backend="networkx"))
    from ingest.runner import IngestReport, ingest_documents, load_documents
    from liantu.services import IndexSink

    report = IngestReport()
    docs = load_documents([corpus], report)
    ingest_documents(docs, ingesting.pipeline, ingesting.graph, IndexSink(ingesting.index), report, batch_size=8)
    assert ingesting.index.count() == 30  # committed to disk
    hits = client.get(f"/api/search?q={tag(3)}").get_json()
    for hit in hits.get("hits", []):
        assert client.get(f"/api/documents/{hit['id']}").status_code == 200, "a hit whose document is not there"
    assert hits["total"] == 0, "the index's commits are not shown before the graph is saved"
    ingesting.graph.flush()
    hits = client.get(f"/api/search?q={tag(3)}").get_json()
    assert hits["total"] == 1
    assert client.get(f"/api/documents/{hits['hits'][0]['id']}").status_code == 200
    ingesting.close()
    serving.close()
