"""What the crawler may reach: a source's hosts, and which addresses are never fetched.

Pure functions and data; the downloader middleware (``middlewares/scope.py``)
and the resolver (``resolver.py``) enforce them. A source fetches only its own
hosts (the configured base URL's host and the real site's hosts) and the
asset/CDN hosts configured for it (``intake.<source>.hosts``, shell-style
patterns such as ``cdn*.img.sputnikglobe.com``). Whatever the host, an
address that is private, link-local, loopback (unless the base URL itself is
loopback, as in tests), multicast, reserved or unspecified is refused after
name resolution. One exception, the operator's choice
(``intake.allow_private_base_hosts``): the configured base URLs' own hosts may
be at private, shared (carrier-grade NAT) or loopback addresses, as when a
deployment reaches a mirror or a test site on its own network; link-local,
multicast, reserved and unspecified addresses stay refused even for them.
"""

from __future__ import annotations

import ipaddress
from fnmatch import fnmatchcase
from urllib.parse import urlsplit

SCHEMES = ("http", "https")
# what ``intake.allow_private_base_hosts`` lets a base URL's own host be at: RFC 1918,
# shared (RFC 6598) and unique-local (RFC 4193) networks; loopback is allowed with it too
OPERATOR_NETWORKS = tuple(ipaddress.ip_network(n) for n in (
    "10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "100.64.0.0/10", "fc00::/7"))


def normal_host(host: str | None) -> str:
    return (host or "").strip().rstrip(".").lower()


def address_refusal(ip: str, *, allow_loopback: bool, allow_private: bool = False) -> str | None:
    """Why an address is never fetched (e.g. ``"10.0.0.1 is a private address"``), or None.

    ``allow_private`` (for a base URL's own host, when the operator allows it) lets private,
    shared and loopback addresses through; link-local, multicast, reserved never pass."""
    allow_loopback = allow_loopback or allow_private
    try:
        addr = ipaddress.ip_address(ip.strip("[]"))
    except ValueError:
        return f"{ip!r} is not an IP address"
    if isinstance(addr, ipaddress.IPv6Address) and addr.ipv4_mapped is not None:
        return address_refusal(str(addr.ipv4_mapped), allow_loopback=allow_loopback,
                               allow_private=allow_private)
    checks = (
        ("is_unspecified", "an unspecified"),
        ("is_loopback", "a loopback"),
        ("is_link_local", "a link-local"),
        ("is_multicast", "a multicast"),
    )
    for attr, what in checks:
        if getattr(addr, attr):
            if attr == "is_loopback" and allow_loopback:
                return None
            return f"{ip} is {what} address"
    if allow_private and any(addr in net for net in OPERATOR_NETWORKS):
        return None
    if addr in ipaddress.ip_network("100.64.0.0/10"):
        return f"{ip} is a shared (carrier-grade NAT) address"
    if addr.is_private:
        return f"{ip} is a private address"
    if addr.is_reserved or not addr.is_global:
        return f"{ip} is a reserved address"
    return None


def is_loopback_url(url: str) -> bool:
    host = normal_host(urlsplit(url).hostname)
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


class HostScope:
    """The hosts one source may fetch: exact names or shell-style patterns."""

    def __init__(self, source: str, hosts):
        self.source = source
        self.patterns = tuple(sorted({normal_host(h) for h in hosts if h}))

    @classmethod
    def for_source(cls, source: str, base_url: str, real_hosts=(), extra_hosts=()) -> "HostScope":
        return cls(source, [urlsplit(base_url).hostname, *real_hosts, *extra_hosts])

    def allows_host(self, host: str | None) -> bool:
        host = normal_host(host)
        return bool(host) and any(fnmatchcase(host, p) for p in self.patterns)

    def refusal(self, url: str) -> str | None:
        """Why ``url`` is out of this source's scope, or None when it may be fetched."""
        parts = urlsplit(url)
        if parts.scheme.lower() not in SCHEMES:
            return f"scheme {parts.scheme!r} is not fetched"
        if not self.allows_host(parts.hostname):
            return f"{parts.hostname or '(no host)'} is not a host of {self.source}"
        return None
