"""Issue 8 over TLS: the wire handler keeps the HTTP messages of https exchanges byte for
byte (the plaintext inside TLS), as it does over plain TCP.

The fixture site is served over TLS on 127.0.0.1 with a certificate of a throwaway CA
made here (trustme), with the wire quirks on (tests/sitesim/wire.py: chunked pages,
``200 Fine``, odd header case, repeated ``Set-Cookie``, ``Keep-Alive``). Two runs: the
second's feeds and listings answer 304 over the same kind of connection.
"""

from __future__ import annotations

import ssl
import subprocess
import sys
from urllib.parse import urlsplit

import pytest
import trustme

from tests.crawlkit import crawl, indexed_kinds, sent_bodies, summary_row, warc_files
from tests.sitesim import SiteServer
from tests.wirekit import check_date, exchanges, raw_records


def server_context(ca: trustme.CA) -> ssl.SSLContext:
    ctx = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    ca.issue_cert("127.0.0.1", "localhost").configure_cert(ctx)
    return ctx


@pytest.fixture(scope="module")
def tls(tmp_path_factory):
    ca = trustme.CA()
    data = tmp_path_factory.mktemp("tls")
    ca_file = data / "ca.pem"
    ca.cert_pem.write_to_path(str(ca_file))
    srv = SiteServer("yenisafak", wire_quirks=True, tls=server_context(ca)).start()
    verify = {"NEWSARCHIVE_TLS__VERIFY": "true", "NEWSARCHIVE_TLS__CA_FILE": str(ca_file)}
    try:
        assert srv.base_url.startswith("https://127.0.0.1:")
        # the first run verifies the certificate (issued for 127.0.0.1 by the CA of
        # tls.ca_file); the second does not verify (the default)
        first = crawl(data, {"yenisafak": srv}, env=verify)
        second = crawl(data, {"yenisafak": srv})
        mark = len(srv.log)
        # verification against the system's CAs refuses the throwaway CA
        refused = crawl(data / "refused", {"yenisafak": srv},
                        env={"NEWSARCHIVE_TLS__VERIFY": "true"})
        yield {"data": data, "store": data / "store", "srv": srv, "first": first,
               "second": second, "refused": refused, "refused_log": srv.log[mark:]}
    finally:
        srv.stop()


def test_crawl_over_tls_archives_the_articles(tls):
    first, second = tls["first"], tls["second"]
    assert first.returncode == 0, first.stderr[-3000:]
    assert second.returncode == 0, second.stderr[-3000:]
    row = summary_row(first.stdout, "yenisafak")
    assert row["archived"] >= 3 and row["failed"] == 0, row
    assert summary_row(second.stdout, "yenisafak")["new"] == 0


def test_verification_refuses_a_certificate_of_an_unknown_ca(tls):
    refused = tls["refused"]
    assert tls["refused_log"] == []  # no request got through a refused handshake
    assert not list((tls["data"] / "refused" / "store").rglob("*.warc.gz"))
    assert "certificate verify failed" in refused.stderr, refused.stderr[-3000:]


def test_https_header_blocks_are_the_bytes_that_crossed_the_wire(tls):
    srv = tls["srv"]
    found = exchanges(warc_files(tls["store"]), [srv])
    assert len(found) >= summary_row(tls["first"].stdout, "yenisafak")["archived"]
    quirks = revisits = 0
    for h, block, req, entry in found:
        url = h.get_header("WARC-Target-URI")
        assert url.startswith(srv.base_url + "/"), url  # the https URI, port included
        assert entry is not None, (url, block[:400])
        assert req is not None and req[0].get_header("WARC-Target-URI") == url
        assert req[1] == entry.raw_request, (url, req[1][:400], entry.raw_request[:400])
        target = urlsplit(url)
        assert req[1].startswith(f"GET {target.path}".encode())
        assert f"\r\nHost: 127.0.0.1:{srv.port}\r\n".encode() in req[1]
        for rec_h in (h, req[0]):
            assert rec_h.get_header("WARC-IP-Address") == "127.0.0.1", url
        check_date(h, req, entry)
        if h.get_header("WARC-Type") == "response":
            assert block[len(entry.raw_head):] == entry.body, url  # de-chunked, still gzip
        else:
            revisits += 1
        head = entry.raw_head
        quirks += (head.startswith(b"HTTP/1.1 200 Fine\r\n") and b"\r\nTransfer-Encoding: chunked"
                   in head and head.count(b"\r\nSet-Cookie: ") == 2 and b"\r\nx-Odd-CASE: yes"
                   in head and b"\r\nKeep-Alive: " in head)
    assert quirks  # chunked pages with every quirk were among them
    assert revisits  # the second run's 304s, over TLS too


def test_every_record_names_its_warcinfo_and_warcio_check_passes(tls):
    files = warc_files(tls["store"])
    assert files
    proc = subprocess.run([sys.executable, "-m", "warcio.cli", "check", "-v", *map(str, files)],
                          capture_output=True, text=True)
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-3000:]
    for f in files:
        recs = list(raw_records(f))
        info_id = recs[0][0].get_header("WARC-Record-ID")
        assert all(h.get_header("WARC-Warcinfo-ID") == info_id for h, _ in recs[1:])


def test_each_warcs_index_made_while_writing_is_the_one_cdxj_indexer_makes(tls):
    kinds = indexed_kinds(tls["store"])
    assert {("response", ""), ("revisit", "server-not-modified")} <= set(kinds), kinds


def test_pywb_replays_https_captures_as_served(tls, tmp_path):
    from tests.replay import Pywb, check_responses_replay

    files = warc_files(tls["store"])
    with Pywb(tmp_path, files) as pywb:
        assert check_responses_replay(pywb, files, sent_bodies([tls["srv"]])) >= 3
