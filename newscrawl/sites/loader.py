"""The sites file: loading and validating the news sites a scheduled crawl visits.

This module is the one place site configuration enters the crawl. `load_sites` reads
a TOML file (by default `sites.toml`, see `sites.example.toml`), checks every key and
value, and returns frozen `SiteConfig` objects; the `news` spider, the CLI (`crawl`,
`sites`) and the per-site Scrapy settings only ever see these validated objects.

    [sites.harbour-herald]
    start_urls = ["https://example.org/"]     # home and section pages
    feeds = ["https://example.org/rss.xml"]    # RSS / Atom
    sitemaps = ["robots"]                      # sitemap URLs, or "robots" (from robots.txt)
    follow = ['/section/']                     # regexes: links worth following
    deny = ['/tag/', '/author/']               # regexes: never follow
    article = ['/\\d{4}/\\d{2}/[\\w-]+\\.html$']   # regexes: article pages
    max_depth = 3
    language = "en"
    allowed_domains = ["cdn.example.org"]
    [sites.harbour-herald.crawl]               # politeness overrides
    download_delay = 1.0
    concurrency = 4
    autothrottle = true
    [sites.harbour-herald.extract]             # where generic extraction fails
    body = "div.article-body"                  # CSS, or XPath when it starts with / or (
    drop = [".related", "//aside"]
    favor_precision = true                     # less but surer text (default: the setting)

Every problem is a `SitesFileError` (a ValueError) whose message is one line naming
the file, the site and the key, e.g.
``sites.toml: site 'harbour-herald': unknown key 'folow' (did you mean 'follow'?)``.

URL patterns (`follow`, `deny`, `article`) are Python regexes *searched* in the URL's
path and query (``/2024/05/storm.html?page=2``), never its scheme or host. `article`
is optional: when it is empty, no URL is recognised as an article by pattern, and every
page reached from a start page that may be followed (not denied, matching `follow` if
given) is treated as a candidate article (the extractor decides, and non-articles are
dropped as such).

Lists accept a single string for a one-item list; `language` is lower-cased; a UTF-8
byte-order mark is ignored. Everything else is strict: unknown keys (with a
"did you mean" suggestion), wrong types (booleans are not integers), out-of-range
numbers, relative or non-http(s) URLs, bad regexes and bad selectors are errors.
"""

from __future__ import annotations

import difflib
import math
import os
import re
from typing import Any
from urllib.parse import urlsplit

from newscrawl.sites.model import (
    ROBOTS,
    CrawlOverrides,
    ExtractOverrides,
    SiteConfig,
    check_selector,
)
from newscrawl.sites.toml_file import (
    SitesFileError,
    parse_toml,
    read_text,
    table_header,
)

SITE_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]*")
LANGUAGE = re.compile(r"[A-Za-z]{2}")
HOSTNAME = re.compile(r"^(?=.{1,253}$)[a-z0-9_]([a-z0-9_-]{0,61}[a-z0-9_])?(\.[a-z0-9_]([a-z0-9_-]{0,61}[a-z0-9_])?)*$")
MAX_DEPTH_RANGE = (0, 20)
CONCURRENCY_RANGE = (1, 64)

SITE_KEYS = ("start_urls", "feeds", "sitemaps", "follow", "deny", "article", "max_depth",
             "language", "allowed_domains", "crawl", "extract")
CRAWL_KEYS = ("download_delay", "concurrency", "autothrottle")
EXTRACT_KEYS = ("body", "drop", "favor_precision")
TOP_LEVEL_KEYS = ("sites",)

# loading


def _suggest(key: str, known: tuple[str, ...], prefix: str = "") -> str:
    close = difflib.get_close_matches(key, known, n=1, cutoff=0.6)
    return f" (did you mean {prefix + close[0]!r}?)" if close else ""


def _type_name(value: Any) -> str:
    return {bool: "boolean", int: "integer", float: "float", str: "string", list: "list",
            dict: "table"}.get(type(value), type(value).__name__)


class _Site:
    """Validation of one site's table; errors name the file, the site and the key."""

    def __init__(self, path: str, name: str, table: dict):
        self.path, self.name, self.table = path, name, table

    def error(self, detail: str, key: str | None = None) -> SitesFileError:
        return SitesFileError(detail, self.path, self.name, key)

    def check_keys(self, table: dict, known: tuple[str, ...], prefix: str = "") -> None:
        for key in table:
            if key not in known:
                raise self.error(f"unknown key {prefix + key!r}{_suggest(key, known, prefix)}")

    def strings(self, table: dict, key: str, label: str) -> list[str]:
        value = table.get(key, [])
        if isinstance(value, str):
            value = [value]
        if not isinstance(value, list):
            raise self.error(f"must be a list of strings, not {_type_name(value)}", label)
        for number, item in enumerate(value, 1):
            if not isinstance(item, str):
                raise self.error(f"item {number} must be a string, not {_type_name(item)}", label)
            if not item.strip():
                raise self.error(f"item {number} is empty", label)
        return [item.strip() for item in value]

    def urls(self, key: str) -> tuple[str, ...]:
        urls = []
        for url in self.strings(self.table, key, key):
            if key == "sitemaps" and url.lower() == ROBOTS:
                urls.append(ROBOTS)
                continue
            if not _absolute_http_url(url):
                raise self.error(f"not an absolute http(s) URL: {url!r}", key)
            urls.append(url)
        return tuple(dict.fromkeys(urls))

    def regexes(self, key: str) -> tuple[re.Pattern, ...]:
        patterns = []
        for text in self.strings(self.table, key, key):
            try:
                patterns.append(re.compile(text))
            except (re.error, OverflowError, RecursionError, ValueError) as exc:
                raise self.error(f"bad regex {text!r}: {exc}", key) from None
        return tuple(patterns)

    def integer(self, table: dict, key: str, label: str, low: int, high: int) -> int | None:
        value = table.get(key)
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, int):
            raise self.error(f"must be an integer from {low} to {high}, not {_type_name(value)}", label)
        if not low <= value <= high:
            raise self.error(f"must be an integer from {low} to {high}, not {value}", label)
        return value

    def subtable(self, key: str) -> dict:
        value = self.table.get(key, {})
        if not isinstance(value, dict):
            raise self.error(f"must be a table ([sites.{table_header(self.name)}.{key}]), not {_type_name(value)}", key)
        return value

    def build(self) -> SiteConfig:
        self.check_keys(self.table, SITE_KEYS)
        crawl_table, extract_table = self.subtable("crawl"), self.subtable("extract")
        self.check_keys(crawl_table, CRAWL_KEYS, "crawl.")
        self.check_keys(extract_table, EXTRACT_KEYS, "extract.")

        start_urls, feeds, sitemaps = self.urls("start_urls"), self.urls("feeds"), self.urls("sitemaps")
        if not (start_urls or feeds or sitemaps):
            raise self.error("no sources: give at least one of 'start_urls', 'feeds' or 'sitemaps'")
        if ROBOTS in sitemaps and not (start_urls or feeds):
            raise self.error("\"robots\" needs 'start_urls' or 'feeds' to know the hosts; "
                             "give the sitemap URLs instead", "sitemaps")

        max_depth = self.integer(self.table, "max_depth", "max_depth", *MAX_DEPTH_RANGE)
        language = self.table.get("language")
        if language is not None:
            if not isinstance(language, str) or not LANGUAGE.fullmatch(language):
                shown = repr(language) if isinstance(language, str) else _type_name(language)
                raise self.error(f"must be a two-letter ISO 639-1 code such as 'en', not {shown}", "language")
            language = language.lower()

        hosts = set()
        for url in (*start_urls, *feeds, *sitemaps):
            if url != ROBOTS:
                hosts.add(urlsplit(url).hostname)
        for host in self.strings(self.table, "allowed_domains", "allowed_domains"):
            if "://" in host and _absolute_http_url(host):  # a URL where a host was meant
                host = urlsplit(host).hostname or ""
            host = host.lower().rstrip(".")
            if not HOSTNAME.fullmatch(host):
                raise self.error(f"not a host name: {host!r}", "allowed_domains")
            hosts.add(host)

        return SiteConfig(
            name=self.name,
            start_urls=start_urls,
            feeds=feeds,
            sitemaps=sitemaps,
            follow=self.regexes("follow"),
            deny=self.regexes("deny"),
            article=self.regexes("article"),
            max_depth=3 if max_depth is None else max_depth,
            language=language,
            allowed_domains=tuple(sorted(hosts)),
            crawl=self.crawl(crawl_table),
            extract=self.extract(extract_table),
        )

    def crawl(self, table: dict) -> CrawlOverrides:
        delay = table.get("download_delay")
        if delay is not None:
            if isinstance(delay, bool) or not isinstance(delay, (int, float)):
                raise self.error(f"must be a number of seconds, not {_type_name(delay)}", "crawl.download_delay")
            if not math.isfinite(delay) or delay < 0:
                raise self.error(f"must be a finite number of seconds >= 0, not {delay}", "crawl.download_delay")
            delay = float(delay)
        autothrottle = table.get("autothrottle")
        if autothrottle is not None and not isinstance(autothrottle, bool):
            raise self.error(f"must be true or false, not {_type_name(autothrottle)}", "crawl.autothrottle")
        return CrawlOverrides(
            download_delay=delay,
            concurrency=self.integer(table, "concurrency", "crawl.concurrency", *CONCURRENCY_RANGE),
            autothrottle=autothrottle,
        )

    def extract(self, table: dict) -> ExtractOverrides:
        body = table.get("body")
        if body is not None:
            if not isinstance(body, str):
                raise self.error(f"must be a CSS selector or an XPath, not {_type_name(body)}", "extract.body")
            body = self.selector(body, "extract.body")
        drop = tuple(self.selector(selector, "extract.drop")
                     for selector in self.strings(table, "drop", "extract.drop"))
        favor_precision = table.get("favor_precision")
        if favor_precision is not None and not isinstance(favor_precision, bool):
            raise self.error(f"must be true or false, not {_type_name(favor_precision)}", "extract.favor_precision")
        return ExtractOverrides(body=body, drop=tuple(dict.fromkeys(drop)), favor_precision=favor_precision)

    def selector(self, selector: str, label: str) -> str:
        try:
            check_selector(selector)
        except ValueError as exc:
            raise self.error(str(exc), label) from None
        return selector.strip()


def _absolute_http_url(url: str) -> bool:
    if any(char.isspace() or ord(char) < 32 for char in url):
        return False
    try:
        parts = urlsplit(url)
        hostname = parts.hostname
        parts.port  # noqa: B018 - raises ValueError for a bad port
    except ValueError:
        return False
    return parts.scheme.lower() in ("http", "https") and bool(hostname)


def load_sites(path: str | os.PathLike) -> dict[str, SiteConfig]:
    """The sites of a sites file, by name, in file order; SitesFileError when the file is
    missing, unreadable, not TOML, or any site is invalid (the first problem found)."""
    shown = os.fspath(path)
    if isinstance(shown, bytes):
        shown = os.fsdecode(shown)
    document = parse_toml(shown, read_text(shown))
    for key in document:
        if key not in TOP_LEVEL_KEYS:
            hint = _suggest(key, TOP_LEVEL_KEYS) or " (sites are tables named [sites.NAME])"
            raise SitesFileError(f"unknown top-level key {key!r}{hint}", shown)
    sites = document.get("sites", {})
    if not isinstance(sites, dict):
        raise SitesFileError(f"'sites' must be a table of sites ([sites.NAME]), not {_type_name(sites)}", shown)
    if not sites:
        raise SitesFileError("no sites defined (add a [sites.NAME] table)", shown)
    configs = {}
    for name, table in sites.items():
        if not SITE_NAME.fullmatch(name):
            raise SitesFileError("invalid site name: use letters, digits, '_', '.' and '-', "
                                 "starting with a letter or digit", shown, name)
        if not isinstance(table, dict):
            raise SitesFileError(f"must be a table ([sites.{table_header(name)}]), not {_type_name(table)}", shown, name)
        configs[name] = _Site(shown, name, table).build()
    return configs


def select_sites(sites: dict[str, SiteConfig], names: list[str]) -> list[SiteConfig]:
    """The named sites in the order given (each once), or all of them when no name is
    given; SitesFileError for a name that is not configured."""
    if not names:
        return list(sites.values())
    for name in names:
        if name not in sites:
            configured = ", ".join(sites) or "none"
            raise SitesFileError(f"unknown site {name!r} (configured: {configured})")
    return [sites[name] for name in dict.fromkeys(names)]
