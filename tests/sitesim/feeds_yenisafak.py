"""Yeni Şafak English RSS feeds and robots.txt."""

from __future__ import annotations

from .markup import Ctx, esc, rfc822_gmt3
from .records import ArticleRecord


def rss(ctx: Ctx, items: list[ArticleRecord], self_path: str, title: str) -> str:
    """RSS 2.0; pubDate ends in a literal "GMT+3" like the real feeds."""
    entries = "".join(
        "<item>\n"
        f"<title>{esc(r.title)}</title>\n"
        f"<link>{ctx.url(r.path)}</link>\n"
        f'<atom:link href="{ctx.url(r.path)}"/>\n'
        f"<description>{esc(r.lead)}</description>\n"
        f"<pubDate>{rfc822_gmt3(r.published)}</pubDate>\n"
        f"<image><url>{ctx.url(r.lead_image.path)}</url></image>\n"
        "</item>\n"
        for r in items
    )
    build = f"<lastBuildDate>{rfc822_gmt3(items[0].published)}</lastBuildDate>\n" if items else ""
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom">\n<channel>\n'
        f"<title>{esc(title)}</title>\n<link>{ctx.url('/')}</link>\n"
        "<description>Latest news from Yeni Şafak English</description>\n<language>en</language>\n"
        f'<atom:link href="{esc(ctx.url(self_path))}" rel="self" type="application/rss+xml"/>\n'
        f"{build}{entries}</channel>\n</rss>\n"
    )


def robots(ctx: Ctx) -> str:
    return (
        "User-agent: *\n"
        "Disallow: /search\n"
        "Disallow: /api/\n"
        "Allow: /\n"
    )
