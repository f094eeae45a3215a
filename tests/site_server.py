"""A small web site on the loopback interface, for the fetching tests: real HTTP, no network.

Serves the files under a folder with ETag and Last-Modified (and answers 304 to a matching
conditional GET), 404 for what is not there, and sleeps before answering paths named slow.
A file `NAME.moved` holding a path answers for NAME with a redirect there. Every request's path is logged so tests can say what was (never) asked for.
"""
from __future__ import annotations

import hashlib
import threading
import time
from contextlib import contextmanager
from email.utils import formatdate
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

CONTENT_TYPES = {".html": "text/html; charset=utf-8", ".xml": "application/rss+xml; charset=utf-8",
                 ".txt": "text/plain; charset=utf-8"}


class Site:
    """One running site: its base URL and the paths requested so far."""

    def __init__(self, root: Path, slow_seconds: float) -> None:
        self.root = root
        self.slow_seconds = slow_seconds
        self.requests: list[str] = []
        self.times: list[float] = []  # when each request arrived (time.monotonic)
        self.url = ""

    def count(self, path: str) -> int:
        return sum(1 for p in self.requests if p == path)

    def full_fetches(self) -> list[str]:
        """Paths answered with a body (200), in order."""
        return [p for p, status in self.answers if status == 200]

    answers: list[tuple[str, int]]


def _handler(site: Site):
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args):  # keep the test output clean
            pass

        def do_GET(self):
            path = self.path.split("?", 1)[0].split("#", 1)[0]
            site.requests.append(path)
            site.times.append(time.monotonic())
            if "slow" in path:
                time.sleep(site.slow_seconds)
            file = (site.root / path.lstrip("/")).resolve()
            if path.endswith("/"):
                file = file / "index.html"
            moved = file.with_name(file.name + ".moved")
            if file.is_relative_to(site.root.resolve()) and not file.exists() and moved.is_file():
                self.send_response(301)
                self.send_header("Location", moved.read_text(encoding="utf-8").strip())
                self.send_header("Content-Length", "0")
                self.end_headers()
                site.answers.append((path, 301))
                return
            if not file.is_relative_to(site.root.resolve()) or not file.is_file():
                return self._answer(path, 404, b"<html><body>not found</body></html>", "text/html")
            body = file.read_bytes()
            etag = '"' + hashlib.sha1(body).hexdigest()[:16] + '"'
            modified = formatdate(file.stat().st_mtime, usegmt=True)
            if self.headers.get("If-None-Match") == etag:
                return self._answer(path, 304, b"", None, etag, modified)
            return self._answer(path, 200, body, CONTENT_TYPES.get(file.suffix, "application/octet-stream"),
                                etag, modified)

        def _answer(self, path, status, body, content_type, etag=None, modified=None):
            site.answers.append((path, status))
            try:
                self.send_response(status)
                if content_type:
                    self.send_header("Content-Type", content_type)
                if etag:
                    self.send_header("ETag", etag)
                    self.send_header("Last-Modified", modified)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                if body:
                    self.wfile.write(body)
            except (BrokenPipeError, ConnectionResetError):  # the client gave up (the slow page)
                pass

    return Handler


@contextmanager
def serve_site(root: Path, slow_seconds: float = 3.0):
    """Serve `root` on 127.0.0.1 on a free port for the duration of the block; yields the `Site`."""
    site = Site(root, slow_seconds)
    site.answers = []
    server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(site))
    server.daemon_threads = True
    site.url = f"http://127.0.0.1:{server.server_address[1]}"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield site
    finally:
        server.shutdown()
        server.server_close()
