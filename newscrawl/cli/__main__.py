"""`python -m newscrawl.cli`: the same as the `newscrawl` command."""

import sys

from newscrawl.cli.main import main

sys.exit(main())
