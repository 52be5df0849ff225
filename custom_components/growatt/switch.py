"""Switches: inverter on/off, export limitation, charging from the grid, segments."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from typing import Any

from homeassistant.components.switch import SwitchEntity, SwitchEntityDescription
from homeassistant.core import HomeAssistant
from homeassistant.helpers.entity_platform import AddConfigEntryEntitiesCallback

from .api.models import DeviceFamily, DeviceSettings
from .api.setting_types import (
    MIX_PERIODS,
    TLX_SEGMENTS,
    Target,
    segment,
    with_segment,
)
from .entity import (
    GrowattControlDescription,
    GrowattControlEntity,
    async_setup_controls,
    segment_in_use,
    segment_listed,
)
from .runtime import GrowattConfigEntry

# Writes queue per device; Home Assistant need not serialize them.
PARALLEL_UPDATES = 0


@dataclass(frozen=True, kw_only=True)
class GrowattSwitchDescription(GrowattControlDescription, SwitchEntityDescription):
    """A switch: how it reads the settings and how it changes them."""

    value_fn: Callable[[DeviceSettings], bool | None]
    change_fn: Callable[[DeviceSettings, bool], DeviceSettings]


def _segment_switch(
    target: Target, index: int, key: str, families: frozenset[DeviceFamily] | None
) -> GrowattSwitchDescription:
    def change(settings: DeviceSettings, on: bool) -> DeviceSettings:
        return with_segment(
            settings, target, replace(segment(settings, target, index), enabled=on)
        )

    return GrowattSwitchDescription(
        key=f"{key}_{index}_enabled",
        translation_key=f"{key}_enabled",
        placeholders={"number": str(index)},
        target=target,
        index=index,
        value_fn=lambda s: bool(segment(s, target, index).enabled),
        change_fn=change,
        exists_fn=segment_listed(target, index),
        enabled_fn=segment_in_use(target, index),
        families=families,
    )


def _descriptions() -> Iterator[GrowattSwitchDescription]:
    yield GrowattSwitchDescription(
        key="inverter_on",
        translation_key="inverter_on",
        target=Target.ON,
        value_fn=lambda s: s.on,
        change_fn=lambda s, on: replace(s, on=on),
        exists_fn=lambda s: s.on is not None,
    )
    yield GrowattSwitchDescription(
        key="export_limit",
        translation_key="export_limit",
        target=Target.EXPORT_LIMIT,
        value_fn=lambda s: s.export_limit_enabled,
        change_fn=lambda s, on: replace(s, export_limit_enabled=on),
        exists_fn=lambda s: s.export_limit_enabled is not None,
    )
    yield GrowattSwitchDescription(
        key="ac_charge",
        translation_key="ac_charge",
        target=Target.AC_CHARGE,
        value_fn=lambda s: s.ac_charge,
        change_fn=lambda s, on: replace(s, ac_charge=on),
        exists_fn=lambda s: s.ac_charge is not None,
    )
    for index in range(1, TLX_SEGMENTS + 1):
        # Noah lists enabled segments only, so it has no switch to re-enable
        # one: the set_time_segment action writes a whole segment instead.
        yield _segment_switch(
            Target.TIME_SEGMENT, index, "time_segment", frozenset({DeviceFamily.TLX})
        )
    for index in range(1, MIX_PERIODS + 1):
        yield _segment_switch(Target.CHARGE_PERIOD, index, "charge_period", None)
        yield _segment_switch(Target.DISCHARGE_PERIOD, index, "discharge_period", None)


DESCRIPTIONS: tuple[GrowattSwitchDescription, ...] = tuple(_descriptions())


async def async_setup_entry(
    hass: HomeAssistant,
    entry: GrowattConfigEntry,
    async_add_entities: AddConfigEntryEntitiesCallback,
) -> None:
    """Add the switches of every device that has them."""
    async_setup_controls(entry, async_add_entities, DESCRIPTIONS, GrowattSwitch)


class GrowattSwitch(GrowattControlEntity, SwitchEntity):
    """A setting that is on or off."""

    entity_description: GrowattSwitchDescription

    @property
    def is_on(self) -> bool | None:
        """The state the device reports."""
        settings = self.settings
        return None if settings is None else self.entity_description.value_fn(settings)

    async def async_turn_on(self, **kwargs: Any) -> None:
        """Switch on, verified by a read-back."""
        await self.async_change(lambda s: self.entity_description.change_fn(s, True))

    async def async_turn_off(self, **kwargs: Any) -> None:
        """Switch off, verified by a read-back."""
        await self.async_change(lambda s: self.entity_description.change_fn(s, False))
