"""Lifetime energies Growatt does not report, counted by the integration.

The Energy dashboard needs lifetime (or at least never-resetting) counters
of solar production, grid import and export, and battery charge and
discharge. Some families report a flow only per day (the legacy SPH has no
lifetime grid import) or only as power (Noah's battery and PV). For those
the integration keeps its own counter, from the moment it is set up:

- from a daily value: what the day's value grew by since the last reading,
  and at the plant's midnight the new day's value from 0;
- from a power: the mean of two readings times the time between them,
  only between readings at most `MAX_GAP` apart that both come from a device
  Growatt still hears from (a gap counts nothing rather than a guess).

The counter is stored with the entity and resumes after a restart. It starts
at 0 when the integration is set up: it is not Growatt's lifetime figure,
and its name says so ("counted"). Where Growatt does report the lifetime
value, no counted sensor exists.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, timedelta, tzinfo
from typing import Any, Self

from homeassistant.components.sensor import (
    RestoreSensor,
    SensorDeviceClass,
    SensorEntityDescription,
    SensorExtraStoredData,
    SensorStateClass,
)
from homeassistant.const import UnitOfEnergy
from homeassistant.core import callback
from homeassistant.util import dt as dt_util

from .api import DeviceListing
from .api.models import Device, DeviceFamily
from .coordinator import GrowattCoordinator
from .counters import fresh_today, plant_tz
from .entity import GrowattDeviceEntity

# Two power readings further apart than this are not joined.
MAX_GAP = timedelta(minutes=15)

type Read = Callable[[Device], float | None]


@dataclass(frozen=True, kw_only=True)
class CountedEnergyDescription(SensorEntityDescription):
    """A flow to count where Growatt has no lifetime value for it."""

    total_fn: Read
    today_fn: Read
    power_fn: Read


def _counted(
    key: str, total: Read, today: Read, power: Read
) -> CountedEnergyDescription:
    return CountedEnergyDescription(
        key=f"{key}_energy_counted",
        translation_key=f"{key}_energy_counted",
        device_class=SensorDeviceClass.ENERGY,
        state_class=SensorStateClass.TOTAL_INCREASING,
        native_unit_of_measurement=UnitOfEnergy.KILO_WATT_HOUR,
        suggested_display_precision=1,
        total_fn=total,
        today_fn=today,
        power_fn=power,
    )


COUNTED_SENSORS: tuple[CountedEnergyDescription, ...] = (
    _counted(
        "pv",
        lambda d: d.energy.pv_total,
        lambda d: d.energy.pv_today,
        lambda d: d.telemetry.pv_power,
    ),
    _counted(
        "import",
        lambda d: d.energy.grid_import("total"),
        lambda d: d.energy.grid_import("today"),
        lambda d: d.telemetry.import_power,
    ),
    _counted(
        "export",
        lambda d: d.energy.grid_export("total"),
        lambda d: d.energy.grid_export("today"),
        lambda d: d.telemetry.export_power,
    ),
    _counted(
        "battery_charge",
        lambda d: d.energy.charge_total,
        lambda d: d.energy.charge_today,
        lambda d: d.telemetry.battery_charge_power,
    ),
    _counted(
        "battery_discharge",
        lambda d: d.energy.discharge_total,
        lambda d: d.energy.discharge_today,
        lambda d: d.telemetry.battery_discharge_power,
    ),
)


# Noah's "grid" power is what it feeds the house, not a grid meter's reading.
GRID_KEYS = frozenset({"import_energy_counted", "export_energy_counted"})


def counted_descriptions(device: Device) -> list[CountedEnergyDescription]:
    """The flows the device has but reports no lifetime value of."""
    return [
        description
        for description in COUNTED_SENSORS
        if not (device.family is DeviceFamily.NOAH and description.key in GRID_KEYS)
        and description.total_fn(device) is None
        and (
            description.today_fn(device) is not None
            or description.power_fn(device) is not None
        )
    ]


@dataclass
class CountedStoredData(SensorExtraStoredData):
    """The counter and where its daily source stood."""

    day: date | None = None
    last_today: float | None = None

    def as_dict(self) -> dict[str, Any]:
        """For the restore-state store."""
        data = super().as_dict()
        data["day"] = None if self.day is None else self.day.isoformat()
        data["last_today"] = self.last_today
        return data

    @classmethod
    def from_dict(cls, restored: dict[str, Any]) -> Self | None:
        """What `as_dict` stored; None when it is not that."""
        base = SensorExtraStoredData.from_dict(restored)
        if base is None:
            return None
        try:
            day = date.fromisoformat(restored["day"]) if restored.get("day") else None
        except (TypeError, ValueError):
            day = None
        last = restored.get("last_today")
        return cls(
            base.native_value,
            base.native_unit_of_measurement,
            day=day,
            last_today=float(last) if isinstance(last, int | float) else None,
        )


class EnergyCount:
    """The counting itself, free of Home Assistant: kWh from days or from power."""

    def __init__(self, total: float = 0.0) -> None:
        """Start at `total` kWh."""
        self.total = total
        self.day: date | None = None
        self.last_today: float | None = None
        self.last_power: float | None = None
        self.last_at: datetime | None = None

    def add_daily(self, today: float, day: date) -> None:
        """The day's value now: what it grew by is counted."""
        if self.day == day and self.last_today is not None:
            if today > self.last_today:
                self.total += today - self.last_today
                self.last_today = today
        elif self.day is not None:
            # A new local day: its value so far is all new.
            self.total += today
            self.last_today = today
        else:
            # The first reading: the counter starts here.
            self.last_today = today
        self.day = day

    def add_power(self, watts: float | None, at: datetime) -> None:
        """A power reading at `at`; None breaks the chain (nothing is guessed)."""
        if (
            watts is not None
            and self.last_power is not None
            and self.last_at is not None
            and timedelta(0) < at - self.last_at <= MAX_GAP
        ):
            hours = (at - self.last_at).total_seconds() / 3600
            self.total += max(0.0, (watts + self.last_power) / 2) * hours / 1000
        self.last_power, self.last_at = watts, at if watts is not None else None


class GrowattCountedEnergySensor(GrowattDeviceEntity, RestoreSensor):
    """A lifetime energy the integration counts (see the module)."""

    entity_description: CountedEnergyDescription

    def __init__(
        self,
        coordinator: GrowattCoordinator,
        ref: DeviceListing,
        description: CountedEnergyDescription,
    ) -> None:
        """Count one flow of one device."""
        super().__init__(coordinator, ref)
        self.entity_description = description
        self._attr_unique_id = f"{ref.serial}_{description.key}"
        self._count = EnergyCount()
        self._attr_native_value = 0.0

    async def async_added_to_hass(self) -> None:
        """Resume from the count stored before the restart."""
        await super().async_added_to_hass()
        extra = await self.async_get_last_extra_data()
        stored = None if extra is None else CountedStoredData.from_dict(extra.as_dict())
        if stored is not None and isinstance(stored.native_value, int | float):
            self._count.total = float(stored.native_value)
            self._count.day, self._count.last_today = stored.day, stored.last_today
        self._count_reading()

    @property
    def available(self) -> bool:
        """A count is always known."""
        return self.device is not None

    @property
    def extra_restore_state_data(self) -> CountedStoredData:
        """The count and its daily source's last reading."""
        return CountedStoredData(
            self.native_value,
            self.native_unit_of_measurement,
            day=self._count.day,
            last_today=self._count.last_today,
        )

    @callback
    def _handle_coordinator_update(self) -> None:
        self._count_reading()
        super()._handle_coordinator_update()

    def _count_reading(self) -> None:
        device = self.device
        if device is None:
            return
        description = self.entity_description
        tz: tzinfo = plant_tz(self.coordinator, self.ref.plant_id)
        today = description.today_fn(device)
        if today is not None:
            today = fresh_today(device, today, tz)
        if today is not None:
            self._count.add_daily(today, dt_util.now(tz).date())
        else:
            lost = self.coordinator.data.lost(self.ref.serial)
            power = None if lost else description.power_fn(device)
            self._count.add_power(power, dt_util.utcnow())
        self._attr_native_value = round(self._count.total, 3)
