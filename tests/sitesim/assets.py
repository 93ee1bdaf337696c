"""Page requisites of the fixture sites (issue 10): stylesheets, fonts, images, icons.

The real sites serve their pages' assets from the site itself and from CDN hosts
(Yeni Şafak images on ``img.piri.net``, static files on ``assets.yenisafak.com``;
Sputnik images on ``cdn1.img.sputnikglobe.com``). The
fixture stands a second loopback listener in for the CDN (``SiteServer.cdn_url``).

Renderers reference every asset through :meth:`markup.Ctx.asset`, which keeps a
list of what the page referenced (:class:`Ref`): URL and whether an archiver must
fetch it. Not to be fetched: ``data:`` URIs, hosts off the allow-list
(:data:`OFFSITE`), paths robots.txt disallows (:data:`CDN_DISALLOWED`). Stylesheets
reference more assets, relative to themselves; :data:`CSS_REFS` lists them, so a
test computes a page's requisites from the fixture's own lists
(:func:`expected_requisites`), never from the crawler's extractor.

Every asset answers with ETag and Last-Modified and honours conditional requests.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import datetime
from urllib.parse import urljoin, urlsplit

from . import images, resource
from .records import UTC

# when the static assets were deployed: their Last-Modified
EPOCH = datetime(2026, 1, 5, 9, 30, tzinfo=UTC)

OFFSITE = "http://ads.example.invalid"  # an ad server no allow-list names
DATA_GIF = "data:image/gif;base64,R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7"
DATA_PNG = "data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg=="
CDN_DISALLOWED = "/private/"  # the CDN's robots.txt disallows it
CDN_ROBOTS = "User-agent: *\nDisallow: /private/\nAllow: /\n"

# stylesheets: (site, on_cdn, path) -> file under static/
CSS_FILES = {
    ("yenisafak", False, "/assets/css/ys-main.css"): "ys-main.css",
    ("yenisafak", False, "/assets/css/ys-fonts.css"): "ys-fonts.css",
    ("yenisafak", False, "/assets/css/ys-print.css"): "ys-print.css",
    ("yenisafak", True, "/assets/css/ys-detail.css"): "cdn/ys-detail.css",
    ("sputnik", False, "/css/article.css"): "article.css",
    ("sputnik", False, "/css/fonts.css"): "sp-fonts.css",
    ("sputnik", True, "/css/sputnik-icons.css"): "cdn/sputnik-icons.css",
}

# what each stylesheet references (@import, url()), as written in it: resolved against
# the stylesheet's own URL. data: URIs in them are not listed (never fetched).
CSS_REFS = {
    ("yenisafak", False, "/assets/css/ys-main.css"): (
        "ys-fonts.css", "ys-print.css", "../images/header-bg.png", "/assets/images/tag-bg.png"),
    ("yenisafak", False, "/assets/css/ys-fonts.css"): (
        "../fonts/roboto-400.woff2", "../fonts/roboto-400.woff", "../fonts/roboto-700.woff2"),
    ("yenisafak", False, "/assets/css/ys-print.css"): (),
    ("yenisafak", True, "/assets/css/ys-detail.css"): (
        "../fonts/roboto-slab-700.woff2", "/assets/images/cover-shade.png",
        "../images/quote-mark.svg"),
    ("sputnik", False, "/css/article.css"): ("fonts.css", "/i/header-pattern.png"),
    ("sputnik", False, "/css/fonts.css"): (
        "/fonts/PTSans-Regular.woff2", "/fonts/PTSans-Bold.woff2", "/fonts/PTSans-Regular.woff"),
    ("sputnik", True, "/css/sputnik-icons.css"): ("../i/play.svg", "../i/quote.png"),
}

# media on each host besides the article pictures: (site, on_cdn) -> paths
STATIC_MEDIA = {
    ("yenisafak", False): (
        "/assets/images/header-bg.png", "/assets/images/tag-bg.png", "/assets/images/hero-bg.png",
        "/assets/fonts/roboto-400.woff2", "/assets/fonts/roboto-400.woff",
        "/assets/fonts/roboto-700.woff2", "/favicon-32.png"),
    ("yenisafak", True): (
        "/assets/fonts/roboto-slab-700.woff2", "/assets/images/cover-shade.png",
        "/assets/images/quote-mark.svg", "/assets/images/ys-logo.svg",
        "/assets/images/pattern.png", "/private/beacon.png"),
    ("sputnik", False): (
        "/i/header-pattern.png", "/fonts/PTSans-Regular.woff2", "/fonts/PTSans-Bold.woff2",
        "/fonts/PTSans-Regular.woff", "/i/favicon.png", "/i/apple-touch-icon.png"),
    ("sputnik", True): ("/i/play.svg", "/i/quote.png", "/i/logo.svg", "/private/beacon.png"),
}

WIDTHS = (480, 800, 1200)  # srcset candidate widths of article pictures on the CDN


@dataclass(frozen=True)
class Ref:
    url: str
    fetch: bool  # an archiver must fetch it (False: data:, off the allow-list, robots)
    kind: str = "image"  # "stylesheet" | "image" | "font" | "icon"


def variant(path: str, width: int) -> str:
    """The CDN path of a picture resized to ``width`` (``/img/…_800x0.jpg``)."""
    stem, _, ext = path.rpartition(".")
    return f"/img{stem}_{width}x0.{ext}"


def font(path: str) -> bytes:
    """Deterministic stand-in bytes of a web font (a woff2/woff signature, then hash bytes)."""
    sig = b"wOF2" if path.endswith(".woff2") else b"wOFF"
    block, out = path.encode(), bytearray(sig)
    while len(out) < 600:
        block = hashlib.sha256(block).digest()
        out += block
    return bytes(out)


def body_for(path: str) -> tuple[str, bytes] | None:
    if path.endswith(".woff2"):
        return "font/woff2", font(path)
    if path.endswith(".woff"):
        return "font/woff", font(path)
    return images.media_for(path)


def asset(path: str, last_modified: datetime = EPOCH) -> resource.Resource | None:
    """A font or image with validators (ETag from the bytes, Last-Modified)."""
    found = body_for(path)
    if found is None:
        return None
    ctype, body = found
    return resource.Resource(200, ctype, body, "media", conditional=True,
                             last_modified=last_modified)


def stylesheet(site: str, on_cdn: bool, path: str) -> resource.Resource | None:
    name = CSS_FILES.get((site, on_cdn, path))
    res = resource.static(name) if name else None
    if res is not None:
        res.conditional, res.last_modified = True, EPOCH
    return res


def picture_variants(records) -> dict[str, datetime]:
    """CDN path -> Last-Modified of every resized article picture."""
    out = {}
    for r in records:
        pics = [r.lead_image] + [b.picture for b in r.body if getattr(b, "kind", None) == "image"]
        for pic in pics:
            for w in WIDTHS:
                out[variant(pic.path, w)] = r.published
    return out


def cdn_route(site: str, target: str, records) -> resource.Resource | None:
    """What the CDN host answers (None: 404)."""
    path = urlsplit(target).path
    if path == "/robots.txt":
        return resource.text(CDN_ROBOTS)
    if (site, True, path) in CSS_FILES:
        return stylesheet(site, True, path)
    if path in STATIC_MEDIA[(site, True)]:
        return asset(path)
    when = picture_variants(records).get(path)
    if when is not None:
        return asset(path, when)
    return None


def site_asset(site: str, path: str) -> resource.Resource | None:
    """The site's own stylesheets and static media (None: not one of them)."""
    if (site, False, path) in CSS_FILES:
        return stylesheet(site, False, path)
    if path in STATIC_MEDIA[(site, False)]:
        return asset(path)
    return None


def srcset(ctx, pic_path: str, widths=WIDTHS) -> str:
    """A ``srcset`` of CDN variants, each registered as a requisite."""
    return ", ".join(f"{ctx.asset(variant(pic_path, w), cdn=True)} {w}w" for w in widths)


def expected_requisites(refs: list[Ref], site: str, base_url: str, cdn_url: str) -> set[str]:
    """Every URL an archiver must fetch for a page whose references are ``refs``:
    the fetchable references, and what the fixture's stylesheets among them reference
    (recursively), from :data:`CSS_REFS`."""
    out: set[str] = set()
    todo = [r.url for r in refs if r.fetch]
    while todo:
        url = todo.pop()
        if url in out:
            continue
        out.add(url)
        parts = urlsplit(url)
        origin = f"{parts.scheme}://{parts.netloc}"
        on_cdn = origin == cdn_url.rstrip("/")
        if not on_cdn and origin != base_url.rstrip("/"):
            continue
        for ref in CSS_REFS.get((site, on_cdn, parts.path), ()):
            todo.append(urljoin(url, ref))
    return out
