"""Catalogs behind one interface; :func:`open_catalog` picks one from a URL."""

from __future__ import annotations

from .base import CaptureRef, Catalog, ObjectEntry
from .sqlite import SqliteCatalog

__all__ = ["CaptureRef", "Catalog", "ObjectEntry", "SqliteCatalog", "open_catalog"]


def open_catalog(url: str, busy_timeout_s: float = 30.0) -> Catalog:
    """``sqlite:///path/catalog.sqlite`` or a plain path → SQLite."""
    if url.startswith("sqlite:///"):  # sqlite:////abs or sqlite:///rel
        return SqliteCatalog(url[len("sqlite:///"):], busy_timeout_s=busy_timeout_s)
    if "://" not in url:
        return SqliteCatalog(url, busy_timeout_s=busy_timeout_s)
    raise ValueError(f"unsupported catalog URL {url!r} (sqlite:///PATH)")
