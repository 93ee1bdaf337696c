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
from warcio.limitreader import LimitReader

from ..files import fsync_dir


def complete_length(path: Path) -> tuple[int, int]:
    """(bytes of complete records at the start of the file, their count)."""
    end, count = 0, 0
    with open(path, "rb") as f, open(path, "rb") as again:
        gzipped = f.read(2) == b"\x1f\x8b"
        f.seek(0)
        it = ArchiveIterator(f)
        try:
            for record in it:
                if not _whole(record):
                    break
                it.read_to_end(record)
                offset, length = it.get_record_offset(), it.get_record_length()
                if gzipped and gzip_member_problem(again, offset, length):
                    break  # its gzip member was cut short (in its last block or trailer)
                end = offset + length
                count += 1
        except Exception:  # ArchiveLoadFailed, EOFError, zlib errors...
            pass  # a partial last record: stop at the end of the one before
    return end, count


def _whole(record) -> bool:
    """Whether a record is all there: its headers name it and give its length, and
    its block holds that many bytes (read through, never held whole)."""
    headers = record.rec_headers
    if not (headers.get_header("WARC-Record-ID") and headers.get_header("Content-Length")):
        return False  # its header block was cut, or it is not a record at all
    stream = record.raw_stream
    while stream.read(1 << 16):
        pass
    return isinstance(stream, LimitReader) and stream.limit == 0


def gzip_member_problem(f, offset: int, length: int) -> str | None:
    """None when the ``length`` bytes at ``offset`` of ``f`` are exactly one whole gzip
    member (CRC and length checked; decoded in pieces, nothing kept), else what is wrong.
    warcio reads a member cut short without complaint, so this is asked separately."""
    f.seek(offset)
    inflater = zlib.decompressobj(wbits=31)
    left = length
    try:
        while left > 0 and not inflater.eof:
            data = f.read(min(left, 1 << 16))
            if not data:
                return "the file ends inside it"
            left -= len(data)
            while data and not inflater.eof:
                inflater.decompress(data, 1 << 16)
                data = inflater.unconsumed_tail
    except zlib.error as e:
        return f"not gzip: {e}"
    if not inflater.eof:
        return "the gzip member is cut short"
    if left or inflater.unused_data:
        return "more than one gzip member"
    return None


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
                head = os.pread(f.fileno(), window, base - len(carry) + i)
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
