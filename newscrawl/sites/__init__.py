"""The sites file: the one validated configuration of scheduled crawls.

Modules: loader (`load_sites`, `select_sites`: reading and validating), model (the frozen
`SiteConfig` the crawl uses), toml_file (TOML parsing with line-precise errors).
"""

from newscrawl.sites.loader import load_sites, select_sites
from newscrawl.sites.model import CrawlOverrides, ExtractOverrides, SiteConfig
from newscrawl.sites.toml_file import SitesFileError

__all__ = ["CrawlOverrides", "ExtractOverrides", "SiteConfig", "SitesFileError", "load_sites", "select_sites"]
