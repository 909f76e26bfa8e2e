"""Extraction: from one page's HTML to an `Article` (see `core.extract`).

Modules, in data-flow order: decode (bytes -> text), tree (parse once, DOM helpers),
jsonld / meta / dates / authors / language / metadata (page metadata by precedence),
pagetype (article, live blog, listing, product, ... from features and a small model),
classify (enough text for an article), clean (boilerplate removal before trafilatura),
body (lede, trafilatura, line cleaning), core (`extract_page` / `extract` tying them
together).
"""

from newscrawl.article import PageResult
from newscrawl.extraction.core import extract, extract_page

__all__ = ["PageResult", "extract", "extract_page"]
