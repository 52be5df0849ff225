"""A device's energy by local day: the one place every history view reads.

A day's counters come from, in this order:

- `counters.today` for the local day the simulation is in (the local day of
  the device's `sim_time`, which lags the clock by up to one upload);
- `counters.days` for the days the simulation completed, or estimated across
  a long jump of the clock;
- the simulation's day model for the days from the plant's creation up to
  the first simulated day, with the array power the lifetime totals were
  seeded with;
- nothing (0) for the other days: before the plant's creation, and the days
  the simulation has not reached.

The lifetime totals grow by exactly what these days hold, so for every
counter the days since the plant's creation add up to the lifetime total.
Days are the plant's local calendar days (23 or 25 hours at DST changes).
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, timedelta

from .model import Device, Plant
from .simulation import day_model, model_day, model_days

ONE_DAY = timedelta(days=1)


def counter_day(plant: Plant, device: Device) -> date | None:
    """The local day `counters.today` belongs to (None before the simulation)."""
    if device.sim_time is None:
        return None
    return device.sim_time.astimezone(plant.tz).date()


def _modelled(device: Device) -> tuple[date, date] | None:
    """The first and last day of the day model's history, if any."""
    counters = device.counters
    if not counters.since or not counters.first:
        return None
    first = date.fromisoformat(counters.first)
    last = date.fromisoformat(counters.since) - ONE_DAY
    return (first, last) if first <= last else None


def day_values(plant: Plant, device: Device, day: date) -> Mapping[str, float]:
    """The counters (kWh) of a device's local day."""
    counters = device.counters
    if day == counter_day(plant, device):
        return counters.today
    recorded = counters.days.get(day.isoformat())
    if recorded is not None:
        return recorded
    modelled = _modelled(device)
    if modelled is not None and modelled[0] <= day <= modelled[1]:
        return model_day(plant, device, day, counters.array_w)
    return {}


def period_values(
    plant: Plant, device: Device, first: date, last: date
) -> dict[str, float]:
    """The counters (kWh) of a device summed over the local days `first..last`."""
    counters = device.counters
    totals: dict[str, float] = {}

    def add(values: Mapping[str, float]) -> None:
        for key, value in values.items():
            totals[key] = totals.get(key, 0.0) + value

    modelled = _modelled(device)
    if modelled is not None:
        low, high = max(first, modelled[0]), min(last, modelled[1])
        if low <= high:
            add(model_days(day_model(plant, device, counters.array_w), low, high))
    start, end = first.isoformat(), last.isoformat()
    for key, values in counters.days.items():
        if start <= key <= end:
            add(values)
    current = counter_day(plant, device)
    if current is not None and first <= current <= last:
        add(counters.today)
    return totals


def day_energy(plant: Plant, device: Device, day: date, key: str = "pv") -> float:
    """One counter (kWh, PV by default) of a device's local day."""
    return day_values(plant, device, day).get(key, 0.0)


def period_energy(
    plant: Plant, device: Device, first: date, last: date, key: str = "pv"
) -> float:
    """One counter (kWh, PV by default) of a device over the local days `first..last`."""
    return period_values(plant, device, first, last).get(key, 0.0)
