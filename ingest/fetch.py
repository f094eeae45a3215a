"""Polite HTTP: robots.txt honoured, one request at a time per host with a delay, conditional GET.

`PoliteClient.get` asks a host's robots.txt first (once per run; `urllib.robotparser` reads
it), waits until `delay` seconds have passed since the last request to that host, sends
`If-None-Match` / `If-Modified-Since` when it knows the page's ETag or date, follows at most
`max_redirects` redirects (each hop checked against robots.txt), gives up on a body larger
than `max_bytes`, and retries timeouts, dropped connections and 429/5xx answers with
exponential backoff. Every failure is a `FetchFailed` naming the URL and saying why.
"""
from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from urllib.parse import urljoin, urlsplit
from urllib.robotparser import RobotFileParser

from ingest.errors import IngestError

USER_AGENT = "liantu/0.1 (news monitor; polite: robots.txt, one request at a time per host)"
RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})
REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})


class FetchFailed(IngestError):
    """A URL could not be fetched; `why` says what went wrong (HTTP 404, timed out, robots.txt ...)."""

    def __init__(self, url: str, why: str, forbidden: bool = False) -> None:
        super().__init__(f"{url}: {why}")
        self.url = url
        self.why = why
        self.forbidden = forbidden  # robots.txt forbids it: it was never requested


@dataclass(frozen=True)
class FetchPolicy:
    """How politely and how patiently to fetch."""

    delay: float = 2.0          # seconds between two requests to one host
    timeout: float = 20.0       # seconds to connect and between bytes received
    retries: int = 2            # further attempts after a timeout, a dropped connection or 429/5xx
    backoff: float = 2.0        # seconds before the first retry, doubled each time
    max_bytes: int = 5_000_000  # a larger body is refused
    max_redirects: int = 5
    user_agent: str = USER_AGENT


@dataclass
class Page:
    """What a GET answered: the final URL, the status, the body and the validators for next time."""

    url: str
    final_url: str
    status: int
    body: bytes = b""
    etag: str = ""
    last_modified: str = ""
    content_type: str = ""

    @property
    def not_modified(self) -> bool:
        return self.status == 304


@dataclass
class PoliteClient:
    """An HTTP client that keeps to robots.txt and to one request at a time per host, with a delay."""

    policy: FetchPolicy = field(default_factory=FetchPolicy)
    sleep: Callable[[float], None] = time.sleep
    requested: list[str] = field(default_factory=list)  # every URL asked for, in order (robots.txt too)

    def __post_init__(self) -> None:
        import requests

        self._session = requests.Session()
        self._session.headers["User-Agent"] = self.policy.user_agent
        self._session.max_redirects = self.policy.max_redirects
        self._robots: dict[str, RobotFileParser] = {}
        self._last: dict[str, float] = {}

    def close(self) -> None:
        self._session.close()

    # ---- robots.txt -------------------------------------------------------------------------

    def allowed(self, url: str) -> bool:
        """Whether the host's robots.txt lets liantu fetch `url` (read once per host and client)."""
        parts = urlsplit(url)
        host = f"{parts.scheme}://{parts.netloc}"
        robots = self._robots.get(host)
        if robots is None:
            robots = self._robots[host] = self._read_robots(host + "/robots.txt")
        return robots.can_fetch(self.policy.user_agent, url)

    def _read_robots(self, url: str) -> RobotFileParser:
        # allow_all and disallow_all are set by RobotFileParser.__init__ and read by can_fetch,
        # but typeshed's stub leaves them out: hence the ignores below.
        robots = RobotFileParser(url)
        try:
            page = self._request(url, {}, retries=1)
        except FetchFailed:
            # a host that cannot say what it allows is left alone this run
            robots.disallow_all = True  # type: ignore[attr-defined]  # (typeshed)
            return robots
        if page.status in (401, 403) or 500 <= page.status:
            robots.disallow_all = page.status >= 500  # type: ignore[attr-defined]  # (typeshed)
            robots.allow_all = page.status < 500  # type: ignore[attr-defined]  # (typeshed)
        elif page.status >= 400:
            # no robots.txt: everything is allowed (RFC 9309)
            robots.allow_all = True  # type: ignore[attr-defined]  # (typeshed)
        else:
            robots.parse(page.body.decode("utf-8", errors="replace").splitlines())
        return robots

    # ---- requests ---------------------------------------------------------------------------

    def get(self, url: str, etag: str = "", last_modified: str = "") -> Page:
        """GET `url` (conditionally when validators are given); raises `FetchFailed` unless 200 or 304."""
        headers = {}
        if etag:
            headers["If-None-Match"] = etag
        if last_modified:
            headers["If-Modified-Since"] = last_modified
        current = url
        for _ in range(self.policy.max_redirects + 1):
            if urlsplit(current).scheme not in ("http", "https"):
                raise FetchFailed(url, f"redirected to {current!r}, which is not http(s)")
            if not self.allowed(current):
                raise FetchFailed(url, "robots.txt forbids it" if current == url
                                  else f"redirected to {current}, which robots.txt forbids", forbidden=True)
            page = self._request(current, headers, retries=self.policy.retries)
            if page.status in REDIRECT_STATUSES and page.final_url:
                current = page.final_url
                continue
            page.url = url
            if page.status == 200 or page.status == 304:
                return page
            raise FetchFailed(url, f"HTTP {page.status}")
        raise FetchFailed(url, f"more than {self.policy.max_redirects} redirects")

    def _wait_turn(self, host: str) -> None:
        last = self._last.get(host)
        if last is not None:
            wait = last + self.policy.delay - time.monotonic()
            if wait > 0:
                self.sleep(wait)

    def _request(self, url: str, headers: dict[str, str], retries: int) -> Page:
        """One GET (with retries) without following redirects; a redirect's target is in `final_url`."""
        import requests

        host = urlsplit(url).netloc.lower()
        for attempt in range(retries + 1):
            self._wait_turn(host)
            self.requested.append(url)
            try:
                with self._session.get(url, headers=headers, timeout=self.policy.timeout, stream=True,
                                       allow_redirects=False) as response:
                    status = response.status_code
                    if status in RETRY_STATUSES and attempt < retries:
                        why = f"HTTP {status}"
                    else:
                        body = b"" if status in REDIRECT_STATUSES or status == 304 else self._body(url, response)
                        target = urljoin(url, response.headers.get("Location", "")) \
                            if status in REDIRECT_STATUSES else url
                        return Page(url, target, status, body, response.headers.get("ETag", ""),
                                    response.headers.get("Last-Modified", ""),
                                    response.headers.get("Content-Type", ""))
            except requests.Timeout:
                why = f"timed out after {self.policy.timeout:g} s"
            except requests.ConnectionError as exc:
                why = f"connection failed ({type(exc).__name__})"
            except requests.RequestException as exc:
                raise FetchFailed(url, f"request failed ({exc})") from exc
            finally:
                self._last[host] = time.monotonic()
            if attempt < retries:
                self.sleep(self.policy.backoff * 2 ** attempt)
        raise FetchFailed(url, why + (f" ({retries + 1} attempts)" if retries else ""))

    def _body(self, url: str, response) -> bytes:
        declared = response.headers.get("Content-Length", "")
        if declared.isdigit() and int(declared) > self.policy.max_bytes:
            raise FetchFailed(url, f"larger than the size limit ({int(declared)} > {self.policy.max_bytes} bytes)")
        chunks, size = [], 0
        for chunk in response.iter_content(65536):
            size += len(chunk)
            if size > self.policy.max_bytes:
                raise FetchFailed(url, f"larger than the size limit ({self.policy.max_bytes} bytes)")
            chunks.append(chunk)
        return b"".join(chunks)
