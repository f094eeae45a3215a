"""Extraction errors on a dev split: per type, what was missed and what was wrong.

    python -m bench.extraction_errors dev [dev2 ...] [--type PROJECT] [--scores]

Runs the analysis pipeline straight over `../shared/eval/<split>/articles.jsonl` (no stores), so
it takes seconds. The check split is refused: it is scored in aggregate only, through
`liantu eval`, and its items are never read.
"""
from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from ingest.evaluate import _match, pair_with_gold, read_gold, score
from ingest.load import load_path
from ingest.pipeline import Pipeline

SHARED = Path(__file__).resolve().parent.parent.parent / "shared" / "eval"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("splits", nargs="+")
    ap.add_argument("--type", action="append", default=[], help="only these entity/relation types")
    ap.add_argument("--scores", action="store_true", help="aggregate scores only")
    args = ap.parse_args(argv)
    if "check" in args.splits and not args.scores:
        print("the check split is scored in aggregate only (--scores)", file=sys.stderr)
        return 2
    pipeline = Pipeline(name_model=os.environ.get("LIANTU_NAME_MODEL", "on").lower() not in ("off", "0", "false", "no"))
    all_pairs = []
    for split in args.splits:
        docs = load_path(SHARED / split / "articles.jsonl")
        extractions = [pipeline.analyse(d) for d in docs]
        pairs, _ = pair_with_gold(extractions, read_gold(SHARED / split / "gold.jsonl"))
        all_pairs += pairs
        if args.scores:
            continue
        for (gold, pred), x in zip(pairs, extractions, strict=True):
            lines = []
            for part in ("entities", "relations"):
                g, p = getattr(gold, part), getattr(pred, part)
                if args.type:
                    g = {t for t in g if t[0] in args.type}
                    p = {t for t in p if t[0] in args.type}
                hit = _match(g, p, True)
                used = _match(p, g, True)
                for t in sorted(g - hit):
                    lines.append("  MISS  " + " | ".join(t))
                for t in sorted(p - used):
                    lines.append("  FALSE " + " | ".join(t))
            if lines:
                print(f"== {split} {x.document.origin.rsplit('#', 1)[-1]} {x.document.title[:40]}")
                print("\n".join(lines))
    result = score(all_pairs)
    for part in ("entities", "relations"):
        le = result[part]["lenient"]
        types = " ".join(f"{k}={v['lenient']['f1']:.2f}" for k, v in result[part]["by_type"].items())
        print(f"{part}: P {le['p']:.3f} R {le['r']:.3f} F1 {le['f1']:.3f}  {types}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
