"""Page metadata: what a page says about itself, each field by precedence and agreement.

Modules, in the order a page is read: jsonld (JSON-LD, also in CDATA/comments, with
trailing commas), meta (meta / OpenGraph tags), headline (the displayed headline, site
affix and kicker removed), authors (people first, split and cleaned; bylines on the
page), dates (stamps in the page's own offset) with zones (the zone a page implies),
language (markup checked against the text), words (the vocabularies, as data); page
(`extract_metadata` / `finish_metadata` tying them together).
"""

from newscrawl.extraction.metadata.page import (
    PageMetadata,
    extract_metadata,
    finish_dates,
    finish_metadata,
    html_title,
    page_metadata,
)

__all__ = ["PageMetadata", "extract_metadata", "finish_dates", "finish_metadata", "html_title", "page_metadata"]
