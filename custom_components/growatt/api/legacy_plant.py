"""Legacy plant endpoints: plant lists, plant figures, device lists, the dashboard.

Each is a function of the `LegacySession`, named and shaped as growattServer's
method of the same name (which `GrowattApi` makes of it).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any
import warnings

from .const import Timespan
from .legacy_session import LegacySession


def _date_string(
    api: LegacySession,
    timespan: Timespan | int | None = None,
    date: datetime | None = None,
) -> str:
    """A request date: month charts take "YYYY-MM", year/total "YYYY", others a day."""
    moment = date if date is not None else api.now()
    if timespan == Timespan.month:
        return moment.strftime("%Y-%m")
    if timespan in (Timespan.year, Timespan.total):
        return moment.strftime("%Y")
    return moment.strftime("%Y-%m-%d")


async def plant_list(api: LegacySession, user_id: int | str) -> dict[str, Any]:
    """`PlantListAPI.do`: the account's plants (`back`: `data`, `totalData`)."""
    # Fetched without following redirects: an expired session redirects
    # to a login page instead of answering with one.
    payload = await api.request(
        "GET",
        "PlantListAPI.do",
        params={"userId": user_id},
        allow_redirects=False,
    )
    result: dict[str, Any] = api.back("PlantListAPI.do", payload)
    return result


async def plant_list_two(api: LegacySession) -> list[dict[str, Any]]:
    """`getAllPlantListTwo`: the full plant beans of the account."""
    payload = await api.request(
        "POST",
        "newTwoPlantAPI.do",
        op="getAllPlantListTwo",
        params={"op": "getAllPlantListTwo"},
        data={
            "language": "1",
            "nominalPower": "",
            "order": "1",
            "pageSize": "15",
            "plantName": "",
            "plantStatus": "",
            "toPageNum": "1",
        },
    )
    result: list[dict[str, Any]] = api.checked("newTwoPlantAPI.do", payload).get(
        "PlantList", []
    )
    return result


async def plant_detail(
    api: LegacySession,
    plant_id: int | str,
    timespan: Timespan,
    date: datetime | None = None,
) -> dict[str, Any]:
    """`PlantDetailAPI.do`: the plant's energy chart for a day, month or year."""
    payload = await api.request(
        "GET",
        "PlantDetailAPI.do",
        params={
            "plantId": plant_id,
            "type": int(timespan),
            "date": api.date_string(timespan, date),
        },
    )
    result: dict[str, Any] = api.back("PlantDetailAPI.do", payload)
    return result


async def plant_info(api: LegacySession, plant_id: int | str) -> dict[str, Any]:
    """`getAllDeviceListTwo`: plant totals and its devices by family."""
    payload = await api.request(
        "GET",
        "newTwoPlantAPI.do",
        op="getAllDeviceListTwo",
        params={
            "op": "getAllDeviceListTwo",
            "plantId": plant_id,
            "pageNum": 1,
            "pageSize": 1,
        },
    )
    return api.checked("newTwoPlantAPI.do", payload)


async def plant_settings(api: LegacySession, plant_id: int | str) -> dict[str, Any]:
    """`getPlant`: the plant bean (name, location, tariffs, formulas)."""
    payload = await api.request(
        "GET",
        "newPlantAPI.do",
        op="getPlant",
        params={"op": "getPlant", "plantId": plant_id},
    )
    return api.checked("newPlantAPI.do", payload)


async def plant_energy_data(api: LegacySession, plant_id: int | str) -> dict[str, Any]:
    """`getUserCenterEnertyDataByPlantid` (sic): today/month/year/total energy."""
    payload = await api.request(
        "POST",
        "newTwoPlantAPI.do",
        op="getUserCenterEnertyDataByPlantid",
        params={"op": "getUserCenterEnertyDataByPlantid"},
        data={"language": 1, "plantId": plant_id},
    )
    return api.checked("newTwoPlantAPI.do", payload)


async def device_list(api: LegacySession, plant_id: int | str) -> list[dict[str, Any]]:
    """The plant's devices: `plant_info`'s `deviceList`, else `getAllDeviceList`.

    TLX plants list their devices only in `invList`, which is why the
    second endpoint is asked when the first list is empty.
    """
    devices: list[dict[str, Any]] = (await plant_info(api, plant_id)).get(
        "deviceList", []
    )
    if devices:
        return devices
    payload = await api.request(
        "GET",
        "newTwoPlantAPI.do",
        op="getAllDeviceList",
        params={"op": "getAllDeviceList", "plantId": plant_id, "language": 1},
    )
    result: list[dict[str, Any]] = api.checked("newTwoPlantAPI.do", payload).get(
        "deviceList", {}
    )
    return result


async def inverter_list(
    api: LegacySession, plant_id: int | str
) -> list[dict[str, Any]]:
    """Deprecated alias of `device_list` (its name says inverters only)."""
    warnings.warn(
        "inverter_list is deprecated, use device_list",
        DeprecationWarning,
        stacklevel=2,
    )
    return await device_list(api, plant_id)


async def dashboard_data(
    api: LegacySession,
    plant_id: int | str,
    timespan: Timespan = Timespan.hour,
    date: datetime | None = None,
) -> dict[str, Any]:
    """`getEnergyStorageData`: the plant's chart and energy split (unit strings)."""
    payload = await api.request(
        "POST",
        "newPlantAPI.do",
        op="getEnergyStorageData",
        params={
            "action": "getEnergyStorageData",
            "date": api.date_string(timespan, date),
            "type": int(timespan),
            "plantId": plant_id,
        },
    )
    return api.checked("newPlantAPI.do", payload)
