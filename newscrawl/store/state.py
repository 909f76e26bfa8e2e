"""The crawl state store: what earlier runs already wrote, so a rerun fetches only news.

SQLite under data/ (the embedded default), implementing newscrawl.store.base.ArticleStore
(`known`, `claim`, `record_published`, `adopt`, runs) so that a shared store can replace
it; `last_runs` and `article_count` serve the `sites` and `runs` commands. Every write is one transaction (WAL journal), so a killed crawl leaves the
store as it was after its last commit.

An article is recorded only after the Parquet file holding it was published
(`record_published`), and `adopt` adds the rows of any published file the store does not
know yet (a kill between the two): the store never claims an article the dataset lacks,
and a crash costs at most a refetch.
"""

from __future__ import annotations

import json
import logging
import os
import re
import sqlite3
from collections.abc import Iterable
from contextlib import contextmanager
from datetime import datetime, timezone
from pathlib import Path

import pyarrow.parquet as pq

from newscrawl.normalize import canonicalize_url, to_utc

LOGGER = logging.getLogger(__name__)

SCHEMA = """
CREATE TABLE IF NOT EXISTS articles (
    url TEXT PRIMARY KEY,          -- canonical form of a URL that led to the article
    article_id TEXT NOT NULL,
    site TEXT,
    content_hash TEXT NOT NULL,
    source_modified TEXT,          -- feed/sitemap date when last fetched (ISO, UTC)
    fetched_at TEXT
);
CREATE INDEX IF NOT EXISTS articles_by_id ON articles(article_id);
CREATE TABLE IF NOT EXISTS files (
    path TEXT PRIMARY KEY,         -- relative to the dataset root
    crawl_id TEXT,
    rows INTEGER
);
CREATE TABLE IF NOT EXISTS site_runs (
    run_id TEXT PRIMARY KEY,       -- unique per run of a site (a crawl id may be reused)
    crawl_id TEXT NOT NULL,
    site TEXT NOT NULL,
    started_at TEXT NOT NULL,
    finished_at TEXT,
    status TEXT,
    summary TEXT                   -- JSON of the run's counts
);
CREATE INDEX IF NOT EXISTS site_runs_by_site ON site_runs(site, started_at);
"""

# Stores written before runs had their own id kept them keyed by (crawl_id, site).
MIGRATE_RUNS = """
INSERT OR IGNORE INTO site_runs(run_id, crawl_id, site, started_at, finished_at, status, summary)
    SELECT crawl_id || '/' || site, crawl_id, site, started_at, finished_at, status, summary FROM runs;
DROP TABLE runs;
"""


def _iso(value: datetime | None) -> str | None:
    """How the store keeps a time: ISO 8601 in UTC (so stored times compare as text)."""
    value = to_utc(value)
    return None if value is None else value.isoformat()


def _chunks(items: Iterable, size: int):
    chunk = []
    for item in items:
        chunk.append(item)
        if len(chunk) >= size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def _url_key(url: str) -> str:
    try:
        return canonicalize_url(url)
    except ValueError:
        return url


class StateStore:
    def __init__(self, path: str | Path):
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self.db = sqlite3.connect(self.path, timeout=30, isolation_level=None)
        try:
            self.db.execute("PRAGMA journal_mode=WAL")
            self.db.execute("PRAGMA synchronous=NORMAL")
            self.db.executescript(SCHEMA)
            if self.db.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'runs'").fetchone():
                self.db.executescript("BEGIN IMMEDIATE;" + MIGRATE_RUNS + "COMMIT;")
            # quick_check reports damage as rows of text, not as an exception.
            problems = [row[0] for row in self.db.execute("PRAGMA quick_check").fetchall()]
            if problems != ["ok"]:
                raise sqlite3.DatabaseError("; ".join(problems[:3]))
        except sqlite3.DatabaseError as exc:
            self.db.close()
            raise StateStoreError(_unusable(self.path, exc)) from exc

    def close(self) -> None:
        self.db.close()

    # articles

    def known(self, url: str) -> tuple[str, str | None] | None:
        """(content_hash, date ISO or None) of a stored article, else None. The date is
        the feed/sitemap date it had when fetched, else when it was fetched (an article
        adopted from the dataset, e.g. after `state rebuild`, has no source date)."""
        row = self.db.execute(
            "SELECT content_hash, COALESCE(source_modified, fetched_at) FROM articles WHERE url = ?", (_url_key(url),)
        ).fetchone()
        return (row[0], row[1]) if row else None

    def stored_hash(self, article_id: str) -> str | None:
        row = self.db.execute(
            "SELECT content_hash FROM articles WHERE article_id = ? LIMIT 1", (article_id,)
        ).fetchone()
        return row[0] if row else None

    def touch(self, url: str, article_id: str, content_hash: str, listed_at: datetime | None, site: str | None) -> None:
        """Record that an article was seen unchanged (its newer feed date included)."""
        with self._transaction():
            self._upsert([(url, article_id, site, content_hash, listed_at, None)])

    def note_listed(self, dates) -> None:
        with self._transaction():
            for chunk in _chunks(dates, 10_000):
                self.db.executemany(
                    "UPDATE articles SET source_modified = ?1 WHERE url = ?2 "
                    "AND (source_modified IS NULL OR source_modified < ?1)",
                    [(_iso(when), _url_key(url)) for url, when in chunk])

    def claim(self, url: str) -> bool:
        return True    # one machine, one run per site (its lock): nothing to compete with

    def record_published(self, root: Path, path: Path, crawl_id: str, rows: Iterable[dict],
                         site: str | None = None) -> None:
        """After `path` was published: remember it and every article in it, in one
        transaction (rows are consumed in chunks: a file may hold millions). A row's
        `listed_at` (its feed/sitemap date) is what later listings are compared with."""
        count = 0
        with self._transaction():
            for chunk in _chunks(rows, 10_000):
                entries = []
                for row in chunk:
                    modified = row.get("listed_at")
                    for url in {row["url"], row["canonical_url"], row["final_url"]}:
                        entries.append((url, row["article_id"], site, row["content_hash"], modified, row.get("fetched_at")))
                self._upsert(entries)
                count += len(chunk)
            self.db.execute(
                "INSERT OR REPLACE INTO files(path, crawl_id, rows) VALUES (?, ?, ?)",
                (str(path.relative_to(root)), crawl_id, count),
            )

    @contextmanager
    def _transaction(self):
        self.db.execute("BEGIN IMMEDIATE")
        try:
            yield
        except BaseException:
            self.db.execute("ROLLBACK")
            raise
        self.db.execute("COMMIT")

    def _upsert(self, entries) -> None:
        sql = (
            "INSERT INTO articles(url, article_id, site, content_hash, source_modified, fetched_at) "
            "VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT(url) DO UPDATE SET "
            "article_id = excluded.article_id, content_hash = excluded.content_hash, "
            "source_modified = COALESCE(excluded.source_modified, articles.source_modified), "
            "fetched_at = COALESCE(excluded.fetched_at, articles.fetched_at), "
            "site = COALESCE(excluded.site, articles.site)"
        )
        params = [
            (_url_key(u), aid, site, h, _iso(sm), _iso(fa) if isinstance(fa, datetime) else fa)
            for u, aid, site, h, sm, fa in entries
        ]
        self.db.executemany(sql, params)

    def adopt(self, root: Path) -> int:
        """Add the articles of published files the store does not know yet. Returns files added."""
        if not root.is_dir():
            return 0
        known = {row[0] for row in self.db.execute("SELECT path FROM files")}
        added = 0
        for path in sorted(root.rglob("*.parquet")):
            if any(part.startswith((".", "_")) for part in path.relative_to(root).parts):
                continue
            if str(path.relative_to(root)) in known:
                continue
            try:
                parquet = pq.ParquetFile(path)
                first = parquet.read_row_group(0, columns=["crawl_id"]).column(0)[0].as_py() if parquet.num_row_groups else ""
                wanted = ["url", "final_url", "canonical_url", "article_id", "content_hash", "fetched_at", "listed_at"]
                batches = parquet.iter_batches(batch_size=10_000, columns=[
                    c for c in wanted if c in parquet.schema_arrow.names])   # listed_at: schema 2 on
                site = self._site_of(path, parquet.schema_arrow.metadata or {}, first)
                self.record_published(root, path, first, (row for batch in batches for row in batch.to_pylist()), site=site)
            except (OSError, ValueError, KeyError, IndexError) as exc:
                # An unreadable file holds nothing we can claim (a damaged one is left for the user).
                LOGGER.warning("state store: cannot adopt %s: %s", path, exc)
                continue
            added += 1
        return added

    def _site_of(self, path: Path, metadata: dict, crawl_id: str) -> str | None:
        """The site a file belongs to: its `newscrawl.site` metadata (files written since
        part names carry a random token), else part-<crawl_id>-<site>-<n>.parquet for a
        site that run started."""
        site = metadata.get(b"newscrawl.site")
        if site:
            return site.decode("utf-8", "replace")
        sites = [row[0] for row in self.db.execute("SELECT site FROM site_runs WHERE crawl_id = ?", (crawl_id,))]
        for site in sites:
            if re.fullmatch(rf"part-{re.escape(crawl_id)}-{re.escape(site)}-\d+", path.stem):
                return site
        return None

    # runs

    def start_run(self, run_id: str, crawl_id: str, site: str, started_at: datetime) -> None:
        """Called with the site's lock held: a run of the site still 'running' was killed."""
        with self._transaction():
            self.db.execute(
                "UPDATE site_runs SET status = 'aborted' WHERE site = ? AND status = 'running' AND run_id != ?",
                (site, run_id),
            )
            self.db.execute(
                "INSERT INTO site_runs(run_id, crawl_id, site, started_at, status) VALUES (?, ?, ?, ?, 'running')",
                (run_id, crawl_id, site, _iso(started_at)),
            )

    def finish_run(self, run_id: str, finished_at: datetime, status: str, summary: dict) -> None:
        with self._transaction():
            self.db.execute(
                "UPDATE site_runs SET finished_at = ?, status = ?, summary = ? WHERE run_id = ?",
                (_iso(finished_at), status, json.dumps(summary, default=str), run_id),
            )

    def last_runs(self, site: str | None = None, limit: int = 20) -> list[dict]:
        sql = "SELECT crawl_id, site, started_at, finished_at, status, summary FROM site_runs"
        params: tuple = ()
        if site is not None:
            sql += " WHERE site = ?"
            params = (site,)
        sql += " ORDER BY started_at DESC LIMIT ?"
        rows = self.db.execute(sql, (*params, limit)).fetchall()
        keys = ["crawl_id", "site", "started_at", "finished_at", "status", "summary"]
        result = []
        for row in rows:
            entry = dict(zip(keys, row))
            entry["summary"] = json.loads(entry["summary"]) if entry["summary"] else {}
            result.append(entry)
        return result

    def article_count(self, site: str | None = None) -> int:
        if site is None:
            return self.db.execute("SELECT COUNT(DISTINCT article_id) FROM articles").fetchone()[0]
        return self.db.execute("SELECT COUNT(DISTINCT article_id) FROM articles WHERE site = ?", (site,)).fetchone()[0]


def rebuild_store(path: Path, dataset: Path, runs: Path) -> dict[str, int]:
    """A new state store from what is published: the article dataset (every file adopted,
    as at the start of a crawl) and the runs dataset (the run history). A store already
    at `path` is kept beside it as `<name>.broken-<UTC time>`. Returns counts."""
    stamp = datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%SZ")
    moved = 0
    for suffix in ("", "-wal", "-shm"):
        old = path.with_name(path.name + suffix)
        if old.exists():
            old.rename(path.with_name(f"{path.name}.broken-{stamp}{suffix}"))
            moved += 1
    store = StateStore(path)
    try:
        files = store.adopt(dataset)
        history = 0
        for row in _published_runs(runs):
            run_id = f"{row['crawl_id']}/{row['site']}/{row['_file']}"
            with store._transaction():
                store.db.execute(
                    "INSERT OR IGNORE INTO site_runs(run_id, crawl_id, site, started_at, finished_at, status, summary) "
                    "VALUES (?, ?, ?, ?, ?, ?, ?)",
                    (run_id, row["crawl_id"], row["site"], _iso(row["started_at"]), _iso(row["finished_at"]),
                     row["finish_reason"], json.dumps({k: v for k, v in row.items() if k != "_file"}, default=str)))
            history += 1
        return {"files": files, "articles": store.article_count(), "runs": history, "moved_aside": moved}
    finally:
        store.close()


def _published_runs(root: Path):
    if not root.is_dir():
        return
    for path in sorted(root.rglob("*.parquet")):
        if any(part.startswith((".", "_")) for part in path.relative_to(root).parts):
            continue
        try:
            rows = pq.read_table(path).to_pylist()
        except Exception:  # noqa: BLE001 - an unreadable run file only costs its history line
            continue
        for row in rows:
            yield {**row, "_file": path.stem}


class StateStoreError(RuntimeError):
    """The state store cannot be opened or is corrupt."""


def _unusable(path: Path, exc: Exception) -> str:
    message = " ".join(str(exc).split())
    if "readonly" in message or "read-only" in message or (path.exists() and not os.access(path, os.W_OK)):
        return (f"state store {path} cannot be written ({message}): make it and its directory "
                f"writable for this user")
    return (f"state store {path} is damaged ({message}); the published dataset is the source of "
            f"truth: rebuild the store from it with `newscrawl state rebuild --state-dir {path.parent}`")
