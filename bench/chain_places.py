"""How well the region map places projects: the share of gold projects located in the home region
that the map puts in that county (or inside it).

    python -m bench.chain_places check dev dev2 [--detail] [--home 3505]

Each split's articles (`../shared/eval/<split>/articles.jsonl`, with the seed article for dev)
are analysed and written into an in-memory graph; the chain map (`graph.chain_map`) places every
project; each gold LOCATED_IN whose head is a gold project and whose tail is a place of the home
region counts once, as placed when the map puts the project in the county holding that place (a
park or town counts by its county; a zone outside any county by itself). A gold project the analysis did not find as a project counts as not placed
(`found` says how many were found). `--detail` lists every miss for dev and dev2; the check split
is reported in aggregate only.
"""
from __future__ import annotations

import argparse
import os
import sys
from collections import defaultdict
from pathlib import Path

from corpus import load_chains, load_lexicon
from graph.chain_map import build_chain_map
from graph.chain_places import PlaceReader
from graph.networkx_store import NetworkxStore
from ingest.evaluate import document_key, normalise_name, read_gold
from ingest.load import load_path
from ingest.pipeline import Pipeline

STATED = ("sentence", "park")  # the places an article states, all the map used before names, investors, articles
SHARED = Path(__file__).resolve().parent.parent.parent / "shared"
SEED = ("seed/qzwb-2024-06-20.md", "seed/qzwb-2024-06-20.gold.json")


def split_files(split: str) -> tuple[list[Path], list[Path]]:
    articles, gold = [SHARED / "eval" / split / "articles.jsonl"], [SHARED / "eval" / split / "gold.jsonl"]
    if split == "dev":
        articles.append(SHARED / SEED[0])
        gold.append(SHARED / SEED[1])
    return articles, gold


def measure(split: str, pipeline: Pipeline, home: str | None = None) -> dict:
    """Expected (gold) placements in the home region, how many the map gives, and the misses."""
    lexicon = load_lexicon()
    articles, gold_files = split_files(split)
    store = NetworkxStore()
    projects_in: dict[str, list[tuple[str, str]]] = defaultdict(list)  # doc key -> (project id, name)
    for path in articles:
        for doc in load_path(path):
            x = pipeline.analyse(doc)
            store.write_extractions([x])
            for e in x.entities:
                if e.label == "Project":
                    projects_in[document_key(doc.origin)].append((e.id, normalise_name(e.name)))
    cmap = build_chain_map(store, load_chains()[0], lexicon=lexicon, home=home)
    joined = {old: new for new, olds in cmap.merged.items() for old in olds}
    reader = PlaceReader(lexicon, home)
    local = reader.local
    expected = placed = found = stated = 0
    misses = []
    for record in (r for path in gold_files for r in read_gold(path)):
        key = str(record["id"])
        projects = {normalise_name(e["canonical"]) for e in record.get("entities", ()) if e["type"] == "PROJECT"}
        candidates = next((v for k, v in projects_in.items() if k == key or key.endswith(k) or k.endswith(key)), [])
        for rel in record.get("relations", ()):
            head = normalise_name(rel["head"])
            entry = lexicon.lookup_region(normalise_name(rel["tail"]))
            if rel["type"] != "LOCATED_IN" or head not in projects or entry is None or entry.code not in local:
                continue
            expected += 1
            match = next((i for i, n in candidates if n == head), None) or \
                next((i for i, n in candidates if n and (n in head or head in n)), None)
            if match is None:
                misses.append((key, rel["head"], entry.name, "not found as a project"))
                continue
            found += 1
            match = joined.get(match, match)
            county = reader.county_of(entry.code) or entry.code
            inside = {county, *lexicon.descendants(county)}
            codes = cmap.regions.get(match, frozenset())
            stated_codes = {p.code for p in cmap.placements.get(match, ()) if p.method in STATED}
            stated += bool(stated_codes & inside)
            if codes & inside:
                placed += 1
            else:
                where = "、".join(lexicon.regions[c].name if c in lexicon.regions else c for c in sorted(codes))
                misses.append((key, rel["head"], entry.name, f"placed in {where or 'nothing'}"))
    return {"split": split, "expected": expected, "found": found, "placed": placed,
            "share": round(placed / expected, 4) if expected else None,
            "share_of_found": round(placed / found, 4) if found else None,
            "stated_share": round(stated / expected, 4) if expected else None, "misses": misses}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("splits", nargs="+")
    ap.add_argument("--detail", action="store_true", help="list the misses (dev and dev2 only)")
    ap.add_argument("--home", default=None, help="home city code [default: the lexicon's home city, 3505 泉州]")
    args = ap.parse_args(argv)
    pipeline = Pipeline(name_model=os.environ.get("LIANTU_NAME_MODEL", "on").lower() not in ("off", "0", "false", "no"))
    for split in args.splits:
        if not split_files(split)[0][0].exists():
            print(f"no split {split!r} under {SHARED / 'eval'}", file=sys.stderr)
            return 2
        r = measure(split, pipeline, args.home)
        print(f"{split}: {r['placed']}/{r['expected']} gold projects in the home region placed in their county "
              f"(share {r['share']}; by stated places alone {r['stated_share']}); found as projects {r['found']}, "
              f"placed among found {r['share_of_found']}")
        if args.detail and split != "check":
            for key, project, region, what in r["misses"]:
                print(f"  {key}  {project} -> {region}: {what}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
