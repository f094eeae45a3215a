"""Load test: the served app under wrk while an ingest writes beside it; nothing half-written is ever seen.

    python -m bench.load_test                      # 60 s, 32 connections (the issue's bar)
    python -m bench.load_test --seconds 15 --json  # shorter, one JSON object on stdout

Ingests the bundled samples into a temporary data directory, serves the app with `liantu serve`
(waitress) on 127.0.0.1 only, and then, at the same time:
- wrk (Debian package `wrk`) drives it for `--seconds` at `--connections` through a Lua script
  that rotates over search, entity, chain and network requests (pages and JSON API); the
  script counts every 5xx and every JSON answer whose body is not a JSON object;
- a second process ingests a generated corpus (tests/hardening/corpus.py) batch after batch,
  so the stores change under the readers the whole time;
- a checker in this process, on its own connection, reads /api/stats and a search for the
  generated articles over and over: every answer must parse as JSON, the document count and
  the number of hits must never go backwards, and every hit must open as a document.
Bar: zero 5xx, zero malformed JSON, zero consistency violations. Exits 1 when it is missed.
"""
from __future__ import annotations

import argparse
import json
import os
import signal
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path
from urllib.parse import quote

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench.common import (  # noqa: E402
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

SEARCHES = ["碳酸锂", "泉港", "投资", "华侨", "外商投资", "营商环境", "项目 签约", "晋江", "新能源", "招商动态"]
ENTITIES = ["Region:350505", "Region:3505", "Region:350582", "Enterprise:盛屯集团"]
CHAINS = [("lithium-battery", "泉港区"), ("lithium-battery", "泉州市")]
NETWORK = ["/api/network/brokers", "/api/network/communities", "/api/network/countries", "/api/network/flows",
           "/network"]
CHECK_QUERY = "招商动态"  # every generated article has it in its title

LUA = r"""
local threads = {}
function setup(thread) table.insert(threads, thread) end
function init(args)
  paths = {}
  for line in io.lines(os.getenv("LIANTU_LOAD_PATHS")) do paths[#paths + 1] = line end
  counter = math.random(#paths)
  server_errors = 0
  bad_json = 0
end
request = function()
  counter = counter + 1
  return wrk.format("GET", paths[(counter % #paths) + 1])
end
response = function(status, headers, body)
  if status >= 500 then server_errors = server_errors + 1 end
  local ct = headers["Content-Type"] or headers["content-type"] or ""
  if string.find(ct, "json", 1, true) and not string.match(body, "^%s*{.*}%s*$") then
    bad_json = bad_json + 1
  end
end
done = function(summary, latency, requests)
  local s5, bj = 0, 0
  for _, t in ipairs(threads) do s5 = s5 + t:get("server_errors"); bj = bj + t:get("bad_json") end
  local e = summary.errors
  io.write(string.format(
    'LIANTU_RESULT {"requests": %d, "duration_us": %d, "p50_us": %d, "p95_us": %d, "p99_us": %d, "max_us": %d, ' ..
    '"connect": %d, "read": %d, "write": %d, "status": %d, "timeout": %d, "server_errors": %d, "bad_json": %d}\n',
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(95), latency:percentile(99),
    latency.max, e.connect, e.read, e.write, e.status, e.timeout, s5, bj))
end
"""


def request_kinds() -> dict[str, list[str]]:
    """Search, entity, chain and network requests by kind."""
    return {
        "search": [p for q in SEARCHES for p in (f"/api/search?q={quote(q)}", f"/?q={quote(q)}")],
        "entity": [p for e in ENTITIES for p in (f"/api/entities/{quote(e, safe=':')}",
                                                 f"/api/entities/{quote(e, safe=':')}/graph",
                                                 f"/entity/{quote(e, safe=':')}")],
        "chain": [p for c, r in CHAINS for p in (f"/api/chains/{c}?region={quote(r)}",
                                                 f"/api/chains/{c}/gaps?region={quote(r)}")],
        "network": list(NETWORK),
    }


def get(base: str, path: str, timeout: float = 30) -> tuple[int, bytes]:
    try:
        with urllib.request.urlopen(base + path, timeout=timeout) as r:
            return r.status, r.read()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read()


class Checker(threading.Thread):
    """Reads counts and search hits in a loop; records anything a reader should never see."""

    def __init__(self, base: str, stop: threading.Event) -> None:
        super().__init__(daemon=True)
        self.base, self.stop = base, stop
        self.violations: list[str] = []
        self.rounds = 0
        self.documents_seen: list[int] = []

    def _json(self, path: str) -> tuple[int, dict | None]:
        status, body = get(self.base, path)
        if status >= 500:
            self.violations.append(f"{path}: {status}")
            return status, None
        try:
            return status, json.loads(body)
        except ValueError:
            self.violations.append(f"{path}: answer is not JSON: {body[:120]!r}")
            return status, None

    def run(self) -> None:
        last_docs = last_hits = 0
        while not self.stop.is_set():
            _, stats = self._json("/api/stats")
            if stats is not None:
                docs = stats.get("documents", 0)
                if docs < last_docs:
                    self.violations.append(f"/api/stats: documents went back from {last_docs} to {docs}")
                last_docs = max(last_docs, docs)
                self.documents_seen.append(docs)
            _, found = self._json(f"/api/search?q={quote(CHECK_QUERY)}&limit=10")
            if found is not None and found.get("ok", True):
                total = found.get("total", 0)
                if total < last_hits:
                    self.violations.append(f"search {CHECK_QUERY}: total went back from {last_hits} to {total}")
                last_hits = max(last_hits, total)
                for hit in found.get("hits", [])[:3]:
                    status, doc = self._json(f"/api/documents/{quote(hit['id'], safe='')}")
                    if status != 200 or doc is None:
                        self.violations.append(f"search hit {hit['id']} does not open as a document ({status})")
            self.rounds += 1


def ingest_beside(python: str, env: dict, batches: list[Path], stop: threading.Event, log: Path) -> subprocess.Popen:
    """A shell loop of `liantu ingest` over the batches, in one background process."""
    script = "set -e\n" + "\n".join(f'"{python}" -m liantu ingest "{b}"' for b in batches) + "\n"
    with open(log, "w") as fh:
        # its own process group, so that stopping it stops the running `liantu ingest` too
        return subprocess.Popen(["sh", "-c", script], env=env, cwd=ROOT, stdout=fh, stderr=subprocess.STDOUT,
                                start_new_session=True)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.load_test", description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=int, default=60)
    parser.add_argument("--connections", type=int, default=32)
    parser.add_argument("--server-threads", type=int, default=8)
    parser.add_argument("--ingest-docs", type=int, default=1200, help="generated articles ingested during the run")
    parser.add_argument("--batches", type=int, default=12, help="separate ingests they are split into")
    parser.add_argument("--json", action="store_true", help="print the result as one JSON object")
    args = parser.parse_args(argv)
    wrk = require_wrk()
    from tests.hardening.corpus import write_corpus

    python = sys.executable
    with tempfile.TemporaryDirectory(prefix="liantu-load-", ignore_cleanup_errors=True) as tmp_name:
        tmp = Path(tmp_name)
        data = tmp / "data"
        env = dict(os.environ, PYTHONPATH=str(ROOT), LIANTU_DATA_DIR=str(data), LIANTU_GRAPH="networkx")
        subprocess.run([python, "-m", "liantu", "ingest", str(ROOT / "corpus" / "samples")], env=env,
                       check=True, stdout=subprocess.DEVNULL, cwd=ROOT)
        paths = write_corpus(tmp / "generated", args.ingest_docs)
        per = max(1, len(paths) // args.batches)
        batches = []
        for i in range(0, len(paths), per):
            folder = tmp / "batches" / f"{i // per:03d}"
            folder.mkdir(parents=True)
            for p in paths[i:i + per]:
                p.rename(folder / p.name)
            batches.append(folder)
        port = free_port()
        base = f"http://127.0.0.1:{port}"
        server_log = open(tmp / "server.log", "w")
        server = serve_app(python, env, port, args.server_threads, server_log)
        stop = threading.Event()
        ingest = None
        try:
            wait_until_up(base, server)
            kinds, refused = {}, []
            for kind, paths_of_kind in request_kinds().items():
                kinds[kind] = [p for p in paths_of_kind if get(base, p)[0] < 400]
                refused += [p for p in paths_of_kind if p not in kinds[kind]]
            empty = [k for k, v in kinds.items() if not v]
            if empty:
                raise SystemExit(f"the app answers no {', '.join(empty)} request of the mix (refused: {refused})")
            mix = interleave(kinds)
            (tmp / "paths.txt").write_text("\n".join(mix) + "\n", encoding="utf-8")
            (tmp / "mix.lua").write_text(LUA, encoding="utf-8")
            _, stats = get(base, "/api/stats")
            docs_before = json.loads(stats)["documents"]
            checker = Checker(base, stop)
            checker.start()
            ingest = ingest_beside(python, env, batches, stop, tmp / "ingest.log")
            started = time.monotonic()
            raw = run_wrk(wrk, tmp / "mix.lua", base, args.connections, args.seconds,
                          dict(os.environ, LIANTU_LOAD_PATHS=str(tmp / "paths.txt")), timeout=args.seconds + 60)
            wall = time.monotonic() - started
            ingest_running_at_end = ingest.poll() is None
            stop.set()
            checker.join(timeout=60)
            _, stats = get(base, "/api/stats")
            docs_after = json.loads(stats)["documents"]
        finally:
            stop.set()
            if ingest is not None and ingest.poll() is None:
                os.killpg(ingest.pid, signal.SIGTERM)
                ingest.wait(timeout=30)
            stop_server(server)
            server_log.close()
        ingest_log = (tmp / "ingest.log").read_text(encoding="utf-8", errors="replace")
    result = {
        "connections": args.connections, "seconds": args.seconds, "wall_s": round(wall, 1),
        **latency_figures(raw), "server_errors_5xx": raw["server_errors"], "bad_json": raw["bad_json"],
        "non_2xx": raw["status"], "socket_errors": raw["connect"] + raw["read"] + raw["write"],
        "timeouts": raw["timeout"], "mix_paths": len(mix), "left_out_paths": refused,
        "documents_before": docs_before, "documents_after": docs_after,
        "ingest_still_running_at_end": ingest_running_at_end,
        "checker_rounds": checker.rounds, "violations": checker.violations[:20],
        "violation_count": len(checker.violations),
    }
    result["passed"] = (raw["server_errors"] == 0 and raw["bad_json"] == 0 and not checker.violations
                        and docs_after > docs_before)
    if args.json:
        print(json.dumps(result, ensure_ascii=False))
    else:
        print(f"load: {args.connections} connections on 127.0.0.1 for {args.seconds} s with an ingest beside it "
              f"(documents {docs_before} -> {docs_after}{', still ingesting at the end' if ingest_running_at_end else ''})")
        print(f"  requests/s  {result['requests_per_s']:.1f}   ({result['requests']} requests over {len(mix)} paths)")
        print(latency_line(result))
        print(f"  5xx {result['server_errors_5xx']}   malformed JSON {result['bad_json']}   non-2xx {result['non_2xx']}   "
              f"socket errors {result['socket_errors']}   timeouts {result['timeouts']}")
        if refused:
            print(f"  left out of the mix (not in the sample data): {', '.join(refused)}")
        print(f"  consistency checker: {checker.rounds} rounds, {len(checker.violations)} violation(s)")
        for v in checker.violations[:10]:
            print(f"    {v}")
        if "Error" in ingest_log or "Traceback" in ingest_log:
            print("  the ingest beside it reported: " + ingest_log.strip().splitlines()[-1])
        print(f"  bar: zero 5xx, zero malformed JSON, no half-written state seen -> "
              f"{'PASS' if result['passed'] else 'FAIL'}")
    return 0 if result["passed"] else 1


if __name__ == "__main__":
    raise SystemExit(main())
