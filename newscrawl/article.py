"""The result of extraction: one news article as found on one page.

`newscrawl.extract(html, url)` returns an `Article` (or None for a page that is not an
article); `newscrawl.extract_page(html, url)` returns a `PageResult`: the page's type,
the Article (for articles and live blogs, or for every page with `keep_all=True`) and
the reason of the decision. An Article carries what the page says about itself; fetch
facts (status, fetch time, crawl id) and derived keys (article_id, content_hash) are
added later by the normalize stage, which turns an Article into a row of
`newscrawl.store.schema.ARTICLE_SCHEMA`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from newscrawl.normalize import word_count


@dataclass(slots=True)
class Article:
    url: str                                  # the URL the page was read from
    text: str                                 # body: paragraphs separated by "\n"
    title: str | None = None
    description: str | None = None            # lead / standfirst
    canonical_url: str | None = None          # <link rel=canonical>, og:url or JSON-LD url
    site_name: str | None = None
    authors: list[str] = field(default_factory=list)
    published_at: datetime | None = None      # timezone-aware, UTC
    modified_at: datetime | None = None       # timezone-aware, UTC
    language: str | None = None               # ISO 639-1
    section: str | None = None
    tags: list[str] = field(default_factory=list)
    image_url: str | None = None
    paywalled: bool | None = None             # from JSON-LD isAccessibleForFree
    page_type: str = "article"                # see newscrawl.extraction.pagetype.PAGE_TYPES

    @property
    def word_count(self) -> int:
        return word_count(self.text)


@dataclass(frozen=True, slots=True)
class PageResult:
    """What extraction made of one page."""

    page_type: str              # article, liveblog, listing, collection, product, forum,
                                # service, documentation, error or other
    article: Article | None     # articles and live blogs; any page with keep_all=True
    reason: str = ""            # why, in a few words ("p(listing) 0.93: card_run, ...")
