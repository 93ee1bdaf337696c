"""The one catalog interface: what was seen, archived, captured and stored.

SQLite (:mod:`archive.catalog.sqlite`) is the embedded default; a PostgreSQL
implementation follows the same interface.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Iterator, Protocol


@dataclass(frozen=True)
class CaptureRef:
    """Where the original payload of a revisit lives."""

    uri: str
    date: str  # WARC-Date of the original
    record_id: str


@dataclass(frozen=True)
class ObjectEntry:
    key: str
    kind: str  # warc | cdxj | metadata | manifest
    status: str  # spooled | stored
    local_path: str | None
    sha256: str | None
    size: int | None
    records: int | None
    source: str | None
    run_id: str | None
    created: str
    stored_at: str | None
    attempts: int = 0
    last_error: str | None = None


class Catalog(Protocol):
    # runs -----------------------------------------------------------------
    def start_run(self, run_id: str, sources: list[str], options: dict[str, Any]) -> None: ...
    def finish_run(self, run_id: str, status: str, stats: dict[str, Any]) -> None: ...
    def set_source_stats(self, run_id: str, source: str, stats: dict[str, Any]) -> None: ...
    def get_run(self, run_id: str) -> dict[str, Any] | None: ...
    def runs(self, limit: int = 20) -> list[dict[str, Any]]: ...

    # seen-state -----------------------------------------------------------
    def is_seen(self, source: str, keys: list[str]) -> bool: ...
    def mark_seen(self, source: str, keys: list[str], url: str, relevant: bool,
                  run_id: str) -> None: ...

    # pending: discovered but not yet archived or judged; retried by later runs
    def add_pending(self, source: str, keys: list[str], url: str, via: str | None) -> None: ...
    def fail_pending(self, source: str, key: str, error: str) -> None: ...
    def pending(self, source: str, max_attempts: int | None = None) -> list[dict[str, Any]]: ...

    # articles ---------------------------------------------------------------
    def record_article(self, article: dict[str, Any], topic: dict[str, Any], relevant: bool,
                       run_id: str, metadata_key: str | None) -> None: ...
    def articles(self, source: str | None = None, relevant: bool | None = True
                 ) -> Iterator[dict[str, Any]]: ...

    # topic decisions (i11-topic): articles decided relevant | borderline | irrelevant
    def articles_by_decision(self, decision: str, source: str | None = None
                             ) -> Iterator[dict[str, Any]]: ...

    # captures (one per WARC response/revisit/resource record) ----------------
    def add_capture(self, capture: dict[str, Any]) -> None: ...
    def find_payload(self, payload_digest: str) -> CaptureRef | None: ...
    def captures(self, warc_key: str | None = None) -> list[dict[str, Any]]: ...

    # objects the store must hold, spooled or stored ---------------------------
    def add_object(self, key: str, kind: str, *, local_path: str | None, sha256: str,
                   size: int, records: int | None, source: str | None,
                   run_id: str | None) -> None: ...
    def mark_stored(self, key: str, sha256: str, size: int) -> bool: ...
    def note_attempt(self, key: str, error: str) -> None: ...
    def objects(self, status: str | None = None, kind: str | None = None
                ) -> list[ObjectEntry]: ...
    def get_object(self, key: str) -> ObjectEntry | None: ...

    # conditional-request validators, per URL ----------------------------------
    def get_validators(self, url: str) -> tuple[str | None, str | None]: ...
    def set_validators(self, url: str, etag: str | None, last_modified: str | None) -> None: ...

    # pending discovery documents: a feed, sitemap or listing page requested but not yet
    # fetched, parsed and archived; retried by later runs (up to max_attempts)
    def add_pending_discovery(self, source: str, url: str, kind: str,
                              meta: dict[str, Any]) -> None: ...
    def done_discovery(self, source: str, url: str) -> None: ...
    def fail_discovery(self, source: str, url: str, error: str) -> None: ...
    def pending_discovery(self, source: str, max_attempts: int | None = None
                          ) -> list[dict[str, Any]]: ...

    # story clusters (issue 7: story-level dedup) -------------------------------
    def article(self, source: str, article_key: str) -> dict[str, Any] | None: ...
    def article_capture(self, source: str, article_key: str) -> CaptureRef | None: ...
    def create_story(self, story_id: str, canonical_source: str, canonical_key: str) -> None: ...
    def set_story_canonical(self, story_id: str, source: str, article_key: str) -> None: ...
    def add_story_member(self, member: dict[str, Any]) -> None: ...
    def story_member(self, source: str, article_key: str) -> dict[str, Any] | None: ...
    def story(self, story_id: str) -> dict[str, Any] | None: ...
    def stories(self) -> Iterator[dict[str, Any]]: ...

    # health (i6-storage) ------------------------------------------------------
    def fail_interrupted_runs(self, data_dir: str | None = None) -> list[str]:
        """Mark runs of ``data_dir`` left ``running`` (killed) as failed; their ids."""
    def integrity_problems(self) -> list[str]:
        """Storage-level integrity check of the catalog; empty when sound."""

    # per-run cost (i9-cost): manifests per touched day, verify --since / --sample ------
    def run_article_days(self, run_id: str) -> list[tuple[str, str]]:
        """Sorted (source, YYYY-MM-DD) pairs on which ``run_id`` recorded relevant articles."""
    def day_articles(self, source: str, day: str) -> Iterator[dict[str, Any]]:
        """Relevant articles of ``source`` recorded on ``day`` (UTC)."""
    def objects_since(self, day: str) -> list[ObjectEntry]:
        """Objects registered on or after ``day`` (UTC, YYYY-MM-DD)."""
    def sample_objects(self, kind: str, n: int) -> list[ObjectEntry]:
        """Up to ``n`` stored objects of ``kind``, chosen at random."""

    def close(self) -> None: ...
