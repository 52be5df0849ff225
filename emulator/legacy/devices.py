"""A plant's devices as the app lists them: `getAllDeviceListTwo` and `getAllDeviceList`."""

from __future__ import annotations

from typing import Any

from aiohttp import web

from ..http import world_of
from ..model import Family
from .common import (
    DeviceView,
    Params,
    bare_failure,
    compact,
    find_plant,
    find_view,
    growatt_json,
    kw,
    plant_views,
    result_failure,
    result_obj,
    stamp,
)
from .energy import PlantTotals

# Legacy `type2`: the device-type id getSetPass expects (5 = TLX/NEO).
TYPE2 = {Family.TLX: "5"}


def device_entry(view: DeviceView) -> dict[str, Any]:
    """One device of `deviceList` / `invList`."""
    device = view.device
    live = view.live
    entry: dict[str, Any] = {
        "deviceSn": device.sn,
        "deviceAilas": device.alias or device.sn,
        "deviceType": device.family.value,
        "deviceStatus": str(view.status),
        "datalogSn": device.datalogger_sn,
        "plantId": view.plant.plant_id,
        "lost": view.lost,
        "location": "",
        "eToday": compact(view.today("pv")),
        "eTodayStr": f"{compact(view.today('pv'))}kWh",
        "energy": compact(view.total("pv")),
        "power": compact(live.ac_power),
        "powerStr": f"{kw(live.ac_power)}kW",
    }
    if device.family is Family.TLX:
        entry.update(
            {
                "isParallel": "false",
                "type": 0,
                "type2": TYPE2[Family.TLX],
                "bdc1Soc": round(live.soc) if device.has_battery else 0,
                "bdc2Soc": 0,
                "bMerterConnectFlag": 1 if device.has_meter else 0,
                "prePto": "-1",
                "xe_ct": "0",
            }
        )
    if device.family in (Family.MIX, Family.STORAGE, Family.SPA, Family.NOAH):
        entry.update(
            {
                "eChargeToday": compact(view.today("charge")),
                "capacity": f"{round(live.soc)}%",
                "pCharge": compact(live.charge_power),
                "activePower": compact(live.ac_power),
                "apparentPower": "0",
                "storageType": "0",
            }
        )
    return entry


def without(entry: dict[str, Any], *keys: str) -> dict[str, Any]:
    """An entry without some of its keys."""
    return {key: value for key, value in entry.items() if key not in keys}


def battery_entry(view: DeviceView) -> dict[str, Any]:
    """The TLX-H battery module, listed as its own `bat` device."""
    device = view.device
    return {
        "deviceSn": device.battery_sn,
        "deviceAilas": device.battery_sn,
        "deviceType": "bat",
        "deviceStatus": str(view.status),
        "datalogSn": device.datalogger_sn,
        "plantId": view.plant.plant_id,
        "lost": view.lost,
        "location": "",
    }


def datalogger_entries(views: list[DeviceView]) -> list[dict[str, Any]]:
    """`datalogList`: one entry per datalogger, lost when none of its devices report."""
    loggers: dict[str, list[DeviceView]] = {}
    for view in views:
        if view.device.datalogger_sn:
            loggers.setdefault(view.device.datalogger_sn, []).append(view)
    entries = []
    for sn, members in loggers.items():
        lost = all(member.lost for member in members)
        updated = stamp(
            max(member.last_update for member in members), members[0].plant.tz
        )
        entries.append(
            {
                "datalog_sn": sn,
                "alias": sn,
                "device_type": "ShineWeFi",
                "deviceTypeIndicate": "55",
                "type": "55",
                "lost": lost,
                "update_interval": str(members[0].device.update_interval),
                "update_time": updated,
                "keys": [
                    "Signal",
                    "Connection Status",
                    "Last Update",
                    "Data Update Interval",
                ],
                "values": [
                    "Poor" if lost else "Good",
                    "Offline" if lost else "Online",
                    updated,
                    str(members[0].device.update_interval),
                ],
                "isGprs4G": "0",
                "lfdi": "0",
                "meter": {},
                "simInfo": None,
                "unit_id": "",
                "client_url": "/10.10.0.100:12345",
            }
        )
    return entries


async def plant_info(request: web.Request, params: Params) -> web.Response:
    """`newTwoPlantAPI.do?op=getAllDeviceListTwo`: the plant with its devices.

    TLX devices appear only in `invList` (so `deviceList` is empty for TLX-only
    plants, and the library falls back to `getAllDeviceList`); battery modules in
    `batList`; `deviceList` must exist because HA deletes it.
    """
    account, plant = find_plant(request, params.get("plantId", ""))
    if plant is None:
        return bare_failure()
    views = plant_views(world_of(request), account, plant)
    totals = PlantTotals(plant, views, world_of(request).now())
    device_list = [device_entry(v) for v in views if v.device.family is not Family.TLX]
    # The plant's TLX entries lack the device list's isParallel and xe_ct.
    inv_list = [
        without(device_entry(v), "isParallel", "xe_ct")
        for v in views
        if v.device.family is Family.TLX
    ]
    bat_list = [battery_entry(v) for v in views if v.device.battery_sn]
    storage = [
        v for v in views if v.device.family in (Family.MIX, Family.STORAGE, Family.SPA)
    ]
    return growatt_json(
        {
            "deviceList": device_list,
            "invList": inv_list,
            "datalogList": datalogger_entries(views),
            "batList": bat_list,
            "boostList": [],
            "chargerList": [],
            "meterList": [],
            "ogbList": [],
            "pidList": [],
            "sphList": [],
            "storageList": [],
            "witList": [],
            "todayEnergy": compact(totals.today_energy),
            "totalEnergy": compact(totals.total_energy),
            "invTodayPpv": compact(totals.power),
            "nominalPower": plant.nominal_power,
            "nominal_Power": plant.nominal_power,
            "plantMoneyText": f"{compact(totals.today_money)}/{totals.currency}",
            "totalMoneyText": compact(totals.total_money, 2),
            "Co2Reduction": compact(totals.co2, 2),
            "storageTodayPpv": compact(sum(v.live.pv_power for v in storage)),
            "storagePgrid": compact(sum(v.live.export_power for v in storage)),
            "storagePuser": compact(sum(v.live.import_power for v in storage)),
            "todayDischarge": compact(sum(v.today("discharge") for v in storage)),
            "useEnergy": compact(sum(v.today("load") for v in storage)),
            "ammeterType": "1" if storage else "0",
            "isHaveOptimizer": 0,
            "isHavePumper": "0",
            "optimizerType": 0,
        }
    )


async def all_devices(request: web.Request, params: Params) -> web.Response:
    """`newTwoPlantAPI.do?op=getAllDeviceList`: every device, TLX and `bat` included."""
    account, plant = find_plant(request, params.get("plantId", ""))
    if plant is None:
        return bare_failure()
    views = plant_views(world_of(request), account, plant)
    totals = PlantTotals(plant, views, world_of(request).now())
    entries: list[dict[str, Any]] = []
    for view in views:
        # getAllDeviceList does not name the plant in its entries.
        entries.append(without(device_entry(view), "plantId"))
        if view.device.battery_sn:
            entries.append(battery_entry(view))
    return growatt_json(
        {
            "plantMoneyText": f"{compact(totals.today_money)}/{totals.currency}",
            "deviceList": entries,
        }
    )


async def device_detail(request: web.Request, params: Params) -> web.Response:
    """`POST newTwoDeviceAPI.do?op=getDeviceDetailData`, form `deviceType`, `sn`.

    The app's "Important data": one row of strings per PV input and one for AC.
    """
    view = find_view(request, params.get("sn", ""))
    if view is None:
        return result_failure()
    live = view.live
    rows = [["", "Voltage(V)", "Current(A)", "Power(W)"]]
    for n in range(1, max(1, view.device.strings) + 1):
        string = view.string(n)
        rows.append(
            [
                f"PV{n}",
                compact(string.voltage),
                compact(string.current),
                compact(string.power),
            ]
        )
    rows.append(
        [
            "AC",
            compact(live.ac_voltage),
            compact(live.ac_current),
            compact(live.ac_power),
        ]
    )
    return result_obj({"parameterGreat": rows})


NEW_TWO_PLANT_OPS = {
    "getAllDeviceListTwo": plant_info,
    "getAllDeviceList": all_devices,
}

NEW_TWO_DEVICE_OPS = {
    "getDeviceDetailData": device_detail,
}
