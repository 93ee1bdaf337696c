"""The typed record that extraction produces and the rest of the system stores.

An :class:`Article` is plain data: no parsing happens here. ``to_dict`` gives
the JSON form written into WARC metadata records, the catalog and the export;
``from_dict`` reads it back.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field, fields
from typing import Any


@dataclass(frozen=True)
class Image:
    url: str
    caption: str | None = None


@dataclass(frozen=True)
class Dateline:
    """The dateline that opens a wire story, e.g. ``MOSCOW (Sputnik) -``."""

    place: str
    agency: str | None = None


@dataclass
class Article:
    url: str
    source: str  # "yenisafak" | "sputnik"
    canonical_url: str | None = None
    article_id: str | None = None  # the site's numeric id, taken from the URL
    title: str | None = None
    lead: str | None = None
    body: str = ""  # paragraphs (and sub-headings) joined by blank lines
    authors: list[str] = field(default_factory=list)
    agency: str | None = None  # wire credit: "AA", "Sputnik", "RIA Novosti", ...
    dateline: Dateline | None = None
    published: str | None = None  # UTC ISO-8601, e.g. 2025-11-16T15:43:00+00:00
    modified: str | None = None
    section: str | None = None
    tags: list[str] = field(default_factory=list)
    language: str | None = None
    images: list[Image] = field(default_factory=list)
    word_count: int = 0
    # which method produced each field: "site", "jsonld", "opengraph",
    # "microdata", "meta", "url", "trafilatura", "derived"
    methods: dict[str, str] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> "Article":
        known = {f.name for f in fields(cls)}
        values = {k: v for k, v in data.items() if k in known}
        if values.get("dateline"):
            values["dateline"] = Dateline(**values["dateline"])
        values["images"] = [Image(**i) for i in values.get("images") or []]
        return cls(**values)

    @property
    def key(self) -> str:
        """The identity used for seen-state: the numeric id when there is one."""
        return self.article_id or self.canonical_url or self.url
