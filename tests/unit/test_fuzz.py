"""Property tests (hypothesis): the pure functions never fail on hostile input.

- `extract` on arbitrary text, bytes and randomly built HTML returns an Article or None,
  and never gets as far as its catch-all (an error logged there is a bug, hidden).
- `canonicalize_url` raises only ValueError and is idempotent on what it returns.
- `parse_feed` / `parse_sitemap` never raise on arbitrary bytes or random XML.
"""

from __future__ import annotations

import json
import logging
import string

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from newscrawl.article import Article
from newscrawl.crawl.discovery import Link, parse_feed, parse_sitemap
from newscrawl.extraction import extract
from newscrawl.normalize import canonicalize_url

FUZZ = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
URL = "http://127.0.0.1:8000/news/2024/03/fuzz.html"


class _Errors(logging.Handler):
    """Collects ERROR records of the extraction's catch-all (`extraction failed: ...`)."""

    def __init__(self):
        super().__init__(logging.ERROR)
        self.records: list[logging.LogRecord] = []

    def emit(self, record):
        self.records.append(record)


@pytest.fixture(scope="module")
def extraction_errors():
    handler = _Errors()
    logger = logging.getLogger("newscrawl.extraction")
    logger.addHandler(handler)
    try:
        yield handler
    finally:
        logger.removeHandler(handler)


def check_extract(page, errors: _Errors, **kwargs) -> None:
    before = len(errors.records)
    result = extract(page, URL, **kwargs)
    assert result is None or isinstance(result, Article)
    if len(errors.records) > before:
        record = errors.records[-1]
        detail = logging.Formatter().formatException(record.exc_info) if record.exc_info else record.getMessage()
        pytest.fail(f"extract hit its catch-all on {page!r:.300}:\n{detail}")


# ---------------------------------------------------------------- random HTML

TAGS = ["html", "head", "body", "div", "p", "span", "article", "main", "section", "header",
        "footer", "nav", "aside", "h1", "h2", "a", "ul", "li", "table", "tr", "td", "figure",
        "figcaption", "time", "blockquote", "pre", "code", "br", "img", "meta", "link", "title",
        "script", "style", "noscript", "template", "svg", "math", "iframe", "form", "textarea",
        "select", "option", "button", "b", "i", "em", "strong", "sup", "font", "center", "frameset"]
ATTRS = ["class", "id", "href", "src", "content", "property", "name", "lang", "itemprop", "itemtype",
         "itemscope", "datetime", "rel", "type", "hidden", "style", "aria-hidden", "role", "charset",
         "http-equiv", "dir"]
ATTR_VALUES = st.one_of(
    st.text(max_size=30),
    st.sampled_from(["article", "og:type", "og:title", "article:published_time", "author", "canonical",
                     "application/ld+json", "display:none", "true", "content", "byline", "headline",
                     "2024-03-05T10:00:00+02:00", "0000-00-00", "9999-99-99T99:99", "http://", "//",
                     "javascript:alert(1)", "https://schema.org/NewsArticle", "lt", "xx-YY", "utf-8",
                     "text/html; charset=klingon", "keywords", "og:url", "description", "nofollow"]),
)
TEXT = st.one_of(
    st.text(max_size=80),
    st.sampled_from(["Lorem ipsum dolor sit amet, consectetur adipiscing elit. " * 6,
                     "Šeštadienį Vilniuje atidarytas naujas tiltas. " * 5, "&amp;&lt;&#0;&#xD800;&#1114112;&bogus;",
                     "<!-- c -->", "<![CDATA[x]]>", "<?pi x?>", "\x00\x01\ufffe\ud800", "</p></div></body>",
                     "By Jane Doe | 5 March 2024"]),
)


def _json_values():
    scalars = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=False),
                        st.text(max_size=20),
                        st.sampled_from(["NewsArticle", "Article", "Person", "2024-03-05", "@graph", "ItemList"]))
    return st.recursive(scalars, lambda inner: st.one_of(
        st.lists(inner, max_size=4),
        st.dictionaries(st.sampled_from(["@type", "@graph", "@context", "headline", "author", "name",
                                         "datePublished", "dateModified", "publisher", "articleBody",
                                         "keywords", "image", "url", "mainEntityOfPage", "articleSection",
                                         "isAccessibleForFree", "inLanguage", "description", "itemListElement"]),
                        inner, max_size=6)), max_leaves=20)


@st.composite
def jsonld_script(draw):
    value = draw(_json_values())
    raw = json.dumps(value) if draw(st.booleans()) else draw(st.text(max_size=60))
    return f'<script type="application/ld+json">{raw}</script>'


@st.composite
def element(draw, depth=0):
    tag = draw(st.sampled_from(TAGS))
    attrs = draw(st.lists(st.tuples(st.sampled_from(ATTRS), ATTR_VALUES), max_size=3))
    attr_text = "".join(f' {name}="{value.replace(chr(34), "&quot;")}"' for name, value in attrs)
    children = []
    if depth < 4:
        children = draw(st.lists(st.one_of(TEXT, jsonld_script(), element(depth=depth + 1)), max_size=4))
    close = draw(st.sampled_from([f"</{tag}>", f"</{tag}>", "", "</div>"]))
    return f"<{tag}{attr_text}>" + "".join(children) + close


@st.composite
def html_page(draw):
    prefix = draw(st.sampled_from(["", "<!DOCTYPE html>", "\ufeff", "<?xml version='1.0'?>", "<html>"]))
    body = "".join(draw(st.lists(element(), min_size=1, max_size=5)))
    return prefix + body


@FUZZ
@given(page=st.text())
def test_extract_arbitrary_text(page, extraction_errors):
    check_extract(page, extraction_errors)


@FUZZ
@given(page=st.binary(), content_type=st.one_of(st.none(), st.sampled_from(
    ["text/html", "text/html; charset=utf-8", "text/html; charset=windows-1257", "text/html; charset=bogus",
     "text/html; charset=utf-16", "text/plain; charset=", "application/xhtml+xml; charset=\"latin1\""]),
    st.text(max_size=30)))
def test_extract_arbitrary_bytes(page, content_type, extraction_errors):
    check_extract(page, extraction_errors, content_type=content_type)


@FUZZ
@given(page=html_page(), encoding=st.sampled_from([None, "utf-8", "cp1257", "utf-16"]))
def test_extract_random_html(page, encoding, extraction_errors):
    data = page if encoding is None else page.encode(encoding, errors="surrogatepass" if encoding != "cp1257" else "replace")
    check_extract(data, extraction_errors)


@FUZZ
@given(page=html_page(), body_xpath=st.sampled_from([None, "//article", "//p", "//div[@class='content']"]),
       drop=st.lists(st.sampled_from(["//aside", "//nav", "//script", "//p[1]", "/html", "//body"]), max_size=2))
def test_extract_random_html_with_site_overrides(page, body_xpath, drop, extraction_errors):
    check_extract(page, extraction_errors, body_xpath=body_xpath, drop_xpaths=drop)


# ---------------------------------------------------------------- canonicalize_url

@st.composite
def url_like(draw):
    scheme = draw(st.sampled_from(["http", "https", "HTTP", "hTTps", "ftp", "", "javascript", "data"]))
    sep = draw(st.sampled_from(["://", "://", ":", ":///", "//", ""]))
    userinfo = draw(st.sampled_from(["", "", "user@", "user:pa ss@", "@", ":@"]))
    host = draw(st.one_of(
        st.sampled_from(["example.org", "WWW.Example.ORG.", "127.0.0.1", "[::1]", "[fe80::1%25eth0]", "[::1",
                         "münchen.de", "xn--mnchen-3ya.de", "a..b", ".", "", "-x-.org", "ex ample.org",
                         "exa%41mple.org", "1.2.3.4.5", "0x7f.1", "localhost", "\u3002.jp"]),
        st.text(alphabet=string.ascii_letters + string.digits + ".-_~%[]:@", max_size=20),
        st.text(max_size=10)))
    port = draw(st.sampled_from(["", "", ":80", ":443", ":8080", ":0", ":99999", ":", ":abc", ":-1", ": 80"]))
    path = draw(st.one_of(st.sampled_from(["", "/", "/a/../b/./c", "/%7Euser/ä ö", "/%zz%", "//x//", "/a%2Fb"]),
                          st.text(max_size=20).map(lambda t: "/" + t)))
    query = draw(st.lists(st.tuples(
        st.one_of(st.sampled_from(["utm_source", "UTM_Medium", "fbclid", "id", "q", "", "a b"]), st.text(max_size=8)),
        st.text(max_size=8)), max_size=4))
    query_text = ("?" + "&".join(f"{k}={v}" if v else k for k, v in query)) if query or draw(st.booleans()) else ""
    fragment = draw(st.sampled_from(["", "#", "#top", "#a?b=c"]))
    space = draw(st.sampled_from(["", " ", "\t", "\n", "\x00"]))
    return f"{space}{scheme}{sep}{userinfo}{host}{port}{path}{query_text}{fragment}{space}"


def check_canonical(url: str) -> None:
    try:
        once = canonicalize_url(url)
    except ValueError:
        return
    assert isinstance(once, str)
    assert canonicalize_url(once) == once, (url, once)


@FUZZ
@given(url=st.text())
def test_canonicalize_arbitrary_text(url):
    check_canonical(url)


@FUZZ
@given(url=url_like())
def test_canonicalize_url_like_text(url):
    check_canonical(url)


# ---------------------------------------------------------------- feeds and sitemaps

def check_discovery(body: bytes) -> None:
    links = parse_feed(body, URL)
    kind, sitemap_links = parse_sitemap(body, URL)
    assert kind in ("index", "urlset")
    assert all(isinstance(link, Link) and isinstance(link.url, str) for link in links + sitemap_links)


@FUZZ
@given(body=st.binary())
def test_discovery_arbitrary_bytes(body):
    check_discovery(body)


@st.composite
def feed_or_sitemap(draw):
    root = draw(st.sampled_from(["rss", "feed", "rdf:RDF", "urlset", "sitemapindex", "channel"]))
    entry = draw(st.sampled_from(["item", "entry", "url", "sitemap"]))
    fields = st.tuples(
        st.sampled_from(["link", "guid", "loc", "lastmod", "pubDate", "published", "updated", "dc:date",
                         "news:publication_date", "modified"]),
        st.lists(st.tuples(st.sampled_from(["href", "rel", "isPermaLink", "type"]),
                           st.one_of(st.sampled_from(["alternate", "self", "true", "false", "http://x/"]),
                                     st.text(alphabet=string.printable, max_size=12))), max_size=2),
        st.one_of(st.text(max_size=30), st.sampled_from([
            "http://example.org/a", "/relative", "  ", "2024-03-05", "Tue, 05 Mar 2024 10:00:00 +0200",
            "0000-00-00T00:00:00Z", "99999-01-01", "Mon, 32 Foo 2024 25:61:61 +9999", "2024-02-30T10:00:00+25:00",
            "1e308", "-1", "\x00", "&amp;", "]]>", "<![CDATA[http://example.org/cdata]]>", "&undefined;",
            "10000000000000000000000"])))
    entries = draw(st.lists(st.lists(fields, max_size=4), max_size=4))
    from xml.sax.saxutils import quoteattr

    def field(name, attrs, text):
        attr_text = "".join(f" {a}={quoteattr(v)}" for a, v in attrs)
        return f"<{name}{attr_text}>{text}</{name}>"

    body = "".join(f"<{entry}>" + "".join(field(*f) for f in e) + f"</{entry}>" for e in entries)
    ns = ' xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:dc="x" xmlns:news="y" xmlns:rdf="z"'
    text = f'<?xml version="1.0"?><{root}{ns}>{body}</{root}>'
    if draw(st.booleans()):
        cut = draw(st.integers(0, len(text)))
        text = text[:cut]
    return text.encode("utf-8", errors="surrogatepass")


@FUZZ
@given(body=feed_or_sitemap(), gz=st.booleans())
def test_discovery_random_feeds_and_sitemaps(body, gz):
    if gz:
        import gzip

        body = gzip.compress(body)[: len(body) if len(body) % 3 == 0 else None]  # sometimes truncated
    check_discovery(body)
