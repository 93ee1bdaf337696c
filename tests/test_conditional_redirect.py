"""Conditional headers are the first URL's: a redirect target is asked without them.

A re-capture asks for an archived article with its ETag and Last-Modified. When the
article is gone and the site redirects to a section or "removed" page, Scrapy's redirect
copies the request's headers to the new request; a server that answers the copied
If-Modified-Since with 304 for that page (older than the article) makes a takedown look
like an unchanged article. The redirected request goes without validators: neither the
first URL's nor the target's own (a section page whose validators the archive knows from
discovery answered 304 to a re-capture's redirect, and the takedown left no version: seen in
tests/test_evidence_e2e.py, now and then).
"""

from __future__ import annotations

from scrapy import Request
from scrapy.downloadermiddlewares.redirect import RedirectMiddleware
from scrapy.http import Response
from scrapy.utils.test import get_crawler

from archive.catalog import SqliteCatalog
from crawler.context import ArchiveContext
from crawler.middlewares.conditional import ConditionalRequestMiddleware
from newsarchive.config import Settings

ARTICLE = "http://127.0.0.1:9/world/gone-3712001"
SECTION = "http://127.0.0.1:9/world"


def middlewares(tmp_path):
    catalog = SqliteCatalog(tmp_path / "catalog.sqlite")
    catalog.set_validators(ARTICLE, 'W/"article"', "Mon, 05 Jan 2026 09:30:00 GMT")
    context = ArchiveContext(Settings(data_dir=tmp_path), "run-1", catalog)
    crawler = get_crawler(settings_dict={"REDIRECT_ENABLED": True})
    return ConditionalRequestMiddleware(context), RedirectMiddleware.from_crawler(crawler), catalog


def test_a_redirected_request_goes_without_the_first_urls_validators(tmp_path):
    conditional, redirect, _ = middlewares(tmp_path)
    first = Request(ARTICLE, meta={"conditional": True})
    conditional.process_request(first)
    assert first.headers.get(b"If-None-Match") == b'W/"article"'
    answer = Response(ARTICLE, status=301, headers={"Location": SECTION}, request=first)
    followed = redirect.process_response(first, answer)
    assert followed.url == SECTION and followed.meta.get("redirect_urls") == [ARTICLE]
    conditional.process_request(followed)
    assert followed.headers.get(b"If-None-Match") is None
    assert followed.headers.get(b"If-Modified-Since") is None


def test_a_redirect_target_the_archive_knows_is_asked_in_full_too(tmp_path):
    conditional, redirect, catalog = middlewares(tmp_path)
    catalog.set_validators(SECTION, 'W/"section"', None)
    first = Request(ARTICLE, meta={"conditional": True})
    conditional.process_request(first)
    followed = redirect.process_response(
        first, Response(ARTICLE, status=301, headers={"Location": SECTION}, request=first))
    conditional.process_request(followed)
    assert followed.headers.get(b"If-None-Match") is None
    assert followed.headers.get(b"If-Modified-Since") is None
