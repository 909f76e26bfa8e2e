"""Running `scrape`, `crawl` and `demo`: the crawl jobs, their summaries and exit status."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from newscrawl.cli.options import (
    UsageError,
    check_state_dir,
    check_writable,
    settings_overrides,
)
from newscrawl.cli.status import EXIT_FAILED, EXIT_LOCKED, EXIT_OK
from newscrawl.crawl import stats as stat_keys
from newscrawl.demo.config import DEMO_SITES


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
    write_error = crawler.stats.get_value(stat_keys.WRITE_ERROR)
    if write_error:
        failed = crawler.stats.get_value(f"{stat_keys.DROPPED}write_failed", 0)
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
    from newscrawl.crawl.runner import CrawlJob, build_settings, run_crawls
    from newscrawl.crawl.spiders.article import ArticleSpider

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


def run_demo(args: argparse.Namespace, stop) -> int:
    """Serve the bundled sample news site on 127.0.0.1 and run a real `crawl` of it."""
    from newscrawl.demo.server import SampleSite

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


def run_crawl_sites(args: argparse.Namespace, sites_path: str, names: list[str], stop) -> int:
    from newscrawl.crawl.runner import CrawlJob, build_settings, run_crawls
    from newscrawl.crawl.spiders.news import SiteNewsSpider
    from newscrawl.sites import load_sites, select_sites

    selected = select_sites(load_sites(sites_path), names)
    overrides = settings_overrides(args)
    parquet = args.format == "parquet"
    if parquet:
        check_writable(Path(args.output))
    state_dir = Path(args.state_dir)
    check_state_dir(state_dir)
    settings = build_settings(overrides, jsonl=not parquet)
    jobs = [CrawlJob(site.name, SiteNewsSpider, {"site": site, "refresh": args.refresh}) for site in selected]
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
            stats.get_value(stat_keys.ARTICLES_NEW, 0), stats.get_value(stat_keys.ARTICLES_UPDATED, 0),
            stats.get_value(stat_keys.ARTICLES_UNCHANGED, 0), stats.get_value(stat_keys.SKIPPED_KNOWN, 0)),
            file=sys.stderr)
        problems = crawl_problems(report, result.crawler, stop)
        failed_sources = sum(v for k, v in stats.get_stats().items() if k.startswith(stat_keys.LISTING_ERRORS))
        if failed_sources:
            print(f"  sources failed    {failed_sources}", file=sys.stderr)
            for kind, url, why in stats.get_value(stat_keys.SOURCE_ERRORS) or []:
                print(f"    - {kind} {url} ({why})", file=sys.stderr)
            if not stats.get_value(stat_keys.SOURCES_READ, 0):
                problems.insert(0, f"none of the site's sources could be read ({failed_sources} failed)")
        for problem in problems:
            print(f"newscrawl: error: site '{name}': {problem}", file=sys.stderr)
            status = EXIT_FAILED
    if status == EXIT_OK and written and parquet:
        print(load_hint(args.output), file=sys.stderr)
    if refused and status == EXIT_OK:
        status = EXIT_LOCKED
    return status


