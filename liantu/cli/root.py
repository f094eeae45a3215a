"""The root `liantu` group: global options, ingest, stats, serve and demo; it registers the command groups."""
from __future__ import annotations

import errno
import json
import sys
from pathlib import Path

import click

from ingest.errors import LiantuError
from liantu.cli.chain import chain_group
from liantu.cli.context import pass_liantu
from liantu.cli.digest import digest_command
from liantu.cli.evaluation import eval_command
from liantu.cli.graph import export_command, neo4j_group, sync_command
from liantu.cli.network import network
from liantu.cli.registry import import_group
from liantu.cli.search import index_group, search
from liantu.cli.sources import fetch_command, sources_group, watch_command
from liantu.services import Liantu
from liantu.settings import Settings, default_data_dir


class LiantuGroup(click.Group):
    """A click group that turns liantu errors into one line on stderr and exit status 1."""

    def invoke(self, ctx):
        try:
            return super().invoke(ctx)
        except LiantuError as exc:
            click.echo(f"Error: {exc}", err=True)
            ctx.exit(1)




@click.group(cls=LiantuGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.option("--data-dir", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Where the graph and the index live [env LIANTU_DATA_DIR; default "
                   "~/.local/share/liantu].")
@click.option("--graph", "graph_backend", type=click.Choice(["networkx", "neo4j"]), default=None,
              help="Graph store backend [env LIANTU_GRAPH; default networkx].")
@click.version_option(package_name="liantu")
@click.pass_context
def cli(ctx, data_dir, graph_backend):
    """链图 liantu: a knowledge graph and search over Chinese investment news and policy."""
    settings = Settings(data_dir=data_dir or default_data_dir())
    if graph_backend:
        settings.graph_backend = graph_backend
    ctx.obj = Liantu(settings)
    ctx.call_on_close(ctx.obj.close)


def _progress_bar(total_bytes: int):
    from tqdm import tqdm

    return tqdm(total=total_bytes, unit="B", unit_scale=True, unit_divisor=1000, desc="ingest",
                disable=not sys.stderr.isatty(), file=sys.stderr)


def run_ingest(liantu: Liantu, paths, strict: bool = False, as_json: bool = False, reanalyse: bool = False) -> None:
    """Ingest and print the report; shared by `ingest` and `demo`."""
    bar = _progress_bar(0)
    docs_done = [0]

    def progress(doc):
        docs_done[0] += 1
        bar.update(len(doc.text.encode("utf-8")))
        bar.set_postfix(docs=docs_done[0])

    try:
        report = liantu.ingest(paths, progress=progress, reanalyse=reanalyse)
    finally:
        bar.close()
    summary = report.as_dict()
    if as_json:
        click.echo(json.dumps(summary, ensure_ascii=False))
    else:
        rate = summary["megabytes"] / report.seconds if report.seconds else 0.0
        click.echo(f"added {summary['added']}, updated {summary['updated']}, unchanged {summary['unchanged']}, "
                   f"failed {len(report.failed)} in {report.seconds:.1f} s ({rate:.2f} MB/s) "
                   f"-> {liantu.settings.data_dir}")
        for where, why in report.failed:
            click.echo(f"  failed: {where}: {why}", err=True)
    if not report.ok:
        raise LiantuError("nothing could be ingested" + (f": {report.failed[0][1]}" if report.failed else ""))
    if strict and report.failed:
        raise LiantuError(f"{len(report.failed)} document(s) failed (--strict)")


@cli.command()
@click.argument("paths", nargs=-1, required=True)
@click.option("--strict", is_flag=True, help="Exit non-zero if any document fails.")
@click.option("--reanalyse", is_flag=True,
              help="Analyse documents already stored again and replace their facts (after an upgrade).")
@click.option("--json", "as_json", is_flag=True, help="Print the report as JSON.")
@pass_liantu
def ingest(liantu, paths, strict, reanalyse, as_json):
    """Ingest files and folders (txt, md, html, json, jsonl, jsonl.gz)."""
    run_ingest(liantu, paths, strict, as_json, reanalyse)


@cli.command()
@click.option("--json", "as_json", is_flag=True, help="Print as JSON.")
@pass_liantu
def stats(liantu, as_json):
    """Counts of documents, entities by type and relations by type."""
    counts = liantu.graph.counts()
    if as_json:
        click.echo(json.dumps(counts, ensure_ascii=False))
        return
    click.echo(f"documents: {counts['documents']}")
    click.echo("entities:")
    for label, n in counts["entities"].items():
        click.echo(f"  {label}: {n}")
    click.echo("relations:")
    for rel, n in counts["relations"].items():
        click.echo(f"  {rel}: {n}")


def serve_app(liantu: Liantu, host: str, port: int, threads: int = 8) -> None:
    """Serve the web app with waitress."""
    from waitress import serve

    from webapp.app import create_app

    app = create_app(liantu=liantu)
    click.echo(f"serving 链图 on http://{host}:{port}/  (data: {liantu.settings.data_dir}; Ctrl-C stops)")
    serve(app, host=host, port=port, threads=threads, ident="liantu")


@cli.command()
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to bind.")
@click.option("--port", default=8000, show_default=True, type=click.IntRange(1, 65535))
@click.option("--threads", default=8, show_default=True, type=click.IntRange(1, 64))
@click.option("--watch", is_flag=True, help="Also fetch the sources on their schedule (`liantu watch` beside the app).")
@pass_liantu
def serve(liantu, host, port, threads, watch):
    """Serve the search UI and the JSON API."""
    if not watch:
        serve_app(liantu, host, port, threads)
        return
    import signal

    watcher = start_watcher(liantu)
    # SIGTERM ends the app through the `finally` below, so the watcher is stopped with it
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    try:
        serve_app(liantu, host, port, threads)
    finally:
        watcher.terminate()
        watcher.wait(timeout=30)


def start_watcher(liantu: Liantu):
    """`liantu watch` in its own process on the same data directory; the app picks up what it stores."""
    import subprocess

    command = [sys.executable, "-m", "liantu", "--data-dir", str(liantu.settings.data_dir),
               "--graph", liantu.settings.graph_backend, "watch"]
    click.echo(f"watching the sources in process {' '.join(command[2:])}", err=True)
    return subprocess.Popen(command)


@cli.command()
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=8000, show_default=True, type=click.IntRange(1, 65535))
@click.option("--no-serve", is_flag=True, help="Ingest only.")
@pass_liantu
def demo(liantu, host, port, no_serve):
    """Ingest the bundled sample corpus into the data directory, then serve."""
    from corpus import sample_paths

    run_ingest(liantu, [str(p) for p in sample_paths()])
    if not no_serve:
        serve_app(liantu, host, port)


for command in (search, index_group, chain_group, network, export_command, sync_command, neo4j_group,
                eval_command, import_group, sources_group, fetch_command, watch_command, digest_command):
    cli.add_command(command)


DISK_FULL = {errno.ENOSPC, errno.EFBIG, errno.EDQUOT}


def main() -> None:
    try:
        cli(prog_name="liantu")
    except OSError as exc:
        # A full disk (or a file-size limit) surfaces from deep inside a store's write, and
        # again when the stores flush on exit: one clear line instead of two tracebacks.
        if exc.errno not in DISK_FULL:
            raise
        where = f" {exc.filename}" if exc.filename else " to the data directory"
        click.echo(f"Error: cannot write{where}: {exc.strerror} (the disk or a file-size limit is full). "
                   "What was stored before still loads; free some space and run the command again.", err=True)
        sys.exit(1)

