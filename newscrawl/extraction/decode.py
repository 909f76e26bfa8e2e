"""Step 1 of extraction: turn the fetched body into Unicode text.

Bytes are decoded with w3lib's `html_to_unicode` (HTTP header charset, BOM, <meta
charset>, then a fallback), exactly as Scrapy does. Text that is clearly not HTML
(binary data decoded into control characters and replacement characters) is rejected
here, before any parsing.
"""

from __future__ import annotations

import re

from w3lib.encoding import html_to_unicode

# Share of control / replacement characters above which decoded text is binary junk.
BINARY_MAX_BAD_RATIO = 0.02
BINARY_SAMPLE_CHARS = 65_536

_CONTROL_CHARS = r"\x00-\x08\x0b\x0e-\x1f\x7f"
_BAD_CHARS_RE = re.compile(f"[{_CONTROL_CHARS}\ufffd]")
_CONTROL_RE = re.compile(f"[{_CONTROL_CHARS}]")


def to_unicode(html: str | bytes, content_type: str | None = None) -> str:
    """Decoded page text (a str passes through unchanged)."""
    if isinstance(html, str):
        return html
    if isinstance(html, (bytes, bytearray, memoryview)):
        _encoding, text = html_to_unicode(content_type, bytes(html))
        return text
    raise TypeError(f"html must be str or bytes, not {type(html).__name__}")


def looks_binary(text: str) -> bool:
    """True when the text is mostly control/replacement characters (not a web page)."""
    sample = text[:BINARY_SAMPLE_CHARS]
    if not sample:
        return False
    bad = len(_BAD_CHARS_RE.findall(sample))
    return bad / len(sample) > BINARY_MAX_BAD_RATIO


def strip_control_chars(text: str) -> str:
    """Remove the characters lxml refuses (NUL and other C0 controls)."""
    return _CONTROL_RE.sub("", text)
