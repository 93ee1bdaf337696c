"""Tests of the fixture sites in tests/sitesim (server, content, markup, faults)."""

from __future__ import annotations

import gzip
import http.client
import os
import re
import socket
import subprocess
import sys
import time
import xml.etree.ElementTree as ET
from datetime import datetime, timezone
from pathlib import Path
from urllib.parse import urlsplit

import lxml.html
import pytest
from protego import Protego

from tests.sitesim import SiteServer, articles_for, expected_article, new_article, parse_spec

SITES = ("yenisafak", "sputnik")
UTC = timezone.utc
ROOT = Path(__file__).resolve().parents[1]
NS = {"sm": "http://www.sitemaps.org/schemas/sitemap/0.9"}
CYR = re.compile(r"[\u0400-\u04FF]")


# -- helpers ------------------------------------------------------------------


class Resp:
    def __init__(self, status, headers, raw):
        self.status, self.headers, self.raw = status, headers, raw

    def header(self, name):
        for k, v in self.headers:
            if k.lower() == name.lower():
                return v
        return None

    @property
    def body(self) -> bytes:
        return gzip.decompress(self.raw) if self.header("Content-Encoding") == "gzip" else self.raw

    @property
    def text(self) -> str:
        return self.body.decode("utf-8")


def fetch(srv, path, headers=None, method="GET", conn=None) -> Resp:
    own = conn is None
    if own:
        u = urlsplit(srv.base_url)
        conn = http.client.HTTPConnection(u.hostname, u.port, timeout=10)
    try:
        conn.request(method, path, headers=headers or {})
        r = conn.getresponse()
        return Resp(r.status, r.getheaders(), r.read())
    finally:
        if own:
            conn.close()


def gz(srv, path, **hdrs) -> Resp:
    return fetch(srv, path, {"Accept-Encoding": "gzip, deflate", **hdrs})


class _Cdn:
    """A server's CDN stand-in, for :func:`fetch` (issue 10)."""

    def __init__(self, srv):
        self.base_url = srv.cdn_url


def xml_root(resp: Resp) -> ET.Element:
    return ET.fromstring(resp.body)


@pytest.fixture(scope="module", params=SITES)
def server(request):
    with SiteServer(request.param) as srv:
        yield srv


@pytest.fixture
def fresh():
    servers = []

    def make(site, **kw):
        srv = SiteServer(site, **kw).start()
        servers.append(srv)
        return srv

    yield make
    for s in servers:
        s.stop()


# -- a reference extractor that follows the rules in expected.py ----------------


def _txt(el) -> str:
    return el.text_content().strip()


def _iso(dt: datetime) -> str:
    return dt.astimezone(UTC).isoformat()


def extract(site: str, url: str, html: str) -> dict:
    doc = lxml.html.fromstring(html)
    canonical = doc.xpath("//link[@rel='canonical']/@href")[0]
    path = urlsplit(url).path
    out = {"url": url, "source": site, "canonical_url": canonical, "language": doc.get("lang")}
    if site == "yenisafak":
        out["article_id"] = re.search(r"-(\d{7})$", path).group(1)
        out["title"] = _txt(doc.cssselect("h1.ys-detail-title")[0])
        out["lead"] = _txt(doc.cssselect("h2.ys-detail-spot")[0])
        content = doc.cssselect("div.ys-detail-content")[0]
        parts = [_txt(e) for e in content.cssselect("p.ys-paragraph-node, h2.ys-heading-node")
                 if not e.xpath("ancestor::div[contains(@class,'ys-related-content-node')]")]
        out["authors"] = [_txt(e) for e in doc.cssselect(".author-about-card-info__name")]
        src = doc.cssselect("span.ys-detail-source")
        out["agency"] = _txt(src[0]) if src else None
        out["dateline"] = None
        out["published"] = _iso(datetime.fromisoformat(doc.xpath("//meta[@name='datePublished']/@content")[0]))
        out["modified"] = _iso(datetime.fromisoformat(doc.xpath("//meta[@name='dateModified']/@content")[0]))
        out["section"] = path.split("/")[1]
        out["tags"] = [_txt(a).lower() for a in doc.cssselect("div.ys-detail-tags a.ys-tag")]
        images = []
        for fig in doc.cssselect("figure.cover-image") + content.cssselect("figure.ys-image-node"):
            cap = fig.cssselect("figcaption")
            images.append({"url": fig.cssselect("img")[0].get("src"), "caption": _txt(cap[0]) if cap else None})
        out["images"] = images
    else:
        art = doc.cssselect("#endless > .endless__item.m-active > div.article")[0]
        out["article_id"] = re.search(r"-(\d{8,})\.html$", path).group(1)
        out["title"] = _txt(art.cssselect("h1.article__title")[0])
        out["lead"] = _txt(art.cssselect("div.article__announce-text")[0])
        parts, images = [], []
        lead_img = art.cssselect("div.article__announce div.media__size img")[0]
        images.append({"url": lead_img.get("src"), "caption": None})
        for block in art.cssselect("div.article__body > div.article__block"):
            kind = block.get("data-type")
            sel = {"text": "div.article__text", "h2": "h3.article__h2", "quote": "div.article__quote-text"}.get(kind)
            if sel:
                parts.append(_txt(block.cssselect(sel)[0]))
            elif kind == "media":
                for img in block.cssselect("div.media__size img"):
                    cap = block.cssselect("div.media__title")
                    images.append({"url": img.get("src"), "caption": _txt(cap[0]) if cap else None})
        m = re.match(r"^([A-Z][A-Z .'-]+?) \(([^)]+)\) - ", parts[0]) if parts else None
        out["dateline"] = {"place": m.group(1), "agency": m.group(2)} if m else None
        out["agency"] = m.group(2) if m else None
        meta = art.cssselect("div.article__meta")[0]
        author = _txt(meta.cssselect("[itemprop=author] [itemprop=name]")[0])
        out["authors"] = [] if author == "Sputnik International" else [author]

        def when(prop):
            return _iso(datetime.strptime(_txt(meta.cssselect(f"[itemprop={prop}]")[0]), "%Y-%m-%dT%H:%M%z"))

        out["published"], out["modified"] = when("datePublished"), when("dateModified")
        out["section"] = doc.xpath("//meta[@property='article:section']/@content")[0].lower()
        tags = [_txt(a) for a in art.cssselect("div.article__footer li.tag a")]
        out["tags"] = [t.lower() for t in tags if not CYR.search(t)]
        out["images"] = images
    out["body"] = "\n\n".join(parts)
    out["word_count"] = len(out["body"].split())
    return out


# -- content ---------------------------------------------------------------------


@pytest.mark.parametrize("site", SITES)
def test_content_mix(site):
    recs = articles_for(site)
    assert articles_for(site) is not recs and articles_for(site)[0] is not recs[0]  # fresh copies
    dated = [r for r in recs if datetime(2026, 11, 14, tzinfo=UTC) <= r.published < datetime(2026, 11, 21, tzinfo=UTC)]
    assert len(dated) >= 16
    seeds = [r for r in recs if r.published.year == 2025]
    assert len(seeds) == 1 and seeds[0].relevant
    cats = [r.category for r in dated]
    assert 6 <= cats.count("russia-syria") <= 7
    assert cats.count("syria-only") == cats.count("russia-only") == cats.count("unrelated") == 3
    assert all(r.relevant == (r.category == "russia-syria") for r in recs)
    assert len({r.article_id for r in recs}) == len(recs) == len({r.path for r in recs})
    for r in recs:
        paras = [b for b in r.body if isinstance(b, str)]
        assert 4 <= len(paras) <= 10, r.path
    if site == "yenisafak":
        assert all(re.fullmatch(r"/[a-z-]+/[a-z0-9-]+-\d{7}", r.path) for r in recs)
        aa = [r for r in recs if r.agency == "AA"]
        assert len(aa) >= 4 and all(r.aa_story for r in aa)
        stories = [r.aa_story for r in aa]
        twins = [s for s in set(stories) if stories.count(s) == 2]
        assert len(twins) == 1
        a, b = [r for r in recs if r.aa_story == twins[0]]
        assert a.title != b.title and a.body != b.body
        assert any(r.kind == "opinion" and r.authors for r in recs)
    else:
        assert all(re.fullmatch(r"/\d{8}/[a-z0-9-]+-\d{10}\.html", r.path) for r in recs)
        assert any(r.video for r in recs)
        assert any(r.agency == "RIA Novosti" for r in recs)
        assert any(CYR.search(t) for r in recs for t in r.tags)
        redated = [r for r in recs if r.url_date and not r.article_id.startswith("1124")]
        assert redated and all(int(r.article_id) < 1124000000 for r in redated)
        assert all(r.aa_story is None for r in recs)


@pytest.mark.parametrize("site", SITES)
def test_new_article_is_relevant_and_newest(site):
    rec = new_article(site)
    assert rec.relevant and rec.category == "russia-syria" and rec.site == site
    assert rec.published > max(r.published for r in articles_for(site))


# -- article pages ---------------------------------------------------------------


def test_article_pages_gzip_and_expected_fields(server):
    recs = server.records
    assert len(recs) >= 16
    for rec in recs:
        resp = gz(server, rec.path)
        assert resp.status == 200, rec.path
        assert resp.header("Content-Encoding") == "gzip"
        assert resp.header("Vary") == "Accept-Encoding"
        assert resp.header("Content-Type") == "text/html; charset=utf-8"
        assert int(resp.header("Content-Length")) == len(resp.raw)
        assert resp.raw == gzip.compress(resp.body, mtime=0)
        html = resp.text
        assert rec.title.replace('"', "&quot;") in html
        url = server.base_url + rec.path
        want = expected_article(rec, server.base_url)
        assert extract(server.site, url, html) == want, rec.path
        assert set(want) == {
            "url", "source", "canonical_url", "article_id", "title", "lead", "body", "authors", "agency",
            "dateline", "published", "modified", "section", "tags", "language", "images", "word_count"}
    # the log has the exact gzip bytes
    entry = server.requests_for(re.escape(recs[-1].path) + "$")[-1]
    assert entry.status == 200 and gzip.decompress(entry.body).decode().startswith("<!DOCTYPE html>")


def test_page_resources_are_served(server):
    rec = server.records[3]
    doc = lxml.html.fromstring(gz(server, rec.path).text)
    css = doc.xpath("//link[@rel='stylesheet']/@href")
    imgs = doc.xpath("//img/@src")
    links = doc.xpath("//a/@href")
    assert css and imgs
    # issue 10: assets come from the site or its CDN stand-in; the fixture's list says
    # which references are not to be fetched (data: URIs, hosts off any allow-list)
    skip = {r.url for r in server.page_refs(rec.path) if not r.fetch}
    for u in links:
        assert u.startswith(server.base_url + "/"), u
    for u in css + imgs:
        assert u in skip or u.startswith((server.base_url + "/", server.cdn_url + "/")), u
    for u in set(css + imgs) - skip:
        cdn = u.startswith(server.cdn_url + "/")
        r = gz(_Cdn(server) if cdn else server, u[len(server.cdn_url if cdn else server.base_url):])
        assert r.status == 200, u
        if u.endswith(".css"):
            assert r.header("Content-Encoding") == "gzip" and r.header("Content-Type") == "text/css; charset=utf-8"
        else:
            assert r.header("Content-Encoding") is None
            if u.endswith((".jpg", ".jpeg")):
                assert r.raw[:2] == b"\xff\xd8" and r.raw[-2:] == b"\xff\xd9"
            elif u.endswith(".png"):
                assert r.raw[:8] == b"\x89PNG\r\n\x1a\n"
        # issue 10: validators, and 304 to a conditional request
        etag, lm = r.header("ETag"), r.header("Last-Modified")
        assert etag and lm, u
        again = gz(_Cdn(server) if cdn else server,
                   u[len(server.cdn_url if cdn else server.base_url):], **{"If-None-Match": etag})
        assert again.status == 304 and again.raw == b"", u
    imgs = [u for u in imgs if u not in skip and u.startswith(server.base_url)]
    # deterministic bytes
    assert gz(server, imgs[0][len(server.base_url):]).raw == gz(server, imgs[0][len(server.base_url):]).raw


def test_yenisafak_page_noise_and_clock(fresh):
    now = datetime(2026, 11, 21, 13, 37, tzinfo=UTC)
    srv = fresh("yenisafak", now=lambda: now)
    seed = [r for r in srv.records if r.article_id == "3710695"][0]
    html = gz(srv, seed.path).text
    assert "21/11/2026, Saturday16:37" in html  # render clock, Istanbul time
    assert "18:43, 16/11/2025, Sunday" in html
    assert html.count("Reklam yükleniyor...") >= 4
    assert "Comments you share on our site are a valuable resource" in html
    assert "ys-cookie-banner" in html and "ys-ticker" in html and "EDITION :" in html
    assert "LEGAL DISCLAIMER" in html and "Albayrak Media" in html
    twin = [r for r in srv.records if r.aa_story and r.aa_story.startswith("aa-20261115-shaibani")][0]
    doc = lxml.html.fromstring(gz(srv, twin.path).text)
    assert doc.cssselect("div.ys-detail-content div.ys-related-content-node")
    assert doc.cssselect("div.ys-detail-content div.ys-ad-slot")


def test_sputnik_page_structure(fresh):
    srv = fresh("sputnik")
    seed = [r for r in srv.records if r.article_id == "1123029911"][0]
    html = gz(srv, seed.path).text
    doc = lxml.html.fromstring(html)
    items = doc.cssselect("#endless > .endless__item")
    assert len(items) == 2 and "m-active" in items[0].get("class") and "m-active" not in items[1].get("class")
    assert items[1].cssselect("div.article h1.article__title")
    assert doc.xpath("//meta[@property='article:published_time']/@content") == ["20251028T1725+0000"]
    assert doc.cssselect("div.article__info-date a")[0].get("data-unixtime") == str(int(seed.published.timestamp()))
    assert "17:25 GMT 28.10.2025" in html and "VideoObject" in html and "PT0M28S" in html
    assert items[0].cssselect("div.article__body video")
    print_link = items[0].cssselect("a.article__print")[0].get("href")
    assert print_link.endswith("-1123029911-print.html") and gz(srv, urlsplit(print_link).path).status == 200
    redated = [r for r in srv.records if r.article_id == "1119405872"][0]
    old = gz(srv, "/20240605/" + redated.path.split("/")[2])
    assert old.status == 301 and old.header("Location") == srv.base_url + redated.path
    cards = [r for r in srv.records if any(getattr(b, "kind", "") == "related" for b in r.body)]
    assert lxml.html.fromstring(gz(srv, cards[0].path).text).cssselect('div.article__block[data-type="article"]')
    ria = [r for r in srv.records if r.agency == "RIA Novosti"][0]
    assert "MOSCOW (RIA Novosti) - " in gz(srv, ria.path).text


# -- discovery -------------------------------------------------------------------


def test_yenisafak_feeds_and_listings(fresh):
    srv = fresh("yenisafak")
    urls = {srv.base_url + r.path for r in srv.records}
    rss = xml_root(gz(srv, "/rss"))
    items = rss.findall("./channel/item")
    assert len(items) == 10
    newest = sorted(srv.records, key=lambda r: r.published, reverse=True)[:10]
    assert [i.findtext("link") for i in items] == [srv.base_url + r.path for r in newest]
    assert all(i.findtext("pubDate").endswith(" GMT+3") for i in items)
    assert all(i.findtext("description") for i in items)
    for cat in ("world", "turkiye"):
        feed = xml_root(gz(srv, f"/rss-feeds?category={cat}"))
        links = [i.findtext("link") for i in feed.findall("./channel/item")]
        assert links and set(links) <= urls
    world = [r for r in srv.records if r.section == "world" or "world" in r.listings]
    assert len(world) > 10
    page1 = lxml.html.fromstring(gz(srv, "/world").text)
    page2 = lxml.html.fromstring(gz(srv, "/world?page=2").text)
    cards1 = [a.get("href") for a in page1.cssselect("article.ys-news-card a.ys-news-card-link")]
    cards2 = [a.get("href") for a in page2.cssselect("article.ys-news-card a.ys-news-card-link")]
    assert len(cards1) == 10 and set(cards1 + cards2) == {srv.base_url + r.path for r in world}
    dates = [datetime.fromisoformat(t.get("datetime")) for t in page1.cssselect("time.ys-news-card-date")]
    assert dates == sorted(dates, reverse=True)
    assert page1.cssselect(f'a[href="{srv.base_url}/world?page=2"]')
    for name in ("turkiye", "economy", "turkey-economy"):
        assert lxml.html.fromstring(gz(srv, "/" + name).text).cssselect("article.ys-news-card")
    assert gz(srv, "/world?page=9").status == 404
    assert gz(srv, "/nope").status == 404


def test_sputnik_feeds_sitemaps_and_archive(fresh):
    srv = fresh("sputnik")
    base = srv.base_url
    urls = {base + r.path for r in srv.records}
    rss = xml_root(gz(srv, "/export/rss2/archive/index.xml"))
    links = [i.findtext("link") for i in rss.findall("./channel/item")]
    assert len(links) == 10 and set(links) <= urls
    index = xml_root(gz(srv, "/sitemap_article_index.xml"))
    children = [s.findtext("sm:loc", namespaces=NS) for s in index.findall("sm:sitemap", NS)]
    assert all(re.fullmatch(re.escape(base) + r"/sitemap_article\.xml\?date_start=\d{8}&date_end=\d{8}", c) for c in children)
    assert index.find("sm:sitemap/sm:lastmod", NS) is not None
    found = set()
    for child in children:
        root = xml_root(gz(srv, child[len(base):]))
        found |= {u.findtext("sm:loc", namespaces=NS) for u in root.findall("sm:url", NS)}
    assert found == urls
    day = xml_root(gz(srv, "/sitemap_article.xml?date_start=20261118&date_end=20261118"))
    day_urls = {u.findtext("sm:loc", namespaces=NS) for u in day.findall("sm:url", NS)}
    assert day_urls == {base + r.path for r in srv.records if r.path.startswith("/20261118/")} and day_urls
    archive = lxml.html.fromstring(gz(srv, "/20261118/").text)
    assert {a.get("href") for a in archive.cssselect("div.list__item a.list__title")} == day_urls
    assert all(d.get("data-unixtime").isdigit() for d in archive.cssselect("div.list__item div.list__date"))
    more = archive.cssselect("div.list__more")[0].get("data-url")
    assert more.startswith("/services/")
    assert gz(srv, more).status == 200  # served, though robots.txt disallows it
    for extra in ("/sitemap_list_index.xml", "/sitemap_archive.xml", "/sitemap_list.xml"):
        xml_root(gz(srv, extra))
    assert gz(srv, "/sitemap_article.xml").status == 404


# -- conditional requests and publish() -----------------------------------------------


@pytest.mark.parametrize("site,path", [
    ("yenisafak", "/rss"), ("yenisafak", "/rss-feeds?category=world"), ("yenisafak", "/world"),
    ("sputnik", "/export/rss2/archive/index.xml"), ("sputnik", "/sitemap_article_index.xml"),
    ("sputnik", "/sitemap_article.xml?date_start=20261101&date_end=20261130"), ("sputnik", "/20261120/"),
])
def test_conditional_then_publish(fresh, site, path):
    clock = {"now": datetime(2026, 11, 21, 10, 0, tzinfo=UTC)}
    srv = fresh(site, now=lambda: clock["now"])
    first = gz(srv, path)
    etag, lm = first.header("ETag"), first.header("Last-Modified")
    assert first.status == 200 and etag and lm
    clock["now"] = datetime(2026, 11, 21, 10, 5, tzinfo=UTC)  # the render clock moves; validators do not
    r = gz(srv, path, **{"If-None-Match": etag})
    assert r.status == 304 and r.raw == b"" and r.header("ETag") == etag
    assert srv.log[-1].status == 304 and srv.log[-1].body == b""
    assert gz(srv, path, **{"If-Modified-Since": lm}).status == 304
    when = datetime(2026, 11, 20, 20, 30, tzinfo=UTC)  # 23:30 in Moscow: still the 20th
    rec = srv.publish(new_article(site, published=when))
    assert rec in srv.records
    r = gz(srv, path, **{"If-None-Match": etag})
    assert r.status == 200
    if "sitemap_article_index" in path:  # lists monthly children, whose lastmod moves
        assert "<lastmod>2026-11-20T20:30:00+00:00</lastmod>" in r.text
    else:
        assert srv.base_url + rec.path in r.text
    assert r.header("ETag") != etag and r.header("Last-Modified") != lm
    assert gz(srv, path, **{"If-Modified-Since": lm}).status == 200
    assert gz(srv, rec.path).status == 200


def test_publish_updates_sitemap_index_and_day(fresh):
    srv = fresh("sputnik")
    rec = srv.publish(new_article("sputnik", published=datetime(2026, 12, 2, 8, 15, tzinfo=UTC)))
    index = gz(srv, "/sitemap_article_index.xml").text
    assert "date_start=20261201&amp;date_end=20261231" in index
    day = gz(srv, "/sitemap_article.xml?date_start=20261202&date_end=20261202").text
    assert srv.base_url + rec.path in day
    assert srv.base_url + rec.path in gz(srv, "/20261202/").text


# -- HTTP behaviour ----------------------------------------------------------------


def test_http_basics(server):
    rec = server.records[0]
    plain = fetch(server, rec.path)
    assert plain.header("Content-Encoding") is None and plain.header("Vary") == "Accept-Encoding"
    assert int(plain.header("Content-Length")) == len(plain.raw)
    assert fetch(server, rec.path, {"Accept-Encoding": "gzip;q=0, identity"}).header("Content-Encoding") is None
    head = fetch(server, rec.path, {"Accept-Encoding": "gzip"}, method="HEAD")
    assert head.status == 200 and head.raw == b"" and int(head.header("Content-Length")) > 0
    nf = gz(server, "/definitely/not/here")
    assert nf.status == 404 and nf.header("Content-Type").startswith("text/html") and "404" in nf.text
    # keep-alive: several requests over one connection
    u = urlsplit(server.base_url)
    conn = http.client.HTTPConnection(u.hostname, u.port, timeout=10)
    try:
        for _ in range(3):
            assert fetch(server, "/robots.txt", conn=conn).status == 200
            assert fetch(server, "/nope", conn=conn).status == 404
    finally:
        conn.close()
    # repeated sitemap/feed bytes are identical (gzip mtime=0)
    feed = "/rss" if server.site == "yenisafak" else "/sitemap_article_index.xml"
    assert gz(server, feed).raw == gz(server, feed).raw
    assert all(e.request_headers.get("accept-encoding") is not None for e in server.requests_for(r"^/rss$|index\.xml$"))


def test_robots(fresh):
    sp = fresh("sputnik")
    text = gz(sp, "/robots.txt").text
    for line in ("Disallow: /search/", "Disallow: /services/", "Disallow: /cms/", "Disallow: *-print.html$",
                 f"Sitemap: {sp.base_url}/sitemap_article_index.xml"):
        assert line in text.splitlines()
    assert "Clean-param:" in text and "Crawl-delay" not in text
    rp = Protego.parse(text)
    rec = sp.records[1]
    assert rp.can_fetch(sp.base_url + rec.path, "bot")
    assert not rp.can_fetch(sp.base_url + rec.path.replace(".html", "-print.html"), "bot")
    assert not rp.can_fetch(sp.base_url + "/services/20261118/more.html", "bot")
    ys = fresh("yenisafak")
    rp = Protego.parse(gz(ys, "/robots.txt").text)
    assert not rp.can_fetch(ys.base_url + "/search?q=syria", "bot")
    assert rp.can_fetch(ys.base_url + ys.records[0].path, "bot") and rp.can_fetch(ys.base_url + "/rss", "bot")


# -- faults ------------------------------------------------------------------------


def test_latency_delays_every_answer_and_writes_are_not_held_back(fresh):
    srv = fresh("sputnik", latency=0.3)
    for path in ("/robots.txt", "/export/rss2/archive/index.xml"):
        t = time.monotonic()
        assert gz(srv, path).status == 200
        assert time.monotonic() - t >= 0.3
    assert srv.log[-1].status == 200  # logged as answered, after the wait
    srv.latency = 0
    # head and body are two writes: without TCP_NODELAY the body waits for the client's
    # delayed ACK (40 ms a response), which made every benchmark measure the fixture
    u = urlsplit(srv.base_url)
    conn = http.client.HTTPConnection(u.hostname, u.port, timeout=10)
    try:
        assert fetch(srv, "/robots.txt", conn=conn).status == 200
        with srv._httpd._conns_lock:
            socks = list(srv._httpd._conns)
        assert socks and all(s.getsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY) for s in socks)
    finally:
        conn.close()


def test_fault_slow_and_status(fresh):
    srv = fresh("yenisafak")
    srv.faults.add(r"^/rss$", "slow", times=1, delay=0.4)
    t = time.monotonic()
    assert gz(srv, "/rss").status == 200
    assert time.monotonic() - t >= 0.4
    t = time.monotonic()
    gz(srv, "/rss")
    assert time.monotonic() - t < 0.4  # only the first match
    srv.faults.add(r"^/world", "status", times=2, status=429, retry_after=7)
    for _ in range(2):
        r = gz(srv, "/world")
        assert r.status == 429 and r.header("Retry-After") == "7"
    assert gz(srv, "/world").status == 200
    srv.faults.add(r"rss-feeds", "status")
    r = gz(srv, "/rss-feeds?category=world")
    assert r.status == 503 and r.header("Retry-After") is None
    assert [e.status for e in srv.requests_for("rss-feeds")] == [503]
    assert srv.requests_for("rss-feeds")[0].fault == "status"
    srv.faults.clear()
    assert gz(srv, "/rss-feeds?category=world").status == 200


def test_fault_truncate(fresh):
    srv = fresh("sputnik")
    srv.faults.add(r"index\.xml", "truncate", times=1)
    u = urlsplit(srv.base_url)
    conn = http.client.HTTPConnection(u.hostname, u.port, timeout=10)
    conn.request("GET", "/export/rss2/archive/index.xml", headers={"Accept-Encoding": "gzip"})
    resp = conn.getresponse()
    full = int(resp.getheader("Content-Length"))
    with pytest.raises(http.client.IncompleteRead) as exc:
        resp.read()
    conn.close()
    assert 0 < len(exc.value.partial) < full
    entry = srv.requests_for(r"index\.xml")[-1]
    assert entry.fault == "truncate" and entry.body == exc.value.partial
    assert len(gz(srv, "/export/rss2/archive/index.xml").raw) == full


def test_fault_malformed(fresh):
    srv = fresh("sputnik")
    srv.faults.add(r"sitemap_article\.xml", "malformed")
    srv.faults.add(r"\.html$", "malformed", times=1)
    r = gz(srv, "/sitemap_article.xml?date_start=20261101&date_end=20261130")
    assert r.status == 200 and int(r.header("Content-Length")) == len(r.raw)
    with pytest.raises(ET.ParseError):
        ET.fromstring(r.body)
    rec = srv.records[2]
    bad = gz(srv, rec.path)
    assert bad.status == 200 and b"article__title" not in bad.body and rec.title.encode() not in bad.body
    good = gz(srv, rec.path)
    assert b"article__title" in good.body


def test_fault_reset(fresh):
    srv = fresh("yenisafak")
    srv.faults.add(r"^/rss$", "reset", times=1)
    with pytest.raises((ConnectionError, http.client.RemoteDisconnected, http.client.BadStatusLine)):
        fetch(srv, "/rss")
    assert srv.log[-1].status == 0 and srv.log[-1].fault == "reset"
    assert fetch(srv, "/rss").status == 200


def test_parse_spec():
    assert parse_spec("^/rss=slow:2") == ("^/rss", "slow", None, {"delay": 2})
    assert parse_spec("a=b=status:429,retry_after=30,times=2") == ("a=b", "status", 2, {"status": 429, "retry_after": 30})
    assert parse_spec(r"\.xml$=malformed") == (r"\.xml$", "malformed", None, {})
    with pytest.raises(ValueError):
        parse_spec("^/rss=explode")


# -- command line --------------------------------------------------------------------


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_cli_serves_sputnik():
    port = _free_port()
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    proc = subprocess.Popen(
        [sys.executable, "-m", "tests.sitesim", "sputnik", "--port", str(port), "--fault", "^/robots.txt=status:503"],
        cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        deadline = time.monotonic() + 10
        while True:
            try:
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
                conn.request("GET", "/export/rss2/archive/index.xml")
                resp = conn.getresponse()
                body = resp.read()
                conn.close()
                break
            except OSError:
                if time.monotonic() > deadline or proc.poll() is not None:
                    raise
                time.sleep(0.1)
        assert resp.status == 200 and f"http://127.0.0.1:{port}/".encode() in body
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
        conn.request("GET", "/robots.txt")
        assert conn.getresponse().status == 503
        conn.close()
    finally:
        proc.terminate()
        proc.wait(timeout=10)
    assert b"serving sputnik" in proc.stdout.read()
