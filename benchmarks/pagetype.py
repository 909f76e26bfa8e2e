"""Page type: is a page an article (or live blog) or not, and which type it is.

    python benchmarks/pagetype.py [--wcxb DIR] [--data DIR] [--news DIR] [--json out.json]

Pages: wcxb-dev (7 types: article, collection, documentation, forum, listing, product,
service) and, as articles, article-extraction-benchmark and news-metadata-dev. Each page
goes through `newscrawl.extract_page(html, url)`; its `page_type` is compared with the
reference. Reported per half (`_data.half`; the model in pagetype_model.json was fitted
on the tune half by fit_pagetype.py, so the check half is the honest figure):

  * article vs non-article balanced accuracy: the mean of the share of articles kept
    (article or liveblog) and the share of non-articles refused (any other type);
  * articles refused (of how many), non-articles kept;
  * exact type accuracy on wcxb-dev and the confusion table (reference rows).

trafilatura has no page type, so no peer runs here; `quality.py` reports, next to
trafilatura, what refusing costs in body F1.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from _data import (  # noqa: E402
    DEFAULT_DATA,
    DEFAULT_NEWS,
    DEFAULT_WCXB,
    HALVES,
    half,
    load_news,
    load_pages,
    load_wcxb,
)

KEPT = {"article", "liveblog"}


def _pages(args) -> list[tuple[str, str, str, str, str]]:
    """(set, id, html, url, reference type)."""
    rows = []
    pages, truth = load_wcxb(args.wcxb)
    rows += [("wcxb", key, html, truth[key]["url"] or f"https://example.org/{key}", truth[key]["page_type"])
             for key, html in pages.items()]
    pages, truth = load_pages(args.data)
    rows += [("aeb", key, html, (truth[key].get("url") if isinstance(truth[key], dict) else None)
              or f"https://example.org/{key}.html", "article") for key, html in pages.items()]
    pages, truth = load_news(args.news)
    rows += [("news", key, html, truth[key].get("url") or f"https://example.org/{key}.html", "article")
             for key, html in pages.items()]
    return rows


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--wcxb", type=Path, default=DEFAULT_WCXB)
    ap.add_argument("--data", type=Path, default=DEFAULT_DATA, help="article-extraction-benchmark folder")
    ap.add_argument("--news", type=Path, default=DEFAULT_NEWS)
    ap.add_argument("--json", type=Path)
    args = ap.parse_args(argv)

    from newscrawl import __version__, extract_page

    started = time.perf_counter()
    results = []
    for dataset, key, html, url, reference in _pages(args):
        predicted = extract_page(html, url).page_type
        results.append({"set": dataset, "id": key, "half": half(key), "reference": reference,
                        "predicted": predicted})
    seconds = time.perf_counter() - started

    print(f"# Page type — newscrawl {__version__}, {len(results)} pages, {seconds:.0f} s\n")
    print("| half | balanced accuracy | articles refused | non-articles kept | wcxb exact type |")
    print("|---|---|---|---|---|")
    summary = {}
    for which in (*HALVES, "all"):
        rows = [r for r in results if which == "all" or r["half"] == which]
        articles = [r for r in rows if r["reference"] in KEPT]
        others = [r for r in rows if r["reference"] not in KEPT]
        refused = sum(r["predicted"] not in KEPT for r in articles)
        kept = sum(r["predicted"] in KEPT for r in others)
        balanced = ((1 - refused / max(len(articles), 1)) + (1 - kept / max(len(others), 1))) / 2
        wcxb = [r for r in rows if r["set"] == "wcxb"]
        exact = sum(r["predicted"] == r["reference"] for r in wcxb) / max(len(wcxb), 1)
        summary[which] = {"balanced_accuracy": balanced, "articles": len(articles), "articles_refused": refused,
                          "non_articles": len(others), "non_articles_kept": kept, "wcxb_exact": exact}
        print(f"| {which} | {balanced:.3f} | {refused} of {len(articles)} | {kept} of {len(others)} | {exact:.3f} |")

    print("\nwcxb-dev confusion, check half (rows: reference, columns: predicted):\n")
    check = [r for r in results if r["set"] == "wcxb" and r["half"] == "check"]
    predicted_types = sorted({r["predicted"] for r in check})
    print("| reference | " + " | ".join(predicted_types) + " |")
    print("|---|" + "---|" * len(predicted_types))
    for reference in sorted({r["reference"] for r in check}):
        counts = Counter(r["predicted"] for r in check if r["reference"] == reference)
        print(f"| {reference} | " + " | ".join(str(counts.get(t, 0)) for t in predicted_types) + " |")
    if args.json:
        args.json.write_text(json.dumps({"summary": summary, "pages": results}, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
