"""Body-text quality of the generic extraction path against trafilatura alone, on real
pages of sites the project does not know (not the fixture).

    .venv/bin/python bench/bench_generic_extraction.py [-v]

Pages and references live in bench/data/generic/ (manifest.json names, for every page,
the public repository, path and commit it was read from, and its reference; pages chosen
but not fetched yet wait under ``candidates``, see bench/fetch_generic_pages.py). Two kinds
of reference:

* ``text``: a full reference body (plain text, or HTML such as Readability's expected
  output of its test pages, read as text). Scored by token-level precision/recall: the
  multiset of lower-cased word tokens of the extracted body against the reference's
  (the measure of the article-extraction-benchmark);
* ``snippets``: text that must be in the body (``with``) and text that must not
  (``without``), as trafilatura's own evaluation scores: a ``with`` snippet found is a
  true positive, missing a false negative; a ``without`` snippet found is a false
  positive.

"ours" is the ``body`` of ``crawler.extract.extract_article(html, url)`` with the page's
own URL (no site page object applies to these hosts; checked); "trafilatura" is
``trafilatura.extract(html)`` with its defaults. Both see the same bytes, in the same
run, and every page is scored for both.

Our Article keeps the headline in ``title``, never in ``body``; trafilatura's text
starts with the headline when the page has it inside the article. So "ours" is the
article as stored, scored the way the reference was written: ``title`` + ``body`` when
the reference holds the headline (the manifest's ``reference.headline``, checked
against the reference text below), ``body`` alone when it does not. "ours body only"
is printed too. trafilatura's text is scored as it comes, either way.

    .venv/bin/python bench/bench_generic_extraction.py -v   # per page P/R/F1, both sides
"""

from __future__ import annotations

import argparse
import json
import re
import statistics
import sys
import unicodedata
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import trafilatura  # noqa: E402

from crawler.extract import extract_article  # noqa: E402
from crawler.extract.document import decode  # noqa: E402

DATA = ROOT / "bench" / "data" / "generic"
_TOKEN = re.compile(r"\w+", re.UNICODE)


def tokens(text: str) -> Counter:
    return Counter(_TOKEN.findall(unicodedata.normalize("NFKC", text or "").lower()))


def norm(text: str) -> str:
    return " ".join(unicodedata.normalize("NFKC", text or "").split()).lower()


@dataclass
class Score:
    tp: float
    fp: float
    fn: float

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


def reference_text(path: Path) -> str:
    """A reference body: plain text, or (readability's expected output) HTML read as text."""
    raw = path.read_text(encoding="utf-8")
    if path.suffix != ".html":
        return raw
    from lxml import html as lxml_html

    return lxml_html.fromstring(raw).text_content()


def score_text(got: str, reference: str) -> Score:
    g, r = tokens(got), tokens(reference)
    tp = sum((g & r).values())
    return Score(tp, sum(g.values()) - tp, sum(r.values()) - tp)


def score_snippets(got: str, with_: list[str], without: list[str]) -> Score:
    body = norm(got)
    tp = sum(norm(s) in body for s in with_)
    fp = sum(norm(s) in body for s in without)
    return Score(tp, fp, len(with_) - tp)


def ours(html: bytes, url: str) -> tuple[str, str, str]:
    a = extract_article(html, url)
    assert a.methods.get("source") == "url", f"a site page object applied to {url}"
    return a.body, a.methods.get("body", "-"), a.title or ""


def trafilatura_alone(html: bytes) -> str:
    return trafilatura.extract(decode(html)) or ""


def load() -> list[dict]:
    return json.loads((DATA / "manifest.json").read_text(encoding="utf-8"))["pages"]


def reference_has_headline(reference: str, title: str) -> bool:
    """Nearly all the title's words in the reference's first short lines (a heading, not a sentence)."""
    t = list(tokens(title))
    lines = [ln for ln in (x.strip() for x in reference.splitlines()) if ln][:3]
    head = set().union(*(tokens(ln) for ln in lines if len(ln.split()) <= 20)) if lines else set()
    return bool(t) and sum(w in head for w in t) / len(t) >= 0.8


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("-v", "--verbose", action="store_true", help="one line per page")
    args = ap.parse_args()
    pages = load()
    per_kind: dict[str, dict[str, list[Score]]] = {}
    rows = []
    for p in pages:
        html = (DATA / p["file"]).read_bytes()
        ref = p["reference"]
        our_body, method, title = ours(html, p["url"])
        their_body = trafilatura_alone(html)
        if ref["kind"] == "text":
            reference = reference_text(DATA / ref["file"])
            if title and reference_has_headline(reference, title) != bool(ref.get("headline")):
                print(f"warning: {p['id']}: reference.headline={ref.get('headline')} does not match the reference text")
            score = lambda text: score_text(text, reference)  # noqa: E731
        else:
            score = lambda text: score_snippets(text, ref["with"], ref.get("without", []))  # noqa: E731
        article = f"{title}\n\n{our_body}" if title and ref.get("headline") else our_body
        s_ours, s_them, s_body = score(article), score(their_body), score(our_body)
        kind = per_kind.setdefault(ref["kind"], {"ours": [], "trafilatura": [], "ours body only": []})
        kind["ours"].append(s_ours)
        kind["trafilatura"].append(s_them)
        kind["ours body only"].append(s_body)
        rows.append((p["id"], p.get("language", ""), method, p.get("jsonld", ""), s_ours, s_them))

    if args.verbose:
        print(f"{'page':34} {'lang':4} {'body from':11} {'json-ld':18} {'ours P/R/F1':>17}  {'trafilatura P/R/F1':>18}")
        for pid, lang, method, jl, a, b in rows:
            print(f"{pid[:34]:34} {lang:4} {method:11} {jl[:18]:18} "
                  f"{a.precision:5.3f} {a.recall:5.3f} {a.f1:5.3f}  {b.precision:5.3f} {b.recall:5.3f} {b.f1:5.3f}"
                  f"  {'+' if a.f1 > b.f1 + 1e-9 else '-' if b.f1 > a.f1 + 1e-9 else '='}")
        print()

    print(f"generic extraction vs trafilatura alone, {len(pages)} real pages (bench/data/generic)")
    waiting = len(json.loads((DATA / "manifest.json").read_text(encoding="utf-8")).get("candidates", []))
    if waiting:
        print(f"({waiting} more pages chosen but not fetched yet: bench/fetch_generic_pages.py)")
    for kind, scores in per_kind.items():
        n = len(scores["ours"])
        label = "token P/R/F1, mean over pages" if kind == "text" else "snippet P/R/F1, pooled"
        print(f"\n{kind} references ({n} pages): {label}")
        print(f"  {'':16} {'precision':>9} {'recall':>7} {'F1':>6}")
        for who in ("ours", "trafilatura", "ours body only"):
            ss = scores[who]
            if kind == "text":
                p = statistics.mean(s.precision for s in ss)
                r = statistics.mean(s.recall for s in ss)
                f = statistics.mean(s.f1 for s in ss)
            else:
                pooled = Score(sum(s.tp for s in ss), sum(s.fp for s in ss), sum(s.fn for s in ss))
                p, r, f = pooled.precision, pooled.recall, pooled.f1
            print(f"  {who:16} {p:9.3f} {r:7.3f} {f:6.3f}")
        wins = sum(a.f1 > b.f1 + 1e-9 for a, b in zip(scores["ours"], scores["trafilatura"]))
        losses = sum(b.f1 > a.f1 + 1e-9 for a, b in zip(scores["ours"], scores["trafilatura"]))
        print(f"  per page: ours better on {wins}, worse on {losses}, equal on {n - wins - losses}")


if __name__ == "__main__":
    main()
