"""Text signals a news editor compares: words, shingles, quotes, numbers, names, weekdays, datelines.

Pure functions over English news text.  Words are folded to a comparable form: lower case, British
spellings folded to American ("neutralised" -> "neutralized"), Snowball (Porter2) stems, and a short
table of news-wire synonyms folded to one word, so that trimmed, re-edited and spun copies of a story
keep most of their vocabulary in common.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

import snowballstemmer

_STEMMER = snowballstemmer.stemmer("english")

_QUOTE_FOLD = str.maketrans({
    "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u00ab": '"', "\u00bb": '"',
    "\u2018": "'", "\u2019": "'", "\u2032": "'",
    "\u2013": "-", "\u2014": "-", "\u2212": "-", "\u00a0": " ",
})

WORD = re.compile(r"[^\W_]+(?:['.,][^\W_]+)*")
SENTENCE_END = re.compile(r"[.!?][\"')\]]*\s+")

STOPWORDS = frozenset("""
a about above after again against all also am an and any are as at be because been before being below
between both but by can could did do does doing down during each few for from further had has have having
he her here hers herself him himself his how i if in into is it its itself just me more most my myself no
nor not now of off on once only or other our ours ourselves out over own same she should so some such than
that the their theirs them themselves then there these they this those through to too under until up very
was we were what when where which while who whom why will with would you your yours yourself yourselves
said says say told tell according added adding also would could may might must shall its it's s t
""".split())

# Words that open sentences or titles in capitals without being names.
NOT_NAMES = STOPWORDS | frozenset("""
monday tuesday wednesday thursday friday saturday sunday january february march april may june july
august september october november december jan feb mar apr jun jul aug sep sept oct nov dec
mr mrs ms dr president minister ministry deputy foreign defense defence prime spokesman spokesperson
update live breaking exclusive video photo news
""".split())

WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
MONTHS = {m: i + 1 for i, m in enumerate(
    "january february march april may june july august september october november december".split())}
MONTHS.update({m[:3]: i for m, i in list(MONTHS.items())})
MONTHS["sept"] = 9

# News-wire synonyms: each group folds to its first word.  General vocabulary, not story words.
_SYNONYM_GROUPS = [
    "say said state declar announc remark note assert",
    "talk discuss negoti convers consult",
    "meet met gather session",
    "kill slain slay dead die death",
    "wound injur hurt",
    "attack assault strike raid",
    "agre consent accept",
    "visit trip",
    "countri nation",
    "govern administr author",
    "offici function",
    "minist secretari",
    "strengthen bolster boost enhanc increas rais lift",
    "import signific key",
    "help assist aid support",
    "start begin began begun commenc launch",
    "end conclud finish",
    "region area zone",
    "forc troop armi militari soldier unit",
    "peopl individu resid inhabit civilian",
    "leader head chief",
    "expect anticip",
    "continu proceed",
    "secur safeti",
    "cooper collabor",
    "bilater two-sid mutual",
    "relat tie",
    "new fresh",
    "larg big major",
    "build construct",
    "citi town",
    "warn caution",
    "urg call",
    "stress emphas underlin",
    "previous prior former",
    "agreement accord deal pact",
    "plan strategi",
    "aim goal target",
    "ensur guarante",
    "resum restart",
    "reach arriv",
    "ceasefir truce",
    "abduct kidnap seiz detain",
    "fight fought clash combat violenc",
    "spokesman spokesperson",
    "journalist report",
    "trade commerc",
    "share portion",
    "merchant trader",
    "committe panel commiss",
    "investig probe",
    "reject oppos",
    "erupt broke",
]
SYNONYMS: dict[str, str] = {}
for _group in _SYNONYM_GROUPS:
    _words = _group.split()
    for _w in _words:
        SYNONYMS.setdefault(_w, _words[0])

_BRITISH = re.compile(r"^(.{4,})is(e|ed|es|ing|ation|ations)$")
_BRITISH_OUR = re.compile(r"^([a-z]{3,})our(s|ed|ing|ite|ites|able)?$")
_BRITISH_KEEP = ("promis", "surpris", "exercis", "advertis", "compris", "supervis", "televis", "improvis",
                 "revis", "devis", "advis", "rais", "prais", "precis", "concis", "premis", "expertis",
                 "enterpris", "franchis", "wis", "cris", "paradis")


def fold(text: str | None) -> str:
    """NFKC, straight quotes and dashes."""
    if not text:
        return ""
    return unicodedata.normalize("NFKC", text).translate(_QUOTE_FOLD)


def words(text: str) -> list[str]:
    """The words and numbers of ``text`` in order, original case (``44,056``, ``4.8``, ``al`` ``Shaibani``)."""
    return WORD.findall(text)


@lru_cache(maxsize=65536)
def stem(word: str) -> str:
    """The comparable form of one word: lower case, American spelling, Porter2 stem."""
    w = word.lower().replace("'", "")
    if w.endswith("s") and w[:-1].isdigit():
        w = w[:-1]
    m = _BRITISH.match(w)
    if m and not (m.group(1) + "is").endswith(_BRITISH_KEEP):
        w = m.group(1) + "iz" + m.group(2)
    m = _BRITISH_OUR.match(w)
    if m:
        w = m.group(1) + "or" + m.group(2)  # neighbours, labour, honoured (British) -> American
    return _STEMMER.stemWord(w)


@lru_cache(maxsize=65536)
def canon(word: str) -> str:
    """``stem`` folded through the synonym table: the form used for spinner-tolerant overlap."""
    s = stem(word)
    return SYNONYMS.get(s, s)


def content(tokens: list[str]) -> list[str]:
    """Canonical forms of the tokens that carry meaning (no stopwords)."""
    return [canon(t) for t in tokens if t.lower() not in STOPWORDS]


def shingles(items: list[str], k: int = 3) -> frozenset[int]:
    """Hashes of the overlapping ``k``-grams of ``items`` (the whole list if shorter)."""
    if not items:
        return frozenset()
    if len(items) <= k:
        return frozenset((hash(tuple(items)),))
    return frozenset(map(hash, zip(*(items[i:] for i in range(k)))))  # the k-tuples, in C


def containment(a: frozenset, b: frozenset) -> float:
    """The share of ``a`` found in ``b``."""
    return len(a & b) / len(a) if a else 0.0


def sentences(text: str) -> list[str]:
    return [s for s in SENTENCE_END.split(text) if s.strip()]


_QUOTE = re.compile(r'"([^"]{12,}?)"')


def quotes(text: str, min_words: int = 5) -> list[tuple[str, ...]]:
    """Direct quotations of at least ``min_words`` words, as tuples of stems.

    A quotation split by an attribution (``"... ," he said, "..."``) gives two quotes.
    """
    out = []
    for m in _QUOTE.finditer(text):
        toks = tuple(stem(w) for w in words(m.group(1)))
        if len(toks) >= min_words:
            out.append(toks)
    return out


def quote_text(q: tuple[str, ...]) -> str:
    return " ".join(q)


def is_number(token: str) -> bool:
    return token[0].isdigit()


def number_value(token: str) -> str:
    """``44,056`` -> ``44056``; ``34th`` -> ``34``; ``4.8`` -> ``4.8``; ``1990s`` -> ``1990``."""
    t = token.lower().replace(",", "")
    m = re.match(r"\d+(?:\.\d+)?", t)
    return m.group(0) if m else t


_SKIP_AFTER_NUMBER = frozenset("more than of the a an about over nearly some per cent percent to and or as "
                               "at in on".split())


def numbers(tokens: list[str]) -> dict[str, frozenset[str]]:
    """Numbers keyed by what they count: the next meaningful word (``34th joint patrol`` -> ``joint``,
    ``5 PKK terrorists`` -> ``pkk``), or ``date:<month>`` for a day of a month (``Oct. 10``, ``November 28``).

    Years (1900-2100) are keyed ``year``.  Numbers followed by nothing are left out.
    """
    found: dict[str, set[str]] = {}
    n = len(tokens)
    for i, tok in enumerate(tokens):
        if not is_number(tok):
            continue
        value = number_value(tok)
        prev = tokens[i - 1].lower().rstrip(".") if i else ""
        if prev in MONTHS and value.isdigit() and int(value) <= 31:
            key = f"date:{MONTHS[prev]}"
        elif value.isdigit() and 1900 <= int(value) <= 2100 and not tok.lower().endswith(("th", "st", "nd", "rd")):
            key = "year"
        else:
            key = ""
            for nxt in tokens[i + 1:i + 4]:
                low = nxt.lower()
                if low in _SKIP_AFTER_NUMBER or is_number(nxt):
                    continue
                key = canon(nxt)
                break
            if not key:
                continue
        found.setdefault(key, set()).add(value)
    return {k: frozenset(v) for k, v in found.items()}


def number_conflicts(a: dict[str, frozenset[str]], b: dict[str, frozenset[str]]) -> list[tuple[str, str, str]]:
    """Counts of the same thing that disagree: ``(key, value in a, value in b)`` where the two sides
    share no value for that key.  Years are not compared (background dates differ between stories)."""
    out = []
    for key in a.keys() & b.keys():
        if key == "year":
            continue
        if not a[key] & b[key]:
            out.append((key, min(a[key]), min(b[key])))
    return out


def names(tokens: list[str], starts: set[int]) -> frozenset[str]:
    """Proper nouns: capitalised words that do not open a sentence (their stems, lower case)."""
    out = set()
    for i, tok in enumerate(tokens):
        if i in starts or not tok[0].isupper():
            continue
        low = tok.lower()
        if low in NOT_NAMES or len(low) < 2:
            continue
        out.add(stem(tok))
    return frozenset(out)


def weekdays(tokens: list[str]) -> frozenset[str]:
    return frozenset(t.lower() for t in tokens if t.lower() in WEEKDAYS)


# ---- datelines and agency credit ---------------------------------------------------------------

_AGENCY_FAMILY = {
    "aa": "AA", "anadolu": "AA", "anadolu agency": "AA", "anadolu ajansi": "AA", "aa.com.tr": "AA",
    "sputnik": "Rossiya Segodnya", "sputnik international": "Rossiya Segodnya",
    "ria": "Rossiya Segodnya", "ria novosti": "Rossiya Segodnya", "rossiya segodnya": "Rossiya Segodnya",
    "tass": "TASS", "itar-tass": "TASS", "reuters": "Reuters", "afp": "AFP", "agence france-presse": "AFP",
    "ap": "AP", "associated press": "AP", "xinhua": "Xinhua", "irna": "IRNA", "sana": "SANA",
    "dpa": "dpa", "efe": "EFE", "ani": "ANI", "interfax": "Interfax", "wafa": "WAFA", "ihlas": "IHA",
    "iha": "IHA", "dha": "DHA", "demiroren": "DHA", "bloomberg": "Bloomberg", "upi": "UPI",
}
_KNOWN_FAMILIES = {v.lower() for v in _AGENCY_FAMILY.values()}
# An agency's own site carries its own stories unless it says otherwise.
_SOURCE_AGENCY = {"aa": "AA", "anadolu": "AA", "sputnik": "Rossiya Segodnya", "ria": "Rossiya Segodnya",
                  "tass": "TASS", "reuters": "Reuters", "afp": "AFP", "ap": "AP", "xinhua": "Xinhua"}

_DATELINE = re.compile(
    r"^\s*(?P<place>[A-Z][A-Z .'-]{1,40}?)"
    r"(?:,\s*[A-Z][A-Za-z .]{1,25}?)?(?:,\s*(?:[A-Z][a-z]{2,8}\.?\s+\d{1,2}\.?))?\s*"
    r"(?:\((?P<agency>[A-Za-z .-]{2,30})\)|/(?P<agency2>[A-Za-z .-]{2,30})/\.?)\s*[-:]?\s*"
)


def agency_family(name: str | None) -> str | None:
    """The agency a credit names, folded (``Anadolu Agency`` -> ``AA``, ``RIA Novosti`` -> the Sputnik
    family); an unknown credit is kept as written."""
    if not name:
        return None
    key = re.sub(r"\s+", " ", name.strip().lower().strip("()/ .-"))
    if not key:
        return None
    return _AGENCY_FAMILY.get(key, key.upper() if len(key) <= 4 else key.title())


def agency_families(credit: str | None) -> frozenset[str]:
    """Every agency a credit names: ``"AA, Reuters"`` or ``"Daily Sabah with AA"`` give two or one."""
    if not credit:
        return frozenset()
    parts = re.split(r"\s*(?:[,;/&+]|\band\b|\bwith\b)\s*", credit, flags=re.I)
    return frozenset(f for f in (agency_family(p) for p in parts) if f and f.lower() in _KNOWN_FAMILIES
                     or (f and len(parts) == 1))


def source_agency(source: str | None) -> str | None:
    return _SOURCE_AGENCY.get((source or "").strip().lower())


def dateline(text: str) -> tuple[str | None, str | None]:
    """``("MOSCOW", "Sputnik")`` from a body opening ``MOSCOW (Sputnik) -``, ``ANKARA, Nov 9 (Reuters) -``
    or ``MOSCOW, November 17. /TASS/.``; ``(None, None)`` when the text has no dateline."""
    m = _DATELINE.match(text[:120])
    if not m:
        return None, None
    place = m.group("place").strip(" .-")
    if not place or len(place) < 3:
        return None, None
    return place.upper(), (m.group("agency") or m.group("agency2") or "").strip() or None


def strip_dateline(text: str) -> str:
    m = _DATELINE.match(text[:120])
    return text[m.end():] if m else text
