"""Unit tests of the pipeline stages and the pure helpers they use (no network)."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from pathlib import Path

import pyarrow as pa
import pyarrow.dataset as ds
import pyarrow.parquet as pq
import pytest
from scrapy.exceptions import IgnoreRequest
from scrapy.http import HtmlResponse
from scrapy.spidermiddlewares.httperror import HttpError
from twisted.internet.error import DNSLookupError
from twisted.python.failure import Failure

from newscrawl.article import Article
from newscrawl.crawl.reasons import (
    DroppedPage,
    RedirectLoop,
    RobotsDisallowed,
    failure_reason,
)
from newscrawl.items import ExtractedPage
from newscrawl.normalize.record import build_record
from newscrawl.store.dataset import AtomicParquetFile, write_table_atomically
from newscrawl.store.schema import ARTICLE_SCHEMA
from pipelines.dedup import DedupPipeline


def make_page(url="https://www.Example.org/news/1.html?utm_source=x#top", text="One  two\n\n three", **article) -> ExtractedPage:
    article.setdefault("canonical_url", None)
    return ExtractedPage(
        url=url,
        final_url=url,
        status=200,
        fetched_at=datetime(2026, 11, 27, 8, 30, tzinfo=timezone.utc),
        article=Article(url=url, text=text, **article),
    )


def test_record_identity_and_derived_columns():
    local = timezone(timedelta(hours=2))
    record = build_record(
        make_page(published_at=datetime(2026, 11, 26, 23, 15, tzinfo=local), authors=["Ann  Lee", "Ann Lee", ""]),
        crawl_id="c1", extractor="x",
    )
    assert record.canonical_url == "https://www.example.org/news/1.html"
    assert record.domain == "example.org"
    assert record.text == "One two\nthree"
    assert record.word_count == 3
    assert record.published_at == datetime(2026, 11, 26, 21, 15, tzinfo=timezone.utc)
    assert record.authors == ["Ann Lee"]
    assert record.published_offset == 120      # the page's own zone, kept beside the UTC time
    assert record.page_type == "article"
    same = build_record(make_page(url="https://www.example.org/news/1.html"), crawl_id="c2", extractor="x")
    assert same.article_id == record.article_id
    assert same.content_hash == record.content_hash


def test_record_offset_is_null_without_a_stated_zone():
    record = build_record(make_page(published_at=datetime(2026, 11, 26, 23, 15)), crawl_id="c", extractor="x")
    assert record.published_offset is None
    assert record.published_at == datetime(2026, 11, 26, 23, 15, tzinfo=timezone.utc)
    west = build_record(make_page(published_at=datetime(2026, 1, 2, 3, 4, tzinfo=timezone(timedelta(hours=-9, minutes=-30)))),
                        crawl_id="c", extractor="x")
    assert west.published_offset == -570


def test_record_keeps_the_page_type_of_a_kept_non_article():
    record = build_record(make_page(page_type="listing"), crawl_id="c", extractor="x")
    assert record.page_type == "listing"


def test_record_prefers_page_canonical_url():
    record = build_record(make_page(canonical_url="https://example.org/a?gclid=1"), crawl_id="c", extractor="x")
    assert record.canonical_url == "https://example.org/a"


def test_record_matches_the_schema():
    record = build_record(make_page(), crawl_id="c", extractor="x")
    from itemadapter import ItemAdapter

    table = pa.Table.from_pylist([ItemAdapter(record).asdict()], schema=ARTICLE_SCHEMA)
    assert table.num_rows == 1


def test_dedup_by_canonical_url_and_by_content():
    dedup = DedupPipeline()
    dedup.open_spider()
    first = build_record(make_page(), crawl_id="c", extractor="x")
    assert dedup.process_item(first) is first
    with pytest.raises(DroppedPage) as exc:
        dedup.process_item(build_record(make_page(url="https://www.example.org/news/1.html?fbclid=9"), crawl_id="c", extractor="x"))
    assert exc.value.reason == "duplicate_url"
    with pytest.raises(DroppedPage) as exc:
        dedup.process_item(build_record(make_page(url="https://mirror.example/copy.html"), crawl_id="c", extractor="x"))
    assert exc.value.reason == "duplicate_content"
    other = build_record(make_page(url="https://example.org/2.html", text="Different"), crawl_id="c", extractor="x")
    assert dedup.process_item(other) is other


def _failure(exc: Exception) -> Failure:
    try:
        raise exc
    except Exception:
        return Failure()


@pytest.mark.parametrize(
    "exc, reason",
    [
        (DNSLookupError("nope"), "dns_error"),
        (RobotsDisallowed("Forbidden by robots.txt"), "robots_disallowed"),
        (RedirectLoop("more than 20 redirects"), "redirect_loop"),
        (IgnoreRequest("some other component said no"), "ignored"),
        (HttpError(HtmlResponse("http://x/", status=503), "Ignoring non-200 response"), "http_503"),
        (RuntimeError("strange"), "download_error"),
    ],
)
def test_failure_reasons(exc, reason):
    assert failure_reason(_failure(exc))[0] == reason


def test_atomic_write_publishes_only_complete_files(tmp_path: Path):
    table = pa.table({"a": [1, 2, 3]})
    path = write_table_atomically(table, tmp_path / "dt=2026-11-27" / "part-1.parquet")
    assert path.exists()
    assert [p.name for p in path.parent.iterdir()] == ["part-1.parquet"]
    assert ds.dataset(tmp_path).to_table().num_rows == 3


def test_streamed_file_is_hidden_until_published_and_keeps_row_groups(tmp_path: Path):
    path = tmp_path / "dt=2026-11-27" / "part-1.parquet"
    out = AtomicParquetFile(path, pa.schema([("a", pa.int64())]))
    out.write(pa.table({"a": [1, 2]}))
    out.write(pa.table({"a": [3]}))
    assert not path.exists() and ds.dataset(tmp_path).to_table().num_rows == 0  # readers skip the hidden file
    out.publish()
    assert [p.name for p in path.parent.iterdir()] == ["part-1.parquet"]
    assert pq.ParquetFile(path).metadata.num_row_groups == 2
    assert ds.dataset(tmp_path).to_table().column("a").to_pylist() == [1, 2, 3]


def test_discarded_stream_leaves_nothing(tmp_path: Path):
    out = AtomicParquetFile(tmp_path / "part-1.parquet", pa.schema([("a", pa.int64())]))
    out.write(pa.table({"a": [1]}))
    out.discard()
    assert list(tmp_path.iterdir()) == []


class _Signals:
    def __init__(self):
        self.sent = []

    def send_catch_log(self, signal, **kwargs):
        self.sent.append(kwargs)


class _Stats(dict):
    def inc_value(self, key, count=1):
        self[key] = self.get(key, 0) + count


def test_writer_holds_one_row_group_and_publishes_full_files(tmp_path: Path):
    from types import SimpleNamespace

    from newscrawl.crawl.identity import CrawlIdentity
    from pipelines.parquet import KEY_COLUMNS, ParquetWriterPipeline

    identity = CrawlIdentity("c1", datetime(2026, 11, 27, tzinfo=timezone.utc))
    crawler = SimpleNamespace(signals=_Signals(), stats=_Stats(), get_extension=lambda cls: identity)
    writer = ParquetWriterPipeline(tmp_path, rows_per_file=5, crawler=crawler, row_group_rows=2)
    writer.open_spider()
    for i in range(12):
        writer.process_item(build_record(make_page(url=f"https://example.org/n/{i}", text=f"Story number {i}"), crawl_id="c1", extractor="x"))
        assert len(writer.rows) < 2  # at most one row group's rows are buffered
    writer.close_spider()
    files = sorted((tmp_path / "dt=2026-11-27").iterdir())
    token = writer.token
    assert [f.name for f in files] == [f"part-c1-{token}-0000{n}.parquet" for n in range(3)]
    assert [pq.ParquetFile(f).metadata.num_row_groups for f in files] == [3, 3, 1]
    assert ds.dataset(tmp_path, partitioning="hive").to_table().num_rows == 12
    assert [len(sent["rows"]) for sent in crawler.signals.sent] == [5, 5, 2]
    assert set(crawler.signals.sent[0]["rows"][0]) == set(KEY_COLUMNS)
    assert crawler.stats["newscrawl/rows_written"] == 12


def test_failed_write_leaves_nothing_behind(tmp_path: Path):
    with pytest.raises(Exception):
        write_table_atomically("not a table", tmp_path / "part-1.parquet")  # type: ignore[arg-type]
    assert list(tmp_path.iterdir()) == []


def test_publish_after_a_failed_write_is_refused(tmp_path):
    from newscrawl.store.dataset import AtomicParquetFile, PublishRefused

    table = pa.table({"x": [1, 2, 3]})
    out = AtomicParquetFile(tmp_path / "part.parquet", table.schema)
    out._writer.close()          # the next write fails, as one on a full disk would
    with pytest.raises(Exception):
        out.write(table)
    with pytest.raises(PublishRefused):
        out.publish()
    assert list(tmp_path.iterdir()) == []
