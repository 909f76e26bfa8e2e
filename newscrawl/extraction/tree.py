"""Step 2 of extraction: parse the page once, and small helpers to read the tree.

The HTML is parsed a single time with trafilatura's lxml loader; every later step
(JSON-LD, meta tags, cleaning, trafilatura itself) works on that one tree. The helpers
here read class/id tokens, element text and resolve URLs against the page's base.
"""

from __future__ import annotations

import re
from urllib.parse import urljoin, urlsplit

from lxml.html import HtmlElement
from trafilatura.utils import load_html

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


def parse_html(text: str) -> HtmlElement | None:
    """The lxml tree of a page, or None when it cannot be parsed as HTML."""
    if not text or not text.strip():
        return None
    try:
        tree = load_html(_without_early_end_tags(text))
    except Exception:  # lxml/trafilatura reject some inputs with various errors
        return None
    if tree is None or not isinstance(tree, HtmlElement):
        return None
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
