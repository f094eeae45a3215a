"""`liantu sources add|list|remove`, `liantu fetch` and `liantu watch`: staying current with the news."""
from __future__ import annotations

import json
import signal
import threading
import time

import click

from ingest.fetch import FetchPolicy
from ingest.sources import DEFAULT_EVERY, KINDS, Source, SourceList
from liantu.cli.context import pass_liantu


@click.group("sources")
def sources_group():
    """The news sources `fetch` and `watch` read (kept in the data directory)."""


@sources_group.command("add")
@click.argument("name")
@click.argument("url")
@click.option("--kind", type=click.Choice(KINDS), default="list", show_default=True,
              help="feed: RSS/Atom; list: an index page whose article links are followed; sitemap; page: one page.")
@click.option("--every", default=DEFAULT_EVERY, show_default=True, help="How often `watch` fetches it (30m, 6h, 1d).")
@click.option("--pattern", default="", help="A regular expression article links of a list page must match.")
@pass_liantu
def sources_add(liantu, name, url, kind, every, pattern):
    """Add a source NAME at URL."""
    source = SourceList(liantu.settings.data_dir).add(Source(name, url, kind, every, pattern))
    click.echo(f"added {source.name}: {source.kind} {source.url} every {source.every}")


@sources_group.command("list")
@click.option("--json", "as_json", is_flag=True, help="Print as JSON.")
@pass_liantu
def sources_list(liantu, as_json):
    """The sources, with when each was last fetched."""
    from ingest.crawl import FetchState

    sources = SourceList(liantu.settings.data_dir).all()
    state = FetchState(liantu.settings.data_dir).sources
    rows = [{"name": s.name, "url": s.url, "kind": s.kind, "every": s.every, "pattern": s.pattern,
             "last_fetched": _iso(state.get(s.name, {}).get("last_run"))} for s in sources]
    if as_json:
        click.echo(json.dumps(rows, ensure_ascii=False))
        return
    if not rows:
        click.echo("no sources yet: add one with `liantu sources add NAME URL --kind feed|list|sitemap|page`")
    for row in rows:
        pattern = f" links matching {row['pattern']}" if row["pattern"] else ""
        click.echo(f"{row['name']}\t{row['kind']}\t{row['url']}\tevery {row['every']}{pattern}\t"
                   f"last fetched {row['last_fetched'] or 'never'}")


@sources_group.command("remove")
@click.argument("name")
@pass_liantu
def sources_remove(liantu, name):
    """Remove the source NAME (what was fetched from it stays)."""
    source = SourceList(liantu.settings.data_dir).remove(name)
    click.echo(f"removed {source.name}")


def _iso(epoch) -> str | None:
    if epoch is None:
        return None
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(float(epoch)))


def policy_options(command):
    """The politeness options `fetch` and `watch` share."""
    for option in reversed([
        click.option("--delay", type=click.FloatRange(0), default=FetchPolicy.delay, show_default=True,
                     help="Seconds between two requests to one host."),
        click.option("--timeout", type=click.FloatRange(0.1), default=FetchPolicy.timeout, show_default=True,
                     help="Seconds to wait for a server."),
        click.option("--retries", type=click.IntRange(0, 10), default=FetchPolicy.retries, show_default=True,
                     help="Further attempts after a timeout or a server error."),
    ]):
        command = option(command)
    return command


def _policy(delay, timeout, retries) -> FetchPolicy:
    return FetchPolicy(delay=delay, timeout=timeout, retries=retries, backoff=min(FetchPolicy.backoff, timeout))


def _selected(liantu, name):
    listed = SourceList(liantu.settings.data_dir)
    return [listed.get(name)] if name else listed.all()


def _print_report(report, as_json: bool) -> None:
    summary = report.as_dict()
    if as_json:
        click.echo(json.dumps(summary, ensure_ascii=False))
        return
    click.echo(f"fetched {summary['fetched']}, new {summary['new']}, updated {summary['updated']}, "
               f"unchanged {summary['unchanged']}, duplicates {summary['duplicates']}, "
               f"failed {len(summary['failed'])} ({', '.join(summary['sources']) or 'no source due'})")
    for failure in summary["failed"]:
        click.echo(f"  failed: {failure['url']}: {failure['why']}", err=True)


@click.command("fetch")
@click.option("--source", "name", default=None, help="Only this source (default: every source).")
@policy_options
@click.option("--json", "as_json", is_flag=True, help="Print the report as JSON.")
@pass_liantu
def fetch_command(liantu, name, delay, timeout, retries, as_json):
    """Fetch the sources now: new and changed articles go through the ordinary ingest."""
    sources = _selected(liantu, name)
    if not sources:
        raise click.ClickException("no sources: add one with `liantu sources add NAME URL`")
    crawler = liantu.crawler(_policy(delay, timeout, retries))
    try:
        report = crawler.run(sources)
    finally:
        crawler.client.close()
    _print_report(report, as_json)


def watch_loop(liantu, policy: FetchPolicy, stop: threading.Event, as_json: bool = False,
               poll: float = 60.0) -> None:
    """Fetch due sources on their schedule until `stop` is set; the source list is read again each round."""
    crawler = liantu.crawler(policy)
    try:
        while not stop.is_set():
            sources = SourceList(liantu.settings.data_dir).all()
            if sources:
                report = crawler.run(sources, only_due=True)
                if report.sources:
                    _print_report(report, as_json)
            wait = min(poll, crawler.state.next_due(sources, time.time())) if sources else poll
            stop.wait(max(1.0, wait))
    finally:
        crawler.client.close()


@click.command("watch")
@policy_options
@click.option("--poll", type=click.FloatRange(1), default=60.0, show_default=True,
              help="Longest wait, in seconds, before looking at the source list again.")
@click.option("--json", "as_json", is_flag=True, help="Print each round's report as a JSON line.")
@pass_liantu
def watch_command(liantu, delay, timeout, retries, poll, as_json):
    """Fetch each source on its schedule (`--every`) until stopped (Ctrl-C or SIGTERM)."""
    stop = threading.Event()
    for signum in (signal.SIGTERM, signal.SIGINT):
        signal.signal(signum, lambda *_: stop.set())
    click.echo("watching the sources (Ctrl-C stops)", err=True)
    watch_loop(liantu, _policy(delay, timeout, retries), stop, as_json, poll)
