"""The test servers themselves: tests/servers/mock.py (subprocess) and newscrawl.demo.server."""

from __future__ import annotations

import http.client
import json
import urllib.error
import urllib.request
from pathlib import Path
from urllib.parse import urlsplit

import pytest

PAGES_DIR = Path(__file__).resolve().parents[1] / "fixtures" / "pages"


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def fetch(url: str, follow: bool = True, timeout: float = 10):
    """(status, headers, body) without raising on HTTP errors."""
    opener = urllib.request.build_opener() if follow else urllib.request.build_opener(_NoRedirect)
    try:
        with opener.open(url, timeout=timeout) as response:
            return response.status, response.headers, response.read()
    except urllib.error.HTTPError as err:
        with err:
            return err.code, err.headers, err.read()


def test_starts_and_serves_a_demo_page(mockserver):
    assert mockserver.base_url.startswith("http://127.0.0.1:")
    assert mockserver.base_url.endswith("/")
    status, headers, body = fetch(mockserver.url("/demo/news/harbour-ferries-go-electric.html"))
    assert status == 200
    assert headers["Content-Type"] == "text/html; charset=utf-8"
    assert b"Harbour ferry fleet to go fully electric" in body
    assert b'"@type": "NewsArticle"' in body


def test_demo_index_and_directory_redirect(mockserver):
    status, _, body = fetch(mockserver.url("/demo/"))
    assert status == 200 and b"The Harbour Herald" in body
    status, headers, _ = fetch(mockserver.url("/demo/world"), follow=False)
    assert status == 301 and headers["Location"] == "/demo/world/"


@pytest.mark.parametrize("path", [
    "/demo/news/no-such-article.html",
    "/pages/no-such-fixture.html",
    "/nowhere",
    "/demo/%2e%2e/tests/servers/mock.py",  # no escaping the served folder
])
def test_missing_files_are_404(mockserver, path):
    status, _, _ = fetch(mockserver.url(path))
    assert status == 404


def test_status_codes(mockserver):
    status, headers, body = fetch(mockserver.url("/status/500"))
    assert status == 500 and b"500" in body and headers["Content-Type"].startswith("text/html")
    assert fetch(mockserver.url("/status/404"))[0] == 404
    assert fetch(mockserver.url("/status/204"))[0] == 204


def test_redirect_chain(mockserver):
    status, headers, _ = fetch(mockserver.url("/redirect/3"), follow=False)
    assert status == 302 and headers["Location"] == "/redirect/2"
    status, headers, _ = fetch(mockserver.url("/redirect/1"), follow=False)
    assert status == 302 and headers["Location"] == "/pages/jsonld-article.html"

    mockserver.reset_log()
    status, _, body = fetch(mockserver.url("/redirect/3?to=/demo/index.html"))
    assert status == 200 and b"The Harbour Herald" in body
    assert mockserver.log() == [
        "/redirect/3?to=/demo/index.html",
        "/redirect/2?to=/demo/index.html",
        "/redirect/1?to=/demo/index.html",
        "/demo/index.html",
    ]


def test_redirect_loop(mockserver):
    status, headers, _ = fetch(mockserver.url("/redirect-loop"), follow=False)
    assert status == 302 and headers["Location"] == "/redirect-loop"


def test_log_records_paths(mockserver):
    mockserver.reset_log()
    assert mockserver.log() == []
    fetch(mockserver.url("/robots.txt"))
    fetch(mockserver.url("/demo/robots.txt"))
    fetch(mockserver.url("/status/503"))
    status, headers, body = fetch(mockserver.url("/log"))
    assert headers["Content-Type"] == "application/json"
    assert json.loads(body) == ["/robots.txt", "/demo/robots.txt", "/status/503"]


def test_robots_and_private(mockserver):
    _, _, body = fetch(mockserver.url("/robots.txt"))
    assert body == b"User-agent: *\nDisallow: /private/\n"
    status, _, body = fetch(mockserver.url("/private/secret.html"))
    assert status == 200 and b"<article>" in body


def test_odd_content(mockserver):
    status, headers, body = fetch(mockserver.url("/empty"))
    assert (status, body, headers["Content-Type"]) == (200, b"", "text/html; charset=utf-8")

    _, headers, body = fetch(mockserver.url("/binary"))
    assert headers["Content-Type"] == "application/octet-stream" and len(body) > 1000
    assert fetch(mockserver.url("/binary"))[2] == body  # deterministic

    _, headers, body = fetch(mockserver.url("/pdf"))
    assert headers["Content-Type"] == "application/pdf" and body.startswith(b"%PDF-")

    _, headers, body = fetch(mockserver.url("/image.png"))
    assert headers["Content-Type"] == "image/png" and body.startswith(b"\x89PNG\r\n\x1a\n")

    _, headers, body = fetch(mockserver.url("/bad-bytes"))
    assert headers["Content-Type"] == "text/html; charset=utf-8"
    with pytest.raises(UnicodeDecodeError):
        body.decode("utf-8")

    _, headers, body = fetch(mockserver.url("/cp1257"))
    assert headers["Content-Type"] == "text/html"
    assert b'charset="windows-1257"' in body
    assert "Vilniuje atidarytas naujas tiltas per Nerį" in body.decode("cp1257")


def test_big_page_has_exact_length(mockserver):
    status, headers, body = fetch(mockserver.url("/big?mb=2"), timeout=30)
    assert status == 200
    assert int(headers["Content-Length"]) == len(body)
    assert 1.9 * 2**20 < len(body) <= 2 * 2**20
    assert body.rstrip().endswith(b"</html>")


def test_slow_answers_after_the_delay(mockserver):
    with pytest.raises(TimeoutError):
        fetch(mockserver.url("/slow?seconds=3"), timeout=0.5)
    status, _, body = fetch(mockserver.url("/slow?seconds=0.2"))
    assert status == 200 and b"slow page" in body


def test_pages_charset_override(mockserver):
    fixtures = sorted(p.name for p in PAGES_DIR.glob("*.html"))
    if not fixtures:
        pytest.skip("no fixture pages in tests/fixtures/pages/ yet")
    status, headers, _ = fetch(mockserver.url(f"/pages/{fixtures[0]}?charset=iso-8859-1"))
    assert status == 200 and headers["Content-Type"] == "text/html; charset=iso-8859-1"
    _, headers, _ = fetch(mockserver.url(f"/pages/{fixtures[0]}"))
    assert headers["Content-Type"] == "text/html; charset=utf-8"


def test_head_request_has_no_body(mockserver):
    parts = urlsplit(mockserver.base_url)
    conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=10)
    try:
        conn.request("HEAD", "/demo/index.html")
        response = conn.getresponse()
        assert response.status == 200
        assert int(response.getheader("Content-Length")) > 1000
        assert response.read() == b""
    finally:
        conn.close()


# ---------------------------------------------------------------------------- SampleSite


def test_sample_site_serves_the_demo_site():
    from newscrawl.demo.server import SampleSite

    with SampleSite() as site:
        assert site.base_url.startswith("http://127.0.0.1:") and site.base_url.endswith("/")
        status, headers, body = fetch(site.base_url)
        assert status == 200 and b"The Harbour Herald" in body
        assert headers["Content-Type"] == "text/html; charset=utf-8"
        assert fetch(site.url("/robots.txt"))[2].startswith(b"User-agent: *")
        assert fetch(site.url("/nope.html"))[0] == 404
    with pytest.raises(OSError):
        fetch(site.base_url, timeout=2)  # stopped


def test_sample_site_custom_root(tmp_path):
    from newscrawl.demo.server import SampleSite

    (tmp_path / "hello.html").write_text("<p>hi</p>", encoding="utf-8")
    site = SampleSite(tmp_path)
    try:
        assert fetch(site.url("hello.html"))[2] == b"<p>hi</p>"
    finally:
        site.stop()
    site.stop()  # idempotent


def test_article_urls_are_the_six_demo_articles():
    from newscrawl.demo.server import SampleSite, article_urls

    with SampleSite() as site:
        urls = article_urls(site.base_url)
        assert len(urls) == 6 == len(set(urls))
        for url in urls:
            assert url.startswith(site.base_url + "news/") and url.endswith(".html")
            status, _, body = fetch(url)
            assert status == 200 and b"<h1" in body


def test_article_urls_under_the_mockserver_prefix(mockserver):
    from newscrawl.demo.server import article_urls

    urls = article_urls(mockserver.url("/demo/"))
    assert len(urls) == 6
    assert all(fetch(url)[0] == 200 for url in urls)
