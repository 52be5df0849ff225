"""Sensors: device telemetry and energy, plant totals, and the request budget.

A sensor exists when its device reports the value (`exists_fn`), not because
of a model name. Counters (energy and money) guard the energy dashboard
against Growatt's habits: lifetime totals that read 0 while an inverter
sleeps, daily counters that carry yesterday's value past midnight. The guards
survive a restart: a counter resumes from the value it showed, and a daily one
only within the plant's local day that value belongs to.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, tzinfo
from functools import cache
from typing import Any, Self

from homeassistant.components.sensor import (
    RestoreSensor,
    SensorDeviceClass,
    SensorEntity,
    SensorEntityDescription,
    SensorExtraStoredData,
    SensorStateClass,
)
from homeassistant.const import (
    PERCENTAGE,
    EntityCategory,
    UnitOfElectricCurrent,
    UnitOfElectricPotential,
    UnitOfEnergy,
    UnitOfFrequency,
    UnitOfPower,
    UnitOfTemperature,
)
from homeassistant.core import CALLBACK_TYPE, HomeAssistant, callback
from homeassistant.helpers.entity_platform import AddConfigEntryEntitiesCallback
from homeassistant.helpers.event import async_track_point_in_time
from homeassistant.helpers.typing import StateType
from homeassistant.util import dt as dt_util

from .api import DeviceListing
from .api.models import (
    ENERGY_PERIODS,
    Device,
    EnergyCounters,
    EnergyPeriod,
    Plant,
    PvString,
)
from .coordinator import GrowattCoordinator, RequestBudget
from .entity import GrowattDeviceEntity, GrowattPlantEntity
from .runtime import GrowattConfigEntry

# Read-only: the coordinator does all the requests.
PARALLEL_UPDATES = 0


@dataclass(frozen=True, kw_only=True)
class GrowattSensorEntityDescription(SensorEntityDescription):
    """A device sensor: how to read it, and whether the device has it."""

    value_fn: Callable[[Device], StateType]
    exists_fn: Callable[[Device], bool] = lambda device: True
    # Growatt serves a lost device's powers as 0: unknown is the truth.
    available_when_lost: bool = False


@dataclass(frozen=True, kw_only=True)
class GrowattEnergySensorEntityDescription(GrowattSensorEntityDescription):
    """An energy counter; `daily` ones reset at local midnight."""

    daily: bool


@dataclass(frozen=True, kw_only=True)
class GrowattPlantSensorEntityDescription(SensorEntityDescription):
    """A plant sensor, summed from the plant's devices or read from the plant.

    `value_fn` gets the plant's timezone, for daily sums. A `counter` (energy
    or money) never goes down: within the plant's local day when `daily`.
    """

    value_fn: Callable[[Plant, Iterable[Device], tzinfo], StateType]
    exists_fn: Callable[[Plant, Iterable[Device]], bool] = lambda plant, devices: True
    counter: bool = False
    daily: bool = False


def _reported[T](read: Callable[[Device], T | None]) -> Callable[[Device], bool]:
    """`exists_fn` for a value the device reports (not None)."""
    return lambda device: read(device) is not None


def _power(
    key: str, read: Callable[[Device], float | None]
) -> GrowattSensorEntityDescription:
    return GrowattSensorEntityDescription(
        key=key,
        translation_key=key,
        device_class=SensorDeviceClass.POWER,
        state_class=SensorStateClass.MEASUREMENT,
        native_unit_of_measurement=UnitOfPower.WATT,
        suggested_display_precision=0,
        value_fn=read,
        exists_fn=_reported(read),
    )


def _temperature(
    key: str, read: Callable[[Device], float | None]
) -> GrowattSensorEntityDescription:
    return GrowattSensorEntityDescription(
        key=key,
        translation_key=key,
        device_class=SensorDeviceClass.TEMPERATURE,
        state_class=SensorStateClass.MEASUREMENT,
        native_unit_of_measurement=UnitOfTemperature.CELSIUS,
        suggested_display_precision=1,
        entity_category=EntityCategory.DIAGNOSTIC,
        entity_registry_enabled_default=False,
        value_fn=read,
        exists_fn=_reported(read),
    )


TELEMETRY_SENSORS: tuple[GrowattSensorEntityDescription, ...] = (
    _power("pv_power", lambda d: d.telemetry.pv_power),
    _power("ac_power", lambda d: d.telemetry.ac_power),
    _power("load_power", lambda d: d.telemetry.load_power),
    _power("import_power", lambda d: d.telemetry.import_power),
    _power("export_power", lambda d: d.telemetry.export_power),
    _power("battery_charge_power", lambda d: d.telemetry.battery_charge_power),
    _power("battery_discharge_power", lambda d: d.telemetry.battery_discharge_power),
    GrowattSensorEntityDescription(
        key="soc",
        device_class=SensorDeviceClass.BATTERY,
        state_class=SensorStateClass.MEASUREMENT,
        native_unit_of_measurement=PERCENTAGE,
        suggested_display_precision=0,
        value_fn=lambda d: d.telemetry.soc,
        exists_fn=lambda d: d.telemetry.soc is not None,
    ),
    GrowattSensorEntityDescription(
        key="battery_voltage",
        translation_key="battery_voltage",
        device_class=SensorDeviceClass.VOLTAGE,
        state_class=SensorStateClass.MEASUREMENT,
        native_unit_of_measurement=UnitOfElectricPotential.VOLT,
        suggested_display_precision=1,
        value_fn=lambda d: d.telemetry.battery_voltage,
        exists_fn=lambda d: d.telemetry.battery_voltage is not None,
    ),
    GrowattSensorEntityDescription(
        key="battery_current",
        translation_key="battery_current",
        device_class=SensorDeviceClass.CURRENT,
        state_class=SensorStateClass.MEASUREMENT,
        native_unit_of_measurement=UnitOfElectricCurrent.AMPERE,
        suggested_display_precision=1,
        entity_registry_enabled_default=False,
        value_fn=lambda d: d.telemetry.battery_current,
        exists_fn=lambda d: d.telemetry.battery_current is not None,
    ),
    GrowattSensorEntityDescription(
        key="ac_voltage",
        translation_key="ac_voltage",
        device_class=SensorDeviceClass.VOLTAGE,
        state_class=SensorStateClass.MEASUREMENT,
        native_unit_of_measurement=UnitOfElectricPotential.VOLT,
        suggested_display_precision=1,
        entity_registry_enabled_default=False,
        value_fn=lambda d: d.telemetry.ac_voltage,
        exists_fn=lambda d: d.telemetry.ac_voltage is not None,
    ),
    GrowattSensorEntityDescription(
        key="ac_current",
        translation_key="ac_current",
        device_class=SensorDeviceClass.CURRENT,
        state_class=SensorStateClass.MEASUREMENT,
        native_unit_of_measurement=UnitOfElectricCurrent.AMPERE,
        suggested_display_precision=1,
        entity_registry_enabled_default=False,
        value_fn=lambda d: d.telemetry.ac_current,
        exists_fn=lambda d: d.telemetry.ac_current is not None,
    ),
    GrowattSensorEntityDescription(
        key="ac_frequency",
        translation_key="ac_frequency",
        device_class=SensorDeviceClass.FREQUENCY,
        state_class=SensorStateClass.MEASUREMENT,
        native_unit_of_measurement=UnitOfFrequency.HERTZ,
        suggested_display_precision=2,
        entity_registry_enabled_default=False,
        value_fn=lambda d: d.telemetry.ac_frequency,
        exists_fn=lambda d: d.telemetry.ac_frequency is not None,
    ),
    _temperature("temperature", lambda d: d.telemetry.temperature),
    _temperature("ipm_temperature", lambda d: d.telemetry.ipm_temperature),
    _temperature("battery_temperature", lambda d: d.telemetry.battery_temperature),
    # Growatt's status codes differ per family and per API (a MIX reads 1 on
    # the legacy API and 5 on v1 for the same state), so the code is shown
    # as reported rather than mapped to states that would be wrong for some.
    GrowattSensorEntityDescription(
        key="status",
        translation_key="status",
        entity_category=EntityCategory.DIAGNOSTIC,
        available_when_lost=True,
        value_fn=lambda d: d.telemetry.status,
        exists_fn=lambda d: d.telemetry.status is not None,
    ),
)


def _string(device: Device, index: int) -> PvString | None:
    return next((s for s in device.telemetry.pv_strings if s.index == index), None)


@cache
def pv_string_sensors(index: int) -> tuple[GrowattSensorEntityDescription, ...]:
    """Voltage, current and power of PV input `index`."""

    def read(field: str) -> Callable[[Device], float | None]:
        def value(device: Device) -> float | None:
            found = _string(device, index)
            return None if found is None else getattr(found, field)

        return value

    placeholders = {"string": str(index)}
    return (
        GrowattSensorEntityDescription(
            key=f"pv{index}_voltage",
            translation_key="pv_string_voltage",
            translation_placeholders=placeholders,
            device_class=SensorDeviceClass.VOLTAGE,
            state_class=SensorStateClass.MEASUREMENT,
            native_unit_of_measurement=UnitOfElectricPotential.VOLT,
            suggested_display_precision=1,
            entity_registry_enabled_default=False,
            value_fn=read("voltage"),
            exists_fn=_reported(read("voltage")),
        ),
        GrowattSensorEntityDescription(
            key=f"pv{index}_current",
            translation_key="pv_string_current",
            translation_placeholders=placeholders,
            device_class=SensorDeviceClass.CURRENT,
            state_class=SensorStateClass.MEASUREMENT,
            native_unit_of_measurement=UnitOfElectricCurrent.AMPERE,
            suggested_display_precision=1,
            entity_registry_enabled_default=False,
            value_fn=read("current"),
            exists_fn=_reported(read("current")),
        ),
        GrowattSensorEntityDescription(
            key=f"pv{index}_power",
            translation_key="pv_string_power",
            translation_placeholders=placeholders,
            device_class=SensorDeviceClass.POWER,
            state_class=SensorStateClass.MEASUREMENT,
            native_unit_of_measurement=UnitOfPower.WATT,
            suggested_display_precision=0,
            value_fn=read("power"),
            exists_fn=_reported(read("power")),
        ),
    )


# -- energy counters and their derivations ---------------------------------------


EnergyReader = Callable[[EnergyCounters, EnergyPeriod], float | None]

# Key prefix -> reader. Keys are part of unique ids: never rename them.
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


def _energy_description(
    prefix: str, read: EnergyReader, period: EnergyPeriod
) -> GrowattEnergySensorEntityDescription:
    def value(device: Device) -> float | None:
        return read(device.energy, period)

    key = f"{prefix}_{period}"
    return GrowattEnergySensorEntityDescription(
        key=key,
        translation_key=key,
        device_class=SensorDeviceClass.ENERGY,
        state_class=SensorStateClass.TOTAL_INCREASING,
        native_unit_of_measurement=UnitOfEnergy.KILO_WATT_HOUR,
        suggested_display_precision=1 if period == "today" else 0,
        daily=period == "today",
        value_fn=value,
        exists_fn=_reported(value),
    )


ENERGY_SENSORS: tuple[GrowattEnergySensorEntityDescription, ...] = tuple(
    _energy_description(prefix, read, period)
    for prefix, read in ENERGY_KINDS
    for period in ENERGY_PERIODS
)


def device_descriptions(device: Device) -> list[GrowattSensorEntityDescription]:
    """Every sensor the device's data allows."""
    candidates: list[GrowattSensorEntityDescription] = [
        *TELEMETRY_SENSORS,
        *ENERGY_SENSORS,
    ]
    for string in device.telemetry.pv_strings:
        candidates.extend(pv_string_sensors(string.index))
    return [desc for desc in candidates if desc.exists_fn(device)]


# -- plant sensors -------------------------------------------------------------------


def _sum(values: Iterable[float | None]) -> float | None:
    present = [value for value in values if value is not None]
    return round(sum(present), 6) if present else None


PLANT_SENSORS: tuple[GrowattPlantSensorEntityDescription, ...] = (
    # The plant list is read hourly at most (and once with a token), so its
    # power and energy would lag: the plant's figures are the sums of its
    # devices' PV, as Growatt's own plant totals are. Its money figure comes
    # from the plant list.
    GrowattPlantSensorEntityDescription(
        key="plant_pv_power",
        translation_key="plant_pv_power",
        device_class=SensorDeviceClass.POWER,
        state_class=SensorStateClass.MEASUREMENT,
        native_unit_of_measurement=UnitOfPower.WATT,
        suggested_display_precision=0,
        value_fn=lambda plant, devices, tz: _sum(d.telemetry.pv_power for d in devices),
    ),
    GrowattPlantSensorEntityDescription(
        key="plant_pv_energy_today",
        translation_key="plant_pv_energy_today",
        device_class=SensorDeviceClass.ENERGY,
        state_class=SensorStateClass.TOTAL_INCREASING,
        native_unit_of_measurement=UnitOfEnergy.KILO_WATT_HOUR,
        suggested_display_precision=1,
        counter=True,
        daily=True,
        value_fn=lambda plant, devices, tz: _sum(
            _fresh_today(d, d.energy.pv_today, tz) for d in devices
        ),
    ),
    GrowattPlantSensorEntityDescription(
        key="plant_pv_energy_total",
        translation_key="plant_pv_energy_total",
        device_class=SensorDeviceClass.ENERGY,
        state_class=SensorStateClass.TOTAL_INCREASING,
        native_unit_of_measurement=UnitOfEnergy.KILO_WATT_HOUR,
        suggested_display_precision=0,
        counter=True,
        value_fn=lambda plant, devices, tz: _sum(d.energy.pv_total for d in devices),
    ),
    # Lifetime earnings: Growatt derives them from the lifetime energy, so
    # they read 0 (or less) at night as that does. Monetary sensors take the
    # `total` state class only, which a decrease would take for a refund.
    GrowattPlantSensorEntityDescription(
        key="plant_money_total",
        translation_key="plant_money_total",
        state_class=SensorStateClass.TOTAL,
        suggested_display_precision=2,
        counter=True,
        value_fn=lambda plant, devices, tz: plant.money_total,
        exists_fn=lambda plant, devices: plant.money_total is not None,
    ),
)

REQUESTS_TODAY = SensorEntityDescription(
    key="requests_today",
    translation_key="requests_today",
    state_class=SensorStateClass.TOTAL_INCREASING,
    entity_category=EntityCategory.DIAGNOSTIC,
)


# -- counter guards ------------------------------------------------------------------


def _plant_tz(coordinator: GrowattCoordinator, plant_id: str) -> tzinfo:
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


def _fresh_today(
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


# -- entities -------------------------------------------------------------------------


class GrowattDeviceSensor(GrowattDeviceEntity, SensorEntity):
    """A value a device reports now."""

    entity_description: GrowattSensorEntityDescription

    def __init__(
        self,
        coordinator: GrowattCoordinator,
        ref: DeviceListing,
        description: GrowattSensorEntityDescription,
    ) -> None:
        """Describe one value of one device."""
        super().__init__(coordinator, ref)
        self.entity_description = description
        self._attr_unique_id = f"{ref.serial}_{description.key}"

    @property
    def available(self) -> bool:
        """Unavailable while Growatt says the device stopped reporting."""
        if not super().available:
            return False
        if self.entity_description.available_when_lost:
            return True
        return self.device is not None and self.device.identity.online is not False

    @property
    def native_value(self) -> StateType:
        """The latest value."""
        if (device := self.device) is None:
            return None
        return self.entity_description.value_fn(device)


class GrowattEnergySensor(GrowattDeviceEntity, GuardedCounter):
    """An energy counter of a device, safe for the energy dashboard.

    It stays available while Growatt says the device is lost: the guard
    keeps the last good value, which is still true.
    """

    entity_description: GrowattEnergySensorEntityDescription

    def __init__(
        self,
        coordinator: GrowattCoordinator,
        ref: DeviceListing,
        description: GrowattEnergySensorEntityDescription,
    ) -> None:
        """Describe one counter of one device."""
        super().__init__(coordinator, ref)
        self.entity_description = description
        self._attr_unique_id = f"{ref.serial}_{description.key}"
        self._guard = CounterGuard(daily=description.daily)

    async def async_added_to_hass(self) -> None:
        """Resume the counter from the value it showed before the restart."""
        await super().async_added_to_hass()
        await self._async_restore_guard(self._tz)
        self._update_value()
        self._start_over_at_midnight(self._tz)

    @callback
    def _handle_coordinator_update(self) -> None:
        self._update_value()
        super()._handle_coordinator_update()

    def _update_value(self) -> None:
        device = self.device
        tz = self._tz
        value: float | None = None
        if device is not None:
            raw = self.entity_description.value_fn(device)
            value = None if raw is None else float(raw)
            if self.entity_description.daily:
                value = _fresh_today(device, value, tz)
        self._attr_native_value = self._guard.update(value, tz)

    @property
    def _tz(self) -> tzinfo:
        return _plant_tz(self.coordinator, self.ref.plant_id)


class GrowattPlantSensor(GrowattPlantEntity, GuardedCounter):
    """A plant figure, summed from its devices or read from the plant each refresh."""

    entity_description: GrowattPlantSensorEntityDescription

    def __init__(
        self,
        coordinator: GrowattCoordinator,
        plant_id: str,
        description: GrowattPlantSensorEntityDescription,
    ) -> None:
        """Describe one figure of one plant."""
        super().__init__(coordinator, plant_id)
        self.entity_description = description
        self._attr_unique_id = f"{plant_id}_{description.key}"
        self._guard = CounterGuard(daily=description.daily)
        if description.key == "plant_money_total" and (
            currency := coordinator.data.plants[plant_id].plant.currency
        ):
            self._attr_device_class = SensorDeviceClass.MONETARY
            self._attr_native_unit_of_measurement = currency

    async def async_added_to_hass(self) -> None:
        """Resume a counter from the value it showed before the restart."""
        await super().async_added_to_hass()
        if self.entity_description.counter:
            await self._async_restore_guard(_plant_tz(self.coordinator, self.plant_id))
            self._start_over_at_midnight(_plant_tz(self.coordinator, self.plant_id))
        self._update_value()

    @callback
    def _handle_coordinator_update(self) -> None:
        self._update_value()
        super()._handle_coordinator_update()

    def _update_value(self) -> None:
        plant = self.plant
        if plant is None:
            self._attr_native_value = None
            return
        tz = _plant_tz(self.coordinator, self.plant_id)
        value = self.entity_description.value_fn(
            plant.plant, plant.devices.values(), tz
        )
        if not self.entity_description.counter:
            self._attr_native_value = value
            return
        self._attr_native_value = self._guard.update(
            None if value is None else float(value), tz
        )


class GrowattRequestsSensor(GrowattPlantEntity, SensorEntity):
    """Today's requests to Growatt against the daily budget."""

    entity_description = REQUESTS_TODAY

    def __init__(
        self, coordinator: GrowattCoordinator, plant_id: str, budget: RequestBudget
    ) -> None:
        """Show the entry's budget on its first plant."""
        super().__init__(coordinator, plant_id)
        self.budget = budget
        self._attr_unique_id = f"{coordinator.config_entry.entry_id}_requests_today"

    @property
    def available(self) -> bool:
        """The count is known even when Growatt does not answer."""
        return True

    @property
    def native_value(self) -> int:
        """Requests since local midnight."""
        return self.budget.used_today

    @property
    def extra_state_attributes(self) -> dict[str, Any]:
        """The budget and the interval it currently allows."""
        interval = self.coordinator.update_interval
        return {
            "budget": self.budget.per_day,
            "interval": (
                None if interval is None else round(interval.total_seconds() / 60, 1)
            ),
        }


# -- setup ----------------------------------------------------------------------------


async def async_setup_entry(
    hass: HomeAssistant,
    entry: GrowattConfigEntry,
    async_add_entities: AddConfigEntryEntitiesCallback,
) -> None:
    """Add the plants' sensors now and each device's as its data appears."""
    coordinator = entry.runtime_data.coordinator
    plants = coordinator.data.plants
    entities: list[SensorEntity] = []
    for plant_id, plant in plants.items():
        devices = plant.devices.values()
        entities.extend(
            GrowattPlantSensor(coordinator, plant_id, description)
            for description in PLANT_SENSORS
            if description.exists_fn(plant.plant, devices)
        )
    if plants:
        entities.append(
            GrowattRequestsSensor(
                coordinator, next(iter(plants)), entry.runtime_data.budget
            )
        )
    async_add_entities(entities)

    known: set[tuple[str, str]] = set()

    @callback
    def add_new_sensors() -> None:
        """Sensors for devices (and values) that appeared since the last refresh."""
        listed: set[str] = set()
        new: list[SensorEntity] = []
        for plant in coordinator.data.plants.values():
            for ref in plant.listings:
                listed.add(ref.serial)
                if (device := plant.devices.get(ref.serial)) is None:
                    continue
                for description in device_descriptions(device):
                    if (ref.serial, description.key) in known:
                        continue
                    known.add((ref.serial, description.key))
                    if isinstance(description, GrowattEnergySensorEntityDescription):
                        new.append(GrowattEnergySensor(coordinator, ref, description))
                    else:
                        new.append(GrowattDeviceSensor(coordinator, ref, description))
        # A device Growatt no longer lists leaves the registry with its
        # entities (the coordinator removes it); forget it, so it can return.
        known.difference_update({item for item in known if item[0] not in listed})
        if new:
            async_add_entities(new)

    add_new_sensors()
    entry.async_on_unload(coordinator.async_add_listener(add_new_sensors))
