"""Conditional requests for feeds and sitemaps.

A request with ``meta["conditional"] = True`` gets ``If-None-Match`` and
``If-Modified-Since`` from the validators the catalog remembers for its URL
(or those the request carries in ``meta["validators"]``, as page requisites do from
their own table), and 304 is let through to the spider. A redirected request is asked
without validators: neither its first URL's (which Scrapy's redirect copies) nor its own. The spider stores the new validators
only after it has parsed the document, so a malformed document is fetched
again next time.
"""

from __future__ import annotations

from ..context import ArchiveContext


class ConditionalRequestMiddleware:
    def __init__(self, context: ArchiveContext):
        self.context = context

    @classmethod
    def from_crawler(cls, crawler):
        return cls(ArchiveContext.of(crawler))

    def process_request(self, request, spider=None):
        if not request.meta.get("conditional"):
            return None
        if request.meta.get("redirect_urls"):
            # Scrapy's redirect copied the first URL's validators. The target is asked
            # without any: a re-capture must see in full what the URL leads to now (a
            # "removed" page older than the article, or a section page whose own
            # validators the archive knows, answering 304 would make a takedown look
            # like an unchanged article)
            for name in (b"If-None-Match", b"If-Modified-Since"):
                request.headers.pop(name, None)
            return None
        etag, last_modified = (request.meta.get("validators")
                               or self.context.catalog.get_validators(request.url))
        if etag:
            request.headers.setdefault(b"If-None-Match", etag.encode("latin-1"))
        if last_modified:
            request.headers.setdefault(b"If-Modified-Since", last_modified.encode("latin-1"))
        allowed = set(request.meta.get("handle_httpstatus_list", ())) | {304}
        request.meta["handle_httpstatus_list"] = sorted(allowed)
        return None
