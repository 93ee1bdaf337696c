"""The one store interface: every backend (local directory, S3) implements it.

Keys are ``/``-separated object keys such as
``warcs/sputnik/2026/11/21/NEWS-20261121120000000-00000-host.warc.gz``; the
local store maps them to paths below its root, the S3 store to objects below
its bucket prefix, so both share one layout (see :mod:`archive.layout`).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO, Iterator, Protocol, runtime_checkable

CHUNK = 1024 * 1024


class StoreError(Exception):
    """Base class of store failures."""


class StoreUnavailable(StoreError):
    """The store cannot be reached or refused the request; retry later (spool)."""


class IntegrityError(StoreError):
    """What the store holds does not match what was sent (checksum mismatch)."""


class ObjectNotFound(StoreError):
    pass


@dataclass(frozen=True)
class StoredObject:
    key: str
    size: int
    sha256: str | None = None  # hex digest of the whole object, when known
    metadata: dict[str, str] = field(default_factory=dict)


@runtime_checkable
class Store(Protocol):
    """Object storage holding WARCs, CDXJ indexes, metadata JSON and manifests."""

    url: str  # how a user names it: file:///path or s3://bucket/prefix

    def put_file(self, key: str, path: Path, *, sha256: str,
                 metadata: dict[str, str] | None = None,
                 content_type: str = "application/octet-stream") -> StoredObject:
        """Store a local file under ``key`` and verify it against ``sha256``.

        Returns only once the stored copy is known to hold exactly the bytes
        whose SHA-256 is ``sha256``; raises :class:`IntegrityError` otherwise.
        Idempotent: storing the same bytes again under the same key makes no
        second copy. Never deletes ``path``; the caller does that after success.
        """

    def put_bytes(self, key: str, data: bytes, *, metadata: dict[str, str] | None = None,
                  content_type: str = "application/octet-stream") -> StoredObject:
        """Store a small object (metadata JSON, manifest), verified likewise."""

    def open(self, key: str) -> BinaryIO:
        """A streaming, read-only file object over the stored bytes."""

    def read_range(self, key: str, offset: int, length: int) -> bytes:
        """Exactly ``length`` bytes of the object from ``offset`` (one WARC record, say).
        Raises :class:`ObjectNotFound` for a missing object and :class:`StoreError` for
        a range that runs past its end; ``ValueError`` for a negative offset or length."""

    def head(self, key: str) -> StoredObject | None:
        """Size, recorded SHA-256 and metadata of an object; None if absent."""

    def list(self, prefix: str = "") -> Iterator[StoredObject]:
        """Every object whose key starts with ``prefix``, streamed (never collected in
        memory), in the backend's order; see :func:`sorted_listing` for key order."""

    def delete(self, key: str) -> None: ...

    # health (i6-storage) ------------------------------------------------------------
    def check(self) -> None:
        """Raise :class:`StoreError` if the store cannot take our objects (missing
        bucket, wrong credentials, read-only directory); :class:`StoreUnavailable`
        for a passing outage."""

    def incomplete_uploads(self) -> list[tuple[str, float]]:
        """(key or path, age in seconds) of uploads a killed run left unfinished."""

    def abort_incomplete_uploads(self, older_than_s: float = 0.0) -> int:
        """Remove unfinished uploads older than ``older_than_s``; returns how many."""


def check_range(offset: int, length: int) -> None:
    if offset < 0 or length < 0:
        raise ValueError(f"invalid range: offset {offset}, length {length}")


def short_range(where: str, offset: int, length: int, got: int) -> StoreError:
    return StoreError(f"{where}: range {offset}+{length} runs past the end of the object "
                      f"({got} bytes there)")


def sha256_file(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(CHUNK), b""):
            h.update(chunk)
    return h.hexdigest()


def sorted_listing(store: "Store", prefix: str) -> list[StoredObject]:
    """The objects under one narrow ``prefix`` (a day: ``warcs/sputnik/2026/11/21/``) in
    key order. Only for prefixes whose listing fits in memory; never for the whole store."""
    return sorted(store.list(prefix), key=lambda o: o.key)
