"""Writer stage: ArticleRecord rows -> Parquet files in the article dataset.

Rows are written under <output>/dt=<crawl date>/ (names: newscrawl.store.dataset.part_name)
with the pinned schema of newscrawl.store.schema, zstd and dictionary-encoded low-cardinality
columns. Every NEWSCRAWL_PARQUET_ROW_GROUP_ROWS rows go to the open file as one row group
(so memory holds one row group, however large the file); a file is published when it
holds NEWSCRAWL_PARQUET_ROWS_PER_FILE rows and at the end of the crawl. Files appear only
when complete (see newscrawl.store.dataset); `file_published` then hands the state store and
the run report the keys of the rows in the file: a row counts as written only from there.

A row that Arrow cannot take (it should not happen: the normalize stage sanitizes every
string) is dropped as `unwritable` and the rest of its row group is written. A failed
write to the disk (full, read-only, gone) discards the hidden file, drops its rows and
every later one as `write_failed` with the cause, and stops the crawl: nothing is
reported written that is not in a published file.
"""

from __future__ import annotations

from pathlib import Path

import pyarrow as pa
from itemadapter import ItemAdapter
from scrapy.utils.defer import deferred_from_coro

from newscrawl.crawl import stats as stat_keys
from newscrawl.crawl.identity import CrawlIdentity
from newscrawl.crawl.signals import file_published, page_dropped, stop_requested
from newscrawl.store.dataset import (
    AtomicParquetFile,
    PublishRefused,
    new_file_token,
    part_name,
    partition_dir,
    remove_abandoned_temp_files,
)
from newscrawl.store.schema import (
    ARTICLE_SCHEMA,
    COLUMNS,
    DICTIONARY_COLUMNS,
    ArticleRecord,
)

# What the state store needs of each published row (not the text).
KEY_COLUMNS = ("url", "canonical_url", "final_url", "article_id", "content_hash", "fetched_at", "listed_at")


class ParquetWriterPipeline:
    def __init__(self, output: str | Path, rows_per_file: int = 10_000, crawler=None, row_group_rows: int = 1_000):
        self.output = Path(output)
        self.rows_per_file = max(1, rows_per_file)
        self.row_group_rows = max(1, min(row_group_rows, self.rows_per_file))
        self.crawler = crawler
        self.rows: list[dict] = []          # rows of the next row group
        self.keys: list[dict] = []          # KEY_COLUMNS of every row in the open file (written or buffered)
        self.file: AtomicParquetFile | None = None
        self.files: list[Path] = []
        self.partition: Path | None = None
        self.crawl_id = ""
        self.site: str | None = None
        self.token = new_file_token()
        self.error: str | None = None      # why writing failed; from then on nothing is written

    @classmethod
    def from_crawler(cls, crawler):
        settings = crawler.settings
        return cls(
            settings.get("NEWSCRAWL_OUTPUT"),
            rows_per_file=settings.getint("NEWSCRAWL_PARQUET_ROWS_PER_FILE"),
            crawler=crawler,
            row_group_rows=settings.getint("NEWSCRAWL_PARQUET_ROW_GROUP_ROWS", 1_000),
        )

    def open_spider(self):
        identity = self.crawler.get_extension(CrawlIdentity)
        self.crawl_id = identity.crawl_id
        self.site = identity.site_name
        self.partition = partition_dir(self.output, dt=f"{identity.started_at:%Y-%m-%d}")
        # Fail at start, not after the crawl, when the output cannot be written.
        self.output.mkdir(parents=True, exist_ok=True)
        removed = remove_abandoned_temp_files(self.output)
        if removed:
            self.crawler.stats.inc_value(stat_keys.ABANDONED_TEMP_FILES_REMOVED, removed)

    def process_item(self, item):
        if not isinstance(item, ArticleRecord):
            return item
        row = ItemAdapter(item).asdict()
        if self.error is not None:
            self._dropped([row], "write_failed", self.error)
            return item
        self.rows.append(row)
        self.keys.append({key: row.get(key) for key in KEY_COLUMNS})
        if len(self.rows) >= self.row_group_rows:
            self.write_row_group()
        if len(self.keys) >= self.rows_per_file:
            self.publish()
        return item

    def close_spider(self):
        self.publish()

    # writing

    def _table(self) -> pa.Table:
        """The buffered rows as one table; rows Arrow refuses are dropped (`unwritable`)."""
        try:
            return pa.Table.from_pylist(self.rows, schema=ARTICLE_SCHEMA).select(COLUMNS)
        except (pa.ArrowException, ValueError, TypeError, OverflowError):
            pass
        good, bad = [], []
        for row in self.rows:
            try:
                pa.Table.from_pylist([row], schema=ARTICLE_SCHEMA)
            except (pa.ArrowException, ValueError, TypeError, OverflowError) as exc:
                bad.append((row, " ".join(str(exc).split())[:200]))
            else:
                good.append(row)
        for row, why in bad:
            self._dropped([row], "unwritable", why)
        bad_ids = {id(row) for row, _ in bad}
        buffered = len(self.rows)
        self.keys = self.keys[: len(self.keys) - buffered] + [
            {key: row.get(key) for key in KEY_COLUMNS} for row in self.rows if id(row) not in bad_ids]
        self.rows = good
        return pa.Table.from_pylist(good, schema=ARTICLE_SCHEMA).select(COLUMNS)

    def write_row_group(self) -> None:
        if not self.rows or self.error is not None:
            return
        table = self._table()
        if table.num_rows == 0:
            self.rows = []
            return
        try:
            if self.file is None:
                path = self.partition / part_name(self.crawl_id, self.site, self.token, len(self.files))
                schema = table.schema.with_metadata({**(table.schema.metadata or {}), **self._file_metadata()})
                self.file = AtomicParquetFile(path, schema, dictionary_columns=DICTIONARY_COLUMNS)
            self.file.write(table)
        except (OSError, PublishRefused, pa.ArrowException) as exc:
            self._failed(exc)
            return
        self.rows = []

    def _file_metadata(self) -> dict[bytes, bytes]:
        meta = {b"newscrawl.crawl_id": self.crawl_id.encode("utf-8", "replace")}
        if self.site:
            meta[b"newscrawl.site"] = self.site.encode()
        return meta

    def publish(self) -> None:
        """Write what is buffered, then make the open file visible and tell the state store."""
        self.write_row_group()
        if self.file is None or self.error is not None:
            return
        try:
            path = self.file.publish()
        except (OSError, PublishRefused, pa.ArrowException) as exc:
            self.file = None
            self._failed(exc)
            return
        self.file = None
        self.files.append(path)
        keys, self.keys = self.keys, []
        # Only now may anything (the state store, the run report) treat these rows as stored.
        self.crawler.signals.send_catch_log(signal=file_published, root=self.output, path=path, rows=keys)
        stats = self.crawler.stats
        stats.inc_value(stat_keys.PARQUET_FILES, 1)
        stats.inc_value(stat_keys.ROWS_WRITTEN, len(keys))

    # failures

    def _failed(self, exc: BaseException) -> None:
        """Writing broke: nothing of the open file is published, nothing more is written."""
        if self.file is not None:
            self.file.discard()
            self.file = None
        self.error = _describe(exc, self.output)
        self.crawler.stats.set_value(stat_keys.WRITE_ERROR, self.error)
        lost, self.keys, self.rows = self.keys, [], []
        self._dropped(lost, "write_failed", self.error)
        engine = getattr(self.crawler, "engine", None)
        if engine is not None and engine.spider is not None:
            # Nothing more can be written: stop fetching and discovering, too.
            self.crawler.signals.send_catch_log(signal=stop_requested)
            deferred_from_coro(engine.close_spider_async(reason="write_failed"))

    def _dropped(self, rows: list[dict], reason: str, detail: str) -> None:
        for row in rows:
            self.crawler.signals.send_catch_log(signal=page_dropped, url=row.get("url"), reason=reason, detail=detail)


def _describe(exc: BaseException, output: Path) -> str:
    if isinstance(exc, OSError) and exc.strerror:
        return f"cannot write to {output}: {exc.strerror}"
    return f"cannot write to {output}: " + (" ".join(str(exc).split()) or type(exc).__name__)
