"""`GrowattApi`: the legacy ShinePhone API, async, with growattServer's method names.

A table over the core client: every method is an endpoint function of
`legacy_plant`, `legacy_devices` or `legacy_writes`, bound to the session.
"""

from __future__ import annotations

from . import legacy_devices as devices, legacy_plant as plant, legacy_writes as writes
from .legacy_session import LegacySession, hash_password
from .methods import endpoint


class GrowattApi(LegacySession):
    """The legacy ShinePhone API of the Growatt cloud.

    Methods carry growattServer's names and arguments and return what it
    returns, as coroutines; failures raise the errors of `exceptions`.
    `GrowattApi()` sends growattServer's User-Agent, `GrowattApi(True)` adds a
    random id to it, `GrowattApi(False, "my_agent")` replaces it. Keyword
    arguments: `session` (an aiohttp session whose cookie jar holds the login),
    `request_timeout`, `server_url`, `clock`, `on_request`.
    """

    # -- plants ----------------------------------------------------------------------
    plant_list = endpoint(plant.plant_list)
    plant_list_two = endpoint(plant.plant_list_two)
    plant_detail = endpoint(plant.plant_detail)
    plant_info = endpoint(plant.plant_info)
    plant_settings = endpoint(plant.plant_settings)
    plant_energy_data = endpoint(plant.plant_energy_data)
    device_list = endpoint(plant.device_list)
    inverter_list = endpoint(plant.inverter_list)
    dashboard_data = endpoint(plant.dashboard_data)
    update_plant_settings = endpoint(writes.update_plant_settings)

    # -- classic inverters -------------------------------------------------------------
    inverter_data = endpoint(devices.inverter_data)
    inverter_detail = endpoint(devices.inverter_detail)
    inverter_detail_two = endpoint(devices.inverter_detail_two)
    classic_inverter_info = endpoint(devices.classic_inverter_info)
    update_inverter_setting = endpoint(writes.update_inverter_setting)
    update_classic_inverter_setting = endpoint(writes.update_classic_inverter_setting)
    set_classic_inverter_active_power_rate = endpoint(
        writes.set_classic_inverter_active_power_rate
    )
    set_classic_inverter_on_off = endpoint(writes.set_classic_inverter_on_off)

    # -- TLX / MIN -----------------------------------------------------------------------
    tlx_system_status = endpoint(devices.tlx_system_status)
    tlx_energy_overview = endpoint(devices.tlx_energy_overview)
    tlx_energy_prod_cons = endpoint(devices.tlx_energy_prod_cons)
    tlx_data = endpoint(devices.tlx_data)
    tlx_detail = endpoint(devices.tlx_detail)
    tlx_params = endpoint(devices.tlx_params)
    tlx_get_all_settings = endpoint(devices.tlx_get_all_settings)
    tlx_all_settings = tlx_get_all_settings  # growattServer's name
    tlx_get_enabled_settings = endpoint(devices.tlx_get_enabled_settings)
    tlx_enabled_settings = tlx_get_enabled_settings  # growattServer's name
    tlx_battery_info = endpoint(devices.tlx_battery_info)
    tlx_battery_info_detailed = endpoint(devices.tlx_battery_info_detailed)
    update_tlx_inverter_setting = endpoint(writes.update_tlx_inverter_setting)
    update_tlx_inverter_time_segment = endpoint(writes.update_tlx_inverter_time_segment)

    # -- MIX / SPH and SPA -----------------------------------------------------------------
    mix_info = endpoint(devices.mix_info)
    mix_totals = endpoint(devices.mix_totals)
    mix_system_status = endpoint(devices.mix_system_status)
    mix_detail = endpoint(devices.mix_detail)
    get_mix_inverter_settings = endpoint(devices.get_mix_inverter_settings)
    update_mix_inverter_setting = endpoint(writes.update_mix_inverter_setting)
    get_spa_inverter_settings = endpoint(devices.get_spa_inverter_settings)
    update_ac_inverter_setting = endpoint(writes.update_ac_inverter_setting)

    # -- storage / SPF ---------------------------------------------------------------------
    storage_detail = endpoint(devices.storage_detail)
    storage_params = endpoint(devices.storage_params)
    storage_energy_overview = endpoint(devices.storage_energy_overview)

    # -- Noah ----------------------------------------------------------------------------------
    is_plant_noah_system = endpoint(devices.is_plant_noah_system)
    noah_system_status = endpoint(devices.noah_system_status)
    noah_info = endpoint(devices.noah_info)
    update_noah_settings = endpoint(writes.update_noah_settings)


__all__ = ["GrowattApi", "hash_password"]
