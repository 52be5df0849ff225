"""Coercion of Growatt's loosely typed values: never raises, gives None instead.

Growatt sends the same quantity as a number, a numeric string, a string with a
unit ("0 W", "12.3 kWh", "2.56 MWh", "0.01kW", "200Watt", "11.3%"), or as
"null", "" or null. Every function here takes whatever came off the wire and
returns a clean Python value, or None when the value is missing or malformed.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, datetime, time, timedelta, timezone, tzinfo
import math
import re
from typing import Any, Final

# Unit -> (dimension, factor to the dimension's base unit). Bases: W, kWh, %,
# V, A, Hz, °C, VA, kg (the plant list's CO2 "T" is really kg, see below).
_UNITS: Final[dict[str, tuple[str, float]]] = {
    "w": ("power", 1.0),
    "watt": ("power", 1.0),
    "watts": ("power", 1.0),
    "kw": ("power", 1000.0),
    # Nominal power is labelled kWp ("0.8kWp").
    "wp": ("power", 1.0),
    "kwp": ("power", 1000.0),
    "mw": ("power", 1_000_000.0),
    "wh": ("energy", 0.001),
    "kwh": ("energy", 1.0),
    "mwh": ("energy", 1000.0),
    "gwh": ("energy", 1_000_000.0),
    "%": ("percent", 1.0),
    "v": ("voltage", 1.0),
    "a": ("current", 1.0),
    "hz": ("frequency", 1.0),
    "°c": ("temperature", 1.0),
    "℃": ("temperature", 1.0),
    "c": ("temperature", 1.0),
    "va": ("apparent", 1.0),
    "kva": ("apparent", 1000.0),
    # plant_list's CO2 figure: Growatt computes kilograms but labels them "T"
    # and thousands of them "KT".
    "t": ("mass", 1.0),
    "kt": ("mass", 1000.0),
    "kg": ("mass", 1.0),
}

# A number with an optional leading currency sign and an optional trailing unit.
_NUMBER = re.compile(
    r"""^\s*
    (?P<prefix>[€$£¥₹]?)\s*
    (?P<number>[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?)
    \s*(?P<unit>[A-Za-z%°℃]*)\s*$""",
    re.VERBOSE,
)
_TIME = re.compile(r"^\s*(\d{1,2}):(\d{1,2})(?::(\d{1,2}))?\s*$")
_STAMP_FORMATS: Final = (
    "%Y-%m-%d %H:%M:%S",
    "%Y-%m-%d %H:%M",
    "%Y-%m-%dT%H:%M:%S",
    "%Y-%m-%d",
)
# java.util.Date.toString() on Growatt's servers: "Wed Dec 20 06:09:18 CST 2023",
# where CST is China Standard Time.
_JAVA_TEXT = re.compile(
    r"^\s*[A-Za-z]{3} ([A-Za-z]{3}) (\d{1,2}) (\d{1,2}):(\d{2}):(\d{2}) CST (\d{4})\s*$"
)
_MONTHS: Final = (
    "jan",
    "feb",
    "mar",
    "apr",
    "may",
    "jun",
    "jul",
    "aug",
    "sep",
    "oct",
    "nov",
    "dec",
)
CHINA_TZ: Final = timezone(timedelta(hours=8), "CST")
_NULLS: Final = frozenset({"", "null", "none", "nan", "undefined", "--"})
_TRUE: Final = frozenset({"1", "true", "on", "yes", "0001", "enable", "enabled"})
_FALSE: Final = frozenset({"0", "false", "off", "no", "0000", "disable", "disabled"})
_CURRENCY_CODES: Final = {"€": "EUR", "$": "USD", "£": "GBP", "¥": "CNY", "₹": "INR"}


def strip_nul(value: Any) -> str | None:
    """A string without Growatt's NUL padding (as in `bdc1Version`) and outer blanks.

    Non-strings and strings that are empty after cleaning give None.
    """
    if not isinstance(value, str):
        return None
    text = value.replace("\u0000", "").strip()
    return text or None


def to_str(value: Any) -> str | None:
    """A clean text value: NULs stripped, "" and "null" as None, numbers as text."""
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if not math.isfinite(value):
            return None
        return str(int(value)) if value.is_integer() else str(value)
    text = strip_nul(value)
    if text is None or text.lower() in _NULLS:
        return None
    return text


def _parse_number(value: Any) -> tuple[float, str] | None:
    """The number and the (lower-cased) unit of a raw value."""
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, int | float):
        number = float(value)
        return (number, "") if math.isfinite(number) else None
    if not isinstance(value, str):
        return None
    match = _NUMBER.match(value.replace("\u0000", ""))
    if match is None:
        return None
    try:
        number = float(match["number"])
    except ValueError:  # pragma: no cover - the regex admits only floats
        return None
    if not math.isfinite(number):
        return None
    return number, match["unit"].lower()


def to_float(
    value: Any, unit: str | None = None, *, assumed: str | None = None
) -> float | None:
    """A number from a raw value, converted to `unit` when that is given.

    `unit` is the unit wanted ("W", "kWh", "%", ...). A value that carries its
    own unit is converted to it ("0.01kW" -> 10.0 W, "2.56 MWh" -> 2560.0 kWh);
    a bare number is taken to be in `assumed` (default: already in `unit`), which
    is how the `_KW` endpoints' bare kW strings become W. A unit of another
    dimension than the one wanted ("12 kWh" asked as W) gives None, as do
    None, "", "null", NaN, infinities, booleans and garbage.
    """
    parsed = _parse_number(value)
    if parsed is None:
        return None
    number, found = parsed
    if found and found not in _UNITS:
        return None
    if unit is None:
        return number
    wanted = _UNITS.get(unit.lower())
    if wanted is None:
        return number
    source = found or (assumed.lower() if assumed else unit.lower())
    have = _UNITS.get(source)
    if have is None or have[0] != wanted[0]:
        return None
    factor = have[1] / wanted[1]
    if factor == 1:
        return number
    # Unit conversions of decimal strings must not leak binary noise
    # (0.29 kW is 290 W, not 289.99999999999997 W).
    return round(number * factor, 6)


def to_int(value: Any, unit: str | None = None) -> int | None:
    """An integer from a raw value ("1", 1.0, "45%"); a fractional value gives None."""
    number = to_float(value, unit)
    if number is None or not number.is_integer():
        return None
    return int(number)


def to_bool(value: Any) -> bool | None:
    """A flag: True/False, 0/1, "0"/"1", "true"/"false", "0000"/"0001" (v1 on/off)."""
    if isinstance(value, bool):
        return value
    if isinstance(value, int | float) and not isinstance(value, bool):
        if value == 1:
            return True
        if value == 0:
            return False
        return None
    if not isinstance(value, str):
        return None
    text = value.replace("\u0000", "").strip().lower()
    if text in _TRUE:
        return True
    if text in _FALSE:
        return False
    return None


def to_time(value: Any) -> time | None:
    """A time of day from "6:0", "06:00", "14:30:15" or a `time`.

    Growatt writes times unpadded ("6:0"); some fixtures pad them. "24:00"
    (end of day, used by Home Assistant's fixtures) becomes 23:59, the latest
    time a segment can end on the inverter; any other out-of-range value gives
    None.
    """
    if isinstance(value, time):
        return value
    if not isinstance(value, str):
        return None
    match = _TIME.match(value)
    if match is None:
        return None
    hour, minute = int(match[1]), int(match[2])
    second = int(match[3]) if match[3] else 0
    if hour == 24 and minute == 0 and second == 0:
        return time(23, 59)
    if hour > 23 or minute > 59 or second > 59:
        return None
    return time(hour, minute, second)


def to_datetime(value: Any, tz: tzinfo | None = None) -> datetime | None:
    """A moment from Growatt's date forms.

    * "YYYY-MM-DD HH:MM:SS" (also without seconds, or a bare date): local time
      of the plant, so it gets `tz` when given and stays naive otherwise;
    * a Java `Date` dict: its `time` (epoch ms) gives an aware UTC datetime;
      without `time`, the fields (year since 1900, 0-based month, `date`,
      `hours`, `minutes`, `seconds`, `timezoneOffset` in minutes west of UTC);
    * java.util.Date.toString() text ("Wed Dec 20 06:09:18 CST 2023",
      CST = China Standard Time, UTC+8);
    * an existing datetime (naive ones get `tz`).
    """
    if isinstance(value, datetime):
        return value.replace(tzinfo=tz) if value.tzinfo is None and tz else value
    if isinstance(value, Mapping):
        return _java_date(value)
    text = to_str(value) if isinstance(value, str) else None
    if text is None:
        return None
    for pattern in _STAMP_FORMATS:
        try:
            parsed = datetime.strptime(text, pattern)  # noqa: DTZ007 - plant local time
        except ValueError:
            continue
        return parsed.replace(tzinfo=tz) if tz else parsed
    return _java_text(text)


def _java_date(value: Mapping[str, Any]) -> datetime | None:
    """A Java Date serialized as a dict."""
    millis = to_float(value.get("time"))
    if millis is not None:
        try:
            return datetime.fromtimestamp(millis / 1000, tz=UTC)
        except (OverflowError, OSError, ValueError):
            return None
    parts = [
        to_int(value.get(key))
        for key in ("year", "month", "date", "hours", "minutes", "seconds")
    ]
    year, month, day, hour, minute, second = parts
    if year is None or month is None or day is None:
        return None
    offset = to_int(value.get("timezoneOffset"))
    try:
        moment = datetime(  # noqa: DTZ001 - the offset is applied just below
            year + 1900, month + 1, day, hour or 0, minute or 0, second or 0
        )
        if offset is None:
            return moment
        # timezoneOffset counts minutes WEST of UTC (-480 is UTC+8).
        return moment.replace(tzinfo=timezone(timedelta(minutes=-offset)))
    except (ValueError, OverflowError):
        return None


def _java_text(text: str) -> datetime | None:
    """java.util.Date.toString() as Growatt's servers print it."""
    match = _JAVA_TEXT.match(text)
    if match is None:
        return None
    month_name, day, hour, minute, second, year = match.groups()
    try:
        month = _MONTHS.index(month_name.lower()) + 1
        return datetime(
            int(year),
            month,
            int(day),
            int(hour),
            int(minute),
            int(second),
            tzinfo=CHINA_TZ,
        )
    except ValueError:
        return None


def split_money(value: Any) -> tuple[float | None, str | None]:
    """Amount and currency of "0.1/€", "123.45/USD", "1.2 " or "€0.33".

    The currency comes back as a code ("€" -> "EUR") so that both APIs agree.
    """
    text = to_str(value)
    if text is None:
        return None, None
    if "/" in text:
        amount, _, currency = text.partition("/")
        return to_float(amount), currency_code(currency)
    match = _NUMBER.match(text)
    if match is None:
        return None, None
    suffix = match["unit"]
    if suffix and not re.fullmatch(r"[A-Z]{3}", suffix):
        return None, None
    return to_float(match["number"]), currency_code(match["prefix"] or suffix)


def currency_code(value: Any) -> str | None:
    """A currency code from a symbol or code ("€" -> "EUR", "eur" -> "EUR")."""
    text = to_str(value)
    if text is None:
        return None
    return _CURRENCY_CODES.get(text, text.upper())


def as_dict(value: Any) -> dict[str, Any]:
    """`value` when it is a dict, else an empty dict (Growatt's `obj` may be null)."""
    return value if isinstance(value, dict) else {}


def unwrap(value: Any, *keys: str) -> dict[str, Any]:
    """The payload inside a wrapper (`data`, `obj`, `back`) if present, else `value`.

    The models accept either what the library returns or the whole response,
    so `{"data": {...}}` and `{...}` both work.
    """
    current = as_dict(value)
    for key in keys:
        inner = current.get(key)
        if isinstance(inner, dict):
            current = inner
    return current
