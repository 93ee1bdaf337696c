"""Issue 8: the HTTP messages exactly as they crossed the wire.

:mod:`.handler` is a Scrapy download handler for http/https (Scrapy's HTTP/1.1
handler, whose connections keep a copy of the bytes written and of the status
line and header block received, see :mod:`.protocol`). It hands each exchange's
:class:`~crawler.wire.exchange.WireExchange` to the recorder middleware in
``request.meta[WIRE_META]``.
"""

from .exchange import WIRE_META, WireExchange

__all__ = ["WIRE_META", "WireExchange"]
