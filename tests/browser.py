"""Headless Chromium for tests: screenshots of fully loaded pages, and every request they made.

Debian's ``/usr/bin/chromium`` is driven over the DevTools protocol on a pipe
(``--remote-debugging-pipe``: JSON messages on fds 3 and 4, no port opened), with a fresh
profile; each screenshot is taken in a new browser context with the cache disabled, so
nothing one shot loaded is reused by the next.

Nothing leaves 127.0.0.0/8: host names do not resolve (``--host-resolver-rules``, except
``localhost`` and the names a test maps), whatever the browser itself would fetch goes to a
proxy that does not exist, and every request of the page is seen by the ``Fetch`` domain,
which fails any request for a host that is not on the loopback (recorded in
``Shot.refused``). Pages are reached on 127.0.0.1 directly (Chromium never sends loopback
requests through a proxy).

A shot is taken once the page is *settled*: the load event has fired, the fonts are loaded
(``document.fonts.ready``), every image has loaded or failed and is decoded, and the network
has been idle for half a second; the viewport is then grown to the page's full height, and
the same wait is repeated (images further down load then), so the PNG shows the whole page.

:func:`diff_fraction` compares two shots: the fraction of pixels that differ.
"""

from __future__ import annotations

import base64
import fnmatch
import io
import ipaddress
import json
import os
import shutil
import subprocess
import tempfile
import threading
import time
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

CHROMIUM = Path(os.environ.get("NEWSARCHIVE_CHROMIUM", "/usr/bin/chromium"))
WIDTH, HEIGHT = 1280, 1024  # the viewport before it grows to the page's height
MAX_HEIGHT = 8000  # the longest page a shot shows (px)

FLAGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--no-default-browser-check", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--disable-default-apps",
    "--disable-extensions", "--disable-breakpad", "--disable-domain-reliability",
    "--disable-client-side-phishing-detection", "--metrics-recording-only",
    "--safebrowsing-disable-auto-update", "--password-store=basic", "--use-mock-keychain",
    "--mute-audio", "--hide-scrollbars", "--force-device-scale-factor=1",
    "--force-color-profile=srgb", "--font-render-hinting=none", "--disable-lcd-text",
    "--disable-features=Translate,MediaRouter,OptimizationHints,AutofillServerCommunication,"
    "InterestFeedContentSuggestions,CalculateNativeWinOcclusion,BackForwardCache",
    "--blink-settings=imagesEnabled=true", "--lang=en-US",
    # whatever the browser itself would fetch goes nowhere (loopback is never proxied)
    "--proxy-server=http://127.0.0.1:9",
    f"--window-size={WIDTH},{HEIGHT}",
    "--remote-debugging-pipe",
]

SETTLE_JS = """
(async () => {
  const deadline = Date.now() + %(timeout_ms)d;
  const within = p => Promise.race([p, new Promise(r => setTimeout(r, Math.max(0, deadline - Date.now())))]);
  if (document.readyState !== 'complete')
    await within(new Promise(r => addEventListener('load', r, {once: true})));
  await within(document.fonts.ready);
  const imgs = [...document.images];
  await within(Promise.all(imgs.map(i => i.complete ? null : new Promise(r => {
    i.addEventListener('load', r, {once: true}); i.addEventListener('error', r, {once: true});
  }))));
  await within(Promise.all(imgs.map(i => i.complete && i.naturalWidth ? i.decode().catch(() => null) : null)));
  await new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)));
  return {
    fonts: document.fonts.status,
    fontFaces: [...document.fonts].map(f => f.family + ':' + f.status),
    images: imgs.length,
    pending: imgs.filter(i => !i.complete).map(i => i.currentSrc || i.src),
    broken: imgs.filter(i => i.complete && !i.naturalWidth).map(i => i.currentSrc || i.src),
    sheets: document.styleSheets.length,
    height: Math.ceil(Math.max(document.documentElement.scrollHeight,
                               document.body ? document.body.scrollHeight : 0)),
    timedOut: Date.now() > deadline,
  };
})()
"""


def available() -> str | None:
    """None when Chromium can run here, else why not (for ``pytest.skip``)."""
    if not CHROMIUM.exists():
        return f"{CHROMIUM} is missing (make host installs Debian's chromium)"
    return None


def loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


@dataclass
class Request:
    url: str
    resource_type: str
    status: int | None = None  # None: no response (failed, refused or blocked)
    error: str | None = None


@dataclass
class Shot:
    url: str
    png: bytes
    requests: list[Request] = field(default_factory=list)  # every request of the page, in order
    refused: list[str] = field(default_factory=list)  # URLs failed because not on the loopback
    blocked: list[str] = field(default_factory=list)  # URLs failed because the test blocked them
    state: dict = field(default_factory=dict)  # what SETTLE_JS saw (fonts, broken images, ...)

    def save(self, path: Path) -> Path:
        Path(path).write_bytes(self.png)
        return Path(path)

    def origins(self) -> set[str]:
        """scheme://host:port of every request that went to the network (data:, blob:
        and about: URLs go nowhere)."""
        return {"{0.scheme}://{0.netloc}".format(u) for u in map(urlsplit, (r.url for r in self.requests))
                if u.scheme in ("http", "https", "ws", "wss")}

    def failed(self) -> list[Request]:
        return [r for r in self.requests if r.status is None or r.status >= 400]


class BrowserError(RuntimeError):
    pass


class _Pipe:
    """The DevTools protocol over --remote-debugging-pipe: NUL-terminated JSON messages."""

    def __init__(self, proc: subprocess.Popen, to_browser: int, from_browser: int, on_event):
        self.proc, self._out, self._in = proc, to_browser, from_browser
        self._on_event = on_event
        self._next = 0
        self._lock = threading.Lock()
        self._waiting: dict[int, tuple[threading.Event, list]] = {}
        self.closed = threading.Event()
        self._reader = threading.Thread(target=self._read, daemon=True, name="cdp-pipe")
        self._reader.start()

    def _read(self):
        buf = b""
        try:
            while True:
                chunk = os.read(self._in, 1 << 16)
                if not chunk:
                    break
                buf += chunk
                while b"\0" in buf:
                    raw, buf = buf.split(b"\0", 1)
                    msg = json.loads(raw)
                    if "id" in msg:
                        with self._lock:
                            waiter = self._waiting.pop(msg["id"], None)
                        if waiter:
                            waiter[1].append(msg)
                            waiter[0].set()
                    else:
                        try:
                            self._on_event(msg)
                        except Exception as e:  # an event handler bug must not kill the reader
                            self._on_event({"method": "_handler_error", "params": {"error": repr(e)}})
        except OSError:
            pass
        finally:
            self.closed.set()
            with self._lock:
                for ev, _ in self._waiting.values():
                    ev.set()

    def send(self, method: str, params: dict | None = None, session: str | None = None,
             timeout: float = 30, wait: bool = True) -> dict:
        with self._lock:
            self._next += 1
            mid = self._next
            waiter = (threading.Event(), [])
            if wait:
                self._waiting[mid] = waiter
            msg = {"id": mid, "method": method, "params": params or {}}
            if session:
                msg["sessionId"] = session
            data = json.dumps(msg).encode() + b"\0"
            while data:
                data = data[os.write(self._out, data):]
        if not wait:
            return {}
        if not waiter[0].wait(timeout) or not waiter[1]:
            raise BrowserError(f"no answer to {method} within {timeout}s")
        answer = waiter[1][0]
        if "error" in answer:
            raise BrowserError(f"{method}: {answer['error']}")
        return answer.get("result", {})


def _high_fd(fd: int) -> int:
    import fcntl

    high = fcntl.fcntl(fd, fcntl.F_DUPFD_CLOEXEC, 10)
    os.close(fd)
    return high


class Chromium:
    """One headless Chromium with a fresh profile; ``with Chromium() as b: b.shot(url)``.

    ``host_map`` maps host names to loopback addresses ("cdn.example" -> "127.0.0.1"), for
    fixtures that stand in for other hosts; every other name fails to resolve.
    """

    def __init__(self, *, host_map: dict[str, str] | None = None, width: int = WIDTH,
                 extra_flags: list[str] | None = None):
        self.host_map = dict(host_map or {})
        self.width = width
        self.extra_flags = list(extra_flags or [])
        self.proc: subprocess.Popen | None = None
        self.profile: str | None = None
        self._session: str | None = None
        self._events: list[dict] = []
        self._events_lock = threading.Lock()
        self._block: list[str] = []  # fnmatch patterns of URLs to fail (BlockedByClient)
        self._block_types: set[str] = set()  # resource types to fail ("Stylesheet", "Image")

    # -- lifecycle ------------------------------------------------------------

    def __enter__(self) -> "Chromium":
        if (why := available()) is not None:
            raise BrowserError(why)
        self.profile = tempfile.mkdtemp(prefix="chromium-profile-")
        rules = [f"MAP {h} {a}" for h, a in self.host_map.items()]
        rules.append("MAP * ~NOTFOUND, EXCLUDE localhost, EXCLUDE 127.*, EXCLUDE [::1]")
        to_r, to_w = os.pipe()  # we write, the browser reads (its fd 3)
        from_r, from_w = os.pipe()  # the browser writes (its fd 4), we read
        # its ends numbered 10 and up, so that moving them to 3 and 4 cannot clobber one
        to_r, from_w = (_high_fd(fd) for fd in (to_r, from_w))
        args = [str(CHROMIUM), *FLAGS, *self.extra_flags, f"--user-data-dir={self.profile}",
                "--host-resolver-rules=" + ", ".join(rules), "about:blank"]
        # the browser wants the pipe on fds 3 and 4 exactly: bash moves them there, and execs
        script = f'exec "$@" 3<&{to_r} 4>&{from_w} {to_r}<&- {from_w}>&-'
        self._log = tempfile.TemporaryFile()
        self.proc = subprocess.Popen(["bash", "-c", script, "chromium", *args],
                                     pass_fds=(to_r, from_w), stdin=subprocess.DEVNULL,
                                     stdout=self._log, stderr=self._log, start_new_session=True)
        os.close(to_r)
        os.close(from_w)
        self._pipe = _Pipe(self.proc, to_w, from_r, self._on_event)
        try:
            self._attach()
        except Exception:
            self.__exit__(None, None, None)
            raise
        return self

    def __exit__(self, *exc) -> None:
        if self.proc is not None:
            try:
                if self.proc.poll() is None:
                    self._pipe.send("Browser.close", timeout=5)
                    self.proc.wait(10)
            except (BrowserError, OSError, subprocess.TimeoutExpired):
                pass
            if self.proc.poll() is None:
                try:
                    os.killpg(self.proc.pid, 9)
                except ProcessLookupError:
                    pass
                self.proc.wait()
            for fd in (self._pipe._out, self._pipe._in):
                try:
                    os.close(fd)
                except OSError:
                    pass
            self._log.close()
            self.proc = None
        if self.profile:
            shutil.rmtree(self.profile, ignore_errors=True)
            self.profile = None

    def stderr(self) -> str:
        self._log.seek(0)
        return self._log.read().decode(errors="replace")[-4000:]

    def _attach(self) -> None:
        deadline = time.monotonic() + 30
        while True:  # the browser answers once it is up
            try:
                self._pipe.send("Browser.getVersion", timeout=5)
                return
            except BrowserError:
                if self._pipe.closed.is_set() or time.monotonic() > deadline:
                    raise BrowserError("Chromium did not start:\n" + self.stderr())

    def _open(self) -> tuple[str, str]:
        """A page in a new browser context (its own cache, cookies and storage)."""
        send = self._pipe.send
        context = send("Target.createBrowserContext")["browserContextId"]
        target = send("Target.createTarget", {"url": "about:blank",
                                              "browserContextId": context})["targetId"]
        s = self._session = send("Target.attachToTarget", {"targetId": target,
                                                          "flatten": True})["sessionId"]
        send("Page.enable", session=s)
        send("Network.enable", session=s)
        send("Network.setCacheDisabled", {"cacheDisabled": True}, session=s)
        send("Fetch.enable", {"patterns": [{"urlPattern": "*", "requestStage": "Request"}]},
             session=s)
        self._viewport(HEIGHT)
        send("Emulation.setScrollbarsHidden", {"hidden": True}, session=s)
        return context, target

    def _close(self, context: str) -> None:
        try:
            self._pipe.send("Target.disposeBrowserContext", {"browserContextId": context})
        finally:
            self._session = None

    def _viewport(self, height: int) -> None:
        self._pipe.send("Emulation.setDeviceMetricsOverride", {
            "width": self.width, "height": height, "deviceScaleFactor": 1, "mobile": False},
            session=self._session)

    # -- events ---------------------------------------------------------------

    def _on_event(self, msg: dict) -> None:
        method, params = msg.get("method"), msg.get("params", {})
        if method == "Fetch.requestPaused":
            url = params["request"]["url"]
            host = urlsplit(url).hostname or ""
            scheme = urlsplit(url).scheme
            if scheme in ("http", "https", "ws", "wss") and not (loopback(host) or
                                                                  host in self.host_map):
                reason = "AddressUnreachable"
                msg = {**msg, "method": "_refused", "params": {"url": url}}
            elif (params.get("resourceType") in self._block_types
                  or any(fnmatch.fnmatchcase(url, p) for p in self._block)):
                reason = "BlockedByClient"
                msg = {**msg, "method": "_blocked", "params": {"url": url}}
            else:
                reason = None
            if reason:
                self._pipe.send("Fetch.failRequest", {"requestId": params["requestId"],
                                                      "errorReason": reason},
                                session=msg.get("sessionId"), wait=False)
            else:
                self._pipe.send("Fetch.continueRequest", {"requestId": params["requestId"]},
                                session=msg.get("sessionId"), wait=False)
        with self._events_lock:
            self._events.append(msg)

    def _events_since(self, mark: int) -> list[dict]:
        with self._events_lock:
            return self._events[mark:]

    def _mark(self) -> int:
        with self._events_lock:
            return len(self._events)

    def _inflight(self, mark: int) -> dict[str, str]:
        """requestId -> URL of the page's requests that have not finished or failed."""
        live: dict[str, str] = {}
        for e in self._events_since(mark):
            m, p = e.get("method"), e.get("params", {})
            if m == "Network.requestWillBeSent":
                live[p["requestId"]] = p["request"]["url"]
            elif m in ("Network.loadingFinished", "Network.loadingFailed"):
                live.pop(p["requestId"], None)
            elif m == "_handler_error":
                raise BrowserError("request interception failed: " + p["error"])
        return live

    def _wait_idle(self, mark: int, quiet: float = 1.0, timeout: float = 30) -> int:
        """Wait until no request is in flight and nothing happened for ``quiet`` seconds;
        the number of events seen then. A page still busy after ``timeout`` raises."""
        deadline = time.monotonic() + timeout
        last_change, last_count = time.monotonic(), -1
        while True:
            n = len(self._events_since(mark))
            if n != last_count:
                last_change, last_count = time.monotonic(), n
            elif not self._inflight(mark) and time.monotonic() - last_change >= quiet:
                return n
            if time.monotonic() > deadline:
                raise BrowserError(f"requests still in flight after {timeout}s: "
                                   f"{sorted(self._inflight(mark).values())}")
            time.sleep(0.05)

    def _wait_event(self, mark: int, method: str, timeout: float) -> dict:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            for e in self._events_since(mark):
                if e.get("method") == method:
                    return e
            if self._pipe.closed.is_set():
                raise BrowserError("Chromium went away:\n" + self.stderr())
            time.sleep(0.05)
        raise BrowserError(f"no {method} within {timeout}s")

    def _settle(self, mark: int, timeout: float) -> dict:
        res = self._pipe.send("Runtime.evaluate", {
            "expression": SETTLE_JS % {"timeout_ms": int(timeout * 1000)},
            "awaitPromise": True, "returnByValue": True}, session=self._session,
            timeout=timeout + 10)
        self._wait_idle(mark)
        return res["result"].get("value") or {}

    # -- the one thing tests do -------------------------------------------------

    def shot(self, url: str, *, block: list[str] | tuple = (), block_types=(),
             timeout: float = 30) -> Shot:
        """Load ``url`` in a fresh browser context, wait until it is settled, and
        screenshot the whole page.

        ``block``: fnmatch patterns of URLs the page may not load (they fail as if an
        extension had blocked them), e.g. ``["*.css"]``; ``block_types``: DevTools resource
        types it may not load, e.g. ``{"Stylesheet"}`` for the page without its styles.
        A page that does not settle within ``timeout`` seconds raises BrowserError.
        """
        self._block, self._block_types = list(block), set(block_types)
        mark = self._mark()
        context, _ = self._open()
        try:
            send, s = self._pipe.send, self._session
            send("Page.navigate", {"url": url}, session=s)
            self._wait_event(mark, "Page.loadEventFired", timeout)
            state = self._settle(mark, timeout)
            self._viewport(max(HEIGHT, min(MAX_HEIGHT, int(state.get("height") or HEIGHT))))
            state = self._settle(mark, timeout)  # images lower down load once they are in view
            for attempt in range(4):  # a shot during which the page was quiet throughout
                height = max(HEIGHT, min(MAX_HEIGHT, int(state.get("height") or HEIGHT)))
                quiet = self._wait_idle(mark)
                png = base64.b64decode(send("Page.captureScreenshot", {
                    "format": "png", "fromSurface": True,
                    "clip": {"x": 0, "y": 0, "width": self.width, "height": height,
                             "scale": 1}}, session=s, timeout=60)["data"])
                busy = [e for e in self._events_since(mark)[quiet:]
                        if e.get("method") == "Network.requestWillBeSent"]
                if not busy:
                    break
                state = self._settle(mark, timeout)
            else:
                raise BrowserError(f"{url} kept loading during the screenshot: {busy[-1]}")
        finally:
            self._close(context)
        if state.get("timedOut") or state.get("pending"):
            raise BrowserError(f"{url} did not settle within {timeout}s: {state}")
        result = Shot(url, png, *self._requests(mark), state=state)
        documents = [r for r in result.requests if r.resource_type == "Document"]
        if not documents or documents[-1].status != 200:
            raise BrowserError(f"{url} did not load: {documents[-1:] or 'no request'}")
        return result

    @contextmanager
    def visit(self, url: str, *, timeout: float = 30):
        """Load ``url`` in a fresh browser context and yield a :class:`Visit` to script it
        (for apps that render after the load event, such as a service-worker replay); the
        context is disposed of afterwards."""
        self._block, self._block_types = [], set()
        mark = self._mark()
        context, _ = self._open()
        try:
            self._pipe.send("Page.navigate", {"url": url}, session=self._session)
            self._wait_event(mark, "Page.loadEventFired", timeout)
            yield Visit(self, mark)
        finally:
            self._close(context)

    def _requests(self, mark: int) -> tuple[list[Request], list[str], list[str]]:
        reqs: list[Request] = []
        current: dict[str, Request] = {}  # requestId -> its latest request (redirects: a new one)
        refused, blocked = [], []
        for e in self._events_since(mark):
            m, p = e.get("method"), e.get("params", {})
            if m == "Network.requestWillBeSent":
                if p.get("redirectResponse") and p["requestId"] in current:
                    current[p["requestId"]].status = p["redirectResponse"]["status"]
                current[p["requestId"]] = Request(p["request"]["url"], p.get("type", ""))
                reqs.append(current[p["requestId"]])
            elif m == "Network.responseReceived" and p["requestId"] in current:
                current[p["requestId"]].status = p["response"]["status"]
            elif m == "Network.loadingFailed" and p["requestId"] in current:
                current[p["requestId"]].error = p.get("errorText") or "failed"
                current[p["requestId"]].status = None
            elif m == "_refused":
                refused.append(p["url"])
            elif m == "_blocked":
                blocked.append(p["url"])
        return reqs, refused, blocked


class Visit:
    """A page being visited (:meth:`Chromium.visit`)."""

    def __init__(self, browser: Chromium, mark: int):
        self._browser, self._mark = browser, mark

    def evaluate(self, expression: str, timeout: float = 30):
        """The value of a JavaScript expression in the page (promises are awaited)."""
        res = self._browser._pipe.send("Runtime.evaluate", {
            "expression": expression, "awaitPromise": True, "returnByValue": True},
            session=self._browser._session, timeout=timeout)
        if "exceptionDetails" in res:
            raise BrowserError(f"script failed: {res['exceptionDetails']}")
        return res["result"].get("value")

    def wait_for(self, expression: str, timeout: float = 30, every: float = 0.25):
        """Evaluate ``expression`` until it gives a truthy value (returned); the last
        falsy value is in the BrowserError raised after ``timeout`` seconds."""
        deadline = time.monotonic() + timeout
        while True:
            value = self.evaluate(expression)
            if value:
                return value
            if time.monotonic() > deadline:
                raise BrowserError(f"not there after {timeout}s: {expression[:200]!r} "
                                   f"gave {value!r}")
            if self._browser._pipe.closed.is_set():
                raise BrowserError("Chromium went away:\n" + self._browser.stderr())
            time.sleep(every)

    def requests(self) -> tuple[list[Request], list[str], list[str]]:
        """The page's requests so far, the URLs refused (not on the loopback) and blocked."""
        return self._browser._requests(self._mark)


def shot(url: str, **kw) -> Shot:
    """One screenshot in a browser of its own."""
    block, block_types = kw.pop("block", ()), kw.pop("block_types", ())
    with Chromium(**kw) as browser:
        return browser.shot(url, block=block, block_types=block_types)


# -- comparing shots ---------------------------------------------------------------

def _pixels(png: bytes):
    import numpy as np
    from PIL import Image

    return np.asarray(Image.open(io.BytesIO(png)).convert("RGB"), dtype=np.int16)


def diff_mask(a: bytes, b: bytes, tolerance: int = 0):
    """Boolean mask (height x width) of pixels whose colour differs by more than
    ``tolerance`` (0-255) in any channel; where one image is taller or wider than the other,
    the area only one of them covers counts as differing."""
    import numpy as np

    pa, pb = _pixels(a), _pixels(b)
    h, w = max(pa.shape[0], pb.shape[0]), max(pa.shape[1], pb.shape[1])
    mask = np.ones((h, w), dtype=bool)
    ch, cw = min(pa.shape[0], pb.shape[0]), min(pa.shape[1], pb.shape[1])
    mask[:ch, :cw] = (np.abs(pa[:ch, :cw] - pb[:ch, :cw]) > tolerance).any(axis=2)
    return mask


def diff_fraction(a: bytes, b: bytes, tolerance: int = 0) -> float:
    """The fraction (0..1) of pixels that differ between two PNG screenshots."""
    mask = diff_mask(a, b, tolerance)
    return float(mask.sum()) / mask.size


def diff_image(a: bytes, b: bytes, path: Path, tolerance: int = 0) -> Path:
    """A PNG of ``a`` dimmed, with the pixels that differ from ``b`` in red (for reports)."""
    import numpy as np
    from PIL import Image

    mask = diff_mask(a, b, tolerance)
    pa = _pixels(a)
    out = np.full(mask.shape + (3,), 255, dtype=np.uint8)
    out[:pa.shape[0], :pa.shape[1]] = (pa // 3 + 170).astype(np.uint8)
    out[mask] = (255, 0, 0)
    Image.fromarray(out).save(path)
    return Path(path)
