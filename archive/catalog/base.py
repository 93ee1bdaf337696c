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

    # health (i6-storage) ------------------------------------------------------
    def fail_interrupted_runs(self, data_dir: str | None = None) -> list[str]:
        """Mark runs of ``data_dir`` left ``running`` (killed) as failed; their ids."""
    def integrity_problems(self) -> list[str]:
        """Storage-level integrity check of the catalog; empty when sound."""

    def close(self) -> None: ...
