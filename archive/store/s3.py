"""S3 (and S3-compatible: SeaweedFS, MinIO, Ceph RGW, Garage) store on boto3.

Objects live at ``s3://BUCKET/PREFIX/<key>``. Uploads are verified against the
caller's full-object SHA-256 before ``put_file`` returns:

* single PUT (file up to ``part_size``): the request carries
  ``x-amz-checksum-sha256``; the server checks the bytes against it and echoes
  it back, and we compare the echo;
* multipart (larger files, read and sent ``part_size`` bytes at a time, at most
  ``max_concurrency`` parts in flight, so memory does not grow with the file):
  each part carries its SHA-256, the whole file's SHA-256 is computed locally
  while reading, and the composite checksum the server returns on completion
  (``base64(sha256(part digests...))-N``) is compared with ours;
* when the server returns no SHA-256 checksum (older or minimal S3 servers), or
  with ``verify="readback"``, the object is streamed back and hashed.

A mismatch deletes the bad object and raises :class:`IntegrityError`. An object
already stored under the key with the same SHA-256 (metadata) and size is not
uploaded again. Connection failures, timeouts, throttling and 5xx raise
:class:`StoreUnavailable` (botocore retries only briefly, so a dead server fails
in seconds and the shipper can leave the file spooled); other 4xx raise
:class:`StoreError`. No access key, secret or session token ever goes into an
exception message or a log line: messages are built here from the operation,
key and S3 error code, and a logging filter masks credentials in boto's own
debug output.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import io
import logging
import os
import re
import threading
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from pathlib import Path
from typing import BinaryIO, Iterator
from urllib.parse import quote, urlparse

import boto3
import structlog
from botocore.config import Config
from botocore.exceptions import (BotoCoreError, ClientError, ConnectionError as BotoConnectionError,
                                 HTTPClientError, IncompleteReadError, NoCredentialsError,
                                 PartialCredentialsError, ResponseStreamingError)

from .base import (CHUNK, IntegrityError, ObjectNotFound, StoredObject, StoreError,
                   StoreUnavailable, check_range, short_range)

log = structlog.get_logger("archive.store.s3")

MiB = 1024 * 1024
DEFAULT_PART_SIZE = 16 * MiB
MIN_PART_SIZE = 5 * MiB  # S3's minimum for every part but the last
MAX_PARTS = 10_000

THROTTLING = {"Throttling", "ThrottlingException", "ThrottledException", "SlowDown",
              "RequestThrottled", "RequestLimitExceeded", "TooManyRequests",
              "TooManyRequestsException", "ProvisionedThroughputExceededException",
              "RequestThrottledException", "BandwidthLimitExceeded", "RequestTimeout",
              "RequestTimeoutException", "PriorRequestNotComplete", "ServiceUnavailable"}
BAD_DIGEST = {"BadDigest", "InvalidDigest", "XAmzContentSHA256Mismatch",
              "InvalidChecksum", "InvalidRequestChecksum"}
NOT_FOUND = {"NoSuchKey", "NotFound", "404"}
DENIED = {"AccessDenied", "SignatureDoesNotMatch", "InvalidAccessKeyId", "403"}


# -- secrets: never in messages or logs -------------------------------------------
_SECRETS: set[str] = set()
_SECRET_PATTERNS = [
    (re.compile(r"(Credential=)[^/\s,'\"]+"), r"\1***"),
    (re.compile(r"(Signature=)[0-9a-fA-F]+"), r"\1***"),
    (re.compile(r"(?i)(X-Amz-(?:Credential|Signature|Security-Token)=)[^&\s'\"]+"), r"\1***"),
    (re.compile(r"(?i)(['\"]?(?:x-amz-security-token|authorization)['\"]?\s*[:=]\s*b?['\"])"
                r"[^'\"]*"), r"\1***"),
]


def redact(text: str) -> str:
    for secret in _SECRETS:
        if secret and secret in text:
            text = text.replace(secret, "***")
    for pattern, repl in _SECRET_PATTERNS:
        text = pattern.sub(repl, text)
    return text


class _RedactingFilter(logging.Filter):
    """Masks credentials in boto/urllib3 records (their DEBUG output prints headers)."""

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            msg = record.getMessage()
        except Exception:
            return True
        clean = redact(msg)
        if clean != msg:
            record.msg, record.args = clean, None
        return True


_FILTER = _RedactingFilter()
_LIBRARY_LOGGERS = ("botocore", "boto3", "s3transfer", "urllib3")


def _guard_library_loggers() -> None:
    """A logger's filters apply to records created on it only, so add ours to each one."""
    names = set(_LIBRARY_LOGGERS)
    names.update(n for n in list(logging.root.manager.loggerDict)
                 if n.split(".", 1)[0] in _LIBRARY_LOGGERS)
    for name in names:
        lg = logging.getLogger(name)
        if _FILTER not in lg.filters:
            lg.addFilter(_FILTER)


# -- helpers -------------------------------------------------------------------------
def _b64(digest: bytes) -> str:
    return base64.b64encode(digest).decode("ascii")


def _hex_to_b64(hexdigest: str) -> str:
    return _b64(bytes.fromhex(hexdigest))


def _b64_to_hex(value: str | None) -> str | None:
    """A full-object SHA-256 from ``ChecksumSHA256`` (None for composite ``…-N`` values)."""
    if not value or "-" in value:
        return None
    try:
        raw = base64.b64decode(value, validate=True)
    except (binascii.Error, ValueError):
        return None
    return raw.hex() if len(raw) == 32 else None


def _meta_value(value) -> str:
    text = str(value)
    return text if text.isascii() else quote(text, safe="")  # S3 metadata is US-ASCII


class S3Store:
    """The Store protocol over an S3 bucket and key prefix."""

    def __init__(self, client, bucket: str, prefix: str = "", *,
                 part_size: int = DEFAULT_PART_SIZE, max_concurrency: int = 4,
                 verify: str = "auto"):
        if verify not in ("auto", "readback"):
            raise ValueError("verify must be 'auto' (server checksums, read back if none) "
                             "or 'readback' (always read the object back)")
        if part_size < MIN_PART_SIZE:
            raise ValueError(f"part_size must be at least {MIN_PART_SIZE} bytes")
        self._client = client
        self.bucket = bucket
        prefix = prefix.strip("/")
        self.prefix = prefix + "/" if prefix else ""
        self.url = f"s3://{bucket}/{prefix}" if prefix else f"s3://{bucket}"
        self.part_size = part_size
        self.max_concurrency = max(1, max_concurrency)
        self.verify = verify
        self.stats: Counter[str] = Counter()  # verified_checksum, verified_readback, …
        self._stats_lock = threading.Lock()  # put_file runs in several threads at once
        _guard_library_loggers()

    def __repr__(self) -> str:
        return f"S3Store({self.url!r})"

    @property
    def client(self):
        """The boto3 client (thread-safe), for what only S3 has: replay's block loader,
        and the bucket's CORS rules and raw checks in the deployment's storage setup."""
        return self._client

    def set_cors(self, rules: list[dict]) -> None:
        """Replace the bucket's CORS rules (browsers reading WACZ/WARC from it)."""
        with self._errors("put-bucket-cors", ""):
            self._client.put_bucket_cors(Bucket=self.bucket,
                                         CORSConfiguration={"CORSRules": rules})

    def cors(self) -> list[dict]:
        """The bucket's CORS rules as the server reports them; [] when it has none."""
        try:
            with self._errors("get-bucket-cors", ""):
                return self._client.get_bucket_cors(Bucket=self.bucket).get("CORSRules", [])
        except StoreError as e:
            if "NoSuchCORSConfiguration" in str(e):
                return []
            raise

    def _count(self, what: str) -> None:
        with self._stats_lock:  # a Counter's += is a read, then a write
            self.stats[what] += 1

    # -- construction --------------------------------------------------------------
    @classmethod
    def from_url(cls, url: str, endpoint_url: str | None = None, region: str | None = None,
                 addressing_style: str | None = None, access_key_id: str | None = None,
                 secret_access_key: str | None = None, create_bucket: bool = False, *,
                 session_token: str | None = None, connect_timeout: float = 2.0,
                 read_timeout: float = 60.0, max_attempts: int = 3, uploads: int = 1,
                 **options) -> "S3Store":
        """``s3://BUCKET/PREFIX``; unset settings come from boto3's own chain.

        ``options`` go to the constructor (part_size, max_concurrency, verify).
        ``uploads`` is how many ``put_file`` calls may run at once (the shipper's
        concurrency): the connection pool holds enough connections for all of them,
        each with ``max_concurrency`` multipart parts in flight.
        Path-style addressing is used when asked for, or when an endpoint is set
        (explicitly or via AWS_ENDPOINT_URL[_S3]) and no style is given: self-hosted
        servers rarely have wildcard DNS for virtual-hosted buckets.
        """
        parsed = urlparse(url)
        if parsed.scheme != "s3" or not parsed.netloc:
            raise ValueError(f"not an s3://BUCKET[/PREFIX] URL: {url!r}")
        bucket, prefix = parsed.netloc, parsed.path.strip("/")
        session = boto3.session.Session(
            aws_access_key_id=access_key_id, aws_secret_access_key=secret_access_key,
            aws_session_token=session_token, region_name=region)
        _remember_credentials(session)
        if addressing_style is None and (endpoint_url or os.environ.get("AWS_ENDPOINT_URL_S3")
                                         or os.environ.get("AWS_ENDPOINT_URL")):
            addressing_style = "path"
        s3_config = {"addressing_style": addressing_style} if addressing_style else {}
        if options.get("verify", "auto") == "auto":
            # Every upload carries a signed x-amz-checksum-sha256 header that the server
            # checks the body against, so SigV4 need not hash each body a second time
            # (botocore otherwise does on plain-http endpoints; on https it already skips).
            s3_config["payload_signing_enabled"] = False
        config = Config(
            s3=s3_config, connect_timeout=connect_timeout, read_timeout=read_timeout,
            retries={"max_attempts": max_attempts, "mode": "standard"},
            # We send and check SHA-256 ourselves; no extra CRC on every request.
            request_checksum_calculation="when_required",
            response_checksum_validation="when_required",
            max_pool_connections=max(10, int(options.get("max_concurrency", 4)) * 2
                                     * max(1, uploads)),
        )
        client = session.client("s3", endpoint_url=endpoint_url, config=config)
        store = cls(client, bucket, prefix, **options)
        if create_bucket:
            store.ensure_bucket()
        return store

    def ensure_bucket(self) -> None:
        with self._errors("head-bucket", ""):
            try:
                self._client.head_bucket(Bucket=self.bucket)
                return
            except ClientError as e:
                if _status(e) != 404:
                    raise
        kwargs = {"Bucket": self.bucket}
        region = self._client.meta.region_name
        if region and region not in ("us-east-1", "aws-global"):
            kwargs["CreateBucketConfiguration"] = {"LocationConstraint": region}
        with self._errors("create-bucket", ""):
            try:
                self._client.create_bucket(**kwargs)
            except ClientError as e:
                if _code(e) not in ("BucketAlreadyOwnedByYou",):
                    raise
        log.info("bucket created", bucket=self.bucket)

    # -- health: checked before a crawl, cleaned at its start --------------------------
    PROBE_PREFIX = ".newsarchive-probe/"

    def check(self) -> None:
        """Fail fast on what a crawl could not fix: a missing bucket (HEAD bucket; a
        missing bucket looks like a missing key to HEAD object on some servers), wrong
        credentials, no right to write. Raises :class:`StoreError` (or
        :class:`StoreUnavailable` for a passing outage)."""
        try:
            with self._errors("head-bucket", ""):
                self._client.head_bucket(Bucket=self.bucket)
        except StoreUnavailable:
            raise
        except StoreError as e:  # told apart by the answer: the message names the bucket
            code, status = getattr(e, "s3_code", ""), getattr(e, "http_status", None)
            if status == 404 or code in ("NoSuchBucket", "NotFound", "404"):
                raise StoreError(f"bucket {self.bucket!r} does not exist") from None
            if status == 403 or code in DENIED:
                raise StoreError(f"access to bucket {self.bucket!r} denied (wrong "
                                 f"credentials or no permission): {e}") from None
            raise
        probe = self.PROBE_PREFIX + hashlib.sha256(os.urandom(16)).hexdigest()[:16]
        with self._errors("put (write probe)", probe):
            self._client.put_object(Bucket=self.bucket, Key=self._full(probe), Body=b"probe")
        with self._errors("delete (write probe)", probe):
            self._client.delete_object(Bucket=self.bucket, Key=self._full(probe))

    def incomplete_uploads(self) -> list[tuple[str, float]]:
        """(key, age in seconds) of multipart uploads under our prefix never completed
        or aborted (a run killed mid-upload): the server keeps their parts."""
        now = time.time()
        found = []
        paginator = self._client.get_paginator("list_multipart_uploads")
        with self._errors("list-multipart-uploads", self.prefix or "/"):
            for page in paginator.paginate(Bucket=self.bucket, Prefix=self.prefix):
                for up in page.get("Uploads", ()):
                    age = now - up["Initiated"].timestamp() if up.get("Initiated") else 0.0
                    found.append((up["Key"][len(self.prefix):], up["UploadId"], age))
        return [(key, age) for key, _, age in found]

    def abort_incomplete_uploads(self, older_than_s: float = 0.0) -> int:
        """Abort incomplete multipart uploads older than ``older_than_s``; their count."""
        now = time.time()
        n = 0
        paginator = self._client.get_paginator("list_multipart_uploads")
        with self._errors("list-multipart-uploads", self.prefix or "/"):
            uploads = [up for page in paginator.paginate(Bucket=self.bucket,
                                                         Prefix=self.prefix)
                       for up in page.get("Uploads", ())]
        for up in uploads:
            initiated = up.get("Initiated")
            if initiated is not None and now - initiated.timestamp() < older_than_s:
                continue
            with self._errors("abort-multipart", up["Key"][len(self.prefix):]):
                self._client.abort_multipart_upload(Bucket=self.bucket, Key=up["Key"],
                                                    UploadId=up["UploadId"])
            n += 1
        return n

    # -- the Store protocol -----------------------------------------------------------
    def put_file(self, key: str, path: Path, *, sha256: str,
                 metadata: dict[str, str] | None = None,
                 content_type: str = "application/octet-stream") -> StoredObject:
        path = Path(path)
        size = path.stat().st_size
        sha256 = sha256.lower()
        meta = self._metadata(metadata, sha256)
        existing = self._head_raw(key)
        if existing is not None and self._same(existing, sha256, size):
            self._count("skipped_existing")
            log.debug("already stored", key=key, bytes=size)
            return self._stored(key, existing)
        t0 = time.monotonic()
        if size > self.part_size:
            how = self._put_multipart(key, path, size, sha256, meta, content_type)
        else:
            with open(path, "rb") as body:
                how = self._put_single(key, body, size, sha256, meta, content_type)
        log.debug("s3 upload verified", key=key, bytes=size, verified_by=how,
                 seconds=round(time.monotonic() - t0, 3))
        return StoredObject(key, size, sha256, meta)

    def put_bytes(self, key: str, data: bytes, *, metadata: dict[str, str] | None = None,
                  content_type: str = "application/octet-stream") -> StoredObject:
        digest = hashlib.sha256(data).hexdigest()
        meta = self._metadata(metadata, digest)
        self._put_single(key, data, len(data), digest, meta, content_type)
        return StoredObject(key, len(data), digest, meta)

    def open(self, key: str) -> BinaryIO:
        with self._errors("get", key):
            resp = self._client.get_object(Bucket=self.bucket, Key=self._full(key))
        return io.BufferedReader(_Body(resp["Body"], self._where(key)), buffer_size=CHUNK)

    def read_range(self, key: str, offset: int, length: int) -> bytes:
        check_range(offset, length)
        if length == 0:
            if self.head(key) is None:
                raise ObjectNotFound(key)
            return b""
        with self._errors("get", key):
            resp = self._client.get_object(Bucket=self.bucket, Key=self._full(key),
                                           Range=f"bytes={offset}-{offset + length - 1}")
        with _Body(resp["Body"], self._where(key)) as body:
            data = body.read()
        if len(data) != length:  # the object ends inside the range
            raise short_range(self._where(key), offset, length, len(data))
        return data

    def head(self, key: str) -> StoredObject | None:
        resp = self._head_raw(key)
        return None if resp is None else self._stored(key, resp)

    def list(self, prefix: str = "") -> Iterator[StoredObject]:
        """Key and size of each object under ``prefix`` (``sha256`` is None: no HEAD each),
        streamed page by page as ``list_objects_v2`` returns them: nothing is collected
        or sorted, so memory stays flat however large the store. The order is the
        server's (S3 lists in UTF-8 byte order; SeaweedFS directory by directory, ``a/b``
        before ``a-c``); a caller that needs order lists a narrow prefix (one day) and
        sorts that (:func:`archive.store.base.sorted_listing`).
        """
        paginator = self._client.get_paginator("list_objects_v2")
        cut = len(self.prefix)
        pages = iter(paginator.paginate(Bucket=self.bucket, Prefix=self.prefix + prefix))
        while True:
            with self._errors("list", prefix or "/"):
                page = next(pages, None)
            if page is None:
                return
            for item in page.get("Contents", ()):
                yield StoredObject(item["Key"][cut:], item["Size"])

    def delete(self, key: str) -> None:
        with self._errors("delete", key):
            self._client.delete_object(Bucket=self.bucket, Key=self._full(key))

    # -- uploads ------------------------------------------------------------------------
    def _put_single(self, key, body, size, sha256, meta, content_type) -> str:
        kwargs = dict(Bucket=self.bucket, Key=self._full(key), Body=body, ContentLength=size,
                      Metadata=meta, ContentType=content_type)
        expected = None
        if self.verify == "auto":
            expected = kwargs["ChecksumSHA256"] = _hex_to_b64(sha256)
        with self._errors("put", key):
            resp = self._client.put_object(**kwargs)
        self._count("uploads_single")
        return self._confirm(key, sha256, size, resp.get("ChecksumSHA256"), expected)

    def _put_multipart(self, key, path, size, sha256, meta, content_type) -> str:
        """Hash each part while reading it, then let a worker send it from the file.

        No part is held in memory: the reading thread hashes the file once, in
        CHUNK pieces (whole-file and per-part SHA-256 together), and each worker
        streams its part from its own file handle. At most ``max_concurrency``
        parts are in flight. Should the file change between hashing and sending,
        the server rejects the part (its checksum no longer matches).
        """
        part_size = max(self.part_size, -(-size // MAX_PARTS))
        full = self._full(key)
        use_checksums = self.verify == "auto"
        create = dict(Bucket=self.bucket, Key=full, Metadata=meta, ContentType=content_type)
        if use_checksums:
            create["ChecksumAlgorithm"] = "SHA256"
        with self._errors("create-multipart", key):
            upload_id = self._client.create_multipart_upload(**create)["UploadId"]

        def send(number: int, offset: int, length: int, digest: bytes) -> dict:
            kwargs = dict(Bucket=self.bucket, Key=full, UploadId=upload_id, PartNumber=number,
                          ContentLength=length)
            if use_checksums:
                kwargs["ChecksumSHA256"] = _b64(digest)
            with _FileSlice(path, offset, length) as body, \
                    self._errors(f"upload-part {number}", key):
                resp = self._client.upload_part(Body=body, **kwargs)
            returned = resp.get("ChecksumSHA256")
            if returned and use_checksums and returned != _b64(digest):
                raise IntegrityError(f"{self._where(key)}: part {number} checksum differs")
            part = {"PartNumber": number, "ETag": resp["ETag"]}
            if use_checksums:
                part["ChecksumSHA256"] = _b64(digest)
            return part

        whole = hashlib.sha256()
        digests: list[bytes] = []
        slots = threading.BoundedSemaphore(self.max_concurrency)
        failed = threading.Event()
        futures = []

        def done(fut):
            if fut.exception() is not None:
                failed.set()
            slots.release()

        try:
            with open(path, "rb") as f, \
                    ThreadPoolExecutor(self.max_concurrency, thread_name_prefix="s3-part") as pool:
                offset = 0
                while True:
                    slots.acquire()  # the reader runs at most max_concurrency parts ahead
                    if failed.is_set():
                        slots.release()
                        break
                    part, length = hashlib.sha256(), 0
                    while length < part_size:
                        chunk = f.read(min(CHUNK, part_size - length))
                        if not chunk:
                            break
                        whole.update(chunk)
                        part.update(chunk)
                        length += len(chunk)
                    if not length:
                        slots.release()
                        break
                    digests.append(part.digest())
                    fut = pool.submit(send, len(digests), offset, length, digests[-1])
                    fut.add_done_callback(done)
                    futures.append(fut)
                    offset += length
            parts = [fut.result() for fut in futures]  # the first failure raises here
            if whole.hexdigest() != sha256 or offset != size:
                raise IntegrityError(f"{self._where(key)}: local file ({offset} bytes, sha256 "
                                     f"{whole.hexdigest()}) != expected {sha256} ({size} bytes);"
                                     " not stored")
            with self._errors("complete-multipart", key):
                resp = self._client.complete_multipart_upload(
                    Bucket=self.bucket, Key=full, UploadId=upload_id,
                    MultipartUpload={"Parts": parts})
        except BaseException:
            self._abort(key, upload_id)
            raise
        self._count("uploads_multipart")
        composite = _b64(hashlib.sha256(b"".join(digests)).digest())
        expected = f"{composite}-{len(digests)}" if use_checksums else None
        return self._confirm(key, sha256, size, resp.get("ChecksumSHA256"), expected,
                             also_ok=_hex_to_b64(sha256))

    def _confirm(self, key, sha256, size, returned, expected, also_ok=None) -> str:
        """Check the server's checksum echo, or read the object back when it gave none."""
        if expected and returned:
            if returned in (expected, expected.split("-")[0], also_ok):
                self._count("verified_checksum")
                return "checksum"
            self._discard(key)
            raise IntegrityError(f"{self._where(key)}: server checksum {returned} != "
                                 f"expected {expected}; bad object deleted")
        actual, actual_size = self._hash_stored(key)
        if actual != sha256 or actual_size != size:
            self._discard(key)
            raise IntegrityError(f"{self._where(key)}: read back sha256 {actual} "
                                 f"({actual_size} bytes) != expected {sha256} ({size} bytes); "
                                 "bad object deleted")
        self._count("verified_readback")
        return "readback"

    def _hash_stored(self, key) -> tuple[str, int]:
        h, n = hashlib.sha256(), 0
        with self.open(key) as stream:
            for chunk in iter(lambda: stream.read(CHUNK), b""):
                h.update(chunk)
                n += len(chunk)
        return h.hexdigest(), n

    def _discard(self, key) -> None:
        try:
            self.delete(key)
        except StoreError as e:
            log.error("could not delete bad object", key=key, error=str(e))

    def _abort(self, key, upload_id) -> None:
        try:
            self._client.abort_multipart_upload(Bucket=self.bucket, Key=self._full(key),
                                                UploadId=upload_id)
        except Exception as e:  # best effort: the server may be the reason we are here
            log.warning("could not abort multipart upload", key=key,
                        error=redact(type(e).__name__))

    # -- reading metadata ------------------------------------------------------------------
    def _head_raw(self, key) -> dict | None:
        with self._errors("head", key):
            try:
                return self._client.head_object(Bucket=self.bucket, Key=self._full(key),
                                                ChecksumMode="ENABLED")
            except ClientError as e:
                if _status(e) == 404 or _code(e) in NOT_FOUND:
                    return None
                raise

    def _same(self, resp: dict, sha256: str, size: int) -> bool:
        meta = resp.get("Metadata") or {}
        if meta.get("sha256", "").lower() != sha256 or resp.get("ContentLength") != size:
            return False
        server = _b64_to_hex(resp.get("ChecksumSHA256"))
        return server is None or server == sha256  # metadata must not contradict the server

    def _stored(self, key: str, resp: dict) -> StoredObject:
        meta = dict(resp.get("Metadata") or {})
        sha = meta.get("sha256") or _b64_to_hex(resp.get("ChecksumSHA256"))
        return StoredObject(key, resp["ContentLength"], sha, meta)

    # -- plumbing ---------------------------------------------------------------------------
    def _full(self, key: str) -> str:
        if not key or key.startswith("/") or any(p in ("", ".", "..") for p in key.split("/")):
            raise ValueError(f"invalid object key {key!r}")
        return self.prefix + key

    def _where(self, key: str) -> str:
        return f"s3://{self.bucket}/{self.prefix}{key.lstrip('/')}"

    def _metadata(self, metadata, sha256) -> dict[str, str]:
        meta = {str(k).lower(): _meta_value(v) for k, v in (metadata or {}).items()}
        meta["sha256"] = sha256
        return meta

    @contextmanager
    def _errors(self, op: str, key: str):
        """Translate botocore failures into store errors with secret-free messages."""
        try:
            yield
        except ClientError as e:
            code, status = _code(e), _status(e)
            message = (e.response.get("Error") or {}).get("Message") or ""
            text = redact(f"s3 {op} {self._where(key)}: {code} (HTTP {status}) {message}".strip())
            if code in BAD_DIGEST:
                err: StoreError = IntegrityError(text + "; the server rejected the bytes")
            elif code in THROTTLING or (status or 0) >= 500:
                err = StoreUnavailable(text)
            elif op == "get" and (code in NOT_FOUND or (status == 404 and code != "NoSuchBucket")):
                err = ObjectNotFound(key)
            else:
                err = StoreError(text)
            err.s3_code, err.http_status = code, status  # for callers that tell answers apart
            raise err from None
        except (BotoConnectionError, HTTPClientError, IncompleteReadError,
                ResponseStreamingError) as e:
            raise StoreUnavailable(redact(f"s3 {op} {self._where(key)}: {type(e).__name__}: {e}")
                                   ) from None
        except (NoCredentialsError, PartialCredentialsError) as e:
            raise StoreError(f"s3 {op} {self._where(key)}: {type(e).__name__}") from None
        except BotoCoreError as e:
            raise StoreError(redact(f"s3 {op} {self._where(key)}: {type(e).__name__}: {e}")
                             ) from None


class _FileSlice(io.RawIOBase):
    """``length`` bytes of a file from ``offset``, as a seekable stream of their own."""

    def __init__(self, path, offset: int, length: int):
        self._f = open(path, "rb")
        self._start, self._length, self._pos = offset, length, 0
        self._f.seek(offset)

    def readable(self) -> bool:
        return True

    def seekable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:
        n = min(len(buffer), self._length - self._pos)
        if n <= 0:
            return 0
        n = self._f.readinto(memoryview(buffer)[:n])
        self._pos += n
        return n

    def seek(self, pos: int, whence: int = io.SEEK_SET) -> int:
        base = {io.SEEK_SET: 0, io.SEEK_CUR: self._pos, io.SEEK_END: self._length}[whence]
        self._pos = min(max(0, base + pos), self._length)
        self._f.seek(self._start + self._pos)
        return self._pos

    def tell(self) -> int:
        return self._pos

    def __len__(self) -> int:
        return self._length

    def close(self) -> None:
        if not self.closed:
            self._f.close()
            super().close()


class _Body(io.RawIOBase):
    """A botocore StreamingBody as a raw file object whose failures are StoreUnavailable."""

    def __init__(self, body, where: str):
        self._body = body
        self._where = where
        self._pos = 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:
        try:
            data = self._body.read(len(buffer))
        except Exception as e:  # botocore, urllib3 and socket errors alike
            raise StoreUnavailable(redact(f"s3 read {self._where}: {type(e).__name__}: {e}")
                                   ) from None
        n = len(data)
        buffer[:n] = data
        self._pos += n
        return n

    def tell(self) -> int:
        return self._pos

    def close(self) -> None:
        if not self.closed:
            try:
                self._body.close()
            finally:
                super().close()


def _code(e: ClientError) -> str:
    return str((e.response.get("Error") or {}).get("Code") or "")


def _status(e: ClientError) -> int | None:
    return (e.response.get("ResponseMetadata") or {}).get("HTTPStatusCode")


def _remember_credentials(session) -> None:
    """Learn the secrets in play so that :func:`redact` can mask them anywhere."""
    try:
        creds = session.get_credentials()
        frozen = creds.get_frozen_credentials() if creds else None
    except Exception:
        return
    if frozen:
        for value in (frozen.access_key, frozen.secret_key, frozen.token):
            if value and len(value) >= 8:
                _SECRETS.add(value)
