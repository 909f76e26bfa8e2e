"""Reading feeds and sitemaps into (URL, modified date) links for the news spider.

Pure functions over response bodies. XML is parsed with entity resolution and network
access off (no XXE, no entity expansion bombs), comments dropped and a size cap, the
same way Scrapy parses sitemaps. RSS 2.0, RSS 1.0/RDF and Atom feeds; sitemaps, sitemap
indexes and Google News sitemaps (`news:publication_date` counts as a modified date).

Sitemaps are streamed (`iter_sitemap`: lxml iterparse, each entry cleared once read), so
a 50,000-URL sitemap never becomes a 50,000-node tree in memory, and the spider can
request the first articles while the rest of the sitemap is still being read.
"""

from __future__ import annotations

import io
import struct
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from urllib.parse import urljoin

from lxml import etree
from scrapy.utils.gz import gunzip

from newscrawl.extraction.metadata import dates
from newscrawl.normalize.rules import to_utc

MAX_XML_BYTES = 50 * 1024 * 1024   # sitemaps may be up to 50 MB uncompressed


@dataclass(frozen=True)
class Link:
    url: str
    modified: datetime | None = None


def _parser() -> etree.XMLParser:
    return etree.XMLParser(
        resolve_entities=False, no_network=True, remove_comments=True, recover=True,
        huge_tree=False, load_dtd=False,
    )


def _xml_body(body: bytes) -> bytes | None:
    if body[:2] == b"\x1f\x8b":
        try:   # Scrapy's gunzip: stops past max_size (a bomb), keeps what a truncated stream holds
            body = gunzip(body, max_size=MAX_XML_BYTES)
        except (ValueError, OSError, EOFError, struct.error, zlib.error):
            return None   # a gzip bomb (past the limit), or a corrupt gzip stream
    if len(body) > MAX_XML_BYTES or not body.strip():
        return None
    return body


def _root(body: bytes):
    body = _xml_body(body)
    if body is None:
        return None
    try:
        return etree.fromstring(body, parser=_parser())
    except (etree.XMLSyntaxError, ValueError):
        return None


def _local(tag) -> str:
    return tag.rsplit("}", 1)[-1].lower() if isinstance(tag, str) else ""


def parse_date(value: str | None) -> datetime | None:
    """A feed or sitemap date (RFC 822, ISO 8601 or another common form) as an aware UTC
    datetime; None when unparseable or implausible (before 1800, more than a year ahead).
    The one date parser of the project (`newscrawl.extraction.metadata.dates.parse_date`); a
    zoneless date is taken as UTC."""
    try:
        return to_utc(dates.parse_date(value))
    except (OverflowError, ValueError):
        return None


def _latest(*dates: datetime | None) -> datetime | None:
    present = [d for d in dates if d is not None]
    return max(present) if present else None


def parse_feed(body: bytes, base_url: str) -> list[Link]:
    """Article links of an RSS or Atom feed, with their newest date."""
    root = _root(body)
    if root is None:
        return []
    links = []
    for entry in root.iter():
        kind = _local(entry.tag)
        if kind not in ("item", "entry"):
            continue
        url, dates = None, []
        for child in entry:
            name = _local(child.tag)
            if name == "link":
                href = child.get("href")
                rel = child.get("rel", "alternate")
                if href and rel == "alternate":
                    url = url or href.strip()
                elif not href and child.text and child.text.strip():
                    url = url or child.text.strip()
            elif name == "guid" and child.get("isPermaLink", "true") == "true" and child.text and url is None:
                url = child.text.strip() if child.text.strip().startswith("http") else None
            elif name in ("pubdate", "published", "updated", "date", "modified"):
                dates.append(parse_date(child.text))
        if url:
            links.append(Link(urljoin(base_url, url), _latest(*dates)))
    return links


def parse_sitemap(body: bytes, base_url: str) -> tuple[str, list[Link]]:
    """("index", sitemap links) or ("urlset", page links), with lastmod / news dates."""
    kind, links = iter_sitemap(body, base_url)
    return kind, list(links)


def iter_sitemap(body: bytes, base_url: str) -> tuple[str, Iterator[Link]]:
    """Like parse_sitemap, but the links come one at a time while the XML is read."""
    xml = _xml_body(body)
    if xml is None:
        return "urlset", iter(())
    events = etree.iterparse(
        io.BytesIO(xml), events=("start", "end"), resolve_entities=False, no_network=True,
        remove_comments=True, recover=True, huge_tree=False, load_dtd=False)
    try:
        for event, root in events:
            break
        else:
            return "urlset", iter(())
    except (etree.XMLSyntaxError, ValueError):
        return "urlset", iter(())
    kind = "index" if _local(root.tag) == "sitemapindex" else "urlset"
    return kind, _sitemap_entries(events, root, base_url)


def _sitemap_entries(events, root, base_url: str) -> Iterator[Link]:
    depth = 1   # inside the root element
    try:
        for event, element in events:
            if event == "start":
                depth += 1
                continue
            depth -= 1
            if depth != 1 or _local(element.tag) not in ("url", "sitemap"):
                if depth == 1:
                    _forget(element, root)
                continue
            url, dates = None, []
            for child in element.iter():
                name = _local(child.tag)
                if name == "loc" and url is None and child.text:
                    url = child.text.strip()
                elif name in ("lastmod", "publication_date"):
                    dates.append(parse_date(child.text))
            _forget(element, root)
            if url:
                yield Link(urljoin(base_url, url), _latest(*dates))
    except (etree.XMLSyntaxError, ValueError):
        return


def _forget(element, root) -> None:
    """Free an entry once read (and the siblings before it), as iterparse recommends."""
    element.clear()
    while element.getprevious() is not None and element.getparent() is root:
        del root[0]
