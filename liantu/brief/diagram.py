"""The chain diagram of a brief, laid out on the server: one column per stage, links coloured by status.

`layout` returns boxes and edge paths in SVG user units; the HTML template draws them, so every
name passes through the template's autoescaping and the printed brief needs no script.
"""
from __future__ import annotations

from typing import Any

STAGES = ("上游", "中游", "下游")
NODE_W, NODE_H = 184, 40
COLUMN_GAP, ROW_GAP = 84, 14
MARGIN, HEADER = 16, 30
BULGE = 64  # room right of the last column for links within it


def layout(brief: dict[str, Any]) -> dict[str, Any]:
    """Boxes (x, y, w, h, name, status, label) per link and cubic paths per edge, with the drawing's size."""
    rows: dict[int, int] = {}
    nodes: dict[str, dict[str, Any]] = {}
    for link in brief["links"]:
        column = STAGES.index(link["stage"]) if link["stage"] in STAGES else 1
        row = rows[column] = rows.get(column, 0) + 1
        nodes[link["id"]] = {"id": link["id"], "name": link["name"], "status": link["status"], "label": link["label"],
                             "column": column, "row": row - 1,
                             "x": MARGIN + column * (NODE_W + COLUMN_GAP),
                             "y": MARGIN + HEADER + (row - 1) * (NODE_H + ROW_GAP), "w": NODE_W, "h": NODE_H}
    edges = [_edge(nodes[e["from"]], nodes[e["to"]], False) for e in brief["edges"]
             if e["from"] in nodes and e["to"] in nodes]
    edges += [_edge(nodes[e["from"]], nodes[e["to"]], True) for e in brief.get("feedback", ())
              if e["from"] in nodes and e["to"] in nodes]
    most = max(rows.values(), default=1)
    width = 2 * MARGIN + BULGE + len(STAGES) * NODE_W + (len(STAGES) - 1) * COLUMN_GAP
    height = 2 * MARGIN + HEADER + most * (NODE_H + ROW_GAP) - ROW_GAP
    stages = [{"name": s, "x": MARGIN + i * (NODE_W + COLUMN_GAP) + NODE_W / 2, "y": MARGIN + HEADER / 2}
              for i, s in enumerate(STAGES)]
    return {"width": width, "height": height, "nodes": list(nodes.values()), "edges": edges, "stages": stages}


def _edge(head: dict[str, Any], tail: dict[str, Any], feedback: bool) -> dict[str, Any]:
    """A path from one box to another: side to side across columns, bulging to the right within one."""
    hy, ty = head["y"] + NODE_H / 2, tail["y"] + NODE_H / 2
    if head["column"] < tail["column"]:
        x1, x2 = head["x"] + NODE_W, tail["x"]
        bend = (x2 - x1) / 2
        d = f"M{x1:g},{hy:g} C{x1 + bend:g},{hy:g} {x2 - bend:g},{ty:g} {x2:g},{ty:g}"
    elif head["column"] > tail["column"]:
        x1, x2 = head["x"], tail["x"] + NODE_W
        bend = (x1 - x2) / 2
        d = f"M{x1:g},{hy:g} C{x1 - bend:g},{hy:g} {x2 + bend:g},{ty:g} {x2:g},{ty:g}"
    else:
        x = head["x"] + NODE_W
        out = min(18 + 6 * abs(head["row"] - tail["row"]), BULGE)
        d = f"M{x:g},{hy:g} C{x + out:g},{hy:g} {x + out:g},{ty:g} {x:g},{ty:g}"
    return {"from": head["id"], "to": tail["id"], "d": d, "feedback": feedback,
            "title": f"{head['name']} → {tail['name']}"}
