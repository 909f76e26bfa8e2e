"""newscrawl: scrape news sites into a clean, typed Parquet article dataset.

`extract(html, url=...)` is the pure extraction function (no Scrapy needed); the crawl
itself runs through the `newscrawl` CLI or `scrapy crawl` in the project root.
"""

import logging

__version__ = "0.1.0"

from newscrawl.article import Article, PageResult  # noqa: E402
from newscrawl.extraction import extract, extract_page  # noqa: E402

__all__ = ["Article", "PageResult", "extract", "extract_page", "__version__"]

logging.getLogger(__name__).addHandler(logging.NullHandler())
