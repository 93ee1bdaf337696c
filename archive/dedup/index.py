"""The candidate index: which archived articles might be copies of this one.

MinHash LSH (:mod:`archive.dedup.minhash`) over the three feature sets of
:mod:`archive.dedup.signatures`, restricted to a publication-time window, so a
new article is compared only with the few archived articles that share a
bucket with it, never with all of them.

:class:`CandidateIndex` is the interface; :class:`SqliteCandidateIndex` is the
embedded default: one SQLite file holds, per indexed article, its identity,
its time and its bucket keys; on open they are loaded into one sorted numpy
array (12 bytes per bucket entry) whose values carry the bucket in their high
40 bits and the article's hour in the low 24, so a bucket's entries within the
time window are one ``searchsorted`` range. Buckets holding more than
``MAX_BUCKET`` entries within the window are skipped as uninformative (as
stop words are). New articles go to SQLite at once and to a small sorted
buffer that is merged into the big array now and then. The index is derived data:
:func:`rebuild` makes it again from the catalog.
"""

from __future__ import annotations

import os
import sqlite3
import threading
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Iterable, Iterator, Protocol

import numpy as np

from crawler.article import Article

from .signatures import Features, features
from .minhash import MinHasher

TEXT_SPACE, NAMES_SPACE = 1, 2
MERGE_AT = 200_000  # buffered bucket entries before they are merged into the big array


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
        # the keys of the last texts seen: the crawl asks twice per article (candidates
        # when judging it, then add once its capture is written); tokenised once
        self._last: tuple[tuple[str | None, str | None], np.ndarray] | None = None

    def of_features(self, f: Features) -> np.ndarray:
        parts = []
        for feats, space in ((f.text, TEXT_SPACE), (f.head, TEXT_SPACE), (f.names, NAMES_SPACE)):
            sig = self.hasher.signature(feats)
            if sig is not None:
                parts.append(self.hasher.band_keys(sig, space))
        return np.unique(np.concatenate(parts)) if parts else np.empty(0, np.int64)

    def of(self, article: Article) -> np.ndarray:
        text = (article.lead, article.body)  # all that features() reads of the article
        last = self._last
        if last is not None and last[0] == text:
            return last[1]
        keys = self.of_features(features(article))
        keys.setflags(write=False)  # shared between the two calls
        self._last = (text, keys)
        return keys


SCHEMA = """
CREATE TABLE IF NOT EXISTS docs (
    doc INTEGER PRIMARY KEY AUTOINCREMENT, source TEXT NOT NULL, article_key TEXT NOT NULL,
    published REAL, keys BLOB NOT NULL, UNIQUE (source, article_key)
);
CREATE TABLE IF NOT EXISTS info (name TEXT PRIMARY KEY, value TEXT NOT NULL);
"""
PARAMS = "minhash48x3/text+head+names/v2"


HOUR_BITS = 24  # hours since 1970 fit until the year 3883
HOUR_MASK = np.uint64((1 << HOUR_BITS) - 1)
BUCKET_MASK = ~HOUR_MASK
MAX_BUCKET = 1000  # in-window entries; a fuller bucket says nothing (a "stop word")


def hour_of(when: float | None) -> int:
    """The hour an entry is filed under (0: no time known)."""
    if when is None or when != when or when < 0:
        return 0
    return min(int(when // 3600), int(HOUR_MASK))


def composite(keys: np.ndarray, hours: np.ndarray | int) -> np.ndarray:
    """Bucket key (high 40 bits) and hour (low 24): entries of one bucket sort by time, so a
    time window is one ``searchsorted`` range per bucket."""
    return (keys.view(np.uint64) & BUCKET_MASK) | np.asarray(hours, dtype=np.uint64)


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
            self.snapshot_path.unlink(missing_ok=True)
        self._db.executescript(SCHEMA)
        self._check_params()
        self._load()

    def _check_params(self) -> None:
        row = self._db.execute("SELECT value FROM info WHERE name='params'").fetchone()
        if row and row[0] != PARAMS:
            raise ValueError(f"{self.where} was built with {row[0]}, not {PARAMS}: "
                             "run `newsarchive dedup rebuild`")
        self._db.execute("INSERT INTO info (name, value) VALUES ('params', ?)"
                         " ON CONFLICT (name) DO NOTHING", (PARAMS,))

    @property
    def where(self) -> str:
        return str(self.path)

    # -- memory: a big sorted array, a small sorted buffer of recent additions ------------
    @property
    def snapshot_path(self) -> Path:
        return self.path.with_name(self.path.name + ".snapshot.npz")

    def _load(self) -> None:
        """The big sorted array from its snapshot (written whenever it changes), plus the
        entries added since, read from SQLite; without a snapshot, everything from SQLite."""
        self._keys, self._ids, self._snap_doc = self._read_snapshot()
        key_parts, id_parts = [self._keys], [self._ids]
        cur = self._db.execute("SELECT doc, published, keys FROM docs WHERE doc > ?",
                               (self._snap_doc,))
        delta = 0
        while rows := cur.fetchmany(50_000):
            docs = np.fromiter((r[0] for r in rows), np.int32, count=len(rows))
            counts = np.fromiter((len(r[2]) // 8 for r in rows), np.int64, count=len(rows))
            hours = np.fromiter((hour_of(r[1]) for r in rows), np.uint64, count=len(rows))
            raw = np.frombuffer(b"".join(r[2] for r in rows), np.int64)
            key_parts.append(composite(raw, np.repeat(hours, counts)))
            id_parts.append(np.repeat(docs, counts))
            delta += len(rows)
            del rows, raw
        live = np.fromiter((r[0] for r in self._db.execute("SELECT doc FROM docs")), np.int64)
        self._live = np.zeros(int(live.max()) + 1 if len(live) else 1, dtype=bool)
        self._live[live] = True
        if delta == 0:  # the snapshot is the whole index
            self._buf_keys, self._buf_ids = np.empty(0, np.uint64), np.empty(0, np.int32)
        elif delta * 48 < MERGE_AT:  # a few recent articles: the buffer
            self._buf_keys, self._buf_ids = _sorted(key_parts[1:], id_parts[1:])
        else:
            self._keys, self._ids = _sorted(key_parts, id_parts)
            self._buf_keys, self._buf_ids = np.empty(0, np.uint64), np.empty(0, np.int32)
            if delta:
                self._write_snapshot()

    def _read_snapshot(self) -> tuple[np.ndarray, np.ndarray, int]:
        try:
            with np.load(self.snapshot_path) as snap:
                keys, ids = snap["keys"], snap["ids"]
                top, params = int(snap["max_doc"]), str(snap["params"])
            if params == PARAMS and len(keys) == len(ids):
                return keys, ids, top
        except (OSError, KeyError, ValueError):
            pass
        return np.empty(0, np.uint64), np.empty(0, np.int32), 0

    def _write_snapshot(self) -> None:
        """Save the big array (one file, replaced atomically) and the last doc it holds."""
        top = self._db.execute("SELECT coalesce(max(doc), 0) FROM docs").fetchone()[0]
        if len(self._buf_ids):
            top = min(top, int(self._buf_ids.min()) - 1)
        tmp = self.snapshot_path.with_name(self.snapshot_path.name + ".tmp")
        with open(tmp, "wb") as f:
            np.savez(f, keys=self._keys, ids=self._ids, max_doc=np.int64(top),
                     params=np.str_(PARAMS))
        os.replace(tmp, self.snapshot_path)
        self._snap_doc = top

    def _grow(self, doc: int) -> None:
        if doc >= len(self._live):
            size = max(doc + 1, int(len(self._live) * 1.5) + 16)
            self._live = np.concatenate([self._live, np.zeros(size - len(self._live), bool)])

    def _remember(self, items: list[tuple[int, float | None, np.ndarray]]) -> None:
        """Put new entries in the buffer (sorted), merging it into the big array when full."""
        for doc, _, _ in items:
            self._grow(doc)
            self._live[doc] = True
        keys = [composite(k, hour_of(t)) for _, t, k in items]
        ids = [np.full(len(k), doc, np.int32) for doc, _, k in items]
        self._buf_keys, self._buf_ids = _sorted([self._buf_keys, *keys], [self._buf_ids, *ids])
        if len(self._buf_keys) >= MERGE_AT:
            self._keys, self._ids = _sorted([self._keys, self._buf_keys],
                                            [self._ids, self._buf_ids])
            self._buf_keys, self._buf_ids = np.empty(0, np.uint64), np.empty(0, np.int32)
            self._write_snapshot()

    # -- writing -----------------------------------------------------------------------
    def _store(self, source: str, article_key: str, when: float | None,
               keys: np.ndarray) -> int:
        old = self._db.execute("SELECT doc FROM docs WHERE source=? AND article_key=?",
                               (source, article_key)).fetchone()
        if old:  # re-indexed (an update): the old entry stops answering
            self._db.execute("DELETE FROM docs WHERE doc=?", (old[0],))
            self._live[old[0]] = False
        cur = self._db.execute("INSERT INTO docs (source, article_key, published, keys)"
                               " VALUES (?,?,?,?) RETURNING doc",
                               (source, article_key, when, keys.tobytes()))
        return int(cur.fetchone()[0])

    def add(self, source, article_key, article, when=None):
        self.add_many([(source, article_key, article, when)])

    def add_many(self, items):
        rows = []
        for source, article_key, article, when in items:
            keys = self.keys.of(article)
            if len(keys):
                rows.append((source, article_key, epoch(article, when), keys))
        return self._add_rows(rows)

    def _add_rows(self, rows) -> int:
        with self._lock:
            self._db.execute("BEGIN")
            try:
                staged = [(self._store(s, k, t, keys), t, keys) for s, k, t, keys in rows]
                self._db.execute("COMMIT")
            except BaseException:
                self._db.execute("ROLLBACK")
                raise
            if staged:
                self._remember(staged)
            return len(staged)

    def add_keys(self, rows: Iterable[tuple[str, str, float | None, np.ndarray]]) -> int:
        """Bulk load of precomputed bucket keys (rebuilds, benchmarks): one sort at the end."""
        n = 0
        with self._lock:
            key_parts, id_parts = [self._keys, self._buf_keys], [self._ids, self._buf_ids]
            batch: list = []

            def flush():
                self._db.execute("BEGIN")
                try:
                    docs = [self._store(s, k, t, keys) for s, k, t, keys in batch]
                    self._db.execute("COMMIT")
                except BaseException:
                    self._db.execute("ROLLBACK")
                    raise
                self._grow(max(docs))
                self._live[docs] = True
                counts = [len(b[3]) for b in batch]
                hours = np.repeat(np.fromiter((hour_of(b[2]) for b in batch), np.uint64,
                                              count=len(batch)), counts)
                key_parts.append(composite(np.concatenate([b[3] for b in batch]), hours))
                id_parts.append(np.repeat(np.asarray(docs, np.int32), counts))
                return len(docs)

            for row in rows:
                batch.append(row)
                if len(batch) >= 20_000:
                    n += flush()
                    batch = []
            if batch:
                n += flush()
            self._keys, self._ids = _sorted(key_parts, id_parts)
            self._buf_keys, self._buf_ids = np.empty(0, np.uint64), np.empty(0, np.int32)
            self._write_snapshot()
        return n

    def clear(self):
        with self._lock:
            self._db.execute("DELETE FROM docs")
            self.snapshot_path.unlink(missing_ok=True)
            self._load()

    # -- reading -----------------------------------------------------------------------
    def lookup_keys(self, keys: np.ndarray, when: float | None = None, *,
                    window_s: float | None = None, limit: int = 50
                    ) -> list[tuple[int, int]]:
        """(doc, shared buckets) for docs sharing a bucket within the window, most
        shared first. The window is kept to the hour."""
        if window_s is None or when is None:
            lo_h, hi_h = 0, int(HOUR_MASK)
        else:
            lo_h, hi_h = hour_of(max(when - window_s, 0)), hour_of(when + window_s)
        q = keys.view(np.uint64) & BUCKET_MASK
        with self._lock:
            parts = []
            for arr, ids in ((self._keys, self._ids), (self._buf_keys, self._buf_ids)):
                if not len(arr):
                    continue
                lo = np.searchsorted(arr, q | np.uint64(lo_h), side="left")
                hi = np.searchsorted(arr, q | np.uint64(hi_h), side="right")
                parts += [ids[a:b] for a, b in zip(lo.tolist(), hi.tolist())
                          if 0 < b - a <= MAX_BUCKET]
            if not parts:
                return []
            docs, hits = np.unique(np.concatenate(parts), return_counts=True)
            keep = self._live[docs]
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


def _sorted(key_parts: list[np.ndarray], id_parts: list[np.ndarray]
            ) -> tuple[np.ndarray, np.ndarray]:
    keys = np.concatenate(key_parts) if key_parts else np.empty(0, np.uint64)
    ids = np.concatenate(id_parts) if id_parts else np.empty(0, np.int32)
    key_parts.clear()
    id_parts.clear()
    order = np.argsort(keys)
    keys = keys[order]
    return keys, ids[order]


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


_OPEN: dict[Path | str, SqliteCandidateIndex] = {}
_OPEN_LOCK = threading.Lock()


def open_index(path: str | Path, catalog_url: str | None = None, *,
               reset: bool = False) -> SqliteCandidateIndex:
    """The index of a catalog: in its PostgreSQL database when ``catalog_url`` is one
    (machines sharing the catalog share the index), else the SQLite file ``path``.
    One per location and process: the spiders of one crawl share it, so a copy from
    one source is found among the articles another source archived this run.
    ``reset``: a new, empty index (a rebuild), not shared."""
    if catalog_url and catalog_url.startswith(("postgresql://", "postgres://")):
        from .pgindex import PgCandidateIndex

        kind, where = PgCandidateIndex, catalog_url
    else:
        kind, where = SqliteCandidateIndex, Path(path).resolve()
    if reset:
        return kind(where, reset=True)
    with _OPEN_LOCK:
        index = _OPEN.get(where)
        if index is None:
            index = _OPEN[where] = kind(where)
        return index
