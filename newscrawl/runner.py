"""Running crawls in this process and collecting their reports.

Builds Scrapy settings from the project defaults (newscrawl.settings) plus overrides,
runs one or more spiders with a single CrawlerProcess (once per process: Twisted's
reactor cannot be restarted), at most `parallel` at a time, and returns each crawl's
RunReport so the CLI can print the summary and pick the exit status.
"""

from __future__ import annotations

import logging
from datetime import datetime

from scrapy.crawler import CrawlerProcess
from scrapy.settings import Settings

from newscrawl.report import RunReport

logger = logging.getLogger(__name__)

_REPORTED_ELSEWHERE = (
    "scrapy.downloadermiddlewares.robotstxt",
    "newscrawl.middlewares",
    "scrapy.downloadermiddlewares.retry",
    "scrapy.downloadermiddlewares.redirect",
    "scrapy.core.downloader.handlers.http11",
    "trafilatura",
)


def _json_default(value):
    if isinstance(value, datetime):
        return value.isoformat()
    raise TypeError(f"not JSON serializable: {type(value).__name__}")


def build_settings(overrides: dict | None = None, *, jsonl: bool = False) -> Settings:
    settings = Settings()
    settings.setmodule("newscrawl.settings", priority="project")
    for name, value in (overrides or {}).items():
        settings.set(name, value, priority="cmdline")
    if jsonl:
        pipelines = dict(settings.getdict("ITEM_PIPELINES"))
        pipelines["pipelines.parquet.ParquetWriterPipeline"] = None
        settings.set("ITEM_PIPELINES", pipelines, priority="cmdline")
        settings.set(
            "FEEDS",
            {"stdout:": {"format": "jsonlines", "encoding": "utf-8",
                         "item_export_kwargs": {"default": _json_default, "ensure_ascii": False}}},
            priority="cmdline",
        )
    return settings


def run_crawls(settings: Settings, jobs: list[tuple[type, dict]], parallel: int = 4):
    """Run each (spider class, spider kwargs) job to the end; returns [(report, crawler)]."""
    process = CrawlerProcess(settings)
    if logging.getLevelName(settings.get("LOG_LEVEL")) >= logging.WARNING:
        # Download failures are each reported once, with their reason, in the run
        # summary; Scrapy's own log lines about them would say it twice.
        for name in _REPORTED_ELSEWHERE:
            logging.getLogger(name).setLevel(logging.CRITICAL)
    from twisted.internet import defer  # not the reactor: Scrapy installs the one it is configured for

    crawlers = [process.create_crawler(spider_cls) for spider_cls, _ in jobs]
    limit = defer.DeferredSemaphore(max(1, parallel))
    def failed(failure, crawler):
        logger.error("crawl %s could not run: %s", crawler.spidercls.name, failure.getErrorMessage(),
                     exc_info=(failure.type, failure.value, failure.getTracebackObject()))

    runs = []
    for crawler, (_, kwargs) in zip(crawlers, jobs):
        d = limit.run(process.crawl, crawler, **kwargs)
        d.addErrback(failed, crawler)
        runs.append(d)
    done = defer.DeferredList(runs)
    done.addBoth(_stop_reactor)
    process.start(stop_after_crawl=False)
    results = []
    for crawler in crawlers:
        try:
            extensions = crawler.extensions.middlewares
        except (AttributeError, RuntimeError):  # the crawl never started
            extensions = ()
        report = next((ext for ext in extensions if isinstance(ext, RunReport)), None)
        results.append((report, crawler))
    return results


def _stop_reactor(_):
    from twisted.internet import reactor

    reactor.callLater(0, reactor.stop)


def run_crawl(spider_cls, settings: Settings, **spider_kwargs):
    """Run one spider to the end; returns (report, crawler)."""
    return run_crawls(settings, [(spider_cls, spider_kwargs)], parallel=1)[0]
