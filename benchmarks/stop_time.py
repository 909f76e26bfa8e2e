"""How long a Ctrl-C takes: SIGINT to the process group of a running `newscrawl scrape`.

    python benchmarks/stop_time.py [--repeats 5] [--pages 2000]

Each repeat scrapes --pages local article pages (benchmarks/_sitemap_server.py) with
`--workers 2`, waits until the server has answered 100 article requests, sends SIGINT to
the whole process group (as a terminal does) and measures the time until the process
exits; then the same with SIGTERM. Prints each time, the median, the exit statuses
(1 expected) and whether the summary was printed.
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(REPO))

from tests.servers.launcher import ServerProcess  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--pages", type=int, default=2000)
    args = parser.parse_args()
    server = ServerProcess(HERE / "_sitemap_server.py", "--sitemaps", "1", "--per-sitemap", str(args.pages),
                           name="sitemap server").start()
    base = server.base_url
    results: dict[str, list[tuple[float, int, bool]]] = {"SIGINT": [], "SIGTERM": []}
    try:
        with tempfile.TemporaryDirectory(prefix="newscrawl-stop-") as tmp:
            for repeat in range(args.repeats):
                for name, signum in (("SIGINT", signal.SIGINT), ("SIGTERM", signal.SIGTERM)):
                    run = len(results["SIGINT"]) + len(results["SIGTERM"])
                    part = Path(tmp) / f"urls-{run}.txt"
                    part.write_text("\n".join(f"{base}a/{run}/{j}.html" for j in range(args.pages)))
                    before = json.load(urllib.request.urlopen(base + "stats"))["article_requests"]
                    proc = subprocess.Popen(
                        [sys.executable, "-m", "newscrawl.cli", "scrape", "--input", str(part), "-o",
                         str(Path(tmp) / "out"), "--workers", "2", "-s", "DOWNLOAD_DELAY=0",
                         "-s", "AUTOTHROTTLE_ENABLED=False"],
                        cwd=tmp, env=dict(os.environ, PYTHONPATH=str(REPO)), stdout=subprocess.DEVNULL,
                        stderr=subprocess.PIPE, text=True, start_new_session=True)
                    while json.load(urllib.request.urlopen(base + "stats"))["article_requests"] - before < 100:
                        time.sleep(0.02)
                    sent = time.monotonic()
                    os.killpg(proc.pid, signum)
                    _, stderr = proc.communicate(timeout=300)
                    took = time.monotonic() - sent
                    results[name].append((took, proc.returncode, "articles written" in stderr))
                    print(f"{name} repeat {repeat + 1}: {took:.2f} s, exit {proc.returncode}, "
                          f"summary {'printed' if 'articles written' in stderr else 'MISSING'}", flush=True)
    finally:
        server.stop()
    for name, rows in results.items():
        times = [t for t, _, _ in rows]
        print(f"{name}: median {statistics.median(times):.2f} s (min {min(times):.2f}, max {max(times):.2f}); "
              f"exit statuses {sorted({s for _, s, _ in rows})}; summary printed {sum(p for _, _, p in rows)}/{len(rows)}")


if __name__ == "__main__":
    main()
