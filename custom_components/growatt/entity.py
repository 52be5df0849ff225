"""The base entities: a plant, a device, and a control (a writable setting)."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

from homeassistant.const import EntityCategory
from homeassistant.core import HomeAssistant, callback
from homeassistant.helpers import device_registry as dr
from homeassistant.helpers.device_registry import DeviceInfo
from homeassistant.helpers.entity import EntityDescription
from homeassistant.helpers.entity_platform import AddConfigEntryEntitiesCallback
from homeassistant.helpers.update_coordinator import CoordinatorEntity

from .api import DeviceListing
from .api.models import Device, DeviceFamily, DeviceSettings
from .api.models.common import TimeSegment
from .api.setting_types import Target, in_use, segment, setting_type
from .compat import via_hub
from .const import DOMAIN
from .coordinator import GrowattCoordinator, GrowattSettingsCoordinator, PlantData
from .runtime import GrowattConfigEntry, GrowattRuntimeData

if TYPE_CHECKING:
    from .writes import Change

MANUFACTURER = "Growatt"

FAMILY_NAMES: dict[DeviceFamily, str] = {
    DeviceFamily.INVERTER: "Inverter",
    DeviceFamily.TLX: "MIN/TL-X inverter",
    DeviceFamily.MIX: "SPH hybrid inverter",
    DeviceFamily.STORAGE: "SPF storage inverter",
    DeviceFamily.SPA: "SPA storage",
    DeviceFamily.MAX: "MAX inverter",
    DeviceFamily.NOAH: "NOAH balcony storage",
}


def plant_identifier(plant_id: str) -> tuple[str, str]:
    """The device registry identifier of a plant (hub)."""
    return (DOMAIN, f"plant_{plant_id}")


def plant_device_info(plant: PlantData) -> DeviceInfo:
    """The plant as the hub device."""
    return DeviceInfo(
        identifiers={plant_identifier(plant.ref.plant_id)},
        manufacturer=MANUFACTURER,
        model="Plant",
        name=plant.ref.name,
    )


@callback
def _async_register_plant(
    hass: HomeAssistant, entry_id: str, plant: PlantData
) -> dr.DeviceEntry:
    """The plant's hub device, registered (or updated) now."""
    return dr.async_get(hass).async_get_or_create(
        config_entry_id=entry_id, **plant_device_info(plant)
    )


def device_info(coordinator: GrowattCoordinator, ref: DeviceListing) -> DeviceInfo:
    """A device under its plant, with model, serial, firmware and a link to the portal."""
    device = coordinator.data.device(ref.serial)
    identity = device.identity if device else None
    info = DeviceInfo(
        identifiers={(DOMAIN, ref.serial)},
        manufacturer=MANUFACTURER,
        model=(identity.model if identity else None)
        or ref.model
        or FAMILY_NAMES[ref.family],
        model_id=FAMILY_NAMES[ref.family],
        name=(identity.alias if identity else None) or ref.alias or ref.serial,
        serial_number=ref.serial,
        sw_version=identity.firmware if identity else None,
        configuration_url=coordinator.config_entry.data.get("server_url", ""),
    )
    if (plant := coordinator.data.plants.get(ref.plant_id)) is not None:
        # The hub must be registered before a device names it.
        hub = _async_register_plant(
            coordinator.hass, coordinator.config_entry.entry_id, plant
        )
        info.update(via_hub(hub.id, plant_identifier(ref.plant_id)))
    return info


class GrowattPlantEntity(CoordinatorEntity[GrowattCoordinator]):
    """An entity of a plant."""

    _attr_has_entity_name = True

    def __init__(self, coordinator: GrowattCoordinator, plant_id: str) -> None:
        """Attach the entity to the plant's hub device."""
        super().__init__(coordinator)
        self.plant_id = plant_id
        self._attr_device_info = plant_device_info(coordinator.data.plants[plant_id])

    @property
    def plant(self) -> PlantData | None:
        """The plant's latest data."""
        return self.coordinator.data.plants.get(self.plant_id)

    @property
    def available(self) -> bool:
        """Available while the plant is refreshed."""
        return super().available and self.plant is not None


class GrowattDeviceEntity(CoordinatorEntity[GrowattCoordinator]):
    """An entity of one device."""

    _attr_has_entity_name = True

    def __init__(self, coordinator: GrowattCoordinator, ref: DeviceListing) -> None:
        """Attach the entity to its device, under the plant."""
        super().__init__(coordinator)
        self.ref = ref
        self._attr_device_info = device_info(coordinator, ref)

    @property
    def device(self) -> Device | None:
        """The device's latest report."""
        return self.coordinator.data.device(self.ref.serial)

    @property
    def available(self) -> bool:
        """Available while the device is in the latest refresh."""
        return super().available and self.device is not None


@dataclass(frozen=True, kw_only=True)
class GrowattControlDescription(EntityDescription):
    """A writable setting: what it changes, and whether a device has it.

    A control exists on a device when its family has a setting type for the
    target (`setting_type`) and the device reports a value (`exists_fn`).
    """

    target: Target
    index: int | None = None
    exists_fn: Callable[[DeviceSettings], bool] | None = None
    # Segment controls are enabled by default only when the segment is in use.
    enabled_fn: Callable[[DeviceSettings], bool] | None = None
    placeholders: Mapping[str, str] | None = None
    # Families that have the control although others share the setting type.
    families: frozenset[DeviceFamily] | None = None


def segment_in_use(target: Target, index: int) -> Callable[[DeviceSettings], bool]:
    """Whether a segment is enabled or holds a period."""

    def used(settings: DeviceSettings) -> bool:
        return in_use(segment(settings, target, index))

    return used


def segment_listed(target: Target, index: int) -> Callable[[DeviceSettings], bool]:
    """Whether the device reports a segment at all."""

    def listed(settings: DeviceSettings) -> bool:
        entries: tuple[TimeSegment, ...] = getattr(settings, target.value)
        return any(entry.index == index for entry in entries)

    return listed


class GrowattControlEntity(CoordinatorEntity[GrowattSettingsCoordinator]):
    """A configuration entity that writes one setting through the one write path."""

    _attr_has_entity_name = True
    _attr_entity_category = EntityCategory.CONFIG
    entity_description: GrowattControlDescription

    def __init__(
        self,
        runtime: GrowattRuntimeData,
        ref: DeviceListing,
        description: GrowattControlDescription,
    ) -> None:
        """Attach the control to its device."""
        super().__init__(runtime.settings)
        self.ref = ref
        self.writer = runtime.writer
        self.entity_description = description
        self._attr_unique_id = f"{ref.serial}_{description.key}"
        if description.placeholders:
            self._attr_translation_placeholders = dict(description.placeholders)
        self._attr_device_info = device_info(runtime.coordinator, ref)
        settings = self.settings
        if description.enabled_fn is not None and settings is not None:
            self._attr_entity_registry_enabled_default = description.enabled_fn(
                settings
            )

    @property
    def settings(self) -> DeviceSettings | None:
        """The device's settings as last read."""
        return (self.coordinator.data or {}).get(self.ref.serial)

    @property
    def available(self) -> bool:
        """Available while the device's settings are known."""
        return super().available and self.settings is not None

    async def async_change(self, change: Change) -> None:
        """Write a change; the entity then shows the value read back."""
        await self.writer.async_apply(
            self.ref.serial,
            self.entity_description.target,
            change,
            self.entity_description.index,
        )


def async_setup_controls[D: GrowattControlDescription](
    entry: GrowattConfigEntry,
    async_add_entities: AddConfigEntryEntitiesCallback,
    descriptions: Iterable[D],
    factory: Callable[[GrowattRuntimeData, DeviceListing, D], GrowattControlEntity],
) -> None:
    """Add a platform's controls for every device that has them, now and later.

    New devices, and Noah segments that appear, get their controls when the
    settings coordinator first reports them.
    """
    runtime = entry.runtime_data
    descriptions = tuple(descriptions)
    known: set[str] = set()

    @callback
    def add_new() -> None:
        new: list[GrowattControlEntity] = []
        for serial, settings in (runtime.settings.data or {}).items():
            ref = runtime.settings.ref(serial)
            if ref is None:
                continue
            for description in descriptions:
                key = f"{serial}_{description.key}"
                if key in known:
                    continue
                if description.families and ref.family not in description.families:
                    continue
                if (
                    setting_type(ref.family, description.target, description.index)
                    is None
                ):
                    continue
                if description.exists_fn and not description.exists_fn(settings):
                    continue
                known.add(key)
                new.append(factory(runtime, ref, description))
        if new:
            async_add_entities(new)

    add_new()
    entry.async_on_unload(runtime.settings.async_add_listener(add_new))
