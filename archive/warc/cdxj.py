"""CDXJ index of one WARC, written beside it (pywb's format, via cdxj-indexer)."""

from __future__ import annotations

import io
from pathlib import Path

from cdxj_indexer import CDXJIndexer


def index_warc(warc_path: Path, *, filename: str | None = None) -> bytes:
    """Sorted CDXJ lines for every response/revisit/resource/metadata record."""
    out = io.StringIO()
    indexer = CDXJIndexer(output=out, inputs=[str(warc_path)], sort=True,
                          filename=filename or warc_path.name)
    indexer.process_all()
    return out.getvalue().encode("utf-8")
