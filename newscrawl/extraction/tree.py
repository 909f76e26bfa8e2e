"""Step 2 of extraction: parse the page once, and small helpers to read the tree.

The HTML is parsed a single time, as trafilatura's loader does it (same repairs, same
parser options); every later step
(JSON-LD, meta tags, cleaning, trafilatura itself) works on that one tree. The helpers
here read class/id tokens, element text and resolve URLs against the page's base.
"""

from __future__ import annotations

import re
from urllib.parse import urljoin, urlsplit

from lxml import etree
from lxml.html import (
    HtmlComment,
    HtmlElement,
    HtmlEntity,
    HTMLParser,
    HtmlProcessingInstruction,
    fromstring,
)
from trafilatura.utils import (
    DOCTYPE_TAG,
    FAULTY_HTML,
    INVALID_XML_CHARS,
    is_dubious_html,
)

from newscrawl.extraction.streamed import SEGMENT_MARK, place_segments

_TOKEN_PART_RE = re.compile(r"[-_:.]+|(?<=[a-z])(?=[A-Z])")


_END_TAG_RE = re.compile(r"</(?:body|html)\s*>", re.IGNORECASE)
EARLY_END_MIN_CHARS = 2_000  # markup after a premature </body></html> that is still page


def _without_early_end_tags(text: str) -> str:
    """The page without a </body> or </html> that closes it too early: templates that
    print a header include with its own closing tags, then the story. libxml2 drops
    everything after such an </html>, so those closing tags are removed."""
    match = _END_TAG_RE.search(text)
    if match is None or len(text) - match.end() < EARLY_END_MIN_CHARS:
        return text
    if "<" not in text[match.end():match.end() + EARLY_END_MIN_CHARS]:
        return text
    return _END_TAG_RE.sub("", text)


def _html_parser() -> HTMLParser:
    """trafilatura's HTML parser (same options), with lxml's element class lookup done
    in C: every element is an HtmlElement (lxml.html's default lookup is a Python call per
    element proxy, to give <form>, <input>, <select>, <textarea> and <label> their own
    subclasses, whose form-field helpers no extraction step uses)."""
    parser = HTMLParser(collect_ids=False, default_doctype=False, encoding="utf-8", remove_comments=True,
                        remove_pis=True)
    parser.set_element_class_lookup(etree.ElementDefaultClassLookup(
        element=HtmlElement, comment=HtmlComment, pi=HtmlProcessingInstruction, entity=HtmlEntity))
    return parser


_PARSER = _html_parser()


def _fromstring_bytes(text: str) -> HtmlElement | None:
    try:
        return fromstring(text.encode("utf8", "surrogatepass"), parser=_PARSER)
    except Exception:  # lxml rejects some inputs with various errors
        return None


# The characters trafilatura's INVALID_XML_CHARS removes, for a quick test that it has nothing
# to do (a substring scan per character is several times faster than the regex's scan).
_INVALID_XML_CHAR_LIST = (*map(chr, range(0x00, 0x09)), "\x0b", "\x0c", *map(chr, range(0x0E, 0x20)),
                          "\ufffe", "\uffff")


def _repair_faulty_html(text: str, beginning: str) -> str:
    """trafilatura.utils.repair_faulty_html: invalid XML characters removed, a DOCTYPE
    libxml2 misreads dropped, a self-closing <html/> opened; the removal skipped when the
    page holds none of those characters (the usual case, decode already removed most)."""
    if any(c in text for c in _INVALID_XML_CHAR_LIST):
        text = INVALID_XML_CHARS.sub("", text)
    if "doctype" in beginning:
        firstline, _, rest = text.partition("\n")
        text = DOCTYPE_TAG.sub("", firstline, count=1) + "\n" + rest
    for line in text[:4096].splitlines()[:4]:
        if "<html" in line and line.endswith("/>"):
            text = FAULTY_HTML.sub(r"\1>", text, count=1)
            break
    return text


def _load_html(text: str) -> HtmlElement | None:
    """trafilatura.utils.load_html on a str, with `_PARSER`: the same repairs of faulty
    markup, the retry as UTF-8 bytes (a str with an XML encoding declaration, or one that
    parsed to nothing) and the rejection of a document that is not HTML."""
    beginning = text[:50].lower()
    dubious = is_dubious_html(beginning)
    text = _repair_faulty_html(text, beginning)
    tree, retried = None, False
    try:
        tree = fromstring(text, parser=_PARSER)
    except ValueError:  # "Unicode strings with encoding declaration are not supported."
        tree, retried = _fromstring_bytes(text), True
    except Exception:  # noqa: BLE001 - lxml parsing failed: try the bytes below
        tree = None
    if (tree is None or len(tree) < 1) and not retried:
        tree = _fromstring_bytes(text)
    if tree is not None and dubious and len(tree) < 2:
        return None
    return tree


def parse_html(text: str) -> HtmlElement | None:
    """The lxml tree of a page, or None when it cannot be parsed as HTML; React's
    streamed segments are moved into their placeholders (`streamed.py`)."""
    if not text or not text.strip():
        return None
    try:
        tree = _load_html(_without_early_end_tags(text))
    except Exception:  # lxml/trafilatura reject some inputs with various errors
        return None
    if tree is None or not isinstance(tree, HtmlElement):
        return None
    if SEGMENT_MARK in text:
        place_segments(tree)
    return tree


def split_tokens(*values: str | None) -> list[list[str]]:
    """Whitespace-separated tokens of attribute values (class, id), each split into
    lower-case parts: `"articleLead related-box"` gives [["article", "lead"], ["related", "box"]]."""
    out = []
    for value in values:
        if not value:
            continue
        for token in value.split():
            parts = [p.lower() for p in _TOKEN_PART_RE.split(token) if p]
            if parts:
                out.append(parts)
    return out


NOT_TEXT_TAGS = frozenset({"script", "style", "noscript", "template"})


# The elements a page marks as its story's text (schema.org microdata), in page order;
# compiled once (tree.xpath(str) compiles the expression on every call, which costs as
# much as evaluating it).
marked_bodies = etree.XPath('//*[@itemprop="articleBody"]')


def readable_text(el: HtmlElement, separator: str = "") -> str:
    """The text a reader sees in an element, as `text_content()` gives it but without
    the code in <script>/<style> and the fallbacks in <noscript>/<template> (on modern
    pages most of the characters of text_content()); its text nodes in document order,
    joined with `separator`."""
    parts: list[str] = []

    def visit(node) -> None:
        if node.text and node.tag not in NOT_TEXT_TAGS:
            parts.append(node.text)
        for child in node:
            if isinstance(child.tag, str) and child.tag not in NOT_TEXT_TAGS:
                visit(child)
            if child.tail:
                parts.append(child.tail)

    visit(el)
    return separator.join(parts)


def inline_text(el: HtmlElement) -> str:
    """The readable text of an element on one line (whitespace collapsed); the code in
    <script>/<style> and the fallbacks in <noscript>/<template> are not text."""
    try:
        if el.tag in NOT_TEXT_TAGS or any(a.tag in NOT_TEXT_TAGS for a in el.iterancestors()):
            return ""
        return " ".join(readable_text(el, " ").split())
    except Exception:
        return ""


def base_url(tree: HtmlElement, url: str) -> str:
    """The URL relative links resolve against: <base href> (joined with url) or url."""
    for base in tree.iter("base"):
        href = (base.get("href") or "").strip()
        if href:
            try:
                return urljoin(url, href)
            except ValueError:
                break
    return url


def absolute_url(value: str | None, base: str) -> str | None:
    """value resolved against base when it is an http(s) URL, else None."""
    if not value:
        return None
    value = value.strip()
    if not value or value.startswith(("data:", "javascript:", "mailto:")):
        return None
    try:
        joined = urljoin(base, value)
        parts = urlsplit(joined)
    except ValueError:
        return None
    if parts.scheme not in ("http", "https") or not parts.netloc:
        return None
    return joined
