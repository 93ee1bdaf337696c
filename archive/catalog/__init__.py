"""Catalogs behind one interface; :func:`open_catalog` picks one from a URL."""

from __future__ import annotations

from .base import CaptureRef, Catalog, ObjectEntry
from .sqlite import SqliteCatalog

__all__ = ["CaptureRef", "Catalog", "ObjectEntry", "SqliteCatalog", "is_postgres",
           "open_catalog"]


def is_postgres(url: str) -> bool:
    return url.startswith(("postgresql://", "postgres://"))


def display_url(url: str) -> str:
    """A catalog URL fit to print: any password masked."""
    from urllib.parse import urlsplit, urlunsplit

    parts = urlsplit(url)
    if parts.password:
        parts = parts._replace(netloc=parts.netloc.replace(f":{parts.password}@", ":***@"))
    return urlunsplit(parts)


def open_catalog(url: str, busy_timeout_s: float = 30.0) -> Catalog:
    """``sqlite:///path/catalog.sqlite`` or a plain path → SQLite;
    ``postgresql://user@host:port/db`` → PostgreSQL."""
    if url.startswith("sqlite:///"):  # sqlite:////abs or sqlite:///rel
        return SqliteCatalog(url[len("sqlite:///"):], busy_timeout_s=busy_timeout_s)
    if is_postgres(url):
        from .postgres import PostgresCatalog  # psycopg only when asked for

        return PostgresCatalog(url)
    if "://" not in url:
        return SqliteCatalog(url, busy_timeout_s=busy_timeout_s)
    raise ValueError(f"unsupported catalog URL {url!r} (sqlite:///PATH or postgresql://…)")
