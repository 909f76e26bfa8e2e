"""The CLI's options turned into Scrapy settings, and the checks made before a run starts
(crawl id, URLs given, writable output and state directories)."""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path


class UsageError(Exception):
    """Bad arguments or input: reported in one line, exit status 2."""


MAX_CRAWL_ID = 200


def check_crawl_id(crawl_id: str) -> str:
    """Any printable text is a crawl id (it is stored as given; file names use a safe
    form of it, newscrawl.store.dataset.name_component)."""
    if not crawl_id.strip():
        raise UsageError("--crawl-id must not be empty")
    if len(crawl_id) > MAX_CRAWL_ID:
        raise UsageError(f"--crawl-id is longer than {MAX_CRAWL_ID} characters")
    if not crawl_id.isprintable():
        raise UsageError(f"--crawl-id must not contain control characters: {crawl_id!r}")
    return crawl_id


def settings_overrides(args: argparse.Namespace) -> dict:
    overrides: dict = {
        "NEWSCRAWL_OUTPUT": args.output,
        "NEWSCRAWL_STATE_DIR": getattr(args, "state_dir", "data"),
        "NEWSCRAWL_PROGRESS": not args.quiet,
        "LOG_LEVEL": "INFO" if args.verbose else "WARNING",
    }
    if args.user_agent:
        overrides["USER_AGENT"] = args.user_agent
    if args.timeout is not None:
        if args.timeout <= 0:
            raise UsageError("--timeout must be positive")
        overrides["DOWNLOAD_TIMEOUT"] = args.timeout
    if args.max_size is not None:
        if args.max_size <= 0:
            raise UsageError("--max-size must be positive")
        overrides["DOWNLOAD_MAXSIZE"] = int(args.max_size * 1024 * 1024)
        overrides["DOWNLOAD_WARNSIZE"] = 0
    if args.workers is not None:
        if args.workers < 0:
            raise UsageError("--workers must be 0 or more")
        overrides["NEWSCRAWL_EXTRACT_WORKERS"] = args.workers
    if args.keep_all:
        overrides["NEWSCRAWL_KEEP_ALL"] = True
    if args.ignore_robots:
        overrides["ROBOTSTXT_OBEY"] = False
    if args.crawl_id is not None:
        overrides["NEWSCRAWL_CRAWL_ID"] = check_crawl_id(args.crawl_id)
    for item in args.set:
        name, sep, value = item.partition("=")
        if not sep or not name:
            raise UsageError(f"-s takes NAME=VALUE, got {item!r}")
        overrides[name.strip()] = value
    return overrides


def collect_urls(args: argparse.Namespace) -> list[str]:
    from newscrawl.crawl.given_urls import check_url, read_url_lines, unique

    urls = [check_url(u, "command line") for u in args.urls]
    if args.input:
        if args.input == "-":
            urls += read_url_lines(sys.stdin, "stdin")
        else:
            try:
                text = Path(args.input).read_text(encoding="utf-8")
            except (OSError, UnicodeDecodeError) as exc:
                raise UsageError(f"cannot read --input {args.input}: {exc}") from exc
            urls += read_url_lines(text.splitlines(), args.input)
    if not urls:
        raise UsageError("no URL given: newscrawl scrape URL [URL ...] or --input FILE")
    return unique(urls)


def check_writable(output: Path) -> None:
    try:
        output.mkdir(parents=True, exist_ok=True)
        # A name of its own: two runs starting at once must not remove each other's probe.
        with tempfile.NamedTemporaryFile(dir=output, prefix=".newscrawl-write-check-"):
            pass
    except OSError as exc:
        raise UsageError(f"cannot write to output directory {output}: {exc.strerror or exc}") from exc


def check_state_dir(state_dir: Path) -> None:
    """The state directory (locks, state store, runs, queue) must be writable before any
    site starts; a read-only one stops the run with one line."""
    from newscrawl.store.state import StateStoreError

    try:
        state_dir.mkdir(parents=True, exist_ok=True)
        probe = state_dir / ".newscrawl-write-check"
        probe.write_bytes(b"")
        probe.unlink()
    except OSError as exc:
        raise StateStoreError(f"state directory {state_dir} cannot be written ({exc.strerror or exc}): "
                              "make it writable for this user, or choose another with --state-dir") from exc


