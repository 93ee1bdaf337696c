"""A source's run history, read from the catalog, in the shape the alert rules take."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

FIELDS = ("title", "lead", "body", "published", "authors", "section", "tags")


@dataclass
class RunView:
    run_id: str
    source: str
    status: str  # running | ok | ok-spooled | degraded | failed
    started: datetime
    finished: datetime | None
    stats: dict  # the source's crawl counters
    totals: dict = field(default_factory=dict)
    timed_out: bool = False
    backlog_files: int | None = None
    archived_articles: int = 0
    fill: dict[str, float] = field(default_factory=dict)  # field -> share of articles filled
    bytes: int = 0
    reasons: list[str] = field(default_factory=list)

    @property
    def succeeded(self) -> bool:
        return self.status in ("ok", "ok-spooled", "degraded")

    @property
    def duration_s(self) -> float | None:
        return (self.finished - self.started).total_seconds() if self.finished else None


def filled(value) -> bool:
    if value is None:
        return False
    if isinstance(value, str):
        return bool(value.strip())
    if isinstance(value, (list, dict, tuple)):
        return bool(value)
    return True


def fill_rates(articles) -> tuple[int, dict[str, float]]:
    """(articles, {field: share with the field filled}) over archived (not irrelevant)
    articles."""
    counts = dict.fromkeys(FIELDS, 0)
    n = 0
    for a in articles:
        if a.get("decision") == "irrelevant":
            continue
        n += 1
        for f in FIELDS:
            counts[f] += filled(a["data"].get(f))
    return n, ({f: counts[f] / n for f in FIELDS} if n else {})


class History:
    """Run views per source from the catalog; fill rates are computed once per run."""

    def __init__(self, catalog):
        self.catalog = catalog
        self._fill: dict[str, tuple[int, dict, int]] = {}

    def view(self, run: dict, source: str) -> RunView:
        stats = run["stats"] or {}
        finished = run.get("finished")
        v = RunView(run["run_id"], source, run["status"],
                    datetime.fromisoformat(run["started"]),
                    datetime.fromisoformat(finished) if finished else None,
                    (stats.get("sources") or {}).get(source, {}), stats.get("totals") or {},
                    bool(stats.get("timed_out")), (stats.get("backlog") or {}).get("files"),
                    reasons=list(stats.get("reasons") or []))
        if run["status"] != "running":
            if run["run_id"] not in self._fill:
                n, rates = fill_rates(self.catalog.run_articles(run["run_id"]))
                self._fill[run["run_id"]] = (n, rates, self.catalog.run_bytes(run["run_id"]))
            v.archived_articles, v.fill, v.bytes = self._fill[run["run_id"]]
        return v

    def last_new(self, source: str) -> datetime | None:
        """When the source last met an article it had not seen (from the catalog)."""
        when = self.catalog.last_new_article(source)
        return datetime.fromisoformat(when) if when else None

    def runs(self, source: str, limit: int) -> list[RunView]:
        """The source's runs (runs of this source alone), oldest first."""
        out = [self.view(r, source) for r in self.catalog.runs(limit * 8 + 20)
               if r["sources"] == [source]]
        return list(reversed(out[:limit]))
