"""Spool recovery sets aside what it cannot index, reports it, and carries on."""

from __future__ import annotations

import sqlite3

from tests.crawlkit import crawl, newsarchive
from tests.sitesim import SiteServer
from tests.test_warc_writer import capture, writer


def _damaged_warc(tmp_path) -> bytes:
    """Records, then half a gzip member (what a failed write used to leave), then records."""
    closed = []
    w = writer(tmp_path / "make", closed)
    w.write_capture(capture("http://127.0.0.1:9/one"))
    two = w.write_capture(capture("http://127.0.0.1:9/two"))
    w.close()
    data = closed[0].path.read_bytes()
    start = two[0].offset
    return data[:start] + data[start:start + two[0].length // 2] + data[start:]


def test_recovery_quarantines_damaged_warcs_and_the_crawl_carries_on(tmp_path):
    bad = _damaged_warc(tmp_path)
    day = tmp_path / "spool" / "warcs" / "yenisafak" / "2026" / "11" / "20"
    day.mkdir(parents=True)
    (day / "left-open-00000-h.warc.gz.open").write_bytes(bad)  # killed mid-run
    (day / "finished-00001-h.warc.gz").write_bytes(bad)  # closed, never registered
    with SiteServer("yenisafak") as srv:
        first = crawl(tmp_path, {"yenisafak": srv})
        second = crawl(tmp_path, {"yenisafak": srv})  # and the next run is not stuck
    for run in (first, second):
        assert run.returncode == 0, run.stdout + run.stderr[-3000:]
        assert "Traceback" not in run.stdout
    assert first.stdout.splitlines()[0].endswith(": degraded")  # said, not hidden
    quarantine = tmp_path / "spool" / ".quarantine" / "warcs" / "yenisafak" / "2026" / "11" / "20"
    kept = sorted(p.name for p in quarantine.iterdir())
    assert kept == ["finished-00001-h.warc.gz", "left-open-00000-h.warc.gz.open"]
    assert all((quarantine / name).read_bytes() == bad for name in kept)  # kept whole
    with sqlite3.connect(tmp_path / "catalog.sqlite") as db:
        keys = [k for (k,) in db.execute("SELECT key FROM objects")]
        archived = db.execute("SELECT count(*) FROM articles WHERE relevant=1").fetchone()[0]
    assert not [k for k in keys if "finished-00001" in k or "left-open" in k]
    assert archived == sum(r.relevant for r in srv.records)

    status = newsarchive("status", "--data-dir", str(tmp_path))
    assert status.returncode == 0
    assert "quarantined: 2 file(s)" in status.stdout
    assert "finished-00001-h.warc.gz" in status.stdout
    audit = newsarchive("verify", "--data-dir", str(tmp_path))
    assert audit.returncode == 1, audit.stdout
    assert audit.stdout.count("quarantine ") == 2, audit.stdout
