"""Date parsing: every accepted value becomes a UTC ISO-8601 string.

Values come from markup (``2025-10-28T17:25+0000``), Unix seconds
(``data-unixtime``) or visible text (``18:43, 16/11/2025, Sunday``).
A value without a zone gets the caller's ``default_tz`` (the site's local
zone); without one it is rejected rather than guessed.
"""

from __future__ import annotations

import re
from datetime import datetime, timedelta, timezone, tzinfo

from dateutil import parser as du_parser

UTC = timezone.utc
ISTANBUL = timezone(timedelta(hours=3), "TRT")  # Türkiye: fixed UTC+3 since 2016
MOSCOW = timezone(timedelta(hours=3), "MSK")

# Unix seconds from 2000-01-01 to 2100-01-01
_MIN_UNIX, _MAX_UNIX = 946684800, 4102444800

# "18:43, 16/11/2025, Sunday" (Yeni Şafak byline), "17:25 GMT 18.11.2026" (Sputnik);
# "16/11/2025 18:43" also accepted
_DMY_TIME = re.compile(
    r"^(?:(?P<h1>\d{1,2}):(?P<m1>\d{2})(?:\s*(?P<gmt>GMT|UTC))?\s*,?\s*)?"
    r"(?P<d>\d{1,2})[/.](?P<mo>\d{1,2})[/.](?P<y>\d{4})"
    r"(?:\s*,?\s*(?P<h2>\d{1,2}):(?P<m2>\d{2}))?"
    r"(?:\s*,?\s*[A-Za-zÇĞİÖŞÜçğıöşü]+)?\s*$"
)
# compact forms "20251028T1725+0000", "20251028"
_COMPACT = re.compile(r"^(\d{4})(\d{2})(\d{2})(?:T(\d{2})(\d{2})(\d{2})?)?(Z|[+-]\d{2}:?\d{2})?$")


def to_utc_iso(dt: datetime | None, default_tz: tzinfo | None = None) -> str | None:
    if dt is None:
        return None
    if dt.tzinfo is None or dt.tzinfo.utcoffset(dt) is None:
        if default_tz is None:
            return None
        dt = dt.replace(tzinfo=default_tz)
    return dt.astimezone(UTC).isoformat()


def from_unix(value) -> str | None:
    """Unix seconds (or milliseconds) → UTC ISO; None when out of a sane range."""
    try:
        n = float(str(value).strip())
    except (TypeError, ValueError):
        return None
    if n > _MAX_UNIX * 100:  # milliseconds
        n /= 1000.0
    if not (_MIN_UNIX <= n <= _MAX_UNIX):
        return None
    return datetime.fromtimestamp(n, UTC).isoformat()


def parse_date(value, default_tz: tzinfo | None = None) -> str | None:
    """Parse a machine or visible date into UTC ISO-8601; None if it is not a date."""
    if value is None:
        return None
    if isinstance(value, datetime):
        return to_utc_iso(value, default_tz)
    if isinstance(value, (int, float)):
        return from_unix(value)
    text = str(value).strip()
    if not text or len(text) > 80:
        return None
    if text.isdigit() and len(text) in (10, 13):
        return from_unix(text)
    m = _COMPACT.match(text)
    if m:
        y, mo, d, hh, mi, ss, tz = m.groups()
        iso = f"{y}-{mo}-{d}T{hh or '00'}:{mi or '00'}:{ss or '00'}{tz or ''}"
        return _parse_iso_like(iso, default_tz)
    m = _DMY_TIME.match(text)
    if m:
        hh = m.group("h1") or m.group("h2") or "0"
        mi = m.group("m1") or m.group("m2") or "0"
        try:
            dt = datetime(int(m.group("y")), int(m.group("mo")), int(m.group("d")), int(hh), int(mi))
        except ValueError:
            return None
        return to_utc_iso(dt, UTC if m.group("gmt") else default_tz)
    return _parse_iso_like(text, default_tz)


_YEAR = re.compile(r"(?<!\d)(?:20|21)\d{2}(?!\d)")


def _parse_iso_like(text: str, default_tz: tzinfo | None) -> str | None:
    try:
        dt = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        # dateutil fills missing parts from today: insist on an explicit year
        if not _YEAR.search(text):
            return None
        try:
            dt = du_parser.parse(text, dayfirst=False, yearfirst=True)
        except (ValueError, OverflowError, TypeError, du_parser.ParserError):
            return None
    if not (2000 <= dt.year <= 2100):
        return None
    try:
        return to_utc_iso(dt, default_tz)
    except (OverflowError, ValueError):
        return None
