"""`newsarchive replay` (issue 10): pywb straight from the store, local and S3 (a real
SeaweedFS), byte-identical to the WARC payload, new captures replayable without a
restart, and no request to the live site while replaying."""

from __future__ import annotations

import gzip
import json
import os
import re
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from tests.crawlkit import FAST, ROOT, newsarchive, summary_row
from tests.replay import free_port
from tests.sitesim import SiteServer, new_article

SINCE = "2026-11-01"


class Replay:
    """`newsarchive replay` as a process of its own."""

    def __init__(self, data: Path, store: str, env: dict, sync_every: float = 1.0):
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.log_path = data / "replay.log"
        self.cmd = [sys.executable, "-m", "newsarchive.cli", "replay", "--data-dir", str(data),
                    "--store", store, "--listen", f"127.0.0.1:{self.port}",
                    "--sync-every", str(sync_every), "--log-format", "json"]
        self.env = {**os.environ, **FAST, **env}
        self.proc = None

    def __enter__(self):
        self.log = open(self.log_path, "wb")
        self.proc = subprocess.Popen(self.cmd, cwd=ROOT, env=self.env, stdout=self.log,
                                     stderr=subprocess.STDOUT)
        deadline = time.monotonic() + 180  # pywb's imports are slow on a busy machine
        while time.monotonic() < deadline:
            assert self.proc.poll() is None, self.log_path.read_text()[-3000:]
            status, _, body = self.get("/healthz")
            if status == 200:
                assert json.loads(body)["initial_sync_done"]
                return self
            time.sleep(0.5)
        raise AssertionError("replay not healthy: " + self.log_path.read_text()[-3000:])

    def get(self, path: str, headers: dict | None = None):
        req = urllib.request.Request(self.base + path, headers=headers or {})
        try:
            with urllib.request.urlopen(req, timeout=30) as r:
                return r.status, dict(r.headers), r.read()
        except urllib.error.HTTPError as e:
            return e.code, dict(e.headers), e.read()
        except OSError:
            return 0, {}, b""

    def __exit__(self, *exc):
        if self.proc and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(20)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        self.log.close()


def article_records(read_object, keys):
    """(url, 14-digit timestamp, raw payload) of every article response in the WARCs."""
    from warcio.archiveiterator import ArchiveIterator

    out = []
    for key in keys:
        if "-discovery-" in key:
            continue
        for rec in ArchiveIterator(read_object(key)):
            if rec.rec_type != "response":
                continue
            url = rec.rec_headers.get_header("WARC-Target-URI")
            ts = re.sub(r"\D", "", rec.rec_headers.get_header("WARC-Date"))[:14]
            out.append((url, ts, rec.raw_stream.read(),
                        rec.http_headers.get_header("Content-Encoding")))
    return out


def decoded(body: bytes) -> bytes:
    return gzip.decompress(body) if body[:2] == b"\x1f\x8b" else body


def assert_replays(replay: Replay, url: str, ts: str, payload: bytes, encoding: str | None):
    """id_ mode gives the archived payload itself: with the archived content coding
    accepted, the very bytes of the WARC record."""
    status, headers, body = replay.get(f"/news/{ts}id_/{url}", {"Accept-Encoding": "gzip"})
    assert status == 200, (url, status, body[:300])
    got_coding = {k.lower(): v for k, v in headers.items()}.get("content-encoding")
    assert got_coding == encoding, url
    assert body == payload, url  # byte-identical, content coding kept


def wait_replayable(replay: Replay, url: str, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        status, _, body = replay.get(f"/news/cdx?url={url}&output=json")
        if status == 200 and body.strip():
            return
        time.sleep(0.5)
    raise AssertionError(f"{url} not in the replay index after {timeout}s: "
                         + replay.log_path.read_text()[-3000:])


def s3_standard_env(s3) -> dict:
    """Only the standard AWS variables: what the compose file and pywb's users set."""
    return {"AWS_ENDPOINT_URL": s3.endpoint_url, "AWS_ACCESS_KEY_ID": s3.access_key,
            "AWS_SECRET_ACCESS_KEY": s3.secret_key, "AWS_DEFAULT_REGION": s3.region}


@pytest.fixture(params=["local", "s3"])
def where(request, tmp_path):
    """(store URL, env, read_object(key) -> file, keys()) for a local and an S3 store."""
    if request.param == "local":
        root = tmp_path / "store"

        def read(key):
            return open(root / key, "rb")

        def keys():
            return sorted(p.relative_to(root).as_posix() for p in root.rglob("*.warc.gz"))

        yield str(root), {}, read, keys
        return
    s3 = request.getfixturevalue("s3")
    bucket = s3.make_bucket("replay")
    client = s3.client()

    def read(key):
        import io

        return io.BytesIO(client.get_object(Bucket=bucket, Key="archive/" + key)["Body"].read())

    def keys():
        out = []
        for page in client.get_paginator("list_objects_v2").paginate(Bucket=bucket,
                                                                     Prefix="archive/warcs/"):
            out += [o["Key"][len("archive/"):] for o in page.get("Contents", [])
                    if o["Key"].endswith(".warc.gz")]
        return sorted(out)

    yield f"s3://{bucket}/archive", s3_standard_env(s3), read, keys


def test_replay_from_the_store_follows_new_captures(where, tmp_path):
    store, env, read, keys = where
    data = tmp_path / "data"
    with SiteServer("sputnik") as srv:
        crawl_args = ["crawl", "sputnik", "--data-dir", str(data), "--store", store,
                      "--base-url", f"sputnik={srv.base_url}", "--since", SINCE,
                      "--log-format", "json"]
        first = newsarchive(*crawl_args, env=env)
        assert first.returncode == 0, first.stderr[-3000:]
        records = article_records(read, keys())
        assert len(records) >= 5

        with Replay(data, store, env) as replay:
            pid = replay.proc.pid
            before = len(srv.log)
            for url, ts, payload, encoding in records:
                assert_replays(replay, url, ts, payload, encoding)
            # the rewritten page too: pywb fetches nothing live for it
            url, ts, _, _ = records[0]
            status, _, body = replay.get(f"/news/{ts}mp_/{url}")
            assert status == 200 and b"<html" in body.lower()
            assert len(srv.log) == before, [e.path for e in srv.log[before:]]

            # a new article is published and crawled while replay runs
            later = srv.publish(new_article("sputnik"))
            second = newsarchive(*crawl_args, env=env)
            assert second.returncode == 0, second.stderr[-3000:]
            assert summary_row(second.stdout, "sputnik")["archived"] == 1
            new_url = srv.base_url + later.path
            fresh = [r for r in article_records(read, keys()) if r[0] == new_url]
            assert fresh, new_url
            wait_replayable(replay, new_url)
            before = len(srv.log)
            assert_replays(replay, *fresh[0])
            for url, ts, payload, encoding in records[:2]:  # the old ones still replay
                assert_replays(replay, url, ts, payload, encoding)
            assert len(srv.log) == before, [e.path for e in srv.log[before:]]
            assert replay.proc.pid == pid and replay.proc.poll() is None  # no restart
            status, _, body = replay.get("/healthz")
            assert status == 200, body
    if env:
        log = (data / "replay.log").read_text()
        assert env["AWS_SECRET_ACCESS_KEY"] not in log
        assert env["AWS_ACCESS_KEY_ID"] not in log


def test_replay_command_line(tmp_path):
    bad = newsarchive("replay", "--data-dir", str(tmp_path), "--listen", "nowhere")
    assert bad.returncode == 2 and "HOST:PORT" in bad.stderr
    bad = newsarchive("replay", "--data-dir", str(tmp_path), "--sync-every", "0")
    assert bad.returncode == 2
    out = newsarchive("replay", "--help")
    for option in ("--store", "--listen", "--index-dir", "--sync-every"):
        assert option in out.stdout
    assert "127.0.0.1:8090" in out.stdout
