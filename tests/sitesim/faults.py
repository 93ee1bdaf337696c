"""Fault injection: which requests misbehave, and how.

Kinds and parameters:

* ``slow``: wait ``delay`` seconds (default 2.0), then answer normally.
* ``status``: answer ``status`` (default 503; 429 or 503 are typical) with a
  small HTML page; ``retry_after`` seconds adds a ``Retry-After`` header.
* ``truncate``: send the headers with the full ``Content-Length`` but only
  ``fraction`` (default 0.5) of the body, then close the connection.
* ``malformed``: XML endpoints get the document cut in the middle of an
  element; HTML pages get a page with no article markup and garbage; other
  resources get garbage bytes.  Status 200, correct Content-Length.
* ``reset``: close the connection without answering (TCP RST).

A fault matches when ``re.search(path_regex, path)`` is true for the request
path including its query string.  ``times=None`` applies it forever, else to
the first ``times`` matching requests.  The first live matching fault wins.
"""

from __future__ import annotations

import re
import threading
from dataclasses import dataclass, field

KINDS = ("slow", "status", "truncate", "malformed", "reset")
PRIMARY = {"slow": "delay", "status": "status", "truncate": "fraction"}
DEFAULTS = {"slow": {"delay": 2.0}, "status": {"status": 503}, "truncate": {"fraction": 0.5}}


@dataclass
class Fault:
    pattern: str
    kind: str
    times: int | None = None
    params: dict = field(default_factory=dict)
    hits: int = 0

    def __post_init__(self) -> None:
        if self.kind not in KINDS:
            raise ValueError(f"unknown fault kind {self.kind!r}; one of {KINDS}")
        self.regex = re.compile(self.pattern)
        self.params = {**DEFAULTS.get(self.kind, {}), **self.params}

    @property
    def live(self) -> bool:
        return self.times is None or self.hits < self.times


class FaultRegistry:
    def __init__(self) -> None:
        self._faults: list[Fault] = []
        self._lock = threading.Lock()

    def add(self, path_regex: str, kind: str, times: int | None = None, **params) -> Fault:
        fault = Fault(path_regex, kind, times, params)
        with self._lock:
            self._faults.append(fault)
        return fault

    def clear(self) -> None:
        with self._lock:
            self._faults.clear()

    def take(self, path: str) -> Fault | None:
        """The fault for this request (counting it as one use), or None."""
        with self._lock:
            for fault in self._faults:
                if fault.live and fault.regex.search(path):
                    fault.hits += 1
                    return fault
        return None

    def __iter__(self):
        with self._lock:
            return iter(list(self._faults))

    def __len__(self) -> int:
        return len(self._faults)


def _number(text: str):
    try:
        return int(text)
    except ValueError:
        return float(text)


SPEC_RE = re.compile(r"^(?P<regex>.+)=(?P<kind>" + "|".join(KINDS) + r")(?::(?P<param>.*))?$")


def parse_spec(spec: str) -> tuple[str, str, int | None, dict]:
    """Parse a CLI spec ``REGEX=KIND[:PARAM]``.

    PARAM is a bare value for the kind's main parameter (slow: delay, status:
    status, truncate: fraction) and/or ``key=value`` pairs separated by
    commas, e.g. ``^/rss=status:429,retry_after=30,times=2``.
    """
    m = SPEC_RE.match(spec)
    if not m:
        raise ValueError(f"bad fault spec {spec!r}; expected REGEX=KIND[:PARAM], KIND in {KINDS}")
    kind, params, times = m.group("kind"), {}, None
    for item in filter(None, (m.group("param") or "").split(",")):
        key, sep, value = item.partition("=")
        if not sep:
            key, value = PRIMARY.get(kind, "value"), item
        if key == "times":
            times = int(value)
        else:
            params[key.strip()] = _number(value.strip())
    return m.group("regex"), kind, times, params
