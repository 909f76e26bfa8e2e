"""Article or not: decide whether a page is a single news article.

Signals, in order:
  * a body under MIN_BODY_WORDS words (CJK text: counted per character pair) is
    never an article;
  * JSON-LD of an article type or og:type=article says "article";
  * without such metadata, a page with no dominant text container that lists many
    cards (<article> elements or headline links), or whose JSON-LD only describes a
    listing (CollectionPage, ItemList), is an index/section page.
"""

from __future__ import annotations

from lxml.html import HtmlElement

from newscrawl.normalize import word_count

MIN_BODY_WORDS = 40               # fewer words in the body: not an article
INDEX_MIN_CARDS = 5               # this many cards / headline links suggest an index page
MIN_ARTICLE_CONTAINER_CHARS = 800  # direct <p> text of one container that marks a real body


def count_cards(tree: HtmlElement) -> int:
    """Max of: <article> elements, headings that contain a link (headline links)."""
    articles = sum(1 for _ in tree.iter("article"))
    headline_links = 0
    for heading in tree.iter("h1", "h2", "h3", "h4"):
        if any(a.get("href") for a in heading.iter("a")):
            headline_links += 1
    return max(articles, headline_links)


def is_index_page(*, has_article_metadata: bool, is_listing: bool, cards: int, container_chars: int) -> bool:
    """True for a section/home/index page (judged before body extraction)."""
    if has_article_metadata:
        return False
    if container_chars >= MIN_ARTICLE_CONTAINER_CHARS:
        return False
    return is_listing or cards >= INDEX_MIN_CARDS


def has_enough_text(text: str) -> bool:
    return word_count(text) >= MIN_BODY_WORDS
