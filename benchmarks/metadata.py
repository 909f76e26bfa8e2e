#!/usr/bin/env python3
"""Metadata quality (headline, authors, dates, language) of newscrawl next to trafilatura.

    python benchmarks/metadata.py [--nmd DIR] [--wcxb DIR] [--only nmd|wcxb] [--worst 8]
                                  [--leads tune|check|all|none] [--no-trafilatura] [--json out.json]

Scores in one run, on the same pages:
  * newscrawl    newscrawl.extract(html, url); a page it refuses as "not an article" is scored on
                 the metadata pass alone (`newscrawl.extraction.metadata.page_metadata`, what a
                 keep-all run stores), so a body/page-type decision does not count here;
  * trafilatura  trafilatura.bare_extraction(html, url=url, with_metadata=True) with the date
                 asked with its time (htmldate outputformat "%Y-%m-%dT%H:%M:%S%z"); trafilatura
                 reports no language.

Data sets (read in place, never copied; see their READMEs):
  news-metadata-dev (129 news pages, 17 languages)
    headline   exact after NFC and whitespace normalisation;
    authors    set-F1 per page over case-folded names (a page whose reference has no author
               scores 1 for an empty answer, 0 otherwise), averaged over pages;
    minute     publication instant equal to the minute in UTC. A reference value without a zone
               is compared with the wall-clock time the page states (newscrawl keeps the page's
               own offset); a zoneless reference at exactly 00:00 is a date only and is left out
               of the minute score (day only);
    day        the same publication day: the UTC day for a zoned reference, the local day for
               a zoneless one;
    language   equal ISO 639-1 code.
  wcxb-dev (1,497 pages of 7 types)
    title      exact after NFC and whitespace normalisation (all pages; and article pages);
    author     set-F1 over case-folded names on pages whose reference names an author. The
               reference is one string: it and every predicted name are split the same way
               (",", ";", "&", " and ", "|"), and credentials after a comma (MD, Ph.D., RD, ...)
               are dropped, for both extractors alike. Pages with no author in the reference
               are reported apart: share answered with no author;
    day        the publication day (YYYY-MM-DD) equal to the page's own local day of the
               extracted time, on pages whose reference has one; pages without one are
               reported apart: share answered with no date.

Every figure is given for the tune half, the check half (int(sha1(id).hexdigest(), 16) % 2: 0 tune,
1 check) and all pages. The worst pages per field come from the tune half only (`--leads`),
so rules are tuned on one half and checked on the other.
"""

from __future__ import annotations

import argparse
import gzip
import hashlib
import json
import re
import statistics
import sys
import time
import unicodedata
import warnings
from datetime import datetime, timezone
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

DATASETS = Path(__file__).resolve().parents[2] / "shared" / "datasets"
DEFAULT_NMD = DATASETS / "news-metadata-dev"
DEFAULT_WCXB = DATASETS / "wcxb-dev"
HALVES = ("tune", "check", "all")


def half_of(page_id: str) -> str:
    return ("tune", "check")[int(hashlib.sha1(page_id.encode()).hexdigest(), 16) % 2]


# ---------------------------------------------------------------- normalisation and scores

def norm_text(value: str | None) -> str:
    if not value:
        return ""
    return " ".join(unicodedata.normalize("NFC", value).split())


def set_f1(pred: set[str], ref: set[str]) -> float:
    if not ref and not pred:
        return 1.0
    if not ref or not pred:
        return 0.0
    hits = len(pred & ref)
    if not hits:
        return 0.0
    p, r = hits / len(pred), hits / len(ref)
    return 2 * p * r / (p + r)


_NAME_SPLIT_RE = re.compile(r"\s*(?:[,;&|]|\band\b)\s*", re.IGNORECASE)
_CREDENTIAL_RE = re.compile(
    r"^(?:[A-Z]{2,6}®?|(?:[A-Z][a-z]{0,2}\.){1,3}|Ph\.?\s?D\.?|M\.?D\.?|Dr\.?|Jr\.?|Sr\.?|"
    r"[A-Z]{1,5}-[A-Z]{2,5}(?: \d+)?|[A-Z]\.[A-Z]\.(?: [A-Z]+)?)$"
)


def wcxb_names(values) -> set[str]:
    """The names of a WCXB author string (or of predicted names), split the same way."""
    out: set[str] = set()
    for value in values:
        for i, part in enumerate(_NAME_SPLIT_RE.split(value or "")):
            part = norm_text(part).strip(" .")
            if not part or (i > 0 and _CREDENTIAL_RE.match(part)):
                continue
            out.add(part.casefold())
    return out


def parse_reference_time(value: str | None) -> datetime | None:
    if not value:
        return None
    try:
        return datetime.fromisoformat(value)
    except ValueError:
        return None


def minute(value: datetime) -> tuple:
    return (value.year, value.month, value.day, value.hour, value.minute)


def score_time(pred: datetime | None, ref: datetime | None) -> tuple[float | None, float | None]:
    """(minute, day) scores of a predicted publication time against a reference."""
    if ref is None:
        return None, None
    if ref.tzinfo is None:  # zoneless reference: the wall-clock time the page states
        local = None if pred is None else pred.replace(tzinfo=None)
        date_only = (ref.hour, ref.minute, ref.second) == (0, 0, 0)
        day = float(local is not None and local.date() == ref.date())
        if date_only:
            return None, day
        return float(local is not None and minute(local) == minute(ref)), day
    if pred is None:
        return 0.0, 0.0
    if pred.tzinfo is None:
        pred = pred.replace(tzinfo=timezone.utc)
    p, r = pred.astimezone(timezone.utc), ref.astimezone(timezone.utc)
    return float(minute(p) == minute(r)), float(p.date() == r.date())


def local_day(value: datetime | None) -> str | None:
    return value.date().isoformat() if value is not None else None


# ---------------------------------------------------------------- extractors

def newscrawl_fields(html: str, url: str) -> dict:
    from newscrawl import extract
    from newscrawl.extraction import metadata

    article = extract(html, url)
    refused = article is None
    if refused:
        article = metadata.page_metadata(html, url) if hasattr(metadata, "page_metadata") else _old_pass(html, url)
    if article is None:
        return {"refused": True, "title": None, "authors": [], "published_at": None, "language": None}
    return {"refused": refused, "title": article.title, "authors": list(article.authors),
            "published_at": article.published_at, "language": article.language}


def _old_pass(html: str, url: str):
    """The metadata pass of the code before `page_metadata` existed (for before/after runs)."""
    from newscrawl.extraction.decode import strip_control_chars, to_unicode
    from newscrawl.extraction.metadata import (
        extract_metadata,
        fill_published_from_htmldate,
    )
    from newscrawl.extraction.tree import parse_html

    tree = parse_html(strip_control_chars(to_unicode(html, None)))
    if tree is None:
        return None
    md = extract_metadata(tree, url)
    fill_published_from_htmldate(md, tree, url)
    return md


def trafilatura_fields(html: str, url: str) -> dict:
    import trafilatura

    doc = trafilatura.bare_extraction(
        html, url=url, with_metadata=True,
        date_extraction_params={"extensive_search": True, "original_date": True,
                                "outputformat": "%Y-%m-%dT%H:%M:%S%z"})
    if doc is None:
        return {"title": None, "authors": [], "published_at": None, "language": None}
    published = None
    if doc.date:
        try:
            published = datetime.strptime(doc.date, "%Y-%m-%dT%H:%M:%S%z")
        except ValueError:
            try:
                published = datetime.fromisoformat(doc.date)
            except ValueError:
                published = None
    authors = [a.strip() for a in (doc.author or "").split(";") if a.strip()]
    return {"title": doc.title, "authors": authors, "published_at": published, "language": None}


def run(pages, extractors):
    """{extractor: {id: fields}}, pages interleaved, and seconds per extractor."""
    out = {name: {} for name in extractors}
    seconds = {name: 0.0 for name in extractors}
    for page_id, (html, url) in pages.items():
        for name, fn in extractors.items():
            t0 = time.perf_counter()
            try:
                out[name][page_id] = fn(html, url)
            except Exception as exc:  # a crash is a wrong answer on every field
                print(f"  ! {name} crashed on {page_id}: {exc!r}", file=sys.stderr)
                out[name][page_id] = {"title": None, "authors": [], "published_at": None, "language": None}
            seconds[name] += time.perf_counter() - t0
    return out, seconds


# ---------------------------------------------------------------- data sets

def load_nmd(data: Path):
    expected = json.loads((data / "expected.json").read_text(encoding="utf-8"))
    pages = {}
    for page_id in sorted(expected):
        with gzip.open(data / "html" / page_id, "rt", encoding="utf-8", errors="replace") as f:
            pages[page_id] = (f.read(), expected[page_id]["url"])
    return pages, expected


def load_wcxb(data: Path):
    pages, truth = {}, {}
    for path in sorted((data / "ground-truth").glob("*.json")):
        record = json.loads(path.read_text(encoding="utf-8"))
        page_id = path.stem
        gt = record.get("ground_truth", {})
        truth[page_id] = {"url": record.get("url"), "type": record["_internal"]["page_type"]["primary"],
                          "title": gt.get("title"), "author": gt.get("author"),
                          "date": gt.get("publish_date")}
        with gzip.open(data / "html" / f"{page_id}.html.gz", "rt", encoding="utf-8", errors="replace") as f:
            pages[page_id] = (f.read(), record.get("url") or "https://example.com/")
    return pages, truth


def score_nmd(pred: dict, expected: dict) -> dict:
    """{field: {id: score or None}} (None: not scored on that page)."""
    scores = {f: {} for f in ("headline", "authors", "minute", "day", "language")}
    for page_id, exp in expected.items():
        p = pred[page_id]
        scores["headline"][page_id] = float(norm_text(p["title"]) == norm_text(exp["title"]))
        scores["authors"][page_id] = set_f1({norm_text(a).casefold() for a in p["authors"]},
                                            {norm_text(a).casefold() for a in exp["authors"]})
        scores["minute"][page_id], scores["day"][page_id] = score_time(
            p["published_at"], parse_reference_time(exp["published_at"]))
        scores["language"][page_id] = None if p is None else float((p["language"] or "") == exp["language"])
    return scores


def score_wcxb(pred: dict, truth: dict) -> dict:
    scores = {f: {} for f in ("title", "title_article", "author", "author_none", "day", "day_none")}
    for page_id, t in truth.items():
        p = pred[page_id]
        if t["title"]:
            ok = float(norm_text(p["title"]) == norm_text(t["title"]))
            scores["title"][page_id] = ok
            if t["type"] == "article":
                scores["title_article"][page_id] = ok
        if t["author"]:
            scores["author"][page_id] = set_f1(wcxb_names(p["authors"]), wcxb_names([t["author"]]))
        else:
            scores["author_none"][page_id] = float(not p["authors"])
        if t["date"]:
            scores["day"][page_id] = float(local_day(p["published_at"]) == t["date"])
        else:
            scores["day_none"][page_id] = float(p["published_at"] is None)
    return scores


def summarise(scores: dict) -> dict:
    """{field: {half: (mean, n)}}."""
    out = {}
    for field, per_page in scores.items():
        out[field] = {}
        for half in HALVES:
            vals = [v for k, v in per_page.items() if v is not None and (half == "all" or half_of(k) == half)]
            out[field][half] = (statistics.mean(vals) if vals else float("nan"), len(vals))
    return out


def print_table(title: str, fields: list[tuple[str, str]], summaries: dict):
    print(f"\n### {title}\n")
    print("| field | extractor | tune | check | all |")
    print("|---|---|---|---|---|")
    for field, label in fields:
        for name, summary in summaries.items():
            if field not in summary:
                continue
            cells = " | ".join(f"{summary[field][h][0]:.3f} (n={summary[field][h][1]})" for h in HALVES)
            print(f"| {label} | {name} | {cells} |")


def _show(value) -> str:
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, list):
        return "; ".join(value)
    return repr(value)[:90] if value is not None else "—"


def print_leads(name: str, scores: dict, pred: dict, reference: dict, leads: str, worst: int,
                fields: dict[str, tuple[str, str]]):
    if leads == "none" or worst <= 0:
        return
    print(f"\nWorst {name} pages per field ({leads} half), got vs want:\n")
    for field, (pred_key, ref_key) in fields.items():
        bad = sorted((k for k, v in scores[field].items()
                      if v is not None and v < 1 and (leads == "all" or half_of(k) == leads)),
                     key=lambda k: (scores[field][k], k))[:worst]
        if not bad:
            continue
        print(f"* {field}:")
        for k in bad:
            print(f"  - {k}: {_show(pred[k][pred_key])}  ||  {_show(reference[k][ref_key])}")


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--nmd", type=Path, default=DEFAULT_NMD, help="news-metadata-dev directory")
    ap.add_argument("--wcxb", type=Path, default=DEFAULT_WCXB, help="wcxb-dev directory")
    ap.add_argument("--only", choices=("nmd", "wcxb"))
    ap.add_argument("--worst", type=int, default=8)
    ap.add_argument("--leads", choices=("tune", "check", "all", "none"), default="tune")
    ap.add_argument("--no-trafilatura", action="store_true", help="newscrawl only (faster)")
    ap.add_argument("--json", type=Path, help="write per-page scores here")
    args = ap.parse_args(argv)

    warnings.filterwarnings("ignore")
    import logging
    logging.disable(logging.CRITICAL)
    import trafilatura

    import newscrawl

    extractors = {"newscrawl": newscrawl_fields}
    if not args.no_trafilatura:
        extractors["trafilatura"] = trafilatura_fields
    print(f"# Metadata quality — newscrawl {newscrawl.__version__}, trafilatura {trafilatura.__version__}")
    payload: dict = {}

    if args.only in (None, "nmd"):
        pages, expected = load_nmd(args.nmd)
        preds, seconds = run(pages, extractors)
        scores = {name: score_nmd(preds[name], expected) for name in preds}
        summaries = {name: summarise(s) for name, s in scores.items()}
        print(f"\n## news-metadata-dev: {len(pages)} pages, {args.nmd}")
        print("seconds: " + ", ".join(f"{n} {s:.1f}" for n, s in seconds.items()))
        refused = sum(1 for p in preds["newscrawl"].values() if p.get("refused"))
        print(f"newscrawl refused {refused} page(s) as not an article (scored on the metadata pass)")
        print_table("news-metadata-dev", [("headline", "headline exact"), ("authors", "authors set-F1"),
                                          ("minute", "time to the minute (UTC)"), ("day", "publication day"),
                                          ("language", "language")], summaries)
        expected_view = {k: {**v, "published_at": v["published_at"]} for k, v in expected.items()}
        print_leads("newscrawl", scores["newscrawl"], preds["newscrawl"], expected_view, args.leads, args.worst,
                    {"headline": ("title", "title"), "authors": ("authors", "authors"),
                     "minute": ("published_at", "published_at"), "day": ("published_at", "published_at"),
                     "language": ("language", "language")})
        payload["news-metadata-dev"] = {"summary": summaries, "scores": scores}

    if args.only in (None, "wcxb"):
        pages, truth = load_wcxb(args.wcxb)
        preds, seconds = run(pages, extractors)
        scores = {name: score_wcxb(preds[name], truth) for name in preds}
        summaries = {name: summarise(s) for name, s in scores.items()}
        print(f"\n## wcxb-dev: {len(pages)} pages, {args.wcxb}")
        print("seconds: " + ", ".join(f"{n} {s:.1f}" for n, s in seconds.items()))
        print_table("wcxb-dev", [("title", "title exact, all types"), ("title_article", "title exact, articles"),
                                 ("author", "author set-F1 (reference names one)"),
                                 ("author_none", "no author given (reference has none)"),
                                 ("day", "publication day (reference has one)"),
                                 ("day_none", "no date given (reference has none)")], summaries)
        print_leads("newscrawl", scores["newscrawl"], preds["newscrawl"], truth, args.leads, args.worst,
                    {"title_article": ("title", "title"), "author": ("authors", "author"),
                     "author_none": ("authors", "author"), "day": ("published_at", "date")})
        payload["wcxb-dev"] = {"summary": summaries, "scores": scores}

    if args.json:
        args.json.write_text(json.dumps(payload, indent=1, sort_keys=True, default=str))
        print(f"\nwrote {args.json}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
