"""Which article body to keep when there is no site page object's body.

Two candidates: the publisher's structured text (JSON-LD ``articleBody``) and
the body read from the DOM by the generic extractor. Structured text is clean
of page furniture when it is right, but on many sites it is a teaser ending in
an ellipsis or "Read more", a copy cut at a fixed length, raw or
entity-escaped HTML, or text that is not the article at all. The rule, the
same for every site:

* structured text is *usable* only when it is clean: no markup, no escaped
  entities, no teaser ending, not cut mid-word (``structured_body_problem``);
* it wins only when it is about as long as the DOM body: between
  ``MIN_RATIO`` and ``MAX_RATIO`` of its words, or when the DOM body is
  almost nothing (fewer than ``MIN_DOM_WORDS``). Shorter means a teaser or a
  truncated copy; much longer means it holds more than the article shown;
* otherwise the DOM body wins; structured text with markup is turned into
  text only when the DOM has no body at all (a script-rendered page).

Pure functions of their arguments.
"""

from __future__ import annotations

import html as _html
import re

from lxml import html as lxml_html

from crawler.extract.text import split_paragraphs

# A clean articleBody is usually the DOM body minus captions and furniture:
# 0.8-1.0 of its words on real pages. Below 0.8 it lacks whole paragraphs
# (teasers are 0.05-0.3); above 1.5 it carries text the page does not show.
MIN_RATIO = 0.8
MAX_RATIO = 1.5
MIN_DOM_WORDS = 25

_TAG = re.compile(r"</?[A-Za-z][A-Za-z0-9]*(?:\s[^<>]*)?/?>")
_ENTITY = re.compile(r"&(?:[A-Za-z][A-Za-z0-9]{1,31}|#[0-9]{1,7}|#[xX][0-9A-Fa-f]{1,6});")
_TEASER_END = re.compile(
    r"(?:\.\.\.|…|\[…\]|\[\.\.\.\]|\b(?:read|see|view) (?:more|the full (?:story|article))"
    r"|\bcontinue(?:s)? reading|\bfull (?:story|article))\W{0,4}$",
    re.I,
)


def structured_body_problem(text: str | None) -> str | None:
    """Why structured body text cannot be trusted as it is, or None when it is clean."""
    if not text or not text.strip():
        return "empty"
    if _TAG.search(text):
        return "markup"
    if _ENTITY.search(text):
        return "entities"
    stripped = text.rstrip()
    if _TEASER_END.search(stripped[-60:]):
        return "teaser"
    if stripped[-1].isalnum() and _cut_mid_sentence(stripped):
        return "truncated"
    return None


def _cut_mid_sentence(text: str) -> bool:
    """Ends in a word with no closing punctuation: a copy cut at a fixed length.

    A short last line is a credit or sign-off ("Editing by Jane Doe"), not a
    cut; a longer last paragraph that stops without punctuation is."""
    paragraphs = split_paragraphs(text)
    return len((paragraphs[-1] if paragraphs else text).split()) >= 5


def markup_to_text(text: str) -> str:
    """Structured text that carries (escaped) HTML, as paragraphs of plain text."""
    raw = text
    if not _TAG.search(raw) and _ENTITY.search(raw):
        raw = _html.unescape(raw)
    if not _TAG.search(raw):
        return "\n\n".join(split_paragraphs(_html.unescape(raw)))
    try:
        root = lxml_html.fragment_fromstring(raw, create_parent="div")
    except Exception:
        return "\n\n".join(split_paragraphs(_TAG.sub(" ", raw)))
    for bad in root.xpath(".//script|.//style|.//noscript"):
        bad.drop_tree()
    for br in root.xpath(".//br"):
        br.tail = "\n" + (br.tail or "")
    blocks = "p|div|li|h1|h2|h3|h4|h5|h6|blockquote|tr|figcaption|section|article|ul|ol|table"
    for el in root.xpath(" | ".join(f".//{t}" for t in blocks.split("|"))):
        el.tail = "\n" + (el.tail or "")
        if el.text is not None:
            el.text = "\n" + el.text
    return "\n\n".join(split_paragraphs(root.text_content()))


def words(text: str | None) -> int:
    return len(text.split()) if text else 0


def choose_body(structured: str | None, dom: str | None) -> tuple[str | None, str]:
    """Pick ``(text, origin)`` with origin "structured", "dom" or "none"."""
    dom_words = words(dom)
    if not structured:
        return (dom, "dom") if dom_words else (None, "none")
    problem = structured_body_problem(structured)
    if dom_words < MIN_DOM_WORDS:
        if problem in ("markup", "entities"):
            salvaged = markup_to_text(structured)
            if words(salvaged) > dom_words:
                return salvaged, "structured"
        elif words(structured) > dom_words:
            return structured, "structured"
        return (dom, "dom") if dom_words else (structured, "structured")
    if problem is None and MIN_RATIO <= words(structured) / dom_words <= MAX_RATIO:
        return structured, "structured"
    return dom, "dom"


# -- the head of a generic body: headline and time stamp are not body text -----------------
#
# The DOM body of an unknown page often starts with what the page shows above the
# article: the headline (the same words as the title, sometimes run together with a
# kicker such as "Corona-Lage verschlechtert sich"), and a time stamp line ("Stand:
# 03.08.2020 13:14 Uhr", "Updated 3 August 2020 14:05 GMT"). The Article keeps the
# headline in ``title`` and the times in ``published``/``modified``; the rule, the
# same for every site, drops them from the first ``HEAD_PARAGRAPHS`` paragraphs only.

HEAD_PARAGRAPHS = 3
# A paragraph is the headline when it holds nearly all the title's words and is
# not much longer than the title (the headline with a kicker, not a first sentence).
HEADLINE_COVER = 0.8
HEADLINE_EXTRA_WORDS = 8
# Short paragraphs above the headline are its kicker or section label.
KICKER_MAX_WORDS = 8

_WORD = re.compile(r"\w+", re.UNICODE)
_MONTHS = (
    "jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec|january|february|march|april|june|july"
    "|august|september|october|november|december|januar|februar|märz|mai|juni|juli|oktober|dezember"
    "|janvier|février|mars|avril|juin|juillet|août|septembre|octobre|novembre|décembre"
    "|enero|febrero|marzo|abril|mayo|junio|julio|agosto|septiembre|octubre|noviembre|diciembre"
)
_DATE = re.compile(
    r"\b(?:\d{1,2}[./-]\d{1,2}[./-](?:19|20)\d{2}|(?:19|20)\d{2}-\d{2}-\d{2}"
    rf"|(?:\d{{1,2}}\.?\s+(?:{_MONTHS})\.?,?\s+(?:19|20)\d{{2}})"
    rf"|(?:(?:{_MONTHS})\.?\s+\d{{1,2}},?\s+(?:19|20)\d{{2}}))\b",
    re.I,
)
_TIME = re.compile(r"\b\d{1,2}[:.h]\d{2}(?::\d{2})?\s*(?:am|pm|a\.m\.|p\.m\.)?", re.I)
_MONTH_WORD = re.compile(rf"^(?:{_MONTHS})$", re.I)
STAMP_MAX_WORDS = 10
STAMP_MAX_LABEL_WORDS = 3


def _words(text: str) -> list[str]:
    return _WORD.findall(text.casefold())


def is_headline(paragraph: str, title: str | None) -> bool:
    """The paragraph is the title (maybe with a kicker run into it), not a sentence of the body."""
    t = _words(title or "")
    p = _words(paragraph)
    if not t or not p or len(p) > len(t) + HEADLINE_EXTRA_WORDS:
        return False
    if paragraph.rstrip().endswith(".") and p != t:
        return False  # a sentence that repeats the title's words is body text
    have = set(p)
    covered = sum(w in have for w in t) / len(t)
    return covered >= HEADLINE_COVER


def is_time_stamp(paragraph: str) -> bool:
    """A line that only says when: a full date (with a year) and perhaps a time, plus at
    most a label ("Stand:", "Updated", "Published", "Uhr", "GMT")."""
    if len(paragraph.split()) > STAMP_MAX_WORDS or not _DATE.search(paragraph):
        return False
    rest = _TIME.sub(" ", _DATE.sub(" ", paragraph))
    label = [w for w in _WORD.findall(rest) if not w.isdigit() and not _MONTH_WORD.match(w)]
    return len(label) <= STAMP_MAX_LABEL_WORDS


def strip_head(body: str | None, titles) -> str | None:
    """The body without a leading headline (and the kicker above it) or time stamp line."""
    if not body:
        return body
    paragraphs = body.split("\n\n")
    titles = [t for t in titles if t]
    for i, p in enumerate(paragraphs[:HEAD_PARAGRAPHS]):
        if any(is_headline(p, t) for t in titles) and all(
            len(q.split()) <= KICKER_MAX_WORDS for q in paragraphs[:i]
        ):
            paragraphs = paragraphs[i + 1:]
            break
    while paragraphs[:1] and len(paragraphs) > 1 and is_time_stamp(paragraphs[0]):
        paragraphs = paragraphs[1:]
    return "\n\n".join(paragraphs)
