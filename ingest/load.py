"""Loading documents from files and folders: the I/O edge of ingestion.

`parse_*` functions are pure (text in, documents out); `load_path` and `iter_files` touch the
file system. Encodings are detected with charset-normalizer; a file that cannot be decoded
raises `LoadError` naming the file.
"""
from __future__ import annotations

import gzip
import json
import re
from collections.abc import Iterator
from pathlib import Path

from ingest.errors import LoadError
from ingest.html_text import parse_html  # noqa: F401  (re-exported: HTML files are read with it)
from ingest.model import Document

SUFFIXES = (".txt", ".md", ".html", ".htm", ".json", ".jsonl", ".jsonl.gz")

# Field names recognised in JSON records, in order of preference.
FIELDS = {
    "id": ("id", "doc_id", "uuid"),
    "title": ("title", "headline", "name"),
    "text": ("text", "content", "body", "article"),
    "date": ("date", "published", "pub_date", "version_date", "year"),
    "url": ("url", "link"),
    "source": ("source", "publisher", "media"),
    "kind": ("kind", "type", "doc_type"),
}


def has_supported_suffix(path: Path) -> bool:
    """True when `path` names a file type liantu reads."""
    name = path.name.lower()
    return any(name.endswith(s) for s in SUFFIXES)


def iter_files(paths: list[str | Path]) -> Iterator[Path]:
    """Every supported file under `paths` (files as given, folders recursively, sorted)."""
    for raw in paths:
        path = Path(raw)
        if not path.exists():
            raise LoadError(f"{path}: no such file or directory")
        if path.is_dir():
            for child in sorted(path.rglob("*")):
                if child.is_file() and has_supported_suffix(child):
                    yield child
        else:
            yield path


def decode_bytes(data: bytes, name: str = "<bytes>") -> str:
    """Decode file bytes to text: UTF-8 (with or without BOM) first, else a detected encoding."""
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16")
    if b"\x00" in data[:4096] and not _looks_utf16(data):
        raise LoadError(f"{name}: binary file, not text")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    from charset_normalizer import from_bytes

    best = from_bytes(data, cp_isolation=["gb18030", "big5", "utf_16", "utf_8"]).best()
    if best is None:
        raise LoadError(f"{name}: cannot detect the text encoding (not UTF-8, UTF-16, GBK or Big5)")
    return str(best)


def _looks_utf16(data: bytes) -> bool:
    head = data[:4096]
    return len(head) >= 4 and (head[1::2].count(0) > len(head) // 4 or head[0::2].count(0) > len(head) // 4)


_DATE_RE = re.compile(r"(\d{4})\s*[年\-/.]\s*(\d{1,2})\s*[月\-/.]\s*(\d{1,2})")


def normalise_date(value: object) -> str | None:
    """An ISO date (YYYY-MM-DD) from the common ways dates are written, or None."""
    if value is None:
        return None
    text = str(value).strip()
    m = _DATE_RE.search(text)
    if m:
        return f"{int(m[1]):04d}-{int(m[2]):02d}-{int(m[3]):02d}"
    m = re.fullmatch(r"(\d{4})", text)
    if m:
        return f"{m[1]}-01-01"
    return None


def _field(record: dict, name: str, mapping: dict[str, str] | None):
    if mapping and name in mapping:
        return record.get(mapping[name])
    for key in FIELDS[name]:
        if record.get(key) not in (None, ""):
            return record[key]
    return None


def parse_record(record: dict, origin: str, mapping: dict[str, str] | None = None,
                  where: str | None = None) -> Document:
    """A document from one JSON object, recognising the usual field names.

    `origin` names the file; `where` the record in it (file:line), used when it has no id.
    """
    where = where or origin
    if not isinstance(record, dict):
        raise LoadError(f"{where}: expected a JSON object, got {type(record).__name__}")
    text = _field(record, "text", mapping)
    if not isinstance(text, str) or not text.strip():
        raise LoadError(f"{where}: record has no text (looked for {', '.join(FIELDS['text'])})")
    rid = _field(record, "id", mapping)
    kind = _field(record, "kind", mapping)
    return Document(
        text=text,
        title=str(_field(record, "title", mapping) or "").strip(),
        date=normalise_date(_field(record, "date", mapping)),
        url=str(_field(record, "url", mapping) or ""),
        source=str(_field(record, "source", mapping) or ""),
        kind=str(kind) if kind in ("news", "policy", "law", "report") else "news",
        origin=f"{origin}#{rid}" if rid is not None else where,
    )


def parse_markdown(text: str, origin: str) -> Document:
    """A document from plain or Markdown text: the first heading (or line) is its title."""
    title = ""
    for line in text.splitlines():
        stripped = line.strip()
        if stripped.startswith("# "):
            title = stripped[2:].strip()
            break
    if not title:
        title = next((ln.strip().lstrip("#").strip() for ln in text.splitlines() if ln.strip()), "")
    return Document(text=text, title=title[:200], date=normalise_date(text[:400]), origin=origin)


MAX_DOCUMENT_CHARS = 1_000_000


def split_long(doc: Document, limit: int = MAX_DOCUMENT_CHARS) -> list[Document]:
    """A text file longer than `limit` characters as several documents cut at line breaks.

    Each part (origin `file#part3`, title `… (3/17)`) is indexed and searched on its own, which
    keeps memory bounded in every store and makes search hits point somewhere useful.
    """
    text = doc.text
    if len(text) <= limit:
        return [doc]
    pieces, start = [], 0
    while start < len(text):
        end = min(len(text), start + limit)
        if end < len(text):
            cut = text.rfind("\n", start + limit // 2, end)
            end = cut + 1 if cut > 0 else end
        pieces.append(text[start:end])
        start = end
    n = len(pieces)
    return [Document(text=piece, title=f"{doc.title} ({i}/{n})"[:200], date=doc.date, origin=f"{doc.origin}#part{i}")
            for i, piece in enumerate(pieces, 1) if piece.strip()]


def parse_jsonl(text: str, origin: str, mapping: dict[str, str] | None = None,
                errors: list[str] | None = None) -> list[Document]:
    """Documents from JSON Lines; bad lines are reported in `errors` and skipped."""
    docs = []
    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        try:
            docs.append(parse_record(json.loads(line), origin, mapping, f"{origin}:{number}"))
        except (ValueError, LoadError) as exc:
            if errors is None:
                raise LoadError(f"{origin}:{number}: {exc}") from exc
            errors.append(f"{origin}:{number}: {exc}")
    return docs


def load_path(path: Path, mapping: dict[str, str] | None = None,
              errors: list[str] | None = None) -> list[Document]:
    """Read one file into documents; raises `LoadError` when nothing can be read from it."""
    name = path.name.lower()
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise LoadError(f"{path}: {exc.strerror or exc}") from exc
    if name.endswith(".gz"):
        try:
            data = gzip.decompress(data)
        except (OSError, EOFError) as exc:
            raise LoadError(f"{path}: not a valid gzip file ({exc})") from exc
        name = name[:-3]
    if not data.strip():
        raise LoadError(f"{path}: empty file")
    text = decode_bytes(data, str(path))
    if not text.strip():  # e.g. only a byte-order mark: nothing to analyse
        raise LoadError(f"{path}: empty file (no text after decoding)")
    origin = str(path)
    if name.endswith(".jsonl"):
        docs = parse_jsonl(text, origin, mapping, errors)
    elif name.endswith(".json"):
        try:
            value = json.loads(text)
        except ValueError as exc:
            raise LoadError(f"{path}: invalid JSON ({exc})") from exc
        records = value if isinstance(value, list) else [value]
        docs = [parse_record(r, origin, mapping, origin if len(records) == 1 else f"{origin}:{i}")
                for i, r in enumerate(records, 1)]
    elif name.endswith((".html", ".htm")):
        docs = [parse_html(text, origin)]
    else:
        docs = split_long(parse_markdown(text, origin))
    if not docs:
        raise LoadError(f"{path}: no documents found")
    return docs
