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
* a date-only value is completed by another value of the same day that has the time;
* a UTC value is shown in the offset the page writes for the same moment elsewhere
  (meta tags in UTC, the article's <time> in local time), so the local day is the page's.

The page-level sources: `<time datetime>` elements (those in <article>/<main> first; one
marked or labelled "Updated" is the modified time, a numeric value with swappable day and
month is left out), the date line next to the headline (`header_dates`: the visible text
just before and after the <h1>, its labels "Published"/"Updated", a time of day after the
date) and, last, htmldate on the tree. htmldate is wrapped, not re-implemented, but two of
its habits are corrected here: its fast mode reads no date line without a date-ish class
(and its extensive mode, which does, costs ~400 ms a page and returns copyright years),
and with `original_date` it still falls back to the modified date, which is not taken.
A third is avoided by what it is given to read: no scripts (JSON-LD kept) and no comments,
where its last resort, the first timestamp anywhere in the markup, finds build, cache and
crawl times.
"""

from __future__ import annotations

import logging
import re
import warnings
from copy import deepcopy
from dataclasses import dataclass, replace
from datetime import datetime, timedelta, timezone
from functools import lru_cache

from dateutil import parser as dateutil_parser
from lxml import etree
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
                        return self.in_local_offset(aware)
        return self.in_local_offset(stamp.local.replace(tzinfo=timezone(self.offset_for(stamp))))

    def in_local_offset(self, aware: datetime) -> datetime:
        """A UTC time shown in the site's own offset when the page writes the same moment
        elsewhere with that offset (meta tags in UTC, the <time> of the article in local
        time): the same instant, but the local day is the one the page shows."""
        if aware.utcoffset():
            return aware
        minute = aware.replace(second=0, microsecond=0)
        for other in self.stamps:
            if other.has_time and other.offset:
                moment = other.local.replace(second=0, microsecond=0, tzinfo=timezone(other.offset))
                if moment == minute:
                    return aware.astimezone(timezone(other.offset))
        return aware


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


_NUMERIC_DATE_RE = re.compile(r"^\s*(\d{1,2})[-/.](\d{1,2})[-/.]\d{4}\b")


def is_ambiguous_numeric(value: str) -> bool:
    """Whether a value is a numeric date whose day and month could be swapped
    ("02-12-2025": 2 December or February 12)."""
    match = _NUMERIC_DATE_RE.match(value)
    return match is not None and match[1] != match[2] and int(match[1]) <= 12 and int(match[2]) <= 12


def _datetime_stamp(el: HtmlElement) -> Stamp | None:
    """The stamp of a <time datetime>; the attribute should be ISO 8601, so a numeric value
    whose day and month could be swapped is left out rather than guessed."""
    value = el.get("datetime") or ""
    return None if is_ambiguous_numeric(value) else parse_stamp(value)


_UPDATED_WORD_RE = re.compile(r"^\W*(?:last\s+)?(?:updated|modified|aktualisiert|actualizado|aggiornato|mis à jour)\b",
                              re.IGNORECASE)


def _marks_modified(el: HtmlElement) -> bool:
    """Whether a <time> is the modified time: so marked (itemprop/class), or its text or
    the words just before it say so ("Updated April 10, 2025", "Updated <time>...")."""
    marker = " ".join((el.get("itemprop") or "", el.get("class") or "")).lower()
    if "modified" in marker or "updated" in marker:
        return True
    if _UPDATED_WORD_RE.match(el.text or ""):
        return True
    parent = el.getparent()
    before = el.getprevious().tail if el.getprevious() is not None else (parent.text if parent is not None else None)
    return bool(before and _UPDATED_LABEL_RE.search(before[-LABEL_CHARS:]))


def _marks_published(el: HtmlElement) -> bool:
    marker = " ".join((el.get("itemprop") or "", el.get("class") or "")).lower()
    return "published" in marker or "pubdate" in marker or el.get("pubdate") is not None


def _first_stamp_of(elements) -> Stamp | None:
    return next((stamp for stamp in map(_datetime_stamp, elements) if stamp is not None), None)


def time_element_stamps(tree: HtmlElement) -> tuple[Stamp | None, Stamp | None]:
    """(published, modified) from <time datetime> elements of the article: the first one
    marked published, else the first not marked modified; the first marked modified."""
    times = _time_elements(tree)
    unmodified = [el for el in times if not _marks_modified(el)]
    modified = _first_stamp_of(el for el in times if _marks_modified(el))
    return _first_marked_published(unmodified) or _first_stamp_of(unmodified), modified


def marked_published_stamp(tree: HtmlElement) -> Stamp | None:
    """The first <time datetime> marked published (pubdate, itemprop/class "published")."""
    return _first_marked_published(el for el in _time_elements(tree) if not _marks_modified(el))


def _first_marked_published(unmodified) -> Stamp | None:
    return _first_stamp_of(el for el in unmodified if _marks_published(el))


# What htmldate should not read: scripts other than JSON data, and HTML comments.
_MACHINE_MARKUP = "//script[not(@type='application/ld+json' or @type='application/settings+json')] | //comment()"


def htmldate_stamp(tree: HtmlElement, url: str | None) -> Stamp | None:
    """Last resort: htmldate's reading of the original publication date (a date only).

    Without extensive_search: the loose search through the page's text costs several
    times more (about 100 ms on a large page) and adds more wrong dates than right ones.
    htmldate reads a copy without scripts (JSON-LD kept) and comments: when nothing else
    dates the page it takes the first timestamp anywhere in the markup, and in script
    code and comments that is the build, cache or crawl time of a shop, forum or docs
    page, not a publication date."""
    try:
        from htmldate import find_date

        pruned = deepcopy(tree)
        for node in pruned.xpath(_MACHINE_MARKUP):
            node.drop_tree()
        found = find_date(pruned, original_date=True, extensive_search=False, url=url)
    except Exception as exc:  # htmldate is heuristic code; never let it fail extraction
        LOGGER.debug("htmldate failed: %s", exc)
        return None
    stamp = parse_stamp(found) if found else None
    return replace(stamp, has_time=False) if stamp is not None else None


# ------------------------------------------------------------------ the date next to the headline

HEADER_CHARS_BEFORE = 200    # visible text read before the headline (breadcrumb, kicker, date line)
HEADER_CHARS_AFTER = 600     # and after it (standfirst, byline, date line)
MAX_DATE_LINE_CHARS = 100    # a date line is short; a date in a longer text node is in a sentence
MAX_HEADER_DAYS = 2          # published and updated; more days next to the headline: a list
LABEL_CHARS = 30             # how far before a date its label ("Published", "Updated") may stand

_PUBLISHED_LABEL_RE = re.compile(
    r"(?:published|posted|first published|created|erstellt|veröffentlicht|publié|publicado|pubblicato"
    r"|gepubliceerd|opublikowano|yayınlanma|publicerad|publisert|udgivet)\W*(?:on|at|am|le|el|il|op|em)?\W*$",
    re.IGNORECASE)
_UPDATED_LABEL_RE = re.compile(
    r"(?:updated|last updated|modified|reviewed|aktualisiert|geändert|mis à jour|modifié|actualizado"
    r"|aggiornato|bijgewerkt|zaktualizowano|güncellenme|güncellendi|oppdatert|uppdaterad|opdateret)"
    r"\W*(?:on|at|am|le|el|il|op|em)?\W*$",
    re.IGNORECASE)
_WORD = r"[^\W\d_]{3,}\.?"
_TEXT_DATE_RE = re.compile(
    rf"(?<![^\W\d_])(?P<mon1>{_WORD})\s+(?P<day1>\d{{1,2}})(?:st|nd|rd|th)?,?\s+(?P<year1>\d{{4}})(?!\d)"
    rf"|(?<!\d)(?P<day2>\d{{1,2}})(?:st|nd|rd|th|\.|º)?\s+(?:de\s+)?(?P<mon2>{_WORD}),?\s+(?:de\s+)?(?P<year2>\d{{4}})(?!\d)"
    r"|(?<![\d.])(?P<day3>\d{1,2})\.(?P<month3>\d{1,2})\.(?P<year3>\d{4})(?!\d)"
    r"|(?<![\d/])(?P<first5>\d{1,2})/(?P<second5>\d{1,2})/(?P<year5>\d{4})(?!\d)"
    r"|(?<![\d-])(?P<year4>\d{4})-(?P<month4>\d{2})-(?P<day4>\d{2})(?![\d-])"
)
_CLOCK_RE = re.compile(
    r"^[\s,|·•–-]{0,4}(?:at\s+|um\s+|à\s+|a\s+las\s+|alle\s+|kl\.?\s+|o\s+)?"
    r"(?P<hour>\d{1,2})[:.h](?P<minute>\d{2})(?!\d)(?::\d{2})?\s*(?P<ampm>[ap]\.?\s?m\.?)?(?:\s*uhr)?"
    r"(?:\s*\(?(?P<zone>[A-Z]{2,5})\)?)?",
    re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class HeaderDate:
    """A date the page shows next to its headline, with the label written before it."""

    stamp: Stamp
    label: str | None        # "published", "updated" or None (no label)


def _month_table(language: str | None) -> dict[str, int]:
    """Month names and abbreviations (folded) -> number: htmldate's multilingual table,
    English, and the page's own language from CLDR (babel)."""
    return _month_table_cached((language or "").replace("_", "-").split("-")[0].lower()[:3])


@lru_cache(maxsize=64)
def _month_table_cached(language: str) -> dict[str, int]:
    table: dict[str, int] = {}
    try:
        from htmldate.extractors import MONTH_NUMBERS

        table.update(MONTH_NUMBERS)
    except ImportError:  # an htmldate without the table: CLDR names only
        pass
    try:
        from babel import Locale

        for code in {"en", language} - {""}:
            months = Locale.parse(code).months
            for context in ("format", "stand-alone"):
                for width in ("wide", "abbreviated"):
                    for number, name in dict(months[context][width]).items():
                        table[name.casefold().rstrip(".")] = number
    except Exception as exc:  # unknown language code or babel data missing
        LOGGER.debug("no CLDR month names for %r: %s", language, exc)
    table["sept"] = 9
    return table


def _text_date(match: re.Match, months: dict[str, int]) -> datetime | None:
    """The calendar date of a _TEXT_DATE_RE match (midnight), None when not a real date."""
    groups = match.groupdict()
    try:
        if groups["mon1"] or groups["mon2"]:
            month = months.get((groups["mon1"] or groups["mon2"]).casefold().rstrip("."))
            if month is None:
                return None
            return datetime(int(groups["year1"] or groups["year2"]), month, int(groups["day1"] or groups["day2"]))
        if groups["day3"]:
            return datetime(int(groups["year3"]), int(groups["month3"]), int(groups["day3"]))
        if groups["first5"]:  # "29/05/2025" or "05/29/2025": only when one of them cannot be a month
            first, second = int(groups["first5"]), int(groups["second5"])
            if first == second or (first <= 12 and second <= 12):
                return datetime(int(groups["year5"]), first, first) if first == second else None
            day, month = (first, second) if first > 12 else (second, first)
            return datetime(int(groups["year5"]), month, day)
        return datetime(int(groups["year4"]), int(groups["month4"]), int(groups["day4"]))
    except ValueError:
        return None


def _with_clock(day: datetime, after: str) -> Stamp:
    """The date with the time of day written right after it ("15:25", "9:35 AM EST"), if any."""
    clock = _CLOCK_RE.match(after)
    if clock is None:
        return Stamp(day, None, False)
    hour, minute = int(clock["hour"]), int(clock["minute"])
    ampm = (clock["ampm"] or "").replace(".", "").replace(" ", "").lower()
    if ampm == "pm" and hour < 12:
        hour += 12
    elif ampm == "am" and hour == 12:
        hour = 0
    if hour > 23 or minute > 59:
        return Stamp(day, None, False)
    zone = TZ_ABBREVIATIONS.get((clock["zone"] or "").upper())
    offset = timedelta(seconds=zone) if zone is not None else None
    return Stamp(day.replace(hour=hour, minute=minute), offset, True)


def _label(before: str) -> str | None:
    tail = before[-LABEL_CHARS:]
    if _UPDATED_LABEL_RE.search(tail):
        return "updated"
    if _PUBLISHED_LABEL_RE.search(tail):
        return "published"
    return None


_HEADLINE_PATHS = (etree.XPath("//article//h1 | //main//h1"), etree.XPath("//h1"))  # compiled once


def _headline(tree: HtmlElement) -> HtmlElement | None:
    """The page's headline element: the first <h1> with text, one in <article>/<main> first."""
    for path in _HEADLINE_PATHS:
        for el in path(tree):
            if "".join(el.itertext()).strip():
                return el
    return None


def _texts_around(tree: HtmlElement, headline: HtmlElement) -> tuple[str, str]:
    """(the visible text just before the headline, the visible text just after it)."""
    before: list[str] = []
    after: list[str] = []
    state = {"in": 0, "after_chars": 0}
    skip = {"script", "style", "noscript", "template", "svg", "figure", "figcaption"}  # captions date photos

    def visit(node) -> bool:  # True: enough text read
        if node is headline:
            state["in"] = 1
        target = after if state["in"] == 2 else (None if state["in"] == 1 else before)
        if node.text and target is not None:
            target.append(node.text)
            if target is after:
                state["after_chars"] += len(node.text)
        for child in node:
            if isinstance(child.tag, str) and child.tag not in skip and visit(child):
                return True
            if child.tail:
                target = after if state["in"] == 2 else (None if state["in"] == 1 else before)
                if target is not None:
                    target.append(child.tail)
                    if target is after:
                        state["after_chars"] += len(child.tail)
            if state["after_chars"] > HEADER_CHARS_AFTER:
                return True
        if node is headline:
            state["in"] = 2
        return False

    body = tree.find("body")
    visit(body if body is not None else tree)
    return _joined_lines(before, tail=HEADER_CHARS_BEFORE), _joined_lines(after, head=HEADER_CHARS_AFTER)


def _joined_lines(pieces: list[str], head: int = 0, tail: int = 0) -> str:
    """Text nodes one per line, whitespace collapsed; the first `head` or last `tail` chars."""
    text = "\n".join(line for line in (" ".join(p.split()) for p in pieces) if line)
    return text[:head] if head else text[-tail:]


def _line_length(lines: str, match: re.Match) -> int:
    """The length of the text node (line) the match lies in."""
    start = lines.rfind("\n", 0, match.start()) + 1
    end = lines.find("\n", match.end())
    return (len(lines) if end < 0 else end) - start


def header_dates(tree: HtmlElement, language: str | None = None) -> list[HeaderDate]:
    """The dates written in the visible text next to the headline (the date line under a
    title, "Posted on Nov 21, 2018", "01. April 2025, 15:25"), those after it first, each
    with its time of day when one follows and the label before it. Dates elsewhere (related
    articles, comments, the footer's copyright) are too far from the headline to count."""
    headline = _headline(tree)
    if headline is None:
        return []
    months = _month_table(language)
    out = []
    for lines in reversed(_texts_around(tree, headline)):
        text = lines.replace("\n", " ")
        for match in _TEXT_DATE_RE.finditer(text):
            if _line_length(lines, match) > MAX_DATE_LINE_CHARS:
                continue  # a date inside a sentence of the standfirst or body, not a date line
            day = _text_date(match, months)
            if day is None or day.year < MIN_YEAR or day.year > datetime.now(timezone.utc).year + MAX_YEARS_AHEAD:
                continue
            stamp = _with_clock(day, text[match.end():match.end() + 40])
            out.append(HeaderDate(stamp, _label(text[:match.start()])))
    if len({date.stamp.local.date() for date in out}) > MAX_HEADER_DAYS:
        return []  # a list of dated items (posts, issues, releases) rather than one article's date line
    return out


def header_published(dates: list[HeaderDate]) -> Stamp | None:
    """The publication date among the headline's dates: one labelled published, else the
    first without a label; a date labelled updated is never the publication date."""
    for wanted in ("published", None):
        for date in dates:
            if date.label == wanted:
                return date.stamp
    return None
