"""Per-source limits on what one response may cost: bytes received, bytes decoded, time.

Scrapy's own limits drop an over-size response without a trace and count its
timeout per attempt; here, per source (``intake.<source>`` in the settings):

- ``max_bytes`` (as received, still content-coded): the download stops there
  (``StopDownload``; a declared ``Content-Length`` over it stops at the headers),
  the exchange is recorded with ``WARC-Truncated: length`` and the request
  fails with :class:`Truncated`, so the page is never archived as complete;
- ``max_decoded_bytes``: content decoding stops there (:class:`BoundedDecompression`,
  Scrapy's HttpCompressionMiddleware bounded by ``download_maxsize``), and the
  request fails with :class:`TooLarge`: a gzip bomb never grows past it;
- ``max_seconds``: one URL's total time across its retries and Retry-After
  waits; each attempt's ``download_timeout`` is what is left of it, and a retry
  after the deadline fails with :class:`DeadlinePassed`.

Each is logged with URL and reason and counted (``newsarchive/truncated``,
``too_large``, ``deadline``); the failure reaches the spider's errback, so a
pending article gets an attempt.
"""

from __future__ import annotations

import time

import structlog
from scrapy import signals
from scrapy.downloadermiddlewares.httpcompression import HttpCompressionMiddleware
from scrapy.exceptions import IgnoreRequest, StopDownload

from crawler.context import ArchiveContext
from newsarchive.config import Settings, SourceIntake

log = structlog.get_logger("crawler.limits")


class Truncated(IgnoreRequest):
    pass


class TooLarge(IgnoreRequest):
    pass


class DeadlinePassed(IgnoreRequest):
    pass


def _limits(crawler) -> SourceIntake:
    settings = Settings.model_validate(crawler.settings.get("NEWSARCHIVE") or {})
    return settings.intake.source(getattr(crawler.spider, "name", ""))


class LimitsMiddleware:
    """Order 900: its ``process_response`` sees the response after the recorder (950)
    and before content decoding (590)."""

    def __init__(self, crawler):
        self.crawler = crawler
        self.stats = crawler.stats
        self.download_timeout = crawler.settings.getfloat("DOWNLOAD_TIMEOUT")
        self._limits: SourceIntake | None = None
        crawler.signals.connect(self.headers_received, signal=signals.headers_received)
        crawler.signals.connect(self.bytes_received, signal=signals.bytes_received)

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler)

    @property
    def limits(self) -> SourceIntake:
        if self._limits is None:
            self._limits = _limits(self.crawler)
        return self._limits

    def _fail(self, request, stat: str, event: str, exc: type[IgnoreRequest], reason: str):
        self.stats.inc_value(f"newsarchive/{stat}")
        log.warning(event, url=request.url, reason=reason, kind=request.meta.get("kind"),
                    source=getattr(self.crawler.spider, "name", None))
        raise exc(f"{event}: {reason}")

    # -- time ------------------------------------------------------------------------------
    def process_request(self, request, spider=None):
        now = time.monotonic()
        deadline = request.meta.setdefault("deadline", now + self.limits.max_seconds)
        left = deadline - now
        if left <= 0:
            self._fail(request, "deadline", "deadline passed", DeadlinePassed,
                       f"over {self.limits.max_seconds:g} s in total for this URL")
        request.meta["download_timeout"] = min(self.download_timeout, left)
        request.meta["download_maxsize"] = self.limits.max_decoded_bytes
        request.meta["download_warnsize"] = self.limits.max_decoded_bytes  # limits are ours
        request.meta["received_bytes"] = 0
        request.meta.pop("truncated", None)
        return None

    # -- bytes received ---------------------------------------------------------------------
    def max_bytes(self, request) -> int:
        """The source's ``max_bytes``, or a request's own lower cap (``meta["max_bytes"]``:
        page requisites, issue 10)."""
        own = request.meta.get("max_bytes")
        return min(self.limits.max_bytes, own) if own else self.limits.max_bytes

    def headers_received(self, headers, body_length, request, spider=None):
        # body_length is an int, or Twisted's UNKNOWN_LENGTH (a str) without Content-Length
        if isinstance(body_length, int) and body_length > self.max_bytes(request):
            request.meta["truncated"] = "length"
            request.meta["declared_bytes"] = body_length
            raise StopDownload(fail=False)

    def bytes_received(self, data, request, spider=None):
        received = request.meta.get("received_bytes", 0) + len(data)
        request.meta["received_bytes"] = received
        if received > self.max_bytes(request):
            request.meta["truncated"] = "length"
            raise StopDownload(fail=False)

    def process_response(self, request, response, spider=None):
        if not request.meta.get("truncated"):
            return response
        ctx = ArchiveContext.of(self.crawler)
        source = self.crawler.spider.name
        kind = request.meta.get("kind")
        kind = kind if kind in ("article", "requisite") else "discovery"
        for capture in request.meta.get("captures", []):
            if capture.truncated and capture.url == response.url:
                try:  # the cut exchange as evidence, marked WARC-Truncated
                    ctx.archive(capture, source=source, kind=kind)
                except Exception as e:
                    self.stats.inc_value("newsarchive/archive_error")
                    log.exception("could not archive truncated response", url=request.url,
                                  error=str(e))
        declared = request.meta.get("declared_bytes")
        self._fail(request, "truncated", "truncated", Truncated,
                   f"body over max_bytes ({self.max_bytes(request)} B): "
                   + (f"declared {declared} B, not downloaded" if declared
                      else f"cut after {len(response.body)} B"))


class BoundedDecompression(HttpCompressionMiddleware):
    """Scrapy's content decoding, which stops at ``download_maxsize`` (set per source by
    :class:`LimitsMiddleware` to ``max_decoded_bytes``); an over-size page is counted,
    logged and fails with :class:`TooLarge`."""

    @classmethod
    def from_crawler(cls, crawler):
        mw = super().from_crawler(crawler)
        mw.crawler = crawler
        return mw

    def process_response(self, request, response, spider=None):
        try:
            return super().process_response(request, response)
        except IgnoreRequest as e:  # raised only when decoding passes the limit
            self.stats.inc_value("newsarchive/too_large")
            limit = request.meta.get("download_maxsize")
            reason = (f"decoded body over max_decoded_bytes ({limit} B) from "
                      f"{len(response.body)} B received")
            log.warning("too large", url=request.url, reason=reason,
                        kind=request.meta.get("kind"),
                        source=getattr(self.crawler.spider, "name", None))
            raise TooLarge(f"too large: {reason}") from e
