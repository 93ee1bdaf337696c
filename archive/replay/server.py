"""The pywb process of ``newsarchive replay``: ``python -m archive.replay.server``.

pywb runs here as a library (its ``FrontEndApp`` on gevent, as its own ``wayback``
command runs it), with two hooks pywb supports for this:

* the index of the collection is an index source registered with
  ``pywb.warcserver.warcserver.register_source``: it reads, at each query, the
  files the ``ACTIVE`` list of the replay index names (see :mod:`.index`), so
  files added by the sync are seen without a restart, and a merge never shows a
  query a file twice or a half-written one;
* ``s3://`` archive paths are read through ``BlockLoader.loaders["s3"]`` with the
  store's own boto3 client (:meth:`archive.store.s3.S3Store.from_url`): endpoint,
  region, path-style addressing and credentials come from the standard AWS
  variables (``AWS_ENDPOINT_URL``, ``AWS_ACCESS_KEY_ID``, ...) or the newsarchive
  ``[s3]`` settings. pywb's own S3 loader makes a default client (no path-style
  addressing, which self-hosted servers need) and retries anonymously on any error.

``/healthz`` answers 200 once the first sync of the index is done and the last
good one is recent (see :func:`health`), else 503; every other path is pywb's.
"""

from gevent import monkey

monkey.patch_all()

import argparse  # noqa: E402
import json  # noqa: E402
import os  # noqa: E402
import sys  # noqa: E402
import time  # noqa: E402
from pathlib import Path  # noqa: E402
from urllib.parse import unquote, urlsplit  # noqa: E402



def _index_source_class():
    from pywb.warcserver.index.aggregator import BaseSourceListAggregator, SeqAggMixin
    from pywb.warcserver.index.indexsource import FileIndexSource

    from .index import read_active

    class ActiveListIndexSource(SeqAggMixin, BaseSourceListAggregator):
        """The files the replay index's ACTIVE list names, read at every query."""

        def __init__(self, index_dir):
            super().__init__({})
            self.index_dir = index_dir

        def get_all_sources(self, params):
            return {p.name: FileIndexSource(str(p)) for p in read_active(self.index_dir)}

        def __str__(self):
            return "newsarchive-index"

        @classmethod
        def init_from_string(cls, value):
            return None

        @classmethod
        def init_from_config(cls, config):
            if config.get("type") == "newsarchive-index":
                return cls(config["path"])
            return None

    return ActiveListIndexSource


def _s3_loader_class(client):
    from pywb.utils.loaders import BaseLoader, BlockLoader

    class StoreS3Loader(BaseLoader):
        """Ranged GETs through the store's client (no anonymous retry)."""

        def __init__(self, **kwargs):
            super().__init__()

        def load(self, url, offset, length):
            parts = urlsplit(url)
            kwargs = {"Bucket": parts.netloc, "Key": unquote(parts.path[1:])}
            if not (offset == 0 and length == -1):
                kwargs["Range"] = BlockLoader._make_range_header(offset, length)
            return client.get_object(**kwargs)["Body"]

    return StoreS3Loader


def make_app(pywb_app, index_dir: Path, sync_every: float):
    from .health import health

    def app(environ, start_response):
        if environ.get("PATH_INFO") == "/healthz":
            ok, doc = health(index_dir, sync_every)
            body = (json.dumps({"ok": ok, **doc}) + "\n").encode()
            start_response("200 OK" if ok else "503 Service Unavailable",
                           [("Content-Type", "application/json"),
                            ("Content-Length", str(len(body))), ("Cache-Control", "no-store")])
            return [body]
        return pywb_app(environ, start_response)

    return app


class _LogFile:
    """gevent's access and error logs as structured log lines."""

    def __init__(self, logger, level: str):
        self.logger, self.level = logger, level

    def write(self, text: str) -> None:
        text = text.strip()
        if text:
            getattr(self.logger, self.level)("pywb", line=text)

    def flush(self) -> None:
        pass


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m archive.replay.server")
    ap.add_argument("--config", required=True, help="the generated pywb config.yaml")
    ap.add_argument("--index-dir", required=True)
    ap.add_argument("--host", default="127.0.0.1")
    ap.add_argument("--port", type=int, default=8090)
    ap.add_argument("--store", required=True)
    ap.add_argument("--sync-every", type=float, default=30.0)
    ap.add_argument("--log-format", default="console")
    ap.add_argument("--log-level", default="INFO")
    args = ap.parse_args(argv)

    import structlog

    from newsarchive import logs

    logs.configure(args.log_format, args.log_level)
    log = structlog.get_logger("archive.replay.server")

    from pywb.warcserver.warcserver import register_source

    register_source(_index_source_class())
    if args.store.startswith("s3://"):
        from pywb.utils.loaders import BlockLoader

        from ..store.s3 import S3Store
        from .service import S3_OPTIONS_ENV

        options = json.loads(os.environ.pop(S3_OPTIONS_ENV, "") or "{}")
        store = S3Store.from_url(args.store, **options)
        BlockLoader.loaders["s3"] = _s3_loader_class(store.client)

    from gevent.pywsgi import WSGIServer
    import pywb.utils.geventserver as pywb_gevent

    class QuietWSGIServer(WSGIServer):  # pywb's internal warcserver: no access log
        def __init__(self, *a, **kw):
            kw.setdefault("log", None)
            super().__init__(*a, **kw)

    pywb_gevent.WSGIServer = QuietWSGIServer
    from pywb.apps.frontendapp import FrontEndApp
    from pywb.utils.geventserver import RequestURIWSGIHandler

    index_dir = Path(args.index_dir)
    app = make_app(FrontEndApp(config_file=args.config), index_dir, args.sync_every)
    server = WSGIServer((args.host, args.port), app, handler_class=RequestURIWSGIHandler,
                        log=_LogFile(log, "info"), error_log=_LogFile(log, "warning"))
    server.init_socket()
    log.info("replay listening", host=args.host, port=server.address[1], store=args.store)
    import signal

    import gevent

    gevent.signal_handler(signal.SIGTERM, server.stop)
    gevent.signal_handler(signal.SIGINT, server.stop)
    server.serve_forever()
    return 0


if __name__ == "__main__":
    sys.exit(main())
