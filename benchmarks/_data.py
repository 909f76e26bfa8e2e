"""Shared loader for the article-extraction-benchmark data set (read in place, never copied)."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

DEFAULT_DATA = Path(__file__).resolve().parents[2] / "shared" / "datasets" / "article-extraction-benchmark"


def load_pages(data: Path) -> tuple[dict[str, str], dict[str, dict]]:
    """({id: html str}, {id: ground truth}) for every id of ground-truth.json.

    HTML is decoded as UTF-8, exactly as upstream's extractors/run_*.py do
    (gzip.open(path, 'rt', encoding='utf8')).
    """
    data = Path(data)
    truth = json.loads((data / "ground-truth.json").read_text(encoding="utf8"))
    pages = {}
    for key in sorted(truth):
        with gzip.open(data / "html" / f"{key}.html.gz", "rt", encoding="utf8") as f:
            pages[key] = f.read()
    return pages, truth
