"""``/healthz`` of the replay server, from the status file the index sync writes
(kept apart from :mod:`.server`, which monkey-patches the process for gevent)."""

from __future__ import annotations

import json
import time
from pathlib import Path


def health(index_dir: Path, sync_every: float, now: float | None = None) -> tuple[bool, dict]:
    """Healthy once the first sync is done and a sync succeeded within
    ``max(10 × sync_every, 600 s)`` (a store out for longer leaves the index stale)."""
    now = time.time() if now is None else now
    try:
        status = json.loads((index_dir / "status.json").read_text())
    except (FileNotFoundError, ValueError):
        return False, {"reason": "the first sync of the index has not finished"}
    stale_after = max(10 * sync_every, 600.0)
    last_ok = status.get("last_ok") or 0
    ok = bool(status.get("initial_sync_done")) and now - last_ok <= stale_after
    doc = {k: status.get(k) for k in ("synced_objects", "index_files", "last_ok",
                                       "last_error", "initial_sync_done")}
    doc["age_s"] = round(now - last_ok, 1) if last_ok else None
    if not ok:
        doc["reason"] = ("the first sync of the index has not finished"
                         if not status.get("initial_sync_done")
                         else f"no successful sync for {doc['age_s']} s")
    return ok, doc
