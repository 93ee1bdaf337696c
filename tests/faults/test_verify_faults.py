"""`verify` tells a store outage from problems, and checks what it did not see before:
objects outside the archive's areas, the catalog's own integrity, unfinished uploads.
Killed runs do not stay "running"."""

from __future__ import annotations

import sqlite3

from archive.catalog import SqliteCatalog
from archive.spool import Shipper, Spool
from archive.store import LocalStore, open_store
from tests.crawlkit import newsarchive
from tests.test_s3_crawl import s3_env


def _archive(data, store) -> None:
    """A small, sound archive: one shipped metadata object and one manifest."""
    catalog = SqliteCatalog(data / "catalog.sqlite")
    spool = Spool(data / "spool", catalog)
    spool.add_bytes("metadata/s/2026/11/20/1.json", "metadata", b'{"id": 1}')
    spool.add_bytes("manifests/s/2026/11/20.jsonl", "manifest", b'{"id": 1}\n')
    result = Shipper(spool, store).ship_pending()
    assert result.shipped == 2
    catalog.close()


def test_a_store_outage_is_not_reported_as_problems(s3, s3_bucket, tmp_path):
    url = f"s3://{s3_bucket}/a"
    _archive(tmp_path, open_store(url, **s3.store_options()))
    ok = newsarchive("verify", "--data-dir", str(tmp_path), "--store", url, env=s3_env(s3))
    assert ok.returncode == 0, ok.stdout + ok.stderr[-2000:]
    s3.stop()
    down = newsarchive("verify", "--data-dir", str(tmp_path), "--store", url,
                       env=s3_env(s3), timeout=120)
    s3.start()
    assert down.returncode == 5, down.stdout + down.stderr[-2000:]
    assert "Traceback" not in down.stderr
    [line] = [ln for ln in down.stderr.splitlines() if ln.startswith("newsarchive:")]
    assert "store unavailable" in line


def test_objects_outside_the_archive_areas_are_reported(tmp_path):
    store = LocalStore(tmp_path / "store")
    _archive(tmp_path, store)
    (tmp_path / "store" / "notes.txt").write_text("left by hand")
    (tmp_path / "store" / "tmp").mkdir()
    (tmp_path / "store" / "tmp" / "x.warc.gz").write_bytes(b"\x1f\x8b")
    audit = newsarchive("verify", "--data-dir", str(tmp_path))
    assert audit.returncode == 1, audit.stdout
    strays = sorted(ln.split()[1].rstrip(":") for ln in audit.stdout.splitlines()
                    if ln.startswith("stray"))
    assert strays == ["notes.txt", "tmp/x.warc.gz"], audit.stdout


def test_a_damaged_catalog_is_reported(tmp_path):
    store = LocalStore(tmp_path / "store")
    _archive(tmp_path, store)
    db = sqlite3.connect(tmp_path / "catalog.sqlite", isolation_level=None)
    db.executemany("INSERT INTO seen VALUES ('s', ?, 'u', 1, 'now', 'r')",
                   [(f"k{i:05d}",) for i in range(2000)])
    root = db.execute("SELECT rootpage FROM sqlite_master WHERE name='seen'").fetchone()[0]
    page_size = db.execute("PRAGMA page_size").fetchone()[0]
    db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    db.close()
    with open(tmp_path / "catalog.sqlite", "r+b") as f:  # a torn page in the seen-state
        f.seek((root - 1) * page_size + 8)
        f.write(b"\xff" * 64)
    audit = newsarchive("verify", "--data-dir", str(tmp_path))
    assert audit.returncode == 1, audit.stdout + audit.stderr[-2000:]
    assert any(ln.startswith("catalog") for ln in audit.stdout.splitlines()), audit.stdout


def test_unfinished_uploads_are_reported_then_aborted_by_the_next_run(s3, s3_bucket, tmp_path):
    url = f"s3://{s3_bucket}/a"
    store = open_store(url, **s3.store_options())
    _archive(tmp_path, store)
    client = s3.client()
    key = "a/warcs/s/2026/11/20/killed-mid-upload.warc.gz"
    upload = client.create_multipart_upload(Bucket=s3_bucket, Key=key)["UploadId"]
    client.upload_part(Bucket=s3_bucket, Key=key, UploadId=upload, PartNumber=1,
                       Body=b"x" * 1024)
    env = s3_env(s3)
    audit = newsarchive("verify", "--data-dir", str(tmp_path), "--store", url, env=env)
    assert audit.returncode == 1, audit.stdout + audit.stderr[-2000:]
    assert [ln.split()[1].rstrip(":") for ln in audit.stdout.splitlines()
            if ln.startswith("upload")] == ["warcs/s/2026/11/20/killed-mid-upload.warc.gz"]
    # the next crawl (here one whose source is unreachable) cleans up first
    newsarchive("crawl", "yenisafak", "--data-dir", str(tmp_path), "--store", url,
                env={**env, "NEWSARCHIVE_STALE_UPLOAD_AGE_S": "0"})
    assert store.incomplete_uploads() == []
    audit = newsarchive("verify", "--data-dir", str(tmp_path), "--store", url, env=env)
    assert audit.returncode == 0, audit.stdout + audit.stderr[-2000:]


def test_a_local_upload_left_half_copied_is_reported_and_cleaned(tmp_path):
    store = LocalStore(tmp_path / "store")
    _archive(tmp_path, store)
    (tmp_path / "store" / ".uploads").mkdir(exist_ok=True)  # where the store copies uploads
    (tmp_path / "store" / ".uploads" / ".upload-0123abcd").write_bytes(b"half")
    audit = newsarchive("verify", "--data-dir", str(tmp_path))
    assert audit.returncode == 1 and "upload" in audit.stdout, audit.stdout
    assert store.abort_incomplete_uploads(older_than_s=3600) == 0  # too young to be dead
    assert store.abort_incomplete_uploads(older_than_s=0) == 1
    assert store.incomplete_uploads() == []


def test_a_killed_run_is_marked_failed_by_the_next_one(tmp_path):
    catalog = SqliteCatalog(tmp_path / "catalog.sqlite")
    catalog.start_run("20261120T000000Z-dead00", ["yenisafak"],
                      {"data_dir": str(tmp_path.resolve())})  # then SIGKILL
    catalog.start_run("20261120T000000Z-other0", ["yenisafak"],  # shares the catalog,
                      {"data_dir": str(tmp_path / "elsewhere")})  # may still be running
    catalog.close()
    newsarchive("crawl", "yenisafak", "--data-dir", str(tmp_path))
    status = newsarchive("status", "--data-dir", str(tmp_path))
    [line] = [ln for ln in status.stdout.splitlines() if "dead00" in ln]
    assert line.split()[1] == "failed", status.stdout
    [other] = [ln for ln in status.stdout.splitlines() if "other0" in ln]
    assert other.split()[1] == "running", status.stdout
    with sqlite3.connect(tmp_path / "catalog.sqlite") as db:
        reasons = db.execute("SELECT stats FROM runs WHERE run_id LIKE '%dead00'").fetchone()[0]
    assert "interrupted" in reasons
