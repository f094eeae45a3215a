"""Facts a name states about itself: the place in a firm's legal name.

`福建金泓新材料有限公司`, `泉州中泰投资有限公司`, `中国航空技术厦门有限公司` each say where the
firm is registered (福建, 泉州, 厦门). The place is found by the lexicon inside the firm's name
(the name itself wins the span, so the place is no mention of its own) and kept on the firm's
mention as `attrs["places"]`; `located_by_name` turns it into LOCATED_IN facts. 中国 in a name
(中国石化) says nothing of where the firm is, and a province (福建…有限公司) is how firms are
registered more than where they stand: only cities, counties and smaller places are kept.
"""
from __future__ import annotations

from collections.abc import Iterable

from ingest.model import Mention

_NOT_A_HOME = {"CN"}
# Province-level cities: a firm named after one (上海复星集团) is in that city.
_MUNICIPALITIES = {"11", "12", "31", "50"}


def mark_places_in_names(mentions: list[Mention], known: Iterable[Mention]) -> None:
    """Record on each firm mention the known places lying inside its name."""
    firms = [m for m in mentions if m.type == "ENTERPRISE"]
    if not firms:
        return
    places = [k for k in known if k.type == "REGION" and k.canonical and k.canonical not in _NOT_A_HOME]
    for firm in firms:
        inside = [(p.canonical, p.start, p.end) for p in places if firm.start <= p.start and p.end <= firm.end]
        if inside:
            firm.attrs["places"] = inside


def located_by_name(mentions: Iterable[Mention]) -> list[tuple[Mention, str]]:
    """(firm mention, region entity id) for every place below a province recorded inside a firm's name."""
    return [(m, "Region:" + code) for m in mentions
            if m.type == "ENTERPRISE" and m.entity_id for code, _, _ in m.attrs.get("places", ())
            if not (len(code) == 2 and code.isdigit()) or code in _MUNICIPALITIES]
