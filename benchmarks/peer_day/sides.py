"""The two integrations, each added through its own config flow."""

from __future__ import annotations

from typing import Any

from emulated import Emulator
import growattServer
from homeassistant.components.growatt_server import const as core_const
from homeassistant.config_entries import SOURCE_USER, ConfigEntry, ConfigEntryState
from homeassistant.core import HomeAssistant
from homeassistant.data_entry_flow import FlowResultType
from homeassistant.helpers import entity_registry as er
import pytest

from emulator.worlds import DEMO_TOKEN

OURS = "ours"
CORE = "core"
SIDES = (OURS, CORE)


async def _flow(
    hass: HomeAssistant, domain: str, steps: list[dict[str, Any]]
) -> ConfigEntry:
    """Walk a config flow from the user step, as a user would, and set the entry up."""
    result: Any = await hass.config_entries.flow.async_init(
        domain, context={"source": SOURCE_USER}
    )
    for user_input in steps:
        if result["type"] not in (FlowResultType.MENU, FlowResultType.FORM):
            break
        if result.get("errors"):
            raise AssertionError(f"{domain} flow: {result['errors']}")
        result = await hass.config_entries.flow.async_configure(
            result["flow_id"], user_input
        )
    if result["type"] is not FlowResultType.CREATE_ENTRY:
        raise AssertionError(f"{domain} flow ended with {result}")
    await hass.async_block_till_done(wait_background_tasks=True)
    entry: ConfigEntry = result["result"]
    if entry.state is not ConfigEntryState.LOADED:
        raise AssertionError(f"{domain} entry is {entry.state}")
    return entry


async def add_ours(hass: HomeAssistant, emulator: Emulator, auth: str) -> ConfigEntry:
    """Our config flow: the sign-in menu, credentials, the emulator as custom server."""
    credentials: dict[str, Any] = (
        {"username": "demo", "password": "demo"}
        if auth == "password"
        else {"token": DEMO_TOKEN}
    )
    return await _flow(
        hass,
        "growatt",
        [
            {"next_step_id": auth},
            {**credentials, "region": "custom"},
            {"server_url": emulator.url},
        ],
    )


async def add_core(
    hass: HomeAssistant,
    emulator: Emulator,
    auth: str,
    monkeypatch: pytest.MonkeyPatch,
) -> ConfigEntry:
    """Core's config flow, with its default region pointed at the emulator.

    Core offers regions only, no URL of one's own. The password client takes
    the region's URL; the token client builds its API URL from the library's
    class default when it is created and ignores the URL set afterwards, so
    that default is pointed at the emulator too.
    """
    monkeypatch.setitem(core_const.SERVER_URLS_NAMES, "other_regions", emulator.url)
    monkeypatch.setattr(growattServer.GrowattApi, "server_url", emulator.url)
    if auth == "password":
        steps = [
            {"next_step_id": "password_auth"},
            {"username": "demo", "password": "demo", "region": "other_regions"},
        ]
    else:
        steps = [
            {"next_step_id": "token_auth"},
            {"token": DEMO_TOKEN, "region": "other_regions"},
        ]
    return await _flow(hass, "growatt_server", steps)


def pv_power_entity(hass: HomeAssistant, side: str, serial: str) -> str:
    """The entity id of a TLX's PV power sensor."""
    if side == OURS:
        domain, unique_id = "growatt", f"{serial}_pv_power"
    else:
        domain, unique_id = "growatt_server", f"{serial}-tlx_internal_wattage"
    entity_id = er.async_get(hass).async_get_entity_id("sensor", domain, unique_id)
    if entity_id is None:
        raise AssertionError(f"{side}: no PV power sensor {unique_id}")
    return entity_id


def telemetry_coordinators(side: str, entry: ConfigEntry) -> list[Any]:
    """The coordinators a scheduled refresh runs: ours one, core one per device and the plant's."""
    data = entry.runtime_data
    if side == OURS:
        return [data.coordinator]
    return [data.total_coordinator, *data.devices.values()]
