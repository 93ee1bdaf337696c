"""Mislabelled charsets (issue 6, item 11): extraction gets the right text, decoded by
detection when the label does not fit the bytes; the WARC keeps the bytes as sent."""

from __future__ import annotations

import codecs
import json
import sqlite3

import pytest

from crawler.charset import PREFERRED, decode_html
from tests.crawlkit import records, warc_files
from tests.faults.hostile import TEXT, Behaviour, HostileServer
from tests.faults.kit import guarded_crawl

UTF8_TITLE = "Şam'da görüşme: Russia and Syria — “strategic” talks"
LATIN_TITLE = "Café talks in Zürich: Russia and Syria, naïve façade"
PAGES = {  # path: (title, bytes as, label in Content-Type, label in <meta>)
    "/world/utf8-said-latin1-3710031": (UTF8_TITLE, "utf-8", "iso-8859-1", None),
    "/world/latin1-said-utf8-3710032": (LATIN_TITLE, "iso-8859-1", "utf-8", None),
    "/world/utf8-meta-latin1-3710033": (UTF8_TITLE, "utf-8", None, "iso-8859-1"),
    "/world/cp1252-said-utf8-3710034": (LATIN_TITLE + " – €5", "cp1252", "utf-8", None),
    "/world/honest-latin1-3710035": (LATIN_TITLE, "iso-8859-1", "iso-8859-1", None),
}


def test_mislabelled_pages_are_extracted_right_and_archived_as_sent(tmp_path):
    routes = {path: Behaviour("page", {"title": title, "body": f"{title}. {TEXT} {path}",
                                       "charset": cs, "label": label, "meta_label": meta})
              for path, (title, cs, label, meta) in PAGES.items()}
    with HostileServer(routes) as srv:
        # the five pages share their text, so story dedup (issue 7) would store four as
        # story references without a body: keep every copy in full to compare the bytes
        result, _ = guarded_crawl(tmp_path, srv, env={"NEWSARCHIVE_DEDUP__POLICY": "full"})
        sent = {srv.url(p): body for p, body in srv.sent_bodies.items()}
    assert result.returncode == 0, result.stderr[-3000:]
    with sqlite3.connect(tmp_path / "data" / "catalog.sqlite") as db:
        got = {url: json.loads(data) for url, data in
               db.execute("SELECT url, data FROM articles")}
    for path, (title, *_rest) in PAGES.items():
        article = got[srv.url(path)]
        assert article["title"] == title, path
        assert title in article["body"] and "\ufffd" not in article["body"], path
    payloads = {rec.rec_headers.get_header("WARC-Target-URI"): payload
                for f in warc_files(tmp_path / "data" / "store") for rec, payload in records(f)
                if rec.rec_type == "response"}
    for url, body in sent.items():
        assert payloads[url] == body  # the bytes as sent, not re-encoded


@pytest.mark.parametrize("text,encoding,declared", [
    (UTF8_TITLE, "utf-8", "iso-8859-1"), (UTF8_TITLE, "utf-8", "cp1252"),
    (LATIN_TITLE, "iso-8859-1", "utf-8"), (LATIN_TITLE, "iso-8859-1", None),
    (UTF8_TITLE, "utf-8", None), (LATIN_TITLE, "iso-8859-1", "iso-8859-1"),
    ("Россия и Сирия обсудили сотрудничество в Дамаске", "cp1251", "utf-8"),
    ("plain ascii", "ascii", "utf-16"),
    ("Şam’da görüşme yapıldı, Türkiye ve Rusya", "cp1254", "utf-8"),
])
def test_decode_html(text, encoding, declared):
    page = f"<html><head><title>{text}</title></head><body><p>{text}</p></body></html>"
    decoded, used = decode_html(page.encode(encoding), declared,
                                prefer=PREFERRED["yenisafak"])
    assert text in decoded and used


def test_decode_keeps_a_fitting_label_and_honours_a_bom():
    body = "Ä".encode("cp1252")
    assert decode_html(body, "iso-8859-1") == ("Ä", "cp1252")  # fits: believed
    assert decode_html(codecs.BOM_UTF8 + "Ş".encode(), "iso-8859-1") == ("Ş", "utf-8")
