"""Stopping a run on SIGINT / SIGTERM: the first signal asks for a graceful stop, the second forces.

Kept apart from the runner and free of heavy imports, so the CLI installs it before it
loads Scrapy or the extraction code: a Ctrl-C at any moment of a run is handled here,
never as a KeyboardInterrupt traceback.
"""

from __future__ import annotations

import os
import signal
from collections.abc import Callable

EXIT_FORCED = 1


class GracefulStop:
    """SIGINT / SIGTERM handling for a process that runs crawls.

    First signal: `requested` is set and the `on_stop` callback (the runner's graceful
    stop, run in the reactor thread) is scheduled. Second signal: a one-line message and
    `os._exit` — the reactor thread may be busy, and waiting for it is what a second
    Ctrl-C is meant to skip. Nothing is lost by that exit: Parquet files become visible
    only complete (newscrawl.store.dataset) and the state store commits transactions.
    """

    SIGNALS = (signal.SIGINT, signal.SIGTERM)

    def __init__(self):
        self.signum: int | None = None
        self.count = 0
        self._schedule: Callable[[Callable[[], None]], None] | None = None
        self._on_stop: Callable[[], None] | None = None

    @property
    def requested(self) -> bool:
        return self.signum is not None

    @property
    def signal_name(self) -> str:
        return signal.Signals(self.signum).name if self.signum is not None else ""

    def install(self) -> GracefulStop:
        for signum in self.SIGNALS:
            signal.signal(signum, self._handle)
        return self

    def attach(self, schedule: Callable[[Callable[[], None]], None], on_stop: Callable[[], None]) -> None:
        """`schedule(fn)` runs fn in the reactor thread (reactor.callFromThread); a stop
        requested before this call is carried out as soon as the reactor runs it."""
        self._schedule, self._on_stop = schedule, on_stop
        if self.requested:
            schedule(on_stop)

    def _handle(self, signum, frame) -> None:
        self.count += 1
        if self.count > 1:
            os.write(2, b"\nnewscrawl: forced stop: published files are complete; "
                        b"what was not published is fetched again by the next run\n")
            os._exit(EXIT_FORCED)
        self.signum = signum
        if self._schedule is not None and self._on_stop is not None:
            self._schedule(self._on_stop)
