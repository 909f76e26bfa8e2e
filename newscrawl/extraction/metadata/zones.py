"""Time zones a page implies: the zone of its country or its language, when there is one.

A timestamp written without an offset ("2024-04-22T15:55:00") is local time of the site.
When the page states no offset anywhere, its country (the domain's country-code TLD, the
region of its language tag: "de-CH", "en_GB") or else its language ("de": Germany,
Austria, Switzerland ...) may still fix the zone. Babel's CLDR data says which zones a
territory has and where a language is spoken; zoneinfo gives the UTC offset at that
moment (summer time included). Only a single answer counts: when the candidate zones
have different offsets at that moment (Spain and the Canaries, the United States), the
zone stays unknown.
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta, timezone
from functools import lru_cache

LOGGER = logging.getLogger(__name__)

MIN_LANGUAGE_SHARE = 50.0      # % of a territory's people who speak the language
# Country-code TLDs that are not the territory's ISO code, or are used as generic names.
TLD_TERRITORY = {"uk": "GB", "su": "RU"}
GENERIC_CCTLDS = frozenset({"io", "co", "tv", "me", "fm", "ai", "ly", "to", "cc", "ws", "gg", "app", "eu"})


@lru_cache(maxsize=1)
def _cldr() -> tuple[dict, dict]:
    try:
        from babel.core import get_global

        return dict(get_global("territory_zones")), dict(get_global("territory_languages"))
    except Exception as exc:  # babel missing or its data unreadable: no zone from country
        LOGGER.debug("no CLDR zone data: %s", exc)
        return {}, {}


@lru_cache(maxsize=256)
def _language_territories(language: str) -> tuple[str, ...]:
    """Territories where most people speak the language and it is official there."""
    _, territory_languages = _cldr()
    out = []
    for territory, languages in territory_languages.items():
        info = languages.get(language)
        if info and info.get("official_status") in ("official", "de_facto_official") \
                and (info.get("population_percent") or 0) >= MIN_LANGUAGE_SHARE:
            out.append(territory)
    return tuple(sorted(out))


def territory_of(domain: str | None, language_tag: str | None) -> str | None:
    """The country a page belongs to: its domain's country TLD, else its language tag's region."""
    zones, _ = _cldr()
    if domain:
        tld = domain.rsplit(".", 1)[-1].lower()
        if tld not in GENERIC_CCTLDS and len(tld) == 2:
            territory = TLD_TERRITORY.get(tld, tld.upper())
            if territory in zones:
                return territory
    if language_tag:
        parts = language_tag.replace("_", "-").split("-")
        if len(parts) > 1 and len(parts[1]) == 2 and parts[1].upper() in zones:
            return parts[1].upper()
    return None


def _zone(name: str):
    try:
        from zoneinfo import ZoneInfo

        return ZoneInfo(name)
    except Exception:  # no tz database for that name
        return None


def _offset_of(zone_names, local: datetime) -> timedelta | None:
    offsets = set()
    for name in zone_names:
        zone = _zone(name)
        if zone is None:
            return None
        offset = local.replace(tzinfo=zone).utcoffset()
        if offset is None:
            return None
        offsets.add(offset)
        if len(offsets) > 1:
            return None
    return offsets.pop() if offsets else None


def local_offset(local: datetime, domain: str | None, language_tag: str | None) -> timezone | None:
    """The UTC offset of a naive local time on this site, when its country or else its
    language gives one zone at that moment; None when unknown or ambiguous."""
    zones, _ = _cldr()
    if not zones:
        return None
    territory = territory_of(domain, language_tag)
    if territory is not None:
        names = zones.get(territory) or ()
    else:
        language = (language_tag or "").replace("_", "-").split("-")[0].lower()
        territories = _language_territories(language) if len(language) == 2 else ()
        names = [n for t in territories for n in zones.get(t, ())]
    offset = _offset_of(names, local) if names else None
    return timezone(offset) if offset is not None else None
