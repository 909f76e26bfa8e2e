"""Extraction stage: RawPage -> ExtractedPage, in a process pool off the reactor thread.

trafilatura is CPU-bound; run on Scrapy's one reactor thread it would block downloads
and cap the crawl at one core. Pages are sent to worker processes instead and awaited.
NEWSCRAWL_EXTRACT_WORKERS sets the pool size (default: CPU count; 0 runs inline).
"""

from __future__ import annotations

import asyncio
import logging
import multiprocessing
import os
import signal
import threading
import time
from concurrent.futures import Executor, Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from contextlib import contextmanager

from itemadapter import ItemAdapter

from newscrawl.crawl.identity import CrawlIdentity
from newscrawl.crawl.reasons import DroppedPage
from newscrawl.extraction import extract, extract_page
from newscrawl.extraction.options import ExtractOptions
from newscrawl.items import ExtractedPage, RawPage

HTML_TYPES = ("text/html", "application/xhtml+xml", "text/plain")


PARENT_CHECK_SECONDS = 1.0


def _exit_when_orphaned(parent: int) -> None:
    while True:
        time.sleep(PARENT_CHECK_SECONDS)
        if os.getppid() != parent:
            os._exit(0)


STOP_SIGNALS = {signal.SIGINT, signal.SIGTERM}


@contextmanager
def _stop_signals_blocked():
    """Workers are spawned with SIGINT/SIGTERM blocked (a child inherits the signal
    mask), so a Ctrl-C that reaches the whole process group while a worker is starting
    waits until the worker has set them to be ignored, instead of killing it."""
    old = signal.pthread_sigmask(signal.SIG_BLOCK, STOP_SIGNALS)
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, old)


def _init_worker() -> None:
    """Worker start: SIGINT and SIGTERM are ignored — the crawl process stops its
    workers when it stops (a terminal's Ctrl-C and `systemctl stop` signal the whole
    process group, and a worker killed by them would turn its page into
    `extraction_crashed`). trafilatura and htmldate warn about every odd page; the crawl
    records the outcome of each page itself, so only their errors are shown. A worker
    whose crawl was killed (SIGKILL, OOM killer) exits instead of idling forever."""
    for signum in STOP_SIGNALS:
        signal.signal(signum, signal.SIG_IGN)
    signal.pthread_sigmask(signal.SIG_UNBLOCK, STOP_SIGNALS)
    for name in ("trafilatura", "htmldate", "courlan", "justext"):
        logging.getLogger(name).setLevel(logging.ERROR)
    threading.Thread(target=_exit_when_orphaned, args=(os.getppid(),), daemon=True).start()


WARM_UP_PAGE = (
    "<html><head><title>Warm-up</title></head><body><article><h1>Warm-up</h1>"
    + "<p>This page warms the worker up: the extraction code is imported and the language"
    " model is loaded before the first real page arrives, while the crawl is starting.</p>" * 6
    + "</article></body></html>"
)


def _warm_up_worker() -> None:
    """Runs once in each new worker: pay the import and model-loading cost up front."""
    extract(WARM_UP_PAGE, "http://localhost/warm-up")


def _extract_page(body: bytes, url: str, content_type: str | None, options: ExtractOptions):
    """Runs in a worker process: the pure extraction function on one page."""
    return extract_page(body, url, content_type=content_type, options=options)


class ExtractionPipeline:
    def __init__(self, workers: int | None = None, crawler=None):
        self.workers = (os.cpu_count() or 1) if workers is None else workers
        self.crawler = crawler
        self.pool: Executor | None = None
        settings = crawler.settings if crawler else {}
        # The crawl's options; open_spider adds the site's [extract] table. One frozen
        # object, sent to the workers with each page.
        self.options = ExtractOptions(
            favor_precision=bool(crawler and settings.getbool("NEWSCRAWL_FAVOR_PRECISION")),
            keep_all=bool(crawler and settings.getbool("NEWSCRAWL_KEEP_ALL")),
        )
        self.warmed = False

    @classmethod
    def from_crawler(cls, crawler):
        workers = crawler.settings.get("NEWSCRAWL_EXTRACT_WORKERS")
        return cls(workers=None if workers in (None, "") else int(workers), crawler=crawler)

    def _new_pool(self) -> Executor:
        # spawn: never fork a process that runs the Twisted reactor and its threads.
        return ProcessPoolExecutor(self.workers, mp_context=multiprocessing.get_context("spawn"),
                                   initializer=_init_worker)

    def open_spider(self):
        identity = self.crawler.get_extension(CrawlIdentity) if self.crawler else None
        site = identity.site if identity is not None else None
        if site is not None:  # the sites file's [extract] overrides of this site
            self.options = site.extract.options(favor_precision=self.options.favor_precision,
                                                keep_all=self.options.keep_all)
        if self.workers > 0:
            self.pool = self._new_pool()

    def _warm_up(self) -> None:
        """Start every worker at once, on the first page, and have each import and load
        what extraction needs, so the pages behind the first do not wait for start-ups
        one after another. A crawl that finds no page (nothing new) starts no worker.
        One task per worker makes the pool start all of them."""
        for _ in range(self.workers):
            self._submit(_warm_up_worker)
        self.warmed = True

    def _submit(self, fn, *args) -> Future:
        with _stop_signals_blocked():   # submit() is where the pool spawns its workers
            return self.pool.submit(fn, *args)

    def close_spider(self):
        if self.pool is not None:
            self.pool.shutdown(wait=True, cancel_futures=True)
            self.pool = None

    async def process_item(self, item):
        if not isinstance(item, RawPage):
            return item
        page = ItemAdapter(item)
        content_type = (page["content_type"] or "").split(";")[0].strip().lower()
        if content_type and content_type not in HTML_TYPES:
            raise DroppedPage("not_html", f"content type {content_type}", url=page["url"])
        if not page["body"].strip():
            raise DroppedPage("empty_body", "the page has no content", url=page["url"])
        result = await self._extract(page["body"], page["final_url"], page["content_type"])
        article = result.article
        if article is None:   # the reason names the page type: not_article:listing, ...
            raise DroppedPage(f"not_article:{result.page_type}", result.reason or "no article found on the page",
                              url=page["url"])
        return ExtractedPage(
            url=page["url"],
            final_url=page["final_url"],
            status=page["status"],
            fetched_at=page["fetched_at"],
            article=article,
            listed_at=page["listed_at"],
        )

    async def _extract(self, body: bytes, url: str, content_type: str | None):
        if self.pool is None:
            return _extract_page(body, url, content_type, self.options)
        if not self.warmed:
            self._warm_up()
        try:
            return await asyncio.wrap_future(self._submit(_extract_page, body, url, content_type, self.options))
        except BrokenProcessPool as exc:
            # A worker died (e.g. killed by the OOM killer on a hostile page): record the
            # page and start a fresh pool so the rest of the crawl goes on.
            self.pool = self._new_pool()
            self.warmed = False  # the fresh pool warms up on its first page
            raise DroppedPage("extraction_crashed", str(exc) or "worker process died", url=url) from exc
