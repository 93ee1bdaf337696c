"""The archive side of one crawl process, shared by spiders, middlewares, pipelines.

Built once per crawler from the Scrapy settings (``NEWSARCHIVE`` holds the
service's settings, ``NEWSARCHIVE_RUN_ID`` the run id) and reached with
``ArchiveContext.of(crawler)``. It owns the catalog handle, the spool, one
rolling WARC writer per (source, kind), the per-capture decision
full / revisit / reference, and the story desk (story-level dedup, issue 7).
"""

from __future__ import annotations

import json
import platform
import threading
from datetime import datetime, timezone

import structlog

from archive import layout
from archive.catalog import Catalog, open_catalog
from archive.catalog.base import CaptureRef
from archive.spool import Spool
from archive.warc import ClosedWarc, Decision, HttpCapture, Original, RollingWarcWriter
from archive.warc.capture import WrittenRecord
from newsarchive import __version__
from newsarchive.config import Settings

log = structlog.get_logger("crawler.context")

_lock = threading.Lock()


def software() -> str:
    """warcinfo ``software``: this project and the libraries that made the records."""
    from importlib.metadata import version

    import scrapy
    import twisted

    return (f"newsarchive/{__version__} Scrapy/{scrapy.__version__} "
            f"Twisted/{twisted.__version__} warcio/{version('warcio')} "
            f"Python/{platform.python_version()}")


class ArchiveContext:
    def __init__(self, settings: Settings, run_id: str, catalog: Catalog | None = None):
        self.settings = settings
        self.run_id = run_id
        self.catalog = catalog or open_catalog(settings.catalog_url)
        self.spool = Spool(settings.spool_path, self.catalog)
        self._writers: dict[tuple[str, str], RollingWarcWriter] = {}
        self._payloads: dict[str, Original] = {}
        self._topic = None
        self._stories = None

    @classmethod
    def of(cls, crawler) -> "ArchiveContext":
        with _lock:
            ctx = getattr(crawler, "_newsarchive_context", None)
            if ctx is None:
                settings = Settings.model_validate(crawler.settings.get("NEWSARCHIVE"))
                ctx = cls(settings, crawler.settings.get("NEWSARCHIVE_RUN_ID"))
                crawler._newsarchive_context = ctx
            return ctx

    @property
    def topic(self):
        if self._topic is None:
            from crawler.topic import TopicFilter

            self._topic = TopicFilter.from_settings(self.settings.topic)
        return self._topic

    @property
    def stories(self):
        """The story desk (candidate index + matcher + clusters), or None if dedup is off."""
        if self._stories is None and self.settings.dedup.enabled:
            from archive.dedup import StoryDesk, open_index

            opts = self.settings.dedup
            index = open_index(self.settings.dedup_index_path, self.settings.catalog_url)
            self._stories = StoryDesk(self.catalog, index,
                                      policy=opts.policy, window_s=opts.window_days * 86400.0,
                                      max_compare=opts.max_compare)
        return self._stories

    # -- WARC writing ---------------------------------------------------------------
    def writer(self, source: str, kind: str) -> RollingWarcWriter:
        w = self._writers.get((source, kind))
        if w is None:
            prefix = f"{self.settings.warc_prefix}-{source}"
            if kind != "article":
                prefix += f"-{kind}"
            info = {
                "software": software(),
                "format": "WARC File Format 1.1",
                "conformsTo": "https://iipc.github.io/warc-specifications/"
                              "specifications/warc-format/warc-1.1/",
                "operator": self.settings.operator,
                "hostname": platform.node(),
                "http-header-user-agent": self.settings.user_agent,
                # the conventional names (Heritrix, warcprox): "classic" obeys robots.txt
                "robots": "classic" if self.settings.politeness.obey_robots else "ignore",
                "isPartOf": f"newsarchive-{source}",
                "description": f"{kind} captures of {source}, crawl run {self.run_id}",
                "run-id": self.run_id,
            }
            w = RollingWarcWriter(
                self.spool.root, prefix=prefix, warcinfo=info,
                max_size=self.settings.warc_max_size,
                key_for=lambda created, filename, s=source: layout.warc_key(s, created, filename),
                on_close=lambda closed, s=source: self._finished(closed, s))
            self._writers[(source, kind)] = w
        return w

    def _finished(self, closed: ClosedWarc, source: str) -> None:
        """A WARC was closed: hand it and its index (made as it was written) to the spool."""
        self.spool.add_bytes(layout.cdxj_key(closed.key), "cdxj", closed.cdxj, source=source,
                             run_id=self.run_id)
        self.spool.add(closed.key, "warc", closed.path, records=closed.records, source=source,
                       run_id=self.run_id)
        log.info("warc closed", key=closed.key, records=closed.records, source=source)

    def decide(self, capture: HttpCapture, story: CaptureRef | None = None
               ) -> tuple[Decision, Original | None]:
        """Full record; revisit of an identical payload archived before; or, for a copy
        of a story archived before (``story``: its canonical capture), a reference."""
        if not capture.body:
            return Decision.FULL, None
        digest = capture.payload_digest
        original = self._payloads.get(digest)
        if original is None:
            ref = self.catalog.find_payload(digest)
            if ref is not None:
                original = Original(ref.uri, ref.date, ref.record_id)
        if original:
            return Decision.REVISIT, original
        if story is not None:
            return Decision.REFERENCE, Original(story.uri, story.date, story.record_id)
        return Decision.FULL, None

    def archive(self, capture: HttpCapture, *, source: str, kind: str,
                metadata: dict | None = None, article_key: str | None = None
                ) -> list[WrittenRecord]:
        return self.archive_page(capture, source=source, kind=kind, metadata=metadata,
                                 article_key=article_key)[1]

    def archive_page(self, capture: HttpCapture, *, source: str, kind: str,
                     metadata: dict | None = None, article_key: str | None = None,
                     story: CaptureRef | None = None
                     ) -> tuple[Decision, list[WrittenRecord]]:
        """Write one capture as :meth:`decide` says; returns the decision and records."""
        decision, original = self.decide(capture, story)
        records = self.writer(source, kind).write_capture(capture, decision, original, metadata)
        for rec in records:
            if rec.record_type == "response" and rec.payload_digest:
                self._payloads.setdefault(rec.payload_digest,
                                          Original(rec.url, rec.warc_date, rec.record_id))
        self._catalog_records(records, source, kind, article_key)
        return decision, records

    def _catalog_records(self, records: list[WrittenRecord], source: str, kind: str,
                         article_key: str | None) -> None:
        self.catalog.add_captures([{
            "run_id": self.run_id, "source": source, "kind": kind, "url": rec.url,
            "warc_date": rec.warc_date, "record_type": rec.record_type,
            "record_id": rec.record_id, "payload_digest": rec.payload_digest,
            "status": rec.status, "mime": rec.mime, "warc_key": rec.warc_key,
            "offset": rec.offset, "length": rec.length, "article_key": article_key}
            for rec in records])

    # -- evidence (i8-evidence): 304 answers, robots.txt ----------------------------------
    def archive_not_modified(self, capture: HttpCapture, *, source: str, kind: str,
                             article_key: str | None = None) -> list[WrittenRecord]:
        """A 304 answer as a server-not-modified revisit of the URL's last capture."""
        ref = self.catalog.last_capture(capture.url)
        original = Original(ref.uri, ref.date, ref.record_id) if ref else None
        records = self.writer(source, kind).write_capture(capture, Decision.NOT_MODIFIED,
                                                          original)
        self._catalog_records(records, source, kind, article_key)
        return records

    def write_metadata(self, source: str, article_key: str, document: dict) -> str:
        key = layout.metadata_key(source, datetime.now(timezone.utc), article_key)
        # compact: json's C encoder (indent= forces the pure-Python one, 4x the CPU)
        data = json.dumps(document, ensure_ascii=False, sort_keys=True).encode()
        self.spool.add_bytes(key, "metadata", data, source=source, run_id=self.run_id)
        return key

    def close_source(self, source: str) -> None:
        """Close every WARC of a source; one failing does not keep the others open."""
        errors = []
        for (s, kind), w in list(self._writers.items()):
            if s == source:
                del self._writers[(s, kind)]
                try:
                    w.close()
                except Exception as e:
                    errors.append(e)
                    log.exception("could not close WARC", source=source, kind=kind)
        if errors:
            raise errors[0]
