"""The run report: what became of every page, counted in stats and summarized at the end.

A Scrapy extension. Each page ends as written (item_scraped) or dropped with a reason:
a pipeline's DroppedPage (item_dropped) or a download failure the spider reports with
the `page_dropped` signal. Counts go to stats under `newscrawl/dropped/<reason>`; the
outcome of each URL is kept for the summary the CLI prints (and `scrapy crawl` logs).
"""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass
from pathlib import Path

from scrapy import signals
from scrapy.exceptions import DropItem

from newscrawl.signals import page_dropped

logger = logging.getLogger(__name__)

MAX_LISTED_DROPS = 25


@dataclass
class Outcome:
    url: str
    reason: str          # "written" or a drop reason
    detail: str = ""


class RunReport:
    def __init__(self, crawler):
        self.crawler = crawler
        self.stats = crawler.stats
        self.outcomes: dict[str, Outcome] = {}
        self.expected: list[str] = []
        self.started = time.monotonic()
        self.finished: float | None = None
        self.close_reason = ""

    @classmethod
    def from_crawler(cls, crawler):
        report = cls(crawler)
        crawler.signals.connect(report.spider_opened, signal=signals.spider_opened)
        crawler.signals.connect(report.spider_closed, signal=signals.spider_closed)
        crawler.signals.connect(report.item_scraped, signal=signals.item_scraped)
        crawler.signals.connect(report.item_dropped, signal=signals.item_dropped)
        crawler.signals.connect(report.page_dropped, signal=page_dropped)
        return report

    # signal handlers

    def spider_opened(self, spider=None):
        spider = spider or self.crawler.spider
        self.expected = list(getattr(spider, "start_urls_given", []))
        self.started = time.monotonic()

    def item_scraped(self, item, spider=None):
        url = getattr(item, "url", None)
        if url is not None:
            self.outcomes[url] = Outcome(url, "written")
            self.stats.inc_value("newscrawl/articles")

    def item_dropped(self, item, exception, spider=None, response=None):
        reason = getattr(exception, "reason", None) or type(exception).__name__
        detail = getattr(exception, "detail", "") if isinstance(exception, DropItem) else str(exception)
        url = getattr(exception, "url", None) or getattr(item, "url", None)
        self._drop(url, reason, detail)

    def page_dropped(self, url, reason, detail=""):
        self._drop(url, reason, detail)

    def spider_closed(self, spider=None, reason=""):
        self.finished = time.monotonic()
        self.close_reason = reason
        for line in self.summary_lines():
            logger.info(line)

    def _drop(self, url, reason, detail):
        self.stats.inc_value(f"newscrawl/dropped/{reason}")
        if url is not None:
            self.outcomes[url] = Outcome(url, reason, detail)

    # reading it back

    @property
    def written(self) -> int:
        return self.stats.get_value("newscrawl/articles", 0)

    def drop_counts(self) -> dict[str, int]:
        prefix = "newscrawl/dropped/"
        stats = self.stats.get_stats()
        return {k[len(prefix):]: v for k, v in sorted(stats.items()) if k.startswith(prefix)}

    def unaccounted(self) -> list[str]:
        """Given URLs that neither became a row nor were dropped with a reason."""
        return [url for url in self.expected if url not in self.outcomes]

    def summary_lines(self, output: Path | None = None) -> list[str]:
        stats = self.stats
        elapsed = (self.finished or time.monotonic()) - self.started
        drops = self.drop_counts()
        lines = [
            f"crawl {getattr(self.crawler.spider, 'crawl_id', '?')} finished ({self.close_reason or 'running'}) in {elapsed:.1f} s",
        ]
        if self.expected:
            lines.append(f"  URLs given        {len(self.expected)}")
        lines.append(f"  pages fetched     {stats.get_value('newscrawl/pages_fetched', 0)}")
        where = f"   -> {output}" if output is not None else ""
        lines.append(f"  articles written  {self.written}{where}")
        lines.append(f"  pages dropped     {sum(drops.values())}")
        for reason, count in drops.items():
            lines.append(f"    {reason:<22} {count}")
        dropped = [o for o in self.outcomes.values() if o.reason != "written"]
        for outcome in dropped[:MAX_LISTED_DROPS]:
            detail = f" ({outcome.detail})" if outcome.detail else ""
            lines.append(f"    - {outcome.reason}: {outcome.url}{detail}")
        if len(dropped) > MAX_LISTED_DROPS:
            lines.append(f"    ... and {len(dropped) - MAX_LISTED_DROPS} more (see stats newscrawl/dropped/*)")
        missing = self.unaccounted()
        if missing:
            lines.append(f"  NOT ACCOUNTED FOR {len(missing)}: " + " ".join(missing[:5]))
        return lines
