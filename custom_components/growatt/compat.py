"""The Home Assistant APIs that changed between 2025.4.4 and the newest release.

The integration supports Home Assistant 2025.4.4 and newer. Where a newer
release replaced an API and warns about the old one, the new one is used
where it exists and the old one otherwise.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

from homeassistant import config_entries
from homeassistant.config_entries import OptionsFlow
from homeassistant.core import callback
from homeassistant.helpers import device_registry as dr
from homeassistant.helpers.device_registry import DeviceInfo

if TYPE_CHECKING:
    OptionsFlowWithReload = OptionsFlow
else:
    # Home Assistant 2025.8 reloads the entry when an options flow changed its
    # options. Before, an update listener had to; newer releases warn when a
    # reauth or reconfigure flow reloads an entry that has one (an error from
    # 2026.12).
    OptionsFlowWithReload = getattr(
        config_entries, "OptionsFlowWithReload", OptionsFlow
    )

OPTIONS_FLOW_RELOADS: bool = OptionsFlowWithReload is not OptionsFlow

# Newer Home Assistant (2026.10 does) links a device to its hub by the hub's
# device id; the hub's identifier (`via_device`) warns, and stops working in
# 2027.8.
VIA_DEVICE_ID: bool = "via_device_id" in DeviceInfo.__optional_keys__


def via_hub(hub_id: str, hub_identifier: tuple[str, str]) -> DeviceInfo:
    """The part of a device's info that names its hub."""
    if VIA_DEVICE_ID:
        return cast(DeviceInfo, {"via_device_id": hub_id})
    return DeviceInfo(via_device=hub_identifier)


# Newer Home Assistant (2026.10 does) gives each config entry devices of its
# own; taking an entry off a shared device (`remove_config_entry_id`) warns,
# and stops working in 2027.8.
DEVICES_PER_ENTRY: bool = hasattr(dr.DeviceEntry, "config_entry_id")


@callback
def async_remove_entry_device(
    registry: dr.DeviceRegistry, device_id: str, entry_id: str
) -> None:
    """Take a device off a config entry; it stays while another entry has it."""
    if DEVICES_PER_ENTRY:
        registry.async_remove_device(device_id)
    else:
        registry.async_update_device(device_id, remove_config_entry_id=entry_id)
