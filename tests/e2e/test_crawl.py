"""End-to-end incremental crawls: the real CLI against the generated local news site."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pyarrow.dataset as ds
import pytest

from newscrawl.store.lock import SiteLock
from tests.cli_helpers import REPO, read_rows, run_cli
from tests.servers.newssite import NewsSite

ARTICLE_PATH = re.compile(r"^/\d{4}/\d{2}/[\w-]+\.html$")
FAST = ["-q", "--workers", "1", "-s", "DOWNLOAD_DELAY=0", "-s", "AUTOTHROTTLE_ENABLED=False"]


def write_sites(directory: Path, base: str, name: str = "local-news") -> Path:
    path = directory / "sites.toml"
    path.write_text(
        f"""
[sites.{name}]
start_urls = ["{base}"]
feeds = ["{base}rss.xml"]
sitemaps = ["robots"]
follow = ['/section/']
deny = ['/tag/', '/author/']
article = ['/\\d{{4}}/\\d{{2}}/[\\w-]+\\.html$']
max_depth = 3
""",
        encoding="utf-8",
    )
    return path


@pytest.fixture()
def site():
    with NewsSite() as running:
        yield running


def article_requests(site: NewsSite) -> list[str]:
    return [p for p in site.log() if ARTICLE_PATH.match(p.split("?")[0])]


def test_incremental_crawl_fetches_only_new_articles(site, tmp_path):
    write_sites(tmp_path, site.url())
    first = run_cli("crawl", *FAST, cwd=tmp_path)
    assert first.returncode == 0, first.stderr
    rows = read_rows(tmp_path / "data" / "articles")
    expected = {a["url"] for a in site.articles()}
    assert {r["url"] for r in rows} == expected               # exactly the articles
    assert len(rows) == 30
    assert not any("/private/" in p for p in site.log())       # robots.txt obeyed
    assert not any(p.startswith(("/tag/", "/author/", "/about")) for p in site.log())
    assert sorted(article_requests(site)) == sorted(set(article_requests(site)))  # each once

    site.reset_log()
    added = site.add_articles(3)
    second = run_cli("crawl", *FAST, cwd=tmp_path)
    assert second.returncode == 0, second.stderr
    assert sorted(article_requests(site)) == sorted(re.sub(r"^https?://[^/]+", "", u) for u in added)
    log = site.log(detail=True)
    listing = [e for e in log if e["path"] in ("/rss.xml", "/", "/sitemap-news.xml")]
    assert listing and all(e["method"] == "GET" for e in listing)
    assert any(e["not_modified"] for e in log)                 # conditional GET answered 304
    rows = read_rows(tmp_path / "data" / "articles")
    counts = Counter(r["article_id"] for r in rows)
    assert len(counts) == 33 and set(counts.values()) == {1}
    assert "new 3" in second.stderr

    site.reset_log()
    third = run_cli("crawl", *FAST, cwd=tmp_path)
    assert third.returncode == 0, third.stderr
    assert article_requests(site) == []

    runs = ds.dataset(tmp_path / "data" / "runs", partitioning="hive").to_table().to_pylist()
    assert sorted(r["articles_new"] for r in runs) == [0, 3, 30]
    assert all(r["site"] == "local-news" and r["finish_reason"] == "finished" for r in runs)
    listed = run_cli("runs", cwd=tmp_path)
    assert listed.returncode == 0 and listed.stdout.count("local-news") == 3
    sites = run_cli("sites", cwd=tmp_path)
    assert sites.returncode == 0 and "local-news" in sites.stdout and "33" in sites.stdout


def test_updated_article_is_refetched_and_versioned(site, tmp_path):
    write_sites(tmp_path, site.url())
    assert run_cli("crawl", *FAST, cwd=tmp_path).returncode == 0
    slug = site.articles()[5]["slug"]
    site.update_article(slug)
    site.reset_log()
    result = run_cli("crawl", *FAST, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert [p for p in article_requests(site)] == [a["path"] for a in site.articles() if a["slug"] == slug]
    rows = [r for r in read_rows(tmp_path / "data" / "articles") if slug in r["url"]]
    assert len(rows) == 2 and rows[0]["content_hash"] != rows[1]["content_hash"]
    assert "updated 1" in result.stderr


def test_refresh_refetches_but_writes_nothing_unchanged(site, tmp_path):
    write_sites(tmp_path, site.url())
    assert run_cli("crawl", *FAST, cwd=tmp_path).returncode == 0
    site.reset_log()
    result = run_cli("crawl", "--refresh", *FAST, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert len(article_requests(site)) == 30
    assert len(read_rows(tmp_path / "data" / "articles")) == 30
    assert "unchanged 30" in result.stderr


def test_overlapping_run_is_refused(site, tmp_path):
    write_sites(tmp_path, site.url())
    with SiteLock(tmp_path / "data" / "locks", "local-news"):
        result = run_cli("crawl", *FAST, cwd=tmp_path)
    assert result.returncode == 3
    assert "site 'local-news' is already being crawled" in result.stderr
    assert article_requests(site) == []


def test_scrapy_crawl_news_entry_point(site, tmp_path):
    sites = write_sites(tmp_path, site.url())
    result = subprocess.run(
        [sys.executable, "-m", "scrapy", "crawl", "news", "-a", "site=local-news", "-a", f"sites={sites}",
         "-s", f"NEWSCRAWL_OUTPUT={tmp_path / 'articles'}", "-s", f"NEWSCRAWL_STATE_DIR={tmp_path / 'state'}",
         "-s", "NEWSCRAWL_EXTRACT_WORKERS=1", "-s", "DOWNLOAD_DELAY=0", "-s", "AUTOTHROTTLE_ENABLED=False"],
        cwd=REPO, env=dict(os.environ, PYTHONPATH=str(REPO)), capture_output=True, text=True, timeout=300,
    )
    assert result.returncode == 0, result.stderr
    assert len(read_rows(tmp_path / "articles")) == 30
    assert (tmp_path / "state" / "state.sqlite").exists()


@pytest.mark.parametrize(
    "text, message",
    [
        ("[sites.a]\nstart_urls = ['http://x/']\nfolow = ['/s/']\n", "site 'a': unknown key 'folow'"),
        ("[sites.a]\nstart_urls = ['http://x/']\nfollow = ['([a-z']\n", "site 'a': key 'follow': bad regex"),
        ("[sites.a]\nstart_urls = ['ftp://x/']\n", "site 'a': key 'start_urls'"),
        ("[sites.a]\nstart_urls = ['http://x/']\n[sites.a]\nfeeds = ['http://x/f']\n", "site 'a' is defined twice"),
    ],
)
def test_invalid_sites_file_stops_with_one_line(tmp_path, text, message):
    (tmp_path / "sites.toml").write_text(text)
    result = run_cli("crawl", cwd=tmp_path)
    assert result.returncode == 2
    assert message in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_unknown_site_name(site, tmp_path):
    write_sites(tmp_path, site.url())
    result = run_cli("crawl", "nope", cwd=tmp_path)
    assert result.returncode == 2
    assert "unknown site 'nope'" in result.stderr
