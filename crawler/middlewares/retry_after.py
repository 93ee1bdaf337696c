"""Honour ``Retry-After`` on 429 and 503: wait as asked, then try again.

Scrapy's own retry middleware retries these at once; a server that says when
to come back should be believed. Waits longer than ``RETRY_AFTER_MAX`` seconds
are not waited for here: the response goes on to the ordinary retry (and, for
an article, to the catalog's pending list that the next run retries).
Placed at 555 so its ``process_response`` runs before RetryMiddleware's (550).
"""

from __future__ import annotations

import asyncio
from datetime import datetime, timezone
from email.utils import parsedate_to_datetime

import structlog

log = structlog.get_logger("crawler.retry_after")

CODES = (429, 503)


def retry_after_seconds(value: bytes | str | None, now: datetime | None = None) -> float | None:
    """Seconds from a Retry-After value (delta-seconds or HTTP-date); None if unusable."""
    if not value:
        return None
    text = value.decode("latin-1") if isinstance(value, bytes) else value
    text = text.strip()
    if text.isdigit():
        return float(text)
    try:
        when = parsedate_to_datetime(text)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=timezone.utc)
    return max(0.0, (when - (now or datetime.now(timezone.utc))).total_seconds())


class RetryAfterMiddleware:
    def __init__(self, max_wait: float, max_times: int, stats):
        self.max_wait = max_wait
        self.max_times = max_times
        self.stats = stats

    @classmethod
    def from_crawler(cls, crawler):
        s = crawler.settings
        return cls(s.getfloat("RETRY_AFTER_MAX", 120.0), s.getint("RETRY_AFTER_TIMES", 3),
                   crawler.stats)

    async def process_response(self, request, response, spider=None):
        if response.status not in CODES:
            return response
        wait = retry_after_seconds(response.headers.get(b"Retry-After"))
        times = request.meta.get("retry_after_times", 0)
        if wait is None or wait > self.max_wait or times >= self.max_times:
            return response  # ordinary retry / failure path
        log.warning("server asked us to wait", url=request.url, status=response.status,
                    seconds=wait, attempt=times + 1,
                    source=getattr(spider, "name", None) or request.meta.get("source"))
        self.stats.inc_value("newsarchive/retry_after")
        await asyncio.sleep(wait)
        retry = request.replace(dont_filter=True)
        retry.meta["retry_after_times"] = times + 1
        return retry
