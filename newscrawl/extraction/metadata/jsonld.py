"""JSON-LD: find the page's article object and read schema.org fields from it.

Reads every `application/ld+json` script of the already-parsed tree, script by script
(one broken script does not hide the others), flattens @graph / lists / nested
mainEntity, resolves {"@id": ...} references, and picks the first object whose @type is
an article type (for the author, a forum post or question when there is none). The first
source in the metadata precedence (see `metadata.py`).

Parsing wraps what extruct's JsonLdExtractor does (json.loads, then jstyleson for
JavaScript comments, once one leading comment line is removed): real pages also wrap
the JSON in `<![CDATA[ ... ]]>` or `<!-- ... -->`, end it with a `;` or leave trailing
commas, which extruct gives up on; those wrappers are removed first.
"""

from __future__ import annotations

import json
import logging
import re
from collections.abc import Iterator
from typing import Any

import jstyleson
from extruct.jsonld import HTML_OR_JS_COMMENTLINE
from lxml.html import HtmlElement

LOGGER = logging.getLogger(__name__)

ARTICLE_TYPES = frozenset(
    {
        "article", "newsarticle", "reportagenewsarticle", "analysisnewsarticle",
        "opinionnewsarticle", "reviewnewsarticle", "backgroundnewsarticle",
        "askpublicnewsarticle", "satiricalarticle", "blogposting", "liveblogposting",
        "socialmediaposting", "techarticle", "report", "scholarlyarticle", "review",
        "advertisercontentarticle",
    }
)
# Article types a news publisher uses for its stories (a subset of ARTICLE_TYPES).
NEWS_TYPES = frozenset(
    {
        "newsarticle", "reportagenewsarticle", "analysisnewsarticle", "opinionnewsarticle",
        "reviewnewsarticle", "backgroundnewsarticle", "askpublicnewsarticle", "liveblogposting",
    }
)
ORGANISATION_TYPES = frozenset({"organization", "newsmediaorganization", "corporation", "localbusiness",
                                "governmentorganization", "educationalorganization", "ngo"})
# Objects that stand for the page when no article object is there: a forum thread's opening
# post, the question of a Q&A page (their date and author are the page's; the answers and
# comments nest inside them).
POSTING_TYPES = frozenset({"discussionforumposting", "question"})
# Page types that describe a listing, not a single article.
LISTING_TYPES = frozenset({"collectionpage", "itemlist", "searchresultspage", "sitenavigationelement"})

LISTING_MIN_ARTICLES = 3  # this many distinct article objects describe a listing page
MAX_NODES = 2_000      # objects visited per page (hostile pages can nest deeply)
MAX_DEPTH = 12

MAX_SCRIPT_CHARS = 2_000_000

_WRAPPER_RE = re.compile(
    r"^\s*(?://\s*|/\*\s*)?(?:<!\[CDATA\[|<!--)(?:\s*\*/)?|(?://\s*|/\*\s*)?(?:\]\]>|-->)(?:\s*\*/)?\s*$"
)
_TRAILING_COMMA_RE = re.compile(r",(\s*[}\]])")


def parse_script(text: str) -> list[Any]:
    """The items of one JSON-LD script's text; [] when it is not JSON at all."""
    text = _WRAPPER_RE.sub("", text.strip()).strip().rstrip(";").strip()
    if not text or len(text) > MAX_SCRIPT_CHARS:
        return []
    data: Any = None
    for attempt in (text, _TRAILING_COMMA_RE.sub(r"\1", text)):
        try:
            data = json.loads(attempt, strict=False)
            break
        except ValueError:
            pass
    else:
        try:  # extruct's fallback: JavaScript comments inside the JSON
            data = jstyleson.loads(_TRAILING_COMMA_RE.sub(r"\1", HTML_OR_JS_COMMENTLINE.sub("", text)), strict=False)
        except Exception as exc:  # malformed beyond repair, recursion, ...
            LOGGER.debug("skipping unparsable JSON-LD: %s", exc)
            return []
    if isinstance(data, list):
        return [item for item in data if item]
    return [data] if isinstance(data, dict) and data else []


def jsonld_items(tree: HtmlElement) -> list[Any]:
    """All top-level JSON-LD items of the page; unparsable scripts are skipped."""
    items: list[Any] = []
    for script in tree.iter("script"):
        if (script.get("type") or "").strip().lower().split(";")[0] != "application/ld+json":
            continue
        try:
            items.extend(parse_script(script.text or ""))
        except RecursionError:  # absurdly nested JSON
            LOGGER.debug("skipping too deeply nested JSON-LD")
    return items


def type_names(node: dict) -> set[str]:
    """Lower-case @type names without a vocabulary prefix ("schema:NewsArticle")."""
    raw = node.get("@type")
    values = raw if isinstance(raw, list) else [raw]
    out = set()
    for value in values:
        if isinstance(value, str) and value:
            out.add(value.rsplit("/", 1)[-1].rsplit(":", 1)[-1].lower())
    return out


def _walk(items: list[Any]) -> Iterator[dict]:
    """Every dict in the JSON-LD data, breadth first, bounded."""
    queue: list[tuple[Any, int]] = [(item, 0) for item in items]
    seen = 0
    while queue and seen < MAX_NODES:
        node, depth = queue.pop(0)
        seen += 1
        if isinstance(node, list):
            queue.extend((child, depth + 1) for child in node if depth < MAX_DEPTH)
        elif isinstance(node, dict):
            yield node
            if depth < MAX_DEPTH:
                queue.extend((child, depth + 1) for child in node.values() if isinstance(child, (dict, list)))


class JsonLd:
    """The article object of a page (if any) plus an @id index for references."""

    def __init__(self, items: list[Any]):
        self.nodes = list(_walk(items))
        self.by_id: dict[str, dict] = {}
        for node in self.nodes:
            node_id = node.get("@id")
            if isinstance(node_id, str) and len(node) > 1:
                self.by_id.setdefault(node_id, node)
        articles = [n for n in self.nodes if type_names(n) & ARTICLE_TYPES]
        # Prefer an article object that has a headline (a bare reference has none).
        with_headline = [n for n in articles if n.get("headline") or n.get("name")]
        self.article: dict | None = (with_headline or articles or [None])[0]
        # Several distinct article objects side by side (not nested in the first one,
        # as a live blog's updates are): the page lists articles (an index page).
        nested = {id(n) for n in _walk([self.article])} if self.article else set()
        siblings = [n for n in with_headline if n is self.article or id(n) not in nested]
        distinct = {str(n.get("url") or n.get("@id") or n.get("headline")) for n in siblings}
        self.is_listing = len(distinct) >= LISTING_MIN_ARTICLES or bool(
            self.article is None and any(type_names(n) & LISTING_TYPES for n in self.nodes)
        )
        if len(distinct) >= LISTING_MIN_ARTICLES:
            self.article = None
        # The object whose author is the page's: the article, else a forum post or question.
        self.authored: dict | None = self.article or (None if self.is_listing else next(
            (n for n in self.nodes if type_names(n) & POSTING_TYPES and n.get("author")), None))

    @property
    def is_news(self) -> bool:
        """The article object is a news article (NewsArticle and its subtypes, live blogs)."""
        return self.article is not None and bool(type_names(self.article) & NEWS_TYPES)

    @classmethod
    def from_tree(cls, tree: HtmlElement) -> JsonLd:
        return cls(jsonld_items(tree))

    # -- generic accessors ------------------------------------------------------------

    def resolve(self, value: Any) -> Any:
        """A {"@id": ...} reference replaced by the object it names, when present."""
        if isinstance(value, dict) and set(value) <= {"@id", "@type"}:
            target = self.by_id.get(value.get("@id"))  # type: ignore[arg-type]
            if target is not None:
                return target
        return value

    def get(self, key: str) -> Any:
        return self.article.get(key) if self.article else None

    def text(self, *keys: str) -> str | None:
        """First string value among keys (a list gives its first string)."""
        for key in keys:
            value = self.get(key)
            for item in value if isinstance(value, list) else [value]:
                if isinstance(item, (int, float)) and not isinstance(item, bool):
                    item = str(item)
                if isinstance(item, str) and item.strip():
                    return item
        return None

    def names(self, key: str) -> list[str]:
        """Names from a field holding strings, objects with "name", or lists of them."""
        value = self.get(key)
        out = []
        for item in value if isinstance(value, list) else [value]:
            item = self.resolve(item)
            if isinstance(item, str):
                out.append(item)
            elif isinstance(item, dict):
                name = item.get("name")
                if isinstance(name, list):
                    name = next((n for n in name if isinstance(n, str)), None)
                if isinstance(name, str):
                    out.append(name)
        return out

    def names_with_kind(self, key: str) -> list[tuple[str, str | None]]:
        """(name, "person" / "organisation" / None) of a field of the authored object (the
        article, a forum post, a question) holding strings or objects."""
        value = self.authored.get(key) if self.authored else None
        out: list[tuple[str, str | None]] = []
        for item in value if isinstance(value, list) else [value]:
            item = self.resolve(item)
            if isinstance(item, str):
                out.append((item, None))
            elif isinstance(item, dict):
                name = item.get("name")
                if isinstance(name, list):
                    name = next((n for n in name if isinstance(n, str)), None)
                if not isinstance(name, str):
                    given, family = item.get("givenName"), item.get("familyName")
                    name = " ".join(v for v in (given, family) if isinstance(v, str)) or None
                if isinstance(name, str):
                    types = type_names(item)
                    kind = "person" if "person" in types else "organisation" if types & ORGANISATION_TYPES else None
                    out.append((name, kind))
        return out

    def url_of(self, key: str) -> str | None:
        """A URL from a string, an object's url/contentUrl/@id, or the first of a list."""
        value = self.get(key)
        for item in value if isinstance(value, list) else [value]:
            item = self.resolve(item)
            if isinstance(item, str) and item.strip():
                return item
            if isinstance(item, dict):
                for field in ("url", "contentUrl", "@id"):
                    inner = item.get(field)
                    if isinstance(inner, list):
                        inner = next((i for i in inner if isinstance(i, str)), None)
                    if isinstance(inner, str) and inner.strip():
                        return inner
        return None

    # -- article fields ---------------------------------------------------------------

    def posting_date(self) -> str | None:
        """The datePublished (else dateCreated) of the page's one top-level posting when
        it has no article object; None on a page listing several postings."""
        if self.article is not None:
            return None
        postings = [n for n in self.nodes if type_names(n) & POSTING_TYPES]
        if not postings:
            return None
        nested = {id(n) for n in _walk([postings[0]])} - {id(postings[0])}
        if any(id(n) not in nested for n in postings[1:]):
            return None
        for key in ("datePublished", "dateCreated"):
            value = postings[0].get(key)
            if isinstance(value, str) and value.strip():
                return value
        return None

    def publisher_name(self) -> str | None:
        names = self.names("publisher")
        return names[0] if names else None

    def keywords(self) -> list[str]:
        value = self.get("keywords")
        out: list[str] = []
        for item in value if isinstance(value, list) else [value]:
            if isinstance(item, str):
                out.extend(item.split(","))
            elif isinstance(item, dict) and isinstance(item.get("name"), str):
                out.append(item["name"])
        return out

    def language(self) -> str | None:
        value = self.resolve(self.get("inLanguage"))
        if isinstance(value, dict):
            value = value.get("alternateName") or value.get("name")
        if isinstance(value, list):
            value = next((v for v in value if isinstance(v, str)), None)
        return value if isinstance(value, str) else None

    def paywalled(self) -> bool | None:
        """True when the article or one of its parts is not accessible for free."""
        if self.article is None:
            return None
        free = _as_bool(self.article.get("isAccessibleForFree"))
        parts = self.article.get("hasPart")
        for part in parts if isinstance(parts, list) else [parts]:
            part = self.resolve(part)
            if isinstance(part, dict) and _as_bool(part.get("isAccessibleForFree")) is False:
                return True
        if free is None:
            return None
        return not free


def _as_bool(value: Any) -> bool | None:
    if isinstance(value, bool):
        return value
    if isinstance(value, str):
        lowered = value.strip().lower().rsplit("/", 1)[-1]  # "https://schema.org/False"
        if lowered in ("false", "no", "0"):
            return False
        if lowered in ("true", "yes", "1"):
            return True
    if isinstance(value, (int, float)):
        return bool(value)
    return None
