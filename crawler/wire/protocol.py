"""Scrapy's lenient HTTP/1.1 client protocol, keeping a copy of the bytes on the wire.

The connection's transport is wrapped once (:class:`TeeTransport`): every byte
the protocol writes is copied into the current request's :class:`WireExchange`,
and :meth:`RecordingHTTP11ClientProtocol.dataReceived` copies what arrives until
the response's header block is complete. Over TLS the protocol sits above the
TLS layer, so the copies are the plaintext HTTP messages. The TCP connection's
socket writes are watched too: an exchange is dated when its request was sent,
not when it was queued.
"""

from __future__ import annotations

import time

from scrapy.core.downloader.handlers.http11 import (
    _LenientHTTP11ClientFactory,
    _LenientHTTP11ClientProtocol,
)
from zope.interface import directlyProvides, providedBy

from .exchange import WireExchange

RESPONSE_ATTR = "_newsarchive_wire"  # set on Twisted's response object


class TeeTransport:
    """Forwards everything to ``transport``; hands a copy of what is written to ``sink``."""

    def __init__(self, transport, sink):
        self._transport = transport
        self._sink = sink
        directlyProvides(self, *providedBy(transport))

    def write(self, data: bytes) -> None:
        self._sink(data)
        self._transport.write(data)

    def writeSequence(self, seq) -> None:
        seq = list(seq)
        self._sink(b"".join(seq))
        self._transport.writeSequence(seq)

    def __getattr__(self, name):
        return getattr(self._transport, name)


def _watch_socket_writes(transport, callback) -> None:
    """Call ``callback(when)`` after each write of the TCP connection under ``transport``
    (the transport itself, or the one under a TLS layer) to its socket, ``when`` the
    epoch time just before the write. Twisted's ``write`` only queues bytes; the reactor
    sends them when it next gets to the socket, which a busy reactor (a synchronous
    pipeline) can put off for a second or more."""
    for _ in range(3):  # TCP; or TLS over TCP
        # the connection's own class: a TLS layer forwards unknown attributes to it
        if getattr(type(transport), "writeSomeData", None) is not None:
            break
        transport = getattr(transport, "transport", None)
    else:
        return
    send = transport.writeSomeData
    if getattr(send, "_newsarchive_watched", False):
        return

    def write_some_data(data):
        when = time.time()
        written = send(data)
        if isinstance(written, int) and written > 0:
            callback(when)
        return written

    write_some_data._newsarchive_watched = True
    transport.writeSomeData = write_some_data


class RecordingHTTP11ClientProtocol(_LenientHTTP11ClientProtocol):
    _exchange: WireExchange | None = None

    def makeConnection(self, transport):
        _watch_socket_writes(transport, self._on_wire)
        super().makeConnection(TeeTransport(transport, self._wrote))

    def _wrote(self, data: bytes) -> None:
        if self._exchange is not None:
            self._exchange.sent(data)

    def _on_wire(self, when: float) -> None:
        if self._exchange is not None:
            self._exchange.on_wire(when)

    def request(self, request):
        exchange = self._exchange = WireExchange()
        d = super().request(request)

        def attach(response):
            setattr(response, RESPONSE_ATTR, exchange)
            return response

        return d.addCallback(attach)

    def dataReceived(self, data: bytes) -> None:
        if self._exchange is not None:
            self._exchange.received(data)
        super().dataReceived(data)


class RecordingHTTP11ClientFactory(_LenientHTTP11ClientFactory):
    def buildProtocol(self, addr):
        return RecordingHTTP11ClientProtocol(self._quiescentCallback)
