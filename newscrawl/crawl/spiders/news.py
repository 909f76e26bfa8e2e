"""The `news` spider: incremental crawl of one configured site (see newscrawl.sites).

    scrapy crawl news -a site=harbour-herald [-a sites=sites.toml] [-a refresh=1]

Discovers article URLs from the site's feeds, sitemaps (indexes and Google News
sitemaps included) and start pages (following `follow` links up to `max_depth`), and
requests an article only when the state store does not hold it yet, or when its feed or
sitemap date is newer than the stored one, or with refresh. Listing pages, feeds and
sitemaps are revalidated with conditional GET through Scrapy's HTTP cache (RFC 2616
policy); article pages are never cached. Articles are leaves: their links are not
followed, and no depth limit applies to them (a listing page at `max_depth` still gives
its articles).

Memory does not grow with the site: sitemaps are streamed, the frontier is Scrapy's
disk queue (a JOBDIR per site under the state directory, emptied at every start: the
state store, not the queue, makes the crawl incremental) and what this run discovered is
kept in a DiscoveryLedger on disk. The sitemaps of a sitemap index are read newest
first and after the articles already found, so the first articles are requested while
discovery goes on and the queue holds about one sitemap's worth of articles.
"""

from __future__ import annotations

import asyncio
from collections import deque
from datetime import datetime
from pathlib import Path
from urllib.parse import urlsplit

import scrapy
from scrapy import signals
from scrapy.http import Response
from scrapy.linkextractors import LinkExtractor
from scrapy.utils.sitemap import sitemap_urls_from_robots

from newscrawl.crawl import stats as stat_keys
from newscrawl.crawl.discovery import Link, iter_sitemap, parse_feed
from newscrawl.crawl.ledger import DiscoveryLedger
from newscrawl.crawl.reasons import failure_reason
from newscrawl.crawl.signals import stop_requested
from newscrawl.crawl.site_state import SiteState, job_dir
from newscrawl.crawl.spiders.base import LISTED_AT_META, NewsSpider
from newscrawl.crawl.ssrf import trusted_meta
from newscrawl.normalize import canonicalize_url
from newscrawl.sites import SiteConfig, load_sites, select_sites
from newscrawl.store.base import ArticleStore

LISTING_PRIORITY = 10       # the site's feeds, sitemaps, start and section pages: discovery first
INDEXED_SITEMAP_PRIORITY = -10   # a sitemap index's sitemaps: after the articles already found
KIND_META = "newscrawl_kind"
DEPTH_META = "newscrawl_depth"   # listing pages only: how many follow links from a start page
INDEXED_META = "newscrawl_indexed"   # a sitemap listed by a sitemap index (read one at a time)
MAX_LISTED_SOURCE_ERRORS = 10
YIELD_EVERY = 200          # discovered links handled between returns to the reactor


def site_settings(site: SiteConfig, state_dir: Path) -> dict:
    """Scrapy settings of one site's crawl: its [crawl] table (politeness), the disk
    queue, and the HTTP cache that revalidates listing pages, feeds and sitemaps."""
    overrides: dict = {
        "DEPTH_LIMIT": 0,                  # listing depth is the spider's own (articles have none)
        "HTTPCACHE_ENABLED": True,
        "HTTPCACHE_POLICY": "scrapy.extensions.httpcache.RFC2616Policy",
        "HTTPCACHE_DIR": str((state_dir / "httpcache" / site.name).resolve()),
        "HTTPCACHE_GZIP": True,
        "JOBDIR": str(job_dir(state_dir, site.name).resolve()),
    }
    if site.crawl.download_delay is not None:
        overrides["DOWNLOAD_DELAY"] = site.crawl.download_delay
    if site.crawl.concurrency is not None:
        overrides["CONCURRENT_REQUESTS_PER_DOMAIN"] = site.crawl.concurrency
    if site.crawl.autothrottle is not None:
        overrides["AUTOTHROTTLE_ENABLED"] = site.crawl.autothrottle
    return overrides


class SiteNewsSpider(NewsSpider):
    name = "news"
    # Follow-up requests stay on the site's hosts.

    def __init__(self, site: str | SiteConfig | None = None, sites: str = "sites.toml",
                 refresh: bool | str = False, **kwargs):
        if isinstance(site, SiteConfig):
            self.site = site
        else:
            if not site:
                raise ValueError("no site given: scrapy crawl news -a site=NAME [-a sites=sites.toml]")
            self.site = select_sites(load_sites(sites), [site])[0]
        super().__init__(**kwargs)
        self.refresh = str(refresh).lower() in ("1", "true", "yes", "on")
        self.allowed_domains = list(self.site.allowed_domains)
        self.start_urls_given: list[str] = []    # discovered, not given: accounted as requested
        # Hosts are checked in _on_site: LinkExtractor(allow_domains=...) compares the
        # whole netloc, so a site on a non-default port (127.0.0.1:8000) matched nothing.
        self.links = LinkExtractor(unique=True)
        self.store: ArticleStore | None = None
        self.discovered: DiscoveryLedger | None = None
        self.stopping = False          # the run was asked to stop: discovery ends at once
        self.indexed_sitemaps: deque[str] = deque()   # sitemaps of the indexes, not yet requested
        self.indexed_seen: set[str] = set()
        self.indexed_in_flight = False

    @classmethod
    def from_crawler(cls, crawler, *args, **kwargs):
        spider = super().from_crawler(crawler, *args, **kwargs)
        state_dir = Path(crawler.settings.get("NEWSCRAWL_STATE_DIR"))
        for name, value in site_settings(spider.site, state_dir).items():
            crawler.settings.set(name, value, priority="spider")
        crawler.signals.connect(spider._opened, signal=signals.spider_opened)
        # Connected before SiteState's handler (spiders are made before extensions), so
        # the store is still open in _closed.
        crawler.signals.connect(spider._closed, signal=signals.spider_closed)
        crawler.signals.connect(spider._stop_requested, signal=stop_requested)
        return spider

    def _stop_requested(self) -> None:
        # A stopping engine still consumes what callbacks yield; a sitemap's remaining
        # 50,000 entries would hold the stop for seconds each.
        self.stopping = True

    # lifecycle: the site's state (lock, store, runs) is SiteState's; the run's own
    # discovery bookkeeping is the spider's

    def _opened(self, spider=None):
        self.store = self.crawler.get_extension(SiteState).store
        self.discovered = DiscoveryLedger()

    def _closed(self, spider=None, reason=""):
        if self.discovered is None:
            return
        try:
            # An article fetched from a listing page, then listed with a date by a feed or
            # sitemap read later: the store keeps that date for the next run's comparison.
            self.store.note_listed(self.discovered.requested_dates())
        finally:
            self.discovered.close()
            self.discovered = None

    # discovery

    async def start(self):
        # The sites file's own URLs are given by the user: trusted (newscrawl.crawl.ssrf).
        for url in self.site.feeds:
            yield self._listing(url, "feed", self.parse_feed, trusted=True)
        for url in self.site.sitemap_urls():
            kind = "robots" if url.endswith("/robots.txt") else "sitemap"
            yield self._listing(url, kind, self.parse_robots if kind == "robots" else self.parse_sitemap,
                                trusted=True)
        for url in self.site.start_urls:
            yield self._listing(url, "page", self.parse_listing, trusted=True, depth=0)

    def _listing(self, url: str, kind: str, callback, trusted: bool = False, depth: int = 0,
                 priority: int = LISTING_PRIORITY) -> scrapy.Request:
        # max-age=0: the cached copy is always revalidated (If-None-Match /
        # If-Modified-Since), never trusted on heuristic freshness; a 304 reuses it.
        meta = {KIND_META: kind, DEPTH_META: depth, **(trusted_meta(url) if trusted else {})}
        return scrapy.Request(url, callback=callback, errback=self.listing_failed,
                              priority=priority, meta=meta,
                              headers={"Cache-Control": "max-age=0"})

    def parse_robots(self, response: Response):
        self.crawler.stats.inc_value(stat_keys.SOURCES_READ)
        for url in sitemap_urls_from_robots(response.body, base_url=response.url):
            yield self._listing(url, "sitemap", self.parse_sitemap)

    async def parse_sitemap(self, response: Response):
        self.crawler.stats.inc_value(stat_keys.SITEMAPS_READ)
        self.crawler.stats.inc_value(stat_keys.SOURCES_READ)
        kind, links = iter_sitemap(response.body, response.url)
        if kind == "index":
            # Newest sitemaps first (an index is small; its sitemaps are not).
            children = sorted(links, key=lambda link: (link.modified is None, -(link.modified.timestamp() if link.modified else 0)))
            self.indexed_sitemaps.extend(link.url for link in children)
        else:
            async for request in self._consider_all(links, listing=False):
                yield request
        for request in self._next_indexed_sitemap(response.meta):
            yield request

    def _next_indexed_sitemap(self, meta: dict):
        """The sitemaps of an index are read one at a time, each after the articles found
        so far: one sitemap's entries are in memory at once, and the queue holds about
        one sitemap's articles (not all of an index's millions)."""
        if meta.get(INDEXED_META) or not self.indexed_in_flight:
            self.indexed_in_flight = False
            while self.indexed_sitemaps and not self.stopping:
                url = self.indexed_sitemaps.popleft()
                if url in self.indexed_seen:
                    continue
                self.indexed_seen.add(url)
                self.indexed_in_flight = True
                request = self._listing(url, "sitemap", self.parse_sitemap, priority=INDEXED_SITEMAP_PRIORITY)
                request.meta[INDEXED_META] = True
                yield request
                return

    async def parse_feed(self, response: Response):
        self.crawler.stats.inc_value(stat_keys.FEEDS_READ)
        self.crawler.stats.inc_value(stat_keys.SOURCES_READ)
        async for request in self._consider_all(parse_feed(response.body, response.url), listing=False):
            yield request

    async def parse_listing(self, response: Response):
        self.crawler.stats.inc_value(stat_keys.LISTING_PAGES)
        self.crawler.stats.inc_value(stat_keys.SOURCES_READ)
        if not hasattr(response, "text"):
            return
        depth = response.meta.get(DEPTH_META, 0)
        links = (Link(found.url) for found in self.links.extract_links(response))
        async for request in self._consider_all(links, listing=True, depth=depth + 1):
            yield request

    async def _consider_all(self, links, listing: bool, depth: int = 0):
        """_consider for each link, handing the reactor back every YIELD_EVERY links: a
        sitemap of 50,000 entries must not hold downloads (and a stop) until it is read."""
        for count, link in enumerate(links, 1):
            if self.stopping:
                return
            for request in self._consider(link, listing=listing, depth=depth):
                yield request
            if count % YIELD_EVERY == 0:
                await asyncio.sleep(0)

    def listing_failed(self, failure):
        reason, detail = failure_reason(failure)
        kind = failure.request.meta.get(KIND_META, "page")
        if failure.request.meta.get(INDEXED_META):
            yield from self._next_indexed_sitemap(failure.request.meta)
        self.crawler.stats.inc_value(f"{stat_keys.LISTING_ERRORS}{reason}")
        failed = self.crawler.stats.get_value(stat_keys.SOURCE_ERRORS) or []
        if len(failed) < MAX_LISTED_SOURCE_ERRORS:   # the first few, for the summary
            self.crawler.stats.set_value(stat_keys.SOURCE_ERRORS,
                                         [*failed, (kind, failure.request.url, f"{reason}: {detail}" if detail else reason)])
        self.logger.warning("%s %s: %s", kind, failure.request.url, detail)

    def _consider(self, link: Link, listing: bool, depth: int = 0):
        """Request a discovered URL if it is an article we need, or a page worth following.

        With `article` patterns, only matching URLs are articles. Without them, every
        feed or sitemap entry is a candidate article, and so is every link of a listing
        page that is not a page to follow (`follow`); `deny` always wins. Listing pages
        are followed only up to `max_depth` links from a start page.
        """
        url = link.url
        site = self.site
        if not self._on_site(url):
            self.crawler.stats.inc_value(stat_keys.OFFSITE_LINKS)
            return
        if site.is_article(url):
            yield from self._article(link)
        elif site.is_denied(url):
            return
        elif not listing:
            if not site.article:
                yield from self._article(link)
        elif site.follow and site.should_follow(url):
            yield from self._follow(url, depth)
        elif not site.article:
            yield from self._article(link)
        elif site.should_follow(url):
            yield from self._follow(url, depth)

    def _follow(self, url: str, depth: int):
        if depth > self.site.max_depth:
            self.crawler.stats.inc_value(stat_keys.LISTING_BEYOND_MAX_DEPTH)
            return
        yield self._listing(url, "page", self.parse_listing, depth=depth)

    def _on_site(self, url: str) -> bool:
        try:
            host = (urlsplit(url).hostname or "").rstrip(".")
        except ValueError:
            return False
        return any(host == d or host.endswith("." + d) for d in self.allowed_domains)

    def _article(self, link: Link):
        try:
            key = canonicalize_url(link.url)
        except ValueError:
            self.crawler.stats.inc_value(stat_keys.BAD_LINKS)
            return
        seen = self.discovered.get(key)
        if seen is not None:
            requested, _ = seen
            if requested is not None:
                # Already requested in this run: keep the newest date a source gives it.
                if link.modified is not None:
                    self.discovered.newer_date(key, link.modified)
                return
            if link.modified is None:
                return      # known and skipped already; nothing new about it
        known = None if self.refresh else self.store.known(key)
        if known is not None:
            stored = datetime.fromisoformat(known[1]) if known[1] else None
            if link.modified is None or (stored is not None and link.modified <= stored):
                if seen is None:
                    self.discovered.skipped(key)
                    self.crawler.stats.inc_value(stat_keys.SKIPPED_KNOWN)
                return
            self.crawler.stats.inc_value(stat_keys.REFETCH_MODIFIED)
        if self.too_long(link.url):
            self.discovered.skipped(key)
            return
        if not self.store.claim(key):
            self.crawler.stats.inc_value(stat_keys.CLAIMED_ELSEWHERE)
            return
        self.discovered.requested(key, link.url, link.modified)
        yield self.page_request(link.url, dont_cache=True, **{LISTED_AT_META: link.modified})
