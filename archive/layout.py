"""The object-key layout shared by every store (local directory and S3)."""

from __future__ import annotations

import hashlib
from datetime import datetime


def _day(dt: datetime) -> str:
    return f"{dt:%Y}/{dt:%m}/{dt:%d}"


def warc_key(source: str, created: datetime, filename: str) -> str:
    return f"warcs/{source}/{_day(created)}/{filename}"


def cdxj_key(warc_object_key: str) -> str:
    """The CDXJ index lives beside its WARC: ``x.warc.gz`` → ``x.cdxj``."""
    base = warc_object_key.removesuffix(".gz").removesuffix(".warc")
    return base + ".cdxj"


def metadata_key(source: str, archived: datetime, article_key: str) -> str:
    """``…/{article key}.json``; a key that is not already a plain name (``/``, ``?``,
    spaces, over 150 characters, dots only) is cleaned and given ``~`` and a digest of
    the key itself, so two articles never share an object (``~`` never appears in a
    plain name)."""
    safe = "".join(c if c.isalnum() or c in "-_." else "_" for c in article_key)
    if safe != article_key or len(safe) > 150 or not safe.strip("."):
        digest = hashlib.sha256(article_key.encode("utf-8", "surrogatepass")).hexdigest()
        safe = f"{safe[:100]}~{digest[:24]}"
    return f"metadata/{source}/{_day(archived)}/{safe}.json"


def manifest_key(source: str, day: datetime) -> str:
    return f"manifests/{source}/{_day(day)}.jsonl"


def wacz_key(source: str, day: datetime) -> str:
    """The WACZ of one source and day (issue 10), derived from that day's WARCs."""
    return f"wacz/{source}/{day:%Y}/{day:%m}/{day:%d}.wacz"


def kind_of(key: str) -> str:
    if key.startswith("warcs/"):
        return "cdxj" if key.endswith(".cdxj") else "warc"
    return key.split("/", 1)[0].rstrip("s")  # metadata / manifest
