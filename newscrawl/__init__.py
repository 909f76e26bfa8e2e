"""newscrawl: scrape news sites into a clean, typed Parquet article dataset.

`extract(html, url=...)` is the pure extraction function (no Scrapy needed); the crawl
itself runs through the `newscrawl` CLI or `scrapy crawl` in the project root.

Imports are lazy: `import newscrawl` (and so `newscrawl --help`) does not load
trafilatura, lxml or pyarrow; `newscrawl.extract` loads the extraction code on first use.
"""

import logging

__version__ = "0.1.0"

__all__ = ["Article", "PageResult", "extract", "extract_page", "__version__"]

logging.getLogger(__name__).addHandler(logging.NullHandler())


def __getattr__(name: str):
    if name in ("extract", "extract_page"):
        from newscrawl import extraction

        return getattr(extraction, name)
    if name in ("Article", "PageResult"):
        from newscrawl import article

        return getattr(article, name)
    raise AttributeError(f"module 'newscrawl' has no attribute {name!r}")
