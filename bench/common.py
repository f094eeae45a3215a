"""Helpers shared by the benchmarks: where the shared data is, peak memory, table printing,
loopback ports, serving the app, and driving it with wrk."""
from __future__ import annotations

import json
import os
import resource
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHARED = Path(os.environ.get("LIANTU_SHARED", ROOT / ".." / "shared")).resolve()


def shared_or_exit(*parts: str) -> Path:
    """A path under the shared data folder; exits with a clear message when it is missing."""
    path = SHARED.joinpath(*parts)
    if not path.exists():
        sys.exit(f"benchmark data not found: {path} (the shared data folder lives at ../shared)")
    return path


def peak_rss_mb() -> dict[str, float]:
    """Peak resident memory in MB of this process and of its finished child processes."""
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    return {"self_mb": round(own, 1), "children_mb": round(children, 1)}


def print_table(rows: list[tuple], headers: tuple) -> None:
    """A plain fixed-width table on stdout."""
    widths = [max(len(str(r[i])) for r in [headers, *rows]) for i in range(len(headers))]
    for row in [headers, tuple("-" * w for w in widths), *rows]:
        print("  ".join(str(c).ljust(w) for c, w in zip(row, widths, strict=False)))


def free_port() -> int:
    """A free TCP port on 127.0.0.1."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_until_up(base: str, server: subprocess.Popen, seconds: float = 60) -> None:
    """Wait until the app at `base` answers /api/stats; exit if the server dies or stays silent."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit(f"the server exited with status {server.returncode}")
        try:
            urllib.request.urlopen(base + "/api/stats", timeout=2).read()
            return
        except urllib.error.HTTPError:
            return  # it answered
        except (urllib.error.URLError, OSError):
            time.sleep(0.2)
    raise SystemExit(f"the server did not answer within {seconds:.0f} s")


def serve_app(python: str, env: dict, port: int, threads: int, log) -> subprocess.Popen:
    """`liantu serve` on 127.0.0.1:`port` in a child process, its output to the open file `log`
    (a pipe nobody reads would fill and stall the server)."""
    return subprocess.Popen([python, "-m", "liantu", "serve", "--host", "127.0.0.1", "--port", str(port),
                             "--threads", str(threads)], env=env, cwd=ROOT, stdout=log, stderr=subprocess.STDOUT)


def stop_server(server: subprocess.Popen) -> None:
    """Stop a served app: politely, then by force after ten seconds."""
    server.terminate()
    try:
        server.wait(timeout=10)
    except subprocess.TimeoutExpired:
        server.kill()
        server.wait()


def interleave(kinds: dict[str, list[str]]) -> list[str]:
    """One list that mixes the kinds of request all along (a stretch of the run never holds one kind only)."""
    longest = max(len(v) for v in kinds.values())
    return [v[i % len(v)] for i in range(longest) for v in kinds.values()]


def require_wrk() -> str:
    """The path of wrk; exits with a clear message when it is not installed."""
    wrk = shutil.which("wrk")
    if not wrk:
        raise SystemExit("wrk is not installed (apt-get install wrk)")
    return wrk


def run_wrk(wrk: str, script: Path, base: str, connections: int, seconds: int, env: dict,
            timeout: float | None = None) -> dict:
    """Run wrk with a Lua `script` whose `done` prints one `LIANTU_RESULT {json}` line; that JSON."""
    run = subprocess.run([wrk, "-t", "2", "-c", str(connections), "-d", f"{seconds}s", "--timeout", "10s",
                          "-s", str(script), base], env=env, capture_output=True, text=True, timeout=timeout)
    line = next((ln for ln in run.stdout.splitlines() if ln.startswith("LIANTU_RESULT ")), None)
    if line is None:
        raise SystemExit(f"wrk printed no result: {run.stdout[-500:]} {run.stderr[-500:]}")
    return json.loads(line.split(" ", 1)[1])


def latency_figures(raw: dict) -> dict:
    """Requests, requests/s and latency percentiles in ms from wrk's raw figures."""
    return {"requests": raw["requests"], "requests_per_s": round(raw["requests"] / (raw["duration_us"] / 1e6), 1),
            "p50_ms": raw["p50_us"] / 1000, "p95_ms": raw["p95_us"] / 1000, "p99_ms": raw["p99_us"] / 1000,
            "max_ms": raw["max_us"] / 1000}


def latency_line(result: dict) -> str:
    """The printed latency line of a result with `latency_figures`."""
    return (f"  latency ms  p50 {result['p50_ms']:.1f}   p95 {result['p95_ms']:.1f}   p99 {result['p99_ms']:.1f}   "
            f"max {result['max_ms']:.1f}")
