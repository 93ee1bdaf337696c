"""Bad command lines, settings and places get one line and an exit code, never a traceback."""

from __future__ import annotations

import sqlite3

import pytest

from archive.catalog import SqliteCatalog
from tests.crawlkit import newsarchive
from tests.faults.diskfull import tmpfs

CRAWL = ("crawl", "yenisafak")  # FAST points yenisafak at a closed port on 127.0.0.1


def _error_line(result, code: int) -> str:
    assert result.returncode == code, (result.returncode, result.stdout, result.stderr[-3000:])
    assert "Traceback" not in result.stderr + result.stdout, result.stderr[-3000:]
    lines = [ln for ln in result.stderr.splitlines() if "error:" in ln]
    assert len(lines) == 1, result.stderr[-3000:]
    return lines[0]


CONFIGS = {
    "malformed TOML": ('store = \n', "not valid TOML"),
    "unknown key": ('colour = "blue"\n', "unknown key 'colour'"),
    "unknown key in [s3]": ('[s3]\nendpoint_url = "http://127.0.0.1:9"\nsecret_key = "x"\n',
                            "unknown key 's3.secret_key'"),
    "unknown key in [politeness]": ('[politeness]\ndelay = 3\n',
                                    "unknown key 'politeness.delay'"),
    "wrong type": ('warc_max_size = "big"\n', "warc_max_size"),
    "bad store URL": ('store = "ftp://127.0.0.1/x"\n', "bad store URL"),
    "s3 URL without bucket": ('store = "s3://"\n', "bad store URL"),
}


@pytest.mark.parametrize("name", sorted(CONFIGS))
def test_bad_settings_file(tmp_path, name):
    text, expected = CONFIGS[name]
    config = tmp_path / "newsarchive.toml"
    config.write_text(text)
    line = _error_line(newsarchive("status", "--config", str(config),
                                   "--data-dir", str(tmp_path)), 2)
    assert expected in line and str(config) in line if "TOML" in expected else expected in line


def test_missing_settings_file(tmp_path):
    line = _error_line(newsarchive("status", "--config", str(tmp_path / "nope.toml")), 2)
    assert "nope.toml does not exist" in line


ARGS = {
    "bad --since": (("--since", "2026-13-45"), "not a date"),
    "--limit 0": (("--limit", "0"), "at least 1"),
    "negative --limit": (("--limit", "-3"), "at least 1"),
    "bad --store": (("--store", "ftp://127.0.0.1/x"), "bad store URL"),
}


@pytest.mark.parametrize("name", sorted(ARGS))
def test_bad_crawl_arguments_are_refused_before_anything_runs(tmp_path, name):
    args, expected = ARGS[name]
    line = _error_line(newsarchive(*CRAWL, "--data-dir", str(tmp_path / "d"), *args,
                                   timeout=60), 2)
    assert expected in line
    assert not (tmp_path / "d" / "catalog.sqlite").exists()


@pytest.mark.parametrize("every", ["0", "-5", "nan"])
def test_schedule_every_must_be_positive(tmp_path, every):
    line = _error_line(newsarchive("schedule", "--every", every, "--data-dir", str(tmp_path),
                                   timeout=30), 2)
    assert "--every" in line


def test_read_only_data_directory(tmp_path):
    data = tmp_path / "data"
    with tmpfs(data, "1m", readonly=True):
        line = _error_line(newsarchive(*CRAWL, "--data-dir", str(data)), 4)
    assert "Read-only file system" in line


def test_data_directory_that_is_a_file(tmp_path):
    (tmp_path / "data").write_text("not a directory")
    line = _error_line(newsarchive(*CRAWL, "--data-dir", str(tmp_path / "data")), 4)
    assert "data" in line


def test_locked_catalog(tmp_path):
    SqliteCatalog(tmp_path / "catalog.sqlite").close()
    holder = sqlite3.connect(tmp_path / "catalog.sqlite", isolation_level=None)
    holder.execute("BEGIN EXCLUSIVE")  # another process writes and does not let go
    try:
        line = _error_line(newsarchive(*CRAWL, "--data-dir", str(tmp_path),
                                       env={"NEWSARCHIVE_CATALOG_BUSY_TIMEOUT_S": "1"}), 4)
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert "catalog is locked" in line


@pytest.mark.parametrize("command", ["verify", "status", "articles"])
def test_reading_where_there_is_no_archive(tmp_path, command):
    line = _error_line(newsarchive(command, "--data-dir", str(tmp_path / "nothing")), 2)
    assert "no archive" in line
    assert not (tmp_path / "nothing").exists()  # nothing was created
