"""One URL per page: the canonical form used for seen-state keys and duplicate checks.

Pure functions, no site knowledge beyond URL conventions shared by news sites:
tracking parameters (``utm_*``, ``fbclid``, ``gclid``, …) are dropped, AMP and
mobile variants (``/amp/…``, ``…/amp``, ``?amp``, ``m.``/``amp.`` hosts) fold
onto the desktop page, the host is lower-cased without ``www.`` or a default
port, the fragment goes, duplicate and trailing slashes go, and the remaining
query parameters are sorted.
"""

from __future__ import annotations

import re
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

TRACKING_PARAMS = frozenset({
    "fbclid", "gclid", "gclsrc", "dclid", "gbraid", "wbraid", "msclkid", "yclid", "twclid",
    "igshid", "mc_cid", "mc_eid", "_ga", "_gl", "_hsenc", "_hsmi", "mkt_tok", "ref_src",
    "ref_url", "cmpid", "ocid", "spm", "s_cid", "at_medium", "at_campaign", "rss",
})
TRACKING_PREFIXES = ("utm_", "pk_", "mtm_", "hsa_", "oly_", "vero_")
AMP_PARAMS = frozenset({"amp", "outputtype"})  # ?amp, ?amp=1, ?outputType=amp
MOBILE_HOST_PREFIXES = ("www.", "m.", "mobile.", "amp.", "mob.")
DEFAULT_PORTS = {"http": 80, "https": 443}
_AMP_SUFFIX = re.compile(r"(?:[.-]amp)(\.html?)$", re.I)


def is_tracking(name: str) -> bool:
    lname = name.lower()
    return lname in TRACKING_PARAMS or lname.startswith(TRACKING_PREFIXES)


def canonical_host(netloc: str, scheme: str) -> str:
    """Lower-case host without userinfo, default port, ``www.`` or mobile/AMP prefix."""
    hostport = netloc.rsplit("@", 1)[-1].lower()
    host, sep, port = hostport.rpartition(":") if not hostport.endswith("]") else (hostport, "", "")
    if not sep or not port.isdigit():
        host, port = hostport, ""
    if port and DEFAULT_PORTS.get(scheme) == int(port):
        port = ""
    changed = True
    while changed:  # "m.www.example.com" → "example.com"
        changed = False
        for prefix in MOBILE_HOST_PREFIXES:
            if host.startswith(prefix) and host.count(".") >= 2:
                host, changed = host[len(prefix):], True
    return f"{host}:{port}" if port else host


def canonical_path(path: str) -> str:
    """The path without AMP markers, duplicate slashes or a trailing slash."""
    segments = [s for s in (path or "/").split("/") if s]
    if segments and segments[0].lower() == "amp":
        segments = segments[1:]
    if segments and segments[-1].lower() in ("amp", "amp.html"):
        segments = segments[:-1]
    if segments:
        segments[-1] = _AMP_SUFFIX.sub(r"\1", segments[-1])
    return "/" + "/".join(segments)


def canonical_query(query: str) -> str:
    kept = [(k, v) for k, v in parse_qsl(query, keep_blank_values=True)
            if not is_tracking(k) and k.lower() not in AMP_PARAMS]
    return urlencode(sorted(kept), doseq=False)


def canonical_url(url: str) -> str:
    """The canonical form of an absolute URL (scheme kept, lower-cased)."""
    parts = urlsplit(url.strip())
    scheme = parts.scheme.lower()
    return urlunsplit((scheme, canonical_host(parts.netloc, scheme), canonical_path(parts.path),
                       canonical_query(parts.query), ""))


def canonical_target(url: str) -> str:
    """Path plus canonical query: the host-free identity used for seen-state keys
    (a base URL may be a mirror or the fixture site)."""
    parts = urlsplit(url.strip())
    query = canonical_query(parts.query)
    return canonical_path(parts.path) + (f"?{query}" if query else "")
