"""Crawls of the fixture site into a real SeaweedFS S3 server: layout, integrity,
outages (nothing lost), verification, and no credential in any log line."""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import time

import pytest

from tests.crawlkit import FAST, ROOT, newsarchive
from tests.sitesim import SiteServer

SINCE = "2026-11-01"


def s3_env(s3) -> dict:
    """Credentials and endpoint through boto3's own chain, not the command line."""
    return {"AWS_ACCESS_KEY_ID": s3.access_key, "AWS_SECRET_ACCESS_KEY": s3.secret_key,
            "AWS_ENDPOINT_URL_S3": s3.endpoint_url, "AWS_DEFAULT_REGION": s3.region,
            "NEWSARCHIVE_S3__ADDRESSING_STYLE": "path"}


def crawl_args(data, store, servers):
    args = ["crawl", "--data-dir", str(data), "--store", store, "--log-format", "json",
            "--since", SINCE]
    for name, srv in servers.items():
        args += ["--base-url", f"{name}={srv.base_url}"]
    return args + list(servers)  # only the stood-in sources


def assert_no_secret(s3, *texts):
    for text in texts:
        assert s3.secret_key not in text
        assert s3.access_key not in text


def objects(s3, bucket, prefix=""):
    client = s3.client()
    out = {}
    for page in client.get_paginator("list_objects_v2").paginate(Bucket=bucket, Prefix=prefix):
        for obj in page.get("Contents", []):
            out[obj["Key"]] = obj
    return out


@pytest.fixture
def sites():
    servers = {"sputnik": SiteServer("sputnik").start(),
               "yenisafak": SiteServer("yenisafak").start()}
    yield servers
    for srv in servers.values():
        srv.stop()


def test_crawl_into_s3_layout_integrity_and_verify(s3, s3_bucket, sites, tmp_path):
    env = s3_env(s3)
    store = f"s3://{s3_bucket}/archive"
    result = newsarchive(*crawl_args(tmp_path, store, sites), env=env)
    assert result.returncode == 0, result.stderr[-3000:]
    assert_no_secret(s3, result.stdout, result.stderr)

    keys = objects(s3, s3_bucket, "archive/")
    warcs = [k for k in keys if k.endswith(".warc.gz")]
    assert warcs and all(k.startswith("archive/warcs/") for k in warcs)
    for k in warcs:
        assert k.removesuffix(".warc.gz") + ".cdxj" in keys
    from archive.catalog import SqliteCatalog

    catalog = SqliteCatalog(tmp_path / "catalog.sqlite")
    archived = {row["title"] for row in catalog.articles(relevant=True)}
    assert {r.title for s in sites.values() for r in s.records
            if r.relevant and r.published.year == 2026} <= archived
    assert len([k for k in keys if k.startswith("archive/metadata/")]) == len(archived)
    assert [k for k in keys if k.startswith("archive/manifests/")]

    # byte-identical to what was written: the catalog's sha256 of each spooled file
    entries = catalog.objects()
    assert entries and all(e.status == "stored" for e in entries)
    client = s3.client()
    for e in entries:
        body = client.get_object(Bucket=s3_bucket, Key="archive/" + e.key)
        data = body["Body"].read()
        assert hashlib.sha256(data).hexdigest() == e.sha256, e.key
        meta = body["Metadata"]
        assert meta.get("sha256") == e.sha256
        assert meta.get("run-id") and meta.get("source") in ("sputnik", "yenisafak")
        if e.kind == "warc":
            assert int(meta["records"]) == e.records
    # spool emptied only after verified upload
    assert not [p for p in (tmp_path / "spool").rglob("*") if p.is_file()]

    ok = newsarchive("verify", "--data-dir", str(tmp_path), "--store", store, env=env)
    assert ok.returncode == 0, ok.stdout + ok.stderr
    assert_no_secret(s3, ok.stdout, ok.stderr)

    # corrupt one WARC and delete one metadata object behind the archive's back
    warc = warcs[0]
    data = bytearray(client.get_object(Bucket=s3_bucket, Key=warc)["Body"].read())
    data[len(data) // 2] ^= 0xFF
    client.put_object(Bucket=s3_bucket, Key=warc, Body=bytes(data))
    gone = next(k for k in keys if k.startswith("archive/metadata/"))
    client.delete_object(Bucket=s3_bucket, Key=gone)
    bad = newsarchive("verify", "--data-dir", str(tmp_path), "--store", store, env=env)
    assert bad.returncode != 0
    assert warc.removeprefix("archive/") in bad.stdout
    assert gone.removeprefix("archive/") in bad.stdout
    assert_no_secret(s3, bad.stdout, bad.stderr)


def test_storage_outage_mid_crawl_loses_nothing(s3, s3_bucket, sites, tmp_path):
    """S3 goes away at the start of a crawl and comes back while it still runs."""
    env = {**os.environ, **FAST, **s3_env(s3), "NEWSARCHIVE_SHIP_DEADLINE_S": "60"}
    for srv in sites.values():  # slow article pages keep the crawl going for a while
        srv.faults.add(r"\d+(\.html)?$", "slow", delay=0.25)
    store = f"s3://{s3_bucket}/a"
    s3.stop()
    proc = subprocess.Popen([sys.executable, "-m", "newsarchive.cli",
                             *crawl_args(tmp_path, store, sites)],
                            cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            text=True)
    try:
        # wait until something finished is spooled while the store is down
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if list((tmp_path / "spool").rglob("*.json")):
                break
            time.sleep(0.2)
        assert proc.poll() is None, "the crawl must go on while the store is down"
        s3.start()
        out, err = proc.communicate(timeout=240)
    finally:
        if proc.poll() is None:
            proc.kill()
    assert proc.returncode == 0, err[-3000:]
    assert "store unavailable" in err
    assert_no_secret(s3, out, err)
    assert "spool backlog: 0 files" in out
    from archive.catalog import SqliteCatalog

    archived = list(SqliteCatalog(tmp_path / "catalog.sqlite").articles(relevant=True))
    assert len(archived) >= sum(r.relevant and r.published.year == 2026
                                for s in sites.values() for r in s.records)
    keys = objects(s3, s3_bucket, "a/")
    assert len([k for k in keys if k.startswith("a/metadata/")]) == len(archived)
    ok = newsarchive("verify", "--data-dir", str(tmp_path), "--store", store, env=env)
    assert ok.returncode == 0, ok.stdout + ok.stderr


def test_store_down_for_whole_run_is_shipped_by_next_run(s3, s3_bucket, sites, tmp_path):
    env = {**s3_env(s3), "NEWSARCHIVE_SHIP_DEADLINE_S": "2"}
    store = f"s3://{s3_bucket}/b"
    s3.stop()
    first = newsarchive(*crawl_args(tmp_path, store, sites), env=env)
    assert first.returncode == 0, first.stderr[-3000:]
    assert "ok-spooled" in first.stdout
    status = newsarchive("status", "--data-dir", str(tmp_path), "--store", store, env=env)
    assert "spool backlog: 0 files" not in status.stdout
    spooled = [p for p in (tmp_path / "spool").rglob("*") if p.is_file()]
    assert any(p.name.endswith(".warc.gz") for p in spooled)
    s3.start()
    second = newsarchive(*crawl_args(tmp_path, store, sites), env=env)
    assert second.returncode == 0, second.stderr[-3000:]
    assert "spool backlog: 0 files" in second.stdout
    assert not [p for p in (tmp_path / "spool").rglob("*") if p.is_file()]
    ok = newsarchive("verify", "--data-dir", str(tmp_path), "--store", store, env=env)
    assert ok.returncode == 0, ok.stdout + ok.stderr
    assert_no_secret(s3, first.stderr, second.stderr, status.stdout, ok.stdout)


def test_credentials_from_config_file_never_logged(s3, s3_bucket, tmp_path):
    config = tmp_path / "newsarchive.toml"
    config.write_text(
        f'store = "s3://{s3_bucket}/c"\nlog_level = "DEBUG"\n[s3]\n'
        f'endpoint_url = "{s3.endpoint_url}"\nregion = "{s3.region}"\n'
        f'addressing_style = "path"\naccess_key_id = "{s3.access_key}"\n'
        f'secret_access_key = "{s3.secret_key}"\n')
    with SiteServer("sputnik") as srv:
        result = newsarchive("crawl", "sputnik", "--config", str(config), "--data-dir",
                             str(tmp_path / "d"), "--base-url", f"sputnik={srv.base_url}",
                             "--limit", "3", "--log-format", "json")
    assert result.returncode == 0, result.stderr[-3000:]
    assert_no_secret(s3, result.stdout, result.stderr)
    assert objects(s3, s3_bucket, "c/warcs/")
    status = newsarchive("status", "--config", str(config), "--data-dir", str(tmp_path / "d"))
    assert_no_secret(s3, status.stdout, status.stderr)
    # nor in any WARC or in the catalog
    for path in (tmp_path / "d").rglob("*"):
        if path.is_file():
            data = path.read_bytes()
            assert s3.secret_key.encode() not in data and s3.access_key.encode() not in data
    client = s3.client()
    for key in objects(s3, s3_bucket, "c/"):
        body = client.get_object(Bucket=s3_bucket, Key=key)["Body"].read()
        import gzip

        text = gzip.decompress(body) if body[:2] == b"\x1f\x8b" else body
        assert s3.secret_key.encode() not in text


def test_a_store_that_refuses_uploads_stops_the_run_before_it_crawls(s3, s3_bucket, tmp_path):
    """Wrong credentials: checked before crawling, one line, exit 5 (issue 6, item 8;
    more in tests/faults/test_store_checks.py)."""
    env = {**s3_env(s3), "AWS_SECRET_ACCESS_KEY": "not-the-secret-" + "x" * 25,
           "NEWSARCHIVE_SHIP_DEADLINE_S": "2"}
    with SiteServer("sputnik") as srv:
        result = newsarchive(*crawl_args(tmp_path, f"s3://{s3_bucket}/r", {"sputnik": srv}),
                             env=env)
    assert result.returncode == 5, result.stderr[-3000:]
    assert "unusable" in result.stderr and "denied" in result.stderr
    assert "not-the-secret" not in result.stdout + result.stderr
    assert not [p for p in (tmp_path / "spool").rglob("*.warc.gz")]  # nothing fetched
