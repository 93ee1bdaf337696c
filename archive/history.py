"""An article's history (i8-evidence): its captures, re-capture schedule and versions,
for ``newsarchive versions URL|ID`` and the ``versions``/``last_change`` of export."""

from __future__ import annotations

from datetime import datetime, timezone
from typing import Any


def _when(epoch: float | None) -> str | None:
    if epoch is None:
        return None
    return datetime.fromtimestamp(epoch, timezone.utc).isoformat(timespec="seconds")


def article_history(catalog, ref: str) -> list[dict[str, Any]]:
    """One document per article the URL, id or key names (usually one)."""
    out = []
    for source, key in catalog.find_articles(ref):
        row = catalog.article(source, key)
        schedule = catalog.recapture(source, key)
        captures = [c for c in catalog.captures()
                    if c["source"] == source and c["article_key"] == key
                    and c["record_type"] in ("response", "revisit")]
        out.append({
            "source": source, "article_key": key,
            "url": row["url"] if row else (schedule or {}).get("url"),
            "title": row["title"] if row else None,
            "captures": [{"warc_date": c["warc_date"], "record_type": c["record_type"],
                          "status": c["status"], "url": c["url"], "warc_key": c["warc_key"]}
                         for c in captures],
            "schedule": None if schedule is None else {
                "state": schedule["state"], "checks": schedule["checks"],
                "first_captured": _when(schedule["captured_at"]),
                "next_due": _when(schedule["due"]), "last_status": schedule["last_status"]},
            "versions": catalog.versions(source, key)})
    return out


def format_history(doc: dict[str, Any]) -> str:
    lines = [f"{doc['source']} {doc['article_key']}  {doc['title'] or '-'}", f"  {doc['url']}"]
    sched = doc["schedule"]
    if sched:
        lines.append(f"  re-capture: {sched['state']}, {sched['checks']} check(s), first captured "
                     f"{sched['first_captured']}, next due {sched['next_due'] or '-'}")
    lines.append(f"  captures ({len(doc['captures'])}):")
    for c in doc["captures"]:
        lines.append(f"    {c['warc_date']}  {c['status'] or '-':>3}  {c['record_type']:<8} "
                     f"{c['url']}")
    lines.append(f"  versions ({len(doc['versions'])}):")
    for v in doc["versions"]:
        flag = "  FLAGGED" if v["flagged"] else ""
        lines.append(f"    {v['captured']}  {v['kind']}  status {v['status'] or '-'}{flag}"
                     + (f"  ({v['reason']})" if v["reason"] else ""))
        for name, change in (v["changes"] or {}).items():
            lines.append(f"      {name}: {change['before']!r} -> {change['after']!r}")
        if v["body_diff"]:
            lines.extend("      " + line for line in v["body_diff"].rstrip("\n").splitlines())
    return "\n".join(lines)
