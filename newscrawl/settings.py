"""Scrapy settings of the newscrawl project: the one place defaults are set.

`scrapy crawl` reads this module through scrapy.cfg; the `newscrawl` CLI starts from it
and overrides a few values from its options. Every NEWSCRAWL_* setting is documented in
the README.
"""

from newscrawl import __version__

BOT_NAME = "newscrawl"
SPIDER_MODULES = ["newscrawl.crawl.spiders"]
NEWSPIDER_MODULE = "newscrawl.crawl.spiders"

USER_AGENT = f"newscrawl/{__version__} (+https://github.com/newscrawl/newscrawl; news article archiver)"
ROBOTSTXT_OBEY = True
DOWNLOAD_TIMEOUT = 30
DOWNLOAD_MAXSIZE = 16 * 1024 * 1024
DOWNLOAD_WARNSIZE = 4 * 1024 * 1024
CONCURRENT_REQUESTS = 16
CONCURRENT_REQUESTS_PER_DOMAIN = 4
DOWNLOAD_DELAY = 0.25                       # per domain; AutoThrottle adapts from here
AUTOTHROTTLE_ENABLED = True
AUTOTHROTTLE_START_DELAY = 0.25
AUTOTHROTTLE_TARGET_CONCURRENCY = 2.0
RETRY_TIMES = 2
# Items processed in parallel per response. Our callbacks yield one page item (or only
# requests), and Scrapy starts this many asyncio worker tasks for every response: the
# default 100 cost the reactor thread ~100 tasks per page (a fifth of its CPU).
CONCURRENT_ITEMS = 1
# Response bytes the scraper may hold before the engine stops downloading (Scrapy: 5 MB).
# One 10 MB sitemap being read would otherwise hold every article download until its
# 50,000 entries were handled; sitemaps are read one at a time (newscrawl.crawl.spiders.news).
SCRAPER_SLOT_MAX_ACTIVE_SIZE = 64 * 1024 * 1024
REDIRECT_MAX_TIMES = 10
COOKIES_ENABLED = False
TELNETCONSOLE_ENABLED = False
# Scrapy 2.19's remote-control endpoint runs Python code sent to a local HTTP port (with a
# token from a job file): not something a crawler of untrusted pages needs listening.
REMOTE_CONTROL_ENABLED = False
FEED_EXPORT_ENCODING = "utf-8"
# Only http(s): no file:// or data: pages, ever.
DOWNLOAD_HANDLERS = {
    "file": None, "data": None, "s3": None, "ftp": None,
    # Scrapy's HTTP/1.1 handler, with downloads a stopping run can abort (newscrawl.crawl.download).
    "http": "newscrawl.crawl.download.StoppableHTTPDownloadHandler",
    "https": "newscrawl.crawl.download.StoppableHTTPDownloadHandler",
}
# Non-2xx responses go to the spider's errback, which records the status as the reason.
HTTPERROR_ALLOWED_CODES: list[int] = []

DOWNLOADER_MIDDLEWARES = {
    # Scrapy's own, subclassed where they were wrong for us (newscrawl.crawl.middlewares says why).
    "scrapy.downloadermiddlewares.robotstxt.RobotsTxtMiddleware": None,
    "newscrawl.crawl.middlewares.RobotsTxtMiddleware": 100,
    "scrapy.downloadermiddlewares.redirect.RedirectMiddleware": None,
    "newscrawl.crawl.middlewares.RedirectMiddleware": 600,
    "scrapy.downloadermiddlewares.offsite.OffsiteMiddleware": None,
    "newscrawl.crawl.middlewares.OffsiteMiddleware": 50,
    "scrapy.downloadermiddlewares.httpcompression.HttpCompressionMiddleware": None,
    "newscrawl.crawl.middlewares.HttpCompressionMiddleware": 590,
    # After RedirectMiddleware (600) and before the HTTP cache (900); redirects are
    # scheduled again, so every hop passes through it (see newscrawl.crawl.ssrf).
    "newscrawl.crawl.ssrf.PrivateAddressGuard": 650,
}
# With a JOBDIR (the news spider's), the scheduler keeps its queue on disk: first in,
# first out within a priority, like the memory queue.
SCHEDULER_DISK_QUEUE = "scrapy.squeues.PickleFifoDiskQueue"
SCHEDULER_MEMORY_QUEUE = "scrapy.squeues.FifoMemoryQueue"

ITEM_PIPELINES = {
    "pipelines.extract.ExtractionPipeline": 100,
    "pipelines.normalize.NormalizePipeline": 200,
    "pipelines.dedup.DedupPipeline": 300,
    "pipelines.parquet.ParquetWriterPipeline": 900,
}
EXTENSIONS = {
    # The news spider's JOBDIR holds only its disk queue (newscrawl.crawl.spiders.news), not a
    # resumable spider state.
    "scrapy.extensions.spiderstate.SpiderState": None,
    "newscrawl.crawl.identity.CrawlIdentity": 100,     # first: the others ask it who the crawl is
    "newscrawl.crawl.site_state.SiteState": 110,       # site crawls: lock, state store, runs row
    "newscrawl.crawl.report.RunReport": 500,
    "newscrawl.crawl.progress.Progress": 510,
}

# newscrawl's own settings
NEWSCRAWL_OUTPUT = "data/articles"          # Parquet dataset directory
NEWSCRAWL_STATE_DIR = "data"                # crawl state: state.sqlite, runs/, locks/, httpcache/
NEWSCRAWL_MAX_PARALLEL_SITES = 4            # sites crawled at the same time by `newscrawl crawl`
NEWSCRAWL_CRAWL_ID = None                   # default: UTC start time + random suffix
NEWSCRAWL_EXTRACT_WORKERS = None            # extraction processes; None = CPU count, 0 = inline
NEWSCRAWL_FAVOR_PRECISION = False           # trafilatura's favor_precision for every site
NEWSCRAWL_KEEP_ALL = False                  # keep non-article pages too (page_type says what they are)
NEWSCRAWL_PARQUET_ROWS_PER_FILE = 10_000    # a file is closed and published at this many rows
NEWSCRAWL_PARQUET_ROW_GROUP_ROWS = 1_000    # rows buffered in memory, written as one row group
NEWSCRAWL_PROGRESS = False                  # periodic progress line on stderr
NEWSCRAWL_PROGRESS_INTERVAL = 2.0           # seconds between progress lines
NEWSCRAWL_STOP_GRACE_SECONDS = 1.0          # on Ctrl-C/SIGTERM, downloads still running after this are aborted
# SSRF guard (newscrawl.crawl.ssrf): discovered links and redirects never reach private addresses.
NEWSCRAWL_SSRF_GUARD = True                 # False turns the guard off
NEWSCRAWL_ALLOWED_PRIVATE_NETWORKS: list[str] = []  # CIDRs allowed although private
NEWSCRAWL_PUBLIC_NETWORKS: list[str] = []   # CIDRs treated as public (tests: 127.0.0.2/32)
