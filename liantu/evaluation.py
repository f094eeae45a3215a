"""Scoring extraction against gold: ingest articles into a throw-away data directory and compare."""
from __future__ import annotations

import tempfile
from pathlib import Path

from ingest.errors import LiantuError
from liantu.services import IndexSink, Liantu
from liantu.settings import Settings


def evaluate_files(articles: list[str], gold_files: list[str]) -> dict:
    """Ingest `articles` into a throw-away data directory and score the extractions against gold."""
    from ingest.evaluate import pair_with_gold, read_gold, score
    from ingest.model import Extraction
    from ingest.runner import IngestReport, ingest_documents, load_documents

    gold = [record for path in gold_files for record in read_gold(path)]
    extractions: list[Extraction] = []
    with tempfile.TemporaryDirectory(prefix="liantu-eval-") as tmp:
        app = Liantu(Settings(data_dir=Path(tmp), graph_backend="networkx", search_backend="whoosh"))
        try:
            report = IngestReport()
            docs = load_documents(articles, report)
            if not docs:
                raise LiantuError("no articles could be loaded" +
                                  (f": {report.failed[0][0]}: {report.failed[0][1]}" if report.failed else ""))
            ingest_documents(docs, app.pipeline, app.graph, IndexSink(app.index), report,
                             on_extraction=extractions.append)
            app.graph.flush()
            app.index.flush()
        finally:
            app.close()
    pairs, missing = pair_with_gold(extractions, gold)
    if not pairs:
        raise LiantuError("no gold record matches an ingested article (gold ids are matched to "
                          "record ids or file names)")
    result = score(pairs)
    result["missing"] = missing
    result["failed"] = [{"where": w, "why": y} for w, y in report.failed]
    return result


def json_shape(result: dict) -> dict:
    """The scores in the documented shape: entities/relations -> strict, lenient (p, r, f1), by_type."""
    def prf(s: dict) -> dict:
        return {"p": s["p"], "r": s["r"], "f1": s["f1"]}

    return {part: {"strict": prf(result[part]["strict"]), "lenient": prf(result[part]["lenient"]),
                   "by_type": {k: {"strict": prf(v["strict"]), "lenient": prf(v["lenient"])}
                               for k, v in result[part]["by_type"].items()}}
            for part in ("entities", "relations")}
