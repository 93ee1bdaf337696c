"""URL routing of the Sputnik International fixture: path -> Resource."""

from __future__ import annotations

import re
from datetime import date
from urllib.parse import parse_qs, unquote, urlsplit

from . import feeds_sputnik as feeds
from . import render_sputnik as render
from . import assets, resource
from .markup import Ctx
from .records import ArticleRecord, Block

ARTICLE_RE = re.compile(r"^/(\d{8})/(?:([^/]*)-)?(\d{8,})(-print)?\.html$")
DAY_RE = re.compile(r"^/(\d{8})/?$")
MORE_RE = re.compile(r"^/services/([^/]+)/more\.html$")
YMD_RE = re.compile(r"^\d{8}$")
ARCHIVE_SIZE = 20
CYRILLIC = re.compile(r"[\u0400-\u04FF]")


def _ymd(value: str | None) -> date | None:
    if not value or not YMD_RE.match(value):
        return None
    try:
        return date(int(value[:4]), int(value[4:6]), int(value[6:]))
    except ValueError:
        return None


def _newest(items) -> object:
    return max((r.modified for r in items), default=None)


def _media_paths(ctx: Ctx) -> set[str]:
    paths = set(render.SVGS)
    for r in ctx.records:
        paths.add(r.lead_image.path)
        paths.update(b.picture.path for b in r.body if isinstance(b, Block) and b.kind == "image")
        if r.video:
            paths.update((r.video.thumbnail.path, r.video.path))
    return paths


def _listing(ctx: Ctx, heading: str, items, canonical: str, more_url: str | None = None) -> resource.Resource:
    res = resource.html(render.listing(ctx, heading, items, more_url, canonical), conditional=True)
    res.last_modified = _newest(items)
    return res


def _neighbour(ctx: Ctx, rec: ArticleRecord) -> ArticleRecord | None:
    """The unrelated story that the infinite scroll appends below ``rec``."""
    cands = sorted(
        (r for r in ctx.records if r.category == "unrelated" and r.article_id != rec.article_id),
        key=lambda r: r.article_id,
    ) or [r for r in ctx.records if r.article_id != rec.article_id]
    return cands[int(rec.article_id) % len(cands)] if cands else None


def _day_items(ctx: Ctx, start: date, end: date) -> list[ArticleRecord]:
    lo, hi = start.strftime("%Y%m%d"), end.strftime("%Y%m%d")
    return [r for r in ctx.records if lo <= render.day_of(r) <= hi]


def route(target: str, ctx: Ctx) -> resource.Resource:
    found = _route(target, ctx)
    if found is None:
        return resource.html(render.not_found(ctx), status=404)
    return found


def _route(target: str, ctx: Ctx) -> resource.Resource | None:
    parts = urlsplit(target)
    path, q = parts.path, {k: v[0] for k, v in parse_qs(parts.query).items()}
    if path == "/robots.txt":
        return resource.text(feeds.robots(ctx))
    if path == "/export/rss2/archive/index.xml":
        items = ctx.records[:10]
        return resource.xml(feeds.rss(ctx, items), "application/rss+xml; charset=utf-8", last_modified=_newest(items))
    if path == "/sitemap_article_index.xml":
        return _sitemap_index(ctx)
    if path == "/sitemap_article.xml":
        start, end = _ymd(q.get("date_start")), _ymd(q.get("date_end"))
        if start is None or end is None:
            return None
        items = _day_items(ctx, start, end)
        return resource.xml(feeds.article_sitemap(ctx, items), last_modified=_newest(items))
    if path == "/sitemap_list_index.xml":
        return resource.xml(feeds.sitemap_index(ctx, [("/sitemap_list.xml", _newest(ctx.records))]),
                            last_modified=_newest(ctx.records))
    if path == "/sitemap_list.xml":
        tags: dict[str, object] = {}
        for r in ctx.records:
            for t in r.tags:
                if not CYRILLIC.search(t):
                    tags[t] = max(tags.get(t, r.modified), r.modified)
        return resource.xml(feeds.url_sitemap(ctx, [(render.tag_path(t), lm) for t, lm in sorted(tags.items())]),
                            last_modified=_newest(ctx.records))
    if path == "/sitemap_archive.xml":
        days: dict[str, object] = {}
        for r in ctx.records:
            d = render.day_of(r)
            days[d] = max(days.get(d, r.modified), r.modified)
        return resource.xml(feeds.url_sitemap(ctx, [(f"/{d}/", lm) for d, lm in sorted(days.items(), reverse=True)]),
                            last_modified=_newest(ctx.records))
    if path == "/":
        return _listing(ctx, "News", ctx.records[:ARCHIVE_SIZE], "/")
    if (found := assets.site_asset("sputnik", path)) is not None:  # issue 10: stylesheets, fonts
        return found
    if path in _media_paths(ctx):
        return resource.media(path)
    m = DAY_RE.match(path)
    if m and _ymd(m.group(1)):
        if not path.endswith("/"):
            return resource.redirect(ctx.url(path + "/"))
        day = _ymd(m.group(1))
        items = _day_items(ctx, day, day)
        shown = items[:ARCHIVE_SIZE]
        last_id = shown[-1].article_id if shown else "0"
        more = f"/services/{m.group(1)}/more.html?id={last_id}&date={m.group(1)}T235959"
        return _listing(ctx, f"News archive and major events - {day.strftime('%d.%m.%Y')}", shown, path, more)
    m = MORE_RE.match(path)
    if m:
        return _more(ctx, m.group(1), q)
    if path.startswith("/keyword_") and path.endswith("/"):
        tag = unquote(path[len("/keyword_"):-1]).replace("_", " ")
        items = [r for r in ctx.records if tag in r.tags]
        return _listing(ctx, tag, items, path) if items else None
    m = ARTICLE_RE.match(path)
    if m:
        for r in ctx.records:
            if r.article_id == m.group(3):
                want = render.print_path(r) if m.group(4) else r.path
                if want != path:
                    return resource.redirect(ctx.url(want))
                if m.group(4):
                    return resource.html(render.print_page(ctx, r))
                # i8-evidence: article pages carry validators, as the re-capture schedule expects
                # (of the article itself, not of the story scrolled in below it)
                return resource.html(render.article(ctx, r, _neighbour(ctx, r)), conditional=True,
                                     last_modified=r.modified, validator=repr(r).encode("utf-8"))
    return None


def _sitemap_index(ctx: Ctx) -> resource.Resource:
    days = sorted(render.day_of(r) for r in ctx.records)
    children = []
    if days:
        for start, end in reversed(feeds.month_ranges(_ymd(days[0]), _ymd(days[-1]))):
            items = _day_items(ctx, _ymd(start), _ymd(end))
            children.append((f"/sitemap_article.xml?date_start={start}&date_end={end}", _newest(items)))
    return resource.xml(feeds.sitemap_index(ctx, children), last_modified=_newest(ctx.records))


def _more(ctx: Ctx, key: str, q: dict[str, str]) -> resource.Resource:
    """The "load more" fragment (robots.txt disallows /services/)."""
    day = _ymd(key)
    items = _day_items(ctx, day, day) if day else list(ctx.records)
    after = q.get("id")
    if after and any(r.article_id == after for r in items):
        idx = [r.article_id for r in items].index(after)
        items = items[idx + 1:]
    chunk = items[:ARCHIVE_SIZE]
    next_url = None
    if len(items) > ARCHIVE_SIZE:
        next_url = f"/services/{key}/more.html?id={chunk[-1].article_id}"
    return resource.html(render.more_fragment(ctx, chunk, next_url))
