"""Extraction: from one page's HTML to an `Article` (see `core.extract`).

Modules, in data-flow order: decode (bytes -> text), tree (parse once, DOM helpers),
metadata/ (JSON-LD, meta tags, headline, authors, dates and zones, language: what the
page says about itself), pagetype (article, live blog, listing, product, ... from
features and a small model), clean (boilerplate removal before trafilatura), lede (the
lead paragraph or standfirst), body (trafilatura, a second opinion on a stub),
line_cleaning and furniture (credits, share text, end furniture), classify (enough text
for an article), options (`ExtractOptions`), core (`extract_page` / `extract` tying them
together).

Imports are lazy: `newscrawl.extraction.options` (needed by the sites file and the CLI)
does not load lxml or trafilatura.
"""

__all__ = ["ExtractOptions", "PageResult", "extract", "extract_page"]


def __getattr__(name: str):
    if name in ("extract", "extract_page"):
        from newscrawl.extraction import core

        return getattr(core, name)
    if name == "PageResult":
        from newscrawl.article import PageResult

        return PageResult
    if name == "ExtractOptions":
        from newscrawl.extraction.options import ExtractOptions

        return ExtractOptions
    raise AttributeError(f"module 'newscrawl.extraction' has no attribute {name!r}")
