"""Reading enterprise lists: the rows of an .xlsx (openpyxl) or .csv file with their row numbers.

The header is the first row that names a column of enterprise names (exports often open
with a title line or two); row numbers are those a spreadsheet program shows.
"""
from __future__ import annotations

import csv
import io
from pathlib import Path
from typing import Any, Iterator

from ingest.errors import LoadError
from ingest.registry import FIELDS

HEADER_SEARCH_ROWS = 10  # how far down an export's title lines may push the header


def _is_header(cells: list[Any], headings: tuple[str, ...]) -> bool:
    names = {"".join(str(c or "").split()) for c in cells}
    return any(h in names for h in headings)


def read_rows(path: str | Path, name_headings: tuple[str, ...] = ()) -> tuple[list[Any], Iterator[tuple[int, list[Any]]]]:
    """(header, iterator of (row number, cells)) of an .xlsx or .csv enterprise list.

    Raises LoadError naming the file when it is missing, of another kind, unreadable or has
    no header within its first rows (a header is found by a column of enterprise names, under
    a usual heading or one of `name_headings`; the other headings are matched later, see
    `ingest.registry.column_fields`)."""
    path = Path(path)
    if not path.is_file():
        raise LoadError(f"{path}: no such file")
    suffix = path.suffix.lower()
    if suffix in (".xlsx", ".xlsm"):
        rows = _xlsx_rows(path)
    elif suffix == ".csv":
        rows = _csv_rows(path)
    else:
        raise LoadError(f"{path}: an enterprise list must be .xlsx or .csv, not {suffix or 'a file without suffix'}")
    first: list[Any] = []
    for _number, cells in rows:
        if _is_header(cells, (*FIELDS["name"], *("".join(h.split()) for h in name_headings))):
            return cells, rows
        first.append(cells)
        if len(first) >= HEADER_SEARCH_ROWS:
            break
    seen = "、".join(str(c) for c in (first[0] if first else []) if c not in (None, ""))[:200]
    raise LoadError(f"{path}: no header row with a column of enterprise names (企业名称) in the first "
                    f"{HEADER_SEARCH_ROWS} rows (first row: {seen or 'empty'}); name the column with --map HEADING=name")


def _xlsx_rows(path: Path) -> Iterator[tuple[int, list[Any]]]:
    from openpyxl import load_workbook

    try:
        book = load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises zipfile, KeyError and its own errors for broken files
        raise LoadError(f"{path}: not a readable .xlsx workbook ({exc.__class__.__name__}: {exc})") from None

    def rows() -> Iterator[tuple[int, list[Any]]]:
        try:
            sheet = book.active if book.active is not None else book.worksheets[0]
            for number, cells in enumerate(sheet.iter_rows(values_only=True), start=1):
                if any(c not in (None, "") for c in cells):
                    yield number, list(cells)
        finally:
            book.close()

    return rows()


def _csv_rows(path: Path) -> Iterator[tuple[int, list[Any]]]:
    raw = path.read_bytes()
    text = None
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            text = raw.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    if text is None:
        from charset_normalizer import from_bytes

        best = from_bytes(raw).best()
        if best is None:
            raise LoadError(f"{path}: cannot tell the text encoding of this CSV file")
        text = str(best)
    try:
        dialect = csv.Sniffer().sniff(text[:4096], delimiters=",\t;")
    except csv.Error:
        dialect = csv.excel

    def rows() -> Iterator[tuple[int, list[Any]]]:
        # numbered as a spreadsheet program shows them: one row per record, blank ones too
        for number, cells in enumerate(csv.reader(io.StringIO(text, newline=""), dialect), start=1):
            if any(c.strip() for c in cells):
                yield number, cells

    return rows()
