"""The embedded local store and the spool/shipper on top of it."""

from __future__ import annotations

import hashlib
import threading
import time

import pytest

from archive.spool import Shipper, Spool
from archive.store import IntegrityError, LocalStore, StoreUnavailable, sha256_file
from tests.shipkit import Watched, catalog_calls, check_books, fill_spool


def test_put_file_verifies_and_is_idempotent(tmp_path):
    store = LocalStore(tmp_path / "store")
    src = tmp_path / "a.warc.gz"
    src.write_bytes(b"x" * 5000)
    digest = sha256_file(src)
    obj = store.put_file("warcs/s/2026/11/21/a.warc.gz", src, sha256=digest,
                         metadata={"records": "3"})
    assert obj.size == 5000 and obj.sha256 == digest
    before = (tmp_path / "store/warcs/s/2026/11/21/a.warc.gz").stat().st_mtime_ns
    again = store.put_file("warcs/s/2026/11/21/a.warc.gz", src, sha256=digest)
    assert again.sha256 == digest
    assert (tmp_path / "store/warcs/s/2026/11/21/a.warc.gz").stat().st_mtime_ns == before
    assert [o.key for o in store.list("warcs/")] == ["warcs/s/2026/11/21/a.warc.gz"]
    assert store.head("warcs/s/2026/11/21/a.warc.gz").metadata == {"records": "3"}
    with pytest.raises(IntegrityError):
        store.put_file("warcs/s/b.warc.gz", src, sha256="0" * 64)
    assert store.head("warcs/s/b.warc.gz") is None  # nothing half-written is left


def test_shipper_deletes_local_file_only_after_verified_store(tmp_path, catalog):
    spool = Spool(tmp_path / "spool", catalog)
    key = "metadata/s/2026/11/21/1.json"
    spool.add_bytes(key, "metadata", b'{"a": 1}', source="s", run_id="r")

    class Down:
        url = "down://"

        def put_file(self, *a, **k):
            raise StoreUnavailable("connection refused")

        def head(self, key):
            raise StoreUnavailable("connection refused")

    result = Shipper(spool, Down()).ship_pending()
    assert result.pending == 1 and result.shipped == 0
    assert (tmp_path / "spool" / key).exists()
    assert catalog.get_object(key).status == "spooled"
    assert catalog.get_object(key).attempts == 1
    assert spool.backlog()["files"] == 1

    store = LocalStore(tmp_path / "store")
    result = Shipper(spool, store).ship_pending()
    assert result.shipped == 1
    assert not (tmp_path / "spool" / key).exists()
    entry = catalog.get_object(key)
    assert entry.status == "stored" and entry.sha256 == hashlib.sha256(b'{"a": 1}').hexdigest()
    assert (tmp_path / "store" / key).read_bytes() == b'{"a": 1}'
    assert spool.backlog()["files"] == 0


def test_recover_registers_and_indexes_a_warc_left_unregistered(tmp_path, catalog):
    from datetime import datetime, timezone

    from archive.warc import HttpCapture, RollingWarcWriter

    spool = Spool(tmp_path / "spool", catalog)
    key = "warcs/s/2026/11/21/t-20261121000000000-00000-h.warc.gz"
    # closed and renamed, but the run died before indexing and registering it
    w = RollingWarcWriter(spool.root, prefix="t", key_for=lambda c, n: key, warcinfo={"a": "b"})
    w.write_capture(HttpCapture("http://127.0.0.1:9/a", datetime.now(timezone.utc), "GET", [],
                                b"", "HTTP/1.1", 200, [("Content-Length", "2")], b"ok"))
    w.close()
    # and a metadata file that was shipped but not yet deleted
    shipped = spool.add_bytes("metadata/s/2026/11/21/1.json", "metadata", b"{}")
    catalog.mark_stored("metadata/s/2026/11/21/1.json", shipped, 2)
    spool.recover()
    warc = catalog.get_object(key)
    assert warc.status == "spooled" and warc.records == 3
    index = catalog.get_object("warcs/s/2026/11/21/t-20261121000000000-00000-h.cdxj")
    assert index is not None and b"http://127.0.0.1:9/a" in (tmp_path / "spool" / index.key).read_bytes()
    assert not (tmp_path / "spool/metadata/s/2026/11/21/1.json").exists()
    result = Shipper(spool, LocalStore(tmp_path / "store")).ship_pending()
    assert result.shipped == 2 and spool.backlog()["files"] == 0


# -- shipping several objects at once ---------------------------------------------------
def test_concurrent_shipping_stores_all_books_kept_in_the_calling_thread(tmp_path, catalog,
                                                                         monkeypatch):
    spool = Spool(tmp_path / "spool", catalog)
    keys = fill_spool(spool, articles=60, warcs=4)
    order = [e.key for e in spool.spooled()]
    store = Watched(LocalStore(tmp_path / "store"), before=lambda key, n: time.sleep(0.01))
    calls = catalog_calls(monkeypatch, catalog)
    result = Shipper(spool, store, concurrency=4).ship_pending()
    assert (result.shipped, result.failed, result.pending) == (len(keys), 0, 0)
    assert result.bytes == sum((tmp_path / "store" / k).stat().st_size for k in keys)
    assert 1 < store.most <= 4 and len(store.threads) > 1  # really at once, never over 4
    assert threading.get_ident() not in store.threads  # the I/O ran in the workers
    assert {t for _, _, t in calls} == {threading.get_ident()}  # the books did not
    assert [k for name, k, _ in calls if name == "mark_stored"] == order  # in spool order
    stored, spooled = check_books(spool, store, keys)
    assert stored == set(keys) and not spooled
    assert not list((tmp_path / "store" / ".uploads").iterdir())  # no temporary file left


def test_store_down_mid_pass_records_what_was_in_flight_and_keeps_the_rest(tmp_path, catalog):
    spool = Spool(tmp_path / "spool", catalog)
    keys = fill_spool(spool, articles=40, warcs=2)

    def before(key, n):
        if n > 10:  # the store goes down for good at the 11th upload
            raise StoreUnavailable("connection refused")
        time.sleep(0.02 * (n % 3))  # uploads 8-10 are still running when it does

    store = Watched(LocalStore(tmp_path / "store"), before=before)
    result = Shipper(spool, store, concurrency=4).ship_pending()
    stored, spooled = check_books(spool, store, keys)
    assert result.shipped == len(stored) == 10 and set(store.returned) == stored
    assert result.pending == len(spooled) == len(keys) - 10
    down = store.calls - 10  # uploads that met the outage: each counted and noted once
    assert 1 <= down <= 4 and result.failed == down and result.refused == 0
    assert store.calls < len(keys) // 2  # nothing submitted once the outage was seen
    attempts = {k: catalog.get_object(k).attempts for k in spooled}
    assert sorted(attempts.values()).count(1) == down and set(attempts.values()) <= {0, 1}
    assert {p.name for p in (tmp_path / "store").rglob("*") if p.is_file()
            and ".meta" not in p.parts} == {k.rsplit("/", 1)[1] for k in stored}

    store.before = None  # back up: the next pass ships the rest
    again = Shipper(spool, store, concurrency=4).ship_pending()
    assert (again.shipped, again.pending) == (len(keys) - 10, 0)
    assert check_books(spool, store, keys) == (set(keys), set())


def test_an_object_failing_integrity_stays_spooled_while_the_others_ship(tmp_path, catalog):
    spool = Spool(tmp_path / "spool", catalog)
    keys = fill_spool(spool, articles=30, warcs=2)
    bad = keys[5]
    path = tmp_path / "spool" / bad
    path.write_bytes(bytes(b ^ 1 for b in path.read_bytes()))  # changed after spooling
    store = Watched(LocalStore(tmp_path / "store"))
    result = Shipper(spool, store, concurrency=4).ship_pending()
    assert (result.shipped, result.failed, result.refused, result.pending) == (
        len(keys) - 1, 1, 1, 1)
    stored, spooled = check_books(spool, store, [k for k in keys if k != bad])
    assert stored == set(keys) - {bad}
    entry = catalog.get_object(bad)
    assert entry.status == "spooled" and entry.attempts == 1 and "sha256" in entry.last_error
    assert path.exists() and store.head(bad) is None
    assert not list((tmp_path / "store" / ".uploads").iterdir())


def test_a_file_replaced_while_uploading_stays_spooled(tmp_path, catalog, catalog_url):
    from archive.catalog import open_catalog

    spool = Spool(tmp_path / "spool", catalog)
    keys = fill_spool(spool, articles=20, warcs=0)
    key = keys[3]
    crawler = Spool(tmp_path / "spool", open_catalog(catalog_url))  # the crawl child's

    def after(k):  # the crawl rewrote the manifest/metadata while it was uploading
        if k == key:
            crawler.add_bytes(key, "metadata", b'{"newer": true}')

    store = Watched(LocalStore(tmp_path / "store"), after=after)
    result = Shipper(spool, store, concurrency=4).ship_pending()
    assert result.failed == 0
    entry = catalog.get_object(key)
    assert entry.status == "spooled"
    assert (tmp_path / "spool" / key).read_bytes() == b'{"newer": true}'
    assert check_books(spool, store, keys)[1] == {key}
    Shipper(spool, store, concurrency=4).ship_pending()
    assert store.head(key).sha256 == hashlib.sha256(b'{"newer": true}').hexdigest()
    assert check_books(spool, store, keys) == (set(keys), set())
    crawler.catalog.close()


@pytest.mark.parametrize("concurrency", [1, 4])
def test_pending_counts_a_refused_file_when_the_store_goes_down_later(tmp_path, catalog,
                                                                      concurrency):
    spool = Spool(tmp_path / "spool", catalog)
    fill_spool(spool, articles=20, warcs=0)
    order = [e.key for e in spool.spooled()]
    bad = tmp_path / "spool" / order[0]
    bad.write_bytes(b"changed after spooling")

    def before(key, n):
        if n > 5:
            raise StoreUnavailable("connection refused")

    store = Watched(LocalStore(tmp_path / "store"), before=before)
    result = Shipper(spool, store, concurrency=concurrency).ship_pending()
    assert result.refused == 1 and result.shipped == 4
    assert result.pending == len(spool.spooled()) == len(order) - 4  # the refused one too
