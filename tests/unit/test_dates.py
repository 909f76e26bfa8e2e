"""Unit tests of the date shown next to the headline (`dates.header_dates`, `header_published`)."""

from __future__ import annotations

from datetime import datetime, timedelta

import lxml.html

from newscrawl.extraction.metadata.dates import (
    header_dates,
    header_published,
    is_ambiguous_numeric,
)

BODY = ("<p>A long paragraph of the story that mentions 3 March 2020 in passing, which is a date"
        " inside a sentence and not the date the article was published on at all.</p>")


def _dates(markup: str, language: str | None = "en"):
    return header_dates(lxml.html.fromstring(f"<html><body>{markup}</body></html>"), language)


def test_labelled_published_date_with_time_and_zone():
    dates = _dates(f"<article><h1>Title</h1><div>By Jo · Posted on Nov 21, 2018 9:35 PM EST"
                   f" · Updated at Dec 10, 2025</div>{BODY}</article>")
    assert [d.label for d in dates] == ["published", "updated"]
    stamp = header_published(dates)
    assert stamp.local == datetime(2018, 11, 21, 21, 35)
    assert stamp.offset == timedelta(hours=-5)
    assert stamp.has_time


def test_updated_date_is_never_the_publication_date():
    assert header_published(_dates("<h1>Title</h1><p>Last updated: November 13, 2025</p>")) is None


def test_date_in_a_sentence_is_not_a_date_line():
    assert _dates(f"<h1>Title</h1>{BODY}") == []


def test_day_month_year_in_the_page_language():
    stamp = header_published(_dates("<h1>Titolo</h1><span>12 settembre 2024, 08:05</span>", "it"))
    assert stamp.local == datetime(2024, 9, 12, 8, 5)
    assert stamp.offset is None


def test_date_before_the_headline_counts_after_the_ones_below_it():
    dates = _dates("<div>News · 1 March 2024</div><h1>Title</h1><div>2 March 2024</div>")
    assert header_published(dates).local == datetime(2024, 3, 2)


def test_a_list_of_dated_items_gives_no_date():
    items = "".join(f"<li>Item {d}<span>{d} May 2025</span></li>" for d in (1, 2, 3, 4))
    assert _dates(f"<h1>Latest posts</h1><ul>{items}</ul>") == []


def test_no_headline_no_date():
    assert _dates("<div>5 May 2025</div>") == []


def test_numeric_dates_with_swappable_day_and_month_are_ambiguous():
    assert is_ambiguous_numeric("02-12-2025")
    assert is_ambiguous_numeric("5/6/2024 10:00")
    assert not is_ambiguous_numeric("13-12-2025")
    assert not is_ambiguous_numeric("07.07.2025")
    assert not is_ambiguous_numeric("2025-12-02")


def test_slashed_numeric_date_only_when_day_and_month_are_clear():
    assert header_published(_dates("<h1>Title</h1><div>Madrid - 29/05/2025 20:00</div>")).local \
        == datetime(2025, 5, 29, 20, 0)
    assert header_published(_dates("<h1>Title</h1><div>05/06/2025</div>")) is None


def test_photo_caption_date_is_not_the_date_line():
    dates = _dates("<h1>Title</h1><figure><img src='a.jpg'><figcaption>The square on 15 May 2025.</figcaption>"
                   "</figure><div>29 May 2025</div>")
    assert [d.stamp.local for d in dates] == [datetime(2025, 5, 29)]
