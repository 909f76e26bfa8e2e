#!/usr/bin/env python3
"""Fit the page-type model (`newscrawl/extraction/pagetype_model.json`) on the tune half.

    python benchmarks/fit_pagetype.py [--features-cache FILE] [--l2 0.001] [--recall 0.99]
                                      [--write] [--wcxb DIR] [--data DIR] [--news DIR]

Training pages: the tune half (`_data.half`) of wcxb-dev (7 page types) and, as articles,
the tune halves of article-extraction-benchmark and news-metadata-dev. Features are the
ones `newscrawl.extraction.core.page_features` computes (see `pagetype.py`).

Model: softmax (multinomial logistic) regression over the 7 types, no feature scaling
(features are about 0..1, so a weight reads as "how much this feature moves the type"),
L2 penalty --l2, classes weighted to equal total weight, full-batch gradient descent
(numpy, at fit time only; inference is plain Python). The article threshold is the
highest P(article) cut that keeps --recall of the tune half's article pages (a news
crawler must not lose articles), capped at 0.5, read from out-of-fold probabilities
(5-fold cross-validation inside the tune half).

Prints the fit's figures on the tune half and on the check half (never used for the
fit); `--write` stores the model.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
import warnings
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from _data import (  # noqa: E402
    DEFAULT_DATA,
    DEFAULT_NEWS,
    DEFAULT_WCXB,
    half,
    load_news,
    load_pages,
    load_wcxb,
)

FOLDS = 5
CLASSES = ("article", "forum", "product", "collection", "listing", "documentation", "service")


def collect(args) -> list[dict]:
    """[{id, set, half, label, features}] for every page of the three sets (cached)."""
    if args.features_cache and args.features_cache.exists():
        return json.loads(args.features_cache.read_text())
    from newscrawl.extraction.core import page_features

    rows = []
    sets = [("wcxb", load_wcxb(args.wcxb), lambda t: t["page_type"], lambda t: t["url"]),
            ("aeb", load_pages(args.data), lambda t: "article", lambda t: t.get("url")),
            ("news", load_news(args.news), lambda t: "article", lambda t: t["url"])]
    for name, (pages, truth), label_of, url_of in sets:
        for key, html in pages.items():
            features = page_features(html, url_of(truth[key]) or "") or {}
            rows.append({"id": key, "set": name, "half": half(key), "label": label_of(truth[key]),
                         "features": features})
    if args.features_cache:
        args.features_cache.write_text(json.dumps(rows))
    return rows


def fit(X, y, n_classes, l2, weights, steps=4000, lr=0.5):
    import numpy as np

    n, d = X.shape
    W = np.zeros((n_classes, d))
    b = np.zeros(n_classes)
    Y = np.eye(n_classes)[y]
    sw = weights / weights.sum()
    for _ in range(steps):
        Z = X @ W.T + b
        Z -= Z.max(axis=1, keepdims=True)
        P = np.exp(Z)
        P /= P.sum(axis=1, keepdims=True)
        G = (P - Y) * sw[:, None]
        W -= lr * (G.T @ X + l2 * W)
        b -= lr * G.sum(axis=0)
    return W, b


def predict(model: dict, features: dict, body_chars: float) -> str:
    from newscrawl.extraction.pagetype import PageTypeModel, classify

    m = PageTypeModel(tuple(model["classes"]), tuple(model["features"]), tuple(map(tuple, model["weights"])),
                      tuple(model["bias"]), float(model["article_threshold"]))
    return classify(features, body_chars=int(body_chars), model=m)[0]


def report(rows, model, title):
    from newscrawl.extraction.pagetype import KEPT_TYPES

    print(f"\n## {title}\n")
    for hname in ("tune", "check", "all"):
        sub = [r for r in rows if hname == "all" or r["half"] == hname]
        wc = [r for r in sub if r["set"] == "wcxb"]
        pred = {id(r): predict(model, r["features"], r["features"].get("_body_chars", 0)) for r in sub}
        arts = [r for r in wc if r["label"] == "article"]
        non = [r for r in wc if r["label"] != "article"]
        tpr = sum(pred[id(r)] in KEPT_TYPES for r in arts) / max(1, len(arts))
        tnr = sum(pred[id(r)] not in KEPT_TYPES for r in non) / max(1, len(non))
        news = [r for r in sub if r["set"] != "wcxb"]
        news_kept = sum(pred[id(r)] in KEPT_TYPES for r in news)
        exact = sum(pred[id(r)] == r["label"] for r in non) / max(1, len(non))
        print(f"{hname}: wcxb balanced accuracy {(tpr + tnr) / 2:.3f} (articles kept {tpr:.3f} of {len(arts)}, "
              f"non-articles refused {tnr:.3f} of {len(non)}, non-article type exact {exact:.3f}); "
              f"AEB+news articles kept {news_kept} of {len(news)}")


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--data", type=Path, default=DEFAULT_DATA)
    ap.add_argument("--wcxb", type=Path, default=DEFAULT_WCXB)
    ap.add_argument("--news", type=Path, default=DEFAULT_NEWS)
    ap.add_argument("--features-cache", type=Path, help="JSON file keeping the computed features between runs")
    ap.add_argument("--l2", type=float, default=0.001)
    ap.add_argument("--recall", type=float, default=0.99, help="share of tune article pages to keep")
    ap.add_argument("--write", action="store_true", help="write newscrawl/extraction/pagetype_model.json")
    args = ap.parse_args(argv)
    warnings.filterwarnings("ignore")
    import logging
    logging.disable(logging.CRITICAL)
    import numpy as np

    from newscrawl.extraction.pagetype import MODEL_PATH

    rows = collect(args)
    names = sorted({k for r in rows for k in r["features"] if not k.startswith("_")})
    train = [r for r in rows if r["half"] == "tune" and r["label"] in CLASSES]
    X = np.array([[r["features"].get(k, 0.0) for k in names] for r in train])
    y = np.array([CLASSES.index(r["label"]) for r in train])
    counts = np.bincount(y, minlength=len(CLASSES))
    weights = np.array([1.0 / counts[c] for c in y])
    W, b = fit(X, y, len(CLASSES), args.l2, weights)

    # The threshold comes from out-of-fold probabilities (5 folds of the tune half, by
    # page id), not from the fit's own, which are overconfident on the pages it saw.
    folds = np.array([int(hashlib.sha1(r["id"].encode()).hexdigest(), 16) // 2 % FOLDS for r in train])
    oof = np.zeros(len(train))
    for k in range(FOLDS):
        fit_idx, out_idx = folds != k, folds == k
        Wk, bk = fit(X[fit_idx], y[fit_idx], len(CLASSES), args.l2, weights[fit_idx])
        Zk = X[out_idx] @ Wk.T + bk
        Zk -= Zk.max(axis=1, keepdims=True)
        oof[out_idx] = (np.exp(Zk) / np.exp(Zk).sum(axis=1, keepdims=True))[:, 0]
    p_art = np.sort(oof[y == 0])
    cut = p_art[int(np.floor((1 - args.recall) * len(p_art)))]
    threshold = float(min(0.5, cut - 1e-6))
    model = {"classes": list(CLASSES), "features": names,
             "weights": [[round(float(w), 4) for w in row] for row in W], "bias": [round(float(v), 4) for v in b],
             "article_threshold": round(threshold, 4),
             "fitted_on": "tune half of wcxb-dev, article-extraction-benchmark, news-metadata-dev",
             "l2": args.l2, "article_recall_target": args.recall}
    print(f"# page-type model: {len(names)} features, {len(train)} tune pages "
          f"({dict(zip(CLASSES, counts.tolist()))}), article threshold {threshold:.3f}")
    report(rows, model, "article vs not (wcxb), and the AEB/news articles kept")
    print("\nLargest weights per class:")
    for c, row in zip(CLASSES, W):
        top = sorted(zip(row, names), key=lambda t: -abs(t[0]))[:8]
        print(f"  {c}: " + ", ".join(f"{n} {w:+.2f}" for w, n in top))
    if args.write:
        MODEL_PATH.write_text(json.dumps(model, indent=1) + "\n", encoding="utf-8")
        print(f"\nwrote {MODEL_PATH}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
