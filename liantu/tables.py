"""Text for the terminal: display widths of Chinese text, clipping, aligned tables, CSV."""
from __future__ import annotations

import csv
import io
import unicodedata
from collections.abc import Sequence


def display_width(text: str) -> int:
    """Terminal columns taken by `text`: CJK characters take two, and so do ambiguous-width
    characters (“ ” — …), which CJK fonts and terminals set in Chinese text draw full width."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WFA" else 1 for ch in text)


def clip(text: str, columns: int) -> str:
    """The text cut to `columns` terminal columns, with an ellipsis when cut."""
    if display_width(text) <= columns:
        return text
    out, used = [], 0
    for ch in text:
        w = display_width(ch)
        if used + w > columns - 1:
            break
        out.append(ch)
        used += w
    return "".join(out) + "…"


def format_table(header: Sequence[str], rows: Sequence[Sequence[object]], max_cell: int = 36) -> str:
    """Rows as aligned columns under a header and a rule, padding by display width."""
    cells = [[clip(" ".join(("" if c is None else str(c)).split()), max_cell) for c in row]
             for row in [header, *rows]]
    widths = [max(display_width(row[i]) for row in cells) for i in range(len(header))]
    lines = []
    for n, row in enumerate(cells):
        lines.append("  ".join(c + " " * (w - display_width(c)) for c, w in zip(row, widths, strict=False)).rstrip())
        if n == 0:
            lines.append("  ".join("-" * w for w in widths))
    return "\n".join(lines)


def csv_text(header: Sequence[str], rows: Sequence[Sequence[object]]) -> str:
    """Rows as CSV text."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(header)
    writer.writerows(rows)
    return out.getvalue()
