"""Helpers shared by the benchmarks: where the shared data is, peak memory, table printing."""
from __future__ import annotations

import os
import resource
import sys
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
        print("  ".join(str(c).ljust(w) for c, w in zip(row, widths)))
