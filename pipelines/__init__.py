"""Item pipelines of newscrawl, in data-flow order: extract -> normalize -> dedup -> parquet."""
