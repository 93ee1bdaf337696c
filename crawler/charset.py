"""Decode an HTML page whose declared charset may be wrong.

A page's label (HTTP ``Content-Type``, ``<meta charset>``) is believed when its
bytes fit it. Two mislabellings are common and are caught: UTF-8 bytes labelled
as a single-byte charset (ISO-8859-1/windows-1252 decode anything, into
mojibake), and legacy bytes labelled UTF-8 (which do not decode). Valid UTF-8
with non-ASCII bytes is almost never legacy text by chance, so it wins over a
legacy label; bytes that fit no label are decoded by detection
(charset-normalizer). Only the text handed to extraction is affected: the WARC
keeps the bytes as they were sent.
"""

from __future__ import annotations

import codecs

from charset_normalizer import from_bytes
from w3lib.encoding import html_body_declared_encoding, http_content_type_encoding, read_bom
from w3lib.encoding import resolve_encoding

UTF8 = "utf-8"
# the legacy encodings web pages use (WHATWG), searched when the bytes fit no label
WEB_LEGACY = ("cp1252", "cp1254", "cp1251", "cp1250", "cp1253", "cp1255", "cp1256", "cp1257",
              "cp1258", "koi8_r", "koi8_u", "iso8859_2", "iso8859_15", "gb18030", "big5",
              "shift_jis", "euc_jp", "euc_kr")
# short texts often fit several single-byte encodings equally well: prefer the ones a
# source's language uses (Turkish for Yeni Şafak; Western, then Cyrillic for Sputnik)
PREFERRED = {"yenisafak": ("cp1254", "cp1252"), "sputnik": ("cp1252", "cp1251")}


def declared_encoding(content_type: str | None, body: bytes) -> str | None:
    """What the page says it is: its HTTP header first, then its markup (w3lib)."""
    return http_content_type_encoding(content_type) or html_body_declared_encoding(body)


def _canonical(name: str | None) -> str | None:
    if not name:
        return None
    resolved = resolve_encoding(name)  # e.g. latin-1 -> cp1252, as browsers do
    if not resolved:
        return None
    return codecs.lookup(resolved).name


def _strict(body: bytes, encoding: str) -> str | None:
    try:
        return body.decode(encoding)
    except (UnicodeDecodeError, LookupError):
        return None


def detect(body: bytes, prefer: tuple[str, ...] = ("cp1252",)) -> str | None:
    """The best-fitting legacy encoding (charset-normalizer); among equally good
    candidates the first of ``prefer``."""
    results = list(from_bytes(body, cp_isolation=list(WEB_LEGACY)))
    if not results:
        return None
    top = results[0]
    tied = set()
    for match in results:
        if abs(match.chaos - top.chaos) < 1e-9 and abs(match.coherence - top.coherence) < 1e-9:
            tied.update(codecs.lookup(e).name for e in match.could_be_from_charset)
    for name in prefer:
        if codecs.lookup(name).name in tied:
            return codecs.lookup(name).name
    return _canonical(top.encoding)


def decode_html(body: bytes, declared: str | None,
                prefer: tuple[str, ...] = ("cp1252",)) -> tuple[str, str]:
    """``(text, encoding used)``: the declared encoding when the bytes fit it, else
    UTF-8 when they are valid UTF-8, else the detected encoding."""
    bom, _ = read_bom(body)
    if bom:  # a byte-order mark is never wrong about its own encoding
        enc = _canonical(bom) or UTF8
        return body.decode(enc, errors="replace").lstrip("\ufeff"), enc
    label = _canonical(declared)
    if label is not None and label.startswith("utf-16"):
        label = None  # HTML without a BOM is never UTF-16; the label is a mistake
    if label == UTF8 or label is None or body.isascii():
        text = _strict(body, label or UTF8)
        if text is not None:
            return text, label or UTF8
    else:
        text = _strict(body, UTF8)  # valid non-ASCII UTF-8 under a legacy label
        if text is not None:
            return text, UTF8
        text = _strict(body, label)
        if text is not None:
            return text, label
    enc = detect(body, prefer) or label or UTF8
    return body.decode(enc, errors="replace"), enc


def page_text(body: bytes, content_type: str | None, source: str | None = None
              ) -> tuple[str, str, str | None]:
    """``(text, encoding used, declared encoding or None)`` of a fetched HTML page.
    The label was wrong when the encoding used differs from ``_canonical(declared)``."""
    declared = declared_encoding(content_type, body)
    text, used = decode_html(body, declared, PREFERRED.get(source or "", ("cp1252",)))
    return text, used, declared


def mislabelled(declared: str | None, used: str) -> bool:
    return declared is not None and _canonical(declared) not in (None, used)
