"""Turn raw bytes or text into a parsed page that never raises.

``decode`` picks an encoding (BOM, HTTP-equiv/meta charset, UTF-8, then a
detector) and ``parse`` gives a :class:`parsel.Selector` over lxml, with an
empty document standing in for input lxml cannot read.
"""

from __future__ import annotations

import codecs
import re

from parsel import Selector

_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:\-]+)""", re.I)
_BOMS = [
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
]
_XML_DECL = re.compile(r"^\s*<\?xml[^>]*\?>", re.I)
_BAD_XML_CHARS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
MAX_CHARS = 20_000_000


def decode(data: str | bytes | bytearray | None) -> str:
    if data is None:
        return ""
    if isinstance(data, str):
        return data
    data = bytes(data)
    for bom, enc in _BOMS:
        if data.startswith(bom):
            return data[len(bom):].decode(enc, errors="replace")
    m = _META_CHARSET.search(data[:4096])
    if m:
        enc = m.group(1).decode("ascii", "ignore").lower()
        try:
            codecs.lookup(enc)
        except LookupError:
            enc = None
        if enc:
            try:
                return data.decode(enc)
            except (UnicodeDecodeError, LookupError):
                pass
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    if len(data) < 2048:  # too little text for a detector to be better than a guess
        return data.decode("cp1252", errors="replace")
    try:
        from charset_normalizer import from_bytes

        best = from_bytes(data[:200_000]).best()
        if best is not None and best.encoding:
            return data.decode(best.encoding, errors="replace")
    except Exception:  # detector trouble must not stop extraction
        pass
    return data.decode("cp1252", errors="replace")


def sanitize(text: str) -> str:
    """Text lxml accepts: no XML declaration, no NULs or lone surrogates."""
    text = text[:MAX_CHARS]
    text = _XML_DECL.sub("", text, count=1)
    return _BAD_XML_CHARS.sub("", text)


def parse(data: str | bytes | bytearray | None) -> Selector:
    text = sanitize(decode(data))
    if not text.strip():
        return Selector(text="<html></html>")
    try:
        sel = Selector(text=text, type="html")
        sel.root  # noqa: B018  (force the parse)
        return sel
    except Exception:
        return Selector(text="<html></html>")


def source_text(data: str | bytes | bytearray | None) -> str:
    """The decoded, sanitised page text (for the trafilatura layer)."""
    return sanitize(decode(data))
