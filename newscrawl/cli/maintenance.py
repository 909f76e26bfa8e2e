"""`sites`, `runs` and `state rebuild`: looking at and repairing the crawl state."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from newscrawl.cli.options import UsageError
from newscrawl.cli.status import EXIT_OK


def show_sites(args: argparse.Namespace) -> int:
    from newscrawl.sites import load_sites
    from newscrawl.store.state import StateStore

    sites = load_sites(args.sites)
    state_path = Path(args.state_dir) / "state.sqlite"
    store = StateStore(state_path) if state_path.exists() else None
    print(f"{'site':<24} {'sources':<22} {'stored':>7}  last run")
    for site in sites.values():
        sources = f"{len(site.start_urls)} pages, {len(site.feeds)} feeds, {len(site.sitemaps)} sitemaps"
        last = store.last_runs(site.name, limit=1) if store else []
        stored = store.article_count(site.name) if store else 0
        when = "never"
        if last:
            run = last[0]
            summary = run["summary"]
            when = (f"{run['started_at'][:19].replace('T', ' ')} UTC, {run['status']}, "
                    f"{summary.get('articles_new', 0)} new, {summary.get('articles_updated', 0)} updated")
        print(f"{site.name:<24} {sources:<22} {stored:>7}  {when}")
    return EXIT_OK


def rebuild_state(args: argparse.Namespace) -> int:
    from newscrawl.store.lock import SiteLock, SiteLockedError
    from newscrawl.store.state import rebuild_store

    state_dir = Path(args.state_dir)
    locks = []
    try:
        for lock_file in sorted((state_dir / "locks").glob("*.lock")):
            try:
                locks.append(SiteLock(lock_file.parent, lock_file.stem).acquire())
            except SiteLockedError as exc:
                raise UsageError(f"not rebuilding while a crawl runs: {exc}") from None
        counts = rebuild_store(state_dir / "state.sqlite", Path(args.output), state_dir / "runs")
    finally:
        for lock in locks:
            lock.release()
    aside = " (the old one is kept beside it as state.sqlite.broken-*)" if counts["moved_aside"] else ""
    print(f"newscrawl: rebuilt {state_dir / 'state.sqlite'}{aside}: {counts['articles']} articles from "
          f"{counts['files']} published file(s) of {args.output}, {counts['runs']} run(s) of history", file=sys.stderr)
    return EXIT_OK


def show_runs(args: argparse.Namespace) -> int:
    from newscrawl.store.state import StateStore

    state_path = Path(args.state_dir) / "state.sqlite"
    if not state_path.exists():
        print(f"no runs yet (no state store at {state_path})")
        return EXIT_OK
    runs = StateStore(state_path).last_runs(args.site, limit=args.limit)
    print(f"{'crawl_id':<26} {'site':<20} {'started (UTC)':<20} {'status':<10} {'fetched':>7} {'new':>5} {'upd':>5} {'same':>5} {'known':>6} {'drops':>6} {'errors':>6}")
    for run in runs:
        s = run["summary"]
        drops = sum(d["count"] for d in s.get("drops", []))
        print(f"{run['crawl_id']:<26} {run['site']:<20} {run['started_at'][:19].replace('T', ' '):<20} "
              f"{run['status'] or '':<10} {s.get('pages_fetched', 0):>7} {s.get('articles_new', 0):>5} "
              f"{s.get('articles_updated', 0):>5} {s.get('articles_unchanged', 0):>5} {s.get('skipped_known', 0):>6} "
              f"{drops:>6} {s.get('errors', 0):>6}")
    return EXIT_OK


