"""Which crawl this is: a Scrapy extension every component asks for its identity.

`CrawlIdentity` holds the crawl id (NEWSCRAWL_CRAWL_ID, or the UTC start time plus a
random suffix), the start time (the `dt=` partition of everything the run writes) and,
for a configured site's crawl, the site (the SiteConfig the spider was given). Pipelines
and extensions reach it with `crawler.get_extension(CrawlIdentity)` instead of reading
attributes off the spider.
"""

from __future__ import annotations

import secrets
from datetime import datetime, timezone

from newscrawl.sites.model import SiteConfig


def new_crawl_id(started_at: datetime) -> str:
    return f"{started_at:%Y%m%dT%H%M%SZ}-{secrets.token_hex(3)}"


class CrawlIdentity:
    def __init__(self, crawl_id: str, started_at: datetime, site: SiteConfig | None = None):
        self.crawl_id = crawl_id
        self.started_at = started_at
        self.site = site

    @property
    def site_name(self) -> str | None:
        return self.site.name if self.site is not None else None

    @classmethod
    def from_crawler(cls, crawler):
        started_at = datetime.now(timezone.utc)
        crawl_id = crawler.settings.get("NEWSCRAWL_CRAWL_ID") or new_crawl_id(started_at)
        # The spider (created before extensions) declares the site it crawls, if any.
        site = getattr(crawler.spider, "site", None)
        return cls(crawl_id, started_at, site if isinstance(site, SiteConfig) else None)
