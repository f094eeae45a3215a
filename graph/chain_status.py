"""Status rules: the stage a project has reached, and whether a region has a link, holds it weakly or lacks it.

Status of a link for a region (the region's own code plus every division, town and zone inside it):
- `gap`: no local project or enterprise;
- `weak`: everything local is a project stuck at 签约 — signed more than `stale_days` (default
  180) before the reference date, with no later stage in any article;
- `strong`: a local project has reached 开工, 竣工, 投产 or 增资扩产, or at least `strong_min`
  (default 3) local enterprises work in the link;
- `present`: anything else (a recent signing, a project of unknown stage, one or two enterprises).

The reason of a status is data (`{"kind": ..., ...}`); its sentence is written where it is shown.
"""
from __future__ import annotations

from datetime import date
from typing import Any

from ingest.model import STAGES

STATUSES = ("gap", "weak", "present", "strong")
STAGE_ORDER = {stage: i for i, stage in enumerate(STAGES, 1)}
ADVANCED_STAGES = STAGES[1:]
DEFAULT_STALE_DAYS = 180
DEFAULT_STRONG_MIN = 3


def days_between(earlier: str | None, later: str | None) -> int | None:
    """Whole days from one ISO date to another, or None when either is missing or malformed."""
    if earlier is None or later is None:
        return None
    try:
        return (date.fromisoformat(later[:10]) - date.fromisoformat(earlier[:10])).days
    except (TypeError, ValueError):
        return None


def project_status(props: dict[str, Any]) -> tuple[str | None, str | None, str | None]:
    """(latest status, its date, date of signing) from a project's props.

    The latest status is the furthest stage any article reports: a later stage moves a project on
    whatever order the articles came in.
    """
    history = [s for s in props.get("status_history") or () if s.get("status") in STAGE_ORDER]
    stated = props.get("status")
    stages = [s["status"] for s in history] + ([stated] if stated in STAGE_ORDER else [])
    status = max(stages, key=STAGE_ORDER.__getitem__) if stages else stated
    history.sort(key=lambda s: (s.get("date") or "", STAGE_ORDER[s["status"]]))
    status_date = next((s.get("date") for s in reversed(history) if s["status"] == status), None)
    signed = next((s.get("date") for s in history if s["status"] == "签约"), None)
    if status == "签约" and signed is None:
        signed = props.get("date")
    return status, status_date or props.get("date"), signed


def link_status(projects: list[dict[str, Any]], enterprises: list[dict[str, Any]],
                stale_days: int = DEFAULT_STALE_DAYS, strong_min: int = DEFAULT_STRONG_MIN) -> tuple[str, dict[str, Any]]:
    """(status, reason) of one link from its local project and enterprise rows.

    The reason is a dict with a `kind` (nothing, advanced, enterprises, stalled, present) and the
    facts its sentence names.
    """
    if not projects and not enterprises:
        return "gap", {"kind": "nothing"}
    advanced = [p for p in projects if p.get("status") in ADVANCED_STAGES]
    if advanced:
        best = max(advanced, key=lambda p: STAGE_ORDER[p["status"]])
        return "strong", {"kind": "advanced", "project": best["name"], "stage": best["status"], "count": len(advanced)}
    if len(enterprises) >= strong_min:
        return "strong", {"kind": "enterprises", "count": len(enterprises)}
    stale = [p for p in projects if p.get("status") == "签约" and p.get("days_since_signing") is not None
             and p["days_since_signing"] > stale_days]
    if not enterprises and projects and len(stale) == len(projects):
        oldest = max(stale, key=lambda p: p["days_since_signing"])
        return "weak", {"kind": "stalled", "project": oldest["name"], "days": oldest["days_since_signing"],
                        "stale_days": stale_days, "count": len(stale)}
    return "present", {"kind": "present", "projects": len(projects),
                       "stages": sorted({p.get("status") or "" for p in projects}), "enterprises": len(enterprises)}
