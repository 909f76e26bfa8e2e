"""HTTP(S) download handler whose downloads a stopping run can abort.

Scrapy's graceful stop (`engine.stop_async()`) stops taking requests from the scheduler
but waits for every download already handed to the downloader; one server that sends
headers and then nothing holds the stop for the whole DOWNLOAD_TIMEOUT. This subclass of
Scrapy's HTTP/1.1 handler keeps its downloads as tasks: when the run is asked to stop
(the `stop_requested` signal), downloads still running after NEWSCRAWL_STOP_GRACE_SECONDS
are cancelled (Twisted aborts their connections) and fail with `DownloadAborted`, and
downloads that would start after that fail at once.
"""

from __future__ import annotations

import asyncio

from scrapy.core.downloader.handlers.http11 import HTTP11DownloadHandler

from newscrawl.crawl.reasons import DownloadAborted
from newscrawl.crawl.signals import stop_requested


class StoppableHTTPDownloadHandler(HTTP11DownloadHandler):
    def __init__(self, crawler):
        super().__init__(crawler)
        self._grace = crawler.settings.getfloat("NEWSCRAWL_STOP_GRACE_SECONDS", 1.0)
        self._tasks: set[asyncio.Future] = set()
        self._aborted = False
        crawler.signals.connect(self._stop_requested, signal=stop_requested)

    def _stop_requested(self) -> None:
        asyncio.get_event_loop().call_later(self._grace, self.abort_all)

    def abort_all(self) -> None:
        self._aborted = True
        for task in list(self._tasks):
            task.cancel()

    async def download_request(self, request):
        if self._aborted:
            raise DownloadAborted("the run was stopped before the page was downloaded")
        task = asyncio.ensure_future(super().download_request(request))
        self._tasks.add(task)
        try:
            return await task
        except asyncio.CancelledError:
            if self._aborted and task.cancelled():
                raise DownloadAborted("the run was stopped while the page was downloading") from None
            raise
        finally:
            self._tasks.discard(task)
