"""Refuse, before any connection, every request outside its source's scope.

Order 50: before robots.txt (100), so an off-scope host never even has its
robots.txt fetched, and before redirects are followed, since a redirected
request passes here again. A request is refused when its host is not one of
the source's (``crawler.scope.HostScope``), when its host is an IP literal
that is never fetched, or when the resolver (``crawler.resolver``) refused the
host's address. Refused requests are logged (``refused``, with URL and reason),
counted in ``newsarchive/refused`` and fail with :class:`Refused` (an
``IgnoreRequest``), so the spider's errback gives a pending article an attempt.
"""

from __future__ import annotations

import ipaddress
from urllib.parse import urlsplit

import structlog
from scrapy.exceptions import IgnoreRequest
from twisted.internet.error import DNSLookupError

from crawler.resolver import loopback_allowed, private_base_hosts, refusal_for
from crawler.scope import HostScope, address_refusal, normal_host
from newsarchive.config import Settings

log = structlog.get_logger("crawler.scope")


class Refused(IgnoreRequest):
    def __init__(self, reason: str):
        super().__init__(f"refused: {reason}")
        self.reason = reason


def source_scope(spider, settings: Settings) -> HostScope:
    """The hosts ``spider`` may fetch: base URL's, the real site's, configured ones."""
    return HostScope.for_source(spider.name, spider.base_url, getattr(spider, "real_hosts", ()),
                                settings.intake.source(spider.name).hosts)


class ScopeMiddleware:
    def __init__(self, crawler, settings: Settings):
        self.crawler = crawler
        self.settings = settings
        self.allow_loopback = loopback_allowed(settings)
        self.private_hosts = private_base_hosts(settings)
        self._scope: HostScope | None = None

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler, Settings.model_validate(crawler.settings.get("NEWSARCHIVE") or {}))

    @property
    def scope(self) -> HostScope:
        if self._scope is None:
            self._scope = source_scope(self.crawler.spider, self.settings)
        return self._scope

    def refusal(self, url: str) -> str | None:
        reason = self.scope.refusal(url)
        if reason:
            return reason
        host = urlsplit(url).hostname or ""
        try:
            ipaddress.ip_address(host)
        except ValueError:
            return refusal_for(host)  # its name resolved to a refused address before
        return address_refusal(host, allow_loopback=self.allow_loopback,
                               allow_private=normal_host(host) in self.private_hosts)

    def process_request(self, request, spider=None):
        reason = self.refusal(request.url)
        if reason:
            self.refuse(request, reason)
        return None

    def process_exception(self, request, exception, spider=None):
        if not isinstance(exception, DNSLookupError):
            return None
        reason = refusal_for(urlsplit(request.url).hostname)
        if reason:  # the resolver refused the answer: no retry, the same reason
            self.refuse(request, reason)
        return None

    def refuse(self, request, reason: str):
        self.crawler.stats.inc_value("newsarchive/refused")
        redirects = request.meta.get("redirect_urls") or []
        log.warning("refused", url=request.url, reason=reason, kind=request.meta.get("kind"),
                    redirected_from=redirects[-1] if redirects else None,
                    source=getattr(self.crawler.spider, "name", None))
        raise Refused(reason)
