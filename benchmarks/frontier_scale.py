"""Memory and first-request latency of `newscrawl crawl` on a site with millions of URLs.

    python benchmarks/frontier_scale.py [--sitemaps 50] [--per-sitemap 50000] [--seconds 120]

The local site (benchmarks/_sitemap_server.py) lists S x N article URLs (default
50 x 50,000 = 2.5 M) in a sitemap index. Two runs, each of the real CLI in its own
process group, peak RSS of the group sampled every 0.2 s from /proc:

1. fresh: an empty state; the crawl runs for --seconds, then gets SIGINT (a graceful
   stop). Reported: seconds from start to the first article request (server clock),
   articles written, peak RSS, and RSS over time (is it flat?).
2. known: every URL of the site is already in the state store (adopted from a generated
   Parquet file of S x N rows), so the crawl reads all sitemaps and requests nothing:
   the whole 2.5 M-URL discovery runs. Reported: its wall time, URLs skipped as known,
   peak RSS.
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import subprocess
import sys
import tempfile
import time
import urllib.request
from datetime import datetime, timezone
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(REPO))

from tests.servers.launcher import ServerProcess  # noqa: E402


def start_server(sitemaps: int, per: int) -> tuple[ServerProcess, str]:
    """benchmarks/_sitemap_server.py through the tests' one launcher (tests/servers/launcher.py)."""
    server = ServerProcess(HERE / "_sitemap_server.py", "--sitemaps", str(sitemaps), "--per-sitemap", str(per),
                           name="sitemap server").start()
    return server, server.base_url


def group_rss_mb(pgid: int) -> float:
    total = 0
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as f:
                fields = f.read().rsplit(")", 1)[1].split()
            if int(fields[2]) != pgid:      # field 5 of stat: the process group
                continue
            with open(f"/proc/{entry}/status") as f:
                for line in f:
                    if line.startswith("VmRSS:"):
                        total += int(line.split()[1])
        except (OSError, IndexError, ValueError):
            continue
    return total / 1024


def write_sites(work: Path, base: str) -> Path:
    path = work / "sites.toml"
    path.write_text(f'[sites.big]\nsitemaps = ["{base}robots.txt"]\narticle = [\'/a/\\d+/\\d+\\.html$\']\n'
                    '[sites.big.crawl]\ndownload_delay = 0\nconcurrency = 16\nautothrottle = false\n', encoding="utf-8")
    return path


def run_crawl(work: Path, sites: Path, seconds: float | None) -> dict:
    env = dict(os.environ, PYTHONPATH=str(REPO))
    cmd = [sys.executable, "-m", "newscrawl.cli", "crawl", "--sites", str(sites), "-o", str(work / "articles"),
           "--state-dir", str(work / "state"), "--workers", "2", "-q"]
    began = time.monotonic()
    proc = subprocess.Popen(cmd, cwd=work, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                            text=True, start_new_session=True)
    peak, samples = 0.0, []
    stopped = False
    while proc.poll() is None:
        rss = group_rss_mb(proc.pid)
        peak = max(peak, rss)
        samples.append((time.monotonic() - began, rss))
        if seconds is not None and not stopped and time.monotonic() - began > seconds:
            os.killpg(proc.pid, signal.SIGINT)
            stopped = True
        time.sleep(0.2)
    stderr = proc.stderr.read()
    return {"status": proc.returncode, "wall_s": time.monotonic() - began, "peak_rss_mb": peak,
            "samples": samples, "stderr": stderr}


def known_state(work: Path, base: str, sitemaps: int, per: int) -> None:
    """A published Parquet file holding every article of the site (text stub), so the
    crawl's state store adopts them all as known before it starts."""
    import pyarrow as pa

    from newscrawl.normalize import stable_hash
    from newscrawl.store.dataset import write_table_atomically
    from newscrawl.store.schema import ARTICLE_SCHEMA

    now = datetime.now(timezone.utc)
    out = work / "articles" / f"dt={now:%Y-%m-%d}"
    chunk = 500_000
    urls = (f"{base}a/{i}/{j}.html" for i in range(sitemaps) for j in range(per))
    n = 0
    while True:
        batch = [u for _, u in zip(range(chunk), urls)]
        if not batch:
            break
        ids = [stable_hash(u) for u in batch]
        table = pa.table({
            "article_id": ids, "url": batch, "final_url": batch, "canonical_url": batch,
            "domain": ["127.0.0.1"] * len(batch), "site_name": [None] * len(batch), "title": [None] * len(batch),
            "description": [None] * len(batch), "text": ["x"] * len(batch), "authors": [[]] * len(batch),
            "published_at": [None] * len(batch), "modified_at": [None] * len(batch),
            "language": [None] * len(batch), "section": [None] * len(batch), "tags": [[]] * len(batch),
            "image_url": [None] * len(batch), "paywalled": [None] * len(batch), "word_count": [1] * len(batch),
            "content_hash": [stable_hash("x")] * len(batch), "fetched_at": [now] * len(batch),
            "http_status": [200] * len(batch), "crawl_id": ["seed"] * len(batch), "extractor": ["seed"] * len(batch),
        }, schema=ARTICLE_SCHEMA)
        write_table_atomically(table, out / f"part-seed-{n:05d}.parquet")
        n += 1


def stat_line(stderr: str, label: str) -> str:
    return next((line.strip() for line in stderr.splitlines() if label in line), "")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sitemaps", type=int, default=50)
    parser.add_argument("--per-sitemap", type=int, default=50_000)
    parser.add_argument("--seconds", type=float, default=120.0, help="length of the fresh run before SIGINT")
    parser.add_argument("--skip-known", action="store_true")
    parser.add_argument("--json", type=Path)
    args = parser.parse_args()
    total = args.sitemaps * args.per_sitemap
    results = {}
    with tempfile.TemporaryDirectory(prefix="newscrawl-scale-") as tmp:
        server, base = start_server(args.sitemaps, args.per_sitemap)
        try:
            work = Path(tmp) / "fresh"
            work.mkdir()
            fresh = run_crawl(work, write_sites(work, base), args.seconds)
            stats = json.load(urllib.request.urlopen(base + "stats"))
            first = stats["first_article_at"]
            results["fresh"] = {**{k: v for k, v in fresh.items() if k != "stderr"},
                                "first_article_request_s": first, "server": stats}
            quarter = [rss for t, rss in fresh["samples"] if t < fresh["wall_s"] / 4]
            last = [rss for t, rss in fresh["samples"] if t > fresh["wall_s"] * 3 / 4]
            print(f"fresh crawl of a {total:,}-URL sitemap index, SIGINT after {args.seconds:.0f} s:")
            print(f"  first article request   {first:.1f} s after the server started "
                  f"(first sitemap request {stats['first_sitemap_at']:.1f} s)")
            print(f"  article requests        {stats['article_requests']:,}; sitemaps read {stats['sitemap_requests']}")
            print(f"  {stat_line(fresh['stderr'], 'articles written')}")
            print(f"  peak RSS (process group) {fresh['peak_rss_mb']:.0f} MB; max in first quarter "
                  f"{max(quarter, default=0):.0f} MB, in last quarter {max(last, default=0):.0f} MB")
            print(f"  exit status {fresh['status']} (1 = stopped by SIGINT, as intended)")
        finally:
            server.stop()
        if not args.skip_known:
            server, base = start_server(args.sitemaps, args.per_sitemap)
            try:
                work = Path(tmp) / "known"
                work.mkdir()
                began = time.monotonic()
                known_state(work, base, args.sitemaps, args.per_sitemap)
                seeded = time.monotonic() - began
                known = run_crawl(work, write_sites(work, base), None)
                stats = json.load(urllib.request.urlopen(base + "stats"))
                results["known"] = {**{k: v for k, v in known.items() if k != "stderr"}, "server": stats}
                print(f"incremental crawl, all {total:,} URLs already stored (seed file written in {seeded:.0f} s):")
                print(f"  wall {known['wall_s']:.0f} s (adopting the seed file and reading {stats['sitemap_requests']} sitemaps), "
                      f"article requests {stats['article_requests']}")
                print(f"  {stat_line(known['stderr'], 'known, not refetched')}")
                print(f"  peak RSS (process group) {known['peak_rss_mb']:.0f} MB; exit status {known['status']}")
            finally:
                server.stop()
    if args.json:
        args.json.write_text(json.dumps(results, indent=1, default=str))


if __name__ == "__main__":
    main()
