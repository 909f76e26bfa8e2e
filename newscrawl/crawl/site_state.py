"""The state of a configured site's crawl, owned by one Scrapy extension: `SiteState`.

For a crawl of a site (a spider with a `site`; NotConfigured otherwise) it:

* takes the site's lock when the crawl starts (`JobRefused` when another run holds it;
  the kernel releases it if the process dies) and releases it when the crawl ends;
* opens the state store before anything is fetched (a damaged or read-only store stops
  the crawl at its start, with the reason), and empties the site's job directory (the
  disk queue of a killed run is stale: with the lock held, no other run uses it);
* adopts published files the store does not know (a kill between publishing a file and
  recording it), and records the run as started;
* records the rows of every file the writer publishes (`file_published`);
* writes the run's row (data/runs and the store) when the crawl closes.

Other components reach it with `crawler.get_extension(SiteState)`: the news spider asks
`store.known`, the dedup stage `store.stored_hash` / `store.touch`.
"""

from __future__ import annotations

import logging
import secrets
import shutil
from pathlib import Path

from scrapy import signals
from scrapy.exceptions import NotConfigured

from newscrawl.crawl.identity import CrawlIdentity
from newscrawl.crawl.runner import JobRefused
from newscrawl.crawl.signals import crawl_ended, file_published
from newscrawl.sites.model import SiteConfig
from newscrawl.store.base import ArticleStore
from newscrawl.store.lock import SiteLock, SiteLockedError
from newscrawl.store.runs import run_row, write_run
from newscrawl.store.state import StateStore

logger = logging.getLogger(__name__)


def job_dir(state_dir: Path, site: str) -> Path:
    """Where a site's crawl keeps its disk queue (Scrapy's JOBDIR)."""
    return state_dir / "jobs" / site


class SiteState:
    def __init__(self, crawler, site: SiteConfig, state_dir: Path, output: Path):
        self.crawler = crawler
        self.site = site
        self.state_dir = state_dir
        self.output = output
        self.identity: CrawlIdentity | None = None   # known from spider_opened on
        self.run_id = ""
        self.lock = SiteLock(state_dir / "locks", site.name)
        self.store: ArticleStore | None = None

    @classmethod
    def from_crawler(cls, crawler):
        site = getattr(crawler.spider, "site", None)   # the spider declares the site it crawls
        if not isinstance(site, SiteConfig):
            raise NotConfigured   # not a site crawl (`scrape`): no state
        settings = crawler.settings
        ext = cls(crawler, site, Path(settings.get("NEWSCRAWL_STATE_DIR")), Path(settings.get("NEWSCRAWL_OUTPUT")))
        ext.start()
        crawler.signals.connect(ext.spider_opened, signal=signals.spider_opened)
        crawler.signals.connect(ext.spider_closed, signal=signals.spider_closed)
        crawler.signals.connect(ext.file_published, signal=file_published)
        crawler.signals.connect(ext.release, signal=crawl_ended)
        return ext

    def start(self) -> None:
        try:
            self.lock.acquire()
        except SiteLockedError as exc:
            raise JobRefused(str(exc)) from None
        try:
            self.store = StateStore(self.state_dir / "state.sqlite")
            shutil.rmtree(job_dir(self.state_dir, self.site.name), ignore_errors=True)
        except BaseException:
            self.lock.release()
            raise

    # lifecycle

    def release(self) -> None:
        """The crawl ended, however it ended: a crawl that failed to start closes no
        spider, and must not keep the lock."""
        self._close()

    def spider_opened(self, spider=None) -> None:
        self.identity = self.crawler.get_extension(CrawlIdentity)
        self.run_id = f"{self.identity.crawl_id}/{self.site.name}/{secrets.token_hex(4)}"
        recovered = self.store.adopt(self.output)
        if recovered:
            logger.warning("state store: recovered %d published file(s) it did not know", recovered)
        self.store.start_run(self.run_id, self.identity.crawl_id, self.site.name, self.identity.started_at)

    def spider_closed(self, spider=None, reason: str = "") -> None:
        try:
            row = run_row(self.identity, self.crawler.stats.get_stats(), reason)
            write_run(self.state_dir / "runs", row)
            self.store.finish_run(self.run_id, row["finished_at"], row["finish_reason"], row)
        finally:
            self._close()

    def _close(self) -> None:
        if self.store is None:
            return
        store, self.store = self.store, None
        try:
            store.close()
        finally:
            shutil.rmtree(job_dir(self.state_dir, self.site.name), ignore_errors=True)
            self.lock.release()

    def file_published(self, root: Path, path: Path, rows: list[dict]) -> None:
        self.store.record_published(root, path, self.identity.crawl_id, rows, self.site.name)
