"""End-to-end ingest throughput on the public-domain policy corpus, beside jieba in the same run.

    python -m bench.ingest_bench [--mb N] [--posseg-mb M] [--workers 2] [--repeat R] [--out FILE]

Reads ../shared/data/laws/laws.jsonl.gz and ../shared/data/gov-work-reports/*.jsonl (about
65 MB of UTF-8) up to N MB, then measures, on the same documents:

- `jieba.lcut` (a private `jieba.Tokenizer`, one call per document) over all of the text;
- `jieba.posseg.lcut` over a sample (the first M MB; it is about 6x slower than lcut);
- extraction + graph writing: liantu's runner with the networkx store and no search index;
- the whole ingest: `Liantu.ingest` on the files (loading, extraction, graph, search index;
  tantivy, the default, or `--search whoosh`).

With `--repeat R` the lcut, extraction and whole-ingest runs take turns R times (so they share
the machine's load alike) and the figures are the medians, each run's ratios printed too.
Prints a table of MB/s and the ratios to jieba.lcut, the CPU seconds each stage used (this
process, its threads and its analysis workers: a figure the machine's other load barely moves,
unlike wall-clock MB/s), the peak memory (ru_maxrss of this process and of the analysis
workers), and writes the figures as JSON.
"""
from __future__ import annotations

import argparse
import gzip
import json
import logging
import resource
import statistics
import tempfile
import time
from pathlib import Path

from bench.common import ROOT, peak_rss_mb, print_table, shared_or_exit


def load_texts(limit_mb: float) -> tuple[list[dict], int]:
    """Records (title, text, date) from the policy corpus, up to `limit_mb` MB of text."""
    sources = [shared_or_exit("data", "laws", "laws.jsonl.gz"),
               *sorted(shared_or_exit("data", "gov-work-reports").glob("*.jsonl"))]
    out, total = [], 0
    for path in sources:
        opener = gzip.open if path.suffix == ".gz" else open
        with opener(path, "rt", encoding="utf-8") as fh:
            for line in fh:
                try:
                    record = json.loads(line)
                except ValueError:
                    continue
                text = record.get("text") or record.get("content") or record.get("body") or ""
                if not text.strip():
                    continue
                out.append(record)
                total += len(text.encode("utf-8"))
                if total >= limit_mb * 1e6:
                    return out, total
    return out, total


class _Clock:
    """Wall-clock and CPU seconds of a stage: this process (all threads) plus finished child processes."""

    def __enter__(self):
        self.wall, self.cpu = time.perf_counter(), _cpu()
        return self

    def __exit__(self, *exc):
        self.wall, self.cpu = time.perf_counter() - self.wall, _cpu() - self.cpu


def _cpu() -> float:
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return time.process_time() + children.ru_utime + children.ru_stime


class _NoIndex:
    """An index sink that stores nothing: isolates extraction + graph writing."""

    def doc_ids(self) -> set[str]:
        return set()

    def write_extractions(self, extractions) -> None:
        pass

    def remove_documents(self, doc_ids) -> None:
        pass


def _run_lcut(tokenizer, texts) -> _Clock:
    with _Clock() as clock:
        for text in texts:
            tokenizer.lcut(text)
    return clock


def _run_extraction(docs, pipeline, workers: int) -> tuple[_Clock, int]:
    from graph.networkx_store import NetworkxStore
    from ingest.runner import ingest_documents

    with tempfile.TemporaryDirectory(prefix="liantu-bench-") as tmp:
        store = NetworkxStore(Path(tmp) / "graph.pickle")
        with _Clock() as clock:
            report = ingest_documents(docs, pipeline, store, _NoIndex(), workers=workers)
            store.flush()
    return clock, len(report.failed)


def _run_whole(texts, records, pipeline, search: str) -> tuple[_Clock, int]:
    from liantu import Liantu, Settings

    with tempfile.TemporaryDirectory(prefix="liantu-bench-") as tmp:
        src = Path(tmp) / "corpus.jsonl"
        with open(src, "w", encoding="utf-8") as fh:
            for i, (t, r) in enumerate(zip(texts, records, strict=True)):
                fh.write(json.dumps({"id": i, "title": r.get("title") or "", "text": t}, ensure_ascii=False) + "\n")
        app = Liantu(Settings(data_dir=Path(tmp) / "data", graph_backend="networkx", search_backend=search))
        app._pipeline = pipeline
        with _Clock() as clock:
            report = app.ingest([src])
            app.close()
    return clock, len(report.failed)


def main(argv=None) -> dict:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--mb", type=float, default=70.0, help="read at most this many MB of text")
    parser.add_argument("--posseg-mb", type=float, default=1.0, help="MB of the text for jieba.posseg")
    parser.add_argument("--search", default="tantivy", choices=["tantivy", "whoosh"],
                        help="search backend of the whole-ingest run")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--repeat", type=int, default=1, help="rounds of lcut, extraction and whole ingest (medians)")
    parser.add_argument("--rules-only", action="store_true",
                        help="analyse without the name model (ingest.name_model), as LIANTU_NAME_MODEL=off does")
    parser.add_argument("--out", default=str(ROOT / "bench" / "results" / "ingest_bench.json"))
    args = parser.parse_args(argv)

    import jieba
    import jieba.posseg

    from ingest.model import Document
    from ingest.pipeline import Pipeline

    jieba.setLogLevel(logging.WARNING)
    records, nbytes = load_texts(args.mb)
    texts = [r.get("text") or r.get("content") or r.get("body") for r in records]
    mb = nbytes / 1e6
    print(f"{len(texts)} documents, {mb:.1f} MB of UTF-8 text")

    tokenizer = jieba.Tokenizer()
    tokenizer.initialize()
    sample, sample_bytes = [], 0
    for text in texts:
        if sample_bytes >= args.posseg_mb * 1e6:
            break
        sample.append(text)
        sample_bytes += len(text.encode("utf-8"))
    posseg = jieba.posseg.POSTokenizer(tokenizer)
    t0 = time.perf_counter()
    for text in sample:
        posseg.lcut(text)
    posseg_s = time.perf_counter() - t0

    pipeline = Pipeline(name_model=not args.rules_only)
    docs = [Document(text=t, title=str(r.get("title") or ""), origin=f"bench#{i}") for i, (t, r)
            in enumerate(zip(texts, records, strict=True))]
    runs, failed = [], 0
    for _ in range(max(1, args.repeat)):
        lcut = _run_lcut(tokenizer, texts)
        extract, bad = _run_extraction(docs, pipeline, args.workers)
        whole, bad_whole = _run_whole(texts, records, pipeline, args.search)
        failed = max(failed, bad + bad_whole)
        runs.append({"jieba.lcut": lcut, "extraction+graph": extract, "whole ingest (with index)": whole})
        if args.repeat > 1:
            print(f"run {len(runs)}: extraction+graph {lcut.wall / extract.wall:.2f}x lcut, "
                  f"whole ingest {lcut.wall / whole.wall:.2f}x lcut")
    median = statistics.median
    wall = {k: median(r[k].wall for r in runs) for k in runs[0]}
    cpu = {k: median(r[k].cpu for r in runs) for k in runs[0]}
    # Ratios are the medians of each run's ratio (the runs of one round share the machine's load).
    ratios = {k: median(r["jieba.lcut"].wall / r[k].wall for r in runs) for k in runs[0]}
    ratios["jieba.posseg.lcut"] = (sample_bytes / 1e6 / posseg_s) / (mb / wall["jieba.lcut"])
    rates = {"jieba.lcut": mb / wall["jieba.lcut"], "jieba.posseg.lcut": sample_bytes / 1e6 / posseg_s,
             "extraction+graph": mb / wall["extraction+graph"],
             "whole ingest (with index)": mb / wall["whole ingest (with index)"]}
    lcut_s, extract_s, whole_s = wall["jieba.lcut"], wall["extraction+graph"], wall["whole ingest (with index)"]
    memory = peak_rss_mb()
    result = {
        "documents": len(texts), "megabytes": round(mb, 2), "posseg_sample_megabytes": round(sample_bytes / 1e6, 2),
        "workers": args.workers, "repeat": len(runs),
        "seconds": {"jieba.lcut": round(lcut_s, 2), "jieba.posseg.lcut": round(posseg_s, 2),
                    "extraction+graph": round(extract_s, 2), "whole ingest": round(whole_s, 2)},
        "mb_per_s": {k: round(v, 3) for k, v in rates.items()},
        "ratio_to_jieba_lcut": {k: round(ratios[k], 2) for k in rates},
        "runs": [{k: round(r["jieba.lcut"].wall / r[k].wall, 2) for k in r if k != "jieba.lcut"} for r in runs],
        "name_model": not args.rules_only,
        "bars": {"extraction+graph >= 3x lcut": ratios["extraction+graph"] >= 3,
                 "whole ingest >= 2x lcut": ratios["whole ingest (with index)"] >= 2,
                 "peak memory < 2 GB": max(memory.values()) < 2048},
        "cpu_seconds": {k: round(v, 2) for k, v in cpu.items()},
        "mb_per_cpu_second": {k: round(mb / v, 3) for k, v in cpu.items()},
        "peak_memory": memory, "failed": failed,
    }
    print_table([(k, f"{v:.3f}", f"{ratios[k]:.2f}x",
                  f"{cpu[k]:.2f}" if k in cpu else "", f"{mb / cpu[k]:.3f}" if k in cpu else "")
                 for k, v in rates.items()],
                ("engine", "MB/s", "vs jieba.lcut", "CPU s", "MB per CPU s"))
    print(f"posseg measured on a {sample_bytes / 1e6:.2f} MB sample; analysis on {args.workers} worker(s)"
          + (f"; medians of {len(runs)} runs" if len(runs) > 1 else ""))
    print(f"peak memory (ru_maxrss): this process {memory['self_mb']} MB, workers {memory['children_mb']} MB")
    for bar, ok in result["bars"].items():
        print(f"  {'PASS' if ok else 'FAIL'}  {bar}")
    out = Path(args.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(result, ensure_ascii=False, indent=2), encoding="utf-8")
    print(f"wrote {out}")
    return result


if __name__ == "__main__":
    main()
