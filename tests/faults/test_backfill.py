"""A ``--since`` backfill finds every article in its range, in the site's own time zone,
and a backfill that stops short of its date says so."""

from __future__ import annotations

from datetime import date, datetime, timezone

from crawler.spiders.sputnik import SputnikSpider
from crawler.spiders.yenisafak import YeniSafakSpider
from tests.crawlkit import crawl, fetch_fixture_page
from tests.sitesim import SiteServer, new_article

from .backfill_kit import (SINCE, found, in_range, publish_extra, run_status,
                           source_stats)


def test_backfill_with_150_extra_articles_per_site_finds_every_article_in_range(tmp_path):
    with SiteServer("yenisafak") as ys, SiteServer("sputnik") as sp:
        for srv in (ys, sp):
            publish_extra(srv, 150)
        result = crawl(tmp_path, {"yenisafak": ys, "sputnik": sp}, "--since", SINCE.isoformat())
        truth = {srv.site: in_range(srv) for srv in (ys, sp)}
        totals = {srv.site: len(srv.records) for srv in (ys, sp)}
    assert result.returncode == 0, result.stderr[-3000:]
    for site, want in truth.items():
        got = found(tmp_path, site)
        assert want - got == set(), (f"{site}: {len(want - got)} of {len(want)} in range"
                                     f" missed ({totals[site]} published)")
        assert got - want == set(), f"{site}: fetched articles older than --since"
    assert run_status(result.stdout) == "ok", result.stdout
    print({site: f"{len(found(tmp_path, site))}/{len(want)} in range, {totals[site]} published"
           for site, want in truth.items()})


def test_backfill_cut_by_the_listing_page_cap_is_reported(tmp_path):
    with SiteServer("yenisafak") as ys:
        publish_extra(ys, 150)
        result = crawl(tmp_path, {"yenisafak": ys}, "--since", SINCE.isoformat(),
                       env={"NEWSARCHIVE_DISCOVERY__MAX_LISTING_PAGES": "2"})
    assert result.returncode == 0, result.stderr[-3000:]
    stats = source_stats(tmp_path, "yenisafak")
    assert stats.get("backfill_incomplete", 0) >= 1, stats
    short = [ln for ln in result.log_lines() if ln.get("event") == "backfill stopped short"]
    assert short and all(ln["url"].startswith(ys.base_url) for ln in short)
    assert all(ln["since"] == SINCE.isoformat() and ln["pages"] == 2 for ln in short)
    assert run_status(result.stdout) == "degraded", result.stdout


def test_window_reaches_today_in_the_site_time_zone():
    late = datetime(2026, 11, 30, 22, 30, tzinfo=timezone.utc)  # 01:30 on 1 Dec in Moscow
    spider = SputnikSpider(base_url="http://127.0.0.1:9", lookback_days=1)
    assert spider.window(now=late) == [date(2026, 11, 30), date(2026, 12, 1)]
    backfill = SputnikSpider(base_url="http://127.0.0.1:9", since="2026-11-29")
    assert backfill.window(now=late)[-1] == date(2026, 12, 1)
    assert backfill.wants_sitemap(
        "http://127.0.0.1:9/sitemap_article.xml?date_start=20261201&date_end=20261231",
        None, now=late)
    ys = YeniSafakSpider(base_url="http://127.0.0.1:9", lookback_days=0)
    assert ys.window(now=late) == [date(2026, 12, 1)]  # Istanbul is +03:00 too


def test_fixture_dates_sputnik_urls_and_day_sitemaps_in_moscow_time():
    evening = datetime(2026, 11, 20, 22, 30, tzinfo=timezone.utc)  # 21 Nov, 01:30 in Moscow
    with SiteServer("sputnik") as sp:
        rec = sp.publish(new_article("sputnik", published=evening))
        assert rec.path.startswith("/20261121/")
        day = fetch_fixture_page(sp.base_url + "/sitemap_article.xml?date_start=20261121"
                                 "&date_end=20261121")
        before = fetch_fixture_page(sp.base_url + "/sitemap_article.xml?date_start=20261120"
                                    "&date_end=20261120")
    assert rec.path.encode() in day and rec.path.encode() not in before


def test_backfill_after_ordinary_runs_still_pages_the_listings(tmp_path):
    """An ordinary run reads only the first page of a listing: its validators must not
    make the backfill that follows stop at a 304 on that page."""
    with SiteServer("yenisafak") as ys:
        publish_extra(ys, 60)
        ordinary = crawl(tmp_path, {"yenisafak": ys})
        assert ordinary.returncode == 0, ordinary.stderr[-3000:]
        backfill = crawl(tmp_path, {"yenisafak": ys}, "--since", SINCE.isoformat())
        want = in_range(ys)
    assert backfill.returncode == 0, backfill.stderr[-3000:]
    assert want - found(tmp_path, "yenisafak") == set()
    assert run_status(backfill.stdout) == "ok", backfill.stdout


def test_listing_entries_carry_the_date_of_their_card():
    from crawler.discovery import parse_listing

    page = b"""<main><div class="cards">
      <article><a href="/world/a-3700001">A</a><time datetime="2025-10-01T00:30:00+03:00">1 Oct</time></article>
      <div class="item"><a href="/20251001/b-11230000.html">B</a><div><span data-unixtime="1759267800">x</span></div></div>
      <article><a href="/world/c-3700003">C</a></article>
    </div><a href="/world?page=2">2</a></main>"""
    dates = {e.url.rsplit("/", 1)[-1]: e.date for e in parse_listing(page, "http://h").entries}
    assert dates["a-3700001"].isoformat() == "2025-10-01T00:30:00+03:00"
    assert dates["b-11230000.html"] == datetime(2025, 9, 30, 21, 30, tzinfo=timezone.utc)
    assert dates["c-3700003"] is None and dates["world?page=2"] is None  # no card, or many
