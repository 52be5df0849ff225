"""Growatt's energy history: which requests cover a span of days, and their answers.

The legacy API gives a plant's PV energy per day of a month in one request
(`PlantDetailAPI.do?type=1`, `data` keyed "01".."31", kWh as text). OpenAPI
v1 gives it per day for at most 7 days a request (`plant/energy` with
`time_unit=day`, `energys: [{date, energy}]`). A window is what one request
covers; days are the plant's local calendar days.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, timedelta
from typing import Any

from .models.coerce import to_float
from .models.common import calendar_day
from .v1_devices import Inverter, Max, Min, Spa, Sph, Storage

# v1 answers at most this many days of a `time_unit=day` range.
V1_DAYS_PER_REQUEST = 7

# The endpoints (as requests are counted) only an import of the past asks:
# a plant's daily energy, and v1's device records of a day.
HISTORY_ENDPOINTS = frozenset(
    {
        "PlantDetailAPI.do",
        "v1/plant/energy",
        *(
            f"v1/{device.history_path}"
            for device in (Min, Sph, Spa, Inverter, Storage, Max)
        ),
    }
)


def month_windows(first: date, last: date) -> list[tuple[date, date]]:
    """Calendar months (clipped to the span), oldest first."""
    windows: list[tuple[date, date]] = []
    start = first
    while start <= last:
        next_month = (start.replace(day=1) + timedelta(days=32)).replace(day=1)
        end = min(last, next_month - timedelta(days=1))
        windows.append((start, end))
        start = next_month
    return windows


def week_windows(first: date, last: date) -> list[tuple[date, date]]:
    """Runs of at most 7 days, oldest first."""
    windows: list[tuple[date, date]] = []
    start = first
    while start <= last:
        end = min(last, start + timedelta(days=V1_DAYS_PER_REQUEST - 1))
        windows.append((start, end))
        start = end + timedelta(days=1)
    return windows


def month_days(back: Mapping[str, Any], first: date, last: date) -> dict[date, float]:
    """`PlantDetailAPI.do?type=1`: the month's days within the window."""
    data = back.get("data")
    days: dict[date, float] = {}
    if not isinstance(data, Mapping):
        return days
    for key, text in data.items():
        value = to_float(text)
        if value is None or not str(key).isdigit():
            continue
        try:
            day = first.replace(day=int(key))
        except ValueError:
            continue
        if first <= day <= last:
            days[day] = value
    return days


def energys(answer: Mapping[str, Any], first: date, last: date) -> dict[date, float]:
    """v1 `plant/energy` (`time_unit=day`): the days within the window."""
    days: dict[date, float] = {}
    for item in answer.get("energys") or []:
        if not isinstance(item, Mapping):
            continue
        day = calendar_day(str(item.get("date") or ""))
        value = to_float(item.get("energy"))
        if day is not None and value is not None and first <= day <= last:
            days[day] = value
    return days


__all__ = [
    "HISTORY_ENDPOINTS",
    "V1_DAYS_PER_REQUEST",
    "energys",
    "month_days",
    "month_windows",
    "week_windows",
]
