"""Fetch the candidate pages of the generic-extraction bench, as published, at the
recorded commits, and move them into the bench's pages.

    .venv/bin/python bench/fetch_generic_pages.py [--base URL] [--limit N]

``bench/data/generic/manifest.json`` lists under ``candidates`` real article pages of
other sites with their references, chosen in the order their source lists them (see
``selection`` there). For each, this script downloads the page and its reference from
``{base}/{repository}/{commit}/{path}`` (default base: raw.githubusercontent.com), saves
them beside the other pages, and writes the page's entry into ``pages`` the way the
existing entries are written: the page's URL (its canonical link or og:url), its
language (``<html lang>`` when the candidate does not name it) and what its JSON-LD
holds (type, and whether an ``articleBody`` is absent, clean or which problem it has,
by ``crawler.extract.bodypolicy.structured_body_problem``). Bytes are saved as
received; nothing is chosen or dropped by how either extractor does on the page. A
candidate that cannot be fetched stays a candidate. Needs the network; the bench
itself never does.
"""

from __future__ import annotations

import argparse
import json
import sys
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from crawler.extract.bodypolicy import structured_body_problem  # noqa: E402
from crawler.extract.document import decode  # noqa: E402

DATA = ROOT / "bench" / "data" / "generic"
MANIFEST = DATA / "manifest.json"
GITHUB_RAW = "https://raw.githubusercontent.com"


def fetch(base: str, source: dict, timeout: float = 60) -> bytes:
    url = f"{base.rstrip('/')}/{source['repository']}/{source['commit']}/{source['path']}"
    with urllib.request.urlopen(url, timeout=timeout) as r:  # noqa: S310 (a fixed https base)
        return r.read()


def describe(html: bytes) -> dict:
    """URL, language and JSON-LD of a page, read from the page itself."""
    from lxml import html as lxml_html

    root = lxml_html.fromstring(decode(html))
    url = (root.xpath("string(//link[@rel='canonical']/@href)")
           or root.xpath("string(//meta[@property='og:url']/@content)")).strip()
    lang = root.xpath("string(/html/@lang)").strip()
    kinds, body = [], None
    for script in root.xpath("//script[@type='application/ld+json']"):
        try:
            data = json.loads(script.text_content())
        except ValueError:
            kinds.append("unreadable")
            continue
        stack = [data]
        while stack:
            item = stack.pop()
            if isinstance(item, list):
                stack.extend(item)
            elif isinstance(item, dict):
                stack.extend(item.get("@graph", []) if isinstance(item.get("@graph"), list) else [])
                t = item.get("@type")
                if isinstance(t, list):
                    t = ",".join(map(str, t))
                if t and t not in kinds:
                    kinds.append(str(t))
                if body is None and isinstance(item.get("articleBody"), str):
                    body = item["articleBody"]
    if not kinds:
        jsonld = "none"
    elif body is None:
        jsonld = f"{'/'.join(kinds)}, no articleBody"
    else:
        jsonld = f"{'/'.join(kinds)}, articleBody {structured_body_problem(body) or 'clean'}"
    return {"url": url, "language": lang.split("-")[0].lower() or None, "jsonld": jsonld}


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--base", default=GITHUB_RAW, help="where repository/commit/path is served")
    ap.add_argument("--limit", type=int, default=0, help="fetch at most N candidates (0: all)")
    args = ap.parse_args()
    manifest = json.loads(MANIFEST.read_text(encoding="utf-8"))
    left, done = [], 0
    for cand in manifest.get("candidates", []):
        if args.limit and done >= args.limit:
            left.append(cand)
            continue
        try:
            page = fetch(args.base, cand["source"])
            ref = fetch(args.base, cand["reference"]["source"])
        except Exception as e:  # stays a candidate
            print(f"{cand['id']}: not fetched ({e})")
            left.append(cand)
            continue
        pid = cand["id"]
        ref_ext = ".expected.html" if cand["reference"]["source"]["path"].endswith(".html") else ".txt"
        (DATA / f"{pid}.html").write_bytes(page)
        (DATA / f"{pid}{ref_ext}").write_bytes(ref)
        facts = describe(page)
        entry = {
            "id": pid,
            "file": f"{pid}.html",
            "url": facts["url"] or f"https://{pid}.invalid/",
            "language": cand.get("language") or facts["language"] or "",
            "jsonld": facts["jsonld"],
            "source": cand["source"],
            "reference": {**cand["reference"], "file": f"{pid}{ref_ext}"},
        }
        manifest["pages"].append(entry)
        done += 1
        print(f"{pid}: {len(page)} bytes, reference {len(ref)} bytes, {entry['language']}, {entry['jsonld']}")
    manifest["candidates"] = left
    MANIFEST.write_text(json.dumps(manifest, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"{done} fetched, {len(left)} candidates left, {len(manifest['pages'])} pages")


if __name__ == "__main__":
    main()
