"""Load benchmark of the served app: wrk, 16 connections on loopback, mixed search/entity/chain requests.

    python -m bench.api_bench [--seconds 60] [--connections 16] [--json]

Ingests the bundled samples (and, when present, the dev articles from ../shared/eval/dev) into a
temporary data directory, serves the app with `liantu serve` (waitress) on 127.0.0.1, and drives
it with wrk (Debian package `wrk`) through a Lua script that cycles over the request mix. Bar:
zero errors (socket errors or non-2xx answers) and p95 <= 200 ms. Exits 1 when the bar is missed.
"""
from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import urllib.error
import urllib.request
from pathlib import Path
from urllib.parse import quote

from bench.common import (
    free_port,
    interleave,
    latency_figures,
    latency_line,
    require_wrk,
    run_wrk,
    serve_app,
    stop_server,
    wait_until_up,
)

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT / ".." / "shared"
P95_BAR_MS = 200.0

SEARCHES = ["碳酸锂", "泉港", "投资", "华侨", "外商投资", "营商环境", "项目 签约", "晋江", "新能源", "产业链"]
ENTITIES = ["Region:350505", "Region:3505", "Enterprise:盛屯集团", "Region:350583", "Enterprise:宁德时代"]
CHAINS = [("lithium-battery", "泉港区"), ("lithium-battery", "泉州市")]

LUA = r"""
local paths = {}
for line in io.lines(os.getenv("LIANTU_BENCH_PATHS")) do paths[#paths + 1] = line end
local counter = 0
request = function()
  counter = counter + 1
  return wrk.format("GET", paths[(counter % #paths) + 1])
end
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    'LIANTU_RESULT {"requests": %d, "duration_us": %d, "p50_us": %d, "p95_us": %d, "p99_us": %d, "max_us": %d, ' ..
    '"connect": %d, "read": %d, "write": %d, "status": %d, "timeout": %d}\n',
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(95), latency:percentile(99),
    latency.max, e.connect, e.read, e.write, e.status, e.timeout))
end
"""


def candidate_paths() -> dict[str, list[str]]:
    """The request mix by kind: JSON API and pages."""
    mix = {"search": [], "entity": [], "chain": []}
    for q in SEARCHES:
        mix["search"] += [f"/api/search?q={quote(q)}", f"/?q={quote(q)}"]
    for e in ENTITIES:
        mix["entity"] += [f"/api/entities/{quote(e, safe=':')}", f"/api/entities/{quote(e, safe=':')}/graph",
                          f"/entity/{quote(e, safe=':')}"]
    for chain, region in CHAINS:
        mix["chain"] += [f"/api/chains/{chain}?region={quote(region)}", f"/api/chains/{chain}/gaps?region={quote(region)}"]
    mix["chain"].append("/chains?chain=lithium-battery")
    return mix


def answering(base: str, paths: list[str]) -> tuple[list[str], list[str]]:
    """Split paths into those the app answers with 2xx and those it does not (routes not in this build)."""
    ok, missing = [], []
    for path in paths:
        try:
            urllib.request.urlopen(base + path, timeout=10).read()
            ok.append(path)
        except urllib.error.HTTPError:
            missing.append(path)
    return ok, missing


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=int, default=60)
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--server-threads", type=int, default=8)
    parser.add_argument("--json", action="store_true", help="print the result as one JSON object")
    args = parser.parse_args(argv)
    wrk = require_wrk()
    python = sys.executable
    with tempfile.TemporaryDirectory(prefix="liantu-bench-") as tmp:
        data = Path(tmp) / "data"
        sources = [str(ROOT / "corpus" / "samples")]
        dev = SHARED / "eval" / "dev" / "articles.jsonl"
        if dev.exists():
            sources.append(str(dev))
        env = dict(os.environ, PYTHONPATH=str(ROOT), LIANTU_DATA_DIR=str(data))
        subprocess.run([python, "-m", "liantu", "ingest", *sources], env=env, check=True,
                       stdout=subprocess.DEVNULL, cwd=ROOT)
        port = free_port()
        log = open(Path(tmp) / "server.log", "wb")
        server = serve_app(python, env, port, args.server_threads, log)
        base = f"http://127.0.0.1:{port}"
        try:
            wait_until_up(base, server)
            mix, skipped = {}, []
            for kind, paths in candidate_paths().items():
                mix[kind], missing = answering(base, paths)
                skipped += missing
            kinds = {k: v for k, v in mix.items() if v}
            if not kinds:
                raise SystemExit("the app answered none of the benchmark paths")
            ordered = interleave(kinds)
            paths_file = Path(tmp) / "paths.txt"
            paths_file.write_text("\n".join(ordered) + "\n", encoding="utf-8")
            script = Path(tmp) / "mix.lua"
            script.write_text(LUA, encoding="utf-8")
            raw = run_wrk(wrk, script, base, args.connections, args.seconds,
                          dict(os.environ, LIANTU_BENCH_PATHS=str(paths_file)))
        finally:
            stop_server(server)
            log.close()
    errors = raw["connect"] + raw["read"] + raw["write"] + raw["status"] + raw["timeout"]
    result = {
        "connections": args.connections, "seconds": args.seconds, **latency_figures(raw),
        "errors": errors, "non_2xx": raw["status"],
        "mix": {k: len(v) for k, v in mix.items()}, "skipped_paths": skipped,
        "bar": {"p95_ms_max": P95_BAR_MS, "errors": 0},
    }
    result["passed"] = errors == 0 and result["p95_ms"] <= P95_BAR_MS
    if args.json:
        print(json.dumps(result, ensure_ascii=False))
    else:
        print(f"API load, {args.connections} connections on loopback for {args.seconds} s "
              f"(paths: {result['mix']['search']} search, {result['mix']['entity']} entity, {result['mix']['chain']} chain)")
        print(f"  requests/s  {result['requests_per_s']:.1f}   ({result['requests']} requests)")
        print(latency_line(result))
        print(f"  errors      {errors} (non-2xx {raw['status']}, timeouts {raw['timeout']})")
        if skipped:
            print(f"  not in this build (left out of the mix): {', '.join(skipped)}")
        print(f"  bar: zero errors and p95 <= {P95_BAR_MS:.0f} ms -> {'PASS' if result['passed'] else 'FAIL'}")
    return 0 if result["passed"] else 1


if __name__ == "__main__":
    sys.exit(main())
