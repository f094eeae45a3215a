"""`liantu chain ...`: industry chains and chain-gap analysis on the command line."""
from __future__ import annotations

import json
from pathlib import Path

import click

from graph import chains as q
from liantu import brief
from liantu.chain_text import candidate_rows, describe, report_rows
from liantu.cli.context import pass_liantu
from liantu.tables import csv_text, format_table


def emit(kind: str, report: dict, as_json: bool, csv_path: str | None, title: str = "") -> None:
    """Print a report as a table or JSON, and write it as CSV when asked."""
    header, rows = report_rows(kind, report)
    report = describe(kind, report) if kind != "list" else report
    if csv_path:
        text = csv_text(header, rows)
        if csv_path == "-":
            click.echo(text, nl=False)
            return
        # utf-8-sig so that spreadsheet programs read the Chinese correctly
        Path(csv_path).write_text(text, encoding="utf-8-sig")
    if as_json:
        click.echo(json.dumps(report, ensure_ascii=False, indent=2))
        return
    if title:
        click.echo(title)
    click.echo(format_table(header, rows))
    if csv_path:
        click.echo(f"CSV -> {csv_path}")


def _title(report: dict, what: str) -> str:
    region = report.get("region")
    where = f"{region['name']}（{region['code']}）" if region else "全部语料"
    as_of = f"，截至 {report['as_of']}" if report.get("as_of") else ""
    return f"{report['chain']['name']} · {where} · {what}{as_of}"


chain_option = click.option("--chain", "chain_name", required=True,
                            help="Chain id, name or alias, e.g. 油头—化身—锂电池 or lithium-battery.")
json_option = click.option("--json", "as_json", is_flag=True, help="Print as JSON.")
csv_option = click.option("--csv", "csv_path", default=None, metavar="FILE",
                          help="Also write the table as CSV to FILE ('-' prints CSV instead of the table).")


def analysis_options(f):
    """Options shared by the region reports: reference date, stale threshold, strong threshold."""
    f = click.option("--strong-min", default=q.DEFAULT_STRONG_MIN, show_default=True, type=click.IntRange(1, 1000),
                     help="Local enterprises that make a link strong without any started project.")(f)
    f = click.option("--stale-days", default=q.DEFAULT_STALE_DAYS, show_default=True, type=click.IntRange(0, 36500),
                     help="Days after which a project still at 签约 counts as stalled.")(f)
    f = click.option("--as-of", default=None, metavar="YYYY-MM-DD",
                     help="Reference date for stalled signings [default: newest article date in the store].")(f)
    return f


@click.group("chain")
def chain_group():
    """Industry chains: links, regional gaps, candidate enterprises, 延链, comparisons and briefs."""


@chain_group.command("list")
@json_option
@csv_option
def list_command(as_json, csv_path):
    """The defined chains with their number of links per stage."""
    emit("list", {"chains": q.list_chains()}, as_json, csv_path)


@chain_group.command("view")
@chain_option
@click.option("--region", default=None, help="Region name, short form or code (泉港, 泉港区, 350505); a city "
                                             "includes its counties, towns and zones.")
@click.option("--per-link", default=None, type=click.IntRange(1, 10000),
              help="Show at most N projects and N enterprises per link (most advanced and largest first).")
@analysis_options
@json_option
@csv_option
@pass_liantu
def view_command(liantu, chain_name, region, per_link, as_of, stale_days, strong_min, as_json, csv_path):
    """A chain's links upstream first, with the projects and enterprises of each (in a region)."""
    report = q.chain_view(liantu.graph, chain_name, region, lexicon=liantu.lexicon, as_of=as_of, stale_days=stale_days, strong_min=strong_min,
                          per_link=per_link)
    emit("view", report, as_json, csv_path, _title(report, "产业链全景"))
    if report["chain_level"] and not as_json and csv_path != "-":
        names = "、".join(f"{x['name']}（{'、'.join(x['regions']) or '地区不明'}）" for x in report["chain_level"])
        click.echo(f"整链关联（未落到具体环节）：{names}")


@chain_group.command("gaps")
@chain_option
@click.option("--region", required=True, help="Region name, short form or code.")
@analysis_options
@json_option
@csv_option
@pass_liantu
def gaps_command(liantu, chain_name, region, as_of, stale_days, strong_min, as_json, csv_path):
    """Per link: 缺失 (gap), 薄弱 (weak: only stalled signings), 已有 (present) or 较强 (strong)."""
    report = q.chain_gaps(liantu.graph, chain_name, region, lexicon=liantu.lexicon, as_of=as_of, stale_days=stale_days, strong_min=strong_min)
    emit("gaps", report, as_json, csv_path, _title(report, "缺链诊断"))
    if not as_json and csv_path != "-":
        s = report["summary"]
        click.echo(f"缺失 {len(s['gap'])} · 薄弱 {len(s['weak'])} · 已有 {len(s['present'])} · 较强 {len(s['strong'])}")


@chain_group.command("candidates")
@chain_option
@click.option("--region", required=True, help="Region name, short form or code.")
@click.option("--limit", default=10, show_default=True, type=click.IntRange(1, 200), help="Candidates per link.")
@analysis_options
@json_option
@csv_option
@pass_liantu
def candidates_command(liantu, chain_name, region, limit, as_of, stale_days, strong_min, as_json, csv_path):
    """For each gap or weak link: enterprises outside the region tied to it, best first, with why.

    Each lead has an evidence tier (强 a project or plant in the link an article states, 中 another
    article tie, 弱 registry facts only); leads only a business registry shows are listed apart."""
    report = q.chain_candidates(liantu.graph, chain_name, region, limit=limit, lexicon=liantu.lexicon, as_of=as_of, stale_days=stale_days,
                                strong_min=strong_min)
    if as_json or csv_path:
        emit("candidates", report, as_json, csv_path, _title(report, "补链招商对象"))
        return
    # on the terminal, the leads only a business registry shows stand in their own table below the news-backed ones
    click.echo(_title(report, "补链招商对象"))
    click.echo("证据：强 = 报道所述在该环节的项目、扩产或工厂；中 = 报道关联该环节；弱 = 仅工商登记信息")
    click.echo(format_table(*candidate_rows(report)))
    header, rows = candidate_rows(report, registry=True)
    if any(row[2] for row in rows):
        click.echo("")
        click.echo("仅见于工商登记的企业（弱线索，排在新闻线索之后）")
        click.echo(format_table(header, [row for row in rows if row[2]]))


@chain_group.command("extend")
@chain_option
@click.option("--region", required=True, help="Region name, short form or code.")
@click.option("--base", multiple=True, type=click.Choice(["strong", "present"]), default=("strong", "present"),
              show_default=True, help="Which of the region's links to extend from (repeat for both).")
@analysis_options
@json_option
@csv_option
@pass_liantu
def extend_command(liantu, chain_name, region, base, as_of, stale_days, strong_min, as_json, csv_path):
    """延链/补链/强链: links next to what the region has, with direction 上游/下游."""
    report = q.chain_extension(liantu.graph, chain_name, region, base=base, lexicon=liantu.lexicon, as_of=as_of, stale_days=stale_days,
                               strong_min=strong_min)
    emit("extend", report, as_json, csv_path, _title(report, "延链补链强链建议"))


@chain_group.command("compare")
@chain_option
@click.option("--region", "regions", required=True, multiple=True,
              help="A region to compare; give exactly two (--region 泉港 --region 惠安).")
@analysis_options
@json_option
@csv_option
@pass_liantu
def compare_command(liantu, chain_name, regions, as_of, stale_days, strong_min, as_json, csv_path):
    """Two regions side by side over one chain."""
    if len(regions) != 2:
        raise click.UsageError(f"give exactly two --region options, got {len(regions)}")
    report = q.chain_compare(liantu.graph, chain_name, regions[0], regions[1], lexicon=liantu.lexicon, as_of=as_of, stale_days=stale_days,
                             strong_min=strong_min)
    title = f"{report['chain']['name']} · {report['a']['name']} 对比 {report['b']['name']}"
    emit("compare", report, as_json, csv_path, title)


@chain_group.command("report")
@chain_option
@click.option("--region", required=True, help="Region name, short form or code.")
@click.option("--format", "fmt", type=click.Choice(sorted(brief.FORMATS)), default=None,
              help="xlsx, html or md [default: from the suffix of --output].")
@click.option("--output", "-o", required=True, metavar="FILE", help="Where to write the brief (.xlsx, .html or .md).")
@click.option("--leads", default=10, show_default=True, type=click.IntRange(1, 200), help="Leads per gap or weak link.")
@analysis_options
@pass_liantu
def report_command(liantu, chain_name, region, fmt, output, leads, as_of, stale_days, strong_min):
    """A brief for one region: the chain diagram by status, gaps, leads per gap with sources, projects by stage."""
    fmt = brief.format_for(output, fmt)
    data = brief.build_brief(liantu.graph, chain_name, region, lexicon=liantu.lexicon, as_of=as_of,
                             stale_days=stale_days, strong_min=strong_min, leads_per_gap=leads)
    path = brief.write_brief(brief.render(data, fmt), output)
    s = data["summary"]
    click.echo(f"{data['chain']['name']} · {data['region']['name']}：缺失 {s['gap']} · 薄弱 {s['weak']} · "
               f"已有 {s['present']} · 较强 {s['strong']}；线索 {len(data['leads'])} 条，项目 {len(data['projects'])} 个")
    click.echo(f"{fmt} -> {path}")
