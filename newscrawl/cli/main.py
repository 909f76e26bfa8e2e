"""The `newscrawl` command line: its parser and the dispatch to the commands.

Defaults come from newscrawl.settings (the one place they are set). Exit status: 0 when the run completed and every URL is accounted for (written, or
dropped with a reason); 1 when the run could not complete (the output could not be
written, a URL was left unaccounted for, the crawl was stopped); 2 for a usage error
(including an invalid sites file); 3 when `crawl` was refused because another run of the
same site holds its lock.
"""

from __future__ import annotations

import argparse
import sys

from newscrawl import __version__
from newscrawl import settings as defaults
from newscrawl.cli.status import EXIT_FAILED, EXIT_USAGE
from newscrawl.demo.config import DEMO_PORT


def _add_crawl_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("-o", "--output", default=defaults.NEWSCRAWL_OUTPUT, metavar="DIR",
                        help="Parquet dataset directory (default: %(default)s)")
    parser.add_argument("--format", choices=["parquet", "jsonl"], default="parquet",
                        help="parquet (default) appends to the dataset; jsonl prints records to stdout")
    parser.add_argument("--user-agent", metavar="UA", help="User-Agent header (default: a descriptive newscrawl UA)")
    parser.add_argument("--timeout", type=float, metavar="S", help=f"download timeout in seconds (default: {defaults.DOWNLOAD_TIMEOUT})")
    parser.add_argument("--max-size", type=float, metavar="MB", help=f"largest page to download in MB (default: {defaults.DOWNLOAD_MAXSIZE // 2**20})")
    parser.add_argument("--workers", type=int, metavar="N", help="extraction processes (default: CPU count; 0 = inline)")
    parser.add_argument("--keep-all", action="store_true",
                        help="keep pages that are not articles (listings, products, ...) with their page_type "
                             "(default: drop them as not_article:<type>)")
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
    crawl.add_argument("--state-dir", default=defaults.NEWSCRAWL_STATE_DIR, metavar="DIR",
                       help="state store, runs dataset, locks and HTTP cache (default: data)")
    crawl.add_argument("--refresh", action="store_true", help="refetch articles already stored")
    _add_crawl_options(crawl)

    sites = commands.add_parser("sites", help="list the configured sites and their last run")
    sites.add_argument("--sites", default="sites.toml", metavar="PATH")
    sites.add_argument("--state-dir", default=defaults.NEWSCRAWL_STATE_DIR, metavar="DIR")

    runs = commands.add_parser("runs", help="show recent runs")
    runs.add_argument("--state-dir", default=defaults.NEWSCRAWL_STATE_DIR, metavar="DIR")
    runs.add_argument("--site", metavar="NAME")
    runs.add_argument("-n", "--limit", type=int, default=20)

    state = commands.add_parser("state", help="maintain the crawl state store")
    state_commands = state.add_subparsers(dest="state_command", required=True, metavar="ACTION")
    rebuild = state_commands.add_parser(
        "rebuild", help="rebuild data/state.sqlite from the published dataset (after damage or loss)")
    rebuild.add_argument("--state-dir", default=defaults.NEWSCRAWL_STATE_DIR, metavar="DIR")
    rebuild.add_argument("-o", "--output", default=defaults.NEWSCRAWL_OUTPUT, metavar="DIR",
                         help="the article dataset to rebuild from (default: %(default)s)")

    demo = commands.add_parser("demo", help="serve the bundled sample news site on 127.0.0.1 and crawl it")
    demo.add_argument("--state-dir", default=defaults.NEWSCRAWL_STATE_DIR, metavar="DIR",
                      help="state store, runs dataset, locks and HTTP cache (default: data)")
    demo.add_argument("--refresh", action="store_true", help="refetch articles already stored")
    demo.add_argument("--port", type=int, default=DEMO_PORT, metavar="N",
                      help=f"port of the sample site on 127.0.0.1 (default: {DEMO_PORT}; keep it the same "
                           "between runs: the site's URLs, and so the crawl state, depend on it)")
    _add_crawl_options(demo)
    return parser


def main(argv: list[str] | None = None) -> int:
    from newscrawl.crawl.stopping import GracefulStop

    stop = GracefulStop().install()   # first: a Ctrl-C from here on stops cleanly
    parser = make_parser()
    args = parser.parse_args(argv)
    from newscrawl.cli.options import UsageError
    from newscrawl.crawl.given_urls import BadURL
    from newscrawl.sites import SitesFileError
    from newscrawl.store.state import StateStoreError

    try:
        if args.command in ("sites", "runs", "state"):
            from newscrawl.cli import maintenance

            return {"sites": maintenance.show_sites, "runs": maintenance.show_runs,
                    "state": maintenance.rebuild_state}[args.command](args)
        from newscrawl.cli import crawls
        from newscrawl.cli.options import collect_urls, settings_overrides

        if args.command == "demo":
            settings_overrides(args)  # validate before serving anything
            return crawls.run_demo(args, stop)
        if args.command == "crawl":
            return crawls.run_crawl_sites(args, args.sites, args.names, stop)
        return crawls.run_scrape(collect_urls(args), args, stop)
    except StateStoreError as exc:
        print(f"newscrawl: error: {exc}", file=sys.stderr)
        return EXIT_FAILED
    except (UsageError, BadURL, SitesFileError) as exc:
        print(f"newscrawl: error: {exc}", file=sys.stderr)
        return EXIT_USAGE


if __name__ == "__main__":
    sys.exit(main())
