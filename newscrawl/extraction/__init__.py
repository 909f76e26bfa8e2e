"""Extraction: from one page's HTML to an `Article` (see `core.extract`).

Modules, in data-flow order: decode (bytes -> text), tree (parse once, DOM helpers),
jsonld / meta / dates / authors / language / metadata (page metadata by precedence),
classify (article or not), clean (boilerplate removal before trafilatura), body
(lead, trafilatura, line cleaning), core (the `extract` function tying them together).
"""

from newscrawl.extraction.core import extract

__all__ = ["extract"]
