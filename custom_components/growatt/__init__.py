"""The Growatt integration: solar inverters, batteries and Noah storage."""

from __future__ import annotations

from datetime import timedelta

from aiohttp import CookieJar
from homeassistant.const import Platform
from homeassistant.core import HomeAssistant
from homeassistant.helpers import config_validation as cv, issue_registry as ir
from homeassistant.helpers.aiohttp_client import async_create_clientsession
from homeassistant.helpers.typing import ConfigType

from .compat import OPTIONS_FLOW_RELOADS
from .const import (
    CONF_IMPORT_HISTORY,
    CONF_SCAN_INTERVAL,
    DAILY_BUDGET_PER_DEVICE,
    DEFAULT_SCAN_INTERVAL,
    DOMAIN,
)
from .coordinator import (
    GrowattCoordinator,
    GrowattSettingsCoordinator,
    RequestBudget,
    build_account,
    login_paused_issue_id,
    session_store,
)
from .forced import ForcedModes, forced_store
from .history import GrowattStatistics, history_store
from .repairs import async_check_competing_integration, competing_issue_id
from .runtime import GrowattConfigEntry, GrowattRuntimeData
from .services import async_setup_services
from .writes import SettingsWriter

__all__ = ["DOMAIN"]

PLATFORMS: list[Platform] = [
    Platform.NUMBER,
    Platform.SELECT,
    Platform.SENSOR,
    Platform.SWITCH,
    Platform.TIME,
]

CONFIG_SCHEMA = cv.config_entry_only_config_schema(DOMAIN)


async def async_setup(hass: HomeAssistant, config: ConfigType) -> bool:
    """Register the actions, once for all entries."""
    async_setup_services(hass)
    return True


async def async_setup_entry(hass: HomeAssistant, entry: GrowattConfigEntry) -> bool:
    """Build the client, restore its session, refresh once, set up the platforms."""
    # Each account gets its own cookie jar: Growatt's session lives in it.
    session = async_create_clientsession(hass, cookie_jar=CookieJar(unsafe=True))
    budget = RequestBudget(per_day=DAILY_BUDGET_PER_DEVICE)
    account = build_account(session, entry.data, on_request=budget.record)
    minutes = entry.options.get(CONF_SCAN_INTERVAL)
    interval = DEFAULT_SCAN_INTERVAL if minutes is None else timedelta(minutes=minutes)
    async_check_competing_integration(hass, entry.data, entry.unique_id)
    coordinator = GrowattCoordinator(hass, entry, account, budget, interval)
    await coordinator.async_restore_session()
    await coordinator.async_config_entry_first_refresh()
    settings = GrowattSettingsCoordinator(hass, entry, account, coordinator)
    # Controls stay unavailable until their settings are read; a failure here
    # must not keep the sensors from loading.
    await settings.async_refresh()
    writer = SettingsWriter(settings)
    forced = ForcedModes(hass, entry.entry_id, writer, settings)
    statistics = GrowattStatistics(
        hass,
        coordinator,
        account,
        auto_import=entry.options.get(CONF_IMPORT_HISTORY, False),
    )
    entry.runtime_data = GrowattRuntimeData(
        account=account,
        coordinator=coordinator,
        settings=settings,
        writer=writer,
        budget=budget,
        forced=forced,
        statistics=statistics,
    )
    await forced.async_load()
    entry.async_on_unload(forced.async_cancel_timers)
    await hass.config_entries.async_forward_entry_setups(entry, PLATFORMS)
    # After the platforms: the statistics follow the sensors' values.
    await statistics.async_start()
    entry.async_on_unload(statistics.async_stop)
    if not OPTIONS_FLOW_RELOADS:
        entry.async_on_unload(entry.add_update_listener(_async_reload_on_options))
    return True


async def async_unload_entry(hass: HomeAssistant, entry: GrowattConfigEntry) -> bool:
    """Unload the platforms; the statistics' progress is kept."""
    await entry.runtime_data.statistics.async_save()
    return await hass.config_entries.async_unload_platforms(entry, PLATFORMS)


async def _async_reload_on_options(
    hass: HomeAssistant, entry: GrowattConfigEntry
) -> None:
    """Reload after the options changed, where the options flow does not."""
    await hass.config_entries.async_reload(entry.entry_id)


async def async_remove_entry(hass: HomeAssistant, entry: GrowattConfigEntry) -> None:
    """Forget the stored session and the repair issues of a removed entry."""
    await session_store(hass, entry).async_remove()
    await forced_store(hass, entry.entry_id).async_remove()
    await history_store(hass, entry.entry_id).async_remove()
    ir.async_delete_issue(hass, DOMAIN, competing_issue_id(entry.unique_id))
    ir.async_delete_issue(hass, DOMAIN, f"account_locked_{entry.entry_id}")
    ir.async_delete_issue(hass, DOMAIN, login_paused_issue_id(entry.entry_id))
