"""Legacy device endpoints: classic inverters, TLX/MIN, MIX/SPH, SPA, storage/SPF, Noah.

Each is a function of the `LegacySession`, named and shaped as growattServer's
method of the same name.
"""

from __future__ import annotations

from datetime import datetime
import json
import re
from typing import Any

from .const import Timespan
from .exceptions import GrowattParseError
from .legacy_session import LegacySession

# The classic inverter's settings page embeds them as `inv=JSON.parse('{...}')`.
_INVERTER_SETTINGS = re.compile(r"inv=JSON\.parse\('(\{.*?\})'\)")


# -- classic inverters ---------------------------------------------------------


async def inverter_data(
    api: LegacySession, inverter_id: str, date: datetime | None = None
) -> dict[str, Any]:
    """`getInverterData`: the classic inverter's power curve of a day."""
    payload = await api.request(
        "GET",
        "newInverterAPI.do",
        op="getInverterData",
        params={
            "op": "getInverterData",
            "id": inverter_id,
            "type": 1,
            "date": api.date_string(date=date),
        },
    )
    return api.checked("newInverterAPI.do", payload)


async def inverter_detail(api: LegacySession, inverter_id: str) -> dict[str, Any]:
    """`getInverterDetailData`: the classic inverter's flat bean of numbers."""
    payload = await api.request(
        "GET",
        "newInverterAPI.do",
        op="getInverterDetailData",
        params={"op": "getInverterDetailData", "inverterId": inverter_id},
    )
    return api.checked("newInverterAPI.do", payload)


async def inverter_detail_two(api: LegacySession, inverter_id: str) -> dict[str, Any]:
    """`getInverterDetailData_two`: the older snake_case form under `data`."""
    payload = await api.request(
        "GET",
        "newInverterAPI.do",
        op="getInverterDetailData_two",
        params={"op": "getInverterDetailData_two", "inverterId": inverter_id},
    )
    return api.checked("newInverterAPI.do", payload)


async def classic_inverter_info(api: LegacySession, device_sn: str) -> dict[str, Any]:
    """The classic inverter's settings, cut out of the web settings page."""
    page: str = await api.request(
        "GET",
        "commonDeviceSetC/setInverter",
        params={"type": "server", "invSn": device_sn},
        expect="html",
    )
    match = _INVERTER_SETTINGS.search(page)
    if match is None:
        raise GrowattParseError(
            f"Growatt's settings page has no data for inverter {device_sn}"
        )
    try:
        settings: dict[str, Any] = json.loads(match.group(1))
    except ValueError as err:
        raise GrowattParseError(
            f"Growatt's settings page of inverter {device_sn} is not readable"
        ) from err
    return settings


# -- TLX / MIN ---------------------------------------------------------------------


async def _tlx_post(
    api: LegacySession, op: str, data: dict[str, Any], *, whole: bool = False
) -> Any:
    payload = await api.request(
        "POST", "newTlxApi.do", op=op, params={"op": op}, data=data
    )
    if whole:
        return api.checked("newTlxApi.do", payload)
    return api.obj("newTlxApi.do", payload)


async def _tlx_get(
    api: LegacySession, op: str, params: dict[str, Any]
) -> dict[str, Any]:
    payload = await api.request(
        "GET", "newTlxApi.do", op=op, params={"op": op, **params}
    )
    return api.checked("newTlxApi.do", payload)


async def tlx_system_status(
    api: LegacySession, plant_id: int | str, tlx_id: str
) -> dict[str, Any]:
    """`getSystemStatus_KW`: live flows in kW, all values strings."""
    result: dict[str, Any] = await _tlx_post(
        api, "getSystemStatus_KW", {"plantId": plant_id, "id": tlx_id}
    )
    return result


async def tlx_energy_overview(
    api: LegacySession, plant_id: int | str, tlx_id: str
) -> dict[str, Any]:
    """`getEnergyOverview`: today's and lifetime energies (with `epvToday`)."""
    result: dict[str, Any] = await _tlx_post(
        api, "getEnergyOverview", {"plantId": plant_id, "id": tlx_id}
    )
    return result


async def tlx_energy_prod_cons(
    api: LegacySession,
    plant_id: int | str,
    tlx_id: str,
    timespan: Timespan = Timespan.hour,
    date: datetime | None = None,
) -> dict[str, Any]:
    """`getEnergyProdAndCons_KW`: production and consumption chart with totals."""
    result: dict[str, Any] = await _tlx_post(
        api,
        "getEnergyProdAndCons_KW",
        {
            "date": api.date_string(timespan, date),
            "plantId": plant_id,
            "language": "1",
            "id": tlx_id,
            "type": int(timespan),
        },
    )
    return result


async def tlx_data(
    api: LegacySession, tlx_id: str, date: datetime | None = None
) -> dict[str, Any]:
    """`getTlxData`: the day's power curve."""
    return await _tlx_get(
        api,
        "getTlxData",
        {"id": tlx_id, "type": 1, "date": api.date_string(date=date)},
    )


async def tlx_detail(api: LegacySession, tlx_id: str) -> dict[str, Any]:
    """`getTlxDetailData`: `{"data": {...}, "parameterName": ...}`, the realtime bean."""
    return await _tlx_get(api, "getTlxDetailData", {"id": tlx_id})


async def tlx_params(api: LegacySession, tlx_id: str) -> dict[str, Any]:
    """`getTlxParams`: model, firmware and the device bean (`newBean`)."""
    return await _tlx_get(api, "getTlxParams", {"id": tlx_id})


async def tlx_get_all_settings(
    api: LegacySession, tlx_id: str
) -> dict[str, Any] | None:
    """`getTlxSetData`: the settings bean (`tlxSetBean`, all strings)."""
    obj = await _tlx_post(api, "getTlxSetData", {"serialNum": tlx_id})
    result: dict[str, Any] | None = obj.get("tlxSetBean")
    return result


async def tlx_get_enabled_settings(api: LegacySession, tlx_id: str) -> dict[str, Any]:
    """`getSetPass`: which settings the app may change (`enable` map)."""
    payload = await api.request(
        "POST",
        "newLoginAPI.do",
        op="getSetPass",
        params={"op": "getSetPass"},
        data={
            "deviceSn": tlx_id,
            "stringTime": api.now().strftime("%Y-%m-%d"),
            "type": "5",
        },
    )
    result: dict[str, Any] = api.obj("newLoginAPI.do", payload)
    return result


async def tlx_battery_info(api: LegacySession, serial_num: str) -> dict[str, Any]:
    """`getBatInfo`: the TLX battery module (`lost` while disconnected)."""
    result: dict[str, Any] = await _tlx_post(
        api, "getBatInfo", {"lan": 1, "serialNum": serial_num}
    )
    return result


async def tlx_battery_info_detailed(
    api: LegacySession, plant_id: int | str, serial_num: str
) -> dict[str, Any]:
    """`getBatDetailData`: the battery module's live figures (`data`)."""
    result: dict[str, Any] = await _tlx_post(
        api,
        "getBatDetailData",
        {"lan": 1, "plantId": plant_id, "id": serial_num},
        whole=True,
    )
    return result


# -- MIX / SPH -----------------------------------------------------------------------


async def _mix(
    api: LegacySession,
    method: str,
    op: str,
    params: dict[str, Any],
    *,
    whole: bool = False,
) -> Any:
    payload = await api.request(
        method, "newMixApi.do", op=op, params={"op": op, **params}
    )
    if whole:
        return api.checked("newMixApi.do", payload)
    return api.obj("newMixApi.do", payload)


async def mix_info(
    api: LegacySession, mix_id: str, plant_id: int | str | None = None
) -> dict[str, Any]:
    """`getMixInfo`: battery and PV figures of the MIX inverter."""
    params: dict[str, Any] = {"mixId": mix_id}
    if plant_id:
        params["plantId"] = plant_id
    result: dict[str, Any] = await _mix(api, "GET", "getMixInfo", params)
    return result


async def mix_totals(
    api: LegacySession, mix_id: str, plant_id: int | str
) -> dict[str, Any]:
    """`getEnergyOverview`: today's and lifetime energies of the MIX inverter."""
    result: dict[str, Any] = await _mix(
        api, "POST", "getEnergyOverview", {"mixId": mix_id, "plantId": plant_id}
    )
    return result


async def mix_system_status(
    api: LegacySession, mix_id: str, plant_id: int | str
) -> dict[str, Any]:
    """`getSystemStatus_KW`: live flows of the MIX inverter in kW (strings)."""
    result: dict[str, Any] = await _mix(
        api, "POST", "getSystemStatus_KW", {"mixId": mix_id, "plantId": plant_id}
    )
    return result


async def mix_detail(
    api: LegacySession,
    mix_id: str,
    plant_id: int | str,
    timespan: Timespan = Timespan.hour,
    date: datetime | None = None,
) -> dict[str, Any]:
    """`getEnergyProdAndCons_KW`: the MIX chart (`chartData`) and energy totals."""
    result: dict[str, Any] = await _mix(
        api,
        "POST",
        "getEnergyProdAndCons_KW",
        {
            "plantId": plant_id,
            "mixId": mix_id,
            "type": int(timespan),
            "date": api.date_string(timespan, date),
        },
    )
    return result


async def get_mix_inverter_settings(
    api: LegacySession, serial_number: str
) -> dict[str, Any]:
    """`getMixSetParams`: the MIX settings (`obj.mixBean`, strings)."""
    result: dict[str, Any] = await _mix(
        api,
        "GET",
        "getMixSetParams",
        {"serialNum": serial_number, "kind": 0},
        whole=True,
    )
    return result


async def get_spa_inverter_settings(
    api: LegacySession, serial_number: str
) -> dict[str, Any]:
    """`newSpaApi.do?op=getSpaSetData`: the SPA settings (`obj.spaBean`, strings).

    The op name comes from the openHAB binding (docs/growatt-api.md,
    Assumptions); growattServer has no SPA read.
    """
    payload = await api.request(
        "GET",
        "newSpaApi.do",
        op="getSpaSetData",
        params={"op": "getSpaSetData", "serialNum": serial_number},
    )
    return api.checked("newSpaApi.do", payload)


# -- storage / SPF -------------------------------------------------------------------


async def storage_detail(api: LegacySession, storage_id: str) -> dict[str, Any]:
    """`getStorageInfo_sacolar`: the storage unit's live figures."""
    payload = await api.request(
        "GET",
        "newStorageAPI.do",
        op="getStorageInfo_sacolar",
        params={"op": "getStorageInfo_sacolar", "storageId": storage_id},
    )
    return api.checked("newStorageAPI.do", payload)


async def storage_params(api: LegacySession, storage_id: str) -> dict[str, Any]:
    """`getStorageParams_sacolar`: `storageBean` and `storageDetailBean`."""
    payload = await api.request(
        "GET",
        "newStorageAPI.do",
        op="getStorageParams_sacolar",
        params={"op": "getStorageParams_sacolar", "storageId": storage_id},
    )
    return api.checked("newStorageAPI.do", payload)


async def storage_energy_overview(
    api: LegacySession, plant_id: int | str, storage_id: str
) -> dict[str, Any]:
    """`getEnergyOverviewData_sacolar`: today's and lifetime energies."""
    payload = await api.request(
        "POST",
        "newStorageAPI.do",
        op="getEnergyOverviewData_sacolar",
        params={
            "op": "getEnergyOverviewData_sacolar",
            "plantId": plant_id,
            "storageSn": storage_id,
        },
    )
    result: dict[str, Any] = api.obj("newStorageAPI.do", payload)
    return result


# -- Noah --------------------------------------------------------------------------------


async def _noah(
    api: LegacySession, action: str, data: dict[str, Any]
) -> dict[str, Any]:
    endpoint = f"noahDeviceApi/noah/{action}"
    payload = await api.request("POST", endpoint, data=data)
    return api.checked(endpoint, payload)


async def is_plant_noah_system(
    api: LegacySession, plant_id: int | str
) -> dict[str, Any]:
    """`isPlantNoahSystem`: whether the plant has a Noah, and its serial."""
    return await _noah(api, "isPlantNoahSystem", {"plantId": plant_id})


async def noah_system_status(api: LegacySession, serial_number: str) -> dict[str, Any]:
    """`getSystemStatus`: the Noah's live figures (strings)."""
    return await _noah(api, "getSystemStatus", {"deviceSn": serial_number})


async def noah_info(api: LegacySession, serial_number: str) -> dict[str, Any]:
    """`getNoahInfoBySn`: the Noah's settings, plants and currencies."""
    return await _noah(api, "getNoahInfoBySn", {"deviceSn": serial_number})
