"""A WACZ built by `newsarchive wacz SOURCE DAY` loads in ReplayWeb.page (issue 10) and
replays an archived article, in headless Chromium, with nothing fetched from the live site.

ReplayWeb.page's static app (``index.html``, ``ui.js``, ``sw.js`` of the npm package
``replaywebpage``) is fetched once by ``deploy/replaywebpage.sh`` (``make host``) into
``/var/tmp/newsarchive-npm`` (``NEWSARCHIVE_RWP_DIR`` points elsewhere); this test never
reaches the network: it skips with a message when the app is missing, and fails when ``CI``
is set. The app and the WACZ are served from one origin on 127.0.0.1 by a small server that
answers ``Range`` requests (ReplayWeb.page reads the zip in ranges) and CORS.

The fixture site keeps running during replay, so that its request log shows that nothing
reached it: every byte of the replayed article comes out of the WACZ.
"""

from __future__ import annotations

import json
import os
import re
import threading
import zipfile
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import quote, urlsplit

import pytest

from tests import browser
from tests.crawlkit import newsarchive
from tests.sitesim import SiteServer

RWP_VERSION = "2.5.3"
RWP_DIR = Path(os.environ.get("NEWSARCHIVE_RWP_DIR",
                              "/var/tmp/newsarchive-npm/node_modules/replaywebpage"))
APP_FILES = ("index.html", "ui.js", "sw.js")


def _missing() -> str | None:
    if (why := browser.available()) is not None:
        return why
    absent = [f for f in APP_FILES if not (RWP_DIR / f).is_file()]
    if absent:
        return (f"ReplayWeb.page {RWP_VERSION} is missing in {RWP_DIR} ({', '.join(absent)}); "
                "deploy/replaywebpage.sh (make host) fetches it")
    return None


@pytest.fixture(scope="module", autouse=True)
def _app_present():
    if (why := _missing()) is not None:
        if os.environ.get("CI"):
            pytest.fail(why)
        pytest.skip(why)


class StaticServer:
    """Files on 127.0.0.1: ``routes`` maps a URL path to a file, ``root`` serves the rest.
    Answers GET and HEAD, single ``Range: bytes=`` requests (206 with Content-Range) and
    CORS (any origin; Range allowed, Content-Range/Content-Length exposed)."""

    TYPES = {".html": "text/html; charset=utf-8", ".js": "application/javascript",
             ".json": "application/json", ".wacz": "application/wacz+zip",
             ".css": "text/css", ".svg": "image/svg+xml", ".wasm": "application/wasm"}

    def __init__(self, root: Path, routes: dict[str, Path]):
        self.root, self.routes = root.resolve(), routes
        self.log: list[tuple[str, str, int]] = []  # (method, path, status)
        outer = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args):
                pass

            def _cors(self):
                self.send_header("Access-Control-Allow-Origin", "*")
                self.send_header("Access-Control-Allow-Headers", "Range")
                self.send_header("Access-Control-Expose-Headers",
                                 "Content-Range, Content-Length, Accept-Ranges")

            def do_OPTIONS(self):
                outer.log.append(("OPTIONS", self.path, 204))
                self.send_response(204)
                self._cors()
                self.send_header("Access-Control-Allow-Methods", "GET, HEAD")
                self.send_header("Content-Length", "0")
                self.end_headers()

            def do_HEAD(self):
                self._serve(body=False)

            def do_GET(self):
                self._serve(body=True)

            def _fail(self, status: int, extra: dict | None = None):
                outer.log.append((self.command, self.path, status))
                self.send_response(status)
                self._cors()
                for k, v in (extra or {}).items():
                    self.send_header(k, v)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def _serve(self, body: bool):
                path = urlsplit(self.path).path
                file = outer.routes.get(path)
                if file is None:
                    rel = path.lstrip("/") or "index.html"
                    file = (outer.root / rel).resolve()
                    if outer.root not in file.parents or not file.is_file():
                        return self._fail(404)
                size = file.stat().st_size
                start, end, status = 0, size - 1, 200
                if rng := self.headers.get("Range"):
                    m = re.fullmatch(r"bytes=(\d*)-(\d*)", rng.strip())
                    if not m or (not m[1] and not m[2]):
                        return self._fail(416, {"Content-Range": f"bytes */{size}"})
                    if m[1]:
                        start = int(m[1])
                        end = min(int(m[2]), size - 1) if m[2] else size - 1
                    else:  # the last N bytes
                        start = max(0, size - int(m[2]))
                    if start >= size or start > end:
                        return self._fail(416, {"Content-Range": f"bytes */{size}"})
                    status = 206
                outer.log.append((self.command, self.path, status))
                self.send_response(status)
                self._cors()
                self.send_header("Content-Type", outer.TYPES.get(
                    "".join(file.suffixes[-1:]), "application/octet-stream"))
                self.send_header("Accept-Ranges", "bytes")
                self.send_header("Cache-Control", "no-store")
                self.send_header("Content-Length", str(end - start + 1))
                if status == 206:
                    self.send_header("Content-Range", f"bytes {start}-{end}/{size}")
                self.end_headers()
                if body:
                    with open(file, "rb") as f:
                        f.seek(start)
                        left = end - start + 1
                        while left > 0:
                            chunk = f.read(min(left, 1 << 16))
                            if not chunk:
                                break
                            self.wfile.write(chunk)
                            left -= len(chunk)

        self._httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._httpd.daemon_threads = True
        self.port = self._httpd.server_address[1]
        self.base_url = f"http://127.0.0.1:{self.port}"
        self._thread = threading.Thread(target=self._httpd.serve_forever, daemon=True)

    def __enter__(self) -> "StaticServer":
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._httpd.shutdown()
        self._httpd.server_close()


# JavaScript: the text of the app, walking its shadow roots and its (same-origin) frames.
# {shadow: text of the app outside the frames, frames: [{url, title, text}], links: hrefs}
WALK_JS = """
(() => {
  const out = {shadow: [], frames: [], links: []};
  const walk = (root) => {
    for (const el of root.querySelectorAll('*')) {
      if (el.shadowRoot) {
        out.shadow.push(el.shadowRoot.textContent || '');
        walk(el.shadowRoot);
      }
      if (el.tagName === 'A' && el.href) out.links.push(el.href);
      if (el.tagName === 'IFRAME') {
        let doc = null;
        try { doc = el.contentDocument; } catch (e) { doc = null; }
        if (doc && doc.documentElement) {
          out.frames.push({url: doc.location.href, title: doc.title,
                           text: doc.body ? doc.body.innerText : ''});
          walk(doc);
        } else {
          out.frames.push({url: el.src, title: null, text: null});
        }
      }
    }
  };
  out.shadow.push(document.body ? document.body.innerText : '');
  walk(document);
  out.shadow = out.shadow.join('\\n');
  return out;
})()
"""


def _norm(text: str) -> str:
    return " ".join((text or "").split())


@pytest.fixture(scope="module")
def archived(tmp_path_factory):
    """Crawl the fixture site (a few articles), build the day's WACZ; the site keeps
    running (yielded) so that the test can check that replay never reaches it."""
    data = tmp_path_factory.mktemp("rwp-data")
    with SiteServer("sputnik") as srv:
        run = newsarchive("crawl", "sputnik", "--data-dir", str(data), "--base-url",
                          f"sputnik={srv.base_url}", "--limit", "3", "--log-format", "json")
        assert run.returncode == 0, run.stderr[-3000:]
        from archive.catalog import SqliteCatalog

        rows = list(SqliteCatalog(data / "catalog.sqlite").articles("sputnik"))
        assert rows, run.stdout[-2000:]
        day = max(r["recorded"][:10] for r in rows)
        wacz = data / "day.wacz"
        built = newsarchive("wacz", "sputnik", day, "--data-dir", str(data), "-o", str(wacz))
        assert built.returncode == 0, built.stderr[-3000:]
        with zipfile.ZipFile(wacz) as zf:
            lines = zf.read("pages/pages.jsonl").decode("utf-8").splitlines()
        pages = [json.loads(line) for line in lines[1:]]
        assert {p["url"] for p in pages} == {r["url"] for r in rows if r["recorded"][:10] == day}
        records = {r.path: r for r in srv.records}
        yield {"site": srv, "wacz": wacz, "day": day, "pages": pages, "records": records}


def test_replaywebpage_replays_the_wacz(archived, tmp_path):
    srv, pages, records = archived["site"], archived["pages"], archived["records"]
    assert pages
    page = pages[0]
    rec = records[urlsplit(page["url"]).path]  # the fixture's own record of the article
    first_paragraph = next(b for b in rec.body if isinstance(b, str))
    ts = re.sub(r"\D", "", page["ts"])
    site_seen, cdn_seen = len(srv.log), len(srv.cdn_log)

    with StaticServer(RWP_DIR, {"/day.wacz": archived["wacz"]}) as app, \
            browser.Chromium() as chromium:
        # the article, replayed
        replay = (f"{app.base_url}/index.html?source={quote('/day.wacz', safe='')}"
                  f"#view=replay&url={quote(page['url'], safe='')}&ts={ts}")
        with chromium.visit(replay) as visit:
            want = _norm(first_paragraph)[:120]
            js = WALK_JS.replace("return out;", "return out.frames.some(f => f.text && "
                                 f"f.text.replace(/\\s+/g, ' ').includes({json.dumps(want)}))"
                                 " ? out : null;")
            try:
                found = visit.wait_for(js, timeout=45)
            except browser.BrowserError as e:
                raise AssertionError(f"{e}\nnow: {visit.evaluate(WALK_JS)}\n"
                                     f"served: {app.log[-20:]}") from None
            frame = next(f for f in found["frames"]
                         if f["text"] and want in _norm(f["text"]))
            assert frame["url"].startswith(app.base_url)  # the service worker's replay URL
            assert page["url"] in frame["url"]
            assert _norm(rec.title) == _norm(frame["title"]) or \
                _norm(rec.title) in _norm(frame["text"])
            assert _norm(rec.title) in _norm(frame["text"])
            _, refused, _ = visit.requests()
            assert not refused

        # the pages list: every archived article of the day
        listing = f"{app.base_url}/index.html?source={quote('/day.wacz', safe='')}#view=pages"
        with chromium.visit(listing) as visit:
            titles = [_norm(records[urlsplit(p["url"]).path].title) for p in pages]
            js = WALK_JS.replace("return out;", "const t = out.shadow.replace(/\\s+/g, ' '); "
                                 f"return {json.dumps(titles)}.every(x => t.includes(x)) "
                                 "? out : null;")
            try:
                visit.wait_for(js, timeout=30)
            except browser.BrowserError as e:
                raise AssertionError(f"{e}\nnow: {visit.evaluate(WALK_JS)}") from None

    # nothing reached the live fixture site (nor its CDN) during replay
    assert srv.log[site_seen:] == [] and srv.cdn_log[cdn_seen:] == []
    # the WACZ was read in ranges, not only whole
    assert any(p == "/day.wacz" and s == 206 for _, p, s in app.log), app.log


# -- a later day's WACZ, whose stylesheets were fetched in full on the day before ----------
from tests.test_wacz_closure import two_days  # noqa: E402,F401  (fixture: today's WACZ)

# JavaScript: [href, number of CSS rules (-1: unreadable)] of every stylesheet (and what it
# imports) of every (same-origin) frame of the app
SHEETS_JS = """
(() => {
  const found = [];
  const walk = (root) => {
    for (const el of root.querySelectorAll('*')) {
      if (el.shadowRoot) walk(el.shadowRoot);
      if (el.tagName === 'IFRAME') {
        let doc = null;
        try { doc = el.contentDocument; } catch (e) { doc = null; }
        if (doc && doc.documentElement) {
          const sheet = (s) => {
            let rules = null;
            try { rules = s.cssRules; } catch (e) { rules = null; }
            found.push([s.href || '', rules ? rules.length : -1]);
            for (const r of rules || []) if (r.styleSheet) sheet(r.styleSheet);  // @import
          };
          for (const s of doc.styleSheets) sheet(s);
          walk(doc);
        }
      }
    }
  };
  walk(document);
  return found;
})()
"""


def test_replaywebpage_replays_a_later_day_with_its_stylesheets(two_days):
    """The second day's WACZ alone: its page comes up in ReplayWeb.page with each of
    its stylesheets (fetched in full the day before, answered 304 since) loaded, rules
    and all, from the WACZ."""
    with zipfile.ZipFile(two_days["wacz"]) as zf:
        lines = zf.read("pages/pages.jsonl").decode("utf-8").splitlines()
    page = json.loads(lines[1])
    sheets = sorted(u for u in two_days["expected"][page["url"]]
                    if urlsplit(u).path.endswith(".css"))
    assert sheets
    ts = re.sub(r"\D", "", page["ts"])
    with StaticServer(RWP_DIR, {"/day.wacz": two_days["wacz"]}) as app, \
            browser.Chromium() as chromium:
        replay = (f"{app.base_url}/index.html?source={quote('/day.wacz', safe='')}"
                  f"#view=replay&url={quote(page['url'], safe='')}&ts={ts}")
        with chromium.visit(replay) as visit:
            js = SHEETS_JS.replace("return found;", "return " + json.dumps(sheets)
                                   + ".every(u => found.some(([h, n]) => h.endsWith(u) && "
                                   "n > 0)) ? found : null;")
            try:
                visit.wait_for(js, timeout=45)
            except browser.BrowserError as e:
                raise AssertionError(f"{e}\nsheets: {visit.evaluate(SHEETS_JS)}\n"
                                     f"served: {app.log[-20:]}") from None
            _, refused, _ = visit.requests()
            assert not refused
