"""The cue tables of the investment-frame engine, read from `corpus/data/frames.toml`."""
from __future__ import annotations

import re
import sys
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

from corpus.lexicon import DATA_DIR


class FrameCuesError(ValueError):
    """The frame cue file is missing a table or holds a value of the wrong kind."""


def _alternation(words: tuple[str, ...]) -> re.Pattern:
    return re.compile("|".join(map(re.escape, sorted(words, key=len, reverse=True))))


@dataclass(frozen=True)
class FrameCues:
    """Cue words by role; each `*_re` matches any word of its table, longest first."""

    heads: tuple[str, ...]
    object_verbs: tuple[str, ...]
    object_breaks: tuple[str, ...]
    object_openers: tuple[str, ...]
    weak_heads: tuple[str, ...]
    firm_stem_followers: tuple[str, ...]
    investor_verbs: tuple[str, ...]
    partner_markers: tuple[str, ...]
    owner_cues: tuple[str, ...]
    place_markers: tuple[str, ...]
    heading_marks: tuple[str, ...]
    frame_verbs: tuple[str, ...]
    amount_cues: tuple[str, ...]
    product_cues: tuple[str, ...]
    not_made: tuple[str, ...]
    back_references: tuple[str, ...]
    hometown_marks: tuple[str, ...]
    hometown_nouns: tuple[str, ...]
    appointment_verbs: tuple[str, ...]
    honorary_prefixes: tuple[str, ...]
    home_words: tuple[str, ...]
    founding_verbs: tuple[str, ...]
    together: tuple[str, ...]
    founder_verbs: tuple[str, ...]
    person_glue: tuple[str, ...]
    person_cues: tuple[str, ...]

    _patterns: dict[str, re.Pattern] = field(default_factory=dict, init=False, compare=False, repr=False)

    def pattern(self, table: str) -> re.Pattern:
        """A pattern matching any word of `table` (made once per table)."""
        found = self._patterns.get(table)
        if found is None:
            found = self._patterns[table] = _alternation(getattr(self, table))
        return found


_FIELDS = {
    "heads": ("project", "heads"), "object_verbs": ("project", "object_verbs"),
    "object_breaks": ("project", "object_breaks"), "object_openers": ("project", "object_openers"),
    "weak_heads": ("project", "weak_heads"), "firm_stem_followers": ("project", "firm_stem_followers"),
    "investor_verbs": ("investor", "verbs"), "partner_markers": ("investor", "partner_markers"),
    "owner_cues": ("investor", "owner_cues"),
    "place_markers": ("place", "markers"), "heading_marks": ("place", "heading_marks"),
    "frame_verbs": ("place", "frame_verbs"),
    "amount_cues": ("amount", "cues"), "product_cues": ("product", "cues"),
    "not_made": ("product", "not_made"), "back_references": ("reference", "back"),
    "hometown_marks": ("roles", "hometown_marks"),
    "hometown_nouns": ("roles", "hometown_nouns"), "appointment_verbs": ("roles", "appointment_verbs"),
    "honorary_prefixes": ("roles", "honorary_prefixes"), "home_words": ("roles", "home_words"),
    "founding_verbs": ("venture", "founding_verbs"), "together": ("venture", "together"),
    "founder_verbs": ("roles", "founder_verbs"),
    "person_glue": ("roles", "person_glue"), "person_cues": ("roles", "person_cues"),
}


def parse_frames(text: str, origin: str = "frames.toml") -> FrameCues:
    """Frame cues from the text of a frames file; raises `FrameCuesError` naming what is wrong."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise FrameCuesError(f"{origin}: not valid TOML ({exc})") from exc
    values = {}
    for name, (table, key) in _FIELDS.items():
        words = data.get(table, {}).get(key)
        if not isinstance(words, list) or not words or not all(isinstance(w, str) and w for w in words):
            raise FrameCuesError(f"{origin}: [{table}] {key} must be a non-empty list of words")
        values[name] = tuple(words)
    return FrameCues(**values)


@lru_cache(maxsize=4)
def load_frames(path: Path | None = None) -> FrameCues:
    """The bundled frame cues (or those of `path`)."""
    path = path or DATA_DIR / "frames.toml"
    return parse_frames(path.read_text(encoding="utf-8"), str(path))
