"""Dates: parse the many ways pages write a timestamp into an aware UTC datetime.

ISO 8601 first, then dateutil for common human forms, epoch seconds/milliseconds;
the time of day and the UTC offset are kept (naive values are taken as UTC). Also the
two page-level fallbacks for published_at: <time datetime> elements in the article and,
last, htmldate on the tree (date-only precision).
"""

from __future__ import annotations

import logging
import re
import warnings
from datetime import datetime, timezone

from dateutil import parser as dateutil_parser
from lxml.html import HtmlElement

from newscrawl.normalize import to_utc

LOGGER = logging.getLogger(__name__)

MIN_YEAR = 1800
MAX_YEARS_AHEAD = 1          # a published date may not lie further in the future
MAX_DATE_CHARS = 100

# UTC offsets of the zone abbreviations news sites print ("Nov 19, 2019 5:00 EST").
# dateutil knows only UTC/GMT/Z and the machine's own zone and warns about the rest;
# an abbreviation missing here is ignored (the time is taken as UTC), as before.
_HOUR = 3600
TZ_ABBREVIATIONS = {
    "EST": -5 * _HOUR, "EDT": -4 * _HOUR, "CST": -6 * _HOUR, "CDT": -5 * _HOUR,
    "MST": -7 * _HOUR, "MDT": -6 * _HOUR, "PST": -8 * _HOUR, "PDT": -7 * _HOUR,
    "AKST": -9 * _HOUR, "AKDT": -8 * _HOUR, "HST": -10 * _HOUR,
    "BST": 1 * _HOUR, "IST": 5 * _HOUR + 1800, "CET": 1 * _HOUR, "CEST": 2 * _HOUR,
    "EET": 2 * _HOUR, "EEST": 3 * _HOUR, "WET": 0, "WEST": 1 * _HOUR, "MSK": 3 * _HOUR,
    "JST": 9 * _HOUR, "KST": 9 * _HOUR, "AEST": 10 * _HOUR, "AEDT": 11 * _HOUR,
    "ET": -5 * _HOUR, "PT": -8 * _HOUR, "CT": -6 * _HOUR,
}

_YEAR_RE = re.compile(r"(?<!\d)(1[89]\d\d|2\d\d\d)(?!\d)")
_EPOCH_RE = re.compile(r"^\d{10}(\d{3})?$")


def _plausible(value: datetime) -> datetime | None:
    value = to_utc(value)
    now = datetime.now(timezone.utc)
    if value.year < MIN_YEAR or value.year > now.year + MAX_YEARS_AHEAD:
        return None
    return value


def parse_date(value: object) -> datetime | None:
    """An aware UTC datetime from a date string (or datetime), None if unparseable."""
    if isinstance(value, datetime):
        return _plausible(value)
    if not isinstance(value, str):
        return None
    text = value.strip()
    if not text or len(text) > MAX_DATE_CHARS:
        return None
    try:
        if _EPOCH_RE.match(text):
            seconds = int(text) / (1000 if len(text) == 13 else 1)
            return _plausible(datetime.fromtimestamp(seconds, timezone.utc))
        try:
            return _plausible(datetime.fromisoformat(text.replace("Z", "+00:00")))
        except ValueError:
            pass
        try:
            return _plausible(dateutil_parser.isoparse(text))
        except (ValueError, OverflowError):
            pass
        if not _YEAR_RE.search(text):
            return None  # dateutil would fill a missing year with today's
        with warnings.catch_warnings():  # an unknown zone name: taken as UTC, no warning per page
            warnings.simplefilter("ignore", dateutil_parser.UnknownTimezoneWarning)
            return _plausible(dateutil_parser.parse(text, fuzzy=False, tzinfos=TZ_ABBREVIATIONS))
    except (ValueError, OverflowError, TypeError, dateutil_parser.ParserError):
        return None


def first_date(*values: object) -> datetime | None:
    for value in values:
        parsed = parse_date(value)
        if parsed is not None:
            return parsed
    return None


def _time_elements(tree: HtmlElement) -> list[HtmlElement]:
    """<time datetime> elements, those inside <article>/<main> first."""
    scoped = [t for t in tree.xpath("//article//time[@datetime] | //main//time[@datetime]")]
    rest = [t for t in tree.iter("time") if t.get("datetime") and t not in scoped]
    return scoped + rest


def time_element_dates(tree: HtmlElement) -> tuple[datetime | None, datetime | None]:
    """(published, modified) from <time datetime> elements of the article."""
    published = modified = None
    times = _time_elements(tree)
    for el in times:
        marker = " ".join((el.get("itemprop") or "", el.get("class") or "")).lower()
        if modified is None and ("modified" in marker or "updated" in marker):
            modified = parse_date(el.get("datetime"))
        elif published is None and ("published" in marker or "pubdate" in marker or el.get("pubdate") is not None):
            published = parse_date(el.get("datetime"))
    if published is None:
        for el in times:
            marker = " ".join((el.get("itemprop") or "", el.get("class") or "")).lower()
            if "modified" in marker or "updated" in marker:
                continue
            published = parse_date(el.get("datetime"))
            if published is not None:
                break
    return published, modified


def htmldate_published(tree: HtmlElement, url: str | None) -> datetime | None:
    """Last resort: htmldate's guess of the original publication date (00:00 UTC)."""
    try:
        from htmldate import find_date

        found = find_date(tree, original_date=True, extensive_search=False, url=url)
    except Exception as exc:  # htmldate is heuristic code; never let it fail extraction
        LOGGER.debug("htmldate failed: %s", exc)
        return None
    return parse_date(found) if found else None
