#!/usr/bin/env python3
"""Body extraction quality on the three development sets, newscrawl next to trafilatura.

    python benchmarks/quality.py [--sets aeb,wcxb,news] [--n-bootstrap 1000] [--seed 0]
                                 [--worst 10] [--json out.json] [--cache FILE]
                                 [--data DIR] [--wcxb DIR] [--news DIR]

One run scores, on the same pages:
  * newscrawl        newscrawl.extract(html, url).text (None, i.e. "not an article", -> "");
  * newscrawl_all    extract_page(html, url, keep_all=True).article.text: the text of every
                     page whatever its type (wcxb only: the body figure of non-article types);
  * trafilatura      trafilatura.extract(html, url=url) (library defaults);
  * trafilatura_nc   the same with include_comments=False (upstream AEB's configuration);
  * AEB only: trafilatura_fp, trafilatura_nc_fp (favor_precision=True), the published anchors.

Data sets and metrics (each figure is printed for the tune half, the check half and all
pages; the split is `_data.half`):
  * AEB (article-extraction-benchmark, 181 pages): upstream's evaluate.py metric, 4-token
    shingles (see below), twice: the text as extracted, and the text without a first
    paragraph equal to the description ("lede removed": the ground truth leaves
    standfirsts out, newscrawl keeps a lede that opens the story);
  * wcxb-dev (1,497 pages, 7 page types): the benchmark's word metric (tokens
    re.findall(r"\\w+", text.lower()), multiset overlap, per-page P/R/F1, mean over pages;
    an empty reference scores 1 only for an empty prediction), per page type and over
    article pages, with the number of article pages returned as None;
  * news-metadata-dev (129 news pages): body with the AEB shingle metric, both ways like
    AEB, and how often `description` is the page's standfirst.

AEB shingle metric (re-implements upstream's evaluate.py, MIT, scrapinghub):
  * tokens: regex \\w+ (re.UNICODE | MULTILINE | IGNORECASE | DOTALL), case kept;
  * per document: multiset of 4-token shingles of truth and prediction; tp = sum of min counts,
    fp/fn = surplus counts; (tp, fp, fn) normalised to sum 1 so every page weighs the same;
  * precision = mean over documents with tp+fp > 0 of the per-doc precision (1 if fp == fn == 0),
    recall    = mean over documents with tp+fn > 0 of the per-doc recall,
    F1        = harmonic mean of those two means (not a mean of per-doc F1s);
  * accuracy  = share of documents whose token list equals the truth's token list exactly;
  * "± x" = standard deviation of the metric over n bootstrap resamples of the documents
    (random.Random(seed), so reruns are identical).

`--cache FILE` keeps trafilatura's outputs (keyed by trafilatura version, data set and page)
in a JSON file outside the repository, so reruns only extract with newscrawl.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import statistics
import sys
import time
import unicodedata
import warnings
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

ARTICLE_TYPES = ("article", "liveblog")

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
    precisions = [precision_score(*x) for x in tp_fp_fns if x[0] + x[1] > 0]
    recalls = [recall_score(*x) for x in tp_fp_fns if x[0] + x[2] > 0]
    precision = statistics.mean(precisions) if precisions else 0.0
    recall = statistics.mean(recalls) if recalls else 0.0
    f1 = 0.0 if precision + recall == 0 else 2 * precision * recall / (precision + recall)
    return {"f1": f1, "precision": precision, "recall": recall}


def evaluate(truth: dict, pred: dict, n_bootstrap: int, rng: random.Random, field: str = "articleBody") -> dict:
    keys = list(truth)
    tp_fp_fns, accs = [], []
    for key in keys:
        t, p = truth[key].get(field, "") or "", pred.get(key) or ""
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
        m[f"{k}_std"] = statistics.stdev(vals) if len(vals) > 1 else 0.0
    m["per_doc"] = {
        key: {"f1": doc_f1(*x), "precision": precision_score(*x), "recall": recall_score(*x),
              "tp": x[0], "fp": x[1], "fn": x[2]}
        for key, x in zip(keys, tp_fp_fns)
    }
    return m


# ---------------------------------------------------------------- wcxb word metric

def word_scores(reference: str, prediction: str) -> tuple[float, float, float]:
    """(precision, recall, F1) of one page by the wcxb definition."""
    ref = Counter(re.findall(r"\w+", (reference or "").lower()))
    pred = Counter(re.findall(r"\w+", (prediction or "").lower()))
    if not ref:
        return (1.0, 1.0, 1.0) if not pred else (0.0, 0.0, 0.0)
    if not pred:
        return 0.0, 0.0, 0.0
    overlap = sum((ref & pred).values())
    p, r = overlap / sum(pred.values()), overlap / sum(ref.values())
    return p, r, (0.0 if p + r == 0 else 2 * p * r / (p + r))


# ---------------------------------------------------------------- extractors

def _newscrawl_fns():
    import newscrawl

    extract_page = getattr(newscrawl, "extract_page", None)

    def run(html, url):
        """(text of extract(), text with keep_all, description, page_type) from one call."""
        if extract_page is None:  # before page types existed
            article = newscrawl.extract(html, url=url)
            text = article.text if article is not None else None
            return text, text, (article.description if article is not None else None), ""
        result = extract_page(html, url, keep_all=True)
        article = result.article
        text = article.text if article is not None else None
        kept = text if result.page_type in ARTICLE_TYPES else None
        return kept, text, (article.description if article is not None else None), result.page_type

    return run


def _trafilatura_fns(include_fp: bool):
    import trafilatura

    fns = {
        "trafilatura": lambda h, u: trafilatura.extract(h, url=u),
        "trafilatura_nc": lambda h, u: trafilatura.extract(h, url=u, include_comments=False),
    }
    if include_fp:
        fns["trafilatura_fp"] = lambda h, u: trafilatura.extract(h, url=u, favor_precision=True)
        fns["trafilatura_nc_fp"] = lambda h, u: trafilatura.extract(h, url=u, include_comments=False,
                                                                    favor_precision=True)
    return fns


class _Cache:
    def __init__(self, path: Path | None, version: str):
        self.path, self.version = path, version
        self.data = {}
        if path is not None and path.exists():
            self.data = json.loads(path.read_text(encoding="utf8"))
            if self.data.get("_version") != version:
                self.data = {}
        self.data["_version"] = version
        self.dirty = False

    def get(self, key):
        return self.data.get(key, KeyError)

    def put(self, key, value):
        self.data[key] = value
        self.dirty = True

    def save(self):
        if self.path is not None and self.dirty:
            self.path.write_text(json.dumps(self.data), encoding="utf8")


def run_set(name: str, pages: dict[str, str], urls: dict[str, str], include_fp: bool, cache: _Cache):
    """{extractor: {id: text or None}}, descriptions and page types of newscrawl, and seconds."""
    nc = _newscrawl_fns()
    tf = _trafilatura_fns(include_fp)
    out = {k: {} for k in ("newscrawl", "newscrawl_all", *tf)}
    desc, types = {}, {}
    seconds = dict.fromkeys(out, 0.0)
    for key, html in pages.items():
        url = urls[key]
        t0 = time.perf_counter()
        kept, text, description, page_type = nc(html, url)
        seconds["newscrawl"] += time.perf_counter() - t0
        out["newscrawl"][key], out["newscrawl_all"][key] = kept, text
        desc[key], types[key] = description, page_type
        for tname, fn in tf.items():
            ckey = f"{name}/{tname}/{key}"
            cached = cache.get(ckey)
            if cached is KeyError:
                t0 = time.perf_counter()
                cached = fn(html, url)
                seconds[tname] += time.perf_counter() - t0
                cache.put(ckey, cached)
            out[tname][key] = cached
    return out, desc, types, seconds


# ---------------------------------------------------------------- reports

def _halves(keys):
    groups = {h: [k for k in keys if half(k) == h] for h in HALVES}
    groups["all"] = list(keys)
    return groups


def _norm(text: str | None) -> str:
    return " ".join(unicodedata.normalize("NFC", text or "").split()).casefold()


def without_lede(text: str | None, description: str | None) -> str:
    """The text without a first paragraph that is the description (the standfirst)."""
    if not text:
        return ""
    first, _, rest = text.partition("\n")
    if description and _norm(first) == _norm(description):
        return rest
    return text


LABELS = {
    "newscrawl": "newscrawl.extract(...).text",
    "newscrawl_all": "newscrawl extract_page(keep_all=True)",
    "trafilatura": "trafilatura.extract defaults",
    "trafilatura_nc": "trafilatura.extract include_comments=False",
    "trafilatura_fp": "trafilatura.extract favor_precision=True",
    "trafilatura_nc_fp": "trafilatura.extract include_comments=False, favor_precision=True",
}


def report_shingles(title, truth, outputs, desc, field, args, results, worst_label):
    """AEB / news bodies: shingle F1 per extractor and half, newscrawl both ways."""
    keys = list(truth)
    rows = {name: outputs[name] for name in outputs if name != "newscrawl_all"}
    rows = {"newscrawl": rows.pop("newscrawl"),
            "newscrawl_lede_removed": {k: without_lede(outputs["newscrawl"][k], desc[k]) for k in keys},
            **rows}
    print(f"\n## {title}\n")
    print("| extractor | half | pages | F1 | precision | recall | accuracy | no output |")
    print("|---|---|---|---|---|---|---|---|")
    section = results.setdefault(title, {})
    for name, pred in rows.items():
        for hname, hkeys in _halves(keys).items():
            sub = {k: truth[k] for k in hkeys}
            nb = args.n_bootstrap if hname == "all" else 0
            m = evaluate(sub, pred, nb, random.Random(args.seed), field=field)
            none = sum(1 for k in hkeys if pred.get(k) is None)
            label = LABELS.get(name, "newscrawl, first paragraph = description removed")
            spread = (lambda s: f" ± {m[s]:.3f}") if nb else (lambda s: "")
            print(f"| {label} | {hname} | {len(hkeys)} | {m['f1']:.3f}{spread('f1_std')} "
                  f"| {m['precision']:.3f}{spread('precision_std')} | {m['recall']:.3f}{spread('recall_std')} "
                  f"| {m['accuracy']:.3f} | {none} |")
            section.setdefault(name, {})[hname] = {k: v for k, v in m.items() if k != "per_doc"}
            if hname == "all":
                section[name]["per_doc"] = m["per_doc"]
    per_doc = section["newscrawl"]["per_doc"]
    worst = sorted(per_doc.items(), key=lambda kv: (kv[1]["f1"], kv[0]))[:args.worst]
    if worst and args.worst:
        print(f"\n{worst_label}: {args.worst} worst newscrawl pages by per-page F1 (tune half marked *)\n")
        print("| id | F1 | precision | recall | trafilatura F1 | no output |")
        print("|---|---|---|---|---|---|")
        for key, d in worst:
            tfd = section["trafilatura"]["per_doc"][key]["f1"]
            mark = "*" if half(key) == "tune" else ""
            empty = "yes" if not outputs["newscrawl"][key] else ""
            print(f"| {key[:40]}{mark} | {d['f1']:.3f} | {d['precision']:.3f} | {d['recall']:.3f} | {tfd:.3f} | {empty} |")


def report_wcxb(truth, outputs, types, args, results):
    keys = list(truth)
    scores = {name: {k: word_scores(truth[k]["main_content"], pred.get(k) or "") for k in keys}
              for name, pred in outputs.items()}
    section = results.setdefault("wcxb", {})
    print("\n## wcxb-dev bodies (word P/R/F1, mean over pages)\n")
    print("| extractor | half | article pages F1 | P | R | article pages None | all types F1 |")
    print("|---|---|---|---|---|---|---|")
    for name in outputs:
        for hname, hkeys in _halves(keys).items():
            arts = [k for k in hkeys if truth[k]["page_type"] == "article"]
            f1 = statistics.mean(scores[name][k][2] for k in arts)
            p = statistics.mean(scores[name][k][0] for k in arts)
            r = statistics.mean(scores[name][k][1] for k in arts)
            none = sum(1 for k in arts if outputs[name].get(k) is None)
            all_f1 = statistics.mean(scores[name][k][2] for k in hkeys)
            print(f"| {LABELS[name]} | {hname} | {f1:.3f} | {p:.3f} | {r:.3f} | {none} of {len(arts)} | {all_f1:.3f} |")
            section.setdefault(name, {})[hname] = {"article_f1": f1, "article_precision": p, "article_recall": r,
                                                  "article_none": none, "articles": len(arts), "all_f1": all_f1}
    kinds = sorted({truth[k]["page_type"] for k in keys}, key=lambda t: (t != "article", t))
    print("\nPer page type, all pages (word F1):\n")
    print("| page type | pages | " + " | ".join(LABELS[n] for n in outputs) + " |")
    print("|---|---|" + "---|" * len(outputs))
    for kind in kinds:
        ks = [k for k in keys if truth[k]["page_type"] == kind]
        cells = " | ".join(f"{statistics.mean(scores[n][k][2] for k in ks):.3f}" for n in outputs)
        print(f"| {kind} | {len(ks)} | {cells} |")
        for n in outputs:
            section[n].setdefault("per_type_f1", {})[kind] = statistics.mean(scores[n][k][2] for k in ks)
    arts = [k for k in keys if truth[k]["page_type"] == "article"]
    if args.worst:
        worst = sorted(arts, key=lambda k: (scores["newscrawl"][k][2], k))[:args.worst]
        print(f"\nwcxb: {args.worst} worst newscrawl article pages (tune half marked *)\n")
        print("| id | F1 | P | R | trafilatura_nc F1 | page type given |")
        print("|---|---|---|---|---|---|")
        for k in worst:
            s = scores["newscrawl"][k]
            mark = "*" if half(k) == "tune" else ""
            print(f"| {k}{mark} | {s[2]:.3f} | {s[0]:.3f} | {s[1]:.3f} | {scores['trafilatura_nc'][k][2]:.3f} | {types.get(k, '')} |")
    section["per_doc_f1"] = {n: {k: scores[n][k][2] for k in keys} for n in outputs}


def report_descriptions(truth, desc):
    """news-metadata-dev: is `description` the standfirst when the page has one?"""
    print("\nnews-metadata-dev description vs standfirst (pages with a standfirst):\n")
    print("| half | pages | description = standfirst | description contains it | description in body |")
    print("|---|---|---|---|---|")
    out = {}
    for hname, hkeys in _halves(list(truth)).items():
        ks = [k for k in hkeys if truth[k].get("standfirst")]
        exact = sum(1 for k in ks if _norm(desc[k]) == _norm(" ".join(truth[k]["standfirst"])))
        contains = sum(1 for k in ks if _norm(truth[k]["standfirst"][0])[:60] in _norm(desc[k]))
        in_body = sum(1 for k in ks if desc[k] and _norm(desc[k])[:60] in _norm(truth[k]["body"]))
        print(f"| {hname} | {len(ks)} | {exact} | {contains} | {in_body} |")
        out[hname] = {"pages": len(ks), "exact": exact, "contains": contains, "in_body": in_body}
    return out


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--data", type=Path, default=DEFAULT_DATA, help="article-extraction-benchmark folder")
    ap.add_argument("--wcxb", type=Path, default=DEFAULT_WCXB)
    ap.add_argument("--news", type=Path, default=DEFAULT_NEWS)
    ap.add_argument("--sets", default="aeb,wcxb,news")
    ap.add_argument("--n-bootstrap", type=int, default=1000)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--worst", type=int, default=10)
    ap.add_argument("--json", type=Path, help="write metrics (and per-page scores) here")
    ap.add_argument("--cache", type=Path, help="JSON file caching trafilatura's outputs between runs")
    args = ap.parse_args(argv)

    warnings.filterwarnings("ignore")
    import logging
    logging.disable(logging.CRITICAL)

    import trafilatura

    import newscrawl

    sets = [s.strip() for s in args.sets.split(",") if s.strip()]
    cache = _Cache(args.cache, trafilatura.__version__)
    results: dict = {}
    print(f"# Extraction quality — newscrawl {newscrawl.__version__}, trafilatura {trafilatura.__version__}, "
          f"bootstrap n={args.n_bootstrap} seed={args.seed}")
    timing = {}
    if "aeb" in sets:
        pages, truth = load_pages(args.data)
        outputs, desc, _, timing["aeb"] = run_set("aeb", pages, {k: truth[k].get("url") for k in pages}, True, cache)
        report_shingles(f"AEB bodies ({len(pages)} pages, {args.data.name})", truth, outputs, desc,
                        "articleBody", args, results, "AEB")
    if "wcxb" in sets:
        pages, truth = load_wcxb(args.wcxb)
        outputs, _, types, timing["wcxb"] = run_set("wcxb", pages, {k: truth[k]["url"] for k in pages}, False, cache)
        report_wcxb(truth, outputs, types, args, results)
    if "news" in sets:
        pages, truth = load_news(args.news)
        outputs, desc, _, timing["news"] = run_set("news", pages, {k: truth[k]["url"] for k in pages}, False, cache)
        report_shingles(f"news-metadata-dev bodies ({len(pages)} pages)", truth, outputs, desc, "body",
                        args, results, "news")
        results["news_descriptions"] = report_descriptions(truth, desc)
    cache.save()
    print("\nExtraction seconds (total; cached trafilatura outputs count 0):",
          ", ".join(f"{s}: " + " ".join(f"{n} {t:.1f}" for n, t in ts.items() if n != "newscrawl_all")
                    for s, ts in timing.items()))
    if args.json:
        args.json.write_text(json.dumps({"results": results, "seconds": timing}, indent=1, sort_keys=True))
        print(f"\nwrote {args.json}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
