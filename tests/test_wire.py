"""Issue 8 (unit level): the wire exchange and verbatim header blocks in the writer."""

from __future__ import annotations

import gzip
import subprocess
import sys
import time
from datetime import datetime, timedelta, timezone

from warcio.archiveiterator import ArchiveIterator

from archive.warc import Decision, HttpCapture, Original, RollingWarcWriter
from crawler.wire.exchange import WireExchange

HEAD = (b"HTTP/1.1 200 Fine\r\nDate: Mon, 30 Nov 2026 10:00:00 GMT\r\nETag: \"x\"\r\n"
        b"Set-Cookie: a=1\r\nX-XSS-Protection: 1\r\nSet-Cookie: b=2\r\n"
        b"Content-Encoding: gzip\r\nTransfer-Encoding: chunked\r\nKeep-Alive: timeout=5\r\n\r\n")
REQUEST = (b"GET /a?x=1 HTTP/1.1\r\nUser-Agent: t\r\nAccept-Encoding: gzip\r\n"
           b"Host: 127.0.0.1:9\r\n\r\n")


def test_exchange_keeps_the_head_across_reads_and_skips_interim_answers():
    ex = WireExchange()
    ex.sent(REQUEST[:10])
    ex.sent(REQUEST[10:])
    assert ex.request_bytes == REQUEST and ex.began is not None
    wire = b"HTTP/1.1 100 Continue\r\n\r\n" + HEAD + b"5\r\nhello\r\n0\r\n\r\n"
    for i in range(0, len(wire), 7):  # arbitrary TCP segment boundaries
        ex.received(wire[i:i + 7])
    assert ex.response_head == HEAD


def test_exchange_is_dated_when_the_socket_sends_the_request_not_when_it_was_queued():
    from crawler.wire.protocol import _watch_socket_writes

    class Tcp:  # the part of twisted.internet.tcp.Connection the handler hooks
        def writeSomeData(self, data):
            return len(data)

    class Tls:  # a TLS layer over it, as twisted.protocols.tls wraps a connection
        transport = Tcp()

        def __getattr__(self, name):  # as ProtocolWrapper forwards to its transport
            return getattr(self.transport, name)

    ex = WireExchange()
    tls = Tls()
    _watch_socket_writes(tls, ex.on_wire)
    _watch_socket_writes(tls, ex.on_wire)  # hooked once however often it is asked
    tls.transport.writeSomeData(b"handshake")  # nothing of the request queued yet
    assert ex.began is None
    ex.sent(REQUEST)
    queued = ex.began
    time.sleep(0.05)  # the reactor was busy: the bytes wait in the transport's buffer
    before = datetime.now(timezone.utc)
    assert tls.transport.writeSomeData(REQUEST) == len(REQUEST)
    assert ex.began - queued >= timedelta(seconds=0.05)
    assert before <= ex.began <= datetime.now(timezone.utc)  # stamped as the write began
    sent = ex.began
    tls.transport.writeSomeData(b"more")  # later writes do not move the date
    assert ex.began == sent


def _capture(body: bytes, **kw) -> HttpCapture:
    return HttpCapture("http://127.0.0.1:9/a?x=1", datetime.now(timezone.utc), "GET",
                       [("Accept-Encoding", "gzip")], b"", "HTTP/1.1", 200,
                       [("Content-Encoding", "gzip"), ("Transfer-Encoding", "chunked")], body,
                       "127.0.0.1", response_head=HEAD, request_raw=REQUEST, **kw)


def test_writer_writes_recorded_blocks_verbatim_and_record_level_fields(tmp_path):
    closed = []
    w = RollingWarcWriter(tmp_path, prefix="t", warcinfo={"software": "test"},
                          key_for=lambda created, name: name, on_close=closed.append)
    body = gzip.compress(b"<html>hello</html>", mtime=0)
    first = w.write_capture(_capture(body), metadata={"title": "t"})
    orig = Original(first[0].url, first[0].warc_date, first[0].record_id)
    w.write_capture(_capture(body), Decision.REVISIT, orig)
    w.close()
    [warc] = closed
    proc = subprocess.run([sys.executable, "-m", "warcio.cli", "check", "-v", str(warc.path)],
                          capture_output=True, text=True)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    with open(warc.path, "rb") as f:
        recs = [(r.rec_headers, r.raw_stream.read())
                for r in ArchiveIterator(f, no_record_parse=True)]
    kinds = [h.get_header("WARC-Type") for h, _ in recs]
    assert kinds == ["warcinfo", "response", "request", "metadata", "revisit", "request"]
    info_id = recs[0][0].get_header("WARC-Record-ID")
    assert all(h.get_header("WARC-Warcinfo-ID") == info_id for h, _ in recs[1:])
    (resp_h, resp), (req_h, req), (meta_h, _), (rev_h, rev) = recs[1], recs[2], recs[3], recs[4]
    assert resp == HEAD + body  # status line, case, order, repeats, hop-by-hop: as received
    assert req == REQUEST  # Host where it was sent: last
    assert rev == HEAD
    assert rev_h.get_header("WARC-Truncated") == "length"
    assert resp_h.get_header("WARC-Truncated") is None
    assert meta_h.get_header("WARC-Payload-Digest") is None
    assert meta_h.get_header("WARC-Block-Digest")
    assert req_h.get_header("WARC-IP-Address") == "127.0.0.1"
    assert _capture(body).reason == "Fine"
