"""Per-field fixture tests of `newscrawl.extract`, in the fundus / web-poet style.

Each case is a page `tests/fixtures/cases/<case>.html` and its expected values
`<case>.json`; every key of the JSON is one test (one assertion), so a failing field is
named on its own. The pages are written for these tests (modelled on failure classes
seen on real news sites), never copied from a benchmark data set.

Keys of the expected JSON:

* `url` (required): the URL the page is extracted as; `note`: free text, not checked;
* `article`: true when the page must give an Article, false when `extract` must
  refuse it (None);
* `page_type`: the type `extract_page(...)` gives the page (`PageResult.page_type`,
  so it is checked on refused non-articles too);
* any `Article` attribute (`title`, `authors`, `published_at`, `description`,
  `language`, ...): equal to the value (datetimes as ISO 8601 strings);
* `text_first`: the first paragraph of `text` starts with it;
* `text_last`: the last paragraph contains it;
* `text_contains` / `text_not_contains`: lists of snippets that must / must not occur
  in `text`;
* `description_not_contains`: snippets that must not occur in `description`;
* `min_words`: `text` has at least this many words.
"""

from __future__ import annotations

import json
from datetime import datetime
from functools import lru_cache
from pathlib import Path

import pytest

from newscrawl import Article, PageResult, extract_page

CASES_DIR = Path(__file__).resolve().parents[1] / "fixtures" / "cases"
NOT_CHECKED = {"url", "note"}


@lru_cache(maxsize=None)
def expected(case: str) -> dict:
    return json.loads((CASES_DIR / f"{case}.json").read_text(encoding="utf-8"))


@lru_cache(maxsize=None)
def page_result(case: str) -> PageResult:
    html = (CASES_DIR / f"{case}.html").read_bytes()
    return extract_page(html, expected(case)["url"], content_type="text/html; charset=utf-8")


def extracted(case: str) -> Article | None:
    # extract() is extract_page(...).article; one run per case serves both keys
    return page_result(case).article


def _jsonable(value):
    if isinstance(value, datetime):
        return value.isoformat()
    return value


def _article(case: str) -> Article:
    article = extracted(case)
    assert article is not None, f"{case}: no article extracted"
    return article


def _paragraphs(case: str) -> list[str]:
    return _article(case).text.split("\n")


CHECKS = {
    "article": lambda case, want: (extracted(case) is not None) == want,
    "page_type": lambda case, want: page_result(case).page_type == want,
    "text_first": lambda case, want: _paragraphs(case)[0].startswith(want),
    "text_last": lambda case, want: want in _paragraphs(case)[-1],
    "text_contains": lambda case, want: [s for s in want if s not in _article(case).text] == [],
    "text_not_contains": lambda case, want: [s for s in want if s in _article(case).text] == [],
    "description_not_contains": lambda case, want: [
        s for s in want if s in (_article(case).description or "")] == [],
    "min_words": lambda case, want: _article(case).word_count >= want,
}


def _cases() -> list[tuple[str, str]]:
    params = []
    for page in sorted(CASES_DIR.glob("*.html")):
        case = page.stem
        params += [(case, key) for key in expected(case) if key not in NOT_CHECKED]
    return params


@pytest.mark.parametrize(("case", "key"), _cases(), ids=lambda v: v)
def test_case_field(case, key):
    want = expected(case)[key]
    check = CHECKS.get(key)
    if check is not None:
        assert check(case, want), f"{case}: {key} should be {want!r}"
    else:
        assert _jsonable(getattr(_article(case), key)) == want


def test_every_case_has_its_expected_values():
    pages = {p.stem for p in CASES_DIR.glob("*.html")}
    values = {p.stem for p in CASES_DIR.glob("*.json")}
    assert pages == values
