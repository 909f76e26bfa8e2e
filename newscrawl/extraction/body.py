"""The body: trafilatura on the cleaned tree, a second opinion on a stub, block text.

* `body_text` runs trafilatura once on the (pre-cleaned) tree with fixed, explicit
  options: no comments, tables kept, no formatting, no links, no images.
* `is_stub` / `second_opinion`: a body much shorter than its container is checked
  against other answers (trafilatura on the pristine page, the container's text); the
  larger one wins only when it agrees with the body.
* `block_text`: the text of a site's body element (sites file `[extract] body`), block by block.

The lede is in `lede.py`, line cleaning in `line_cleaning.py`.
"""

from __future__ import annotations

import logging
import re
from collections import Counter

import trafilatura
from lxml.html import HtmlElement
from trafilatura.settings import use_config

from newscrawl.extraction.tree import NOT_TEXT_TAGS, marked_bodies, readable_text
from newscrawl.normalize import normalize_text, word_count

LOGGER = logging.getLogger(__name__)


_CONFIG = use_config()      # a private copy: trafilatura's DEFAULT_CONFIG is never touched


def body_text(tree: HtmlElement, url: str, *, favor_precision: bool = False) -> str:
    """Plain body text of the (cleaned) tree via trafilatura; "" when it finds nothing.

    trafilatura copies a tree it is handed, so the caller's tree is left as it was.
    """
    try:
        document = trafilatura.bare_extraction(
            tree,
            url=url,
            favor_precision=favor_precision,
            include_comments=False,
            include_tables=True,
            include_formatting=False,
            include_links=False,
            include_images=False,
            with_metadata=False,
            output_format="python",
            config=_CONFIG,
        )
    except Exception as exc:  # trafilatura on hostile trees: recursion, lxml errors, ...
        LOGGER.debug("trafilatura failed on %s: %s", url, exc)
        return ""
    if document is None:
        return ""
    return getattr(document, "text", None) or ""


STUB_MAX_WORDS = 60          # a body this short is checked against a second opinion ...


STUB_MAX_SHARE = 0.5         # ... as is one with less than this share of its container's words


def is_stub(text: str, container_text: str) -> bool:
    """Whether the body looks like a stub of the story: very short, or much shorter
    than the text its container holds after cleaning."""
    words = word_count(text)
    return words < STUB_MAX_WORDS or words < STUB_MAX_SHARE * word_count(container_text)


STUB_MIN_WORDS = 40         # below this the body is no story at all: any larger answer wins


AGREEMENT_SHARE = 0.8       # a second opinion "extends" the body when it holds this share of its words


_WORD_RE = re.compile(r"\w+")


def covers(text: str, part: str, share: float = AGREEMENT_SHARE) -> bool:
    """Whether text holds at least `share` of part's words (as a multiset, case-folded)."""
    want = Counter(_WORD_RE.findall(part.casefold()))
    total = sum(want.values())
    if not total:
        return True
    have = Counter(_WORD_RE.findall(text.casefold()))
    return sum((want & have).values()) >= share * total


def second_opinion(body: str, *candidates: str) -> str:
    """The body, or a larger candidate that agrees with it: one that holds most of the
    body's words (the same story, found whole). A body under STUB_MIN_WORDS words is
    no story, so then the largest candidate wins outright."""
    words = word_count(body)
    best, best_words = body, words
    for candidate in candidates:
        n = word_count(candidate)
        if n > best_words and (words < STUB_MIN_WORDS or covers(candidate, body)):
            best, best_words = candidate, n
    return best


BLOCK_TAGS = ("p", "h2", "h3", "h4", "h5", "h6", "li", "blockquote", "pre", "tr", "dd", "dt", "figcaption")


def _inside_block(element, node) -> bool:
    """Whether the block is part of an outer block (or of code: <script>, <style>, ...)."""
    for ancestor in element.iterancestors():
        if ancestor is node:
            return False
        if ancestor.tag in BLOCK_TAGS or ancestor.tag in NOT_TEXT_TAGS:
            return True
    return False


def block_text(node) -> str:
    """The readable text of an element (a site's body selector, the story's region), one
    line per block (paragraphs, subheadings, list items, table rows); the whole text
    when it has none. The code in <style>/<script> (layout tables embed CSS) is no text."""
    blocks = [el for el in node.iter(*BLOCK_TAGS) if el is not node and not _inside_block(el, node)]
    if not blocks:
        return readable_text(node)
    return "\n".join(" ".join(readable_text(el).split()) for el in blocks)


LIVEBLOG_MIN_POSTS = 2


def liveblog_posts(tree: HtmlElement) -> str:
    """The text of a live blog's posts: the (cleaned) itemprop=articleBody blocks, one
    after another in page order (blocks inside another one are part of it); "" when the
    page marks fewer than LIVEBLOG_MIN_POSTS posts or they hold less than a story."""
    marked = marked_bodies(tree)
    inside = set(marked)
    posts = [el for el in marked if not any(a in inside for a in el.iterancestors())]
    if len(posts) < LIVEBLOG_MIN_POSTS:
        return ""
    text = "\n".join(t for t in (normalize_text(block_text(el)) for el in posts) if t)
    return text if word_count(text) >= STUB_MIN_WORDS else ""
