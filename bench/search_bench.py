"""Search benchmark: index throughput, size and query latency on the policy corpus, plus relevance.

    python -m bench.search_bench                      # full run: every unit, whoosh and tantivy
    python -m bench.search_bench --units 20000 --backend whoosh
    python -m bench.search_bench --relevance-only

Units are the policy corpus in ../shared/data (3,502 laws and regulations, 88 government and
congress reports) split into whole articles AND their paragraphs. Queries are a fixed,
seeded set of 1-3 words drawn from the corpus plus domain terms. Latency is measured per
query through the SearchIndex protocol (facet counts included), with and without highlighting
of the top 10, the two modes interleaved so they share the machine's load.
Relevance: for each dev article (../shared/eval/dev), 2-3 of its title's most distinctive words
(lowest document frequency in the index) must find it in the top 3, over dev articles plus the
policy corpus.
"""
from __future__ import annotations

import argparse
import gzip
import json
import random
import re
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

from search.model import IndexedDocument, SearchQuery

SHARED = Path(__file__).resolve().parents[1] / ".." / "shared"
DATA = SHARED / "data"
DEV = SHARED / "eval" / "dev" / "articles.jsonl"
MIN_PARAGRAPH = 10
DOMAIN_QUERIES = ["外商投资", "营商环境", "华侨 权益", "招商引资", "碳酸锂", "产业链", "侨眷", "负面清单",
                  "知识产权 保护", "国有资产", "农业 发展", "海关 口岸", "税收 优惠", "台湾同胞 投资",
                  "环境保护", "安全生产 责任", "科技 创新", "乡村振兴", "民营经济", "数字经济"]


def _need(path: Path) -> Path:
    if not path.exists():
        sys.exit(f"{path} is missing: the benchmark needs the shared data (../shared from the project root)")
    return path


def _paragraphs(text: str) -> list[str]:
    return [p.strip() for p in text.split("\n") if len(p.strip()) >= MIN_PARAGRAPH]


def policy_articles() -> Iterator[dict]:
    """Every policy document as {id, title, date, kind, text}."""
    with gzip.open(_need(DATA / "laws" / "laws.jsonl.gz"), "rt", encoding="utf-8") as fh:
        for n, line in enumerate(fh):
            d = json.loads(line)
            text = "\n".join(x for x in (d.get("info") or "", d.get("text") or "") if x)
            if len(text) < 50:
                continue
            yield {"id": f"law{n}", "title": d["title"], "date": d.get("version_date"), "kind": "law", "text": text}
    for name in ("government_work_reports.jsonl", "cpc_congress_reports.jsonl"):
        with open(_need(DATA / "gov-work-reports" / name), encoding="utf-8") as fh:
            for n, line in enumerate(fh):
                d = json.loads(line)
                year = re.match(r"(\d{4})", d["title"])
                yield {"id": f"{name[:3]}{n}", "title": d["title"], "date": year.group(1) if year else None,
                       "kind": "report", "text": d["content"]}


def policy_units(limit: int | None = None) -> list[IndexedDocument]:
    """Articles and their paragraphs, in corpus order (an article then its paragraphs)."""
    units: list[IndexedDocument] = []
    for a in policy_articles():
        units.append(IndexedDocument(id=a["id"], title=a["title"], body=a["text"], date=a["date"], kind=a["kind"]))
        for k, p in enumerate(_paragraphs(a["text"])):
            units.append(IndexedDocument(id=f"{a['id']}#p{k}", title=a["title"], body=p, date=a["date"],
                                         kind=a["kind"] + "-paragraph"))
        if limit and len(units) >= limit:
            return units[:limit]
    return units


def dev_articles() -> list[IndexedDocument]:
    out = []
    with open(_need(DEV), encoding="utf-8") as fh:
        for line in fh:
            d = json.loads(line)
            out.append(IndexedDocument(id=d["id"], title=d["title"], body=d["text"], date=d.get("date"), kind="news",
                                       url=d.get("url") or ""))
    return out


def make_queries(units: list[IndexedDocument], analyse, n: int = 240, seed: int = 7) -> list[str]:
    """A fixed set of 1-3 word queries: domain terms, then words that occur together in a sampled
    unit (so most queries match something, as a user's would; common words included)."""
    rng = random.Random(seed)
    queries = list(DOMAIN_QUERIES)
    while len(queries) < n:
        unit = units[rng.randrange(len(units))]
        words = sorted({w for w in analyse(unit.body[:300]) if len(w) >= 2 and not w.isdigit()})
        k = rng.choice((1, 1, 2, 2, 3))
        if len(words) >= k:
            queries.append(" ".join(rng.sample(words, k)))
    return queries


def open_backend(name: str, path: Path, procs: int):
    if name == "whoosh":
        from search.whoosh_index import WhooshIndex

        return WhooshIndex(path, procs=procs)
    if name == "tantivy":
        from search.tantivy_index import TantivyIndex

        return TantivyIndex(path, threads=procs)
    raise SystemExit(f"unknown backend {name!r}")


def dir_size(path: Path) -> int:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())


def percentile(values: list[float], q: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, int(round(q / 100 * (len(values) - 1))))]


def measure(name: str, units: list[IndexedDocument], workdir: Path, procs: int, queries: list[str] | None,
            rounds: int = 1) -> dict:
    """Build the index over `units` and time queries; returns the figures."""
    ix = open_backend(name, workdir / name, procs)
    megabytes = sum(len(u.title.encode()) + len(u.body.encode()) for u in units) / 1e6
    started = time.perf_counter()
    ix.rebuild(units)
    build_s = time.perf_counter() - started
    ix.flush()
    row = {"backend": name, "units": ix.count(), "megabytes": round(megabytes, 1), "build_s": round(build_s, 1),
           "mb_per_s": round(megabytes / build_s, 2), "index_mb": round(dir_size(workdir / name) / 1e6, 1)}
    if queries is None:
        queries = make_queries(units, ix.analyse)
    for q in queries[:20]:  # warm caches (searcher, segment readers, columns)
        ix.search(SearchQuery(q, highlight=True))
    plain, highlighted, totals = [], [], []
    for _ in range(rounds):
        for q in queries:
            t0 = time.perf_counter()
            r = ix.search(SearchQuery(q, highlight=False))
            t1 = time.perf_counter()
            ix.search(SearchQuery(q, highlight=True))
            t2 = time.perf_counter()
            plain.append((t1 - t0) * 1000)
            highlighted.append((t2 - t1) * 1000)
            totals.append(r.total)
    row.update(queries=len(queries), median_matches=int(statistics.median(totals)),
               p50_ms=round(percentile(plain, 50), 2), p95_ms=round(percentile(plain, 95), 2),
               hl_p50_ms=round(percentile(highlighted, 50), 2), hl_p95_ms=round(percentile(highlighted, 95), 2))
    row["_index"] = ix
    return row, queries


def distinctive_query(title: str, ix, n_terms: int = 3) -> str:
    """2-3 words of a title with the lowest document frequency in the index (ties: longer first)."""
    words = [w for w in dict.fromkeys(ix.analyse(title)) if len(w) >= 2 and not w.isdigit()]
    ranked = sorted(words, key=lambda w: (ix.doc_frequency(w), -len(w)))
    ranked = [w for w in ranked if ix.doc_frequency(w) > 0]
    return " ".join(ranked[:n_terms] if len(ranked) >= 2 else words[:n_terms])


def relevance(ix, dev: list[IndexedDocument]) -> dict:
    """Share of dev articles found in the top 3 by a 2-3 word query from their title."""
    found, misses = 0, []
    for doc in dev:
        q = distinctive_query(doc.title, ix)
        hits = [h.id for h in ix.search(SearchQuery(q, limit=3, highlight=False)).hits]
        if doc.id in hits:
            found += 1
        else:
            misses.append((doc.id, q, hits))
    return {"articles": len(dev), "top3": found, "share": round(found / len(dev), 3), "misses": misses}


def print_table(rows: list[dict]) -> None:
    cols = ["backend", "units", "megabytes", "build_s", "mb_per_s", "index_mb", "queries", "median_matches",
            "p50_ms", "p95_ms", "hl_p50_ms", "hl_p95_ms"]
    print(" | ".join(cols))
    for row in rows:
        print(" | ".join(str(row.get(c, "")) for c in cols))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--units", type=int, default=None, help="Index only the first N units (default: all).")
    parser.add_argument("--backend", choices=["whoosh", "tantivy", "both"], default="both")
    parser.add_argument("--procs", type=int, default=2, help="Writer processes/threads.")
    parser.add_argument("--rounds", type=int, default=1, help="Times each query is run.")
    parser.add_argument("--relevance-only", action="store_true", help="Only the relevance evaluation.")
    parser.add_argument("--keep", type=Path, default=None, help="Build the indexes here and keep them.")
    args = parser.parse_args(argv)

    workdir = args.keep or Path(tempfile.mkdtemp(prefix="liantu-bench-"))
    backends = ["whoosh", "tantivy"] if args.backend == "both" else [args.backend]
    dev = dev_articles()
    units = policy_units(args.units)
    print(f"corpus: {len(units)} units ({sum(1 for u in units if '#' not in u.id)} articles + paragraphs), "
          f"{len(dev)} dev articles; workdir {workdir}", flush=True)
    rows, queries = [], None
    try:
        for name in backends:
            if args.relevance_only:
                ix = open_backend(name, workdir / name, args.procs)
                ix.rebuild(dev + units)
                row = {"backend": name, "units": ix.count()}
            else:
                row, queries = measure(name, dev + units, workdir, args.procs, queries, args.rounds)
                ix = row.pop("_index")
            rel = relevance(ix, dev)
            row["relevance_top3"] = f"{rel['top3']}/{rel['articles']} ({rel['share']:.0%})"
            for doc_id, q, hits in rel["misses"]:
                print(f"  [{name}] missed {doc_id}: {q!r} -> {hits}", flush=True)
            ix.close()
            rows.append(row)
            print(json.dumps(row, ensure_ascii=False), flush=True)
        if not args.relevance_only:
            print_table(rows)
        for row in rows:
            print(f"relevance [{row['backend']}]: dev article in top 3 for {row['relevance_top3']}")
    finally:
        if args.keep is None:
            shutil.rmtree(workdir, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
