"""The run report: what became of every page, counted in stats and summarized at the end.

A Scrapy extension. Every page a spider asks for (the URLs given to `scrape`, and every
article page `crawl` requests: the `page_requested` signal) is expected to end as
written or dropped with a reason. A row is written only when the Parquet file holding it
was published (`file_published`; with `--format jsonl`, when it was printed); drops are a
pipeline's DroppedPage (item_dropped) or a failure the spider or writer reports with the
`page_dropped` signal. Counts go to stats (`newscrawl/articles`,
`newscrawl/dropped/<reason>`); the outcome of each URL is kept on disk
(newscrawl.crawl.ledger.OutcomeLedger) for the summary the CLI prints (and `scrapy crawl` logs).
"""

from __future__ import annotations

import logging
import time
from pathlib import Path

from scrapy import signals
from scrapy.exceptions import DropItem

from newscrawl.crawl import stats as stat_keys
from newscrawl.crawl.ledger import OutcomeLedger
from newscrawl.crawl.signals import file_published, page_dropped, page_requested

logger = logging.getLogger(__name__)

MAX_LISTED_DROPS = 25
WRITER = "pipelines.parquet.ParquetWriterPipeline"
EXTRACTED = "extracted"     # reached the writer, not yet in a published file


class RunReport:
    def __init__(self, crawler, to_dataset: bool = True):
        self.crawler = crawler
        self.stats = crawler.stats
        self.to_dataset = to_dataset
        self.ledger: OutcomeLedger | None = None
        self.given = 0
        self.started = time.monotonic()
        self.finished: float | None = None
        self.close_reason = ""
        self._final: dict | None = None      # what the summary needs, kept when the ledger closes

    @classmethod
    def from_crawler(cls, crawler):
        pipelines = crawler.settings.getdict("ITEM_PIPELINES")
        report = cls(crawler, to_dataset=pipelines.get(WRITER) is not None)
        for handler, signal in [
            (report.spider_opened, signals.spider_opened), (report.spider_closed, signals.spider_closed),
            (report.item_scraped, signals.item_scraped), (report.item_dropped, signals.item_dropped),
            (report.item_error, signals.item_error),
            (report.page_dropped, page_dropped), (report.page_requested, page_requested),
            (report.file_published, file_published),
        ]:
            crawler.signals.connect(handler, signal=signal)
        return report

    # signal handlers

    def spider_opened(self, spider=None):
        spider = spider or self.crawler.spider
        self.ledger = OutcomeLedger()
        given = list(getattr(spider, "start_urls_given", []))
        for url in given:
            self.ledger.expect(url)
        self.given = len(given)
        self.started = time.monotonic()

    def page_requested(self, url):
        self.ledger.expect(url)

    def item_scraped(self, item, spider=None):
        url = getattr(item, "url", None)
        if url is None:
            return
        if self.to_dataset:
            self.ledger.db.execute("UPDATE pages SET outcome = ? WHERE url = ? AND outcome IS NULL", (EXTRACTED, url))
        else:
            self.ledger.settle(url, OutcomeLedger.WRITTEN)
            self.stats.inc_value(stat_keys.ARTICLES)

    def file_published(self, root, path, rows):
        self.ledger.settle_many([row["url"] for row in rows], OutcomeLedger.WRITTEN)
        self.stats.inc_value(stat_keys.ARTICLES, len(rows))

    def item_dropped(self, item, exception, spider=None, response=None):
        reason = getattr(exception, "reason", None) or type(exception).__name__
        detail = getattr(exception, "detail", "") if isinstance(exception, DropItem) else str(exception)
        url = getattr(exception, "url", None) or getattr(item, "url", None)
        self._drop(url, reason, detail)

    def item_error(self, item, response=None, spider=None, failure=None):
        """A pipeline raised something other than a drop: a bug, but the page still ends
        with a reason (and the error is logged by Scrapy)."""
        exc = failure.value if failure is not None else None
        detail = f"{type(exc).__name__}: {' '.join(str(exc).split())}"[:200] if exc is not None else ""
        self._drop(getattr(item, "url", None), "pipeline_error", detail)

    def page_dropped(self, url, reason, detail=""):
        self._drop(url, reason, detail)

    def spider_closed(self, spider=None, reason=""):
        self.finished = time.monotonic()
        self.close_reason = reason
        ledger = self.ledger
        if ledger is not None:
            pending = ledger.pending(5) + self._pending_writes(5)
            self._final = {
                "pending": ledger.pending_count() + self._pending_write_count(),
                "pending_sample": pending[:5],
                "dropped": ledger.dropped(MAX_LISTED_DROPS + 1),
                "dropped_count": ledger.dropped_count(),
            }
            ledger.close()
            self.ledger = None
        for line in self.summary_lines():
            logger.info(line)

    def _crawl_id(self) -> str:
        from newscrawl.crawl.identity import CrawlIdentity

        try:
            identity = self.crawler.get_extension(CrawlIdentity)
        except RuntimeError:   # the crawl never got that far
            identity = None
        return identity.crawl_id if identity is not None else "?"

    def _drop(self, url, reason, detail):
        self.stats.inc_value(f"{stat_keys.DROPPED}{reason}")
        if url is not None and self.ledger is not None:
            self.ledger.settle(url, reason, detail)

    def _pending_writes(self, limit: int) -> list[str]:
        return [r[0] for r in self.ledger.db.execute("SELECT url FROM pages WHERE outcome = ? LIMIT ?", (EXTRACTED, limit))]

    def _pending_write_count(self) -> int:
        return self.ledger.db.execute("SELECT COUNT(*) FROM pages WHERE outcome = ?", (EXTRACTED,)).fetchone()[0]

    # reading it back

    @property
    def written(self) -> int:
        return self.stats.get_value(stat_keys.ARTICLES, 0)

    def drop_counts(self) -> dict[str, int]:
        prefix = stat_keys.DROPPED
        stats = self.stats.get_stats()
        return {k[len(prefix):]: v for k, v in sorted(stats.items()) if k.startswith(prefix)}

    def _state(self) -> dict:
        if self._final is not None:
            return self._final
        ledger = self.ledger
        if ledger is None:
            return {"pending": 0, "pending_sample": [], "dropped": [], "dropped_count": 0}
        return {"pending": ledger.pending_count() + self._pending_write_count(),
                "pending_sample": (ledger.pending(5) + self._pending_writes(5))[:5],
                "dropped": ledger.dropped(MAX_LISTED_DROPS + 1), "dropped_count": ledger.dropped_count()}

    def unaccounted(self) -> int:
        """Pages asked for that neither became a row nor were dropped with a reason."""
        return self._state()["pending"]

    @property
    def stopped(self) -> bool:
        """The run ended before its queue did (a signal, a failed write, ...)."""
        return bool(self.close_reason) and self.close_reason != "finished"

    def summary_lines(self, output: Path | None = None) -> list[str]:
        stats = self.stats
        state = self._state()
        elapsed = (self.finished or time.monotonic()) - self.started
        drops = self.drop_counts()
        lines = [
            f"crawl {self._crawl_id()} finished ({self.close_reason or 'running'}) in {elapsed:.1f} s",
        ]
        if self.given:
            lines.append(f"  URLs given        {self.given}")
        lines.append(f"  pages fetched     {stats.get_value(stat_keys.PAGES_FETCHED, 0)}")
        where = f"   -> {output}" if output is not None else ""
        lines.append(f"  articles written  {self.written}{where}")
        lines.append(f"  pages dropped     {sum(drops.values())}")
        for reason, count in drops.items():
            lines.append(f"    {reason:<22} {count}")
        for url, reason, detail in state["dropped"][:MAX_LISTED_DROPS]:
            lines.append(f"    - {reason}: {url}" + (f" ({detail})" if detail else ""))
        if state["dropped_count"] > MAX_LISTED_DROPS:
            lines.append(f"    ... and {state['dropped_count'] - MAX_LISTED_DROPS} more")
        if state["pending"]:
            label = f"not fetched (the run stopped: {self.close_reason})" if self.stopped else "NOT ACCOUNTED FOR"
            lines.append(f"  {label} {state['pending']}: " + " ".join(state["pending_sample"]))
        return lines
