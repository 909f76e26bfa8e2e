"""<meta> and <link> tags: OpenGraph, article:*, Dublin Core, twitter:, name=author ...

Collected once into a lookup keyed by lower-case property / name / itemprop /
http-equiv, values in document order. The second source in the metadata precedence,
after JSON-LD (see `metadata.py`).
"""

from __future__ import annotations

from lxml.html import HtmlElement

from newscrawl.normalize import normalize_inline


class MetaTags:
    def __init__(self, tree: HtmlElement):
        self.values: dict[str, list[str]] = {}
        self.links: dict[str, list[str]] = {}
        for el in tree.iter("meta"):
            content = el.get("content")
            if content is None:
                continue
            content = normalize_inline(content)
            if not content:
                continue
            for attr in ("property", "name", "itemprop", "http-equiv"):
                key = el.get(attr)
                if key:
                    self.values.setdefault(key.strip().lower(), []).append(content)
        for el in tree.iter("link"):
            href = (el.get("href") or "").strip()
            for rel in (el.get("rel") or "").lower().split():
                if href:
                    self.links.setdefault(rel, []).append(href)

    def first(self, *keys: str) -> str | None:
        """The first value of the first key present."""
        for key in keys:
            values = self.values.get(key)
            if values:
                return values[0]
        return None

    def all(self, *keys: str) -> list[str]:
        """Every value of every key, keys in the given order."""
        out: list[str] = []
        for key in keys:
            out.extend(self.values.get(key, ()))
        return out

    def labelled(self, labels: frozenset[str], max_pairs: int = 4) -> list[str]:
        """The data of the "twitter:labelN" / "twitter:dataN" pairs whose label is one of
        `labels` (lower case): SEO plugins print the author this way ("Written by")."""
        out: list[str] = []
        for n in range(1, max_pairs + 1):
            label = self.first(f"twitter:label{n}")
            if label is None:
                break
            data = self.first(f"twitter:data{n}")
            if data and label.strip(" :").casefold() in labels:
                out.append(data)
        return out

    def link(self, rel: str) -> str | None:
        values = self.links.get(rel)
        return values[0] if values else None
