"""Search recall on real articles: is the right article in the top 5, and does any query find nothing?

    python -m bench.search_recall                       # tantivy, every split, policy articles as distractors
    python -m bench.search_recall --backend whoosh --distractors 0
    python -m bench.search_recall --misses              # also list the misses of the dev splits

The eval articles (../shared/eval/dev, dev2 and check, in their original script, artefacts
included) are indexed together with the policy corpus's whole articles (as distractors).
Each article is looked for with the queries a new user would type, in simplified script:
2-3 distinctive words of its title (as `bench.search_bench` makes them) and the name of each
gold ENTERPRISE, PROJECT and ORG entity. A query counts as found when the article is in its
top 5. The check split stands for text nobody has read: only its aggregate figures are
printed, never its queries, titles or misses.
"""
from __future__ import annotations

import argparse
import json
import shutil
import statistics
import tempfile
import time
from pathlib import Path

from bench.search_bench import SHARED, distinctive_query, open_backend, percentile, policy_articles
from ingest.normalise import normalise_text, to_simplified
from search.errors import QueryError
from search.model import IndexedDocument, SearchQuery

SPLITS = ("dev", "dev2", "check")
GOLD_TYPES = ("ENTERPRISE", "PROJECT", "ORG")
TOP = 5


def split_articles(split: str) -> list[IndexedDocument]:
    """The articles of an eval split as the index receives them (original text and script)."""
    out = []
    with open(SHARED / "eval" / split / "articles.jsonl", encoding="utf-8") as fh:
        for line in fh:
            d = json.loads(line)
            out.append(IndexedDocument(id=f"{split}/{d['id']}", title=d.get("title") or "", body=d["text"],
                                       date=d.get("date"), kind="news", url=d.get("url") or ""))
    return out


def gold_names(split: str) -> dict[str, list[str]]:
    """Article id -> the distinct names of its gold enterprises, projects and organisations, simplified
    and without pinyin annotations."""
    out: dict[str, list[str]] = {}
    with open(SHARED / "eval" / split / "gold.jsonl", encoding="utf-8") as fh:
        for line in fh:
            d = json.loads(line)
            # as a user types a name: simplified, without the page's pinyin annotations
            names = [normalise_text(e["text"]).text.strip() for e in d.get("entities", [])
                     if e.get("type") in GOLD_TYPES]
            out[f"{split}/{d['id']}"] = list(dict.fromkeys(n for n in names if n))
    return out


def evaluate(ix, split: str, articles: list[IndexedDocument]) -> dict:
    """Recall@5 and zero-result queries of one split; `misses` holds (kind, query, top ids) per miss."""
    names = gold_names(split)
    found = zero = n = 0
    gold_found = gold_n = gold_zero = 0
    misses, times = [], []
    for doc in articles:
        title_query = distinctive_query(to_simplified(doc.title), ix)
        queries = [("title", title_query)] + [("gold", name) for name in names.get(doc.id, [])]
        for kind, q in queries:
            if not q:
                continue
            n += 1
            t0 = time.perf_counter()
            try:
                results = ix.search(SearchQuery(q, limit=TOP, highlight=True))
                ids, total = [h.id for h in results.hits], results.total
            except QueryError:
                ids, total = [], 0
            times.append((time.perf_counter() - t0) * 1000)
            hit = doc.id in ids
            found += hit
            zero += total == 0 and not ids
            if kind == "gold":
                gold_n += 1
                gold_found += hit
                gold_zero += total == 0 and not ids
            if not hit:
                misses.append((kind, q, ids))
    return {"split": split, "articles": len(articles), "queries": n, "recall_at_5": round(found / max(n, 1), 3),
            "zero_results": zero, "gold_queries": gold_n, "gold_recall_at_5": round(gold_found / max(gold_n, 1), 3),
            "gold_zero_results": gold_zero, "p50_ms": round(statistics.median(times), 2) if times else 0,
            "p95_ms": round(percentile(times, 95), 2) if times else 0, "misses": misses}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--backend", choices=["tantivy", "whoosh"], default="tantivy")
    parser.add_argument("--distractors", type=int, default=None,
                        help="Index at most this many policy articles beside the eval articles (default: all).")
    parser.add_argument("--misses", action="store_true", help="List the misses of dev and dev2 (never of check).")
    args = parser.parse_args(argv)

    by_split = {split: split_articles(split) for split in SPLITS}
    distractors = []
    for a in policy_articles():
        if args.distractors is not None and len(distractors) >= args.distractors:
            break
        distractors.append(IndexedDocument(id=a["id"], title=a["title"], body=a["text"], date=a["date"],
                                           kind=a["kind"]))
    workdir = Path(tempfile.mkdtemp(prefix="liantu-recall-"))
    try:
        ix = open_backend(args.backend, workdir / args.backend, 2)
        t0 = time.perf_counter()
        ix.rebuild([d for split in SPLITS for d in by_split[split]] + distractors)
        ix.flush()
        print(f"{args.backend}: {ix.count()} documents ({len(distractors)} policy articles as distractors) "
              f"indexed in {time.perf_counter() - t0:.1f} s", flush=True)
        rows = []
        for split in SPLITS:
            row = evaluate(ix, split, by_split[split])
            misses = row.pop("misses")
            if args.misses and split != "check":
                for kind, q, ids in misses:
                    print(f"  [{split}] missed ({kind}) {q!r} -> {ids}")
            rows.append(row)
            print(json.dumps(row, ensure_ascii=False), flush=True)
        cols = ["split", "articles", "queries", "recall_at_5", "zero_results", "gold_queries", "gold_recall_at_5",
                "gold_zero_results", "p50_ms", "p95_ms"]
        print(" | ".join(cols))
        for row in rows:
            print(" | ".join(str(row[c]) for c in cols))
        ix.close()
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
