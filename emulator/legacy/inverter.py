"""Classic inverter views (`newInverterAPI.do`, `commonDeviceSetC/setInverter`).

MAX inverters share these views with the classic single-phase inverters.
"""

from __future__ import annotations

import json
from typing import Any

from aiohttp import web

from ..http import html_response, json_response, legacy_account
from ..model import Family
from .common import (
    DeviceView,
    Params,
    bare_failure,
    compact,
    find_view,
    fixed,
    flag,
    growatt_json,
    simple,
    stamp,
    timezone_number,
)
from .energy import curve
from .idle import INVERTER_DETAIL, INVERTER_DETAIL_TWO
from .plant import parse_day

CLASSIC = (Family.INVERTER, Family.MAX)
# The counters of getInverterDetailData_two, written as integers.
INTEGERS = frozenset({"pidwarning", "strbreak", "strfault", "strwarning"})
# What getInverterData answers for a NEO/TLX serial number.
NOT_AN_INVERTER = "501"

DETAIL_TWO_PARAMETERS = (
    "Fac(Hz),Pac(W),E_Today(kWh),E_Total(kWh),Vpv1(V),Ipv1(A),Ppv1(W),Vpv2(V),Ipv2(A),"
    "Ppv2(W),Vac1(V),Iac1(A),Pac1(W),Temperature(℃)"
)

SET_INVERTER_PAGE = """<!DOCTYPE html>
<html>
<head><meta charset="UTF-8"><title>Inverter settings</title></head>
<body>
<div id="setInverter"></div>
<script type="text/javascript">
{script}
</script>
</body>
</html>
"""


def phases(view: DeviceView) -> int:
    """MAX inverters feed three phases."""
    return 3 if view.device.family is Family.MAX else 1


def classic_view(request: web.Request, sn: str) -> DeviceView | None | str:
    """The classic inverter `sn`; the failure message when it is not one of the account's."""
    view = find_view(request, sn)
    if view is None:
        return None
    if view.device.family not in CLASSIC:
        return NOT_AN_INVERTER
    return view


async def inverter_data(request: web.Request, params: Params) -> web.Response:
    """`GET newInverterAPI.do?op=getInverterData&id&type=1&date`: the day's power curve.

    The real shape for classic inverters is undocumented; this mirrors getTlxData.
    A TLX serial gets `{"success": false, "msg": "501"}`, as captured.
    """
    view = classic_view(request, params.get("id", ""))
    if not isinstance(view, DeviceView):
        return bare_failure(view) if view else bare_failure()
    day = parse_day(params.get("date", ""), view.local_now.date())
    return json_response(
        {
            "date": day.isoformat(),
            "invPacData": {
                f"{day.isoformat()} {point.label}": round(point.ac, 1)
                for point in curve(view, day)
            },
            "eToday": compact(view.today("ac")),
            "eTotal": compact(view.total("ac")),
            "power": compact(view.live.ac_power),
            "nominalPower": str(view.device.nominal_power),
        }
    )


def status_text(view: DeviceView) -> str:
    """English status of the inverter beans."""
    return {-1: "Lost", 0: "Waiting"}.get(view.status, "Normal")


def other_family(request: web.Request, sn: str) -> DeviceView | None:
    """The account's device `sn` when it is no classic inverter."""
    view = find_view(request, sn)
    if view is None or view.device.family in CLASSIC:
        return None
    return view


async def inverter_detail(request: web.Request, params: Params) -> web.Response:
    """`GET newInverterAPI.do?op=getInverterDetailData&inverterId=`: a flat bean of numbers.

    Another family's device gets the bean with every value zero and
    statusText "Waiting", as a NEO does.
    """
    sn = params.get("inverterId", "")
    if (other := other_family(request, sn)) is not None:
        return growatt_json(
            INVERTER_DETAIL | {"time": stamp(other.now, other.plant.tz)}
        )
    view = classic_view(request, sn)
    if not isinstance(view, DeviceView):
        return bare_failure(view) if view else bare_failure()
    live = view.live
    device = view.device
    count = phases(view)
    phase_power = round(live.ac_power / count, 1)
    phase_current = round(live.ac_current / count, 2)
    phase_voltage = live.ac_voltage
    bean: dict[str, Any] = INVERTER_DETAIL | {
        "inverterId": device.sn,
        "powerToday": round(view.today("ac"), 1),
        "powerTotal": round(view.total("ac"), 1),
        "pac": round(live.ac_power, 1),
        "ppv": round(live.pv_power, 1),
        "vacr": phase_voltage,
        "vacs": phase_voltage if count == 3 else 0,
        "vact": phase_voltage if count == 3 else 0,
        "iacr": phase_current,
        "iacs": phase_current if count == 3 else 0,
        "iact": phase_current if count == 3 else 0,
        "pacr": phase_power,
        "pacs": phase_power if count == 3 else 0,
        "pact": phase_power if count == 3 else 0,
        "fac": live.ac_frequency,
        "pf": device.settings.power_factor,
        "rac": 0,
        "eRacToday": 0,
        "eRacTotal": 0,
        "epvTotal": round(view.total("pv"), 1),
        "temperature": live.temperature,
        "ipmTemperature": live.ipm_temperature,
        "status": view.status,
        "statusText": status_text(view),
        "time": stamp(view.last_update, view.plant.tz),
        "timeTotal": round(
            view.total("ac") / max(0.001, device.nominal_power / 1000), 1
        ),
        "realOPPercent": round(live.ac_power / max(1, device.nominal_power) * 100),
        "opFullwatt": device.nominal_power,
        "faultType": 0,
        "warnCode": 0,
        "pBusVoltage": live.bus_voltage,
        "nBusVoltage": 0,
        "inverterBean": None,
        "again": False,
        "bigDevice": device.family is Family.MAX,
        "id": device.device_id,
    }
    for n in range(1, max(3, device.strings) + 1):
        string = view.string(n)
        bean |= {
            f"ppv{n}": round(string.power, 1),
            f"vpv{n}": string.voltage,
            f"ipv{n}": string.current,
            f"epv{n}Today": round(view.today(f"pv{n}"), 1),
            f"epv{n}Total": round(view.total(f"pv{n}"), 1),
            f"vString{n}": string.voltage,
            f"currentString{n}": string.current,
        }
    bean["timeTotalText"] = compact(bean["timeTotal"])
    return growatt_json(bean)


async def inverter_detail_two(request: web.Request, params: Params) -> web.Response:
    """`op=getInverterDetailData_two` (before Aug 2020): snake_case keys under `data`.

    This endpoint writes its numbers as floats (`0.0`). Another family's
    device gets every value zero.
    """
    sn = params.get("inverterId", "")
    if other_family(request, sn) is not None:
        return json_response(
            {"data": INVERTER_DETAIL_TWO, "parameterName": DETAIL_TWO_PARAMETERS}
        )
    view = classic_view(request, sn)
    if not isinstance(view, DeviceView):
        return bare_failure(view) if view else bare_failure()
    live = view.live
    data: dict[str, Any] = INVERTER_DETAIL_TWO | {
        "e_today": round(view.today("ac"), 1),
        "e_total": round(view.total("ac"), 1),
        "pac": round(live.ac_power, 1),
        "fac": live.ac_frequency,
        "vacr": live.ac_voltage,
        "iacr": live.ac_current,
        "temperature": live.temperature,
        "strfault": 0,
        "pidwarning": 0,
    }
    for n in range(1, 9):
        string = view.string(n)
        data |= {
            f"vpv{n}": string.voltage,
            f"ipv{n}": string.current,
            f"ppv{n}": round(string.power, 1),
            f"istring{n}": string.current,
            f"vstring{n}": string.voltage,
        }
    data = {
        key: float(value) if isinstance(value, int) and key not in INTEGERS else value
        for key, value in data.items()
    }
    return json_response({"data": data, "parameterName": DETAIL_TWO_PARAMETERS})


def inverter_settings(view: DeviceView) -> dict[str, str]:
    """The `inv` object of the settings page: strings only."""
    device = view.device
    s = device.settings
    return {
        "sn": device.sn,
        "alias": device.alias,
        "datalogSn": device.datalogger_sn,
        "deviceModel": device.model,
        "model": device.model,
        "modelText": "A0B0D0T0PFU1M3S4",
        "fwVersion": device.firmware,
        "innerVersion": device.inner_version,
        "onOff": flag(s.on),
        "status": str(view.status),
        "lost": "true" if view.lost else "false",
        "plantId": str(view.plant.plant_id),
        "location": "",
        "sysTime": s.system_time
        if s.system_time and "-" in s.system_time
        else stamp(view.now, view.plant.tz),
        "lastUpdateTime": stamp(view.last_update, view.plant.tz),
        "timezone": str(timezone_number(view.plant)),
        "nominalPower": str(device.nominal_power),
        "activeRate": str(s.active_power_rate),
        "reactiveRate": str(s.reactive_power_rate),
        "pf": fixed(s.power_factor),
        "pfModel": "0",
        "pvPfCmdMemoryState": "0",
        "voltageHighLimit": fixed(s.grid_voltage_high),
        "voltageLowLimit": fixed(s.grid_voltage_low),
        "workingFrequencyMax": compact(s.grid_frequency_high, 2),
        "workingFrequencyMin": compact(s.grid_frequency_low, 2),
        "wideVoltageEnable": "0",
        "haveAfci": "0",
        "isBig": "1" if device.family is Family.MAX else "0",
    }


async def classic_inverter_info(request: web.Request, params: Params) -> web.Response:
    """`GET commonDeviceSetC/setInverter?type=server&invSn=`: an HTML page.

    The settings sit in `var inv=JSON.parse('{...}');` on one line, inside a
    single-quoted JS string, so single quotes become a unicode escape (valid
    both in the JS string and in the JSON the library cuts out with a regex).
    """
    legacy_account(request)
    view = classic_view(request, params.get("invSn", ""))
    if not isinstance(view, DeviceView):
        return html_response(SET_INVERTER_PAGE.format(script="var inv=null;"))
    payload = json.dumps(
        inverter_settings(view), ensure_ascii=False, separators=(",", ":")
    )
    payload = payload.replace("'", "\\u0027")
    return html_response(
        SET_INVERTER_PAGE.format(script=f"var inv=JSON.parse('{payload}');")
    )


OPS = {
    "getInverterData": inverter_data,
    "getInverterDetailData": inverter_detail,
    "getInverterDetailData_two": inverter_detail_two,
}

PATHS = {
    "/commonDeviceSetC/setInverter": simple(classic_inverter_info),
}
