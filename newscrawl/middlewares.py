"""Downloader middlewares newscrawl puts in place of Scrapy's own.

RobotsTxtMiddleware: Scrapy 2.19's middleware lets every request for a host wait on one
Deferred while robots.txt downloads, but each waiter is attached with
`Deferred.asFuture`, whose callback returns None: the second and later waiters receive
None ("no robots.txt") and their requests go out unchecked. With three or more URLs of a
host queued at the start, Disallow rules were ignored. Here each waiter gets its own
Deferred relayed from the shared one, so every request sees the parser.
"""

from __future__ import annotations

from scrapy.downloadermiddlewares.robotstxt import RobotsTxtMiddleware as ScrapyRobotsTxtMiddleware
from scrapy.utils.defer import maybe_deferred_to_future
from scrapy.utils.httpobj import urlparse_cached
from twisted.internet.defer import Deferred


class RobotsTxtMiddleware(ScrapyRobotsTxtMiddleware):
    async def robot_parser(self, request):
        pending = self._parsers.get(urlparse_cached(request).netloc)
        if isinstance(pending, Deferred):
            waiter: Deferred = Deferred()

            def relay(result):
                waiter.callback(result)
                return result  # keep the result for the next waiter

            pending.addBoth(relay)
            return await maybe_deferred_to_future(waiter)
        return await super().robot_parser(request)
