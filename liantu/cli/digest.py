"""`liantu digest`: what changed since a date: new projects, stage changes, stalls, filled links, new ties."""
from __future__ import annotations

import json

import click

from graph.digest import DEFAULT_STALLED_DAYS, KIND_NAMES, KINDS, digest
from liantu.cli.context import pass_liantu


@click.command("digest")
@click.option("--since", default=None, help="Changes on or after this date (default: the last 30 days of data).")
@click.option("--region", default=None, help="Only this region and what lies inside it (泉州, 泉港区, 350505).")
@click.option("--chain", default=None, help="Only projects and links of this chain.")
@click.option("--kind", "kinds", multiple=True, type=click.Choice(KINDS), help="Only these kinds of item (repeat).")
@click.option("--stalled-days", default=DEFAULT_STALLED_DAYS, show_default=True, type=click.IntRange(1),
              help="A project standing at one stage longer than this is stalled.")
@click.option("--as-of", default=None, help="The day the digest is for (default: the newest date in the data).")
@click.option("--json", "as_json", is_flag=True, help="Print as JSON.")
@pass_liantu
def digest_command(liantu, since, region, chain, kinds, stalled_days, as_of, as_json):
    """What changed: new projects, status changes, stalled projects, filled chain links, new 侨商 ties."""
    result = digest(liantu.graph, since=since, region=region, chain=chain, stalled_days=stalled_days,
                    as_of=as_of, kinds=kinds or KINDS).as_dict()
    if as_json:
        click.echo(json.dumps(result, ensure_ascii=False))
        return
    scope = " ".join(x for x in ((result["region"] or {}).get("name"), (result["chain"] or {}).get("name")) if x)
    click.echo(f"digest {result['since']} – {result['as_of']}{' · ' + scope if scope else ''}: "
               f"{len(result['items'])} item(s)")
    for item in result["items"]:
        click.echo(f"{item['date']}  [{KIND_NAMES[item['kind']]}] {item['summary']}")
        for e in item["evidence"]:
            where = " · ".join(x for x in (e.get("title"), e.get("source"), e.get("url")) if x)
            click.echo(f"    “{e['sentence']}” ({e.get('date') or '?'}; {where})")
