"""Reading the URLs a user asks for: command line, a file, or stdin.

Checks each one is an absolute http(s) URL; a bad one is a usage error named by line.
"""

from __future__ import annotations

from collections.abc import Iterable
from urllib.parse import urlsplit


class BadURL(ValueError):
    """A URL given by the user is not an absolute http(s) URL."""


def check_url(url: str, where: str = "") -> str:
    url = url.strip()
    parts = urlsplit(url)
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc or not parts.hostname:
        place = f" ({where})" if where else ""
        raise BadURL(f"not an absolute http(s) URL{place}: {url!r}")
    return url


def read_url_lines(lines: Iterable[str], source: str) -> list[str]:
    """URLs from a text, one a line; blank lines and lines starting with # are skipped."""
    urls = []
    for number, line in enumerate(lines, 1):
        line = line.strip()
        if line and not line.startswith("#"):
            urls.append(check_url(line, f"{source} line {number}"))
    return urls


def unique(urls: Iterable[str]) -> list[str]:
    """The URLs in order, each once."""
    return list(dict.fromkeys(urls))
