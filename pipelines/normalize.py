"""Normalize stage: ExtractedPage -> ArticleRecord (a row of the dataset schema)."""

from __future__ import annotations

import trafilatura

from newscrawl import __version__
from newscrawl.crawl.identity import CrawlIdentity
from newscrawl.items import ExtractedPage
from newscrawl.normalize.record import build_record

EXTRACTOR = f"newscrawl {__version__} / trafilatura {trafilatura.__version__}"


class NormalizePipeline:
    def __init__(self, crawler=None):
        self.crawler = crawler
        self.crawl_id = ""

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler)

    def open_spider(self):
        self.crawl_id = self.crawler.get_extension(CrawlIdentity).crawl_id

    def process_item(self, item):
        if not isinstance(item, ExtractedPage):
            return item
        return build_record(item, crawl_id=self.crawl_id, extractor=EXTRACTOR)
