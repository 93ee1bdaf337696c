"""The download handler for http/https (``DOWNLOAD_HANDLERS``): Scrapy's HTTP/1.1
handler whose connections record the bytes on the wire (:mod:`.protocol`).

Each response's :class:`~crawler.wire.exchange.WireExchange` is put in
``request.meta[WIRE_META]`` for the recorder middleware, which sits closest to
the downloader and so sees the response first.
"""

from __future__ import annotations

from scrapy.core.downloader.handlers.http11 import (
    HTTP11DownloadHandler,
    ResponseDataLossError,
    _ScrapyAgent,
    get_dataloss_msg,
    logger,
    maybe_deferred_to_future,
    wrap_twisted_exceptions,
)

from .exchange import WIRE_META
from .protocol import RESPONSE_ATTR, RecordingHTTP11ClientFactory
from .tls import ContextFactory


class _RecordingAgent(_ScrapyAgent):
    _wire = None

    def _cb_bodydone(self, result, url):
        self._wire = getattr(result["txresponse"], RESPONSE_ATTR, None)
        return super()._cb_bodydone(result, url)

    def download_request(self, request):
        d = super().download_request(request)

        def hand_over(response):
            if self._wire is not None:
                request.meta[WIRE_META] = self._wire
            return response

        return d.addCallback(hand_over)


class WireRecordingDownloadHandler(HTTP11DownloadHandler):
    def __init__(self, crawler):
        super().__init__(crawler)
        self._pool._factory = RecordingHTTP11ClientFactory
        self._contextFactory = ContextFactory.from_crawler(crawler)  # tls.ca_file (tls.py)

    async def download_request(self, request):
        # As HTTP11DownloadHandler.download_request, with the recording agent.
        spider = self._crawler.spider
        agent = _RecordingAgent(
            contextFactory=self._contextFactory,
            bindAddress=self._bind_address,
            pool=self._pool,
            maxsize=getattr(spider, "download_maxsize", self._default_maxsize),
            warnsize=getattr(spider, "download_warnsize", self._default_warnsize),
            fail_on_dataloss=self._fail_on_dataloss,
            crawler=self._crawler,
            tls_verbose_logging=self._tls_verbose_logging,
        )
        try:
            with wrap_twisted_exceptions():
                return await maybe_deferred_to_future(agent.download_request(request))
        except ResponseDataLossError:
            if not self._fail_on_dataloss_warned:
                logger.warning(get_dataloss_msg(request.url))
                self._fail_on_dataloss_warned = True
            raise
