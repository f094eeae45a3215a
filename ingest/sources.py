"""The sources liantu watches (feeds, list pages, sitemaps, single pages), kept in the data directory.

`sources.json` holds the list; `SourceList` reads it, checks each change and writes it back
atomically (a temporary file renamed over the old one), so a kill never leaves half a file.
"""
from __future__ import annotations

import json
import re
from dataclasses import asdict, dataclass
from pathlib import Path
from urllib.parse import urlsplit

from ingest.errors import LiantuError, NotFoundError
from ingest.files import replacing

KINDS = ("feed", "list", "sitemap", "page")
SOURCES_FILE = "sources.json"
DEFAULT_EVERY = "6h"
_EVERY = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*([smhd]?)\s*$")
_UNIT_SECONDS = {"s": 1, "m": 60, "h": 3600, "d": 86400, "": 3600}
_NAME = re.compile(r"^[\w\-.\u4e00-\u9fff]{1,64}$")


class SourceError(LiantuError):
    """A source cannot be added or used as given; the message names it and says what is wrong."""


def parse_every(text: str) -> float:
    """Seconds from an interval such as `30m`, `6h`, `1d` or `90s` (a bare number is hours)."""
    m = _EVERY.match(str(text))
    if not m or float(m[1]) <= 0:
        raise SourceError(f"--every {text!r}: expected a positive interval such as 30m, 6h or 1d")
    return float(m[1]) * _UNIT_SECONDS[m[2]]


@dataclass(frozen=True)
class Source:
    """One source: where it is, what kind of page it is, how often to look, which links to follow."""

    name: str
    url: str
    kind: str = "list"
    every: str = DEFAULT_EVERY
    pattern: str = ""  # a regular expression article links of a list page must match

    @property
    def seconds(self) -> float:
        return parse_every(self.every)

    @property
    def host(self) -> str:
        return urlsplit(self.url).netloc.lower()

    def check(self) -> "Source":
        """The source itself when every field is usable; raises `SourceError` naming the field."""
        if not _NAME.match(self.name):
            raise SourceError(f"source name {self.name!r}: use 1-64 letters, digits, '-', '_' or '.'")
        parts = urlsplit(self.url)
        if parts.scheme not in ("http", "https") or not parts.netloc:
            raise SourceError(f"source {self.name}: {self.url!r} is not an http(s) URL")
        if self.kind not in KINDS:
            raise SourceError(f"source {self.name}: kind {self.kind!r} is not one of {', '.join(KINDS)}")
        parse_every(self.every)
        if self.pattern:
            try:
                re.compile(self.pattern)
            except re.error as exc:
                raise SourceError(f"source {self.name}: link pattern {self.pattern!r} is not a regular "
                                  f"expression ({exc})") from exc
        return self


class SourceList:
    """The stored list of sources of one data directory."""

    def __init__(self, data_dir: Path) -> None:
        self.path = Path(data_dir) / SOURCES_FILE

    def all(self) -> list[Source]:
        """Every source, by name."""
        if not self.path.exists():
            return []
        try:
            rows = json.loads(self.path.read_text(encoding="utf-8"))
            return sorted((Source(**row) for row in rows), key=lambda s: s.name)
        except (ValueError, TypeError) as exc:
            raise SourceError(f"{self.path}: not a list of sources ({exc}); fix or remove the file") from exc

    def get(self, name: str) -> Source:
        for source in self.all():
            if source.name == name:
                return source
        raise NotFoundError(f"no source named {name!r} (see `liantu sources list`)")

    def add(self, source: Source) -> Source:
        """Add a source; a name already taken is refused (remove it first)."""
        source.check()
        sources = self.all()
        if any(s.name == source.name for s in sources):
            raise SourceError(f"source {source.name!r} exists already (remove it first to change it)")
        self._write([*sources, source])
        return source

    def remove(self, name: str) -> Source:
        source = self.get(name)
        self._write([s for s in self.all() if s.name != name])
        return source

    def _write(self, sources: list[Source]) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        write_json_atomically(self.path, [asdict(s) for s in sorted(sources, key=lambda s: s.name)])


def write_json_atomically(path: Path, value) -> None:
    """Write JSON to `path` through a temporary file renamed over it: the old or the new, never half."""
    with replacing(path, "w", encoding="utf-8") as out:
        json.dump(value, out, ensure_ascii=False, indent=1)
