"""The embedded local store and the spool/shipper on top of it."""

from __future__ import annotations

import hashlib

import pytest

from archive.spool import Shipper, Spool
from archive.store import IntegrityError, LocalStore, StoreUnavailable, sha256_file


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
