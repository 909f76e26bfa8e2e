"""Dedup stage: each article once per run and, across runs, once per content version.

Within a run: two URLs with one canonical form (tracking parameters, redirects) are the
same article; two canonical URLs with identical normalized text are a syndicated copy.
Across runs (spiders with a state store, i.e. `crawl`): a refetched article whose text
hash equals the stored one is dropped as `unchanged`; a changed one passes as an update.
"""

from __future__ import annotations

from newscrawl.crawl.reasons import DroppedPage
from newscrawl.items import ArticleRecord


class DedupPipeline:
    def __init__(self, crawler=None):
        self.crawler = crawler
        self.seen_ids: set[str] = set()
        self.seen_content: dict[str, str] = {}

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler)

    def process_item(self, item):
        if not isinstance(item, ArticleRecord):
            return item
        if item.article_id in self.seen_ids:
            raise DroppedPage("duplicate_url", f"same canonical URL {item.canonical_url}", url=item.url)
        first = self.seen_content.get(item.content_hash)
        if first is not None:
            raise DroppedPage("duplicate_content", f"same text as {first}", url=item.url)
        self.seen_ids.add(item.article_id)
        self.seen_content[item.content_hash] = item.canonical_url
        self._against_state(item)
        return item

    def _against_state(self, item: ArticleRecord) -> None:
        spider = self.crawler.spider if self.crawler else None
        state = getattr(spider, "store", None)
        if state is None:
            return
        stored = state.stored_hash(item.article_id)
        stats = self.crawler.stats
        if stored is None:
            stats.inc_value("newscrawl/articles_new")
        elif stored == item.content_hash:
            stats.inc_value("newscrawl/articles_unchanged")
            state.touch(item.url, item.article_id, item.content_hash,
                        spider.source_date(item.url), spider.site.name)
            raise DroppedPage("unchanged", "same text as the stored version", url=item.url)
        else:
            stats.inc_value("newscrawl/articles_updated")
