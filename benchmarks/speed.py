#!/usr/bin/env python3
"""Extraction speed on the 181 benchmark pages, then a cProfile of newscrawl.extract.

    python benchmarks/speed.py [--data DIR] [--rounds 3] [--no-profile] [--top 15] [--json out.json]

Timing: all pages are decompressed and decoded (UTF-8 str) into memory first. One warm-up
call of each extractor on the first page is not counted. Then, for each of --rounds rounds,
every page is extracted once by each extractor, interleaved page by page (the order of the two
extractors alternates between rounds), timed with time.perf_counter(). Reported: median ms over
all pages x rounds samples, mean ms, p90 ms, total s per round, and the ratio newscrawl / trafilatura.

  * newscrawl:   newscrawl.extract(html, url=url)  -> Article (body + all metadata:
                 JSON-LD/extruct, htmldate, language, authors, cleaning, ...)
  * trafilatura: trafilatura.extract(html, url=url) with library defaults (body text only;
                 trafilatura still extracts its own metadata internally).

Profile: cProfile over one pass of newscrawl.extract on all pages. Printed: self time
(tottime) summed per package group (the groups add up to the profiled total), and the top
functions by cumulative time with their group.
"""

from __future__ import annotations

import argparse
import cProfile
import json
import pstats
import statistics
import sys
import time
import warnings
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from _data import DEFAULT_DATA, load_pages  # noqa: E402

GROUPS = [  # (group, substrings of the file path); first match wins
    ("extruct / JSON-LD, microdata, OG", ("/extruct/", "/jstyleson", "/mf2py/", "/rdflib", "/pyrdfa", "/html_text/")),
    ("htmldate (dates)", ("/htmldate/", "/dateparser/", "/dateutil/")),
    ("language detection", ("/py3langid/", "/langid", "/lingua", "/fasttext", "/langdetect")),
    ("trafilatura", ("/trafilatura/", "/justext/", "/courlan/")),
    ("charset / decoding", ("/w3lib/", "/charset_normalizer/", "/chardet", "/encodings/", "/cchardet", "/faust_cchardet")),
    ("numpy", ("/numpy/",)),
    ("lxml", ("/lxml/",)),
    ("newscrawl.extraction (our cleaning etc.)", ("/newscrawl/",)),
    ("regex / re", ("/re/", "/sre_", "/regex/")),
]


def group_of(filename: str, funcname: str) -> str:
    fn = filename.replace("\\", "/")
    for group, keys in GROUPS:
        if any(k in fn for k in keys):
            if group == "newscrawl.extraction (our cleaning etc.)":
                return "newscrawl." + fn.rsplit("/newscrawl/", 1)[1].removesuffix(".py").replace("/", ".")
            return group
    if filename == "~":  # C builtins: attribute by name
        if "lxml" in funcname:
            return "lxml"
        if "re.Pattern" in funcname or "_sre" in funcname:
            return "regex / re"
        return "builtins (unattributed C calls)"
    return "other python"


def time_extractors(pages, truth, rounds):
    import trafilatura

    from newscrawl import extract

    fns = {
        "newscrawl": lambda h, u: extract(h, url=u),
        "trafilatura": lambda h, u: trafilatura.extract(h, url=u),
    }
    first = next(iter(pages))
    for fn in fns.values():  # warm-up (lazy imports, caches), not counted
        fn(pages[first], truth[first].get("url"))
    samples = {name: [] for name in fns}
    round_totals = {name: [] for name in fns}
    order = list(fns)
    for r in range(rounds):
        totals = dict.fromkeys(fns, 0.0)
        for key, html in pages.items():
            url = truth[key].get("url")
            for name in (order if r % 2 == 0 else order[::-1]):
                t0 = time.perf_counter()
                fns[name](html, url)
                dt = time.perf_counter() - t0
                samples[name].append(dt * 1000)
                totals[name] += dt
        for name in fns:
            round_totals[name].append(totals[name])
    return samples, round_totals


def profile_newscrawl(pages, truth, top):
    from newscrawl import extract

    prof = cProfile.Profile()
    prof.enable()
    for key, html in pages.items():
        extract(html, url=truth[key].get("url"))
    prof.disable()
    st = pstats.Stats(prof)
    total = st.total_tt
    by_group: dict[str, float] = {}
    rows = []
    for (filename, line, func), (cc, nc, tt, ct, callers) in st.stats.items():
        g = group_of(filename, func)
        by_group[g] = by_group.get(g, 0.0) + tt
        rows.append((ct, tt, nc, g, f"{Path(filename).name}:{line}({func})" if filename != "~" else func))
    rows.sort(reverse=True)
    return total, by_group, rows[:top], st


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--data", type=Path, default=DEFAULT_DATA)
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--top", type=int, default=15)
    ap.add_argument("--no-profile", action="store_true")
    ap.add_argument("--json", type=Path)
    args = ap.parse_args(argv)

    warnings.filterwarnings("ignore")
    import logging
    logging.disable(logging.CRITICAL)
    import trafilatura

    import newscrawl

    pages, truth = load_pages(args.data)
    samples, round_totals = time_extractors(pages, truth, args.rounds)

    print(f"# Extraction speed — {len(pages)} pages x {args.rounds} rounds, interleaved "
          f"(newscrawl {newscrawl.__version__}, trafilatura {trafilatura.__version__}, Python {sys.version.split()[0]})\n")
    print("| extractor | median ms/page | mean ms/page | p90 ms/page | s per round (min–max) |")
    print("|---|---|---|---|---|")
    stats = {}
    for name, s in samples.items():
        q = statistics.quantiles(s, n=10)
        stats[name] = {"median_ms": statistics.median(s), "mean_ms": statistics.mean(s), "p90_ms": q[8],
                       "round_s": round_totals[name]}
        print(f"| {name} | {stats[name]['median_ms']:.1f} | {stats[name]['mean_ms']:.1f} | {q[8]:.1f} "
              f"| {min(round_totals[name]):.2f}–{max(round_totals[name]):.2f} |")
    ratio_med = stats["newscrawl"]["median_ms"] / stats["trafilatura"]["median_ms"]
    ratio_mean = stats["newscrawl"]["mean_ms"] / stats["trafilatura"]["mean_ms"]
    # per-page ratio: median over pages of (median newscrawl ms / median trafilatura ms) for that page
    n = len(pages)
    per_page = []
    for i in range(n):
        a = statistics.median(samples["newscrawl"][i::n])
        b = statistics.median(samples["trafilatura"][i::n])
        per_page.append(a / b)
    ratio_pp = statistics.median(per_page)
    print(f"\nratio newscrawl / trafilatura: {ratio_med:.2f}x (medians), {ratio_mean:.2f}x (means), "
          f"{ratio_pp:.2f}x (median of per-page ratios)")
    stats["ratio"] = {"median": ratio_med, "mean": ratio_mean, "per_page_median": ratio_pp}

    if not args.no_profile:
        total, by_group, top_rows, _ = profile_newscrawl(pages, truth, args.top)
        print(f"\n## cProfile of newscrawl.extract, one pass over {n} pages: {total:.2f} s "
              f"(profiler overhead inflates this vs the timings above)\n")
        print("Self time (tottime) per group — sums to the total:\n")
        print("| group | self s | share |")
        print("|---|---|---|")
        for g, t in sorted(by_group.items(), key=lambda kv: -kv[1]):
            if t / total >= 0.005:
                print(f"| {g} | {t:.2f} | {100 * t / total:.1f}% |")
        rest = sum(t for t in by_group.values() if t / total < 0.005)
        print(f"| (groups < 0.5% each) | {rest:.2f} | {100 * rest / total:.1f}% |")
        print(f"\nTop {args.top} functions by cumulative time (includes callees; nested, so they overlap):\n")
        print("| cumulative s | % | self s | calls | group | function |")
        print("|---|---|---|---|---|---|")
        for ct, tt, nc, g, name in top_rows:
            print(f"| {ct:.2f} | {100 * ct / total:.0f}% | {tt:.2f} | {nc} | {g} | `{name}` |")
        stats["profile"] = {"total_s": total, "self_s_by_group": by_group,
                            "top_cumulative": [{"cum_s": r[0], "self_s": r[1], "calls": r[2], "group": r[3],
                                                "function": r[4]} for r in top_rows]}
    if args.json:
        args.json.write_text(json.dumps(stats, indent=2))
        print(f"\nwrote {args.json}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
