#!/usr/bin/env python3
"""Extraction quality on scrapinghub/article-extraction-benchmark (181 pages).

    python benchmarks/quality.py [--data DIR] [--n-bootstrap 1000] [--seed 0] [--json out.json]

Scores, in one run, on the same pages:
  * newscrawl       newscrawl.extract(html, url).text   (None -> "" i.e. nothing extracted)
  * trafilatura     trafilatura.extract(html, url=url)  (library defaults)
  * trafilatura_fp  trafilatura.extract(html, url=url, favor_precision=True)
  * trafilatura_nc, trafilatura_nc_fp: the same with include_comments=False, which is what
    upstream's extractors/run_trafilatura.py uses (library default: include_comments=True);
    these reproduce the published anchors (F1 0.960 / 0.964).

The metric re-implements upstream's evaluate.py (MIT, scrapinghub/article-extraction-benchmark):
  * tokens: regex \\w+ (re.UNICODE | MULTILINE | IGNORECASE | DOTALL), case kept;
  * per document: multiset of 4-token shingles of truth and prediction; tp = sum of min counts,
    fp/fn = surplus counts; (tp, fp, fn) normalised to sum 1 so every page weighs the same;
    (a text of < 4 tokens gives one shorter shingle; an empty text gives none);
  * precision = mean over documents with tp+fp > 0 of the per-doc precision (1 if fp == fn == 0),
    recall    = mean over documents with tp+fn > 0 of the per-doc recall,
    F1        = harmonic mean of those two means (not a mean of per-doc F1s);
  * accuracy  = share of documents whose token list equals the truth's token list exactly;
  * "± x" = standard deviation of the metric over n bootstrap resamples of the documents.
Bootstrap uses random.Random(seed) (upstream uses the unseeded global RNG), so reruns are identical.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import statistics
import sys
import time
import warnings
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from _data import DEFAULT_DATA, load_pages  # noqa: E402

# ---------------------------------------------------------------- metric (upstream evaluate.py)

_TOKEN_RE = re.compile(r"\w+", re.UNICODE | re.MULTILINE | re.IGNORECASE | re.DOTALL)


def tokenize(text: str | None) -> list[str]:
    return _TOKEN_RE.findall(text or "")


def ngrams(text: str | None, n: int = 4) -> list[tuple[str, ...]]:
    tokens = tokenize(text)
    out = []
    for i in range(0, max(1, len(tokens) - n + 1)):
        shingle = tuple(tokens[i:i + n])
        if shingle:
            out.append(shingle)
    return out


def shingle_matching(true: str, pred: str, n: int = 4) -> tuple[float, float, float]:
    t, p = Counter(ngrams(true, n)), Counter(ngrams(pred, n))
    tp = fp = fn = 0.0
    for key in set(t) | set(p):
        tc, pc = t.get(key, 0), p.get(key, 0)
        tp += min(tc, pc)
        fp += max(0, pc - tc)
        fn += max(0, tc - pc)
    s = tp + fp + fn
    if s > 0:
        tp, fp, fn = tp / s, fp / s, fn / s
    return tp, fp, fn


def precision_score(tp, fp, fn):
    if fp == fn == 0:
        return 1.0
    if tp == fp == 0:
        return 0.0
    return tp / (tp + fp)


def recall_score(tp, fp, fn):
    if fp == fn == 0:
        return 1.0
    if tp == fn == 0:
        return 0.0
    return tp / (tp + fn)


def doc_f1(tp, fp, fn):
    p, r = precision_score(tp, fp, fn), recall_score(tp, fp, fn)
    return 0.0 if p + r == 0 else 2 * p * r / (p + r)


def metrics_from(tp_fp_fns):
    precision = statistics.mean([precision_score(*x) for x in tp_fp_fns if x[0] + x[1] > 0])
    recall = statistics.mean([recall_score(*x) for x in tp_fp_fns if x[0] + x[2] > 0])
    return {"f1": 2 * precision * recall / (precision + recall), "precision": precision, "recall": recall}


def evaluate(truth: dict, pred: dict, n_bootstrap: int, rng: random.Random) -> dict:
    keys = list(truth)
    tp_fp_fns, accs = [], []
    for key in keys:
        t, p = truth[key].get("articleBody", "") or "", pred.get(key) or ""
        tp_fp_fns.append(shingle_matching(t, p))
        accs.append(float(tokenize(t) == tokenize(p)))
    m = metrics_from(tp_fp_fns)
    m["accuracy"] = statistics.mean(accs)
    boot: dict[str, list[float]] = {}
    n = len(keys)
    for _ in range(n_bootstrap):
        idx = [rng.randint(0, n - 1) for _ in range(n)]
        bm = metrics_from([tp_fp_fns[i] for i in idx])
        bm["accuracy"] = statistics.mean([accs[i] for i in idx])
        for k, v in bm.items():
            boot.setdefault(k, []).append(v)
    for k, vals in boot.items():
        m[f"{k}_std"] = statistics.stdev(vals)
    m["per_doc"] = {
        key: {"f1": doc_f1(*x), "precision": precision_score(*x), "recall": recall_score(*x),
              "tp": x[0], "fp": x[1], "fn": x[2]}
        for key, x in zip(keys, tp_fp_fns)
    }
    return m


# ---------------------------------------------------------------- extractors

def run_extractors(pages: dict[str, str], truth: dict) -> tuple[dict[str, dict], dict[str, dict]]:
    import trafilatura

    from newscrawl import extract

    outputs: dict[str, dict] = {"newscrawl": {}, "trafilatura": {}, "trafilatura_fp": {},
                                "trafilatura_nc": {}, "trafilatura_nc_fp": {}}
    info: dict[str, dict] = {k: {"seconds": 0.0, "none": 0} for k in outputs}
    fns = {
        "newscrawl": lambda h, u: (lambda a: a.text if a is not None else None)(extract(h, url=u)),
        "trafilatura": lambda h, u: trafilatura.extract(h, url=u),
        "trafilatura_fp": lambda h, u: trafilatura.extract(h, url=u, favor_precision=True),
        # upstream's extractors/run_trafilatura.py passes include_comments=False (the library
        # default is True); these two rows reproduce the published figures.
        "trafilatura_nc": lambda h, u: trafilatura.extract(h, url=u, include_comments=False),
        "trafilatura_nc_fp": lambda h, u: trafilatura.extract(h, url=u, include_comments=False,
                                                              favor_precision=True),
    }
    for key, html in pages.items():
        url = truth[key].get("url")
        for name, fn in fns.items():  # interleaved: same page, all extractors, then next page
            t0 = time.perf_counter()
            out = fn(html, url)
            info[name]["seconds"] += time.perf_counter() - t0
            if out is None:
                info[name]["none"] += 1
            outputs[name][key] = out or ""
    return outputs, info


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--data", type=Path, default=DEFAULT_DATA)
    ap.add_argument("--n-bootstrap", type=int, default=1000)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--worst", type=int, default=10)
    ap.add_argument("--json", type=Path, help="write metrics (and per-document scores) here")
    args = ap.parse_args(argv)

    warnings.filterwarnings("ignore")
    import logging
    logging.disable(logging.CRITICAL)

    import trafilatura

    import newscrawl

    pages, truth = load_pages(args.data)
    outputs, info = run_extractors(pages, truth)

    results = {}
    for name in outputs:
        # one RNG per extractor with the same seed: all three get the same bootstrap resamples
        results[name] = evaluate(truth, outputs[name], args.n_bootstrap, random.Random(args.seed))

    print(f"# Extraction quality — {len(pages)} pages, {args.data}")
    print(f"newscrawl {newscrawl.__version__}, trafilatura {trafilatura.__version__}, "
          f"bootstrap n={args.n_bootstrap} seed={args.seed}\n")
    print("| extractor | F1 | precision | recall | accuracy | no output | extract s (total) |")
    print("|---|---|---|---|---|---|---|")
    labels = {"newscrawl": "newscrawl.extract(...).text",
              "trafilatura": "trafilatura.extract defaults",
              "trafilatura_fp": "trafilatura.extract favor_precision=True",
              "trafilatura_nc": "trafilatura.extract include_comments=False (upstream's config)",
              "trafilatura_nc_fp": "trafilatura.extract include_comments=False, favor_precision=True"}
    for name, m in results.items():
        print(f"| {labels[name]} | {m['f1']:.3f} ± {m['f1_std']:.3f} | {m['precision']:.3f} ± {m['precision_std']:.3f} "
              f"| {m['recall']:.3f} ± {m['recall_std']:.3f} | {m['accuracy']:.3f} ± {m['accuracy_std']:.3f} "
              f"| {info[name]['none']} | {info[name]['seconds']:.1f} |")

    # paired bootstrap of the F1 difference newscrawl - each trafilatura variant
    nc = [(d["tp"], d["fp"], d["fn"]) for d in results["newscrawl"]["per_doc"].values()]
    print("\nPaired bootstrap, newscrawl minus other (mean ± std of the difference):\n")
    print("| other | ΔF1 | Δprecision | Δrecall |")
    print("|---|---|---|---|")
    for other in ("trafilatura", "trafilatura_fp", "trafilatura_nc", "trafilatura_nc_fp"):
        ot = [(d["tp"], d["fp"], d["fn"]) for d in results[other]["per_doc"].values()]
        rng = random.Random(args.seed)
        diffs: dict[str, list[float]] = {}
        n = len(nc)
        for _ in range(args.n_bootstrap):
            idx = [rng.randint(0, n - 1) for _ in range(n)]
            a, b = metrics_from([nc[i] for i in idx]), metrics_from([ot[i] for i in idx])
            for k in a:
                diffs.setdefault(k, []).append(a[k] - b[k])
        results["newscrawl"].setdefault("diff_vs", {})[other] = {
            k: {"mean": statistics.mean(v), "std": statistics.stdev(v)} for k, v in diffs.items()}
        cells = " | ".join(f"{statistics.mean(diffs[k]):+.3f} ± {statistics.stdev(diffs[k]):.3f}"
                           for k in ("f1", "precision", "recall"))
        print(f"| {other} | {cells} |")

    per_doc = results["newscrawl"]["per_doc"]
    worst = sorted(per_doc.items(), key=lambda kv: (kv[1]["f1"], kv[0]))[:args.worst]
    print(f"\n## {args.worst} worst newscrawl documents by per-document F1\n")
    print("| id | url | F1 | precision | recall | trafilatura F1 | no output |")
    print("|---|---|---|---|---|---|---|")
    for key, d in worst:
        tf = results["trafilatura"]["per_doc"][key]["f1"]
        empty = "yes" if not outputs["newscrawl"][key] else ""
        print(f"| {key[:16]}… | {truth[key].get('url', '')} | {d['f1']:.3f} | {d['precision']:.3f} "
              f"| {d['recall']:.3f} | {tf:.3f} | {empty} |")

    if args.json:
        payload = {
            "data": str(args.data), "pages": len(pages), "n_bootstrap": args.n_bootstrap, "seed": args.seed,
            "versions": {"newscrawl": newscrawl.__version__, "trafilatura": trafilatura.__version__},
            "results": {name: {**m, **info[name]} for name, m in results.items()},
            "worst_newscrawl": [{"id": k, **d} for k, d in worst],
        }
        args.json.write_text(json.dumps(payload, indent=2, sort_keys=True))
        print(f"\nwrote {args.json}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
