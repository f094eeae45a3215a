"""Places of the network: region codes from names and stored properties, and their roll-ups
(a town counts for its county, city and province; a foreign city for its country)."""
from __future__ import annotations

from typing import Any

from corpus.lexicon import Lexicon
from ingest.errors import NotFoundError

# Special administrative regions and Taiwan are reported like countries of residence.
COUNTRY_LIKE = ("81", "82", "71")
CHINA = "CN"


def resolve_place(text: str, lexicon: Lexicon) -> str:
    """The region code a place name, code or `Region:` id means; NotFoundError when unknown."""
    raw = (text or "").strip()
    code = raw.removeprefix("Region:")
    if code.upper() == CHINA or code in ("中国", "中华人民共和国"):
        return CHINA
    entry = lexicon.lookup_region(code)
    if entry is None:
        raise NotFoundError(f"no region or country named {raw!r} in the lexicon")
    return entry.code


def place_name(code: str, lexicon: Lexicon) -> str:
    """The display name of a region code (the code itself when the lexicon does not know it)."""
    if code == CHINA:
        return "中国"
    entry = lexicon.region(code)
    return entry.name if entry else code


def place_chain(code: str, lexicon: Lexicon) -> list[str]:
    """The code and every region containing it, nearest first."""
    return [code, *lexicon.ancestors(code)]


def country_of(code: str, lexicon: Lexicon) -> str | None:
    """The country (or 香港/澳门/台湾) a residence code lies in; `CN` for the mainland."""
    chain = place_chain(code, lexicon)
    for c in chain:
        entry = lexicon.region(c)
        if entry is not None and entry.level == "country":
            return c
    top = chain[-1]
    if top in COUNTRY_LIKE:
        return top
    entry = lexicon.region(top)
    if entry is not None and entry.level == "province":
        return CHINA
    return None


def county_of(code: str, lexicon: Lexicon) -> str:
    """The county a hometown lies in; a hometown stated only as a city or province stays as is."""
    for c in place_chain(code, lexicon):
        entry = lexicon.region(c)
        if entry is not None and entry.level == "county":
            return c
    return code


def place_code(value: Any, lexicon: Lexicon) -> str | None:
    """A region code from a stored property value (a code, a `Region:` id or a name)."""
    if not isinstance(value, str) or not value.strip():
        return None
    value = value.strip().removeprefix("Region:")
    if value in lexicon.regions:
        return value
    entry = lexicon.resolve_region(value)
    return entry.code if entry else None


def prop_codes(value: Any, lexicon: Lexicon) -> list[str]:
    values = value if isinstance(value, (list, tuple, set)) else [value]
    return [c for c in (place_code(v, lexicon) for v in values) if c]


def region_code(entity_id: str) -> str | None:
    return entity_id[len("Region:"):] if entity_id.startswith("Region:") else None
