"""Writer stage: ArticleRecord rows -> Parquet files in the article dataset.

Rows are written under <output>/dt=<crawl date>/part-<crawl_id>[-<site>]-<n>.parquet with
the pinned schema of newscrawl.schema, zstd and dictionary-encoded low-cardinality
columns. Every NEWSCRAWL_PARQUET_ROW_GROUP_ROWS rows go to the open file as one row group
(so memory holds one row group, however large the file); a file is published when it
holds NEWSCRAWL_PARQUET_ROWS_PER_FILE rows and at the end of the crawl. Files appear only
when complete (see newscrawl.dataset); `file_published` then hands the state store the
keys of the rows in the file.
"""

from __future__ import annotations

from pathlib import Path

import pyarrow as pa
from itemadapter import ItemAdapter

from newscrawl.dataset import AtomicParquetFile, partition_dir
from newscrawl.items import ArticleRecord
from newscrawl.signals import file_published
from newscrawl.schema import ARTICLE_SCHEMA, COLUMNS, DICTIONARY_COLUMNS


# What the state store needs of each published row (not the text).
KEY_COLUMNS = ("url", "canonical_url", "final_url", "article_id", "content_hash", "fetched_at")


class ParquetWriterPipeline:
    def __init__(self, output: str | Path, rows_per_file: int = 10_000, crawler=None, row_group_rows: int = 1_000):
        self.output = Path(output)
        self.rows_per_file = max(1, rows_per_file)
        self.row_group_rows = max(1, min(row_group_rows, self.rows_per_file))
        self.crawler = crawler
        self.rows: list[dict] = []          # rows of the next row group
        self.keys: list[dict] = []          # KEY_COLUMNS of every row in the open file
        self.file: AtomicParquetFile | None = None
        self.files: list[Path] = []
        self.partition: Path | None = None
        self.file_prefix = "part"

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
        spider = self.crawler.spider
        site = getattr(spider, "site", None)
        self.file_prefix = f"part-{spider.crawl_id}-{site.name}" if site is not None else f"part-{spider.crawl_id}"
        self.partition = partition_dir(self.output, dt=f"{spider.started_at:%Y-%m-%d}")
        # Fail at start, not after the crawl, when the output cannot be written.
        self.output.mkdir(parents=True, exist_ok=True)

    def process_item(self, item):
        if not isinstance(item, ArticleRecord):
            return item
        row = ItemAdapter(item).asdict()
        self.rows.append(row)
        self.keys.append({key: row.get(key) for key in KEY_COLUMNS})
        if len(self.rows) >= self.row_group_rows:
            self.write_row_group()
        if len(self.keys) >= self.rows_per_file:
            self.publish()
        return item

    def close_spider(self):
        self.publish()

    def write_row_group(self) -> None:
        if not self.rows:
            return
        table = pa.Table.from_pylist(self.rows, schema=ARTICLE_SCHEMA).select(COLUMNS)
        if self.file is None:
            path = self.partition / f"{self.file_prefix}-{len(self.files):05d}.parquet"
            self.file = AtomicParquetFile(path, table.schema, dictionary_columns=DICTIONARY_COLUMNS)
        self.file.write(table)
        self.rows = []

    def publish(self) -> None:
        """Write what is buffered, then make the open file visible and tell the state store."""
        self.write_row_group()
        if self.file is None:
            return
        path = self.file.publish()
        self.file = None
        self.files.append(path)
        keys, self.keys = self.keys, []
        # Only now may anything (the state store) treat these rows as stored.
        self.crawler.signals.send_catch_log(signal=file_published, root=self.output, path=path, rows=keys)
        stats = self.crawler.stats
        stats.inc_value("newscrawl/parquet_files", 1)
        stats.inc_value("newscrawl/rows_written", len(keys))
