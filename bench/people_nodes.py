"""Person nodes per real person: ingest eval splits into one graph and count nodes per gold name.

    python -m bench.people_nodes dev dev2 [check]

For every distinct gold PERSON name of the splits (simplified script), counts the Person nodes
of the graph whose name or an alias is that name, and the nodes that carry two gold names
(two people merged). Prints aggregate figures only, so the check split may be scored: no
article, name or per-item result is printed. Reads `../shared/eval/<split>/` (bench only).
"""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from graph.networkx_store import NetworkxStore
from ingest.evaluate import normalise_name, read_gold
from ingest.load import load_path
from ingest.pipeline import Pipeline

SHARED = Path(__file__).resolve().parent.parent.parent / "shared" / "eval"


def person_figures(store, gold_names: set[str]) -> dict:
    """Nodes per found gold name, gold names never found, and nodes holding two gold names."""
    nodes_of: dict[str, int] = {name: 0 for name in gold_names}
    merged = 0
    for person in store.entities("Person"):
        names = {normalise_name(n) for n in (person["name"], *person["aliases"])} & gold_names
        for name in names:
            nodes_of[name] += 1
        merged += len(names) > 1
    found = [n for n, count in nodes_of.items() if count]
    nodes = sum(nodes_of[n] for n in found)
    return {"gold_people": len(gold_names), "found": len(found), "person_nodes_for_found": nodes,
            "nodes_per_person": round(nodes / len(found), 3) if found else None,
            "people_split": sum(1 for n in found if nodes_of[n] > 1), "nodes_merging_two_gold_people": merged}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("splits", nargs="+")
    args = ap.parse_args(argv)
    pipeline = Pipeline()
    store = NetworkxStore()
    gold_names: set[str] = set()
    for split in args.splits:
        folder = SHARED / split
        if not (folder / "articles.jsonl").exists():
            print(f"{folder}: no articles.jsonl", file=sys.stderr)
            return 2
        store.write_extractions([pipeline.analyse(d) for d in load_path(folder / "articles.jsonl")])
        for record in read_gold(folder / "gold.jsonl"):
            gold_names |= {normalise_name(e.get("canonical") or e.get("text", "")) for e in record["entities"]
                           if e.get("type") == "PERSON"}
    gold_names.discard("")
    print(json.dumps({"splits": args.splits, **person_figures(store, gold_names)}, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
