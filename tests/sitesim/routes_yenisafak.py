"""URL routing of the Yeni Şafak English fixture: path -> Resource."""

from __future__ import annotations

import re
from urllib.parse import parse_qs, urlsplit

from . import feeds_yenisafak as feeds
from . import render_yenisafak as render
from . import assets, resource
from .markup import Ctx, ys_clock
from .records import ArticleRecord

PAGE_SIZE = 10
ARTICLE_RE = re.compile(r"^/([a-z0-9-]+)/([a-z0-9-]+)-(\d{7})$")


def _listing_names(ctx: Ctx) -> set[str]:
    names = {"world", "turkiye", "economy", "turkey-economy"}
    for r in ctx.records:
        names.add(r.section)
        names.update(r.listings)
    return names


def _in_listing(r: ArticleRecord, name: str) -> bool:
    return r.section == name or name in r.listings


def _media_paths(ctx: Ctx) -> set[str]:
    paths = set(render.SVGS)
    for r in ctx.records:
        paths.add(r.lead_image.path)
        paths.update(b.picture.path for b in r.body if getattr(b, "kind", None) == "image")
    return paths


def _page(ctx: Ctx, text: str, status: int = 200, conditional: bool = False, items=()) -> resource.Resource:
    """Fill in the render clock; validators hash the page without it."""
    body = text.replace(render.CLOCK, ys_clock(ctx.now))
    res = resource.html(body, status)
    if conditional:
        res.conditional = True
        res.validator = text.encode("utf-8")
        res.last_modified = max((r.modified for r in items), default=None)
    return res


def _query(query: str) -> dict[str, str]:
    return {k: v[0] for k, v in parse_qs(query).items()}


def _int(value: str | None, default: int) -> int | None:
    if value is None:
        return default
    return int(value) if value.isdigit() else None


def _listing(ctx: Ctx, heading: str, items: list[ArticleRecord], page_url: str, page_arg: str | None):
    page = _int(page_arg, 1)
    pages = max(1, -(-len(items) // PAGE_SIZE))
    if page is None or not 1 <= page <= pages:
        return None
    chunk = items[(page - 1) * PAGE_SIZE: page * PAGE_SIZE]
    return _page(ctx, render.listing(ctx, heading, chunk, page, pages, page_url), conditional=True, items=chunk)


def route(target: str, ctx: Ctx) -> resource.Resource:
    found = _route(target, ctx)
    if found is None:
        return _page(ctx, render.not_found(ctx), status=404)
    return found


def _route(target: str, ctx: Ctx) -> resource.Resource | None:
    parts = urlsplit(target)
    path, q = parts.path, _query(parts.query)
    if path == "/robots.txt":
        return resource.text(feeds.robots(ctx))
    if path == "/rss":
        items = ctx.records[:10]
        res = resource.xml(feeds.rss(ctx, items, "/rss", "Yeni Şafak English"), "application/rss+xml; charset=utf-8")
        res.last_modified = max((r.modified for r in items), default=None)
        return res
    if path == "/rss-feeds":
        take = _int(q.get("take"), 20)
        category = (q.get("category") or "").strip("/")
        if take is None or (category and category not in _listing_names(ctx)):
            return None
        items = [r for r in ctx.records if not category or _in_listing(r, category)][: min(take, 100)]
        title = f"Yeni Şafak English - {render.section_name(category)}" if category else "Yeni Şafak English"
        res = resource.xml(feeds.rss(ctx, items, target, title), "application/rss+xml; charset=utf-8")
        res.last_modified = max((r.modified for r in items), default=None)
        return res
    if path == "/":
        return _listing(ctx, "Latest News", ctx.records, "/", q.get("page"))
    if path == "/search":
        word = (q.get("q") or "").strip().lower()
        items = [r for r in ctx.records if word and (word in r.title.lower() or word in [t.lower() for t in r.tags])]
        return _listing(ctx, f"Search: {q.get('q', '')}", items, "/search?q=" + word.replace(" ", "+"), q.get("page"))
    if (found := assets.site_asset("yenisafak", path)) is not None:  # issue 10: stylesheets, fonts
        return found
    if path in _media_paths(ctx):
        return resource.media(path)
    name = path.strip("/")
    if "/" not in name and name in _listing_names(ctx):
        items = [r for r in ctx.records if _in_listing(r, name)]
        return _listing(ctx, render.section_name(name), items, "/" + name, q.get("page"))
    m = ARTICLE_RE.match(path)
    if m:
        for r in ctx.records:
            if r.article_id == m.group(3):
                if r.path != path:
                    return resource.redirect(ctx.url(r.path))
                # i8-evidence: article pages carry validators of the article itself
                # (not of the sidebars or the render clock)
                res = _page(ctx, render.article(ctx, r), conditional=True, items=[r])
                res.validator = repr(r).encode("utf-8")
                return res
    return None
