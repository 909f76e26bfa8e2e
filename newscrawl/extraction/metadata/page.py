"""Page metadata: JSON-LD, meta/OpenGraph tags and the page itself, by field.

Builds a `PageMetadata` from the pristine tree (before cleaning removes bylines, time
elements and the like); once the page is wanted `finish_dates` completes the dates on that
tree, still before cleaning, and `finish_metadata` the language once the body text is known:

    title        the displayed headline chosen by agreement between <h1>, JSON-LD
                 headline, og:title, twitter:title and <title>, site affix and kicker
                 removed (`headline.py`)
    description  JSON-LD description > og:description > meta description > twitter:description
                 (the lead element on the page is added later by `core.py` when all are absent)
    canonical    <link rel=canonical> > og:url > JSON-LD url > JSON-LD mainEntityOfPage
    site_name    og:site_name > JSON-LD publisher.name > application-name
    authors      people first: JSON-LD author > article:author > meta author / dc.creator
                 > the visible byline; split, cleaned, the site's own name dropped beside
                 people (`authors.py`)
    published    JSON-LD datePublished > the opening posting of a forum thread or Q&A page
                 (JSON-LD, when no article object) > article:published_time & co > <time datetime>
                 (not one marked or labelled updated) > the date line by the headline
                 (which also gives a date-only value its time of day, and corrects a
                 published time that is the modified time) > htmldate (not the modified
                 day); aware, in the page's own offset, a zoneless time in the zone the page
                 states elsewhere (`dates.py`)
    modified     JSON-LD dateModified > article:modified_time & co > <time> marked modified
    language     <html lang> > JSON-LD inLanguage > content-language > og:locale, kept
                 only when the body text agrees (`language.py`)
    section      JSON-LD articleSection > article:section
    tags         JSON-LD keywords > article:tag > meta keywords
    image        og:image > JSON-LD image > twitter:image
    paywalled    JSON-LD isAccessibleForFree / hasPart
"""

from __future__ import annotations

import html
import logging
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from courlan import extract_domain
from lxml.html import HtmlElement

from newscrawl.extraction.decode import strip_control_chars, to_unicode
from newscrawl.extraction.metadata.authors import (
    Name,
    choose_authors,
    names_from,
    page_bylines,
    text_bylines,
)
from newscrawl.extraction.metadata.dates import (
    HeaderDate,
    PageZone,
    Stamp,
    header_dates,
    header_published,
    htmldate_stamp,
    marked_published_stamp,
    parse_stamp,
    time_element_stamps,
)
from newscrawl.extraction.metadata.headline import SiteNames, choose_headline, h1_texts
from newscrawl.extraction.metadata.jsonld import JsonLd
from newscrawl.extraction.metadata.language import choose_language, normalize_language
from newscrawl.extraction.metadata.meta import MetaTags
from newscrawl.extraction.metadata.words import WRITTEN_BY_LABELS
from newscrawl.extraction.tree import absolute_url, base_url, inline_text, parse_html
from newscrawl.normalize import canonicalize_url, normalize_inline

LOGGER = logging.getLogger(__name__)

ARTICLE_OG_TYPES = frozenset({"article", "news", "article:news", "blog", "blogposting"})

PUBLISHED_META = (
    "article:published_time", "og:article:published_time", "article:published", "article:published:time",
    "og:published_time", "published_time", "article.published", "publication-date",
    "datepublished", "pubdate", "publishdate", "publish-date", "publication_date",
    "dc.date.issued", "dcterms.issued", "dc.date", "dcterms.created", "date",
    "sailthru.date", "parsely-pub-date", "cxenseparse:recs:publishtime",
)
MODIFIED_META = (
    "article:modified_time", "og:article:modified_time", "og:updated_time", "article:modified:time",
    "modified_time", "article.updated",
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
    zone: PageZone | None = None    # what the page says about its time zone
    published_stamp: Stamp | None = None  # published_at as the page wrote it (has_time: with a time of day)
    shown_dates: list[HeaderDate] = field(default_factory=list)  # the dates by the headline, when needed
    declared_languages: list[str | None] = field(default_factory=list)


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


def _registered_domain(url: str | None) -> str | None:
    """"www.bbc.co.uk" -> "bbc.co.uk" (courlan knows the public suffixes)."""
    try:
        return extract_domain(url) if url else None
    except Exception:  # courlan on a malformed URL
        return None


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


def _author_sources(tree: HtmlElement, ld: JsonLd, meta: MetaTags, site: SiteNames) -> Iterator[list[Name]]:
    """Names by source, in precedence order, each computed only when asked for."""
    yield names_from(ld.names_with_kind("author") + ld.names_with_kind("creator"), site)
    yield names_from(meta.all("article:author", "og:article:author"), site)
    yield names_from(meta.all(*AUTHOR_META), site)
    yield names_from(meta.labelled(WRITTEN_BY_LABELS), site)
    yield page_bylines(tree, site)
    yield text_bylines(tree, site)


def _stamps(*values: object) -> list[Stamp]:
    """The parseable timestamps among values (Stamps pass through), in order."""
    out = []
    for value in values:
        stamp = value if isinstance(value, Stamp) else parse_stamp(value)
        if stamp is not None:
            out.append(stamp)
    return out


def _first_h1(tree: HtmlElement) -> str | None:
    for el in tree.iter("h1"):
        text = normalize_inline(inline_text(el))
        if text:
            return text
    return None


def html_title(tree: HtmlElement) -> str | None:
    """The text of the page's <title>."""
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

    site = SiteNames([meta.first("og:site_name"), ld.publisher_name(), meta.first("application-name")],
                     _registered_domain(url))
    md.authors = choose_authors(_author_sources(tree, ld, meta, site), site)

    time_published, time_modified = time_element_stamps(tree)
    published = _stamps(ld.text("datePublished"), ld.text("dateCreated"), ld.posting_date(),
                        *meta.all(*PUBLISHED_META), time_published)
    modified = _stamps(ld.text("dateModified"), *meta.all(*MODIFIED_META), time_modified)
    html_lang = tree.get("lang") or tree.get("xml:lang") or tree.get("{http://www.w3.org/XML/1998/namespace}lang")
    md.declared_languages = [html_lang, ld.language(), meta.first("content-language", "dc.language", "language"),
                             meta.first("og:locale")]
    md.zone = PageZone(published + modified, domain=_registered_domain(url),
                       language_tag=next((v for v in md.declared_languages if normalize_language(v)), None))
    md.published_at = md.zone.resolve(published[0], published[1:]) if published else None
    md.published_stamp = published[0] if published else None
    md.modified_at = md.zone.resolve(modified[0], modified[1:]) if modified else None
    if _published_is_modified(md):
        _correct_from_marked_time(md, tree)

    logo_texts: set[str] = set()
    md.title = choose_headline(
        h1_texts(tree, base, logo_texts),
        [ld.text("headline", "name", "alternativeHeadline"), meta.first("og:title"), meta.first("twitter:title")],
        [meta.first("title"), html_title(tree)],
        site, news=ld.is_news,
        article=md.is_article or bool(md.authors) or md.published_at is not None
        or tree.find(".//article") is not None,
        logo_texts=logo_texts,
    )

    md.language = next((c for c in map(normalize_language, md.declared_languages) if c), None)

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
    if _needs_shown_dates(md):  # read from the pristine tree: cleaning drops date lines
        md.shown_dates = header_dates(tree, md.language)
    return md


def _correct_from_marked_time(md: PageMetadata, tree: HtmlElement) -> None:
    """A publication time equal to the modified time is the CMS's last save: a <time>
    marked published ("<time pubdate>", itemprop/class "published") with an earlier day is
    the publication."""
    stamp = marked_published_stamp(tree)
    marked = md.zone.resolve(stamp) if stamp is not None else None
    if marked is not None and marked.date() < md.published_at.date():
        md.published_at, md.published_stamp = marked, stamp


def _needs_shown_dates(md: PageMetadata) -> bool:
    """Whether the dates next to the headline may complete or correct published_at."""
    return md.published_at is None or not _has_time(md) or _published_is_modified(md)


def finish_metadata(md: PageMetadata, text: str) -> None:
    """What needs the body text, done once the page is known to be wanted: the language
    checked on the text (the dates are completed before, by `finish_dates`)."""
    md.language = choose_language(md.declared_languages, text)


def finish_dates(md: PageMetadata, tree: HtmlElement, url: str) -> None:
    """published_at completed once the page is wanted, on the tree before cleaning: the
    date shown next to the headline when the page states no publication time (or only its
    day, or its modified time); htmldate as the very last resort."""
    zone = md.zone or PageZone([])
    if md.shown_dates:
        dates = md.shown_dates
        shown = header_published(dates)
        if md.published_at is None and shown is not None:
            md.published_at = zone.resolve(shown)
        elif shown is not None and _published_is_modified(md) and shown.local.date() < md.published_at.date() \
                and all(d.stamp.local.date() != md.published_at.date() for d in dates):
            md.published_at = zone.resolve(shown)
        elif md.published_at is not None and shown is not None and shown.has_time:
            md.published_at = zone.resolve(md.published_stamp, [shown])
    if md.published_at is None:
        stamp = htmldate_stamp(tree, md.canonical_url or url)
        if stamp is not None and not _is_modified_day(md, stamp):
            md.published_at = zone.resolve(stamp)


def _is_modified_day(md: PageMetadata, stamp: Stamp) -> bool:
    """Whether a date-only stamp is the day the page says it was modified: htmldate falls
    back to the modified date when it finds no original one, and that is no publication date."""
    return md.modified_at is not None and md.modified_at.date() == stamp.local.date()


def _published_is_modified(md: PageMetadata) -> bool:
    """Whether the stated publication time is the modified time too (to the minute): a CMS
    that writes its last save into both, so an earlier day shown by the headline is the
    publication day."""
    if md.published_at is None or md.modified_at is None:
        return False
    return abs(md.published_at - md.modified_at) < timedelta(minutes=1)


def _has_time(md: PageMetadata) -> bool:
    """Whether published_at carries a time of day the page wrote (not a bare date)."""
    stamp = md.published_stamp
    return stamp is None or stamp.has_time or md.published_at.time() != datetime.min.time()


MAX_PAGE_TEXT_CHARS = 5_000


def page_metadata(html_text: str | bytes, url: str, content_type: str | None = None) -> PageMetadata | None:
    """The metadata of any page, article or not (the fields a keep-all run stores for a
    page `extract` refuses); the language is checked on the text of its paragraphs."""
    try:
        text = to_unicode(html_text, content_type)
        tree = parse_html(strip_control_chars(text)) if text else None
        if tree is None:
            return None
        md = extract_metadata(tree, url)
        paragraphs = []
        size = 0
        for p in tree.iter("p"):
            line = inline_text(p)
            if line:
                paragraphs.append(line)
                size += len(line)
                if size > MAX_PAGE_TEXT_CHARS:
                    break
        finish_dates(md, tree, url)
        finish_metadata(md, "\n".join(paragraphs))
        return md
    except Exception:  # like extract: never raise on a bad page
        LOGGER.exception("metadata extraction failed: %s", url)
        return None
