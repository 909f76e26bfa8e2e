"""Body text: the lead on the page, trafilatura on the cleaned tree, then line cleaning.

* `find_lead` looks for a standfirst/lead element (class/id "lead", "standfirst",
  "intro", "perex", "summary", ...) that plain trafilatura drops when it sits in its
  own container before the body.
* `body_text` runs trafilatura once on the (pre-cleaned) tree with fixed, explicit
  options: no comments, tables kept, no formatting, no links, no images.
* `clean_lines` drops photo credits, share-button text and "read also" teaser lines,
  and strips trafilatura's list/table markers so the text stays plain.
"""

from __future__ import annotations

import logging
import re

import trafilatura
from lxml.html import HtmlElement
from trafilatura.settings import use_config

from newscrawl.extraction.tree import inline_text, token_parts
from newscrawl.normalize import normalize_inline, normalize_text

LOGGER = logging.getLogger(__name__)

LEAD_PARTS = frozenset(
    {"lead", "standfirst", "intro", "perex", "summary", "dek", "deck", "excerpt", "abstract",
     "sapo", "chapo", "chapeau", "lede", "subheadline", "strapline", "ingress", "ingresas"}
)
LEAD_MIN_CHARS = 40
LEAD_MAX_CHARS = 1_000
LEAD_MAX_LINK_SHARE = 0.5
LEAD_MATCH_CHARS = 80       # a body "contains the lead" when it has its first N chars

CREDIT_MAX_WORDS = 12       # longer lines are prose, not a credit
SHARE_MAX_WORDS = 8

_CONFIG = use_config()      # a private copy: trafilatura's DEFAULT_CONFIG is never touched

_CREDIT_RE = re.compile(
    r"""^(?:
        (?:©|\(c\)|copyright\b)
      | (?:foto|fotos|photo|photos|photograph|picture|pic|image|images|bild|bilder|kuva|
           fotografija|nuotrauka|nuotraukos|zdjęcie|video)\s*(?:[:/|]|credits?\b|by\b)
      | (?:nuotr|fot|pav|ill)\.\s
      | (?:AP|AFP|Reuters|EPA|EPA-EFE|Scanpix|Getty\ Images|BNS|ELTA|dpa|ANP|PAP|Shutterstock|Imago|Xinhua|TASS)
        (?:\s*/\s*[\w .\-]+)*$
    )""",
    re.IGNORECASE | re.VERBOSE,
)
_CREDIT_SUFFIX_RE = re.compile(r"\b(?:nuotr\.|nuotrauka)\)?\.?$", re.IGNORECASE)  # "Jono Jonaičio nuotr."
_READ_ALSO_RE = re.compile(
    r"""^(?:skaitykite\s+taip\s+pat|taip\s+pat\s+skaitykite|read\s+also|also\s+read|read\s+more|
        see\s+also|related(?:\s+(?:articles?|stories|coverage|content))?|more\s+on\s+this(?:\s+story)?|
        lesen\s+sie\s+auch|mehr\s+zum\s+thema|auch\s+interessant|lasiet\s+arī|loe\s+ka|
        czytaj\s+(?:także|też)|читайте\s+также|lire\s+aussi|à\s+lire\s+aussi|leer\s+más|leggi\s+anche)
        \s*(?:[:»>\-–—|]|$)""",
    re.IGNORECASE | re.VERBOSE,
)
SHARE_WORDS = frozenset(
    {"share", "shares", "tweet", "email", "e-mail", "mail", "print", "facebook", "twitter", "x",
     "linkedin", "whatsapp", "pinterest", "reddit", "telegram", "messenger", "copy", "link", "save",
     "this", "article", "on", "via", "dalintis", "dalinkitės", "pasidalinti", "bendrinti",
     "spausdinti", "el.", "paštu", "teilen", "drucken", "twittern", "partager", "compartir"}
)
SHARE_CORE_WORDS = frozenset(
    {"share", "tweet", "facebook", "twitter", "linkedin", "whatsapp", "dalintis", "pasidalinti",
     "bendrinti", "teilen", "partager", "compartir"}
)
_LIST_MARKER_RE = re.compile(r"^- +")
_TABLE_ROW_RE = re.compile(r"^\|(.*)\|$")
_TABLE_RULE_RE = re.compile(r"^[\s|:\-]*-[\s|:\-]*$")  # "| --- | --- |" header separator


# ---------------------------------------------------------------------------- lead


def _is_lead_name(el: HtmlElement) -> bool:
    return any(any(p in LEAD_PARTS for p in parts) or "".join(parts) in LEAD_PARTS for parts in token_parts(el))


def find_lead(root: HtmlElement, main: HtmlElement | None = None) -> str | None:
    """Text of the page's lead/standfirst element, if there is one outside the body."""
    main_ancestors = set(main.iterancestors()) | {main} if main is not None else set()
    for el in root.iter():
        if not isinstance(el.tag, str) or el.tag in ("meta", "script", "style", "head", "title"):
            continue
        if el in main_ancestors:  # an element wrapping the body is not its lead
            continue
        if not (_is_lead_name(el) or el.get("itemprop") in ("description", "abstract")):
            continue
        text = normalize_inline(inline_text(el))
        if not text or not LEAD_MIN_CHARS <= len(text) <= LEAD_MAX_CHARS:
            continue
        link_chars = sum(len(inline_text(a)) for a in el.iter("a"))
        if link_chars / len(text) > LEAD_MAX_LINK_SHARE:
            continue
        return text
    return None


def _key(text: str) -> str:
    return " ".join(text.casefold().split())


def prepend_lead(text: str, lead: str | None) -> str:
    """The body with the lead as first paragraph, unless the body already has it."""
    if not lead:
        return text
    if _key(lead)[:LEAD_MATCH_CHARS] in _key(text):
        return text
    return f"{lead}\n{text}" if text else lead


# ---------------------------------------------------------------------------- trafilatura


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


# ---------------------------------------------------------------------------- lines


def is_credit(line: str) -> bool:
    if len(line.split()) > CREDIT_MAX_WORDS:
        return False
    return bool(_CREDIT_RE.match(line) or _CREDIT_SUFFIX_RE.search(line))


def is_share_text(line: str) -> bool:
    words = [w.strip("()[]:·•|,").lower() for w in line.split()]
    words = [w for w in words if w]
    if not words or len(words) > SHARE_MAX_WORDS:
        return False
    return all(w in SHARE_WORDS for w in words) and any(w in SHARE_CORE_WORDS for w in words)


def is_read_also(line: str) -> bool:
    return bool(_READ_ALSO_RE.match(line))


def _plain(line: str) -> str:
    """Strip trafilatura's "- " list markers and "| a | b |" table framing."""
    if _TABLE_RULE_RE.match(line):
        return ""
    line = _LIST_MARKER_RE.sub("", line)
    match = _TABLE_ROW_RE.match(line.strip())
    if match:
        cells = [c.strip() for c in match.group(1).split("|")]
        line = " | ".join(c for c in cells if c)
    return line


KICKER_MAX_WORDS = 4   # a section label / kicker line above the headline


def clean_lines(text: str, *, title: str | None = None, section: str | None = None) -> str:
    """Body text without credits, share text and read-also lines (paragraphs by "\\n"),
    and without the page header some templates put inside the story container: the
    headline and, above it, a short kicker or section label."""
    out: list[str] = []
    title_key = _key(title) if title else None
    header_keys = {k for k in (title_key, _key(section) if section else None) if k}
    for raw in normalize_text(text).split("\n"):
        line = normalize_inline(_plain(raw))
        if not line:
            continue
        if is_credit(line) or is_share_text(line) or is_read_also(line):
            continue
        if _key(line) in header_keys and all(len(o.split()) <= KICKER_MAX_WORDS for o in out):
            if _key(line) == title_key:
                out = []  # the headline: a short kicker standing above it goes too
            continue
        out.append(line)
    return "\n".join(out)


BLOCK_TAGS = ("p", "h2", "h3", "h4", "h5", "h6", "li", "blockquote", "pre", "tr", "dd", "dt", "figcaption")


def _inside_block(element, node) -> bool:
    for ancestor in element.iterancestors():
        if ancestor is node:
            return False
        if ancestor.tag in BLOCK_TAGS:
            return True
    return False


def block_text(node) -> str:
    """The text of an element chosen by a site's body selector, one line per block
    (paragraphs, subheadings, list items, table rows); the whole text when it has none."""
    blocks = [el for el in node.iter(*BLOCK_TAGS) if el is not node and not _inside_block(el, node)]
    if not blocks:
        return node.text_content()
    return "\n".join(" ".join(el.text_content().split()) for el in blocks)
