"""`liantu eval`: ingest articles into a temporary data directory and score them against gold."""
from __future__ import annotations

import json
import tempfile
from pathlib import Path

import click

from ingest.errors import LiantuError


def evaluate_files(articles: list[str], gold_files: list[str], engine: str = "rjieba") -> dict:
    """Ingest `articles` into a throw-away data directory and score the extractions against gold."""
    from ingest.evaluate import pair_with_gold, read_gold, score
    from ingest.runner import IngestReport, ingest_documents, load_documents
    from webapp.services import IndexSink, Liantu, Settings

    gold = [record for path in gold_files for record in read_gold(path)]
    extractions = []
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


def _line(name: str, s: dict) -> str:
    st, le = s["strict"], s["lenient"]
    return (f"{name:<18} strict P {st['p']:.3f} R {st['r']:.3f} F1 {st['f1']:.3f}   "
            f"lenient P {le['p']:.3f} R {le['r']:.3f} F1 {le['f1']:.3f}   (gold {le['gold']}, predicted {le['predicted']})")


@click.command("eval")
@click.option("--articles", "articles", multiple=True, required=True,
              type=click.Path(exists=True, dir_okay=True),
              help="Articles to ingest (JSONL, JSON, md, txt, html); repeat for several files.")
@click.option("--gold", "gold", multiple=True, required=True, type=click.Path(exists=True, dir_okay=False),
              help="Gold annotations: one JSON object, a JSON list or JSON Lines; repeatable.")
@click.option("--json", "as_json", is_flag=True, help="Print the scores as one JSON object.")
def eval_command(articles, gold, as_json):
    """Score extraction against gold annotations (strict and lenient, micro-averaged, by type)."""
    result = evaluate_files(list(articles), list(gold))
    if as_json:
        click.echo(json.dumps(json_shape(result), ensure_ascii=False))
        return
    click.echo(f"{result['articles']} article(s) scored" +
               (f"; no article for gold {', '.join(result['missing'])}" if result["missing"] else ""))
    for part in ("entities", "relations"):
        click.echo(_line(part.upper(), result[part]))
        for kind, s in result[part]["by_type"].items():
            click.echo(_line("  " + kind, s))
