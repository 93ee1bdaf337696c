"""Object stores behind one interface; :func:`open_store` picks one from a URL."""

from __future__ import annotations

from urllib.parse import urlparse

from .base import (IntegrityError, ObjectNotFound, Store, StoredObject, StoreError,
                   StoreUnavailable, sha256_file, sorted_listing)
from .local import LocalStore

__all__ = ["IntegrityError", "LocalStore", "ObjectNotFound", "Store", "StoredObject",
           "StoreError", "StoreUnavailable", "open_store", "sha256_file",
           "sorted_listing"]


def open_store(url: str, **options) -> Store:
    """``/path``, ``file:///path`` → :class:`LocalStore`; ``s3://bucket/prefix`` → S3Store.

    ``options`` are backend settings from the service configuration (for S3:
    endpoint_url, region, addressing_style, access keys); anything unset falls
    back to the backend's own defaults (boto3's credential chain for S3). The
    local store has no options and ignores them.
    """
    parsed = urlparse(url)
    if parsed.scheme == "s3":
        from .s3 import S3Store

        return S3Store.from_url(url, **options)
    if parsed.scheme == "file":
        return LocalStore(parsed.path)
    if parsed.scheme == "":
        return LocalStore(url)
    raise ValueError(f"unsupported store URL {url!r}: use a path, file:// or s3://")
