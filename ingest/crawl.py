"""Fetching sources into documents: what was fetched is remembered, nothing is fetched twice.

One run (`Crawler.run`) reads each source's own page (feed, list page, sitemap), asks for each
article it lists (conditionally when it was fetched before), extracts the page's main text
(`ingest.html_text`) and hands new and changed pages to the caller's `ingest` function, which
puts them through the ordinary ingest. A page whose text is nearly that of a page fetched from
another URL (a republished copy: their character 4-grams at least `SIMILAR` alike)
is a duplicate and is not ingested.

Nothing is lost and nothing is fetched twice when a run is killed: every fetched page is first
written to the spool (`<data dir>/fetch/spool/`, one file renamed into place), the spool is
ingested, then what was learnt about each URL (ETag, Last-Modified, content hash, fingerprint)
is folded into `<data dir>/fetch/state.json`, and only then are the spool files removed. A run
starts by finishing whatever an earlier run left in the spool; ingest is idempotent, so a page
ingested just before a kill is not stored twice either. A lock file keeps runs one at a time.
"""
from __future__ import annotations

import fcntl
import hashlib
import json
import time
from collections.abc import Callable, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ingest.discover import article_links
from ingest.errors import LiantuError, LoadError
from ingest.fetch import FetchFailed, PoliteClient
from ingest.html_text import parse_html
from ingest.load import decode_bytes
from ingest.model import Document
from ingest.sources import Source, write_json_atomically

FETCH_DIR = "fetch"
SIMILAR = 0.6           # estimated 4-gram resemblance from which two pages are one article
SKETCH_SIZE = 128
MAX_SITEMAPS = 20       # nested sitemaps read per source and run
MAX_ARTICLES = 500      # article links followed per source and run


class FetchBusy(LiantuError):
    """Another fetch or watch is running on this data directory."""


@dataclass
class FetchReport:
    """What one run did; `as_dict` is what `liantu fetch --json` prints."""

    fetched: int = 0                 # pages downloaded (200), articles and sources' own pages alike
    new: int = 0                     # documents added
    updated: int = 0                 # pages that changed since last fetched (their document replaced)
    unchanged: int = 0               # pages not modified (304) or downloaded again with the same text
    duplicates: int = 0              # near-copies of a page fetched from another URL, not ingested
    failed: list[dict[str, str]] = field(default_factory=list)
    skipped: list[dict[str, str]] = field(default_factory=list)  # links robots.txt forbids: never requested
    sources: list[str] = field(default_factory=list)

    def fail(self, url: str, why: str) -> None:
        self.failed.append({"url": url, "why": why})

    def failure(self, exc: FetchFailed) -> None:
        """A fetch that failed, or one robots.txt forbade (skipped, not failed: nothing was asked)."""
        if exc.forbidden:
            self.skipped.append({"url": exc.url, "why": exc.why})
        else:
            self.fail(exc.url, exc.why)

    def as_dict(self) -> dict[str, Any]:
        return {"fetched": self.fetched, "new": self.new, "unchanged": self.unchanged,
                "duplicates": self.duplicates, "failed": list(self.failed), "updated": self.updated, "skipped": list(self.skipped),
                "sources": list(self.sources)}


def fingerprint(text: str, k: int = SKETCH_SIZE) -> list[int]:
    """A bottom-k sketch of a text's character 4-grams: the `k` smallest of their 64-bit hashes.

    Two sketches estimate how alike two texts are (`resemblance`) without keeping the texts:
    a copy with a few words changed keeps most of its 4-grams, another article on the same
    subject shares few.
    """
    chars = "".join(ch for ch in text if ch.isalnum())
    grams = {chars[i:i + 4] for i in range(max(1, len(chars) - 3))}
    hashes = {int.from_bytes(hashlib.blake2b(g.encode("utf-8"), digest_size=8).digest(), "big") for g in grams}
    return sorted(hashes)[:k]


def resemblance(a: Sequence[int], b: Sequence[int]) -> float:
    """The estimated Jaccard similarity of the 4-gram sets two sketches were taken from (0 to 1)."""
    if not a or not b:
        return 0.0
    k = min(len(a), len(b))
    both = set(a) & set(b)
    union = sorted(set(a) | set(b))[:k]
    return sum(1 for h in union if h in both) / len(union)


def content_hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


class FetchState:
    """What is known about each URL and each source, kept in `<data dir>/fetch/` (see the module doc)."""

    def __init__(self, data_dir: Path) -> None:
        self.dir = Path(data_dir) / FETCH_DIR
        self.spool = self.dir / "spool"
        self.path = self.dir / "state.json"
        self.spool.mkdir(parents=True, exist_ok=True)
        self.urls: dict[str, dict[str, Any]] = {}
        self.sources: dict[str, dict[str, Any]] = {}
        if self.path.exists():
            try:
                stored = json.loads(self.path.read_text(encoding="utf-8"))
                self.urls, self.sources = stored.get("urls", {}), stored.get("sources", {})
            except (ValueError, AttributeError) as exc:
                raise LiantuError(f"{self.path}: cannot read the fetch state ({exc}); "
                                  "move it away to fetch every page again") from exc

    def save(self) -> None:
        write_json_atomically(self.path, {"urls": self.urls, "sources": self.sources})

    def spooled(self) -> list[Path]:
        return sorted(self.spool.glob("*.json"))

    def spool_page(self, url: str, entry: dict[str, Any], doc: Document | None) -> Path:
        """Write one fetched page (and what to remember of its URL) to the spool, atomically."""
        record = {"url": url, "entry": entry, "doc": None if doc is None else {
            "text": doc.text, "title": doc.title, "date": doc.date, "source": doc.source, "url": doc.url,
            "origin": doc.origin, "meta": doc.meta}}
        path = self.spool / f"{time.time_ns():020d}-{hashlib.sha1(url.encode()).hexdigest()[:12]}.json"
        write_json_atomically(path, record)
        return path

    def due(self, source: Source, now: float) -> bool:
        last = self.sources.get(source.name, {}).get("last_run")
        return last is None or now - float(last) >= source.seconds

    def next_due(self, sources: Sequence[Source], now: float) -> float:
        """Seconds until the first of `sources` is due (0 when one is due now)."""
        waits = [max(0.0, float(self.sources.get(s.name, {}).get("last_run", 0)) + s.seconds - now) for s in sources]
        return min(waits, default=3600.0)


# What the caller's ingest answers for a batch of documents: ids added, ids updated, (origin, why) failed.
IngestFn = Callable[[list[Document]], tuple[Sequence[str], Sequence[str], Sequence[tuple[str, str]]]]


class Crawler:
    """Runs sources: discovery, polite fetching, extraction, duplicates, the spool and the state."""

    def __init__(self, data_dir: Path, client: PoliteClient, ingest: IngestFn) -> None:
        self.state = FetchState(data_dir)
        self.client = client
        self.ingest = ingest
        self._done: set[str] = set()  # URLs asked for in the current run

    # ---- one run ----------------------------------------------------------------------------

    def run(self, sources: Sequence[Source], only_due: bool = False, now: float | None = None) -> FetchReport:
        """Fetch `sources` (only those due, with `only_due`) and ingest what is new or changed."""
        report = FetchReport()
        self._done = set()  # a page two sources list is asked for once per run
        with self._locked():
            self._finish_spool(report)
            for source in sources:
                if only_due and not self.state.due(source, time.time() if now is None else now):
                    continue
                report.sources.append(source.name)
                self._run_source(source, report)
                self._finish_spool(report)
                self.state.sources.setdefault(source.name, {})["last_run"] = time.time()
                self.state.save()
        return report

    @contextmanager
    def _locked(self):
        """Hold the data directory's fetch lock; `FetchBusy` when another run holds it."""
        with open(self.state.dir / "lock", "a+") as lock:
            try:
                fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                raise FetchBusy(f"another `liantu fetch` or `watch` is running on {self.state.dir.parent}") from None
            try:
                yield
            finally:
                fcntl.flock(lock, fcntl.LOCK_UN)

    def _run_source(self, source: Source, report: FetchReport) -> None:
        if source.kind == "page":
            links = [source.url]
        else:
            links = self._discover(source, report)
            # Safe at any time: a URL the state knows has its page ingested or waiting in the spool.
            self.state.save()
        for url in links[:MAX_ARTICLES]:
            self._fetch_article(source, url, report)

    def _get(self, url: str, report: FetchReport):
        """The page at `url`, asked for only if changed since its last reading (ETag, Last-Modified);
        None when it could not be fetched (the failure goes in the report)."""
        known = self.state.urls.get(url, {})
        try:
            return self.client.get(url, known.get("etag", ""), known.get("last_modified", ""))
        except FetchFailed as exc:
            report.failure(exc)
            return None

    def _discover(self, source: Source, report: FetchReport) -> list[str]:
        """The article links a source lists now (those of its last reading when its page is unchanged)."""
        remembered = self.state.sources.setdefault(source.name, {})
        queue, links, read = [source.url], [], 0
        while queue and read <= MAX_SITEMAPS:
            url = queue.pop(0)
            read += 1
            page = self._get(url, report)
            if page is None:
                continue
            if page.not_modified:
                links += remembered.get("links", {}).get(url, [])
                continue
            report.fetched += 1
            found, nested = article_links(source, page.body, page.final_url)
            remembered.setdefault("links", {})[url] = found
            self.state.urls[url] = {"etag": page.etag, "last_modified": page.last_modified, "source": source.name,
                                    "index": True}
            links += found
            queue += nested
        return list(dict.fromkeys(links))

    def _fetch_article(self, source: Source, url: str, report: FetchReport) -> None:
        if url in self._done:
            return
        self._done.add(url)
        known = self.state.urls.get(url, {})
        page = self._get(url, report)
        if page is None:
            return
        if page.not_modified:
            report.unchanged += 1
            return
        report.fetched += 1
        try:
            doc = parse_html(decode_bytes(page.body, url), origin=url, url=page.final_url)
        except LoadError as exc:
            report.fail(url, str(exc).removeprefix(f"{url}: "))
            return
        if not doc.source:
            doc.source = source.name
        digest = content_hash(doc.title + "\n" + doc.text)
        entry: dict[str, Any] = {"etag": page.etag, "last_modified": page.last_modified, "hash": digest,
                                 "doc_id": doc.id, "fingerprint": fingerprint(doc.text), "source": source.name,
                                 "fetched": time.time()}
        if known.get("hash") == digest:
            report.unchanged += 1
            self.state.urls[url] = known | {"etag": page.etag, "last_modified": page.last_modified}
            return
        original = self._copy_of(url, entry["fingerprint"])
        if original is not None:
            report.duplicates += 1
            entry["duplicate_of"] = original
            self.state.spool_page(url, entry, None)
        else:
            self.state.spool_page(url, entry, doc)
        self.state.urls[url] = entry

    def _copy_of(self, url: str, print_: list[int]) -> str | None:
        """The URL of a page fetched before whose text `print_` nearly repeats, or None."""
        for other, entry in self.state.urls.items():
            if other != url and entry.get("fingerprint") and not entry.get("duplicate_of") \
                    and resemblance(print_, entry["fingerprint"]) >= SIMILAR:
                return other
        return None

    # ---- the spool --------------------------------------------------------------------------

    def _finish_spool(self, report: FetchReport) -> None:
        """Ingest every spooled page, remember their URLs, then clear the spool (see the module doc)."""
        files = self.state.spooled()
        if not files:
            return
        records = []
        for path in files:
            try:
                records.append((path, json.loads(path.read_text(encoding="utf-8"))))
            except ValueError:
                path.unlink()  # a spool file is renamed into place whole: this one is not ours
        docs = [Document(**r["doc"]) for _, r in records if r.get("doc")]
        if docs:
            added, updated, failed = self.ingest(docs)
            report.new += len(added)
            report.updated += len(updated)
            for origin, why in failed:
                report.fail(origin, why)
        for _, record in records:
            self.state.urls[record["url"]] = record["entry"]
        self.state.save()
        for path, _ in records:
            path.unlink(missing_ok=True)
