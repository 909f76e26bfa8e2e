#!/usr/bin/env python3
"""End-to-end crawl throughput: `newscrawl scrape --input urls.txt` of many realistic
article pages from a local server into Parquet, `--workers 2` (process pool) against the
inline `--workers 0` baseline measured in the same run.

    python benchmarks/crawl_throughput.py [--pages 2000] [--workers 2 0] [--repeats 3]
        [--warmup 1] [--rss-pages 0] [-s NAME=VALUE ...] [--data DIR] [--json out.json]

Pages. benchmarks/_article_server.py (started as a separate process) serves /a/<i>,
0 <= i < N: page i is article i % 181 of the article-extraction-benchmark data set (real
news pages, median 115 KB, mean 174 KB; read in place from ../shared/datasets, never
copied), made unique per i (canonical URL hints rewritten to the page's own URL, and a
"Reprint <i> of this report." sentence put into the article body) so the dedup stage keeps
every copy: rows written should equal N (the summary's drop reasons are printed when not).
All pages are templated and encoded in memory before the server reports ready; a request
costs the server a bytes join and a socket write (asyncio, HTTP/1.1 keep-alive), and its
CPU seconds per run are measured and reported, since it shares the machine's CPUs.

Runs. For each --workers value (order alternates between repeats), after --warmup untimed
runs (page cache, .pyc files), in a subprocess:

    /usr/bin/time -v python -c 'newscrawl.cli.main()' scrape --input urls.txt --output <fresh tmp dir>
        --workers W -q -s DOWNLOAD_DELAY=0 -s AUTOTHROTTLE_ENABLED=False
        -s CONCURRENT_REQUESTS_PER_DOMAIN=32

(CONCURRENT_REQUESTS stays at the project default, 16; politeness delays are off because
the server is local.) Measured per run:
  * "crawl s": the duration in newscrawl's own end-of-run summary ("finished ... in X s",
    spider opened -> closed: all fetching, extraction, dedup and the Parquet writes, but
    not interpreter/Scrapy start-up); pages/s on that is the headline figure;
  * wall s (perf_counter around the subprocess, start-up included) and pages/s on that;
  * CPU s of the crawl process tree (getrusage RUSAGE_CHILDREN delta) and of the server;
  * peak RSS of the process tree (crawl process + extraction workers, VmRSS summed over
    processes from /proc every 50 ms; shared pages count once per process, so it
    over-states real memory) and the max RSS of the largest single process
    (/usr/bin/time -v);
  * Parquet rows written, drop reasons, exit status.
Medians per --workers value and their ratio to --workers 0 are printed at the end.

--rss-pages N (e.g. 20000) then does one N-page crawl with the first --workers value
that is not 0 (default 2), with the progress line on (every 0.5 s), samples the tree RSS
every 0.5 s and prints the peak RSS in each tenth of the crawl (by pages done) and the
first- vs last-quarter peaks, to show whether memory grows with the crawl's length.
The table splits the tree RSS into the largest process (the crawl process) and the rest
(extraction workers, /usr/bin/time) and gives pages/s per tenth. The Parquet writer
streams NEWSCRAWL_PARQUET_ROW_GROUP_ROWS (1,000) rows at a time into its open, hidden file,
so the crawl process does not grow with the file size; -s NAME=VALUE passes extra
settings to every crawl (for diagnostics, e.g. -s NEWSCRAWL_PARQUET_ROWS_PER_FILE=2000).
"""

from __future__ import annotations

import argparse
import json
import os
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from _data import DEFAULT_DATA  # noqa: E402

from tests.servers.launcher import ServerProcess  # noqa: E402

RUN_CLI = "import sys; from newscrawl.cli import main; sys.exit(main())"
SCRAPE_SETTINGS = ["-s", "DOWNLOAD_DELAY=0", "-s", "AUTOTHROTTLE_ENABLED=False",
                   "-s", "CONCURRENT_REQUESTS_PER_DOMAIN=32"]


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


def tree_rss_detail_kb(root: int) -> tuple[int, int, int]:
    """(sum over the tree, largest single process, processes) in kB."""
    kids = _children_map()
    todo, sizes = [root], []
    while todo:
        p = todo.pop()
        sizes.append(_rss_kb(p))
        todo.extend(kids.get(p, []))
    return sum(sizes), max(sizes), len(sizes)


def proc_cpu_s(pid: int) -> float:
    """utime + stime of one process, from /proc/<pid>/stat."""
    try:
        with open(f"/proc/{pid}/stat") as f:
            fields = f.read().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    except (OSError, ValueError, IndexError):
        return float("nan")


class ArticleServer(ServerProcess):
    """benchmarks/_article_server.py in its own process, through the tests' one launcher
    (tests/servers/launcher.py): started on entering, stopped (stdin closed) on leaving."""

    name = "article server"
    ready_path = "/robots.txt"

    def __init__(self, pages: int, data: Path):
        super().__init__(Path(__file__).resolve().parent / "_article_server.py", "--pages", str(pages),
                         "--data", str(data), startup_timeout=600)   # it reads the data set first

    @property
    def base(self) -> str:
        return self.base_url

    def urls(self, n: int) -> list[str]:
        return [f"{self.base}a/{i}" for i in range(n)]


def _drops(err: str) -> dict[str, int]:
    """Drop reasons and counts from the end-of-run summary."""
    drops, inside = {}, False
    for line in err.splitlines():
        if line.strip().startswith("pages dropped"):
            inside = True
            continue
        if inside:
            m = re.match(r"^\s{4}(\w+)\s+(\d+)\s*$", line)
            if not m:
                break
            drops[m.group(1)] = int(m.group(2))
    return drops


def run_once(urls_file: Path, n_urls: int, workers: int, outdir: Path, timeout: float, server_pid: int,
             rss_interval: float = 0.05, progress: bool = False) -> dict:
    cmd = [sys.executable, "-c", RUN_CLI, "scrape", "--input", str(urls_file), "--output", str(outdir),
           "--workers", str(workers), "-q", *SCRAPE_SETTINGS]
    if progress:
        cmd += ["-s", "NEWSCRAWL_PROGRESS=True", "-s", f"NEWSCRAWL_PROGRESS_INTERVAL={rss_interval}"]
    time_bin = shutil.which("time") or ("/usr/bin/time" if os.path.exists("/usr/bin/time") else None)
    if time_bin:
        cmd = [time_bin, "-v"] + cmd
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    server_before = proc_cpu_s(server_pid)
    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    peak = {"kb": 0, "procs": 0}
    done = {"n": 0}
    samples: list[tuple[float, int, int, int, int]] = []   # (s, tree RSS kB, processes, pages done, largest kB)
    stop = threading.Event()

    def sample():
        while not stop.is_set():
            kb, largest, n = tree_rss_detail_kb(proc.pid)
            if kb > peak["kb"]:
                peak["kb"], peak["procs"] = kb, n
            samples.append((time.perf_counter() - t0, kb, n, done["n"], largest))
            stop.wait(rss_interval)

    err_lines: list[str] = []

    def read_err():
        for line in proc.stderr:
            m = re.match(r"\[newscrawl\] (\d+)/\d+ done", line)
            if m:
                done["n"] = int(m.group(1))
            else:
                err_lines.append(line)

    threads = [threading.Thread(target=sample, daemon=True), threading.Thread(target=read_err, daemon=True)]
    for th in threads:
        th.start()
    try:
        out = proc.stdout.read()
        proc.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()
        out = ""
    wall = time.perf_counter() - t0
    server_cpu = proc_cpu_s(server_pid) - server_before
    stop.set()
    for th in threads:
        th.join(timeout=5)
    err = "".join(err_lines)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    m = re.search(r"Maximum resident set size \(kbytes\): (\d+)", err)
    max_single_kb = int(m.group(1)) if m else after.ru_maxrss
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    try:
        import pyarrow.dataset as ds
        rows = ds.dataset(str(outdir), format="parquet", partitioning="hive").count_rows()
    except Exception as exc:  # noqa: BLE001
        rows = f"? ({type(exc).__name__})"
    m = re.search(r"finished \(\w+\) in ([\d.]+) s", err)
    crawl_s = float(m.group(1)) if m else float("nan")
    summary = "\n".join(line for line in err.splitlines() if not line.startswith("\t"))[-1500:]
    shutil.rmtree(outdir, ignore_errors=True)
    return {"workers": workers, "exit": proc.returncode, "wall_s": wall, "crawl_s_reported": crawl_s,
            "pages_per_s": n_urls / wall, "pages_per_s_crawl": n_urls / crawl_s, "rows": rows,
            "drops": _drops(err), "cpu_s_children": cpu, "server_cpu_s": server_cpu,
            "peak_tree_rss_mb": peak["kb"] / 1024, "procs_at_peak": peak["procs"],
            "max_single_rss_mb": max_single_kb / 1024, "rss_samples": samples if progress else None,
            "stderr_tail": summary, "stdout_tail": out[-500:]}


def rss_profile(res: dict, n: int) -> list[str]:
    """Peak tree RSS per tenth of the crawl (by pages done), first vs last quarter."""
    samples = [s for s in res["rss_samples"] if s[1] > 0]
    lines = [("| pages done | peak tree RSS MB | procs | peak largest process MB (the crawl process) "
              "| peak of the others MB (workers, /usr/bin/time) | pages/s in this tenth | samples |"),
             "|---|---|---|---|---|---|---|"]
    for k in range(10):
        lo, hi = n * k // 10, n * (k + 1) // 10
        inside = [s for s in samples if lo <= s[3] < hi or (k == 9 and s[3] >= hi)]
        if inside:
            top = max(inside, key=lambda s: s[1])
            rest = max(s[1] - s[4] for s in inside)
            span = [s for s in inside if s[3] < hi] or inside
            rate = (span[-1][3] - span[0][3]) / (span[-1][0] - span[0][0]) if span[-1][0] > span[0][0] else 0
            lines.append(f"| {lo}-{hi} | {top[1] / 1024:.0f} | {top[2]} | {max(s[4] for s in inside) / 1024:.0f} "
                         f"| {rest / 1024:.0f} | {rate:.0f} | {len(inside)} |")
        else:
            lines.append(f"| {lo}-{hi} | - | - | - | - | - | 0 |")
    q1 = [s[1] for s in samples if s[3] < n // 4]
    q4 = [s[1] for s in samples if s[3] >= n - n // 4]
    if q1 and q4:
        lines.append("")
        lines.append(f"peak tree RSS, first quarter of pages {max(q1) / 1024:.0f} MB, last quarter "
                     f"{max(q4) / 1024:.0f} MB ({max(q4) / max(q1):.2f}x); whole run {res['peak_tree_rss_mb']:.0f} MB; "
                     f"max single process {res['max_single_rss_mb']:.0f} MB")
    return lines


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--pages", type=int, default=2000)
    ap.add_argument("--workers", type=int, nargs="+", default=[2, 0])
    ap.add_argument("--repeats", type=int, default=3)
    ap.add_argument("--warmup", type=int, default=1, help="untimed runs (of the first --workers value) first")
    ap.add_argument("--rss-pages", type=int, default=0,
                    help="then one crawl of this many pages with RSS sampled over time (e.g. 20000)")
    ap.add_argument("-s", "--set", action="append", default=[], metavar="NAME=VALUE",
                    help="extra Scrapy setting for every crawl (diagnostics; not in the default comparison)")
    ap.add_argument("--data", type=Path, default=DEFAULT_DATA)
    ap.add_argument("--timeout", type=float, default=1800)
    ap.add_argument("--show-output", action="store_true", help="print each run's stderr summary")
    ap.add_argument("--json", type=Path)
    args = ap.parse_args(argv)
    for item in args.set:
        SCRAPE_SETTINGS.extend(["-s", item])

    runs, rss_run = [], None
    with tempfile.TemporaryDirectory(prefix="newscrawl-bench-") as tmp, \
            ArticleServer(max(args.pages, args.rss_pages), args.data) as server:
        urls_file = Path(tmp) / "urls.txt"
        urls_file.write_text("\n".join(server.urls(args.pages)) + "\n")
        print(f"# Crawl throughput — {args.pages if args.repeats else args.rss_pages} article URLs from {server.base} (benchmarks/_article_server.py, "
              f"181 real pages made unique), {os.cpu_count()} CPUs, Python {sys.version.split()[0]}\n")
        for i in range(args.warmup if args.repeats else 0):
            res = run_once(urls_file, args.pages, args.workers[0], Path(tmp) / f"warmup-{i}", args.timeout,
                           server.proc.pid)
            print(f"warm-up run (not counted) workers={args.workers[0]}: crawl {res['crawl_s_reported']:.1f} s, "
                  f"wall {res['wall_s']:.1f} s, rows={res['rows']}, exit={res['exit']}", file=sys.stderr)
        for r in range(args.repeats):
            order = args.workers if r % 2 == 0 else args.workers[::-1]
            for w in order:
                res = run_once(urls_file, args.pages, w, Path(tmp) / f"out-r{r}-w{w}", args.timeout,
                               server.proc.pid)
                res["repeat"] = r
                runs.append(res)
                print(f"run {r} workers={w}: crawl {res['crawl_s_reported']:.1f} s, "
                      f"{res['pages_per_s_crawl']:.1f} pages/s, wall {res['wall_s']:.1f} s, rows={res['rows']}, "
                      f"drops={res['drops'] or '-'}, exit={res['exit']}", file=sys.stderr)
                if args.show_output or res["exit"] != 0:
                    print(res["stderr_tail"], file=sys.stderr)
        if args.rss_pages:
            w = next((w for w in args.workers if w), 2)
            rss_file = Path(tmp) / "urls-rss.txt"
            rss_file.write_text("\n".join(server.urls(args.rss_pages)) + "\n")
            rss_run = run_once(rss_file, args.rss_pages, w, Path(tmp) / "out-rss", args.timeout, server.proc.pid,
                               rss_interval=0.5, progress=True)
            print(f"RSS run workers={w}: {args.rss_pages} pages, crawl {rss_run['crawl_s_reported']:.1f} s, "
                  f"rows={rss_run['rows']}, exit={rss_run['exit']}", file=sys.stderr)

    if runs:
        print("| --workers | run | crawl s | pages/s (crawl) | wall s | pages/s (wall) | rows | drops | exit "
              "| CPU s crawl tree | CPU s server | peak RSS tree MB (procs) | max RSS single proc MB |")
        print("|---|---|---|---|---|---|---|---|---|---|---|---|---|")
        for res in runs:
            drops = ", ".join(f"{k} {v}" for k, v in res["drops"].items()) or "-"
            print(f"| {res['workers']} | {res['repeat']} | {res['crawl_s_reported']:.1f} "
                  f"| {res['pages_per_s_crawl']:.1f} | {res['wall_s']:.1f} | {res['pages_per_s']:.1f} "
                  f"| {res['rows']} | {drops} | {res['exit']} | {res['cpu_s_children']:.1f} "
                  f"| {res['server_cpu_s']:.1f} | {res['peak_tree_rss_mb']:.0f} ({res['procs_at_peak']}) "
                  f"| {res['max_single_rss_mb']:.0f} |")
        by_w: dict[int, list[dict]] = {}
        for res in runs:
            by_w.setdefault(res["workers"], []).append(res)
        med = {w: {k: statistics.median(r[k] for r in v)
                   for k in ("pages_per_s_crawl", "pages_per_s", "server_cpu_s", "peak_tree_rss_mb", "cpu_s_children")}
               for w, v in by_w.items()}
        base = med.get(0)
        print()
        for w, m in med.items():
            extra = ""
            if base and w != 0:
                extra = (f" = {m['pages_per_s_crawl'] / base['pages_per_s_crawl']:.2f}x (crawl) / "
                         f"{m['pages_per_s'] / base['pages_per_s']:.2f}x (wall) of --workers 0")
            print(f"--workers {w}: median {m['pages_per_s_crawl']:.1f} pages/s crawl, {m['pages_per_s']:.1f} "
                  f"pages/s wall{extra}; median server CPU {m['server_cpu_s']:.1f} s, crawl tree CPU "
                  f"{m['cpu_s_children']:.1f} s, peak tree RSS {m['peak_tree_rss_mb']:.0f} MB")
        if base:
            per_pair = []
            for r in range(args.repeats):
                pair = {res["workers"]: res["pages_per_s_crawl"] for res in runs if res["repeat"] == r}
                per_pair.append(" ".join(f"w{w}:{pair[w] / pair[0]:.2f}x" for w in pair if w != 0))
            print("per-repeat ratios (crawl pages/s vs --workers 0 of the same repeat): " + "; ".join(per_pair))
    if rss_run:
        print(f"\n## RSS over a {args.rss_pages}-page crawl (--workers {rss_run['workers']}): "
              f"{rss_run['pages_per_s_crawl']:.1f} pages/s crawl, rows {rss_run['rows']}, "
              f"drops {rss_run['drops'] or '-'}, server CPU {rss_run['server_cpu_s']:.1f} s\n")
        print("\n".join(rss_profile(rss_run, args.rss_pages)))
    if args.json:
        args.json.write_text(json.dumps({"pages": args.pages, "runs": runs, "rss_run": rss_run}, indent=2))
        print(f"\nwrote {args.json}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
