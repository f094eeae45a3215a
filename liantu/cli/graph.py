"""Graph store commands: `liantu export`, `liantu sync` and `liantu neo4j start|stop|status`."""
from __future__ import annotations

import shlex
from pathlib import Path
from urllib.parse import urlparse

import click

from ingest.errors import ConfigError, LiantuError
from liantu.cli.context import echo_json, pass_liantu


@click.command("export")
@click.option("--format", "fmt", type=click.Choice(["graphml", "gexf", "json", "csv"]), required=True,
              help="graphml/gexf for Gephi, json node-link, csv for `neo4j-admin database import` (a folder).")
@click.argument("out", type=click.Path(path_type=Path))
@click.option("--json", "as_json", is_flag=True, help="Print what was written as JSON.")
@pass_liantu
def export_command(liantu, fmt, out, as_json):
    """Export the whole graph (documents, entities, relations, evidence) to OUT."""
    from graph import export

    data = export.dump(liantu.graph)
    files = export.write(data, fmt, out)
    summary = {"format": fmt, "out": str(out), "files": [str(f) for f in files], **data.counts()}
    if as_json:
        echo_json(summary)
        return
    click.echo(f"exported {summary['documents']} documents, {summary['entities']} entities, "
               f"{summary['relations']} relations -> {out}")


@click.command("sync")
@click.option("--to", "to", type=click.Choice(["neo4j", "networkx"]), default="neo4j", show_default=True,
              help="Copy the embedded graph into Neo4j, or (networkx) Neo4j into the embedded graph.")
@click.option("--replace", is_flag=True, help="Empty the target first so it ends up equal to the source.")
@click.option("--batch-size", default=None, type=click.IntRange(1, 100_000),
              help="Rows per write transaction [default: 5000, the fastest measured].")
@click.option("--bulk/--no-bulk", default=True, show_default=True,
              help="Into the empty database of the local `liantu neo4j start` server, load with "
                   "neo4j-admin database import (the server restarts once) instead of transactions.")
@click.option("--json", "as_json", is_flag=True, help="Print both stores' counts as JSON.")
@pass_liantu
def sync_command(liantu, to, replace, batch_size, bulk, as_json):
    """Copy the graph between the embedded store (in the data directory) and Neo4j."""
    from graph.backends import open_store
    from graph.sync import BATCH_SIZE, sync

    settings = liantu.settings
    source_backend = "networkx" if to == "neo4j" else "neo4j"
    source = open_store(source_backend, settings.data_dir, settings.neo4j())
    try:
        target = open_store(to, settings.data_dir, settings.neo4j())
        try:
            bulk_import = _local_bulk_import(settings, target) if bulk and to == "neo4j" else None
            result = sync(source, target, replace=replace, batch_size=batch_size or BATCH_SIZE,
                          bulk_import=bulk_import)
        finally:
            target.close()
    finally:
        source.close()
    if as_json:
        echo_json({"from": source_backend, "to": to, **result})
        return
    counts, how = result["target"], result["load"]
    click.echo(f"synced {source_backend} -> {to}: {counts['documents']} documents, "
               f"{sum(counts['entities'].values())} entities, {sum(counts['relations'].values())} relations"
               + ("" if result["equal"] else " (the target also holds data the source does not; see --replace)"))
    detail = (f"in {how['total_s']} s" if "total_s" in how else f"{how['batch_size']} rows per transaction")
    click.echo(f"written by {how['method']}, {detail}" + (f" ({how['bulk_refused']})" if "bulk_refused" in how else ""))


def _local_bulk_import(settings, target):
    """The offline importer when the target is the local launcher's server, else None."""
    from graph.neo4j_bulk import import_into_local_server, local_server_for
    from graph.neo4j_local import launcher_connection

    conn = launcher_connection(settings.neo4j())
    if conn["database"] != "neo4j" or local_server_for(conn["uri"]) is None:
        return None
    return lambda data: import_into_local_server(data, target.driver)


@click.group("neo4j")
def neo4j_group():
    """Run a local Neo4j 5.26 Community server (needs Java 17+ and Maven) for `--graph neo4j`."""


def _port_from_settings(uri: str) -> int:
    parsed = urlparse(uri)
    return parsed.port or 7687


def _server_dict(info) -> dict:
    from graph import neo4j_server as ns

    return {"running": True, "uri": info.uri, "port": info.port, "user": info.user, "pid": info.pid,
            "data_dir": info.data_dir, "apoc": info.apoc, "home": info.home, "log": info.log_file,
            "state_file": str(Path(info.home) / ns.STATE_FILE)}


def _print_server(info) -> None:
    click.echo(f"running  {info.uri}  (port {info.port})  user={info.user}  pid={info.pid}  "
               f"apoc={'on' if info.apoc else 'off'}")
    click.echo(f"data     {info.data_dir}")
    click.echo(f"home     {info.home}")
    click.echo(f"log      {info.log_file}")


@neo4j_group.command("start")
@click.option("--port", type=click.IntRange(1, 65535), default=None,
              help="Bolt port [default: the port of LIANTU_NEO4J_URI, else 7687].")
@click.option("--password", default=None,
              help="Password of user neo4j [default: LIANTU_NEO4J_PASSWORD, else a random one kept in "
                   "the launcher's state file, which `--graph neo4j` reads].")
@click.option("--home", type=click.Path(file_okay=False), default=None,
              help="Launcher home [default: LIANTU_NEO4J_HOME or ~/.cache/liantu/neo4j-launcher].")
@click.option("--database-dir", type=click.Path(file_okay=False), default=None,
              help="Where the server keeps its database [default: <home>/data].")
@click.option("--timeout", default=300.0, show_default=True, help="Seconds to wait until it answers.")
@click.option("--json", "as_json", is_flag=True, help="Print the server's details as JSON.")
@pass_liantu
def neo4j_start(liantu, port, password, home, database_dir, timeout, as_json):
    """Build (first time) and start the server on 127.0.0.1; prints how to point liantu at it."""
    from graph import neo4j_server as ns

    settings = liantu.settings
    password = password or settings.neo4j_password or None
    port = port or _port_from_settings(settings.neo4j_uri)
    try:
        info = ns.start(home=home, port=port, password=password, data_dir=database_dir, timeout=timeout)
    except ns.Neo4jServerError as exc:
        raise ConfigError(f"cannot start Neo4j: {exc}") from exc
    if as_json:
        echo_json(_server_dict(info))
        return
    _print_server(info)
    state = Path(info.home) / ns.STATE_FILE
    click.echo(f"password {info.password}  (kept in {state}, readable by you only)")
    home_env = f"LIANTU_NEO4J_HOME={shlex.quote(info.home)} " if home else ""
    click.echo(f"use it:  {home_env}liantu --graph neo4j stats   (no password needed: it is read from {state})")
    click.echo(f"or set:  LIANTU_GRAPH=neo4j LIANTU_NEO4J_URI={info.uri} LIANTU_NEO4J_USER={info.user} "
               f"LIANTU_NEO4J_PASSWORD={shlex.quote(info.password)}")


@neo4j_group.command("stop")
@click.option("--home", type=click.Path(file_okay=False), default=None, help="Launcher home.")
@click.option("--json", "as_json", is_flag=True, help="Print the result as JSON.")
def neo4j_stop(home, as_json):
    """Stop the server started from this home."""
    from graph import neo4j_server as ns

    try:
        stopped = ns.stop(home=home)
    except ns.Neo4jServerError as exc:
        raise LiantuError(f"cannot stop Neo4j: {exc}") from exc
    if as_json:
        echo_json({"stopped": stopped})
    else:
        click.echo("stopped" if stopped else "not running")


@neo4j_group.command("status")
@click.option("--home", type=click.Path(file_okay=False), default=None, help="Launcher home.")
@click.option("--json", "as_json", is_flag=True, help="Print the status as JSON.")
@click.pass_context
def neo4j_status(ctx, home, as_json):
    """Show whether the server runs, on which port and data directory (exit status 3 when it does not)."""
    from graph import neo4j_server as ns

    info = ns.status(home=home)
    if as_json:
        echo_json(_server_dict(info) if info else {"running": False})
    elif info is None:
        click.echo("not running")
    else:
        _print_server(info)
    if info is None:
        ctx.exit(3)
