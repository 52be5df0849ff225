"""Noah views (`noahDeviceApi/noah/...`): plant check, status, info and batteries.

Noah answers are Family B with string values; recent captures carry bare
numbers ("112"), not the "200Watt" of the library's docstring.
"""

from __future__ import annotations

from typing import Any

from aiohttp import web

from ..model import Family, Settings
from .common import (
    DeviceView,
    Params,
    bool_text,
    compact,
    currency_symbol,
    find_plant,
    find_view,
    flag,
    hm,
    result_failure,
    result_obj,
    simple,
    stamp,
)

NOAH = (Family.NOAH,)
MONEY_UNIT_TEXT = {"EUR": "euro", "USD": "dollar", "GBP": "pound"}


async def is_plant_noah_system(request: web.Request, params: Params) -> web.Response:
    """`POST noahDeviceApi/noah/isPlantNoahSystem`, form `plantId`."""
    _, plant = find_plant(request, params.get("plantId", ""))
    if plant is None:
        return result_failure()
    noahs = [d for d in plant.devices if d.family is Family.NOAH]
    return result_obj(
        {
            "plantId": str(plant.plant_id),
            "plantName": plant.name,
            "deviceSn": noahs[0].sn if noahs else "",
            "isPlantNoahSystem": bool(noahs),
            "isPlantHaveNoah": bool(noahs),
            "isPlantHaveNexa": False,
        }
    )


def noah_status(view: DeviceView) -> str:
    """The status string: "1" online, "-1" offline, "0" standby."""
    return str(view.status)


async def system_status(request: web.Request, params: Params) -> web.Response:
    """`POST noahDeviceApi/noah/getSystemStatus`, form `deviceSn`: all strings, W and kWh."""
    view = find_view(request, params.get("deviceSn", ""), NOAH)
    if view is None:
        return result_failure()
    live = view.live
    price = view.plant.money_per_kwh
    return result_obj(
        {
            "soc": compact(view.device.telemetry.soc, 0),
            "chargePower": compact(live.charge_power, 0),
            "disChargePower": compact(live.discharge_power, 0),
            "pac": compact(live.ac_power, 0),
            "ppv": compact(live.pv_power, 0),
            "eacToday": compact(view.today("ac")),
            "eacTotal": compact(view.total("ac")),
            "workMode": str(live.mode),
            "batteryNum": "1",
            "profitToday": compact(view.today("ac") * price, 2),
            "profitTotal": compact(view.total("ac") * price, 2),
            "moneyUnit": currency_symbol(view.plant.currency),
            "plantId": str(view.plant.plant_id),
            "alias": view.device.alias,
            "associatedInvSn": "",
            "status": noah_status(view),
            "loadPower": compact(live.load_power, 0),
            "gridPower": compact(live.import_power, 0),
            "otherPower": "0",
            "groplugPower": "0",
            "groplugNum": "0",
            "eastronStatus": "-1",
            "isHaveCt": "false",
            "onOffGrid": "0",
            "acCoupleEnable": "0",
        }
    )


def time_segments(settings: Settings) -> dict[str, str]:
    """`time_segment`: enabled segments as "mode_start_end_power", unpadded H:M.

    The app lists only active segments; a disabled one disappears from the map.
    """
    return {
        f"time_segment{n}": f"{segment.mode}_{hm(segment.start)}_{hm(segment.end)}_{segment.power}"
        for n, segment in enumerate(settings.time_segments, start=1)
        if segment.enabled
    }


def noah_bean(view: DeviceView) -> dict[str, Any]:
    """`obj.noah` of getNoahInfoBySn: the settings as strings."""
    device = view.device
    s = device.settings
    plant = view.plant
    return {
        "time_segment": time_segments(s),
        "batSns": [battery_sn(view)],
        "associatedInvSn": "",
        "plantId": str(plant.plant_id),
        "chargingSocHighLimit": str(s.charging_soc_high),
        "chargingSocLowLimit": str(s.charging_soc_low),
        "defaultPower": str(s.default_power),
        "defaultMode": str(s.priority),
        "allowGridCharging": flag(s.allow_grid_charging),
        "version": device.firmware,
        "deviceSn": device.sn,
        "formulaMoney": compact(plant.money_per_kwh, 4),
        "alias": device.alias,
        "model": device.model,
        "plantName": plant.name,
        "tempType": "0",
        "moneyUnitText": MONEY_UNIT_TEXT.get(
            plant.currency.upper(), plant.currency.lower()
        ),
        "antiBackflowEnable": "0",
        "antiBackflowPowerPercentage": "0",
        "acCouplePowerControl": "0",
        "ammeterModel": "",
        "ammeterSn": "",
        "gridSet": "0",
        "defaultACCouplePower": "0",
        "ctType": "0",
        "gridConnectionControl": "0",
        "shellyList": [],
        "manName": "Growatt",
        "lost": bool_text(view.lost),
    }


async def noah_info(request: web.Request, params: Params) -> web.Response:
    """`POST noahDeviceApi/noah/getNoahInfoBySn`, form `deviceSn`."""
    view = find_view(request, params.get("deviceSn", ""), NOAH)
    if view is None:
        return result_failure()
    plants = view.account.plants
    return result_obj(
        {
            "noah": noah_bean(view),
            "plantList": [
                {"plantId": str(p.plant_id), "plantName": p.name, "plantImgName": ""}
                for p in plants
            ],
            "unitList": {"Euro": "euro", "DOLLAR": "dollar", "POUND": "pound"},
            "unitKeyList": ["euro", "dollar", "pound"],
            "neoList": [],
        }
    )


def battery_sn(view: DeviceView) -> str:
    """The serial number of the Noah's battery pack."""
    return f"0HVR{view.device.sn[-6:]}"


async def battery_data(request: web.Request, params: Params) -> web.Response:
    """`POST noahDeviceApi/noah/getBatteryData`, form `deviceSn` (`batter`, sic)."""
    view = find_view(request, params.get("deviceSn", ""), NOAH)
    if view is None:
        return result_failure()
    telemetry = view.device.telemetry
    return result_obj(
        {
            "batter": [
                {
                    "serialNum": battery_sn(view),
                    "soc": compact(telemetry.soc, 0),
                    "temp": compact(telemetry.battery_temperature, 0),
                }
            ],
            "tempType": "°C",
            "time": stamp(view.last_update, view.plant.tz),
        }
    )


PATHS = {
    "/noahDeviceApi/noah/isPlantNoahSystem": simple(is_plant_noah_system),
    "/noahDeviceApi/noah/getSystemStatus": simple(system_status),
    "/noahDeviceApi/noah/getNoahInfoBySn": simple(noah_info),
    "/noahDeviceApi/noah/getBatteryData": simple(battery_data),
}
