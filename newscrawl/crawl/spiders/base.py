"""What every newscrawl spider shares: requesting a page that must be accounted for, and
turning its response into a RawPage item (or a recorded drop reason when the download
failed). The crawl's identity (id, start time) is newscrawl.crawl.identity's."""

from __future__ import annotations

from datetime import datetime, timezone

import scrapy
from scrapy.http import Response
from twisted.python.failure import Failure

from newscrawl.crawl import stats as stat_keys
from newscrawl.crawl.reasons import failure_reason
from newscrawl.crawl.signals import page_dropped, page_requested
from newscrawl.crawl.ssrf import trusted_meta
from newscrawl.items import RawPage

URL_META = "newscrawl_url"   # the URL as first requested, kept across redirects
LISTED_AT_META = "newscrawl_listed_at"   # the feed/sitemap date that led to the request


class NewsSpider(scrapy.Spider):
    def page_request(self, url: str, trusted: bool = False, **meta) -> scrapy.Request:
        """`trusted`: a URL the user gave explicitly, which may be on a local address
        (newscrawl.crawl.ssrf); never for discovered links."""
        if trusted:
            meta = {**trusted_meta(url), **meta}
        self.crawler.signals.send_catch_log(signal=page_requested, url=url)
        return scrapy.Request(url, callback=self.parse_page, errback=self.page_failed,
                              meta={URL_META: url, **meta}, dont_filter=True)

    def too_long(self, url: str) -> bool:
        """True (and the URL dropped as `url_too_long`) for a URL that Scrapy's
        UrlLengthMiddleware would silently discard."""
        limit = self.crawler.settings.getint("URLLENGTH_LIMIT")
        if not limit or len(url) <= limit:
            return False
        self.crawler.signals.send_catch_log(signal=page_dropped, url=url, reason="url_too_long",
                                            detail=f"{len(url)} characters, more than URLLENGTH_LIMIT ({limit})")
        return True

    def parse_page(self, response: Response):
        self.crawler.stats.inc_value(stat_keys.PAGES_FETCHED)
        content_type = response.headers.get(b"Content-Type")
        yield RawPage(
            url=response.meta.get(URL_META, response.url),
            final_url=response.url,
            status=response.status,
            content_type=content_type.decode("latin-1") if content_type is not None else None,
            body=response.body,
            fetched_at=datetime.now(timezone.utc),
            listed_at=response.meta.get(LISTED_AT_META),
        )

    def page_failed(self, failure: Failure):
        request = failure.request
        reason, detail = failure_reason(failure)
        self.crawler.signals.send_catch_log(
            signal=page_dropped,
            url=request.meta.get(URL_META, request.url),
            reason=reason,
            detail=detail,
        )
