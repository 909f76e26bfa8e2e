"""Stopping a run: Ctrl-C / SIGTERM to the whole process group, once (graceful) or twice (forced).

The real CLI runs in a session of its own against the local news site, with extraction
workers; the signal goes to the process group, as a terminal or `systemctl stop` sends it,
once the server has seen enough article requests (no sleeps decide the outcome). A
graceful stop must end the run without hanging, write what was extracted, print the
summary and exit 1; a forced stop must exit 1 at once and leave a dataset that reads and a
state from which the next run completes.
"""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

import pyarrow.dataset as ds
import pytest

from tests.cli_helpers import REPO, read_rows, run_cli
from tests.e2e.test_crawl import write_sites
from tests.servers.newssite import NewsSite

ARTICLES = 150
SLOW = ["-s", "DOWNLOAD_DELAY=0.02", "-s", "AUTOTHROTTLE_ENABLED=False", "-s", "NEWSCRAWL_PROGRESS_INTERVAL=0.2"]
WAIT_LIMIT_S = 120      # generous: only a hang reaches it


def start(args: list[str], cwd: Path, stderr: Path) -> subprocess.Popen:
    with open(stderr, "wb") as err:
        return subprocess.Popen([sys.executable, "-m", "newscrawl.cli", *args], cwd=cwd,
                                env=dict(os.environ, PYTHONPATH=str(REPO)), stdin=subprocess.DEVNULL,
                                stdout=subprocess.DEVNULL, stderr=err, start_new_session=True)


def wait_for_article_requests(site: NewsSite, proc: subprocess.Popen, at_least: int) -> None:
    deadline = time.monotonic() + WAIT_LIMIT_S
    while time.monotonic() < deadline and proc.poll() is None:
        if sum(1 for path in site.log() if path.endswith(".html") and "/20" in path) >= at_least:
            return
        time.sleep(0.05)
    raise AssertionError("the crawl never got to the article pages")


def wait_for_text(path: Path, text: str, proc: subprocess.Popen) -> None:
    """Two identical signals sent back to back may reach the process as one."""
    deadline = time.monotonic() + WAIT_LIMIT_S
    while text not in path.read_text() and proc.poll() is None and time.monotonic() < deadline:
        time.sleep(0.02)


def finish(proc: subprocess.Popen) -> int:
    try:
        return proc.wait(timeout=WAIT_LIMIT_S)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait()
        raise AssertionError(f"the run did not end within {WAIT_LIMIT_S} s of the signal (hang)") from None


def written_in_summary(stderr: str) -> int:
    return sum(int(n) for n in re.findall(r"articles written\s+(\d+)", stderr))


def assert_clean_stop(stderr: str, signame: str) -> None:
    assert f"stopped by {signame}" in stderr
    assert "Traceback" not in stderr
    assert "ReactorNotRunning" not in stderr
    assert "extraction_crashed" not in stderr
    assert "finished (shutdown)" in stderr


@pytest.fixture(scope="module")
def site():
    with NewsSite(articles=ARTICLES) as server:
        yield server


def article_urls(site: NewsSite) -> list[str]:
    return [a["url"] for a in site._control("articles")]


@pytest.mark.parametrize("signum", [signal.SIGINT, signal.SIGTERM], ids=["SIGINT", "SIGTERM"])
def test_scrape_stops_gracefully_on_one_signal_to_the_group(site, tmp_path, signum):
    (tmp_path / "urls.txt").write_text("\n".join(article_urls(site)), encoding="utf-8")
    out = tmp_path / "articles"
    site.reset_log()
    proc = start(["scrape", "--input", "urls.txt", "-o", str(out), "--workers", "2", *SLOW],
                 tmp_path, tmp_path / "stderr.txt")
    wait_for_article_requests(site, proc, 20)
    os.killpg(proc.pid, signum)
    status = finish(proc)
    stderr = (tmp_path / "stderr.txt").read_text()
    assert status == 1, stderr
    assert_clean_stop(stderr, signal.Signals(signum).name)
    rows = read_rows(out)
    assert len(rows) == written_in_summary(stderr) > 0      # what was extracted is written
    assert not list(out.rglob(".*.tmp"))


def test_crawl_stops_gracefully_and_records_the_run(site, tmp_path):
    sites = write_sites(tmp_path, site.base_url)
    out, state = tmp_path / "articles", tmp_path / "state"
    site.reset_log()
    proc = start(["crawl", "--sites", str(sites), "-o", str(out), "--state-dir", str(state), "--workers", "2", *SLOW],
                 tmp_path, tmp_path / "stderr.txt")
    wait_for_article_requests(site, proc, 20)
    os.killpg(proc.pid, signal.SIGINT)
    status = finish(proc)
    stderr = (tmp_path / "stderr.txt").read_text()
    assert status == 1, stderr
    assert_clean_stop(stderr, "SIGINT")
    assert len(read_rows(out)) == written_in_summary(stderr) > 0
    runs = ds.dataset(state / "runs", partitioning="hive").to_table().to_pylist()
    assert [r["finish_reason"] for r in runs] == ["shutdown"]
    listed = run_cli("runs", "--state-dir", str(state), cwd=tmp_path)
    assert " shutdown " in listed.stdout and " running " not in listed.stdout

    # the next run fetches the rest: every article exactly once
    again = run_cli("crawl", "-q", "--sites", str(sites), "-o", str(out), "--state-dir", str(state),
                    "--workers", "1", "-s", "DOWNLOAD_DELAY=0", cwd=tmp_path)
    assert again.returncode == 0, again.stderr
    counts = Counter(r["article_id"] for r in read_rows(out))
    assert len(counts) == ARTICLES and set(counts.values()) == {1}


def test_second_signal_forces_an_immediate_exit_and_nothing_is_lost(mockserver, tmp_path):
    """The graceful stop is held up by a stalled download (no grace period); the second
    signal must not wait for it."""
    from newscrawl.demo.server import article_urls

    pages = article_urls(mockserver.url("/demo/"))
    (tmp_path / "urls.txt").write_text("\n".join([*pages, mockserver.url("/stall?seconds=600&forced")]))
    out = tmp_path / "articles"
    proc = start(["scrape", "--input", "urls.txt", "-o", str(out), "--workers", "2", "--timeout", "300",
                  "-s", "NEWSCRAWL_STOP_GRACE_SECONDS=600", "-s", "NEWSCRAWL_PARQUET_ROWS_PER_FILE=2"],
                 tmp_path, tmp_path / "stderr.txt")
    deadline = time.monotonic() + WAIT_LIMIT_S
    while "/stall?seconds=600&forced" not in mockserver.log() and time.monotonic() < deadline:
        time.sleep(0.05)
    os.killpg(proc.pid, signal.SIGINT)
    wait_for_text(tmp_path / "stderr.txt", "stopping", proc)   # the first one was taken
    os.killpg(proc.pid, signal.SIGINT)
    status = finish(proc)
    stderr = (tmp_path / "stderr.txt").read_text()
    assert status == 1, stderr
    assert "forced stop" in stderr
    assert "Traceback" not in stderr
    if out.exists():
        ds.dataset(out, partitioning="hive").to_table()       # whatever was published reads
    again = run_cli("scrape", *pages, "-o", str(out), "--workers", "1", cwd=tmp_path)
    assert again.returncode == 0, again.stderr
    assert {r["url"] for r in read_rows(out)} == set(pages)
    assert not list(out.rglob(".*.tmp"))       # the forced run's hidden file was cleaned up


def test_signal_while_every_download_hangs_still_stops(mockserver, tmp_path):
    """The only URL stalls after its headers: the stop must not wait for the timeout."""
    proc = start(["scrape", mockserver.url("/stall?seconds=600"), "-o", str(tmp_path / "out"),
                  "--workers", "2", "--timeout", "300"], tmp_path, tmp_path / "stderr.txt")
    deadline = time.monotonic() + WAIT_LIMIT_S
    while "/stall?seconds=600" not in mockserver.log() and time.monotonic() < deadline:
        time.sleep(0.05)
    os.killpg(proc.pid, signal.SIGTERM)
    status = finish(proc)
    stderr = (tmp_path / "stderr.txt").read_text()
    assert status == 1, stderr
    assert "stopped by SIGTERM" in stderr and "Traceback" not in stderr
