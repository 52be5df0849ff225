"""Storage / SPF views (`newStorageAPI.do`): detail, params and energy overview."""

from __future__ import annotations

from typing import Any

from aiohttp import web

from ..model import Family
from .common import (
    DeviceView,
    Params,
    bare_failure,
    compact,
    find_view,
    flag,
    growatt_json,
    result_failure,
    result_obj,
    stamp,
)
from .idle import STORAGE_DETAIL, STORAGE_INFO

STORAGE = (Family.STORAGE,)


def storage_status(view: DeviceView) -> str:
    """`storageBean.status`: "1" charging, "2" discharging (app), "0" idle, "-1" lost."""
    if view.lost:
        return "-1"
    live = view.live
    if live.charge_power > 0:
        return "1"
    if live.discharge_power > 0:
        return "2"
    return "0"


def load_percent(view: DeviceView) -> float:
    """Output load as a share of the rated power."""
    return view.live.load_power / max(1, view.device.nominal_power) * 100


async def storage_detail(request: web.Request, params: Params) -> web.Response:
    """`GET newStorageAPI.do?op=getStorageInfo_sacolar&storageId=`: flat, all strings."""
    sn = params.get("storageId", "")
    view = find_view(request, sn, STORAGE)
    if view is None:
        # Another family's device gets the bean of zero strings, as a NEO does.
        return growatt_json(STORAGE_INFO) if find_view(request, sn) else bare_failure()
    live = view.live
    pv1, pv2 = view.string(1), view.string(2)
    battery_power = live.charge_power - live.discharge_power
    return growatt_json(
        {
            "batSn": f"{view.device.sn}-BAT",
            "vbat": compact(live.battery_voltage, 2),
            "ibat": compact(live.battery_current, 2),
            "pbat": compact(battery_power),
            "vpv": compact(pv1.voltage),
            "ipv": compact(pv1.current, 2),
            "ppv": compact(live.pv_power),
            "vpv1": compact(pv1.voltage),
            "vpv2": compact(pv2.voltage),
            "pCharge1": compact(pv1.power),
            "pCharge2": compact(pv2.power),
            "iChargePV1": compact(pv1.current, 2),
            "iChargePV2": compact(pv2.current, 2),
            "vGuid": compact(live.ac_voltage),
            # The grid current carries an explicit sign.
            "iGuid": f"{live.import_power / max(1.0, live.ac_voltage):+.1f}",
            "pGuid": compact(live.import_power),
            "outPutPower": compact(live.load_power),
            "outPutVolt": compact(live.ac_voltage),
            "freqOutPut": compact(live.ac_frequency, 2),
            "loadPercent": compact(load_percent(view)),
            "apparentPower": compact(live.load_power),
            "activePower": compact(live.load_power),
            "capacity": compact(view.device.telemetry.soc, 0),
            "vGrid": compact(live.ac_voltage),
            "freqGrid": compact(live.ac_frequency, 2),
            "epvToday": compact(view.today("pv")),
            "epvTotal": compact(view.total("pv")),
            "eBatChargeToday": compact(view.today("charge")),
            "eBatChargeTotal": compact(view.total("charge")),
            "eBatDisChargeToday": compact(view.today("discharge")),
            "eBatDisChargeTotal": compact(view.total("discharge")),
        }
    )


def detail_bean(view: DeviceView) -> dict[str, Any]:
    """`storageDetailBean`: mostly numbers (with float noise), a few text variants."""
    live = view.live
    soc = round(view.device.telemetry.soc)
    current = live.load_power / max(1.0, live.ac_voltage) if live.ac_voltage else 0.0
    return STORAGE_DETAIL | {
        "serialNum": view.device.sn,
        "time": stamp(view.last_update, view.plant.tz),
        "lost": view.lost,
        "status": int(storage_status(view)),
        "capacity": soc,
        "capacityText": f"{soc}%",
        "bmsSoc": soc,
        "bmsSoh": 0,
        "vBat": live.battery_voltage,
        "ppv": view.string(1).power,
        "ppv2": view.string(2).power,
        "vpv": view.string(1).voltage,
        "vpv2": view.string(2).voltage,
        "iChargePV1": view.string(1).current,
        "iChargePV2": view.string(2).current,
        "pCharge": round(live.charge_power, 1),
        "pChargeText": f"{compact(live.charge_power)} W",
        "pDischarge": round(live.discharge_power, 1),
        "pAcInPut": round(live.import_power, 1),
        "outPutPower": round(live.load_power, 1),
        "outPutVolt": live.ac_voltage,
        "outPutCurrent": round(current, 2),
        "rateVA": view.device.nominal_power,
        "loadPercent": round(load_percent(view), 1),
        "vGrid": live.ac_voltage,
        "freqOutPut": live.ac_frequency,
        "freqGrid": live.ac_frequency,
        "iAcCharge": round(live.ac_charge_power / max(1.0, live.battery_voltage), 2)
        if live.battery_voltage
        else 0,
        "pAcCharge": round(live.ac_charge_power, 1),
        "chgCurr": live.battery_current if live.battery_current > 0 else 0,
        "eChargeToday": round(view.today("charge"), 1),
        "eChargeTotal": round(view.total("charge"), 1),
        "eBatDisChargeToday": round(view.today("discharge"), 1),
        "eBatDisChargeTotal": round(view.total("discharge"), 1),
        "eDischargeTodayText": f"{compact(view.today('discharge'))} kWh",
        "eacChargeToday": round(view.today("ac_charge"), 1),
        "eacChargeTotal": round(view.total("ac_charge"), 1),
        "eacDisChargeToday": round(view.today("import"), 1),
        "eacDisChargeTotal": round(view.total("import"), 1),
        "eopDischrToday": round(view.today("load"), 1),
        "eopDischrTotal": round(view.total("load"), 1),
        "epvToday": round(view.today("pv"), 1),
        "epvTotal": round(view.total("pv"), 1),
        "eToUserToday": round(view.today("import"), 1),
        "eToUserTotal": round(view.total("import"), 1),
        "outputConfig": view.device.settings.priority,
        "withTime": False,
        "warnText": "Unknown",
        "vBuckText": f"{compact(view.string(1).voltage)} V",
        "chargeMap": {},
        "day": "",
    }


async def storage_params(request: web.Request, params: Params) -> web.Response:
    """`GET newStorageAPI.do?op=getStorageParams_sacolar&storageId=`."""
    view = find_view(request, params.get("storageId", ""), STORAGE)
    if view is None:
        return bare_failure()
    device = view.device
    settings = device.settings
    return growatt_json(
        {
            "storageType": 3,
            "storageBean": {
                "serialNum": device.sn,
                "alias": device.alias,
                "dataLogSn": device.datalogger_sn,
                "plantId": view.plant.plant_id,
                "status": storage_status(view),
                "lost": view.lost,
                "outputConfig": str(settings.priority),
                "chargeConfig": str(settings.priority),
                "acChargeEnable": flag(settings.ac_charge),
                "fwVersion": device.firmware,
                "model": device.model,
                "ratedPower": device.nominal_power,
            },
            "storageDetailBean": detail_bean(view),
        }
    )


async def storage_energy_overview(request: web.Request, params: Params) -> web.Response:
    """`POST newStorageAPI.do?op=getEnergyOverviewData_sacolar&plantId&storageSn`: kWh strings."""
    view = find_view(request, params.get("storageSn", ""), STORAGE)
    if view is None or (
        params.get("plantId") and params["plantId"] != str(view.plant.plant_id)
    ):
        return result_failure()
    figures = {
        "epv": "pv",
        "eCharge": "charge",
        "eDischarge": "discharge",
        "eToUser": "import",
        "eToGrid": "export",
        "useEnergy": "load",
    }
    obj: dict[str, str] = {}
    for prefix, key in figures.items():
        obj[f"{prefix}Today"] = compact(view.today(key))
        obj[f"{prefix}Total"] = compact(view.total(key))
    return result_obj(obj)


OPS = {
    "getStorageInfo_sacolar": storage_detail,
    "getStorageParams_sacolar": storage_params,
    "getEnergyOverviewData_sacolar": storage_energy_overview,
}
