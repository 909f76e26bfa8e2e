"""Running crawls in this process, stopping them on a signal, and collecting their reports.

Builds Scrapy settings from the project defaults (newscrawl.settings) plus overrides and
runs the crawl jobs with a single CrawlerProcess (once per process: Twisted's reactor
cannot be restarted), at most `parallel` at a time. A job's crawler (and whatever the job
holds, such as a site's lock) is created only when the job's turn comes, so ten thousand
sites cost what `parallel` sites cost.

With a `GracefulStop` (newscrawl.crawl.stopping), the first SIGINT or SIGTERM stops every
running crawl the way Scrapy's engine closes a spider — pages in progress are finished
and everything extracted is written — and starts no further job. Scrapy's own signal
handlers are not installed: they would start the next queued crawl after stopping the
running ones, and their forced stop left the process hanging on the reactor's threads.
"""

from __future__ import annotations

import contextlib
import logging
import sys
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from scrapy import signals as scrapy_signals
from scrapy.crawler import CrawlerProcess
from scrapy.settings import Settings
from scrapy.utils.defer import deferred_from_coro, maybe_deferred_to_future
from scrapy.utils.reactor import install_reactor

from newscrawl.crawl.report import RunReport
from newscrawl.crawl.signals import crawl_ended, stop_requested
from newscrawl.crawl.stopping import GracefulStop

logger = logging.getLogger(__name__)

_REPORTED_ELSEWHERE = (
    "scrapy.downloadermiddlewares.robotstxt",
    "newscrawl.crawl.middlewares",
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


@dataclass
class CrawlJob:
    """One crawl to run: a spider class and its arguments."""

    name: str
    spider_cls: type
    kwargs: dict = field(default_factory=dict)


class JobRefused(Exception):
    """A crawl that must not run now (its site's lock is held); the message says why.
    Raised while the crawl starts (newscrawl.crawl.site_state)."""


@contextmanager
def _quiet_reported_elsewhere(settings: Settings):
    """While the crawls run (not for the rest of the process): download failures are each
    reported once, with their reason, in the run summary; Scrapy's own log lines about
    them would say it twice. Verbose runs (-v, LOG_LEVEL below WARNING) keep them."""
    loggers = [logging.getLogger(name) for name in _REPORTED_ELSEWHERE]
    levels = [lg.level for lg in loggers]
    if logging.getLevelName(settings.get("LOG_LEVEL")) >= logging.WARNING:
        for lg in loggers:
            lg.setLevel(logging.CRITICAL)
    try:
        yield
    finally:
        for lg, level in zip(loggers, levels):
            lg.setLevel(level)


@dataclass
class CrawlResult:
    job: CrawlJob
    status: str                    # "done", "refused", "interrupted" (never started), "failed"
    report: RunReport | None = None
    crawler: Any = None
    message: str = ""              # why it was refused or failed


def run_crawls(settings: Settings, jobs: list[CrawlJob], parallel: int = 4,
               stop: GracefulStop | None = None) -> list[CrawlResult]:
    """Run every job to the end (or until `stop` is requested); one CrawlResult per job,
    in job order."""
    process = CrawlerProcess(settings)
    # Crawlers are created lazily (below), and the first one would install the reactor:
    # install the configured one now, before anything imports twisted's default.
    install_reactor(settings.get("TWISTED_REACTOR"), settings.get("ASYNCIO_EVENT_LOOP"))
    from twisted.internet import (  # installed by CrawlerProcess: the configured reactor
        defer,
        reactor,
    )

    results = [CrawlResult(job, "interrupted") for job in jobs]
    running: list = []
    limit = defer.DeferredSemaphore(max(1, parallel))
    stopping = {"now": False}

    def stop_crawler(crawler) -> None:
        # A crawler whose engine is not running yet is stopped by its engine_started
        # handler below (Crawler.stop_async() would let a starting engine run on).
        engine = crawler._engine
        if engine is not None and engine.running:
            crawler.signals.send_catch_log(signal=stop_requested)
            deferred_from_coro(engine.stop_async())

    def stop_if_stopping(crawler) -> None:
        if stopping["now"]:   # engine_started: the engine is starting, stop it right away
            crawler.signals.send_catch_log(signal=stop_requested)
            deferred_from_coro(crawler.engine.stop_async())

    def graceful_stop() -> None:
        if stopping["now"]:
            return
        stopping["now"] = True
        name = stop.signal_name if stop is not None else "stop"
        print(f"\nnewscrawl: {name}: stopping — finishing the pages in progress and writing what "
              "was extracted (press Ctrl-C again to stop at once)", file=sys.stderr, flush=True)
        for crawler in list(running):
            stop_crawler(crawler)

    async def run_job(index: int) -> None:
        result = results[index]
        job = result.job
        if stopping["now"]:
            return
        crawler = process.create_crawler(job.spider_cls)
        result.crawler = crawler
        crawler.signals.connect(lambda: stop_if_stopping(crawler),
                                signal=scrapy_signals.engine_started, weak=False)
        running.append(crawler)
        try:
            await maybe_deferred_to_future(process.crawl(crawler, **job.kwargs))
            result.status = "done"
        except JobRefused as exc:
            result.status, result.message = "refused", str(exc)
        except Exception as exc:  # noqa: BLE001 - reported per job, the others go on
            result.status, result.message = "failed", _one_line(exc)
            logger.error("crawl %s could not run: %s", job.name, result.message,
                         exc_info=settings.getbool("NEWSCRAWL_TRACEBACKS", False))
        finally:
            running.remove(crawler)
            result.report = _report_of(crawler)
            crawler.signals.send_catch_log(signal=crawl_ended)

    def start_all() -> None:
        runs = [limit.run(lambda i=i: deferred_from_coro(run_job(i)))
                for i in range(len(jobs))]
        defer.DeferredList(runs).addBoth(lambda _: _stop_reactor(reactor))

    if stop is not None:
        stop.attach(reactor.callFromThread, graceful_stop)
    reactor.callWhenRunning(start_all)
    with _quiet_reported_elsewhere(settings):
        process.start(stop_after_crawl=False, install_signal_handlers=False)
    if stop is not None:
        stop.attach(lambda fn: None, lambda: None)   # the reactor is gone
    return results


def _report_of(crawler) -> RunReport | None:
    try:
        return crawler.get_extension(RunReport)
    except RuntimeError:  # the crawl never got as far as creating its extensions
        return None


def _one_line(exc: BaseException) -> str:
    return " ".join(str(exc).split()) or type(exc).__name__


def _stop_reactor(reactor) -> None:
    # Already stopping (a forced stop, or Scrapy's own shutdown): nothing to do.
    with contextlib.suppress(RuntimeError):
        reactor.stop()
