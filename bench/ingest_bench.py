"""End-to-end ingest throughput on the public-domain policy corpus, beside jieba in the same run.

    python -m bench.ingest_bench [--mb N] [--posseg-mb M] [--workers 2] [--out FILE]

Reads ../shared/data/laws/laws.jsonl.gz and ../shared/data/gov-work-reports/*.jsonl (about
65 MB of UTF-8) up to N MB, then measures, on the same documents:

- `jieba.lcut` (a private `jieba.Tokenizer`, one call per document) over all of the text;
- `jieba.posseg.lcut` over a sample (the first M MB; it is about 6x slower than lcut);
- extraction + graph writing: liantu's runner with the networkx store and no search index;
- the whole ingest: `Liantu.ingest` on the files (loading, extraction, graph, search index;
  tantivy, the default, or `--search whoosh`).

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


def main(argv=None) -> dict:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--mb", type=float, default=70.0, help="read at most this many MB of text")
    parser.add_argument("--posseg-mb", type=float, default=1.0, help="MB of the text for jieba.posseg")
    parser.add_argument("--search", default="tantivy", choices=["tantivy", "whoosh"],
                        help="search backend of the whole-ingest run")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--out", default=str(ROOT / "bench" / "results" / "ingest_bench.json"))
    args = parser.parse_args(argv)

    import jieba
    import jieba.posseg

    from graph.networkx_store import NetworkxStore
    from ingest.model import Document
    from ingest.pipeline import Pipeline
    from ingest.runner import ingest_documents
    from webapp.services import Liantu, Settings

    jieba.setLogLevel(logging.WARNING)
    records, nbytes = load_texts(args.mb)
    texts = [r.get("text") or r.get("content") or r.get("body") for r in records]
    mb = nbytes / 1e6
    print(f"{len(texts)} documents, {mb:.1f} MB of UTF-8 text")

    tokenizer = jieba.Tokenizer()
    tokenizer.initialize()
    with _Clock() as lcut:
        for text in texts:
            tokenizer.lcut(text)
    lcut_s = lcut.wall

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

    pipeline = Pipeline()
    docs = [Document(text=t, title=str(r.get("title") or ""), origin=f"bench#{i}") for i, (t, r)
            in enumerate(zip(texts, records))]
    with tempfile.TemporaryDirectory(prefix="liantu-bench-") as tmp:
        store = NetworkxStore(Path(tmp) / "graph.pickle")
        with _Clock() as extract:
            report = ingest_documents(docs, pipeline, store, _NoIndex(), workers=args.workers)
            store.flush()
        extract_s = extract.wall
        failed = len(report.failed)

    with tempfile.TemporaryDirectory(prefix="liantu-bench-") as tmp:
        src = Path(tmp) / "corpus.jsonl"
        with open(src, "w", encoding="utf-8") as fh:
            for i, (t, r) in enumerate(zip(texts, records)):
                fh.write(json.dumps({"id": i, "title": r.get("title") or "", "text": t}, ensure_ascii=False) + "\n")
        app = Liantu(Settings(data_dir=Path(tmp) / "data", graph_backend="networkx", search_backend=args.search))
        app._pipeline = pipeline
        with _Clock() as whole_clock:
            whole = app.ingest([src])
            app.close()
        whole_s = whole_clock.wall

    rates = {"jieba.lcut": mb / lcut_s, "jieba.posseg.lcut": sample_bytes / 1e6 / posseg_s,
             "extraction+graph": mb / extract_s, "whole ingest (with index)": mb / whole_s}
    cpu = {"jieba.lcut": lcut.cpu, "extraction+graph": extract.cpu, "whole ingest (with index)": whole_clock.cpu}
    memory = peak_rss_mb()
    result = {
        "documents": len(texts), "megabytes": round(mb, 2), "posseg_sample_megabytes": round(sample_bytes / 1e6, 2),
        "workers": args.workers, "seconds": {"jieba.lcut": round(lcut_s, 2), "jieba.posseg.lcut": round(posseg_s, 2),
                                             "extraction+graph": round(extract_s, 2), "whole ingest": round(whole_s, 2)},
        "mb_per_s": {k: round(v, 3) for k, v in rates.items()},
        "ratio_to_jieba_lcut": {k: round(v / rates["jieba.lcut"], 2) for k, v in rates.items()},
        "bars": {"extraction+graph >= 3x lcut": rates["extraction+graph"] >= 3 * rates["jieba.lcut"],
                 "whole ingest >= 1x lcut": rates["whole ingest (with index)"] >= rates["jieba.lcut"],
                 "peak memory < 2 GB": max(memory.values()) < 2048},
        "cpu_seconds": {k: round(v, 2) for k, v in cpu.items()},
        "mb_per_cpu_second": {k: round(mb / v, 3) for k, v in cpu.items()},
        "peak_memory": memory, "failed": failed + len(whole.failed),
    }
    print_table([(k, f"{v:.3f}", f"{v / rates['jieba.lcut']:.2f}x",
                  f"{cpu[k]:.2f}" if k in cpu else "", f"{mb / cpu[k]:.3f}" if k in cpu else "")
                 for k, v in rates.items()],
                ("engine", "MB/s", "vs jieba.lcut", "CPU s", "MB per CPU s"))
    print(f"posseg measured on a {sample_bytes / 1e6:.2f} MB sample; analysis on {args.workers} worker(s)")
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
