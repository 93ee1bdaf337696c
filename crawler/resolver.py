"""The crawl's DNS resolver (``TWISTED_DNS_RESOLVER``): every answer is checked
before anything connects to it.

Scrapy's caching resolver, plus: configured pins (``intake.resolve``, like curl's
``--resolve``) answer first, and an answer that is a private, link-local,
multicast, reserved or (unless a base URL is loopback) loopback address fails
the lookup, so no connection is attempted. With ``intake.allow_private_base_hosts``
the configured base URLs' own hosts may answer private, shared or loopback
addresses (``private_hosts``); no other host may. Twisted reports a failed lookup
without its reason; the reason is kept here (``refusal_for``) for the scope
middleware, which refuses the request with it, logs and counts it.
"""

from __future__ import annotations

import ipaddress
from urllib.parse import urlsplit

import structlog
from scrapy.resolver import CachingThreadedResolver
from twisted.internet import defer
from twisted.internet.error import DNSLookupError

from crawler.scope import address_refusal, is_loopback_url, normal_host
from newsarchive.config import Settings

log = structlog.get_logger("crawler.resolver")

_refused: dict[str, str] = {}  # host -> why its last answer was refused (one per process)


def refusal_for(host: str | None) -> str | None:
    return _refused.get(normal_host(host))


class AddressRefused(DNSLookupError):
    pass


class GuardedResolver(CachingThreadedResolver):
    def __init__(self, reactor, cache_size: int, timeout: float, *,
                 pins: dict[str, str] | None = None, allow_loopback: bool = False,
                 private_hosts: frozenset[str] = frozenset()):
        super().__init__(reactor, cache_size, timeout)
        self.pins = {normal_host(k): v for k, v in (pins or {}).items()}
        self.allow_loopback = allow_loopback
        self.private_hosts = frozenset(normal_host(h) for h in private_hosts)

    @classmethod
    def from_crawler(cls, crawler, reactor):
        s = crawler.settings
        cache_size = s.getint("DNSCACHE_SIZE") if s.getbool("DNSCACHE_ENABLED") else 0
        settings = Settings.model_validate(s.get("NEWSARCHIVE") or {})
        return cls(reactor, cache_size, s.getfloat("DNS_TIMEOUT"),
                   pins=settings.intake.resolve,
                   allow_loopback=loopback_allowed(settings),
                   private_hosts=private_base_hosts(settings))

    def getHostByName(self, name, timeout=()):
        host = normal_host(name)
        if host in self.pins:
            d = defer.succeed(self.pins[host])
        else:
            d = super().getHostByName(name, timeout)
        d.addCallback(self._check, host)
        return d

    def _check(self, address: str, host: str) -> str:
        reason = address_refusal(address, allow_loopback=self.allow_loopback,
                                 allow_private=host in self.private_hosts)
        if reason is None:
            _refused.pop(host, None)
            return address
        why = f"{host} resolves to {reason}" if _is_name(host) else reason
        _refused[host] = why
        log.warning("address refused", host=host, address=address, reason=why)
        raise AddressRefused(host, why)


def loopback_allowed(settings: Settings) -> bool:
    """Loopback is fetched only when a source's base URL is itself loopback (tests)."""
    return any(is_loopback_url(url) for url in settings.base_urls.values())


def private_base_hosts(settings: Settings) -> frozenset[str]:
    """The hosts allowed at private addresses: the base URLs' own hosts, and only when the
    operator set ``intake.allow_private_base_hosts``."""
    if not settings.intake.allow_private_base_hosts:
        return frozenset()
    return frozenset(h for h in (normal_host(urlsplit(url).hostname)
                                 for url in settings.base_urls.values()) if h)


def _is_name(host: str) -> bool:
    try:
        ipaddress.ip_address(host)
    except ValueError:
        return True
    return False
