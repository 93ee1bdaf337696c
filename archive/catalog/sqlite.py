"""SQLite catalog, the embedded default. WAL mode: the crawl child process and
the parent (which ships spooled files) use the same file at once."""

from __future__ import annotations

import json
import sqlite3
import threading
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

from .base import CaptureRef, ObjectEntry

SCHEMA = """
CREATE TABLE IF NOT EXISTS runs (
    run_id TEXT PRIMARY KEY, started TEXT NOT NULL, finished TEXT, status TEXT NOT NULL,
    sources TEXT NOT NULL, options TEXT NOT NULL, stats TEXT
);
CREATE TABLE IF NOT EXISTS seen (
    source TEXT NOT NULL, key TEXT NOT NULL, url TEXT NOT NULL, relevant INTEGER NOT NULL,
    first_seen TEXT NOT NULL, run_id TEXT NOT NULL, PRIMARY KEY (source, key)
);
CREATE TABLE IF NOT EXISTS pending (
    source TEXT NOT NULL, key TEXT NOT NULL, url TEXT NOT NULL, keys TEXT NOT NULL,
    via TEXT, first_seen TEXT NOT NULL, attempts INTEGER NOT NULL DEFAULT 0, last_error TEXT,
    PRIMARY KEY (source, key)
);
CREATE TABLE IF NOT EXISTS articles (
    source TEXT NOT NULL, article_key TEXT NOT NULL, url TEXT NOT NULL, canonical_url TEXT,
    article_id TEXT, title TEXT, published TEXT, agency TEXT, relevant INTEGER NOT NULL,
    score REAL, topic TEXT, data TEXT NOT NULL, run_id TEXT NOT NULL, recorded TEXT NOT NULL,
    metadata_key TEXT, PRIMARY KEY (source, article_key)
);
CREATE TABLE IF NOT EXISTS captures (
    id INTEGER PRIMARY KEY AUTOINCREMENT, run_id TEXT NOT NULL, source TEXT, kind TEXT NOT NULL,
    url TEXT NOT NULL, warc_date TEXT NOT NULL, record_type TEXT NOT NULL, record_id TEXT NOT NULL,
    payload_digest TEXT, status INTEGER, mime TEXT, warc_key TEXT NOT NULL,
    offset INTEGER NOT NULL, length INTEGER NOT NULL, article_key TEXT
);
CREATE INDEX IF NOT EXISTS captures_digest ON captures (payload_digest, record_type);
CREATE INDEX IF NOT EXISTS captures_warc ON captures (warc_key);
CREATE TABLE IF NOT EXISTS objects (
    key TEXT PRIMARY KEY, kind TEXT NOT NULL, status TEXT NOT NULL, local_path TEXT,
    sha256 TEXT, size INTEGER, records INTEGER, source TEXT, run_id TEXT,
    created TEXT NOT NULL, stored_at TEXT, attempts INTEGER NOT NULL DEFAULT 0, last_error TEXT
);
CREATE TABLE IF NOT EXISTS validators (
    url TEXT PRIMARY KEY, etag TEXT, last_modified TEXT, updated TEXT NOT NULL
);
"""

# pending discovery documents (feeds, sitemaps, listing pages): requested, not yet fetched,
# parsed and archived; retried by later runs like pending articles (issue 6, discovery)
SCHEMA_PENDING_DISCOVERY = """
CREATE TABLE IF NOT EXISTS pending_discovery (
    source TEXT NOT NULL, url TEXT NOT NULL, kind TEXT NOT NULL, meta TEXT NOT NULL,
    first_seen TEXT NOT NULL, attempts INTEGER NOT NULL DEFAULT 0, last_error TEXT,
    PRIMARY KEY (source, url)
);
"""

# -- story clusters (issue 7: story-level dedup) ---------------------------------------
# A story has a stable id and a canonical member; a member is one archived article
# (source, article_key) with how it joined (the member it matched, score, reasons) and
# how its page was stored (full | revisit | reference). Changing the canonical member
# is a catalog change only: stored WARCs are never rewritten.
STORY_SCHEMA = """
CREATE TABLE IF NOT EXISTS stories (
    story_id TEXT PRIMARY KEY, canonical_source TEXT NOT NULL, canonical_key TEXT NOT NULL,
    created TEXT NOT NULL, updated TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS story_members (
    source TEXT NOT NULL, article_key TEXT NOT NULL, story_id TEXT NOT NULL, url TEXT NOT NULL,
    published TEXT, captured TEXT NOT NULL, score REAL, reasons TEXT NOT NULL,
    matched_source TEXT, matched_key TEXT, stored_as TEXT NOT NULL, joined TEXT NOT NULL,
    PRIMARY KEY (source, article_key)
);
CREATE INDEX IF NOT EXISTS story_members_story ON story_members (story_id);
"""


# -- per-run cost (i9-cost): an index for every query a run makes, so a run with
# nothing new does not scan what is archived (checked with EXPLAIN QUERY PLAN in
# tests/test_run_cost.py). Portable SQL: the same statements serve PostgreSQL.
COST_SCHEMA = """
CREATE INDEX IF NOT EXISTS articles_run ON articles (run_id);
CREATE INDEX IF NOT EXISTS articles_source_recorded ON articles (source, recorded);
CREATE INDEX IF NOT EXISTS captures_article ON captures (source, article_key);
CREATE INDEX IF NOT EXISTS objects_status ON objects (status);
CREATE INDEX IF NOT EXISTS objects_created ON objects (created);
CREATE INDEX IF NOT EXISTS runs_status ON runs (status);
"""


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


class SqliteCatalog:
    def __init__(self, path: str | Path, busy_timeout_s: float = 30.0):
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._lock = threading.RLock()
        self._db = sqlite3.connect(str(self.path), timeout=busy_timeout_s,
                                   check_same_thread=False, isolation_level=None)
        self._db.row_factory = sqlite3.Row
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute("PRAGMA synchronous=NORMAL")
        self._db.execute(f"PRAGMA busy_timeout={int(busy_timeout_s * 1000)}")
        self._db.executescript(SCHEMA)
        self._migrate_topic_decision()
        self._db.executescript(SCHEMA_PENDING_DISCOVERY)
        self._db.executescript(STORY_SCHEMA)
        self._db.executescript(COST_SCHEMA)

    def _x(self, sql: str, params: tuple | dict = ()) -> sqlite3.Cursor:
        with self._lock:
            return self._db.execute(sql, params)

    def _all(self, sql: str, params: tuple | dict = ()) -> list[sqlite3.Row]:
        with self._lock:
            return self._db.execute(sql, params).fetchall()

    # runs -----------------------------------------------------------------
    def start_run(self, run_id, sources, options):
        self._x("INSERT INTO runs (run_id, started, status, sources, options) VALUES (?,?,?,?,?)",
                (run_id, _now(), "running", json.dumps(sources), json.dumps(options, default=str)))

    def finish_run(self, run_id, status, stats):
        """Close a run; ``stats`` is merged over what its sources recorded."""
        run = self.get_run(run_id) or {"stats": {}}
        merged = {**run["stats"], **stats}
        self._x("UPDATE runs SET finished=?, status=?, stats=? WHERE run_id=?",
                (_now(), status, json.dumps(merged, default=str), run_id))

    def set_source_stats(self, run_id, source, stats):
        with self._lock:
            self._db.execute("BEGIN IMMEDIATE")
            try:
                row = self._db.execute("SELECT stats FROM runs WHERE run_id=?",
                                       (run_id,)).fetchone()
                merged = json.loads(row["stats"]) if row and row["stats"] else {}
                merged.setdefault("sources", {})[source] = stats
                self._db.execute("UPDATE runs SET stats=? WHERE run_id=?",
                                 (json.dumps(merged, default=str), run_id))
                self._db.execute("COMMIT")
            except BaseException:
                self._db.execute("ROLLBACK")
                raise

    def get_run(self, run_id):
        rows = self._all("SELECT * FROM runs WHERE run_id=?", (run_id,))
        return _run(rows[0]) if rows else None

    def runs(self, limit=20):
        return [_run(r) for r in self._all("SELECT * FROM runs ORDER BY started DESC LIMIT ?",
                                           (limit,))]

    # seen-state -----------------------------------------------------------
    def is_seen(self, source, keys):
        if not keys:
            return False
        marks = ",".join("?" * len(keys))
        rows = self._all(f"SELECT 1 FROM seen WHERE source=? AND key IN ({marks}) LIMIT 1",
                         (source, *keys))
        return bool(rows)

    def mark_seen(self, source, keys, url, relevant, run_id):
        with self._lock:
            for key in keys:
                self._db.execute(
                    "INSERT OR IGNORE INTO seen (source, key, url, relevant, first_seen, run_id)"
                    " VALUES (?,?,?,?,?,?)", (source, key, url, int(relevant), _now(), run_id))
                self._db.execute("DELETE FROM pending WHERE source=? AND key=?", (source, key))

    # pending: discovered, not yet processed (retried by later runs) -------------------
    def add_pending(self, source, keys, url, via):
        self._x("INSERT OR IGNORE INTO pending (source, key, url, keys, via, first_seen)"
                " VALUES (?,?,?,?,?,?)", (source, keys[0], url, json.dumps(keys), via, _now()))

    def fail_pending(self, source, key, error):
        self._x("UPDATE pending SET attempts=attempts+1, last_error=? WHERE source=? AND key=?",
                (error, source, key))

    def pending(self, source, max_attempts=None):
        sql, params = "SELECT * FROM pending WHERE source=?", [source]
        if max_attempts is not None:
            sql += " AND attempts < ?"
            params.append(max_attempts)
        rows = self._all(sql + " ORDER BY first_seen", tuple(params))
        return [{**dict(r), "keys": json.loads(r["keys"])} for r in rows]

    # articles ---------------------------------------------------------------
    def record_article(self, article, topic, relevant, run_id, metadata_key):
        key = article.get("article_id") or article.get("canonical_url") or article["url"]
        self._x(
            "INSERT OR REPLACE INTO articles (source, article_key, url, canonical_url, article_id,"
            " title, published, agency, relevant, score, topic, data, run_id, recorded,"
            " metadata_key, decision) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
            (article["source"], key, article["url"], article.get("canonical_url"),
             article.get("article_id"), article.get("title"), article.get("published"),
             article.get("agency"), int(relevant), topic.get("score"),
             json.dumps(topic), json.dumps(article), run_id, _now(), metadata_key,
             topic_decision(topic, relevant)))

    def articles(self, source=None, relevant=True):
        sql, params = "SELECT * FROM articles WHERE 1=1", []
        if source:
            sql += " AND source=?"
            params.append(source)
        if relevant is not None:
            sql += " AND relevant=?"
            params.append(int(relevant))
        sql += " ORDER BY published, source, article_key"
        for r in self._all(sql, tuple(params)):
            yield _article(r)

    # topic decisions (i11-topic): relevant | borderline | irrelevant ----------------
    def _migrate_topic_decision(self):
        """Catalogs made before the three-way decision get the column, filled from
        ``relevant`` (every article archived then was judged relevant)."""
        with self._lock:
            cols = {r["name"] for r in self._db.execute("PRAGMA table_info(articles)")}
            if "decision" in cols:
                return
            try:
                self._db.execute("ALTER TABLE articles ADD COLUMN decision TEXT")
            except sqlite3.OperationalError as e:  # another process added it meanwhile
                if "duplicate column" not in str(e).lower():
                    raise
            self._db.execute("UPDATE articles SET decision = CASE relevant WHEN 1 THEN"
                             " 'relevant' ELSE 'irrelevant' END WHERE decision IS NULL")

    def articles_by_decision(self, decision, source=None):
        if decision not in DECISIONS:
            raise ValueError(f"decision must be one of {DECISIONS}: {decision!r}")
        sql, params = "SELECT * FROM articles WHERE decision=?", [decision]
        if source:
            sql += " AND source=?"
            params.append(source)
        for r in self._all(sql + " ORDER BY published, source, article_key", tuple(params)):
            yield _article(r)

    # captures ---------------------------------------------------------------
    def add_capture(self, capture):
        cols = ("run_id", "source", "kind", "url", "warc_date", "record_type", "record_id",
                "payload_digest", "status", "mime", "warc_key", "offset", "length", "article_key")
        self._x(f"INSERT INTO captures ({','.join(cols)}) VALUES ({','.join('?' * len(cols))})",
                tuple(capture.get(c) for c in cols))

    def find_payload(self, payload_digest):
        rows = self._all("SELECT url, warc_date, record_id FROM captures WHERE payload_digest=?"
                         " AND record_type='response' ORDER BY id LIMIT 1", (payload_digest,))
        return CaptureRef(rows[0]["url"], rows[0]["warc_date"], rows[0]["record_id"]) if rows else None

    def captures(self, warc_key=None):
        if warc_key:
            rows = self._all("SELECT * FROM captures WHERE warc_key=? ORDER BY offset", (warc_key,))
        else:
            rows = self._all("SELECT * FROM captures ORDER BY id")
        return [dict(r) for r in rows]

    # objects ----------------------------------------------------------------
    def add_object(self, key, kind, *, local_path, sha256, size, records, source, run_id):
        self._x("INSERT OR REPLACE INTO objects (key, kind, status, local_path, sha256, size,"
                " records, source, run_id, created) VALUES (?,?,?,?,?,?,?,?,?,?)",
                (key, kind, "spooled", local_path, sha256, size, records, source, run_id, _now()))

    def mark_stored(self, key, sha256, size):
        """True if the spooled entry with exactly this content is now stored; False if
        the entry was replaced meanwhile (a newer file under the same key)."""
        cur = self._x("UPDATE objects SET status='stored', stored_at=?, size=?,"
                      " local_path=NULL, last_error=NULL"
                      " WHERE key=? AND sha256=? AND status='spooled'",
                      (_now(), size, key, sha256))
        return cur.rowcount == 1

    def note_attempt(self, key, error):
        self._x("UPDATE objects SET attempts=attempts+1, last_error=? WHERE key=?", (error, key))

    def objects(self, status=None, kind=None):
        sql, params = "SELECT * FROM objects WHERE 1=1", []
        if status:
            sql += " AND status=?"
            params.append(status)
        if kind:
            sql += " AND kind=?"
            params.append(kind)
        return [ObjectEntry(**dict(r)) for r in self._all(sql + " ORDER BY created, key",
                                                          tuple(params))]

    def get_object(self, key):
        rows = self._all("SELECT * FROM objects WHERE key=?", (key,))
        return ObjectEntry(**dict(rows[0])) if rows else None

    # validators ---------------------------------------------------------------
    def get_validators(self, url):
        rows = self._all("SELECT etag, last_modified FROM validators WHERE url=?", (url,))
        return (rows[0]["etag"], rows[0]["last_modified"]) if rows else (None, None)

    def set_validators(self, url, etag, last_modified):
        self._x("INSERT OR REPLACE INTO validators (url, etag, last_modified, updated)"
                " VALUES (?,?,?,?)", (url, etag, last_modified, _now()))

    # pending discovery documents ----------------------------------------------------
    def add_pending_discovery(self, source, url, kind, meta):
        self._x("INSERT OR IGNORE INTO pending_discovery (source, url, kind, meta, first_seen)"
                " VALUES (?,?,?,?,?)", (source, url, kind, json.dumps(meta), _now()))

    def done_discovery(self, source, url):
        self._x("DELETE FROM pending_discovery WHERE source=? AND url=?", (source, url))

    def fail_discovery(self, source, url, error):
        self._x("UPDATE pending_discovery SET attempts=attempts+1, last_error=?"
                " WHERE source=? AND url=?", (error, source, url))

    def pending_discovery(self, source, max_attempts=None):
        sql, params = "SELECT * FROM pending_discovery WHERE source=?", [source]
        if max_attempts is not None:
            sql += " AND attempts < ?"
            params.append(max_attempts)
        rows = self._all(sql + " ORDER BY first_seen, url", tuple(params))
        return [{**dict(r), "meta": json.loads(r["meta"])} for r in rows]

    # -- health (i6-storage): interrupted runs, integrity --------------------------------
    def fail_interrupted_runs(self, data_dir=None):
        """Mark runs still ``running`` as failed; call only with the run lock of
        ``data_dir`` held (then none of its runs is running: they were killed). Runs
        that recorded another data directory (a shared catalog) are left alone."""
        with self._lock:
            ids = [r["run_id"] for r in self._db.execute(
                "SELECT run_id, options FROM runs WHERE status='running'").fetchall()
                if data_dir is None
                or json.loads(r["options"] or "{}").get("data_dir", data_dir) == data_dir]
            for run_id in ids:
                self.finish_run(run_id, "failed", {"reasons": [
                    "interrupted: the run was killed before it finished"]})
        return ids

    def integrity_problems(self):
        """SQLite ``PRAGMA quick_check``: an empty list when the file is sound."""
        try:
            rows = [r[0] for r in self._all("PRAGMA quick_check")]
        except sqlite3.DatabaseError as e:  # too damaged to finish the check
            return [f"{type(e).__name__}: {e}"]
        return [] if rows == ["ok"] else rows

    def close(self):
        with self._lock:
            self._db.close()

    # -- story clusters (issue 7) ----------------------------------------------------------
    def article(self, source, article_key):
        rows = self._all("SELECT * FROM articles WHERE source=? AND article_key=?",
                         (source, article_key))
        if not rows:
            return None
        d = dict(rows[0])
        d["data"] = json.loads(d["data"])
        d["topic"] = json.loads(d["topic"]) if d["topic"] else None
        d["relevant"] = bool(d["relevant"])
        return d

    def article_capture(self, source, article_key):
        """The WARC record holding the article page: its last successful response."""
        rows = self._all("SELECT url, warc_date, record_id FROM captures WHERE source=? AND"
                         " article_key=? AND kind='article' AND record_type='response' AND"
                         " status=200 ORDER BY id DESC LIMIT 1", (source, article_key))
        return CaptureRef(rows[0]["url"], rows[0]["warc_date"], rows[0]["record_id"]) if rows else None

    def create_story(self, story_id, canonical_source, canonical_key):
        now = _now()
        self._x("INSERT OR IGNORE INTO stories (story_id, canonical_source, canonical_key, created,"
                " updated) VALUES (?,?,?,?,?)", (story_id, canonical_source, canonical_key, now, now))

    def set_story_canonical(self, story_id, source, article_key):
        self._x("UPDATE stories SET canonical_source=?, canonical_key=?, updated=? WHERE story_id=?",
                (source, article_key, _now(), story_id))

    def add_story_member(self, member):
        """Record a member once: a rerun or a repeated capture changes no cluster."""
        cols = ("source", "article_key", "story_id", "url", "published", "captured", "score",
                "reasons", "matched_source", "matched_key", "stored_as")
        values = [member.get(c) for c in cols]
        values[cols.index("reasons")] = json.dumps(list(member.get("reasons") or ()))
        self._x(f"INSERT OR IGNORE INTO story_members ({','.join(cols)}, joined) VALUES"
                f" ({','.join('?' * (len(cols) + 1))})", (*values, _now()))

    def story_member(self, source, article_key):
        rows = self._all("SELECT * FROM story_members WHERE source=? AND article_key=?",
                         (source, article_key))
        return _member(rows[0]) if rows else None

    def story(self, story_id):
        rows = self._all("SELECT * FROM stories WHERE story_id=?", (story_id,))
        return self._story(rows[0]) if rows else None

    def stories(self):
        for row in self._all("SELECT * FROM stories ORDER BY created, story_id"):
            yield self._story(row)

    def _story(self, row):
        members = [_member(r) for r in self._all(
            "SELECT * FROM story_members WHERE story_id=? ORDER BY captured, source, article_key",
            (row["story_id"],))]
        canonical = next((m for m in members if (m["source"], m["article_key"])
                          == (row["canonical_source"], row["canonical_key"])), None)
        return {"story_id": row["story_id"], "canonical": canonical, "members": members,
                "created": row["created"], "updated": row["updated"]}

    # -- per-run cost (i9-cost): manifests per touched day, verify --since/--sample ----
    # Portable SQL through _x/_all only (the PostgreSQL catalog shares these).
    def run_article_days(self, run_id):
        """(source, YYYY-MM-DD) of every day this run recorded a relevant article on."""
        rows = self._all("SELECT source, recorded FROM articles WHERE run_id=? AND relevant=?",
                         (run_id, 1))
        return sorted({(r["source"], str(r["recorded"])[:10]) for r in rows})

    def day_articles(self, source, day):
        """The relevant articles of ``source`` recorded on ``day`` (UTC), in record order."""
        start = datetime.fromisoformat(day).date()
        end = start + timedelta(days=1)
        for r in self._all("SELECT * FROM articles WHERE source=? AND recorded >= ? AND"
                           " recorded < ? AND relevant=? ORDER BY recorded, article_key",
                           (source, start.isoformat(), end.isoformat(), 1)):
            yield _article(r)

    def objects_since(self, day):
        """Objects registered on or after ``day`` (UTC, YYYY-MM-DD)."""
        return [ObjectEntry(**dict(r)) for r in self._all(
            "SELECT * FROM objects WHERE created >= ? ORDER BY created, key", (day,))]

    def sample_objects(self, kind, n):
        """``n`` stored objects of ``kind`` picked at random."""
        return [ObjectEntry(**dict(r)) for r in self._all(
            "SELECT * FROM objects WHERE kind=? AND status=? ORDER BY random() LIMIT ?",
            (kind, "stored", n))]


def _member(row: sqlite3.Row) -> dict[str, Any]:
    d = dict(row)
    d["reasons"] = json.loads(d["reasons"]) if d["reasons"] else []
    return d


DECISIONS = ("relevant", "borderline", "irrelevant")


def topic_decision(topic: dict[str, Any] | None, relevant: bool) -> str:
    """The decision a topic result names; older results only said relevant or not."""
    decision = (topic or {}).get("decision")
    if decision in DECISIONS:
        return decision
    return "relevant" if relevant else "irrelevant"


def _article(row: sqlite3.Row) -> dict[str, Any]:
    d = dict(row)
    d["data"] = json.loads(d["data"])
    d["topic"] = json.loads(d["topic"]) if d["topic"] else None
    d["relevant"] = bool(d["relevant"])
    d["decision"] = d.get("decision") or topic_decision(d["topic"], d["relevant"])
    return d


def _run(row: sqlite3.Row) -> dict[str, Any]:
    d = dict(row)
    d["sources"] = json.loads(d["sources"])
    d["options"] = json.loads(d["options"])
    d["stats"] = json.loads(d["stats"]) if d["stats"] else {}
    return d
