"""Every benchmark in bench/ in one run: one table, one JSON file with the machine's description.

    python -m bench                 # quick mode: small inputs, a few minutes in all
    python -m bench --full          # the sizes each module documents (tens of minutes)
    python -m bench --only graph,chain --no-neo4j
    python -m bench --results-md bench/RESULTS.md   # also rewrite the results page

Each module runs in its own process (`python -m bench.<module> ...`), so its peak memory is its
own: the suite reads it from os.wait4's ru_maxrss of that child. A module's figures come from
its JSON output where it writes one (graph_bench --json, ingest_bench --out, search_bench's
JSON lines, api_bench --json) and from its printed lines otherwise (chain_bench,
network_bench). A module that is missing (not in this build), needs data that is absent, or
fails is reported as such in the table; the others still run.
"""
from __future__ import annotations

import argparse
import datetime as dt
import importlib.metadata
import json
import os
import platform
import re
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

ROOT = Path(__file__).resolve().parents[1]
RESULTS_DIR = ROOT / "bench" / "results"
LATEST = RESULTS_DIR / "suite.json"
PACKAGES = ["jieba", "rjieba", "tantivy", "whoosh", "networkx", "neo4j", "flask", "waitress", "opencc",
            "hypothesis"]


@dataclass
class Outcome:
    """What one module run produced: its figures (name -> value), or why there are none."""
    module: str
    status: str  # "ok", "failed", "skipped"
    figures: dict[str, float | str] = field(default_factory=dict)
    seconds: float = 0.0
    peak_mb: float | None = None
    note: str = ""
    raw: dict | None = None


# ---- parsers: module output -> flat figures -----------------------------------------------------

def _graph_figures(stdout: str, out: Path) -> tuple[dict, dict]:
    raw = json.loads(out.read_text(encoding="utf-8"))
    figures = {"graph nodes / edges": f"{raw['graph']['nodes']:,} / {raw['graph']['edges']:,}"}
    for backend in ("networkx", "neo4j"):
        if backend not in raw:
            continue
        r = raw[backend]
        figures[f"{backend} 2-hop neighbourhood p95 (ms)"] = r["neighbourhood_2hop_limit500"]["p95"]
        figures[f"{backend} shortest path p95 (ms)"] = r["shortest_path_k1"]["p95"]
        figures[f"{backend} top-3 paths p95 (ms)"] = r["shortest_paths_k3"]["p95"]
    if "networkx_at_neo4j_size" in raw:
        r = raw["networkx_at_neo4j_size"]
        figures["networkx at Neo4j's size 2-hop p95 (ms)"] = r["neighbourhood_2hop_limit500"]["p95"]
        figures["networkx at Neo4j's size path p95 (ms)"] = r["shortest_path_k1"]["p95"]
    if "neo4j" in raw:
        figures["neo4j load (edges/s)"] = raw["neo4j"].get("edges_per_s", "")
        for analytic in ("brokers", "communities"):
            row = raw["neo4j"].get("network_analytics", {}).get(analytic)
            if row:
                figures[f"{analytic} networkx / neo4j (s)"] = f"{row['networkx']} / {row['neo4j']}"
    return figures, raw


def _search_figures(stdout: str, out: Path) -> tuple[dict, dict]:
    rows = [json.loads(line) for line in stdout.splitlines() if line.startswith("{")]
    if not rows:
        raise ValueError("search_bench printed no result rows")
    figures = {}
    for row in rows:
        b = row["backend"]
        figures[f"{b} index throughput (MB/s)"] = row["mb_per_s"]
        figures[f"{b} index build ({row['units']} units, s)"] = row["build_s"]
        figures[f"{b} query p50 / p95 (ms)"] = f"{row['p50_ms']} / {row['p95_ms']}"
        figures[f"{b} highlighted query p95 (ms)"] = row["hl_p95_ms"]
        figures[f"{b} relevance top 3"] = row.get("relevance_top3", "")
    return figures, {"rows": rows}


def _recall_figures(stdout: str, out: Path) -> tuple[dict, dict]:
    rows = [json.loads(line) for line in stdout.splitlines() if line.startswith("{")]
    if not rows:
        raise ValueError("search_recall printed no result rows")
    figures = {}
    for row in rows:
        figures[f"search recall@5, {row['split']} ({row['queries']} queries)"] = row["recall_at_5"]
        figures[f"search zero-result queries, {row['split']}"] = row["zero_results"]
    return figures, {"rows": rows}


_PLACES_LINE = re.compile(r"^(?P<split>\w+): (?P<placed>\d+)/(?P<expected>\d+) .*?\(share (?P<share>[\d.]+|None);"
                          r" by stated places alone (?P<stated>[\d.]+|None)\)", re.M)


def _places_figures(stdout: str, out: Path) -> tuple[dict, dict]:
    rows = [m.groupdict() for m in _PLACES_LINE.finditer(stdout)]
    if not rows:
        raise ValueError("chain_places printed no shares")
    figures = {}
    for row in rows:
        figures[f"gold projects placed in their county, {row['split']} ({row['expected']})"] = row["share"]
        figures[f"  by stated places alone, {row['split']}"] = row["stated"]
    return figures, {"rows": rows}


_CHAIN_LINE = re.compile(r"^(?P<label>.+?): median (?P<median>[\d.]+) ms, p95 (?P<p95>[\d.]+) ms", re.M)


def _chain_figures(stdout: str, out: Path) -> tuple[dict, dict]:
    lines = {m["label"]: (float(m["median"]), float(m["p95"])) for m in _CHAIN_LINE.finditer(stdout)}
    if not lines:
        raise ValueError("chain_bench printed no timings")
    figures = {}
    for label, (_median, p95) in lines.items():
        if "repeated" in label:
            figures["chain-gap report, app cache, p95 (ms)"] = p95
        elif "not asked before" in label:
            figures["chain-gap report, new county, p95 (ms)"] = p95
        elif "from nothing" in label:
            figures["chain-gap report from nothing, p95 (ms)"] = p95
    return figures, {"lines": {k: {"median_ms": v[0], "p95_ms": v[1]} for k, v in lines.items()}}


_NETWORK_LINE = re.compile(r"^(?P<name>load_network|brokers|communities|countries|flows|ego|paths)\b(?P<rest>[^\n]*?)"
                           r"\s+(?P<seconds>\d+\.\d+)\s", re.M)


def _network_figures(stdout: str, out: Path) -> tuple[dict, dict]:
    timings = {(m["name"] + m["rest"]).strip(): float(m["seconds"]) for m in _NETWORK_LINE.finditer(stdout)}
    if not timings:
        raise ValueError("network_bench printed no timings")
    figures = {f"network {name} median (s)": value for name, value in timings.items()
               if name in ("load_network", "brokers", "communities", "ego 侨商1 --hops 2", "paths 侨商1 侨商2")}
    size = re.search(r"projection: (\d+) actors, (\d+) ties", stdout)
    if size:
        figures["network actors / ties"] = f"{int(size[1]):,} / {int(size[2]):,}"
    return figures, {"median_s": timings}


def _ingest_figures(stdout: str, out: Path) -> tuple[dict, dict]:
    raw = json.loads(out.read_text(encoding="utf-8"))
    figures = {}
    rates = raw.get("mb_per_s") or raw.get("rates") or {}
    for name, value in rates.items():
        figures[f"{name} (MB/s)"] = round(value, 3) if isinstance(value, (int, float)) else value
    ratios = raw.get("ratio_to_jieba_lcut") or {}
    for name, value in ratios.items():
        if name != "jieba.lcut":
            figures[f"{name} / jieba.lcut"] = value
    if "megabytes" in raw:
        figures["ingest input (MB)"] = raw["megabytes"]
    if "peak_memory" in raw:
        figures["ingest peak memory, parent / workers (MB)"] = \
            f"{raw['peak_memory'].get('self_mb')} / {raw['peak_memory'].get('children_mb')}"
    return figures, raw


def _load_figures(stdout: str, out: Path) -> tuple[dict, dict]:
    line = next(line for line in reversed(stdout.splitlines()) if line.startswith("{"))
    raw = json.loads(line)
    figures = {"load requests/s (ingest beside)": raw["requests_per_s"],
               "load p50 / p95 (ms)": f"{raw['p50_ms']} / {raw['p95_ms']}",
               "load 5xx / malformed JSON / half-written seen": f"{raw['server_errors_5xx']} / {raw['bad_json']} / "
                                                                f"{raw['violation_count']}",
               "load documents during the run": f"{raw['documents_before']} -> {raw['documents_after']}",
               "load connections x seconds": f"{raw['connections']} x {raw['seconds']}"}
    return figures, raw


def _api_figures(stdout: str, out: Path) -> tuple[dict, dict]:
    line = next(line for line in reversed(stdout.splitlines()) if line.startswith("{"))
    raw = json.loads(line)
    figures = {"API requests/s": raw["requests_per_s"], "API p50 / p95 (ms)": f"{raw['p50_ms']} / {raw['p95_ms']}",
               "API errors (non-2xx + socket)": raw["errors"],
               "API connections x seconds": f"{raw['connections']} x {raw['seconds']}"}
    return figures, raw


@dataclass
class Bench:
    """How to run one module in each mode and read its figures."""
    name: str
    module: str
    quick: Callable[[Path, argparse.Namespace], list[str]]
    full: Callable[[Path, argparse.Namespace], list[str]]
    parse: Callable[[str, Path], tuple[dict, dict]]
    needs_shared: bool = False


def _neo4j_args(args) -> list[str]:
    return ["--no-neo4j"] if args.no_neo4j else []


BENCHES = [
    Bench("ingest", "ingest_bench",
          lambda out, a: ["--mb", "5", "--posseg-mb", "0.3", "--out", str(out)],
          lambda out, a: ["--out", str(out)], _ingest_figures, needs_shared=True),
    Bench("search", "search_bench",
          lambda out, a: ["--units", "1500"],
          lambda out, a: [], _search_figures, needs_shared=True),
    Bench("recall", "search_recall",
          lambda out, a: ["--distractors", "300"],
          lambda out, a: [], _recall_figures, needs_shared=True),
    Bench("graph", "graph_bench",
          lambda out, a: ["--nodes", "20000", "--edges", "100000", "--queries", "50", "--json", str(out),
                          "--network-people", "2000", "--network-repeat", "1", *_neo4j_args(a)],
          lambda out, a: ["--neo4j-scale", "0.25", "--json", str(out), *_neo4j_args(a)], _graph_figures),
    Bench("chain", "chain_bench",
          lambda out, a: ["--entities", "4000", "--repeat", "8"],
          lambda out, a: [], _chain_figures),
    Bench("places", "chain_places",
          lambda out, a: ["check", "dev", "dev2"],
          lambda out, a: ["check", "dev", "dev2"], _places_figures, needs_shared=True),
    Bench("network", "network_bench",
          lambda out, a: ["--people", "2000", "--orgs", "500", "--enterprises", "1000", "--repeat", "1"],
          lambda out, a: [], _network_figures),
    Bench("api", "api_bench",
          lambda out, a: ["--seconds", "10", "--connections", "16", "--json"],
          lambda out, a: ["--seconds", "60", "--json"], _api_figures),
    Bench("load", "load_test",
          lambda out, a: ["--seconds", "15", "--ingest-docs", "600", "--json"],
          lambda out, a: ["--seconds", "60", "--json"], _load_figures),
]


# ---- running --------------------------------------------------------------------------------

def shared_dir() -> Path:
    return ROOT / ".." / "shared"


def run_one(bench: Bench, args, workdir: Path) -> Outcome:
    """Run one module in a child process; its figures, wall time and peak memory."""
    if not (ROOT / "bench" / f"{bench.module}.py").exists():
        return Outcome(bench.name, "skipped", note=f"bench/{bench.module}.py is not in this build")
    if bench.needs_shared and not shared_dir().is_dir():
        return Outcome(bench.name, "skipped", note=f"needs the shared data at {shared_dir()}")
    out = workdir / f"{bench.module}.json"
    argv = (bench.full if args.full else bench.quick)(out, args)
    cmd = [sys.executable, "-m", f"bench.{bench.module}", *argv]
    print(f"\n== {bench.name}: {' '.join(cmd[1:])}", flush=True)
    log = workdir / f"{bench.module}.log"
    started = time.perf_counter()
    with open(log, "w+", encoding="utf-8") as fh:
        proc = subprocess.Popen(cmd, cwd=ROOT, stdout=fh, stderr=subprocess.STDOUT,
                                env=dict(os.environ, PYTHONPATH=str(ROOT)))
        # wait4 gives this child's own resource usage (ru_maxrss in KiB on Linux)
        _, status, usage = os.wait4(proc.pid, 0)
        proc.returncode = os.waitstatus_to_exitcode(status)
        fh.seek(0)
        stdout = fh.read()
    seconds = time.perf_counter() - started
    peak = round(usage.ru_maxrss / 1024, 1)
    if args.verbose:
        print(stdout, flush=True)
    try:
        figures, raw = bench.parse(stdout, out)
    except (ValueError, KeyError, StopIteration, OSError, json.JSONDecodeError) as exc:
        tail = " | ".join(stdout.strip().splitlines()[-3:])
        note = f"exit {proc.returncode}: {tail[-300:]}" if proc.returncode else f"could not read its figures: {exc!r}"
        return Outcome(bench.name, "failed", seconds=seconds, peak_mb=peak, note=note)
    if proc.returncode != 0:
        # the module measured but says its bar was missed (api_bench, load_test exit 1 then)
        return Outcome(bench.name, "bar missed", figures, seconds, peak, note=f"exit {proc.returncode}", raw=raw)
    return Outcome(bench.name, "ok", figures, seconds, peak, raw=raw)


def _version(name: str) -> str | None:
    try:
        return importlib.metadata.version(name)
    except importlib.metadata.PackageNotFoundError:
        return None


def _memory_gb() -> float | None:
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                return round(int(line.split()[1]) / 1024 / 1024, 1)
    except OSError:
        pass
    return None


def _tool_version(cmd: list[str]) -> str | None:
    if shutil.which(cmd[0]) is None:
        return None
    try:
        done = subprocess.run(cmd, capture_output=True, text=True, timeout=20)
    except (OSError, subprocess.TimeoutExpired):
        return None
    text = (done.stdout + done.stderr).strip().splitlines()
    return text[0] if text else None


def machine() -> dict:
    """The machine and software the figures were measured on."""
    commit = _tool_version(["git", "-C", str(ROOT), "rev-parse", "--short", "HEAD"])
    cpu = None
    try:
        cpu = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                    if line.startswith("model name")), None)
    except OSError:
        pass
    return {"cores": os.cpu_count(), "cpu": cpu, "memory_gb": _memory_gb(), "load_average": os.getloadavg(),
            "python": platform.python_version(), "platform": platform.platform(), "commit": commit,
            "packages": {p: _version(p) for p in PACKAGES},
            "tools": {"wrk": _tool_version(["wrk", "-v"]), "java": _tool_version(["java", "-version"])}}


def table(outcomes: list[Outcome]) -> str:
    """The figures as one Markdown table: module, figure, value, module peak memory."""
    lines = ["| module | figure | value | peak MB | wall s |", "|---|---|---|---|---|"]
    for o in outcomes:
        peak = "" if o.peak_mb is None else f"{o.peak_mb:.0f}"
        if o.status in ("failed", "skipped"):
            lines.append(f"| {o.module} | **{o.status}** | {o.note.replace('|', '/')} | {peak} | {o.seconds:.0f} |")
            continue
        rows = list(o.figures.items()) + ([("**bar missed**", o.note)] if o.status == "bar missed" else [])
        for i, (name, value) in enumerate(rows):
            lines.append(f"| {o.module if i == 0 else ''} | {name} | {value} | {peak if i == 0 else ''} | "
                         f"{f'{o.seconds:.0f}' if i == 0 else ''} |")
    return "\n".join(lines)


def changes(previous: dict | None, current: dict) -> list[str]:
    """Numeric figures that moved by more than 10 % since the previous run of the same mode."""
    if not previous or previous.get("mode") != current.get("mode"):
        return []
    moved = []
    for name, outcome in current["modules"].items():
        before = previous.get("modules", {}).get(name, {})
        if before.get("status") != outcome["status"]:
            moved.append(f"{name}: {before.get('status', 'absent')} -> {outcome['status']}")
            continue
        for figure, value in outcome.get("figures", {}).items():
            old = before.get("figures", {}).get(figure)
            if isinstance(value, (int, float)) and isinstance(old, (int, float)) and old:
                ratio = value / old
                if abs(ratio - 1) > 0.10:
                    moved.append(f"{name}: {figure} {old} -> {value} ({ratio:.2f}x)")
        if before.get("peak_mb") and outcome.get("peak_mb"):
            ratio = outcome["peak_mb"] / before["peak_mb"]
            if abs(ratio - 1) > 0.10:
                moved.append(f"{name}: peak memory {before['peak_mb']} -> {outcome['peak_mb']} MB ({ratio:.2f}x)")
    return moved


def results_markdown(report: dict, moved: list[str]) -> str:
    m = report["machine"]
    pkgs = ", ".join(f"{k} {v}" for k, v in m["packages"].items() if v)
    lines = [
        "# Benchmark results", "",
        f"Latest run: {report['started']} UTC, `python -m bench{' --full' if report['mode'] == 'full' else ''}` "
        f"({report['mode']} mode), commit {m['commit']}, {report['seconds']:.0f} s in all.", "",
        "## Machine", "",
        f"- {m['cores']} cores ({m['cpu']}), {m['memory_gb']} GB memory; load average at start "
        f"{report['load_average_start'][0]:.2f}, at end {report['load_average_end'][0]:.2f} "
        "(the machine is shared: figures move with the load).",
        f"- Python {m['python']} on {m['platform']}", f"- {pkgs}",
        f"- wrk: {m['tools']['wrk']}; java: {m['tools']['java']}", "",
        "## Figures", "", report["table"], "",
        "## What changed since the last run", "",
    ]
    lines += [f"- {line}" for line in moved] or ["- Nothing moved by more than 10 % (or no earlier run of this mode)."]
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__.split("\n\n")[0])
    parser.add_argument("--full", action="store_true", help="Full sizes (default: quick mode).")
    parser.add_argument("--only", default="", help=f"Comma-separated modules: {', '.join(b.name for b in BENCHES)}.")
    parser.add_argument("--no-neo4j", action="store_true", help="Leave Neo4j out of the graph benchmark.")
    parser.add_argument("--json", dest="json_out", type=Path, default=LATEST, help=f"Write results here ({LATEST}).")
    parser.add_argument("--results-md", type=Path, default=None, help="Also write the results page here.")
    parser.add_argument("-v", "--verbose", action="store_true", help="Print each module's own output.")
    args = parser.parse_args(argv)
    wanted = {n.strip() for n in args.only.split(",") if n.strip()}
    unknown = wanted - {b.name for b in BENCHES}
    if unknown:
        parser.error(f"unknown module(s) {sorted(unknown)}; choose from {[b.name for b in BENCHES]}")
    benches = [b for b in BENCHES if not wanted or b.name in wanted]
    previous = None
    if args.json_out.exists():
        try:
            previous = json.loads(args.json_out.read_text(encoding="utf-8"))
        except (OSError, json.JSONDecodeError):
            previous = None
    started = dt.datetime.now(dt.timezone.utc)
    load_start = os.getloadavg()
    t0 = time.perf_counter()
    outcomes = []
    with tempfile.TemporaryDirectory(prefix="liantu-suite-") as tmp:
        for bench in benches:
            outcome = run_one(bench, args, Path(tmp))
            print(f"   {outcome.status} in {outcome.seconds:.0f} s, peak {outcome.peak_mb} MB {outcome.note}", flush=True)
            outcomes.append(outcome)
    report = {"mode": "full" if args.full else "quick", "started": started.strftime("%Y-%m-%d %H:%M"),
              "seconds": round(time.perf_counter() - t0, 1), "machine": machine(),
              "load_average_start": load_start, "load_average_end": os.getloadavg(),
              "modules": {o.module: {"status": o.status, "figures": o.figures, "seconds": round(o.seconds, 1),
                                     "peak_mb": o.peak_mb, "note": o.note, "raw": o.raw} for o in outcomes}}
    report["table"] = table(outcomes)
    moved = changes(previous, report)
    print("\n" + report["table"])
    print("\nchanged since the last run: " + ("; ".join(moved) if moved else "nothing by more than 10 %"))
    args.json_out.parent.mkdir(parents=True, exist_ok=True)
    args.json_out.write_text(json.dumps(report, ensure_ascii=False, indent=2, default=str), encoding="utf-8")
    print(f"wrote {args.json_out}")
    if args.results_md:
        args.results_md.write_text(results_markdown(report, moved), encoding="utf-8")
        print(f"wrote {args.results_md}")
    return 1 if any(o.status == "failed" for o in outcomes) else 0
