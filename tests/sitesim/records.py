"""The data model of the fixture: one :class:`ArticleRecord` per article page.

A record holds what is needed to render the page (title, lead, body blocks,
dates, images, tags) and the test truth (``category``, ``relevant``,
``aa_story``, ``path``).  Content modules build records with the small
helpers here (:func:`h`, :func:`quote`, :func:`img`, :func:`related`); a
plain string in ``body`` is a paragraph.
"""

from __future__ import annotations

import copy
import hashlib
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone

UTC = timezone.utc
ISTANBUL = timezone(timedelta(hours=3))  # Türkiye keeps +03:00 all year
MOSCOW = timezone(timedelta(hours=3))  # Sputnik dates its URLs and day sitemaps in Moscow time
SITES = ("yenisafak", "sputnik")
CATEGORIES = ("russia-syria", "syria-only", "russia-only", "unrelated")


@dataclass
class Picture:
    """An image: ``path`` on the fixture server, visible caption, credit line."""

    path: str
    caption: str | None = None
    credit: str | None = None
    alt: str | None = None


@dataclass
class Block:
    """A non-paragraph body block.

    kind: "h" (sub-heading), "quote", "image" (``picture``), "related"
    (a read-also box pointing at another record's ``article_id`` in ``ref``).
    """

    kind: str
    text: str = ""
    picture: Picture | None = None
    ref: str | None = None


@dataclass
class Video:
    """A video embedded in a Sputnik page (VideoObject in JSON-LD)."""

    name: str
    duration: str  # ISO-8601, e.g. PT0M28S
    thumbnail: Picture
    path: str  # the video file on the server


@dataclass
class ArticleRecord:
    site: str  # "yenisafak" | "sputnik"
    article_id: str  # numeric id as in the URL
    slug: str
    section: str  # Yeni Şafak: URL section; Sputnik: article:section value
    title: str
    lead: str
    body: list  # str (paragraph) | Block
    published: datetime  # aware
    modified: datetime | None = None  # None: same as published
    category: str = "unrelated"
    relevant: bool | None = None  # derived from category when None
    aa_story: str | None = None  # shared by AA copies of one wire story
    path: str = ""  # derived when empty
    authors: list[str] = field(default_factory=list)  # person bylines only
    agency: str | None = None  # YS: "AA" or None; Sputnik: agency in the dateline
    dateline: str | None = None  # Sputnik: dateline place, e.g. "MOSCOW"
    tags: list[str] = field(default_factory=list)  # as displayed
    lead_image: Picture | None = None
    uptitle: str | None = None  # Sputnik supertitle
    url_date: str | None = None  # Sputnik: YYYYMMDD in the URL if re-dated
    video: Video | None = None  # Sputnik: video block after the first paragraph
    kind: str = "news"  # "news" | "opinion"
    listings: list[str] = field(default_factory=list)  # YS: extra listing pages

    def __post_init__(self) -> None:
        if self.site not in SITES:
            raise ValueError(f"unknown site {self.site!r}")
        if self.category not in CATEGORIES:
            raise ValueError(f"unknown category {self.category!r}")
        self.published = self.published.astimezone(UTC)
        self.modified = (self.modified or self.published).astimezone(UTC)
        if self.relevant is None:
            self.relevant = self.category == "russia-syria"
        if not self.path:
            self.path = article_path(self)
        if self.lead_image is None:
            self.lead_image = default_picture(self)

    @property
    def key(self) -> str:
        return f"{self.site}:{self.article_id}"


def article_path(rec: ArticleRecord) -> str:
    if rec.site == "yenisafak":
        return f"/{rec.section}/{rec.slug}-{rec.article_id}"
    day = rec.url_date or rec.published.astimezone(MOSCOW).strftime("%Y%m%d")
    return f"/{day}/{rec.slug}-{rec.article_id}.html"


def _hex(text: str, n: int) -> str:
    return hashlib.md5(text.encode()).hexdigest()[:n]


def ys_image_path(day: datetime, seed: str, ext: str = "jpeg") -> str:
    """``/piri/upload/3/{YYYY}/{M}/{D}/{hash}.jpeg`` like img.piri.net."""
    d = day.astimezone(ISTANBUL)
    return f"/piri/upload/3/{d.year}/{d.month}/{d.day}/{_hex(seed, 8)}-{_hex(seed + '/', 4)}-{_hex(seed + '//', 12)}.{ext}"


def sp_image_path(day: datetime, image_id: int, crop: str = "0:0:1920:1080", ext: str = "jpg") -> str:
    """``/img/{year hex}/{month hex}/{day hex}/{id}_{crop}_1920x0_80_0_0_{hash}.jpg``."""
    d = day.astimezone(UTC)
    return (
        f"/img/{d.year:04x}/{d.month:02x}/{d.day:02x}/"
        f"{image_id}_{crop}_1920x0_80_0_0_{_hex(f'{image_id}{crop}', 32)}.{ext}"
    )


def default_picture(rec: ArticleRecord) -> Picture:
    if rec.site == "yenisafak":
        return Picture(ys_image_path(rec.published, rec.article_id), caption=None, credit=rec.agency or "Yenişafak")
    return Picture(sp_image_path(rec.published, int(rec.article_id) + 211), credit="© Sputnik", alt=rec.title)


# -- body helpers ---------------------------------------------------------


def h(text: str) -> Block:
    return Block("h", text)


def quote(text: str) -> Block:
    return Block("quote", text)


def img(path: str, caption: str | None, credit: str | None = None, alt: str | None = None) -> Block:
    return Block("image", picture=Picture(path, caption, credit, alt if alt is not None else caption))


def related(article_id: str) -> Block:
    return Block("related", ref=article_id)


def dateline_prefix(rec: ArticleRecord) -> str:
    """``"MOSCOW (Sputnik) - "`` for Sputnik records with a dateline, else ""."""
    if rec.site == "sputnik" and rec.dateline:
        return f"{rec.dateline} ({rec.agency or 'Sputnik'}) - "
    return ""


def rendered_blocks(rec: ArticleRecord) -> list[Block]:
    """Body blocks as they appear on the page: paragraphs become Block("p")
    and the Sputnik dateline is prepended to the first paragraph."""
    out: list[Block] = []
    prefix = dateline_prefix(rec)
    for item in rec.body:
        if isinstance(item, str):
            out.append(Block("p", prefix + item))
            prefix = ""
        else:
            out.append(item)
    return out


def body_text_blocks(rec: ArticleRecord) -> list[str]:
    """The texts that make up ``body``: paragraphs, sub-headings, quotes."""
    return [b.text.strip() for b in rendered_blocks(rec) if b.kind in ("p", "h", "quote")]


# -- building records -----------------------------------------------------


def fresh(records: list[ArticleRecord]) -> list[ArticleRecord]:
    return copy.deepcopy(records)


def articles_for(site: str) -> list[ArticleRecord]:
    """The built-in records of a site (fresh copies, oldest first)."""
    if site == "yenisafak":
        from .content_yenisafak import RECORDS
    elif site == "sputnik":
        from .content_sputnik import RECORDS
    else:
        raise ValueError(f"unknown site {site!r}")
    return sorted(fresh(RECORDS), key=lambda r: r.published)


_NEW_COUNTER = [0]
_lock = __import__("threading").Lock()

# category -> (default title, paragraphs, tags, YS section, Sputnik section, Sputnik dateline)
TEMPLATES = {
    "russia-syria": (
        "Russian and Syrian Officials Agree on New Round of Talks in Damascus",
        [
            "Russian Deputy Foreign Minister Mikhail Bogdanov and Syrian Foreign Minister Asaad al-Shaibani "
            "agreed to hold a new round of consultations in Damascus next month, the two ministries said.",
            "The talks will cover the future of Russian military facilities on the Syrian coast, wheat "
            "deliveries and the repair of power plants built with Soviet assistance.",
            "\"We have agreed to keep the channel open and to meet regularly,\" al-Shaibani told reporters "
            "after the call, adding that Syria wanted relations with Moscow based on mutual respect.",
            "Moscow has sought to retain its naval facility in Tartus and the Hmeimim air base since the "
            "fall of the previous government in December 2024.",
            "The Kremlin said President Vladimir Putin had been briefed on the preparations for the meeting.",
        ],
        ["Russia", "Syria"], "world", "world", "MOSCOW",
    ),
    "syria-only": (
        "Syria Reopens Border Crossing With Jordan to Commercial Traffic",
        [
            "Syrian authorities reopened the Nassib border crossing with Jordan to commercial trucks after "
            "three weeks of repair works, the General Authority for Land and Sea Ports said.",
            "Around 400 trucks are expected to cross daily, carrying fruit, vegetables and construction "
            "materials, the authority said.",
            "Traders in Daraa province welcomed the decision, saying the closure had caused losses for "
            "farmers who export to the Gulf.",
            "Jordanian officials said customs procedures would be handled electronically to shorten waiting times.",
            "The crossing is Syria's main land link to the Gulf markets.",
        ],
        ["Syria", "Jordan"], "world", "world", "DAMASCUS",
    ),
    "russia-only": (
        "Russian Railways Launch New Freight Route to China via Kazakhstan",
        [
            "Russian Railways has launched a new container route to western China through Kazakhstan, the "
            "company said in a statement.",
            "The first train carried timber and fertilizer and is expected to reach Urumqi within nine days.",
            "The company said it planned to run three trains a week on the route by the spring.",
            "Freight traffic between Russia and China has grown steadily over the past three years.",
            "Kazakhstan's national railway company said it had upgraded two border stations for the new service.",
        ],
        ["Russia", "China", "Railways"], "world", "economy", "MOSCOW",
    ),
    "unrelated": (
        "Turkish Lira Steadies as Central Bank Keeps Policy Unchanged",
        [
            "The Turkish lira traded steadily against the US dollar after the Central Bank of the Republic of "
            "Türkiye kept its policy rate unchanged, in line with market expectations.",
            "The bank said it would maintain a tight stance until inflation falls to its target range.",
            "Analysts expect gradual rate cuts next year as monthly price increases slow.",
            "Borsa Istanbul's main index closed slightly higher, led by banking shares.",
            "The bank's next rate-setting meeting is scheduled for next month.",
        ],
        ["Turkish Economy", "Lira"], "economy", "economy", "ANKARA",
    ),
}


def _slugify(title: str) -> str:
    return "-".join("".join(c if c.isalnum() else " " for c in title.lower()).split())


def new_article(
    site: str,
    *,
    title: str | None = None,
    published: datetime | None = None,
    category: str = "russia-syria",
    article_id: str | None = None,
) -> ArticleRecord:
    """A fresh record for :meth:`SiteServer.publish`.

    By default a relevant Russia–Syria story dated now (at least 2026-11-21
    00:00 UTC, so it is newer than every built-in record), with a new id.
    ``category`` picks a text that fits it (syria-only, russia-only,
    unrelated: a Turkish lira story).  Each call gives a new id and a
    publication time one minute later than the previous call's default.
    """
    with _lock:
        _NEW_COUNTER[0] += 1
        n = _NEW_COUNTER[0]
    default_title, paragraphs, tags, ys_section, sp_section, place = TEMPLATES[category]
    floor = datetime(2026, 11, 21, 0, 0, tzinfo=UTC)
    now = datetime.now(UTC).replace(second=0, microsecond=0)
    when = (published or max(now, floor) + timedelta(minutes=n)).astimezone(UTC)
    title = title or f"{default_title} ({n})"
    if site == "yenisafak":
        return ArticleRecord(
            site=site, article_id=article_id or str(3726500 + n), slug=_slugify(title), section=ys_section,
            title=title, lead=paragraphs[0], body=paragraphs[1:], published=when,
            category=category, tags=list(tags),
        )
    return ArticleRecord(
        site=site, article_id=article_id or str(1124990000 + n * 137), slug=_slugify(title), section=sp_section,
        title=title, lead=paragraphs[0], body=list(paragraphs), published=when, category=category,
        agency="Sputnik", dateline=place, tags=[t.lower() for t in tags],
    )
