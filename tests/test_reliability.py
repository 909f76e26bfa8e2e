"""Nothing lost, nothing overwritten, no false success: end-to-end runs of the real CLI
against local servers, for the defects a new user and fault injection found.

Each test names the failure it guards against; all run `newscrawl` in a subprocess and
read the Parquet back.
"""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pyarrow.dataset as ds
import pytest

from tests.cli_helpers import REPO, read_rows, run_cli
from tests.newssite import NewsSite
from tests.test_crawl import write_sites


def gen_urls(mockserver, start: int, count: int) -> list[str]:
    return [mockserver.url(f"/gen/{n}") for n in range(start, start + count)]


def files_under(root: Path) -> list[Path]:
    return sorted(p for p in root.rglob("*") if p.is_file())


# ---------------------------------------------------------------- --crawl-id


def test_reusing_a_crawl_id_never_replaces_earlier_files(mockserver, tmp_path):
    out = tmp_path / "articles"
    urls = gen_urls(mockserver, 1000, 12)
    for _ in range(2):
        result = run_cli("scrape", *urls, "-o", str(out), "--crawl-id", "nightly", "--workers", "0",
                         "-s", "NEWSCRAWL_PARQUET_ROWS_PER_FILE=5", cwd=tmp_path)
        assert result.returncode == 0, result.stderr
    rows = read_rows(out)
    assert len(rows) == 24 and {r["crawl_id"] for r in rows} == {"nightly"}


def test_two_runs_with_one_crawl_id_at_once_both_keep_their_rows(mockserver, tmp_path):
    out = tmp_path / "articles"
    env = dict(os.environ, PYTHONPATH=str(REPO))
    procs = [subprocess.Popen([sys.executable, "-m", "newscrawl.cli", "scrape", *gen_urls(mockserver, start, 10),
                               "-o", str(out), "--crawl-id", "same", "--workers", "0", "-q",
                               "-s", "NEWSCRAWL_PARQUET_ROWS_PER_FILE=3"],
                              cwd=tmp_path, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
             for start in (2000, 3000)]
    for proc in procs:
        assert proc.wait(timeout=180) == 0, proc.stderr.read().decode()
    assert len(read_rows(out)) == 20


def test_a_crawl_id_cannot_write_outside_the_dataset(mockserver, tmp_path):
    out = tmp_path / "data" / "articles"
    result = run_cli("scrape", mockserver.url("/gen/7"), "-o", str(out), "--crawl-id", "x/../../../escaped",
                     "--workers", "0", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    everything = files_under(tmp_path)
    assert everything and all(out in p.parents for p in everything)
    assert [r["crawl_id"] for r in read_rows(out)] == ["x/../../../escaped"]


def test_a_crawl_id_with_control_characters_is_a_usage_error(tmp_path):
    result = run_cli("scrape", "http://127.0.0.1:9/x", "--crawl-id", "bad\nid", cwd=tmp_path)
    assert result.returncode == 2
    assert "--crawl-id" in result.stderr and "Traceback" not in result.stderr


def test_crawl_with_a_reused_crawl_id_keeps_the_state_and_dataset_in_step(tmp_path):
    with NewsSite(articles=30) as site:
        sites = write_sites(tmp_path, site.base_url)
        args = ["crawl", "-q", "--sites", str(sites), "--crawl-id", "daily", "--workers", "0",
                "-s", "DOWNLOAD_DELAY=0", "-s", "NEWSCRAWL_PARQUET_ROWS_PER_FILE=10"]
        first = run_cli(*args, cwd=tmp_path)
        assert first.returncode == 0, first.stderr
        site.add_articles(20)
        second = run_cli(*args, cwd=tmp_path)
        assert second.returncode == 0, second.stderr
    dataset_ids = Counter(r["article_id"] for r in read_rows(tmp_path / "data" / "articles"))
    assert len(dataset_ids) == 50 and set(dataset_ids.values()) == {1}
    db = sqlite3.connect(tmp_path / "data" / "state.sqlite")
    stored = {row[0] for row in db.execute("SELECT DISTINCT article_id FROM articles")}
    runs = db.execute("SELECT COUNT(*) FROM site_runs WHERE crawl_id = 'daily'").fetchone()[0]
    db.close()
    assert stored == set(dataset_ids)          # the store claims nothing the dataset lacks
    assert runs == 2                           # both runs are in the history
    run_files = list((tmp_path / "data" / "runs").rglob("*.parquet"))
    assert len(run_files) == 2


# ---------------------------------------------------------------- bad strings


def test_a_lone_surrogate_or_nul_in_metadata_loses_nothing(mockserver, tmp_path):
    out = tmp_path / "articles"
    urls = [*gen_urls(mockserver, 4000, 20), mockserver.url("/bad-strings")]
    result = run_cli("scrape", *urls, "-o", str(out), "--workers", "0", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    rows = {r["url"]: r for r in read_rows(out)}
    assert len(rows) == 21
    bad = rows[mockserver.url("/bad-strings")]
    assert bad["title"] == "Bad \ufffd"
    assert bad["description"] == "Nul and bell here"
    assert bad["authors"] == ["Ann Smith"]
    # and a second run does not refetch-and-lose everything either: it just works again
    again = run_cli("scrape", *urls, "-o", str(out), "--workers", "0", cwd=tmp_path)
    assert again.returncode == 0 and len(read_rows(out)) == 42
