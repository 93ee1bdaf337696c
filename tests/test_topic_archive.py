"""The three-way topic decision outside the filter: catalog, crawl, CLI (issue 11)."""

from __future__ import annotations

import dataclasses
import json
import sqlite3

from archive.catalog import SqliteCatalog
from tests.crawlkit import crawl, fetch_fixture_page, newsarchive, summary_row
from tests.sitesim import SiteServer, new_article

BORDERLINE_BODY = [  # a Syria story in which Russian supply is a minor theme
    "Syria imported 1.5 million tons of wheat this year, the Agriculture Ministry said on Monday, as a "
    "drought cut the domestic harvest by a third.",
    "Traders said about half the cargoes were of Russian origin, the rest coming from Romania and Bulgaria.",
    "A Russian-flagged vessel unloaded 30,000 tons in Tartus last week, port officials said.",
    "Bakeries in Homs and Hama reported shorter queues after the deliveries.",
]

# the articles table as catalogs made before issue 11 have it (no decision column)
OLD_ARTICLES = """
CREATE TABLE articles (
    source TEXT NOT NULL, article_key TEXT NOT NULL, url TEXT NOT NULL, canonical_url TEXT,
    article_id TEXT, title TEXT, published TEXT, agency TEXT, relevant INTEGER NOT NULL,
    score REAL, topic TEXT, data TEXT NOT NULL, run_id TEXT NOT NULL, recorded TEXT NOT NULL,
    metadata_key TEXT, PRIMARY KEY (source, article_key)
);
INSERT INTO articles VALUES ('sputnik', '1', 'http://x/1', NULL, '1', 'Kept', NULL, NULL, 1, 6.0,
    '{"relevant": true, "score": 6.0}', '{"source": "sputnik", "url": "http://x/1"}', 'r0', 't', 'm/1');
INSERT INTO articles VALUES ('sputnik', '2', 'http://x/2', NULL, '2', 'Dropped', NULL, NULL, 0, 0.0,
    '{"relevant": false, "score": 0.0}', '{"source": "sputnik", "url": "http://x/2"}', 'r0', 't', NULL);
"""


def test_an_existing_catalog_gains_the_decision_column(tmp_path):
    path = tmp_path / "catalog.sqlite"
    with sqlite3.connect(path) as db:
        db.executescript(OLD_ARTICLES)
    catalog = SqliteCatalog(path)
    rows = {r["title"]: r for r in catalog.articles(relevant=None)}
    assert rows["Kept"]["decision"] == "relevant" and rows["Dropped"]["decision"] == "irrelevant"
    catalog.record_article({"source": "sputnik", "url": "http://x/3", "article_id": "3",
                            "title": "Unsure"}, {"decision": "borderline", "score": 2.5}, True,
                           "r1", "m/3")
    assert [r["title"] for r in catalog.articles_by_decision("borderline")] == ["Unsure"]
    assert [r["title"] for r in catalog.articles_by_decision("relevant", "sputnik")] == ["Kept"]
    assert not list(catalog.articles_by_decision("borderline", "yenisafak"))
    catalog.close()
    again = SqliteCatalog(path)  # opening it a second time changes nothing
    assert {r["title"]: r["decision"] for r in again.articles(relevant=None)} == \
        {"Kept": "relevant", "Dropped": "irrelevant", "Unsure": "borderline"}
    again.close()


def test_borderline_article_is_archived_flagged_listed_and_exported(tmp_path):
    with SiteServer("sputnik") as srv:
        base = new_article("sputnik")
        record = dataclasses.replace(
            base, title="Syria's Wheat Imports Rise as Drought Cuts Harvest",
            slug="syrias-wheat-imports-rise-as-drought-cuts-harvest", path="",
            lead="Syria imported more wheat this year after a drought cut the harvest.",
            body=BORDERLINE_BODY, dateline="DAMASCUS", tags=["syria", "wheat"])
        srv.publish(record)
        result = crawl(tmp_path, {"sputnik": srv})
    assert result.returncode == 0, result.stderr[-2000:]
    archived = [ln for ln in result.log_lines() if ln.get("event") == "archived"]
    assert {ln["title"]: ln["decision"] for ln in archived}[record.title] == "borderline"
    assert summary_row(result.stdout, "sputnik")["archived"] == len(archived)

    listed = newsarchive("articles", "--borderline", "--data-dir", str(tmp_path))
    assert listed.returncode == 0, listed.stderr
    assert record.title in listed.stdout and "(borderline)" in listed.stdout
    assert len([ln for ln in listed.stdout.splitlines() if "(borderline)" in ln]) == 1

    out = tmp_path / "export.jsonl"
    exported = newsarchive("export", "-o", str(out), "--data-dir", str(tmp_path))
    assert exported.returncode == 0, exported.stderr
    docs = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    decisions = {d["title"]: d["topic"]["decision"] for d in docs}
    assert decisions.pop(record.title) == "borderline"
    assert decisions and set(decisions.values()) == {"relevant"}
    doc = next(d for d in docs if d["title"] == record.title)
    assert (tmp_path / "store" / doc["metadata_key"]).is_file()  # archived like any other


def test_topic_command_explains_a_page_by_url(tmp_path):
    with SiteServer("sputnik") as srv:
        rec = next(r for r in srv.records if r.title.startswith("Reconciliation Center"))
        shown = newsarchive("topic", srv.base_url + rec.path, "--data-dir", str(tmp_path))
        as_json = newsarchive("topic", srv.base_url + rec.path, "--json", "--data-dir", str(tmp_path))
    assert shown.returncode == 0, shown.stderr
    out = shown.stdout
    assert out.startswith("decision: relevant")
    assert rec.title in out
    assert "russia:" in out and "syria:" in out
    assert "title  Reconciliation Center (link) 3" in out  # the term, its field and its points
    assert "Idlib" in out and "sentence in lead" in out
    data = json.loads(as_json.stdout)
    assert data["topic"]["decision"] == "relevant" and data["title"] == rec.title
    assert data["topic"]["fields"]["russia"]["title"] == {"Reconciliation Center (link)": 3.0}


def test_topic_command_reads_a_saved_file(tmp_path):
    with SiteServer("sputnik") as srv:
        rec = next(r for r in srv.records if r.title.startswith("Russians in Syria Vote"))
        url = srv.base_url + rec.path
        saved = tmp_path / "page.html"
        saved.write_bytes(fetch_fixture_page(url))
    shown = newsarchive("topic", str(saved), "--url", url, "--data-dir", str(tmp_path))
    assert shown.returncode == 0, shown.stderr
    assert shown.stdout.startswith("decision: irrelevant")
    assert "venues (counted at a fraction, no relation): Syria (title), Damascus (title)" in shown.stdout
    missing = newsarchive("topic", str(tmp_path / "nope.html"), "--data-dir", str(tmp_path))
    assert missing.returncode == 2 and "could not read" in missing.stderr and not missing.stdout
