"""Diagnostics: what the integration sees, without anything that identifies the user."""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from homeassistant.components.diagnostics import async_redact_data
from homeassistant.const import CONF_PASSWORD, CONF_TOKEN, CONF_USERNAME
from homeassistant.core import HomeAssistant

from .const import CONF_PLANTS, CONF_SERVER_URL
from .runtime import GrowattConfigEntry

# Credentials, session secrets, serial numbers, plant ids, locations and names,
# under every spelling Growatt uses for them.
TO_REDACT = {
    CONF_PASSWORD,
    CONF_TOKEN,
    CONF_USERNAME,
    CONF_PLANTS,
    CONF_SERVER_URL,
    "cookies",
    "JSESSIONID",
    "accountName",
    "userName",
    "user_name",
    "username",
    "email",
    "phoneNum",
    "serial",
    "serialNum",
    "serial_num",
    "deviceSn",
    "device_sn",
    "sn",
    "inverterId",
    "invSn",
    "storageSn",
    "mixId",
    "tlxId",
    "deviceSN",
    "plant_name",
    "plantname",
    "tlx_sn",
    "mix_sn",
    "datalogger_serial",
    "dataLogSn",
    "datalogSn",
    "datalogger_sn",
    "dataloggerSn",
    "bdc1Sn",
    "batSn",
    "batSns",
    "associatedInvSn",
    "ammeterSn",
    "plant_id",
    "plantId",
    "plantID",
    "id",
    "user_id",
    "userId",
    "plantName",
    "name",
    "alias",
    "deviceAilas",
    "treeID",
    "parentID",
    "city",
    "country",
    "plantAddress",
    "address",
    "location",
    "latitude",
    "longitude",
    "lat",
    "lng",
    "plant_lat",
    "plant_lng",
    "tcpServerIp",
    "client_url",
}


async def async_get_config_entry_diagnostics(
    hass: HomeAssistant, entry: GrowattConfigEntry
) -> dict[str, Any]:
    """Configuration, request accounting and the latest data, redacted."""
    runtime = entry.runtime_data
    coordinator = runtime.coordinator
    session: dict[str, Any] | None = None
    if (exported := runtime.account.export_session()) is not None:
        session = {
            "logged_in": bool(exported.get("cookies")),
            "created_at": exported.get("created_at"),
            "expires_at": exported.get("expires_at"),
            "locked_until": exported.get("locked_until"),
        }
    data = coordinator.data
    settings = runtime.settings.data or {}
    plants: list[dict[str, Any]] = [
        {
            "plant": asdict(plant.plant) | {"raw": plant.plant.raw},
            "timezone": plant.ref.timezone,
            "devices": [
                {
                    "family": str(ref.family),
                    "reported": ref.serial in plant.devices,
                    "settings": (
                        asdict(settings[ref.serial]) if ref.serial in settings else None
                    ),
                    "forced_until": (
                        runtime.forced[ref.serial].until.isoformat()
                        if ref.serial in runtime.forced
                        else None
                    ),
                    "device": (
                        asdict(plant.devices[ref.serial])
                        | {"raw": plant.devices[ref.serial].raw}
                        if ref.serial in plant.devices
                        else None
                    ),
                }
                for ref in plant.listings
            ],
        }
        for plant in (data.plants.values() if data is not None else ())
    ]
    return async_redact_data(
        {
            "entry": {"data": dict(entry.data), "options": dict(entry.options)},
            "update_interval": str(coordinator.update_interval),
            "last_update_success": coordinator.last_update_success,
            "settings_update_success": runtime.settings.last_update_success,
            "budget": {
                "per_day": runtime.budget.per_day,
                "used_today": runtime.budget.used_today,
                "by_endpoint": dict(runtime.budget.by_endpoint),
            },
            "session": session,
            "plant_data": plants,
        },
        TO_REDACT,
    )
