"""Language: ISO 639-1 code from declarations, or detected from the body text.

Declared values ("lt-LT", "en_US", "de") are reduced to two lower-case letters; when no
declaration is usable, py3langid classifies the extracted text (model shipped in the
wheel, loaded on first use).
"""

from __future__ import annotations

import logging
import re

LOGGER = logging.getLogger(__name__)

DETECT_MAX_CHARS = 5_000     # enough text for a reliable guess, bounded cost
DETECT_MIN_CHARS = 20

_CODE_RE = re.compile(r"^([a-zA-Z]{2})(?:[-_][a-zA-Z0-9]+)*$")


def normalize_language(value: str | None) -> str | None:
    """"lt-LT" -> "lt"; None for anything that is not an ISO 639-1 based tag."""
    if not value or not isinstance(value, str):
        return None
    match = _CODE_RE.match(value.strip())
    return match.group(1).lower() if match else None


def detect_language(text: str) -> str | None:
    """Language of a text via py3langid, None when the text is too short or it fails."""
    sample = (text or "")[:DETECT_MAX_CHARS]
    if len(sample.strip()) < DETECT_MIN_CHARS:
        return None
    try:
        import py3langid

        code, _score = py3langid.classify(sample)
    except Exception as exc:
        LOGGER.debug("language detection failed: %s", exc)
        return None
    return normalize_language(code)
