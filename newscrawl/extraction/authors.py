"""Author names: clean bylines, drop URLs and handles, split clear lists of names.

"By Jane Doe and John Roe" becomes ["Jane Doe", "John Roe"]; "Doe, Jane" stays one name
because its parts do not each look like a full name. Order is kept, duplicates dropped.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from newscrawl.normalize import normalize_inline

MAX_AUTHOR_CHARS = 100
MAX_NAME_WORDS = 5

_PREFIX_RE = re.compile(
    r"^(?:by|from|von|par|por|di|door|autorius|autorė|autore|autor|author|authors|written by|text|tekstas)\s*[:\-–—]?\s+",
    re.IGNORECASE,
)
_SPLIT_RE = re.compile(r"\s*(?:,|;|&|\band\b|\bir\b|\bund\b|\bet\b|\bun\b|\bja\b)\s*", re.IGNORECASE)
_PARTICLES = frozenset({"van", "von", "der", "den", "de", "da", "di", "du", "del", "la", "le", "bin", "al", "ibn", "dos", "das", "ter", "zu"})


def _is_url_like(value: str) -> bool:
    lowered = value.lower()
    return "://" in lowered or lowered.startswith(("www.", "@", "/"))


def _looks_like_name(value: str) -> bool:
    words = value.split()
    if not 2 <= len(words) <= MAX_NAME_WORDS:
        return False
    for word in words:
        if word.lower() in _PARTICLES:
            continue
        if any(ch.isdigit() for ch in word) or not word[0].isupper():
            return False
    return True


def split_authors(value: str | None) -> list[str]:
    """One byline string as a list of author names (possibly empty)."""
    value = normalize_inline(value)
    if not value or _is_url_like(value):
        return []
    value = _PREFIX_RE.sub("", value).strip(" ,;:-–—|")
    if not value or len(value) > MAX_AUTHOR_CHARS * 3:
        return []
    parts = [p.strip(" .,;:") for p in _SPLIT_RE.split(value)]
    parts = [p for p in parts if p]
    if len(parts) > 1 and all(_looks_like_name(p) for p in parts):
        return parts
    if len(value) > MAX_AUTHOR_CHARS:
        return []
    return [value]


def clean_authors(values: Iterable[str | None]) -> list[str]:
    """All names from several byline values, order kept, case-insensitive dedup."""
    out: list[str] = []
    seen: set[str] = set()
    for value in values:
        for name in split_authors(value):
            key = name.casefold()
            if key not in seen:
                seen.add(key)
                out.append(name)
    return out
