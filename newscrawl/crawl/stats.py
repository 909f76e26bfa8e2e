"""Names of the Scrapy stats newscrawl keeps (crawler.stats), in one place.

The run summary, the runs dataset and the progress line read them back; prefixes end
with "/" and are followed by a reason.
"""

PAGES_FETCHED = "newscrawl/pages_fetched"          # article (or given) pages downloaded
ARTICLES = "newscrawl/articles"                    # rows written (published) or printed (jsonl)
ROWS_WRITTEN = "newscrawl/rows_written"            # rows in published Parquet files
PARQUET_FILES = "newscrawl/parquet_files"
WRITE_ERROR = "newscrawl/write_error"              # the cause, when writing failed
DROPPED = "newscrawl/dropped/"                     # + reason: pages dropped
ARTICLES_NEW = "newscrawl/articles_new"            # crawl: outcome against the state store
ARTICLES_UPDATED = "newscrawl/articles_updated"
ARTICLES_UNCHANGED = "newscrawl/articles_unchanged"
SKIPPED_KNOWN = "newscrawl/skipped_known"          # known articles not requested
REFETCH_MODIFIED = "newscrawl/refetch_modified"    # known, requested again: newer listing date
CLAIMED_ELSEWHERE = "newscrawl/claimed_elsewhere"  # another worker fetches it
SOURCES_READ = "newscrawl/sources_read"            # feeds, sitemaps, robots.txt, listing pages read
FEEDS_READ = "newscrawl/feeds_read"
SITEMAPS_READ = "newscrawl/sitemaps_read"
LISTING_PAGES = "newscrawl/listing_pages"
LISTING_ERRORS = "newscrawl/listing_errors/"       # + reason: sources that failed
SOURCE_ERRORS = "newscrawl/source_errors"          # the first few failed sources: (kind, url, why)
LISTING_BEYOND_MAX_DEPTH = "newscrawl/listing_beyond_max_depth"
OFFSITE_LINKS = "newscrawl/offsite_links"
BAD_LINKS = "newscrawl/bad_links"
SSRF_BLOCKED = "newscrawl/ssrf_blocked"
ROBOTSTXT_TRUNCATED = "newscrawl/robotstxt_truncated"
ABANDONED_TEMP_FILES_REMOVED = "newscrawl/abandoned_temp_files_removed"
