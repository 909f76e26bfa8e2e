"""Page metadata with a fixed precedence: JSON-LD, then meta/OpenGraph tags, then the page.

Builds a `PageMetadata` from the pristine tree (before cleaning removes bylines, time
elements and the like). Every field records the first source that gave a usable value:

    title        JSON-LD headline > og:title > twitter:title > <h1> > <title>
    description  JSON-LD description > og:description > meta description > twitter:description
                 (the lead element on the page is added later by `core.py` when all are absent)
    canonical    <link rel=canonical> > og:url > JSON-LD url > JSON-LD mainEntityOfPage
    site_name    og:site_name > JSON-LD publisher.name > application-name
    authors      JSON-LD author > article:author (names only) > meta author / dc.creator
                 > rel=author / itemprop=author elements
    published    JSON-LD datePublished > article:published_time & co > <time datetime>
                 > htmldate (only when nothing else gave a date)
    modified     JSON-LD dateModified > article:modified_time & co > <time> marked modified
    language     <html lang> > JSON-LD inLanguage > content-language > og:locale
                 (else detected from the body text by `core.py`)
    section      JSON-LD articleSection > article:section
    tags         JSON-LD keywords > article:tag > meta keywords
    image        og:image > JSON-LD image > twitter:image
    paywalled    JSON-LD isAccessibleForFree / hasPart
"""

from __future__ import annotations

import html
from dataclasses import dataclass, field
from datetime import datetime

from lxml.html import HtmlElement

from newscrawl.extraction.authors import clean_authors
from newscrawl.extraction.dates import (
    first_date,
    htmldate_published,
    time_element_dates,
)
from newscrawl.extraction.jsonld import JsonLd
from newscrawl.extraction.language import normalize_language
from newscrawl.extraction.meta import MetaTags
from newscrawl.extraction.tree import absolute_url, base_url, inline_text
from newscrawl.normalize import canonicalize_url, normalize_inline

ARTICLE_OG_TYPES = frozenset({"article", "news", "article:news", "blog", "blogposting"})
TITLE_SEPARATORS = (" | ", " - ", " – ", " — ", " :: ", " · ", " » ")

PUBLISHED_META = (
    "article:published_time", "og:article:published_time", "article:published",
    "datepublished", "pubdate", "publishdate", "publish-date", "publication_date",
    "dc.date.issued", "dcterms.issued", "dc.date", "dcterms.created", "date",
    "sailthru.date", "parsely-pub-date", "cxenseparse:recs:publishtime",
)
MODIFIED_META = (
    "article:modified_time", "og:article:modified_time", "og:updated_time",
    "datemodified", "dcterms.modified", "last-modified", "lastmod",
)
AUTHOR_META = ("author", "dc.creator", "dcterms.creator", "parsely-author", "sailthru.author", "byl")


@dataclass(slots=True)
class PageMetadata:
    title: str | None = None
    description: str | None = None
    canonical_url: str | None = None
    site_name: str | None = None
    authors: list[str] = field(default_factory=list)
    published_at: datetime | None = None
    modified_at: datetime | None = None
    language: str | None = None
    section: str | None = None
    tags: list[str] = field(default_factory=list)
    image_url: str | None = None
    paywalled: bool | None = None
    headline: str | None = None     # the page's own <h1>, which may differ from title
    is_article: bool = False        # JSON-LD article type or og:type=article
    is_listing: bool = False        # JSON-LD CollectionPage/ItemList and no article


def _unescaped(value: str) -> str:
    """Values from JSON-LD and meta attributes are often HTML-escaped twice ("&amp;#163;")."""
    return html.unescape(value) if "&" in value else value


def _first_inline(*values: str | None) -> str | None:
    for value in values:
        value = normalize_inline(_unescaped(value)) if isinstance(value, str) else None
        if value:
            return value
    return None


def _dedup(values: list[str]) -> list[str]:
    out: list[str] = []
    seen: set[str] = set()
    for value in values:
        value = normalize_inline(_unescaped(value))
        if value and value.casefold() not in seen:
            seen.add(value.casefold())
            out.append(value)
    return out


def _split_commas(values: list[str]) -> list[str]:
    return [part for value in values for part in value.split(",")]


def _strip_site_suffix(title: str | None, site_name: str | None) -> str | None:
    """"Headline | Site" -> "Headline" (only for the <title> fallback)."""
    if not title or not site_name:
        return title
    for sep in TITLE_SEPARATORS:
        suffix = sep + site_name
        if title.endswith(suffix) and len(title) > len(suffix):
            return title[: -len(suffix)].strip()
        prefix = site_name + sep
        if title.startswith(prefix) and len(title) > len(prefix):
            return title[len(prefix):].strip()
    return title


def _canonical(candidates: list[str | None], base: str) -> str | None:
    for candidate in candidates:
        absolute = absolute_url(candidate, base)
        if absolute is None:
            continue
        try:
            return canonicalize_url(absolute)
        except ValueError:
            continue
    return None


def _page_authors(tree: HtmlElement) -> list[str]:
    """Bylines marked up in the page: rel=author links, itemprop=author elements."""
    values: list[str] = []
    for el in tree.xpath('//a[contains(concat(" ", normalize-space(@rel), " "), " author ")]'):
        values.append(inline_text(el))
    for el in tree.xpath('//*[@itemprop="author"]'):
        names = el.xpath('.//*[@itemprop="name"]')
        if names:
            values.append(names[0].get("content") or inline_text(names[0]))
        elif el.tag != "meta":
            values.append(inline_text(el))
    return values


def _first_h1(tree: HtmlElement) -> str | None:
    for el in tree.iter("h1"):
        text = normalize_inline(inline_text(el))
        if text:
            return text
    return None


def _html_title(tree: HtmlElement) -> str | None:
    for el in tree.iter("title"):
        return normalize_inline(inline_text(el))
    return None


def extract_metadata(tree: HtmlElement, url: str) -> PageMetadata:
    """Metadata of the page by the precedence in the module docstring (no htmldate yet)."""
    ld = JsonLd.from_tree(tree)
    meta = MetaTags(tree)
    base = base_url(tree, url)
    md = PageMetadata()

    og_type = (meta.first("og:type") or "").lower()
    md.is_article = ld.article is not None or og_type in ARTICLE_OG_TYPES
    md.is_listing = ld.is_listing

    md.site_name = _first_inline(meta.first("og:site_name"), ld.publisher_name(), meta.first("application-name"))
    md.headline = _first_h1(tree)
    md.title = _first_inline(
        ld.text("headline", "name", "alternativeHeadline"),
        meta.first("og:title", "twitter:title"),
        md.headline,
        _strip_site_suffix(_html_title(tree), md.site_name),
    )
    md.description = _first_inline(
        ld.text("description", "abstract"),
        meta.first("og:description"),
        meta.first("description"),
        meta.first("twitter:description", "dc.description"),
    )
    md.canonical_url = _canonical(
        [meta.link("canonical"), meta.first("og:url"), ld.url_of("url"), ld.url_of("mainEntityOfPage")],
        base,
    )

    md.authors = clean_authors(ld.names("author") + ld.names("creator"))
    if not md.authors:
        md.authors = clean_authors(meta.all("article:author", "og:article:author"))
    if not md.authors:
        md.authors = clean_authors(meta.all(*AUTHOR_META))
    if not md.authors:
        md.authors = clean_authors(_page_authors(tree))

    time_published, time_modified = time_element_dates(tree)
    md.published_at = (
        first_date(ld.text("datePublished"), ld.text("dateCreated"))
        or first_date(*meta.all(*PUBLISHED_META))
        or time_published
    )
    md.modified_at = (
        first_date(ld.text("dateModified"))
        or first_date(*meta.all(*MODIFIED_META))
        or time_modified
    )

    html_lang = tree.get("lang") or tree.get("xml:lang") or tree.get("{http://www.w3.org/XML/1998/namespace}lang")
    md.language = (
        normalize_language(html_lang)
        or normalize_language(ld.language())
        or normalize_language(meta.first("content-language", "dc.language", "language"))
        or normalize_language(meta.first("og:locale"))
    )

    md.section = _first_inline(
        ld.text("articleSection"),
        meta.first("article:section", "og:article:section", "section", "parsely-section"),
    )
    md.tags = _dedup(ld.keywords())
    if not md.tags:
        md.tags = _dedup(_split_commas(meta.all("article:tag", "og:article:tag")))
    if not md.tags:
        md.tags = _dedup(_split_commas(meta.all("keywords", "news_keywords")))

    md.image_url = (
        absolute_url(meta.first("og:image", "og:image:url", "og:image:secure_url"), base)
        or absolute_url(ld.url_of("image"), base)
        or absolute_url(meta.first("twitter:image", "twitter:image:src"), base)
    )
    md.paywalled = ld.paywalled()
    return md


def fill_published_from_htmldate(md: PageMetadata, tree: HtmlElement, url: str) -> None:
    """htmldate as the very last resort for published_at (costly, so only when needed)."""
    if md.published_at is None:
        md.published_at = htmldate_published(tree, md.canonical_url or url)
