"""Body text: the lead on the page, trafilatura on the cleaned tree, then line cleaning.

* `find_lead` looks for a standfirst/lead element (class/id "lead", "standfirst",
  "intro", "perex", "summary", ...). Outside the body container it is a summary and
  feeds the description; inside it (where trafilatura may drop it for its class
  name) it is the story's first paragraph and is put back.
* `body_text` runs trafilatura once on the (pre-cleaned) tree with fixed, explicit
  options: no comments, tables kept, no formatting, no links, no images.
* `clean_lines` drops photo credits, share-button text and "read also" teaser lines,
  and strips trafilatura's list/table markers so the text stays plain.
"""

from __future__ import annotations

import logging
import re
from collections import Counter
from collections.abc import Callable, Collection, Sequence
from functools import lru_cache

import trafilatura
from lxml.html import HtmlElement
from trafilatura.settings import use_config

from newscrawl.extraction import furniture
from newscrawl.extraction.tree import inline_text, split_tokens
from newscrawl.normalize import normalize_inline, normalize_text, word_count

LOGGER = logging.getLogger(__name__)

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
        czytaj\s+(?:także|też)|читайте\s+также|lire\s+aussi|à\s+lire\s+aussi|leer\s+más|leggi\s+anche|
        see\s+more|don'?t\s+miss|(?:you\s+)?(?:may|might)\s+also\s+(?:like|enjoy)|more\s+from\s+\w+|
        recommended(?:\s+for\s+you)?|further\s+reading|veja\s+também|leia\s+também|lea\s+también)
        \s*(?:[:»>\-–—|.…]+|$)""",
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
    if headline and _key(text) == _key(headline):
        return True
    if _CAPTION_RE.search(text[-120:]):
        return True
    if _BYLINE_RE.match(text):
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
    want = _key(description)
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
        if _key(text) == want and not _not_a_lead(el, text, None):
            return el
    return None


def lead_text(el: HtmlElement | None) -> str | None:
    return normalize_inline(inline_text(el)) if el is not None else None


def headline_element(root: HtmlElement, title: str | None) -> HtmlElement | None:
    """The page's headline <h1>: the one whose text is the title (pages also use <h1>
    for the logo), else the first <h1> with text."""
    want = _key(title) if title else None
    first = None
    for el in root.iter("h1"):
        text = _key(inline_text(el))
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
    skip = {_key(t) for t in titles if t} | {_key(c) for c in captions if c}
    for value in (standfirst, meta_description, lede):
        value = normalize_inline(value)
        if value and _key(value) not in skip:
            return value
    return None


def caption_texts(root: HtmlElement) -> set[str]:
    """The texts of the page's <figcaption>s (for `description`)."""
    return {text for el in root.iter("figcaption") if (text := normalize_inline(inline_text(el)))}


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


# ---------------------------------------------------------------------------- lines


def is_credit(line: str) -> bool:
    if word_count(line) > CREDIT_MAX_WORDS:
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


READ_ALSO_LABEL_WORDS = 6   # a read-also line this short is a heading over teasers
KICKER_MAX_WORDS = 4   # a section label / kicker line above the headline


def clean_lines(text: str, *, title: str | None = None, section: str | None = None) -> str:
    """Body text without credits, share text and read-also lines (paragraphs by "\\n"),
    and without the page header some templates put inside the story container: the
    headline and, above it, a short kicker or section label."""
    out: list[str] = []
    title_key = _key(title) if title else None
    header_keys = {k for k in (title_key, _key(section) if section else None) if k}
    raw_lines = normalize_text(text).split("\n")
    for index, raw in enumerate(raw_lines):
        line = normalize_inline(_plain(raw))
        if not line:
            continue
        if (is_read_also(line) and word_count(line) <= READ_ALSO_LABEL_WORDS
                and index >= len(raw_lines) - EDGE_TAIL_LINES
                and all(word_count(rest) <= EDGE_MAX_WORDS for rest in raw_lines[index + 1:])):
            break  # "You may also like" closing the story: the teaser headlines after it go too
        if is_credit(line) or is_share_text(line) or is_read_also(line) or furniture.is_inline_furniture(line):
            continue
        if _key(line) in header_keys and all(word_count(o) <= KICKER_MAX_WORDS for o in out):
            if _key(line) == title_key:
                out = []  # the headline: a short kicker standing above it goes too
            continue
        out.append(line)
    return "\n".join(out)


# ---------------------------------------------------------------------------- edges

EDGE_MAX_WORDS = 14         # longer lines are prose, never page furniture
EDGE_HEAD_LINES = 4         # furniture is looked for among the first lines ...
EDGE_TAIL_LINES = 5         # ... and the last ones
# A dateline: d/m/y, a time of day, or a year with a day number ("August 08, 2018");
# a year alone ("2018 Festival Programme") is not enough.
_NUMERIC_DATE_RE = re.compile(r"\b\d{1,2}[./-]\d{1,2}[./-]\d{2,4}\b|\b\d{4}-\d{2}-\d{2}\b|\b\d{1,2}:\d{2}\b")
_YEAR_RE = re.compile(r"\b(?:1[89]|20)\d\d\b")
_DAY_RE = re.compile(r"(?<![\d.,])\b(?:0?[1-9]|[12]\d|3[01])(?:st|nd|rd|th|\.)?(?![\d.,]\d)")


def is_dateline(line: str) -> bool:
    if _NUMERIC_DATE_RE.search(line):
        return True
    return bool(_YEAR_RE.search(line) and _DAY_RE.search(_YEAR_RE.sub(" ", line)))


_TAG_LABEL_RE = re.compile(
    r"^(?:tags?|tagged(?:\s+(?:with|as))?|topics?|keywords?|filed\s+under|schlagwörter|"
    r"themen|étiquettes|etiquetas|tópicos|temas|parole\s+chiave|žymės|raktažodžiai)\s*(?::|$)",
    re.IGNORECASE,
)
_BYLINE_RE = re.compile(
    r"^(?:by|von|par|por|di|publicado\s+por|posted\s+by|written\s+by|autor(?:ius)?:?)\s+\S", re.IGNORECASE
)
LABEL_KEYS = frozenset(
    {"comments", "comment", "leave a comment", "leave a reply", "add comment", "show comments",
     "view comments", "advertisement", "advertising", "ad", "sponsored", "share", "share this",
     "share this article", "share this story", "print", "print article", "order reprints",
     "reprints", "tell us what you think...", "tell us what you think", "kommentare", "commentaires",
     "comentarios", "comentários", "komentarai"}
)
CALL_TO_ACTION_MAX_WORDS = 40
_SOCIAL = r"(?:facebook|twitter|instagram|youtube|linkedin|telegram|tiktok|whatsapp|snapchat|threads|bluesky|mastodon|flipboard)"
_FOLLOW_RE = re.compile(rf"^(?:follow|like|join|find)\b.{{0,80}}\b(?:on|via)\b.{{0,40}}\b{_SOCIAL}\b", re.IGNORECASE)
_CALL_TO_ACTION_RE = re.compile(
    r"^(?:click\s+here|sign\s+up\b|subscribe\b|get\s+access\b|download\s+(?:the|our)\s+app|"
    r"get\s+(?:\w+\s+){1,4}(?:delivered|on\s+the\s+go)|(?:start|try)\s+your\s+free\s+trial|"
    r"support\s+(?:our|independent)\s+journalism|become\s+a\s+(?:member|subscriber))",
    re.IGNORECASE,
)
_INBOX_RE = re.compile(r"\b(?:in|to)\s+your\s+inbox\b|\bsubscribe\s+to\s+(?:our|the|\S+['’]s)\s+newsletters?\b", re.IGNORECASE)
_EMAIL_RE = re.compile(r"\b[\w.+-]+@[\w-]+\.[\w.-]+\b")  # "Write to Al Root at al.root@example.com"
_SENTENCE_END = (".", "!", "?", "…", "\"", "”", "»")


def _site_names(site_name: str | None) -> set[str]:
    """"LinkNaija | Nigeria's news" -> {"linknaija | nigeria's news", "linknaija", ...}."""
    if not site_name:
        return set()
    names = {_key(site_name)}
    for part in re.split(r"\s+[|–—·:-]\s+", site_name):
        if part.strip():
            names.add(_key(part))
    return names


def _is_title_line(key: str, title_key: str | None) -> bool:
    if not title_key or not key:
        return False
    if key == title_key:
        return True
    shorter, longer = sorted((key, title_key), key=len)
    return len(shorter) >= 0.6 * len(longer) and shorter in longer


def is_furniture(line: str, *, title_keys: Sequence[str], site_keys: set[str]) -> bool:
    """A line of page furniture rather than story: the headline again, the site name,
    a dateline or byline on its own, a tag-list label, a bare "Comments"."""
    key = _key(line)
    if any(_is_title_line(key, t) for t in title_keys) or key in site_keys or key in LABEL_KEYS:
        return True
    words = word_count(line)
    if words > EDGE_MAX_WORDS:
        return False
    if _TAG_LABEL_RE.match(line):
        return True
    if line.endswith(_SENTENCE_END) or line.endswith("。"):
        return False
    return is_dateline(line) or bool(_BYLINE_RE.match(line) and words <= 6)


def is_call_to_action(line: str) -> bool:
    """"Follow us on Twitter", "Sign up for our newsletter", "Click here to subscribe",
    "Write to the author at name@example.com": the site talking to its readers after
    the story (only looked for at the tail)."""
    if word_count(line) > CALL_TO_ACTION_MAX_WORDS:
        return False
    return bool(_FOLLOW_RE.search(line) or _CALL_TO_ACTION_RE.match(line) or _INBOX_RE.search(line)
                or _EMAIL_RE.search(line))


def strip_furniture(text: str, *, titles: Sequence[str | None] = (), site_name: str | None = None) -> str:
    """The body without page furniture at its two ends.

    Templates often put the headline, site name, date, byline and tags right before or
    after the story inside the same container. Such lines are removed from the first
    EDGE_HEAD_LINES and last EDGE_TAIL_LINES lines (separators not counted); a tag label
    near the end ("Tags:") ends the story, with the tag list after it. At the head,
    one-word lines (tags, labels) before the first furniture-free prose line go too.
    """
    lines = text.split("\n")
    if len(lines) < 3:
        return text
    title_keys = [_key(t) for t in titles if t]
    site_keys = _site_names(site_name)

    def edge_line(line: str) -> bool:
        return is_furniture(line, title_keys=title_keys, site_keys=site_keys)

    # tail: a tag label near the end cuts everything after it
    for i in range(len(lines) - 1, max(0, len(lines) - EDGE_TAIL_LINES) - 1, -1):
        if _TAG_LABEL_RE.match(lines[i]) and word_count(lines[i]) <= EDGE_MAX_WORDS:
            lines = lines[:i]
            break
    removed = 0
    while lines and removed < EDGE_TAIL_LINES and (edge_line(lines[-1]) or is_call_to_action(lines[-1])
                                                   or furniture.is_tail_furniture(lines[-1])):
        if not furniture.is_separator(lines.pop()):
            removed += 1  # a separator between furniture lines ("___") does not use up the budget
    start, after_furniture = 0, False
    while start < min(len(lines) - 1, EDGE_HEAD_LINES):
        line = lines[start]
        if edge_line(line):
            after_furniture = True
        elif not (after_furniture and word_count(line) == 1):  # "Tags: a" / "b" / "c"
            break
        start += 1
    return "\n".join(lines[start:])


BLOCK_TAGS = ("p", "h2", "h3", "h4", "h5", "h6", "li", "blockquote", "pre", "tr", "dd", "dt", "figcaption")


LIVEBLOG_MIN_POSTS = 2


def liveblog_posts(tree: HtmlElement) -> str:
    """The text of a live blog's posts: the (cleaned) itemprop=articleBody blocks, one
    after another in page order (blocks inside another one are part of it); "" when the
    page marks fewer than LIVEBLOG_MIN_POSTS posts or they hold less than a story."""
    marked = tree.xpath('//*[@itemprop="articleBody"]')
    inside = set(marked)
    posts = [el for el in marked if not any(a in inside for a in el.iterancestors())]
    if len(posts) < LIVEBLOG_MIN_POSTS:
        return ""
    text = "\n".join(t for t in (normalize_text(block_text(el)) for el in posts) if t)
    return text if word_count(text) >= STUB_MIN_WORDS else ""


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
