"""What a spider owes the catalog for every request it makes.

Discovery documents (feeds, sitemaps, listing pages) form a tree in each run: a
sitemap index leads to its children, a listing page to the next page. A document
is *pending work* in the catalog from the moment it is requested until it has been
fetched, parsed (every entry queued or pending) and archived, so a later run
retries it (up to the attempt limit) even when its parent answers 304. Its
validators (ETag, Last-Modified) are stored only when, besides, every document it
leads to is done and nothing below it was skipped (entries older than a --since,
listing pages not read): a 304 must never hide work that was not done.

Every request carries a ticket. An answer (callback) or a failure (errback)
settles it; a request that Scrapy drops with neither (the scheduler refusing a
redirect back to a URL already requested, a middleware filtering it) is settled by
the spider as dropped. What is still open when the crawl goes idle was dropped
somewhere unseen.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from typing import Any


@dataclass(eq=False)
class Doc:
    """A discovery document answered 200 in this run."""

    url: str  # as requested (the key of its validators and of its pending row)
    kind: str
    parent: "Doc | None"
    validators: tuple[str | None, str | None] = (None, None)
    own_open: int = 1  # the parse, then one for archiving its evidence
    children_open: int = 0
    own_ok: bool = True
    children_ok: bool = True
    complete: bool = True  # False when entries were skipped (older than --since), pages not read
    children_complete: bool = True
    error: str | None = None
    finished: bool = False


class Ledger:
    def __init__(self, catalog, source: str, slog):
        self.catalog = catalog
        self.source = source
        self.slog = slog
        self._tickets = itertools.count(1)
        self._open: dict[int, dict[str, Any]] = {}

    # -- tickets ------------------------------------------------------------------------
    def issue(self, info: dict[str, Any]) -> int:
        """A ticket for a request about to be yielded; ``info`` says what it is for."""
        ticket = next(self._tickets)
        self._open[ticket] = info
        return ticket

    def settle(self, request) -> dict[str, Any] | None:
        """The request got an answer, a failure or was dropped: what it was for, once."""
        return self._open.pop(request.meta.get("ticket"), None)

    def leftovers(self) -> list[dict[str, Any]]:
        left, self._open = list(self._open.values()), {}
        return left

    # -- discovery documents -----------------------------------------------------------
    def requested(self, url: str, kind: str, parent: Doc | None, meta: dict) -> None:
        self.catalog.add_pending_discovery(self.source, url, kind, meta)
        if parent is not None:
            parent.children_open += 1

    def opened(self, url: str, kind: str, parent: Doc | None,
               validators: tuple[str | None, str | None]) -> Doc:
        return Doc(url, kind, parent, validators)

    def expect_archive(self, doc: Doc) -> None:
        doc.own_open += 1

    def archived(self, doc: Doc, ok: bool, error: str | None = None) -> None:
        self._own(doc, ok, error)

    def parsed(self, doc: Doc, ok: bool, error: str | None = None) -> None:
        self._own(doc, ok, error)

    def unchanged(self, url: str, parent: Doc | None) -> None:
        """304: what the document leads to was done when its validators were stored."""
        self.catalog.done_discovery(self.source, url)
        self._child_done(parent, True, True)

    def failed(self, url: str, parent: Doc | None, error: str) -> None:
        """Not fetched (error, refused, dropped): one attempt used, the parent waits."""
        self.catalog.fail_discovery(self.source, url, error)
        self._child_done(parent, False, False)

    def _own(self, doc: Doc, ok: bool, error: str | None) -> None:
        doc.own_open -= 1
        if not ok:
            doc.own_ok = False
            doc.error = doc.error or error
        if doc.own_open == 0:
            if doc.own_ok:
                self.catalog.done_discovery(self.source, doc.url)
            else:
                self.catalog.fail_discovery(self.source, doc.url, doc.error or "failed")
        self._finish(doc)

    def _child_done(self, parent: Doc | None, ok: bool, complete: bool) -> None:
        if parent is None:
            return
        parent.children_open -= 1
        parent.children_ok = parent.children_ok and ok
        parent.children_complete = parent.children_complete and complete
        self._finish(parent)

    def _finish(self, doc: Doc) -> None:
        if doc.finished or doc.own_open or doc.children_open:
            return
        doc.finished = True
        ok = doc.own_ok and doc.children_ok
        complete = doc.complete and doc.children_complete
        if any(doc.validators):
            if ok and complete:
                self.catalog.set_validators(doc.url, *doc.validators)
            else:
                self.slog.debug("validators not stored: fetched in full next time",
                                url=doc.url, fetched=doc.own_ok, children_done=doc.children_ok,
                                complete=complete)
        self._child_done(doc.parent, ok, complete)
