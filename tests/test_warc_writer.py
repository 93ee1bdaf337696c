"""The rolling WARC writer: valid WARC/1.1, per-record gzip, revisits, rollover, .open."""

from __future__ import annotations

import gzip
import subprocess
import sys
import zlib
from datetime import datetime, timezone
from pathlib import Path

from warcio.archiveiterator import ArchiveIterator

from archive.warc import Decision, HttpCapture, Original, RollingWarcWriter
from archive.warc.cdxj import index_warc


def capture(url="http://127.0.0.1:9/a?x=1", body=None):
    body = body if body is not None else gzip.compress(b"<html><p>hello</p></html>", mtime=0)
    return HttpCapture(url, datetime.now(timezone.utc), "GET",
                       [("User-Agent", "t"), ("Accept-Encoding", "gzip, deflate")], b"",
                       "HTTP/1.1", 200,
                       [("Content-Type", "text/html; charset=utf-8"),
                        ("Content-Encoding", "gzip"), ("Content-Length", str(len(body))),
                        ("Set-Cookie", "a=1"), ("Set-Cookie", "b=2")], body, "127.0.0.1")


def writer(tmp_path, closed, **kw):
    return RollingWarcWriter(tmp_path, prefix="t-src", warcinfo={"software": "test",
                                                                 "run-id": "r1"},
                             key_for=lambda created, name: f"warcs/src/{name}",
                             on_close=closed.append, **kw)


def test_records_are_faithful_and_check_passes(tmp_path):
    closed = []
    w = writer(tmp_path, closed)
    c = capture()
    written = w.write_capture(c, metadata={"title": "hello"})
    assert [r.record_type for r in written] == ["response", "request", "metadata"]
    assert list(tmp_path.rglob("*.open")) and not list(tmp_path.rglob("*.warc.gz"))
    w.close()
    [warc] = closed
    assert warc.path.name.startswith("t-src-") and warc.path.name.endswith(".warc.gz")
    assert not list(tmp_path.rglob("*.open"))
    proc = subprocess.run([sys.executable, "-m", "warcio.cli", "check", "-v", str(warc.path)],
                          capture_output=True, text=True)
    assert proc.returncode == 0, proc.stdout
    with open(warc.path, "rb") as f:
        recs = [(r.rec_type, r.rec_headers, r.http_headers,
                 r.raw_stream.read()) for r in ArchiveIterator(f)]
    assert [r[0] for r in recs] == ["warcinfo", "response", "request", "metadata"]
    assert all(h.protocol == "WARC/1.1" for _, h, _, _ in recs)
    _, resp_h, resp_http, body = recs[1]
    assert body == c.body  # content coding kept, bytes as received
    assert [v for k, v in resp_http.headers if k == "Set-Cookie"] == ["a=1", "b=2"]
    _, req_h, req_http, _ = recs[2]
    assert f"{req_http.protocol} {req_http.statusline}".startswith("GET /a?x=1")
    assert req_http.get_header("Host") == "127.0.0.1:9"
    assert req_h.get_header("WARC-Concurrent-To") == resp_h.get_header("WARC-Record-ID")
    assert req_h.get_header("WARC-Date") == resp_h.get_header("WARC-Date")
    _, meta_h, _, _ = recs[3]
    assert meta_h.get_header("WARC-Target-URI") == "urn:pageinfo:http://127.0.0.1:9/a?x=1"


def test_each_record_is_its_own_gzip_member(tmp_path):
    closed = []
    w = writer(tmp_path, closed)
    written = w.write_capture(capture())
    w.close()
    data = closed[0].path.read_bytes()
    for rec in written:
        member = data[rec.offset:rec.offset + rec.length]
        text = zlib.decompressobj(16 + zlib.MAX_WBITS).decompress(member)
        assert text.startswith(b"WARC/1.1\r\n")


def test_revisit_points_at_the_original(tmp_path):
    closed = []
    w = writer(tmp_path, closed)
    first = w.write_capture(capture())[0]
    w.write_capture(capture(), Decision.REVISIT,
                    Original(first.url, first.warc_date, first.record_id))
    w.close()
    with open(closed[0].path, "rb") as f:
        revisit = [r for r in ArchiveIterator(f) if r.rec_type == "revisit"][0]
    h = revisit.rec_headers
    assert h.get_header("WARC-Profile").endswith("/warc/1.1/revisit/identical-payload-digest")
    assert h.get_header("WARC-Refers-To") == first.record_id
    assert h.get_header("WARC-Refers-To-Date") == first.warc_date
    assert h.get_header("WARC-Payload-Digest") == first.payload_digest
    cdxj = index_warc(closed[0].path).decode()
    assert "warc/revisit" in cdxj


def test_the_index_made_while_writing_is_the_one_cdxj_indexer_makes_of_the_file(tmp_path):
    """Every kind of record the writer makes, with heads as odd as the wire sends them:
    the lines the writer made (ClosedWarc.cdxj) are byte for byte index_warc's."""
    closed = []
    w = writer(tmp_path, closed)
    first = w.write_capture(capture(), metadata={"title": "hello", "name": "Şükrü ü"})[0]
    original = Original(first.url, first.warc_date, first.record_id)
    w.write_capture(capture("http://127.0.0.1:9/same"), Decision.REVISIT, original)
    w.write_capture(capture("http://127.0.0.1:9/copy", body=b"<html>a copy</html>"),
                    Decision.REFERENCE, original, metadata={"story": {"diff": "-x\n+y"}})
    not_modified = HttpCapture("http://127.0.0.1:9/feed", datetime.now(timezone.utc), "GET",
                               [("If-None-Match", 'W/"x"')], b"", "HTTP/1.1", 304,
                               [("ETag", 'W/"x"')], b"", "127.0.0.1")
    w.write_capture(not_modified, Decision.NOT_MODIFIED, original)
    w.write_capture(not_modified, Decision.NOT_MODIFIED, None)
    head = (b"HTTP/1.1 200 Fine\r\ncontent-TYPE:  T\xe9xt/HTML ;charset=utf-8\r\n"
            b"X-Folded: a\r\n  b\r\nTransfer-Encoding: chunked\r\nContent-Type: a/b\r\n\r\n")
    quirky = capture("http://127.0.0.1:9/q?a=%C3%A9&b=1#frag", body=b"chunks")
    quirky.response_head = head
    quirky.request_raw = b"GET /q?a=%C3%A9&b=1 HTTP/1.1\r\nHost: 127.0.0.1:9\r\n\r\n"
    w.write_capture(quirky)
    untyped = capture("http://127.0.0.1:9/untyped", body=b"x")
    untyped.response_headers = [("Content-Length", "1")]
    w.write_capture(untyped, metadata={})
    gone = capture("HTTP://127.0.0.1:9/Gone", body=b"gone")
    gone.status, gone.truncated = 410, "length"
    w.write_capture(gone)
    # a target URI the reader changes: the blank at its end is lost, the inner one %20
    w.write_capture(capture("http://127.0.0.1:9/a b ", body=b"blank"))
    w.close()
    [warc] = closed
    expected = index_warc(warc.path)
    assert warc.cdxj == expected
    lines = expected.decode().splitlines()
    assert len(lines) == 9 + 3  # 9 responses and revisits, 3 metadata records
    assert sum('"mime": "warc/revisit"' in line for line in lines) == 4


def test_rolls_over_at_size_limit(tmp_path):
    closed = []
    w = writer(tmp_path, closed, max_size=2000)
    for i in range(6):
        w.write_capture(capture(f"http://127.0.0.1:9/{i}", body=bytes(range(256)) * 4 * (i + 1)))
    w.close()
    assert len(closed) >= 3
    names = [c.path.name for c in closed]
    assert len(set(names)) == len(names)
    for c in closed:
        with open(c.path, "rb") as f:
            assert next(iter(ArchiveIterator(f))).rec_type == "warcinfo"
        assert c.cdxj == index_warc(c.path)  # each file has its own lines, and only those

# A capture that fails half-written (disk full) is tested with real kernel faults in
# tests/faults/test_disk_full.py.


def test_the_index_made_while_writing_does_not_load_pkg_resources(tmp_path):
    """cdxj-indexer is imported without pkg_resources (archive/warc/cdxj.py), whose import
    scans every installed distribution: ~5 MiB and CPU in every crawl child."""
    code = ("import sys\n"
            "from datetime import datetime, timezone\n"
            "from archive.warc import HttpCapture, RollingWarcWriter\n"
            "w = RollingWarcWriter(sys.argv[1], prefix='t', warcinfo={},\n"
            "                      key_for=lambda created, name: name)\n"
            "w.write_capture(HttpCapture('http://127.0.0.1:9/', datetime.now(timezone.utc),\n"
            "                            'GET', [], b'', 'HTTP/1.1', 200, [], b'x'))\n"
            "assert w.close().cdxj and 'cdxj_indexer' in sys.modules\n"
            "print(sys.modules.get('pkg_resources') is not None)\n")
    root = Path(__file__).resolve().parent.parent
    proc = subprocess.run([sys.executable, "-c", code, str(tmp_path)], cwd=root,
                          capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip() == "False"


def test_two_processes_on_one_host_in_one_millisecond_name_their_warcs_apart(tmp_path,
                                                                            monkeypatch):
    """Two crawlers on one machine (own data dirs, one store) that open a WARC in the same
    millisecond gave it the same name, and the second upload replaced the first in the
    store (tests/test_pg_crawl.py saw it). The name now carries the process id, as
    Heritrix's does."""
    import archive.warc.writer as writer_module

    monkeypatch.setattr(writer_module, "timestamp17", lambda created: "20261201035805923")
    names = []
    for pid in (4101, 4102):  # two crawl children
        monkeypatch.setattr(writer_module.os, "getpid", lambda pid=pid: pid)
        closed = []
        w = writer(tmp_path / str(pid), closed)
        w.write_capture(capture("http://127.0.0.1:9/a"))
        w.close()
        names.append(closed[0].path.name)
    assert names[0] != names[1], names
    assert all(name.startswith("t-src-20261201035805923-00000-") for name in names)
