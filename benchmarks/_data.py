"""Shared loaders for the development data sets (read in place, never copied) and the
deterministic tune/check split every benchmark reports.

Data sets (folders of `../shared/datasets/`, see each one's README):
  * article-extraction-benchmark (AEB): 181 article pages, body;
  * wcxb-dev: 1,497 modern pages of 7 page types, body + page type;
  * news-metadata-dev: 129 news pages of 92 publishers, body (+ metadata).

Split: a page belongs to the "tune" half when int(sha1(id).hexdigest(), 16) % 2 == 0,
else to the "check" half. Failing pages are looked at in the tune half only; a rule is
kept when the check half agrees.
"""

from __future__ import annotations

import gzip
import hashlib
import json
from pathlib import Path

DATASETS = Path(__file__).resolve().parents[2] / "shared" / "datasets"
DEFAULT_DATA = DATASETS / "article-extraction-benchmark"
DEFAULT_WCXB = DATASETS / "wcxb-dev"
DEFAULT_NEWS = DATASETS / "news-metadata-dev"

HALVES = ("tune", "check")


def half(page_id: str) -> str:
    """"tune" or "check": a fixed split by a hash of the page id."""
    return HALVES[int(hashlib.sha1(page_id.encode("utf-8")).hexdigest(), 16) % 2]


def _read_gz(path: Path) -> str:
    with gzip.open(path, "rt", encoding="utf8") as f:
        return f.read()


def load_pages(data: Path) -> tuple[dict[str, str], dict[str, dict]]:
    """AEB: ({id: html str}, {id: ground truth}) for every id of ground-truth.json.

    HTML is decoded as UTF-8, exactly as upstream's extractors/run_*.py do
    (gzip.open(path, 'rt', encoding='utf8')).
    """
    data = Path(data)
    truth = json.loads((data / "ground-truth.json").read_text(encoding="utf8"))
    pages = {key: _read_gz(data / "html" / f"{key}.html.gz") for key in sorted(truth)}
    return pages, truth


def load_wcxb(data: Path) -> tuple[dict[str, str], dict[str, dict]]:
    """wcxb-dev: ({id: html}, {id: {"url", "page_type", "main_content", "title", "author",
    "publish_date", "with", "without"}})."""
    data = Path(data)
    pages, truth = {}, {}
    for path in sorted((data / "ground-truth").glob("*.json")):
        record = json.loads(path.read_text(encoding="utf8"))
        key = path.stem
        html_path = data / "html" / f"{key}.html.gz"
        if not html_path.exists():
            continue
        gt = record.get("ground_truth", {})
        page_type = record.get("_internal", {}).get("page_type", {}).get("primary", "")
        truth[key] = {
            "url": record.get("url"),
            "page_type": "collection" if page_type == "category" else page_type,
            "main_content": gt.get("main_content") or "",
            "title": gt.get("title"),
            "author": gt.get("author"),
            "publish_date": gt.get("publish_date"),
            "with": gt.get("with") or [],
            "without": gt.get("without") or [],
        }
        pages[key] = _read_gz(html_path)
    return pages, truth


def load_news(data: Path) -> tuple[dict[str, str], dict[str, dict]]:
    """news-metadata-dev: ({id: html}, {id: expected record}); id = file name stem."""
    data = Path(data)
    expected = json.loads((data / "expected.json").read_text(encoding="utf8"))
    pages, truth = {}, {}
    for key in sorted(expected):
        stem = key.removesuffix(".html.gz")
        path = data / "html" / (key if key.endswith(".html.gz") else f"{key}.html.gz")
        if not path.exists():
            continue
        pages[stem] = _read_gz(path)
        truth[stem] = expected[key]
    return pages, truth
