"""The batch runner: two analysis processes, one writer, consistent after a crash."""
import pytest

from ingest.model import Document
from ingest.runner import ingest_documents
from liantu.services import IndexSink


def _docs(n):
    return [Document(text=f"第{i}号项目：盛屯集团在泉港区投资{i + 1}亿元建设碳酸锂项目。", origin=f"t#{i}")
            for i in range(n)]


def test_two_workers_give_the_same_facts_as_one(liantu):
    docs = _docs(12)
    one, two = [], []
    ingest_documents(docs, liantu.pipeline, liantu.graph, IndexSink(liantu.index), workers=1,
                     on_extraction=one.append)
    from graph.networkx_store import NetworkxStore

    class NoIndex:
        def doc_ids(self):
            return set()

        def write_extractions(self, xs):
            pass

        def remove_documents(self, ids):
            pass

    report = ingest_documents(docs, liantu.pipeline, NetworkxStore(None), NoIndex(), workers=2,
                              on_extraction=two.append)
    assert len(report.added) == 12
    assert [x.document.id for x in one] == [x.document.id for x in two]
    assert [sorted(r.key for r in x.relations) for x in one] == [sorted(r.key for r in x.relations) for x in two]


def test_a_crash_between_graph_and_index_is_repaired_by_a_rerun(liantu):
    class FailingIndex(IndexSink):
        def write_extractions(self, extractions):
            raise RuntimeError("killed")

    docs = _docs(3)
    with pytest.raises(RuntimeError):
        ingest_documents(docs, liantu.pipeline, liantu.graph, FailingIndex(liantu.index), workers=1)
    assert liantu.graph.document_ids() and not liantu.index.doc_ids()
    report = ingest_documents(docs, liantu.pipeline, liantu.graph, IndexSink(liantu.index), workers=1)
    assert len(report.added) == 3
    assert liantu.graph.document_ids() == liantu.index.doc_ids() == {d.id for d in docs}
    again = ingest_documents(docs, liantu.pipeline, liantu.graph, IndexSink(liantu.index), workers=1)
    assert len(again.unchanged) == 3 and not again.added


def test_a_failing_document_is_reported_and_the_rest_stored(liantu):
    class Breaking:
        def __init__(self, inner):
            self.inner = inner

        def analyse(self, doc):
            if "坏" in doc.text:
                raise ValueError("cannot analyse")
            return self.inner.analyse(doc)

    docs = _docs(2) + [Document(text="坏文档", origin="t#bad")]
    report = ingest_documents(docs, Breaking(liantu.pipeline), liantu.graph, IndexSink(liantu.index), workers=1)
    assert len(report.added) == 2 and report.failed == [("t#bad", "analysis failed: ValueError: cannot analyse")]


def test_an_analysis_worker_that_dies_does_not_hang_the_ingest(liantu, monkeypatch):
    import os

    from ingest import runner
    from ingest.pipeline import Pipeline

    parent = os.getpid()

    class DyingInWorkers(Pipeline):
        """Kills the worker process that analyses document 3 (the parent analyses it fine)."""

        def analyse(self, document):
            if os.getpid() != parent and document.origin == "t#3":
                os._exit(1)
            return super().analyse(document)

    monkeypatch.setattr(runner, "_window_timeout", lambda window: 5.0)
    docs = _docs(12)
    report = ingest_documents(docs, DyingInWorkers(liantu.pipeline.lexicon), liantu.graph,
                              IndexSink(liantu.index), workers=2)
    assert len(report.added) == 12 and not report.failed
    assert liantu.graph.document_ids() == {d.id for d in docs} == liantu.index.doc_ids()


def test_reanalysing_replaces_the_facts_of_stored_documents(liantu):
    from ingest.model import Entity, Evidence, Relation

    docs = _docs(3)

    class OldRules:
        """The pipeline as it was: it also found a firm the current rules do not."""

        def analyse(self, doc):
            x = liantu.pipeline.analyse(doc)
            x.entities.append(Entity("Enterprise:旧规则公司", "Enterprise", "旧规则公司"))
            project = next(e.id for e in x.entities if e.label == "Project")
            x.relations.append(Relation("INVESTS_IN", "Enterprise:旧规则公司", project, {"evidence_count": 1},
                                        [Evidence(doc.id, doc.text, 0, 2, "rule", 0.5)]))
            return x

    first = ingest_documents(docs, OldRules(), liantu.graph, IndexSink(liantu.index), workers=1)
    assert len(first.added) == 3 and liantu.graph.get_entity("Enterprise:旧规则公司") is not None
    again = ingest_documents(docs, liantu.pipeline, liantu.graph, IndexSink(liantu.index), workers=1)
    assert len(again.unchanged) == 3 and liantu.graph.get_entity("Enterprise:旧规则公司") is not None
    redone = ingest_documents(docs, liantu.pipeline, liantu.graph, IndexSink(liantu.index), workers=2,
                              reanalyse=True)
    assert len(redone.updated) == 3 and not redone.added and not redone.unchanged
    assert liantu.graph.get_entity("Enterprise:旧规则公司") is None
    assert liantu.graph.counts()["documents"] == 3 and liantu.index.count() == 3
