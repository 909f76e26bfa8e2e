"""Writer stage: ArticleRecord rows -> Parquet files in the article dataset.

Rows are buffered and written as one file per NEWSCRAWL_PARQUET_ROWS_PER_FILE rows and at
the end of the crawl, under <output>/dt=<crawl date>/part-<crawl_id>-<n>.parquet, with
the pinned schema of newscrawl.schema, zstd and dictionary-encoded low-cardinality
columns. Files appear only when complete (see newscrawl.dataset).
"""

from __future__ import annotations

from pathlib import Path

import pyarrow as pa
from itemadapter import ItemAdapter

from newscrawl.dataset import partition_dir, write_table_atomically
from newscrawl.items import ArticleRecord
from newscrawl.signals import file_published
from newscrawl.schema import ARTICLE_SCHEMA, COLUMNS, DICTIONARY_COLUMNS


class ParquetWriterPipeline:
    def __init__(self, output: str | Path, rows_per_file: int = 10_000, crawler=None):
        self.output = Path(output)
        self.rows_per_file = rows_per_file
        self.crawler = crawler
        self.rows: list[dict] = []
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
        self.rows.append(ItemAdapter(item).asdict())
        if len(self.rows) >= self.rows_per_file:
            self.flush()
        return item

    def close_spider(self):
        self.flush()

    def flush(self) -> None:
        if not self.rows:
            return
        table = pa.Table.from_pylist(self.rows, schema=ARTICLE_SCHEMA).select(COLUMNS)
        path = self.partition / f"{self.file_prefix}-{len(self.files):05d}.parquet"
        write_table_atomically(table, path, dictionary_columns=DICTIONARY_COLUMNS)
        self.files.append(path)
        # Only now may anything (the state store) treat these rows as stored.
        self.crawler.signals.send_catch_log(signal=file_published, root=self.output, path=path, rows=self.rows)
        stats = self.crawler.stats
        stats.inc_value("newscrawl/parquet_files", 1)
        stats.inc_value("newscrawl/rows_written", len(self.rows))
        self.rows = []
