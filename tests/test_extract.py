"""Article extraction: fixture pages of both sites, the real seed pages' facts,
the render clock, datelines, dates, and input that must not crash."""

from __future__ import annotations

import json
import random
import re
from pathlib import Path

import pytest

from crawler.article import Article, Dateline
from crawler.extract import extract_article, normalize_language
from crawler.extract.dateline import parse_dateline, strip_dateline
from crawler.extract.dates import ISTANBUL, parse_date
from crawler.extract.sites import detect_site
from crawler.extract.document import parse

SITES = ("yenisafak", "sputnik")
from tests.crawlkit import fetch_fixture_page as fetch_page

SEEDS = Path(__file__).resolve().parent / "data" / "seeds"  # the two real seed pages, as text


def _diff(got: dict, want: dict) -> str:
    lines = []
    for key in sorted(set(got) | set(want)):
        if got.get(key) != want.get(key):
            lines.append(f"  {key}:\n    got:  {json.dumps(got.get(key), ensure_ascii=False)[:600]}"
                         f"\n    want: {json.dumps(want.get(key), ensure_ascii=False)[:600]}")
    return "\n".join(lines)


@pytest.fixture(scope="module")
def fixture_sites():
    """Both fixture sites served once: site -> (base_url, {article_id: (record, url, page bytes)})."""
    from tests.sitesim import SiteServer, articles_for

    servers, out = [], {}
    try:
        for site in SITES:
            server = SiteServer(site)
            servers.append(server)
            base = server.start().base_url
            out[site] = (base, {r.article_id: (r, base + r.path, fetch_page(base + r.path)) for r in articles_for(site)})
        yield out
    finally:
        for server in servers:
            server.stop()


@pytest.fixture(params=SITES)
def served(request, fixture_sites):
    base, pages = fixture_sites[request.param]
    return request.param, base, pages


# -- the fixture sites -----------------------------------------------------------


def test_every_fixture_article_extracts_exactly(served):
    from tests.sitesim import expected_article

    site, base, pages = served
    failures = []
    for article_id, (rec, url, html) in pages.items():
        got = extract_article(html, url).to_dict()
        got.pop("methods")
        want = dict(expected_article(rec, base))
        want.pop("methods", None)
        if got != want:
            failures.append(f"{site} {article_id} {rec.title[:50]!r}\n{_diff(got, want)}")
    assert not failures, f"{len(failures)} of {len(pages)} differ:\n" + "\n".join(failures)


def test_fixture_site_is_detected_by_markup_on_a_local_host(served):
    site, base, pages = served
    assert base.startswith("http://127.0.0.1:")
    for rec, url, html in pages.values():
        assert detect_site(parse(html), url).name == site


def test_methods_name_the_layers(served):
    site, base, pages = served
    allowed = {"site", "jsonld", "opengraph", "microdata", "meta", "url", "trafilatura", "derived"}
    for rec, url, html in pages.values():
        a = extract_article(html, url)
        assert set(a.methods.values()) <= allowed
        assert a.methods["body"] == "site" and a.methods["title"] == "site"
        assert a.methods["published"] == "site"


def test_same_result_from_str_and_bytes_and_explicit_source(served):
    site, base, pages = served
    rec, url, html = next(iter(pages.values()))
    a = extract_article(html, url)
    assert extract_article(html.decode("utf-8"), url) == a
    assert extract_article(html, url, source=site) == a


def test_sputnik_scrapes_only_the_first_article_of_the_endless_page(fixture_sites):
    base, pages = fixture_sites["sputnik"]
    neighbours = 0
    for rec, url, html in pages.values():
        a = extract_article(html, url)
        assert a.title == rec.title
        # the infinite-scroll neighbour is on the page but not in the article
        others = re.findall(rb'<div class="endless__item" data-url="[^"]+">\s*<div class="article" data-article-id="(\d+)"', html)
        neighbours += len(others)
        for other_id in others:
            other = pages[other_id.decode()][0]
            assert other.title != a.title
            assert other.lead not in a.body
    assert neighbours > 0, "no page had an infinite-scroll neighbour: the test checks nothing"


def test_yenisafak_boilerplate_stays_out(fixture_sites):
    base, pages = fixture_sites["yenisafak"]
    for rec, url, html in pages.values():
        body = extract_article(html, url).body
        for noise in ("Reklam yükleniyor", "Read also", "Comments you share", "©", "Page End", "Tags"):
            assert noise not in body, (rec.article_id, noise)


# -- the real seed pages (facts known from seeds/*.txt, markup from the fixture) ------


def _seed_text(prefix: str) -> str:
    files = sorted(SEEDS.glob(prefix + "*.txt"))
    assert files, f"the real seed pages are expected in {SEEDS}"
    return files[0].read_text(encoding="utf-8")


def test_seed_yenisafak_facts():
    from tests.sitesim import SiteServer

    text = _seed_text("000_")
    with SiteServer("yenisafak") as server:
        url = server.base_url + "/world/syrian-defense-minister-meets-russian-military-delegation-in-damascus-3710695"
        a = extract_article(fetch_page(url), url)
    assert a.source == "yenisafak" and a.article_id == "3710695"
    assert a.title == "Syrian defense minister meets Russian military delegation in Damascus"
    assert a.published == "2025-11-16T15:43:00+00:00"  # "18:43, 16/11/2025, Sunday" Istanbul time
    assert a.agency == "AA" and a.authors == []
    assert a.section == "world"
    assert a.lead.startswith("Syrian Defense Minister Murhaf Abu Qasra has met with")
    assert a.images and a.images[0].caption == "Syrian Defense Minister Murhaf Abu Qasra"
    paragraphs = a.body.split("\n\n")
    assert paragraphs[:2] == [paragraphs[0], "Recent High-Level Engagements"]
    assert {"Evolving Bilateral Relations", "Political Transition Context"} <= set(paragraphs)
    for p in paragraphs:  # every body paragraph is on the real page
        assert p in text
    assert "Reklam" not in a.body and "Comments" not in a.body and "LEGAL DISCLAIMER" not in a.body


def test_seed_sputnik_facts():
    from tests.sitesim import SiteServer

    text = _seed_text("003_")
    with SiteServer("sputnik") as server:
        url = server.base_url + "/20251028/russian-syrian-defense-ministers-discuss-promising-areas-of-cooperation-1123029911.html"
        a = extract_article(fetch_page(url), url)
    assert a.source == "sputnik" and a.article_id == "1123029911"
    assert a.title == "Russian, Syrian Defense Ministers Discuss Promising Areas of Cooperation"
    assert a.published == a.modified == "2025-10-28T17:25:00+00:00"  # "2025-10-28T17:25+0000" x3
    assert a.dateline == Dateline("MOSCOW", "Sputnik") and a.agency == "Sputnik"
    assert a.body.startswith("MOSCOW (Sputnik) - Russian Defense Minister Andrei Belousov held a meeting")
    assert a.tags == ["russia", "syria", "russian defense ministry", "andrei belousov"]
    assert a.language == "en"  # og:locale "en_EN"
    assert a.section == "world"
    for p in a.body.split("\n\n"):
        assert p in text


# -- the render clock -----------------------------------------------------------

YS_URL = "https://en.yenisafak.com/world/some-story-3725999"
CLOCK_PAGE = """<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Some story - Yeni Şafak</title></head>
<body><div class="ys-topbar"><div class="ys-clock">21/11/2026, Saturday16:37</div></div>
<main class="ys-detail"><h1 class="ys-detail-title">Some story</h1>
<div class="ys-detail-author"><span class="ys-detail-author-name">Yenişafak</span>{time}</div>
<div class="ys-detail-content-area"><div class="ys-detail-content">
<p class="ys-paragraph-node">Syrian officials met a Russian delegation on 20/11/2026 in Damascus, the ministry said.</p>
<p class="ys-paragraph-node">The talks covered energy and wheat.</p></div></div></main></body></html>"""


def test_render_clock_is_never_the_date():
    a = extract_article(CLOCK_PAGE.format(time=""), YS_URL)
    assert a.body.startswith("Syrian officials")
    assert a.published is None and a.modified is None


def test_render_clock_ignored_on_an_unknown_host_too():
    page = CLOCK_PAGE.format(time="")
    a = extract_article(page, "http://127.0.0.1:9/world/some-story-3725999")
    assert a.source == "yenisafak" and a.published is None


def test_byline_time_wins_over_the_render_clock():
    page = CLOCK_PAGE.format(time='<time class="ys-detail-date">18:43, 16/11/2025, Sunday</time>')
    assert extract_article(page, YS_URL).published == "2025-11-16T15:43:00+00:00"


def test_byline_text_without_markup_is_found_and_clock_is_not():
    page = CLOCK_PAGE.format(time="<span>09:05, 18/11/2026, Wednesday</span>")
    assert extract_article(page, YS_URL).published == "2026-11-18T06:05:00+00:00"


# -- datelines ---------------------------------------------------------------------

DATELINES = [
    ("MOSCOW (Sputnik) - Russian Defense Minister", Dateline("MOSCOW", "Sputnik"), "Russian Defense Minister"),
    ("UNITED NATIONS (Sputnik) - The UN Security Council", Dateline("UNITED NATIONS", "Sputnik"), "The UN Security Council"),
    ("BEIRUT (RIA Novosti) - Lebanese", Dateline("BEIRUT", "RIA Novosti"), "Lebanese"),
    ("MOSCOW (RIA Novosti) — The Kremlin", Dateline("MOSCOW", "RIA Novosti"), "The Kremlin"),
    ("DAMASCUS (Sputnik) – Syria's", Dateline("DAMASCUS", "Sputnik"), "Syria's"),
    ("MOSCOW, October 28 — Sputnik. The ministry", Dateline("MOSCOW", "Sputnik"), "The ministry"),
    ("MOSCOW, 28 Oct - Sputnik. The ministry", Dateline("MOSCOW", "Sputnik"), "The ministry"),
    ("TEL AVIV, November 3 (Sputnik) - Israeli", Dateline("TEL AVIV", "Sputnik"), "Israeli"),
    ("RIO DE JANEIRO (Sputnik) - Brazil", Dateline("RIO DE JANEIRO", "Sputnik"), "Brazil"),
    ("ST. PETERSBURG (Sputnik) - The forum", Dateline("ST. PETERSBURG", "Sputnik"), "The forum"),
    ("WASHINGTON (SPUTNIK) - The US", Dateline("WASHINGTON", "Sputnik"), "The US"),
    ("The Ministry (Sputnik) - said", None, None),
    ("Moscow said on Tuesday (Sputnik) - that", None, None),
    ("Russian Defense Minister Andrei Belousov held a meeting", None, None),
    ("", None, None),
    ("MOSCOW - no agency here", None, None),
]


@pytest.mark.parametrize("text,want,rest", DATELINES)
def test_dateline_table(text, want, rest):
    assert parse_dateline(text) == want
    assert strip_dateline(text) == (rest if want else text)


def test_dateline_stays_in_body():
    page = ('<div class="article"><h1 class="article__title">T</h1><div class="article__body">'
            '<div class="article__block" data-type="text"><div class="article__text">'
            'UNITED NATIONS (Sputnik) - The council met.</div></div></div></div>')
    a = extract_article(page, "https://sputnikglobe.com/20261118/t-1124800000.html")
    assert a.body == "UNITED NATIONS (Sputnik) - The council met."
    assert a.dateline == Dateline("UNITED NATIONS", "Sputnik") and a.agency == "Sputnik"
    assert a.article_id == "1124800000"


# -- dates and small helpers ------------------------------------------------------


@pytest.mark.parametrize("value,tz,want", [
    ("2025-10-28T17:25+0000", None, "2025-10-28T17:25:00+00:00"),
    ("20261118T1725+0000", None, "2026-11-18T17:25:00+00:00"),
    ("2025-11-16T18:43:00+03:00", None, "2025-11-16T15:43:00+00:00"),
    ("1761672300", None, "2025-10-28T17:25:00+00:00"),
    ("18:43, 16/11/2025, Sunday", ISTANBUL, "2025-11-16T15:43:00+00:00"),
    ("17:25 GMT 18.11.2026", None, "2026-11-18T17:25:00+00:00"),
    ("Tue, 28 Oct 2025 17:25:00 +0000", None, "2025-10-28T17:25:00+00:00"),
    ("2025-10-28T17:25", None, None),  # no zone and no site default: not guessed
    ("Sunday", ISTANBUL, None),
    ("not a date", None, None),
    ("", None, None),
])
def test_parse_date(value, tz, want):
    assert parse_date(value, tz) == want


@pytest.mark.parametrize("value,want", [("en_EN", "en"), ("en-US", "en"), ("EN", "en"), ("", None), ("???", None)])
def test_normalize_language(value, want):
    assert normalize_language(value) == want


def test_article_ids_from_urls():
    ys = extract_article("", "https://en.yenisafak.com/world/syrian-defense-minister-3710695")
    sp = extract_article("", "https://sputnikglobe.com/20251028/russian-syrian-1123029911.html")
    assert (ys.source, ys.article_id) == ("yenisafak", "3710695")
    assert (sp.source, sp.article_id) == ("sputnik", "1123029911")


def test_cyrillic_tags_dropped_and_canonical_absolute():
    page = ('<html><head><link rel="canonical" href="/20261118/x-1124800001.html">'
            '<meta name="keywords" content="russia, Внешний лонгрид, syria"></head><body>'
            '<div class="article"><h1 class="article__title">X</h1><div class="article__body">'
            '<div class="article__block" data-type="text"><div class="article__text">Text.</div></div>'
            '</div></div></body></html>')
    a = extract_article(page, "https://sputnikglobe.com/20261118/x-1124800001.html")
    assert a.tags == ["russia", "syria"]
    assert a.canonical_url == "https://sputnikglobe.com/20261118/x-1124800001.html"


# -- unknown sites: structured data and trafilatura ------------------------------

GENERIC = """<html lang="de"><head><title>Headline here | Example News</title>
<meta property="og:title" content="Headline here">
<meta property="article:published_time" content="2026-11-18T10:00:00+01:00">
<script type="application/ld+json">{"@context":"https://schema.org","@type":"NewsArticle",
"headline":"Headline here","author":{"@type":"Person","name":"Jane Doe"},"keywords":["a","b"],}</script>
</head><body><nav>Home | World | Sport</nav><article><h1>Headline here</h1>
<p>First paragraph of a reasonably long article body that a generic extractor will keep as text.</p>
<p>Second paragraph of the same article, again long enough to count as real article text here.</p>
<p>Third paragraph closes the story with a few more words so the extractor is confident.</p>
</article><footer>© Example 2026</footer></body></html>"""


def test_unknown_site_falls_back_to_structured_data_and_trafilatura():
    a = extract_article(GENERIC, "https://news.example.com/2026/11/18/headline")
    assert a.source == "news.example.com"
    assert a.title == "Headline here" and a.methods["title"] == "jsonld"
    assert a.authors == ["Jane Doe"] and a.tags == ["a", "b"]
    assert a.published == "2026-11-18T09:00:00+00:00" and a.methods["published"] == "opengraph"
    assert a.methods["body"] == "trafilatura"
    assert a.body.startswith("First paragraph") and "Third paragraph" in a.body
    assert "©" not in a.body and "Home | World" not in a.body
    assert a.language == "de"
    assert a.word_count == len(a.body.split())


def test_site_page_without_body_falls_back_to_trafilatura():
    page = """<html><head><title>Story - Yeni Şafak</title></head><body>
    <div class="ys-detail-content-area"></div><article>
    <p>Paragraph one of an article whose markup changed, with enough words to be kept as text.</p>
    <p>Paragraph two of the same article, which the generic extractor should still find on the page.</p>
    </article></body></html>"""
    a = extract_article(page, YS_URL)
    assert a.source == "yenisafak"
    assert "Paragraph one" in a.body and a.methods["body"] == "trafilatura"
    assert a.published is None  # trafilatura's date is not trusted on Yeni Şafak pages


# -- garbage in, no exception out -------------------------------------------------

NASTY = [
    "", b"", None, " ", "\x00", b"\x00" * 100, b"\xff\xfe\x00\x00garbage", "\ud800 lone surrogate",
    "<html><body><div class='article'><h1 class='article__title'>Trunc", "<<<>>><<</>", "<!--",
    "<?xml version='1.0' encoding='utf-8'?><html><p>x</p></html>",
    b"<meta charset='no-such-charset'><p>\xe9t\xe9</p>", b"\xef\xbb\xbf<title>BOM</title>",
    "<script type='application/ld+json'>{not json</script>",
    "<script type='application/ld+json'>[1, \"x\", null, {\"@type\": [\"NewsArticle\"], \"headline\": 5}]</script>",
    "<time class='ys-detail-date' datetime='9999-99-99'>99:99, 99/99/9999</time><div class='ys-detail-content'></div>",
    "<div data-unixtime='99999999999999999999'></div><div class='article'><h1 class='article__title'>x</h1></div>",
    "<p>" * 5000, "<div>" * 3000 + "deep" + "</div>" * 10,
    "x" * 200_000,
    "<html><body>" + "<p>Привет мир</p>" * 50 + "</body></html>",
    "<html><body>" + "<p>Reklam yükleniyor...</p>" * 5 + "</body></html>",
]


@pytest.mark.parametrize("data", NASTY, ids=range(len(NASTY)))
@pytest.mark.parametrize("url", ["https://en.yenisafak.com/world/x-3710695",
                                 "https://sputnikglobe.com/20251028/x-1123029911.html",
                                 "http://127.0.0.1:1/whatever", "", "not a url ::::"])
def test_garbage_never_raises(data, url):
    a = extract_article(data, url)
    assert isinstance(a, Article)
    assert "word_count" in a.methods  # the normal path finished, not the last-resort guard
    assert isinstance(a.body, str) and a.word_count == len(a.body.split())
    json.dumps(a.to_dict(), ensure_ascii=False)


def test_random_bytes_and_truncations_never_raise():
    rng = random.Random(20261121)
    page = GENERIC.encode()
    for _ in range(150):
        cut = page[: rng.randrange(len(page))]
        junk = bytes(rng.randrange(256) for _ in range(rng.randrange(400)))
        for data in (cut, junk, cut + junk, junk + cut):
            a = extract_article(data, "https://example.com/a")
            assert isinstance(a, Article) and "word_count" in a.methods


def test_extract_is_pure():
    a = extract_article(GENERIC, "https://news.example.com/x")
    b = extract_article(GENERIC, "https://news.example.com/x")
    assert a == b
