"""The lede and the standfirst: the page's lead paragraph, and whether it opens the story.

`find_lead` looks for a standfirst/lead element (class/id "lead", "standfirst", "intro",
"perex", "summary", ...), never a caption, byline, lead image or the headline;
`lead_opens_story` decides whether it is the story's first paragraph (put back at the
top of `text`, `prepend_lead`) or a standfirst (the `description`); `find_dek` finds a
standfirst that repeats the meta description.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Collection, Sequence
from functools import lru_cache

from lxml.html import HtmlElement

from newscrawl.extraction.line_cleaning import BYLINE_RE, match_key
from newscrawl.extraction.tree import inline_text, split_tokens
from newscrawl.normalize import normalize_inline

# Class/id parts naming the story's opening paragraph ...
LEDE_PARTS = frozenset({"lead", "lede", "intro", "perex", "ingress", "ingresas", "chapeau"})


# ... and a summary printed apart from the story (standfirst, dek, subtitle).
SUMMARY_PARTS = frozenset({"standfirst", "summary", "dek", "deck", "excerpt", "abstract", "sapo", "chapo",
                           "subheadline", "strapline", "subtitle"})


LEAD_PARTS = LEDE_PARTS | SUMMARY_PARTS


LEAD_MIN_CHARS = 40


LEAD_MAX_CHARS = 1_000


LEAD_MAX_LINK_SHARE = 0.5


DEK_MAX_CHILDREN = 3        # a dek element is a paragraph, not a block of blocks


DEK_LENGTH_SLACK = 10       # characters a dek's text may differ in length from the description


LEAD_MATCH_CHARS = 80       # a body "contains the lead" when it has its first N chars


@lru_cache(maxsize=8192)
def _is_lead_tokens(class_attr: str | None, id_attr: str | None) -> bool:
    return any(any(p in LEAD_PARTS for p in parts) or "".join(parts) in LEAD_PARTS
               for parts in split_tokens(class_attr, id_attr))


@lru_cache(maxsize=8192)
def _is_summary_tokens(class_attr: str | None, id_attr: str | None) -> bool:
    return any(any(p in SUMMARY_PARTS for p in parts) or "".join(parts) in SUMMARY_PARTS
               for parts in split_tokens(class_attr, id_attr))


def is_summary_name(el: HtmlElement) -> bool:
    """Whether the element's class/id call it a summary (standfirst, dek, subtitle)."""
    if el.get("itemprop") in ("description", "abstract"):
        return True
    class_attr, id_attr = el.get("class"), el.get("id")
    return (class_attr is not None or id_attr is not None) and _is_summary_tokens(class_attr, id_attr)


def _is_lead_name(el: HtmlElement) -> bool:
    class_attr, id_attr = el.get("class"), el.get("id")
    if class_attr is None and id_attr is None:
        return False
    return _is_lead_tokens(class_attr, id_attr)


def _not_a_lead(el: HtmlElement, text: str, headline: str | None) -> bool:
    """Elements that look like a lead by name or text but are not one: a caption, a
    byline, the headline itself, a link list."""
    if el.tag in ("figcaption", "figure", "h1", "a", "li", "ul", "ol", "nav", "button", "label"):
        return True
    if any(True for _ in el.iter("img", "picture", "video", "iframe", "figure")):
        return True  # a "lead" block with a picture is the lead image and its caption
    if any(a.tag in ("figure", "figcaption", "nav", "a") for a in el.iterancestors()):
        return True
    if headline and match_key(text) == match_key(headline):
        return True
    if _CAPTION_RE.search(text[-120:]):
        return True
    if BYLINE_RE.match(text):
        return True
    link_chars = sum(len(inline_text(a)) for a in el.iter("a"))
    return link_chars / len(text) > LEAD_MAX_LINK_SHARE


_CAPTION_RE = re.compile(
    r"\((?:[A-Z][\w.]*\s+)?(?:Photo|Foto|Image|Bild|Picture)s?\b|\b(?:Photo|Foto|Bild|Image|Picture|Credit)s?\s*(?::|by\b)\s*\S",
    re.IGNORECASE)


def find_lead(root: HtmlElement, main: HtmlElement | None = None, headline: str | None = None) -> HtmlElement | None:
    """The page's lead/standfirst element (class/id "lead", "standfirst", "intro",
    "teaser", ...; itemprop description/abstract), if there is one: the first such
    element that holds a sentence or two of prose and is not a caption, byline or
    the headline. An element wrapping the body container is not its lead."""
    main_ancestors = set(main.iterancestors()) | {main} if main is not None else set()
    for el in root.iter():
        if not isinstance(el.tag, str) or el.tag in ("meta", "script", "style", "head", "title", "body", "html"):
            continue
        if el in main_ancestors:
            continue
        if main is not None and el.tag == main.tag and el.get("class") == main.get("class"):
            continue  # another chunk of the body (same tag and class as its container)
        if not (_is_lead_name(el) or el.get("itemprop") in ("description", "abstract")):
            continue
        text = lead_text(el)
        if not text or not LEAD_MIN_CHARS <= len(text) <= LEAD_MAX_CHARS or _not_a_lead(el, text, headline):
            continue
        return el
    return None


def find_dek(root: HtmlElement, main: HtmlElement | None, description: str | None,
             text_chars: Callable[[HtmlElement], int] | None = None) -> HtmlElement | None:
    """An element outside the body container whose text is the page's meta description:
    a standfirst (or lede) without a telling class name. Inside the body container the
    same text is the story's first paragraph and stays where it is."""
    if main is None or not description or len(description) < LEAD_MIN_CHARS:
        return None
    want = match_key(description)
    low, high = len(want) * 0.8 - DEK_LENGTH_SLACK, len(description) + DEK_LENGTH_SLACK
    inside = set(main.iter())
    for el in root.iter("p", "h2", "h3", "div", "span", "section", "header"):
        if len(el) > DEK_MAX_CHILDREN or el in inside:
            continue
        if text_chars is not None and not low <= text_chars(el) <= high:
            continue  # cheap length filter on the precomputed text statistics
        text = inline_text(el)
        if len(text) < LEAD_MIN_CHARS or abs(len(text) - len(description)) > DEK_LENGTH_SLACK:
            continue
        if match_key(text) == want and not _not_a_lead(el, text, None):
            return el
    return None


def lead_text(el: HtmlElement | None) -> str | None:
    return normalize_inline(inline_text(el)) if el is not None else None


def headline_element(root: HtmlElement, title: str | None) -> HtmlElement | None:
    """The page's headline <h1>: the one whose text is the title (pages also use <h1>
    for the logo), else the first <h1> with text."""
    want = match_key(title) if title else None
    first = None
    for el in root.iter("h1"):
        text = match_key(inline_text(el))
        if not text:
            continue
        if want and (text == want or (len(text) > 10 and (text in want or want in text))):
            return el
        first = first if first is not None else el
    return first


def _lowest_common_ancestor(a: HtmlElement, b: HtmlElement) -> HtmlElement | None:
    chain = {id(x) for x in (a, *a.iterancestors())}
    for x in (b, *b.iterancestors()):
        if id(x) in chain:
            return x
    return None


def _child_towards(ancestor: HtmlElement, el: HtmlElement) -> HtmlElement | None:
    """The child of `ancestor` that is el or holds it."""
    node = el
    while node is not None and node.getparent() is not ancestor:
        node = node.getparent()
    return node


def lead_opens_story(lead: HtmlElement | None, main: HtmlElement | None, headline: HtmlElement | None = None) -> bool:
    """Whether a lead element is the story's first paragraph (text) rather than a
    standfirst (description).

    * inside the body container: the story's opening (trafilatura sometimes drops such
      a first paragraph for its class name), so it is text;
    * named a summary (standfirst, dek, summary, subtitle, itemprop=description) or
      without a telling name (a copy of the meta description): a standfirst;
    * named a lead / lede / intro: grouped with the headline in a header block (the
      lowest element holding both the lead and the <h1> does not hold the body) it is
      a standfirst; in its own block right before the body container (only empty
      blocks, such as an ad slot, between them) it is the story's lede.
    """
    if lead is None or main is None or lead.getparent() is None:
        return False
    if main in lead.iterancestors() or lead is main:
        return True
    if is_summary_name(lead) or not _is_lead_name(lead):
        return False
    main_chain = {id(x) for x in (main, *main.iterancestors())}
    if headline is not None and headline.getparent() is not None:
        with_headline = _lowest_common_ancestor(lead, headline)
        if with_headline is not None and id(with_headline) not in main_chain:
            return False
    common = _lowest_common_ancestor(lead, main)
    if common is None:
        return False
    lead_block, body_block = _child_towards(common, lead), _child_towards(common, main)
    if lead_block is None or body_block is None:
        return False
    sibling = body_block.getprevious()
    while sibling is not None and not (isinstance(sibling.tag, str) and inline_text(sibling)):
        sibling = sibling.getprevious()
    return sibling is lead_block


def description(standfirst: str | None, meta_description: str | None, lede: str | None = None, *,
                titles: Sequence[str | None] = (), captions: Collection[str] = ()) -> str | None:
    """The article's description: the standfirst the page shows, else the meta
    description, else (a page with neither) the story's lede; never the headline, and
    never a picture's caption (`captions`: the page's caption texts; templates copy the
    lead image's caption into og:description)."""
    skip = {match_key(t) for t in titles if t} | {match_key(c) for c in captions if c}
    for value in (standfirst, meta_description, lede):
        value = normalize_inline(value)
        if value and match_key(value) not in skip:
            return value
    return None


def caption_texts(root: HtmlElement) -> set[str]:
    """The texts of the page's <figcaption>s (for `description`)."""
    return {text for el in root.iter("figcaption") if (text := normalize_inline(inline_text(el)))}




def prepend_lead(text: str, lead: str | None) -> str:
    """The body with the lead as first paragraph, unless the body already has it."""
    if not lead:
        return text
    if match_key(lead)[:LEAD_MATCH_CHARS] in match_key(text):
        return text
    return f"{lead}\n{text}" if text else lead
