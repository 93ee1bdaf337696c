"""S3Store and verify() against a real SeaweedFS server (no mocks).

The session fixture ``s3server`` (tests/conftest.py) runs ``weed server -s3``
with an identities file, so every request here is really signed and checked.
"""

from __future__ import annotations

import hashlib
import io
import json
import logging
import os
import threading
import time
import traceback
from datetime import datetime, timezone
from pathlib import Path

import pytest
from cdxj_indexer import CDXJIndexer
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from archive import layout
from archive.spool import Shipper, Spool
from archive.store import (IntegrityError, LocalStore, ObjectNotFound, StoreError,
                           StoreUnavailable, open_store, sha256_file, sorted_listing)
from archive.store.s3 import S3Store
from archive.verify import verify
from tests.shipkit import Watched, check_books, fill_spool

MiB = 1024 * 1024
SMALL_PARTS = {"part_size": 5 * MiB, "max_concurrency": 2}


def make_store(s3, bucket, prefix="archive", **kw) -> S3Store:
    options = {**s3.store_options(), **SMALL_PARTS, **kw}
    return S3Store.from_url(f"s3://{bucket}/{prefix}", **options)


def random_file(path: Path, size: int) -> str:
    with open(path, "wb") as f:
        for start in range(0, size, MiB):
            f.write(os.urandom(min(MiB, size - start)))
    return sha256_file(path)


def read_all(store, key) -> bytes:
    with store.open(key) as f:
        return f.read()


# -- the store itself ---------------------------------------------------------------------
def test_round_trip(s3, s3_bucket, tmp_path):
    store = make_store(s3, s3_bucket, "pre/fix/")
    assert store.url == f"s3://{s3_bucket}/pre/fix"
    src = tmp_path / "a.warc.gz"
    digest = random_file(src, 300_000)
    meta = {"kind": "warc", "source": "sputnik", "run-id": "r1", "records": "7"}
    obj = store.put_file("warcs/sputnik/2026/11/21/a.warc.gz", src, sha256=digest,
                         metadata=dict(meta, sha256=digest), content_type="application/warc")
    assert (obj.size, obj.sha256) == (300_000, digest)
    small = store.put_bytes("metadata/sputnik/2026/11/21/x.json", b'{"a": 1}',
                            metadata={"kind": "metadata"})
    assert small.sha256 == hashlib.sha256(b'{"a": 1}').hexdigest()

    head = store.head("warcs/sputnik/2026/11/21/a.warc.gz")
    assert head.size == 300_000 and head.sha256 == digest
    assert head.metadata == dict(meta, sha256=digest)
    assert read_all(store, "warcs/sputnik/2026/11/21/a.warc.gz") == src.read_bytes()
    assert read_all(store, "metadata/sputnik/2026/11/21/x.json") == b'{"a": 1}'

    assert [(o.key, o.size) for o in store.list()] == [
        ("metadata/sputnik/2026/11/21/x.json", 8), ("warcs/sputnik/2026/11/21/a.warc.gz", 300_000)]
    assert [o.key for o in store.list("warcs/")] == ["warcs/sputnik/2026/11/21/a.warc.gz"]
    raw = s3.client().list_objects_v2(Bucket=s3_bucket)["Contents"]
    assert sorted(o["Key"] for o in raw) == ["pre/fix/metadata/sputnik/2026/11/21/x.json",
                                            "pre/fix/warcs/sputnik/2026/11/21/a.warc.gz"]

    store.delete("warcs/sputnik/2026/11/21/a.warc.gz")
    assert store.head("warcs/sputnik/2026/11/21/a.warc.gz") is None
    with pytest.raises(ObjectNotFound):
        store.open("warcs/sputnik/2026/11/21/a.warc.gz")
    assert store.stats["verified_checksum"] == 2 and store.stats["verified_readback"] == 0


def test_list_paginates_and_sorted_listing_orders_a_prefix(s3, s3_bucket):
    store = make_store(s3, s3_bucket)
    store._client.meta.events.register(  # small pages, so pagination really happens
        "before-parameter-build.s3.ListObjectsV2", lambda params, **_: params.update(MaxKeys=3))
    keys = [f"manifests/s/2026/11/{d:02d}.jsonl" for d in (9, 1, 30, 12, 2, 5, 21)]
    keys += ["manifests/s/a/b", "manifests/s/a-c", "manifests/s/a.d", "manifests/s/a0"]
    # (SeaweedFS itself lists a/b before a-c: directory order, not S3's byte order; the
    # streamed listing keeps the server's order, sorted_listing sorts one prefix)
    for k in keys:
        store.put_bytes(k, k.encode())
    assert sorted(o.key for o in store.list("manifests/")) == sorted(keys)
    assert [o.key for o in sorted_listing(store, "manifests/")] == sorted(keys)


def test_multipart_upload_verified_by_composite_checksum(s3, s3_bucket, tmp_path):
    store = make_store(s3, s3_bucket)
    src = tmp_path / "big.warc.gz"
    digest = random_file(src, 12 * MiB + 123)  # 3 parts of 5 MiB
    store.put_file("warcs/s/big.warc.gz", src, sha256=digest, metadata={"kind": "warc"})
    assert store.stats["uploads_multipart"] == 1
    assert store.stats["verified_checksum"] == 1 and store.stats["verified_readback"] == 0
    raw = s3.client().head_object(Bucket=s3_bucket, Key="archive/warcs/s/big.warc.gz",
                                  ChecksumMode="ENABLED")
    assert raw["ChecksumSHA256"].endswith("-3")  # composite, as S3 defines it
    assert raw["Metadata"]["sha256"] == digest and raw["ContentLength"] == 12 * MiB + 123
    assert hashlib.sha256(read_all(store, "warcs/s/big.warc.gz")).hexdigest() == digest


def test_readback_path_when_server_gives_no_checksum(s3, s3_bucket, tmp_path):
    """verify="readback" sends no checksums, so the server returns none (like servers
    without checksum support) and every upload is streamed back and hashed."""
    store = make_store(s3, s3_bucket, verify="readback")
    small, big = tmp_path / "small", tmp_path / "big"
    d_small, d_big = random_file(small, 1000), random_file(big, 11 * MiB)
    store.put_file("warcs/s/small", small, sha256=d_small)
    store.put_file("warcs/s/big", big, sha256=d_big)
    store.put_bytes("metadata/s/m.json", b"{}")
    assert store.stats["verified_readback"] == 3 and store.stats["verified_checksum"] == 0
    raw = s3.client().head_object(Bucket=s3_bucket, Key="archive/warcs/s/big",
                                  ChecksumMode="ENABLED")
    assert "ChecksumSHA256" not in raw
    assert hashlib.sha256(read_all(store, "warcs/s/big")).hexdigest() == d_big


@pytest.mark.parametrize("verify_mode,size", [("auto", 1000), ("auto", 11 * MiB),
                                              ("readback", 1000), ("readback", 11 * MiB)])
def test_mismatch_raises_and_leaves_nothing(s3, s3_bucket, tmp_path, verify_mode, size):
    store = make_store(s3, s3_bucket, verify=verify_mode)
    src = tmp_path / "f"
    random_file(src, size)
    with pytest.raises(IntegrityError):
        store.put_file("warcs/s/f", src, sha256="0" * 64)
    assert store.head("warcs/s/f") is None
    assert not s3.client().list_multipart_uploads(Bucket=s3_bucket).get("Uploads")


def test_checksum_mismatch_from_server_deletes_object(s3, s3_bucket, tmp_path):
    """The decision taken when a server echoes a checksum other than ours."""
    store = make_store(s3, s3_bucket)
    src = tmp_path / "f"
    digest = random_file(src, 1000)
    store.put_file("warcs/s/f", src, sha256=digest)
    with pytest.raises(IntegrityError, match="bad object deleted"):
        store._confirm("warcs/s/f", digest, 1000, returned="AAAA", expected="BBBB")
    assert store.head("warcs/s/f") is None


def test_reupload_is_idempotent(s3, s3_bucket, tmp_path):
    client = s3.client()
    client.put_bucket_versioning(Bucket=s3_bucket,
                                 VersioningConfiguration={"Status": "Enabled"})
    store = make_store(s3, s3_bucket)
    for name, size in (("small", 2000), ("big", 11 * MiB)):
        src = tmp_path / name
        digest = random_file(src, size)
        key = f"warcs/s/{name}"
        store.put_file(key, src, sha256=digest)
        first = client.head_object(Bucket=s3_bucket, Key="archive/" + key)
        again = store.put_file(key, src, sha256=digest)
        assert again.sha256 == digest and again.size == size
        second = client.head_object(Bucket=s3_bucket, Key="archive/" + key)
        assert (first["ETag"], first["LastModified"]) == (second["ETag"], second["LastModified"])
        versions = client.list_object_versions(Bucket=s3_bucket, Prefix="archive/" + key)
        assert len(versions.get("Versions", [])) == 1
    assert store.stats["skipped_existing"] == 2


def test_metadata_that_contradicts_the_bytes_is_not_trusted(s3, s3_bucket, tmp_path):
    client = s3.client()
    src = tmp_path / "f"
    digest = random_file(src, 1000)
    # A same-sized object whose metadata claims our sha256, but with other bytes.
    client.put_object(Bucket=s3_bucket, Key="archive/warcs/s/f", Body=os.urandom(1000),
                      ChecksumAlgorithm="SHA256", Metadata={"sha256": digest})
    store = make_store(s3, s3_bucket)
    store.put_file("warcs/s/f", src, sha256=digest)
    assert store.stats["skipped_existing"] == 0
    assert read_all(store, "warcs/s/f") == src.read_bytes()


def test_from_url_uses_boto3_chain(s3, s3_bucket, monkeypatch):
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", s3.access_key)
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", s3.secret_key)
    monkeypatch.setenv("AWS_ENDPOINT_URL_S3", s3.endpoint_url)
    monkeypatch.setenv("AWS_DEFAULT_REGION", "us-east-1")
    monkeypatch.setenv("AWS_CONFIG_FILE", "/nonexistent")
    monkeypatch.setenv("AWS_SHARED_CREDENTIALS_FILE", "/nonexistent")
    store = open_store(f"s3://{s3_bucket}-new/p", create_bucket=True)
    assert isinstance(store, S3Store) and store.url == f"s3://{s3_bucket}-new/p"
    store.put_bytes("manifests/s/x.jsonl", b"{}\n")
    assert [o.key for o in store.list()] == ["manifests/s/x.jsonl"]
    assert s3.secret_key not in repr(store) and s3.access_key not in repr(store)


def test_client_errors_are_store_errors(s3, s3_bucket, tmp_path):
    wrong = S3Store.from_url(f"s3://{s3_bucket}", **{**s3.store_options(),
                                                    "secret_access_key": "not-the-secret-123"})
    with pytest.raises(StoreError) as e:
        wrong.put_bytes("metadata/x.json", b"{}")
    assert not isinstance(e.value, StoreUnavailable)  # 403: retrying will not help
    with pytest.raises(StoreError):
        list(make_store(s3, "no-such-bucket-here").list())



@pytest.mark.parametrize("name", ["test-ab404cd", "bucket-4040"])
def test_the_store_check_tells_denied_from_missing_by_the_answer_not_the_bucket_name(s3, name):
    """A bucket whose name (or prefix) holds "404" is still "denied" for a wrong secret,
    and a missing one "does not exist": the check reads the server's code and status,
    never digits in the message (which names the bucket). Random test bucket names held
    "404" about one time in 400, so the wrong-secret test failed now and then."""
    bucket = f"{name}-{os.urandom(3).hex()}"
    s3.client().create_bucket(Bucket=bucket)
    wrong = S3Store.from_url(f"s3://{bucket}/p404", **{**s3.store_options(),
                                                       "secret_access_key": "not-the-secret"})
    with pytest.raises(StoreError, match="denied") as e:
        wrong.check()
    assert "does not exist" not in str(e.value)
    missing = make_store(s3, f"{name}-missing-{os.urandom(3).hex()}")
    with pytest.raises(StoreError, match="does not exist"):
        missing.check()
    make_store(s3, bucket).check()  # the right secret: no error

# -- outage: the shipper keeps the file spooled -------------------------------------------
def test_server_down_then_back_shipper(s3, s3_bucket, tmp_path, catalog):
    store = make_store(s3, s3_bucket)
    spool = Spool(tmp_path / "spool", catalog)
    key = layout.warc_key("sputnik", datetime(2026, 11, 21, tzinfo=timezone.utc), "a.warc.gz")
    path = spool.path_for(key)
    digest = random_file(path, 200_000)
    spool.add(key, "warc", path, records=3, source="sputnik", run_id="r1")
    shipper = Shipper(spool, store)

    s3.stop()
    try:
        t0 = time.monotonic()
        with pytest.raises(StoreUnavailable):
            store.put_file(key, path, sha256=digest)
        result = shipper.ship_pending()
        assert time.monotonic() - t0 < 10
        assert (result.shipped, result.pending) == (0, 1)
        assert path.exists()
        entry = catalog.get_object(key)
        assert entry.status == "spooled" and entry.attempts == 1 and entry.last_error
    finally:
        s3.start()

    result = shipper.ship_pending()
    assert (result.shipped, result.pending) == (1, 0)
    assert not path.exists()
    entry = catalog.get_object(key)
    assert entry.status == "stored" and entry.local_path is None
    head = store.head(key)
    assert head.sha256 == digest and head.metadata["run-id"] == "r1"
    assert head.metadata["records"] == "3" and head.metadata["kind"] == "warc"


# -- secrets --------------------------------------------------------------------------------
def test_credentials_never_logged_or_raised(s3, s3_bucket, tmp_path, caplog, capsys, catalog):
    caplog.set_level(logging.DEBUG)
    for name in ("botocore", "boto3", "urllib3", "s3transfer", "archive"):
        caplog.set_level(logging.DEBUG, logger=name)
    good = make_store(s3, s3_bucket)
    unknown_key = S3Store.from_url(f"s3://{s3_bucket}", **{
        **s3.store_options(), "access_key_id": "AKUNKNOWN" + s3.access_key[-8:]})
    bad_secret = S3Store.from_url(f"s3://{s3_bucket}", **{
        **s3.store_options(), "secret_access_key": s3.secret_key[::-1]})
    secrets = [s3.access_key, s3.secret_key, "AKUNKNOWN" + s3.access_key[-8:],
               s3.secret_key[::-1]]

    spool = Spool(tmp_path / "spool", catalog)
    errors, shipped = [], []
    for i, store in enumerate((bad_secret, unknown_key, good)):
        key = f"metadata/s/2026/11/21/{i}.json"
        spool.add_bytes(key, "metadata", b'{"n": %d}' % i, source="s", run_id="r")
        shipped.append(Shipper(spool, store).ship_pending().shipped)
        try:
            store.put_bytes(key + ".direct", b"{}")
        except StoreError as e:
            errors.append(e)
    assert shipped == [0, 0, 3]  # failures stay spooled; the good store ships them all
    assert len(errors) == 2
    with pytest.raises(StoreUnavailable) as down:
        make_store(s3, s3_bucket, endpoint_url="http://127.0.0.1:9").head("x")
    errors.append(down.value)

    texts = [caplog.text, *(r.getMessage() for r in caplog.records), capsys.readouterr().out,
             *(str(e) for e in errors),
             *("".join(traceback.format_exception(e)) for e in errors),
             *(e.last_error or "" for e in catalog.objects())]
    assert "'Authorization': b'***'" in caplog.text  # boto's debug output was seen, masked
    for secret in secrets:
        for text in texts:
            assert secret not in text


# -- verify ----------------------------------------------------------------------------------
def build_archive(spool: Spool, catalog, source="sputnik", run_id="r1") -> dict:
    """A small WARC (+CDXJ, metadata, manifest) spooled and catalogued like the crawler does."""
    day = datetime(2026, 11, 21, 12, tzinfo=timezone.utc)
    name = "NEWS-20261121120000000-00000-host.warc.gz"
    wkey = layout.warc_key(source, day, name)
    wpath = spool.path_for(wkey)
    captures = []
    with open(wpath, "wb") as fh:
        w = WARCWriter(fh, gzip=True, warc_version="1.1")
        w.write_record(w.create_warcinfo_record(name, {"software": "test"}))
        for n in range(3):
            url = f"https://sputnikglobe.com/2026/11/21/story-{n}.html"
            body = (f"<html><body>story {n} Russia Syria</body></html>" * 20).encode()
            http = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8"),
                                               ("Content-Length", str(len(body)))],
                                    protocol="HTTP/1.1")
            rec = w.create_warc_record(url, "response", payload=io.BytesIO(body),
                                       length=len(body), http_headers=http)
            req = w.create_warc_record(
                url, "request", payload=io.BytesIO(b""), length=0,
                http_headers=StatusAndHeaders(f"GET /2026/11/21/story-{n}.html HTTP/1.1",
                                              [("Host", "sputnikglobe.com")],
                                              is_http_request=True),
                warc_headers_dict={"WARC-Concurrent-To": rec.rec_headers["WARC-Record-ID"]})
            for r in (rec, req):
                offset = fh.tell()
                w.write_record(r)
                h = r.rec_headers
                captures.append({
                    "run_id": run_id, "source": source, "kind": "page", "url": url,
                    "warc_date": h["WARC-Date"], "record_type": r.rec_type,
                    "record_id": h["WARC-Record-ID"],
                    "payload_digest": h.get_header("WARC-Payload-Digest")
                    if r.rec_type == "response" else None,
                    "status": 200, "mime": "text/html", "warc_key": wkey,
                    "offset": offset, "length": fh.tell() - offset})
    out = io.StringIO()
    CDXJIndexer(output=out, inputs=[str(wpath)], sort=True, filename=name).process_all()
    ckey = layout.cdxj_key(wkey)
    spool.path_for(ckey).write_text(out.getvalue())
    spool.add(wkey, "warc", wpath, records=7, source=source, run_id=run_id)
    spool.add(ckey, "cdxj", spool.path_for(ckey), source=source, run_id=run_id)
    mkey = layout.metadata_key(source, day, "story-0")
    spool.add_bytes(mkey, "metadata", json.dumps({"url": captures[0]["url"]}).encode(),
                    source=source, run_id=run_id)
    fkey = layout.manifest_key(source, day)
    spool.add_bytes(fkey, "manifest", b'{"warc": "%s"}\n' % wkey.encode(), source=source,
                    run_id=run_id)
    for cap in captures:
        catalog.add_capture(cap)
    return {"warc": wkey, "cdxj": ckey, "metadata": mkey, "manifest": fkey,
            "captures": captures}


def archived(tmp_path, store, catalog):
    spool = Spool(tmp_path / "spool", catalog)
    keys = build_archive(spool, catalog)
    result = Shipper(spool, store).ship_pending()
    assert (result.shipped, result.pending) == (4, 0)
    return catalog, keys


def kinds(report) -> set[str]:
    return {p.kind for p in report.problems}


def test_verify_s3_catches_corruption_deletion_orphans(s3, s3_bucket, tmp_path, catalog):
    store = make_store(s3, s3_bucket)
    catalog, keys = archived(tmp_path, store, catalog)
    report = verify(catalog, store)
    assert report.ok, report.summary()
    assert report.counts["objects"] == 4 and report.counts["records"] == 7
    assert report.counts["cdxj_lines"] == 3 and report.counts["captures"] == 6

    client = s3.client()
    full = "archive/" + keys["warc"]
    original = client.get_object(Bucket=s3_bucket, Key=full)
    data = bytearray(original["Body"].read())
    data[len(data) // 2] ^= 0xFF  # one flipped byte, behind the store's back
    client.put_object(Bucket=s3_bucket, Key=full, Body=bytes(data),
                      Metadata=original["Metadata"])  # metadata still claims the old sha256
    client.delete_object(Bucket=s3_bucket, Key="archive/" + keys["metadata"])
    store.put_bytes("warcs/sputnik/2026/11/21/stray.warc.gz", b"not catalogued")

    report = verify(catalog, store)
    assert not report.ok
    assert [p.key for p in report.of_kind("sha256")] == [keys["warc"]]
    assert [p.key for p in report.of_kind("missing")] == [keys["metadata"]]
    assert [p.key for p in report.of_kind("orphan")] == ["warcs/sputnik/2026/11/21/stray.warc.gz"]
    assert kinds(report) - {"sha256", "missing", "orphan"} <= {"warc", "digest"}


def test_verify_local_store(tmp_path, catalog):
    store = LocalStore(tmp_path / "store")
    catalog, keys = archived(tmp_path, store, catalog)
    report = verify(catalog, store)
    assert report.ok, report.summary()
    assert report.counts["records"] == 7 and report.counts["store_objects"] == 4

    # A CDXJ line pointing at the wrong offset, a capture row pointing nowhere,
    # an object lost from the store, and an orphan.
    cpath = store.root / keys["cdxj"]
    lines = cpath.read_text().splitlines()
    surt, ts, blob = lines[0].split(" ", 2)
    fields = json.loads(blob)
    fields["offset"] = str(int(fields["offset"]) + 1)
    cpath.write_text("\n".join([f"{surt} {ts} {json.dumps(fields)}", *lines[1:]]) + "\n")
    bad = dict(keys["captures"][0], offset=keys["captures"][0]["offset"] + 5)
    catalog.add_capture(bad)
    (store.root / keys["manifest"]).unlink()
    (store.root / "metadata/orphan.json").write_text("{}")

    report = verify(catalog, store)
    assert kinds(report) == {"sha256", "cdxj", "capture", "missing", "orphan"}, report.summary()
    assert [p.key for p in report.of_kind("sha256")] == [keys["cdxj"]]
    assert [p.key for p in report.of_kind("missing")] == [keys["manifest"]]
    assert [p.key for p in report.of_kind("orphan")] == ["metadata/orphan.json"]
    cdxj = report.of_kind("cdxj")
    assert any("no record at offset" in p.detail for p in cdxj)
    assert any("is not indexed" in p.detail for p in cdxj)  # the response that lost its line


def test_verify_flags_bad_record_digest(tmp_path, catalog):
    store = LocalStore(tmp_path / "store")
    catalog, keys = archived(tmp_path, store, catalog)
    # Rewrite one record with a wrong payload digest header (valid gzip, wrong digest).
    wpath = store.root / keys["warc"]
    out = io.BytesIO()
    from warcio.archiveiterator import ArchiveIterator
    with open(wpath, "rb") as fh:
        w = WARCWriter(out, gzip=True, warc_version="1.1")
        for rec in ArchiveIterator(fh):
            if rec.rec_type == "response" and "story-1" in rec.rec_headers["WARC-Target-URI"]:
                rec.rec_headers.replace_header("WARC-Payload-Digest",
                                               "sha1:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")
            w.write_record(rec)
    wpath.write_bytes(out.getvalue())
    report = verify(catalog, store, orphans=False)
    digest = report.of_kind("digest")
    assert len(digest) == 1 and "payload digest failed" in digest[0].detail


# -- shipping several objects at once -------------------------------------------------------
def test_concurrent_shipping_to_s3_stores_and_verifies_all(s3, s3_bucket, tmp_path, catalog):
    spool = Spool(tmp_path / "spool", catalog)
    keys = fill_spool(spool, articles=60, warcs=6)
    big = layout.warc_key("sputnik", datetime(2026, 11, 21, 13, tzinfo=timezone.utc), "big.warc.gz")
    random_file(spool.path_for(big), 11 * MiB)  # multipart: its parts run beside the others
    spool.add(big, "warc", spool.path_for(big), records=1, source="sputnik", run_id="r1")
    keys.append(big)
    store = Watched(make_store(s3, s3_bucket, uploads=4))
    result = Shipper(spool, store, concurrency=4).ship_pending()
    assert (result.shipped, result.failed, result.pending) == (len(keys), 0, 0)
    assert 1 < store.most <= 4
    assert check_books(spool, store, keys) == (set(keys), set())
    stats = store.store.stats  # counted from several threads at once: none lost
    assert stats["uploads_single"] + stats["uploads_multipart"] == len(keys)
    assert stats["uploads_multipart"] == 1 and stats["verified_checksum"] == len(keys)
    assert not s3.client().list_multipart_uploads(Bucket=s3_bucket).get("Uploads")



def test_a_slow_store_holds_neither_the_drain_deadline_nor_a_stop(s3, s3_bucket, tmp_path,
                                                                   catalog):
    """Each answer of the store 150 ms away (a remote S3 behind bench/latency_proxy.py): a
    pass over the whole spool would take many seconds, so the drain's deadline and the
    shutdown's stop are kept inside a pass (no new upload after them; those in flight
    finish and are recorded). Before, a run's final drain and a stopping service waited
    for the whole pass, however large the backlog."""
    from urllib.parse import urlsplit

    from archive.spool import ShipResult
    from bench.latency_proxy import LatencyProxy

    spool = Spool(tmp_path / "spool", catalog)
    keys = fill_spool(spool, articles=120, warcs=2)
    up = urlsplit(s3.endpoint_url)
    with LatencyProxy((up.hostname, up.port), 0.15) as proxy:
        store = make_store(s3, s3_bucket, endpoint_url=f"http://127.0.0.1:{proxy.port}")
        shipper = Shipper(spool, store, concurrency=2, base_delay=0.1)
        started = time.monotonic()
        result = shipper.drain(deadline_s=1.0)
        took = time.monotonic() - started
        assert 0 < result.shipped < len(keys) and result.pending == len(keys) - result.shipped
        assert took < 4.0, took  # the deadline and the uploads then in flight
        stop, total = threading.Event(), ShipResult()
        worker = threading.Thread(target=shipper.keep_shipping, args=(stop, 0.01, total))
        worker.start()
        time.sleep(1.0)
        stop.set()
        stopped = time.monotonic()
        worker.join(30)
        assert time.monotonic() - stopped < 3.0
        assert 0 < total.shipped and result.shipped + total.shipped < len(keys)
        stored, spooled = check_books(spool, store, keys)
        assert len(stored) == result.shipped + total.shipped and spooled

def test_s3_down_mid_pass_keeps_the_rest_spooled(s3, s3_bucket, tmp_path, catalog):
    spool = Spool(tmp_path / "spool", catalog)
    keys = fill_spool(spool, articles=40, warcs=4)

    def before(key, n):
        if n == 12:
            s3.stop()  # the server dies while other uploads are on their way

    store = Watched(make_store(s3, s3_bucket, uploads=4, max_attempts=1), before=before)
    try:
        result = Shipper(spool, store, concurrency=4).ship_pending()
    finally:
        s3.start()
    assert 12 - 4 <= result.shipped < len(keys)  # all that had finished before it died
    assert result.failed >= 1 and result.refused == 0
    assert store.calls <= 12 + 2 * 4  # no uploads submitted once the outage was seen
    stored, spooled = check_books(spool, store, keys)
    assert stored == set(store.returned) and len(stored) == result.shipped  # no more, no less
    assert result.pending == len(spooled) == len(keys) - result.shipped
    noted = [k for k in spooled if catalog.get_object(k).attempts]
    assert len(noted) == result.failed and all(catalog.get_object(k).last_error for k in noted)

    again = Shipper(spool, store, concurrency=4).ship_pending()
    assert (again.shipped, again.failed, again.pending) == (len(spooled), 0, 0)
    assert check_books(spool, store, keys) == (set(keys), set())


def test_s3_refuses_a_corrupted_object_while_the_others_ship(s3, s3_bucket, tmp_path, catalog):
    spool = Spool(tmp_path / "spool", catalog)
    keys = fill_spool(spool, articles=30, warcs=2)
    bad = keys[0]  # a WARC, changed on disk after it was spooled
    path = tmp_path / "spool" / bad
    path.write_bytes(bytes(b ^ 1 for b in path.read_bytes()))
    store = make_store(s3, s3_bucket, uploads=4)
    result = Shipper(spool, store, concurrency=4).ship_pending()
    assert (result.shipped, result.failed, result.refused, result.pending) == (
        len(keys) - 1, 1, 1, 1)
    assert check_books(spool, store, keys[1:]) == (set(keys[1:]), set())
    assert store.head(bad) is None and path.exists()
    entry = catalog.get_object(bad)
    assert entry.status == "spooled" and entry.attempts == 1 and "BadDigest" in entry.last_error


def test_connection_pool_holds_every_concurrent_upload(s3, s3_bucket, tmp_path, catalog, caplog):
    spool = Spool(tmp_path / "spool", catalog)
    for n in range(6):
        key = f"warcs/s/2026/11/21/big-{n}.warc.gz"
        random_file(spool.path_for(key), 11 * MiB)  # three parts each, two at a time
        spool.add(key, "warc", spool.path_for(key))
    store = make_store(s3, s3_bucket, uploads=6)
    with caplog.at_level(logging.WARNING, logger="urllib3"):
        result = Shipper(spool, store, concurrency=6).ship_pending()
    assert result.shipped == 6
    assert not [r for r in caplog.records if "pool is full" in r.getMessage()]


# -- ranged reads (one record of a WARC, issue 10's WACZ) ----------------------------------
def check_read_range(store) -> None:
    """The same answers from every backend: exactly the bytes asked for, a clear error
    for a range past the end or a missing object."""
    data = os.urandom(200_000)
    store.put_bytes("warcs/s/2026/11/21/r.warc.gz", data)
    key = "warcs/s/2026/11/21/r.warc.gz"
    assert store.read_range(key, 0, 10) == data[:10]
    assert store.read_range(key, 123_456, 5_000) == data[123_456:128_456]
    assert store.read_range(key, 199_990, 10) == data[-10:]  # up to the last byte
    assert store.read_range(key, 5, 0) == b""
    with pytest.raises(StoreError, match="past the end|InvalidRange"):
        store.read_range(key, 199_995, 10)
    with pytest.raises(StoreError):
        store.read_range(key, 200_000, 1)
    with pytest.raises(ValueError):
        store.read_range(key, -1, 5)
    with pytest.raises(ObjectNotFound):
        store.read_range("warcs/s/2026/11/21/absent.warc.gz", 0, 10)


def test_read_range_s3(s3, s3_bucket):
    check_read_range(make_store(s3, s3_bucket))


def test_read_range_local(tmp_path):
    check_read_range(LocalStore(tmp_path / "store"))
