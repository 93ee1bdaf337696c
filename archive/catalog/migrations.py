"""Versioned schema migrations, one ordered list for both catalog backends.

Each :class:`Step` is applied once, in its own transaction, and recorded in
``schema_version`` (version, name, applied). The catalog applies what is
missing when it is opened (:meth:`archive.catalog.sql.SqlCatalog.migrate`),
holding a lock while it does so: SQLite ``BEGIN IMMEDIATE``, PostgreSQL an
advisory transaction lock, so two processes opening a fresh catalog at once
do not both migrate.

A step's SQL is written once for both backends, with type words that the
dialect fills in: ``{int}`` (a 64-bit integer), ``{float}`` (a double),
``{autoid}`` (an auto-numbered integer primary key), ``{blob}`` (bytes).
JSON is kept as TEXT and booleans as 0/1 integers on both, so the catalog
reads back the same values from either. Upgrades that SQL alone cannot say
portably (add a column only where it is missing) are Python callables given
the catalog.

Catalogs made before this module (no ``schema_version`` table) upgrade
cleanly: steps 1-4 use ``IF NOT EXISTS`` and step 2 adds the ``decision``
column only where it is missing.

**To add a table or a column: append a new Step with the next version number.**
Never edit a step that has shipped; a catalog that has applied it will not
apply it again.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Callable

if TYPE_CHECKING:
    from .sql import SqlCatalog


@dataclass(frozen=True)
class Step:
    version: int
    name: str
    sql: tuple[str, ...] = ()
    run: Callable[["SqlCatalog"], None] | None = None
    only: str | None = None  # a dialect name ("sqlite", "postgresql"): applied only there


BASE = (
    """CREATE TABLE IF NOT EXISTS runs (
    run_id TEXT PRIMARY KEY, started TEXT NOT NULL, finished TEXT, status TEXT NOT NULL,
    sources TEXT NOT NULL, options TEXT NOT NULL, stats TEXT)""",
    """CREATE TABLE IF NOT EXISTS seen (
    source TEXT NOT NULL, key TEXT NOT NULL, url TEXT NOT NULL, relevant {int} NOT NULL,
    first_seen TEXT NOT NULL, run_id TEXT NOT NULL, PRIMARY KEY (source, key))""",
    """CREATE TABLE IF NOT EXISTS pending (
    source TEXT NOT NULL, key TEXT NOT NULL, url TEXT NOT NULL, keys TEXT NOT NULL,
    via TEXT, first_seen TEXT NOT NULL, attempts {int} NOT NULL DEFAULT 0, last_error TEXT,
    PRIMARY KEY (source, key))""",
    """CREATE TABLE IF NOT EXISTS articles (
    source TEXT NOT NULL, article_key TEXT NOT NULL, url TEXT NOT NULL, canonical_url TEXT,
    article_id TEXT, title TEXT, published TEXT, agency TEXT, relevant {int} NOT NULL,
    score {float}, topic TEXT, data TEXT NOT NULL, run_id TEXT NOT NULL, recorded TEXT NOT NULL,
    metadata_key TEXT, PRIMARY KEY (source, article_key))""",
    """CREATE TABLE IF NOT EXISTS captures (
    id {autoid}, run_id TEXT NOT NULL, source TEXT, kind TEXT NOT NULL,
    url TEXT NOT NULL, warc_date TEXT NOT NULL, record_type TEXT NOT NULL, record_id TEXT NOT NULL,
    payload_digest TEXT, status {int}, mime TEXT, warc_key TEXT NOT NULL,
    "offset" {int} NOT NULL, length {int} NOT NULL, article_key TEXT)""",
    "CREATE INDEX IF NOT EXISTS captures_digest ON captures (payload_digest, record_type)",
    "CREATE INDEX IF NOT EXISTS captures_warc ON captures (warc_key)",
    """CREATE TABLE IF NOT EXISTS objects (
    key TEXT PRIMARY KEY, kind TEXT NOT NULL, status TEXT NOT NULL, local_path TEXT,
    sha256 TEXT, size {int}, records {int}, source TEXT, run_id TEXT,
    created TEXT NOT NULL, stored_at TEXT, attempts {int} NOT NULL DEFAULT 0, last_error TEXT)""",
    """CREATE TABLE IF NOT EXISTS validators (
    url TEXT PRIMARY KEY, etag TEXT, last_modified TEXT, updated TEXT NOT NULL)""",
)


def _topic_decision(catalog: "SqlCatalog") -> None:
    """Catalogs made before the three-way decision (issue 11) get the column, filled
    from ``relevant`` (every article archived then was judged relevant)."""
    if "decision" not in catalog.dialect.columns(catalog, "articles"):
        catalog._x("ALTER TABLE articles ADD COLUMN decision TEXT")
    catalog._x("UPDATE articles SET decision = CASE relevant WHEN 1 THEN 'relevant'"
               " ELSE 'irrelevant' END WHERE decision IS NULL")


STEPS: tuple[Step, ...] = (
    Step(1, "base: runs, seen, pending, articles, captures, objects, validators", BASE),
    Step(2, "articles.decision: relevant | borderline | irrelevant (issue 11)",
         run=_topic_decision),
    Step(3, "pending discovery documents (issue 6)", (
        """CREATE TABLE IF NOT EXISTS pending_discovery (
    source TEXT NOT NULL, url TEXT NOT NULL, kind TEXT NOT NULL, meta TEXT NOT NULL,
    first_seen TEXT NOT NULL, attempts {int} NOT NULL DEFAULT 0, last_error TEXT,
    PRIMARY KEY (source, url))""",)),
    Step(4, "story clusters (issue 7)", (
        """CREATE TABLE IF NOT EXISTS stories (
    story_id TEXT PRIMARY KEY, canonical_source TEXT NOT NULL, canonical_key TEXT NOT NULL,
    created TEXT NOT NULL, updated TEXT NOT NULL)""",
        """CREATE TABLE IF NOT EXISTS story_members (
    source TEXT NOT NULL, article_key TEXT NOT NULL, story_id TEXT NOT NULL, url TEXT NOT NULL,
    published TEXT, captured TEXT NOT NULL, score {float}, reasons TEXT NOT NULL,
    matched_source TEXT, matched_key TEXT, stored_as TEXT NOT NULL, joined TEXT NOT NULL,
    PRIMARY KEY (source, article_key))""",
        "CREATE INDEX IF NOT EXISTS story_members_story ON story_members (story_id)",
    )),
    # i9-pg: leases (a source run, an article fetch) that expire, so a crashed holder
    # cannot keep them; times are the database server's, in epoch seconds
    Step(5, "leases (issue 9)", (
        """CREATE TABLE IF NOT EXISTS leases (
    name TEXT PRIMARY KEY, holder TEXT NOT NULL, acquired {float} NOT NULL,
    expires {float} NOT NULL)""",
        "CREATE INDEX IF NOT EXISTS leases_expires ON leases (expires)",
    )),
    # i9-pg: the story-dedup candidate index, shared by every machine of a PostgreSQL
    # catalog (SQLite keeps it in its own file, {data_dir}/dedup-index.sqlite)
    Step(6, "dedup candidate index tables (PostgreSQL)", (
        """CREATE TABLE IF NOT EXISTS dedup_docs (
    doc {autoid}, source TEXT NOT NULL, article_key TEXT NOT NULL, published {float},
    keys {blob} NOT NULL, added {float} NOT NULL
    DEFAULT (extract(epoch from clock_timestamp())::double precision),
    UNIQUE (source, article_key))""",
        "CREATE INDEX IF NOT EXISTS dedup_docs_added ON dedup_docs (added)",
        "CREATE TABLE IF NOT EXISTS dedup_info (name TEXT PRIMARY KEY, value TEXT NOT NULL)",
    ), only="postgresql"),
    # i9-cost: an index for every query a run makes, so a run with nothing new does not
    # scan what is archived (checked with EXPLAIN QUERY PLAN in tests/test_run_cost.py)
    Step(7, "indexes for every query a run makes (issue 9, per-run cost)", (
        "CREATE INDEX IF NOT EXISTS articles_run ON articles (run_id)",
        "CREATE INDEX IF NOT EXISTS articles_source_recorded ON articles (source, recorded)",
        "CREATE INDEX IF NOT EXISTS captures_article ON captures (source, article_key)",
        "CREATE INDEX IF NOT EXISTS objects_status ON objects (status)",
        "CREATE INDEX IF NOT EXISTS objects_created ON objects (created)",
        "CREATE INDEX IF NOT EXISTS runs_status ON runs (status)",
    )),
    # i8-evidence: the re-capture schedule of archived articles and their versions
    # (edits with diffs, takedowns); captures by URL for server-not-modified revisits
    Step(8, "re-capture schedule and article versions (issue 8)", (
        """CREATE TABLE IF NOT EXISTS recaptures (
    source TEXT NOT NULL, article_key TEXT NOT NULL, url TEXT NOT NULL,
    captured_at {float} NOT NULL, step {int} NOT NULL, due {float}, state TEXT NOT NULL,
    checks {int} NOT NULL DEFAULT 0, last_checked {float}, last_status {int},
    PRIMARY KEY (source, article_key))""",
        "CREATE INDEX IF NOT EXISTS recaptures_due ON recaptures (source, state, due)",
        """CREATE TABLE IF NOT EXISTS versions (
    id {autoid}, source TEXT NOT NULL, article_key TEXT NOT NULL,
    url TEXT NOT NULL, run_id TEXT, captured TEXT NOT NULL, kind TEXT NOT NULL,
    status {int}, flagged {int} NOT NULL DEFAULT 0, reason TEXT, changes TEXT,
    body_diff TEXT, record_id TEXT)""",
        "CREATE INDEX IF NOT EXISTS versions_article ON versions (source, article_key)",
        "CREATE INDEX IF NOT EXISTS captures_url ON captures (url)",
    )),
    # i10-requisites: page requisites (stylesheets, fonts, images) known to the archive,
    # with the validators and payload digest of their last fetch: conditional requests
    # across runs, and one row per requisite URL whatever pages share it
    Step(9, "page requisites (issue 10)", (
        """CREATE TABLE IF NOT EXISTS requisites (
    url TEXT PRIMARY KEY, source TEXT NOT NULL, etag TEXT, last_modified TEXT,
    payload_digest TEXT, status {int}, mime TEXT, length {int},
    first_fetched TEXT NOT NULL, last_checked TEXT NOT NULL, last_changed TEXT NOT NULL,
    run_id TEXT, checks {int} NOT NULL DEFAULT 1, last_error TEXT, refs TEXT)""",
    )),
    # i9-twosched: pending articles a run retries, without reading the exhausted ones
    # (404s and the like stay pending with attempts at the limit, and only grow)
    Step(10, "index of retryable pending articles (issue 9, per-run cost)", (
        "CREATE INDEX IF NOT EXISTS pending_attempts ON pending (source, attempts)",
    )),
    # i9-alerts: when a source last met a new article (the quiet_source alert asks after
    # every run), read from the index instead of every seen row of the source
    Step(11, "index of when each source last met a new article (issue 9, alerts)", (
        "CREATE INDEX IF NOT EXISTS seen_source_first ON seen (source, first_seen)",
    )),
)

LATEST = STEPS[-1].version
