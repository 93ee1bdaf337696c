"""A store or spool that cannot take anything stops the run before it crawls, in one
line and with a non-zero exit code (real SeaweedFS, real read-only mounts)."""

from __future__ import annotations

import uuid

import pytest

from archive.spool import ShipResult
from newsarchive.run import judge
from tests.crawlkit import crawl
from tests.faults.diskfull import tmpfs
from tests.sitesim import SiteServer
from tests.test_s3_crawl import s3_env


def _one_line(result) -> str:
    lines = [ln for ln in result.stderr.splitlines() if ln.startswith("newsarchive:")]
    assert len(lines) == 1, result.stderr[-3000:]
    assert "Traceback" not in result.stderr, result.stderr[-3000:]
    return lines[0]


def _pages(srv) -> list[str]:
    return [e.path for e in srv.log if e.path != "/robots.txt"]


@pytest.mark.parametrize("fault", ["wrong secret", "missing bucket"])
def test_an_unusable_s3_store_stops_the_run_before_it_crawls(s3, s3_bucket, tmp_path, fault):
    env = s3_env(s3)
    bucket = s3_bucket
    if fault == "wrong secret":
        env["AWS_SECRET_ACCESS_KEY"] = "wrong" + uuid.uuid4().hex
    else:
        bucket = "no-such-bucket-" + uuid.uuid4().hex[:12]
    with SiteServer("yenisafak") as srv:
        result = crawl(tmp_path, {"yenisafak": srv}, "--store", f"s3://{bucket}/archive",
                       env=env)
        fetched = _pages(srv)
    assert result.returncode == 5, result.stdout + result.stderr[-3000:]
    line = _one_line(result)
    assert ("does not exist" if fault == "missing bucket" else "denied") in line, line
    assert s3.secret_key not in result.stderr and env["AWS_SECRET_ACCESS_KEY"] not in line
    assert fetched == []  # failed fast: not one page fetched for nothing


def test_a_read_only_spool_stops_the_run_before_it_crawls(tmp_path):
    spool = tmp_path / "spool"
    with SiteServer("yenisafak") as srv, tmpfs(spool, "1m", readonly=True):
        result = crawl(tmp_path, {"yenisafak": srv},
                       env={"NEWSARCHIVE_SPOOL_DIR": str(spool)})
        fetched = _pages(srv)
    assert result.returncode == 4, result.stdout + result.stderr[-3000:]
    line = _one_line(result)
    assert "spool directory" in line and "Read-only file system" in line, line
    assert fetched == []


def test_a_read_only_local_store_stops_the_run_before_it_crawls(tmp_path):
    store = tmp_path / "store"
    with SiteServer("yenisafak") as srv, tmpfs(store, "1m", readonly=True):
        result = crawl(tmp_path, {"yenisafak": srv}, "--store", str(store))
        fetched = _pages(srv)
    assert result.returncode == 5, result.stdout + result.stderr[-3000:]
    line = _one_line(result)
    assert "unusable" in line and "Read-only file system" in line, line
    assert fetched == []


def test_a_run_whose_every_upload_was_refused_fails():
    stats = {"discovery_fetched": 3, "archived": 2}
    status, reasons, code = judge(0, ["s"], {"s": stats}, {"files": 4},
                                  ShipResult(shipped=0, failed=4, refused=4, pending=4))
    assert (status, code) == ("failed", 5) and "refused all 4" in reasons[0]
    status, _, code = judge(0, ["s"], {"s": stats}, {"files": 1},
                            ShipResult(shipped=3, failed=1, refused=1, pending=1))
    assert (status, code) == ("degraded", 0)  # some stored: retried next run
