"""CDXJ index of one WARC, written beside it (pywb's format, via cdxj-indexer)."""

from __future__ import annotations

import io
import re
import sys
from pathlib import Path

import structlog

log = structlog.get_logger("archive.warc")


def _import_indexer():
    """cdxj-indexer imports pyamf (AMF request bodies), whose adapter loader imports
    ``pkg_resources`` only to find its own directory, falling back to ``__file__`` when
    that import fails. Importing ``pkg_resources`` scans every installed distribution
    (about a second of CPU, the largest part of the crawl child's start-up), so it is
    kept out for that one import; the same directory is found either way."""
    if "pkg_resources" in sys.modules:
        from cdxj_indexer import CDXJIndexer
        return CDXJIndexer
    sys.modules["pkg_resources"] = None  # type: ignore[assignment]  # ImportError
    try:
        from cdxj_indexer import CDXJIndexer
    finally:
        del sys.modules["pkg_resources"]
    return CDXJIndexer


CDXJIndexer = _import_indexer()
from cdxj_indexer.main import SortingWriter  # noqa: E402  (after the guarded import)


class UnindexableWarc(ValueError):
    """The file is not a WARC that can be indexed (garbage, a cut or damaged record)."""


def index_warc(warc_path: Path, *, filename: str | None = None) -> bytes:
    """Sorted CDXJ lines for every response/revisit/resource/metadata record.

    Raises :class:`UnindexableWarc` for any file that is not a readable WARC
    (and ``OSError`` when it cannot be read at all); nothing else."""
    out = io.StringIO()
    indexer = CDXJIndexer(output=out, inputs=[str(warc_path)], sort=True,
                          filename=filename or warc_path.name)
    try:
        indexer.process_all()
    except OSError as e:
        if e.filename is not None:
            raise  # the file itself could not be opened or read
        raise UnindexableWarc(f"{warc_path}: {type(e).__name__}: {e}") from e
    except Exception as e:  # warcio, gzip, zlib and header parsing failures alike
        raise UnindexableWarc(f"{warc_path}: {type(e).__name__}: {e}") from e
    lines = out.getvalue().split("\n")
    kept = [line for line in lines if not line or _LINE.fullmatch(line)]
    if len(kept) < len(lines):
        # a record whose target URI is no URL (binary garbage in a damaged file, or a
        # port that is no number): cdxj-indexer writes the URI itself as the key, control
        # characters and all, which other readers split into lines that are no index
        # lines. It could not be replayed anyway: left out, and said.
        bad = next(line for line in lines if line and not _LINE.fullmatch(line))
        log.warning("records with a target URI that is no URL left out of the index",
                    warc=str(warc_path), records=len(lines) - len(kept), first=bad[:120])
    return "\n".join(kept).encode("utf-8")


# one CDXJ line: URL key, 14-digit timestamp, JSON object; no control character anywhere
_LINE = re.compile(r"[^\x00-\x1f\x7f]+? \d{14} \{[^\x00-\x1f\x7f]*\}")
