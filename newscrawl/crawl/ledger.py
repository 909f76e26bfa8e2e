"""Per-run bookkeeping kept on disk, so a run's memory does not grow with its URLs.

A crawl may discover millions of article URLs (a sitemap index of 50 x 50,000 entries);
keeping each one in a Python dict or set costs hundreds of bytes a URL. Both ledgers
are SQLite files that are deleted as soon as they are opened: the open connection keeps
the data, and the kernel frees it when the run ends, however it ends (a killed run
leaves nothing behind). They are scratch space, not state (the state store and the
dataset are), so they are written with no journal and no fsync.

* `OutcomeLedger` (the run report's): every page URL the run asked for, and what became
  of it (`written`, a drop reason, or nothing yet). What is left without an outcome at
  the end is what the run failed to account for.
* `SeenArticles` (the dedup stage's): the article ids and text hashes that went on to
  the writer in this run.
* `DiscoveryLedger` (the news spider's): every article URL discovered in this run, by
  canonical key: the URL requested for it and the newest feed/sitemap date seen, or that
  it was known from earlier runs and not requested.
"""

from __future__ import annotations

import shutil
import sqlite3
import tempfile
from datetime import datetime
from pathlib import Path


class _ScratchDB:
    def __init__(self, schema: str, prefix: str):
        directory = Path(tempfile.mkdtemp(prefix=prefix))
        try:
            self.db = sqlite3.connect(directory / "ledger.sqlite", isolation_level=None, check_same_thread=False)
            self.db.execute("PRAGMA journal_mode=OFF")    # no journal file beside the database
            self.db.execute("PRAGMA synchronous=OFF")
            self.db.execute("PRAGMA temp_store=MEMORY")
            self.db.executescript(schema)                 # the file is open (and written) from here on
        finally:
            shutil.rmtree(directory, ignore_errors=True)

    def close(self) -> None:
        if self.db is not None:
            self.db.close()
            self.db = None


class OutcomeLedger(_ScratchDB):
    """url -> outcome ("written", a drop reason) or NULL while the page is pending."""

    WRITTEN = "written"

    def __init__(self):
        super().__init__(
            "CREATE TABLE pages (url TEXT PRIMARY KEY, outcome TEXT, detail TEXT) WITHOUT ROWID;",
            "newscrawl-outcomes-")

    def expect(self, url: str) -> None:
        self.db.execute("INSERT OR IGNORE INTO pages(url) VALUES (?)", (url,))

    def settle(self, url: str, outcome: str, detail: str = "") -> None:
        self.db.execute(
            "INSERT INTO pages(url, outcome, detail) VALUES (?, ?, ?) "
            "ON CONFLICT(url) DO UPDATE SET outcome = excluded.outcome, detail = excluded.detail",
            (url, outcome, detail))

    def settle_many(self, urls: list[str], outcome: str) -> None:
        self.db.executemany(
            "INSERT INTO pages(url, outcome, detail) VALUES (?, ?, '') "
            "ON CONFLICT(url) DO UPDATE SET outcome = excluded.outcome, detail = ''",
            [(url, outcome) for url in urls])

    def pending(self, limit: int | None = None) -> list[str]:
        sql = "SELECT url FROM pages WHERE outcome IS NULL"
        return [row[0] for row in self.db.execute(sql + (f" LIMIT {int(limit)}" if limit else ""))]

    def pending_count(self) -> int:
        return self.db.execute("SELECT COUNT(*) FROM pages WHERE outcome IS NULL").fetchone()[0]

    def dropped(self, limit: int) -> list[tuple[str, str, str]]:
        return self.db.execute(
            "SELECT url, outcome, detail FROM pages WHERE outcome IS NOT NULL AND outcome != ? LIMIT ?",
            (self.WRITTEN, limit)).fetchall()

    def dropped_count(self) -> int:
        return self.db.execute(
            "SELECT COUNT(*) FROM pages WHERE outcome IS NOT NULL AND outcome != ?", (self.WRITTEN,)).fetchone()[0]

    def outcome(self, url: str) -> str | None:
        row = self.db.execute("SELECT outcome FROM pages WHERE url = ?", (url,)).fetchone()
        return row[0] if row else None


class DiscoveryLedger(_ScratchDB):
    """canonical article key -> (url requested or NULL when skipped as known, newest source date)."""

    def __init__(self):
        super().__init__(
            "CREATE TABLE seen (key TEXT PRIMARY KEY, url TEXT, modified TEXT) WITHOUT ROWID;"
            "CREATE INDEX seen_by_url ON seen(url);",
            "newscrawl-discovery-")

    def get(self, key: str) -> tuple[str | None, datetime | None] | None:
        """(requested URL or None when it was skipped as known, newest date) or None when unseen."""
        row = self.db.execute("SELECT url, modified FROM seen WHERE key = ?", (key,)).fetchone()
        if row is None:
            return None
        return row[0], datetime.fromisoformat(row[1]) if row[1] else None

    def skipped(self, key: str) -> None:
        self.db.execute("INSERT OR IGNORE INTO seen(key) VALUES (?)", (key,))

    def requested(self, key: str, url: str, modified: datetime | None) -> None:
        self.db.execute(
            "INSERT INTO seen(key, url, modified) VALUES (?, ?, ?) "
            "ON CONFLICT(key) DO UPDATE SET url = excluded.url, modified = excluded.modified",
            (key, url, modified.isoformat() if modified else None))

    def newer_date(self, key: str, modified: datetime) -> None:
        """A source gave an already requested article this date: keep the newest."""
        self.db.execute(
            "UPDATE seen SET modified = ? WHERE key = ? AND (modified IS NULL OR modified < ?)",
            (modified.isoformat(), key, modified.isoformat()))

    def requested_dates(self):
        """(url requested, newest date) of every article requested with a date."""
        for url, modified in self.db.execute("SELECT url, modified FROM seen WHERE url IS NOT NULL AND modified IS NOT NULL"):
            yield url, datetime.fromisoformat(modified)

    def modified_of(self, url: str) -> datetime | None:
        """The newest feed/sitemap date of the article requested as `url`."""
        row = self.db.execute("SELECT modified FROM seen WHERE url = ? LIMIT 1", (url,)).fetchone()
        return datetime.fromisoformat(row[0]) if row and row[0] else None


class SeenArticles(_ScratchDB):
    """article id and content hash of every article passed on in this run."""

    def __init__(self):
        super().__init__(
            "CREATE TABLE ids (article_id TEXT PRIMARY KEY) WITHOUT ROWID;"
            "CREATE TABLE texts (content_hash TEXT PRIMARY KEY, canonical_url TEXT) WITHOUT ROWID;",
            "newscrawl-seen-")

    def first(self, article_id: str, content_hash: str, canonical_url: str) -> tuple[str, str] | None:
        """None (and both remembered) for a new article; ("id", article_id) when its id
        came before, ("text", canonical URL of the first) when its text did."""
        if self.db.execute("SELECT 1 FROM ids WHERE article_id = ?", (article_id,)).fetchone():
            return "id", article_id
        row = self.db.execute("SELECT canonical_url FROM texts WHERE content_hash = ?", (content_hash,)).fetchone()
        if row:
            return "text", row[0]
        self.db.execute("INSERT INTO ids VALUES (?)", (article_id,))
        self.db.execute("INSERT INTO texts VALUES (?, ?)", (content_hash, canonical_url))
        return None
