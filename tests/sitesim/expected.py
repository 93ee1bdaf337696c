"""What a perfect extractor returns for a fixture page.

``expected_article(record, base_url)`` has the shape of
``crawler.article.Article.to_dict()`` without ``methods``.  Every value is in
the page markup; the rules (and where to find each field):

url / canonical_url
    ``base_url + record.path``; the page's ``<link rel="canonical">``.
article_id
    The numeric id at the end of the URL path (Yeni Şafak 7 digits, Sputnik
    ``-{id}.html``), as a string.
title
    Yeni Şafak ``h1.ys-detail-title``; Sputnik ``h1.article__title`` in the
    active ``#endless > .endless__item.m-active``.  Same as og:title.
lead
    Yeni Şafak ``h2.ys-detail-spot`` (not repeated in the body); Sputnik
    ``div.article__announce-text``.  Same as og:description.
body
    The stripped texts of the article's paragraphs, sub-headings and quotes
    in page order, joined by ``"\\n\\n"``.
    Yeni Şafak: ``div.ys-detail-content`` › ``p.ys-paragraph-node`` and
    ``h2.ys-heading-node``, skipping ``div.ys-related-content-node``,
    ``div.ys-ad-slot`` and ``figure`` (caption/credit).
    Sputnik: in the active article's ``div.article__body``, blocks
    ``div.article__block[data-type=text]`` › ``div.article__text``,
    ``[data-type=h2]`` › ``h3.article__h2`` and ``[data-type=quote]`` ›
    ``div.article__quote-text``; blocks of type media (credits "© ...",
    captions, the video), banner and article (read-also cards) are not body.
    The dateline ("MOSCOW (Sputnik) - ") stays at the start of the body.
authors
    Person bylines only.  Yeni Şafak columns:
    ``.author-about-card-info__name`` (also JSON-LD Person, meta author);
    news pages show "Yenişafak" (the outlet) -> ``[]``.  Sputnik: hidden
    ``div.article__meta [itemprop=author] [itemprop=name]`` (also
    ``span.article__author-name``, JSON-LD Person, meta author); the value
    "Sputnik International" (an Organization) -> ``[]``.
agency
    Yeni Şafak: ``span.ys-detail-source`` under the byline ("AA") or None.
    Sputnik: the agency in the dateline ("Sputnik", "RIA Novosti"), None
    when the text has no dateline.
dateline
    Sputnik: ``{"place": "MOSCOW", "agency": "Sputnik"}`` parsed from the
    first text block, ``PLACE (AGENCY) - ``; None otherwise (Yeni Şafak: always None).
published / modified
    UTC ``isoformat()``.  Yeni Şafak: ``meta[name=datePublished]`` /
    ``meta[name=dateModified]`` (+03:00; never the render clock at the top).
    Sputnik: ``[itemprop=datePublished]`` / ``[itemprop=dateModified]``
    (``2026-11-18T17:25+0000``), also ``a[data-unixtime]`` and
    ``article:published_time`` (``20261118T1725+0000``).
section
    Yeni Şafak: the first URL path segment ("world", "columns", ...).
    Sputnik: ``meta[property=article:section]`` lower-cased.
tags
    Yeni Şafak: ``div.ys-detail-tags a.ys-tag``; Sputnik: the active
    article's ``div.article__footer li.tag a``.  Page order, lower-cased,
    tags containing Cyrillic letters dropped.  Same as meta keywords (minus
    Cyrillic).  Yeni Şafak pages without tags have no tag list: ``[]``.
language
    "en" (``<html lang="en">``).
images
    The lead image first, then in-body images, in page order, as
    ``{"url": absolute src, "caption": text or None}``.  Yeni Şafak: lead
    ``figure.cover-image img`` with ``figcaption.ys-photo-caption``; body
    ``figure.ys-image-node``.  Sputnik: lead ``div.article__announce
    div.media__size img`` (caption None: no caption element), body
    ``div.article__block[data-type=media] div.media__size img`` with
    ``div.media__title`` as caption.  Not images: read-also thumbnails, the
    video poster, ad/flag/logo/icon images, the infinite-scroll neighbour.
word_count
    ``len(body.split())``.

Traps on purpose: the Yeni Şafak render clock and news ticker; the "Read
also" box and an ad slot inside ``div.ys-detail-content``; JSON-LD
``articleSection`` is the display name ("World", use the URL instead); a
Sputnik page holds a second, unrelated ``div.article`` (infinite scroll,
``.endless__item`` without ``m-active``); Sputnik JSON-LD ``articleBody``
omits the first paragraph, as on the real page (seeds/003), so it is not the
body; read-also cards carry their own images, dates and titles.
"""

from __future__ import annotations

import re

from .records import UTC, ArticleRecord, body_text_blocks

CYRILLIC = re.compile(r"[\u0400-\u04FF]")


def expected_article(record: ArticleRecord, base_url: str) -> dict:
    base = base_url.rstrip("/")
    url = base + record.path
    body = "\n\n".join(body_text_blocks(record))
    images = [{"url": base + record.lead_image.path, "caption": record.lead_image.caption}]
    images += [
        {"url": base + b.picture.path, "caption": b.picture.caption}
        for b in record.body
        if not isinstance(b, str) and b.kind == "image"
    ]
    if record.site == "sputnik":
        dateline = {"place": record.dateline, "agency": record.agency or "Sputnik"} if record.dateline else None
        agency = dateline["agency"] if dateline else None
        section = record.section.lower()
    else:
        dateline = None
        agency = record.agency
        section = record.path.strip("/").split("/")[0]
    return {
        "url": url,
        "source": record.site,
        "canonical_url": url,
        "article_id": record.article_id,
        "title": record.title,
        "lead": record.lead,
        "body": body,
        "authors": list(record.authors),
        "agency": agency,
        "dateline": dateline,
        "published": record.published.astimezone(UTC).isoformat(),
        "modified": record.modified.astimezone(UTC).isoformat(),
        "section": section,
        "tags": [t.lower() for t in record.tags if not CYRILLIC.search(t)],
        "language": "en",
        "images": images,
        "word_count": len(body.split()),
    }
