"""The base entities: one for a device, one for a plant, both on the coordinator."""

from __future__ import annotations

from homeassistant.helpers.device_registry import DeviceInfo
from homeassistant.helpers.update_coordinator import CoordinatorEntity

from .api.models import Device, DeviceFamily
from .const import DOMAIN
from .coordinator import GrowattCoordinator, PlantData
from .data import DeviceRef

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


def device_info(ref: DeviceRef, device: Device | None, server_url: str) -> DeviceInfo:
    """A device under its plant, with model, serial, firmware and a link to the portal."""
    identity = device.identity if device else None
    return DeviceInfo(
        identifiers={(DOMAIN, ref.serial)},
        manufacturer=MANUFACTURER,
        model=(identity.model if identity else None)
        or ref.model
        or FAMILY_NAMES[ref.family],
        model_id=FAMILY_NAMES[ref.family],
        name=(identity.alias if identity else None) or ref.alias or ref.serial,
        serial_number=ref.serial,
        sw_version=identity.firmware if identity else None,
        via_device=plant_identifier(ref.plant_id),
        configuration_url=server_url,
    )


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

    def __init__(self, coordinator: GrowattCoordinator, ref: DeviceRef) -> None:
        """Attach the entity to its device, under the plant."""
        super().__init__(coordinator)
        self.ref = ref
        self._attr_device_info = device_info(
            ref,
            coordinator.data.device(ref.serial),
            coordinator.config_entry.data.get("server_url", ""),
        )

    @property
    def device(self) -> Device | None:
        """The device's latest report."""
        return self.coordinator.data.device(self.ref.serial)

    @property
    def available(self) -> bool:
        """Available while the device is in the latest refresh."""
        return super().available and self.device is not None
