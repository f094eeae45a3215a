"""A document's text as display lines: Markdown headings (`#`, `###`) shown as headings.

The text stays the original; only a heading line's leading marks are left out of what is
shown, and the pieces (plain text and marked mentions, `api_entities.text_segments`) are
kept whole, so every mention still links to its entity.
"""
from __future__ import annotations

import re
from typing import Any

_HEADING = re.compile(r"^[ \t]*(#{1,6})[ \t]+")


def display_lines(pieces: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """[{"level": 0 for body text or 1-6 for a heading, "pieces": [...]}], one per line."""
    lines: list[dict[str, Any]] = [{"level": 0, "pieces": []}]
    for piece in pieces:
        if piece["mention"] is not None:
            lines[-1]["pieces"].append(piece)
            continue
        parts = piece["text"].split("\n")
        for k, part in enumerate(parts):
            if k:
                lines.append({"level": 0, "pieces": []})
            if part:
                lines[-1]["pieces"].append({"text": part, "mention": None})
    for line in lines:
        first = line["pieces"][0] if line["pieces"] else None
        if first is not None and first["mention"] is None:
            m = _HEADING.match(first["text"])
            if m:
                line["level"] = len(m.group(1))
                rest = first["text"][m.end():].rstrip(" \t#")
                line["pieces"][0] = {"text": rest, "mention": None}
                if not rest:
                    line["pieces"].pop(0)
    return lines
