"""Unit tests of page-type features (`newscrawl.extraction.pagetype`) that the model reads."""

from __future__ import annotations

from newscrawl.extraction.core import page_features

RUNNING = ("The council met on Tuesday evening to discuss the budget for the coming year, and members "
           "argued for more than three hours about the cost of repairing the old bridge over the river.")


def _page(head: str = "", body: str = "") -> str:
    return f"<html><head><title>T</title>{head}</head><body>{body}</body></html>"


def _ld(*types: str) -> str:
    graph = ",".join(f'{{"@type": "{t}"}}' for t in types)
    return f'<script type="application/ld+json">{{"@context": "https://schema.org", "@graph": [{graph}]}}</script>'


def test_ld_not_article_when_only_page_types_are_named():
    features = page_features(_page(_ld("WebPage", "Organization", "BreadcrumbList"), f"<p>{RUNNING}</p>"),
                             "https://example.org/services/")
    assert features["ld_not_article"] == 1.0


def test_ld_not_article_off_when_an_article_type_is_named():
    features = page_features(_page(_ld("WebPage", "NewsArticle"), f"<p>{RUNNING}</p>"), "https://example.org/a")
    assert features["ld_not_article"] == 0.0


def test_ld_not_article_off_without_json_ld():
    features = page_features(_page("", f"<p>{RUNNING}</p>"), "https://example.org/a")
    assert features["ld_not_article"] == 0.0
    assert features["ld_none"] == 1.0


def test_long_p_share_counts_running_text_paragraphs_only():
    short = "".join(f'<li><a href="/s/{i}">Short teaser headline number {i}</a></li>' for i in range(10))
    features = page_features(_page("", f"<ul>{short}</ul><p>{RUNNING}</p><p>Too short.</p>"), "https://example.org/a")
    assert 0.2 < features["long_p_share"] < 0.6
    prose = page_features(_page("", f"<p>{RUNNING}</p><p>{RUNNING}</p>"), "https://example.org/a")
    assert prose["long_p_share"] == 1.0
    cards = page_features(_page("", f"<ul>{short}</ul>"), "https://example.org/a")
    assert cards["long_p_share"] == 0.0
