"""A configured news site as the crawl sees it: frozen, validated values (`SiteConfig`
with its [crawl] politeness and [extract] selector overrides). Built only by
newscrawl.sites.loader from the sites file."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from newscrawl.extraction.options import ExtractOptions

ROBOTS = "robots"



def _is_xpath(selector: str) -> bool:
    return selector.lstrip().startswith(("/", "("))


def _selector_xpath(selector: str) -> str:
    """XPath of a selector: XPath kept as given, CSS translated (HTML rules: element
    names are matched lower-case, as lxml parses HTML)."""
    if _is_xpath(selector):
        return selector.strip()
    from cssselect import HTMLTranslator

    return HTMLTranslator().css_to_xpath(selector.strip())


def check_selector(selector: str) -> str:
    """The XPath of a valid selector; ValueError saying what is wrong otherwise."""
    from cssselect import SelectorError
    from lxml import etree

    if not selector.strip():
        raise ValueError("empty selector")
    try:
        xpath = _selector_xpath(selector)
    except SelectorError as exc:
        hint = " (an XPath starts with '/' or '(')" if "/" in selector else ""
        raise ValueError(f"bad CSS selector {selector!r}: {exc}{hint}") from None
    kind = "XPath" if _is_xpath(selector) else "CSS selector"
    try:
        result = etree.XPath(xpath)(etree.fromstring("<html><body/></html>"))
    except (etree.XPathError, ValueError) as exc:
        raise ValueError(f"bad {kind} {selector!r}: {exc}") from None
    if not isinstance(result, list):
        raise ValueError(f"bad {kind} {selector!r}: must select elements, not compute a value")
    return xpath


@dataclass(frozen=True)
class ExtractOverrides:
    """Per-site extraction overrides, for sites where generic extraction fails.

    Selectors are kept as written; CSS is translated to XPath on request.
    """

    body: str | None = None              # the article body element (CSS or XPath)
    drop: tuple[str, ...] = ()           # elements removed before extraction
    favor_precision: bool | None = None  # None: the NEWSCRAWL_FAVOR_PRECISION setting

    def options(self, *, favor_precision: bool = False, keep_all: bool = False) -> ExtractOptions:
        """The extraction options of this site's pages (the arguments are the crawl's
        settings; the site's own `favor_precision` wins over the setting)."""
        if self.favor_precision is not None:
            favor_precision = self.favor_precision
        return ExtractOptions(favor_precision=favor_precision, body_xpath=self.body_xpath(),
                              drop_xpaths=self.drop_xpaths(), keep_all=keep_all)

    def body_xpath(self) -> str | None:
        return None if self.body is None else _selector_xpath(self.body)

    def drop_xpaths(self) -> tuple[str, ...]:
        return tuple(_selector_xpath(selector) for selector in self.drop)


@dataclass(frozen=True)
class CrawlOverrides:
    """Per-site politeness overrides; None keeps the global setting."""

    download_delay: float | None = None  # DOWNLOAD_DELAY, seconds
    concurrency: int | None = None       # CONCURRENT_REQUESTS_PER_DOMAIN
    autothrottle: bool | None = None     # AUTOTHROTTLE_ENABLED


def _path_and_query(url: str) -> str | None:
    try:
        parts = urlsplit(url)
    except ValueError:
        return None
    return parts.path + ("?" + parts.query if parts.query else "")


def _origin(url: str) -> str:
    """scheme://host[:port] of an absolute URL, without user info, lower-case."""
    parts = urlsplit(url)
    return f"{parts.scheme.lower()}://{parts.netloc.rpartition('@')[2].lower()}"


@dataclass(frozen=True)
class SiteConfig:
    """One validated site of the sites file."""

    name: str
    start_urls: tuple[str, ...] = ()
    feeds: tuple[str, ...] = ()
    sitemaps: tuple[str, ...] = ()          # absolute URLs, or the literal "robots"
    follow: tuple[re.Pattern, ...] = ()
    deny: tuple[re.Pattern, ...] = ()
    article: tuple[re.Pattern, ...] = ()
    max_depth: int = 3
    language: str | None = None
    allowed_domains: tuple[str, ...] = ()   # hosts of all URLs + the optional key; sorted
    crawl: CrawlOverrides = field(default_factory=CrawlOverrides)
    extract: ExtractOverrides = field(default_factory=ExtractOverrides)

    def sitemap_urls(self) -> list[str]:
        """The sitemap URLs to read, "robots" expanded to the robots.txt of every start
        page and feed host (in order, each once); Scrapy reads sitemaps from robots.txt."""
        urls: list[str] = []
        for entry in self.sitemaps:
            if entry == ROBOTS:
                urls.extend(_origin(url) + "/robots.txt" for url in (*self.start_urls, *self.feeds))
            else:
                urls.append(entry)
        return list(dict.fromkeys(urls))

    def _denied(self, target: str) -> bool:
        return any(pattern.search(target) for pattern in self.deny)

    def is_denied(self, url: str) -> bool:
        """Whether a `deny` regex is found in the URL's path and query (or it has none)."""
        target = _path_and_query(url)
        return target is None or self._denied(target)

    def is_article(self, url: str) -> bool:
        """Whether an `article` regex is found in the URL's path and query, and no `deny`
        regex is. Always False when the site has no article regexes."""
        target = _path_and_query(url)
        if target is None or not self.article:
            return False
        return any(pattern.search(target) for pattern in self.article) and not self._denied(target)

    def should_follow(self, url: str) -> bool:
        """Whether a link is worth following as a listing page: no `deny` regex is found
        in its path and query, and a `follow` regex is (any link when there are none).
        Article URLs are handled separately (see is_article)."""
        target = _path_and_query(url)
        if target is None or self._denied(target):
            return False
        return not self.follow or any(pattern.search(target) for pattern in self.follow)


