"""`liantu eval`: ingest articles into a temporary data directory and score them against gold."""
from __future__ import annotations

import json

import click

from liantu.evaluation import evaluate_files, json_shape


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
