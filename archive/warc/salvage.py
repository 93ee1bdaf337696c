"""Finish a WARC that a crashed writer left as ``….warc.gz.open``.

Every record is its own gzip member and the writer flushes after each
capture, so the file holds complete records followed by at most one partial
one. Keep the complete records, cut the rest, and rename: what was written
(and already noted in the catalog) is kept; nothing is invented.
"""

from __future__ import annotations

import os
from pathlib import Path

from warcio.archiveiterator import ArchiveIterator


def complete_length(path: Path) -> tuple[int, int]:
    """(bytes of complete records at the start of the file, their count)."""
    end, count = 0, 0
    with open(path, "rb") as f:
        it = ArchiveIterator(f)
        try:
            for record in it:
                record.content_stream().read()
                it.read_to_end(record)
                end = it.get_record_offset() + it.get_record_length()
                count += 1
        except Exception:  # ArchiveLoadFailed, EOFError, zlib errors...
            pass  # a partial last record: stop at the end of the one before
    return end, count


def salvage(open_path: Path) -> tuple[Path | None, int]:
    """Truncate to complete records and rename; returns (final path or None, records)."""
    end, count = complete_length(open_path)
    if count == 0:
        return None, 0
    with open(open_path, "r+b") as f:
        f.truncate(end)
        f.flush()
        os.fsync(f.fileno())
    final = open_path.with_name(open_path.name.removesuffix(".open"))
    os.replace(open_path, final)
    return final, count
