"""Normalization rules shared by extraction and the normalize pipeline stage.

Pure functions, no Scrapy: text (Unicode NFC, whitespace collapsed inside paragraphs, no
empty paragraphs), URLs (canonical form used for identity), times (UTC) and the stable
hashes that identify an article and its content.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from datetime import datetime, timezone
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from w3lib.url import safe_url_string

# Query parameters that only track the visitor and never select content.
TRACKING_PARAMS = frozenset(
    {
        "fbclid", "gclid", "dclid", "gclsrc", "msclkid", "yclid", "twclid", "igshid",
        "mc_cid", "mc_eid", "_ga", "_gl", "ocid", "cmpid", "ref_src", "ref_url",
        "__twitter_impression", "wt_mc", "wt.mc_id", "ito", "itm_source",
        "itm_medium", "itm_campaign", "itm_content", "at_medium", "at_campaign",
    }
)
TRACKING_PREFIXES = ("utm_", "mtm_", "pk_", "hsa_")

_SPACE_RE = re.compile(r"[^\S\n]+|[\u200b\u200c\u200d\u2060\ufeff]+")
_DEFAULT_PORTS = {"http": 80, "https": 443}
# What no column may hold: C0/C1 control characters other than whitespace (NUL included;
# Parquet stores them, but they break CSV exports, terminals and many readers) and lone
# surrogates (not encodable as UTF-8: Arrow refuses the whole batch).
_CONTROL_RE = re.compile("[\x00-\x08\x0e-\x1b\x7f-\x84\x86-\x9f]")
_SURROGATE_RE = re.compile("[\ud800-\udfff]")


def clean_string(value: str | None) -> str | None:
    """`value` without control characters, lone surrogates replaced by U+FFFD."""
    if not value:
        return value
    if _SURROGATE_RE.search(value):
        value = _SURROGATE_RE.sub("\ufffd", value)
    return _CONTROL_RE.sub("", value)


def normalize_text(text: str | None) -> str:
    """NFC, collapse whitespace inside each paragraph, drop empty paragraphs; no control
    characters or lone surrogates."""
    if not text:
        return ""
    text = clean_string(text)
    if not unicodedata.is_normalized("NFC", text):
        text = unicodedata.normalize("NFC", text)
    text = _SPACE_RE.sub(" ", text.replace("\r\n", "\n").replace("\r", "\n"))  # one pass, not one per line
    paragraphs = (line.strip() for line in text.split("\n"))
    return "\n".join(p for p in paragraphs if p)


# Chinese, Japanese and Korean scripts write words without spaces between them.
_CJK_RE = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff]")
CJK_CHARS_PER_WORD = 2            # a rough average for Chinese/Japanese; Korean is close


def word_count(text: str) -> int:
    """Words in a text: whitespace-separated tokens, with runs of CJK script counted at
    CJK_CHARS_PER_WORD characters per word (those scripts put no spaces between words)."""
    cjk = len(_CJK_RE.findall(text))
    if not cjk:
        return len(text.split())
    latin = len(_CJK_RE.sub(" ", text).split())
    return latin + cjk // CJK_CHARS_PER_WORD


def normalize_inline(value: str | None) -> str | None:
    """A one-line field (title, author, tag): NFC, single spaces, None when empty."""
    if value is None:
        return None
    value = " ".join(_SPACE_RE.sub(" ", unicodedata.normalize("NFC", clean_string(value))).split())
    return value or None


def _is_tracking(name: str) -> bool:
    lowered = name.lower()
    return lowered in TRACKING_PARAMS or lowered.startswith(TRACKING_PREFIXES)


def canonicalize_url(url: str) -> str:
    """Canonical form of an http(s) URL used as an article's identity.

    Lower-case scheme and host, no default port, no fragment, tracking parameters
    (utm_*, fbclid, gclid, ...) removed; other query parameters kept in their order.
    Raises ValueError for a URL that is not absolute http(s).
    """
    parts = urlsplit(safe_url_string(clean_string(url.strip())))
    scheme = parts.scheme.lower()
    if scheme not in _DEFAULT_PORTS or not parts.hostname:
        raise ValueError(f"not an absolute http(s) URL: {url!r}")
    host = parts.hostname.rstrip(".")
    if not host:  # "http://./": nothing left of the host name
        raise ValueError(f"not an absolute http(s) URL: {url!r}")
    if ":" in host:  # IPv6 literal
        host = f"[{host}]"
    try:
        port = parts.port
    except ValueError as exc:
        raise ValueError(f"bad port in URL: {url!r}") from exc
    netloc = host if port in (None, _DEFAULT_PORTS[scheme]) else f"{host}:{port}"
    query = [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if not _is_tracking(k)]
    path = parts.path or "/"
    return urlunsplit((scheme, netloc, path, urlencode(query, doseq=True), ""))


def url_domain(url: str) -> str:
    """Host of a URL, lower-case, without a leading "www."."""
    host = (urlsplit(url).hostname or "").rstrip(".")
    return host[4:] if host.startswith("www.") else host


def to_utc(value: datetime | None) -> datetime | None:
    """An aware datetime in UTC; a naive one is taken to be UTC already."""
    if value is None:
        return None
    if value.tzinfo is None:
        return value.replace(tzinfo=timezone.utc)
    return value.astimezone(timezone.utc)


def utc_offset_minutes(value: datetime | None) -> int | None:
    """The offset from UTC, in minutes, that an aware datetime carries (None when naive:
    the page stated no zone for it)."""
    if value is None or value.tzinfo is None:
        return None
    offset = value.utcoffset()
    return None if offset is None else int(offset.total_seconds() // 60)


def stable_hash(value: str) -> str:
    """32 hex chars of SHA-256: short enough to read, long enough never to collide."""
    return hashlib.sha256(value.encode("utf-8")).hexdigest()[:32]
