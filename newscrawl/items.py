"""Items passed along the pipeline chain, in data-flow order.

spider --RawPage--> extract --ExtractedPage--> normalize --ArticleRecord--> dedup --> writer

The row the normalize stage makes, `ArticleRecord`, is defined with the dataset's schema
(newscrawl.store.schema).
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
    listed_at: datetime | None = None   # the feed/sitemap date that led to the request


@dataclass
class ExtractedPage:
    """The article read from a page, with the fetch facts it came with."""

    url: str
    final_url: str
    status: int
    fetched_at: datetime
    article: Article
    listed_at: datetime | None = None
