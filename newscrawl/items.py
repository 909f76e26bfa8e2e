"""Items passed along the pipeline chain, in data-flow order.

spider --RawPage--> extract --ExtractedPage--> normalize --ArticleRecord--> dedup --> writer

`ArticleRecord` has exactly the columns of `newscrawl.store.schema.ARTICLE_SCHEMA`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from newscrawl.article import Article


@dataclass
class RawPage:
    """A fetched page, as the spider got it: nothing parsed yet."""

    url: str                 # the URL as requested by the user or discovered
    final_url: str           # after redirects
    status: int
    content_type: str | None
    body: bytes = field(repr=False)
    fetched_at: datetime     # UTC


@dataclass
class ExtractedPage:
    """The article read from a page, with the fetch facts it came with."""

    url: str
    final_url: str
    status: int
    fetched_at: datetime
    article: Article


@dataclass
class ArticleRecord:
    """One row of the article dataset (see newscrawl.store.schema)."""

    article_id: str
    url: str
    final_url: str
    canonical_url: str
    domain: str
    site_name: str | None
    title: str | None
    description: str | None
    text: str
    authors: list[str]
    published_at: datetime | None
    modified_at: datetime | None
    language: str | None
    section: str | None
    tags: list[str]
    image_url: str | None
    paywalled: bool | None
    word_count: int
    content_hash: str
    fetched_at: datetime
    http_status: int
    crawl_id: str
    extractor: str
