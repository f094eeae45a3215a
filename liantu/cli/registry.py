"""`liantu import enterprises FILE`: enterprise lists from business-registry services."""
from __future__ import annotations

import json

import click

from ingest.errors import LiantuError
from liantu.cli.context import pass_liantu


@click.group("import")
def import_group():
    """Import lists from other services (enterprise lists from business registries)."""


def _mapping(pairs: tuple[str, ...]) -> dict[str, str]:
    out = {}
    for pair in pairs:
        heading, sep, field = pair.partition("=")
        if not sep or not heading.strip() or not field.strip():
            raise click.BadParameter(f"{pair!r}: write COLUMN=FIELD, e.g. 公司名称=name", param_hint="--map")
        out[heading.strip()] = field.strip()
    return out


@import_group.command("enterprises")
@click.argument("path", type=click.Path(dir_okay=False))
@click.option("--map", "pairs", multiple=True, metavar="COLUMN=FIELD",
              help="Read a column of another heading as a field: name, credit_code, legal_rep, founded, "
                   "capital, industry, address, area, scope, status (repeat for several).")
@click.option("--json", "as_json", is_flag=True, help="Print the report as JSON.")
@pass_liantu
def enterprises_command(liantu, path, pairs, as_json):
    """Import an enterprise list (.xlsx or .csv; 企业名称, 统一社会信用代码, 法定代表人, 成立日期, 注册资本,
    所属行业, 注册地址, 经营范围, 登记状态 ...): each row updates the enterprise it names (by credit code,
    then by name) or adds it, with its region and the chain links of its industry code and scope.
    Rows with bad fields are reported by row number; the rest are imported."""
    from corpus import load_chains
    from corpus.industry_codes import load_industry_codes
    from ingest.registry_import import import_enterprises

    report = import_enterprises(path, liantu.graph, liantu.lexicon, load_chains(), load_industry_codes(),
                                _mapping(pairs))
    if as_json:
        click.echo(json.dumps(report.as_dict(), ensure_ascii=False))
    else:
        click.echo(f"imported {report.imported}, updated {report.updated}, failed {len(report.failed)} "
                   f"-> {liantu.settings.data_dir}")
        for row, why in report.failed:
            click.echo(f"  row {row}: {why}", err=True)
    if not report.imported and not report.updated:
        raise LiantuError(f"{path}: no row could be imported" + (f" (row {report.failed[0][0]}: {report.failed[0][1]})"
                                                                 if report.failed else " (the list is empty)"))
