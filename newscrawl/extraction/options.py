"""How to extract: one frozen, picklable set of options (like trafilatura's `Extractor`).

Built once per crawl (from the settings and the site's `[extract]` table, see
`newscrawl.sites.model.ExtractOverrides.options`) and sent as one object to the
extraction workers, instead of arguments travelling one by one.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class ExtractOptions:
    favor_precision: bool = False        # trafilatura: less but surer text
    body_xpath: str | None = None        # the element(s) holding the body (a site's override)
    drop_xpaths: tuple[str, ...] = ()    # elements removed before anything else
    keep_all: bool = False               # return an Article for every page type, not only articles

    def __post_init__(self):
        object.__setattr__(self, "drop_xpaths", tuple(self.drop_xpaths))


DEFAULT_OPTIONS = ExtractOptions()
