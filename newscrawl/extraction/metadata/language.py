"""Language: ISO 639-1 code of the article, declared by the page and checked on its text.

Declared values ("lt-LT", "en_US", "de") are reduced to two lower-case letters. Templates
often declare the wrong language (`lang="en"` on a Zulu or Swahili article), so the
declaration is trusted only when the body text agrees: py3langid (model shipped in the
wheel, loaded on first use, probabilities normalised) classifies the body; when it names
another language with high confidence on enough text, the text wins. Near-identical
languages the classifier confuses (Norwegian / Danish, Croatian / Serbian / Bosnian,
Malay / Indonesian) count as agreeing. py3langid is unreliable on a few words, so a short
text never overrules a declaration.
"""

from __future__ import annotations

import logging
import re
from functools import lru_cache

LOGGER = logging.getLogger(__name__)

CHECK_MAX_CHARS = 800        # enough to confirm or overrule a declaration (~1 ms per 1,000 chars)
DETECT_MAX_CHARS = 2_000     # when nothing is declared, the text alone decides
DETECT_MIN_CHARS = 20        # below this nothing is detected at all
OVERRULE_MIN_CHARS = 300     # text needed before detection overrules a declaration
OVERRULE_MIN_PROBABILITY = 0.9

_CODE_RE = re.compile(r"^([a-zA-Z]{2})(?:[-_][a-zA-Z0-9]+)*$")
# Languages py3langid mixes up; a declaration of one is confirmed by a detection of another.
_CLOSE = [frozenset({"no", "nb", "nn", "da"}), frozenset({"hr", "sr", "bs"}), frozenset({"ms", "id"}),
          frozenset({"zu", "xh"})]


def normalize_language(value: str | None) -> str | None:
    """"lt-LT" -> "lt"; None for anything that is not an ISO 639-1 based tag."""
    if not value or not isinstance(value, str):
        return None
    match = _CODE_RE.match(value.strip())
    code = match.group(1).lower() if match else None
    return {"nb": "no", "nn": "no"}.get(code, code) if code else None


@lru_cache(maxsize=1)
def _identifier():
    import py3langid.langid as langid

    return langid.LanguageIdentifier.from_modelpath(langid.MODEL_DIR / langid.MODEL_FILE, norm_probs=True)


def classify(text: str, max_chars: int = DETECT_MAX_CHARS) -> tuple[str | None, float]:
    """(language, probability) of a text via py3langid; (None, 0) when too short or failing."""
    sample = (text or "")[:max_chars]
    if len(sample.strip()) < DETECT_MIN_CHARS:
        return None, 0.0
    try:
        code, probability = _identifier().classify(sample)
    except Exception as exc:
        LOGGER.debug("language detection failed: %s", exc)
        return None, 0.0
    return normalize_language(code), float(probability)


def detect_language(text: str) -> str | None:
    """Language of a text via py3langid, None when the text is too short or it fails."""
    return classify(text)[0]


def _agree(a: str, b: str) -> bool:
    return a == b or any(a in group and b in group for group in _CLOSE)


def choose_language(declared: list[str | None], text: str) -> str | None:
    """The article's language from its declarations (precedence order) and its text."""
    codes = [c for c in (normalize_language(d) for d in declared) if c]
    if not codes:
        return classify(text)[0]
    detected, probability = classify(text, CHECK_MAX_CHARS)
    if detected is None:
        return codes[0]
    for code in codes:  # the first declaration the text confirms
        if _agree(code, detected):
            return code
    if probability >= OVERRULE_MIN_PROBABILITY and len(text.strip()) >= OVERRULE_MIN_CHARS:
        return detected
    return codes[0]
