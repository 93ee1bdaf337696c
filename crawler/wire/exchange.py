"""What one HTTP exchange put on and took off the connection (no Twisted, no Scrapy)."""

from __future__ import annotations

import re
import time
from dataclasses import dataclass, field
from datetime import datetime, timezone

WIRE_META = "newsarchive_wire"  # request.meta key the download handler fills
MAX_HEAD = 1 << 20  # a header block longer than this is not kept (the parser refuses it anyway)
_HEAD_END = re.compile(rb"\r?\n\r?\n")


@dataclass
class WireExchange:
    # when the request went on the wire: the first write to the socket after its first
    # byte was handed to the transport (until then, when it was handed over)
    began: datetime | None = None
    request: bytearray = field(default_factory=bytearray)  # every byte written
    response_head: bytes | None = None  # status line + header block + blank line, as received
    _buf: bytearray = field(default_factory=bytearray, repr=False)
    _on_wire: bool = field(default=False, repr=False)

    def sent(self, data: bytes) -> None:
        """Bytes of the request handed to the transport (which sends them later, when the
        reactor next gets to the socket)."""
        if self.began is None:
            self.began = datetime.fromtimestamp(time.time(), timezone.utc)
        self.request += data

    def on_wire(self, when: float) -> None:
        """The connection wrote to its socket at ``when`` (epoch seconds): the request's
        bytes handed over so far went on the wire then (a reactor busy elsewhere may have
        held them a while)."""
        if self.request and not self._on_wire:
            self._on_wire = True
            self.began = datetime.fromtimestamp(when, timezone.utc)

    def received(self, data: bytes) -> None:
        """Bytes read from the connection; keeps them until the header block is complete."""
        if self.response_head is not None or len(self._buf) > MAX_HEAD:
            return
        start = max(0, len(self._buf) - 3)
        self._buf += data
        m = _HEAD_END.search(self._buf, start)
        while m is not None:
            head = bytes(self._buf[:m.end()])
            if not _interim(head):
                self.response_head = head
                self._buf = bytearray()
                return
            # a 1xx interim answer (100 Continue): the final one follows
            del self._buf[:m.end()]
            m = _HEAD_END.search(self._buf)

    @property
    def request_bytes(self) -> bytes:
        return bytes(self.request)


def _interim(head: bytes) -> bool:
    parts = head.split(b" ", 2)
    return len(parts) > 1 and parts[1][:1] == b"1" and len(parts[1]) == 3
