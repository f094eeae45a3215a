"""`liantu search` and `liantu index ...`: full-text search and the index's lifecycle."""
from __future__ import annotations

import html
import json
import sys

import click

from liantu.cli.context import pass_liantu


def terminal_snippet(snippet_html: str) -> str:
    """A highlighted snippet for the terminal: <mark> becomes bold, entities are unescaped."""
    text = snippet_html.replace("<mark>", "\x00").replace("</mark>", "\x01")
    text = html.unescape(text).replace("\n", " ")
    if sys.stdout.isatty():
        return text.replace("\x00", "\x1b[1;33m").replace("\x01", "\x1b[0m")
    return text.replace("\x00", "【").replace("\x01", "】")


@click.command()
@click.argument("query")
@click.option("--limit", default=10, show_default=True, type=click.IntRange(1, 100))
@click.option("--offset", default=0, show_default=True, type=click.IntRange(0, 10000), help="Skip this many hits.")
@click.option("--sort", type=click.Choice(["relevance", "date"]), default="relevance", show_default=True)
@click.option("--kind", "kinds", multiple=True, help="Only this kind (news, policy, law, ...); repeatable.")
@click.option("--region", "regions", multiple=True,
              help="Only this region and the regions inside it: code, Region:<code> or name; repeatable.")
@click.option("--entity", "entities", multiple=True,
              help="Only documents mentioning this entity: a name (盛屯集团) or an id (Enterprise:盛屯集团); repeatable.")
@click.option("--chain", "chains", multiple=True, help="Only this chain link or chain (碳酸锂, lithium-battery).")
@click.option("--from", "date_from", default=None, help="From this date (YYYY, YYYY-MM or YYYY-MM-DD).")
@click.option("--to", "date_to", default=None, help="Up to this date, inclusive.")
@click.option("--facets", is_flag=True, help="Also print facet counts.")
@click.option("--json", "as_json", is_flag=True, help="Print results as JSON.")
@pass_liantu
def search(liantu, query, limit, offset, sort, kinds, regions, entities, chains, date_from, date_to, facets,
           as_json):
    """Full-text search: words (all must match), "quoted phrases", -exclusions, a OR b.

    When the words all match fewer than a page, the page is filled with documents matching
    some of them, marked (partial). Question words (哪些, 有, 吗 ...) are not required; a
    pasted paragraph is searched by its most distinctive words.
    """
    from liantu.answers import Suggester, answer, display_names
    from search.model import SearchQuery

    found = answer(liantu, SearchQuery(
        text=query, limit=limit, offset=offset, sort=sort, kinds=list(kinds), regions=list(regions),
        entities=list(entities), chains=list(chains), date_from=date_from, date_to=date_to), Suggester())
    results = found.results
    if as_json:
        click.echo(json.dumps(found.as_dict(), ensure_ascii=False, indent=2))
        return
    partial = f" ({results.total - results.partial} with every word, {results.partial} with some)" \
        if results.partial else ""
    click.echo(f"{results.total} result(s) for {query}{partial}")
    if found.entity:
        click.echo(f"= {found.entity['name']} ({found.entity['label']}, {found.entity['id']})")
    if found.suggestions:
        click.echo("did you mean: " + ", ".join(s["name"] for s in found.suggestions))
    if results.ignored:
        click.echo("not required: " + " ".join(results.ignored))
    if results.undated:
        click.echo(f"{results.undated} undated document(s) left out by the date filter")
    for i, hit in enumerate(results.hits, offset + 1):
        mark = " (partial)" if hit.match == "partial" else ""
        click.echo(f"{i}. {hit.title}  [{hit.date or '-'}] {hit.id}{mark}")
        click.echo(f"   {terminal_snippet(hit.snippet)}")
    if facets:
        names = display_names(liantu.graph, [k for counts in results.facets.values() for k in counts])
        for name, counts in results.facets.items():
            if counts:
                click.echo(f"{name}: " + ", ".join(f"{names.get(k, k) if name != 'kind' else k} ({n})"
                                                   for k, n in counts.items()))


@click.group("index")
def index_group():
    """The full-text index: status and rebuild."""


@index_group.command("rebuild")
@click.option("--procs", default=1, show_default=True, type=click.IntRange(1, 8),
              help="Writer processes (whoosh) or threads (tantivy).")
@click.option("--json", "as_json", is_flag=True, help="Print the report as JSON.")
@pass_liantu
def rebuild(liantu, procs, as_json):
    """Rebuild the whole index from the document store, keeping the documents the graph has.

    Use it when the index is damaged or after changing the analyzer. Documents the graph
    has but the store lacks are listed: ingest their files again.
    """
    from search.docstore import DOCS_DIR, DocStore
    from search.rebuild import rebuild_index

    liantu.settings.index_writers = procs
    index = liantu.index
    report = rebuild_index(index, DocStore(liantu.settings.data_dir / DOCS_DIR), liantu.graph.document_ids())
    if as_json:
        click.echo(json.dumps(report.as_dict(), ensure_ascii=False))
        return
    click.echo(f"indexed {report.indexed} document(s); dropped {len(report.dropped)} no longer in the graph")
    if report.missing:
        click.echo(f"{len(report.missing)} document(s) in the graph have no stored text; ingest their files "
                   f"again: {', '.join(report.missing[:10])}", err=True)
    for path in report.unreadable:
        click.echo(f"unreadable stored document: {path}", err=True)


@index_group.command("status")
@click.option("--json", "as_json", is_flag=True, help="Print as JSON.")
@pass_liantu
def status(liantu, as_json):
    """How many documents the index and the graph hold (they should agree)."""
    indexed, in_graph = liantu.index.doc_ids(), liantu.graph.document_ids()
    info = {"backend": liantu.settings.effective_search_backend, "indexed": len(indexed), "graph": len(in_graph),
            "not_indexed": len(in_graph - indexed), "not_in_graph": len(indexed - in_graph)}
    if as_json:
        click.echo(json.dumps(info))
        return
    click.echo(" ".join(f"{k}: {v}" for k, v in info.items()))
    if info["not_indexed"] or info["not_in_graph"]:
        click.echo("the index and the graph disagree: run `liantu index rebuild`", err=True)
