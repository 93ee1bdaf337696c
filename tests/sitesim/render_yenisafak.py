"""HTML of Yeni Şafak English pages: article, listing (section/home/search).

Every page starts with the render clock; renderers write :data:`CLOCK` and
the router substitutes the current time (so validators can ignore it).
"""

from __future__ import annotations

from .assets import DATA_GIF, OFFSITE, srcset, variant
from .markup import Ctx, esc, iso_ist, jsonld, ys_card_date, ys_time
from .records import ArticleRecord, rendered_blocks

CLOCK = "\x00CLOCK\x00"
NEXT = ' rel="next"'
STYLESHEET = "/assets/css/ys-main.css"
DETAIL_CSS = "/assets/css/ys-detail.css"  # on the CDN
OFFSITE_FONTS = "http://fonts.example.invalid/css2?family=Roboto:wght@400;700"  # off the allow-list
EDITIONS = ("tr", "en", "ar", "fr", "ru", "ur")
SVGS = tuple(f"/assets/images/flags/{e}.svg" for e in EDITIONS) + (
    "/assets/images/ys-logo.svg",
    "/assets/images/comment-input-default.svg",
    "/assets/images/app-store.svg",
    "/assets/images/google-play.svg",
    "/assets/images/app-gallery.svg",
)
SECTION_NAMES = {
    "world": "World", "turkiye": "Türkiye", "economy": "Economy", "turkey-economy": "Turkey Economy",
    "technology": "Technology", "sports": "Sports", "columns": "Columns",
}
NAV = ("turkiye", "world", "economy", "turkey-economy", "technology", "sports")
ADS = '<div class="ys-ad-slot" data-ad-unit="{0}"><span class="ys-ad-label">Reklam yükleniyor...</span></div>'
COMMENT_POLICY = (
    "Comments you share on our site are a valuable resource for other users. Please be respectful of "
    "different opinions and other users. Avoid using rude, aggressive, derogatory, or discriminatory language."
)


def section_name(slug: str) -> str:
    return SECTION_NAMES.get(slug, slug.replace("-", " ").title())


def _head(ctx: Ctx, title: str, extra: str = "") -> str:
    return (
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
        f"<title>{esc(title)}</title>\n"
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        # issue 10: assets the way the real site references them (assets.py)
        f'<link rel="icon" type="image/png" sizes="32x32" href="{ctx.asset("/favicon-32.png", kind="icon")}">\n'
        f'<link rel="preload" href="{ctx.asset("/assets/fonts/roboto-400.woff2", kind="font")}" as="font" type="font/woff2" crossorigin>\n'
        f'<link rel="stylesheet" href="{ctx.asset(STYLESHEET, kind="stylesheet")}">\n'
        f'<link rel="stylesheet" href="{ctx.asset(DETAIL_CSS, cdn=True, kind="stylesheet")}" media="all">\n'
        f'<link rel="stylesheet" href="{ctx.asset(OFFSITE_FONTS, kind="stylesheet")}">\n'
        f'<link rel="dns-prefetch" href="{ctx.cdn}">\n'
        f'<style>.ys-hero {{ background-image: url("{ctx.asset("/assets/images/hero-bg.png")}"); }}</style>\n'
        f'<link rel="alternate" type="application/rss+xml" title="Yeni Şafak English" href="{ctx.url("/rss")}">\n'
        f"{extra}</head>\n"
    )


def _top(ctx: Ctx, ticker_from: ArticleRecord | None) -> str:
    flags = "".join(
        f'<a class="ys-edition{" active" if e == "en" else ""}" href="{ctx.url("/")}{"" if e == "en" else "?edition=" + e}">'
        f'<img src="{ctx.asset(f"/assets/images/flags/{e}.svg")}" alt="flag">{e.upper()}</a>'
        for e in EDITIONS
    )
    nav = "".join(f'<li><a href="{ctx.url("/" + s)}">{esc(section_name(s))}</a></li>' for s in NAV)
    ticker_items = ctx.others(ticker_from, 6) if ticker_from else ctx.records[:6]
    ticker = "".join(
        f'<li class="ys-ticker-item"><a href="{ctx.url(r.path)}">{esc(r.title)}</a>'
        f'<p class="ys-ticker-spot">{esc(r.lead)}</p></li>'
        for r in ticker_items
    )
    return (
        "<body>\n"
        '<div class="ys-cookie-banner" role="dialog"><p>We use cookies to improve your experience on our '
        "website. By continuing to browse, you agree to our use of cookies.</p>"
        '<button type="button" class="ys-cookie-accept">Accept</button></div>\n'
        f'<div class="ys-topbar"><div class="ys-clock">{CLOCK}</div>\n'
        f'<div class="ys-edition-switch"><span class="ys-edition-label">EDITION :</span>{flags}</div></div>\n'
        f'<header class="ys-header"><a class="ys-logo" href="{ctx.url("/")}">'
        f'<img src="{ctx.asset("/assets/images/ys-logo.svg")}" alt="flag"><span>Yeni Şafak</span></a>\n'
        f'<nav class="ys-nav"><ul>{nav}</ul></nav></header>\n'
        f'<div class="ys-ticker" style="background-image: url(&quot;{ctx.asset("/assets/images/pattern.png", cdn=True)}&quot;)">'
        f'<ul>{ticker}</ul></div>\n'
    )


def _footer(ctx: Ctx) -> str:
    cats = "".join(f'<li><a href="{ctx.url("/" + s)}">{esc(section_name(s))}</a></li>' for s in NAV)
    apps = "".join(
        f'<a class="ys-app" href="{ctx.url("/")}"><img src="{ctx.asset(f"/assets/images/{a}.svg")}" alt="{a}"></a>'
        for a in ("app-store", "google-play", "app-gallery")
    )
    return (
        '<footer class="ys-footer">\n<div class="ys-footer-brand"><span class="ys-page-end">Page End</span>'
        "<h4>Turkey's Accumulation. International Media Group.</h4>"
        "<p>Welcome to the news source that sets Turkey's agenda! With its impartial, dynamic, and in-depth "
        "journalism, Yeni Şafak offers its readers an experience beyond current events. Get instant updates on "
        "what's happening in Turkey and worldwide, with news spanning a wide range from politics and economy to "
        "culture, arts, and sports. Access the most accurate information anytime, anywhere with its digital "
        "platforms; keep up with the agenda with Yeni Şafak!</p><p>Follow us on social media.</p></div>\n"
        f'<div class="ys-footer-apps"><h4>Download Mobile Apps</h4>{apps}'
        "<p>Carry the agenda in your pocket! With Yeni Şafak's mobile apps, get instant access to the latest "
        "news. A wide range of content, from politics to economy, sports to culture and arts, is at your "
        "fingertips! Easily download it on your iOS, Android, and Huawei devices to quickly access the most "
        "accurate information anytime, anywhere. Download now, don't miss out on developments around the "
        "world!</p></div>\n"
        f'<div class="ys-footer-categories"><h4>Categories</h4><ul>{cats}</ul></div>\n'
        '<div class="ys-footer-address"><h4>Albayrak Media</h4><p>Maltepe Mah. Fetih Cad. No:6 34010 '
        "Zeytinburnu/İstanbul, Türkiye</p><p>iletisim@yenisafak.com</p><p>+90 212 467 6515</p></div>\n"
        '<div class="ys-footer-legal"><h4>LEGAL DISCLAIMER</h4><p>The BIST name and logo are protected under a '
        "'Protection Trademark Certificate' and cannot be used, quoted, or modified without permission. All "
        "information disclosed under the BIST name is fully copyrighted by BIST and may not be republished. "
        "Market data is provided by iDealdata Financial Technologies Inc. BIST stock data is delayed by 15 "
        "minutes.</p></div>\n"
        f'<div class="ys-copyright"><img class="ys-footer-logo" src="{ctx.asset("/assets/images/ys-logo.svg", cdn=True)}" alt="">'
        "© Net Medya, All right reserved. 2026</div>\n"
        f'<img class="ys-beacon" src="{ctx.asset(OFFSITE + "/pixel.png?p=ys")}" width="1" height="1" alt="">'
        f'<img class="ys-beacon" src="{ctx.asset("/private/beacon.png", cdn=True)}" width="1" height="1" alt="">\n'
        "</footer>\n</body>\n</html>\n"
    )


def _figure(ctx: Ctx, pic, cls: str, alt: str) -> str:
    credit = f'<span class="ys-photo-credit">{esc(pic.credit)}</span>' if pic.credit else ""
    cap = f'<figcaption class="ys-photo-caption">{esc(pic.caption)}</figcaption>' if pic.caption else ""
    if "cover-image" in cls:  # <picture>: art direction by width, then the img's own srcset
        img = (
            f'<picture><source media="(max-width: 600px)" srcset="{ctx.asset(variant(pic.path, 480), cdn=True)}">'
            f'<img src="{ctx.asset(pic.path)}" srcset="{srcset(ctx, pic.path, (800, 1200))}" '
            f'sizes="(max-width: 860px) 100vw, 860px" alt="{esc(alt)}" width="1200" height="675"></picture>'
        )
    else:  # body images: a density srcset, loading="lazy"
        img = (
            f'<img src="{ctx.asset(pic.path)}" srcset="{ctx.asset(variant(pic.path, 800), cdn=True)} 1x, '
            f'{ctx.asset(variant(pic.path, 1200), cdn=True)} 2x" loading="lazy" alt="{esc(alt)}" width="1200" height="675">'
        )
    return f'<figure class="{cls}">{img}{credit}{cap}</figure>\n'



def _body(ctx: Ctx, rec: ArticleRecord) -> str:
    parts, paragraphs = [], 0
    for block in rendered_blocks(rec):
        if block.kind == "p":
            parts.append(f'<p class="ys-paragraph-node">{esc(block.text)}</p>\n')
            paragraphs += 1
            if paragraphs == 3:
                parts.append(ADS.format("detail-inline") + "\n")
        elif block.kind == "h":
            parts.append(f'<h2 class="ys-heading-node">{esc(block.text)}</h2>\n')
        elif block.kind == "quote":
            parts.append(f'<blockquote class="ys-quote-node"><p class="ys-paragraph-node">{esc(block.text)}</p></blockquote>\n')
        elif block.kind == "image":
            parts.append(_figure(ctx, block.picture, "ys-image-node", block.picture.alt or ""))
        elif block.kind == "related":
            target = ctx.find(block.ref)
            if target is not None:
                parts.append(
                    '<div class="ys-related-content-node"><span class="ys-related-label">Read also</span>'
                    f'<a href="{ctx.url(target.path)}"><img class="lazyload" src="{ctx.asset(DATA_GIF)}" data-src="{ctx.asset(target.lead_image.path)}" alt="">'
                    f"<span>{esc(target.title)}</span></a></div>\n"
                )
    return "".join(parts)


def _jsonld(ctx: Ctx, rec: ArticleRecord) -> str:
    if rec.authors:
        author = [{"@type": "Person", "name": a} for a in rec.authors]
    else:
        author = [{"@type": "Organization", "name": "Yenişafak"}]
    data = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "mainEntityOfPage": {"@type": "WebPage", "@id": ctx.url(rec.path)},
        "url": ctx.url(rec.path),
        "headline": rec.title,
        "description": rec.lead,
        "image": {"@type": "ImageObject", "url": ctx.url(rec.lead_image.path), "width": 1200, "height": 675},
        "datePublished": iso_ist(rec.published),
        "dateModified": iso_ist(rec.modified),
        "author": author,
        "publisher": {
            "@type": "Organization", "name": "Yeni Şafak",
            "logo": {"@type": "ImageObject", "url": ctx.url("/assets/images/ys-logo.svg")},
        },
        "articleSection": section_name(rec.section),
        "inLanguage": "en",
    }
    if rec.tags:
        data["keywords"] = ", ".join(rec.tags)
    return jsonld(data)


def article(ctx: Ctx, rec: ArticleRecord) -> str:
    url = ctx.url(rec.path)
    meta = (
        f'<meta name="description" content="{esc(rec.lead)}">\n'
        f'<link rel="canonical" href="{url}">\n'
        '<meta property="og:type" content="article">\n'
        '<meta property="og:site_name" content="Yeni Şafak">\n'
        f'<meta property="og:url" content="{url}">\n'
        f'<meta property="og:title" content="{esc(rec.title)}">\n'
        f'<meta property="og:description" content="{esc(rec.lead)}">\n'
        f'<meta property="og:image" content="{ctx.url(rec.lead_image.path)}">\n'
        f'<meta name="datePublished" content="{iso_ist(rec.published)}">\n'
        f'<meta name="dateModified" content="{iso_ist(rec.modified)}">\n'
        + (f'<meta name="keywords" content="{esc(", ".join(rec.tags))}">\n' if rec.tags else "")
        + (f'<meta name="author" content="{esc(", ".join(rec.authors))}">\n' if rec.authors else "")
        + _jsonld(ctx, rec) + "\n"
    )
    if rec.authors:
        byline = "".join(
            '<div class="author-about-card">'
            f'<div class="author-about-card-info"><span class="author-about-card-info__name">{esc(a)}</span>'
            '<span class="author-about-card-info__title">Columnist</span></div></div>'
            for a in rec.authors
        )
    else:
        byline = '<span class="ys-detail-author-name">Yenişafak</span>'
    updated = ""
    if rec.modified != rec.published:
        updated = f'<time class="ys-detail-update" datetime="{iso_ist(rec.modified)}">Update: {ys_time(rec.modified)}</time>'
    source = f'<span class="ys-detail-source">{esc(rec.agency)}</span>' if rec.agency else ""
    tags = ""
    if rec.tags:
        links = "".join(f'<a class="ys-tag" href="{ctx.url("/search?q=" + t.replace(" ", "+"))}">{esc(t)}</a>' for t in rec.tags)
        tags = f'<div class="ys-detail-tags"><span class="ys-tags-label">Tags</span>{links}</div>\n'
    related = "".join(
        f'<li class="ys-related-news-item"><a href="{ctx.url(r.path)}"><img class="lazyload" src="{ctx.asset(DATA_GIF)}" '
        f'data-src="{ctx.asset(r.lead_image.path)}" data-srcset="{srcset(ctx, r.lead_image.path, (480,))}" alt="">'
        f"<h3>{esc(r.title)}</h3></a></li>"
        for r in ctx.others(rec, 4, lambda r: r.section == rec.section)
    )
    return (
        _head(ctx, f"{rec.title} - Yeni Şafak", meta)
        + _top(ctx, rec)
        + ADS.format("header-1") + "\n" + ADS.format("header-2") + "\n"
        + f'<main class="ys-detail" data-content-id="{rec.article_id}">\n<article class="ys-detail-article">\n'
        f'<div class="ys-breadcrumb"><a href="{ctx.url("/")}">Home</a> / '
        f'<a href="{ctx.url("/" + rec.section)}">{esc(section_name(rec.section))}</a></div>\n'
        f'<h1 class="ys-detail-title">{esc(rec.title)}</h1>\n'
        f'<div class="ys-detail-author">{byline}'
        f'<time class="ys-detail-date" datetime="{iso_ist(rec.published)}">{ys_time(rec.published)}</time>'
        f"{updated}{source}</div>\n"
        + _figure(ctx, rec.lead_image, "cover-image ys-detail-cover", rec.title)
        + f'<h2 class="ys-detail-spot">{esc(rec.lead)}</h2>\n'
        '<div class="ys-detail-content-area"><div class="ys-detail-content">\n'
        + _body(ctx, rec)
        + "</div></div>\n"
        + tags
        + "</article>\n"
        + ADS.format("detail-bottom-1") + "\n" + ADS.format("detail-bottom-2") + "\n"
        + '<section class="ys-comments"><h3>Comments</h3><div class="ys-comment-input">'
        f'<img src="{ctx.asset("/assets/images/comment-input-default.svg")}" alt="Avatar">'
        '<textarea placeholder="Write your comment"></textarea></div>'
        f'<p class="ys-comment-policy">{COMMENT_POLICY}</p></section>\n'
        f'<section class="ys-related-news"><h3>Related News</h3><ul>{related}</ul></section>\n'
        "</main>\n"
        + _footer(ctx)
    )


def listing(ctx: Ctx, heading: str, items: list[ArticleRecord], page: int, pages: int, page_url: str) -> str:
    """A section/home/search page of dated article cards, newest first."""
    cards = "".join(
        f'<article class="ys-news-card" data-content-id="{r.article_id}">'
        f'<a class="ys-news-card-link" href="{ctx.url(r.path)}"><img src="{ctx.asset(r.lead_image.path)}" alt="{esc(r.title)}">'
        f'<h3 class="ys-news-card-title">{esc(r.title)}</h3></a>'
        f'<p class="ys-news-card-spot">{esc(r.lead)}</p>'
        f'<time class="ys-news-card-date" datetime="{iso_ist(r.published)}">{ys_card_date(r.published)}</time></article>\n'
        for r in items
    )
    pager = ""
    if pages > 1:
        sep = "&" if "?" in page_url else "?"
        links = "".join(
            f'<a class="ys-page{" active" if n == page else ""}" href="{ctx.url(page_url if n == 1 else f"{page_url}{sep}page={n}")}"'
            f"{NEXT if n == page + 1 else ''}>{n}</a>"
            for n in range(1, pages + 1)
        )
        pager = f'<nav class="ys-pagination">{links}</nav>\n'
    extra = f'<link rel="canonical" href="{ctx.url(page_url)}">\n'
    return (
        _head(ctx, f"{heading} - Yeni Şafak", extra)
        + _top(ctx, None)
        + ADS.format("list-top") + "\n"
        + f'<main class="ys-category"><h1 class="ys-category-title">{esc(heading)}</h1>\n'
        f'<div class="ys-category-news-list">\n{cards}</div>\n{pager}</main>\n'
        + _footer(ctx)
    )


def not_found(ctx: Ctx) -> str:
    return (
        _head(ctx, "Page not found - Yeni Şafak")
        + f'<body><div class="ys-clock">{CLOCK}</div><main class="ys-404"><h1>404</h1>'
        f'<p>The page you are looking for could not be found.</p><a href="{ctx.url("/")}">Home</a></main></body></html>\n'
    )
