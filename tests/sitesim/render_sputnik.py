"""HTML of Sputnik International pages: article (with an infinite-scroll
neighbour), print version, daily archive / tag / home listings, the
``/services/.../more.html`` fragment."""

from __future__ import annotations

from urllib.parse import quote as urlquote

from .assets import DATA_GIF, OFFSITE, srcset, variant
from .markup import Ctx, esc, jsonld, sp_compact, sp_iso, sp_visible, unix
from .records import ArticleRecord, Block, rendered_blocks

STYLESHEET = "/css/article.css"
ICONS_CSS = "/css/sputnik-icons.css"  # on the image CDN
SVGS = ("/i/logo.svg", "/i/telegram.svg")
PUBLISHER = {
    "@type": "Organization",
    "name": "Sputnik International",
    "email": "feedback@sputniknews.com",
    "telephone": "+74956456601",
    "legalName": "MIA „Rossiya Segodnya“",
    "logo": {"@type": "ImageObject", "url": "LOGO"},
}


def tag_path(tag: str) -> str:
    return "/keyword_" + urlquote(tag.replace(" ", "_")) + "/"


def print_path(rec: ArticleRecord) -> str:
    return rec.path[: -len(".html")] + "-print.html"


def day_of(rec: ArticleRecord) -> str:
    """The YYYYMMDD of the article's URL."""
    return rec.path.split("/")[1]


def _head(ctx: Ctx, title: str, extra: str = "") -> str:
    return (
        '<!DOCTYPE html>\n<html lang="en" prefix="og: http://ogp.me/ns# article: http://ogp.me/ns/article#">\n'
        '<head>\n<meta charset="utf-8">\n'
        f"<title>{esc(title)}</title>\n"
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        # issue 10: assets the way the real site references them (assets.py)
        f'<link rel="preload" as="image" href="{ctx.asset("/i/logo.svg", cdn=True)}">\n'
        f'<link rel="stylesheet" href="{ctx.asset(STYLESHEET, kind="stylesheet")}">\n'
        f'<link rel="preload" as="style" href="{ctx.asset(ICONS_CSS, cdn=True, kind="stylesheet")}">\n'
        f'<link rel="stylesheet" href="{ctx.asset(ICONS_CSS, cdn=True, kind="stylesheet")}">\n'
        f'<link rel="shortcut icon" href="{ctx.asset("/i/favicon.png", kind="icon")}">\n'
        f'<link rel="apple-touch-icon" sizes="180x180" href="{ctx.asset("/i/apple-touch-icon.png", kind="icon")}">\n'
        f"{extra}</head>\n"
    )


def _header(ctx: Ctx) -> str:
    latest = ctx.records[0] if ctx.records else None
    archive = f'<a class="header__nav-item" href="{ctx.url("/" + day_of(latest) + "/")}">News archive</a>' if latest else ""
    return (
        '<body class="body m-article">\n<header class="header">'
        f'<a class="header__logo" href="{ctx.url("/")}"><img src="{ctx.asset("/i/logo.svg")}" alt="Sputnik International"></a>'
        f'<nav class="header__nav"><a class="header__nav-item" href="{ctx.url("/")}">News</a>{archive}</nav></header>\n'
    )


def _footer(ctx: Ctx) -> str:
    return (
        '<footer class="footer"><div class="footer__info">Sputnik International. '
        "Registered by the Federal Service for Supervision of Communications, Information Technology and Mass "
        "Media (Roskomnadzor). MIA „Rossiya Segodnya“. feedback@sputniknews.com. +74956456601</div>"
        f'<a class="footer__telegram" href="{ctx.url("/")}"><img src="{ctx.asset("/i/telegram.svg")}" alt="Telegram"></a>'
        f'<img class="footer__counter" src="{ctx.asset(OFFSITE + "/counter.png?p=sp")}" width="1" height="1" alt="">'
        f'<img class="footer__counter" src="{ctx.asset("/private/beacon.png", cdn=True)}" width="1" height="1" alt="">'
        '<div class="footer__copyright">© 2026 Sputnik. All rights reserved.</div></footer>\n</body>\n</html>\n'
    )


def _media(ctx: Ctx, pic, extra_cls: str = "") -> str:
    credit = (
        f'<div class="media__copyright"><div class="media__copyright-item m-copyright">{esc(pic.credit)}</div></div>'
        if pic.credit else ""
    )
    title = f'<div class="media__title">{esc(pic.caption)}</div>' if pic.caption else ""
    alt = esc(pic.alt if pic.alt is not None else pic.caption or "")
    return (
        f'<div class="media{extra_cls}" data-media-type="ar16x9"><div class="media__size">'
        f'<picture><source media="(min-width: 1200px)" srcset="{ctx.asset(variant(pic.path, 1200), cdn=True)}">'
        f'<img media-type="ar16x9" data-source-sid="" alt="{alt}" title="{alt}" src="{ctx.asset(pic.path)}" '
        f'srcset="{srcset(ctx, pic.path, (480, 800))}" sizes="100vw" width="1920" height="1080"></picture>'
        f"</div>{credit}{title}</div>"
    )


def _block(ctx: Ctx, rec: ArticleRecord, block: Block) -> str:
    if block.kind == "p":
        inner = f'<div class="article__text">{esc(block.text)}</div>'
        kind = "text"
    elif block.kind == "h":
        inner, kind = f'<h3 class="article__h2">{esc(block.text)}</h3>', "h2"
    elif block.kind == "quote":
        inner = f'<div class="article__quote"><div class="article__quote-bg"></div><div class="article__quote-text">{esc(block.text)}</div></div>'
        kind = "quote"
    elif block.kind == "image":
        inner, kind = _media(ctx, block.picture), "media"
    elif block.kind == "related":
        target = ctx.find(block.ref)
        if target is None:
            return ""
        inner = (
            '<div class="article__article m-image">'
            f'<a class="article__article-image" href="{ctx.url(target.path)}"><img class="lazy" src="{ctx.asset(DATA_GIF)}" '
            f'data-lazy-src="{ctx.asset(target.lead_image.path)}" data-lazy-srcset="{srcset(ctx, target.lead_image.path, (480,))}" '
            f'alt="{esc(target.title)}"></a>'
            f'<div class="article__article-info"><div class="article__article-date" data-unixtime="{unix(target.published)}">'
            f"{sp_visible(target.published)}</div>"
            f'<a class="article__article-title" href="{ctx.url(target.path)}">{esc(target.title)}</a></div></div>'
        )
        kind = "article"
    else:
        return ""
    return f'<div class="article__block" data-type="{kind}">{inner}</div>\n'


def _video(ctx: Ctx, rec: ArticleRecord) -> str:
    v = rec.video
    return (
        '<div class="article__block" data-type="media"><div class="media m-video" data-media-type="ar16x9">'
        f'<div class="video-player js-message_video_player" data-duration="{v.duration}">'
        f'<video preload="none" poster="{ctx.asset(v.thumbnail.path)}"><source src="{ctx.url(v.path)}" type="video/mp4"></video></div>'
        f'<div class="media__copyright"><div class="media__copyright-item m-copyright">© Sputnik</div></div>'
        f'<div class="media__video-title">{esc(v.name)}</div></div></div>\n'
    )


BANNER = (
    '<div class="article__block" data-type="banner"><div class="banner m-article-body" data-position="article_desktop_content-1">'
    '<div class="banner__content"></div><div class="banner__hidden">Advertisement</div></div></div>\n'
)


def _article_div(ctx: Ctx, rec: ArticleRecord) -> str:
    url = ctx.url(rec.path)
    author = rec.authors[0] if rec.authors else "Sputnik International"
    author_type = "Person" if rec.authors else "Organization"
    meta = (
        '<div class="article__meta" itemscope itemtype="https://schema.org/Article" style="display:none">'
        f'<div itemprop="mainEntityOfPage">{url}</div><div itemprop="name">{esc(rec.title)}</div>'
        f'<div itemprop="headline">{esc(rec.title)}</div><div itemprop="description">{esc(rec.lead)}</div>'
        f'<div itemprop="datePublished">{sp_iso(rec.published)}</div><div itemprop="dateCreated">{sp_iso(rec.published)}</div>'
        f'<div itemprop="dateModified">{sp_iso(rec.modified)}</div>'
        f'<div itemprop="keywords">{esc(", ".join(rec.tags))}</div><div itemprop="genre">News</div>'
        f'<div itemprop="author" itemscope itemtype="https://schema.org/{author_type}"><div itemprop="name">{esc(author)}</div></div>'
        "</div>\n"
    )
    modified = ""
    if rec.modified != rec.published:
        modified = f' <span class="article__info-date-modified" data-unixtime="{unix(rec.modified)}">(updated: {sp_visible(rec.modified)})</span>'
    uptitle = f'<div class="article__supertag-header"><span class="uptitle">{esc(rec.uptitle)}</span></div>' if rec.uptitle else ""
    byline = ""
    if rec.authors:
        byline = "".join(f'<div class="article__author"><span class="article__author-name">{esc(a)}</span></div>' for a in rec.authors)
    blocks, texts = [], 0
    for block in rendered_blocks(rec):
        blocks.append(_block(ctx, rec, block))
        if block.kind == "p":
            texts += 1
            if texts == 1 and rec.video:
                blocks.append(_video(ctx, rec))
            if texts == 2:
                blocks.append(BANNER)
    tags = "".join(
        f'<li class="tag" data-sid="{esc(t)}"><a href="{ctx.url(tag_path(t))}" class="tag__text">{esc(t)}</a></li>'
        for t in rec.tags
    )
    return (
        f'<div class="article" data-article-id="{rec.article_id}">\n'
        + meta
        + '<div class="article__header">\n'
        f'<div class="article__info"><div class="article__info-date"><a href="{ctx.url("/" + day_of(rec) + "/")}" '
        f'class="" data-unixtime="{unix(rec.published)}">{sp_visible(rec.published)}</a>{modified}</div></div>\n'
        + uptitle
        + f'<h1 class="article__title">{esc(rec.title)}</h1>\n'
        f'<div class="article__announce-text">{esc(rec.lead)}</div>\n'
        + byline
        + f'<div class="article__announce">{_media(ctx, rec.lead_image)}</div>\n'
        "</div>\n"
        '<div class="article__body">\n' + "".join(blocks) + "</div>\n"
        '<div class="article__footer">'
        f'<ul class="tags m-noButton">{tags}</ul>'
        f'<div class="article__google-news"><a href="{ctx.url("/")}">Follow Sputnik on Google News</a></div>'
        f'<div class="article__share"><a class="article__print" href="{ctx.url(print_path(rec))}" rel="nofollow">Print</a></div>'
        "</div>\n</div>\n"
    )


def _jsonld(ctx: Ctx, rec: ArticleRecord) -> str:
    publisher = dict(PUBLISHER, logo={"@type": "ImageObject", "url": ctx.url("/i/logo.svg")})
    images = [ctx.url(rec.lead_image.path)]
    if rec.video:
        images.append(ctx.url(rec.video.thumbnail.path))
    text_blocks = [b.text for b in rendered_blocks(rec) if b.kind == "p"]
    data = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "url": ctx.url(rec.path),
        "mainEntityOfPage": ctx.url(rec.path),
        "headline": rec.title,
        "name": rec.title,
        "description": rec.lead,
        "datePublished": sp_iso(rec.published),
        "dateCreated": sp_iso(rec.published),
        "dateModified": sp_iso(rec.modified),
        "articleSection": rec.section,
        "keywords": rec.tags,
        "image": images,
        "author": ({"@type": "Person", "name": rec.authors[0]} if rec.authors else publisher),
        "publisher": publisher,
        "copyrightHolder": publisher,
        "genre": "News",
        "inLanguage": "en_EN",
        # like the real page: the text without its first paragraph
        "articleBody": " ".join(text_blocks[1:]),
    }
    if rec.video:
        v = rec.video
        data["video"] = {
            "@type": "VideoObject",
            "name": v.name,
            "description": v.name,
            "thumbnailUrl": ctx.url(v.thumbnail.path),
            "uploadDate": sp_iso(rec.published),
            "duration": v.duration,
            "contentUrl": ctx.url(v.path),
            "isFamilyFriendly": True,
            "publisher": publisher,
        }
    return jsonld(data)


def article(ctx: Ctx, rec: ArticleRecord, neighbour: ArticleRecord | None) -> str:
    url = ctx.url(rec.path)
    meta = (
        f'<meta name="description" content="{esc(rec.lead)}">\n'
        f'<meta name="keywords" content="{esc(", ".join(rec.tags))}">\n'
        f'<link rel="canonical" href="{url}">\n'
        f'<meta property="og:title" content="{esc(rec.title)}">\n'
        f'<meta property="og:description" content="{esc(rec.lead)}">\n'
        f'<meta property="og:image" content="{ctx.url(rec.lead_image.path)}">\n'
        f'<meta property="og:url" content="{url}">\n'
        '<meta property="og:type" content="article">\n'
        '<meta property="og:site_name" content="Sputnik International">\n'
        '<meta property="og:locale" content="en_EN">\n'
        f'<meta property="article:published_time" content="{sp_compact(rec.published)}">\n'
        f'<meta property="article:modified_time" content="{sp_compact(rec.modified)}">\n'
        f'<meta property="article:section" content="{esc(rec.section)}">\n'
        + (f'<meta name="author" content="{esc(rec.authors[0])}">\n' if rec.authors else "")
        + _jsonld(ctx, rec) + "\n"
    )
    second = ""
    if neighbour is not None:
        second = f'<div class="endless__item" data-url="{ctx.url(neighbour.path)}">\n{_article_div(ctx, neighbour)}</div>\n'
    return (
        _head(ctx, f"{rec.title} - {rec.published.strftime('%d.%m.%Y')}, Sputnik International", meta)
        + _header(ctx)
        + '<div class="layout-article"><div id="endless" class="endless">\n'
        f'<div class="endless__item m-active" data-url="{url}">\n{_article_div(ctx, rec)}</div>\n'
        + second
        + "</div></div>\n"
        + _footer(ctx)
    )


def print_page(ctx: Ctx, rec: ArticleRecord) -> str:
    body = "".join(f"<p>{esc(b.text)}</p>\n" for b in rendered_blocks(rec) if b.kind in ("p", "h", "quote"))
    return (
        _head(ctx, f"{rec.title} - Sputnik International", '<meta name="robots" content="noindex, nofollow">\n')
        + f'<body class="print"><h1>{esc(rec.title)}</h1><div class="print__date">{sp_visible(rec.published)}</div>\n'
        f'<div class="print__lead">{esc(rec.lead)}</div>\n{body}<div class="print__url">{ctx.url(rec.path)}</div></body></html>\n'
    )


def list_items(ctx: Ctx, items: list[ArticleRecord], absolute: bool = True) -> str:
    def href(r):
        return ctx.url(r.path) if absolute else r.path

    return "".join(
        f'<div class="list__item" data-id="{r.article_id}">'
        f'<div class="list__image"><a href="{href(r)}"><img src="{ctx.asset(r.lead_image.path)}" alt="{esc(r.title)}"></a></div>'
        f'<div class="list__content"><a href="{href(r)}" class="list__title">{esc(r.title)}</a>'
        f'<div class="list__info"><div class="list__date" data-unixtime="{unix(r.published)}">{sp_visible(r.published)}</div></div></div>'
        "</div>\n"
        for r in items
    )


def listing(ctx: Ctx, heading: str, items: list[ArticleRecord], more_url: str | None, canonical: str) -> str:
    more = f'<div class="list__more" data-url="{esc(more_url)}">Load more</div>\n' if more_url else ""
    return (
        _head(ctx, f"{heading} - Sputnik International", f'<link rel="canonical" href="{ctx.url(canonical)}">\n')
        + _header(ctx)
        + f'<div class="layout-list"><h1 class="list__heading">{esc(heading)}</h1>\n'
        f'<div class="list list-archive">\n{list_items(ctx, items)}</div>\n{more}</div>\n'
        + _footer(ctx)
    )


def more_fragment(ctx: Ctx, items: list[ArticleRecord], next_url: str | None) -> str:
    nxt = f' data-next-url="{esc(next_url)}"' if next_url else ""
    return f'<div class="list-items-loaded"{nxt}>\n{list_items(ctx, items, absolute=False)}</div>\n'


def not_found(ctx: Ctx) -> str:
    return (
        _head(ctx, "Page not found - Sputnik International")
        + '<body><div class="error-page"><h1>404</h1><p>Page not found</p>'
        f'<a href="{ctx.url("/")}">Sputnik International</a></div></body></html>\n'
    )
