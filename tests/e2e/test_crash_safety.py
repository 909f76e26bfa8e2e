"""Crash safety: a crawl killed at any moment never corrupts or loses anything.

The real CLI is SIGKILLed at seeded random moments (startup, discovery, extraction, while
a Parquet file or the state store is being written), either the whole process group (a
machine/OOM kill) or only the main process (its extraction workers are orphaned). After
every kill the dataset must read, the state store must pass `PRAGMA integrity_check`, the
lock must not be stale, and the state store must claim no article the dataset lacks. A
final run must leave every article of the site in the dataset exactly once. Readers of the
dataset must never fail while a crawl writes into it.
"""

from __future__ import annotations

import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path
from urllib.parse import urlsplit

import pandas as pd
import pyarrow.dataset as ds
import pyarrow.parquet as pq

from newscrawl.store.lock import SiteLock
from tests.cli_helpers import REPO
from tests.e2e.test_crawl import write_sites
from tests.servers.newssite import NewsSite

SITE = "local-news"
CRAWL = ["crawl", "-q", "--workers", "1", "-s", "DOWNLOAD_DELAY=0", "-s", "AUTOTHROTTLE_ENABLED=False",
         "-s", "NEWSCRAWL_PARQUET_ROWS_PER_FILE=5"]
MIN_KILLS = 20
KILL_BUDGET_S = 60.0    # stop adding kills after this long (once MIN_KILLS are done)
MAX_ITERATIONS = 200    # hard stop: a run that can never be killed would otherwise loop


def start_crawl(cwd: Path, stderr_path: Path | None = None) -> subprocess.Popen:
    """The CLI in a new session: its pid is the process group id of it and its workers."""
    stderr = open(stderr_path, "wb") if stderr_path else subprocess.DEVNULL
    try:
        return subprocess.Popen(
            [sys.executable, "-m", "newscrawl.cli", *CRAWL], cwd=cwd,
            env=dict(os.environ, PYTHONPATH=str(REPO)),
            stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=stderr, start_new_session=True,
        )
    finally:
        if stderr_path:
            stderr.close()


def group_members(pgid: int) -> list[int]:
    """Live (non-zombie) processes of a process group."""
    members = []
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            stat = Path(f"/proc/{entry}/stat").read_text()
        except OSError:
            continue
        fields = stat[stat.rindex(")") + 2:].split()  # state, ppid, pgrp, ...
        if int(fields[2]) == pgid and fields[0] != "Z":
            members.append(int(entry))
    return members


def kill_group(pgid: int) -> None:
    try:
        os.killpg(pgid, signal.SIGKILL)
    except ProcessLookupError:
        pass


def wait_group_gone(pgid: int, timeout: float) -> bool:
    deadline = time.monotonic() + timeout
    while group_members(pgid):
        if time.monotonic() > deadline:
            return False
        time.sleep(0.05)
    return True


def parquet_files(root: Path) -> list[Path]:
    if not root.is_dir():
        return []
    return sorted(p for p in root.rglob("*.parquet")
                  if not any(part.startswith((".", "_")) for part in p.relative_to(root).parts))


def snapshot(work: Path) -> dict:
    """What a run left behind, to tell at which phase a kill landed."""
    articles = work / "data" / "articles"
    published = {str(p.relative_to(articles)) for p in parquet_files(articles)}
    temporaries = {str(p) for p in articles.rglob(".*.tmp")} if articles.is_dir() else set()
    recorded: set[str] = set()
    runs = 0
    state = work / "data" / "state.sqlite"
    if state.exists():
        db = sqlite3.connect(state, timeout=30)
        try:
            recorded = {row[0] for row in db.execute("SELECT path FROM files")}
            runs = db.execute("SELECT COUNT(*) FROM site_runs").fetchone()[0]
        except sqlite3.OperationalError:  # killed before the schema was created
            pass
        finally:
            db.close()
    return {"published": published, "temporaries": temporaries, "recorded": recorded, "runs": runs}


def phase(before: dict, after: dict) -> str:
    if after["runs"] == before["runs"]:
        return "startup"                       # before the spider opened the state store
    if after["temporaries"] - before["temporaries"]:
        return "mid-write"                     # a file was being written
    if after["published"] - after["recorded"]:
        return "publish-before-record"         # published, the store not yet told
    if after["published"] - before["published"]:
        return "after-writes"                  # mid-extraction, some files already published
    return "discovery/extraction"              # spider open, nothing published yet


def check_after_kill(work: Path, label: str) -> int:
    """Everything on disk is consistent; returns the number of rows in the dataset."""
    articles = work / "data" / "articles"
    ids: list[str] = []
    for path in parquet_files(articles):
        table = pq.read_table(path)  # raises on a torn file
        assert table.num_rows > 0, f"{label}: empty published file {path}"
        ids.extend(table.column("article_id").to_pylist())
    if articles.is_dir():
        assert ds.dataset(articles, format="parquet", partitioning="hive").to_table().num_rows == len(ids)
    duplicates = [aid for aid, n in Counter(ids).items() if n > 1]
    assert not duplicates, f"{label}: article(s) written twice: {duplicates[:5]}"

    state = work / "data" / "state.sqlite"
    if state.exists():
        db = sqlite3.connect(state, timeout=30)
        try:
            assert db.execute("PRAGMA integrity_check").fetchall() == [("ok",)], label
            claimed = {row[0] for row in db.execute("SELECT DISTINCT article_id FROM articles")}
            files = [row[0] for row in db.execute("SELECT path FROM files")]
        finally:
            db.close()
        # The store never claims what the dataset lacks (it may lag behind: reconcile).
        assert claimed <= set(ids), f"{label}: state store claims {len(claimed - set(ids))} unwritten article(s)"
        assert all((articles / f).is_file() for f in files), f"{label}: state store lists a missing file"

    # Not stale: the kernel dropped the dead run's flock (orphaned workers do not hold it).
    with SiteLock(work / "data" / "locks", SITE):
        pass
    return len(ids)


def test_sigkill_at_random_points_never_corrupts_or_loses(tmp_path):
    rng = random.Random(1234)
    with NewsSite(articles=60) as site:
        # An unkilled run (in a scratch directory) sets the range of kill delays.
        scratch = tmp_path / "measure"
        scratch.mkdir()
        write_sites(scratch, site.url())
        began = time.monotonic()
        measured = start_crawl(scratch)
        assert measured.wait(timeout=120) == 0
        full_run = time.monotonic() - began

        work = tmp_path / "work"
        work.mkdir()
        write_sites(work, site.url())
        kills = completed = group_kills = main_kills = 0
        delays: list[float] = []
        orphans_left: list[int] = []   # groups whose workers outlived a main-only kill
        orphans_exited = 0
        phases: Counter[str] = Counter()
        run_time = full_run
        began = time.monotonic()
        try:
            for iteration in range(MAX_ITERATIONS):
                if kills >= MIN_KILLS and time.monotonic() - began > KILL_BUDGET_S:
                    break
                delay = rng.uniform(0.2, 1.1 * run_time)
                whole_group = rng.random() < 0.7
                log = tmp_path / f"run-{iteration}.stderr"
                before = snapshot(work)
                started = time.monotonic()
                proc = start_crawl(work, log)
                try:
                    returncode = proc.wait(timeout=delay)
                except subprocess.TimeoutExpired:
                    returncode = None
                if returncode is None:
                    if whole_group:
                        kill_group(proc.pid)
                        group_kills += 1
                    else:
                        os.kill(proc.pid, signal.SIGKILL)
                        main_kills += 1
                    proc.wait()
                    kills += 1
                    delays.append(delay)
                    phases[phase(before, snapshot(work))] += 1
                else:
                    completed += 1
                    # Re-measured: once the site is crawled, an unkilled (incremental) run is
                    # much shorter; delays past its end would mostly let runs complete.
                    run_time = time.monotonic() - started
                text = log.read_text(errors="replace")
                assert "already being crawled" not in text, f"run {iteration}: stale lock: {text}"
                assert returncode in (None, 0), f"run {iteration} failed ({returncode}): {text}"
                check_after_kill(work, f"run {iteration} ({'killed after %.2f s' % delay if returncode is None else 'completed'})")
                # Orphans of an earlier main-only kill lived through this run: reap them.
                for pgid in orphans_left:
                    if not group_members(pgid):
                        orphans_exited += 1
                    kill_group(pgid)
                    assert wait_group_gone(pgid, 10), f"process group {pgid} did not exit"
                orphans_left.clear()
                if returncode is None and not whole_group:
                    orphans_left.append(proc.pid)   # left running through the next run
                else:
                    kill_group(proc.pid)
                if rng.random() < 0.6:
                    site.add_articles(rng.randint(1, 2))
        finally:
            for pgid in orphans_left:
                kill_group(pgid)
        loop_time = time.monotonic() - began

        final = start_crawl(work, tmp_path / "final.stderr")
        assert final.wait(timeout=120) == 0, (tmp_path / "final.stderr").read_text()
        kill_group(final.pid)
        rows = check_after_kill(work, "final run")
        table = ds.dataset(work / "data" / "articles", format="parquet", partitioning="hive").to_table(
            columns=["article_id", "url"])
        counts = Counter(table.column("article_id").to_pylist())
        expected = {a["url"] for a in site.articles()}
        assert set(table.column("url").to_pylist()) == expected          # nothing lost
        assert rows == len(expected) and set(counts.values()) == {1}     # nothing doubled
        db = sqlite3.connect(work / "data" / "state.sqlite")
        try:
            assert db.execute("SELECT COUNT(DISTINCT article_id) FROM articles WHERE site = ?",
                              (SITE,)).fetchone()[0] == len(expected)  # adopted files keep their site
            statuses = Counter(row[0] for row in db.execute("SELECT status FROM site_runs"))
        finally:
            db.close()
        assert "running" not in statuses, statuses                       # killed runs: 'aborted'

    print(f"\ncrash safety: {kills} kills ({group_kills} process group, {main_kills} main process only; "
          f"in {main_kills - orphans_exited} of which orphaned workers were still alive a run later and were killed), {completed} completed runs, "
          f"unkilled full run {full_run:.2f} s, delays {min(delays):.2f}-{max(delays):.2f} s, "
          f"loop {loop_time:.1f} s, {len(expected)} articles; kills by phase {dict(phases)}; runs {dict(statuses)}")
    assert kills >= MIN_KILLS


def test_readers_never_fail_while_a_crawl_writes(tmp_path):
    with NewsSite(articles=200) as site:
        write_sites(tmp_path, site.url())
        articles = tmp_path / "data" / "articles"
        proc = start_crawl(tmp_path, tmp_path / "crawl.stderr")
        reads = pandas_reads = 0
        seen_rows: list[int] = []
        try:
            while proc.poll() is None:
                if articles.is_dir():
                    table = ds.dataset(articles, format="parquet", partitioning="hive").to_table()
                    seen_rows.append(table.num_rows)
                    reads += 1
                    if reads % 3 == 0 and parquet_files(articles):
                        frame = pd.read_parquet(articles)
                        assert len(frame) >= seen_rows[-1]
                        pandas_reads += 1
                    time.sleep(0.01)  # leave the crawl some CPU on a 2-core machine
                else:
                    time.sleep(0.01)
        finally:
            if proc.poll() is None:
                kill_group(proc.pid)
            proc.wait()
        assert proc.returncode == 0, (tmp_path / "crawl.stderr").read_text()
        kill_group(proc.pid)
    final = ds.dataset(articles, format="parquet", partitioning="hive").to_table()
    assert final.num_rows == 200
    assert seen_rows == sorted(seen_rows)  # files only ever appear, complete
    print(f"\nreaders: {reads} dataset reads ({pandas_reads} with pandas) while the crawl wrote, "
          f"rows seen {seen_rows[0]}..{seen_rows[-1]}")
    assert reads > 10 and pandas_reads > 0


def test_file_published_but_not_recorded_is_adopted_not_rewritten(tmp_path):
    """The state a kill between publishing a file and recording it leaves behind (the
    window is too short for random kills to hit reliably): the next run adopts the file,
    and writes none of its articles again."""
    with NewsSite(articles=12) as site:
        write_sites(tmp_path, site.url())
        first = start_crawl(tmp_path)
        assert first.wait(timeout=120) == 0
        kill_group(first.pid)
        state = tmp_path / "data" / "state.sqlite"
        db = sqlite3.connect(state, isolation_level=None)
        path, = db.execute("SELECT path FROM files ORDER BY path LIMIT 1").fetchone()
        adopted = pq.read_table(tmp_path / "data" / "articles" / path)
        forgotten = adopted.column("article_id").to_pylist()
        forgotten_paths = {urlsplit(u).path for u in adopted.column("url").to_pylist()}
        db.execute("DELETE FROM files WHERE path = ?", (path,))
        db.executemany("DELETE FROM articles WHERE article_id = ?", [(a,) for a in forgotten])
        db.close()
        site.reset_log()
        second = start_crawl(tmp_path, tmp_path / "second.stderr")
        assert second.wait(timeout=120) == 0, (tmp_path / "second.stderr").read_text()
        kill_group(second.pid)
        fetched = [p for p in site.log() if p.endswith(".html") and p.count("/") == 3]
    # Adopted: the file's articles are known again. Its feed dates were lost with the
    # transaction, so they may be refetched (dropped as unchanged), nothing else is.
    assert set(fetched) <= forgotten_paths
    table = ds.dataset(tmp_path / "data" / "articles", format="parquet", partitioning="hive").to_table()
    assert table.num_rows == 12 and len(set(table.column("article_id").to_pylist())) == 12
    db = sqlite3.connect(state)
    try:
        rows, = db.execute("SELECT rows FROM files WHERE path = ?", (path,)).fetchone()
        sites = {row[0] for row in db.execute("SELECT site FROM articles WHERE article_id IN (%s)"
                                               % ",".join("?" * len(forgotten)), forgotten)}
    finally:
        db.close()
    assert rows == len(forgotten) and sites == {SITE}      # adopted with its row count and site
