"""``newsarchive topic URL|FILE``: the topic decision for one page, explained.

A URL is fetched with one plain HTTP GET (gzip accepted); a FILE is a saved
HTML page (give ``--url`` with its original address so the site's own
extractor is used). The page goes through the same extraction and filter as
a crawl; the report lists each side's matched terms per field, the relations
and the venues, so an editor can see why.
"""

from __future__ import annotations

import gzip
import urllib.request
import zlib
from pathlib import Path
from typing import Any

from crawler.article import Article
from crawler.extract import extract_article
from crawler.topic import TopicFilter, TopicResult


class PageError(Exception):
    """The page could not be read (network error, HTTP error, missing file)."""


def load_page(target: str, *, url: str | None = None, user_agent: str = "newsarchive",
              timeout: float = 30.0) -> tuple[bytes, str]:
    """(HTML bytes, URL to extract it as) for a URL or a saved file."""
    if target.startswith(("http://", "https://")):
        req = urllib.request.Request(target, headers={"Accept-Encoding": "gzip, deflate",
                                                      "User-Agent": user_agent})
        try:
            with urllib.request.urlopen(req, timeout=timeout) as resp:
                data = resp.read()
                encoding = (resp.headers.get("Content-Encoding") or "").lower()
                final = resp.geturl()
        except OSError as e:  # URLError, HTTPError, timeouts
            raise PageError(f"could not fetch {target}: {e}") from e
        if encoding == "gzip":
            data = gzip.decompress(data)
        elif encoding == "deflate":
            data = zlib.decompress(data)
        return data, url or final
    path = Path(target)
    try:
        data = path.read_bytes()
    except OSError as e:
        raise PageError(f"could not read {target}: {e}") from e
    return data, url or path.resolve().as_uri()


def judge(topic: TopicFilter, html: bytes, url: str) -> tuple[Article, TopicResult]:
    article = extract_article(html, url)
    return article, topic.score(article)


def report(article: Article, result: TopicResult) -> dict[str, Any]:
    return {"url": article.url, "title": article.title, "source": article.source,
            "topic": result.to_dict()}


def format_report(article: Article, result: TopicResult) -> str:
    th = result.thresholds
    band = th.get("band", 0.0)
    lines = [f"decision: {result.decision}   (score {result.score:g}: the weakest side's total)",
             f"title: {article.title or '-'}",
             f"url: {article.url}"]
    if not (article.title or article.body):
        lines.append("note: no article text was found on this page")
    for side, points in result.sides.items():
        total = result.totals[side]
        need = th.get(side, 0.0)
        lines.append(f"{side}: {total:g} = terms {points:g} + relations {result.relation:g}"
                     f"   (relevant at {need:g}, borderline at {max(need - band, 0):g})")
        for f, terms in result.fields.get(side, {}).items():
            listed = ", ".join(f"{t} {p:g}" for t, p in sorted(terms.items(), key=lambda x: -x[1]))
            lines.append(f"  {f:<6} {listed}")
        if not result.fields.get(side):
            lines.append("  (no term matched)")
    if result.relations:
        lines.append("relations (points for every side):")
        for r in result.relations:
            lines.append(f"  {r.level} in {r.field} +{r.points:g} [{', '.join(r.terms)}]: {r.text}")
    else:
        lines.append("relations: none (no sentence or paragraph names both sides)")
    if result.venues:
        lines.append("venues (counted at a fraction, no relation): " + ", ".join(result.venues))
    return "\n".join(lines)
