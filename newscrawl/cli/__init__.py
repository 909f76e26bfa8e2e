"""The `newscrawl` command line (entry point: `main`).

Modules: main (the parser and dispatch), options (options -> Scrapy settings, checks),
crawls (scrape / crawl / demo runs and their summaries), maintenance (sites, runs, state
rebuild), status (exit codes).
"""

from newscrawl.cli.main import main

__all__ = ["main"]
