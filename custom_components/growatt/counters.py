"""Counters the Energy dashboard can trust: never backwards, one reset a day.

Growatt reports lifetime totals (energy and money) as 0 while an inverter
sleeps, sometimes a smaller value for a moment, and serves yesterday's daily
record for a while after midnight. Each would count as a meter reset on the
Energy dashboard. A `CounterGuard` keeps what was shown, a `GuardedCounter`
keeps the guard across restarts and starts a daily counter over at the
plant's midnight.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, tzinfo
from typing import Any, Self

from homeassistant.components.sensor import RestoreSensor, SensorExtraStoredData
from homeassistant.core import CALLBACK_TYPE, callback
from homeassistant.helpers.event import async_track_point_in_time
from homeassistant.util import dt as dt_util

from .api.models import Device, EnergyCounters, EnergyPeriod
from .coordinator import GrowattCoordinator

EnergyReader = Callable[[EnergyCounters, EnergyPeriod], float | None]

# What each energy counter reads, by its sensors' key prefix (keys are part
# of unique ids: never rename them). The history import reads the same.
ENERGY_KINDS: tuple[tuple[str, EnergyReader], ...] = (
    ("pv_energy", lambda e, p: e.reported(p).pv),
    ("ac_energy", lambda e, p: e.reported(p).ac),
    ("battery_charge_energy", lambda e, p: e.reported(p).charge),
    ("battery_discharge_energy", lambda e, p: e.reported(p).discharge),
    ("grid_charge_energy", lambda e, p: e.reported(p).ac_charge),
    ("export_energy", EnergyCounters.grid_export),
    ("import_energy", EnergyCounters.grid_import),
    ("load_energy", EnergyCounters.load),
    ("self_consumption_energy", EnergyCounters.self_consumption),
)


def plant_tz(coordinator: GrowattCoordinator, plant_id: str) -> tzinfo:
    """The plant's timezone, else Home Assistant's: where its local day ends."""
    plant = coordinator.data.plants.get(plant_id)
    return (plant.ref.tz if plant else None) or dt_util.get_default_time_zone()


def _data_day_is_over(device: Device, tz: tzinfo | None = None) -> bool:
    """Whether the device's data was recorded before the plant's local midnight.

    A device that stops reporting in the evening keeps serving yesterday's
    record after midnight, daily counters included.
    """
    moment = device.identity.last_update
    if moment is None:
        return False
    zone = tz or moment.tzinfo or dt_util.get_default_time_zone()
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=zone)
    return moment < datetime.combine(dt_util.now(zone).date(), time(), tzinfo=zone)


def fresh_today(
    device: Device, value: float | None, tz: tzinfo | None = None
) -> float | None:
    """A daily counter of the device, or 0 when its data is from before midnight."""
    if value is not None and _data_day_is_over(device, tz):
        return 0.0
    return value


class CounterGuard:
    """Keeps a counter (energy or money) from going down.

    Lifetime counters never go down: Growatt reports them as 0 while an
    inverter sleeps and sometimes a smaller value for a moment, and either
    would count as a meter reset on the energy dashboard, adding the whole
    lifetime again when the right value returns. Daily counters do the same
    within the plant's local day, and start over once, at its midnight, where
    a value equal to the last one of yesterday is Growatt still serving
    yesterday's record.
    """

    def __init__(self, *, daily: bool) -> None:
        """Guard a daily or a lifetime counter."""
        self.daily = daily
        self.last: float | None = None
        # Daily counters: the local day `last` belongs to, and yesterday's last
        # value while Growatt may still serve it as today's.
        self.day: date | None = None
        self.yesterday: float | None = None

    def update(self, value: float | None, tz: tzinfo) -> float | None:
        """The value to show for a newly reported one."""
        if self.daily:
            today = dt_util.now(tz).date()
            if self.day is not None and today != self.day:
                # Only the day right before can still be served as today's.
                just_over = today - self.day == timedelta(days=1)
                self.yesterday = self.last if just_over else None
                self.last = None
            self.day = today
            if value is not None and self.yesterday is not None:
                if value == self.yesterday:
                    value = 0.0
                elif value > 0:
                    self.yesterday = None
        if value is None:
            return self.last
        if self.last is None or value >= self.last:
            self.last = value
        return self.last

    def restore(
        self, value: float | None, day: date | None, yesterday: float | None = None
    ) -> None:
        """Resume from the value shown before a restart.

        A lifetime counter resumes from it whatever the day. A daily counter
        needs the local day it belongs to (without one it starts afresh): the
        next update keeps it within that day and takes it for yesterday's after
        midnight, so a restart on another day never shows it as today's.
        """
        if value is None:
            return
        if not self.daily:
            self.last = value if self.last is None else max(self.last, value)
            return
        if day is None:
            return
        self.day, self.last, self.yesterday = day, value, yesterday


@dataclass
class CounterStoredData(SensorExtraStoredData):
    """What a guarded counter keeps across a restart.

    The sensor's value and unit (as `RestoreSensor` stores them), and for a
    daily counter the plant's local day of that value and yesterday's last
    value while it may still come back.
    """

    day: date | None = None
    yesterday: float | None = None

    def as_dict(self) -> dict[str, Any]:
        """The stored form."""
        return super().as_dict() | {
            "day": None if self.day is None else self.day.isoformat(),
            "yesterday": self.yesterday,
        }

    @classmethod
    def from_dict(cls, restored: dict[str, Any]) -> Self | None:
        """Read the stored form (also a plain `RestoreSensor`'s, without a day)."""
        sensor = SensorExtraStoredData.from_dict(restored)
        if sensor is None:
            return None
        day = restored.get("day")
        return cls(
            sensor.native_value,
            sensor.native_unit_of_measurement,
            day=dt_util.parse_date(day) if isinstance(day, str) else None,
            yesterday=_number(restored.get("yesterday")),
        )


def _number(value: Any) -> float | None:
    """A stored value as a number, if it is one."""
    if value is None or isinstance(value, bool):
        return None
    try:
        return float(value)
    except (TypeError, ValueError):
        return None


class GuardedCounter(RestoreSensor):
    """A sensor shown through a `CounterGuard` that survives a restart."""

    _guard: CounterGuard
    _midnight: CALLBACK_TYPE | None = None

    def _update_value(self) -> None:
        raise NotImplementedError

    @callback
    def _start_over_at_midnight(self, tz: tzinfo) -> None:
        """A daily counter starts over at the plant's midnight, not at the next poll.

        Polls are minutes apart, longer at night: without this the counter
        would show yesterday's total well into the new day.
        """
        if not self._guard.daily:
            return
        if self._midnight is not None:
            self._midnight()
        tomorrow = dt_util.now(tz).date() + timedelta(days=1)

        @callback
        def start_over(_: datetime) -> None:
            self._midnight = None
            self._update_value()
            self.async_write_ha_state()
            self._start_over_at_midnight(tz)

        self._midnight = async_track_point_in_time(
            self.hass, start_over, datetime.combine(tomorrow, time(0), tzinfo=tz)
        )

    async def async_will_remove_from_hass(self) -> None:
        """Stop the midnight timer."""
        if self._midnight is not None:
            self._midnight()
            self._midnight = None
        await super().async_will_remove_from_hass()

    @property
    def extra_restore_state_data(self) -> CounterStoredData:
        """The value and, for a daily counter, the local day it belongs to."""
        return CounterStoredData(
            self.native_value,
            self.native_unit_of_measurement,
            day=self._guard.day if self._guard.daily else None,
            yesterday=self._guard.yesterday if self._guard.daily else None,
        )

    async def _async_restore_guard(self, tz: tzinfo) -> None:
        """Resume the guard from what the counter showed before the restart."""
        extra = await self.async_get_last_extra_data()
        stored = None if extra is None else CounterStoredData.from_dict(extra.as_dict())
        if stored is None:
            return
        # Another unit (a plant's new currency) is not the same counter.
        if stored.native_unit_of_measurement != self.native_unit_of_measurement:
            return
        value = _number(stored.native_value)
        day = stored.day
        if self._guard.daily and day is None and value is not None:
            day = await self._async_day_of_last_state(tz)
        self._guard.restore(value, day, stored.yesterday)

    async def _async_day_of_last_state(self, tz: tzinfo) -> date | None:
        """The local day of a value stored without one (before days were stored).

        The last state changed to the value then: its day is the value's.
        """
        state = await self.async_get_last_state()
        if state is None or _number(state.state) is None:
            return None
        return state.last_changed.astimezone(tz).date()
