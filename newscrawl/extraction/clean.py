"""Pre-cleaning: remove boilerplate from the tree before trafilatura sees it.

Generic rules only, no per-site selectors:
  * hidden blocks: style display:none / visibility:hidden, the `hidden` attribute,
    aria-hidden="true" (except a block in the body container holding much of the story,
    more than the container shows: the rest of it behind a paywall or "read more");
  * blocks whose class/id tokens name boilerplate (related, teaser, recommend,
    read-also, most-read, newsletter, share, social, comments, promo, ads,
    breadcrumbs, tag lists, author bios, photo credits, sidebars);
  * link-heavy blocks (several links, most of the text is link text) and repeated
    card structures (three or more sibling cards with a link and a headline); a list
    inside the story's region whose items have no linked headline (resources,
    references, steps, patches) is the story's, as are one-link paragraphs in its items.

The main text container (an `itemprop="articleBody"` element, else the element with
the most paragraph text of its own: <p> children and loose text between <br>s) and
its ancestors are never removed, so a stray "comments" class on a wrapper cannot
delete the article. A link-heavy block that still holds a lot of text outside its
links (a story with linked names in tables) is content and stays. Statistics are
computed in one bottom-up pass, so cleaning stays linear.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from lxml import etree
from lxml.html import Element, HtmlElement

from newscrawl.extraction.tree import marked_bodies, split_tokens

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
# Names that mark the story itself; they outweigh a boilerplate part in the same
# element ("l-sidebar-fixed l-article-body-segment" is the body's column).
CONTENT_SEQUENCES = (
    ("article", "body"), ("article", "content"), ("article", "text"), ("story", "body"),
    ("story", "content"), ("entry", "content"), ("post", "content"), ("post", "body"),
    ("main", "content"), ("body", "text"),
)
# schema.org microdata values written out as elements ("<div itemprop=datePublished>2019-...")
# for machines; the metadata step reads them from JSON-LD/meta, they are not story text.
METADATA_ITEMPROPS = frozenset(
    {"datePublished", "dateModified", "dateCreated", "publisher", "keywords", "mainEntityOfPage", "headline"}
)
NEVER_REMOVE = frozenset({"html", "body", "head", "title", "meta", "link"})
LINK_BLOCK_TAGS = frozenset({"ul", "ol", "div", "section", "aside", "nav", "menu", "dl", "header", "footer", "p"})
LINK_BLOCK_MIN_LINKS = 3          # a block with fewer links is never "link-heavy"
LINK_BLOCK_MIN_DENSITY = 0.6      # share of the block's text that is link text
LINK_BLOCK_MAX_PROSE = 1_500      # more text outside links than this: content, not a link list
MAIN_CANDIDATES = 10              # containers tried, most text first, before settling
MARKED_BODY_MIN_CHARS = 200       # an itemprop=articleBody element with less text is ignored
NAMED_MAIN_FACTOR = 4             # a boilerplate-named container with this many times the paragraph
NAMED_MAIN_MIN_CHARS = 2_000      # text of the best plain one (and this much) is the body after all
LINK_PARAGRAPH_MIN_CHARS = 20     # a shorter all-link paragraph is a label, left to trafilatura
LINK_PARAGRAPH_MIN_SHARE = 0.95   # of the paragraph's text inside its one link
CARD_CONTAINER_MIN_CARDS = 3      # sibling cards needed to call a block a card list
CARD_MIN_SHARE = 0.5              # cards among the block's element children
CARD_MAX_CHARS = 500              # a card is short: headline, teaser, meta
CARD_TAGS = frozenset({"article", "li", "div", "section", "figure"})
CARD_MIN_LINK_SHARE = 0.3         # a card without a headline: link text share needed
REGION_MAX_LEVELS = 3             # the story's region: at most this many levels above the container
REGION_MIN_GAIN = 300             # paragraph text an ancestor must add to be more of the story ...
REGION_MIN_GAIN_SHARE = 0.25      # ... also as a share of what the region holds
REGION_MAX_LINK_DENSITY = 0.4     # an ancestor this link-heavy is page layout, not the story
STORY_BLOCK_SHARE = 0.25          # a named block with this share of the region's paragraph text ...
STORY_BLOCK_MIN_CHARS = 500       # ... (and this much) is part of the story, whatever its name
STORY_LIST_MAX_LINK_SHARE = 0.8  # a list in the story has text beside its links
PAGE_PROSE_SHARE = 0.5            # a block holding this share of the page's paragraph text is the story

# Collapsed content the reader expands (class/id parts of the hidden element itself).
EXPANDABLE_PARTS = frozenset({"accordion", "collapse", "collapsible", "expandable", "expander", "faq", "faqs",
                              "tabpanel", "spoiler"})
_REACT_BOUNDARY_RE = re.compile(r"^S:[0-9a-f]+$")
_HIDDEN_STYLE_RE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.IGNORECASE)
_HEADINGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})
# Children whose text outside links counts as body text of their parent, like a <p>'s.
_BLOCK_CONTENT = frozenset({"table", "blockquote", "pre", "ul", "ol", "dl"})
# Loose text in these is not body prose (a <p>'s own text counts for its parent).
_NOT_PARAGRAPH_TEXT = frozenset(
    {"p", "a", "span", "b", "i", "em", "strong", "li", "td", "th", "option", "button", "label", "script", "style",
     "title", "head", "noscript", "template", "textarea", "select", "code"}
    | _HEADINGS
)


@dataclass(slots=True)
class _Stats:
    tag: str                # the element's tag
    chars: int = 0          # text characters (stripped pieces) in the subtree
    link_chars: int = 0     # of which inside <a>
    links: int = 0          # <a href> elements
    headings: int = 0       # h1-h6 elements
    p_chars: int = 0        # paragraph text held directly: <p> children and loose text
    deep_p: int = 0         # paragraph text held anywhere in the subtree (sum of p_chars)
    linked_headings: int = 0  # headings that are (or hold) a link: teaser headlines


def compute_stats(root: HtmlElement) -> dict[HtmlElement, _Stats]:
    """Text, link and heading counts of every element, in one bottom-up pass; computed
    once per page and shared by classification and cleaning. The keys are every element
    of the tree (comments and processing instructions aside), in reverse document order."""
    order = list(root.iter(etree.Element))  # elements only, no comments
    stats: dict[HtmlElement, _Stats] = {}
    get = stats.get
    block_content, not_paragraph, headings = _BLOCK_CONTENT, _NOT_PARAGRAPH_TEXT, _HEADINGS
    for el in reversed(order):  # children before parents (hot loop: kept flat)
        text = el.text
        chars = len(text.strip()) if text else 0
        tag = el.tag
        if not len(el):  # a leaf (most elements): the general case below, shortened
            if tag == "a":
                stats[el] = _Stats(tag, chars, chars, 1 if el.get("href") else 0, 0, 0, 0, 0)
            elif tag in headings:
                stats[el] = _Stats(tag, chars, 0, 0, 1, 0, 0, 0)
            elif tag in not_paragraph:
                stats[el] = _Stats(tag, chars, 0, 0, 0, 0, 0, 0)
            else:
                stats[el] = _Stats(tag, chars, 0, 0, 0, chars, chars, 0)
            continue
        loose = chars       # text sitting directly in el ("text<br>text"), not in a child
        link_chars = links = n_headings = p_chars = deep_p = linked = 0
        for child in el:
            tail = child.tail
            if tail:
                tail_chars = len(tail.strip())
                chars += tail_chars
                loose += tail_chars
            cst = get(child)
            if cst is None:
                continue
            chars += cst.chars
            link_chars += cst.link_chars
            links += cst.links
            n_headings += cst.headings
            deep_p += cst.deep_p
            linked += cst.linked_headings
            child_tag = cst.tag
            if child_tag == "p":
                p_chars += cst.chars
            elif child_tag in block_content:
                p_chars += cst.chars - cst.link_chars
        if tag not in not_paragraph:
            p_chars += loose
        if tag == "a":
            link_chars = chars
            if el.get("href"):
                links += 1
                if n_headings and not linked:
                    linked = 1          # <a><h3>headline</h3></a>
        elif tag in headings:
            n_headings += 1
            if links and not linked:
                linked = 1              # <h3><a>headline</a></h3>
        stats[el] = _Stats(tag, chars, link_chars, links, n_headings, p_chars, deep_p + p_chars, linked)
    return stats


def main_container(root: HtmlElement, stats: dict[HtmlElement, _Stats] | None = None) -> HtmlElement | None:
    """The body container: the element the page marks as `itemprop="articleBody"`
    (schema.org microdata) when it holds text, else the element holding the most
    paragraph text directly (in <p> children or as loose text between <br>s) among
    the visible ones without a boilerplate name, or one with such a name that holds
    NAMED_MAIN_FACTOR times as much."""
    stats = stats if stats is not None else compute_stats(root)
    marked = [el for el in marked_bodies(root) if el in stats]
    if marked:
        best = max(marked, key=lambda el: stats[el].chars)
        if stats[best].chars - stats[best].link_chars >= MARKED_BODY_MIN_CHARS:
            return best
    ranked = sorted((el for el, st in stats.items() if st.p_chars), key=lambda el: stats[el].p_chars, reverse=True)
    named: HtmlElement | None = None  # the largest visible candidate with a boilerplate name
    for el in ranked[:MAIN_CANDIDATES]:  # a cookie notice or hidden block is not the body
        if any(is_hidden(a) for a in (el, *el.iterancestors())):
            continue
        if not is_boilerplate_name(el):
            return _dominant(named, el, stats)
        named = named if named is not None else el
    return ranked[0] if ranked else None


def _dominant(named: HtmlElement | None, plain: HtmlElement, stats: dict[HtmlElement, _Stats]) -> HtmlElement:
    """The body container: the plain candidate, unless a candidate with a boilerplate
    name holds several times its paragraph text (a "rich-text-newsletter" body on a
    newsletter page: a cookie notice or a teaser is never that much larger than the
    story)."""
    if named is None:
        return plain
    big = stats[named].p_chars
    if big >= NAMED_MAIN_MIN_CHARS and big >= NAMED_MAIN_FACTOR * stats[plain].p_chars:
        return named
    return plain


def container_chars(main: HtmlElement | None, stats: dict[HtmlElement, _Stats]) -> int:
    """Body text held by the main container (for the index-page check)."""
    if main is None:
        return 0
    st = stats[main]
    return max(st.p_chars, st.chars - st.link_chars if main.get("itemprop") == "articleBody" else 0)


def is_hidden(el: HtmlElement) -> bool:
    """Whether the reader never sees the element: the `hidden` attribute, aria-hidden,
    an inline display:none / visibility:hidden, a <dialog> that is not open. Two kinds
    of markup look hidden but are read: React's streamed Suspense content (`<div hidden
    id="S:1">`, moved into place by a script as the page loads) and collapsed
    accordion / tab / FAQ panels, which the reader opens."""
    if el.tag == "dialog":
        return el.get("open") is None
    if el.get("hidden") is not None:
        hidden = not _REACT_BOUNDARY_RE.match(el.get("id") or "")
    elif (el.get("aria-hidden") or "").strip().lower() == "true":
        hidden = True
    else:
        style = el.get("style")
        hidden = bool(style and _HIDDEN_STYLE_RE.search(style))
    return hidden and not _is_expandable(el)


def _is_expandable(el: HtmlElement) -> bool:
    if (el.get("role") or "").lower() in ("tabpanel", "region"):
        return True
    class_attr, id_attr = el.get("class"), el.get("id")
    return (class_attr is not None or id_attr is not None) and _is_expandable_tokens(class_attr, id_attr)


@lru_cache(maxsize=8192)
def _is_expandable_tokens(class_attr: str | None, id_attr: str | None) -> bool:
    return any(p in EXPANDABLE_PARTS for parts in split_tokens(class_attr, id_attr) for p in parts)


def _ngrams(parts: list[str]) -> set[tuple[str, ...]]:
    return {tuple(parts[i:i + n]) for n in (2, 3) for i in range(len(parts) - n + 1)}


_CONTENT_SEQUENCES = frozenset(CONTENT_SEQUENCES)
_BOILERPLATE_SEQUENCES = frozenset(BOILERPLATE_SEQUENCES)


@lru_cache(maxsize=8192)
def _is_boilerplate_tokens(class_attr: str | None, id_attr: str | None) -> bool:
    all_parts = split_tokens(class_attr, id_attr)
    if any(_ngrams(parts) & _CONTENT_SEQUENCES for parts in all_parts):
        return False
    for parts in all_parts:
        if any(p in BOILERPLATE_PARTS for p in parts) or "".join(parts) in BOILERPLATE_PARTS:
            return True
        if _ngrams(parts) & _BOILERPLATE_SEQUENCES:
            return True
    return False


def is_boilerplate_name(el: HtmlElement) -> bool:
    """Whether the element's class/id names boilerplate (and no content marker);
    memoised on the attribute values, which repeat a lot within and across pages."""
    class_attr, id_attr = el.get("class"), el.get("id")
    if class_attr is None and id_attr is None:
        return False
    return _is_boilerplate_tokens(class_attr, id_attr)


def _is_link_heavy(st: _Stats) -> bool:
    if st.tag not in LINK_BLOCK_TAGS or st.links < LINK_BLOCK_MIN_LINKS or st.chars == 0:
        return False
    if st.chars - st.link_chars > LINK_BLOCK_MAX_PROSE:
        return False
    return st.link_chars / st.chars >= LINK_BLOCK_MIN_DENSITY


def _is_link_paragraph(el: HtmlElement, st: _Stats) -> bool:
    """A paragraph that is one link and nothing else ("CO-FOUNDER 'PROUD' OF ..."): a
    teaser for another story placed between the story's paragraphs."""
    if st.tag != "p" or st.links != 1 or st.chars < LINK_PARAGRAPH_MIN_CHARS:
        return False
    if st.link_chars < LINK_PARAGRAPH_MIN_SHARE * st.chars:
        return False
    text = (el.text_content() or "").strip().lower()
    return not text.startswith(("http://", "https://", "www."))  # a source cited by its URL stays


def _is_card(el: HtmlElement, stats: dict[HtmlElement, _Stats]) -> bool:
    st = stats.get(el)
    if st is None or st.tag not in CARD_TAGS or st.links == 0 or st.chars == 0:
        return False
    if st.chars > CARD_MAX_CHARS:
        return False
    # A teaser's headline is its link; a section of the story with a heading of its own
    # and a link somewhere in its text (a product box, a recipe step) is not a card.
    return st.linked_headings > 0 or st.link_chars / st.chars >= CARD_MIN_LINK_SHARE


def _is_card_list(el: HtmlElement, stats: dict[HtmlElement, _Stats]) -> bool:
    if len(el) < CARD_CONTAINER_MIN_CARDS:  # fewer children, fewer element children
        return False
    children = [c for c in el if isinstance(c.tag, str)]
    if len(children) < CARD_CONTAINER_MIN_CARDS:
        return False
    cards = sum(1 for c in children if _is_card(c, stats))
    return cards >= CARD_CONTAINER_MIN_CARDS and cards / len(children) >= CARD_MIN_SHARE


def clean_tree(root: HtmlElement, stats: dict[HtmlElement, _Stats] | None = None,
               main: HtmlElement | None = None) -> HtmlElement | None:
    """Remove boilerplate blocks from the tree in place; returns the main text container
    (kept, with its ancestors), which cleaning does not change. `main` is found here
    unless the caller already has it."""
    stats = stats if stats is not None else compute_stats(root)
    protected: set[HtmlElement] = set()
    if main is None:
        main = main_container(root, stats)
    region = body_region(main, stats) if main is not None else None
    if region is not None:
        protected.add(main)
        protected.update(main.iterancestors())
        protected.add(region)
        protected.update(region.iterancestors())
    page_prose = stats[root].deep_p if root in stats else 0
    story_min = max(STORY_BLOCK_MIN_CHARS, STORY_BLOCK_SHARE * stats[region].deep_p) if region is not None else None
    inside = set(region.iter()) if region is not None else set()

    def story_block(el: HtmlElement) -> bool:
        """A block holding much of the story's (or the page's) paragraph text."""
        deep_p = stats[el].deep_p
        if page_prose and deep_p >= PAGE_PROSE_SHARE * page_prose and deep_p >= STORY_BLOCK_MIN_CHARS:
            return True
        return story_min is not None and deep_p >= story_min and el in inside

    def story_list(el: HtmlElement) -> bool:
        """A list in the story (resources, references, steps with links), not teasers:
        no item's headline is a link, the items say more than their links (a list of
        bare headline links is "more stories"), and the story goes on after it."""
        if el.tag not in ("ul", "ol") or el not in inside or el.getnext() is None:
            return False  # a list closing the story is more often "more stories"
        st = stats[el]
        return not st.linked_headings and st.link_chars < STORY_LIST_MAX_LINK_SHARE * st.chars

    def hidden_story(el: HtmlElement) -> bool:
        """Most of the story, hidden in the body container until the reader pays or
        clicks "read more": the container shows a teaser, the hidden block holds more."""
        if story_min is None or not any(a is main for a in el.iterancestors()):
            return False
        hidden_p = stats[el].deep_p
        return hidden_p >= story_min and hidden_p > stats[main].deep_p - hidden_p

    doomed: list[HtmlElement] = []
    stack = [root]
    get = stats.get
    while stack:
        el = stack.pop()
        st = get(el)  # every element has statistics
        if st is None:  # a comment or processing instruction
            continue
        if st.tag not in NEVER_REMOVE and el not in protected and (
            (is_hidden(el) and not hidden_story(el))
            or (is_boilerplate_name(el) and not story_block(el))
            or (_is_link_heavy(st) and not story_list(el))
            or (_is_link_paragraph(el, st) and el.getparent().tag != "li")
            or el.get("itemprop") in METADATA_ITEMPROPS
            or (_is_card_list(el, stats) and not story_list(el))
        ):
            doomed.append(el)
            continue  # its subtree goes with it
        stack.extend(reversed(list(el)))
    for el in doomed:
        parent = el.getparent()
        if parent is not None:
            el.drop_tree()
    return main


def body_region(main: HtmlElement, stats: dict[HtmlElement, _Stats]) -> HtmlElement:
    """The element enclosing the whole story around the body container: the container
    itself, or its highest ancestor (at most REGION_MAX_LEVELS up, below <body>) that
    adds a substantial amount of paragraph text in other blocks (a story split into
    several sections) without being mostly links (page layout)."""
    region, node = main, main
    base = stats[main].deep_p
    for _ in range(REGION_MAX_LEVELS):
        node = node.getparent()
        if node is None or node.tag in ("body", "html") or node not in stats:
            break
        st = stats[node]
        if st.chars and st.link_chars / st.chars > REGION_MAX_LINK_DENSITY:
            break
        if st.deep_p - stats[region].deep_p >= max(REGION_MIN_GAIN, REGION_MIN_GAIN_SHARE * base):
            region = node
    return region


SPLIT_PART_MIN_CHARS = 200        # paragraph text a sibling chunk of the body needs
SPLIT_PART_MAX_LEVELS = 3         # chunks share an ancestor at most this many levels up
SPLIT_GAP_MAX_CHARS = 300         # text between the chunks (ad labels, captions)


def _common_ancestor(elements: list[HtmlElement]) -> HtmlElement | None:
    shared = None
    for el in elements:
        chain = [el, *el.iterancestors()]
        if shared is not None:
            keep = set(shared)
            chain = [a for a in chain if a in keep]
        shared = chain
    return shared[0] if shared else None


def _depth(el: HtmlElement) -> int:
    return sum(1 for _ in el.iterancestors())


def merge_split_body(root: HtmlElement, main: HtmlElement | None,
                     stats: dict[HtmlElement, _Stats]) -> HtmlElement | None:
    """Join a body that the page splits into several containers around ads.

    Templates that interleave ads with the story repeat the body container
    (`<div class="article__body">` ... ad ... `<div class="article__body">`). The
    containers with the same tag and class as the main one, holding paragraph text,
    are merged into the first of them in document order, so the body extractor,
    which takes one container, sees the whole story. Returns the merged container.
    """
    if main is None or not main.get("class"):
        return main
    near = main
    for _ in range(SPLIT_PART_MAX_LEVELS):  # chunks are siblings or near cousins of main
        near = near.getparent() if near.getparent() is not None else near
    depth = _depth(main)
    parts = [el for el in near.iter(main.tag)
             if el.get("class") == main.get("class") and el in stats
             and stats[el].p_chars >= SPLIT_PART_MIN_CHARS and _depth(el) == depth]
    if len(parts) < 2 or len({el.getparent() for el in parts}) == 1:
        return main  # sibling chunks already sit in one container
    common = _common_ancestor(parts)
    inside = sum(stats[el].chars for el in parts)
    if common is None or common not in stats or stats[common].chars - inside > SPLIT_GAP_MAX_CHARS:
        return main  # other text sits between or around the chunks: keep the page's order
    first = parts[0]
    for part in parts[1:]:
        if first in part.iterancestors() or part in first.iterancestors():
            continue
        if part.text and part.text.strip():
            first.append(_text_block(part.text))
        for child in list(part):
            first.append(child)
        part.drop_tree()
    return first


def _text_block(text: str) -> HtmlElement:
    p = Element("p")
    p.text = text
    return p
