"""The candidate index: which archived articles might be copies of this one.

MinHash LSH (:mod:`archive.dedup.minhash`) over the three feature sets of
:mod:`archive.dedup.features`, restricted to a publication-time window, so a
new article is compared only with the few archived articles that share a
bucket with it, never with all of them.

:class:`CandidateIndex` is the interface; :class:`SqliteCandidateIndex` is the
embedded default: one SQLite file holds, per indexed article, its identity,
its time and its bucket keys; on open they are loaded into one sorted numpy
array (12 bytes per bucket entry), looked up with ``searchsorted``. New
articles go to SQLite at once and to a small in-memory buffer that is merged
into the sorted array now and then. The index is derived data:
:func:`rebuild` makes it again from the catalog.
"""

from __future__ import annotations

import sqlite3
import threading
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Iterable, Iterator, Protocol

import numpy as np

from crawler.article import Article

from .features import Features, features
from .minhash import MinHasher

TEXT_SPACE, NAMES_SPACE = 1, 2
MERGE_AT = 20_000  # buffered bucket entries before they are merged into the sorted array


@dataclass(frozen=True)
class Candidate:
    source: str
    article_key: str
    when: float | None  # epoch seconds: published, else first captured
    hits: int  # buckets shared with the query


class CandidateIndex(Protocol):
    def add(self, source: str, article_key: str, article: Article,
            when: datetime | None = None) -> None: ...
    def add_many(self, items: Iterable[tuple[str, str, Article, datetime | None]]) -> int: ...
    def candidates(self, article: Article, when: datetime | None = None, *,
                   window_s: float | None = None, limit: int = 50) -> list[Candidate]: ...
    def clear(self) -> None: ...
    def __len__(self) -> int: ...
    def close(self) -> None: ...


def epoch(article: Article, when: datetime | None = None) -> float | None:
    """The article's time for the window: published, else ``when`` (its capture)."""
    if article.published:
        try:
            dt = datetime.fromisoformat(article.published)
            if dt.tzinfo is None:
                dt = dt.replace(tzinfo=timezone.utc)
            return dt.timestamp()
        except ValueError:
            pass
    return when.timestamp() if when else None


class BandKeys:
    """Features → bucket keys, shared by the index and the benchmark."""

    def __init__(self, hasher: MinHasher | None = None):
        self.hasher = hasher or MinHasher(num_perm=48, rows=3)

    def of_features(self, f: Features) -> np.ndarray:
        parts = []
        for feats, space in ((f.text, TEXT_SPACE), (f.head, TEXT_SPACE), (f.names, NAMES_SPACE)):
            sig = self.hasher.signature(feats)
            if sig is not None:
                parts.append(self.hasher.band_keys(sig, space))
        return np.unique(np.concatenate(parts)) if parts else np.empty(0, np.int64)

    def of(self, article: Article) -> np.ndarray:
        return self.of_features(features(article))


SCHEMA = """
CREATE TABLE IF NOT EXISTS docs (
    doc INTEGER PRIMARY KEY, source TEXT NOT NULL, article_key TEXT NOT NULL,
    published REAL, keys BLOB NOT NULL, UNIQUE (source, article_key)
);
CREATE TABLE IF NOT EXISTS info (name TEXT PRIMARY KEY, value TEXT NOT NULL);
"""
PARAMS = "minhash48x3/text+head+names/v1"


class SqliteCandidateIndex:
    def __init__(self, path: str | Path, keys: BandKeys | None = None, *, reset: bool = False):
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self.keys = keys or BandKeys()
        self._lock = threading.RLock()
        self._db = sqlite3.connect(str(self.path), timeout=30, check_same_thread=False,
                                   isolation_level=None)
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute("PRAGMA synchronous=NORMAL")
        if reset:  # a rebuild: whatever parameters the old file was built with
            self._db.executescript("DROP TABLE IF EXISTS docs; DROP TABLE IF EXISTS info;")
        self._db.executescript(SCHEMA)
        row = self._db.execute("SELECT value FROM info WHERE name='params'").fetchone()
        if row and row[0] != PARAMS:
            raise ValueError(f"{self.path} was built with {row[0]}, not {PARAMS}: "
                             "run `newsarchive dedup rebuild`")
        self._db.execute("INSERT OR IGNORE INTO info VALUES ('params', ?)", (PARAMS,))
        self._load()

    # -- memory ----------------------------------------------------------------------
    def _load(self) -> None:
        """Read every entry into one sorted array, in chunks (1M articles: ~0.6 GB)."""
        key_parts, id_parts, doc_parts, time_parts = [], [], [], []
        cur = self._db.execute("SELECT doc, published, keys FROM docs")
        while rows := cur.fetchmany(50_000):
            docs = np.fromiter((r[0] for r in rows), np.int32, count=len(rows))
            counts = np.fromiter((len(r[2]) // 8 for r in rows), np.int64, count=len(rows))
            key_parts.append(np.frombuffer(b"".join(r[2] for r in rows), np.int64).copy())
            id_parts.append(np.repeat(docs, counts))
            doc_parts.append(docs)
            time_parts.append(np.array([np.nan if r[1] is None else r[1] for r in rows]))
            del rows
        keys = np.concatenate(key_parts) if key_parts else np.empty(0, np.int64)
        ids = np.concatenate(id_parts) if id_parts else np.empty(0, np.int32)
        del key_parts, id_parts
        self._set_sorted(keys, ids)
        docs = np.concatenate(doc_parts) if doc_parts else np.empty(0, np.int32)
        top = int(docs.max()) if len(docs) else 0
        self._when = np.full(top + 1, np.nan)
        self._live = np.zeros(top + 1, dtype=bool)
        if len(docs):
            self._when[docs] = np.concatenate(time_parts)
            self._live[docs] = True
        self._buffer: dict[int, list[int]] = {}
        self._buffered = 0

    def _set_sorted(self, keys: np.ndarray, ids: np.ndarray) -> None:
        order = np.argsort(keys)
        self._keys = keys[order]
        del keys
        self._ids = ids[order]

    def _grow(self, doc: int) -> None:
        if doc >= len(self._when):
            size = max(doc + 1, int(len(self._when) * 1.5) + 16)
            self._when = np.concatenate([self._when, np.full(size - len(self._when), np.nan)])
            self._live = np.concatenate([self._live, np.zeros(size - len(self._live), bool)])

    def _merge(self) -> None:
        if not self._buffer:
            return
        k = np.fromiter((key for key, ids in self._buffer.items() for _ in ids), np.int64,
                        count=self._buffered)
        d = np.fromiter((i for ids in self._buffer.values() for i in ids), np.int32,
                        count=self._buffered)
        self._set_sorted(np.concatenate([self._keys, k]), np.concatenate([self._ids, d]))
        self._buffer, self._buffered = {}, 0

    def _remember(self, doc: int, when: float | None, keys: np.ndarray) -> None:
        self._grow(doc)
        self._when[doc] = np.nan if when is None else when
        self._live[doc] = True
        for key in keys.tolist():
            self._buffer.setdefault(key, []).append(doc)
        self._buffered += len(keys)
        if self._buffered >= MERGE_AT:
            self._merge()

    # -- writing -----------------------------------------------------------------------
    def _store(self, source: str, article_key: str, when: float | None,
               keys: np.ndarray) -> int:
        old = self._db.execute("SELECT doc FROM docs WHERE source=? AND article_key=?",
                               (source, article_key)).fetchone()
        if old:  # re-indexed (an update): the old entry stops answering
            self._db.execute("DELETE FROM docs WHERE doc=?", (old[0],))
            self._live[old[0]] = False
        cur = self._db.execute("INSERT INTO docs (source, article_key, published, keys)"
                               " VALUES (?,?,?,?)", (source, article_key, when, keys.tobytes()))
        return cur.lastrowid

    def add(self, source, article_key, article, when=None):
        self.add_many([(source, article_key, article, when)])

    def add_many(self, items):
        n = 0
        with self._lock:
            self._db.execute("BEGIN")
            try:
                staged = []
                for source, article_key, article, when in items:
                    keys = self.keys.of(article)
                    if not len(keys):
                        continue
                    t = epoch(article, when)
                    staged.append((self._store(source, article_key, t, keys), t, keys))
                self._db.execute("COMMIT")
            except BaseException:
                self._db.execute("ROLLBACK")
                raise
            for doc, t, keys in staged:
                self._remember(doc, t, keys)
                n += 1
        return n

    def add_keys(self, rows: Iterable[tuple[str, str, float | None, np.ndarray]]) -> int:
        """Bulk load of precomputed bucket keys (rebuilds, benchmarks)."""
        with self._lock:
            self._merge()
            self._db.execute("BEGIN")
            docs, times, blobs = [], [], []
            try:
                for source, article_key, when, keys in rows:
                    docs.append(self._store(source, article_key, when, keys))
                    times.append(np.nan if when is None else when)
                    blobs.append(keys)
                self._db.execute("COMMIT")
            except BaseException:
                self._db.execute("ROLLBACK")
                raise
            if docs:
                self._grow(max(docs))
                ids = np.asarray(docs, dtype=np.int32)
                self._when[ids] = times
                self._live[ids] = True
                counts = np.fromiter((len(b) for b in blobs), np.int64, count=len(blobs))
                self._set_sorted(np.concatenate([self._keys, *blobs]),
                                 np.concatenate([self._ids, np.repeat(ids, counts)]))
            return len(docs)

    def clear(self):
        with self._lock:
            self._db.execute("DELETE FROM docs")
            self._load()

    # -- reading -----------------------------------------------------------------------
    def lookup_keys(self, keys: np.ndarray, when: float | None = None, *,
                    window_s: float | None = None, limit: int = 50
                    ) -> list[tuple[int, int]]:
        """(doc, shared buckets) for docs sharing a bucket, most shared first."""
        with self._lock:
            lo = np.searchsorted(self._keys, keys, side="left")
            hi = np.searchsorted(self._keys, keys, side="right")
            parts = [self._ids[a:b] for a, b in zip(lo.tolist(), hi.tolist()) if b > a]
            if self._buffer:
                for key in keys.tolist():
                    ids = self._buffer.get(key)
                    if ids:
                        parts.append(np.asarray(ids, dtype=np.int32))
            if not parts:
                return []
            docs, hits = np.unique(np.concatenate(parts), return_counts=True)
            keep = self._live[docs]
            if window_s is not None and when is not None:
                t = self._when[docs]
                keep &= np.isnan(t) | (np.abs(t - when) <= window_s)
            docs, hits = docs[keep], hits[keep]
            if len(docs) > limit:
                top = np.argpartition(-hits, limit - 1)[:limit]
                docs, hits = docs[top], hits[top]
            order = np.lexsort((docs, -hits))
            return list(zip(docs[order].tolist(), hits[order].tolist()))

    def candidates(self, article, when=None, *, window_s=None, limit=50):
        return self.candidates_for_keys(self.keys.of(article), epoch(article, when),
                                        window_s=window_s, limit=limit)

    def candidates_for_keys(self, keys: np.ndarray, when: float | None = None, *,
                            window_s: float | None = None, limit: int = 50) -> list[Candidate]:
        found = self.lookup_keys(keys, when, window_s=window_s, limit=limit)
        if not found:
            return []
        hits = dict(found)
        with self._lock:
            marks = ",".join("?" * len(hits))
            rows = self._db.execute(f"SELECT doc, source, article_key, published FROM docs"
                                    f" WHERE doc IN ({marks})", tuple(hits)).fetchall()
        out = [Candidate(s, k, p, hits[d]) for d, s, k, p in rows]
        return sorted(out, key=lambda c: (-c.hits, c.source, c.article_key))

    def entries(self) -> Iterator[tuple[str, str]]:
        with self._lock:
            rows = self._db.execute("SELECT source, article_key FROM docs ORDER BY doc").fetchall()
        yield from rows

    def __len__(self):
        with self._lock:
            return int(self._live.sum())

    def close(self):
        with self._lock:
            self._db.close()


def rebuild(index: CandidateIndex, catalog) -> int:
    """Make the index again from the catalog: every relevant archived article."""
    index.clear()
    batch, n = [], 0
    for row in catalog.articles(relevant=True):
        when = _parse(row.get("recorded"))
        batch.append((row["source"], row["article_key"], Article.from_dict(row["data"]), when))
        if len(batch) >= 500:
            n += index.add_many(batch)
            batch = []
    return n + (index.add_many(batch) if batch else 0)


def _parse(value: str | None) -> datetime | None:
    try:
        return datetime.fromisoformat(value) if value else None
    except ValueError:
        return None


_OPEN: dict[Path, SqliteCandidateIndex] = {}
_OPEN_LOCK = threading.Lock()


def open_index(path: str | Path) -> SqliteCandidateIndex:
    """One index per file and process: the spiders of one crawl share it, so a copy
    from one source is found among the articles another source archived this run."""
    path = Path(path).resolve()
    with _OPEN_LOCK:
        index = _OPEN.get(path)
        if index is None:
            index = _OPEN[path] = SqliteCandidateIndex(path)
        return index
