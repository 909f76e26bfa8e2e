"""Dates: parse the ways pages write a timestamp, and settle the page's own time zone.

Every value is parsed into a `Stamp`: the wall-clock time as written, the offset when the
value states one, and whether it has a time of day at all (a bare "2024-04-22" does not).
ISO 8601 first, then dateutil for the human forms ("Thu, 14 Mar 2024 09:35 GMT",
"March 14, 2024 9:35 AM EST": zone abbreviations map to offsets), epoch seconds or
milliseconds (UTC).

`resolve` turns the stamps of a page into aware datetimes **in the page's own offset**
(never converted to UTC, so the local day stays what the page says):

* a value with an offset keeps it ("Z" / "+00:00" is UTC);
* a value without one takes the offset the page states elsewhere: another timestamp
  with the same wall-clock time and an offset, else any other timestamp's non-UTC
  offset, else the zone of the site's country or language (`zones.local_offset`), else
  UTC;
* a date-only value is completed by another value of the same day that has the time.

The page-level sources: `<time datetime>` elements (those in <article>/<main> first)
and, last, htmldate on the tree.
"""

from __future__ import annotations

import logging
import re
import warnings
from dataclasses import dataclass, replace
from datetime import datetime, timedelta, timezone

from dateutil import parser as dateutil_parser
from lxml.html import HtmlElement

from newscrawl.extraction.metadata.zones import local_offset

LOGGER = logging.getLogger(__name__)

MIN_YEAR = 1800
MAX_YEARS_AHEAD = 1          # a published date may not lie further in the future
MAX_DATE_CHARS = 100

# UTC offsets of the zone abbreviations news sites print ("Nov 19, 2019 5:00 EST").
# dateutil knows only UTC/GMT/Z and the machine's own zone and warns about the rest;
# an abbreviation missing here is ignored (the time counts as zoneless).
_HOUR = 3600
TZ_ABBREVIATIONS = {
    "EST": -5 * _HOUR, "EDT": -4 * _HOUR, "CST": -6 * _HOUR, "CDT": -5 * _HOUR,
    "MST": -7 * _HOUR, "MDT": -6 * _HOUR, "PST": -8 * _HOUR, "PDT": -7 * _HOUR,
    "AKST": -9 * _HOUR, "AKDT": -8 * _HOUR, "HST": -10 * _HOUR,
    "BST": 1 * _HOUR, "IST": 5 * _HOUR + 1800, "CET": 1 * _HOUR, "CEST": 2 * _HOUR,
    "MEZ": 1 * _HOUR, "MESZ": 2 * _HOUR,
    "EET": 2 * _HOUR, "EEST": 3 * _HOUR, "WET": 0, "WEST": 1 * _HOUR, "MSK": 3 * _HOUR,
    "JST": 9 * _HOUR, "KST": 9 * _HOUR, "AEST": 10 * _HOUR, "AEDT": 11 * _HOUR,
    "SAST": 2 * _HOUR, "EAT": 3 * _HOUR, "WAT": 1 * _HOUR, "CAT": 2 * _HOUR,
    "ET": -5 * _HOUR, "PT": -8 * _HOUR, "CT": -6 * _HOUR, "UTC": 0, "GMT": 0, "Z": 0,
}

_YEAR_RE = re.compile(r"(?<!\d)(1[89]\d\d|2\d\d\d)(?!\d)")
_EPOCH_RE = re.compile(r"^\d{10}(\d{3})?$")
_TIME_RE = re.compile(r"\d{1,2}:\d{2}|T\d{2}|\d{1,2}\s*(?:am|pm|a\.m\.|p\.m\.)", re.IGNORECASE)
_ISO_ZONE_RE = re.compile(r"(?:Z|[+-]\d{2}:?\d{2})$")


@dataclass(frozen=True, slots=True)
class Stamp:
    """A timestamp as the page wrote it."""

    local: datetime          # the wall-clock time written (naive)
    offset: timedelta | None  # the UTC offset written with it, None when there is none
    has_time: bool           # False for a bare date


def _stamp(value: datetime, has_time: bool) -> Stamp | None:
    offset = value.utcoffset() if value.tzinfo is not None else None
    local = value.replace(tzinfo=None)
    if local.year < MIN_YEAR:
        return None
    utc = local - (offset or timedelta(0))
    if utc.year > datetime.now(timezone.utc).year + MAX_YEARS_AHEAD:
        return None
    return Stamp(local, offset, has_time)


def parse_stamp(value: object) -> Stamp | None:
    """A `Stamp` from a date string (or datetime), None if unparseable or implausible."""
    if isinstance(value, datetime):
        return _stamp(value, True)
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        value = str(int(value))
    if not isinstance(value, str):
        return None
    text = value.strip()
    if not text or len(text) > MAX_DATE_CHARS:
        return None
    try:
        if _EPOCH_RE.match(text):
            seconds = int(text) / (1000 if len(text) == 13 else 1)
            return _stamp(datetime.fromtimestamp(seconds, timezone.utc), True)
        has_time = bool(_TIME_RE.search(text))
        try:
            return _stamp(datetime.fromisoformat(text.replace("Z", "+00:00")), has_time)
        except ValueError:
            pass
        try:
            return _stamp(dateutil_parser.isoparse(text), has_time)
        except (ValueError, OverflowError):
            pass
        if not _YEAR_RE.search(text):
            return None  # dateutil would fill a missing year with today's
        with warnings.catch_warnings():  # an unknown zone name: zoneless, no warning per page
            warnings.simplefilter("ignore", dateutil_parser.UnknownTimezoneWarning)
            return _stamp(dateutil_parser.parse(text, fuzzy=False, tzinfos=TZ_ABBREVIATIONS), has_time)
    except (ValueError, OverflowError, TypeError, dateutil_parser.ParserError):
        return None


def first_stamp(*values: object) -> Stamp | None:
    for value in values:
        stamp = parse_stamp(value)
        if stamp is not None:
            return stamp
    return None


def parse_date(value: object) -> datetime | None:
    """An aware datetime from one date string, in the offset it states (UTC when none)."""
    stamp = parse_stamp(value)
    return None if stamp is None else stamp.local.replace(tzinfo=timezone(stamp.offset or timedelta(0)))


# ------------------------------------------------------------------------------ the page's zone

@dataclass(slots=True)
class PageZone:
    """What a page says about its time zone: its other timestamps, its domain and language."""

    stamps: list[Stamp]
    domain: str | None = None
    language_tag: str | None = None

    def offset_for(self, stamp: Stamp) -> timedelta:
        """The stamp's own offset, else (in this order): the offset of the same moment
        written elsewhere on the page; the zone of the site's country or language, unless
        the page's other offsets contradict it; another non-UTC offset of the page; UTC."""
        if stamp.offset is not None:
            return stamp.offset
        zoned = [s for s in self.stamps if s.offset is not None]
        minute = stamp.local.replace(second=0, microsecond=0)
        for other in zoned:
            if other.has_time and other.local.replace(second=0, microsecond=0) == minute:
                return other.offset
        stated = [s for s in zoned if s.offset]  # non-UTC offsets: the site's local time
        zone = local_offset(stamp.local, self.domain, self.language_tag)
        if zone is not None and all(
                (local_offset(s.local, self.domain, self.language_tag) or zone).utcoffset(None) == s.offset
                for s in stated):
            return zone.utcoffset(None)
        if stated:
            return stated[0].offset
        return timedelta(0)

    def resolve(self, stamp: Stamp | None, same_day: list[Stamp] = ()) -> datetime | None:
        """The stamp as an aware datetime in the page's offset; a bare date takes the
        time of a stamp of the same day in `same_day` when there is one."""
        if stamp is None:
            return None
        if not stamp.has_time:
            for other in same_day:
                if other.has_time:
                    aware = other.local.replace(tzinfo=timezone(self.offset_for(other)))
                    if aware.date() == stamp.local.date():
                        return aware
        return stamp.local.replace(tzinfo=timezone(self.offset_for(stamp)))


# ------------------------------------------------------------------------------ page sources

_TIME_SCOPES = frozenset({"article", "main"})


def _time_elements(tree: HtmlElement) -> list[HtmlElement]:
    """<time datetime> elements, those inside <article>/<main> first (there also with an
    empty datetime), each group in page order."""
    scoped, rest = [], []
    for el in tree.iter("time"):
        value = el.get("datetime")
        if value is None:
            continue
        if any(a.tag in _TIME_SCOPES for a in el.iterancestors()):
            scoped.append(el)
        elif value:
            rest.append(el)
    return scoped + rest


def time_element_stamps(tree: HtmlElement) -> tuple[Stamp | None, Stamp | None]:
    """(published, modified) from <time datetime> elements of the article."""
    published = modified = None
    times = _time_elements(tree)
    for el in times:
        marker = " ".join((el.get("itemprop") or "", el.get("class") or "")).lower()
        if modified is None and ("modified" in marker or "updated" in marker):
            modified = parse_stamp(el.get("datetime"))
        elif published is None and ("published" in marker or "pubdate" in marker or el.get("pubdate") is not None):
            published = parse_stamp(el.get("datetime"))
    if published is None:
        for el in times:
            marker = " ".join((el.get("itemprop") or "", el.get("class") or "")).lower()
            if "modified" in marker or "updated" in marker:
                continue
            published = parse_stamp(el.get("datetime"))
            if published is not None:
                break
    return published, modified


def htmldate_stamp(tree: HtmlElement, url: str | None) -> Stamp | None:
    """Last resort: htmldate's reading of the original publication date (a date only).

    Without extensive_search: the loose search through the page's text costs several
    times more (about 100 ms on a large page) and adds more wrong dates than right ones."""
    try:
        from htmldate import find_date

        found = find_date(tree, original_date=True, extensive_search=False, url=url)
    except Exception as exc:  # htmldate is heuristic code; never let it fail extraction
        LOGGER.debug("htmldate failed: %s", exc)
        return None
    stamp = parse_stamp(found) if found else None
    return replace(stamp, has_time=False) if stamp is not None else None
