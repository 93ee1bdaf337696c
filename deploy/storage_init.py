"""One-shot storage setup for the compose deployment (the ``storage-init`` service).

Creates the archive bucket and sets its CORS rules (GET/HEAD from the configured origins,
with ``Range`` allowed and ``Content-Range``/``Accept-Ranges``/``Content-Length``/``ETag``
exposed, so ReplayWeb.page can read WACZ and WARC files straight from the bucket), then
VERIFIES both: ``weed shell`` and some S3 servers report success on errors, so nothing is
taken on trust. It reads the bucket back, the CORS rules back, answers a browser's
preflight request, and writes, range-reads and deletes a probe object. Exit 0 only when
every check passed; otherwise 1 with one line per failed check on stdout (JSON).

Settings, from the environment (the same ones the service uses):
  NEWSARCHIVE_STORE            s3://BUCKET[/PREFIX]
  NEWSARCHIVE_S3__ENDPOINT_URL the S3 endpoint (e.g. http://seaweedfs:8333)
  AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY (or NEWSARCHIVE_S3__ACCESS_KEY_ID / ...)
  STORAGE_CORS_ORIGINS         comma-separated origins (default https://replayweb.page)
  STORAGE_INIT_TIMEOUT_S       wait this long for the store to answer (default 60)
"""

from __future__ import annotations

import json
import os
import sys
import time
import urllib.error
import urllib.request
import uuid
from urllib.parse import urlsplit

import boto3
from botocore.config import Config
from botocore.exceptions import BotoCoreError, ClientError

EXPOSE = ["Content-Range", "Content-Length", "Content-Type", "Accept-Ranges", "ETag"]
METHODS = ["GET", "HEAD"]


def say(event: str, **fields) -> None:
    print(json.dumps({"event": event, "logger": "storage-init", **fields}), flush=True)


def client(endpoint: str | None):
    env = os.environ
    return boto3.client(
        "s3", endpoint_url=endpoint,
        region_name=env.get("NEWSARCHIVE_S3__REGION") or env.get("AWS_DEFAULT_REGION") or "us-east-1",
        aws_access_key_id=env.get("NEWSARCHIVE_S3__ACCESS_KEY_ID") or env.get("AWS_ACCESS_KEY_ID"),
        aws_secret_access_key=(env.get("NEWSARCHIVE_S3__SECRET_ACCESS_KEY")
                               or env.get("AWS_SECRET_ACCESS_KEY")),
        config=Config(s3={"addressing_style": "path"}, retries={"max_attempts": 2},
                      connect_timeout=5, read_timeout=30))


def wait_for_store(s3, timeout: float) -> str | None:
    """None once the store answers; why not, if it does not within ``timeout`` or
    refuses the credentials (not worth waiting for)."""
    end = time.monotonic() + timeout
    while True:
        try:
            s3.list_buckets()
            return None
        except ClientError as e:
            status = e.response.get("ResponseMetadata", {}).get("HTTPStatusCode", 0)
            if 400 <= status < 500 or time.monotonic() >= end:
                return str(e)
        except BotoCoreError as e:
            if time.monotonic() >= end:
                return str(e)
        time.sleep(1)


def ensure_bucket(s3, bucket: str) -> None:
    try:
        s3.create_bucket(Bucket=bucket)
        say("bucket created", bucket=bucket)
    except ClientError as e:
        if e.response["Error"]["Code"] not in ("BucketAlreadyOwnedByYou", "BucketAlreadyExists"):
            raise
        say("bucket exists", bucket=bucket)


def cors_rules(origins: list[str]) -> dict:
    return {"CORSRules": [{"AllowedOrigins": origins, "AllowedMethods": METHODS,
                           "AllowedHeaders": ["*"], "ExposeHeaders": EXPOSE,
                           "MaxAgeSeconds": 3600}]}


def verify(s3, endpoint: str | None, bucket: str, prefix: str, origins: list[str]) -> list[str]:
    """Every check of the finished setup; the failures (empty when all passed)."""
    problems: list[str] = []
    try:
        s3.head_bucket(Bucket=bucket)
    except ClientError as e:
        return [f"bucket {bucket} does not exist after creating it: {e}"]
    if bucket not in {b["Name"] for b in s3.list_buckets().get("Buckets", [])}:
        problems.append(f"bucket {bucket} is not listed")
    try:
        rules = s3.get_bucket_cors(Bucket=bucket).get("CORSRules", [])
    except ClientError as e:
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
    key = f"{prefix}.storage-init-probe-{uuid.uuid4().hex}"
    body = bytes(range(256)) * 4
    try:
        s3.put_object(Bucket=bucket, Key=key, Body=body)
        got = s3.get_object(Bucket=bucket, Key=key, Range="bytes=100-199")
        data = got["Body"].read()
        if data != body[100:200] or got["ResponseMetadata"]["HTTPStatusCode"] != 206:
            problems.append(f"a ranged read of the probe answered "
                            f"{got['ResponseMetadata']['HTTPStatusCode']} with {len(data)} bytes")
        if endpoint:
            problems += preflight(endpoint, bucket, key, origins[0])
    except (BotoCoreError, ClientError) as e:
        problems.append(f"probe object {key}: {e}")
    finally:
        try:
            s3.delete_object(Bucket=bucket, Key=key)
        except (BotoCoreError, ClientError):
            pass
    return problems


def preflight(endpoint: str, bucket: str, key: str, origin: str) -> list[str]:
    """What a browser asks before a ranged GET from another origin."""
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
    store = os.environ.get("NEWSARCHIVE_STORE", "")
    parts = urlsplit(store)
    if parts.scheme != "s3" or not parts.netloc:
        say("not an S3 store; nothing to set up", store=store)
        return 1
    bucket, prefix = parts.netloc, parts.path.strip("/")
    prefix = f"{prefix}/" if prefix else ""
    endpoint = os.environ.get("NEWSARCHIVE_S3__ENDPOINT_URL") or os.environ.get("AWS_ENDPOINT_URL")
    origins = [o.strip() for o in os.environ.get("STORAGE_CORS_ORIGINS",
                                                 "https://replayweb.page").split(",") if o.strip()]
    s3 = client(endpoint)
    error = wait_for_store(s3, float(os.environ.get("STORAGE_INIT_TIMEOUT_S", "60")))
    if error:
        say("store unavailable", error=error, level="error")
        return 1
    try:
        ensure_bucket(s3, bucket)
        s3.put_bucket_cors(Bucket=bucket, CORSConfiguration=cors_rules(origins))
        say("CORS rules set", bucket=bucket, origins=origins, expose=EXPOSE)
    except (BotoCoreError, ClientError) as e:
        say("setup failed", error=str(e))  # the checks below say what is missing
    problems = verify(s3, endpoint, bucket, prefix, origins)
    for problem in problems:
        say("check failed", problem=problem, level="error")
    if problems:
        return 1
    say("storage ready", bucket=bucket, prefix=prefix, origins=origins)
    return 0


if __name__ == "__main__":
    sys.exit(main())
