"""Numbers: power rates, charge and discharge power, SOC limits, Noah output power."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from typing import Any

from homeassistant.components.number import (
    NumberDeviceClass,
    NumberEntity,
    NumberEntityDescription,
    NumberMode,
)
from homeassistant.const import PERCENTAGE, UnitOfPower
from homeassistant.core import HomeAssistant
from homeassistant.helpers.entity_platform import AddConfigEntryEntitiesCallback

from .api.models import DeviceFamily, DeviceSettings
from .api.setting_types import NOAH_SEGMENTS, Target, segment, with_segment
from .entity import (
    GrowattControlDescription,
    GrowattControlEntity,
    async_setup_controls,
    segment_listed,
)
from .runtime import GrowattConfigEntry

PARALLEL_UPDATES = 0

# noah-mqtt clamps the Noah output power to 0-800 W (docs/growatt-api.md, Noah).
NOAH_MAX_POWER = 800


@dataclass(frozen=True, kw_only=True)
class GrowattNumberDescription(GrowattControlDescription, NumberEntityDescription):
    """A number: how it reads the settings and how it changes them."""

    value_fn: Callable[[DeviceSettings], float | None]
    change_fn: Callable[[DeviceSettings, int], DeviceSettings]


def _with(settings: DeviceSettings, field: str, value: int) -> DeviceSettings:
    changed: dict[str, Any] = {field: value}
    return replace(settings, **changed)


def _whole(value: float | None) -> float | None:
    """Whole percentages as integers: Growatt's export limit reads as 40.0."""
    if value is not None and float(value).is_integer():
        return int(value)
    return value


def _percent(
    key: str,
    target: Target,
    field: str,
    low: int = 0,
    high: int = 100,
) -> GrowattNumberDescription:
    """A percentage stored in one settings field."""
    return GrowattNumberDescription(
        key=key,
        translation_key=key,
        target=target,
        native_min_value=low,
        native_max_value=high,
        native_step=1,
        native_unit_of_measurement=PERCENTAGE,
        mode=NumberMode.BOX,
        value_fn=lambda s: _whole(getattr(s, field)),
        change_fn=lambda s, v: _with(s, field, v),
        exists_fn=lambda s: getattr(s, field) is not None,
    )


def _noah_segment_power(index: int) -> GrowattNumberDescription:
    def change(settings: DeviceSettings, watts: int) -> DeviceSettings:
        entry = segment(settings, Target.TIME_SEGMENT, index)
        return with_segment(settings, Target.TIME_SEGMENT, replace(entry, power=watts))

    return GrowattNumberDescription(
        key=f"time_segment_{index}_power",
        translation_key="time_segment_power",
        placeholders={"number": str(index)},
        target=Target.TIME_SEGMENT,
        index=index,
        families=frozenset({DeviceFamily.NOAH}),
        native_min_value=0,
        native_max_value=NOAH_MAX_POWER,
        native_step=1,
        native_unit_of_measurement=UnitOfPower.WATT,
        device_class=NumberDeviceClass.POWER,
        mode=NumberMode.BOX,
        value_fn=lambda s: segment(s, Target.TIME_SEGMENT, index).power,
        change_fn=change,
        exists_fn=segment_listed(Target.TIME_SEGMENT, index),
    )


def _descriptions() -> Iterator[GrowattNumberDescription]:
    yield _percent("active_power_rate", Target.ACTIVE_POWER_RATE, "active_power_rate")
    yield _percent("export_limit_rate", Target.EXPORT_LIMIT, "export_limit_rate")
    yield _percent("charge_power", Target.CHARGE_POWER, "charge_power")
    yield _percent("discharge_power", Target.DISCHARGE_POWER, "discharge_power")
    yield _percent("charge_stop_soc", Target.CHARGE_STOP_SOC, "charge_stop_soc")
    # TLX's discharge stop SOC applies off-grid; MIX's and SPA's is the floor
    # of their grid-first (discharge) periods.
    yield replace(
        _percent("discharge_stop_soc", Target.DISCHARGE_STOP_SOC, "discharge_stop_soc"),
        families=frozenset({DeviceFamily.TLX}),
    )
    yield replace(
        _percent("discharge_stop_soc", Target.DISCHARGE_STOP_SOC, "discharge_stop_soc"),
        translation_key="grid_first_stop_soc",
        families=frozenset({DeviceFamily.MIX, DeviceFamily.SPA}),
    )
    yield _percent(
        "on_grid_discharge_stop_soc",
        Target.ON_GRID_DISCHARGE_STOP_SOC,
        "on_grid_discharge_stop_soc",
    )
    yield _percent(
        "load_first_stop_soc", Target.LOAD_FIRST_STOP_SOC, "load_first_stop_soc"
    )
    yield GrowattNumberDescription(
        key="output_power",
        translation_key="output_power",
        target=Target.DEFAULT_POWER,
        native_min_value=0,
        native_max_value=NOAH_MAX_POWER,
        native_step=1,
        native_unit_of_measurement=UnitOfPower.WATT,
        device_class=NumberDeviceClass.POWER,
        mode=NumberMode.BOX,
        value_fn=lambda s: s.default_power,
        change_fn=lambda s, v: replace(s, default_power=v),
        exists_fn=lambda s: s.default_power is not None,
    )
    # Noah's charge limit (70-100 %) and discharge limit (0-30 %) are written
    # together (`charging_soc`).
    yield _percent(
        "charge_soc_limit", Target.CHARGE_SOC_LIMITS, "charge_soc_high", 70, 100
    )
    yield _percent(
        "discharge_soc_limit", Target.CHARGE_SOC_LIMITS, "discharge_soc_low", 0, 30
    )
    for index in range(1, NOAH_SEGMENTS + 1):
        yield _noah_segment_power(index)


DESCRIPTIONS: tuple[GrowattNumberDescription, ...] = tuple(_descriptions())


async def async_setup_entry(
    hass: HomeAssistant,
    entry: GrowattConfigEntry,
    async_add_entities: AddConfigEntryEntitiesCallback,
) -> None:
    """Add the numbers of every device that has them."""
    async_setup_controls(entry, async_add_entities, DESCRIPTIONS, GrowattNumber)


class GrowattNumber(GrowattControlEntity, NumberEntity):
    """A numeric setting."""

    entity_description: GrowattNumberDescription

    @property
    def native_value(self) -> float | None:
        """The value the device reports."""
        settings = self.settings
        return None if settings is None else self.entity_description.value_fn(settings)

    async def async_set_native_value(self, value: float) -> None:
        """Write the value, verified by a read-back."""
        number = round(value)
        await self.async_change(lambda s: self.entity_description.change_fn(s, number))
