"""SQLite catalog, the embedded default. WAL mode: the crawl child process and
the parent (which ships spooled files) use the same file at once.

Every method lives in :class:`archive.catalog.sql.SqlCatalog` (shared with
PostgreSQL; see its docstring for how to add one); this module only connects
and names SQLite's dialect.
"""

from __future__ import annotations

import sqlite3
import time
from pathlib import Path

from .sql import DECISIONS, Dialect, SqlCatalog, topic_decision

__all__ = ["DECISIONS", "SqliteCatalog", "SqliteDialect", "topic_decision"]


class SqliteDialect(Dialect):
    name = "sqlite"
    types = {"int": "INTEGER", "float": "REAL", "blob": "BLOB",
             "autoid": "INTEGER PRIMARY KEY AUTOINCREMENT"}
    now = "((julianday('now') - 2440587.5) * 86400.0)"

    def columns(self, catalog, table):
        return {r["name"] for r in catalog._all(f"PRAGMA table_info({table})")}

    def has_table(self, catalog, table):
        return catalog._one("SELECT 1 AS x FROM sqlite_master WHERE type='table' AND name=?",
                            (table,)) is not None


def _dict_row(cursor: sqlite3.Cursor, row: tuple) -> dict:
    return {d[0]: v for d, v in zip(cursor.description, row)}


class SqliteCatalog(SqlCatalog):
    dialect = SqliteDialect()

    def __init__(self, path: str | Path, busy_timeout_s: float = 30.0):
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self.busy_timeout_s = busy_timeout_s  # wait this long for a lock another process holds
        super().__init__()

    @property
    def url(self) -> str:
        return f"sqlite:///{self.path}"

    def _connect(self):
        db = sqlite3.connect(str(self.path), timeout=self.busy_timeout_s,
                             check_same_thread=False, isolation_level=None)
        db.row_factory = _dict_row
        self._use_wal(db)
        db.execute("PRAGMA synchronous=NORMAL")
        db.execute(f"PRAGMA busy_timeout={int(self.busy_timeout_s * 1000)}")
        return db

    def _use_wal(self, db):
        """Put the file in WAL mode. The switch needs an exclusive lock and SQLite answers
        "database is locked" at once, without its busy handler, while another connection
        writes to a rollback-journal file (as when several processes open a fresh catalog
        together), so wait here for up to the busy timeout as every other call does."""
        deadline = time.monotonic() + self.busy_timeout_s
        pause = 0.01
        while True:
            try:
                db.execute("PRAGMA journal_mode=WAL")
                return
            except sqlite3.OperationalError as e:
                if "locked" not in str(e) or time.monotonic() + pause > deadline:
                    raise
            time.sleep(pause)
            pause = min(pause * 2, 0.25)

    def _begin(self):
        self._db.execute("BEGIN IMMEDIATE")

    # -- health (i6-storage) --------------------------------------------------------------
    def integrity_problems(self):
        """SQLite ``PRAGMA quick_check`` and the schema: empty when the file is sound."""
        try:
            rows = [next(iter(r.values())) for r in self._all("PRAGMA quick_check")]
        except sqlite3.DatabaseError as e:  # too damaged to finish the check
            return [f"{type(e).__name__}: {e}"]
        return ([] if rows == ["ok"] else rows) or super().integrity_problems()
