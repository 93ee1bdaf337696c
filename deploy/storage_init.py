"""One-shot storage setup for the compose deployment (the ``storage-init`` service).

Creates the archive bucket and sets its CORS rules (GET/HEAD from the configured origins,
with ``Range`` allowed and ``Content-Range``/``Accept-Ranges``/``Content-Length``/``ETag``
exposed, so ReplayWeb.page can read WACZ and WARC files straight from the bucket), then
VERIFIES both: ``weed shell`` and some S3 servers report success on errors, so nothing is
taken on trust. It reads the bucket back, the CORS rules back, answers a browser's
preflight request, and writes, range-reads and deletes a probe object. Exit 0 only when
every check passed; otherwise 1 with one log line (JSON) per failed check.

The store and its credentials come from the service's own settings (``newsarchive.config``:
``NEWSARCHIVE_STORE=s3://BUCKET[/PREFIX]``, ``NEWSARCHIVE_S3__*``, else boto3's chain:
``AWS_*``), opened as the service opens it (``archive.store.open_store``). Two variables
are this setup's own:
  STORAGE_CORS_ORIGINS         comma-separated origins (default https://replayweb.page)
  STORAGE_INIT_TIMEOUT_S       wait this long for the store to answer (default 60)
"""

from __future__ import annotations

import os
import sys
import time
import urllib.error
import urllib.request
import uuid

import structlog
from botocore.exceptions import BotoCoreError, ClientError
from pydantic import ValidationError

from archive.store import open_store
from archive.store.base import StoreError, StoreUnavailable
from newsarchive import logs
from newsarchive.config import Settings

EXPOSE = ["Content-Range", "Content-Length", "Content-Type", "Accept-Ranges", "ETag"]
METHODS = ["GET", "HEAD"]

log = structlog.get_logger("storage-init")


def wait_for_store(store, timeout: float) -> str | None:
    """None once the bucket exists (created if it did not); why not, if the store does
    not answer within ``timeout`` or refuses (bad credentials: not worth waiting for)."""
    end = time.monotonic() + timeout
    while True:
        try:
            store.ensure_bucket()
            return None
        except StoreUnavailable as e:
            if time.monotonic() >= end:
                return str(e)
        except StoreError as e:
            return str(e)
        time.sleep(1)


def cors_rules(origins: list[str]) -> list[dict]:
    return [{"AllowedOrigins": origins, "AllowedMethods": METHODS, "AllowedHeaders": ["*"],
             "ExposeHeaders": EXPOSE, "MaxAgeSeconds": 3600}]


def verify(store, origins: list[str]) -> list[str]:
    """Every check of the finished setup; the failures (empty when all passed). The
    checks speak to the bucket directly (the store's client), as a browser would."""
    s3, bucket = store.client, store.bucket
    problems: list[str] = []
    try:
        s3.head_bucket(Bucket=bucket)
    except ClientError as e:
        return [f"bucket {bucket} does not exist after creating it: {e}"]
    if bucket not in {b["Name"] for b in s3.list_buckets().get("Buckets", [])}:
        problems.append(f"bucket {bucket} is not listed")
    try:
        rules = store.cors()
    except StoreError as e:
        rules = []
        problems.append(f"CORS rules cannot be read back: {e}")
    if rules:
        rule = rules[0]
        exposed = {h.lower() for h in rule.get("ExposeHeaders", [])}
        if not {"content-range", "accept-ranges"} <= exposed:
            problems.append(f"CORS rules do not expose Content-Range/Accept-Ranges: {rule}")
        if not set(METHODS) <= set(rule.get("AllowedMethods", [])):
            problems.append(f"CORS rules do not allow GET and HEAD: {rule}")
        if not (set(origins) <= set(rule.get("AllowedOrigins", [])) or
                "*" in rule.get("AllowedOrigins", [])):
            problems.append(f"CORS rules do not allow {origins}: {rule}")
    elif not problems:
        problems.append("no CORS rules on the bucket")
    # the probe: write, read a range back (206 and the right bytes), delete
    key = f"{store.prefix}.storage-init-probe-{uuid.uuid4().hex}"
    body = bytes(range(256)) * 4
    try:
        s3.put_object(Bucket=bucket, Key=key, Body=body)
        got = s3.get_object(Bucket=bucket, Key=key, Range="bytes=100-199")
        data = got["Body"].read()
        if data != body[100:200] or got["ResponseMetadata"]["HTTPStatusCode"] != 206:
            problems.append(f"a ranged read of the probe answered "
                            f"{got['ResponseMetadata']['HTTPStatusCode']} with {len(data)} bytes")
        problems += preflight(s3.meta.endpoint_url, bucket, key, origins[0])
    except (BotoCoreError, ClientError) as e:
        problems.append(f"probe object {key}: {e}")
    finally:
        try:
            s3.delete_object(Bucket=bucket, Key=key)
        except (BotoCoreError, ClientError):
            pass
    return problems


def preflight(endpoint: str, bucket: str, key: str, origin: str) -> list[str]:
    """What a browser asks before a ranged GET from another origin (path-style URL)."""
    req = urllib.request.Request(f"{endpoint.rstrip('/')}/{bucket}/{key}", method="OPTIONS",
                                 headers={"Origin": origin,
                                          "Access-Control-Request-Method": "GET",
                                          "Access-Control-Request-Headers": "range"})
    try:
        with urllib.request.urlopen(req, timeout=10) as resp:
            status, headers = resp.status, resp.headers
    except urllib.error.HTTPError as e:
        status, headers = e.code, e.headers
    except OSError as e:
        return [f"CORS preflight failed: {e}"]
    allow = headers.get("Access-Control-Allow-Origin", "")
    if status >= 400 or allow not in (origin, "*"):
        return [f"CORS preflight from {origin} answered {status}, "
                f"Access-Control-Allow-Origin {allow!r}"]
    allowed = headers.get("Access-Control-Allow-Headers", "").lower()
    exposed = headers.get("Access-Control-Expose-Headers", "").lower()
    if "range" not in allowed and "*" not in allowed:
        return [f"CORS preflight does not allow the Range header: {allowed!r}"]
    if "content-range" not in exposed:
        return [f"CORS preflight does not expose Content-Range: {exposed!r}"]
    return []


def main() -> int:
    logs.configure("json", "INFO")
    try:
        settings = Settings.load()
    except ValidationError as e:
        log.error("settings are invalid", error=str(e).splitlines()[0])
        return 1
    if not settings.store_url.startswith("s3://"):
        log.error("not an S3 store; nothing to set up", store=settings.store_url)
        return 1
    origins = [o.strip() for o in os.environ.get("STORAGE_CORS_ORIGINS",
                                                 "https://replayweb.page").split(",") if o.strip()]
    store = open_store(settings.store_url, **settings.s3.store_options())
    error = wait_for_store(store, float(os.environ.get("STORAGE_INIT_TIMEOUT_S", "60")))
    if error:
        log.error("store unavailable", error=error)
        return 1
    try:
        store.set_cors(cors_rules(origins))
        log.info("CORS rules set", bucket=store.bucket, origins=origins, expose=EXPOSE)
    except StoreError as e:
        log.error("setup failed", error=str(e))  # the checks below say what is missing
    problems = verify(store, origins)
    for problem in problems:
        log.error("check failed", problem=problem)
    if problems:
        return 1
    log.info("storage ready", bucket=store.bucket, prefix=store.prefix, origins=origins)
    return 0


if __name__ == "__main__":
    sys.exit(main())
