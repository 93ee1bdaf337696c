"""Helpers of the discovery fault tests: extra articles, the in-range truth, catalog reads.

The truth is computed from the fixture's own records: an article is in range of
``--since D`` when its publication date in the site's own time zone is D or later.
"""

from __future__ import annotations

import dataclasses
import re
import sqlite3
from datetime import date, datetime, time, timedelta, timezone
from pathlib import Path
from zoneinfo import ZoneInfo

from tests.sitesim import SiteServer, new_article

UTC = timezone.utc
SITE_TZ = {"yenisafak": ZoneInfo("Europe/Istanbul"), "sputnik": ZoneInfo("Europe/Moscow")}
SINCE = date(2025, 10, 1)


def publish_extra(srv: SiteServer, n: int = 150, since: date = SINCE) -> None:
    """``n`` generated articles spread from three weeks before ``since`` up to now,
    half of them relevant (as bench/bench_pipeline.py publishes them), some of Yeni
    Şafak's in a section without a listing of its own, plus the articles around
    midnight of ``since`` in the site's time zone: just inside and just outside the
    range."""
    now = datetime.now(UTC).replace(second=0, microsecond=0)
    start = datetime.combine(since, time(12), UTC) - timedelta(days=21)
    step = (now - timedelta(minutes=10) - start) / n
    tz = SITE_TZ[srv.site]
    midnight = datetime.combine(since, time(0), tz)
    times = [start + step * i for i in range(n - 2)]
    times += [midnight + timedelta(minutes=30), midnight - timedelta(minutes=30)]
    for i, when in enumerate(times):
        category = "russia-syria" if i % 2 else "unrelated"
        rec = new_article(srv.site, category=category, published=when,
                          title=f"Backfill story {i} on "
                                + ("Russia and Syria" if i % 2 else "the lira"))
        if srv.site == "yenisafak" and i % 10 == 4:  # a section without a listing of its own
            rec = dataclasses.replace(rec, section="technology", path="")
        srv.publish(rec)


def in_range(srv: SiteServer, since: date = SINCE) -> set[str]:
    tz = SITE_TZ[srv.site]
    return {r.article_id for r in srv.records if r.published.astimezone(tz).date() >= since}


def found(data_dir: Path, source: str) -> set[str]:
    """Ids of the articles the catalog holds (archived or judged irrelevant)."""
    with sqlite3.connect(data_dir / "catalog.sqlite") as db:
        rows = db.execute("SELECT article_id FROM articles WHERE source=?", (source,)).fetchall()
    return {r[0] for r in rows}


def run_status(stdout: str) -> str:
    m = re.search(r"^run \S+: (\S+)", stdout, re.M)
    assert m, stdout
    return m.group(1)


def source_stats(data_dir: Path, source: str) -> dict:
    import json

    with sqlite3.connect(data_dir / "catalog.sqlite") as db:
        row = db.execute("SELECT stats FROM runs ORDER BY started DESC LIMIT 1").fetchone()
    return json.loads(row[0])["sources"][source]


def pending_attempts(data_dir: Path, source: str) -> dict[str, int]:
    """Article URL → attempts, of what the catalog holds pending."""
    with sqlite3.connect(data_dir / "catalog.sqlite") as db:
        rows = db.execute("SELECT url, attempts FROM pending WHERE source=?",
                          (source,)).fetchall()
    return dict(rows)


def has_validators(data_dir: Path, url: str) -> bool:
    with sqlite3.connect(data_dir / "catalog.sqlite") as db:
        return bool(db.execute("SELECT 1 FROM validators WHERE url=?", (url,)).fetchall())


class RewritingServer(SiteServer):
    """The fixture site with some answers replaced: ``rewrites[path](resource) -> resource``."""

    def __init__(self, site: str, **kw):
        super().__init__(site, **kw)
        self.rewrites: dict = {}

    def resolve(self, target: str):
        res = super().resolve(target)
        fix = self.rewrites.get(target)
        return fix(res) if fix else res
