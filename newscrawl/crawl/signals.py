"""newscrawl's own Scrapy signals (sent with crawler.signals.send_catch_log)."""

# The spider gave up on a URL before it produced an item. Arguments: url, reason, detail.
page_dropped = object()

# The Parquet writer published a complete file. Arguments: root, path, rows (list of dicts).
file_published = object()

# The run was asked to stop (SIGINT/SIGTERM): sent before the engine stops, so components
# can cut waiting short (newscrawl.crawl.download aborts downloads that outlast a grace period).
stop_requested = object()

# A spider asked for a page that must end as a row or a drop. Arguments: url.
page_requested = object()

# A job's crawl is over, whether it ran or failed to start (sent by newscrawl.crawl.runner).
crawl_ended = object()
