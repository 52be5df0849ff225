"""TLX settings views: `getTlxParams`, `getTlxSetData` (tlxSetBean) and `getSetPass`."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from aiohttp import web

from ..http import json_response
from ..model import Family, Settings
from .common import (
    DeviceView,
    Params,
    bare_failure,
    compact,
    find_view,
    fixed,
    flag,
    hm,
    java_date,
    result_failure,
    result_obj,
    stamp,
    timezone_number,
)

TLX = (Family.TLX,)
SEGMENTS = 9
SEASON_OFF = "0_0_0_0_0_0_0"

# Setting types getSetPass reports as enabled ("tlx_on_off" is "0" in captures;
# `on_grid_discharge_stop_soc` works although it is not listed).
ENABLED_TYPES = (
    "ac_charge",
    "backflow_setting",
    "charge_power",
    "charge_stop_soc",
    "discharge_power",
    "discharge_stop_soc",
    "pf_sys_year",
    "pv_active_p_rate",
    "pv_grid_frequency_high",
    "pv_grid_frequency_low",
    "pv_grid_voltage_high",
    "pv_grid_voltage_low",
    "pv_reactive_p_rate",
    *(f"time_segment{n}" for n in range(1, SEGMENTS + 1)),
    "tlx_ac_discharge_frequency",
    "tlx_ac_discharge_time_period",
    "tlx_ac_discharge_voltage",
    "tlx_backflow_default_power",
    "tlx_cc_current",
    "tlx_custom_pf_curve",
    "tlx_cv_voltage",
    "tlx_dry_contact_enable",
    "tlx_dry_contact_off_power",
    "tlx_dry_contact_power",
    "tlx_exter_comm_Off_GridEn",
    "tlx_lcd_Language",
    "tlx_limit_device",
    "tlx_off_grid_enable",
    "tlx_optimezer_set_param_multi",
    "tlx_reset_to_factory",
)


def system_time(view: DeviceView) -> str:
    """The inverter clock: as last written (pf_sys_year), else the plant's local time."""
    settings = view.device.settings
    if settings.system_time and "-" in settings.system_time:
        return settings.system_time
    return stamp(view.now, view.plant.tz)


def segment_keys(settings: Settings) -> dict[str, str]:
    """Time segments in their four read-back forms, unpadded "H:M"."""
    keys: dict[str, str] = {}
    for n in range(1, SEGMENTS + 1):
        segment = (
            settings.time_segments[n - 1] if n <= len(settings.time_segments) else None
        )
        mode = segment.mode if segment else 0
        start = hm(segment.start) if segment else "0:0"
        end = hm(segment.end) if segment else "0:0"
        enabled = flag(segment.enabled) if segment else "0"
        keys |= {
            f"time{n}Mode": str(mode),
            f"forcedTimeStart{n}": start,
            f"forcedTimeStop{n}": end,
            f"forcedStopSwitch{n}": enabled,
            f"time_segment{n}": f"{mode}_{start}_{end}_{enabled}",
        }
    return keys


def tlx_set_bean(view: DeviceView) -> dict[str, Any]:
    """`tlxSetBean`: every value a string, each setting under its read and write names."""
    device = view.device
    s = device.settings
    export_rate = compact(s.export_limit_rate)
    bean: dict[str, Any] = {
        "serialNum": device.sn,
        "acChargeEnable": flag(s.ac_charge),
        "ac_charge": flag(s.ac_charge),
        "chargePowerCommand": str(s.charge_power),
        "charge_power": str(s.charge_power),
        "wchargeSOCLowLimit": str(s.charge_stop_soc),
        "charge_stop_soc": str(s.charge_stop_soc),
        "disChargePowerCommand": str(s.discharge_power),
        "discharge_power": str(s.discharge_power),
        "wdisChargeSOCLowLimit": str(s.discharge_stop_soc),
        "discharge_stop_soc": str(s.discharge_stop_soc),
        "onGridDischargeStopSOC": str(s.on_grid_discharge_stop_soc),
        "on_grid_discharge_stop_soc": str(s.on_grid_discharge_stop_soc),
        **segment_keys(s),
        **{
            f"season{q}Time{n}": SEASON_OFF
            for q in range(1, 5)
            for n in range(1, SEGMENTS + 1)
        },
        **{f"season{q}MonthTime": "0_0_0" for q in range(1, 5)},
        **{
            f"special{q}Time{n}": SEASON_OFF
            for q in (1, 2)
            for n in range(1, SEGMENTS + 1)
        },
        **{f"year_time{n}": "0_0:0_0:0_0" for n in range(1, SEGMENTS + 1)},
        "pf_sys_year": system_time(view),
        "pv_grid_voltage_high": fixed(s.grid_voltage_high),
        "pv_grid_voltage_low": fixed(s.grid_voltage_low),
        "pv_grid_frequency_high": fixed(s.grid_frequency_high, 2),
        "pv_grid_frequency_low": fixed(s.grid_frequency_low, 2),
        "pv_active_p_rate": str(s.active_power_rate),
        "pv_reactive_p_rate": str(s.reactive_power_rate),
        "pv_power_factor": compact(s.power_factor, 3),
        "tlx_pf": compact(s.power_factor, 3),
        "exportLimit": str(s.export_limit_mode),
        "backflow_setting": str(s.export_limit_mode),
        "exportLimitPowerRate": export_rate,
        "exportLimitPowerRateStr": f"{export_rate}%",
        "tlx_on_off": flag(s.on),
        "tlx_off_grid_enable": flag(s.off_grid_enable),
        "tlx_ac_discharge_frequency": str(s.ac_discharge_frequency),
        "tlx_ac_discharge_voltage": str(s.ac_discharge_voltage),
        "tlx_backflow_default_power": "0",
        "tlx_dry_contact_enable": "0",
        "tlx_dry_contact_power": "0",
        "tlx_dry_contact_off_power": "0",
        **{f"tlx_pflinep{n}_{kind}": "0" for n in range(1, 5) for kind in ("lp", "pf")},
        "tlx_lcd_Language": "1",
        "tlx_exter_comm_Off_GridEn": "0",
        "normalPower": str(device.nominal_power),
        "modbusVersion": "307",
        "dtc": "5100",
        "priorityChoose": str(s.priority),
        "safetyCorrespondNumList": [],
    }
    # Types the emulator only stores read back as written.
    for name, values in s.extra.items():
        bean[name] = "_".join(values) if len(values) > 1 else values[0]
    return bean


async def tlx_settings(request: web.Request, params: Params) -> web.Response:
    """`POST newTlxApi.do?op=getTlxSetData`, form `serialNum`: `obj.tlxSetBean`."""
    view = find_view(request, params.get("serialNum", ""), TLX)
    if view is None:
        return result_failure()
    return result_obj({"tlxSetBean": tlx_set_bean(view)})


async def tlx_params(request: web.Request, params: Params) -> web.Response:
    """`GET newTlxApi.do?op=getTlxParams&id=`: inverter type and the device bean."""
    view = find_view(request, params.get("id", ""), TLX)
    if view is None:
        return bare_failure()
    device = view.device
    status = {-1: "tlx.status.lost", 0: "tlx.status.checking"}.get(
        view.status, "tlx.status.operating"
    )
    return json_response(
        {
            "inverterType": device.model,
            "region": "",
            "newBean": {
                "serialNum": device.sn,
                "alias": device.alias,
                "dataLogSn": device.datalogger_sn,
                "deviceType": 5,
                "dtc": 5100,
                "fwVersion": device.firmware,
                "innerVersion": device.inner_version,
                "communicationVersion": "ZAba-0001",
                "modelText": "S00B00D00T00P0FU00M0000",
                "model": 0,
                "pmax": device.nominal_power,
                "vnormal": 360,
                "status": view.status,
                "statusText": status,
                "lost": view.lost,
                "onOff": 1 if device.settings.on else 0,
                "lastUpdateTime": java_date(view.last_update),
                "lastUpdateTimeText": stamp(view.last_update, view.plant.tz),
                "tcpServerIp": "127.0.0.1",
                "timezone": timezone_number(view.plant),
                "treeID": f"ST_{device.sn}",
                "treeName": device.alias,
                "parentID": f"LIST_{device.datalogger_sn}_22",
                "tlxSetbean": None,
                "bdc1Sn": device.battery_sn,
                # Growatt pads unset version strings with NUL characters.
                "bdc1Version": "\u0000\u0000\u0000\u0000-0",
                "manufacturer": "   PV Inverter  ",
                "plantId": view.plant.plant_id,
                "children": [],
                "optimezerList": [],
            },
        }
    )


async def enabled_settings(request: web.Request, params: Params) -> web.Response:
    """`POST newLoginAPI.do?op=getSetPass`: `msg` is the installer password of the day."""
    view = find_view(request, params.get("deviceSn", ""), TLX)
    if view is None:
        return result_failure()
    try:
        day = datetime.strptime(params.get("stringTime", ""), "%Y-%m-%d").date()  # noqa: DTZ007
    except ValueError:
        day = view.local_now.date()
    enable = dict.fromkeys(ENABLED_TYPES, "1") | {"tlx_on_off": "0"}
    return result_obj(
        {"enable": enable, "haveAfci": False, "switch": True},
        msg=f"growatt{day:%Y%m%d}",
    )


SETTINGS_OPS = {
    "getTlxParams": tlx_params,
    "getTlxSetData": tlx_settings,
}

NEW_LOGIN_OPS = {
    "getSetPass": enabled_settings,
}
