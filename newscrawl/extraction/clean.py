"""Pre-cleaning: remove boilerplate from the tree before trafilatura sees it.

Generic rules only, no per-site selectors:
  * hidden blocks: style display:none / visibility:hidden, the `hidden` attribute,
    aria-hidden="true";
  * blocks whose class/id tokens name boilerplate (related, teaser, recommend,
    read-also, most-read, newsletter, share, social, comments, promo, ads,
    breadcrumbs, tag lists, author bios, photo credits, sidebars);
  * link-heavy blocks (several links, most of the text is link text) and repeated
    card structures (three or more sibling cards with a link and a headline).

The main text container (the element with the most direct <p> text) and its
ancestors are never removed, so a stray "comments" class on a wrapper cannot delete
the article. Statistics are computed in one bottom-up pass, so cleaning stays linear.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from lxml.html import HtmlElement

from newscrawl.extraction.tree import token_parts

# Class/id parts that mark a boilerplate block (matched against whole parts).
BOILERPLATE_PARTS = frozenset(
    {
        "related", "teaser", "teasers", "recommend", "recommended", "recommendation",
        "recommendations", "readmore", "readalso", "skaitykite", "mostread", "popular",
        "trending", "newsletter", "newsletters", "subscribe", "subscription", "share",
        "shares", "sharing", "sharer", "social", "socials", "comments", "comment",
        "disqus", "promo", "promos", "promotion", "promoted", "advert", "adverts",
        "advertisement", "advertising", "ads", "ad", "adslot", "sponsored", "outbrain",
        "taboola", "breadcrumb", "breadcrumbs", "taglist", "tags", "authorbio", "credit",
        "credits", "photocredit", "sidebar", "cookie", "cookies", "consent",
    }
)
# Multi-part class/id names ("read-also", "most_read", "authorBio") as part sequences.
BOILERPLATE_SEQUENCES = (
    ("read", "also"), ("read", "more"), ("see", "also"), ("also", "read"),
    ("most", "read"), ("most", "popular"), ("most", "viewed"), ("ad", "slot"),
    ("author", "bio"), ("author", "box"), ("about", "author"), ("photo", "credit"),
    ("image", "credit"), ("tag", "list"), ("tag", "cloud"), ("more", "stories"),
    ("more", "news"), ("you", "may", "like"),
)
NEVER_REMOVE = frozenset({"html", "body", "head", "title", "meta", "link"})
LINK_BLOCK_TAGS = frozenset({"ul", "ol", "div", "section", "aside", "nav", "menu", "dl", "header", "footer", "p"})
LINK_BLOCK_MIN_LINKS = 3          # a block with fewer links is never "link-heavy"
LINK_BLOCK_MIN_DENSITY = 0.6      # share of the block's text that is link text
CARD_CONTAINER_MIN_CARDS = 3      # sibling cards needed to call a block a card list
CARD_MIN_SHARE = 0.5              # cards among the block's element children
CARD_MAX_CHARS = 500              # a card is short: headline, teaser, meta
CARD_TAGS = frozenset({"article", "li", "div", "section", "figure"})
CARD_MIN_LINK_SHARE = 0.3         # a card without a headline: link text share needed

_HIDDEN_STYLE_RE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.IGNORECASE)
_HEADINGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})


@dataclass(slots=True)
class _Stats:
    chars: int = 0          # text characters (stripped pieces) in the subtree
    link_chars: int = 0     # of which inside <a>
    links: int = 0          # <a href> elements
    headings: int = 0       # h1-h6 elements
    p_chars: int = 0        # text characters of direct <p> children


def _piece(text: str | None) -> int:
    return len(text.strip()) if text else 0


def compute_stats(root: HtmlElement) -> dict[HtmlElement, _Stats]:
    """Text, link and heading counts of every element, in one bottom-up pass; computed
    once per page and shared by classification and cleaning."""
    order = [el for el in root.iter() if isinstance(el.tag, str)]
    stats: dict[HtmlElement, _Stats] = {}
    for el in reversed(order):  # children before parents
        st = _Stats(chars=_piece(el.text))
        for child in el:
            st.chars += _piece(child.tail)
            cst = stats.get(child)
            if cst is None:
                continue
            st.chars += cst.chars
            st.link_chars += cst.link_chars
            st.links += cst.links
            st.headings += cst.headings
            if child.tag == "p":
                st.p_chars += cst.chars
        if el.tag == "a":
            st.link_chars = st.chars
            if el.get("href"):
                st.links += 1
        elif el.tag in _HEADINGS:
            st.headings += 1
        stats[el] = st
    return stats


def main_container(root: HtmlElement, stats: dict[HtmlElement, _Stats] | None = None) -> HtmlElement | None:
    """The element holding the most text in direct <p> children (the body container)."""
    stats = stats if stats is not None else compute_stats(root)
    best, best_chars = None, 0
    for el, st in stats.items():
        if st.p_chars > best_chars:
            best, best_chars = el, st.p_chars
    return best


def main_container_chars(root: HtmlElement, stats: dict[HtmlElement, _Stats] | None = None) -> int:
    stats = stats if stats is not None else compute_stats(root)
    best = main_container(root, stats)
    return stats[best].p_chars if best is not None else 0


def is_hidden(el: HtmlElement) -> bool:
    if el.get("hidden") is not None:
        return True
    if (el.get("aria-hidden") or "").strip().lower() == "true":
        return True
    style = el.get("style")
    return bool(style and _HIDDEN_STYLE_RE.search(style))


def is_boilerplate_name(el: HtmlElement) -> bool:
    if el.get("class") is None and el.get("id") is None:
        return False
    for parts in token_parts(el):
        if any(p in BOILERPLATE_PARTS for p in parts) or "".join(parts) in BOILERPLATE_PARTS:
            return True
        for seq in BOILERPLATE_SEQUENCES:
            n = len(seq)
            if any(tuple(parts[i : i + n]) == seq for i in range(len(parts) - n + 1)):
                return True
    return False


def _is_link_heavy(el: HtmlElement, st: _Stats) -> bool:
    if el.tag not in LINK_BLOCK_TAGS or st.links < LINK_BLOCK_MIN_LINKS or st.chars == 0:
        return False
    return st.link_chars / st.chars >= LINK_BLOCK_MIN_DENSITY


def _is_card(el: HtmlElement, stats: dict[HtmlElement, _Stats]) -> bool:
    st = stats.get(el)
    if st is None or el.tag not in CARD_TAGS or st.links == 0 or st.chars == 0:
        return False
    if st.chars > CARD_MAX_CHARS:
        return False
    return st.headings > 0 or st.link_chars / st.chars >= CARD_MIN_LINK_SHARE


def _is_card_list(el: HtmlElement, stats: dict[HtmlElement, _Stats]) -> bool:
    children = [c for c in el if isinstance(c.tag, str)]
    if len(children) < CARD_CONTAINER_MIN_CARDS:
        return False
    cards = sum(1 for c in children if _is_card(c, stats))
    return cards >= CARD_CONTAINER_MIN_CARDS and cards / len(children) >= CARD_MIN_SHARE


def clean_tree(root: HtmlElement, stats: dict[HtmlElement, _Stats] | None = None) -> HtmlElement | None:
    """Remove boilerplate blocks from the tree in place; returns the main text container
    (kept, with its ancestors), which cleaning does not change."""
    stats = stats if stats is not None else compute_stats(root)
    protected: set[HtmlElement] = set()
    main = main_container(root, stats)
    if main is not None:
        protected.add(main)
        protected.update(main.iterancestors())

    doomed: list[HtmlElement] = []
    stack = [root]
    while stack:
        el = stack.pop()
        if not isinstance(el.tag, str):
            continue
        if el.tag not in NEVER_REMOVE and el not in protected and (
            is_hidden(el)
            or is_boilerplate_name(el)
            or _is_link_heavy(el, stats[el])
            or _is_card_list(el, stats)
        ):
            doomed.append(el)
            continue  # its subtree goes with it
        stack.extend(reversed(list(el)))
    for el in doomed:
        parent = el.getparent()
        if parent is not None:
            el.drop_tree()
    return main
