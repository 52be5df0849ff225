"""A plant's time zone from what Growatt says about it.

Growatt names a plant's time zone only as a fixed offset ("GMT+1", or the
number 1), without daylight saving time, next to the plant's country. The
inverter's schedule, its daily counters and its local midnight follow the
wall clock of the place, so the offset alone is wrong half of the year. The
zone is chosen in this order:

1. a zone name Growatt gives as such ("Europe/Berlin");
2. the home zone (Home Assistant's), when its standard offset is Growatt's:
   the usual case of a Home Assistant next to the inverter;
3. the zone of the plant's country with that standard offset (without an
   offset, as v1's plant list gives: the country's zone if it has one only);
4. the fixed offset itself, when nothing better is known; the home zone when
   not even an offset is.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone, tzinfo
import re
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

_GMT = re.compile(r"^\s*(?:GMT|UTC)?\s*([+-]?)\s*(\d{1,2})(?::?(\d{2}))?\s*$", re.I)

# Countries as Growatt's plant settings name them, with their zones. Countries
# with several zones list them all; the offset picks one.
COUNTRY_ZONES: dict[str, tuple[str, ...]] = {
    "austria": ("Europe/Vienna",),
    "australia": (
        "Australia/Sydney",
        "Australia/Brisbane",
        "Australia/Adelaide",
        "Australia/Darwin",
        "Australia/Perth",
    ),
    "belgium": ("Europe/Brussels",),
    "brazil": ("America/Sao_Paulo", "America/Manaus", "America/Noronha"),
    "bulgaria": ("Europe/Sofia",),
    "canada": (
        "America/Toronto",
        "America/Winnipeg",
        "America/Edmonton",
        "America/Vancouver",
        "America/Halifax",
        "America/St_Johns",
    ),
    "china": ("Asia/Shanghai",),
    "croatia": ("Europe/Zagreb",),
    "cyprus": ("Asia/Nicosia",),
    "czech republic": ("Europe/Prague",),
    "czechia": ("Europe/Prague",),
    "denmark": ("Europe/Copenhagen",),
    "england": ("Europe/London",),
    "estonia": ("Europe/Tallinn",),
    "finland": ("Europe/Helsinki",),
    "france": ("Europe/Paris",),
    "germany": ("Europe/Berlin",),
    "greece": ("Europe/Athens",),
    "hungary": ("Europe/Budapest",),
    "india": ("Asia/Kolkata",),
    "ireland": ("Europe/Dublin",),
    "israel": ("Asia/Jerusalem",),
    "italy": ("Europe/Rome",),
    "latvia": ("Europe/Riga",),
    "lithuania": ("Europe/Vilnius",),
    "luxembourg": ("Europe/Luxembourg",),
    "malta": ("Europe/Malta",),
    "mexico": ("America/Mexico_City", "America/Tijuana", "America/Cancun"),
    "netherlands": ("Europe/Amsterdam",),
    "new zealand": ("Pacific/Auckland",),
    "norway": ("Europe/Oslo",),
    "poland": ("Europe/Warsaw",),
    "portugal": ("Europe/Lisbon", "Atlantic/Azores"),
    "romania": ("Europe/Bucharest",),
    "slovakia": ("Europe/Bratislava",),
    "slovenia": ("Europe/Ljubljana",),
    "south africa": ("Africa/Johannesburg",),
    "spain": ("Europe/Madrid", "Atlantic/Canary"),
    "sweden": ("Europe/Stockholm",),
    "switzerland": ("Europe/Zurich",),
    "turkey": ("Europe/Istanbul",),
    "ukraine": ("Europe/Kyiv",),
    "uk": ("Europe/London",),
    "united kingdom": ("Europe/London",),
    "united states": (
        "America/New_York",
        "America/Chicago",
        "America/Denver",
        "America/Phoenix",
        "America/Los_Angeles",
        "America/Anchorage",
        "Pacific/Honolulu",
    ),
    "usa": (
        "America/New_York",
        "America/Chicago",
        "America/Denver",
        "America/Phoenix",
        "America/Los_Angeles",
        "America/Anchorage",
        "Pacific/Honolulu",
    ),
}


def gmt_offset(text: str | None) -> timedelta | None:
    """The offset of "GMT+1", "GMT-5:30", "+8" or "1"; None when unreadable."""
    if text is None:
        return None
    match = _GMT.match(str(text))
    if match is None:
        return None
    sign, hours, minutes = match.groups()
    offset = timedelta(hours=int(hours), minutes=int(minutes or 0))
    if offset > timedelta(hours=14):
        return None
    return -offset if sign == "-" else offset


def standard_offset(zone: tzinfo, year: int) -> timedelta:
    """A zone's offset without daylight saving time (the smaller of January's and July's)."""
    offsets = [
        datetime(year, month, 15, 12, tzinfo=UTC).astimezone(zone).utcoffset()
        or timedelta()
        for month in (1, 7)
    ]
    return min(offsets)


def _zone(name: str) -> tzinfo | None:
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return None


def plant_zone(
    timezone_text: str | None,
    country: str | None,
    home: tzinfo,
    *,
    year: int | None = None,
) -> tzinfo:
    """The zone of a plant's wall clock (see the module docstring for the order)."""
    zones = COUNTRY_ZONES.get((country or "").strip().lower(), ())
    offset = gmt_offset(timezone_text)
    if offset is None:
        named = _zone(timezone_text) if timezone_text else None
        only = _zone(zones[0]) if len(zones) == 1 else None
        return named or only or home
    year = year or datetime.now(UTC).year
    if standard_offset(home, year) == offset:
        return home
    for name in zones:
        zone = _zone(name)
        if zone is not None and standard_offset(zone, year) == offset:
            return zone
    minutes = int(offset.total_seconds() // 60)
    sign = "+" if minutes >= 0 else "-"
    hours, rest = divmod(abs(minutes), 60)
    label = f"GMT{sign}{hours}" + (f":{rest:02d}" if rest else "")
    return timezone(offset, label)


__all__ = ["COUNTRY_ZONES", "gmt_offset", "plant_zone", "standard_offset"]
