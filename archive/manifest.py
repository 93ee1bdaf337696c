"""Daily JSONL manifests: one line per archived article, per source and day.

A run rewrites only the manifests of the (source, day) pairs its own articles
were recorded on, each from that day's articles alone (two indexed catalog
queries), so the cost of a run grows with what it archived, not with the
archive (issue 9).
"""

from __future__ import annotations

import json
from datetime import datetime

from . import layout
from .catalog import Catalog
from .spool import Spool


def manifest_lines(row: dict) -> str:
    article = row["data"]
    return json.dumps({
        "source": row["source"], "key": row["article_key"], "url": row["url"],
        "canonical_url": row["canonical_url"], "title": row["title"],
        "published": row["published"], "agency": row["agency"], "score": row["score"],
        "metadata_key": row["metadata_key"], "run_id": row["run_id"],
        "archived": row["recorded"], "authors": article.get("authors", []),
    }, ensure_ascii=False, sort_keys=True)


def manifest_bytes(rows: list[dict]) -> bytes:
    rows = sorted(rows, key=lambda r: (r["recorded"], r["article_key"]))
    return ("\n".join(manifest_lines(r) for r in rows) + "\n").encode("utf-8")


def write_manifests(catalog: Catalog, spool: Spool, run_id: str) -> list[str]:
    """Rewrite the manifest of every (source, day) this run archived into."""
    keys = []
    for source, day in catalog.run_article_days(run_id):
        rows = list(catalog.day_articles(source, day))
        if not rows:
            continue
        key = layout.manifest_key(source, datetime.fromisoformat(day))
        spool.add_bytes(key, "manifest", manifest_bytes(rows), source=source, run_id=run_id)
        keys.append(key)
    return keys
