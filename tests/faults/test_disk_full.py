"""Disk full while archiving: nothing half-written, nothing recorded that is not on disk,
nothing lost. Real faults only: a file-size limit from the kernel (EFBIG) and small tmpfs
mounts (ENOSPC)."""

from __future__ import annotations

import errno
import os
import sqlite3

import pytest
from warcio.archiveiterator import ArchiveIterator

from archive.warc.cdxj import index_warc
from tests.crawlkit import crawl, newsarchive, warc_files
from tests.faults.diskfull import (article_states, file_size_limit, grow, lost_articles,
                                   tmpfs, warcio_check)
from tests.sitesim import SiteServer
from tests.test_warc_writer import capture, writer


def _uris(path):
    with open(path, "rb") as f:
        it = ArchiveIterator(f)
        return [(r.rec_type, r.rec_headers.get_header("WARC-Target-URI"), it.get_record_offset())
                for r in it]


@pytest.mark.parametrize("body_size,room", [(3_000, 1_000), (200_000, 50_000)])
def test_a_capture_that_hits_the_file_size_limit_leaves_the_file_as_it_was(
        tmp_path, body_size, room):
    closed = []
    w = writer(tmp_path, closed)
    w.write_capture(capture("http://127.0.0.1:9/one"))
    [open_file] = tmp_path.rglob("*.open")
    before = open_file.read_bytes()
    body = os.urandom(body_size)  # small: it would sit in a buffer; big: written through
    with file_size_limit(len(before) + room):  # the kernel cuts the write part-way
        with pytest.raises(OSError) as failed:
            w.write_capture(capture("http://127.0.0.1:9/two", body=body))
    assert failed.value.errno == errno.EFBIG
    assert open_file.read_bytes() == before  # exactly as before the capture
    third = w.write_capture(capture("http://127.0.0.1:9/three"))
    w.close()
    [warc] = closed
    seen = _uris(warc.path)
    assert [(t, u) for t, u, _ in seen] == [
        ("warcinfo", None), ("response", "http://127.0.0.1:9/one"),
        ("request", "http://127.0.0.1:9/one"), ("response", "http://127.0.0.1:9/three"),
        ("request", "http://127.0.0.1:9/three")]
    assert seen[3][2] == third[0].offset  # the catalog's offset finds the record
    assert warc.records == 5
    assert warc.cdxj == index_warc(warc.path)  # the failed capture left no index line
    assert b"/two" not in warc.cdxj
    warcio_check([warc.path])


def test_a_new_warc_that_cannot_take_its_warcinfo_is_not_left_behind(tmp_path):
    closed = []
    w = writer(tmp_path, closed)
    with file_size_limit(100):
        with pytest.raises(OSError):
            w.write_capture(capture("http://127.0.0.1:9/one"))
    assert not [p for p in tmp_path.rglob("*") if p.is_file()]
    w.write_capture(capture("http://127.0.0.1:9/two"))
    w.close()
    assert [(t, u) for t, u, _ in _uris(closed[0].path)] == [
        ("warcinfo", None), ("response", "http://127.0.0.1:9/two"),
        ("request", "http://127.0.0.1:9/two")]


def _fixture_urls(srv) -> set[str]:
    return {srv.base_url + r.path for r in srv.records}


def test_a_crawl_into_a_full_spool_loses_no_article(tmp_path):
    spool, store = tmp_path / "spool", tmp_path / "store"
    env = {"NEWSARCHIVE_SPOOL_DIR": str(spool)}
    with SiteServer("yenisafak") as srv, tmpfs(spool, "48k"):
        full = crawl(tmp_path, {"yenisafak": srv}, env=env)
        # the parent survived, shipped what it could and says why it failed, in one line
        assert full.returncode == 4, full.stdout + full.stderr[-3000:]
        assert "Traceback" not in full.stdout
        [message] = [ln for ln in full.stderr.splitlines() if ln.startswith("newsarchive:")]
        assert "No space left on device" in message, message
        assert lost_articles(tmp_path, spool, store) == []
        states = article_states(tmp_path, "yenisafak")
        assert _fixture_urls(srv) <= states["seen"] | states["pending"]
        assert states["pending"], "the spool never filled up: the test shows nothing"
        assert not states["seen"] & states["pending"]

        grow(spool, "64m")  # space is back
        again = crawl(tmp_path, {"yenisafak": srv}, env=env)
        assert again.returncode == 0, again.stdout + again.stderr[-3000:]
        states = article_states(tmp_path, "yenisafak")
        assert states["pending"] == set() and _fixture_urls(srv) <= states["seen"]
        assert lost_articles(tmp_path, spool, store) == []
        assert not [p for p in spool.rglob("*") if p.is_file()]  # everything shipped
    warcio_check(warc_files(store))
    with sqlite3.connect(tmp_path / "catalog.sqlite") as db:
        archived = db.execute("SELECT count(*) FROM articles WHERE relevant=1").fetchone()[0]
    assert archived == sum(r.relevant for r in srv.records)
    audit = newsarchive("verify", "--data-dir", str(tmp_path))
    assert audit.returncode == 0, audit.stdout + audit.stderr[-2000:]


@pytest.mark.parametrize("size", ["160k", "400k"])
def test_a_crawl_whose_whole_data_directory_fills_up_loses_no_article(tmp_path, size):
    """Catalog, spool and store on one small filesystem: ENOSPC can strike anywhere
    (WARCs, metadata, SQLite and its WAL, spool registration and recovery, manifests,
    the store's copies, the run record). 160k: the crawl child cannot even record its
    counters; 400k: spool recovery after the crawl cannot index a WARC."""
    data = tmp_path / "data"
    with SiteServer("yenisafak") as srv, tmpfs(data, size):
        sites = {"yenisafak": srv}
        # the store shares the full disk: do not wait a minute for it to take uploads
        full = crawl(data, sites, env={"NEWSARCHIVE_SHIP_DEADLINE_S": "3"})
        assert full.returncode == 4, full.stdout + full.stderr[-3000:]
        [message] = [ln for ln in full.stderr.splitlines() if ln.startswith("newsarchive:")]
        assert "disk is full" in message or "No space left" in message, message
        if size == "400k":  # the crawl ran; recovery after it could not index a WARC
            assert "spool recovery" in message, message
        assert lost_articles(data, data / "spool", data / "store") == []
        states = article_states(data, "yenisafak")
        assert not states["seen"] & states["pending"]

        grow(data, "64m")
        again = crawl(data, sites)
        assert again.returncode == 0, again.stdout + again.stderr[-3000:]
        assert lost_articles(data, data / "spool", data / "store") == []
        states = article_states(data, "yenisafak")
        assert states["pending"] == set() and _fixture_urls(srv) <= states["seen"]
        warcio_check(warc_files(data / "store"))
        audit = newsarchive("verify", "--data-dir", str(data))
        assert audit.returncode == 0, audit.stdout + audit.stderr[-2000:]


def _fill(path) -> None:
    """Take every free byte of the filesystem holding ``path``."""
    with open(path, "wb", buffering=0) as f:
        try:
            while True:
                f.write(b"\0" * 4096)
        except OSError as e:
            assert e.errno == errno.ENOSPC


def test_a_full_spool_ships_its_backlog_first_then_crawls(tmp_path):
    fs = tmp_path / "fs"
    spool, store = fs / "spool", tmp_path / "store"
    with SiteServer("yenisafak") as srv, tmpfs(fs, "128k"):
        from archive.catalog import SqliteCatalog
        from archive.spool import Spool

        catalog = SqliteCatalog(tmp_path / "catalog.sqlite")
        backlog = [f"metadata/yenisafak/2026/11/20/old{i}.json" for i in range(8)]
        for key in backlog:  # an earlier run could not ship these
            Spool(spool, catalog).add_bytes(key, "metadata", os.urandom(6000))
        catalog.close()
        _fill(fs / "filler")
        result = crawl(tmp_path, {"yenisafak": srv}, env={"NEWSARCHIVE_SPOOL_DIR": str(spool)})
        assert result.returncode in (0, 4), result.stdout + result.stderr[-3000:]
        assert all((store / key).is_file() for key in backlog)  # shipped, making room
        # and then it crawled
        assert {e.path for e in srv.log} & {r.path for r in srv.records}
        assert lost_articles(tmp_path, spool, store) == []


def test_a_full_spool_with_nothing_to_ship_does_not_crawl(tmp_path):
    fs = tmp_path / "fs"
    spool = fs / "spool"
    with SiteServer("yenisafak") as srv, tmpfs(fs, "64k"):
        spool.mkdir()
        _fill(fs / "filler")
        result = crawl(tmp_path, {"yenisafak": srv}, env={"NEWSARCHIVE_SPOOL_DIR": str(spool)})
        fetched = [e.path for e in srv.log if e.path != "/robots.txt"]
    assert result.returncode == 4, result.stdout + result.stderr[-3000:]
    [message] = [ln for ln in result.stderr.splitlines() if ln.startswith("newsarchive:")]
    assert "spool directory" in message and "No space left on device" in message, message
    assert fetched == []
    assert result.stdout.splitlines()[0].endswith(": failed")  # recorded as a failed run


def test_a_catalog_disk_filling_up_mid_pass_stops_concurrent_shipping_losing_nothing(tmp_path):
    """Uploads run four at a time; the catalog's disk fills while some are in flight: the
    pass stops, no key is marked stored that is not in the store, every other file stays
    spooled, and once there is room the next pass ships them."""
    from archive.catalog import SqliteCatalog
    from archive.spool import Shipper, Spool
    from archive.store import LocalStore
    from tests.shipkit import Watched, check_books, fill_spool

    fs = tmp_path / "fs"
    with tmpfs(fs, "4m"):
        catalog = SqliteCatalog(fs / "catalog.sqlite")
        spool = Spool(tmp_path / "spool", catalog)
        keys = fill_spool(spool, articles=40, warcs=2)

        def before(key, n):
            if n == 10:
                _fill(fs / "filler")

        store = Watched(LocalStore(tmp_path / "store"), before=before)
        result = Shipper(spool, store, concurrency=4).ship_pending()
        assert 1 <= result.failed and result.shipped < 20 and result.refused == 0
        assert result.pending == len(keys) - result.shipped
        assert store.calls < 10 + 2 * 4  # the pass stopped submitting
        stored, spooled = check_books(spool, store, keys)
        assert len(stored) == result.shipped and stored <= set(store.returned)
        (fs / "filler").unlink()
        again = Shipper(spool, store, concurrency=4).ship_pending()
        assert (again.shipped, again.pending) == (len(spooled), 0)
        assert check_books(spool, store, keys) == (set(keys), set())
        catalog.close()
