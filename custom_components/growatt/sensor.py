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
from datetime import datetime, tzinfo
from functools import cache
from typing import Any

from homeassistant.components.sensor import (
    SensorDeviceClass,
    SensorEntity,
    SensorEntityDescription,
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
from homeassistant.core import HomeAssistant, callback
from homeassistant.helpers.device_registry import DeviceEntryType, DeviceInfo
from homeassistant.helpers.dispatcher import async_dispatcher_connect
from homeassistant.helpers.entity_platform import AddConfigEntryEntitiesCallback
from homeassistant.helpers.typing import StateType
from homeassistant.helpers.update_coordinator import CoordinatorEntity

from .api import DeviceListing
from .api.models import (
    ENERGY_PERIODS,
    Device,
    DeviceFamily,
    EnergyPeriod,
    Plant,
    PvString,
)
from .const import AUTH_PASSWORD, AUTH_TOKEN, CONF_AUTH_TYPE
from .coordinator import (
    GrowattCoordinator,
    PlantData,
    RequestBudget,
    account_identifier,
    aware,
)
from .counted import GrowattCountedEnergySensor, counted_descriptions
from .counters import (
    ENERGY_KINDS,
    CounterGuard,
    EnergyReader,
    GuardedCounter,
    fresh_today,
    plant_tz,
)
from .entity import MANUFACTURER, GrowattDeviceEntity, GrowattPlantEntity
from .history import GrowattStatistics, signal as history_signal
from .runtime import GrowattConfigEntry

# Read-only: the coordinator does all the requests.
PARALLEL_UPDATES = 0


@dataclass(frozen=True, kw_only=True)
class GrowattSensorEntityDescription(SensorEntityDescription):
    """A device sensor: how to read it, and whether the device has it."""

    value_fn: Callable[[Device], StateType | datetime]
    exists_fn: Callable[[Device], bool] = lambda device: True
    # Growatt serves a lost device's powers as 0: unknown is the truth.
    available_when_lost: bool = False
    # What a lost device reads while the sun is down: an inverter without a
    # battery sleeps then and produces nothing (see `GrowattDeviceSensor`).
    asleep_value: float | None = None


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
    # A counter's value when `value_fn` has none and nothing was shown yet.
    first_fn: Callable[[Plant], float | None] | None = None
    # A live reading: a device that is lost by day makes it unknown (its
    # last value is not fresh); one asleep at night produces nothing.
    live: bool = False


def _reported[T](read: Callable[[Device], T | None]) -> Callable[[Device], bool]:
    """`exists_fn` for a value the device reports (not None)."""
    return lambda device: read(device) is not None


def _power(
    key: str, read: Callable[[Device], float | None], *, produced: bool = False
) -> GrowattSensorEntityDescription:
    """A power sensor; `produced` power is 0 W, not unknown, at night."""
    return GrowattSensorEntityDescription(
        key=key,
        translation_key=key,
        device_class=SensorDeviceClass.POWER,
        state_class=SensorStateClass.MEASUREMENT,
        native_unit_of_measurement=UnitOfPower.WATT,
        suggested_display_precision=0,
        value_fn=read,
        exists_fn=_reported(read),
        asleep_value=0.0 if produced else None,
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
    _power("pv_power", lambda d: d.telemetry.pv_power, produced=True),
    _power("ac_power", lambda d: d.telemetry.ac_power, produced=True),
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
    # When Growatt last heard from the device: its datalogger's last upload.
    GrowattSensorEntityDescription(
        key="last_update",
        translation_key="last_update",
        device_class=SensorDeviceClass.TIMESTAMP,
        entity_category=EntityCategory.DIAGNOSTIC,
        available_when_lost=True,
        value_fn=lambda d: aware(d.identity.last_update),
        exists_fn=lambda d: aware(d.identity.last_update) is not None,
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
            asleep_value=0.0,
        ),
    )


# -- energy counters and their derivations ---------------------------------------


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


def _lifetime_pv(plant: Plant, devices: Iterable[Device]) -> float | None:
    """The plant's lifetime PV: its devices' sum, unknown while one is missing.

    At night some servers report a sleeping inverter's lifetime total as 0:
    the sum would fall short, and jump by that inverter's whole lifetime when
    it wakes. Unknown keeps the last value shown instead.
    """
    totals = [d.energy.pv_total for d in devices if d.family is not DeviceFamily.NOAH]
    if None in totals or 0 in totals:
        return None
    return _sum(totals)


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
        live=True,
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
            fresh_today(d, d.energy.pv_today, tz) for d in devices
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
        value_fn=lambda plant, devices, tz: _lifetime_pv(plant, devices),
        # Set up while an inverter sleeps: the plant list's own total (in
        # MWh with two decimals) rather than nothing, or a partial sum.
        first_fn=lambda plant: plant.energy_total,
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

# The account device's model: which of Growatt's APIs it is reached through.
ACCOUNT_MODELS: dict[Any, str] = {
    AUTH_PASSWORD: "ShinePhone account",
    AUTH_TOKEN: "OpenAPI account",
}

REQUESTS_TODAY = SensorEntityDescription(
    key="requests_today",
    translation_key="requests_today",
    state_class=SensorStateClass.TOTAL_INCREASING,
    entity_category=EntityCategory.DIAGNOSTIC,
)

HISTORY_IMPORT = SensorEntityDescription(
    key="history_import",
    translation_key="history_import",
    native_unit_of_measurement=PERCENTAGE,
    entity_category=EntityCategory.DIAGNOSTIC,
    suggested_display_precision=0,
)


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
    def _lost(self) -> bool:
        return self.coordinator.data.lost(self.ref.serial)

    @property
    def _asleep(self) -> bool:
        """Lost while the sun is down, and no battery keeps it awake: asleep."""
        return self.entity_description.asleep_value is not None and (
            self.coordinator.asleep(self.ref)
        )

    @property
    def available(self) -> bool:
        """Unavailable while Growatt says the device stopped reporting.

        Growatt shows a lost device's powers as 0 whether it sleeps or its
        datalogger dropped off line. During the day that 0 would be a lie:
        the power is unknown. At night the inverter sleeps and really
        produces nothing, so its PV and output power read 0 W: power graphs
        and the Energy dashboard's power flows see a true 0, not a gap.
        """
        if not super().available or self.device is None:
            return False
        if self.entity_description.available_when_lost or self._asleep:
            return True
        return not self._lost

    @property
    def native_value(self) -> StateType | datetime:
        """The latest value."""
        if (device := self.device) is None:
            return None
        if self._asleep:
            return self.entity_description.asleep_value
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
            value = float(raw) if isinstance(raw, int | float) else None
            if self.entity_description.daily:
                value = fresh_today(device, value, tz)
            elif value == 0 and self.coordinator.data.lost(self.ref.serial):
                # Some servers report a sleeping device's lifetime totals as
                # 0: unknown, not a reset (the guard keeps the last value).
                value = None
        self._attr_native_value = self._guard.update(value, tz)

    @property
    def _tz(self) -> tzinfo:
        return plant_tz(self.coordinator, self.ref.plant_id)


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
            await self._async_restore_guard(plant_tz(self.coordinator, self.plant_id))
            self._start_over_at_midnight(plant_tz(self.coordinator, self.plant_id))
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
        tz = plant_tz(self.coordinator, self.plant_id)
        devices = list(plant.devices.values())
        if self.entity_description.live:
            fresh = self._fresh(plant)
            if fresh is None:
                self._attr_native_value = None
                return
            devices, asleep = fresh
            if not devices and asleep:
                self._attr_native_value = 0.0
                return
        value = self.entity_description.value_fn(plant.plant, devices, tz)
        if not self.entity_description.counter:
            self._attr_native_value = value
            return
        first = self.entity_description.first_fn
        if value is None and self._guard.last is None and first is not None:
            value = first(plant.plant)
        self._attr_native_value = self._guard.update(
            None if value is None else float(value), tz
        )

    def _fresh(self, plant: PlantData) -> tuple[list[Device], bool] | None:
        """The devices whose readings are fresh, and whether any sleeps.

        None when one is lost by day: the sum would pass its stale value off
        as fresh.
        """
        data = self.coordinator.data
        fresh: list[Device] = []
        asleep = False
        for ref in plant.listings:
            if (device := plant.devices.get(ref.serial)) is None:
                continue
            if not data.lost(ref.serial):
                fresh.append(device)
            elif self.coordinator.asleep(ref):
                asleep = True
            else:
                return None
        return fresh, asleep


class GrowattRequestsSensor(CoordinatorEntity[GrowattCoordinator], SensorEntity):
    """Today's requests to Growatt against the daily budget, on the account.

    The budget is the account's: every plant of the entry draws on it.
    """

    _attr_has_entity_name = True
    entity_description = REQUESTS_TODAY

    def __init__(self, coordinator: GrowattCoordinator, budget: RequestBudget) -> None:
        """Show the entry's budget on the account's own device."""
        super().__init__(coordinator)
        self.budget = budget
        entry = coordinator.config_entry
        self._attr_unique_id = f"{entry.entry_id}_requests_today"
        self._attr_device_info = DeviceInfo(
            identifiers={account_identifier(entry.entry_id)},
            entry_type=DeviceEntryType.SERVICE,
            manufacturer=MANUFACTURER,
            model=ACCOUNT_MODELS.get(entry.data.get(CONF_AUTH_TYPE)),
            name=entry.title,
        )

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


class GrowattHistorySensor(GrowattPlantEntity, SensorEntity):
    """How far the import of the plant's past into the statistics has come."""

    entity_description = HISTORY_IMPORT

    def __init__(
        self,
        coordinator: GrowattCoordinator,
        plant_id: str,
        statistics: GrowattStatistics,
    ) -> None:
        """Follow the plant's imports."""
        super().__init__(coordinator, plant_id)
        self.statistics = statistics
        self._attr_unique_id = f"{plant_id}_{HISTORY_IMPORT.key}"

    async def async_added_to_hass(self) -> None:
        """Update when an import moves on."""
        await super().async_added_to_hass()
        self.async_on_remove(
            async_dispatcher_connect(
                self.hass,
                history_signal(self.statistics.entry_id),
                self.async_write_ha_state,
            )
        )

    @property
    def available(self) -> bool:
        """Known whatever Growatt answers."""
        return True

    @property
    def native_value(self) -> float | None:
        """Percent of the last imports (the plant's and its devices') done.

        Unknown before any.
        """
        jobs = self.statistics.plant_jobs(self.plant_id)
        if not jobs:
            return None
        if all(job.status == "done" for job in jobs):
            return 100.0
        total = sum(job.total for job in jobs)
        done = sum(job.total if job.status == "done" else job.done for job in jobs)
        return round(100 * done / total, 1) if total else 0.0

    @property
    def extra_state_attributes(self) -> dict[str, Any]:
        """The imports' state and days, and the devices they cover."""
        jobs = self.statistics.plant_jobs(self.plant_id)
        if not jobs:
            return {"status": "idle"}
        statuses = {job.status for job in jobs}
        status = next(
            (s for s in ("running", "cancelled") if s in statuses), jobs[0].status
        )
        return {
            "status": status,
            "first_day": min(job.first for job in jobs).isoformat(),
            "last_day": max(job.last for job in jobs).isoformat(),
            "devices": sorted(job.serial for job in jobs if job.serial is not None),
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
    entities.append(GrowattRequestsSensor(coordinator, entry.runtime_data.budget))
    entities.extend(
        GrowattHistorySensor(coordinator, plant_id, entry.runtime_data.statistics)
        for plant_id in plants
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
                for counted in counted_descriptions(device):
                    if (ref.serial, counted.key) not in known:
                        known.add((ref.serial, counted.key))
                        new.append(
                            GrowattCountedEnergySensor(coordinator, ref, counted)
                        )
        # A device Growatt no longer lists leaves the registry with its
        # entities (the coordinator removes it); forget it, so it can return.
        known.difference_update({item for item in known if item[0] not in listed})
        if new:
            async_add_entities(new)

    add_new_sensors()
    entry.async_on_unload(coordinator.async_add_listener(add_new_sensors))
