"""Places read from the associations people hold office in or belong to, marked as inferred.

A 侨团's name says where it sits and whom it gathers: an officer or member of 马来西亚雪兰莪晋江会馆
lives in 马来西亚 (the country its name opens with) and has a hometown tie to 晋江 (a place of
China named in a 会馆, 同乡会 or 商会). The sentence states the membership, not the places, so
each such place is an inferred fact: the pipeline records it with `inferred_from` (the
association's id) and the membership's evidence, its method `inferred`.

Pure: `infer_places` returns facts and changes nothing.
"""
from __future__ import annotations

import re
from collections.abc import Iterable

from corpus import Lexicon, RegionEntry

MEMBERSHIP = ("LEADS", "MEMBER_OF")
# Bodies whose officers live where the body sits (马来西亚…会馆, 菲律宾…商会, 新加坡…总会).
OVERSEAS_BODY = re.compile(r"(?:会馆|同乡会|乡亲会|联谊会|商会|乡贤会|宗亲会|总会|公会|协会|联合会|基金会)$")
# Bodies that gather people of the place written right before the ending (晋江商会, 云南晋江商会,
# 菲律宾南安同乡总会, 马来西亚雪兰莪晋江会馆); in 成都闽南商会 成都 is only where it sits.
HOMETOWN_BODY = re.compile(r"(?:(?:同乡|联乡|乡亲|乡贤|宗亲|联谊)[总联]?会|会馆|商会)$")
COUNTRY_LIKE = ("71", "81", "82")  # 台湾, 香港, 澳门: reported like countries of residence
HOME_LEVELS = ("county", "city", "town")
MAX_NAME = 8  # the longest place name looked for inside a body's name


def places_in_name(name: str, lexicon: Lexicon) -> list[tuple[int, int, RegionEntry]]:
    """The places a name holds, left to right with where each starts and ends (longest name first)."""
    out = []
    i = 0
    while i < len(name) - 1:
        for length in range(min(MAX_NAME, len(name) - i), 1, -1):
            entry = lexicon.resolve_region(name[i:i + length]) if name[i:i + length] in lexicon.region_names else None
            if entry is not None:
                out.append((i, i + length, entry))
                i += length
                break
        else:
            i += 1
    return out


def infer_places(memberships: Iterable[tuple[str, str]], names: dict[str, str],
                 lexicon: Lexicon) -> list[tuple[str, str, str, str]]:
    """(RESIDES_IN or HOMETOWN, person id, region id, association id) for each (person, org) membership.

    `names` gives the display name of each org id; an org without one is skipped."""
    out = []
    for person, org in memberships:
        name = names.get(org, "")
        if not name:
            continue
        places = places_in_name(name, lexicon)
        if OVERSEAS_BODY.search(name) and places and places[0][0] == 0:
            first = places[0][2]
            if first.level == "country" or first.code in COUNTRY_LIKE:
                out.append(("RESIDES_IN", person, "Region:" + first.code, org))
        body = HOMETOWN_BODY.search(name)
        home = next((entry for _, end, entry in places if body is not None and end == body.start()), None)
        if home is not None and home.code.isdigit() and home.level in HOME_LEVELS \
                and not home.code.startswith(COUNTRY_LIKE):
            out.append(("HOMETOWN", person, "Region:" + home.code, org))
    return out
