"""One SQL implementation of the catalog for both backends.

:class:`SqlCatalog` holds every method of :class:`archive.catalog.base.Catalog`;
:class:`archive.catalog.sqlite.SqliteCatalog` and
:class:`archive.catalog.postgres.PostgresCatalog` only connect and say how
their dialect differs (:class:`Dialect`: placeholders, type words of the
schema, column listing, row locking, the server's clock).

How to add to the catalog (the pattern every method follows):

- the schema: append a :class:`~archive.catalog.migrations.Step` to
  ``migrations.STEPS`` (the next version number; ``{int}``/``{float}``/
  ``{autoid}``/``{blob}`` for types; JSON as TEXT; booleans as 0/1);
- a method: write it here, in its own section, with the helpers
  ``self._x(sql, params)`` (execute; ``.rowcount``), ``self._all`` (rows as
  dicts), ``self._one`` (first row or None) and ``with self._tx():`` (one
  transaction, write-locked: SQLite ``BEGIN IMMEDIATE``, PostgreSQL a
  transaction in which a read meant to be updated says ``self.dialect.for_update``);
  ``?`` placeholders only; portable SQL: ``INSERT ... ON CONFLICT (...) DO
  NOTHING`` / ``DO UPDATE SET c = excluded.c`` (never ``INSERT OR IGNORE`` /
  ``OR REPLACE``), ``ORDER BY x NULLS FIRST`` where NULLs occur, the column
  ``"offset"`` quoted; times written by Python are ``_now()`` ISO strings,
  times that several machines compare come from ``self.dialect.now`` (the
  database server's clock, epoch seconds);
- declare it in ``base.py``'s Protocol and cover it in
  ``tests/test_catalog_contract.py`` (which runs on both backends).
"""

from __future__ import annotations

import json
import threading
from contextlib import contextmanager
from datetime import datetime, timedelta, timezone
from typing import Any, Iterator

import structlog

from .base import CaptureRef, ObjectEntry
from .migrations import STEPS, Step

log = structlog.get_logger("archive.catalog")


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


class Dialect:
    """What differs between the backends; the SQL of the methods does not."""

    name = "?"
    types: dict[str, str] = {}
    for_update = ""  # appended to a SELECT whose rows the transaction will update
    now = ""  # SQL expression: the database server's time, epoch seconds (float)

    def sql(self, text: str) -> str:
        return text

    def ddl(self, text: str) -> str:
        return text.format(**self.types)

    def columns(self, catalog: "SqlCatalog", table: str) -> set[str]:
        raise NotImplementedError

    def has_table(self, catalog: "SqlCatalog", table: str) -> bool:
        raise NotImplementedError


class SqlCatalog:
    """The catalog over one DB-API connection (autocommit; transactions explicit)."""

    dialect: Dialect

    def __init__(self) -> None:
        self._lock = threading.RLock()
        self._db = self._connect()
        self.migrated = self.migrate()  # the steps this opening applied

    # -- the backend's part ---------------------------------------------------------------
    def _connect(self):
        raise NotImplementedError

    def _begin(self) -> None:  # a write-locked transaction
        raise NotImplementedError

    def _migration_lock(self) -> None:  # inside the transaction: one migrator at a time
        pass

    # -- helpers --------------------------------------------------------------------------
    def _x(self, sql: str, params: tuple | list = ()):
        with self._lock:
            return self._db.execute(self.dialect.sql(sql), tuple(params))

    def _all(self, sql: str, params: tuple | list = ()) -> list[dict[str, Any]]:
        with self._lock:
            return list(self._db.execute(self.dialect.sql(sql), tuple(params)).fetchall())

    def _one(self, sql: str, params: tuple | list = ()) -> dict[str, Any] | None:
        rows = self._all(sql, params)
        return rows[0] if rows else None

    @contextmanager
    def _tx(self):
        """One transaction (nested uses join the outer one)."""
        with self._lock:
            if getattr(self, "_in_tx", False):
                yield
                return
            self._begin()
            self._in_tx = True
            try:
                yield
            except BaseException:
                self._in_tx = False
                self._db.execute("ROLLBACK")
                raise
            self._in_tx = False
            self._db.execute("COMMIT")

    # -- schema migrations ----------------------------------------------------------------
    def schema_version(self) -> int:
        if not self.dialect.has_table(self, "schema_version"):
            return 0
        row = self._one("SELECT max(version) AS v FROM schema_version")
        return int(row["v"] or 0) if row else 0

    def _steps(self) -> list[Step]:
        return [s for s in STEPS if s.only in (None, self.dialect.name)]

    def migrate(self) -> list[int]:
        """Apply the steps this catalog lacks, each once, in its own transaction; the
        versions applied by this call (none when another process did it first)."""
        wanted = self._steps()
        if self.schema_version() >= wanted[-1].version and self._applied() >= \
                {s.version for s in wanted}:
            return []
        done = []
        for step in wanted:
            with self._tx():
                self._migration_lock()
                self._x(self.dialect.ddl(
                    "CREATE TABLE IF NOT EXISTS schema_version (version {int} PRIMARY KEY,"
                    " name TEXT NOT NULL, applied TEXT NOT NULL)"))
                if self._one("SELECT 1 AS x FROM schema_version WHERE version=?",
                             (step.version,)):
                    continue
                for stmt in step.sql:
                    self._x(self.dialect.ddl(stmt))
                if step.run is not None:
                    step.run(self)
                self._x("INSERT INTO schema_version (version, name, applied) VALUES (?,?,?)",
                        (step.version, step.name, _now()))
                done.append(step.version)
        if done:
            log.info("catalog migrated", backend=self.dialect.name, steps=done)
        return done

    def _applied(self) -> set[int]:
        return {r["version"] for r in self._all("SELECT version FROM schema_version")}

    # runs -----------------------------------------------------------------
    def start_run(self, run_id, sources, options):
        self._x("INSERT INTO runs (run_id, started, status, sources, options) VALUES (?,?,?,?,?)",
                (run_id, _now(), "running", json.dumps(sources), json.dumps(options, default=str)))
        # article claims of finished runs linger until they expire; drop the long-expired
        self._x(f"DELETE FROM leases WHERE name LIKE 'article:%' AND expires < {self.dialect.now}"
                " - 3600")

    def finish_run(self, run_id, status, stats):
        """Close a run; ``stats`` is merged over what its sources recorded."""
        with self._tx():
            row = self._one("SELECT stats FROM runs WHERE run_id=?" + self.dialect.for_update,
                            (run_id,))
            merged = {**(json.loads(row["stats"]) if row and row["stats"] else {}), **stats}
            self._x("UPDATE runs SET finished=?, status=?, stats=? WHERE run_id=?",
                    (_now(), status, json.dumps(merged, default=str), run_id))

    def set_source_stats(self, run_id, source, stats):
        with self._tx():
            row = self._one("SELECT stats FROM runs WHERE run_id=?" + self.dialect.for_update,
                            (run_id,))
            merged = json.loads(row["stats"]) if row and row["stats"] else {}
            merged.setdefault("sources", {})[source] = stats
            self._x("UPDATE runs SET stats=? WHERE run_id=?",
                    (json.dumps(merged, default=str), run_id))

    def get_run(self, run_id):
        row = self._one("SELECT * FROM runs WHERE run_id=?", (run_id,))
        return _run(row) if row else None

    def runs(self, limit=20):
        return [_run(r) for r in self._all(
            "SELECT * FROM runs ORDER BY started DESC, run_id DESC LIMIT ?", (limit,))]

    # seen-state -----------------------------------------------------------
    def is_seen(self, source, keys):
        if not keys:
            return False
        marks = ",".join("?" * len(keys))
        return bool(self._all(f"SELECT 1 AS x FROM seen WHERE source=? AND key IN ({marks})"
                              " LIMIT 1", (source, *keys)))

    def mark_seen(self, source, keys, url, relevant, run_id):
        with self._tx():
            for key in keys:
                self._x("INSERT INTO seen (source, key, url, relevant, first_seen, run_id)"
                        " VALUES (?,?,?,?,?,?) ON CONFLICT (source, key) DO NOTHING",
                        (source, key, url, int(relevant), _now(), run_id))
                self._x("DELETE FROM pending WHERE source=? AND key=?", (source, key))

    # pending: discovered, not yet processed (retried by later runs) -------------------
    def add_pending(self, source, keys, url, via):
        """Pending unless already seen, decided in the one statement: a crawler sharing
        the catalog that archives the article meanwhile leaves no stale pending entry."""
        marks = ",".join("?" * len(keys))
        self._x("INSERT INTO pending (source, key, url, keys, via, first_seen)"
                " SELECT ?,?,?,?,?,? WHERE NOT EXISTS (SELECT 1 FROM seen WHERE source=?"
                f" AND key IN ({marks})) ON CONFLICT (source, key) DO NOTHING",
                (source, keys[0], url, json.dumps(keys), via, _now(), source, *keys))

    def fail_pending(self, source, key, error):
        self._x("UPDATE pending SET attempts=attempts+1, last_error=? WHERE source=? AND key=?",
                (error, source, key))

    def pending(self, source, max_attempts=None):
        sql, params = "SELECT * FROM pending WHERE source=?", [source]
        if max_attempts is not None:
            sql += " AND attempts < ?"
            params.append(max_attempts)
        rows = self._all(sql + " ORDER BY first_seen, key", params)
        return [{**r, "keys": json.loads(r["keys"])} for r in rows]

    # articles ---------------------------------------------------------------
    ARTICLE_COLS = ("source", "article_key", "url", "canonical_url", "article_id", "title",
                    "published", "agency", "relevant", "score", "topic", "data", "run_id",
                    "recorded", "metadata_key", "decision")

    def record_article(self, article, topic, relevant, run_id, metadata_key):
        key = article.get("article_id") or article.get("canonical_url") or article["url"]
        cols = self.ARTICLE_COLS
        update = ", ".join(f"{c}=excluded.{c}" for c in cols[2:])
        self._x(f"INSERT INTO articles ({','.join(cols)}) VALUES ({','.join('?' * len(cols))})"
                f" ON CONFLICT (source, article_key) DO UPDATE SET {update}",
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
        for r in self._all(sql + " ORDER BY published NULLS FIRST, source, article_key", params):
            yield _article(r)

    # topic decisions (i11-topic): relevant | borderline | irrelevant ----------------
    def articles_by_decision(self, decision, source=None):
        if decision not in DECISIONS:
            raise ValueError(f"decision must be one of {DECISIONS}: {decision!r}")
        sql, params = "SELECT * FROM articles WHERE decision=?", [decision]
        if source:
            sql += " AND source=?"
            params.append(source)
        for r in self._all(sql + " ORDER BY published NULLS FIRST, source, article_key", params):
            yield _article(r)

    # captures ---------------------------------------------------------------
    CAPTURE_COLS = ("run_id", "source", "kind", "url", "warc_date", "record_type", "record_id",
                    "payload_digest", "status", "mime", "warc_key", "offset", "length",
                    "article_key")

    def add_capture(self, capture):
        cols = ",".join(f'"{c}"' for c in self.CAPTURE_COLS)
        self._x(f"INSERT INTO captures ({cols}) VALUES ({','.join('?' * len(self.CAPTURE_COLS))})",
                tuple(capture.get(c) for c in self.CAPTURE_COLS))

    def add_captures(self, captures):
        """The records of one capture (response/revisit, request, metadata) in one
        transaction: one commit, not one per record."""
        cols = ",".join(f'"{c}"' for c in self.CAPTURE_COLS)
        sql = self.dialect.sql(f"INSERT INTO captures ({cols})"
                               f" VALUES ({','.join('?' * len(self.CAPTURE_COLS))})")
        with self._tx():
            for capture in captures:
                self._db.execute(sql, tuple(capture.get(c) for c in self.CAPTURE_COLS))

    def find_payload(self, payload_digest):
        row = self._one("SELECT url, warc_date, record_id FROM captures WHERE payload_digest=?"
                        " AND record_type='response' ORDER BY id LIMIT 1", (payload_digest,))
        return CaptureRef(row["url"], row["warc_date"], row["record_id"]) if row else None

    def captures(self, warc_key=None):
        if warc_key:
            return self._all('SELECT * FROM captures WHERE warc_key=? ORDER BY "offset", id',
                             (warc_key,))
        return self._all("SELECT * FROM captures ORDER BY id")

    def captures_of(self, url):
        """Every record of ``url`` (index ``captures_url``), oldest WARC-Date first."""
        return self._all("SELECT * FROM captures WHERE url=? ORDER BY warc_date, id", (url,))

    # objects ----------------------------------------------------------------
    def add_object(self, key, kind, *, local_path, sha256, size, records, source, run_id):
        """A file to store; a newer file under the same key starts over as spooled."""
        self._x("INSERT INTO objects (key, kind, status, local_path, sha256, size, records,"
                " source, run_id, created) VALUES (?,?,?,?,?,?,?,?,?,?)"
                " ON CONFLICT (key) DO UPDATE SET kind=excluded.kind, status=excluded.status,"
                " local_path=excluded.local_path, sha256=excluded.sha256, size=excluded.size,"
                " records=excluded.records, source=excluded.source, run_id=excluded.run_id,"
                " created=excluded.created, stored_at=NULL, attempts=0, last_error=NULL",
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
        return [ObjectEntry(**r) for r in self._all(sql + " ORDER BY created, key", params)]

    def get_object(self, key):
        row = self._one("SELECT * FROM objects WHERE key=?", (key,))
        return ObjectEntry(**row) if row else None

    # validators ---------------------------------------------------------------
    def get_validators(self, url):
        row = self._one("SELECT etag, last_modified FROM validators WHERE url=?", (url,))
        return (row["etag"], row["last_modified"]) if row else (None, None)

    def set_validators(self, url, etag, last_modified):
        self._x("INSERT INTO validators (url, etag, last_modified, updated) VALUES (?,?,?,?)"
                " ON CONFLICT (url) DO UPDATE SET etag=excluded.etag,"
                " last_modified=excluded.last_modified, updated=excluded.updated",
                (url, etag, last_modified, _now()))

    # page requisites (issue 10, i10-requisites) --------------------------------------
    def requisite(self, url):
        """What the archive knows of requisite ``url`` (validators, digest…), or None."""
        row = self._one("SELECT * FROM requisites WHERE url=?", (url,))
        if not row:
            return None
        row = dict(row)
        row["refs"] = json.loads(row["refs"]) if row.get("refs") else None
        return row

    def record_requisite(self, url, source, *, status, etag=None, last_modified=None,
                         payload_digest=None, mime=None, length=None, run_id=None, refs=None):
        """A requisite was fetched in full (200): its validators and payload digest, and
        for a stylesheet what it references (``refs``, fetched again after a 304).
        ``last_changed`` moves only when the payload digest differs from the last one."""
        now = _now()
        self._x("INSERT INTO requisites (url, source, etag, last_modified, payload_digest,"
                " status, mime, length, first_fetched, last_checked, last_changed, run_id, refs)"
                " VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?) ON CONFLICT (url) DO UPDATE SET"
                " etag=excluded.etag, last_modified=excluded.last_modified,"
                " last_changed=CASE WHEN requisites.payload_digest = excluded.payload_digest"
                " THEN requisites.last_changed ELSE excluded.last_changed END,"
                " payload_digest=excluded.payload_digest, status=excluded.status,"
                " mime=excluded.mime, length=excluded.length,"
                " last_checked=excluded.last_checked, run_id=excluded.run_id,"
                " checks=requisites.checks+1, last_error=NULL, refs=excluded.refs",
                (url, source, etag, last_modified, payload_digest, status, mime, length,
                 now, now, now, run_id, json.dumps(refs) if refs is not None else None))

    def requisite_unchanged(self, url, run_id=None, *, etag=None, last_modified=None):
        """A conditional request for ``url`` was answered 304: checked, not changed
        (new validators the 304 carried replace the old)."""
        self._x("UPDATE requisites SET last_checked=?, run_id=?, checks=checks+1,"
                " last_error=NULL, etag=COALESCE(?, etag),"
                " last_modified=COALESCE(?, last_modified) WHERE url=?",
                (_now(), run_id, etag, last_modified, url))

    def requisite_failed(self, url, error):
        """A known requisite could not be fetched this time; it keeps its validators."""
        self._x("UPDATE requisites SET last_error=?, last_checked=? WHERE url=?",
                (error, _now(), url))

    # pending discovery documents ----------------------------------------------------
    def add_pending_discovery(self, source, url, kind, meta):
        self._x("INSERT INTO pending_discovery (source, url, kind, meta, first_seen)"
                " VALUES (?,?,?,?,?) ON CONFLICT (source, url) DO NOTHING",
                (source, url, kind, json.dumps(meta), _now()))

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
        rows = self._all(sql + " ORDER BY first_seen, url", params)
        return [{**r, "meta": json.loads(r["meta"])} for r in rows]

    # -- story clusters (issue 7) ----------------------------------------------------------
    def article(self, source, article_key):
        row = self._one("SELECT * FROM articles WHERE source=? AND article_key=?",
                        (source, article_key))
        return _article(row) if row else None

    def article_capture(self, source, article_key):
        """The WARC record holding the article page: its last successful response."""
        row = self._one("SELECT url, warc_date, record_id FROM captures WHERE source=? AND"
                        " article_key=? AND kind='article' AND record_type='response' AND"
                        " status=200 ORDER BY id DESC LIMIT 1", (source, article_key))
        return CaptureRef(row["url"], row["warc_date"], row["record_id"]) if row else None

    def create_story(self, story_id, canonical_source, canonical_key):
        now = _now()
        self._x("INSERT INTO stories (story_id, canonical_source, canonical_key, created,"
                " updated) VALUES (?,?,?,?,?) ON CONFLICT (story_id) DO NOTHING",
                (story_id, canonical_source, canonical_key, now, now))

    def set_story_canonical(self, story_id, source, article_key):
        self._x("UPDATE stories SET canonical_source=?, canonical_key=?, updated=? WHERE story_id=?",
                (source, article_key, _now(), story_id))

    MEMBER_COLS = ("source", "article_key", "story_id", "url", "published", "captured", "score",
                   "reasons", "matched_source", "matched_key", "stored_as")

    def add_story_member(self, member):
        """Record a member once: a rerun or a repeated capture changes no cluster."""
        cols = self.MEMBER_COLS
        values = [member.get(c) for c in cols]
        values[cols.index("reasons")] = json.dumps(list(member.get("reasons") or ()))
        self._x(f"INSERT INTO story_members ({','.join(cols)}, joined) VALUES"
                f" ({','.join('?' * (len(cols) + 1))})"
                " ON CONFLICT (source, article_key) DO NOTHING", (*values, _now()))

    def story_member(self, source, article_key):
        row = self._one("SELECT * FROM story_members WHERE source=? AND article_key=?",
                        (source, article_key))
        return _member(row) if row else None

    def story(self, story_id):
        row = self._one("SELECT * FROM stories WHERE story_id=?", (story_id,))
        return self._story(row) if row else None

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

    # -- leases (issue 9, i9-pg): one holder at a time, expiring -----------------------
    # A lease names what is held ("source:sputnik", "article:sputnik:id:123"); it lasts
    # ttl_s seconds of the database server's clock unless renewed, so a crashed holder
    # cannot keep it and machines with skewed clocks agree. Acquisition is one atomic
    # upsert: of two racing holders exactly one gets it.
    def acquire_lease(self, name: str, holder: str, ttl_s: float) -> bool:
        return self._upsert_lease(name, holder, ttl_s, "")

    def _upsert_lease(self, name, holder, ttl_s, where_free: str, extra: tuple = ()) -> bool:
        now = self.dialect.now
        row = self._one(
            f"INSERT INTO leases (name, holder, acquired, expires)"
            f" SELECT ?, ?, {now}, {now} + ? WHERE 1=1{where_free}"
            f" ON CONFLICT (name) DO UPDATE SET holder=excluded.holder,"
            f" acquired=CASE WHEN leases.holder=excluded.holder THEN leases.acquired"
            f" ELSE excluded.acquired END, expires=excluded.expires"
            f" WHERE leases.expires <= {now} OR leases.holder = excluded.holder"
            f" RETURNING holder", (name, holder, float(ttl_s), *extra))
        return bool(row and row["holder"] == holder)

    def renew_lease(self, name: str, holder: str, ttl_s: float) -> bool:
        """Extend a lease still held; False if it expired (and may be someone else's)."""
        now = self.dialect.now
        cur = self._x(f"UPDATE leases SET expires = {now} + ? WHERE name=? AND holder=?"
                      f" AND expires > {now}", (float(ttl_s), name, holder))
        return cur.rowcount == 1

    def release_lease(self, name: str, holder: str) -> None:
        self._x("DELETE FROM leases WHERE name=? AND holder=?", (name, holder))

    def lease_holder(self, name: str) -> dict[str, Any] | None:
        """The live lease: holder, acquired, expires (server epoch seconds), remaining_s."""
        now = self.dialect.now
        row = self._one(f"SELECT name, holder, acquired, expires, expires - {now} AS remaining_s"
                        f" FROM leases WHERE name=? AND expires > {now}", (name,))
        return dict(row) if row else None

    def claim_article(self, source: str, key: str, holder: str, ttl_s: float) -> bool:
        """Claim an article before fetching it (lease ``article:{source}:{key}``): False
        when another live holder claimed it or it was archived (seen) meanwhile, both
        decided in the one statement that takes the claim."""
        return self._upsert_lease(
            f"article:{source}:{key}", holder, ttl_s,
            " AND NOT EXISTS (SELECT 1 FROM seen WHERE source=? AND key=?)", (source, key))

    def renew_claims(self, holder: str, ttl_s: float) -> int:
        """Extend every live article claim of ``holder`` (a running crawl's heartbeat);
        how many. Claims that lapsed meanwhile stay lapsed (someone may have them)."""
        now = self.dialect.now
        cur = self._x(f"UPDATE leases SET expires = {now} + ? WHERE holder=? AND"
                      f" name LIKE 'article:%' AND expires > {now}", (float(ttl_s), holder))
        return cur.rowcount

    # articles recorded by one run (i9-sched: extraction fill rate per run) ---------------
    def run_articles(self, run_id):
        for r in self._all("SELECT * FROM articles WHERE run_id=? ORDER BY source, article_key",
                           (run_id,)):
            yield _article(r)

    def run_bytes(self, run_id):
        """Bytes of the objects (WARCs, indexes, metadata) one run wrote."""
        row = self._one("SELECT COALESCE(SUM(size), 0) AS n FROM objects WHERE run_id=?",
                        (run_id,))
        return int(row["n"]) if row else 0

    def last_new_article(self, source):
        row = self._one("SELECT MAX(first_seen) AS t FROM seen WHERE source=?", (source,))
        return row["t"] if row and row["t"] else None

    # per-run cost (i9-cost): manifests per touched day, verify --since/--sample --------
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

    # -- evidence and re-captures (issue 8, i8-evidence) -----------------------------------
    def last_capture(self, url):
        """The latest capture of ``url`` with a payload (response or revisit, not a 304)."""
        rows = self._all("SELECT url, warc_date, record_id FROM captures WHERE url=? AND"
                         " record_type IN ('response', 'revisit') AND"
                         " (status IS NULL OR status <> 304) ORDER BY id DESC LIMIT 1", (url,))
        return CaptureRef(rows[0]["url"], rows[0]["warc_date"], rows[0]["record_id"]) if rows else None

    def schedule_recapture(self, source, article_key, url, captured_at, step, due):
        """First schedule of an archived article; an article scheduled before keeps its own."""
        self._x("INSERT INTO recaptures (source, article_key, url, captured_at, step, due, state)"
                " VALUES (?,?,?,?,?,?,'scheduled') ON CONFLICT (source, article_key) DO NOTHING",
                (source, article_key, url, captured_at, step, due))

    def due_recaptures(self, source, now, limit=None):
        sql = ("SELECT * FROM recaptures WHERE source=? AND state='scheduled' AND due <= ?"
               " ORDER BY due, article_key")
        params: tuple = (source, now)
        if limit is not None:
            sql += " LIMIT ?"
            params += (limit,)
        return [dict(r) for r in self._all(sql, params)]

    def recapture(self, source, article_key):
        rows = self._all("SELECT * FROM recaptures WHERE source=? AND article_key=?",
                         (source, article_key))
        return dict(rows[0]) if rows else None

    def recaptured(self, source, article_key, *, checked_at, status, step, due, state):
        """A re-capture was answered: the next step and due time (None when done)."""
        self._x("UPDATE recaptures SET step=?, due=?, state=?, checks=checks+1,"
                " last_checked=?, last_status=? WHERE source=? AND article_key=?",
                (step, due, state, checked_at, status, source, article_key))

    def add_version(self, version):
        cols = ("source", "article_key", "url", "run_id", "captured", "kind", "status",
                "flagged", "reason", "changes", "body_diff", "record_id")
        values = [version.get(c) for c in cols]
        values[cols.index("flagged")] = int(bool(version.get("flagged")))
        values[cols.index("changes")] = json.dumps(version.get("changes") or {})
        self._x(f"INSERT INTO versions ({','.join(cols)}) VALUES ({','.join('?' * len(cols))})",
                tuple(values))

    def versions(self, source, article_key):
        return [_version(r) for r in self._all(
            "SELECT * FROM versions WHERE source=? AND article_key=? ORDER BY id",
            (source, article_key))]

    def version_summaries(self):
        """(source, article_key) -> {"versions": count, "last_change": latest version}."""
        out: dict[tuple[str, str], dict[str, Any]] = {}
        for r in self._all("SELECT * FROM versions ORDER BY id"):
            entry = out.setdefault((r["source"], r["article_key"]), {"versions": 0})
            entry["versions"] += 1
            entry["last_change"] = {"captured": r["captured"], "kind": r["kind"],
                                    "status": r["status"], "flagged": bool(r["flagged"]),
                                    "reason": r["reason"],
                                    "fields": sorted(json.loads(r["changes"] or "{}"))}
        return out

    def find_articles(self, ref):
        """Articles a URL, article id or key names: [(source, article_key)]."""
        rows = self._all("SELECT DISTINCT source, article_key FROM articles WHERE url=? OR"
                         " canonical_url=? OR article_id=? OR article_key=?"
                         " ORDER BY source, article_key", (ref, ref, ref, ref))
        rows = rows or self._all("SELECT DISTINCT source, article_key FROM recaptures WHERE"
                                 " url=? ORDER BY source, article_key", (ref,))
        return [(r["source"], r["article_key"]) for r in rows]

    # health (i6-storage) -----------------------------------------------------------------
    def fail_interrupted_runs(self, data_dir=None):
        """Mark runs still ``running`` as failed; call only with the run lock of
        ``data_dir`` held (then none of its runs is running: they were killed). Runs
        that recorded another data directory (a shared catalog) are left alone."""
        ids = [r["run_id"] for r in self._all(
            "SELECT run_id, options FROM runs WHERE status='running'")
            if data_dir is None
            or json.loads(r["options"] or "{}").get("data_dir", data_dir) == data_dir]
        for run_id in ids:
            self.finish_run(run_id, "failed", {"reasons": [
                "interrupted: the run was killed before it finished"]})
        return ids

    def integrity_problems(self):
        """The schema is complete (every migration applied); backends add their own
        storage-level check (SQLite ``quick_check``)."""
        missing = sorted({step.version for step in self._steps()} - self._applied())
        return [f"schema migrations not applied: {missing}"] if missing else []

    def close(self):
        with self._lock:
            self._db.close()


def _version(row: dict[str, Any]) -> dict[str, Any]:
    d = dict(row)
    d["flagged"] = bool(d["flagged"])
    d["changes"] = json.loads(d["changes"]) if d["changes"] else {}
    return d


def _member(row: dict[str, Any]) -> dict[str, Any]:
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


def _article(row: dict[str, Any]) -> dict[str, Any]:
    d = dict(row)
    d["data"] = json.loads(d["data"])
    d["topic"] = json.loads(d["topic"]) if d["topic"] else None
    d["relevant"] = bool(d["relevant"])
    d["decision"] = d.get("decision") or topic_decision(d["topic"], d["relevant"])
    return d


def _run(row: dict[str, Any]) -> dict[str, Any]:
    d = dict(row)
    d["sources"] = json.loads(d["sources"])
    d["options"] = json.loads(d["options"])
    d["stats"] = json.loads(d["stats"]) if d["stats"] else {}
    return d
