"""The runs dataset (data/runs): one Parquet row per site per crawl, for scheduled jobs.

Read back by `newscrawl runs`/`newscrawl sites` through the state store and by analysts
with any Parquet reader (schema: newscrawl.store.schema.RUN_SCHEMA).
"""

from __future__ import annotations

from datetime import datetime, timezone
from pathlib import Path

import pyarrow as pa

from newscrawl.crawl import stats as stat_keys
from newscrawl.store.dataset import (
    name_component,
    new_file_token,
    partition_dir,
    write_table_atomically,
)
from newscrawl.store.schema import RUN_SCHEMA


def run_row(identity, stats: dict, finish_reason: str) -> dict:
    """The runs-dataset row of a site's crawl (identity: newscrawl.crawl.identity.CrawlIdentity)."""
    drops = {k.split("/", 2)[2]: v for k, v in stats.items() if k.startswith(stat_keys.DROPPED)}
    listing_errors = sum(v for k, v in stats.items() if k.startswith(stat_keys.LISTING_ERRORS))
    return {
        "crawl_id": identity.crawl_id,
        "site": identity.site_name,
        "started_at": identity.started_at,
        "finished_at": datetime.now(timezone.utc),
        # A run that did not say how it ended did not finish; one whose writes failed failed.
        "finish_reason": "write_failed" if stats.get(stat_keys.WRITE_ERROR) else (finish_reason or "unknown"),
        "pages_fetched": stats.get(stat_keys.PAGES_FETCHED, 0),
        "listing_pages": sum(stats.get(k, 0) for k in (stat_keys.LISTING_PAGES, stat_keys.FEEDS_READ, stat_keys.SITEMAPS_READ)),
        "articles_new": stats.get(stat_keys.ARTICLES_NEW, 0),
        "articles_updated": stats.get(stat_keys.ARTICLES_UPDATED, 0),
        "articles_unchanged": stats.get(stat_keys.ARTICLES_UNCHANGED, 0),
        "skipped_known": stats.get(stat_keys.SKIPPED_KNOWN, 0),
        "drops": [{"reason": r, "count": c} for r, c in sorted(drops.items()) if r != "unchanged"],
        "errors": listing_errors + stats.get("log_count/ERROR", 0),
    }


def write_run(root: Path, row: dict) -> Path:
    table = pa.Table.from_pylist([row], schema=RUN_SCHEMA)
    name = f"run-{name_component(row['crawl_id'])}-{name_component(row['site'])}-{new_file_token()}.parquet"
    path = partition_dir(root, dt=f"{row['started_at']:%Y-%m-%d}") / name
    return write_table_atomically(table, path, dictionary_columns=["site", "finish_reason"])
