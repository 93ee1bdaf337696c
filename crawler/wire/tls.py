"""The TLS context factory of the download handler (crawler/wire/handler.py).

Scrapy's own factory, which verifies certificates only with
``DOWNLOAD_VERIFY_CERTIFICATES`` (``settings.tls.verify``), against the system's
CAs. With ``settings.tls.ca_file`` too, a certificate must lead to one of the CAs in
that PEM file instead, and name the host (a DNS name or an IP address).
"""

from __future__ import annotations

import re
from pathlib import Path

from scrapy.core.downloader.contextfactory import _ScrapyClientContextFactory
from twisted.internet.ssl import Certificate, optionsForClientTLS, trustRootFromCertificates

_PEM = re.compile(rb"-----BEGIN CERTIFICATE-----.+?-----END CERTIFICATE-----", re.S)


def trust_root(ca_file: str | Path):
    """The CAs of a PEM file, as a Twisted trust root."""
    certs = [Certificate.loadPEM(block) for block in _PEM.findall(Path(ca_file).read_bytes())]
    if not certs:
        raise ValueError(f"no certificate in {ca_file}")
    return trustRootFromCertificates(certs)


class ContextFactory(_ScrapyClientContextFactory):
    def __init__(self, *args, ca_file: str | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self._trust = trust_root(ca_file) if ca_file else None

    @classmethod
    def from_crawler(cls, crawler, *args, **kwargs):
        tls = (crawler.settings.get("NEWSARCHIVE") or {}).get("tls") or {}
        return super().from_crawler(crawler, *args, ca_file=tls.get("ca_file"), **kwargs)

    def creatorForNetloc(self, hostname: bytes, port: int):
        if not self._verify_certificates or self._trust is None:
            return super().creatorForNetloc(hostname, port)
        return optionsForClientTLS(hostname=hostname.decode("ascii"), trustRoot=self._trust,
                                   extraCertificateOptions=self._get_cert_options_kwargs())
