"""Page requisites listed from HTML and CSS (crawler/requisites.py, issue 10)."""

from __future__ import annotations

import urllib.request

import pytest

from crawler.requisites import (FONT, ICON, IMAGE, STYLESHEET, page_requisites, parse_srcset,
                                stylesheet_requisites)
from tests.crawlkit import decoded
from tests.sitesim import SiteServer

PAGE = "https://news.example/world/story-1234567"


def urls(found):
    return [r.url for r in found]


def test_links_of_the_head():
    html = """<html><head>
    <link rel="stylesheet" href="/css/main.css">
    <link rel="alternate stylesheet" href="/css/alt.css">
    <link rel="preload" href="https://cdn.example/f/a.woff2" as="font" crossorigin>
    <link rel="preload" as="image" href="/i/hero.jpg" imagesrcset="/i/hero-2x.jpg 2x">
    <link rel="preload" as="script" href="/js/app.js">
    <link rel="preload" as="style" href="css/late.css">
    <link rel="shortcut icon" href="/favicon.ico">
    <link rel="apple-touch-icon" href="/touch.png">
    <link rel="canonical" href="/world/story-1234567">
    <link rel="alternate" type="application/rss+xml" href="/rss">
    <link rel="dns-prefetch" href="//cdn.example">
    </head><body></body></html>"""
    found = {r.url: r.kind for r in page_requisites(html, PAGE)}
    assert found == {
        "https://news.example/css/main.css": STYLESHEET,
        "https://cdn.example/f/a.woff2": FONT,
        "https://news.example/i/hero.jpg": IMAGE,
        "https://news.example/i/hero-2x.jpg": IMAGE,
        "https://news.example/world/css/late.css": STYLESHEET,
        "https://news.example/favicon.ico": ICON,
        "https://news.example/touch.png": ICON,
    }


def test_images_srcset_picture_and_lazy_attributes():
    html = """<body>
    <img src="data:image/gif;base64,R0lGODlhAQABAAAAACw=" data-src="/a.jpg"
         data-srcset="/a-480.jpg 480w, /a-800.jpg 800w" class="lazyload">
    <picture><source type="image/webp" srcset="https://cdn.example/b.webp 1x, https://cdn.example/b2.webp 2x">
      <img src="/b.jpg" srcset="/b,comma.jpg 1x, /b-2x.jpg 2x"></picture>
    <img data-lazy-src="/c.jpg" data-lazy-srcset="/c-2x.jpg 2x" data-lazy-sizes="auto">
    <img data-original="/d.jpg" src="">
    <video preload="none" poster="/v-poster.jpg"><source src="/v.mp4" type="video/mp4"></video>
    <div style="background-image: url('/bg.png'), url(data:image/png;base64,AAAA)">x</div>
    <a href="/not-a-requisite.jpg">link</a>
    <img src="javascript:void(0)"><img src="#top"><img src="blob:https://news.example/1">
    <img src="https://news.example/a.jpg#frag">
    </body>"""
    assert urls(page_requisites(html, PAGE)) == [
        "https://news.example/a.jpg", "https://news.example/a-480.jpg",
        "https://news.example/a-800.jpg", "https://cdn.example/b.webp",
        "https://cdn.example/b2.webp", "https://news.example/b.jpg",
        "https://news.example/b,comma.jpg", "https://news.example/b-2x.jpg",
        "https://news.example/c.jpg", "https://news.example/c-2x.jpg",
        "https://news.example/d.jpg", "https://news.example/v-poster.jpg",
        "https://news.example/bg.png",
    ]


def test_base_href_and_style_blocks():
    html = """<html><head><base href="https://static.example/x/">
    <style>@import "print.css" print; .a { background: url(img/a.png) }
    @media (min-width: 1px) { .b { background-image: url("../b.png") } }</style>
    </head><body><img src="c.png"></body></html>"""
    assert urls(page_requisites(html, PAGE)) == [
        "https://static.example/x/print.css", "https://static.example/x/img/a.png",
        "https://static.example/b.png", "https://static.example/x/c.png"]


def test_srcset_parsing():
    assert parse_srcset("a.jpg 1x, b.jpg 2x") == ["a.jpg", "b.jpg"]
    assert parse_srcset("a.jpg, b.jpg 2x") == ["a.jpg", "b.jpg"]
    assert parse_srcset("  a.jpg 480w,b.jpg 800w , c.jpg") == ["a.jpg", "b.jpg", "c.jpg"]
    assert parse_srcset("/i/x,y.jpg 1x, /i/z.jpg 2x") == ["/i/x,y.jpg", "/i/z.jpg"]
    assert parse_srcset("a.jpg (foo, bar) 1x, b.jpg") == ["a.jpg", "b.jpg"]
    assert parse_srcset("") == [] and parse_srcset(None) == [] and parse_srcset(" , ,") == []


def test_stylesheet_imports_fonts_backgrounds_resolved_against_the_stylesheet():
    css = """@charset "utf-8";
    @import url("fonts.css");
    @import 'print.css' print;
    @import url(https://cdn.example/reset.css) screen;
    /* url(commented.png) */
    @font-face { font-family: X; src: url(../fonts/x.woff2) format("woff2"),
                 url('../fonts/x.woff') format("woff"); }
    .a { background: #fff url(/img/a.png) no-repeat; }
    .b { background-image: url( "b.svg" ); cursor: url(c.cur), auto; }
    .c { background-image: url(data:image/png;base64,iVBOR); }
    @media (min-width: 600px) { @supports (display: grid) {
        .d { background-image: image-set("d.png" 1x, url(d2.png) 2x); } } }
    .e { content: "url(not-a-url.png)"; }
    """
    found = stylesheet_requisites(css, "https://static.example/assets/css/main.css")
    assert [(r.url, r.kind) for r in found] == [
        ("https://static.example/assets/css/fonts.css", STYLESHEET),
        ("https://static.example/assets/css/print.css", STYLESHEET),
        ("https://cdn.example/reset.css", STYLESHEET),
        ("https://static.example/assets/fonts/x.woff2", FONT),
        ("https://static.example/assets/fonts/x.woff", FONT),
        ("https://static.example/img/a.png", IMAGE),
        ("https://static.example/assets/css/b.svg", IMAGE),
        ("https://static.example/assets/css/c.cur", IMAGE),
        ("https://static.example/assets/css/d.png", IMAGE),
        ("https://static.example/assets/css/d2.png", IMAGE),
    ]


def test_stylesheet_bytes_decoded_as_css_says():
    css = '@charset "windows-1254";\n.a { background: url("ş.png") }'.encode("cp1254")
    found = stylesheet_requisites(css, "https://x.example/c/s.css")
    assert urls(found) == ["https://x.example/c/%C5%9F.png"] or \
        urls(found) == ["https://x.example/c/ş.png"]


def test_garbage_gives_nothing_and_never_raises():
    assert page_requisites("", PAGE) == []
    assert page_requisites("<<<>>>&&", PAGE) == []
    assert page_requisites('<img src="http://[::1">', PAGE) == []
    assert stylesheet_requisites("}{ url( @import ;;", "https://x.example/a.css") == []


@pytest.mark.parametrize("site", ["yenisafak", "sputnik"])
def test_the_fixture_pages_list_what_the_fixture_says(site):
    """What the extractor finds on a fixture article (and its stylesheets) in the site's
    and CDN's scope is exactly the fixture's own list (tests/sitesim/assets.py)."""
    with SiteServer(site) as srv:
        for rec in srv.records[:4]:
            page = srv.base_url + rec.path
            with urllib.request.urlopen(page) as resp:
                html = resp.read().decode()
            found = {r.url: r for r in page_requisites(html, page)}
            todo = [u for u, r in found.items() if r.kind == STYLESHEET]
            while todo:
                url = todo.pop()
                if not url.startswith((srv.base_url + "/", srv.cdn_url + "/")):
                    continue
                with urllib.request.urlopen(url) as resp:
                    for r in stylesheet_requisites(decoded(resp.read()), url):
                        if r.url not in found:
                            found[r.url] = r
                            if r.kind == STYLESHEET:
                                todo.append(r.url)
            in_scope = {u for u in found if u.startswith((srv.base_url + "/", srv.cdn_url + "/"))
                        and "/private/" not in u}
            assert in_scope == srv.expected_requisites(rec.path), rec.path


def _resolved_the_plain_way(ref, base):
    """What ``absolute`` meant before its per-run memo: urljoin, fragment off, http(s)."""
    from urllib.parse import urldefrag, urljoin, urlsplit
    if ref is None:
        return None
    ref = ref.strip(" \t\n\r\f")
    if not ref or ref.lower().startswith(("data:", "javascript:", "blob:", "about:", "#")):
        return None
    try:
        url = urldefrag(urljoin(base, ref))[0]
        return url if urlsplit(url).scheme.lower() in ("http", "https") else None
    except ValueError:
        return None


@pytest.mark.parametrize("base", [PAGE, "http://news.example/a/b.html", "HTTPS://News.Example/x/",
                                  "", "https://[::1/broken", "ftp://files.example/dir/"])
def test_absolute_resolves_as_urljoin_does_whatever_it_memoises(base):
    """URLs with their own scheme and host are resolved once per run, keyed by the page's
    scheme only: for every kind of reference the answer is urljoin's, on every page."""
    from crawler.requisites import absolute
    refs = [None, "", "  ", "#top", "data:image/png;base64,AAA", "JavaScript:void(0)",
            "/css/main.css", "css/late.css", "../up.png", "?q=1", "//cdn.example/x.js",
            "https://cdn.example/a.css", "http://cdn.example/a.css?", "HTTPS://CDN.example/A.css",
            "https://cdn.example/a/../b/./c.css#frag", "http://cdn.example:99999/bad.png",
            "https://[::1/broken.png", " \thttps://cdn.example/spaced.png\n", "http:relative.png",
            "https:", "https://", "mailto:x@example.com", "blob:https://news.example/1"]
    for _ in range(2):  # the second pass answers from the memo
        for ref in refs:
            assert absolute(ref, base) == _resolved_the_plain_way(ref, base), (ref, base)
