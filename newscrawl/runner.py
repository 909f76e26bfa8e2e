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
    process = CrawlerProcess(settings, install_root_handler=True)
    # Scrapy logs a failed robots.txt download at ERROR; the page's own failure is
    # reported with its reason, so keep the terminal quiet about it.
    logging.getLogger("scrapy.downloadermiddlewares.robotstxt").setLevel(logging.CRITICAL)
    from twisted.internet import defer, reactor

    crawlers = [process.create_crawler(spider_cls) for spider_cls, _ in jobs]
    limit = defer.DeferredSemaphore(max(1, parallel))
    done = defer.DeferredList(
        [limit.run(process.crawl, crawler, **kwargs) for crawler, (_, kwargs) in zip(crawlers, jobs)],
        consumeErrors=True,
    )
    done.addBoth(lambda _: reactor.callLater(0, reactor.stop))
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


def run_crawl(spider_cls, settings: Settings, **spider_kwargs):
    """Run one spider to the end; returns (report, crawler)."""
    return run_crawls(settings, [(spider_cls, spider_kwargs)], parallel=1)[0]
