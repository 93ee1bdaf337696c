"""Scope (issue 6, item 5): only the source's own and configured hosts are fetched;
private, link-local (and, unless the base URL is, loopback) addresses are refused
after name resolution, before any connection. Every connect() of the crawl is
seen by the network guard (tests/faults/netguard), which blocks all but 127/8."""

from __future__ import annotations

import json

import pytest
from twisted.internet.error import DNSLookupError

from crawler.resolver import GuardedResolver, refusal_for
from crawler.scope import HostScope, address_refusal
from tests.faults.hostile import Behaviour, HostileServer
from tests.faults.kit import events, guarded_crawl, pending, run_stats

GOOD = "/world/russia-syria-talks-3710001"


def _hosts(connects):
    return {host for host, _port in connects}


def test_off_host_feed_entries_are_not_fetched(tmp_path):
    with HostileServer({GOOD: Behaviour("page")}) as srv:
        off = [srv.url("/world/offsite-article-3710002", host="127.0.0.2"),
               "http://169.254.169.254/world/latest-meta-data-3710003",
               f"http://10.0.0.1:{srv.port}/world/private-net-3710004"]
        srv.extra_entries = off
        result, connects = guarded_crawl(tmp_path, srv)
    assert result.returncode == 0, result.stderr[-3000:]
    assert _hosts(connects) == {"127.0.0.1"}, connects  # nothing else was even tried
    assert [h.status for h in srv.hits_for(GOOD)] == [200]
    refused = events(result, "refused")
    assert {r["url"] for r in refused} >= set(off)
    assert all("not a host of yenisafak" in r["reason"] for r in refused if r["url"] in off)
    assert run_stats(tmp_path / "data")["refused"] >= len(off)
    assert not set(pending(tmp_path / "data")) & set(off)  # never queued under the source


def test_redirect_to_another_host_is_not_followed(tmp_path):
    path = "/world/moved-article-3710005"
    with HostileServer({GOOD: Behaviour("page")}) as srv:
        target = srv.url("/world/elsewhere-3710006", host="127.0.0.2")
        srv.routes[path] = Behaviour("redirect", {"location": target})
        result, connects = guarded_crawl(tmp_path, srv)
    assert result.returncode == 0, result.stderr[-3000:]
    assert _hosts(connects) == {"127.0.0.1"}, connects
    refused = [r for r in events(result, "refused") if r["url"] == target]
    assert len(refused) == 1 and "not a host of yenisafak" in refused[0]["reason"]
    assert run_stats(tmp_path / "data")["refused"] >= 1
    attempts, error = pending(tmp_path / "data")[srv.url(path)]
    assert attempts == 1 and "refused" in error


def test_names_resolving_to_private_or_link_local_addresses_are_refused(tmp_path):
    with HostileServer({GOOD: Behaviour("page")}) as srv:
        cdn = f"http://cdn.test:{srv.port}/world/cdn-hosted-3710007"
        meta = "http://meta.test/world/metadata-service-3710008"
        srv.extra_entries = [cdn, meta]
        env = {"NEWSARCHIVE_INTAKE__RESOLVE": json.dumps({"cdn.test": "10.0.0.1",
                                                          "meta.test": "169.254.169.254"}),
               "NEWSARCHIVE_INTAKE__YENISAFAK__HOSTS": json.dumps(["cdn.test", "meta.test"])}
        result, connects = guarded_crawl(tmp_path, srv, env=env)
    assert result.returncode == 0, result.stderr[-3000:]
    assert _hosts(connects) == {"127.0.0.1"}, connects  # refused before any connect()
    reasons = {r["url"]: r["reason"] for r in events(result, "refused")}
    assert "10.0.0.1" in reasons[cdn] and "private" in reasons[cdn]
    assert "169.254.169.254" in reasons[meta] and "link-local" in reasons[meta]
    left = pending(tmp_path / "data")
    assert left[cdn][0] == 1 and left[meta][0] == 1  # an attempt each, retried next run
    assert [h.status for h in srv.hits_for(GOOD)] == [200]


# -- the parts, without a crawl ------------------------------------------------------------
@pytest.mark.parametrize("ip,loopback_ok,expected", [
    ("10.0.0.1", False, "private"), ("192.168.1.5", True, "private"),
    ("172.16.0.1", False, "private"), ("169.254.169.254", True, "link-local"),
    ("127.0.0.1", False, "loopback"), ("127.0.0.1", True, None), ("::1", False, "loopback"),
    ("fe80::1", True, "link-local"), ("fd00::1", False, "private"), ("0.0.0.0", True,
                                                                       "unspecified"),
    ("100.64.0.1", False, "carrier-grade NAT"), ("224.0.0.1", False, "multicast"),
    ("194.190.139.3", False, None), ("2a00:1450::1", False, None),
])
def test_address_refusal(ip, loopback_ok, expected):
    reason = address_refusal(ip, allow_loopback=loopback_ok)
    assert (reason is None) if expected is None else (expected in reason and ip in reason)


def test_host_scope_patterns():
    scope = HostScope("sputnik", ["sputnikglobe.com", "www.sputnikglobe.com",
                                  "cdn*.img.sputnikglobe.com"])
    assert scope.refusal("https://sputnikglobe.com/20251028/x-1123029911.html") is None
    assert scope.refusal("https://SputnikGlobe.com./a") is None
    assert scope.refusal("https://cdn1.img.sputnikglobe.com/img/a.jpg") is None
    assert "not a host of sputnik" in scope.refusal("https://evil.com/sputnikglobe.com")
    assert scope.refusal("https://sputnikglobe.com.evil.com/") is not None
    assert scope.refusal("https://img.sputnikglobe.com.evil/") is not None
    assert scope.refusal("ftp://sputnikglobe.com/") is not None


def test_resolver_refuses_before_connecting():
    """The resolver checks each answer (a pin here, as a DNS answer would be): a refused
    name fails as a DNS lookup failure and its reason is kept for the middleware."""
    from twisted.internet import reactor

    resolver = GuardedResolver(reactor, cache_size=0, timeout=5,
                               pins={"meta.test": "169.254.169.254", "ok.test": "127.0.0.1"},
                               allow_loopback=True)
    failures = []
    resolver.getHostByName("meta.test").addErrback(failures.append)
    assert failures and failures[0].check(DNSLookupError)
    assert "link-local" in refusal_for("meta.test")
    answers = []
    resolver.getHostByName("ok.test").addCallback(answers.append)
    assert answers == ["127.0.0.1"] and refusal_for("ok.test") is None


# -- intake.allow_private_base_hosts: the operator lets the base URLs' own hosts be private --
def _settings(**intake):
    from newsarchive.config import Settings

    return Settings.model_validate({
        "base_urls": {"yenisafak": "http://fixture.internal:8081",
                      "sputnik": "http://172.17.0.1:8082"},
        "intake": intake})


@pytest.mark.parametrize("ip,expected", [
    ("10.0.0.1", None), ("172.17.0.1", None), ("192.168.1.5", None), ("100.64.0.1", None),
    ("fd00::1", None), ("127.0.0.1", None), ("::ffff:10.1.2.3", None),
    ("169.254.169.254", "link-local"), ("fe80::1", "link-local"), ("224.0.0.1", "multicast"),
    ("0.0.0.0", "unspecified"), ("240.0.0.1", "240.0.0.1"), ("0.1.2.3", "0.1.2.3"),
])
def test_allow_private_keeps_link_local_multicast_and_reserved_refused(ip, expected):
    reason = address_refusal(ip, allow_loopback=False, allow_private=True)
    assert (reason is None) if expected is None else (expected in reason), reason


def test_private_base_hosts_only_when_the_operator_allows_it(monkeypatch):
    from crawler.resolver import private_base_hosts

    for var in [v for v in __import__("os").environ if v.startswith("NEWSARCHIVE_")]:
        monkeypatch.delenv(var)
    assert private_base_hosts(_settings()) == frozenset()  # off by default
    assert private_base_hosts(_settings(allow_private_base_hosts=True)) == {
        "fixture.internal", "172.17.0.1"}
    monkeypatch.setenv("NEWSARCHIVE_INTAKE__ALLOW_PRIVATE_BASE_HOSTS", "true")
    from newsarchive.config import Settings

    assert Settings.load().intake.allow_private_base_hosts is True


def test_resolver_lets_only_base_hosts_answer_private_addresses():
    """With the setting, the base URL's host may resolve to a private address; a CDN host
    (in scope, but not a base URL's host) at a private address, and the base host at a
    link-local address, are still refused before any connection."""
    from twisted.internet import reactor

    from crawler.resolver import private_base_hosts

    settings = _settings(allow_private_base_hosts=True)
    pins = {"fixture.internal": "10.20.30.40", "cdn.internal": "10.20.30.41"}
    resolver = GuardedResolver(reactor, cache_size=0, timeout=5, pins=pins,
                               private_hosts=private_base_hosts(settings))
    answers, failures = [], []
    resolver.getHostByName("FIXTURE.internal.").addCallback(answers.append)
    resolver.getHostByName("cdn.internal").addErrback(failures.append)
    assert answers == ["10.20.30.40"] and refusal_for("fixture.internal") is None
    assert failures and "private" in refusal_for("cdn.internal")
    meta = GuardedResolver(reactor, cache_size=0, timeout=5,
                           pins={"fixture.internal": "169.254.169.254"},
                           private_hosts=private_base_hosts(settings))
    failures = []
    meta.getHostByName("fixture.internal").addErrback(failures.append)
    assert failures and "link-local" in refusal_for("fixture.internal")
    # without the setting the base host itself is refused at a private address
    plain = GuardedResolver(reactor, cache_size=0, timeout=5, pins=pins)
    failures = []
    plain.getHostByName("fixture.internal").addErrback(failures.append)
    assert failures and "private" in refusal_for("fixture.internal")


def test_scope_middleware_lets_a_private_base_url_ip_literal_through():
    from types import SimpleNamespace

    from crawler.middlewares.scope import ScopeMiddleware

    def middleware(settings):
        mw = ScopeMiddleware(SimpleNamespace(spider=SimpleNamespace(name="sputnik",
                                                                    base_url="http://172.17.0.1:8082")),
                             settings)
        mw._scope = HostScope("sputnik", ["172.17.0.1", "10.9.9.9"])
        return mw

    allowed = middleware(_settings(allow_private_base_hosts=True))
    assert allowed.refusal("http://172.17.0.1:8082/world/a-1.html") is None
    assert "private" in allowed.refusal("http://10.9.9.9/img/a.jpg")  # in scope, not a base host
    plain = middleware(_settings())
    assert "private" in plain.refusal("http://172.17.0.1:8082/world/a-1.html")
