"""Normalization of an extracted page into a dataset row (an ArticleRecord).

Pure: fills identity and derived columns (article_id from the canonical URL,
content_hash, word_count, domain), makes every time UTC, and normalizes text fields.
"""

from __future__ import annotations

from newscrawl.items import ExtractedPage
from newscrawl.normalize.rules import (
    canonicalize_url,
    clean_string,
    normalize_inline,
    normalize_text,
    stable_hash,
    to_utc,
    url_domain,
    utc_offset_minutes,
    word_count,
)
from newscrawl.store.schema import ArticleRecord


def _unique_clean(values) -> list[str]:
    cleaned = (normalize_inline(v) for v in values or [])
    return list(dict.fromkeys(v for v in cleaned if v))


def build_record(page: ExtractedPage, *, crawl_id: str, extractor: str) -> ArticleRecord:
    article = page.article
    final_url = canonicalize_url(page.final_url)
    try:
        canonical = canonicalize_url(article.canonical_url) if article.canonical_url else final_url
    except ValueError:
        canonical = final_url
    text = normalize_text(article.text)
    return ArticleRecord(
        article_id=stable_hash(canonical),
        url=clean_string(page.url),
        final_url=clean_string(page.final_url),
        canonical_url=canonical,
        domain=url_domain(canonical),
        site_name=normalize_inline(article.site_name),
        title=normalize_inline(article.title),
        description=normalize_inline(article.description),
        text=text,
        authors=_unique_clean(article.authors),
        published_at=to_utc(article.published_at),
        published_offset=utc_offset_minutes(article.published_at),
        modified_at=to_utc(article.modified_at),
        language=(article.language or None) and article.language.lower()[:2],
        section=normalize_inline(article.section),
        tags=_unique_clean(article.tags),
        image_url=clean_string(article.image_url) or None,
        paywalled=article.paywalled,
        word_count=word_count(text),
        content_hash=stable_hash(text),
        fetched_at=to_utc(page.fetched_at),
        http_status=page.status,
        crawl_id=crawl_id,
        extractor=extractor,
        listed_at=to_utc(page.listed_at),
        page_type=article.page_type,
    )
