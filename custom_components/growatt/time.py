"""Times: the start and end of each time segment and charge or discharge period."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from datetime import time
from typing import Any

from homeassistant.components.time import TimeEntity, TimeEntityDescription
from homeassistant.core import HomeAssistant
from homeassistant.helpers.entity_platform import AddConfigEntryEntitiesCallback

from .api.models import DeviceSettings
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

PARALLEL_UPDATES = 0


@dataclass(frozen=True, kw_only=True)
class GrowattTimeDescription(GrowattControlDescription, TimeEntityDescription):
    """A time of day: how it reads the settings and how it changes them."""

    value_fn: Callable[[DeviceSettings], time | None]
    change_fn: Callable[[DeviceSettings, time], DeviceSettings]


def _bound(target: Target, index: int, key: str, end: bool) -> GrowattTimeDescription:
    field = "end" if end else "start"

    def change(settings: DeviceSettings, value: time) -> DeviceSettings:
        entry = segment(settings, target, index)
        bound: dict[str, Any] = {field: value}
        return with_segment(settings, target, replace(entry, **bound))

    return GrowattTimeDescription(
        key=f"{key}_{index}_{field}",
        translation_key=f"{key}_{field}",
        placeholders={"number": str(index)},
        target=target,
        index=index,
        value_fn=lambda s: getattr(segment(s, target, index), field),
        change_fn=change,
        exists_fn=segment_listed(target, index),
        enabled_fn=segment_in_use(target, index),
    )


def _descriptions() -> Iterator[GrowattTimeDescription]:
    for index in range(1, TLX_SEGMENTS + 1):
        for end in (False, True):
            yield _bound(Target.TIME_SEGMENT, index, "time_segment", end)
    for index in range(1, MIX_PERIODS + 1):
        for end in (False, True):
            yield _bound(Target.CHARGE_PERIOD, index, "charge_period", end)
            yield _bound(Target.DISCHARGE_PERIOD, index, "discharge_period", end)


DESCRIPTIONS: tuple[GrowattTimeDescription, ...] = tuple(_descriptions())


async def async_setup_entry(
    hass: HomeAssistant,
    entry: GrowattConfigEntry,
    async_add_entities: AddConfigEntryEntitiesCallback,
) -> None:
    """Add the times of every device that has them."""
    async_setup_controls(entry, async_add_entities, DESCRIPTIONS, GrowattTime)


class GrowattTime(GrowattControlEntity, TimeEntity):
    """The start or end of a segment."""

    entity_description: GrowattTimeDescription

    @property
    def native_value(self) -> time | None:
        """The time the device reports."""
        settings = self.settings
        return None if settings is None else self.entity_description.value_fn(settings)

    async def async_set_value(self, value: time) -> None:
        """Write the time, verified by a read-back."""
        await self.async_change(lambda s: self.entity_description.change_fn(s, value))
