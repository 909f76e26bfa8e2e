"""Dedup stage: each article once per run and, across runs, once per content version.

Within a run (kept on disk: newscrawl.crawl.ledger.SeenArticles): two URLs with one canonical form (tracking parameters, redirects) are the
same article; two canonical URLs with identical normalized text are a syndicated copy.
Across runs (spiders with a state store, i.e. `crawl`): a refetched article whose text
hash equals the stored one is dropped as `unchanged`; a changed one passes as an update.
"""

from __future__ import annotations

from newscrawl.crawl import stats as stat_keys
from newscrawl.crawl.ledger import SeenArticles
from newscrawl.crawl.reasons import DroppedPage
from newscrawl.crawl.site_state import SiteState
from newscrawl.store.schema import ArticleRecord


class DedupPipeline:
    def __init__(self, crawler=None):
        self.crawler = crawler
        self.seen: SeenArticles | None = None
        self.store = None            # the site's state store (crawl), else None
        self.site: str | None = None

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler)

    def open_spider(self):
        self.seen = SeenArticles()
        site_state = self.crawler.get_extension(SiteState) if self.crawler else None
        if site_state is not None:
            self.store, self.site = site_state.store, site_state.site.name

    def close_spider(self):
        if self.seen is not None:
            self.seen.close()

    def process_item(self, item):
        if not isinstance(item, ArticleRecord):
            return item
        first = self.seen.first(item.article_id, item.content_hash, item.canonical_url)
        if first is not None:
            kind, other = first
            if kind == "id":
                raise DroppedPage("duplicate_url", f"same canonical URL {item.canonical_url}", url=item.url)
            raise DroppedPage("duplicate_content", f"same text as {other}", url=item.url)
        self._against_state(item)
        return item

    def _against_state(self, item: ArticleRecord) -> None:
        if self.store is None:
            return
        stored = self.store.stored_hash(item.article_id)
        stats = self.crawler.stats
        if stored is None:
            stats.inc_value(stat_keys.ARTICLES_NEW)
        elif stored == item.content_hash:
            stats.inc_value(stat_keys.ARTICLES_UNCHANGED)
            self.store.touch(item.url, item.article_id, item.content_hash, item.listed_at, self.site)
            raise DroppedPage("unchanged", "same text as the stored version", url=item.url)
        else:
            stats.inc_value(stat_keys.ARTICLES_UPDATED)
