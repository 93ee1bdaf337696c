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
