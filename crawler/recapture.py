"""The re-capture schedule of archived articles, and what changed between versions.

Pure functions (no I/O, ``now`` always passed in): the spider asks the catalog for
the rows due, the pipeline compares a re-fetched article with the one archived.

Schedule: an article first captured at ``t0`` is fetched again, conditionally, at
``t0 + ages[0]``, ``t0 + ages[1]``, … (default one hour, one day, one week). After a
check it waits for the next age still in the future (a run that comes late skips
the ages that have passed rather than fetching twice in a row); after the last age,
or after a takedown, it is not fetched again.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field
from typing import Any, Sequence
from urllib.parse import urlsplit

# the fields of an article whose change makes a new version
TEXT_FIELDS = ("title", "lead")
TIME_FIELDS = ("published", "modified")

# version kinds
EDITED = "edited"  # title, lead, body or times changed
TAKEDOWN = "takedown"  # 404/410, or a redirect to a page that is not an article


def first_due(captured_at: float, ages: Sequence[float]) -> tuple[int, float] | None:
    """(step, due) of the first re-capture of an article captured at ``captured_at``."""
    return (0, captured_at + ages[0]) if ages else None


def next_due(captured_at: float, ages: Sequence[float], now: float) -> tuple[int, float] | None:
    """After a check at ``now``: (step, due) of the next age still ahead, None when done."""
    for step, age in enumerate(ages):
        if captured_at + age > now:
            return step, captured_at + age
    return None


def is_due(due: float, now: float) -> bool:
    return due <= now


@dataclass
class Change:
    """What differs between the archived article and the one just fetched."""

    fields: dict[str, dict[str, Any]] = field(default_factory=dict)  # name -> {before, after}
    body_diff: str = ""  # a unified diff of the body text, paragraph per line

    @property
    def changed(self) -> bool:
        return bool(self.fields or self.body_diff)

    def to_dict(self) -> dict[str, Any]:
        return {"fields": self.fields, "body_diff": self.body_diff}


def compare(before: dict[str, Any], after: dict[str, Any], *, label_before: str = "archived",
            label_after: str = "recaptured") -> Change:
    """Title, lead, published/modified times and body (a unified text diff)."""
    change = Change()
    for name in (*TEXT_FIELDS, *TIME_FIELDS):
        old, new = before.get(name), after.get(name)
        if (old or None) != (new or None):
            change.fields[name] = {"before": old, "after": new}
    old_body, new_body = _lines(before.get("body")), _lines(after.get("body"))
    if old_body != new_body:
        change.body_diff = "".join(difflib.unified_diff(
            [line + "\n" for line in old_body], [line + "\n" for line in new_body],
            fromfile=label_before, tofile=label_after, n=1))
    return change


def _lines(body: Any) -> list[str]:
    if not body:
        return []
    if isinstance(body, list):
        return [str(p).strip() for p in body if str(p).strip()]
    return [line.strip() for line in str(body).splitlines() if line.strip()]


def takedown_reason(status: int, final_url: str, requested_url: str, is_article) -> str | None:
    """Why a re-capture answer is takedown evidence (None when it is not): the page is
    gone (404/410), or the URL now leads (redirect) to a page that is not an article."""
    if status in (404, 410):
        return f"{status} {'Gone' if status == 410 else 'Not Found'}"
    if final_url != requested_url and not is_article(final_url):
        return f"redirected to a non-article page: {urlsplit(final_url).path or '/'}"
    return None
