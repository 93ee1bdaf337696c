"""The candidate index in a PostgreSQL catalog's database (i9-pg).

Machines sharing a PostgreSQL catalog share the story-dedup index: its rows
live in the catalog database (tables ``dedup_docs``, ``dedup_info``, made by
the catalog's migration step 6), each process keeps the same in-memory sorted
arrays as :class:`~archive.dedup.index.SqliteCandidateIndex` (all of whose
logic it reuses), and before every lookup it reads the rows other processes
added since its last look: those with a higher ``doc`` number or added (server
clock) within ``OVERLAP_S`` of that look, so a row whose transaction committed
after a higher-numbered one is still found. There is no local snapshot file:
on open every row is read from the database.
"""

from __future__ import annotations

import re
import threading

import numpy as np
import psycopg

from .index import BandKeys, SqliteCandidateIndex, composite, hour_of

OVERLAP_S = 120.0  # rows are re-read this far back (a transaction open longer is missed)


class _PgConnection:
    """Just enough of sqlite3's connection for the index's SQL: ``?`` placeholders and
    the table names ``docs``/``info`` (``dedup_docs``/``dedup_info`` here)."""

    TABLES = re.compile(r"\b(docs|info)\b")

    def __init__(self, url: str):
        self._c = psycopg.connect(url, autocommit=True)

    def execute(self, sql: str, params=()):
        return self._c.execute(self.TABLES.sub(r"dedup_\1", sql).replace("?", "%s"), params)

    def close(self) -> None:
        self._c.close()


class PgCandidateIndex(SqliteCandidateIndex):
    def __init__(self, url: str, keys: BandKeys | None = None, *, reset: bool = False):
        from archive.catalog import open_catalog

        open_catalog(url).close()  # migrated: the index tables exist
        self.url, self.path = url, None
        self.keys = keys or BandKeys()
        self._lock = threading.RLock()
        self._db = _PgConnection(url)
        if reset:
            self._db.execute("DELETE FROM docs")
            self._db.execute("DELETE FROM info")
        self._check_params()
        self._mark = self._server_now()
        self._load()

    @property
    def where(self) -> str:
        return "the PostgreSQL catalog's candidate index"

    def _server_now(self) -> float:
        return float(self._db.execute(
            "SELECT extract(epoch from clock_timestamp())::double precision").fetchone()[0])

    # no local snapshot: the database is the only copy
    def _read_snapshot(self):
        return np.empty(0, np.uint64), np.empty(0, np.int32), 0

    def _write_snapshot(self) -> None:
        self._snap_doc = int(self._db.execute(
            "SELECT coalesce(max(doc), 0) FROM docs").fetchone()[0])

    def clear(self):
        with self._lock:
            self._db.execute("DELETE FROM docs")
            self._load()

    def refresh(self) -> int:
        """Take in the rows other processes added since the last look; how many."""
        with self._lock:
            top = len(self._live) - 1
            now = self._server_now()
            rows = self._db.execute("SELECT doc, published, keys FROM docs WHERE doc > ?"
                                    " OR added > ?", (top, self._mark - OVERLAP_S)).fetchall()
            self._mark = now
            new = [(int(d), p, np.frombuffer(bytes(k), np.int64)) for d, p, k in rows
                   if not (d < len(self._live) and self._live[d])]
            if new:
                self._remember(new)
            return len(new)

    def lookup_keys(self, keys, when=None, *, window_s=None, limit=50):
        self.refresh()
        return super().lookup_keys(keys, when, window_s=window_s, limit=limit)


__all__ = ["PgCandidateIndex", "composite", "hour_of"]
