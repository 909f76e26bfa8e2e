"""Normalization: the rules that make values comparable (`rules`: text, URLs, times,
hashes) and the stage that applies them to an extracted page (`record.build_record`,
adapted to Scrapy by pipelines/normalize.py)."""

from newscrawl.normalize.rules import (
    canonicalize_url,
    clean_string,
    normalize_inline,
    normalize_text,
    stable_hash,
    to_utc,
    url_domain,
    word_count,
)

__all__ = ["canonicalize_url", "clean_string", "normalize_inline", "normalize_text", "stable_hash", "to_utc",
           "url_domain", "word_count"]
