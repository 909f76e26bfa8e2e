"""One crawl of a site at a time: an advisory file lock per site under data/locks/.

flock(2) locks die with their process, so a killed crawl never leaves a stale lock.
"""

from __future__ import annotations

import fcntl
import os
from datetime import datetime, timezone
from pathlib import Path


class SiteLockedError(RuntimeError):
    """Another run holds the site's lock."""


class SiteLock:
    def __init__(self, directory: str | Path, site: str):
        self.path = Path(directory) / f"{site}.lock"
        self.site = site
        self.fd: int | None = None

    def acquire(self) -> SiteLock:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = os.read(fd, 200).decode("utf-8", "replace").strip() or "another process"
            os.close(fd)
            raise SiteLockedError(f"site '{self.site}' is already being crawled ({holder}); not starting a second run") from None
        os.ftruncate(fd, 0)
        os.write(fd, f"pid {os.getpid()} since {datetime.now(timezone.utc):%Y-%m-%d %H:%M:%S} UTC".encode())
        self.fd = fd
        return self

    def release(self) -> None:
        if self.fd is not None:
            fcntl.flock(self.fd, fcntl.LOCK_UN)
            os.close(self.fd)
            self.fd = None

    def __enter__(self) -> SiteLock:
        return self.acquire()

    def __exit__(self, *exc) -> None:
        self.release()
