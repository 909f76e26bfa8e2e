"""Local HTTP servers for the tests and the benchmarks, each run in its own process by
the one launcher (launcher.py: 127.0.0.1, port 0, the URL read from its first line of
stdout, stopped by closing its stdin).

    mock.py       MockServer: fixture pages, the demo site, status codes, redirects, odd
                  and hostile content, generated articles (/gen/<n>), a request log
    newssite.py   NewsSite: a generated multi-page news site that changes on request
                  (incremental crawls, conditional GET, feeds and sitemaps)
    public.py     PublicSite: a "public" host on 127.0.0.2 whose pages, feed and redirects
                  point at a local server (the SSRF guard's end-to-end tests)

Nothing is imported here: `python -m tests.servers.mock` must not load the module twice.
"""
