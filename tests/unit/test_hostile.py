"""Hostile input to the parsers and the middleware alone: XML entity bombs and XXE in
sitemaps and feeds (the documents the mock server serves, tests/servers/mock.py), a
gzipped sitemap bomb, the decompression limit. Through the real CLI: tests/e2e/test_hostile.py."""

from __future__ import annotations

import pytest

from newscrawl.crawl.discovery import parse_feed, parse_sitemap
from tests.servers.mock import HOSTILE_XML, PASSWD_MARKERS

# ---------------------------------------------------------------- XML bombs and XXE

def _assert_safe(links):
    for link in links:
        assert len(link.url) < 500, link.url[:200]
        assert "lollol" not in link.url
        for marker in PASSWD_MARKERS:
            assert marker not in link.url, link.url


@pytest.mark.parametrize("path", [p for p in HOSTILE_XML if p.endswith("-sitemap")])
def test_sitemap_bombs_and_xxe_are_not_expanded(path):
    kind, links = parse_sitemap(HOSTILE_XML[path], "http://127.0.0.1:8000" + path)
    assert kind == "urlset"
    _assert_safe(links)
    assert any(link.url.endswith("/pages/jsonld-article.html?from=sitemap") for link in links)


@pytest.mark.parametrize("path", [p for p in HOSTILE_XML if p.endswith("-feed")])
def test_feed_bombs_and_xxe_are_not_expanded(path):
    links = parse_feed(HOSTILE_XML[path], "http://127.0.0.1:8000" + path)
    _assert_safe(links)
    assert any(link.url.endswith("/pages/jsonld-article.html?from=feed") for link in links)


def test_quadratic_blowup_and_parameter_entities():
    big = "x" * 100_000
    refs = "&a;" * 20_000   # 2 GB if expanded
    body = (f'<?xml version="1.0"?>\n<!DOCTYPE u [<!ENTITY a "{big}">'
            '<!ENTITY % ext SYSTEM "file:///etc/passwd"> %ext;]>\n'
            '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
            f"<url><loc>http://127.0.0.1/{refs}</loc></url><url><loc>http://127.0.0.1/ok</loc></url></urlset>").encode()
    _, links = parse_sitemap(body, "http://127.0.0.1/")
    feed = parse_feed(body.replace(b"urlset", b"rss").replace(b"<url><loc>", b"<item><link>")
                      .replace(b"</loc></url>", b"</link></item>"), "http://127.0.0.1/")
    _assert_safe(links + feed)
    assert all(big not in link.url for link in links + feed)


def test_gzipped_sitemap_bomb_is_refused():
    import gzip

    body = gzip.compress(b"<urlset>" + b" " * (60 * 2**20) + b"</urlset>", compresslevel=1)
    assert parse_sitemap(body, "http://127.0.0.1/") == ("urlset", [])
    assert parse_feed(body, "http://127.0.0.1/") == []


def test_decompression_limit_maps_to_too_large():
    """Scrapy's compression middleware refuses a body that inflates past the limit with a
    bare IgnoreRequest; ours raises TooLarge, classified by type."""
    import gzip

    from scrapy.http import HtmlResponse, Request
    from scrapy.utils.test import get_crawler
    from twisted.python.failure import Failure

    from newscrawl.crawl.middlewares import HttpCompressionMiddleware
    from newscrawl.crawl.reasons import TooLarge, failure_reason

    crawler = get_crawler(settings_dict={"DOWNLOAD_MAXSIZE": 1024 * 1024})
    middleware = HttpCompressionMiddleware.from_crawler(crawler)
    body = gzip.compress(b"<html>" + b" " * (4 * 1024 * 1024) + b"</html>")
    response = HtmlResponse("http://127.0.0.1/bomb", body=body, headers={"Content-Encoding": "gzip"})
    with pytest.raises(TooLarge) as refused:
        middleware.process_response(Request("http://127.0.0.1/bomb"), response)
    reason, detail = failure_reason(Failure(refused.value))
    assert reason == "too_large"
    assert detail.startswith("its body (")
