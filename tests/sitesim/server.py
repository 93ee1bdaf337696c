"""The HTTP side: :class:`SiteServer` (one site on 127.0.0.1), request log,
gzip, conditional requests, fault application.

HTTP/1.1 with keep-alive.  Every response carries ``Content-Length`` (a 304
carries the length the 200 body would have had, and no body).  HTML, XML
and CSS are gzip-encoded when the request's Accept-Encoding allows it
(``gzip.compress(data, mtime=0)``: deterministic bytes) and always carry
``Vary: Accept-Encoding``.  Feeds, sitemaps and listing pages carry a weak
ETag (hash of their content, ignoring the Yeni Şafak render clock) and
Last-Modified (newest item), and answer If-None-Match / If-Modified-Since
with 304.  ``SiteServer(..., tls=ssl_context)`` serves https instead (the handshake in
each connection's thread; the log keeps the plaintext HTTP messages).
"""

from __future__ import annotations

import gzip
import hashlib
import re
import socket
import ssl
import struct
import sys
import threading
import time
import traceback
from dataclasses import dataclass, field
from datetime import datetime
from email.utils import formatdate, parsedate_to_datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlsplit

from . import assets, resource, routes_sputnik, routes_yenisafak, wire
from .faults import Fault, FaultRegistry
from .markup import Ctx, http_date
from .records import UTC, ArticleRecord, articles_for
from .takedowns import Takedown, answer as takedown_answer

ROUTERS = {"yenisafak": routes_yenisafak.route, "sputnik": routes_sputnik.route}
REASONS = {429: "Too Many Requests", 503: "Service Unavailable"}


class Headers(dict):
    """A dict of request headers with case-insensitive lookup."""

    def _key(self, key):
        for k in dict.keys(self):
            if k.lower() == str(key).lower():
                return k
        return None

    def __getitem__(self, key):
        k = self._key(key)
        if k is None:
            raise KeyError(key)
        return dict.__getitem__(self, k)

    def __contains__(self, key):
        return self._key(key) is not None

    def get(self, key, default=None):
        k = self._key(key)
        return default if k is None else dict.__getitem__(self, k)


@dataclass
class LogEntry:
    method: str
    path: str  # including the query string
    request_headers: dict
    status: int  # 0 when the connection was reset without an answer
    response_headers: list[tuple[str, str]]
    body: bytes  # exactly the bytes written after the headers
    time: float = field(default_factory=time.time)  # when the request arrived (epoch seconds)
    fault: str | None = None  # the fault kind applied, if any
    # issue 8: the exact bytes received (request line + header block + any body read)
    # and the exact status line + header block sent (the body bytes are `body`)
    raw_request: bytes = b""
    raw_head: bytes = b""


def accepts_gzip(header: str | None) -> bool:
    if not header:
        return False
    codings = {}
    for item in header.split(","):
        name, _, params = item.strip().partition(";")
        q = 1.0
        m = re.search(r"q\s*=\s*([0-9.]+)", params)
        if m:
            try:
                q = float(m.group(1))
            except ValueError:
                q = 0.0
        codings[name.strip().lower()] = q
    for name in ("gzip", "x-gzip"):
        if name in codings:
            return codings[name] > 0
    return codings.get("*", 0) > 0


def _weak(tag: str) -> str:
    tag = tag.strip()
    return tag[2:] if tag.startswith("W/") else tag


def _not_modified(headers, etag: str, last_modified: datetime | None) -> bool:
    inm = headers.get("If-None-Match")
    if inm is not None:
        tags = [t.strip() for t in inm.split(",")]
        return "*" in tags or any(_weak(t) == _weak(etag) for t in tags)
    ims = headers.get("If-Modified-Since")
    if ims and last_modified is not None:
        try:
            since = parsedate_to_datetime(ims)
        except (TypeError, ValueError):
            return False
        if since.tzinfo is None:
            since = since.replace(tzinfo=UTC)
        return last_modified.replace(microsecond=0) <= since
    return False


def _garbage(seed: str, n: int) -> bytes:
    out, block = bytearray(), seed.encode()
    while len(out) < n:
        block = hashlib.sha256(block).digest()
        out += block
    return bytes(out[:n])


def malformed(res: resource.Resource, path: str) -> resource.Resource:
    """A broken version of ``res`` (see faults.py)."""
    if res.kind == "xml":
        mid = len(res.body) // 2
        start = res.body.find(b"<", mid)
        cut = res.body[: (start if start >= 0 else mid) + 3]  # ends inside a tag, e.g. b"...<lo"
        return resource.Resource(res.status, res.content_type, cut, "xml")
    junk = _garbage(path, 600)
    if res.kind == "html":
        text = junk.hex()
        page = (
            "<!DOCTYPE html><html><head><title>\ufffd</title></head><body><div class=\"wrapper\">"
            f"<p>{text[:300]}<span>{text[300:700]}</p><div><<>>&&#;"
        ).encode() + junk[:64] + b"</bo"
        return resource.Resource(res.status, res.content_type, page, "html")
    return resource.Resource(res.status, res.content_type, junk, res.kind)


def status_page(fault: Fault) -> resource.Resource:
    code = int(fault.params.get("status", 503))
    reason = REASONS.get(code, "Error")
    res = resource.html(f"<!DOCTYPE html><html><head><title>{code} {reason}</title></head>"
                        f"<body><h1>{code} {reason}</h1></body></html>\n", status=code)
    if "retry_after" in fault.params:
        res.headers.append(("Retry-After", str(fault.params["retry_after"])))
    return res


class _TeeReader:
    """The connection's read side, keeping a copy of every byte read (issue 8)."""

    def __init__(self, raw):
        self._raw, self.seen = raw, bytearray()

    def readline(self, *args):
        line = self._raw.readline(*args)
        self.seen += line
        return line

    def read(self, *args):
        data = self._raw.read(*args)
        self.seen += data
        return data

    def __getattr__(self, name):
        return getattr(self._raw, name)


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "sitesim/1.0"
    sys_version = ""
    timeout = 30  # idle keep-alive connections are closed after this
    disable_nagle_algorithm = True  # head and body are separate writes: no 40 ms delayed-ACK stall

    def log_message(self, format, *args):  # noqa: A002 - silence stderr logging
        pass

    def setup(self):
        self.raw_socket = self.request  # the TCP socket (a reset is set on it, not on TLS)
        tls = self.server.site.tls
        if tls is not None:  # the TLS handshake happens here, in this connection's thread
            self.request.settimeout(self.timeout)
            self.request = tls.wrap_socket(self.request, server_side=True)
        super().setup()
        self.rfile = _TeeReader(self.rfile)

    def handle_one_request(self):
        self.rfile.seen = bytearray()
        super().handle_one_request()

    def do_GET(self):
        self._serve()

    do_HEAD = do_POST = do_PUT = do_DELETE = do_OPTIONS = do_PATCH = do_GET

    # -- one request ------------------------------------------------------

    def _serve(self) -> None:
        site: SiteServer = self.server.site
        target = self.path
        if "://" in target:
            parts = urlsplit(target)
            target = parts.path + ("?" + parts.query if parts.query else "")
        self._arrived = time.time()
        entry = {"method": self.command, "path": target, "request_headers": Headers(self.headers.items()),
                 "time": self._arrived}
        if self.command not in ("GET", "HEAD"):
            self.close_connection = True  # the request body is not read
        cdn = self.server.is_cdn  # issue 10: the CDN listener standing in for the asset hosts
        if site.latency and site._stopping.wait(site.latency):
            self.close_connection = True
            return
        fault = (site.cdn_faults if cdn else site.faults).take(target)
        if fault is not None:
            entry["fault"] = fault.kind
            if fault.kind == "reset":
                self.close_connection = True
                self.server.abort(self.raw_socket)
                site._record(LogEntry(status=0, response_headers=[], body=b"", **entry), cdn)
                return
            if fault.kind == "slow" and site._stopping.wait(float(fault.params["delay"])):
                self.close_connection = True
                return
        res = self._resource(site, target, fault, cdn)
        status, headers, body = self._prepare(res)
        if self.close_connection:
            headers.append(("Connection", "close"))
        elif self.request_version == "HTTP/1.0":
            headers.append(("Connection", "keep-alive"))
        if self.command == "HEAD" or status == 304:
            body = b""
        if fault is not None and fault.kind == "truncate" and body:
            fraction = float(fault.params.get("fraction", 0.5))
            body = body[: min(len(body) - 1, max(1, int(len(body) * fraction)))]
            self.close_connection = True
        reason, chunked = REASONS.get(status), False
        if site.wire_quirks:
            reason = wire.REASONS.get(status, reason)
            headers, chunked = wire.shape(status, headers, body, res.content_type,
                                          self.command == "HEAD")
        self.send_response_only(status, reason)
        for name, value in headers:
            self.send_header(name, value)
        head = b"".join(self._headers_buffer) + b"\r\n"
        entry["raw_request"] = bytes(self.rfile.seen)
        # logged before anything is written, so a client never sees an answer that is not yet in the log
        site._record(LogEntry(status=status, response_headers=headers, body=body, raw_head=head,
                              **entry), cdn)
        self.end_headers()
        try:
            self.wfile.write(wire.chunked(body) if chunked else body)
            self.wfile.flush()
        except OSError:
            self.close_connection = True

    def _resource(self, site: "SiteServer", target: str, fault: Fault | None,
                  cdn: bool = False) -> resource.Resource:
        if self.command not in ("GET", "HEAD"):
            res = resource.html("<!DOCTYPE html><html><body><h1>405 Method Not Allowed</h1></body></html>\n", 405)
            res.headers.append(("Allow", "GET, HEAD"))
            return res
        if fault is not None and fault.kind == "status":
            return status_page(fault)
        try:
            res = site.resolve_cdn(target) if cdn else site.resolve(target)
        except Exception:  # a fixture bug: show it, answer 500
            traceback.print_exc(file=sys.stderr)
            res = resource.html("<!DOCTYPE html><html><body><h1>500 Internal Server Error</h1></body></html>\n", 500)
        if fault is not None and fault.kind == "malformed":
            res = malformed(res, target)
        return res

    def _prepare(self, res: resource.Resource) -> tuple[int, list[tuple[str, str]], bytes]:
        status, body = res.status, res.body
        # Date: when the request arrived (issue 8 compares WARC-Date with it)
        headers = [("Date", formatdate(self._arrived, usegmt=True)), ("Server", self.server_version),
                   ("Content-Type", res.content_type)]
        headers.extend(res.headers)
        if res.compressible:
            headers.append(("Vary", "Accept-Encoding"))
        if res.conditional and status == 200:
            etag = 'W/"' + hashlib.sha1(res.validator or res.body).hexdigest()[:24] + '"'
            headers.append(("ETag", etag))
            if res.last_modified is not None:
                headers.append(("Last-Modified", http_date(res.last_modified)))
            if _not_modified(self.headers, etag, res.last_modified):
                status = 304
        if res.compressible and accepts_gzip(self.headers.get("Accept-Encoding")):
            body = gzip.compress(body, mtime=0)
            if status != 304:
                headers.append(("Content-Encoding", "gzip"))
        headers.append(("Content-Length", str(len(body))))
        return status, headers, body


class _HTTPServer(ThreadingHTTPServer):
    daemon_threads = True
    block_on_close = False
    allow_reuse_address = True

    def __init__(self, addr, site: "SiteServer", is_cdn: bool = False):
        self.site = site
        self.is_cdn = is_cdn
        self._conns: set = set()
        self._aborted: set = set()
        self._conns_lock = threading.Lock()
        super().__init__(addr, _Handler)

    def process_request(self, request, client_address):
        with self._conns_lock:
            self._conns.add(request)
        super().process_request(request, client_address)

    def abort(self, request) -> None:
        """Make the close of this connection a TCP reset."""
        request.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        with self._conns_lock:
            self._aborted.add(request)

    def shutdown_request(self, request):
        with self._conns_lock:
            self._conns.discard(request)
            aborted = request in self._aborted
            self._aborted.discard(request)
        if aborted:
            request.close()
        else:
            super().shutdown_request(request)

    def close_all(self) -> None:
        with self._conns_lock:
            conns = list(self._conns)
        for c in conns:
            try:
                c.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass


class SiteServer:
    """One fixture site served on ``host:port`` (port 0: a free port)."""

    def __init__(self, site: str, host: str = "127.0.0.1", port: int = 0, *,
                 records: list[ArticleRecord] | None = None, now=None,
                 wire_quirks: bool = False, cdn_host: str | None = None, cdn_port: int = 0,
                 tls: ssl.SSLContext | None = None, latency: float = 0.0):
        if site not in ROUTERS:
            raise ValueError(f"unknown site {site!r}; one of {sorted(ROUTERS)}")
        self.site = site
        self.host = host
        self.port = port
        self.faults = FaultRegistry()
        # issue 10: a second listener stands in for the site's CDN hosts (assets.py): another
        # loopback address, so a crawler's host allow-list tells it from the site
        self.cdn_host = cdn_host or ("127.0.0.2" if host == "127.0.0.1" else host)
        self.cdn_port = cdn_port
        self.cdn_faults = FaultRegistry()
        self.cdn_log: list[LogEntry] = []
        self._cdn_httpd: _HTTPServer | None = None
        self._cdn_thread: threading.Thread | None = None
        self.wire_quirks = wire_quirks  # issue 8: see wire.py
        self.tls = tls  # a server-side context: serve https (the log keeps the plaintext)
        self.latency = latency  # seconds every answer waits (a stand-in for a real site's distance)
        self.log: list[LogEntry] = []
        self._records = list(records) if records is not None else articles_for(site)
        self._now = now or (lambda: datetime.now(UTC))
        self._gone: dict[str, Takedown] = {}  # i8-evidence: path -> how a removed page answers
        self._lock = threading.Lock()
        self._stopping = threading.Event()
        self._httpd: _HTTPServer | None = None
        self._thread: threading.Thread | None = None

    # -- lifecycle ----------------------------------------------------------

    def start(self) -> "SiteServer":
        if self._httpd is not None:
            return self
        self._stopping.clear()
        self._httpd = _HTTPServer((self.host, self.port), self)
        self.port = self._httpd.server_address[1]
        self._thread = threading.Thread(target=self._httpd.serve_forever, kwargs={"poll_interval": 0.05},
                                        name=f"sitesim-{self.site}", daemon=True)
        self._thread.start()
        self._cdn_httpd = _HTTPServer((self.cdn_host, self.cdn_port), self, is_cdn=True)
        self.cdn_port = self._cdn_httpd.server_address[1]
        self._cdn_thread = threading.Thread(target=self._cdn_httpd.serve_forever,
                                            kwargs={"poll_interval": 0.05},
                                            name=f"sitesim-{self.site}-cdn", daemon=True)
        self._cdn_thread.start()
        return self

    def stop(self) -> None:
        httpd, self._httpd = self._httpd, None
        if httpd is None:
            return
        self._stopping.set()
        cdn, self._cdn_httpd = self._cdn_httpd, None
        for server in (httpd, cdn):
            if server is None:
                continue
            server.shutdown()
            server.close_all()
            server.server_close()
        for thread in (self._thread, self._cdn_thread):
            if thread is not None:
                thread.join(timeout=5)

    def __enter__(self) -> "SiteServer":
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()

    @property
    def base_url(self) -> str:
        return f"{'https' if self.tls is not None else 'http'}://{self.host}:{self.port}"

    @property
    def cdn_url(self) -> str:
        """The CDN stand-in's base URL (issue 10); its host goes on the crawler's allow-list."""
        return f"http://{self.cdn_host}:{self.cdn_port}"

    # -- content ------------------------------------------------------------

    @property
    def records(self) -> list[ArticleRecord]:
        with self._lock:
            return list(self._records)

    def publish(self, record: ArticleRecord) -> ArticleRecord:
        """Publish (or replace, by article_id) a record while running."""
        if record.site != self.site:
            raise ValueError(f"record for {record.site!r} published on {self.site!r}")
        with self._lock:
            self._records = [r for r in self._records if r.article_id != record.article_id] + [record]
        return record

    def unpublish(self, article_id: str, status: int = 410, redirect: str | None = None
                  ) -> ArticleRecord:
        """Take an article down while running (i8-evidence): its page answers ``status``
        (404/410), or a 301 to ``redirect``; it leaves every feed and listing."""
        with self._lock:
            record = next(r for r in self._records if r.article_id == article_id)
            self._records = [r for r in self._records if r.article_id != article_id]
            self._gone[record.path] = Takedown(status, redirect)
        return record

    def resolve_cdn(self, target: str) -> resource.Resource:
        """What the CDN stand-in answers (issue 10)."""
        found = assets.cdn_route(self.site, target, self.records)
        return found or resource.html("<!DOCTYPE html><html><body><h1>404 Not Found</h1>"
                                      "</body></html>\n", 404)

    def resolve(self, target: str) -> resource.Resource:
        gone = self._gone.get(urlsplit(target).path)
        if gone is not None:
            return takedown_answer(gone, self.base_url)
        return ROUTERS[self.site](target, self._ctx())

    def _ctx(self) -> Ctx:
        return Ctx(self.base_url, self.records, self._now(), cdn=self.cdn_url)

    # -- page requisites (issue 10) ----------------------------------------------------
    def page_refs(self, path: str) -> list[assets.Ref]:
        """Every asset the page at ``path`` references (rendered afresh), as the fixture
        itself lists them: URL and whether an archiver must fetch it."""
        ctx = self._ctx()
        ROUTERS[self.site](path, ctx)
        return list(ctx.refs)

    def expected_requisites(self, path: str) -> set[str]:
        """The URLs an archiver must fetch for the page at ``path``: what it references,
        and what the fixture's stylesheets among them reference (assets.CSS_REFS)."""
        return assets.expected_requisites(self.page_refs(path), self.site, self.base_url,
                                          self.cdn_url)

    # -- log ------------------------------------------------------------------

    def _record(self, entry: LogEntry, cdn: bool = False) -> None:
        with self._lock:
            (self.cdn_log if cdn else self.log).append(entry)

    def requests_for(self, path_regex: str) -> list[LogEntry]:
        rx = re.compile(path_regex)
        with self._lock:
            return [e for e in self.log if rx.search(e.path)]
