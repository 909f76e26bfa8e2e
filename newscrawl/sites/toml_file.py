"""Reading the sites file as TOML, with errors that point at the line (and the one error
type every sites-file problem is reported as)."""

from __future__ import annotations

import re

import tomllib

# A site's table header: [sites.NAME], [sites."NAME"] or [sites.'NAME'] (comment allowed).
_SITE_HEADER = re.compile(
    r"""^\s*\[\s*sites\s*\.\s*(?:"((?:[^"\\]|\\.)*)"|'([^']*)'|([A-Za-z0-9_-]+))\s*\]\s*(?:\#.*)?$""")
_TOML_LOCATION = re.compile(r"\s*\(at line (\d+), column (\d+)\)\s*$")
_TOML_END = re.compile(r"\s*\(at end of document\)\s*$")


class SitesFileError(ValueError):
    """The sites file is missing, unreadable, not TOML, or not a valid configuration.

    str() is one line: ``<file>: site '<name>': key '<key>': <what is wrong>``, with the
    parts that do not apply left out. `path`, `site` and `key` are kept as attributes.
    """

    def __init__(self, detail: str, path: str | None = None, site: str | None = None,
                 key: str | None = None):
        parts = []
        if path is not None:
            parts.append(path)
        if site is not None:
            parts.append(f"site {site!r}")
        if key is not None:
            parts.append(f"key {key!r}")
        parts.append(detail)
        message = ": ".join(parts)
        super().__init__(" ".join(message.splitlines()))
        self.path, self.site, self.key, self.detail = path, site, key, detail


def table_header(name: str) -> str:
    """A site name as written in a table header: bare when it can be, quoted otherwise."""
    return name if re.fullmatch(r"[A-Za-z0-9_-]+", name) else '"' + name.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _duplicate_site(text: str) -> tuple[str, int, int] | None:
    """The first site whose [sites.NAME] header appears twice, with both line numbers."""
    seen: dict[str, int] = {}
    for number, line in enumerate(text.splitlines(), 1):
        match = _SITE_HEADER.match(line)
        if not match:
            continue
        quoted, literal, bare = match.groups()
        if quoted is not None:
            try:
                name = tomllib.loads(f'k = "{quoted}"')["k"]
            except tomllib.TOMLDecodeError:
                continue
        else:
            name = literal if literal is not None else bare
        if name in seen:
            return name, seen[name], number
        seen[name] = number
    return None


def parse_toml(path: str, text: str) -> dict:
    try:
        return tomllib.loads(text)
    except RecursionError:
        raise SitesFileError("not valid TOML: nested too deeply", path) from None
    except ValueError as exc:  # tomllib.TOMLDecodeError, and anything else it rejects
        duplicate = _duplicate_site(text)
        if duplicate is not None:
            name, first, second = duplicate
            raise SitesFileError(f"site {name!r} is defined twice (lines {first} and {second})", path) from None
        message = str(exc)
        location = _TOML_LOCATION.search(message)
        if location:
            detail = f"{_TOML_LOCATION.sub('', message)} (column {location.group(2)})"
            raise SitesFileError(detail, path + f": line {location.group(1)}") from None
        if _TOML_END.search(message):
            last = max(len(text.splitlines()), 1)
            raise SitesFileError(_TOML_END.sub("", message), path + f": line {last} (end of file)") from None
        raise SitesFileError(f"not valid TOML: {message}", path) from None


def read_text(path: str) -> str:
    try:
        with open(path, "rb") as file:
            data = file.read()
    except FileNotFoundError:
        raise SitesFileError("file not found", path) from None
    except IsADirectoryError:
        raise SitesFileError("is a directory, not a file", path) from None
    except PermissionError:
        raise SitesFileError("permission denied", path) from None
    except OSError as exc:
        raise SitesFileError(f"cannot read: {exc.strerror or exc}", path) from None
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[:exc.start].count(b"\n") + 1
        raise SitesFileError("not UTF-8 text", f"{path}: line {line}") from None


