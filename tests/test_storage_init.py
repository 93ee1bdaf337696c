"""The deployment's storage setup (deploy/storage_init.py) against a real SeaweedFS.

It runs as the compose stack runs it: its own process, settings from the environment
(the service's NEWSARCHIVE_* and the standard AWS_* variables), one JSON line per event.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
import urllib.request
import uuid
from pathlib import Path

from tests.schedkit import free_port

ROOT = Path(__file__).resolve().parents[1]
ORIGINS = ["https://replayweb.page", "http://127.0.0.1:9990"]


def run_init(s3, bucket: str, **env) -> tuple[subprocess.CompletedProcess, list[dict]]:
    base = {k: v for k, v in os.environ.items()
            if not k.startswith(("NEWSARCHIVE_", "AWS_", "STORAGE_"))}
    base.update({
        "NEWSARCHIVE_STORE": f"s3://{bucket}/archive",
        "NEWSARCHIVE_S3__ENDPOINT_URL": s3.endpoint_url,
        "NEWSARCHIVE_S3__ADDRESSING_STYLE": "path",
        "NEWSARCHIVE_S3__REGION": s3.region,
        "AWS_ACCESS_KEY_ID": s3.access_key, "AWS_SECRET_ACCESS_KEY": s3.secret_key,
        "STORAGE_CORS_ORIGINS": ",".join(ORIGINS), "STORAGE_INIT_TIMEOUT_S": "20",
        **env})
    proc = subprocess.run([sys.executable, str(ROOT / "deploy/storage_init.py")], env=base,
                          capture_output=True, text=True, timeout=120, cwd="/")
    events = [json.loads(line) for line in proc.stderr.splitlines() if line.startswith("{")]
    return proc, events


def names(events) -> list[str]:
    return [e["event"] for e in events]


def test_creates_the_bucket_sets_cors_verifies_and_is_idempotent(s3):
    bucket = f"init-{uuid.uuid4().hex[:10]}"
    proc, events = run_init(s3, bucket)
    assert proc.returncode == 0, proc.stderr[-3000:]
    assert "storage ready" in names(events) and "check failed" not in names(events)
    client = s3.client()
    rules = client.get_bucket_cors(Bucket=bucket)["CORSRules"]
    assert set(rules[0]["AllowedOrigins"]) == set(ORIGINS)
    assert {"Content-Range", "Accept-Ranges"} <= set(rules[0]["ExposeHeaders"])
    # the probe it wrote is gone; nothing else was written
    assert client.list_objects_v2(Bucket=bucket).get("KeyCount", 0) == 0
    # what a browser on the second origin asks before a ranged read is answered
    client.put_object(Bucket=bucket, Key="archive/x.wacz", Body=b"0123456789")
    req = urllib.request.Request(f"{s3.endpoint_url}/{bucket}/archive/x.wacz", method="OPTIONS",
                                 headers={"Origin": ORIGINS[1],
                                          "Access-Control-Request-Method": "GET",
                                          "Access-Control-Request-Headers": "range"})
    with urllib.request.urlopen(req, timeout=10) as resp:
        assert resp.headers["Access-Control-Allow-Origin"] in (ORIGINS[1], "*")
    # again, on the bucket as it now is: nothing to create, the same checks pass
    again, events = run_init(s3, bucket)
    assert again.returncode == 0, again.stderr[-3000:]
    assert "bucket created" not in names(events) and "storage ready" in names(events)
    assert s3.secret_key not in proc.stderr + again.stderr


def test_refused_credentials_fail_at_once_in_one_line(s3):
    t0 = time.monotonic()
    proc, events = run_init(s3, f"init-{uuid.uuid4().hex[:10]}",
                            AWS_SECRET_ACCESS_KEY="not-the-" + s3.secret_key[8:])
    assert proc.returncode == 1
    assert time.monotonic() - t0 < 15  # refused: not waited for until the timeout
    failed = [e for e in events if e["event"] == "store unavailable"]
    assert len(failed) == 1 and failed[0]["level"] == "error"
    assert s3.secret_key[8:] not in proc.stderr


def test_a_store_that_never_answers_fails_after_the_timeout(s3):
    port = free_port()
    proc, events = run_init(s3, "nowhere", NEWSARCHIVE_S3__ENDPOINT_URL=f"http://127.0.0.1:{port}",
                            STORAGE_INIT_TIMEOUT_S="2")
    assert proc.returncode == 1
    assert names(events)[-1] == "store unavailable"


def test_a_local_store_is_not_set_up(tmp_path, s3):
    proc, events = run_init(s3, "unused", NEWSARCHIVE_STORE=str(tmp_path / "store"))
    assert proc.returncode == 1
    assert names(events) == ["not an S3 store; nothing to set up"]
