#!/usr/bin/env python3
"""End-to-end crawl throughput: `newscrawl scrape --input urls.txt` against a local news site.

    python benchmarks/crawl_throughput.py [--articles 600] [--workers 2 0] [--repeats 3] [--warmup 1] [--json out.json]

Starts tests/newssite.py (NewsSite(articles=N), a stdlib ThreadingHTTPServer on 127.0.0.1),
writes the URLs of all its articles to urls.txt, then runs, in a subprocess, for each
--workers value (order alternates between repeats), after --warmup untimed runs (the site
generates and caches each page on its first request, which slows whichever run comes first):

    /usr/bin/time -v python -c 'newscrawl.cli.main()' scrape --input urls.txt --output <fresh tmp dir>
        --workers W -q -s DOWNLOAD_DELAY=0 -s AUTOTHROTTLE_ENABLED=False
        -s CONCURRENT_REQUESTS_PER_DOMAIN=32

Measured per run:
  * wall time (perf_counter around the subprocess, includes Python/Scrapy start-up and the
    final Parquet write) and pages/s = URLs given / wall time;
  * peak RSS of the whole process tree (crawl process + extraction workers), sampled every
    50 ms from /proc (sum of VmRSS of all descendants; may miss short spikes; shared pages of
    forked workers are counted once per process, so it over-states real memory);
  * max RSS of the largest single process (from /usr/bin/time -v, or getrusage(RUSAGE_CHILDREN)
    if /usr/bin/time is missing);
  * "crawl s": the duration newscrawl's own end-of-run summary reports ("finished ... in X s"),
    i.e. without interpreter/Scrapy start-up, and pages/s on that;
  * CPU s of the crawl tree (getrusage RUSAGE_CHILDREN delta: only processes that were waited
    for) and CPU s used by the news-site server during the run (/proc/<pid>/stat);
  * rows written (count of Parquet rows) and the exit status.
The news-site server runs on the same machine and competes for the same CPUs.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import resource
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

RUN_CLI = "import sys; from newscrawl.cli import main; sys.exit(main())"


def _children_map() -> dict[int, list[int]]:
    kids: dict[int, list[int]] = {}
    for d in os.listdir("/proc"):
        if not d.isdigit():
            continue
        try:
            with open(f"/proc/{d}/stat") as f:
                stat = f.read()
            ppid = int(stat.rsplit(")", 1)[1].split()[1])
        except (OSError, ValueError, IndexError):
            continue
        kids.setdefault(ppid, []).append(int(d))
    return kids


def _rss_kb(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/status") as f:
            for line in f:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


def tree_rss_kb(root: int) -> tuple[int, int]:
    kids = _children_map()
    todo, seen = [root], []
    while todo:
        p = todo.pop()
        seen.append(p)
        todo.extend(kids.get(p, []))
    return sum(_rss_kb(p) for p in seen), len(seen)


def proc_cpu_s(pid: int) -> float:
    """utime + stime of one process, from /proc/<pid>/stat."""
    try:
        with open(f"/proc/{pid}/stat") as f:
            fields = f.read().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    except (OSError, ValueError, IndexError):
        return float("nan")


def run_once(urls_file: Path, workers: int, outdir: Path, timeout: float, server_pid: int) -> dict:
    cmd = [sys.executable, "-c", RUN_CLI, "scrape", "--input", str(urls_file), "--output", str(outdir),
           "--workers", str(workers), "-q",
           "-s", "DOWNLOAD_DELAY=0", "-s", "AUTOTHROTTLE_ENABLED=False", "-s", "CONCURRENT_REQUESTS_PER_DOMAIN=32"]
    time_bin = shutil.which("time") or ("/usr/bin/time" if os.path.exists("/usr/bin/time") else None)
    if time_bin:
        cmd = [time_bin, "-v"] + cmd
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    server_before = proc_cpu_s(server_pid)
    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    peak = {"kb": 0, "procs": 0}
    stop = threading.Event()

    def sample():
        while not stop.is_set():
            kb, n = tree_rss_kb(proc.pid)
            if kb > peak["kb"]:
                peak["kb"], peak["procs"] = kb, n
            stop.wait(0.05)

    th = threading.Thread(target=sample, daemon=True)
    th.start()
    try:
        out, err = proc.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        proc.kill()
        out, err = proc.communicate()
    wall = time.perf_counter() - t0
    server_cpu = proc_cpu_s(server_pid) - server_before
    stop.set()
    th.join()
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    m = re.search(r"Maximum resident set size \(kbytes\): (\d+)", err)
    max_single_kb = int(m.group(1)) if m else after.ru_maxrss
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    rows = None
    try:
        import pyarrow.dataset as ds
        rows = ds.dataset(str(outdir), format="parquet", partitioning="hive").count_rows()
    except Exception as exc:  # noqa: BLE001
        rows = f"? ({type(exc).__name__})"
    m = re.search(r"finished \(\w+\) in ([\d.]+) s", err)
    crawl_s = float(m.group(1)) if m else float("nan")
    summary = "\n".join(line for line in err.splitlines() if not line.startswith("\t"))[-1500:]
    return {"workers": workers, "exit": proc.returncode, "wall_s": wall, "rows": rows,
            "cpu_s_children": cpu, "server_cpu_s": server_cpu, "crawl_s_reported": crawl_s, "peak_tree_rss_mb": peak["kb"] / 1024, "procs_at_peak": peak["procs"],
            "max_single_rss_mb": max_single_kb / 1024, "stderr_tail": summary, "stdout_tail": out[-500:]}


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--articles", type=int, default=600)
    ap.add_argument("--workers", type=int, nargs="+", default=[2, 0])
    ap.add_argument("--repeats", type=int, default=3)
    ap.add_argument("--warmup", type=int, default=1,
                    help="untimed --workers 0 runs first (the site renders and caches pages on first request)")
    ap.add_argument("--timeout", type=float, default=300)
    ap.add_argument("--show-output", action="store_true", help="print each run's stderr summary")
    ap.add_argument("--json", type=Path)
    args = ap.parse_args(argv)

    from tests.newssite import NewsSite

    runs = []
    with tempfile.TemporaryDirectory(prefix="newscrawl-bench-") as tmp, NewsSite(articles=args.articles) as site:
        urls = [a["url"] for a in site.articles()]
        urls_file = Path(tmp) / "urls.txt"
        urls_file.write_text("\n".join(urls) + "\n")
        print(f"# Crawl throughput — {len(urls)} article URLs from {site.url()} (tests/newssite.py), "
              f"{os.cpu_count()} CPUs, Python {sys.version.split()[0]}\n")
        for i in range(args.warmup):
            res = run_once(urls_file, 0, Path(tmp) / f"warmup-{i}", args.timeout, site.proc.pid)
            print(f"warm-up run (not counted) workers=0: {res['wall_s']:.1f} s, "
                  f"{len(urls) / res['wall_s']:.1f} pages/s, server CPU {res['server_cpu_s']:.1f} s, "
                  f"exit={res['exit']}", file=sys.stderr)
        for r in range(args.repeats):
            order = args.workers if r % 2 == 0 else args.workers[::-1]
            for w in order:
                res = run_once(urls_file, w, Path(tmp) / f"out-r{r}-w{w}", args.timeout, site.proc.pid)
                res["repeat"] = r
                res["pages_per_s"] = len(urls) / res["wall_s"]
                res["pages_per_s_crawl"] = len(urls) / res["crawl_s_reported"]
                runs.append(res)
                print(f"run {r} workers={w}: {res['wall_s']:.1f} s, {res['pages_per_s']:.1f} pages/s, "
                      f"rows={res['rows']}, exit={res['exit']}", file=sys.stderr)
                if args.show_output or res["exit"] != 0:
                    print(res["stderr_tail"], file=sys.stderr)

    print("| --workers | run | wall s | pages/s (wall) | crawl s (own summary) | pages/s (crawl) | rows written | exit "
          "| CPU s crawl tree | CPU s news-site server | peak RSS tree MB (procs) | max RSS single proc MB |")
    print("|---|---|---|---|---|---|---|---|---|---|---|---|")
    for res in runs:
        print(f"| {res['workers']} | {res['repeat']} | {res['wall_s']:.1f} | {res['pages_per_s']:.1f} "
              f"| {res['crawl_s_reported']:.1f} | {res['pages_per_s_crawl']:.1f} | {res['rows']} "
              f"| {res['exit']} | {res['cpu_s_children']:.1f} | {res['server_cpu_s']:.1f} | {res['peak_tree_rss_mb']:.0f} ({res['procs_at_peak']}) "
              f"| {res['max_single_rss_mb']:.0f} |")
    best = {}
    for res in runs:
        best.setdefault(res["workers"], []).append((res["pages_per_s"], res["pages_per_s_crawl"]))
    if len(best) >= 2:
        import statistics
        meds = {w: (statistics.median(a for a, _ in v), statistics.median(b for _, b in v)) for w, v in best.items()}
        base = meds.get(0)
        print()
        for w, (v, c) in meds.items():
            extra = f" ({v / base[0]:.2f}x / {c / base[1]:.2f}x of --workers 0)" if base and w != 0 else ""
            print(f"--workers {w}: median {v:.1f} pages/s wall, {c:.1f} pages/s crawl-only{extra}")
    if args.json:
        args.json.write_text(json.dumps({"articles": len(urls), "runs": runs}, indent=2))
        print(f"\nwrote {args.json}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
