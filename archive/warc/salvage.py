"""Finish a WARC that a crashed writer left as ``….warc.gz.open``.

Every record is its own gzip member and the writer flushes after each
capture, so the file holds complete records followed by at most one partial
one. Keep the complete records, cut the rest, and rename: what was written
(and already noted in the catalog) is kept; nothing is invented.
"""

from __future__ import annotations

import os
import zlib
from pathlib import Path

from warcio.archiveiterator import ArchiveIterator
from warcio.limitreader import LimitReader


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
                if gzipped and not _member_ends(again, offset, length):
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


def _member_ends(f, offset: int, length: int) -> bool:
    """Whether ``length`` bytes at ``offset`` are one whole gzip member (decoded in
    pieces, nothing kept)."""
    f.seek(offset)
    inflater = zlib.decompressobj(wbits=31)
    left = length
    while left > 0 and not inflater.eof:
        data = f.read(min(left, 1 << 16))
        if not data:
            return False
        left -= len(data)
        while data and not inflater.eof:
            inflater.decompress(data, 1 << 16)
            data = inflater.unconsumed_tail
    return inflater.eof and left == 0 and not inflater.unused_data


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
