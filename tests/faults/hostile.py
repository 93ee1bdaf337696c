"""A hostile web site on 127.0.0.1 for the fault tests, posing as a source's origin.

It answers the discovery paths of a source (robots.txt, feeds, listings) and
serves each article path with one hostile behaviour:

- ``page``: a well-formed article (JSON-LD NewsArticle), optionally encoded in
  one charset and labelled with another (``charset`` / ``label``);
- ``bomb``: a gzip bomb, ``Content-Encoding: gzip`` of ``size`` zero bytes;
- ``endless``: an HTML body without length that never ends;
- ``drip``: headers, then one byte every ``interval`` seconds, for ever;
- ``redirect``: a 302 to ``location`` (another host);
- ``status``: ``status`` (503) with an optional ``Retry-After``, every time.

The feed (``/rss``) lists the article paths and any ``extra_entries`` (off-host
URLs). Every request is logged (method, path, Host header, bytes sent). Only
127.0.0.1 is bound; nothing here connects anywhere.
"""

from __future__ import annotations

import functools
import json
import socket
import threading
import time
import zlib
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from xml.sax.saxutils import escape

FEEDS = {  # the discovery paths each source's spider asks for
    "yenisafak": ("/rss", "/rss-feeds?category=world", "/rss-feeds?category=turkiye", "/world",
                  "/turkiye", "/economy", "/turkey-economy"),
}
TEXT = ("Russian and Syrian defense ministers met in Damascus on Sunday. Moscow and Damascus "
        "discussed military cooperation, the Russian bases in Syria and the situation in "
        "Syria after the transition. The Syrian minister thanked Russia.")


@dataclass
class Behaviour:
    kind: str  # page | bomb | endless | drip | redirect
    params: dict = field(default_factory=dict)


@dataclass
class Hit:
    method: str
    path: str
    host: str
    status: int
    sent: int  # body bytes written
    time: float


@functools.lru_cache(maxsize=4)
def gzip_bomb(size: int, prefix: bytes = b"", suffix: bytes = b"") -> bytes:
    """A gzip member of ``prefix``, ``size`` spaces and ``suffix``, built in 1 MiB steps
    (never held whole). With an article as prefix, the page is a real one made huge."""
    comp = zlib.compressobj(9, zlib.DEFLATED, 31)
    chunk = b" " * (1 << 20)
    out = [comp.compress(prefix)]
    left = size
    while left > 0:
        out.append(comp.compress(chunk[:min(left, len(chunk))]))
        left -= len(chunk)
    out.append(comp.compress(suffix))
    out.append(comp.flush())
    return b"".join(out)


def article_html(title: str, body: str, charset_label: str | None = None) -> str:
    ld = {"@context": "https://schema.org", "@type": "NewsArticle", "headline": title,
          "articleBody": body, "datePublished": "2026-11-16T15:43:00+03:00",
          "author": {"@type": "Person", "name": "Hostile Writer"}}
    meta = f'<meta charset="{charset_label}">' if charset_label else ""
    paragraphs = "".join(f"<p>{escape(s)}.</p>" for s in body.split(". ") if s)
    return (f"<!DOCTYPE html><html lang=\"en\"><head>{meta}<title>{escape(title)}</title>"
            f"<script type=\"application/ld+json\">{json.dumps(ld, ensure_ascii=False)}"
            f"</script></head><body><article><h1>{escape(title)}</h1>{paragraphs}</article>"
            f"</body></html>")


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "hostile/1.0"
    timeout = 30

    def log_message(self, format, *args):  # noqa: A002
        pass

    def do_GET(self):
        site: HostileServer = self.server.site
        path = self.path
        host = self.headers.get("Host", "")
        behaviour = site.routes.get(path.split("?")[0]) if not path.startswith("/rss") else None
        try:
            if behaviour is None:
                status, sent = self._discovery(site, path)
            else:
                status, sent = getattr(self, "_" + behaviour.kind)(site, **behaviour.params)
        except (BrokenPipeError, ConnectionResetError, socket.timeout, OSError):
            status, sent = -1, getattr(self, "_sent", 0)
            self.close_connection = True
        site._log(Hit("GET", path, host, status, sent, time.time()))

    # -- answers ---------------------------------------------------------------------
    def _send(self, status: int, body: bytes, ctype: str, extra=()) -> tuple[int, int]:
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        for k, v in extra:
            self.send_header(k, v)
        self.end_headers()
        self.wfile.write(body)
        return status, len(body)

    def _discovery(self, site, path):
        if path == "/robots.txt":
            return self._send(200, b"User-agent: *\nAllow: /\n", "text/plain")
        if path == "/rss":
            items = [site.url(p) for p in site.routes] + list(site.extra_entries)
            xml = ("<?xml version=\"1.0\" encoding=\"UTF-8\"?><rss version=\"2.0\"><channel>"
                   "<title>hostile</title>" + "".join(
                       f"<item><title>x</title><link>{escape(u)}</link>"
                       "<pubDate>Mon, 16 Nov 2026 12:00:00 +0300</pubDate></item>"
                       for u in items) + "</channel></rss>")
            return self._send(200, xml.encode(), "application/rss+xml; charset=utf-8")
        if path.startswith("/rss"):
            xml = "<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>e</title></channel></rss>"
            return self._send(200, xml.encode(), "application/rss+xml")
        return self._send(200, b"<!DOCTYPE html><html><body><p>listing</p></body></html>",
                          "text/html; charset=utf-8")

    def _page(self, site, title=TEXT[:40], body=TEXT, charset="utf-8", label="utf-8",
              meta_label=None):
        html = article_html(title, body, meta_label)
        data = html.encode(charset)
        site.sent_bodies[self.path] = data
        ctype = f"text/html; charset={label}" if label else "text/html"
        return self._send(200, data, ctype)

    def _bomb(self, site, size=200 << 20):
        page = article_html(TEXT[:40], TEXT).encode()
        cut = page.index(b"</body>")
        return self._send(200, gzip_bomb(size, page[:cut], page[cut:]),
                          "text/html; charset=utf-8", [("Content-Encoding", "gzip")])

    def _endless(self, site, chunk=64 << 10):
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Connection", "close")
        self.end_headers()
        self.close_connection = True
        block = b"<p>" + b"endless " * (chunk // 8) + b"</p>\n"
        self._sent = 0
        self.wfile.write(b"<!DOCTYPE html><html><body>")
        while not site.stopping.is_set():
            self.wfile.write(block)
            self._sent += len(block)
        return 200, self._sent

    def _drip(self, site, interval=1.0):
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", "100000")
        self.end_headers()
        self.wfile.flush()
        self._sent = 0
        while not site.stopping.wait(interval):
            self.wfile.write(b"x")
            self.wfile.flush()
            self._sent += 1
        return 200, self._sent

    def _status(self, site, status=503, retry_after=None):
        extra = [("Retry-After", str(retry_after))] if retry_after is not None else []
        return self._send(status, b"<html><body>busy</body></html>", "text/html", extra)

    def _redirect(self, site, location):
        return self._send(302, b"", "text/html", [("Location", location)])


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True


class HostileServer:
    """``with HostileServer(routes, extra_entries) as srv:`` → ``srv.base_url``, ``srv.hits``."""

    def __init__(self, routes: dict[str, Behaviour] | None = None,
                 extra_entries: list[str] | tuple = (), port: int = 0):
        self.routes = dict(routes or {})
        self.extra_entries = list(extra_entries)
        self.hits: list[Hit] = []
        self.sent_bodies: dict[str, bytes] = {}
        self.stopping = threading.Event()
        self._lock = threading.Lock()
        self._server = _Server(("127.0.0.1", port), _Handler)
        self._server.site = self
        self.port = self._server.server_address[1]
        self.base_url = f"http://127.0.0.1:{self.port}"
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    def url(self, path: str, host: str | None = None) -> str:
        return f"http://{host or '127.0.0.1'}:{self.port}{path}"

    def _log(self, hit: Hit) -> None:
        with self._lock:
            self.hits.append(hit)

    def hits_for(self, path: str) -> list[Hit]:
        return [h for h in self.hits if h.path == path]

    def start(self) -> "HostileServer":
        self._thread.start()
        return self

    def stop(self) -> None:
        self.stopping.set()
        self._server.shutdown()
        self._server.server_close()

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc):
        self.stop()


def main(argv=None) -> None:  # python -m tests.faults.hostile bomb|endless --port N
    import argparse

    ap = argparse.ArgumentParser()
    ap.add_argument("kind", choices=("bomb", "endless", "drip"))
    ap.add_argument("--port", type=int, default=0)
    ap.add_argument("--size", type=int, default=1 << 30)
    args = ap.parse_args(argv)
    params = {"size": args.size} if args.kind == "bomb" else {}
    srv = HostileServer({"/world/hostile-page-3710001": Behaviour(args.kind, params)},
                        port=args.port).start()
    print(srv.base_url, flush=True)
    try:
        while True:
            time.sleep(3600)
    except KeyboardInterrupt:
        srv.stop()


if __name__ == "__main__":
    main()
