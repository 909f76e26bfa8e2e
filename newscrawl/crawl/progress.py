"""A progress line on stderr while a crawl runs (enabled by NEWSCRAWL_PROGRESS).

A Scrapy extension: every NEWSCRAWL_PROGRESS_INTERVAL seconds it prints pages fetched
(of how many, when known), articles and drops, read from the crawl's stats. On a
terminal the line is redrawn in place; in a log file each update is its own line.
"""

from __future__ import annotations

import sys
import time

from scrapy import signals
from scrapy.exceptions import NotConfigured

from newscrawl.crawl import stats as stat_keys


class Progress:
    def __init__(self, crawler, interval: float, stream=None):
        self.crawler = crawler
        self.interval = interval
        self.stream = stream or sys.stderr
        self.tty = self.stream.isatty()
        self.task = None
        self.started = time.monotonic()
        self.total = 0

    @classmethod
    def from_crawler(cls, crawler):
        if not crawler.settings.getbool("NEWSCRAWL_PROGRESS"):
            # Off unless NEWSCRAWL_PROGRESS=True (the CLI turns it on); no message, so
            # Scrapy does not log a warning about a component that is off by default.
            raise NotConfigured
        ext = cls(crawler, crawler.settings.getfloat("NEWSCRAWL_PROGRESS_INTERVAL"))
        crawler.signals.connect(ext.spider_opened, signal=signals.spider_opened)
        crawler.signals.connect(ext.spider_closed, signal=signals.spider_closed)
        return ext

    def spider_opened(self, spider=None):
        from twisted.internet import task

        spider = spider or self.crawler.spider
        self.total = len(getattr(spider, "start_urls_given", []))
        self.started = time.monotonic()
        self.task = task.LoopingCall(self.show)
        self.task.start(self.interval, now=False)

    def spider_closed(self, spider=None, reason=""):
        if self.task is not None and self.task.running:
            self.task.stop()
        if self.tty:
            self.stream.write("\r\033[K")
            self.stream.flush()

    def line(self) -> str:
        stats = self.crawler.stats.get_stats()
        fetched = stats.get(stat_keys.PAGES_FETCHED, 0)
        articles = stats.get(stat_keys.ARTICLES, 0)
        dropped = sum(v for k, v in stats.items() if k.startswith(stat_keys.DROPPED))
        done = articles + dropped
        elapsed = max(time.monotonic() - self.started, 1e-6)
        of_total = f"/{self.total}" if self.total else ""
        return (
            f"[newscrawl] {done}{of_total} done · {fetched} fetched · {articles} articles · "
            f"{dropped} dropped · {fetched / elapsed:.1f} pages/s"
        )

    def show(self) -> None:
        if self.tty:
            self.stream.write("\r\033[K" + self.line())
        else:
            self.stream.write(self.line() + "\n")
        self.stream.flush()
