"""Scrapy's RobotsTxtMiddleware, with robots.txt obeyed by every request that waits for it.

In Scrapy 2.19 the requests that arrive while a host's robots.txt is being fetched all
wait on one Deferred, each through ``Deferred.asFuture``. Converting a Deferred into a
Future consumes its result (Twisted says so: the Deferred then fires None onwards), so
the first waiter gets the parser and every later one gets None, which the middleware
reads as "no robots.txt: allowed". Page requisites are that shape: a dozen requests to
a CDN host at once, and paths its robots.txt forbids were fetched and archived
(tests/test_robots_waiters.py). Here each waiter gets its own Deferred, fired with the
parser while the shared one passes the parser on; everything else is Scrapy's.
"""

from __future__ import annotations

from scrapy.downloadermiddlewares.robotstxt import RobotsTxtMiddleware as ScrapyRobotsTxt
from scrapy.utils.defer import maybe_deferred_to_future
from scrapy.utils.httpobj import urlparse_cached
from twisted.internet.defer import Deferred


class RobotsTxtMiddleware(ScrapyRobotsTxt):
    async def robot_parser(self, request):
        pending = self._parsers.get(urlparse_cached(request).netloc)
        if isinstance(pending, Deferred):  # robots.txt is on its way: wait for it
            return await maybe_deferred_to_future(_share(pending))
        return await super().robot_parser(request)


def _share(shared: Deferred) -> Deferred:
    """A Deferred of its own that fires with ``shared``'s result, which ``shared`` keeps
    for the next waiter."""
    own: Deferred = Deferred()

    def relay(result):
        own.callback(result)
        return result

    shared.addBoth(relay)
    return own
