"""The `news` spider: incremental crawl of one configured site (see newscrawl.sites).

    scrapy crawl news -a site=harbour-herald [-a sites=sites.toml] [-a refresh=1]

Discovers article URLs from the site's feeds, sitemaps (indexes and Google News
sitemaps included) and start pages (following `follow` links up to `max_depth`), and
requests an article only when the state store does not hold it yet, or when its feed or
sitemap date is newer than the stored one, or with refresh. Listing pages, feeds and
sitemaps are revalidated with conditional GET through Scrapy's HTTP cache (RFC 2616
policy); article pages are never cached. Articles are leaves: their links are not
followed.
"""

from __future__ import annotations

import re
from datetime import datetime
from pathlib import Path
from urllib.parse import urlsplit

import scrapy
from scrapy import signals
from scrapy.http import Response
from scrapy.linkextractors import LinkExtractor
from scrapy.utils.sitemap import sitemap_urls_from_robots

from newscrawl.discovery import Link, parse_feed, parse_sitemap
from newscrawl.drops import failure_reason
from newscrawl.normalize import canonicalize_url
from newscrawl.sites import SiteConfig, load_sites, select_sites
from newscrawl.spiders.base import NewsSpider
from newscrawl.ssrf import trusted_meta
from newscrawl.lock import SiteLock
from newscrawl.runs import run_row, write_run
from newscrawl.signals import file_published
from newscrawl.state import StateStore

LISTING_PRIORITY = 10       # listing pages before articles: discovery first
KIND_META = "newscrawl_kind"
MODIFIED_META = "newscrawl_source_modified"


def site_settings(site: SiteConfig, state_dir: Path) -> dict:
    """Scrapy settings of one site's crawl: its [crawl] table (politeness), depth, and
    the HTTP cache that revalidates listing pages, feeds and sitemaps (conditional GET)."""
    overrides: dict = {
        "DEPTH_LIMIT": site.max_depth + 1,
        "HTTPCACHE_ENABLED": True,
        "HTTPCACHE_POLICY": "scrapy.extensions.httpcache.RFC2616Policy",
        "HTTPCACHE_DIR": str((state_dir / "httpcache" / site.name).resolve()),
        "HTTPCACHE_GZIP": True,
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
                 refresh: bool | str = False, lock: SiteLock | None = None, **kwargs):
        if isinstance(site, SiteConfig):
            self.site = site
        else:
            if not site:
                raise ValueError("no site given: scrapy crawl news -a site=NAME [-a sites=sites.toml]")
            self.site = select_sites(load_sites(sites), [site])[0]
        super().__init__(**kwargs)
        self.refresh = str(refresh).lower() in ("1", "true", "yes", "on")
        self.allowed_domains = list(self.site.allowed_domains)
        self.start_urls_given: list[str] = []    # discovered, not given: nothing to account for upfront
        self.source_modified: dict[str, datetime] = {}
        self.requested: dict[str, str] = {}  # canonical article URL -> URL requested in this run
        self.skipped: set[str] = set()       # canonical URLs known from earlier runs, not requested
        # Hosts are checked in _on_site: LinkExtractor(allow_domains=...) compares the
        # whole netloc, so a site on a non-default port (127.0.0.1:8000) matched nothing.
        self.links = LinkExtractor(unique=True)
        self.state: StateStore | None = None
        self.lock = lock

    @classmethod
    def from_crawler(cls, crawler, *args, **kwargs):
        spider = super().from_crawler(crawler, *args, **kwargs)
        spider.state_dir = Path(crawler.settings.get("NEWSCRAWL_STATE_DIR"))
        if spider.lock is None:  # `scrapy crawl news`: take the lock here
            spider.lock = SiteLock(spider.state_dir / "locks", spider.site.name).acquire()
        for name, value in site_settings(spider.site, spider.state_dir).items():
            crawler.settings.set(name, value, priority="spider")
        crawler.signals.connect(spider._opened, signal=signals.spider_opened)
        crawler.signals.connect(spider._closed, signal=signals.spider_closed)
        crawler.signals.connect(spider.file_published, signal=file_published)
        return spider

    # lifecycle: the state store lives as long as the crawl

    def _opened(self, spider=None):
        self.state = StateStore(self.state_dir / "state.sqlite")
        output = Path(self.crawler.settings.get("NEWSCRAWL_OUTPUT"))
        # A killed run of this site may have left a hidden, unfinished file; no other
        # run of the site can be writing one while we hold its lock.
        mine = re.compile(rf"\.part-\d{{8}}T\d{{6}}Z-[0-9a-f]{{6}}-{re.escape(self.site.name)}-\d+\.parquet\.tmp")
        for leftover in output.glob("dt=*/.part-*.parquet.tmp"):
            if mine.fullmatch(leftover.name):
                leftover.unlink(missing_ok=True)
        recovered = self.state.reconcile(output)
        if recovered:
            self.logger.warning("state store: recovered %d published file(s) it did not know", recovered)
        self.state.start_run(self.crawl_id, self.site.name, self.started_at)

    def _closed(self, spider=None, reason=""):
        try:
            if self.state is not None:
                row = run_row(self, self.crawler.stats.get_stats(), reason)
                write_run(self.state_dir / "runs", row)
                self.state.finish_run(self.crawl_id, self.site.name, row["finished_at"], reason, row)
                self.state.close()
        finally:
            if self.lock is not None:
                self.lock.release()

    # discovery

    async def start(self):
        # The sites file's own URLs are given by the user: trusted (newscrawl.ssrf).
        for url in self.site.feeds:
            yield self._listing(url, "feed", self.parse_feed, trusted=True)
        for url in self.site.sitemap_urls():
            kind = "robots" if url.endswith("/robots.txt") else "sitemap"
            yield self._listing(url, kind, self.parse_robots if kind == "robots" else self.parse_sitemap,
                                trusted=True)
        for url in self.site.start_urls:
            yield self._listing(url, "page", self.parse_listing, trusted=True)

    def _listing(self, url: str, kind: str, callback, trusted: bool = False) -> scrapy.Request:
        # max-age=0: the cached copy is always revalidated (If-None-Match /
        # If-Modified-Since), never trusted on heuristic freshness; a 304 reuses it.
        meta = {KIND_META: kind, **(trusted_meta(url) if trusted else {})}
        return scrapy.Request(url, callback=callback, errback=self.listing_failed,
                              priority=LISTING_PRIORITY, meta=meta,
                              headers={"Cache-Control": "max-age=0"})

    def parse_robots(self, response: Response):
        for url in sitemap_urls_from_robots(response.body, base_url=response.url):
            yield self._listing(url, "sitemap", self.parse_sitemap)

    def parse_sitemap(self, response: Response):
        self.crawler.stats.inc_value("newscrawl/sitemaps_read")
        kind, links = parse_sitemap(response.body, response.url)
        if kind == "index":
            for link in links:
                yield self._listing(link.url, "sitemap", self.parse_sitemap)
            return
        for link in links:
            yield from self._consider(link, listing=False)

    def parse_feed(self, response: Response):
        self.crawler.stats.inc_value("newscrawl/feeds_read")
        for link in parse_feed(response.body, response.url):
            yield from self._consider(link, listing=False)

    def parse_listing(self, response: Response):
        self.crawler.stats.inc_value("newscrawl/listing_pages")
        if not hasattr(response, "text"):
            return
        for found in self.links.extract_links(response):
            yield from self._consider(Link(found.url), listing=True)

    def listing_failed(self, failure):
        reason, detail = failure_reason(failure)
        self.crawler.stats.inc_value(f"newscrawl/listing_errors/{reason}")
        self.logger.warning("%s %s: %s", failure.request.meta.get(KIND_META, "page"), failure.request.url, detail)

    def _consider(self, link: Link, listing: bool):
        """Request a discovered URL if it is an article we need, or a page worth following.

        With `article` patterns, only matching URLs are articles. Without them, every
        feed or sitemap entry is a candidate article, and so is every link of a listing
        page that is not a page to follow (`follow`); `deny` always wins.
        """
        url = link.url
        site = self.site
        if not self._on_site(url):
            self.crawler.stats.inc_value("newscrawl/offsite_links")
            return
        if site.is_article(url):
            yield from self._article(link)
        elif site.is_denied(url):
            return
        elif not listing:
            if not site.article:
                yield from self._article(link)
        elif site.follow and site.should_follow(url):
            yield self._listing(url, "page", self.parse_listing)
        elif not site.article:
            yield from self._article(link)
        elif site.should_follow(url):
            yield self._listing(url, "page", self.parse_listing)

    def _on_site(self, url: str) -> bool:
        host = (urlsplit(url).hostname or "").rstrip(".")
        return any(host == d or host.endswith("." + d) for d in self.allowed_domains)

    def _article(self, link: Link):
        try:
            key = canonicalize_url(link.url)
        except ValueError:
            return
        if key in self.requested:
            # Already requested in this run: keep the newest date a source gives it.
            if link.modified is not None:
                url = self.requested[key]
                self.source_modified[url] = max(link.modified, self.source_modified.get(url, link.modified))
            return
        if key in self.skipped and link.modified is None:
            return
        known = None if self.refresh else self.state.known(key)
        if known is not None:
            stored = datetime.fromisoformat(known[1]) if known[1] else None
            if link.modified is None or (stored is not None and link.modified <= stored):
                if key not in self.skipped:
                    self.skipped.add(key)
                    self.crawler.stats.inc_value("newscrawl/skipped_known")
                return
            self.crawler.stats.inc_value("newscrawl/refetch_modified")
        self.requested[key] = link.url
        if link.modified is not None:
            self.source_modified[link.url] = link.modified
        yield self.page_request(link.url, dont_cache=True)

    # the writer calls this after each published file

    def file_published(self, root: Path, path: Path, rows: list[dict]) -> None:
        self.state.record_file(root, path, self.crawl_id, rows, self.source_modified, self.site.name)
