"""Tiny, valid, deterministic image (and video) bytes derived from a path.

The same path always gives the same bytes; different paths give different
bytes (the colour and an embedded comment depend on the path hash).
"""

from __future__ import annotations

import hashlib
import struct
import zlib

_W, _H = 16, 9  # a 16:9 thumbnail

# Standard luminance DC Huffman table (JPEG Annex K.3)
_DC_BITS = [0, 1, 5, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0, 0, 0]
_DC_VALS = list(range(12))
# A one-symbol AC table: only EOB (0x00) is ever coded.
_AC_BITS = [0, 1] + [0] * 14
_AC_VALS = [0x00]


def _digest(path: str) -> bytes:
    return hashlib.sha256(path.encode("utf-8")).digest()


def _huff_codes(bits: list[int], vals: list[int]) -> dict[int, tuple[int, int]]:
    codes, code, k = {}, 0, 0
    for length in range(1, 17):
        for _ in range(bits[length - 1]):
            codes[vals[k]] = (code, length)
            code += 1
            k += 1
        code <<= 1
    return codes


def _segment(marker: int, payload: bytes) -> bytes:
    return struct.pack(">HH", marker, len(payload) + 2) + payload


def jpeg(path: str) -> bytes:
    """A 16x9 grey baseline JPEG; grey level and COM text depend on ``path``."""
    d = _digest(path)
    level = 40 + d[0] % 176
    dc_codes = _huff_codes(_DC_BITS, _DC_VALS)
    eob_code, eob_len = _huff_codes(_AC_BITS, _AC_VALS)[0]
    blocks = ((_W + 7) // 8) * ((_H + 7) // 8)
    acc, nbits, out = 0, 0, bytearray()

    def put(value: int, length: int) -> None:
        nonlocal acc, nbits
        acc = (acc << length) | (value & ((1 << length) - 1))
        nbits += length
        while nbits >= 8:
            nbits -= 8
            byte = (acc >> nbits) & 0xFF
            out.append(byte)
            if byte == 0xFF:
                out.append(0x00)

    dc = 8 * (level - 128)  # DC coefficient of a flat block, quantiser 1
    prev = 0
    for _ in range(blocks):
        diff, prev = dc - prev, dc
        size = abs(diff).bit_length()
        code, length = dc_codes[size]
        put(code, length)
        if size:
            put(diff if diff > 0 else diff + (1 << size) - 1, size)
        put(eob_code, eob_len)
    if nbits:
        put((1 << (8 - nbits)) - 1, 8 - nbits)  # pad with 1-bits

    parts = [
        b"\xff\xd8",
        _segment(0xFFE0, b"JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00"),
        _segment(0xFFFE, ("sitesim " + d.hex()[:16]).encode()),
        _segment(0xFFDB, b"\x00" + b"\x01" * 64),
        _segment(0xFFC0, struct.pack(">BHHB", 8, _H, _W, 1) + b"\x01\x11\x00"),
        _segment(0xFFC4, b"\x00" + bytes(_DC_BITS) + bytes(_DC_VALS) + b"\x10" + bytes(_AC_BITS) + bytes(_AC_VALS)),
        _segment(0xFFDA, b"\x01\x01\x00\x00\x3f\x00"),
        bytes(out),
        b"\xff\xd9",
    ]
    return b"".join(parts)


def png(path: str) -> bytes:
    """A 16x9 single-colour RGB PNG; the colour depends on ``path``."""
    d = _digest(path)
    row = b"\x00" + bytes(d[:3]) * _W
    raw = row * _H

    def chunk(tag: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + tag + data + struct.pack(">I", zlib.crc32(tag + data) & 0xFFFFFFFF)

    return b"".join([
        b"\x89PNG\r\n\x1a\n",
        chunk(b"IHDR", struct.pack(">IIBBBBB", _W, _H, 8, 2, 0, 0, 0)),
        chunk(b"tEXt", b"Comment\x00sitesim " + d.hex()[:16].encode()),
        chunk(b"IDAT", zlib.compress(raw, 9)),
        chunk(b"IEND", b""),
    ])


def svg(path: str) -> bytes:
    d = _digest(path)
    colour = d[:3].hex()
    return (
        '<svg xmlns="http://www.w3.org/2000/svg" width="24" height="24" viewBox="0 0 24 24">'
        f'<rect width="24" height="24" rx="4" fill="#{colour}"/></svg>'
    ).encode()


def mp4(path: str) -> bytes:
    """A minimal ISO-BMFF file: ftyp box plus a free box (not playable)."""
    d = _digest(path)
    ftyp = struct.pack(">I4s4sI", 24, b"ftyp", b"isom", 512) + b"isomiso2"
    free = struct.pack(">I4s", 8 + 32, b"free") + d
    return ftyp + free


CONTENT_TYPES = {
    ".jpg": ("image/jpeg", jpeg),
    ".jpeg": ("image/jpeg", jpeg),
    ".png": ("image/png", png),
    ".svg": ("image/svg+xml", svg),
    ".mp4": ("video/mp4", mp4),
}


def media_for(path: str) -> tuple[str, bytes] | None:
    """(content type, bytes) for a media path, by its extension."""
    for ext, (ctype, make) in CONTENT_TYPES.items():
        if path.lower().endswith(ext):
            return ctype, make(path)
    return None
