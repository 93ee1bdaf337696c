"""Helpers that build the evaluation articles: the editorial operations outlets apply to wire copy.

Each helper does what an editor does to a wire story (trim it, add sub-headings and a paragraph of
the outlet's own, rewrite the headline and lead, run it through a synonym spinner, put it at the top
of a live blog). None of them knows anything about the matcher.
"""

from __future__ import annotations

import re
from dataclasses import replace

from crawler.article import Article, Dateline


def art(
    source: str,
    slug: str,
    title: str | None,
    lead: str | None,
    paras: list[str],
    published: str | None,
    agency: str | None = None,
    dateline: str | None = None,
    url: str | None = None,
) -> Article:
    hosts = {
        "aa": "https://www.aa.com.tr/en/world/{slug}/3712345",
        "yenisafak": "https://www.yenisafak.com/en/world/{slug}-3725612",
        "sputnik": "https://sputnikglobe.com/20261115/{slug}-1124712345.html",
        "dailysabah": "https://www.dailysabah.com/world/mid-east/{slug}",
        "hurriyetdailynews": "https://www.hurriyetdailynews.com/{slug}-209876",
        "reuters": "https://www.reuters.com/world/middle-east/{slug}-2026-11-15/",
        "trtworld": "https://www.trtworld.com/article/{slug}",
    }
    template = hosts.get(source, "https://news.example.org/" + source + "/{slug}")
    return Article(
        url=url or template.format(slug=slug),
        source=source,
        title=title,
        lead=lead,
        body="\n\n".join(paras),
        agency=agency,
        dateline=Dateline(place=dateline, agency=agency) if dateline else None,
        published=published,
        language="en",
    )


def paras(article: Article) -> list[str]:
    return [p for p in article.body.split("\n\n") if p.strip()]


def copy_as(article: Article, source: str, slug: str | None = None, published: str | None = "keep",
            agency: str | None = "keep", title: str | None = "keep", dateline: str | None = "keep") -> Article:
    """The same text republished by another outlet (or under another URL)."""
    return art(
        source,
        slug or re.sub(r"[^a-z0-9]+", "-", (article.title or "story").lower()).strip("-")[:70],
        article.title if title == "keep" else title,
        article.lead,
        paras(article),
        article.published if published == "keep" else published,
        agency=article.agency if agency == "keep" else agency,
        dateline=(article.dateline.place if article.dateline else None) if dateline == "keep" else dateline,
    )


def trimmed(article: Article, source: str, keep: int = 2, published: str | None = "keep",
            agency: str | None = "keep", title: str | None = "keep") -> Article:
    """Lead and the first ``keep`` paragraphs, as a short item on another site."""
    out = copy_as(article, source, published=published, agency=agency, title=title)
    return replace(out, body="\n\n".join(paras(article)[:keep]))


def restructured(article: Article, source: str, headings: list[str], own: str, own_at: int,
                 published: str | None = "keep", title: str | None = "keep",
                 swap: tuple[int, int] | None = None) -> Article:
    """Sub-headings inserted every two paragraphs, one paragraph of the outlet's own at ``own_at``,
    optionally two paragraphs swapped: what Yeni Şafak does to AA copy."""
    body = paras(article)
    if swap:
        i, j = swap
        body[i], body[j] = body[j], body[i]
    body.insert(own_at, own)
    out: list[str] = []
    heads = iter(headings)
    for i, p in enumerate(body):
        if i and i % 2 == 0:
            head = next(heads, None)
            if head:
                out.append(head)
        out.append(p)
    result = copy_as(article, source, published=published, title=title)
    return replace(result, body="\n\n".join(out))


def rewritten(article: Article, source: str, title: str, lead: str, first: str | None = None,
              drop: int = 0, published: str | None = "keep", agency: str | None = "keep") -> Article:
    """A new headline and lead written by the outlet; optionally the first paragraph rewritten too
    and the last ``drop`` paragraphs cut."""
    body = paras(article)
    if first is not None:
        body[0] = first
    if drop:
        body = body[:-drop]
    out = copy_as(article, source, published=published, agency=agency, title=title)
    return replace(out, lead=lead, body="\n\n".join(body))


def liveblog(article: Article, source: str, blog_title: str, blog_lead: str, earlier: list[str],
             published: str | None, keep: int = 2, stamp: str = "14:05") -> Article:
    """A live blog whose newest (top) entry is the story: a time stamp, the story's headline, its lead
    and first paragraphs, then the earlier entries of the day."""
    top = [stamp, article.title or "", article.lead or ""] + paras(article)[:keep]
    return art(source, "live-" + re.sub(r"[^a-z0-9]+", "-", blog_title.lower()).strip("-")[:50],
               blog_title, blog_lead, [t for t in top if t] + earlier, published, agency=None)


# A synonym spinner's table, as the cheap article-spinning tools use: words and phrases replaced by
# near-synonyms, names and numbers left alone.  It is the test's own list, not the matcher's.
SPIN = [
    ("held talks", "conducted discussions"), ("said", "stated"), ("told", "informed"),
    ("meeting", "gathering"), ("met", "came together with"), ("discussed", "talked about"),
    ("statement", "declaration"), ("announced", "declared"), ("killed", "slain"),
    ("attack", "assault"), ("attacks", "assaults"), ("agreed", "consented"), ("visit", "trip"),
    ("country", "nation"), ("countries", "nations"), ("government", "administration"),
    ("officials", "authorities"), ("official", "functionary"), ("minister", "secretary"),
    ("Minister", "Secretary"), ("strengthen", "bolster"), ("increase", "boost"),
    ("according to", "in accordance with"), ("also", "additionally"), ("however", "nonetheless"),
    ("important", "significant"), ("help", "assist"), ("support", "backing"),
    ("started", "commenced"), ("began", "commenced"), ("ended", "concluded"), ("end", "conclusion"),
    ("region", "area"), ("forces", "troops"), ("army", "military"), ("people", "individuals"),
    ("leaders", "heads"), ("talks", "negotiations"), ("expected", "anticipated"),
    ("continue", "proceed"), ("said on", "stated on"), ("security", "safety"),
    ("cooperation", "collaboration"), ("bilateral", "two-sided"), ("relations", "ties"),
    ("new", "fresh"), ("large", "big"), ("need", "requirement"), ("build", "construct"),
    ("buildings", "structures"), ("wounded", "injured"), ("residents", "inhabitants"),
    ("city", "town"), ("warned", "cautioned"), ("called on", "urged"), ("stressed", "emphasized"),
    ("noted", "remarked"), ("added", "included"), ("previous", "prior"), ("first", "initial"),
    ("last", "final"), ("week", "seven days"), ("agreement", "accord"), ("deal", "arrangement"),
    ("plans", "strategies"), ("aim", "goal"), ("ensure", "guarantee"), ("resume", "restart"),
]


def spun(article: Article, source: str, slug: str, published: str | None = "keep") -> Article:
    """The whole story run through the spinner table (title, lead and body), credit dropped."""
    def spin(text: str | None) -> str | None:
        if text is None:
            return None
        for old, new in SPIN:
            text = re.sub(r"\b" + re.escape(old) + r"\b", new, text)
        return text

    out = copy_as(article, source, slug=slug, published=published, agency=None, dateline=None)
    return replace(out, title=spin(out.title), lead=spin(out.lead), body=spin(out.body) or "")
