"""Selects: the mode of each time segment, and the Noah work mode."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace

from homeassistant.components.select import SelectEntity, SelectEntityDescription
from homeassistant.core import HomeAssistant
from homeassistant.helpers.entity_platform import AddConfigEntryEntitiesCallback

from .api.models import DeviceFamily, DeviceSettings
from .api.setting_types import TLX_SEGMENTS, Target, segment, with_segment
from .const import BATTERY_MODES, NOAH_MODES
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
class GrowattSelectDescription(GrowattControlDescription, SelectEntityDescription):
    """A select over Growatt's numeric modes."""

    modes: dict[int, str]
    value_fn: Callable[[DeviceSettings], int | None]
    change_fn: Callable[[DeviceSettings, int], DeviceSettings]


def _segment_mode(
    index: int, modes: dict[int, str], family: DeviceFamily
) -> GrowattSelectDescription:
    def change(settings: DeviceSettings, mode: int) -> DeviceSettings:
        entry = segment(settings, Target.TIME_SEGMENT, index)
        return with_segment(settings, Target.TIME_SEGMENT, replace(entry, mode=mode))

    return GrowattSelectDescription(
        key=f"time_segment_{index}_mode",
        translation_key="time_segment_mode",
        placeholders={"number": str(index)},
        target=Target.TIME_SEGMENT,
        index=index,
        families=frozenset({family}),
        modes=modes,
        options=list(modes.values()),
        value_fn=lambda s: segment(s, Target.TIME_SEGMENT, index).mode,
        change_fn=change,
        exists_fn=segment_listed(Target.TIME_SEGMENT, index),
        enabled_fn=segment_in_use(Target.TIME_SEGMENT, index),
    )


def _descriptions() -> Iterator[GrowattSelectDescription]:
    yield GrowattSelectDescription(
        key="work_mode",
        translation_key="work_mode",
        target=Target.WORK_MODE,
        modes=NOAH_MODES,
        options=list(NOAH_MODES.values()),
        value_fn=lambda s: s.work_mode,
        change_fn=lambda s, mode: replace(s, work_mode=mode),
        exists_fn=lambda s: s.work_mode is not None,
    )
    for index in range(1, TLX_SEGMENTS + 1):
        yield _segment_mode(index, BATTERY_MODES, DeviceFamily.TLX)
        # Noah segments know load first and battery first only.
        yield _segment_mode(
            index,
            {mode: BATTERY_MODES[mode] for mode in (0, 1)},
            DeviceFamily.NOAH,
        )


DESCRIPTIONS: tuple[GrowattSelectDescription, ...] = tuple(_descriptions())


async def async_setup_entry(
    hass: HomeAssistant,
    entry: GrowattConfigEntry,
    async_add_entities: AddConfigEntryEntitiesCallback,
) -> None:
    """Add the selects of every device that has them."""
    async_setup_controls(entry, async_add_entities, DESCRIPTIONS, GrowattSelect)


class GrowattSelect(GrowattControlEntity, SelectEntity):
    """A mode setting."""

    entity_description: GrowattSelectDescription

    @property
    def current_option(self) -> str | None:
        """The mode the device reports."""
        settings = self.settings
        if settings is None:
            return None
        mode = self.entity_description.value_fn(settings)
        return None if mode is None else self.entity_description.modes.get(mode)

    async def async_select_option(self, option: str) -> None:
        """Write the mode, verified by a read-back."""
        mode = next(k for k, v in self.entity_description.modes.items() if v == option)
        await self.async_change(lambda s: self.entity_description.change_fn(s, mode))
