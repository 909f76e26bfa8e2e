"""Authors: the people who wrote the article, from the metadata or the visible byline.

Every source gives raw byline strings; each is cleaned (entities decoded, "By"/"Von"/"Por"
and roles such as "기자" or ", Senior Reporter" removed, "(Image: Getty Images)" and e-mail
addresses dropped) and split ("A und B, dpa", "A, B and C", "By A | Agency") into names.
A name is then a person, an organisation (the site itself, an agency, a desk) or unknown
(a single word: a first name or a forum handle); placeholders ("admin", "Staff"), credits,
URLs, slugs and dates are no names at all.

The sources, in precedence order: JSON-LD author (with its Person/Organization types; of
the article, else of a forum post or question), article:author, the author meta tags, the
visible byline (rel=author, itemprop=author, byline/author class names, links to author
pages), an unmarked "By ..." line ("By <a>Jane Doe</a>" too). The first source that names a person
wins, and the site's own name is dropped beside the people; when no source names a
person, the first source's organisation is the byline (a desk or an agency). Order is
kept, duplicates dropped.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass

from lxml import etree
from lxml.html import HtmlElement

from newscrawl.extraction.metadata import words
from newscrawl.extraction.metadata.headline import SiteNames, squash
from newscrawl.extraction.tree import (
    NOT_TEXT_TAGS,
    inline_text,
    readable_text,
    split_tokens,
)
from newscrawl.normalize import normalize_inline

MAX_AUTHOR_CHARS = 100
MAX_NAME_WORDS = 5
MAX_BYLINE_CHARS = 160          # a visible element with more text is a bio or a teaser
MAX_BYLINE_ELEMENTS = 40        # byline candidates looked at per page
MAX_ANCESTORS = 10              # levels looked up for a comments/teaser container

PERSON, ORGANISATION, UNKNOWN = "person", "organisation", "unknown"

_PREFIX_RE = re.compile(
    r"^(?:%s)\s*[:\-–—]?\s+" % "|".join(re.escape(p) for p in sorted(words.BYLINE_PREFIXES, key=len, reverse=True)),
    re.IGNORECASE,
)
_STOP_RE = re.compile(
    r"\s*(?:[|•·,;–—-]\s*)?\b(?:%s)\b.*$" % "|".join(re.escape(w) for w in words.BYLINE_STOP_WORDS),
    re.IGNORECASE,
)
_SPLIT_RE = re.compile(
    r"\s*(?:[,;&|•·+]|\s(?:and|und|y|e|et|og|och|en|ve|i|ja|и|ir|un|és|oraz|a|with|mit|avec|con)\s)\s*",
    re.IGNORECASE,
)
_PAREN_RE = re.compile(r"\s*[(\[][^)\]]*[)\]]")
_EMAIL_RE = re.compile(r"\S+@\S+\.\w+")
_SLUG_RE = re.compile(r"^[a-z0-9]+(?:[-_][a-z0-9]+)+$")
_CREDENTIAL_RE = re.compile(
    r"^(?:[A-Z]{2,6}®?|(?:[A-Z][a-z]{0,2}\.){1,3}|Ph\.?\s?D\.?|M\.?D\.?|Jr\.?|Sr\.?|I{2,3}|IV|"
    r"[A-Z]{1,5}-[A-Z]{2,5}(?: \d+)?|(?:[A-Z]\.){2,}(?: [A-Z]+)?|[A-Z]{2,5} [A-Z]{2,5})$"
)
_CJK_RE = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af]")
_PARTICLES = frozenset({"van", "von", "der", "den", "de", "da", "di", "du", "del", "della", "la", "le",
                        "bin", "al", "el", "ibn", "dos", "das", "ter", "zu", "y", "e", "st.", "mc", "ben"})
_INITIAL_RE = re.compile(r"^[A-ZÀ-Þ]\.(?:[A-ZÀ-Þ]\.)*-?$")


@dataclass(frozen=True, slots=True)
class Name:
    text: str
    kind: str       # PERSON, ORGANISATION or UNKNOWN


# ------------------------------------------------------------------------------ one value

def _unescape(value: str) -> str:
    for _ in range(3):  # "&amp;amp;" is escaped twice
        if "&" not in value:
            break
        value = html.unescape(value)
    return value


def clean_byline(value: str | None) -> str | None:
    """A byline string without entities, prefixes ("By"), parentheses and trailing dates."""
    value = normalize_inline(_unescape(value)) if isinstance(value, str) else None
    if not value or "://" in value or value.startswith(("www.", "/")):
        return None
    value = _EMAIL_RE.sub(" ", value)
    value = _PAREN_RE.sub("", value)
    for _ in range(2):
        value = _PREFIX_RE.sub("", value.strip(" ,;:-–—|•·"))
    value = _STOP_RE.sub("", value)
    return normalize_inline(value.strip(" ,;:-–—|•·")) or None


_DATE_TOKEN_RE = re.compile(r"^(?:\d[\d.:/,-]*(?:st|nd|rd|th|h|am|pm)?\.?|[ap]\.?m\.?)$", re.IGNORECASE)


def strip_dates(value: str) -> str:
    """A visible byline without the date, time and reading time it carries along
    ("Luke Kim December 17", "Madeleine Howell 30 August 2023, 4:45pm", "10 mins read").
    A month or clock word goes only beside a number, so "Jan Kixmüller" keeps his name."""
    tokens = value.split()
    keys = [t.casefold().strip(".,;:|()") for t in tokens]
    drop = [bool(_DATE_TOKEN_RE.match(t)) for t in tokens]
    for _ in range(3):  # "Sat, 20 Dec 2025" / "Dec 17, 2025": spread from the numbers
        for i, key in enumerate(keys):
            if not drop[i] and key in words.DATE_WORDS and (
                    (i > 0 and drop[i - 1]) or (i + 1 < len(tokens) and drop[i + 1])):
                drop[i] = True
    kept = [t for t, d in zip(tokens, drop) if not d]
    while kept and kept[-1].casefold().strip(".,;:|") in _TRAILING_CONNECTORS:
        kept.pop()
    return " ".join(kept)


_TRAILING_CONNECTORS = frozenset({"on", "at", "am", "um", "le", "el", "il", "the", "|", "-", "·", "•", ","})


def _strip_role(name: str) -> str:
    for suffix in words.ROLE_SUFFIXES:
        if name.endswith(suffix) and len(name) > len(suffix):
            name = name[: -len(suffix)].strip()
    return name


def _is_role(part: str) -> bool:
    tokens = [t.strip(".,").casefold() for t in part.split()]
    return bool(tokens) and any(t in words.ROLE_WORDS for t in tokens)


def kind_of(name: str, site: SiteNames | None = None) -> str | None:
    """PERSON, ORGANISATION or UNKNOWN; None when the value names nobody."""
    folded = name.casefold()
    tokens = [t.strip(".,:;!?'\"") for t in folded.split()]
    if (not tokens or folded in words.PLACEHOLDER_AUTHORS or folded in words.BYLINE_PREFIXES
            or any(ch in name for ch in "{}<>=!?|»«®™©") or any(t in words.INTERFACE_WORDS for t in tokens)
            or _SLUG_RE.match(name) or name.startswith("@")
            or any(ch.isdigit() for ch in name) and not any(ch.isalpha() for ch in name)
            or any(t in words.CREDIT_WORDS for t in tokens) or len(name) > MAX_AUTHOR_CHARS):
        return None
    if any(ch.isdigit() for ch in name) and len(tokens) > 1 and re.search(r"\d{1,4}[./:]\d", name):
        return None  # a date or a time
    if site is not None and site.matches(name, strict=True):
        return ORGANISATION
    if _CJK_RE.search(name):
        if any(name.endswith(end) or end in name for end in words.ORGANISATION_CJK):
            return ORGANISATION
        return PERSON if 2 <= len(name.replace(" ", "")) <= 6 else UNKNOWN
    if any(t in words.ORGANISATION_WORDS for t in tokens) or "." in name.split()[-1][1:-1]:
        return ORGANISATION  # "Associated Press", "FOCUS online", "n-tv.de"
    words_ = name.split()
    if len(words_) == 1:
        return ORGANISATION if name.isupper() and len(name) <= 6 else UNKNOWN
    if len(words_) > MAX_NAME_WORDS:
        return None
    if not words_[-1][0].isupper() and words_[-1].casefold() not in _PARTICLES:
        return None  # a name ends with a capitalised surname: "Insights from", "EdTech Content writer"
    capitalised = 0
    for word in words_:
        if word.casefold() in _PARTICLES or _INITIAL_RE.match(word):
            continue
        if any(ch.isdigit() for ch in word) or not word[0].isupper():
            return UNKNOWN if capitalised else None   # "functional style" names nobody
        capitalised += 1
    return PERSON


def split_byline(value: str | None, site: SiteNames | None = None, visible: bool = False) -> list[Name]:
    """One byline string as names: "A und B, dpa" -> A, B (people) and dpa (organisation);
    "Doe, Jane" stays one name; credentials after a comma ("MD", "Ph.D.") and roles
    ("Senior Reporter") go, and so do descriptions after a person ("Jane Doe, professor
    at the faculty of ..."). `visible`: text of a page element, whose dates go too."""
    value = clean_byline(value)
    if value and visible:
        value = clean_byline(strip_dates(value))
    if not value or len(value) > MAX_AUTHOR_CHARS * 3:
        return []
    if site is not None and site.matches(value, strict=True):
        return [Name(value, ORGANISATION)]  # "Morgan & Morgan" is one name: the site
    parts = [p.strip(" .,;:-–—") for p in _SPLIT_RE.split(value)]
    parts = [_strip_role(p) for p in parts if p]
    if len(parts) == 2 and all(len(p.split()) == 1 for p in parts) and "," in value and not _CJK_RE.search(value) \
            and all(p[:1].isupper() for p in parts) and not any(p.isupper() for p in parts):
        parts = [value]  # "Doe, Jane": one name written surname first
    names: list[Name] = []
    for i, part in enumerate(parts):
        if i > 0 and _CREDENTIAL_RE.match(part) and names:
            continue
        if _is_role(part) and (names or len(parts) > 1):
            continue
        part = clean_byline(part) or ""
        kind = kind_of(part, site) if part else None
        if kind == UNKNOWN and len(part.split()) > 1 and any(n.kind == PERSON for n in names):
            continue  # a description of the person before it
        if kind is not None:
            names.append(Name(part, kind))
    return names


def split_authors(value: str | None) -> list[str]:
    """One byline string as a list of author names (possibly empty)."""
    return [n.text for n in split_byline(value)]


# ------------------------------------------------------------------------------ the page's byline

# Substrings of the class/id values worth a closer look (checked by `_marked` afterwards):
# class values holding one of these, ids holding "uthor"/"yline", rel or itemprop holding
# "author", links to an author page. Matched in one pass over the elements (an XPath
# testing each attribute against each substring was several times slower).
_CLASS_MARK_RE = re.compile(r"uthor|yline|utor|riter|sername|reator|byl|ontributor|ournalist|eporter|ttribution"
                            r"|auteur|oster|erfasser|ignature")
_ID_MARK_RE = re.compile(r"uthor|yline")
_LINK_MARK_RE = re.compile("|".join(map(re.escape, words.AUTHOR_LINK_PARTS)))


def _byline_candidates(tree: HtmlElement, limit: int) -> list[HtmlElement]:
    """The first `limit` elements, in page order, whose class/id/rel/itemprop or author
    link is worth a closer look."""
    out: list[HtmlElement] = []
    for el in tree.iter(etree.Element):
        get = el.get
        value = get("class")
        if value is None or not _CLASS_MARK_RE.search(value):
            value = get("id")
            if value is None or not _ID_MARK_RE.search(value):
                if "author" not in (get("rel") or "") and "author" not in (get("itemprop") or "") \
                        and not (el.tag == "a" and _LINK_MARK_RE.search(get("href") or "")):
                    continue
        out.append(el)
        if len(out) >= limit:
            break
    return out


_SKIP_TAGS = frozenset({"script", "style", "noscript", "template", "meta", "link", "head", "title", "img",
                        "svg", "input", "button", "select", "option", "textarea", "time", "html", "body"})
_OUTSIDE_TAGS = frozenset({"footer", "aside", "nav", "blockquote", "q", "dialog"})
_NAME_TAGS = ("h2", "h3", "h4", "h5", "h6", "strong", "b", "a", "span", "p", "div")


def _marked(el: HtmlElement) -> bool:
    if "author" in (el.get("rel") or "").lower() or "author" in (el.get("itemprop") or "").lower():
        return True
    tokens = split_tokens(el.get("class"), el.get("id"))
    if any(part in words.NOT_NAME_CLASS_PARTS for parts in tokens for part in parts):
        return False
    if any(part in words.BYLINE_CLASS_PARTS for parts in tokens for part in parts):
        return True
    href = el.get("href") if el.tag == "a" else None
    return bool(href) and any(p in href.lower() for p in words.AUTHOR_PATH_PARTS)


def _names_other_content(parts: list[str]) -> bool:
    """A class token naming a comments / teaser / sidebar container: its first or last part
    says so ("comments-area", "td-sidebar"), not a middle one ("elementor-widget-container"),
    and not when negated ("noSidebar")."""
    if "no" in parts or "without" in parts:
        return False
    return parts[0] in words.NOT_ARTICLE_BYLINE_PARTS or parts[-1] in words.NOT_ARTICLE_BYLINE_PARTS


def _is_footer(node: HtmlElement) -> bool:
    return node.tag == "footer" or any(parts[-1] == "footer" for parts in split_tokens(node.get("class"), node.get("id")))


def _outside_story(el: HtmlElement) -> bool:
    """In comments, teasers, menus or the page's footer. An <article>'s own footer (the
    author box under the story) is part of the story, unless that article is a comment
    or a card in a list (looked at above the article, as for the rest)."""
    in_footer = past_article = False
    for depth, node in enumerate(el.iterancestors()):
        if node.tag == "article" and not in_footer:
            return False
        if depth >= MAX_ANCESTORS or node.tag in ("body", "main"):
            return in_footer
        if node.tag == "article":
            in_footer, past_article = False, True
        elif past_article and node.tag == "li":
            return True
        elif not past_article and _is_footer(node):
            in_footer = True
            continue
        if node.tag in _OUTSIDE_TAGS:
            return True
        if _page_root(node):
            continue  # "#__next", "#app": the whole page, whatever its name says
        if any(_names_other_content(parts) for parts in split_tokens(node.get("class"), node.get("id"))):
            return True
    return in_footer


def _page_root(node: HtmlElement) -> bool:
    parent = node.getparent()
    return parent is not None and parent.tag == "body"


def _byline_text(el: HtmlElement) -> str:
    """The text of a byline element on one line; also inside <noscript>, where forum
    software prints the posts (and their authors) for readers without scripts."""
    if any(a.tag == "noscript" for a in el.iterancestors()) and not any(
            a.tag in ("script", "style", "template") for a in el.iterancestors()):
        return " ".join(readable_text(el, " ").split())
    return inline_text(el)


def _element_byline(el: HtmlElement) -> str | None:
    if "author" in (el.get("itemprop") or "").lower():
        names = el.xpath('.//*[@itemprop="name"]')
        if names:
            return names[0].get("content") or _byline_text(names[0])
        if el.tag == "meta":
            return el.get("content")
    if el.tag == "meta":
        return None
    text = _byline_text(el)
    if not text or len(text) > MAX_BYLINE_CHARS:
        return None
    return _without_parts_beside_name(el, text)


def _without_parts_beside_name(el: HtmlElement, text: str) -> str:
    """The text of a byline element without that of its parts marked as something beside
    the name ("byline__title" with the role, "byline__date")."""
    for child in el.iterdescendants():
        if isinstance(child.tag, str) and child.get("class") and any(
                part in words.NOT_NAME_CLASS_PARTS for parts in split_tokens(child.get("class")) for part in parts):
            inner = _byline_text(child)
            if inner and inner != text:
                text = text.replace(inner, " ", 1)
    return " ".join(text.split())


def _box_name(el: HtmlElement, site: SiteNames | None) -> list[Name]:
    """An author box ("Jane Doe / Jane writes about ..."): the first short heading, link or
    bold text in it that names a person."""
    for child in el.iterdescendants(*_NAME_TAGS):
        text = _byline_text(child)
        if text and len(text) <= MAX_AUTHOR_CHARS:
            found = [n for n in split_byline(text, site, visible=True) if n.kind == PERSON]
            if found:
                return found[:1]
    return []


def page_bylines(tree: HtmlElement, site: SiteNames | None = None) -> list[Name]:
    """The names of the visible byline: the first marked element that names someone,
    and the marked elements beside it (co-authors in sibling links). An element holding
    another marked element leaves the naming to that one ("author-box" > "author-name")."""
    marked = [el for el in _byline_candidates(tree, MAX_BYLINE_ELEMENTS * 4)
              if el.tag not in _SKIP_TAGS and _marked(el)]
    holders = {id(a) for el in marked for _, a in zip(range(MAX_ANCESTORS), el.iterancestors())}
    inner = [el for el in marked if id(el) not in holders]
    return _first_byline(inner, site) or _first_byline([el for el in marked if id(el) in holders], site)


def _first_byline(elements: list[HtmlElement], site: SiteNames | None) -> list[Name]:
    first: HtmlElement | None = None
    names: list[Name] = []
    for el in elements[:MAX_BYLINE_ELEMENTS]:
        if first is not None and not _near(el, first):
            break
        if _outside_story(el):
            continue
        text = _element_byline(el)
        found = split_byline(text, site, visible=True) if text else []
        if not found and text is None:
            found = _box_name(el, site)
        if found:
            first = first if first is not None else el
            names.extend(found)
    return names


# A text node whose normalized text opens with one of these words and a space, or is
# that word alone (the name follows in the next element: "By <a>Jane Doe</a>",
# "<span>By</span><span>Jane Doe</span>"). XML white space (space, tab, CR, LF) as XPath's
# normalize-space() knows it.
_BY_WORDS = ("By", "by", "BY", "Von", "von", "Por", "por", "Par", "par", "Door", "Av", "Written by", "Text:",
             "Autor:", "Author:", "By:", "by:", "BY:", "Von:", "Por:")
_BY_TEXT_RE = re.compile("[ \t\r\n]*(?:%s)(?:[ \t\r\n]+[^ \t\r\n]|[ \t\r\n]*$)"
                         % "|".join("[ \t\r\n]+".join(map(re.escape, w.split(" "))) for w in _BY_WORDS))
_NO_BY_TEXT_TAGS = frozenset({"script", "style", "noscript", "template", "a", "button", "option", "code", "pre"})


@dataclass(frozen=True, slots=True)
class ByText:
    """A text node opening with a byline word: the element holding it (`in_tail`: as the
    tail of `element`, so held by its parent)."""
    element: HtmlElement
    in_tail: bool

    @property
    def holder(self) -> HtmlElement | None:
        return self.element.getparent() if self.in_tail else self.element

    def texts(self) -> list[str]:
        """The byline this text opens, the longest first: the text from the byline word to
        the end of its element, then the byline word with the one element after it alone
        ("By <a>Jane Doe</a> <a>View PDF</a>" names Jane Doe)."""
        el = self.element
        if self.in_tail:
            return _following_texts(el.tail, el.itersiblings())
        if _is_by_word(el.text):  # "By <a>Jane</a>", "<span>By</span><span>Jane</span>"
            return _following_texts(el.text, iter(el) if len(el) else el.itersiblings())
        return [inline_text(el)]


def _is_by_word(text: str) -> bool:
    """Whether the text is a byline word alone ("By", " Written  by ")."""
    return " ".join(text.split()) in _BY_WORDS


def _following_texts(opening: str, elements: Iterator[HtmlElement]) -> list[str]:
    """`opening` with the text of the elements after it (and their tails), cut after
    MAX_BY_TEXT_CHARS; and `opening` alone, or with the first element when it is the
    byline word alone."""
    parts = [opening]
    short = None if _is_by_word(opening) else opening
    for el in elements:
        if isinstance(el.tag, str) and el.tag not in NOT_TEXT_TAGS:
            text = inline_text(el)
            short = short if short is not None else f"{opening} {text}"
            parts += [" ", text]
        parts.append(el.tail or "")
        if sum(map(len, parts)) > MAX_BY_TEXT_CHARS:
            break
    whole = " ".join("".join(parts).split())
    short = " ".join((short or "").split())
    return [whole] if short in ("", whole) else [whole, short]


def _by_texts(tree: HtmlElement, limit: int) -> list[ByText]:
    """The first `limit` text nodes, in page order, that open with a byline word, outside
    scripts, links, buttons and options."""
    out: list[ByText] = []
    excluded = 0  # open elements whose text is no byline text
    for event, el in etree.iterwalk(tree, events=("start", "end")):
        if event == "start":
            if el.tag in _NO_BY_TEXT_TAGS:
                excluded += 1
            elif not excluded and el.text and _BY_TEXT_RE.match(el.text):
                out.append(ByText(el, False))
        else:
            if el.tag in _NO_BY_TEXT_TAGS:
                excluded -= 1
            if not excluded and el.tail and _BY_TEXT_RE.match(el.tail) and _opens_holder(el):
                out.append(ByText(el, True))
        if len(out) >= limit:
            break
    return out


def _opens_holder(el: HtmlElement) -> bool:
    """Whether the tail of `el` opens the text of its parent (only icons, line breaks and
    dates before it: "<time>May 3</time> by Jane Doe"); a tail after a link or other text
    goes on with a sentence ("<a>The Devils</a> by Joe Abercrombie", "endorsed<br>by Kim")."""
    parent = el.getparent()
    if parent is None or (parent.text or "").strip():
        return False
    for node in (*el.itersiblings(preceding=True), el):
        if node is not el and (node.tail or "").strip():
            return False
        if isinstance(node.tag, str) and node.tag != "time" and inline_text(node):
            return False
    return True


MAX_BY_TEXT_CHARS = 80


def text_bylines(tree: HtmlElement, site: SiteNames | None = None) -> list[Name]:
    """An unmarked byline: a short text that opens with "By" / "Von" / "Por" ..., in the
    same element or the next ("By <a>Jane Doe</a>"): the first such text of the page
    that names someone ("By clicking ..." names nobody), outside comments, teasers and
    menus; the people it names when it opens with one ("By Jane Doe, Senior Fellow at the
    Example Institute"; a "By Staff" line ends the search too)."""
    for by_text in _by_texts(tree, MAX_BYLINE_ELEMENTS):
        holder = by_text.holder
        if holder is None or _outside_story(holder):
            continue
        for text in by_text.texts():
            found = split_byline(text, site, visible=True) if len(text) <= MAX_BY_TEXT_CHARS else []
            if found:
                return [n for n in found if n.kind == PERSON] if found[0].kind == PERSON else []
    return []


def _near(el: HtmlElement, first: HtmlElement) -> bool:
    """Within the first byline's grandparent (co-author links share a container)."""
    parent = first.getparent()
    scope = parent.getparent() if parent is not None and parent.getparent() is not None else parent
    if scope is None:
        return False
    return any(node is scope for node in el.iterancestors())


# ------------------------------------------------------------------------------ choice

def names_from(values: Iterable[str | tuple[str, str | None]], site: SiteNames | None = None) -> list[Name]:
    """Names of several byline values; a (value, kind) pair keeps a kind the source knows
    (JSON-LD @type Person / Organization)."""
    out: list[Name] = []
    for value in values:
        known = None
        if isinstance(value, tuple):
            value, known = value
        for name in split_byline(value, site):
            if known == ORGANISATION or (known == PERSON and name.kind == UNKNOWN and len(name.text.split()) > 1):
                name = Name(name.text, known)
            out.append(name)
    return out


def choose_authors(sources: Iterable[Sequence[Name]], site: SiteNames | None = None) -> list[str]:
    """The byline from names by source (precedence order; a generator is read only as far
    as needed): the first source naming a person (the site itself dropped beside people),
    else the first source's names (an organisation's byline)."""
    first: list[Name] = []
    chosen: list[Name] | None = None
    for source in sources:
        source = list(source)
        if source and not first:
            first = source
        if any(n.kind in (PERSON, UNKNOWN) for n in source):
            chosen = source
            break
    if chosen is not None:
        people = [n for n in chosen if not (n.kind == ORGANISATION and site is not None and site.matches(n.text))]
        chosen = people or chosen
    else:
        chosen = first
    out: list[str] = []
    seen: set[str] = set()
    for name in chosen:
        key = squash(name.text) or name.text.casefold()
        if key not in seen:
            seen.add(key)
            out.append(name.text)
    return out


def clean_authors(values: Iterable[str | None]) -> list[str]:
    """All names from several byline values, order kept, case-insensitive dedup."""
    return choose_authors([names_from(v for v in values if v)])
