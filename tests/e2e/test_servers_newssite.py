"""The generated sample news site (tests/servers/newssite.py), run as a subprocess."""

from __future__ import annotations

import email.utils
import json
import re
import urllib.error
import urllib.request
import xml.etree.ElementTree as ET
from datetime import datetime

import pytest

from tests.servers.newssite import NewsSite

ARTICLE_RE = re.compile(r'href="((?:http://127\.0\.0\.1:\d+)?/\d{4}/\d{2}/[a-z0-9-]+\.html)"')
SM = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
NEWS = "{http://www.google.com/schemas/sitemap-news/0.9}"


def fetch(url: str, headers: dict[str, str] | None = None, method: str = "GET"):
    """(status, headers, body) without raising on HTTP errors (304 included)."""
    request = urllib.request.Request(url, headers=headers or {}, method=method)
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, response.headers, response.read()
    except urllib.error.HTTPError as err:
        with err:
            return err.code, err.headers, err.read()


def body_paragraphs(html: str) -> list[str]:
    """Paragraphs of an article's body container (either template)."""
    match = re.search(r'<(div|section) class="(?:article-body|story-text)">(.*?)</\1>', html, re.S)
    assert match, "no article body container"
    return re.findall(r"<p>([^<]+)</p>", match.group(2))


def article_links(html: str) -> list[str]:
    return list(dict.fromkeys(ARTICLE_RE.findall(html)))


@pytest.fixture(scope="module")
def site():
    """A site for read-only tests (tests that mutate it start their own)."""
    with NewsSite() as server:
        yield server


def test_starts_and_serves_home(site):
    assert re.fullmatch(r"http://127\.0\.0\.1:\d+/", site.base_url)
    status, headers, body = fetch(site.url("/"))
    assert status == 200
    assert headers["Content-Type"].startswith("text/html")
    html = body.decode()
    links = article_links(html)
    assert len(links) == 10
    newest = [a["path"] for a in site.articles()[:10]]
    assert links == newest
    for target in ("/section/world/", "/section/business/", "/section/sport/", "/about.html",
                   "/private/"):
        assert f'href="{target}' in html
    assert re.search(r'href="/tag/[a-z-]+/"', html) and re.search(r'href="/author/[a-z-]+/"', html)


def test_sections_paginate(site):
    seen: list[str] = []
    path = "/section/world/"
    pages = 0
    while path:
        status, _, body = fetch(site.url(path))
        assert status == 200
        html = body.decode()
        links = article_links(html)
        assert 1 <= len(links) <= 8
        assert html.count('class="teaser"') == len(links)
        seen += links
        pages += 1
        match = re.search(r'<a rel="next" class="next" href="([^"]+)"', html)
        path = match.group(1) if match else None
    assert pages == 2
    expected = [a["path"] for a in site.articles() if a["section"] == "world"]
    assert seen == expected and len(seen) == 10
    assert fetch(site.url("/section/world/page/3/"))[0] == 404
    assert fetch(site.url("/section/nope/"))[0] == 404


def test_article_templates(site):
    articles = site.articles()
    by_template = {a["template"]: a for a in articles}
    assert set(by_template) == {"A", "B"}
    html_a = fetch(by_template["A"]["url"])[2].decode()
    assert '"@type": "NewsArticle"' in html_a and 'class="article-body"' in html_a
    ld = json.loads(re.search(r'<script type="application/ld\+json">(.*?)</script>', html_a).group(1))
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+02:00", ld["datePublished"])
    assert ld["dateModified"] == by_template["A"]["modified"]
    assert ld["headline"] and ld["author"]["name"] and ld["articleSection"] and ld["keywords"]
    status, headers, body = fetch(by_template["B"]["url"])
    html_b = body.decode()
    assert "application/ld+json" not in html_b
    assert 'class="standfirst"' in html_b and 'class="story-text"' in html_b
    assert 'property="article:published_time"' in html_b
    last_modified = email.utils.parsedate_to_datetime(headers["Last-Modified"])
    assert last_modified == datetime.fromisoformat(by_template["B"]["modified"])
    for html, info in ((html_a, by_template["A"]), (html_b, by_template["B"])):
        assert f'<link rel="canonical" href="{info["url"]}">' in html
        assert "/tag/" in html and "/author/" in html
        paragraphs = body_paragraphs(html)
        assert 6 <= len(paragraphs) <= 10
        assert 280 <= sum(len(p.split()) for p in paragraphs) <= 520
    # Every article's text is distinct.
    texts = {" ".join(body_paragraphs(fetch(a["url"])[2].decode())) for a in articles[:8]}
    assert len(texts) == 8


def test_robots_and_private(site):
    status, _, body = fetch(site.url("/robots.txt"))
    assert status == 200
    text = body.decode()
    assert "User-agent: *\nDisallow: /private/\n" in text
    assert f"Sitemap: {site.url('/sitemap_index.xml')}" in text.splitlines()
    assert fetch(site.url("/private/drafts.html"))[0] == 200


def test_feed(site):
    status, headers, body = fetch(site.url("/rss.xml"))
    assert status == 200 and "xml" in headers["Content-Type"]
    items = ET.fromstring(body).findall("./channel/item")
    assert len(items) == 20
    assert [i.findtext("link") for i in items] == [a["url"] for a in site.articles()[:20]]
    for item in items:
        assert email.utils.parsedate_to_datetime(item.findtext("pubDate")).tzinfo is not None


def test_sitemaps(site):
    index = ET.fromstring(fetch(site.url("/sitemap_index.xml"))[2])
    locs = [e.text for e in index.iter(f"{SM}loc")]
    assert site.url("/sitemap-news.xml") in locs and site.url("/sitemap-pages.xml") in locs
    news = ET.fromstring(fetch(site.url("/sitemap-news.xml"))[2])
    urls = news.findall(f"{SM}url")
    assert {u.findtext(f"{SM}loc") for u in urls} == {a["url"] for a in site.articles()}
    for url in urls:
        assert url.findtext(f"{SM}lastmod")
        assert url.findtext(f"{NEWS}news/{NEWS}publication_date")
        assert url.findtext(f"{NEWS}news/{NEWS}title")
    pages = ET.fromstring(fetch(site.url("/sitemap-pages.xml"))[2])
    assert site.url("/about.html") in [e.text for e in pages.iter(f"{SM}loc")]


@pytest.mark.parametrize("path", ["/", "/rss.xml", "/sitemap-news.xml", "/section/sport/"])
def test_conditional_get(site, path):
    status, headers, _ = fetch(site.url(path))
    assert status == 200 and headers["ETag"] and headers["Last-Modified"]
    status, headers304, body = fetch(site.url(path), {"If-None-Match": headers["ETag"]})
    assert status == 304 and body == b"" and headers304["ETag"] == headers["ETag"]
    assert fetch(site.url(path), {"If-Modified-Since": headers["Last-Modified"]})[0] == 304
    assert fetch(site.url(path), {"If-None-Match": '"stale"'})[0] == 200
    assert fetch(site.url(path), {"If-Modified-Since": "Mon, 01 Jan 2024 00:00:00 GMT"})[0] == 200


def test_log_records_paths():
    with NewsSite(articles=5) as site:
        site.reset_log()
        fetch(site.url("/"))
        fetch(site.url("/rss.xml?x=1"))
        status, headers, _ = fetch(site.url("/sitemap-news.xml"))
        fetch(site.url("/sitemap-news.xml"), {"If-None-Match": headers["ETag"]})
        fetch(site.url("/missing"), method="HEAD")
        site.articles()  # control requests are not logged
        assert site.log() == ["/", "/rss.xml?x=1", "/sitemap-news.xml", "/sitemap-news.xml", "/missing"]
        detail = site.log(detail=True)
        assert [e["not_modified"] for e in detail] == [False, False, False, True, False]
        assert detail[-1]["method"] == "HEAD" and detail[-1]["status"] == 404
        site.reset_log()
        assert site.log() == []


def test_add_and_update():
    with NewsSite() as site:
        before = site.articles()
        _, feed_headers, _ = fetch(site.url("/rss.xml"))
        _, home_headers, _ = fetch(site.url("/"))
        added = site.add_articles(3)
        after = site.articles()
        assert len(after) == 33
        assert [a["url"] for a in after[:3]] == added[::-1]
        assert {a["url"] for a in after} - {a["url"] for a in before} == set(added)
        first_item = ET.fromstring(fetch(site.url("/rss.xml"))[2]).find("./channel/item")
        assert first_item.findtext("link") == after[0]["url"]
        assert first_item.findtext("link") not in {a["url"] for a in before}
        assert fetch(site.url("/rss.xml"), {"If-None-Match": feed_headers["ETag"]})[0] == 200
        assert fetch(site.url("/"), {"If-None-Match": home_headers["ETag"]})[0] == 200
        assert after[0]["path"] in article_links(fetch(site.url("/"))[2].decode())
        for url in added:
            assert fetch(url)[0] == 200

        target = after[-1]
        old_html = fetch(target["url"])[2]
        updated = site.update_article(target["slug"])
        assert updated["modified"] > max(a["modified"] for a in after)
        assert updated["version"] == 1 and updated["url"] == target["url"]
        assert fetch(target["url"])[2] != old_html
        news = ET.fromstring(fetch(site.url("/sitemap-news.xml"))[2])
        lastmods = {u.findtext(f"{SM}loc"): u.findtext(f"{SM}lastmod") for u in news.findall(f"{SM}url")}
        assert lastmods[target["url"]] == updated["modified"]
        status, _, _ = fetch(site.url("/_control/update?slug=nope"))
        assert status == 404


def test_deterministic_per_seed():
    with NewsSite(articles=4, seed=7) as one, NewsSite(articles=4, seed=7) as two, \
            NewsSite(articles=4, seed=8) as other:
        a, b, c = one.articles(), two.articles(), other.articles()
        assert [x["path"] for x in a] == [x["path"] for x in b] != [x["path"] for x in c]
        page = fetch(a[0]["url"])[2].replace(one.base_url.encode(), b"")
        assert page == fetch(b[0]["url"])[2].replace(two.base_url.encode(), b"")


def test_trafilatura_sees_articles(site):
    trafilatura = pytest.importorskip("trafilatura")
    for info in site.articles()[:2]:
        html = fetch(info["url"])[2].decode()
        result = json.loads(trafilatura.extract(html, url=info["url"], output_format="json",
                                                with_metadata=True))
        assert result["title"] == info["headline"]
        assert result["date"] == info["published"][:10]
        assert 280 <= len(result["text"].split()) <= 540
        assert "Most read" not in result["text"]
