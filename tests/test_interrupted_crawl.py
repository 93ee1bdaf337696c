"""A crawl killed mid-run (power cut, OOM kill) loses nothing it had archived."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time

from tests.crawlkit import FAST, ROOT, crawl, newsarchive, warc_files
from tests.sitesim import SiteServer


def archived_count(db) -> int:
    if not db.exists():
        return 0
    try:
        with sqlite3.connect(db, timeout=5) as c:
            return c.execute("SELECT count(*) FROM articles WHERE relevant=1").fetchone()[0]
    except sqlite3.OperationalError:
        return 0


def test_killed_crawl_is_finished_by_the_next_run(tmp_path):
    with SiteServer("sputnik") as srv:
        srv.faults.add(r"\d+\.html$", "slow", delay=0.4)
        cmd = [sys.executable, "-m", "newsarchive.cli", "crawl", "--data-dir", str(tmp_path),
               "--base-url", f"sputnik={srv.base_url}", "--since", "2026-11-01", "sputnik"]
        proc = subprocess.Popen(cmd, cwd=ROOT, env={**os.environ, **FAST},
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                                start_new_session=True)
        deadline = time.monotonic() + 60
        while archived_count(tmp_path / "catalog.sqlite") < 2 and time.monotonic() < deadline:
            time.sleep(0.1)
        os.killpg(proc.pid, signal.SIGKILL)  # parent and crawl child, no chance to clean up
        proc.wait()
        left_open = list((tmp_path / "spool").rglob("*.warc.gz.open"))
        assert left_open, "the killed run should have left its WARC open"
        before = archived_count(tmp_path / "catalog.sqlite")
        assert before >= 2

        srv.faults.clear()
        result = crawl(tmp_path, {"sputnik": srv}, "sputnik", "--since", "2026-11-01")
        assert result.returncode == 0, result.stderr[-3000:]
        assert any(line.get("event") == "finished a WARC an interrupted run left open"
                   for line in result.log_lines())
    store = tmp_path / "store"
    assert not list(tmp_path.rglob("*.open"))
    for f in warc_files(store):
        check = subprocess.run([sys.executable, "-m", "warcio.cli", "check", str(f)],
                               capture_output=True, text=True)
        assert check.returncode == 0, check.stdout
    relevant = [r for r in srv.records if r.relevant and r.published.year == 2026]
    assert archived_count(tmp_path / "catalog.sqlite") == len(relevant)
    verify = newsarchive("verify", "--data-dir", str(tmp_path))
    assert verify.returncode == 0, verify.stdout + verify.stderr
