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
from tests.e2e.test_crawl import write_sites
from tests.servers.newssite import NewsSite


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
    # the displayed headline (h1 and <title> agree) wins over JSON-LD's "Bad \ud800"
    assert bad["title"] == "Bad strings in metadata"
    assert bad["section"] == "Harbour \ufffdnews"
    assert bad["description"] == "Nul and bell here"
    assert bad["authors"] == ["Ann Smith"]
    # and a second run does not refetch-and-lose everything either: it just works again
    again = run_cli("scrape", *urls, "-o", str(out), "--workers", "0", cwd=tmp_path)
    assert again.returncode == 0 and len(read_rows(out)) == 42


# ---------------------------------------------------------------- discovery


def write_site(tmp_path: Path, body: str, name: str = "edge") -> Path:
    path = tmp_path / "sites.toml"
    path.write_text(f"[sites.{name}]\n{body}\n[sites.{name}.crawl]\ndownload_delay = 0\n", encoding="utf-8")
    return path


@pytest.mark.parametrize("source", ["sitemaps", "feeds"])
def test_edge_dates_in_a_sitemap_or_feed_lose_no_entry(mockserver, tmp_path, source):
    where = "/edge-dates/sitemap.xml" if source == "sitemaps" else "/edge-dates/feed.xml"
    sites = write_site(tmp_path, f'{source} = ["{mockserver.url(where)}"]\narticle = [\'/gen/\\d+$\']')
    result = run_cli("crawl", "-q", "--sites", str(sites), "--workers", "0", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert len(read_rows(tmp_path / "data" / "articles")) == 12
    assert "Error" not in result.stderr


def test_listing_pages_at_the_depth_limit_still_give_every_article(tmp_path):
    """The last section page followed sits at max_depth; the pages past it are not
    fetched, and every article (listed in the sitemap) is requested and written."""
    with NewsSite(articles=200) as site:
        sites = tmp_path / "sites.toml"
        sites.write_text(write_sites(tmp_path, site.base_url).read_text().replace("max_depth = 3", "max_depth = 2"))
        result = run_cli("crawl", "--sites", str(sites), "--workers", "1", "-s", "DOWNLOAD_DELAY=0",
                         "-s", "AUTOTHROTTLE_ENABLED=False", cwd=tmp_path)
        log = site.log()
    assert result.returncode == 0, result.stderr
    rows = read_rows(tmp_path / "data" / "articles")
    assert len({r["article_id"] for r in rows}) == 200
    section_depths = [p for p in log if "/page/" in p]
    assert section_depths and all(int(p.rstrip("/").rsplit("/", 1)[1]) <= 2 for p in section_depths)
    assert "NOT ACCOUNTED FOR" not in result.stderr


# ---------------------------------------------------------------- state store


@pytest.mark.parametrize("damage", ["truncated", "garbage"])
def test_a_damaged_state_store_stops_the_crawl_with_a_reason_and_can_be_rebuilt(tmp_path, damage):
    with NewsSite(articles=12) as site:
        sites = write_sites(tmp_path, site.base_url)
        args = ["crawl", "-q", "--sites", str(sites), "--workers", "0", "-s", "DOWNLOAD_DELAY=0"]
        assert run_cli(*args, cwd=tmp_path).returncode == 0
        store = tmp_path / "data" / "state.sqlite"
        for extra in (store.with_name("state.sqlite-wal"), store.with_name("state.sqlite-shm")):
            extra.unlink(missing_ok=True)
        data = store.read_bytes()
        store.write_bytes(data[: len(data) // 2] if damage == "truncated" else os.urandom(len(data)))

        broken = run_cli(*args, cwd=tmp_path)
        assert broken.returncode == 1
        errors = [line for line in broken.stderr.splitlines() if "error" in line]
        assert len(errors) == 1 and str(store.name) in errors[0] and "newscrawl state rebuild" in errors[0]
        assert "Traceback" not in broken.stderr and "NoneType" not in broken.stderr

        rebuilt = run_cli("state", "rebuild", cwd=tmp_path)
        assert rebuilt.returncode == 0, rebuilt.stderr
        assert "12 articles" in rebuilt.stderr
        site.reset_log()
        again = run_cli(*args, cwd=tmp_path)
        assert again.returncode == 0, again.stderr
        assert not [p for p in site.log() if p.endswith(".html") and "/20" in p]   # nothing refetched
    assert len(read_rows(tmp_path / "data" / "articles")) == 12
    assert list((tmp_path / "data").glob("state.sqlite.broken-*"))


def test_a_read_only_state_store_is_refused_with_a_reason(tmp_path):
    """The state directory on a file system mounted read-only (root ignores file modes)."""
    state = tmp_path / "state"
    state.mkdir()
    if subprocess.run(["mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs", str(state)], capture_output=True).returncode:
        pytest.skip("cannot mount a tmpfs here (needs root)")
    try:
        sqlite3.connect(state / "state.sqlite").close()
        subprocess.run(["mount", "-o", "remount,ro", str(state)], check=True, capture_output=True)
        sites = write_site(tmp_path, 'feeds = ["http://127.0.0.1:9/rss.xml"]')
        result = run_cli("crawl", "-q", "--sites", str(sites), "--state-dir", str(state), cwd=tmp_path)
    finally:
        subprocess.run(["umount", "-l", str(state)], capture_output=True)
    assert result.returncode == 1, result.stderr
    assert "cannot be written" in result.stderr and "Traceback" not in result.stderr


# ---------------------------------------------------------------- disk full


@pytest.fixture()
def small_disk(tmp_path):
    """A tmpfs of 1 MiB, filled up to `free` bytes by the test (needs root to mount)."""
    mount = tmp_path / "disk"
    mount.mkdir()
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs", str(mount)], capture_output=True)
    if done.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here ({done.stderr.decode().strip() or 'not root'})")
    try:
        yield mount
    finally:
        subprocess.run(["umount", "-l", str(mount)], capture_output=True)


def fill(disk: Path, leave: int) -> None:
    stats = os.statvfs(disk)
    free = stats.f_bavail * stats.f_frsize
    (disk / "filler").write_bytes(b"\0" * max(0, free - leave))


def test_disk_full_during_scrape_reports_what_was_published(mockserver, tmp_path, small_disk):
    fill(small_disk, 48 * 1024)
    out = small_disk / "articles"
    result = run_cli("scrape", *gen_urls(mockserver, 6000, 60), "-o", str(out), "--workers", "0",
                     "-s", "NEWSCRAWL_PARQUET_ROWS_PER_FILE=4", "-s", "NEWSCRAWL_PARQUET_ROW_GROUP_ROWS=4", cwd=tmp_path)
    assert result.returncode == 1, result.stderr
    assert "No space left on device" in result.stderr
    assert "Traceback" not in result.stderr
    rows = read_rows(out) if out.exists() else []
    assert f"articles written  {len(rows)} " in result.stderr
    assert not list(small_disk.rglob(".*.tmp"))            # the hidden file did not stay behind


def test_disk_full_during_crawl_records_the_run_as_failed(tmp_path, small_disk):
    fill(small_disk, 40 * 1024)
    out, state = small_disk / "articles", tmp_path / "state"
    with NewsSite(articles=60) as site:
        sites = write_sites(tmp_path, site.base_url)
        result = run_cli("crawl", "-q", "--sites", str(sites), "-o", str(out), "--state-dir", str(state),
                         "--workers", "0", "-s", "DOWNLOAD_DELAY=0", "-s", "NEWSCRAWL_PARQUET_ROWS_PER_FILE=4",
                         "-s", "NEWSCRAWL_PARQUET_ROW_GROUP_ROWS=4", cwd=tmp_path)
    assert result.returncode == 1, result.stderr
    assert "No space left on device" in result.stderr
    rows = read_rows(out) if out.exists() else []
    assert f"articles written  {len(rows)} " in result.stderr
    assert not list(small_disk.rglob(".*.tmp"))
    [run] = ds.dataset(state / "runs", partitioning="hive").to_table().to_pylist()
    assert run["finish_reason"] == "write_failed"
    db = sqlite3.connect(state / "state.sqlite")
    stored = {row[0] for row in db.execute("SELECT DISTINCT article_id FROM articles")}
    db.close()
    assert stored == {r["article_id"] for r in rows}


# ---------------------------------------------------------------- bad input and reasons


@pytest.mark.parametrize("url", ["http://[::1", "http://[zz]/", "http://example.org:99999/", "http://example.org:abc/",
                                 "http://exa mple.org/", "ftp://example.org/"])
def test_a_bad_url_is_a_usage_error_naming_it(tmp_path, url):
    result = run_cli("scrape", url, cwd=tmp_path)
    assert result.returncode == 2
    assert url in result.stderr and "Traceback" not in result.stderr


def test_a_bad_url_in_the_input_file_names_its_line(tmp_path):
    (tmp_path / "urls.txt").write_text("http://example.org/ok\n# comment\nhttp://[::1\n", encoding="utf-8")
    result = run_cli("scrape", "--input", "urls.txt", cwd=tmp_path)
    assert result.returncode == 2 and "urls.txt line 3" in result.stderr


def test_credentials_are_refused_and_the_password_never_printed(tmp_path):
    result = run_cli("scrape", "http://editor:hunter2@example.org/x", cwd=tmp_path)
    assert result.returncode == 2
    assert "user name or password" in result.stderr and "hunter2" not in result.stderr


def test_input_with_a_bom_and_trailing_comments_works(mockserver, tmp_path):
    lines = [f"\ufeff{mockserver.url('/gen/8000')}  # the first one", f"{mockserver.url('/gen/8001')}\t# second", ""]
    (tmp_path / "urls.txt").write_text("\n".join(lines), encoding="utf-8")
    result = run_cli("scrape", "--input", "urls.txt", "-o", "out", "--workers", "0", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert len(read_rows(tmp_path / "out")) == 2


def test_a_url_over_the_length_limit_gets_a_reason(mockserver, tmp_path):
    long_url = mockserver.url("/gen/1?q=" + "x" * 2100)
    result = run_cli("scrape", long_url, mockserver.url("/gen/2"), "-o", "out", "--workers", "0", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "url_too_long" in result.stderr and "NOT ACCOUNTED FOR" not in result.stderr


@pytest.mark.parametrize(("path", "reason"), [
    ("/broken/mid-header", "connection_lost"),
    ("/broken/truncated-gzip", "incomplete_response"),
    ("/redirect-to?to=ftp://ftp.example.org/file.txt", "bad_redirect"),
    ("/redirect-to?to=file:///etc/passwd", "bad_redirect"),
    ("/redirect-to?to=data:text/html,hello", "bad_redirect"),
    ("/redirect-to?to=", "bad_redirect"),
])
def test_broken_transfers_and_redirects_have_clear_reasons(mockserver, tmp_path, path, reason):
    result = run_cli("scrape", mockserver.url(path), "-o", "out", "--workers", "0", "-s", "RETRY_TIMES=0", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert f"- {reason}: " in result.stderr
    assert "Failure" not in result.stderr and "http_302" not in result.stderr


def test_a_crawl_whose_only_source_fails_says_so_and_fails(mockserver, tmp_path):
    sites = write_site(tmp_path, f'feeds = ["{mockserver.url("/status/500")}"]')
    result = run_cli("crawl", "-q", "--sites", str(sites), "-s", "RETRY_TIMES=0", cwd=tmp_path)
    assert result.returncode == 1
    assert "sources failed    1" in result.stderr
    assert "none of the site's sources could be read" in result.stderr


def test_a_huge_robots_txt_is_read_only_up_to_500_kib(tmp_path):
    """A 10 MB robots.txt (mock server --robots-mb 10): its rules in the first 500 KiB
    apply (Disallow: /gen/9), a rule after 600 KiB of comments does not (Disallow:
    /private/), as Google reads it."""
    from tests.servers.mock import MockServer

    with MockServer(robots_mb=10) as server:
        result = run_cli("scrape", server.url("/gen/9"), server.url("/private/x.html"), "-o", "out",
                         "--workers", "0", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "- robots_disallowed: " + server.url("/gen/9") in result.stderr
    assert [r["url"] for r in read_rows(tmp_path / "out")] == [server.url("/private/x.html")]


# ---------------------------------------------------------------- many sites


def test_many_sites_run_through_a_bounded_queue(mockserver, tmp_path):
    """300 sites with 200 open files allowed: crawlers and site locks are made when a
    site's turn comes, not all at the start (which ran out of file descriptors)."""
    import resource

    feed = mockserver.url("/edge-dates/feed.xml")
    (tmp_path / "sites.toml").write_text("".join(
        f'[sites.s{n}]\nfeeds = ["{feed}?site={n}"]\narticle = [\'/nothing-matches$\']\n' for n in range(300)),
        encoding="utf-8")

    def limit_files():
        resource.setrlimit(resource.RLIMIT_NOFILE, (200, 200))

    result = subprocess.run([sys.executable, "-m", "newscrawl.cli", "crawl", "-q", "--workers", "0",
                             "-s", "NEWSCRAWL_MAX_PARALLEL_SITES=8"], cwd=tmp_path, preexec_fn=limit_files,
                            env=dict(os.environ, PYTHONPATH=str(REPO)), capture_output=True, text=True, timeout=900)
    assert result.returncode == 0, result.stderr[-3000:]
    assert "Traceback" not in result.stderr and "Too many open files" not in result.stderr
    assert result.stderr.count("newscrawl: site s") == 300
    runs = ds.dataset(tmp_path / "data" / "runs", partitioning="hive").to_table(columns=["site"]).num_rows
    assert runs == 300
