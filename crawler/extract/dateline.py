"""Wire-story datelines: ``MOSCOW (Sputnik) - ``, ``BEIRUT (RIA Novosti) — ``,
``UNITED NATIONS, October 28 — Sputnik.``.

``parse_dateline(text)`` reads the opening of a body and returns a
:class:`Dateline` (place as printed, agency normalised) or None. The body
itself is never changed: the dateline stays in the text.
"""

from __future__ import annotations

import re

from crawler.article import Dateline

# Agencies as printed → the name we store.
AGENCIES = {
    "sputnik": "Sputnik",
    "ria novosti": "RIA Novosti",
    "ria": "RIA Novosti",
    "tass": "TASS",
    "aa": "AA",
    "anadolu": "AA",
    "anadolu agency": "AA",
    "reuters": "Reuters",
    "afp": "AFP",
    "ap": "AP",
}
_AGENCY_ALT = "|".join(sorted((re.escape(a) for a in AGENCIES), key=len, reverse=True))

# An upper-case place of one to four words: "MOSCOW", "UNITED NATIONS",
# "RIO DE JANEIRO", "ST. PETERSBURG", "AL-HASAKAH", "TEL AVIV".
_PLACE = r"(?P<place>[A-Z][A-Z.'’\-]*(?:\s+(?:[A-Z][A-Z.'’\-]*|de|del|la|al|el|an|of)){0,4})"
# optional ", October 28" / ", 28 Oct" / ", 28 October 2025" between place and agency
_DATE = r"(?:\s*,\s*(?P<date>[A-Za-z0-9 .]{1,30}?))?"
_DASH = r"[-–—]"

_PAREN = re.compile(
    rf"^\s*{_PLACE}{_DATE}\s*\(\s*(?P<agency>(?i:{_AGENCY_ALT}))\s*\)\s*{_DASH}\s*"
)
# "MOSCOW, October 28 — Sputnik." / "MOSCOW — Sputnik."
_TRAILING = re.compile(
    rf"^\s*{_PLACE}{_DATE}\s*{_DASH}\s*(?P<agency>(?i:{_AGENCY_ALT}))\s*\.\s*"
)
# "MOSCOW, October 28 (Sputnik)" without a dash is rare but seen; "MOSCOW (Sputnik) –"
_PAREN_NODASH = re.compile(
    rf"^\s*{_PLACE}{_DATE}\s*\(\s*(?P<agency>(?i:{_AGENCY_ALT}))\s*\)\s*[:,]?\s+(?=[A-Z\"“'‘])"
)


def normalize_agency(name: str | None) -> str | None:
    if not name:
        return None
    return AGENCIES.get(re.sub(r"\s+", " ", name.strip()).casefold(), name.strip())


def match_dateline(text: str | None) -> re.Match | None:
    if not text:
        return None
    head = text[:200]
    for pattern in (_PAREN, _TRAILING, _PAREN_NODASH):
        m = pattern.match(head)
        if m and _place_ok(m.group("place")):
            return m
    return None


def parse_dateline(text: str | None) -> Dateline | None:
    m = match_dateline(text)
    if not m:
        return None
    return Dateline(place=re.sub(r"\s+", " ", m.group("place")).strip(), agency=normalize_agency(m.group("agency")))


def strip_dateline(text: str) -> str:
    """The text with its dateline removed (for a clean lead; the body keeps it)."""
    m = match_dateline(text)
    return text[m.end():] if m else text


def _place_ok(place: str) -> bool:
    # a dateline place is printed in capitals; reject "The Ministry (Sputnik) -"
    letters = [c for c in place if c.isalpha()]
    if not letters:
        return False
    upper = sum(1 for c in letters if c.isupper())
    return upper / len(letters) >= 0.8
