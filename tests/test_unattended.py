"""What keeps an unattended crawl from silently losing articles or stopping."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time

from archive.spool import Shipper, Spool
from archive.store import LocalStore
from tests.crawlkit import FAST, ROOT, crawl, summary_row
from tests.sitesim import SiteServer


def test_articles_over_the_limit_are_fetched_by_later_runs(tmp_path):
    with SiteServer("yenisafak") as srv:
        first = crawl(tmp_path, {"yenisafak": srv}, "--limit", "3")
        rest = crawl(tmp_path, {"yenisafak": srv})  # feeds and listings now answer 304
    assert summary_row(first.stdout, "yenisafak")["new"] == 3
    assert summary_row(rest.stdout, "yenisafak")["new"] == len(srv.records) - 3
    with sqlite3.connect(tmp_path / "catalog.sqlite") as db:
        assert db.execute("SELECT count(*) FROM pending").fetchone()[0] == 0
        assert db.execute("SELECT count(*) FROM articles").fetchone()[0] == len(srv.records)


def test_an_error_while_archiving_degrades_the_run_and_is_retried(tmp_path):
    with SiteServer("sputnik") as srv:
        broken = crawl(tmp_path, {"sputnik": srv},
                       env={"NEWSARCHIVE_TOPIC_PROFILE": str(tmp_path / "missing.yaml")})
        assert broken.returncode == 0
        assert "degraded" in broken.stdout.splitlines()[0]
        row = summary_row(broken.stdout, "sputnik")
        assert row["archived"] == 0 and row["failed"] == row["new"] > 0
        fixed = crawl(tmp_path, {"sputnik": srv})
    assert summary_row(fixed.stdout, "sputnik")["new"] == row["new"]  # all retried from pending
    assert fixed.stdout.splitlines()[0].endswith(": ok")


def test_a_file_rewritten_while_uploading_is_not_lost(tmp_path, catalog):
    spool = Spool(tmp_path / "spool", catalog)
    key = "metadata/s/2026/11/21/1.json"
    spool.add_bytes(key, "metadata", b'{"v": 1}')

    class RewritingStore(LocalStore):
        def put_file(self, key, path, **kw):  # the crawl writes v2 during the upload
            obj = super().put_file(key, path, **kw)
            spool.add_bytes(key, "metadata", b'{"v": 2}')
            return obj

    store = RewritingStore(tmp_path / "store")
    Shipper(spool, store).ship_pending()
    assert (tmp_path / "spool" / key).read_bytes() == b'{"v": 2}'
    assert catalog.get_object(key).status == "spooled"
    Shipper(spool, LocalStore(tmp_path / "store")).ship_pending()
    assert (tmp_path / "store" / key).read_bytes() == b'{"v": 2}'
    assert catalog.get_object(key).status == "stored"


def _spawn(tmp_path, srv, extra=()):
    cmd = [sys.executable, "-m", "newsarchive.cli", "crawl", "--data-dir", str(tmp_path),
           "--base-url", f"sputnik={srv.base_url}", "--since", "2026-11-01", "sputnik", *extra]
    env = {**os.environ, **FAST, "AWS_SECRET_ACCESS_KEY": "parent-only-secret",
           "NEWSARCHIVE_S3__SECRET_ACCESS_KEY": "parent-only-secret"}
    return subprocess.Popen(cmd, cwd=ROOT, env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def _children(pid: int) -> list[int]:
    out = subprocess.run(["ps", "-o", "pid=", "--ppid", str(pid)], capture_output=True,
                         text=True).stdout
    return [int(x) for x in out.split()]


def test_crawl_child_dies_with_its_parent_and_holds_the_lock(tmp_path):
    with SiteServer("sputnik") as srv:
        srv.faults.add(r"\d+\.html$", "slow", delay=0.5)
        parent = _spawn(tmp_path, srv)
        deadline = time.monotonic() + 30
        while not _children(parent.pid) and time.monotonic() < deadline:
            time.sleep(0.1)
        [child] = _children(parent.pid)
        environ = open(f"/proc/{child}/environ", "rb").read()
        assert b"parent-only-secret" not in environ  # storage credentials stay in the parent
        time.sleep(1.0)
        second = _spawn(tmp_path, srv)  # the lock is held: refused at once
        assert second.wait(30) == 75
        os.kill(parent.pid, signal.SIGKILL)
        parent.wait()
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                os.kill(child, 0)
            except ProcessLookupError:
                break
            time.sleep(0.2)
        else:
            os.kill(child, signal.SIGKILL)
            raise AssertionError("the crawl child outlived its parent")
        srv.faults.clear()
        again = crawl(tmp_path, {"sputnik": srv}, "--since", "2026-11-01")
    assert again.returncode == 0, again.stderr[-2000:]
    assert not list(tmp_path.rglob("*.open"))
    with sqlite3.connect(tmp_path / "catalog.sqlite") as db:
        assert db.execute("SELECT count(*) FROM objects WHERE status!='stored'").fetchone()[0] == 0


def test_a_crawl_over_its_time_limit_is_stopped_and_fails(tmp_path):
    with SiteServer("sputnik") as srv:
        srv.faults.add(r"\d+\.html$", "slow", delay=1.0)
        result = crawl(tmp_path, {"sputnik": srv}, "--since", "2026-11-01",
                       env={"NEWSARCHIVE_CRAWL_TIMEOUT_S": "3"})
    assert result.returncode != 0
    assert result.stdout.splitlines()[0].endswith(": failed")
    assert any(line.get("event") == "crawl exceeded its time limit; stopping it"
               for line in result.log_lines())
    assert not list(tmp_path.rglob("*.open"))  # Scrapy closed its WARCs on SIGTERM


def test_machines_sharing_a_catalog_ship_only_their_own_spool(tmp_path, catalog):
    """i9-twosched: the catalog lists every machine's spooled files; a shipper that took
    the other's (its own spool path on another host, or the other's file on this one)
    raced its owner and counted refusals. Each ships, counts and recovers its own."""
    a, b = Spool(tmp_path / "a" / "spool", catalog), Spool(tmp_path / "b" / "spool", catalog)
    a.add_bytes("metadata/s/2026/12/01/1.json", "metadata", b'{"a": 1}')
    b.add_bytes("metadata/s/2026/12/01/2.json", "metadata", b'{"b": 2}')
    a.add_bytes("manifests/s/2026/12/01.jsonl", "manifest", b"a\n")
    b.add_bytes("manifests/s/2026/12/01.jsonl", "manifest", b"a\nb\n")  # B's is the newer
    assert a.backlog()["files"] == 1 and b.backlog()["files"] == 2
    store = LocalStore(tmp_path / "store")
    shipped = Shipper(a, store).ship_pending()
    assert (shipped.shipped, shipped.refused) == (1, 0)
    assert (tmp_path / "b" / "spool" / "metadata/s/2026/12/01/2.json").exists()  # not A's
    assert a.recover() == []  # A's manifest was replaced by B's: dropped, not shipped
    assert not (tmp_path / "a" / "spool" / "manifests/s/2026/12/01.jsonl").exists()
    shipped = Shipper(b, store).ship_pending()
    assert (shipped.shipped, shipped.refused) == (2, 0)
    assert (tmp_path / "store" / "manifests/s/2026/12/01.jsonl").read_bytes() == b"a\nb\n"
    assert catalog.objects(status="spooled") == []
