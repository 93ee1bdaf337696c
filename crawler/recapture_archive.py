"""The archive side of re-captures and 304 answers (i8-evidence).

The pipeline hands over: a 304 answer (:class:`NotModified`), written as a
server-not-modified revisit; a re-fetched article (:class:`RecapturedPage`),
archived again (an identical payload becomes an identical-payload-digest revisit),
compared with the archived version (crawler/recapture.py) and recorded as a version
when it changed; or takedown evidence (404/410, a redirect to a non-article page),
archived and flagged. Every answer moves the article's schedule to its next age.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timezone

import structlog

from archive.warc import HttpCapture
from crawler import recapture
from crawler.extract import extract_article
from crawler.items import NotModified, RecapturedPage
from crawler.sites import SITES

log = structlog.get_logger("crawler.recapture")


@dataclass(frozen=True)
class ArchivedPage:
    """A page just archived again, as the requisite fetcher reads it: its address (after
    redirects, which its relative references resolve against) and its HTML."""
    url: str
    html: str


class RecaptureDesk:
    def __init__(self, ctx, stats, clock=None, on_archived=None):
        self.ctx = ctx
        self.stats = stats
        self.clock = clock or (lambda: datetime.now(timezone.utc).timestamp())
        # called with (ArchivedPage, article_key) once a 200 re-capture is archived: the
        # page is replayed with what it references now (a new picture after an edit)
        self.on_archived = on_archived

    @property
    def opts(self):
        return self.ctx.settings.recapture

    # -- scheduling ------------------------------------------------------------------
    def schedule(self, source: str, article_key: str, url: str, capture: HttpCapture) -> None:
        """An article was archived: remember its validators, schedule its first re-capture."""
        if not self.opts.enabled:
            return
        self._validators(url, capture)
        first = recapture.first_due(capture.date.timestamp(), self.opts.ages)
        if first is not None:
            self.ctx.catalog.schedule_recapture(source, article_key, url,
                                                capture.date.timestamp(), *first)

    def _validators(self, url: str, capture: HttpCapture) -> None:
        etag, last_modified = capture.header("ETag"), capture.header("Last-Modified")
        if etag or last_modified:
            self.ctx.catalog.set_validators(url, etag, last_modified)

    def _advance(self, page: RecapturedPage, status: int | None, takedown: bool = False
                 ) -> None:
        """The article was checked: wait for its next age still ahead (none: done)."""
        now = self.clock()
        nxt = None if takedown else recapture.next_due(page.captured_at, self.opts.ages, now)
        state = "takedown" if takedown else ("scheduled" if nxt else "done")
        self.ctx.catalog.recaptured(page.source, page.article_key, checked_at=now,
                                    status=status, step=nxt[0] if nxt else -1,
                                    due=nxt[1] if nxt else None, state=state)

    # -- 304 ---------------------------------------------------------------------------
    def not_modified(self, item: NotModified) -> None:
        try:
            for capture in item.captures:
                if capture.status == 304:
                    self.ctx.archive_not_modified(capture, source=item.source, kind=item.kind,
                                                  article_key=item.article_key)
                    self.stats.inc_value("newsarchive/not_modified_archived")
            if item.article_key is not None:  # a re-capture answered 304: unchanged
                row = self.ctx.catalog.recapture(item.source, item.article_key)
                if row is not None:
                    self.stats.inc_value("newsarchive/recapture_unchanged")
                    self._advance(RecapturedPage(item.source, item.url, item.url,
                                                 item.article_key, 304, None, [],
                                                 row["captured_at"]), 304)
        except Exception as e:  # disk full, catalog locked…: counted, the run is degraded
            self.stats.inc_value("newsarchive/archive_error")
            log.exception("could not archive a 304 answer", source=item.source, url=item.url,
                          error=str(e))

    # -- re-fetched articles --------------------------------------------------------------
    def recaptured(self, page: RecapturedPage) -> None:
        slog = log.bind(source=page.source, url=page.url, article_key=page.article_key)
        try:
            self._recaptured(page, slog)
        except Exception as e:  # stays due: tried again next run
            self.stats.inc_value("newsarchive/archive_error")
            slog.exception("could not archive a re-capture", error=str(e))

    def _recaptured(self, page: RecapturedPage, slog) -> None:
        site = SITES.get(page.source)
        is_article = site.is_article if site else (lambda url: True)
        reason = recapture.takedown_reason(page.status, page.final_url, page.url, is_article)
        if reason is not None:
            self._takedown(page, reason, slog)
            return
        if page.status != 200 or page.html is None:
            self.stats.inc_value("newsarchive/recapture_failed")
            slog.error("re-capture is not a text page", status=page.status)
            self._advance(page, page.status)
            return
        old = self.ctx.catalog.article(page.source, page.article_key)
        try:
            article = extract_article(page.html, page.final_url, source=page.source)
            if not (article.title and article.body):
                raise ValueError("no title or body found")
        except Exception as e:  # a broken page is kept as evidence, never a version
            self.stats.inc_value("newsarchive/malformed_page")
            slog.error("malformed re-captured page", error=str(e))
            self._archive(page, {"recapture": {"error": str(e)}})
            self._advance(page, page.status)
            return
        data = article.to_dict()
        change = recapture.compare(old["data"] if old else {}, data)
        document = {"article": data, "run_id": self.ctx.run_id,
                    "recapture": {"first_captured": page.captured_at,
                                  "changed": change.changed, **change.to_dict()}}
        record_id = self._archive(page, document)
        if self.on_archived is not None:
            self.on_archived(ArchivedPage(page.final_url, page.html), page.article_key)
        if change.changed:
            self.stats.inc_value("newsarchive/recapture_edited")
            self._version(page, recapture.EDITED, 200, record_id, changes=change.fields,
                          body_diff=change.body_diff or None)
            topic = self.ctx.topic.score(article).to_dict()
            self.ctx.catalog.record_article(data, topic, True, self.ctx.run_id,
                                            old.get("metadata_key") if old else None)
            slog.info("article changed since its capture", fields=sorted(change.fields),
                      body_changed=bool(change.body_diff))
        else:
            self.stats.inc_value("newsarchive/recapture_same")
        if page.captures:
            self._validators(page.url, page.captures[-1])
        self._advance(page, page.status)

    def _takedown(self, page: RecapturedPage, reason: str, slog) -> None:
        status = page.captures[0].status if page.captures else page.status
        document = {"run_id": self.ctx.run_id,
                    "takedown": {"reason": reason, "status": status, "url": page.url,
                                 "final_url": page.final_url}}
        record_id = self._archive(page, document)
        self._version(page, recapture.TAKEDOWN, status, record_id, flagged=True, reason=reason)
        self._advance(page, status, takedown=True)
        self.stats.inc_value("newsarchive/recapture_takedown")
        slog.warning("article taken down", reason=reason)

    def _archive(self, page: RecapturedPage, document: dict) -> str | None:
        """Every exchange of the re-capture (redirects, the page); the last carries the
        document. The record id of the page's record."""
        last, record_id = len(page.captures) - 1, None
        for i, capture in enumerate(page.captures):
            _, records = self.ctx.archive_page(capture, source=page.source, kind="article",
                                               metadata=document if i == last else None,
                                               article_key=page.article_key)
            record_id = records[0].record_id
        return record_id

    def _version(self, page: RecapturedPage, kind: str, status: int | None,
                 record_id: str | None, **extra) -> None:
        captured = page.captures[-1].date if page.captures else datetime.now(timezone.utc)
        self.ctx.catalog.add_version({
            "source": page.source, "article_key": page.article_key, "url": page.url,
            "run_id": self.ctx.run_id, "captured": captured.isoformat(), "kind": kind,
            "status": status, "record_id": record_id, **extra})
