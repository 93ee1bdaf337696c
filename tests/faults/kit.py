"""Helpers of the fault tests: crawl a hostile server under the network guard."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

from tests.crawlkit import crawl

NETGUARD = Path(__file__).resolve().parent / "netguard"


def guarded_crawl(tmp_path: Path, srv, *extra: str, env: dict | None = None):
    """``newsarchive crawl yenisafak`` against ``srv``, every connect() logged and
    any outside 127.0.0.0/8 blocked (tests/faults/netguard). Returns (result, connects)."""
    log = tmp_path / "connects.log"
    log.touch()
    guard = {"PYTHONPATH": str(NETGUARD), "NETGUARD_LOG": str(log)}
    result = crawl(tmp_path / "data", {"yenisafak": srv}, *extra, env={**guard, **(env or {})})
    connects = [tuple(line.split()) for line in log.read_text().splitlines()]
    broken = [ln for ln in result.log_lines()
              if ln.get("logger") == "scrapy.utils.signal" and ln.get("level") == "error"
              or str(ln.get("event", "")).startswith("Spider error processing")]
    assert not broken, broken  # hostile input is handled, never an exception in our code
    return result, connects


def run_stats(data_dir: Path, source: str = "yenisafak") -> dict:
    with sqlite3.connect(data_dir / "catalog.sqlite") as db:
        (stats,) = db.execute("SELECT stats FROM runs ORDER BY started DESC LIMIT 1").fetchone()
    return json.loads(stats or "{}").get("sources", {}).get(source, {})


def pending(data_dir: Path) -> dict[str, tuple[int, str]]:
    with sqlite3.connect(data_dir / "catalog.sqlite") as db:
        rows = db.execute("SELECT url, attempts, last_error FROM pending").fetchall()
    return {url: (attempts, err) for url, attempts, err in rows}


def events(result, name: str) -> list[dict]:
    return [ln for ln in result.log_lines() if ln.get("event") == name]
