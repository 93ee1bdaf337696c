"""The scheduler's unit of work: one crawl run, whose failures are logged, never raised."""

from __future__ import annotations

import os

from archive.catalog import SqliteCatalog
from newsarchive.config import Settings
from scheduler.service import run_once
from tests.crawlkit import FAST
from tests.sitesim import SiteServer


def test_run_once_crawls_and_records_a_run(tmp_path, monkeypatch):
    for k, v in FAST.items():
        monkeypatch.setenv(k, v)
    with SiteServer("sputnik") as srv:
        settings = Settings.load(None, data_dir=tmp_path,
                                 base_urls={"sputnik": srv.base_url})
        assert run_once(settings, ["sputnik"]) == "ok"
        # a second scheduled run finds nothing new and still reports ok
        assert run_once(settings, ["sputnik"]) == "ok"
    runs = SqliteCatalog(tmp_path / "catalog.sqlite").runs()
    assert [r["status"] for r in runs] == ["ok", "ok"]
    assert runs[1]["stats"]["totals"]["archived"] > 0  # the RSS feed's relevant items
    assert runs[0]["stats"]["totals"]["archived"] == 0


def test_run_once_reports_a_failed_run(tmp_path, monkeypatch):
    for k, v in FAST.items():
        monkeypatch.setenv(k, v)
    settings = Settings.load(None, data_dir=tmp_path,
                             base_urls={"sputnik": "http://127.0.0.1:9"})  # nothing listens
    status = run_once(settings, ["sputnik"])
    runs = SqliteCatalog(tmp_path / "catalog.sqlite").runs()
    assert status == runs[0]["status"] == "failed"
    assert runs[0]["stats"]["exit_code"] == 3
    assert "no feed, sitemap or listing could be fetched" in runs[0]["stats"]["reasons"][0]
    assert runs[0]["stats"]["sources"]["sputnik"]["discovery_failed"] > 0
    assert os.path.exists(tmp_path / "catalog.sqlite")
