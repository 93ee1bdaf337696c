"""Sputnik International RSS feed, sitemaps and robots.txt."""

from __future__ import annotations

from datetime import date

from .markup import Ctx, esc, rfc822, w3c
from .records import ArticleRecord

XML_HEAD = '<?xml version="1.0" encoding="UTF-8"?>\n'


def rss(ctx: Ctx, items: list[ArticleRecord]) -> str:
    entries = "".join(
        "<item>\n"
        f"<title>{esc(r.title)}</title>\n"
        f"<link>{ctx.url(r.path)}</link>\n"
        f"<pubDate>{rfc822(r.published)}</pubDate>\n"
        f'<description><![CDATA[<img src="{ctx.url(r.lead_image.path)}" /><p>{esc(r.lead)}</p>]]></description>\n'
        "</item>\n"
        for r in items
    )
    build = f"<lastBuildDate>{rfc822(items[0].published)}</lastBuildDate>\n" if items else ""
    return (
        XML_HEAD + '<rss version="2.0">\n<channel>\n<title>Sputnik International</title>\n'
        f"<link>{ctx.url('/')}</link>\n<description>Sputnik International - breaking news and analysis</description>\n"
        "<language>en</language>\n<copyright>Sputnik International</copyright>\n"
        f"{build}{entries}</channel>\n</rss>\n"
    )


def month_ranges(first: date, last: date) -> list[tuple[str, str]]:
    """(date_start, date_end) YYYYMMDD pairs for every month from first to last."""
    out, y, m = [], first.year, first.month
    while (y, m) <= (last.year, last.month):
        ny, nm = (y + 1, 1) if m == 12 else (y, m + 1)
        end = date(ny, nm, 1).toordinal() - 1
        out.append((f"{y:04d}{m:02d}01", date.fromordinal(end).strftime("%Y%m%d")))
        y, m = ny, nm
    return out


def sitemap_index(ctx: Ctx, children: list[tuple[str, object]]) -> str:
    """children: (path, lastmod datetime or None)."""
    entries = "".join(
        f"<sitemap><loc>{esc(ctx.url(path))}</loc>" + (f"<lastmod>{w3c(lm)}</lastmod>" if lm else "") + "</sitemap>\n"
        for path, lm in children
    )
    return XML_HEAD + f'<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n{entries}</sitemapindex>\n'


def article_sitemap(ctx: Ctx, items: list[ArticleRecord]) -> str:
    entries = "".join(
        f"<url><loc>{ctx.url(r.path)}</loc><lastmod>{w3c(r.modified)}</lastmod>"
        "<changefreq>monthly</changefreq><priority>0.5</priority>"
        f"<image:image><image:loc>{esc(ctx.url(r.lead_image.path))}</image:loc></image:image></url>\n"
        for r in items
    )
    return (
        XML_HEAD + '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" '
        'xmlns:image="http://www.google.com/schemas/sitemap-image/1.1">\n' + entries + "</urlset>\n"
    )


def url_sitemap(ctx: Ctx, paths: list[tuple[str, object]]) -> str:
    entries = "".join(
        f"<url><loc>{esc(ctx.url(p))}</loc>" + (f"<lastmod>{w3c(lm)}</lastmod>" if lm else "") + "</url>\n"
        for p, lm in paths
    )
    return XML_HEAD + f'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n{entries}</urlset>\n'


def robots(ctx: Ctx) -> str:
    """As described in sites.md 1.4 (SP1)."""
    return (
        "User-agent: *\n"
        "Disallow: /search/\n"
        "Disallow: /services/\n"
        "Disallow: /cms/\n"
        "Disallow: *-print.html$\n"
        "Allow: /\n"
        "Clean-param: utm_source&utm_medium&utm_campaign&utm_content&utm_term\n"
        "\n"
        f"Sitemap: {ctx.url('/sitemap_article_index.xml')}\n"
        f"Sitemap: {ctx.url('/sitemap_list_index.xml')}\n"
        f"Sitemap: {ctx.url('/sitemap_archive.xml')}\n"
    )
