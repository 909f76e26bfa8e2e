"""Step 1 of extraction: turn the fetched body into Unicode text.

Bytes are decoded with w3lib's `html_to_unicode` (HTTP header charset, BOM, <meta
charset>, then a fallback), exactly as Scrapy does, with a second opinion when the
declared charset is evidently wrong:

- declared a legacy single-byte charset (windows-1257, iso-8859-1, ...) but the bytes
  are valid UTF-8 with multi-byte sequences: UTF-8 (legacy text is practically never
  valid UTF-8 by chance);
- declared (or defaulted to) UTF-8 but decoding gave many U+FFFD replacement characters
  and few real non-ASCII characters: the charset is detected from the bytes
  (charset_normalizer) and used when it decodes them cleanly. Single-byte charsets are
  hard to tell apart from the bytes alone (cp1252 and cp1257 both decode Lithuanian
  without error), so the page's `<html lang>` picks among the plausible candidates.

Text that is clearly not HTML (binary data decoded into control characters and
replacement characters) is rejected here, before any parsing.
"""

from __future__ import annotations

import codecs
import re

from w3lib.encoding import html_to_unicode

# Share of control / replacement characters above which decoded text is binary junk.
BINARY_MAX_BAD_RATIO = 0.02
BINARY_SAMPLE_CHARS = 65_536

# Re-detect the charset of a page decoded with at least this many U+FFFD, when they
# outnumber the correctly decoded non-ASCII characters this many times.
REDETECT_MIN_REPLACEMENTS = 16
REDETECT_RATIO = 4
DETECT_SAMPLE_BYTES = 256 * 1024

_CONTROL_CHARS = r"\x00-\x08\x0b\x0e-\x1f\x7f"
_BAD_CHARS_RE = re.compile(f"[{_CONTROL_CHARS}\ufffd]")
_CONTROL_RE = re.compile(f"[{_CONTROL_CHARS}]")
_CONTROL_LIST = tuple(chr(c) for c in (*range(0x00, 0x09), 0x0B, *range(0x0E, 0x20), 0x7F))
_NON_ASCII_RE = re.compile(r"[^\x00-\x7f]")
_HTML_LANG_RE = re.compile(rb"<html\b[^>]*?\blang\s*=\s*[\"']?\s*([a-zA-Z]{2,3})", re.IGNORECASE)

# Legacy (Windows) charset of the languages that had one, for choosing among candidates.
_LANGUAGE_CHARSETS = {
    **dict.fromkeys(("lt", "lv", "et"), ("cp1257", "iso8859_13", "iso8859_4")),
    **dict.fromkeys(("pl", "cs", "sk", "hu", "sl", "hr", "ro", "bs", "sq"), ("cp1250", "iso8859_2")),
    **dict.fromkeys(("ru", "uk", "bg", "be", "sr", "mk"), ("cp1251", "koi8_r", "koi8_u", "iso8859_5")),
    "el": ("cp1253", "iso8859_7"), "tr": ("cp1254", "iso8859_9"), "he": ("cp1255", "iso8859_8"),
    "ar": ("cp1256", "iso8859_6"), "vi": ("cp1258",),
}


def to_unicode(html: str | bytes, content_type: str | None = None) -> str:
    """Decoded page text (a str passes through unchanged)."""
    if isinstance(html, str):
        return html
    if isinstance(html, (bytes, bytearray, memoryview)):
        data = bytes(html)
        encoding, text = html_to_unicode(content_type, data)
        return _second_opinion(data, encoding, text)
    raise TypeError(f"html must be str or bytes, not {type(html).__name__}")


def _codec_name(encoding: str | None) -> str:
    try:
        return codecs.lookup(encoding or "").name
    except LookupError:
        return ""


def _second_opinion(data: bytes, encoding: str, text: str) -> str:
    if data.isascii():
        return text
    name = _codec_name(encoding)
    if not name.startswith("utf"):  # a legacy charset declared (or guessed)
        try:
            utf8 = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            return text
        return utf8
    if name != "utf-8":
        return text
    replacements = text.count("\ufffd")
    if replacements < REDETECT_MIN_REPLACEMENTS:
        return text
    good = len(_NON_ASCII_RE.findall(text)) - replacements
    if replacements < REDETECT_RATIO * good:
        return text
    try:
        from charset_normalizer import from_bytes

        matches = list(from_bytes(data[:DETECT_SAMPLE_BYTES]))
    except Exception:  # noqa: BLE001 - detection is only a second opinion
        return text
    candidates = [m.encoding for m in matches if _codec_name(m.encoding) not in ("", "utf-8")]
    if not candidates:
        return text
    chosen = candidates[0]
    lang = _HTML_LANG_RE.search(data[:8192])
    preferred = _LANGUAGE_CHARSETS.get(lang.group(1).decode("ascii").lower(), ()) if lang else ()
    for encoding in preferred:
        if any(_codec_name(c) == _codec_name(encoding) for c in candidates):
            chosen = encoding
            break
    try:
        return data.decode(chosen, errors="replace")
    except LookupError:
        return text


def looks_binary(text: str) -> bool:
    """True when the text is mostly control/replacement characters (not a web page)."""
    sample = text[:BINARY_SAMPLE_CHARS]
    if not sample:
        return False
    bad = len(_BAD_CHARS_RE.findall(sample))
    return bad / len(sample) > BINARY_MAX_BAD_RATIO


def strip_control_chars(text: str) -> str:
    """Remove the characters lxml refuses (NUL and other C0 controls)."""
    if not any(c in text for c in _CONTROL_LIST):  # the common case: a substring scan per char is fastest
        return text
    return _CONTROL_RE.sub("", text)
