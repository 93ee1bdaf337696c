"""Discovery parsers: feeds, sitemaps, listings; malformed input is reported, not fatal."""

from crawler.discovery import parse_listing, parse_rss, parse_sitemap
from crawler.sites import SPUTNIK, YENISAFAK

BASE = "http://127.0.0.1:8082"

RSS = b"""<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>t</title>
<item><title>A</title><link>http://127.0.0.1:8082/20261118/a-1124000001.html</link>
<pubDate>Wed, 18 Nov 2026 17:25:00 +0000</pubDate></item>
<item><title>B</title><link>/20261117/b-1124000002.html</link>
<pubDate>Tue, 17 Nov 2026 18:43:00 GMT+3</pubDate></item></channel></rss>"""


def test_rss_links_and_dates():
    parsed = parse_rss(RSS, BASE)
    assert parsed.error is None
    assert [e.url for e in parsed.entries] == [BASE + "/20261118/a-1124000001.html",
                                               BASE + "/20261117/b-1124000002.html"]
    assert parsed.entries[1].date.utcoffset().total_seconds() == 3 * 3600


def test_truncated_feed_is_reported_and_salvaged():
    parsed = parse_rss(RSS[: RSS.index(b"<item><title>B")] + b"<item><ti", BASE)
    assert parsed.error and "malformed XML" in parsed.error
    assert [e.url for e in parsed.entries] == [BASE + "/20261118/a-1124000001.html"]


def test_garbage_is_an_error_not_an_exception():
    for junk in (b"", b"\x00\xff\xfe", b"<html><body>not a feed</body></html>"):
        assert parse_rss(junk, BASE).error
        assert parse_sitemap(junk, BASE).error


def test_sitemap_index_and_urlset():
    index = b"""<?xml version="1.0"?><sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
<sitemap><loc>http://127.0.0.1:8082/sitemap_article.xml?date_start=20261101&amp;date_end=20261130</loc>
<lastmod>2026-11-20T10:00:00+00:00</lastmod></sitemap></sitemapindex>"""
    parsed = parse_sitemap(index, BASE)
    assert parsed.kind == "sitemapindex" and parsed.error is None
    assert parsed.entries[0].url.endswith("date_start=20261101&date_end=20261130")
    urlset = b"""<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><url>
<loc>http://127.0.0.1:8082/20261118/a-1124000001.html</loc><lastmod>2026-11-18</lastmod></url></urlset>"""
    parsed = parse_sitemap(urlset, BASE)
    assert parsed.kind == "urlset" and len(parsed.entries) == 1


def test_listing_links_and_site_url_shapes():
    html = b"""<html><body><a href="/world/syria-russia-talks-3712001">x</a>
<a href="/20261118/talks--1124000003.html">y</a><a href="/20261118/talks-1124000003-print.html">p</a>
<a href="#top">top</a></body></html>"""
    links = [e.url for e in parse_listing(html, BASE).entries]
    assert BASE + "/world/syria-russia-talks-3712001" in links
    assert YENISAFAK.is_article(links[0]) and YENISAFAK.article_id(links[0]) == "3712001"
    assert SPUTNIK.is_article(links[1]) and SPUTNIK.article_id(links[1]) == "1124000003"
    assert not SPUTNIK.is_article(links[2])
    assert SPUTNIK.keys(BASE + "/20260903/re-dated-1105665248.html")[1] == "id:1105665248"
    assert SPUTNIK.is_article(BASE + "/20231007/1076133500.html")  # slug-less form


# -- card dates and timestamps: the fast paths give what the plain ones gave ---------------

import urllib.request  # noqa: E402
from datetime import datetime, timezone  # noqa: E402

import pytest  # noqa: E402
from dateutil import parser as dateparser  # noqa: E402
from lxml import etree, html as lxml_html  # noqa: E402

from crawler import discovery  # noqa: E402
from tests.sitesim import SiteServer  # noqa: E402


def _reference_date(text):
    """What _date was: dateutil for every timestamp."""
    if not text:
        return None
    text = text.strip().replace("GMT+3", "+03:00").replace("GMT+03:00", "+03:00")
    try:
        return dateparser.parse(text)
    except (ValueError, OverflowError):
        return None


_REF_STAMPS = etree.XPath(".//time[@datetime] | .//*[@data-unixtime]")


def _reference_card_date(link, depth=4):
    """What a link's card date was: an XPath on each of its ancestors."""
    node = link
    for _ in range(depth):
        node = node.getparent()
        if node is None:
            return None
        stamps = _REF_STAMPS(node)
        if len(stamps) > 1:
            return None
        if stamps:
            unix = stamps[0].get("data-unixtime")
            if unix is not None:
                try:
                    return datetime.fromtimestamp(int(unix), timezone.utc)
                except (ValueError, OverflowError, OSError):
                    return None
            return _reference_date(stamps[0].get("datetime"))
    return None


def _reference_listing(body, base):
    doc = lxml_html.fromstring(body)
    out, seen = [], set()
    for a in doc.iter("a"):
        href = (a.get("href") or "").strip()
        if not href or href.startswith(("#", "javascript:", "mailto:")):
            continue
        url = discovery.urljoin(base + "/", href)
        if url not in seen:
            seen.add(url)
            out.append((url, _reference_card_date(a)))
    return out


TIMESTAMPS = [
    "2026-11-18", "2026-11-18T10:00", "2026-11-18T10:00:05", "2026-11-18T10:00:05Z",
    "2026-11-18T10:00:05+03:00", "2026-11-18 10:00:05-05:30", "2026-11-18T10:00:05.123456+00:00",
    "2026-11-18T10:00:05.5Z", " 2026-11-18T10:00:05+03:00 \n", "2026-11-18T10:00:05+0300",
    "2026-11-18T10:00:05 GMT+3", "2026-11-18T10:00:05GMT+03:00", "20261118T100005Z",
    "2026-W47-3", "2026-11-31", "2026-13-01T00:00:00Z", "2026-11-18T24:00:00",
    "Wed, 18 Nov 2026 17:25:00 +0000", "Tue, 17 Nov 2026 18:43:00 GMT+3", "18.11.2026 10:00",
    "November 18, 2026", "yesterday", "", "   ", "2026-11-18T10:00:05+03:00:00",
]


@pytest.mark.parametrize("text", TIMESTAMPS)
def test_timestamps_read_as_dateutil_reads_them(text):
    assert discovery._date(text) == _reference_date(text)
    fast, ref = discovery._date(text), _reference_date(text)
    assert (fast.tzinfo is None) == (ref.tzinfo is None) if ref else fast is None


CARDS = b"""<html><body>
<div class="card"><a href="/a">A</a><time datetime="2026-11-18T10:00:00+03:00">x</time></div>
<ul><li><a href="/b">B</a><time datetime="2026-11-17">y</time></li>
    <li><a href="/c">C</a><span data-unixtime="1763456400">z</span></li></ul>
<div><div><div><div><div><a href="/deep">too deep</a></div></div></div></div>
  <time datetime="2026-11-16T00:00:00Z">far</time></div>
<div><a href="/two">two stamps</a><time datetime="2026-11-15">1</time><time datetime="2026-11-14">2</time></div>
<section><a href="/nested">N</a><div><time datetime="2026-11-13T08:00:00Z">n</time></div></section>
<p><a href="/bad">bad</a><span data-unixtime="not-a-number">?</span></p>
<p><a href="/huge">huge</a><span data-unixtime="99999999999999999999">?</span></p>
<p><a href="/odd">odd</a><time datetime="sometime soon">?</time></p>
<p><a href="/own"><time datetime="2026-11-12T00:00:00Z">inside the link</time></a></p>
<a href="/a">A again</a><a href="#top">top</a><a href="javascript:void(0)">js</a>
</body></html>"""


def test_card_dates_equal_the_plain_reading_on_made_and_fixture_listings():
    assert [(e.url, e.date) for e in parse_listing(CARDS, BASE).entries] \
        == _reference_listing(CARDS, BASE)
    dated = [e for e in parse_listing(CARDS, BASE).entries if e.date]
    assert len(dated) >= 5  # the cases above do date links, and a list does not
    pages = 0
    for site, paths in (("yenisafak", ["/", "/world", "/world?page=2", "/turkiye"]),
                        ("sputnik", ["/", "/20261118/", "/20261117/"])):
        with SiteServer(site) as srv:
            for path in paths:
                body = urllib.request.urlopen(srv.base_url + path, timeout=10).read()
                pages += 1
                got = [(e.url, e.date) for e in parse_listing(body, srv.base_url).entries]
                assert got == _reference_listing(body, srv.base_url), (site, path)
    assert pages == 7


def test_an_unparseable_link_is_reported_and_the_others_kept():
    """A link urljoin cannot read (an unclosed IPv6 bracket) once crashed the parser
    (found by tests/faults/test_properties.py)."""
    rss = RSS.replace(b"<link>/20261117/b-1124000002.html</link>", b"<link>a://[</link>")
    parsed = parse_rss(rss, BASE)
    assert [e.url for e in parsed.entries] == [BASE + "/20261118/a-1124000001.html"]
    assert parsed.error and "a://[" in parsed.error
    urlset = b"""<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
<url><loc>http://[::1/x.html</loc></url><url><loc>/20261118/a-1124000001.html</loc></url></urlset>"""
    parsed = parse_sitemap(urlset, BASE)
    assert [e.url for e in parsed.entries] == [BASE + "/20261118/a-1124000001.html"]
    assert parsed.error and "http://[::1/x.html" in parsed.error
    # on a listing page a junk href is the web's everyday noise, not a broken document
    html = b'<html><body><a href="http://[::1">ad</a><a href="/world/a-3712001">x</a></body></html>'
    parsed = parse_listing(html, BASE)
    assert [e.url for e in parsed.entries] == [BASE + "/world/a-3712001"]
    assert parsed.error is None
