"""The runs dataset (data/runs): one Parquet row per site per crawl, for scheduled jobs.

Read back by `newscrawl runs`/`newscrawl sites` through the state store and by analysts
with any Parquet reader (schema: newscrawl.store.schema.RUN_SCHEMA).
"""

from __future__ import annotations

from datetime import datetime, timezone
from pathlib import Path

import pyarrow as pa

from newscrawl.store.dataset import name_component, new_file_token, partition_dir, write_table_atomically
from newscrawl.store.schema import RUN_SCHEMA


def run_row(identity, stats: dict, finish_reason: str) -> dict:
    """The runs-dataset row of a site's crawl (identity: newscrawl.crawl.identity.CrawlIdentity)."""
    drops = {k.split("/", 2)[2]: v for k, v in stats.items() if k.startswith("newscrawl/dropped/")}
    listing_errors = sum(v for k, v in stats.items() if k.startswith("newscrawl/listing_errors/"))
    return {
        "crawl_id": identity.crawl_id,
        "site": identity.site_name,
        "started_at": identity.started_at,
        "finished_at": datetime.now(timezone.utc),
        # A run that did not say how it ended did not finish; one whose writes failed failed.
        "finish_reason": "write_failed" if stats.get("newscrawl/write_error") else (finish_reason or "unknown"),
        "pages_fetched": stats.get("newscrawl/pages_fetched", 0),
        "listing_pages": sum(stats.get(k, 0) for k in ("newscrawl/listing_pages", "newscrawl/feeds_read", "newscrawl/sitemaps_read")),
        "articles_new": stats.get("newscrawl/articles_new", 0),
        "articles_updated": stats.get("newscrawl/articles_updated", 0),
        "articles_unchanged": stats.get("newscrawl/articles_unchanged", 0),
        "skipped_known": stats.get("newscrawl/skipped_known", 0),
        "drops": [{"reason": r, "count": c} for r, c in sorted(drops.items()) if r != "unchanged"],
        "errors": listing_errors + stats.get("log_count/ERROR", 0),
    }


def write_run(root: Path, row: dict) -> Path:
    table = pa.Table.from_pylist([row], schema=RUN_SCHEMA)
    name = f"run-{name_component(row['crawl_id'])}-{name_component(row['site'])}-{new_file_token()}.parquet"
    path = partition_dir(root, dt=f"{row['started_at']:%Y-%m-%d}") / name
    return write_table_atomically(table, path, dictionary_columns=["site", "finish_reason"])
