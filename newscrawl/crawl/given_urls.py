"""Reading the URLs a user asks for: command line, a file, or stdin.

Each one must be an absolute http(s) URL with a valid host and port, no spaces and no
user name or password; a bad one is a usage error naming the URL (its password masked)
and where it came from (the line, for a file). In a file, blank lines and lines starting
with `#` are skipped, text after whitespace + `#` is a comment, and a UTF-8 byte order
mark at the start is ignored.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from urllib.parse import urlsplit


class BadURL(ValueError):
    """A URL given by the user is not a usable absolute http(s) URL."""


_COMMENT = re.compile(r"\s+#.*$")


def _masked(url: str) -> str:
    """The URL with any password replaced by ***, for messages."""
    return re.sub(r"(?<=://)([^/@:]*):[^/@]*@", r"\1:***@", url)


def check_url(url: str, where: str = "") -> str:
    url = url.strip()
    place = f" ({where})" if where else ""

    def bad(why: str) -> BadURL:
        return BadURL(f"bad URL{place}: {_masked(url)!r}: {why}")

    try:
        parts = urlsplit(url)
        port = parts.port
        host = parts.hostname
    except ValueError as exc:
        raise bad(str(exc) or "cannot be parsed") from None
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc:
        raise bad("not an absolute http(s) URL")
    if not url.isprintable() or any(ch.isspace() for ch in url):
        raise bad("spaces and control characters are not allowed (percent-encode them: %20)")
    if not host:
        raise bad("no host name")
    if parts.username is not None or parts.password is not None:
        raise bad("URLs with a user name or password are not accepted")
    if port == 0:
        raise bad("port 0 is not a port to connect to")
    return url


def read_url_lines(lines: Iterable[str], source: str) -> list[str]:
    """URLs from a text, one a line (see the module docstring for comments)."""
    urls = []
    for number, line in enumerate(lines, 1):
        if number == 1:
            line = line.lstrip("\ufeff")
        line = _COMMENT.sub("", line).strip()
        if line and not line.startswith("#"):
            urls.append(check_url(line, f"{source} line {number}"))
    return urls


def unique(urls: Iterable[str]) -> list[str]:
    """The URLs in order, each once."""
    return list(dict.fromkeys(urls))
