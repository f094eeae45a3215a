"""Chain briefs: one region's picture of one chain (diagram, gaps, leads, projects) as xlsx, HTML or Markdown.

`build_brief` gathers the data from the chain reports; `render` turns it into the bytes of a
format; `write_brief` writes them through a temporary file, so a failed run leaves no half file.
"""
from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from ingest.errors import LiantuError
from ingest.files import replacing
from liantu.brief.assemble import build_brief, projects_by_stage

FORMATS = {"xlsx": ".xlsx", "html": ".html", "md": ".md"}
SUFFIXES = {".xlsx": "xlsx", ".html": "html", ".htm": "html", ".md": "md", ".markdown": "md"}
MEDIA_TYPES = {"xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
               "html": "text/html; charset=utf-8", "md": "text/markdown; charset=utf-8"}


class BriefError(LiantuError):
    """A brief was asked for in a form it cannot take (an unknown format, an unusable output path)."""


def check_format(fmt: str) -> str:
    if fmt not in FORMATS:
        raise BriefError(f"unknown brief format {fmt!r}: use xlsx, html or md")
    return fmt


def format_for(path: str | Path, fmt: str | None = None) -> str:
    """The format asked for, else the one the output file's suffix names."""
    if fmt:
        return check_format(fmt)
    suffix = Path(path).suffix.lower()
    if suffix not in SUFFIXES:
        raise BriefError(f"cannot tell the format from {str(path)!r}: name it .xlsx, .html or .md, or give --format")
    return SUFFIXES[suffix]


def render(brief: dict[str, Any], fmt: str, links: list[dict[str, str]] | None = None) -> bytes:
    """The brief in a format, as bytes (`links` are the on-screen links of the HTML page)."""
    check_format(fmt)
    if fmt == "xlsx":
        from liantu.brief.xlsx import render_xlsx

        return render_xlsx(brief)
    if fmt == "html":
        from liantu.brief.html import render_html

        return render_html(brief, links).encode("utf-8")
    from liantu.brief.markdown import render_markdown

    return render_markdown(brief).encode("utf-8")


def write_brief(data: bytes, path: str | Path) -> Path:
    """Write a rendered brief to `path` through a temporary file renamed over it."""
    path = Path(path)
    if path.is_dir():
        raise BriefError(f"output {str(path)!r} is a directory: give a file name")
    if not path.parent.is_dir():
        raise BriefError(f"cannot write {str(path)!r}: folder {str(path.parent)!r} does not exist")
    mode = _file_mode(path)
    with replacing(path, file_mode=mode) as out:  # a brief is an ordinary file to share, not a private one
        out.write(data)
    return path


def _file_mode(path: Path) -> int:
    """The permissions of the file being replaced, else those a new file gets under the umask."""
    try:
        return path.stat().st_mode & 0o777
    except FileNotFoundError:
        mask = os.umask(0)
        os.umask(mask)
        return 0o666 & ~mask


def filename(brief: dict[str, Any], fmt: str) -> str:
    """An ASCII file name for a brief: <chain id>-<region code>-brief.<suffix>."""
    safe = "".join(ch if ch.isascii() and (ch.isalnum() or ch == "-") else "_" for ch in brief["chain"]["id"])
    return f"{safe}-{brief['region']['code']}-brief{FORMATS[fmt]}"


__all__ = ["BriefError", "FORMATS", "MEDIA_TYPES", "build_brief", "filename", "format_for", "projects_by_stage",
           "render", "write_brief"]
