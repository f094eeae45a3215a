"""How entity and relation props are stored as Neo4j properties, and read back.

A prop is stored natively as `p.<key>` when Neo4j can hold it (str, bool, int64, float that
is not NaN), else as JSON text in `j.<key>` (maps, lists, None, huge ints).
"""
from __future__ import annotations

import json
import math
from typing import Any

NATIVE = "p."  # property stored as Neo4j holds it
JSON = "j."  # property stored as JSON text (maps, nested lists, None, huge ints)
INT64 = (-(2 ** 63), 2 ** 63 - 1)


def encode_props(props: dict[str, Any]) -> dict[str, Any]:
    """Entity/relation props as Neo4j properties; each key sets one form and clears the other."""
    out: dict[str, Any] = {}
    for key, value in props.items():
        if _native(value):
            out[NATIVE + key], out[JSON + key] = value, None
        else:
            out[NATIVE + key], out[JSON + key] = None, json.dumps(value, ensure_ascii=False)
    return out


def _native(value: Any) -> bool:
    if isinstance(value, bool | str):
        return True
    if isinstance(value, int):
        return INT64[0] <= value <= INT64[1]
    if isinstance(value, float):
        return not math.isnan(value)
    return False


def decode_props(properties: dict[str, Any]) -> dict[str, Any]:
    """The props dict back from Neo4j properties, in key order."""
    props = {}
    for key, value in properties.items():
        if key.startswith(NATIVE):
            props[key[len(NATIVE):]] = value
        elif key.startswith(JSON):
            props[key[len(JSON):]] = json.loads(value)
    return dict(sorted(props.items()))
