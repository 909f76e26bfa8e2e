"""The demo: a small invented news site bundled with the package (`site/`), served on
127.0.0.1 (`server`), and the sites-file entry `newscrawl demo` crawls it with."""

from newscrawl.demo.server import SampleSite, article_urls, demo_site_root

__all__ = ["SampleSite", "article_urls", "demo_site_root"]
