"""Exit statuses of the `newscrawl` command (documented in the README)."""

EXIT_OK = 0         # the run completed; every URL is accounted for
EXIT_FAILED = 1     # the run could not complete (stopped, output failed, state damaged, ...)
EXIT_USAGE = 2      # bad option, URL, sites file, ...
EXIT_LOCKED = 3     # crawl: another run of a site holds its lock
