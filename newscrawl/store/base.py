"""What a crawl needs from a state store: the interface the SQLite store implements
(newscrawl.store.state) and a shared store (Redis, Postgres) can implement next.

Articles are keyed by the canonical form of any URL that led to them. The store never
claims an article the dataset lacks: an article is recorded only from published files
(`record_published`, `adopt`).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from pathlib import Path
from typing import Protocol


class ArticleStore(Protocol):
    def known(self, url: str) -> tuple[str, str | None] | None:
        """(content hash, ISO date of the version stored) of the article behind url, or None."""

    def claim(self, url: str) -> bool:
        """True when this worker may fetch url now; False when another worker has it.
        (One machine: always True. A shared store claims atomically.)"""

    def stored_hash(self, article_id: str) -> str | None:
        """The content hash stored for an article, or None."""

    def touch(self, url: str, article_id: str, content_hash: str, listed_at: datetime | None, site: str | None) -> None:
        """An article was fetched again and found unchanged (its newer listing date kept)."""

    def record_published(self, root: Path, path: Path, crawl_id: str, rows: Iterable[dict], site: str | None) -> None:
        """`path` under `root` was published with these rows (url, canonical_url,
        final_url, article_id, content_hash, fetched_at, listed_at): record them at once."""

    def note_listed(self, dates: Iterable[tuple[str, datetime]]) -> None:
        """Newer feed/sitemap dates seen for stored articles (url, date): keep the newest.
        Only articles already stored are touched."""

    def adopt(self, root: Path) -> int:
        """Record the published files under root the store does not know; returns how many."""

    def start_run(self, run_id: str, crawl_id: str, site: str, started_at: datetime) -> None: ...

    def finish_run(self, run_id: str, finished_at: datetime, status: str, summary: dict) -> None: ...

    def close(self) -> None: ...
