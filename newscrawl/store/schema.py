"""The article dataset's row: one definition, from which the Arrow schema is derived.

`ArticleRecord` is the row the normalize stage builds and the writer writes; each field
carries its Arrow type, nullability, dictionary encoding and a one-line description
(written into every Parquet file's schema as field metadata). `ARTICLE_SCHEMA` is built
from it; the README's column table is checked against it by a test. Change it only by
adding nullable columns and bumping SCHEMA_VERSION.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from datetime import datetime

import pyarrow as pa

SCHEMA_VERSION = "3"     # 2: listed_at; 3: page_type, published_offset

_TS = pa.timestamp("us", tz="UTC")


def column(arrow_type: pa.DataType, doc: str, *, nullable: bool = True, dictionary: bool = False):
    """A field of ArticleRecord with what the Parquet column needs to know."""
    return field(metadata={"arrow": arrow_type, "nullable": nullable, "dictionary": dictionary, "doc": doc})


@dataclass
class ArticleRecord:
    """One row of the article dataset."""

    article_id: str = column(pa.string(), "stable id: first 32 hex chars of SHA-256 of canonical_url", nullable=False)
    url: str = column(pa.string(), "the URL as requested", nullable=False)
    final_url: str = column(pa.string(), "the URL after redirects", nullable=False)
    canonical_url: str = column(pa.string(), "canonical URL of the page, normalized", nullable=False)
    domain: str = column(pa.string(), "host of canonical_url without www.", nullable=False, dictionary=True)
    site_name: str | None = column(pa.string(), "publication name", dictionary=True)
    title: str | None = column(pa.string(), "headline")
    description: str | None = column(pa.string(), "standfirst, else the meta description")
    text: str = column(pa.string(), "article body, paragraphs separated by newlines", nullable=False)
    authors: list[str] = column(pa.list_(pa.string()), "author names, in page order", nullable=False)
    published_at: datetime | None = column(_TS, "first publication (UTC)")
    published_offset: int | None = column(pa.int16(), "minutes east of UTC the page stated for published_at (local time = published_at + offset)")
    modified_at: datetime | None = column(_TS, "last modification (UTC)")
    language: str | None = column(pa.string(), "ISO 639-1 language", dictionary=True)
    section: str | None = column(pa.string(), "section of the site", dictionary=True)
    tags: list[str] = column(pa.list_(pa.string()), "keywords / tags", nullable=False)
    image_url: str | None = column(pa.string(), "lead image")
    paywalled: bool | None = column(pa.bool_(), "JSON-LD isAccessibleForFree is false")
    word_count: int = column(pa.int32(), "words in text (CJK: one word per two characters)", nullable=False)
    content_hash: str = column(pa.string(), "first 32 hex chars of SHA-256 of text", nullable=False)
    fetched_at: datetime = column(_TS, "when the page was downloaded (UTC)", nullable=False)
    http_status: int = column(pa.int16(), "HTTP status of the final response", nullable=False)
    crawl_id: str = column(pa.string(), "the run that wrote the row", nullable=False, dictionary=True)
    extractor: str = column(pa.string(), "newscrawl and trafilatura versions", nullable=False, dictionary=True)
    listed_at: datetime | None = column(_TS, "the feed/sitemap date that led to the fetch (crawl), UTC")
    page_type: str | None = column(pa.string(), "article or liveblog; other types only with --keep-all; null before schema 3", dictionary=True)


ARTICLE_SCHEMA = pa.schema(
    [pa.field(f.name, f.metadata["arrow"], nullable=f.metadata["nullable"],
              metadata={"description": f.metadata["doc"]}) for f in fields(ArticleRecord)],
    metadata={b"newscrawl.schema_version": SCHEMA_VERSION.encode()},
)

# Columns with few distinct values per file: dictionary-encoded in Parquet.
DICTIONARY_COLUMNS = [f.name for f in fields(ArticleRecord) if f.metadata["dictionary"]]

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
