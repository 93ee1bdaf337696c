"""A redesigned article layout for the Sputnik fixture (scheduler tests: fill-rate alert).

After a redesign the site renders article pages as an app shell: the headline and
the lead stay in ``<title>``, ``og:title`` and ``og:description`` and the visible
header, but the text and the dates move into a client-side state blob
(``<script type="application/x-state">``), with none of the old body selectors,
no JSON-LD and no ``article:published_time``. Pages still name the story's
places and people in the header, so they are archived; what the extraction can
no longer find is the body and the publication time.

    srv = RedesignedSite("sputnik").start(); srv.redesigned = True
"""

from __future__ import annotations

import json

from . import resource
from .markup import esc
from .records import ArticleRecord
from .render_sputnik import rendered_blocks
from .routes_sputnik import ARTICLE_RE
from .server import SiteServer


def redesigned_article(base_url: str, rec: ArticleRecord) -> str:
    url = base_url + rec.path
    state = {"id": rec.article_id, "text": [b.text for b in rendered_blocks(rec) if b.kind == "p"],
             "ts": int(rec.published.timestamp())}
    return (
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n"
        f"<title>{esc(rec.title)}</title>\n"
        f'<meta property="og:title" content="{esc(rec.title)}">\n'
        f'<meta property="og:description" content="{esc(rec.lead)}">\n'
        f'<meta name="description" content="{esc(rec.lead)}">\n'
        f'<link rel="canonical" href="{url}">\n'
        "</head><body>\n<div id=\"app\" class=\"shell\">\n"
        f'<header class="x-head"><span class="x-head__h">{esc(rec.title)}</span>'
        f'<span class="x-head__sub">{esc(rec.lead)}</span></header>\n'
        '<main class="x-main" data-hydrate="story"></main>\n</div>\n'
        '<script type="application/x-state">' + json.dumps(state).replace("<", "\\u003c")
        + "</script>\n</body></html>\n")


class RedesignedSite(SiteServer):
    """The Sputnik fixture whose article pages switch to the redesign when
    ``redesigned`` is set (feeds, sitemaps and listings stay as they were)."""

    redesigned = False

    def resolve(self, target: str) -> resource.Resource:
        path = target.split("?", 1)[0]
        m = ARTICLE_RE.match(path)
        if self.redesigned and m and not m.group(4):
            rec = next((r for r in self.records if r.article_id == m.group(3)), None)
            if rec is not None:
                return resource.html(redesigned_article(self.base_url, rec))
        return super().resolve(target)
