"""Finish a WARC that a crashed writer left as ``….warc.gz.open``.

Every record is its own gzip member and the writer writes each capture whole,
so the file holds complete records followed by at most one partial capture.
Keep the complete records, cut the rest, and rename: what was written (and
already noted in the catalog) is kept; nothing is invented. A file with damage
*followed by* more records is not cut (that would throw good records away):
:class:`DamagedWarc` is raised and the caller sets the file aside.
"""

from __future__ import annotations

import os
import zlib
from pathlib import Path

from warcio.archiveiterator import ArchiveIterator

from ..files import fsync_dir


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


class DamagedWarc(ValueError):
    """Unreadable bytes in a WARC with further records after them."""


GZIP_MAGIC = b"\x1f\x8b\x08"


def records_after(path: Path, end: int, *, window: int = 64 * 1024) -> bool:
    """True if a gzip member holding a WARC record starts anywhere after ``end``."""
    with open(path, "rb") as f:
        f.seek(end + 1)
        base, carry = end + 1, b""
        while True:
            chunk = f.read(1024 * 1024)
            if not chunk:
                return False
            data = carry + chunk
            i = data.find(GZIP_MAGIC)
            while i != -1:
                f2 = open(path, "rb")
                with f2:
                    f2.seek(base - len(carry) + i)
                    head = f2.read(window)
                try:
                    if zlib.decompressobj(16 + zlib.MAX_WBITS).decompress(head, 16) \
                            .startswith(b"WARC/"):
                        return True
                except zlib.error:
                    pass
                i = data.find(GZIP_MAGIC, i + 1)
            carry = data[-2:]
            base += len(chunk)


def check_complete(path: Path) -> int:
    """Records of a finished WARC; raises :class:`DamagedWarc` unless every byte is
    part of a complete record."""
    end, count = complete_length(path)
    size = path.stat().st_size
    if end != size or count == 0:
        raise DamagedWarc(f"{path.name}: {count} readable record(s) in the first {end} of "
                          f"{size} bytes")
    return count


def salvage(open_path: Path) -> tuple[Path | None, int]:
    """Truncate to complete records and rename; returns (final path or None, records).

    Raises :class:`DamagedWarc` when records follow the unreadable part."""
    end, count = complete_length(open_path)
    if end < open_path.stat().st_size and records_after(open_path, end):
        raise DamagedWarc(f"{open_path.name}: unreadable bytes at {end} with records after")
    if count == 0:
        return None, 0
    with open(open_path, "r+b") as f:
        f.truncate(end)
        f.flush()
        os.fsync(f.fileno())
    final = open_path.with_name(open_path.name.removesuffix(".open"))
    os.replace(open_path, final)
    fsync_dir(final.parent)
    return final, count
