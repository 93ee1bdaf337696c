"""URL canonicalisation: one key per page, whatever variant of its URL was found."""

from __future__ import annotations

import pytest

from crawler.sites import SITES
from crawler.urlcanon import canonical_target, canonical_url

SP = "https://sputnikglobe.com/20261115/lavrov-syrian-foreign-minister-agree-1124823417.html"
YS = "https://en.yenisafak.com/world/syrias-top-diplomat-holds-talks-3725612"


@pytest.mark.parametrize("variant", [
    SP + "?utm_source=twitter&utm_medium=social&utm_campaign=x",
    SP + "?fbclid=IwAR0abc",
    SP + "?gclid=Cj0KCQ&msclkid=1",
    SP + "#comments",
    "https://SputnikGlobe.com:443" + SP[len("https://sputnikglobe.com"):],
    "https://www.sputnikglobe.com" + SP[len("https://sputnikglobe.com"):],
    "https://m.sputnikglobe.com" + SP[len("https://sputnikglobe.com"):],
    "https://sputnikglobe.com/amp" + SP[len("https://sputnikglobe.com"):],
    SP + "?amp",
    SP + "?amp=1&utm_source=rss",
    SP.replace(".html", ".amp.html"),
])
def test_sputnik_variants_fold_onto_one_url(variant):
    assert canonical_url(variant) == SP


@pytest.mark.parametrize("variant", [
    YS + "/", YS + "//", YS + "/amp", YS + "/amp/", "https://m.en.yenisafak.com/world/"
    "syrias-top-diplomat-holds-talks-3725612", YS + "?utm_content=buffer#top",
    "https://en.yenisafak.com//world//syrias-top-diplomat-holds-talks-3725612",
])
def test_yenisafak_variants_fold_onto_one_url(variant):
    assert canonical_url(variant) == YS


def test_meaningful_query_is_kept_and_sorted():
    assert canonical_url("https://x.org/search?q=syria&page=2&utm_source=a") == \
        "https://x.org/search?page=2&q=syria"
    assert canonical_target("https://x.org/rss-feeds?category=world&gclid=1") == \
        "/rss-feeds?category=world"


def test_non_default_port_and_short_hosts_stay():
    assert canonical_url("http://127.0.0.1:8081/world/a-3725612/") == \
        "http://127.0.0.1:8081/world/a-3725612"
    # a two-label host is not stripped to a bare suffix
    assert canonical_url("https://m.com/a") == "https://m.com/a"


def test_site_keys_agree_across_variants():
    sp, ys = SITES["sputnik"], SITES["yenisafak"]
    base = sp.keys(SP)
    assert "id:1124823417" in base
    for variant in ("https://m.sputnikglobe.com/amp/20261115/other-slug-1124823417.html?amp",
                    SP + "?utm_source=x"):
        assert set(sp.keys(variant)) & set(base)
        assert sp.is_article(variant)
    assert sp.article_id(SP.replace(".html", ".amp.html")) == "1124823417"
    assert ys.keys(YS + "/amp?utm_source=x") == ys.keys(YS)
    assert ys.article_id(YS + "/amp") == "3725612"
