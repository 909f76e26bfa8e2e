"""What `newscrawl demo` crawls: the port it serves the bundled site on and the sites-file
entry it writes for it (kept import-light: the CLI's parser reads the port)."""

DEMO_PORT = 8765   # a fixed port keeps the demo's URLs, so a second demo run is incremental

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
