"""The `article` spider: fetch the given URLs, one RawPage item each, follow nothing.

    scrapy crawl article -a url=https://example.org/news/1.html
    scrapy crawl article -a urls="https://a.example/x https://b.example/y"
    scrapy crawl article -a input=urls.txt

Every URL ends either as an item or as a `page_dropped` signal with a reason, so the run
report can account for each one.
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlsplit

from newscrawl.crawl.given_urls import check_url, read_url_lines, unique
from newscrawl.crawl.spiders.base import NewsSpider


class ArticleSpider(NewsSpider):
    name = "article"

    def __init__(self, url=None, urls: str | list[str] | None = None, input: str | None = None, **kwargs):
        super().__init__(**kwargs)
        given = [check_url(url, "url argument")] if url else []
        if isinstance(urls, str):
            urls = urls.replace(",", " ").split()
        given += [check_url(u, "urls argument") for u in urls or []]
        if input:
            given += read_url_lines(Path(input).read_text(encoding="utf-8").splitlines(), input)
        if not given:
            raise ValueError("no URL given: use -a url=URL, -a urls='URL URL', or -a input=FILE")
        self.start_urls_given = unique(given)
        # Allowed domains come from the URLs given, so 127.0.0.1 and any host the user
        # named work, while nothing else is followed.
        self.allowed_domains = sorted({urlsplit(u).hostname for u in self.start_urls_given})

    async def start(self):
        for url in self.start_urls_given:
            if not self.too_long(url):
                yield self.page_request(url, trusted=True)   # given by the user
