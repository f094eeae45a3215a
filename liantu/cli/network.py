"""`liantu network ...`: the 侨商 network analytics as tables or JSON."""
from __future__ import annotations

import json
from collections.abc import Iterable

import click

from graph import network as analytics
from graph.network import describe
from liantu.cli.context import pass_liantu
from liantu.tables import clip, format_table


def split_list(values: Iterable[str]) -> list[str]:
    """Values given repeated and/or comma-separated (`--types Person,Org --types Enterprise`)."""
    return [v.strip() for value in values for v in value.replace("，", ",").split(",") if v.strip()]


def emit(result, as_json: bool) -> bool:
    """Print the result as JSON when asked; True when it was printed."""
    if as_json:
        click.echo(json.dumps(result.as_dict(), ensure_ascii=False, indent=2))
    return as_json


def echo_resolved(role: str, resolved: dict) -> None:
    e = resolved["entity"]
    click.echo(f"{role}: {e['name']} [{e['label']}] {e['id']}")
    if resolved["ambiguous"] or resolved["alternatives"]:
        alts = ", ".join(f"{a['name']} ({a['id']})" for a in resolved["alternatives"])
        note = "ambiguous; also" if resolved["ambiguous"] else "also"
        click.echo(f"  ({note} matches: {alts})")


def first_sentence(edge: dict) -> str:
    return edge["evidence"][0]["sentence"] if edge.get("evidence") else ""


def json_option(f):
    return click.option("--json", "as_json", is_flag=True, help="Print the result as JSON.")(f)


def bounded(analytic: str, option: str, *decls: str, **kwargs):
    """A whole-number option with the default and range the analytic itself uses."""
    default, low, high = analytics.OPTIONS[analytic][option]
    return click.option(*(decls or ("--" + option.replace("_", "-"),)), default=default, show_default=True,
                        type=click.IntRange(low, high), **kwargs)


@click.group(name="network")
def network():
    """侨商 network: ego networks, paths, brokers, communities, hometown flows, countries."""


@network.command()
@click.argument("name")
@bounded("ego", "hops")
@click.option("--types", "labels", multiple=True,
              help="Entity types to keep (Person, Org, Enterprise, Project, Region, Event); repeat or comma-separate.")
@click.option("--relations", multiple=True,
              help="Relation types to follow (default: the network's: "
                   f"{', '.join(analytics.NETWORK_RELATIONS)}; 'all' for every type).")
@bounded("ego", "limit", help="At most this many nodes.")
@json_option
@pass_liantu
def ego(liantu, name, hops, labels, relations, limit, as_json):
    """The network around a person, organisation or enterprise (NAME: a name, alias or id)."""
    result = analytics.ego(liantu.graph, name, hops=hops, labels=split_list(labels),
                           relations=split_list(relations), limit=limit)
    if emit(result, as_json):
        return
    d = result.as_dict()
    echo_resolved("center", d["center"])
    s = d["summary"]
    click.echo(f"{s['nodes']} nodes, {s['edges']} edges within {hops} hop(s)"
               + (" (truncated: raise --limit)" if d["truncated"] else ""))
    click.echo(format_table(["hop", "type", "name", "id"], [(n["hop"], n["label"], n["name"], n["id"]) for n in d["nodes"]]))
    if d["edges"]:
        names = {n["id"]: n["name"] for n in d["nodes"]}
        click.echo()
        click.echo(format_table(["head", "relation", "tail", "evidence", "first evidence"],
                         [(names.get(e["head"], e["head"]), e["type"], names.get(e["tail"], e["tail"]),
                           e["weight"], first_sentence(e)) for e in d["edges"]]))


@network.command()
@click.argument("source")
@click.argument("target")
@bounded("paths", "k", help="How many paths.")
@bounded("paths", "max_hops")
@click.option("--relations", multiple=True, help="Relation types to follow (default: the network's; 'all').")
@json_option
@pass_liantu
def paths(liantu, source, target, k, max_hops, relations, as_json):
    """The top-k shortest paths between two entities, with the evidence on each edge."""
    result = analytics.paths(liantu.graph, source, target, k=k, max_hops=max_hops, relations=split_list(relations))
    if emit(result, as_json):
        return
    d = result.as_dict()
    echo_resolved("from", d["source"])
    echo_resolved("to", d["target"])
    if not d["paths"]:
        click.echo(f"no path within {max_hops} hops")
    for i, p in enumerate(d["paths"], 1):
        names = {n["id"]: n["name"] for n in p["nodes"]}
        click.echo(f"{i}. ({p['length']} hops) " + " - ".join(n["name"] for n in p["nodes"]))
        for e in p["edges"]:
            click.echo(f"   {names[e['head']]} -{e['type']}-> {names[e['tail']]}: {clip(first_sentence(e), 70)}")


@network.command()
@click.option("--country", default=None, help="Only people living in this country or region (name or code).")
@click.option("--hometown", default=None, help="Only people from this hometown (a town counts for its county...).")
@bounded("brokers", "limit")
@json_option
@pass_liantu
def brokers(liantu, country, hometown, limit, as_json):
    """Who bridges groups: betweenness in the person-org-enterprise graph."""
    result = analytics.brokers(liantu.graph, country=country, hometown=hometown, limit=limit)
    if emit(result, as_json):
        return
    d = result.as_dict()
    scope = [f"{k} {v['name']}" for k, v in d["scope"].items() if v]
    click.echo(f"brokers{' among people of ' + ' and '.join(scope) if scope else ''}: {d['nodes']} actors, "
               f"{d['edges']} ties" + (f"; approximate (betweenness from {d['samples']} sampled sources)"
                                        if d["approximate"] else ""))
    if d["explanation"]:
        click.echo(d["explanation"])
    if not d["brokers"]:
        click.echo(describe(d["read"]))
        return
    click.echo(format_table(["#", "name", "type", "betweenness", "degree", "hometown", "country"],
                     [(r["rank"], r["name"], r["label"], f"{r['betweenness']:.4f}", r["degree"],
                       _places(r, "hometowns"), _places(r, "countries")) for r in d["brokers"]]))
    if any("inferred" in r for r in d["brokers"]):
        click.echo("* inferred from the name of an association the person leads or belongs to, not stated")
    click.echo(describe(d["read"]))


def _places(row: dict, key: str) -> str:
    """An actor's places, those only inferred (from an association's name) marked with *."""
    inferred = set((row.get("inferred") or {}).get(key, ()))
    return ",".join(name + ("*" if name in inferred else "") for name in row[key])


@network.command()
@bounded("communities", "min_size")
@bounded("communities", "limit", help="At most this many communities.")
@bounded("communities", "top", help="Members, hometowns... listed per community.")
@json_option
@pass_liantu
def communities(liantu, min_size, limit, top, as_json):
    """Groups found by Louvain community detection, with their hometowns, countries and organisations."""
    result = analytics.communities(liantu.graph, min_size=min_size, limit=limit, top=top)
    if emit(result, as_json):
        return
    d = result.as_dict()
    click.echo(f"{len(d['communities'])} communities (modularity {d['modularity']:.3f}; {d['nodes']} actors, "
               f"{d['edges']} ties; {d['omitted']} smaller ones omitted)")

    def counted(rows):
        return ", ".join(f"{r['name']} {r['count']}" for r in rows) or "-"

    for c in d["communities"]:
        click.echo(f"\n#{c['id']}  {c['size']} members ({', '.join(f'{k} {v}' for k, v in c['by_label'].items())})")
        click.echo(f"  hometowns: {counted(c['hometowns'])}")
        click.echo(f"  countries: {counted(c['countries'])}")
        click.echo(f"  organisations: {', '.join(o['name'] for o in c['organisations']) or '-'}")
        click.echo(f"  top members: {', '.join(m['name'] for m in c['top_members'])}")
    click.echo("\n" + describe(d["read"]))


@network.command()
@bounded("flows", "limit", help="At most this many counties.")
@json_option
@pass_liantu
def flows(liantu, limit, as_json):
    """Hometown (侨乡) -> the projects and donations its people bring, by county, with amounts."""
    result = analytics.flows(liantu.graph, limit=limit)
    if emit(result, as_json):
        return
    rows = result.as_dict()["counties"]
    if not rows:
        click.echo("no people with a known hometown")

    def money(totals):
        return " + ".join(f"{v:g}亿 {k}" for k, v in totals.items()) or "-"

    for c in rows:
        click.echo(f"{c['name']} ({c['code']}): {len(c['people'])} people, {len(c['projects'])} projects "
                   f"({money(c['investment_yi'])}), {len(c['donations'])} donations ({money(c['donation_yi'])})")
        for kind in ("projects", "donations"):
            for p in c[kind]:
                amount = f"{p['amount']['yi']:g}亿 {p['amount']['currency']}" if p["amount"] else "amount not stated"
                via = "; ".join(v["person"]["name"] + (f" via {v['enterprise']['name']}" if v["enterprise"] else "")
                                for v in p["via"])
                home = " [back home]" if p["back_home"] else ""
                click.echo(f"  {kind[:-1]}: {p['name']}  {amount}{home}  <- {via}")
    click.echo(describe(result.read))


@network.command()
@bounded("countries", "top", help="Connectors listed per country.")
@json_option
@pass_liantu
def countries(liantu, top, as_json):
    """People and organisations by country of residence, with the top connectors of each."""
    result = analytics.countries(liantu.graph, top=top)
    if emit(result, as_json):
        return
    d = result.as_dict()
    if d["approximate"]:
        click.echo(f"(betweenness approximate, from {d['samples']} sampled sources)")
    click.echo(format_table(["country", "people", "orgs", "top connectors (degree)", "hometowns"],
                     [(r["name"], f"{r['people']} ({r['people_inferred']} inferred)" if r["people_inferred"]
                       else r["people"], r["organisations"],
                       ", ".join(f"{c['name']} ({c['degree']})" for c in r["connectors"]),
                       ", ".join(h["name"] for h in r["hometowns"])) for r in d["countries"]], max_cell=60))
    click.echo(describe(d["read"]))
