"""Daily JSONL manifests: one line per archived article, per source and day."""

from __future__ import annotations

import json
from collections import defaultdict
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


def write_manifests(catalog: Catalog, spool: Spool, run_id: str) -> list[str]:
    """Rewrite the manifest of every (source, day) this run archived into."""
    by_day: dict[tuple[str, str], list[dict]] = defaultdict(list)
    touched: set[tuple[str, str]] = set()
    for row in catalog.articles(relevant=True):
        day = row["recorded"][:10]
        by_day[(row["source"], day)].append(row)
        if row["run_id"] == run_id:
            touched.add((row["source"], day))
    keys = []
    for source, day in sorted(touched):
        rows = sorted(by_day[(source, day)], key=lambda r: (r["recorded"], r["article_key"]))
        data = ("\n".join(manifest_lines(r) for r in rows) + "\n").encode("utf-8")
        key = layout.manifest_key(source, datetime.fromisoformat(day))
        spool.add_bytes(key, "manifest", data, source=source, run_id=run_id)
        keys.append(key)
    return keys
