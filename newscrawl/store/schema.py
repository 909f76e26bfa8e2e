"""The Arrow schema of the article dataset: the documented contract with analysts.

Every Parquet file the writer produces has exactly this schema (the README documents it
column by column). Change it only by adding nullable columns and bumping SCHEMA_VERSION.
"""

from __future__ import annotations

import pyarrow as pa

SCHEMA_VERSION = "1"

_TS = pa.timestamp("us", tz="UTC")

ARTICLE_SCHEMA = pa.schema(
    [
        pa.field("article_id", pa.string(), nullable=False),   # sha256 of canonical_url, 32 hex
        pa.field("url", pa.string(), nullable=False),          # URL as requested
        pa.field("final_url", pa.string(), nullable=False),    # after redirects
        pa.field("canonical_url", pa.string(), nullable=False),
        pa.field("domain", pa.string(), nullable=False),
        pa.field("site_name", pa.string()),
        pa.field("title", pa.string()),
        pa.field("description", pa.string()),
        pa.field("text", pa.string(), nullable=False),
        pa.field("authors", pa.list_(pa.string()), nullable=False),
        pa.field("published_at", _TS),
        pa.field("modified_at", _TS),
        pa.field("language", pa.string()),
        pa.field("section", pa.string()),
        pa.field("tags", pa.list_(pa.string()), nullable=False),
        pa.field("image_url", pa.string()),
        pa.field("paywalled", pa.bool_()),
        pa.field("word_count", pa.int32(), nullable=False),
        pa.field("content_hash", pa.string(), nullable=False),  # sha256 of text, 32 hex
        pa.field("fetched_at", _TS, nullable=False),
        pa.field("http_status", pa.int16(), nullable=False),
        pa.field("crawl_id", pa.string(), nullable=False),
        pa.field("extractor", pa.string(), nullable=False),     # e.g. "newscrawl 0.1.0 / trafilatura 2.3.1"
    ],
    metadata={b"newscrawl.schema_version": SCHEMA_VERSION.encode()},
)

# Columns with few distinct values per file: dictionary-encoded in Parquet.
DICTIONARY_COLUMNS = ["domain", "site_name", "language", "section", "crawl_id", "extractor"]

COLUMNS = ARTICLE_SCHEMA.names

# The runs dataset (data/runs): one row per site per crawl.
RUN_SCHEMA = pa.schema(
    [
        pa.field("crawl_id", pa.string(), nullable=False),
        pa.field("site", pa.string(), nullable=False),
        pa.field("started_at", _TS, nullable=False),
        pa.field("finished_at", _TS, nullable=False),
        pa.field("finish_reason", pa.string(), nullable=False),   # Scrapy's: finished, shutdown, ...
        pa.field("pages_fetched", pa.int64(), nullable=False),     # article pages downloaded
        pa.field("listing_pages", pa.int64(), nullable=False),     # home/section pages, feeds, sitemaps read
        pa.field("articles_new", pa.int64(), nullable=False),
        pa.field("articles_updated", pa.int64(), nullable=False),
        pa.field("articles_unchanged", pa.int64(), nullable=False),
        pa.field("skipped_known", pa.int64(), nullable=False),     # known articles not requested
        pa.field("drops", pa.list_(pa.struct([("reason", pa.string()), ("count", pa.int64())])), nullable=False),
        pa.field("errors", pa.int64(), nullable=False),            # listing failures + logged errors
    ],
    metadata={b"newscrawl.schema_version": SCHEMA_VERSION.encode()},
)
