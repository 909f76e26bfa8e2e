"""The `newscrawl` command line: scrape URLs, or run the demo on the bundled sample site.

Exit status: 0 when the run completed and every URL is accounted for (written, or
dropped with a reason); 1 when the run could not complete (the output could not be
written, a URL was left unaccounted for, the crawl was interrupted); 2 for a usage error
(including an invalid sites file); 3 when `crawl` was refused because another run of the
same site holds its lock.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from newscrawl import __version__

EXIT_OK, EXIT_FAILED, EXIT_USAGE, EXIT_LOCKED = 0, 1, 2, 3
DEMO_PORT = 8765   # a fixed port keeps the demo's URLs, so a second demo run is incremental


class UsageError(Exception):
    """Bad arguments or input: reported in one line, exit status 2."""


def _add_crawl_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("-o", "--output", default="data/articles", metavar="DIR",
                        help="Parquet dataset directory (default: data/articles)")
    parser.add_argument("--format", choices=["parquet", "jsonl"], default="parquet",
                        help="parquet (default) appends to the dataset; jsonl prints records to stdout")
    parser.add_argument("--user-agent", metavar="UA", help="User-Agent header (default: a descriptive newscrawl UA)")
    parser.add_argument("--timeout", type=float, metavar="S", help="download timeout in seconds (default: 30)")
    parser.add_argument("--max-size", type=float, metavar="MB", help="largest page to download in MB (default: 16)")
    parser.add_argument("--workers", type=int, metavar="N", help="extraction processes (default: CPU count; 0 = inline)")
    parser.add_argument("--ignore-robots", action="store_true", help="do not obey robots.txt (default: obey)")
    parser.add_argument("--crawl-id", help="identifier stored in every row (default: start time + random suffix)")
    parser.add_argument("-s", "--set", action="append", default=[], metavar="NAME=VALUE",
                        help="any Scrapy or NEWSCRAWL_* setting (repeatable)")
    parser.add_argument("-q", "--quiet", action="store_true", help="no progress line")
    parser.add_argument("-v", "--verbose", action="store_true", help="Scrapy's log at INFO level on stderr")


def make_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="newscrawl", description="Scrape news articles into a Parquet dataset.")
    parser.add_argument("--version", action="version", version=f"newscrawl {__version__}")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    scrape = commands.add_parser("scrape", help="fetch URLs and extract their articles")
    scrape.add_argument("urls", nargs="*", metavar="URL")
    scrape.add_argument("-i", "--input", metavar="FILE", help="file with one URL a line ('-' for stdin)")
    _add_crawl_options(scrape)

    crawl = commands.add_parser("crawl", help="incremental crawl of the sites in the sites file")
    crawl.add_argument("names", nargs="*", metavar="NAME", help="sites to crawl (default: all)")
    crawl.add_argument("--sites", default="sites.toml", metavar="PATH", help="sites file (default: sites.toml)")
    crawl.add_argument("--state-dir", default="data", metavar="DIR",
                       help="state store, runs dataset, locks and HTTP cache (default: data)")
    crawl.add_argument("--refresh", action="store_true", help="refetch articles already stored")
    _add_crawl_options(crawl)

    sites = commands.add_parser("sites", help="list the configured sites and their last run")
    sites.add_argument("--sites", default="sites.toml", metavar="PATH")
    sites.add_argument("--state-dir", default="data", metavar="DIR")

    runs = commands.add_parser("runs", help="show recent runs")
    runs.add_argument("--state-dir", default="data", metavar="DIR")
    runs.add_argument("--site", metavar="NAME")
    runs.add_argument("-n", "--limit", type=int, default=20)

    state = commands.add_parser("state", help="maintain the crawl state store")
    state_commands = state.add_subparsers(dest="state_command", required=True, metavar="ACTION")
    rebuild = state_commands.add_parser(
        "rebuild", help="rebuild data/state.sqlite from the published dataset (after damage or loss)")
    rebuild.add_argument("--state-dir", default="data", metavar="DIR")
    rebuild.add_argument("-o", "--output", default="data/articles", metavar="DIR",
                         help="the article dataset to rebuild from (default: data/articles)")

    demo = commands.add_parser("demo", help="serve the bundled sample news site on 127.0.0.1 and crawl it")
    demo.add_argument("--state-dir", default="data", metavar="DIR",
                      help="state store, runs dataset, locks and HTTP cache (default: data)")
    demo.add_argument("--refresh", action="store_true", help="refetch articles already stored")
    demo.add_argument("--port", type=int, default=DEMO_PORT, metavar="N",
                      help=f"port of the sample site on 127.0.0.1 (default: {DEMO_PORT}; keep it the same "
                           "between runs: the site's URLs, and so the crawl state, depend on it)")
    _add_crawl_options(demo)
    return parser


MAX_CRAWL_ID = 200


def check_crawl_id(crawl_id: str) -> str:
    """Any printable text is a crawl id (it is stored as given; file names use a safe
    form of it, newscrawl.dataset.name_component)."""
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
    from newscrawl.urls_input import check_url, read_url_lines, unique

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
        probe = output / ".newscrawl-write-check"
        probe.write_bytes(b"")
        probe.unlink()
    except OSError as exc:
        raise UsageError(f"cannot write to output directory {output}: {exc.strerror or exc}") from exc


def check_state_dir(state_dir: Path) -> None:
    """The state directory (locks, state store, runs, queue) must be writable before any
    site starts; a read-only one stops the run with one line."""
    from newscrawl.state import StateStoreError

    try:
        state_dir.mkdir(parents=True, exist_ok=True)
        probe = state_dir / ".newscrawl-write-check"
        probe.write_bytes(b"")
        probe.unlink()
    except OSError as exc:
        raise StateStoreError(f"state directory {state_dir} cannot be written ({exc.strerror or exc}): "
                              "make it writable for this user, or choose another with --state-dir") from exc


def crawl_problems(report, crawler, stop=None) -> list[str]:
    """Why a finished crawl did not complete: a stop, a failed write, URLs left
    unaccounted for. Empty when it completed."""
    problems = []
    if report.close_reason == "shutdown" and stop is not None and stop.requested:
        problems.append(f"the crawl was stopped by {stop.signal_name} before it finished")
    elif report.close_reason == "write_failed":
        pass   # said below, with the cause
    elif report.close_reason != "finished":
        problems.append(f"the crawl stopped early ({report.close_reason or 'it did not finish'})")
    write_error = crawler.stats.get_value("newscrawl/write_error")
    if write_error:
        failed = crawler.stats.get_value("newscrawl/dropped/write_failed", 0)
        problems.append(f"{write_error}; {failed} article(s) not written")
    unaccounted = report.unaccounted()
    if unaccounted:
        problems.append(f"{unaccounted} URL(s) were not fetched" if report.stopped
                        else f"{unaccounted} URL(s) were not processed")
    return problems


def load_hint(output: Path | str) -> str:
    """A one-liner that works right after set-up command 1 (pyarrow is installed; pandas
    may not be): the row count and the first five headlines."""
    return ("  load it: python3 -c \"import pyarrow.dataset as ds; "
            f"t = ds.dataset('{output}', partitioning='hive').to_table(columns=['domain', 'title']); "
            "print(t.num_rows, 'articles'); print(t.slice(0, 5).to_pylist())\"")


def run_scrape(urls: list[str], args: argparse.Namespace, stop) -> int:
    from newscrawl.runner import CrawlJob, build_settings, run_crawls
    from newscrawl.spiders.article import ArticleSpider

    output = Path(args.output)
    jsonl = args.format == "jsonl"
    if not jsonl:
        check_writable(output)
    settings = build_settings(settings_overrides(args), jsonl=jsonl)
    [result] = run_crawls(settings, [CrawlJob("scrape", ArticleSpider, {"urls": urls})], stop=stop)
    report = result.report
    if report is None:
        why = result.message or (f"stopped by {stop.signal_name}" if stop.requested else "see the log above")
        print(f"newscrawl: error: the crawl did not start ({why})", file=sys.stderr)
        return EXIT_FAILED

    print("newscrawl: " + "\n".join(report.summary_lines(None if jsonl else output)), file=sys.stderr)
    problems = crawl_problems(report, result.crawler, stop)
    for problem in problems:
        print(f"newscrawl: error: {problem}", file=sys.stderr)
    if not problems and not jsonl and report.written:
        print(load_hint(output), file=sys.stderr)
    return EXIT_FAILED if problems else EXIT_OK


DEMO_SITES = """# Written by `newscrawl demo` for the bundled sample site it serves.
[sites.harbour-herald]
start_urls = ["{base}"]
feeds = ["{base}rss.xml"]
sitemaps = ["robots"]
follow = ['/world/']
deny = ['/static/']
article = ['/news/[\\w-]+\\.html$']
max_depth = 2
[sites.harbour-herald.crawl]
download_delay = 0
"""


def run_demo(args: argparse.Namespace, stop) -> int:
    """Serve the bundled sample news site on 127.0.0.1 and run a real `crawl` of it."""
    from newscrawl.sample_site import SampleSite

    if not 0 < args.port < 65536:
        raise UsageError(f"--port must be between 1 and 65535, not {args.port}")
    try:
        site = SampleSite(port=args.port)
    except OSError as exc:
        # A random port instead would give the site new URLs, and the crawl would fetch
        # every article again as if it were new: refuse, and say what to do.
        raise UsageError(
            f"port {args.port} on 127.0.0.1 is in use ({exc.strerror or exc}): the demo serves its site on a "
            "fixed port so that its URLs, and so its crawl state, stay the same between runs; stop what uses "
            "the port (another `newscrawl demo`?) or choose one with --port N (the first run on a new port "
            "fetches every article again)") from None
    with site:
        print(f"newscrawl: serving the sample news site at {site.base_url}", file=sys.stderr)
        sites_file = Path(args.state_dir) / "demo-sites.toml"
        sites_file.parent.mkdir(parents=True, exist_ok=True)
        sites_file.write_text(DEMO_SITES.format(base=site.base_url), encoding="utf-8")
        print(f"newscrawl: crawling it as configured in {sites_file}", file=sys.stderr)
        return run_crawl_sites(args, str(sites_file), [], stop)


def _site_job(site, state_dir: Path, refresh: bool):
    """The crawl of one site; its lock is taken when its turn comes (not all up front:
    ten thousand sites must not hold ten thousand open lock files)."""
    from newscrawl.lock import SiteLock, SiteLockedError
    from newscrawl.runner import CrawlJob, JobRefused
    from newscrawl.spiders.news import SiteNewsSpider

    lock = SiteLock(state_dir / "locks", site.name)
    job = CrawlJob(site.name, SiteNewsSpider, {"site": site, "refresh": refresh}, release=lock.release)

    def acquire() -> None:
        try:
            job.kwargs["lock"] = lock.acquire()
        except SiteLockedError as exc:
            raise JobRefused(str(exc)) from None
        except OSError as exc:
            raise RuntimeError(f"cannot take the lock {lock.path}: {exc.strerror or exc}") from None

    job.acquire = acquire
    return job


def run_crawl_sites(args: argparse.Namespace, sites_path: str, names: list[str], stop) -> int:
    from newscrawl.runner import build_settings, run_crawls
    from newscrawl.sites import load_sites, select_sites

    selected = select_sites(load_sites(sites_path), names)
    overrides = settings_overrides(args)
    parquet = args.format == "parquet"
    if parquet:
        check_writable(Path(args.output))
    state_dir = Path(args.state_dir)
    check_state_dir(state_dir)
    settings = build_settings(overrides, jsonl=not parquet)
    jobs = [_site_job(site, state_dir, args.refresh) for site in selected]
    results = run_crawls(settings, jobs, parallel=settings.getint("NEWSCRAWL_MAX_PARALLEL_SITES"), stop=stop)
    status, refused, written = EXIT_OK, 0, 0
    for result in results:
        name = result.job.name
        if result.status == "refused":
            print(f"newscrawl: {result.message}", file=sys.stderr)
            refused += 1
            continue
        if result.report is None:
            why = result.message or (f"stopped by {stop.signal_name}" if stop.requested else "see the log above")
            print(f"newscrawl: error: the crawl of site '{name}' did not start ({why})", file=sys.stderr)
            status = EXIT_FAILED
            continue
        report, stats = result.report, result.crawler.stats
        written += report.written
        print(f"newscrawl: site {name}: " + "\n".join(report.summary_lines(Path(args.output))), file=sys.stderr)
        print("  new {} · updated {} · unchanged {} · known, not refetched {}".format(
            stats.get_value("newscrawl/articles_new", 0), stats.get_value("newscrawl/articles_updated", 0),
            stats.get_value("newscrawl/articles_unchanged", 0), stats.get_value("newscrawl/skipped_known", 0)),
            file=sys.stderr)
        problems = crawl_problems(report, result.crawler, stop)
        failed_sources = sum(v for k, v in stats.get_stats().items() if k.startswith("newscrawl/listing_errors/"))
        if failed_sources:
            print(f"  sources failed    {failed_sources}", file=sys.stderr)
            for kind, url, why in getattr(result.crawler.spider, "source_errors", []):
                print(f"    - {kind} {url} ({why})", file=sys.stderr)
            if not stats.get_value("newscrawl/sources_read", 0):
                problems.insert(0, f"none of the site's sources could be read ({failed_sources} failed)")
        for problem in problems:
            print(f"newscrawl: error: site '{name}': {problem}", file=sys.stderr)
            status = EXIT_FAILED
    if status == EXIT_OK and written and parquet:
        print(load_hint(args.output), file=sys.stderr)
    if refused and status == EXIT_OK:
        status = EXIT_LOCKED
    return status


def show_sites(args: argparse.Namespace) -> int:
    from newscrawl.sites import load_sites
    from newscrawl.state import StateStore

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
    from newscrawl.lock import SiteLock, SiteLockedError
    from newscrawl.state import rebuild_store

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
    from newscrawl.state import StateStore

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


def main(argv: list[str] | None = None) -> int:
    from newscrawl.stopping import GracefulStop

    stop = GracefulStop().install()   # first: a Ctrl-C from here on stops cleanly
    parser = make_parser()
    args = parser.parse_args(argv)
    from newscrawl.sites import SitesFileError
    from newscrawl.state import StateStoreError
    from newscrawl.urls_input import BadURL

    try:
        if args.command == "demo":
            settings_overrides(args)  # validate before serving anything
            return run_demo(args, stop)
        if args.command == "crawl":
            return run_crawl_sites(args, args.sites, args.names, stop)
        if args.command == "sites":
            return show_sites(args)
        if args.command == "runs":
            return show_runs(args)
        if args.command == "state":
            return rebuild_state(args)
        return run_scrape(collect_urls(args), args, stop)
    except StateStoreError as exc:
        print(f"newscrawl: error: {exc}", file=sys.stderr)
        return EXIT_FAILED
    except (UsageError, BadURL, SitesFileError) as exc:
        print(f"newscrawl: error: {exc}", file=sys.stderr)
        return EXIT_USAGE


if __name__ == "__main__":
    sys.exit(main())
